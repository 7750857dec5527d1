"""API representations of the registry's related objects."""

from django.urls import reverse
from rest_framework.fields import Field

from ..access import may_open


def file_representation(document, request):
    """A Wagtail document as a download URL, size and content hash."""
    url = reverse("wagtaildocs_serve", args=(document.id, document.filename))
    if request is not None:
        url = request.build_absolute_uri(url)
    return {
        "id": document.pk,
        "title": document.title,
        "filename": document.filename,
        "url": url,
        "file_size": document.get_file_size(),
        "file_hash": document.get_file_hash(),
        "hash_algorithm": "sha1",
    }


class DocumentTypeSerializer(Field):
    """A document type as its codes and name."""

    def to_representation(self, document_type):
        return {
            "id": document_type.pk,
            "abbreviation": document_type.abbreviation,
            "code_ky": document_type.code_ky,
            "code_ru": document_type.code_ru,
            "name": document_type.name,
        }


class ProcessGroupSerializer(Field):
    """The document's process group as its id, number and name."""

    def to_representation(self, group):
        return {"id": group.pk, "number": group.number, "title": group.title}


class AttachmentsSerializer(Field):
    """Attached PDFs with what a client needs to download and verify them."""

    def to_representation(self, attachments):
        request = self.context.get("request")
        return [
            {"label": item.label, **file_representation(item.document, request)}
            for item in attachments.select_related("document")
            if may_open(item.document, request)
        ]


class RevisionsSerializer(Field):
    """The revision register, newest first, each revision with its issued file."""

    def __init__(self, **kwargs):
        # The whole page: whether a revision is superseded depends on its current one.
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        request = self.context.get("request")
        return [
            {
                "label": revision.label,
                "approved_on": revision.approved_on,
                "approving_act": revision.approving_act,
                "effective_on": revision.effective_on,
                "approved_by": revision.approved_by,
                "changes": revision.changes,
                "superseded": revision.label != page.revision,
                "file": file_representation(revision.document, request)
                if may_open(revision.document, request)
                else None,
            }
            for revision in page.issued_revisions
        ]
