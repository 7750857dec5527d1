"""Who may do what in the registry's admin."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowState,
)

from qms_control.setup import WORKFLOW_NAME
from qms_pages.models import QMSDocumentPage, QMSHomePage

from .conftest import edit_form, post_edit, upload_pdf

pytestmark = pytest.mark.django_db


def add_url(group):
    return reverse(
        "wagtailadmin_pages:add", args=["qms_pages", "qmsdocumentpage", group.pk]
    )


def in_group(groups, number):
    return QMSDocumentPage.objects.child_of(groups[number]).order_by("path").first()


def test_setting_up_the_roles_twice_changes_nothing():
    counts = (
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )
    call_command("qms_setup_roles", verbosity=0)
    assert counts == (
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )


def test_the_approval_workflow_covers_the_registry_in_both_languages():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    tasks = [task.name for task in workflow.tasks]
    assert tasks == ["QMS office review", "Approver sign-off"]
    for home in QMSHomePage.objects.all():
        for document in QMSDocumentPage.objects.descendant_of(home)[:3]:
            assert document.get_workflow() == workflow


def test_a_process_owner_cannot_add_or_edit_in_another_group(owner_client, groups):
    other = in_group(groups, 2)
    assert owner_client.get(add_url(groups[2])).status_code == 302
    response = owner_client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert response.status_code == 302
    title = other.title
    owner_client.post(
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        {"title": "Өзгөртүлгөн", "action-submit": "1"},
    )
    other.refresh_from_db()
    assert other.title == title
    assert other.get_latest_revision().content["title"] == title


def test_a_process_owner_cannot_edit_the_other_groups_russian_pages(
    owner_client, groups
):
    russian = in_group(groups, 2).get_translation(
        QMSHomePage.objects.get(locale__language_code="ru").locale
    )
    response = owner_client.get(reverse("wagtailadmin_pages:edit", args=[russian.pk]))
    assert response.status_code == 302


def test_a_process_owner_edits_and_adds_in_their_own_group(owner_client, groups):
    own = in_group(groups, 1)
    assert owner_client.get(add_url(groups[1])).status_code == 200
    data = edit_form(owner_client, own)
    data["summary"] = "Жаңы кыскача мазмун"
    response = post_edit(owner_client, own, data, "action-submit")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.get_latest_revision().as_object().summary == "Жаңы кыскача мазмун"
    assert own.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_process_owner_cannot_publish_directly(owner_client, groups, client):
    own = in_group(groups, 1)
    data = edit_form(owner_client, own)
    assert (
        'name="action-publish"'
        not in owner_client.get(
            reverse("wagtailadmin_pages:edit", args=[own.pk])
        ).content.decode()
    )
    data["summary"] = "Түз жарыяланбайт"
    post_edit(owner_client, own, data, "action-publish")
    own.refresh_from_db()
    assert own.summary != "Түз жарыяланбайт"
    assert "Түз жарыяланбайт" not in client.get(own.url).content.decode()


def test_the_qms_office_cannot_skip_the_workflow_for_a_document(officer_client, groups):
    own = in_group(groups, 3)
    data = edit_form(officer_client, own)
    data["summary"] = "Кеңсе да түз жарыялабайт"
    response = post_edit(officer_client, own, data, "action-publish")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.summary != "Кеңсе да түз жарыялабайт"


def test_a_process_owner_can_upload_pdfs(owner_client):
    document = upload_pdf(owner_client, "ЖЖ 1.05 ред. 2", "Жаңы ред")
    assert document.uploaded_by_user.username == "owner1"
