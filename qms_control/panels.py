"""Dashboard panels for the QMS office: status counts, problems, reviews, changes."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision

from qms_pages.models import QMSDocumentPage

from .checks import check_registry
from .registry import source_documents
from .reviews import days_overdue, documents_due

SHORT_LIST = 10
RECENT_CHANGES = 8


class RegistrySummaryPanel(Component):
    """How many documents in each status and how many problems of each kind."""

    name = "qms_registry_summary"
    template_name = "qms_control/panels/registry_summary.html"
    order = 90

    def get_context_data(self, parent_context):
        statuses = Counter(source_documents().live().values_list("status", flat=True))
        found = check_registry()
        problems = Counter(problem.code for problem in found)
        return {
            "statuses": [
                (label, statuses.get(value, 0))
                for value, label in QMSDocumentPage.Status.choices
            ],
            "problems": [
                (_("Overdue reviews"), problems["review_overdue"], "review_overdue"),
                (_("Documents without a PDF"), problems["missing_pdf"], "missing_pdf"),
                (
                    _("PDFs whose text could not be read"),
                    problems["extraction_failed"],
                    "extraction_failed",
                ),
                (
                    _("Numbering and cipher errors"),
                    sum(problem.is_error for problem in found),
                    "",
                ),
            ],
        }


class ReviewsDuePanel(Component):
    """The first documents whose review is overdue or due soon."""

    name = "qms_reviews_due"
    template_name = "qms_control/panels/reviews_due.html"
    order = 91

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        documents = documents_due(today=today)
        total = documents.count()
        shown = list(documents[:SHORT_LIST])
        for document in shown:
            document.days_overdue = days_overdue(document, today)
        return {"documents": shown, "total": total, "more": total - len(shown)}


class RecentChangesPanel(Component):
    """The latest saved revisions of registry pages."""

    name = "qms_recent_changes"
    template_name = "qms_control/panels/recent_changes.html"
    order = 92

    def get_context_data(self, parent_context):
        document_ids = [
            str(pk) for pk in source_documents().values_list("pk", flat=True)
        ]
        revisions = (
            Revision.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=document_ids,
            )
            .select_related("user")
            .order_by("-created_at", "-pk")[:RECENT_CHANGES]
        )
        pages = QMSDocumentPage.objects.in_bulk(
            [int(revision.object_id) for revision in revisions]
        )
        return {
            "changes": [
                (revision, pages[int(revision.object_id)])
                for revision in revisions
                if int(revision.object_id) in pages
            ]
        }
