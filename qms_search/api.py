"""The search API for headless front-ends: /api/v2/search/ and its suggestions."""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from qms_pages.models import QMSDocumentPage

from .backends import get_backend
from .backends.base import SearchUnavailable
from .documents import searchable_only
from .forms import MAX_QUERY_LENGTH, SearchForm
from .results import present

logger = logging.getLogger(__name__)


def error_body(code, message, fields=None):
    """The JSON error body every API endpoint shares."""
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return body


def error(status, code, message, fields=None):
    """A JSON error response."""
    return JsonResponse(
        error_body(code, message, fields),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def requested_locale(request):
    """The Locale asked for with ?locale=, the default one when absent, None when unknown."""
    code = request.GET.get("locale") or settings.LANGUAGE_CODE
    # Only known codes reach the database: PostgreSQL refuses e.g. a NUL in a query.
    if code not in dict(settings.LANGUAGES):
        return None
    return Locale.objects.filter(language_code=code).first()


@require_safe
def search_api(request):
    """Search results in rank order, with snippets and facet counts."""
    locale = requested_locale(request)
    if locale is None:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return error(
            400, "unknown_locale", _("Unknown locale; use one of: %s.") % codes
        )
    with override(locale.language_code):
        form = SearchForm(request.GET, locale=locale)
        if not form.is_valid():
            fields = {
                name: [str(e) for e in errors] for name, errors in form.errors.items()
            }
            return error(
                400, "invalid_parameters", _("Some parameters are invalid."), fields
            )
        if not form.cleaned_data["q"]:
            return error(400, "empty_query", _("Enter a query in the q parameter."))
        query = form.to_query()
        try:
            found = get_backend().search(query)
        except SearchUnavailable as failure:
            logger.error("Search unavailable: %s", failure)
            return error(
                503, "search_unavailable", _("Search is temporarily unavailable.")
            )
        rows, facets = present(found, locale)
    return JsonResponse(
        {
            "query": query.text,
            "count": found.total,
            "page": query.page,
            "page_size": query.page_size,
            "results": [result_json(request, row) for row in rows],
            "facets": {
                name: [vars(value) for value in values]
                for name, values in facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


def result_json(request, row):
    """One result as the API documents it."""
    page, group = row.page, row.group
    return {
        "id": page.pk,
        "title": page.title,
        "title_html": row.title_html,
        "cipher": page.cipher,
        "url": request.build_absolute_uri(page.url),
        "locale": page.locale.language_code,
        "document_type": {
            "code": page.document_type.code_ky,
            "abbreviation": page.document_type.abbreviation,
            "name": page.document_type.name,
        },
        "process_group": {"number": group.number, "title": group.title},
        "status": page.status,
        "snippets": [
            {
                "text": str(snippet["html"]),
                "page": snippet["page"],
                "url": snippet["url"] and request.build_absolute_uri(snippet["url"]),
            }
            for snippet in row.snippets
        ],
        "score": row.score,
    }


@require_safe
def suggest_api(request):
    """Titles and ciphers starting with what the visitor types."""
    locale = requested_locale(request)
    prefix = " ".join(request.GET.get("q", "").split())
    if locale is None or not prefix or len(prefix) > MAX_QUERY_LENGTH:
        return error(
            400,
            "invalid_parameters",
            _("Give q (1–200 characters) and a known locale."),
        )
    try:
        suggestions = get_backend().suggest(prefix, locale.language_code)
    except SearchUnavailable:
        # Not worth an error while typing, but must not be cached as the real answer.
        response = JsonResponse({"suggestions": []})
        response["Cache-Control"] = "no-store"
        return response
    pages = present_suggestions(suggestions, locale)
    return JsonResponse(
        {"suggestions": pages}, json_dumps_params={"ensure_ascii": False}
    )


def present_suggestions(suggestions, locale):
    """Suggestions whose pages are still live and public."""
    pages = QMSDocumentPage.objects.filter(
        pk__in=[item.page_id for item in suggestions], locale=locale
    )
    by_id = {page.pk: page for page in searchable_only(pages)}
    return [
        {
            "id": item.page_id,
            "title": by_id[item.page_id].title,
            "cipher": item.cipher,
            "url": by_id[item.page_id].url,
        }
        for item in suggestions
        if item.page_id in by_id
    ]
