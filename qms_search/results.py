"""Turning backend hits into what the search page and the search API show."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from qms_pages.models import DocumentType, ProcessGroupPage, QMSDocumentPage
from qms_pages.text import sentence_case

from .documents import searchable_only


@dataclass
class Result:
    """One hit with its live page and snippet links."""

    page: QMSDocumentPage
    group: ProcessGroupPage
    score: float
    title_html: str
    snippets: list

    @property
    def title(self):
        return mark_safe(self.title_html)  # noqa: S308 - escaped by the backend, then marked


@dataclass
class FacetValue:
    """A facet value with a readable label and its count."""

    value: str
    label: str
    count: int


def repeats_title(snippet, page):
    """A title snippet that says only what the result's title already says."""
    return snippet.page is None and strip_tags(snippet.html).strip() == page.title


def snippet_link(snippet, file_urls):
    """The PDF's URL opened at the snippet's page, or None for title snippets."""
    url = file_urls.get(snippet.file_id)
    if url and snippet.page:
        return f"{url}#page={snippet.page}"
    return url


def present(results, locale):
    """Result rows and labelled facets, with the locale's process groups read once."""
    groups = list(ProcessGroupPage.objects.filter(locale=locale))
    return result_rows(results, locale, groups), facet_labels(
        results.facets, locale, groups
    )


def result_rows(results, locale, groups):
    """Results whose pages are still live and public, in rank order."""
    pages = (
        QMSDocumentPage.objects.filter(
            pk__in=[hit.page_id for hit in results.hits], locale=locale
        )
        .select_related("document_type__locale", "locale")
        .prefetch_related("attachments__document")
    )
    by_id = {page.pk: page for page in searchable_only(pages)}
    group_by_path = {group.path: group for group in groups}
    rows = []
    for hit in results.hits:
        page = by_id.get(hit.page_id)
        if page is None:
            continue
        files, _fallback = page.reader_files
        file_urls = {item.document.pk: item.document.url for item in files}
        snippets = [
            {
                "html": mark_safe(snippet.html),  # noqa: S308 - escaped by the backend
                "page": snippet.page,
                "url": snippet_link(snippet, file_urls),
            }
            for snippet in hit.snippets
            if not repeats_title(snippet, page)
        ]
        group = group_by_path.get(page.path[: -page.steplen])
        rows.append(Result(page, group, hit.score, hit.title_html, snippets))
    return rows


def facet_labels(facets, locale, groups):
    """Facet counts with labels in the reader's language."""
    group_labels = {
        str(group.number): f"{group.number}. {sentence_case(group.title)}"
        for group in groups
    }
    types = {
        kind.code_ky: f"{kind.abbreviation} — {kind.name}"
        for kind in DocumentType.objects.filter(locale=locale).select_related("locale")
    }
    statuses = dict(QMSDocumentPage.Status.choices)
    labels = {"group": group_labels, "type": types, "status": statuses, "tag": {}}
    return {
        name: [
            FacetValue(str(value), str(labels[name].get(str(value), value)), count)
            for value, count in values
        ]
        for name, values in facets.items()
    }
