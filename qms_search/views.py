"""The public search page."""

import logging

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from qms_pages.models import ProcessGroupPage

from .backends import get_backend
from .backends.base import SearchUnavailable
from .forms import PAGE_SIZE, SearchForm
from .results import present

logger = logging.getLogger(__name__)


def search(request):
    """Search the registry in the active language."""
    locale = Locale.objects.get(language_code=get_language())
    form = SearchForm(request.GET or None, locale=locale)
    context = {"form": form, "query": "", "results": [], "facets": {}, "total": 0}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.to_query()
        context["query"] = query.text
        try:
            found = get_backend().search(query)
        except SearchUnavailable as error:
            logger.error("Search unavailable: %s", error)
            context["error"] = _(
                "Search is temporarily unavailable. Please try again in a few minutes; "
                "the registry can still be browsed by process group."
            )
            return render(request, "qms_search/search.html", context, status=503)
        context["results"], context["facets"] = present(found, locale)
        context["total"] = found.total
        pages = Paginator(range(found.total), PAGE_SIZE)
        context["page_obj"] = pages.get_page(query.page)
        context["filters_active"] = any(
            form.cleaned_data[name] for name in ("group", "type", "tag", "status")
        )
    context["groups"] = ProcessGroupPage.objects.live().public().filter(locale=locale)
    return render(request, "qms_search/search.html", context)
