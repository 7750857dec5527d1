"""Template tags for the registry's navigation, breadcrumbs and languages."""

from django import template
from django.conf import settings
from django.utils import translation

from qms_pages.access import may_open
from qms_pages.models import QMSHomePage, QMSMasterListPage
from qms_pages.text import sentence_case

register = template.Library()


@register.simple_tag(takes_context=True)
def registry_home(context, page=None):
    """The registry home of the page, or of the active language."""
    if page is not None and getattr(page, "pk", None):
        home = QMSHomePage.objects.ancestor_of(page, inclusive=True).first()
        if home is not None:
            return home
    language = translation.get_language() or settings.LANGUAGE_CODE
    return QMSHomePage.objects.live().filter(locale__language_code=language).first()


@register.simple_tag
def registry_master_list(home):
    """The home page's master list, if published."""
    return QMSMasterListPage.objects.child_of(home).live().public().first()


@register.simple_tag
def breadcrumbs(page):
    """The live ancestors of a page from the registry home down."""
    if page is None or not getattr(page, "pk", None):
        return []
    home = QMSHomePage.objects.ancestor_of(page, inclusive=False).first()
    if home is None:
        return []
    return list(page.get_ancestors().live().filter(depth__gte=home.depth).specific())


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """A link per site language: to this page's translation, else to that language's home."""
    current = translation.get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        for other in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
            translations[other.locale.language_code] = other
    request = context.get("request")
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        if url is None:
            url = f"/{code}/"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "exists": target is not None,
                "current": code == current,
            }
        )
    return links


register.filter("sentence_case", sentence_case)


@register.filter
def openable_by(document, request):
    """Whether the visitor may open the file, so that a link to it is shown."""
    return may_open(document, request)
