"""Extracted text of attached PDFs, extracted once per distinct file."""

import logging

from django.conf import settings
from django.db import transaction

from .extraction import ExtractionLimits, extract_many, extract_pdf
from .models import PDFText, PDFTextPage

logger = logging.getLogger(__name__)


def extraction_limits():
    """The limits every extraction runs under, from settings."""
    return ExtractionLimits(
        max_file_size=settings.QMS_PDF_MAX_BYTES,
        max_pages=settings.QMS_PDF_MAX_PAGES,
        time_limit=settings.QMS_PDF_EXTRACTION_SECONDS,
    )


def pdf_text_for(document):
    """The stored extraction of a Wagtail document's file, extracting it on first use."""
    file_hash = document.get_file_hash()
    stored = PDFText.objects.filter(file_hash=file_hash).first()
    if stored is not None:
        return stored
    try:
        with document.open_file() as handle:
            data = handle.read()
    except OSError as error:
        logger.warning("Cannot read %s: %s", document.file.name, error)
        return PDFText(
            file_hash=file_hash, status=PDFText.Status.CORRUPT, message=str(error)
        )
    result = extract_pdf(data, extraction_limits(), ocr=settings.QMS_PDF_OCR)
    return store(file_hash, result)


def file_source(document):
    """A path the extractor can open, or the bytes when the storage has no local paths."""
    try:
        return document.file.path
    except NotImplementedError:
        with document.open_file() as handle:
            return handle.read()


def extract_missing(documents, batch_size=20):
    """Extract the files not yet stored, many per child process (what a reindex needs)."""
    stored = set(PDFText.objects.values_list("file_hash", flat=True))
    waiting = {}
    for document in documents:
        file_hash = document.get_file_hash()
        if file_hash not in stored and file_hash not in waiting:
            waiting[file_hash] = document
    hashes = list(waiting)
    for start in range(0, len(hashes), batch_size):
        batch = hashes[start : start + batch_size]
        sources = [file_source(waiting[file_hash]) for file_hash in batch]
        results = extract_many(sources, extraction_limits(), ocr=settings.QMS_PDF_OCR)
        for file_hash, result in zip(batch, results, strict=True):
            store(file_hash, result)
    return len(hashes)


@transaction.atomic
def store(file_hash, result):
    """Save an ExtractionResult, one row per page."""
    stored, _ = PDFText.objects.update_or_create(
        file_hash=file_hash,
        defaults={
            "status": result.status,
            "message": result.message,
            "page_count": result.page_count,
            "ocr_pages": result.ocr_pages,
        },
    )
    stored.pages.all().delete()
    PDFTextPage.objects.bulk_create(
        PDFTextPage(pdf=stored, number=number, text=text)
        for number, text in enumerate(result.pages, start=1)
        if text.strip()
    )
    return stored
