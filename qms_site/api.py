"""The headless API: Wagtail API v2 endpoints for pages, documents and images."""

import re

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from rest_framework.exceptions import APIException
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from qms_pages.models import (
    QMSDocumentAttachment,
    QMSDocumentPage,
    QMSDocumentRevision,
)

from .api_errors import error_body, status_code_name

# Far beyond any registry; larger offsets overflow the database's integers.
MAX_OFFSET = 10**9


def error_code(exc, status):
    """The machine-readable code of an error Wagtail or REST framework raised."""
    if isinstance(exc, BadRequestError):
        return "invalid_parameters"
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, APIException):
        return exc.default_code
    return status_code_name(status)


def refuse_nul(request):
    """A 400 for NUL in any parameter: PostgreSQL refuses it in any text it is given."""
    if any("\x00" in value for value in request.GET.values()):
        raise BadRequestError("parameters cannot contain NUL characters")


class JSONErrorsMixin:
    """Errors in the search API's shape; Wagtail's top-level "message" stays for its clients."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # Every listing filter with a NUL was a 500 on PostgreSQL.
        refuse_nul(self.request)
        # Wagtail passes any offset to the database: 10**27 was a 500.
        offset = self.request.GET.get("offset", "")
        if re.fullmatch(r"[0-9]+", offset) and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        # Wagtail's search raises ValueError for any other operator: a 500.
        if self.request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def find_object(self, queryset, request):
        # find/ skips the listing checks: ?html_path=%00 was a 500 on PostgreSQL.
        refuse_nul(request)
        # Wagtail hands ?id= to the database as it is: "null" was a 500.
        if "id" in request.GET and not re.fullmatch(r"[0-9]+", request.GET["id"]):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

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

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # Wagtail answers an unknown locale with a 404, as if the listing did not exist.
        code = self.request.GET.get("locale")
        if code is not None and code not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            raise BadRequestError(f"unknown locale; use one of: {codes}")

    def get_base_queryset(self):
        try:
            return super().get_base_queryset()
        except Http404 as error:
            # Only ?site= raises it here: an unknown site is a bad parameter.
            raise BadRequestError("unknown site") from error


class QMSDocumentsAPIViewSet(JSONErrorsMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint: only files of pages the visitor may see."""

    def get_queryset(self):
        # Wagtail lists every file outside restricted collections, drafts' and
        # private pages' files too; the file view refuses those, so must the list.
        documents = super().get_queryset()
        if self.request.user.has_perm("wagtailadmin.access_admin"):
            return documents
        try:
            pages = get_public_pages_queryset(self.request, QMSDocumentPage)
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        attached = QMSDocumentAttachment.objects.filter(page__in=pages)
        issued = QMSDocumentRevision.objects.filter(page__in=pages)
        return documents.filter(
            Q(pk__in=attached.values("document")) | Q(pk__in=issued.values("document"))
        )


class QMSImagesAPIViewSet(JSONErrorsMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint with the shared error body."""


api_router = WagtailAPIRouter("qms_api")
api_router.register_endpoint("pages", QMSPagesAPIViewSet)
api_router.register_endpoint("documents", QMSDocumentsAPIViewSet)
api_router.register_endpoint("images", QMSImagesAPIViewSet)
