"""Queue index updates whenever what a visitor may find changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from qms_pages.models import (
    DocumentType,
    ProcessGroupPage,
    QMSDocumentPage,
)

from .documents import document_ids_under
from .indexing import queue_pages


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    """A published document, or a group whose name its documents carry."""
    if isinstance(instance, QMSDocumentPage | ProcessGroupPage):
        queue_pages(document_ids_under(instance))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    queue_pages(document_ids_under(instance))


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    """Moved out of a registry or under a private page: the index must follow."""
    queue_pages(document_ids_under(instance))


@receiver(post_delete, sender=QMSDocumentPage)
def on_delete(sender, instance, **kwargs):
    queue_pages([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_change(sender, instance, **kwargs):
    queue_pages(document_ids_under(instance.page))


@receiver(post_save, sender=DocumentType)
def on_type_change(sender, instance, **kwargs):
    queue_pages(instance.documents.values_list("pk", flat=True))


@receiver(post_save, sender=get_document_model())
def on_file_change(sender, instance, **kwargs):
    """A file replaced in the admin is extracted and indexed again."""
    queue_pages(pages_using_files([instance.pk]))


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def on_collection_privacy_change(sender, instance, **kwargs):
    files = get_document_model().objects.filter(collection=instance.collection)
    queue_pages(pages_using_files(files.values_list("pk", flat=True)))


def pages_using_files(file_ids):
    """Document pages that attach any of these files."""
    return QMSDocumentPage.objects.filter(
        attachments__document__in=list(file_ids)
    ).values_list("pk", flat=True)
