"""The headless API at /api/v2/."""

import hashlib

import pytest
from wagtail.models import PageViewRestriction

from qms_pages.models import QMSDocumentAttachment
from tests.factories import PDFDocumentFactory, QMSDocumentPageFactory

pytestmark = pytest.mark.django_db


def api_documents(client, **params):
    response = client.get(
        "/api/v2/pages/", {"type": "qms_pages.QMSDocumentPage", "limit": 100, **params}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_documents_are_listed_with_their_qms_fields(client):
    data = api_documents(
        client, fields="cipher,document_type,process_group,status", locale="ky"
    )
    assert data["meta"]["total_count"] == 74
    by_cipher = {item["cipher"]: item for item in data["items"]}
    audit = by_cipher["УСТ 1.08"]
    assert audit["title"] == "Ички аудит"
    assert audit["document_type"]["code_ky"] == "УСТ"
    assert audit["document_type"]["code_ru"] == "СТУ"
    assert audit["process_group"]["number"] == 1
    assert audit["status"] == "in_force"


def test_document_detail_gives_attachments_with_url_size_and_hash(client, document):
    pdf = PDFDocumentFactory()
    QMSDocumentAttachment(page=document, document=pdf, label="Негизги файл").save()
    document.tags.add("аудит")
    document.save_revision().publish()
    data = client.get(f"/api/v2/pages/{document.pk}/").json()
    attachment = data["attachments"][0]
    assert attachment["url"].endswith(f"/documents/{pdf.pk}/{pdf.filename}")
    assert attachment["file_size"] == pdf.get_file_size() > 0
    assert attachment["file_hash"] == hashlib.sha1(pdf.file.read()).hexdigest()
    assert attachment["label"] == "Негизги файл"
    assert data["tag_names"] == ["аудит"]
    assert data["cipher"] == "УСТ 1.08"


def test_drafts_and_private_pages_never_appear(client, groups, document):
    draft = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.90", live=False)
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    listed = api_documents(client, fields="cipher", locale="ky")["items"]
    ciphers = {item["cipher"] for item in listed}
    assert "ПО 3.90" not in ciphers
    assert "УСТ 1.08" not in ciphers
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{document.pk}/").status_code == 404


def test_documents_and_images_endpoints_answer(client):
    assert client.get("/api/v2/documents/").status_code == 200
    assert client.get("/api/v2/images/").status_code == 200


def test_an_unknown_field_gets_a_clear_400(client):
    response = client.get("/api/v2/pages/", {"fields": "nonsense"})
    assert response.status_code == 400
    assert "nonsense" in response.json()["message"]
