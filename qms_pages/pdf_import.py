"""Attaching a folder of PDFs, named by cipher, to their registry documents."""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from qms_search.analysis.ciphers import normalize_cipher
from qms_search.extraction import extract_pdf
from qms_search.models import PDFText
from qms_search.text_store import extraction_limits

from .models import QMSDocumentAttachment, QMSDocumentPage, QMSDocumentRevision

# Statuses of a file a reader can open; the others are refused.
READABLE_STATUSES = {"ok", "partial", "image_only"}
# A series suffix such as ":nn" cannot stand in a Windows file name; "-nn" or "_nn" can.
SERIES_SUFFIX = re.compile(r"[\s_\-]+(nn)$", re.IGNORECASE)


@dataclass
class ImportReport:
    """What an import did with each file."""

    created: list = field(default_factory=list)
    revised: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    @property
    def imported(self):
        return self.created + self.revised


def parse_filename(name):
    """The cipher key and language edition a file name stands for.

    «УСТ_1.08.pdf» → (УСТ1.08, ""); «УСТ 1.08.ru.pdf» → (УСТ1.08, "ru").
    """
    stem = Path(name).name
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    language = ""
    for code, _name in settings.LANGUAGES:
        if stem.lower().endswith(f".{code}"):
            stem, language = stem[: -len(code) - 1], code
            break
    stem = SERIES_SUFFIX.sub(r":\1", stem.replace("_", " ").strip())
    return normalize_cipher(stem), language


def next_revision_label(current):
    """The label after `current`: 1 → 2; a non-numeric label gets a counter."""
    if not current:
        return "1"
    if current.isdigit():
        return str(int(current) + 1)
    return f"{current}.1"


class PDFImporter:
    """Matches files to documents by cipher and attaches each as a revision."""

    def __init__(self, locale=None):
        documents = QMSDocumentPage.objects.select_related("locale")
        if locale is not None:
            documents = documents.filter(locale=locale)
        self.documents = {}
        for document in documents.filter(alias_of__isnull=True):
            self.documents.setdefault(document.cipher_key, []).append(document)
        self.limits = extraction_limits()

    def match(self, cipher_key):
        """The source-language document with this cipher, or None."""
        candidates = self.documents.get(cipher_key, [])
        originals = [
            page
            for page in candidates
            if page.locale.language_code == settings.LANGUAGE_CODE
        ]
        return (originals or candidates or [None])[0]

    def import_file(self, path, report):
        """Import one file, recording the outcome in the report."""
        if path.suffix.lower() != ".pdf":
            report.failed.append((path.name, _("not a .pdf file name")))
            return
        cipher_key, language = parse_filename(path.name)
        page = self.match(cipher_key)
        if page is None:
            report.failed.append((path.name, _("no document with this cipher")))
            return
        try:
            # Checked before reading: a huge file must not be loaded into memory.
            size = path.stat().st_size
            if size > self.limits.max_file_size:
                reason = PDFText.Status.TOO_LARGE.label
                report.failed.append((path.name, f"{reason} ({size} bytes)"))
                return
            data = path.read_bytes()
        except OSError as error:
            report.failed.append(
                (path.name, _("cannot read the file: %s") % error.strerror)
            )
            return
        checked = extract_pdf(data, self.limits)
        if checked.status not in READABLE_STATUSES:
            reason = PDFText.Status(checked.status).label
            report.failed.append((path.name, f"{reason} ({checked.message})"))
            return
        sha1 = hashlib.sha1(data).hexdigest()
        current = (
            page.attachments.filter(language=language)
            .select_related("document")
            .first()
        )
        if current is not None and current.document.get_file_hash() == sha1:
            report.unchanged.append((path.name, page.cipher))
            return
        with transaction.atomic():
            self.attach(page, language, path.name, data, sha1)
        (report.revised if current else report.created).append((path.name, page.cipher))

    def attach(self, page, language, filename, data, sha1):
        """Make the file the current one of its language; an original also becomes a revision."""
        page = QMSDocumentPage.objects.get(pk=page.pk)
        document = get_document_model()(title=f"{page.cipher} — {page.title}"[:255])
        document.file.save(filename, ContentFile(data), save=False)
        document.file_size = len(data)
        document.file_hash = sha1
        document.save()
        current = page.attachments.filter(language=language).first()
        replaced = current.document if current is not None else None
        if current is not None:
            current.document = document
            current.save()
        else:
            sort_order = page.attachments.count()
            QMSDocumentAttachment(
                page=page, document=document, language=language, sort_order=sort_order
            ).save()
        if not language:
            self.record_revision(page, document, replaced)
        revision = page.save_revision(log_action=True)
        if page.live:
            # Publishing also brings the translations up to date (signal_handlers).
            revision.publish()

    @staticmethod
    def record_revision(page, document, replaced):
        """Add the original's new file to the revision history, keeping the one it replaces."""
        history = page.revision_history
        if replaced is not None and not history.filter(document=replaced).exists():
            QMSDocumentRevision(
                page=page, label=page.revision or "1", document=replaced
            ).save()
        label = next_revision_label(page.revision) if replaced else page.revision or "1"
        QMSDocumentRevision(page=page, label=label, document=document).save()
        page.revision = label
