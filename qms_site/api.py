"""The headless API: Wagtail API v2 endpoints for pages, documents and images."""

from django.http import Http404
from rest_framework.exceptions import APIException
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .api_errors import error_body, status_code_name


def error_code(exc, status):
    """The machine-readable code of an error Wagtail or REST framework raised."""
    if isinstance(exc, BadRequestError):
        return "invalid_parameters"
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, APIException):
        return exc.default_code
    return status_code_name(status)


class JSONErrorsMixin:
    """Errors in the search API's shape; Wagtail's top-level "message" stays for its clients."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = response.data
        if isinstance(data, dict):
            message = data.get("message", data.get("detail", ""))
        else:
            message = data
        response.data = {
            **error_body(error_code(exc, response.status_code), message),
            "message": str(message),
        }
        return response


class QMSPagesAPIViewSet(JSONErrorsMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint with the shared error body."""


class QMSDocumentsAPIViewSet(JSONErrorsMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint with the shared error body."""


class QMSImagesAPIViewSet(JSONErrorsMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint with the shared error body."""


api_router = WagtailAPIRouter("qms_api")
api_router.register_endpoint("pages", QMSPagesAPIViewSet)
api_router.register_endpoint("documents", QMSDocumentsAPIViewSet)
api_router.register_endpoint("images", QMSImagesAPIViewSet)
