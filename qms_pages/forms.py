"""The admin's document upload form: only real PDFs within the size limit."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from qms_search.extraction import MAGIC_WINDOW, PDF_MAGIC

from .models import QMSDocumentRevision


class PDFDocumentForm(BaseDocumentForm):
    """Refuses empty files, files over the limit and files that are not PDFs inside.

    Also refuses to replace the file of an issued revision: Wagtail would delete the
    old file, and the register must keep what was issued.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        if issued := self.issued_revisions():
            raise forms.ValidationError(
                _(
                    "This file was issued as revision %(revisions)s and stays in the "
                    "revision history as it is. Upload the new file as a new document "
                    "and issue it as a new revision on the document's page."
                )
                % {"revisions": ", ".join(issued)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.QMS_PDF_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: %(size)s; at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.QMS_PDF_MAX_BYTES),
                }
            )
        upload.seek(0)
        head = upload.read(MAGIC_WINDOW)
        upload.seek(0)
        if PDF_MAGIC not in head:
            raise forms.ValidationError(
                _("This file is not a PDF, whatever its name says.")
            )
        return upload

    def issued_revisions(self):
        """Labels («УСТ 1.08 · 2») of the issued revisions whose file this is."""
        if self.instance.pk is None:
            return []
        rows = QMSDocumentRevision.objects.filter(document=self.instance)
        return [str(row) for row in rows.select_related("page")]
