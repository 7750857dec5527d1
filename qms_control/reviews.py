"""Periodic review of documents: which are due, and how late they are."""

import datetime

from django.conf import settings
from django.utils import timezone

from .registry import source_documents

DEFAULT_REVIEW_WINDOW_DAYS = 30


def review_window_days():
    """How many days ahead a review counts as due (QMS_REVIEW_WINDOW_DAYS)."""
    return getattr(settings, "QMS_REVIEW_WINDOW_DAYS", DEFAULT_REVIEW_WINDOW_DAYS)


def documents_due(days=None, today=None):
    """Live documents in force whose review date is past or within `days`, earliest first."""
    today = today or timezone.localdate()
    days = review_window_days() if days is None else days
    return (
        source_documents()
        .live()
        .not_obsolete()
        .filter(next_review_on__lte=today + datetime.timedelta(days=days))
        .select_related("document_type")
        .order_by("next_review_on", "path")
    )


def documents_overdue(today=None):
    """Live documents in force whose review date has passed."""
    return documents_due(days=-1, today=today)


def days_overdue(document, today=None):
    """Days since the review date; negative while the review is still ahead."""
    today = today or timezone.localdate()
    return (today - document.next_review_on).days
