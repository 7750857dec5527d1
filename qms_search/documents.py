"""What the index holds for a registry page, and which pages it may hold at all."""

from qms_pages.models import QMSDocumentPage, QMSHomePage

from .backends.base import IndexedDocument, PDFPage
from .text_store import pdf_text_for


def is_searchable(page):
    """Only live, public documents inside a registry may ever be found."""
    if not page.live or page.get_view_restrictions().exists():
        return False
    return QMSHomePage.objects.ancestor_of(page).live().exists()


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
    return (page for page in pages.iterator(chunk_size=200) if is_searchable(page))


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
