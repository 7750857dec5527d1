"""Keeping the index in step with the page tree, through a queue that survives outages."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import PageLogEntry

from qms_pages.models import QMSDocumentPage

from .backends import get_backend
from .backends.base import SearchUnavailable
from .documents import build, reader_documents, searchable_only, searchable_pages
from .models import PendingIndexUpdate
from .text_store import extract_missing

logger = logging.getLogger(__name__)
BATCH = 50


def queue_pages(page_ids):
    """Record that these pages' index entries must be refreshed, then try at commit."""
    for page_id in set(page_ids):
        PendingIndexUpdate.objects.update_or_create(page_id=page_id)
    if settings.QMS_SEARCH_UPDATE_IN_REQUEST:
        transaction.on_commit(apply_pending)


def apply_pending(limit=None):
    """Apply queued updates; those the engine refuses stay queued. Returns (done, left)."""
    backend = get_backend()
    queue = PendingIndexUpdate.objects.all()
    pending = list(queue[:limit] if limit else queue)
    done = 0
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        try:
            apply_batch(backend, [item.page_id for item in batch])
        except SearchUnavailable as error:
            logger.warning("Search index update postponed: %s", error)
            PendingIndexUpdate.objects.filter(
                pk__in=[item.pk for item in batch]
            ).update(attempts=F("attempts") + 1, last_error=str(error)[:2000])
            break
        # Delete only what was applied: a page queued again meanwhile has a newer time.
        for item in batch:
            PendingIndexUpdate.objects.filter(
                pk=item.pk, queued_at=item.queued_at
            ).delete()
        done += len(batch)
    return done, PendingIndexUpdate.objects.count()


def apply_batch(backend, page_ids):
    """Index the searchable pages among these ids and remove the rest."""
    pages = QMSDocumentPage.objects.filter(pk__in=page_ids).select_related(
        "document_type", "locale"
    )
    documents = [build(page) for page in searchable_only(pages)]
    indexed = {document.page_id for document in documents}
    if documents:
        backend.index(documents)
    removed = [page_id for page_id in page_ids if page_id not in indexed]
    if removed:
        backend.delete(removed)


def rebuild(progress=None):
    """Rebuild the whole index from the page tree; returns the number of documents."""
    count = 0

    def documents():
        nonlocal count
        for page in searchable_pages():
            count += 1
            if progress:
                progress(page)
            yield build(page)

    started = timezone.now()
    extract_missing(reader_documents())
    backend = get_backend()
    backend.rebuild(documents())
    # What was queued before the rebuild started is in the new index; later changes stay queued.
    PendingIndexUpdate.objects.filter(queued_at__lt=started).delete()
    # A change applied during the rebuild went to the old index: apply it again.
    # Deleted pages are among these ids too, so they leave the new index.
    changed = set(
        PageLogEntry.objects.filter(timestamp__gte=started).values_list(
            "page_id", flat=True
        )
    )
    if changed:
        apply_batch(backend, sorted(changed))
    return count
