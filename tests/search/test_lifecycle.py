"""The index follows the page tree: publish, unpublish, privacy, delete, move, new PDFs."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
)

from qms_pages.models import QMSDocumentAttachment
from qms_search.backends import get_backend
from qms_search.backends.base import SearchQuery
from qms_search.models import PDFText, PendingIndexUpdate
from tests.factories import PDFDocumentFactory, QMSDocumentPageFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db


def found(backend, text, locale="ky", **filters):
    """Page ids a query finds, in rank order."""
    results = backend.search(SearchQuery(text=text, locale=locale, **filters))
    return [hit.page_id for hit in results.hits]


@pytest.fixture
def applied(django_capture_on_commit_callbacks):
    """Run the index updates queued by a block of code, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def attach_pdf(page, pages_text, collection=None):
    """Attach a generated PDF to a page and publish it."""
    pdf = PDFDocumentFactory(
        file__data=make_pdf(pages_text),
        **({"collection": collection} if collection else {}),
    )
    QMSDocumentAttachment(page=page, document=pdf).save()
    page.save_revision().publish()
    return pdf


def test_the_loaded_registry_is_searchable_in_both_languages(search_index, document):
    assert found(search_index, "Ички аудит")[0] == document.pk
    russian = document.get_translation(Locale.objects.get(language_code="ru"))
    assert found(search_index, "внутренний аудит", locale="ru")[0] == russian.pk


def test_a_published_pdf_makes_its_words_findable_with_the_page_number(
    search_index, document, applied
):
    with applied():
        attach_pdf(
            document, ["Биринчи бет.", "Экинчи бетте гана: верификация процедурасы."]
        )
    results = search_index.search(SearchQuery(text="верификация", locale="ky"))
    assert results.hits[0].page_id == document.pk
    assert any(snippet.page == 2 for snippet in results.hits[0].snippets)
    assert PDFText.objects.get().status == "ok"


def test_the_same_file_is_extracted_once(search_index, document, groups, applied):
    with applied():
        pdf = attach_pdf(document, ["Жалпы текст"])
        other = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.91")
        QMSDocumentAttachment(page=other, document=pdf).save()
        other.save_revision().publish()
    assert PDFText.objects.count() == 1


def test_unpublished_and_deleted_documents_disappear(
    search_index, document, groups, applied
):
    with applied():
        document.unpublish()
    assert document.pk not in found(search_index, "Ички аудит")
    other = groups[1].get_children().live().exclude(pk=document.pk).first().specific
    with applied():
        other.delete()
    assert other.pk not in found(search_index, other.title)


def test_a_private_document_never_leaks_through_results_or_facets(
    search_index, document, applied
):
    with applied():
        PageViewRestriction.objects.create(page=document, restriction_type="login")
    results = search_index.search(SearchQuery(text="аудит", locale="ky"))
    assert document.pk not in [hit.page_id for hit in results.hits]
    russian = document.get_translation(Locale.objects.get(language_code="ru"))
    assert russian.pk not in found(search_index, "аудит", locale="ru")


def test_a_draft_never_appears(search_index, groups, applied):
    with applied():
        draft = QMSDocumentPageFactory(
            parent=groups[3], cipher="ПО 3.92", title="Жашыруун долбоор", live=False
        )
        draft.save_revision()
    assert draft.pk not in found(search_index, "Жашыруун долбоор")


def test_a_document_moved_out_of_the_registry_is_removed(
    search_index, document, groups, applied
):
    with applied():
        document.move(groups[2], pos="last-child")
    assert found(search_index, "Ички аудит")[0] == document.pk
    with applied():
        PageViewRestriction.objects.create(page=groups[2], restriction_type="login")
    assert document.pk not in found(search_index, "Ички аудит")


def test_a_replaced_pdf_is_indexed_again(search_index, document, applied):
    with applied():
        pdf = attach_pdf(document, ["эски сөз: архивдештирүү"])
    assert found(search_index, "архивдештирүү") == [document.pk]
    with applied():
        pdf.file.save(
            "new.pdf", ContentFile(make_pdf(["жаңы сөз: санариптештирүү"])), save=False
        )
        pdf._set_document_file_metadata()
        pdf.save()
    assert found(search_index, "санариптештирүү") == [document.pk]
    assert found(search_index, "архивдештирүү") == []


def test_files_in_a_restricted_collection_are_not_searched(
    search_index, document, applied
):
    secret = Collection.get_first_root_node().add_child(name="Жабык")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type="login"
    )
    with applied():
        attach_pdf(document, ["купуя маалымат: шифрлөө"], collection=secret)
    assert found(search_index, "шифрлөө") == []


def test_updates_wait_in_the_queue_while_the_engine_is_down(
    search_index, document, applied, settings, tmp_path
):
    healthy = settings.QMS_SEARCH_INDEX_PATH
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    settings.QMS_SEARCH_INDEX_PATH = broken
    get_backend.cache_clear()
    with applied():
        document.title = "Ички аудит жана текшерүү"
        document.save_revision().publish()
    waiting = PendingIndexUpdate.objects.get(page_id=document.pk)
    assert waiting.attempts >= 1 and waiting.last_error
    settings.QMS_SEARCH_INDEX_PATH = healthy
    get_backend.cache_clear()
    call_command("qms_search_worker", "--once", stdout=StringIO())
    assert not PendingIndexUpdate.objects.exists()
    assert found(search_index, "текшерүү")[0] == document.pk


def test_reindex_rebuilds_everything(search_index, document):
    search_index.delete([document.pk])
    call_command("qms_reindex", stdout=StringIO(), stderr=StringIO())
    assert found(search_index, "Ички аудит")[0] == document.pk
