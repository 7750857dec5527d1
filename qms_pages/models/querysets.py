"""Querysets for the registry's pages."""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class QMSDocumentPageQuerySet(PageQuerySet):
    """Queries on controlled documents used by several views."""

    def for_listing(self):
        """Everything a registry table row shows, in a fixed number of queries."""
        return self.select_related("document_type", "locale").prefetch_related(
            "attachments__document"
        )

    def not_obsolete(self):
        """Documents a reader may still apply."""
        return self.exclude(status="obsolete")


QMSDocumentPageManager = PageManager.from_queryset(QMSDocumentPageQuerySet)
