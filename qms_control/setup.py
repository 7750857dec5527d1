"""Creates the QMS roles, their permissions and the approval workflow, idempotently."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from qms_pages.models import ProcessGroupPage, QMSHomePage

from .roles import APPROVERS, QMS_OFFICE, process_owners_group

WORKFLOW_NAME = "QMS approval"
OFFICE_REVIEW_TASK = "QMS office review"
SIGN_OFF_TASK = "Approver sign-off"

# Page permissions are Django permissions on wagtailcore.Page, granted per subtree.
OFFICE_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")
OWNER_PAGE_PERMISSIONS = ("add", "change")
# Wagtail publishes an approved revision as the last approver, who must hold the
# permission; the hooks keep approvers from publishing a document any other way.
APPROVER_PAGE_PERMISSIONS = ("publish",)
OFFICE_FILE_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "choose_image"),
}
# Owners upload PDFs and pick them in their pages; they edit only their own uploads.
OWNER_FILE_PERMISSIONS = {"wagtaildocs": ("add_document", "choose_document")}
OFFICE_MODEL_PERMISSIONS = {
    "qms_pages": ("add_documenttype", "change_documenttype", "delete_documenttype"),
}


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_admin_access(group):
    group.permissions.add(permission("wagtailadmin", "access_admin"))


def grant_pages(group, pages, actions):
    """The actions on each page's subtree."""
    for page in pages:
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=permission("wagtailcore", f"{action}_page"),
            )


def grant_files(group, codenames_by_app):
    """Collection permissions on the root collection, so on every collection."""
    root = Collection.get_first_root_node()
    for app_label, codenames in codenames_by_app.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission(app_label, codename)
            )


def approval_task(name, group):
    """A group approval task of this name, approved by exactly this group."""
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    task.groups.set([group])
    return task


def setup_workflow(office, approvers):
    """The two-step approval on every registry, in every language."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    steps = [
        approval_task(OFFICE_REVIEW_TASK, office),
        approval_task(SIGN_OFF_TASK, approvers),
    ]
    for order, task in enumerate(steps):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for home in QMSHomePage.objects.all():
        WorkflowPage.objects.update_or_create(
            page=home, defaults={"workflow": workflow}
        )
    return workflow


@transaction.atomic
def setup_roles():
    """Groups, their permissions and the approval workflow; a second run changes nothing."""
    office, _created = Group.objects.get_or_create(name=QMS_OFFICE)
    approvers, _created = Group.objects.get_or_create(name=APPROVERS)
    homes = list(QMSHomePage.objects.all())
    for group in (office, approvers):
        grant_admin_access(group)
    grant_pages(office, homes, OFFICE_PAGE_PERMISSIONS)
    grant_pages(approvers, homes, APPROVER_PAGE_PERMISSIONS)
    grant_files(office, OFFICE_FILE_PERMISSIONS)
    for app_label, codenames in OFFICE_MODEL_PERMISSIONS.items():
        for codename in codenames:
            office.permissions.add(permission(app_label, codename))
    numbers = sorted(set(ProcessGroupPage.objects.values_list("number", flat=True)))
    for number in numbers:
        owners = process_owners_group(number)
        grant_admin_access(owners)
        # The group page in every language: owners may edit the Russian tree too.
        grant_pages(
            owners,
            ProcessGroupPage.objects.filter(number=number),
            OWNER_PAGE_PERMISSIONS,
        )
        grant_files(owners, OWNER_FILE_PERMISSIONS)
    setup_workflow(office, approvers)
    return [office, approvers] + [process_owners_group(n) for n in numbers]
