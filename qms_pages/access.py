"""Which registry files a visitor may open: the rule pages, listings and the API share."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def anonymous_request():
    """A request of a visitor with no session, for code that has none."""
    request = HttpRequest()
    request.user = AnonymousUser()
    request.session = {}
    return request


def hidden_collections(request):
    """Ids of the collections whose files this request may not open, found once."""
    # Imported here: the page models import this module before models are ready.
    from wagtail.api.v2.utils import get_restricted_collection_ids

    if request is None:
        request = anonymous_request()
    if not hasattr(request, "_qms_hidden_collections"):
        request._qms_hidden_collections = get_restricted_collection_ids(request)
    return request._qms_hidden_collections


def may_open(document, request):
    """Whether the visitor may open a file: no collection restriction keeps it away."""
    return document is not None and (
        document.collection_id not in hidden_collections(request)
    )
