"""What editors see in the Wagtail admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from qms_search.models import PDFText
from tests.factories import PDFDocumentFactory
from tests.pdfs import make_encrypted_pdf, make_pdf, not_a_pdf

pytestmark = pytest.mark.django_db


def upload(admin_client, name, data):
    return admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, data), "collection": 1},
    )


def test_a_real_pdf_uploads(admin_client):
    response = upload(admin_client, "УСТ 1.08.pdf", make_pdf(["Ички аудит"]))
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="УСТ 1.08.pdf").exists()


@pytest.mark.parametrize("data", [not_a_pdf(), b"", b"%PDX" + make_pdf(["x"])[5:]])
def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(admin_client, data):
    count = get_document_model().objects.count()
    response = upload(admin_client, "fake.pdf", data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_document_model().objects.count() == count


def test_editors_see_why_a_pdf_is_not_searchable(admin_client, document):
    pdf = PDFDocumentFactory(file__data=make_encrypted_pdf("Жашыруун", "secret"))
    QMSDocumentAttachment(page=document, document=pdf).save()
    PDFText.objects.create(file_hash=pdf.get_file_hash(), status="encrypted")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[document.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(PDFText.Status.ENCRYPTED.label) in html


def document_form(groups, **fields):
    data = {
        "title": "Жаңы жобо",
        "slug": "zhany-zhobo",
        "number": "27",
        "cipher": "ПО 3.27",
        "document_type": QMSDocumentPage.objects.first().document_type_id,
        "status": "in_force",
        "attachments": inline_formset([]),
        "revision_history": inline_formset([]),
        "related": inline_formset([]),
        "comments": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def test_a_duplicate_cipher_gets_a_clear_error_in_the_admin(admin_client, groups):
    url = reverse(
        "wagtailadmin_pages:add", args=["qms_pages", "qmsdocumentpage", groups[3].pk]
    )
    response = admin_client.post(url, document_form(groups, cipher="уст 1.08"))
    assert response.status_code == 200
    assert "«Ички аудит»" in response.content.decode()
    assert not QMSDocumentPage.objects.filter(slug="zhany-zhobo").exists()


def test_an_editor_creates_a_document_in_a_group(admin_client, groups):
    url = reverse(
        "wagtailadmin_pages:add", args=["qms_pages", "qmsdocumentpage", groups[3].pk]
    )
    response = admin_client.post(url, document_form(groups))
    assert response.status_code == 302
    page = QMSDocumentPage.objects.get(slug="zhany-zhobo", locale__language_code="ky")
    assert page.cipher_key == "ПО3.27"
    assert page.get_parent().pk == groups[3].pk
    # Until it is translated, the Russian site shows it as an alias of the original.
    alias = QMSDocumentPage.objects.get(slug="zhany-zhobo", locale__language_code="ru")
    assert alias.alias_of_id == page.pk
