"""Extracted PDF text, stored per page and keyed by file hash, and the index queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PDFText(models.Model):
    """The result of extracting one file; the same bytes are never extracted twice."""

    class Status(models.TextChoices):
        OK = "ok", _("Text extracted")
        PARTIAL = "partial", _("Some pages have no text")
        IMAGE_ONLY = "image_only", _("Scanned image without text")
        ENCRYPTED = "encrypted", _("Password-protected")
        CORRUPT = "corrupt", _("Damaged file")
        NOT_PDF = "not_pdf", _("Not a PDF file")
        EMPTY_FILE = "empty_file", _("Empty file")
        TOO_LARGE = "too_large", _("File too large")
        TOO_MANY_PAGES = "too_many_pages", _("Too many pages")
        TIMEOUT = "timeout", _("Extraction took too long")
        OUT_OF_MEMORY = "out_of_memory", _("Extraction ran out of memory")

    file_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    message = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(default=0)
    ocr_pages = models.JSONField(default=list, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("extracted PDF text")
        verbose_name_plural = _("extracted PDF texts")

    def __str__(self):
        return f"{self.file_hash[:12]} ({self.get_status_display()})"

    @property
    def searchable(self):
        """True when at least some of the file's text could be read."""
        return self.status in {self.Status.OK, self.Status.PARTIAL}


class PDFTextPage(models.Model):
    """The text of one page, so that a hit can name its page."""

    pdf = models.ForeignKey(PDFText, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["pdf", "number"], name="unique_pdf_page")
        ]

    def __str__(self):
        return f"{self.pdf} p. {self.number}"


class PendingIndexUpdate(models.Model):
    """A page whose index entry must be brought up to date; kept until the engine accepts it."""

    page_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["queued_at"]

    def __str__(self):
        return f"page {self.page_id} ({self.attempts} attempts)"
