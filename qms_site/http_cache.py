"""HTTP caching of API answers and registry PDFs: ETags, Cache-Control and 304s."""

from django.conf import settings
from django.db.models import Q
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from wagtail.documents import get_document_model
from wagtail.documents.views import serve

from qms_pages.models import QMSDocumentPage

from .api_errors import API_PREFIX


def is_personal(request):
    """Whether the answer may be meant for this visitor alone."""
    # Wagtail's API shows login-only pages to signed-in users and password-protected
    # ones to sessions that hold the password, so any session counts.
    return (
        request.user.is_authenticated or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class APICacheMiddleware:
    """Caching headers on GETs under /api/; a matching If-None-Match gets a 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        reading = request.method in ("GET", "HEAD")
        if reading and request.path_info.startswith(API_PREFIX):
            return self.cacheable(request, response)
        return response

    @staticmethod
    def cacheable(request, response):
        """The response with its cache policy and ETag, or a 304 in its place."""
        if response.status_code != 200:
            # A 404 ends the moment the page is published; no cache may keep it.
            patch_cache_control(response, no_store=True)
            return response
        if is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        # An anonymous answer keeps a policy its view chose, e.g. no-store.
        elif not response.has_header("Cache-Control"):
            patch_cache_control(
                response, public=True, max_age=settings.QMS_API_CACHE_SECONDS
            )
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )


def is_public(document):
    """Whether anonymous visitors may download the file, so shared caches may keep it."""
    if document.collection.get_view_restrictions().exists():
        return False
    pages = QMSDocumentPage.objects.filter(
        Q(attachments__document=document) | Q(revision_history__document=document)
    )
    # A file on no page at all is served too, but may be an upload not yet published.
    return pages.live().public().exists()


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, cached publicly only when the file is public."""
    document = get_document_model().objects.filter(pk=document_id).first()
    # Wagtail's ETag is the stored SHA-1; files saved outside the admin may lack it.
    if document is not None and not document.file_hash:
        document.get_file_hash()
    response = serve.serve(request, document_id, document_filename)
    # Wagtail's sendfile writes the encoding it guessed even when there is none, as
    # "Content-Encoding: None": strict HTTP clients then refuse to read the PDF.
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    if response.status_code in (200, 304) and is_public(document):
        patch_cache_control(
            response, public=True, max_age=settings.QMS_DOCUMENT_CACHE_SECONDS
        )
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
