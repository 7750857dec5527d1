"""Hooks that let documents go live only through the approval workflow."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from qms_pages.models import ProcessGroupPage, QMSDocumentPage


def may_publish_documents_directly(user):
    """Only administrators bypass the approval workflow."""
    return user.is_superuser


def is_document_form(context):
    """The action menu is for a document, being edited or created in a group."""
    page = context.get("page")
    if page is not None:
        return isinstance(page.specific_deferred, QMSDocumentPage)
    parent = context.get("parent_page")
    return parent is not None and isinstance(parent.specific_deferred, ProcessGroupPage)


@hooks.register("construct_page_action_menu")
def hide_direct_publishing(menu_items, request, context):
    """Editors of a document see «Submit to QMS approval», not «Publish»."""
    if may_publish_documents_directly(request.user) or not is_document_form(context):
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def refuse_publishing(request, page):
    messages.error(
        request,
        _(
            "A document goes live only through the approval workflow: "
            "submit it to QMS approval."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_edit_page")
def refuse_direct_publishing(request, page):
    """A forged «Publish» on a document is refused, not silently obeyed."""
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and isinstance(page.specific_deferred, QMSDocumentPage)
        and not may_publish_documents_directly(request.user)
    ):
        return refuse_publishing(request, page)
    return None


@hooks.register("before_create_page")
def refuse_publishing_new_documents(request, parent_page, page_class):
    """A new document is saved as a draft and submitted, never published at once."""
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and issubclass(page_class, QMSDocumentPage)
        and not may_publish_documents_directly(request.user)
    ):
        messages.error(
            request,
            _(
                "A document goes live only through the approval workflow: "
                "save it as a draft and submit it to QMS approval."
            ),
        )
        return redirect("wagtailadmin_pages:add_subpage", parent_page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing(request, action_type, objects, action_class_instance):
    """Bulk publishing cannot carry documents past the workflow either."""
    if action_type != "publish" or may_publish_documents_directly(request.user):
        return None
    if any(isinstance(page.specific_deferred, QMSDocumentPage) for page in objects):
        messages.error(
            request,
            _("Documents go live only through the approval workflow."),
        )
        return redirect("wagtailadmin_explore_root")
    return None
