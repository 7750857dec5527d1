"""A new revision goes from a process owner's draft, through two approvals, to the public."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from qms_pages.models import QMSDocumentPage

from .conftest import edit_form, post_edit, upload_pdf

pytestmark = pytest.mark.django_db


def act(client, page, action, comment):
    """Approve or reject the page's current task, with a comment, as the admin does."""
    task_state = page.current_workflow_task_state
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, task_state.pk],
        ),
        {"comment": comment},
    )


def submit_revision_2(owner_client, document):
    """The owner uploads a new PDF, gives it revision 2 and submits it."""
    new_file = upload_pdf(owner_client, "УСТ 1.08 ред. 2", "Ички аудит экинчи")
    data = edit_form(owner_client, document)
    data["attachments-0-document"] = str(new_file.pk)
    data["revision"] = "2"
    data["revision_changes"] = "Аудиттин планы кошулду"
    response = post_edit(owner_client, document, data, "action-submit")
    assert response.status_code == 302
    return new_file


def reload(document):
    return QMSDocumentPage.objects.get(pk=document.pk)


def test_a_new_revision_is_published_after_both_approvals(
    owner_client, officer_client, approver_client, document, issued, client
):
    new_file = submit_revision_2(owner_client, document)
    page = reload(document)
    assert page.current_workflow_task.name == "QMS office review"
    assert "Аудиттин планы" not in client.get(page.url).content.decode()

    # The approver's turn has not come yet.
    assert act(approver_client, page, "approve", "Эрте").status_code in (302, 403)
    assert reload(document).current_workflow_task.name == "QMS office review"

    act(officer_client, page, "approve", "Кеңсе текшерди")
    page = reload(document)
    assert page.current_workflow_task.name == "Approver sign-off"
    assert page.revision == "1"

    act(approver_client, page, "approve", "Бекитилди")
    page = reload(document)
    assert page.revision == "2"
    assert page.primary_attachment.document == new_file
    rows = list(page.issued_revisions)
    assert [row.label for row in rows] == ["2", "1"]
    assert rows[0].approved_by == "Бакыт Жумабаев"
    assert rows[0].document == new_file
    assert rows[0].changes == "Аудиттин планы кошулду"
    assert rows[0].approved_on is not None
    assert rows[1].document == issued

    html = client.get(page.url).content.decode()
    assert "Бакыт Жумабаев" in html
    assert "Аудиттин планы кошулду" in html


def test_the_comments_and_decisions_show_in_the_workflow_history(
    owner_client, officer_client, approver_client, officer, document, issued
):
    submit_revision_2(owner_client, document)
    act(officer_client, reload(document), "approve", "Кеңсе текшерди")
    act(approver_client, reload(document), "approve", "Бекитилди")
    state = WorkflowState.objects.for_instance(reload(document)).get()
    url = reverse(
        "wagtailadmin_pages:workflow_history_detail", args=[document.pk, state.pk]
    )
    html = officer_client.get(url).content.decode()
    for text in (
        "Кеңсе текшерди",
        "Бекитилди",
        "QMS office review",
        "Approver sign-off",
    ):
        assert text in html


def test_a_rejected_revision_stays_unpublished_with_the_comment_recorded(
    owner_client, officer_client, document, issued, client
):
    submit_revision_2(owner_client, document)
    act(officer_client, reload(document), "reject", "Аудиттин планы толук эмес")
    page = reload(document)
    assert page.revision == "1"
    assert page.primary_attachment.document == issued
    assert [row.label for row in page.issued_revisions] == ["1"]
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(status=TaskState.STATUS_REJECTED)
    assert rejected.comment == "Аудиттин планы толук эмес"
    assert rejected.finished_by.username == "office"
    assert "Аудиттин планы кошулду" not in client.get(page.url).content.decode()
    history = owner_client.get(
        reverse("wagtailadmin_pages:workflow_history", args=[document.pk])
    )
    assert history.status_code == 200


def test_the_russian_page_follows_the_published_revision(
    owner_client, officer_client, approver_client, document, issued, client
):
    submit_revision_2(owner_client, document)
    act(officer_client, reload(document), "approve", "")
    act(approver_client, reload(document), "approve", "")
    russian = reload(document).get_translations().get(locale__language_code="ru")
    html = client.get(russian.url).content.decode()
    assert "Бакыт Жумабаев" in html
    assert "заменённая редакция, только для справки" in html
    api = client.get(f"/api/v2/pages/{russian.pk}/").json()
    assert [row["label"] for row in api["revision_history"]] == ["2", "1"]
    assert [row["superseded"] for row in api["revision_history"]] == [False, True]
    assert api["revision_history"][0]["approved_by"] == "Бакыт Жумабаев"


def test_an_approver_cannot_publish_past_the_workflow(
    owner_client, officer_client, approver_client, document, issued
):
    submit_revision_2(owner_client, document)
    act(officer_client, reload(document), "approve", "")
    data = edit_form(approver_client, reload(document))
    response = post_edit(approver_client, document, data, "action-publish")
    assert response.status_code == 302
    page = reload(document)
    assert page.revision == "1"
    assert page.current_workflow_task.name == "Approver sign-off"
