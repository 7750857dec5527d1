"""The admin's document upload form: only readable PDFs within the size limit."""

import hashlib

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from qms_search.extraction import MAGIC_WINDOW, extract_pdf, starts_like_pdf
from qms_search.models import PDFText
from qms_search.text_store import extraction_limits, store

from .models import QMSDocumentRevision
from .pdf_import import READABLE_STATUSES


class PDFDocumentForm(BaseDocumentForm):
    """Refuses empty files, files over the limit, non-PDFs and PDFs readers cannot open.

    Also refuses to replace the file of an issued revision: Wagtail would delete the
    old file, and the register must keep what was issued.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's size check, with our limit and messages: its own are not in Kyrgyz.
        # The multiple uploader reads them too and refuses a larger file before sending it.
        field = self.fields["file"]
        field.max_upload_size = settings.QMS_PDF_MAX_BYTES
        limit = filesizeformat(settings.QMS_PDF_MAX_BYTES)
        field.max_upload_size_text = limit
        field.help_text = _("A PDF file of at most %(limit)s.") % {"limit": limit}
        field.error_messages["file_too_large"] = _(
            "The file is too large: %(file_size)s; at most %(max_filesize)s."
        )
        field.error_messages["file_too_large_unknown_size"] = _(
            "The file is too large; at most %(limit)s."
        ) % {"limit": limit}

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
        upload.seek(0)
        head = upload.read(MAGIC_WINDOW)
        upload.seek(0)
        if not starts_like_pdf(head):
            raise forms.ValidationError(
                _("This file is not a PDF, whatever its name says.")
            )
        self.check_readable(upload)
        return upload

    def issued_revisions(self):
        """Labels («УСТ 1.08 · 2») of the issued revisions whose file this is."""
        if self.instance.pk is None:
            return []
        rows = QMSDocumentRevision.objects.filter(document=self.instance)
        return [str(row) for row in rows.select_related("page")]

    def _post_clean(self):
        # The model's own check would add "extension not allowed" about the file we
        # refused, which is no longer there; the form is invalid anyway.
        if self.has_error("file"):
            return
        super()._post_clean()

    def check_readable(self, upload):
        """Open the file in the extractor's child process, under its limits."""
        # Without OCR, which may take minutes: that is for the indexer, not a request.
        result = extract_pdf(_source(upload), extraction_limits())
        if result.status not in READABLE_STATUSES:
            raise forms.ValidationError(_unreadable_message(result))
        if not settings.QMS_PDF_OCR:
            # The indexer would extract the same bytes again with the same outcome.
            store(_sha1(upload), result)


def _source(upload):
    """The upload's temporary path, or its bytes when it is held in memory."""
    if hasattr(upload, "temporary_file_path"):
        return upload.temporary_file_path()
    data = upload.read()
    upload.seek(0)
    return data


def _sha1(upload):
    """The hash Wagtail gives the document's file, which keys stored extractions."""
    digest = hashlib.sha1()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _unreadable_message(result):
    """Why readers could not open this PDF, in the editor's language."""
    if result.status == PDFText.Status.TOO_MANY_PAGES:
        return _("The PDF has %(count)s pages; at most %(limit)s.") % {
            "count": result.page_count,
            "limit": settings.QMS_PDF_MAX_PAGES,
        }
    if result.status == PDFText.Status.ENCRYPTED:
        return _(
            "The PDF is protected by a password, so readers could not open it. "
            "Upload a copy without a password."
        )
    return _("The PDF cannot be used: %(reason)s.") % {
        "reason": PDFText.Status(result.status).label
    }
