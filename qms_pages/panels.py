"""An editor's view of whether each attached PDF's text could be read."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from qms_search.models import PDFText


class ExtractionStatusPanel(Panel):
    """Shows, per attached file, whether search can read its text, and why not."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "qms_pages/panels/extraction_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            attachments = list(self.instance.attachments.select_related("document"))
            stored = {
                item.file_hash: item
                for item in PDFText.objects.filter(
                    file_hash__in=[a.document.get_file_hash() for a in attachments]
                )
            }
            context["files"] = [
                (attachment.document, stored.get(attachment.document.file_hash))
                for attachment in attachments
            ]
            context["pending_label"] = _(
                "Not read yet: it is read when the page is published."
            )
            return context


class RevisionHistoryPanel(Panel):
    """The register of issued revisions, read-only: rows are added on publication."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "qms_pages/panels/revision_history.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["revisions"] = page.issued_revisions if page.pk else []
            context["current"] = page.revision
            return context
