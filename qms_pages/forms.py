"""The admin's document upload form: only real PDFs within the size limit."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from qms_search.extraction import MAGIC_WINDOW, PDF_MAGIC


class PDFDocumentForm(BaseDocumentForm):
    """Refuses empty files, files over the limit and files that are not PDFs inside."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
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
