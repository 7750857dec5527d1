"""Querysets for the registry's pages."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class QMSDocumentPageQuerySet(PageQuerySet):
    """Queries on controlled documents used by several views."""

    def for_listing(self):
        """Everything a registry table row shows, in a fixed number of queries."""
        from .pages import ProcessGroupPage

        # A document's parent is its process group: the page whose path is its own
        # path without the last step.
        parent_path = Substr(
            OuterRef("path"), 1, Length(OuterRef("path")) - ProcessGroupPage.steplen
        )
        group_number = ProcessGroupPage.objects.filter(path=parent_path).values(
            "number"
        )
        return (
            # The type's locale chooses the abbreviation each row shows.
            self.select_related("document_type__locale", "locale")
            .prefetch_related("attachments__document")
            .annotate(group_number=Subquery(group_number[:1]))
        )

    def not_obsolete(self):
        """Documents a reader may still apply."""
        return self.exclude(status="obsolete")


QMSDocumentPageManager = PageManager.from_queryset(QMSDocumentPageQuerySet)
