"""The revision register: what it keeps, shows and refuses to lose."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.users.models import UserProfile

from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from tests.factories import PDFDocumentFactory
from tests.pdfs import make_pdf

from .conftest import edit_form, post_edit, upload_pdf

pytestmark = pytest.mark.django_db


def replace_file(client, document):
    """Upload another file in place of a Wagtail document's own, in the documents admin."""
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("other.pdf", make_pdf(["Башка файл"])),
            "collection": document.collection_id,
        },
    )


def stored_bytes(document):
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_file_of_an_issued_revision_cannot_be_replaced(officer_client, issued):
    before = stored_bytes(issued)
    response = replace_file(officer_client, issued)
    assert response.status_code == 200
    assert "УСТ 1.08 · 1" in response.content.decode()
    assert "жаңы редакция катары чыгарыңыз" in str(response.context["form"].errors)
    issued = get_document_model().objects.get(pk=issued.pk)
    assert stored_bytes(issued) == before


def test_the_refusal_is_in_the_editors_language(officer_client, officer, issued):
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "ru"
    profile.save()
    html = replace_file(officer_client, issued).content.decode()
    assert "выпущен как редакция УСТ 1.08 · 1" in html


def test_a_file_not_issued_yet_can_still_be_replaced(officer_client):
    draft = PDFDocumentFactory(title="Долбоор")
    assert replace_file(officer_client, draft).status_code == 302


def test_a_new_file_under_an_issued_label_is_refused(owner_client, document, issued):
    new_file = upload_pdf(owner_client, "УСТ 1.08 жаңы", "Жаңы")
    data = edit_form(owner_client, document)
    data["attachments-0-document"] = str(new_file.pk)
    response = post_edit(owner_client, document, data, "action-submit")
    assert response.status_code == 200
    assert "Жаңы файлды жаңы редакция катары чыгарыңыз" in response.content.decode()
    assert QMSDocumentPage.objects.get(pk=document.pk).current_workflow_state is None


def test_a_file_needs_a_revision_label(owner_client, groups):
    page = QMSDocumentPage.objects.child_of(groups[1]).get(cipher="УД 1.01")
    new_file = upload_pdf(owner_client, "УД 1.01", "Жаңы")
    data = edit_form(owner_client, page)
    data["attachments-TOTAL_FORMS"] = "1"
    data["attachments-0-document"] = str(new_file.pk)
    data["attachments-0-ORDER"] = "0"
    response = post_edit(owner_client, page, data, "action-submit")
    assert response.status_code == 200
    assert "редакциясынын белгисин жазыңыз" in response.content.decode()


def test_history_shows_every_issued_revision_with_superseded_files(
    client, document, issued
):
    second = PDFDocumentFactory(title="ред. 2", file__data=make_pdf(["Экинчи"]))
    attachment = QMSDocumentAttachment.objects.get(page=document)
    attachment.document = second
    attachment.save()
    document.refresh_from_db()
    document.revision = "2"
    document.revision_changes = "Мөөнөттөр өзгөрдү"
    document.save_revision().publish()

    html = client.get(document.url).content.decode()
    assert html.index(second.url) < html.index(issued.url)
    assert "алмаштырылган редакция, маалымат үчүн гана" in html
    assert "Мөөнөттөр өзгөрдү" in html
    assert "№ 12" in html
    # The superseded PDF is still served to everyone.
    assert client.get(issued.url).status_code == 200

    russian = document.get_translations().get(locale__language_code="ru")
    html = client.get(russian.url).content.decode()
    assert "заменённая редакция, только для справки" in html
    assert issued.url in html


def test_republishing_the_same_revision_adds_no_row(document, issued):
    document.summary = "Кыскача"
    document.save_revision().publish()
    assert [row.label for row in document.issued_revisions] == ["1"]


def test_publishing_an_older_draft_keeps_the_register(document, issued):
    old_draft = document.get_latest_revision()
    document.revision = "2"
    document.save_revision().publish()
    old_draft.publish()
    assert sorted(row.label for row in document.issued_revisions) == ["1", "2"]


def test_the_api_lists_the_history_newest_first(client, document, issued):
    document.revision = "2"
    document.save_revision().publish()
    body = client.get(f"/api/v2/pages/{document.pk}/").json()
    history = body["revision_history"]
    assert [row["label"] for row in history] == ["2", "1"]
    assert history[1]["superseded"] is True
    assert history[1]["approving_act"] == "№ 12"
    assert history[1]["file"]["url"].endswith(issued.url)


def test_editors_see_the_register_read_only(officer_client, document, issued):
    response = officer_client.get(
        reverse("wagtailadmin_pages:edit", args=[document.pk])
    )
    html = response.content.decode()
    assert "1 (учурдагы)" in html
    assert f'href="{issued.url}">{issued.filename}</a>' in html
    assert "revision_history-TOTAL_FORMS" not in html
