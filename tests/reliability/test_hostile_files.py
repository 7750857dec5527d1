"""Hostile files behind a .pdf name, through extraction, every admin upload and the import."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.users.models import UserProfile

from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from qms_search.extraction import extract_pdf
from qms_search.models import PDFText
from tests.factories import PDFDocumentFactory
from tests.hostile_pdfs import CORPUS, over_size_limit
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

HOSTILE = {hostile.name: hostile for hostile in CORPUS}
REFUSED = [hostile.name for hostile in CORPUS if not hostile.accepted]


@pytest.fixture(scope="module")
def corpus():
    """Every hostile file's bytes, built once."""
    return {hostile.name: hostile.build() for hostile in CORPUS}


@pytest.fixture
def earlier_file(document):
    """A PDF already attached to УСТ 1.08, which no failed upload may touch."""
    pdf = PDFDocumentFactory(file__data=make_pdf(["Ички аудит, мурунку файл"]))
    QMSDocumentAttachment(page=document, document=pdf).save()
    return pdf, pdf.file.read()


def assert_intact(earlier_file, documents_before):
    """The earlier file reads back byte for byte and no document came or went."""
    pdf, data = earlier_file
    pdf.refresh_from_db()
    with pdf.open_file() as handle:
        assert handle.read() == data
    assert get_document_model().objects.count() == documents_before


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_file_ends_with_a_status_not_an_exception(corpus, name):
    result = extract_pdf(corpus[name])
    assert result.status == HOSTILE[name].status
    assert result.status == "ok" or result.message


def test_the_zip_that_carries_a_pdf_is_not_taken_for_one(corpus):
    # Its first kilobyte holds the inner PDF's header, behind the binary ZIP header.
    assert b"%PDF-" in corpus["zip"][:1024]
    assert extract_pdf(corpus["zip"]).status == "not_pdf"


def upload(admin_client, name, data):
    return admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(f"{name}.pdf", data),
            "collection": 1,
        },
    )


@pytest.mark.parametrize("name", REFUSED)
def test_the_upload_form_refuses_each_unreadable_file_and_keeps_the_rest(
    admin_client, corpus, earlier_file, name
):
    before = get_document_model().objects.count()
    response = upload(admin_client, name, corpus[name])
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert_intact(earlier_file, before)


@pytest.mark.parametrize("name", [h.name for h in CORPUS if h.accepted])
def test_files_readers_can_open_are_accepted(admin_client, corpus, name):
    response = upload(admin_client, name, corpus[name])
    assert response.status_code == 302
    document = get_document_model().objects.get(title=name)
    # The check's extraction is kept, so the indexer does not run it again.
    assert PDFText.objects.get(file_hash=document.get_file_hash()).status == (
        HOSTILE[name].status
    )


@pytest.mark.parametrize(
    ("name", "kyrgyz", "russian"),
    [
        ("zero-byte", "файл бош", "файл пуст"),
        ("png", "PDF эмес", "Этот файл не является PDF"),
        ("truncated", "PDF колдонууга болбойт: Бузулган файл.", "Повреждённый файл"),
        ("encrypted-user-password", "сырсөз менен корголгон", "защищён паролем"),
        ("5000-pages", "PDF 5000 беттен турат", "Число страниц PDF: 5000"),
        ("decompression-bomb", "PDF колдонууга болбойт", "не хватило памяти"),
    ],
)
def test_the_editor_reads_why_in_the_admin_language(
    admin_client, admin_user, corpus, name, kyrgyz, russian
):
    response = upload(admin_client, name, corpus[name])
    assert kyrgyz in response.content.decode()
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ru"
    profile.save()
    response = upload(admin_client, name, corpus[name])
    assert russian in response.content.decode()


def test_one_clear_message_per_refused_file(admin_client, corpus):
    response = upload(admin_client, "png", corpus["png"])
    assert len(response.context["form"].errors["file"]) == 1


def test_a_file_over_the_size_limit_is_refused_with_the_limit(admin_client, settings):
    settings.QMS_PDF_MAX_BYTES = 1_000_000
    response = upload(admin_client, "big", over_size_limit(1_000_000))
    assert response.status_code == 200
    assert "эң көп дегенде 976.6" in response.content.decode()
    assert not get_document_model().objects.filter(title="big").exists()


@pytest.mark.parametrize("name", ["html-pdf-polyglot", "zip", "decompression-bomb"])
def test_the_multiple_uploader_refuses_with_a_message(admin_client, corpus, name):
    before = get_document_model().objects.count()
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(f"{name}.pdf", corpus[name]), "collection": 1},
    )
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert answer["error_message"]
    assert get_document_model().objects.count() == before


@pytest.mark.parametrize("name", ["truncated", "html-script", "5000-pages"])
def test_replacing_a_file_with_a_hostile_one_keeps_the_old_file(
    admin_client, corpus, earlier_file, name
):
    pdf, _ = earlier_file
    before = get_document_model().objects.count()
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[pdf.pk]),
        {
            "title": pdf.title,
            "file": SimpleUploadedFile(f"{name}.pdf", corpus[name]),
            "collection": pdf.collection_id,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert_intact(earlier_file, before)


@pytest.mark.parametrize("name", ["encrypted-user-password", "nested-dicts", "zip"])
def test_the_attachment_chooser_upload_answers_hostile_files(
    admin_client, corpus, earlier_file, name
):
    """Editors attach files to a document page through the chooser's upload tab."""
    before = get_document_model().objects.count()
    prefix = "document-chooser-upload"
    response = admin_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            f"{prefix}-title": name,
            f"{prefix}-file": SimpleUploadedFile(f"{name}.pdf", corpus[name]),
            f"{prefix}-collection": 1,
        },
    )
    answer = json.loads(response.content)
    if HOSTILE[name].accepted:
        assert answer["step"] == "chosen"
        assert get_document_model().objects.count() == before + 1
    else:
        assert answer["step"] == "reshow_creation_form"
        assert "error-message" in answer["htmlFragment"]
        assert_intact(earlier_file, before)


def test_the_import_lists_every_hostile_file_and_attaches_only_readable_ones(
    tmp_path, corpus, earlier_file, settings
):
    settings.QMS_PDF_MAX_BYTES = 1_000_000
    documents = (
        QMSDocumentPage.objects.filter(locale__language_code="ky")
        .exclude(cipher="УСТ 1.08")
        .exclude(cipher__contains=":")
        .order_by("pk")
    )
    names = [*corpus, "over-limit"]
    ciphers = dict(
        zip(
            names, documents.values_list("cipher", flat=True)[: len(names)], strict=True
        )
    )
    for name, data in [*corpus.items(), ("over-limit", over_size_limit(1_000_000))]:
        (tmp_path / f"{ciphers[name]}.pdf").write_bytes(data)
    before = get_document_model().objects.count()
    out = StringIO()
    call_command("import_qms_pdfs", str(tmp_path), stdout=out, stderr=StringIO())
    output = out.getvalue()
    accepted = [name for name in corpus if HOSTILE[name].accepted]
    assert f"New files: {len(accepted)}" in output
    for name in [*REFUSED, "over-limit"]:
        status = "too_large" if name == "over-limit" else HOSTILE[name].status
        label = PDFText.Status(status).label
        assert f"skipped  {ciphers[name]}.pdf: {label}" in output
    for name, cipher in ciphers.items():
        page = documents.get(cipher=cipher)
        assert page.attachments.count() == (1 if name in accepted else 0)
    assert_intact(earlier_file, before + len(accepted))


def test_the_import_refuses_a_huge_file_without_reading_it(tmp_path, settings):
    settings.QMS_PDF_MAX_BYTES = 1_000_000
    # Sparse: it takes no disk, but reading it whole would need a terabyte of memory.
    with (tmp_path / "УСТ 1.08.pdf").open("wb") as huge:
        huge.truncate(1024**4)
    out = StringIO()
    call_command("import_qms_pdfs", str(tmp_path), stdout=out, stderr=StringIO())
    label = PDFText.Status.TOO_LARGE.label
    assert f"skipped  УСТ 1.08.pdf: {label}" in out.getvalue()
