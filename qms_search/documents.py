"""What the index holds for a registry page, and which pages it may hold at all."""

from wagtail.models import PageViewRestriction

from qms_pages.models import QMSDocumentPage, QMSHomePage

from .backends.base import IndexedDocument, PDFPage
from .text_store import pdf_text_for


def searchable_only(pages):
    """The pages that may be found: live, public, inside a live registry."""
    pages = list(pages)
    if not pages:
        return []
    # Two queries for the whole batch: a restriction on any ancestor (a path prefix)
    # hides a page, and so does a registry home page that is not live.
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    registries = list(QMSHomePage.objects.live().values_list("path", flat=True))
    return [
        page
        for page in pages
        if page.live
        and not any(page.path.startswith(path) for path in restricted)
        and any(page.path.startswith(path) for path in registries)
    ]


def restricted_collection(document):
    """True when the file's collection is restricted to some viewers."""
    return document.collection.get_view_restrictions().exists()


def pdf_pages(page):
    """The text of the reader's files, page by page, skipping restricted collections."""
    files, _fallback = page.reader_files
    pages = []
    for attachment in files:
        document = attachment.document
        if restricted_collection(document):
            continue
        stored = pdf_text_for(document)
        if stored.pk is None:
            continue
        pages.extend(
            PDFPage(file_id=document.pk, number=row.number, text=row.text)
            for row in stored.pages.all()
        )
    return tuple(pages)


def build(page):
    """The IndexedDocument for a live, public document page."""
    group = page.get_parent().specific
    document_type = page.document_type
    files, _fallback = page.reader_files
    return IndexedDocument(
        page_id=page.pk,
        locale=page.locale.language_code,
        title=page.title,
        cipher=page.cipher,
        cipher_key=page.cipher_key,
        type_code=document_type.code_ky,
        type_codes=tuple(sorted(document_type.all_codes())),
        type_name=document_type.name,
        group_number=group.number,
        group_title=group.title,
        status=page.status,
        url=page.url,
        tags=tuple(page.tag_names),
        summary=page.summary,
        file_urls={item.document.pk: item.document.url for item in files},
        pages=pdf_pages(page),
    )


def searchable_pages():
    """Every page the index should hold, for a full rebuild."""
    pages = (
        QMSDocumentPage.objects.live()
        .public()
        .select_related("document_type", "locale")
        .order_by("pk")
    )
    batch = []
    for page in pages.iterator(chunk_size=200):
        batch.append(page)
        if len(batch) == 200:
            yield from searchable_only(batch)
            batch = []
    yield from searchable_only(batch)


def document_ids_under(page):
    """The document pages at or below a page, in every state."""
    return list(
        QMSDocumentPage.objects.descendant_of(page, inclusive=True).values_list(
            "pk", flat=True
        )
    )


def reader_documents():
    """The Wagtail documents whose text the index needs."""
    for page in searchable_pages():
        files, _fallback = page.reader_files
        for attachment in files:
            if not restricted_collection(attachment.document):
                yield attachment.document
