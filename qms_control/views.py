"""The QMS office's admin reports: reviews due, registry check, master list."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from qms_pages.models import QMSDocumentPage

from . import master_list
from .access import may_view_control_reports
from .checks import check_registry
from .filters import MasterListFilterSet, RegistryCheckFilterSet, ReviewsDueFilterSet
from .master_list import date_text, group_labels
from .reviews import days_overdue, documents_due, review_window_days
from .roles import document_owners


def edit_url(page_id):
    """The admin's edit view of a page."""
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def unbroken_cipher(item):
    """The cipher with no-break spaces, so that a narrow column never splits it."""
    return item.cipher.replace(" ", "\u00a0")


class ControlReportView(ReportView):
    """A report only the QMS office, approvers and superusers may open."""

    def dispatch(self, request, *args, **kwargs):
        if not may_view_control_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewsDueView(ControlReportView):
    """Documents whose review is overdue or due within the review window."""

    page_title = _("Reviews due")
    header_icon = "time"
    index_url_name = "qms_control:reviews_due"
    index_results_url_name = "qms_control:reviews_due_results"
    filterset_class = ReviewsDueFilterSet
    export_filename = "reviews-due"
    no_results_message = _("No document is due for review.")
    columns = [
        Column("cipher", label=_("Cipher"), accessor=unbroken_cipher),
        TitleColumn(
            "title", label=_("Title"), get_url=lambda document: edit_url(document.pk)
        ),
        Column("group_label", label=_("Process group")),
        Column("owners_label", label=_("Owners")),
        Column("due_text", label=_("Review date")),
        Column("days_overdue", label=_("Days overdue")),
    ]
    list_export = [
        "cipher",
        "title",
        "group_label",
        "owners_label",
        "next_review_on",
        "days_overdue",
    ]
    export_headings = {
        "cipher": _("Cipher"),
        "title": _("Title"),
        "group_label": _("Process group"),
        "owners_label": _("Owners"),
        "next_review_on": _("Review date"),
        "days_overdue": _("Days overdue"),
    }

    def get_page_subtitle(self):
        return _("Overdue or due within %(days)s days") % {"days": review_window_days()}

    def get_queryset(self):
        return documents_due()

    def decorate_paginated_queryset(self, documents):
        today = timezone.localdate()
        documents = list(documents)
        groups = group_labels(documents)
        for document in documents:
            document.group_label = groups[document.path]
            document.owners_label = ", ".join(
                owner.get_full_name() or owner.get_username()
                for owner in document_owners(document)
            )
            document.due_text = date_text(document.next_review_on)
            document.days_overdue = max(days_overdue(document, today), 0)
        return documents


class RegistryCheckView(ControlReportView):
    """Problems found in the registry, errors first."""

    page_title = _("Registry check")
    header_icon = "warning"
    index_url_name = "qms_control:registry_check"
    index_results_url_name = "qms_control:registry_check_results"
    filterset_class = RegistryCheckFilterSet
    export_filename = "registry-check"
    no_results_message = _("No problem found.")
    paginate_by = 100
    columns = [
        StatusTagColumn(
            "severity_label",
            label=_("Severity"),
            primary=lambda problem: problem.is_error,
        ),
        Column("label", label=_("Problem")),
        TitleColumn(
            "message",
            label=_("Details"),
            get_url=lambda problem: problem.page_id and edit_url(problem.page_id),
        ),
    ]
    list_export = ["severity_label", "label", "cipher", "message"]
    export_headings = {
        "severity_label": _("Severity"),
        "label": _("Problem"),
        "cipher": _("Cipher or number"),
        "message": _("Details"),
    }

    def get_queryset(self):
        return check_registry()

    def get_filterset_kwargs(self):
        # The filter set only draws the form; filter_queryset applies it to the list.
        return {
            **super().get_filterset_kwargs(),
            "queryset": QMSDocumentPage.objects.none(),
        }

    def filter_queryset(self, problems):
        if not (self.filters and self.filters.is_valid()):
            return problems
        wanted = self.filters.form.cleaned_data
        return [
            problem
            for problem in problems
            if wanted.get("severity") in ("", None, problem.severity)
            and wanted.get("code") in ("", None, problem.code)
        ]


class MasterListView(ControlReportView):
    """Every document of one language's registry, downloadable as CSV or XLSX."""

    page_title = _("Master list")
    header_icon = "list-ul"
    index_url_name = "qms_control:master_list"
    index_results_url_name = "qms_control:master_list_results"
    filterset_class = MasterListFilterSet
    no_results_message = _("No document matches.")
    paginate_by = 100
    columns = [
        Column("cipher", label=_("Cipher"), accessor=unbroken_cipher),
        TitleColumn(
            "title", label=_("Title"), get_url=lambda document: edit_url(document.pk)
        ),
        Column("document_type", label=_("Document type")),
        Column("group_label", label=_("Process group")),
        Column("revision", label=_("Revision")),
        Column("get_status_display", label=_("Status")),
        Column("approved_text", label=_("Approval date")),
        Column("effective_text", label=_("Effective date")),
        Column("review_text", label=_("Next review date")),
    ]
    # The export is master_list's, the same as the public page's.
    list_export = ["cipher"]

    @property
    def language(self):
        if self.filters and self.filters.is_valid():
            return (
                self.filters.form.cleaned_data.get("language") or settings.LANGUAGE_CODE
            )
        return settings.LANGUAGE_CODE

    def get_queryset(self):
        return (
            QMSDocumentPage.objects.filter(locale__language_code=self.language)
            .select_related("document_type__locale")
            .order_by("path")
        )

    def decorate_paginated_queryset(self, documents):
        documents = list(documents)
        groups = group_labels(documents)
        for document in documents:
            document.group_label = groups[document.path]
            document.approved_text = date_text(document.approved_on)
            document.effective_text = date_text(document.effective_on)
            document.review_text = date_text(document.next_review_on)
        return documents

    def as_spreadsheet(self, documents, spreadsheet_format):
        return master_list.download(self.object_list, self.language, spreadsheet_format)
