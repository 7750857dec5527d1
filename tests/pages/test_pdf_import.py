"""Importing a folder of PDFs named by cipher."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.translation import gettext
from wagtail.models import Locale

from qms_pages.models import QMSDocumentPage
from qms_pages.pdf_import import parse_filename
from qms_search.models import PDFText
from tests.pdfs import make_encrypted_pdf, make_pdf, not_a_pdf, truncated

pytestmark = pytest.mark.django_db


def run_import(folder):
    out = StringIO()
    call_command("import_qms_pdfs", str(folder), stdout=out, stderr=StringIO())
    return out.getvalue()


def audit():
    return QMSDocumentPage.objects.get(cipher="УСТ 1.08", locale__language_code="ky")


@pytest.mark.parametrize(
    "filename",
    ["УСТ 1.08.pdf", "УСТ_1.08.pdf", "уст1.08.PDF", "YCT 1.08.pdf", "УСТ  1.08.pdf"],
)
def test_file_names_in_every_usual_spelling_find_their_cipher(filename):
    assert parse_filename(filename) == parse_filename("УСТ 1.08.pdf") == ("УСТ1.08", "")


def test_a_series_suffix_can_be_written_without_a_colon():
    assert parse_filename("ЖЖ 3.19-nn.pdf") == parse_filename("ЖЖ 3.19:nn.pdf")


def test_a_language_suffix_names_a_language_edition():
    assert parse_filename("УСТ 1.08.ru.pdf") == ("УСТ1.08", "ru")


def test_pdfs_are_attached_to_their_documents_and_published(tmp_path):
    (tmp_path / "УСТ_1.08.pdf").write_bytes(
        make_pdf(["Ички аудит. Өлчөө жана үйрөнүү."])
    )
    (tmp_path / "ПО 3.13.pdf").write_bytes(
        make_pdf(["Ички эмгек тартибинин эрежелери"])
    )
    output = run_import(tmp_path)
    assert "New files: 2" in output
    document = audit()
    attachment = document.attachments.get()
    assert attachment.document.filename.endswith(".pdf")
    assert document.revision == "1"
    assert document.revision_history.count() == 1
    assert not document.has_unpublished_changes


def test_reimporting_the_same_file_adds_nothing(tmp_path):
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит"]))
    run_import(tmp_path)
    output = run_import(tmp_path)
    assert "unchanged: 1" in output
    assert audit().revision_history.count() == 1


def test_a_changed_file_becomes_a_new_revision_and_the_old_one_is_kept(tmp_path):
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит, 1-басылышы"]))
    run_import(tmp_path)
    first_file = audit().attachments.get().document
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит, 2-басылышы"]))
    output = run_import(tmp_path)
    document = audit()
    assert "new revisions: 1" in output
    assert document.revision == "2"
    assert [r.label for r in document.revision_history.all()] == ["1", "2"]
    assert document.revision_history.get(label="1").document == first_file
    assert document.attachments.get().document != first_file


def test_bad_files_are_listed_with_a_reason_and_the_rest_still_import(tmp_path):
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит"]))
    (tmp_path / "УСТ 9.99.pdf").write_bytes(make_pdf(["Жок документ"]))
    (tmp_path / "УСТ 3.07.pdf").write_bytes(not_a_pdf())
    (tmp_path / "УСТ 3.08.pdf").write_bytes(truncated(make_pdf(["x" * 2000] * 3), 0.3))
    (tmp_path / "УСТ 3.09.pdf").write_bytes(b"")
    (tmp_path / "ПО 3.13.pdf").write_bytes(make_encrypted_pdf("Эрежелер", "secret"))
    (tmp_path / "notes.txt").write_text("not a registry file")
    output = run_import(tmp_path)
    assert "New files: 1" in output
    assert "not imported: 6" in output
    for name in (
        "УСТ 9.99.pdf",
        "УСТ 3.07.pdf",
        "УСТ 3.08.pdf",
        "УСТ 3.09.pdf",
        "ПО 3.13.pdf",
        "notes.txt",
    ):
        assert f"skipped  {name}: " in output
    reasons = {
        "УСТ 9.99.pdf": gettext("no document with this cipher"),
        "УСТ 3.07.pdf": PDFText.Status.NOT_PDF.label,
        "УСТ 3.08.pdf": PDFText.Status.CORRUPT.label,
        "УСТ 3.09.pdf": PDFText.Status.EMPTY_FILE.label,
        "ПО 3.13.pdf": PDFText.Status.ENCRYPTED.label,
        "notes.txt": gettext("not a .pdf file name"),
    }
    for name, reason in reasons.items():
        assert f"skipped  {name}: {reason}" in output
    assert audit().attachments.count() == 1
    for cipher in ("УСТ 3.07", "УСТ 3.08", "УСТ 3.09", "ПО 3.13"):
        assert not QMSDocumentPage.objects.get(
            cipher=cipher, locale__language_code="ky"
        ).attachments.exists()


def test_a_missing_folder_is_a_clear_error(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_qms_pdfs", str(tmp_path / "nowhere"))


def test_a_russian_edition_is_offered_to_russian_readers(tmp_path, client):
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит"]))
    (tmp_path / "УСТ 1.08.ru.pdf").write_bytes(make_pdf(["Внутренний аудит"]))
    run_import(tmp_path)
    original = audit()
    russian = original.get_translation(Locale.objects.get(language_code="ru"))
    assert russian.primary_attachment.language == "ru"
    assert original.primary_attachment.language == ""
    assert original.revision_history.count() == 1
    html = client.get(russian.url).content.decode()
    assert russian.primary_attachment.document.url in html
    assert "banner-notice" not in html


def test_without_an_edition_russian_readers_get_the_original_with_a_notice(
    tmp_path, client
):
    (tmp_path / "УСТ 1.08.pdf").write_bytes(make_pdf(["Ички аудит"]))
    run_import(tmp_path)
    original = audit()
    russian = original.get_translation(Locale.objects.get(language_code="ru"))
    assert russian.primary_attachment.document == original.primary_attachment.document
    html = client.get(russian.url).content.decode()
    assert 'class="banner banner-notice"' in html
