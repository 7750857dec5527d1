"""The OpenAPI 3.1 document of the API, assembled from the models and the fixed shapes."""

from django.conf import settings
from django.utils import translation

from .components import SCHEMAS, ref
from .fields import api_page_models, page_schemas
from .paths import paths


def description():
    """The introduction of the schema."""
    return (
        "Read-only JSON API of the QMS document registry, in Kyrgyz (ky) and Russian "
        '(ru). Every error under /api/ has the body {"error": {"code", "message"}}. '
        f"Anonymous GETs may be cached for {settings.QMS_API_CACHE_SECONDS} s; send "
        "If-None-Match to get a 304 when nothing changed. docs/api.md has more: CORS, "
        "caching, examples."
    )


def build_schema():
    """A fresh schema; cheap enough to build per request, so never stale."""
    # Field labels are gettext strings; without a language they stay in English.
    with translation.override(None):
        detail = {"anyOf": [ref(model.__name__) for model in api_page_models()]}
        return {
            "openapi": "3.1.0",
            "info": {
                "title": f"{settings.WAGTAIL_SITE_NAME} API",
                "version": "2",
                "description": description(),
            },
            "tags": [
                {"name": "Pages", "description": "Home, process groups, documents."},
                {"name": "Search", "description": "The registry search."},
                {"name": "Documents", "description": "Wagtail's document library."},
                {"name": "Images", "description": "Wagtail's image library."},
                {"name": "Files", "description": "The PDFs themselves."},
                {"name": "Site", "description": "Health and this schema."},
            ],
            "paths": paths(detail),
            "components": {
                "schemas": {**SCHEMAS, **page_schemas()},
                "responses": {
                    "Error": {
                        "description": "An error.",
                        "content": {"application/json": {"schema": ref("Error")}},
                    }
                },
                "parameters": {
                    "IfNoneMatch": {
                        "name": "If-None-Match",
                        "in": "header",
                        "description": "An ETag from an earlier answer.",
                        "schema": {"type": "string"},
                    }
                },
                "headers": {
                    "ETag": {
                        "description": "Changes whenever the body does.",
                        "schema": {"type": "string"},
                    },
                    "CacheControl": {
                        "description": "public, max-age=… for anonymous requests; "
                        "private, no-store for signed-in users.",
                        "schema": {"type": "string"},
                    },
                },
            },
        }
