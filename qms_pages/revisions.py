"""The register of issued revisions: what a publication adds to it, and who approved."""

from django.conf import settings
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from .models import QMSDocumentRevision


def original_file(page):
    """The main file in the source language: the one a revision issues."""
    originals = page.attachments.filter(language__in=("", settings.LANGUAGE_CODE))
    attachment = originals.select_related("document").order_by("sort_order").first()
    return attachment.document if attachment else None


def approving_task(page, revision):
    """The workflow's final approval when it is what published this page revision."""
    state = (
        page.workflow_states.filter(status=WorkflowState.STATUS_APPROVED)
        .select_related("current_task_state__finished_by")
        .order_by("-created_at")
        .first()
    )
    if state is None or state.current_task_state is None:
        return None
    task = state.current_task_state
    # A direct publication creates its revision after any earlier approval finished.
    if (
        task.status != TaskState.STATUS_APPROVED
        or task.finished_at < revision.created_at
    ):
        return None
    return task


def display_name(user):
    """A person's name as the register prints it."""
    return user.get_full_name() or user.get_username()


def record_issued_revision(page, revision):
    """Append the page's revision to the register when it is published for the first time.

    The register is shared by a page and its translations, so a translation published
    after its source adds nothing.
    """
    if not page.revision:
        return None
    issued = QMSDocumentRevision.objects.filter(
        page__translation_key=page.translation_key, label=page.revision
    )
    if issued.exists():
        return None
    task = approving_task(page, revision) if revision is not None else None
    approver = task.finished_by if task is not None else None
    approved_on = page.approved_on
    if approved_on is None and task is not None:
        approved_on = timezone.localdate(task.finished_at)
    return QMSDocumentRevision.objects.create(
        page=page,
        label=page.revision,
        document=original_file(page),
        approved_on=approved_on,
        approving_act=page.approving_act,
        effective_on=page.effective_on,
        approved_by=display_name(approver) if approver else "",
        changes=page.revision_changes,
    )
