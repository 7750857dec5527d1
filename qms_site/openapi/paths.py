"""The endpoints, their query parameters and their answers."""

from django.conf import settings

from .components import ref


def query(name, description, schema=None, **extra):
    """A query parameter."""
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema or {"type": "string"},
        **extra,
    }


def path_id(description):
    """The {id} path parameter."""
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer"},
    }


def json_response(description, schema, cached=True):
    """A JSON answer; API answers carry ETag and Cache-Control."""
    response = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if cached:
        response["headers"] = {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
        }
    return response


def error(description):
    """An error answer."""
    return {"$ref": "#/components/responses/Error", "description": description}


NOT_MODIFIED = {"description": "Not modified: If-None-Match matched the ETag."}
IF_NONE_MATCH = {"$ref": "#/components/parameters/IfNoneMatch"}


def language_choice():
    """The locale parameter's schema."""
    return {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}


def listing_parameters(fields_hint):
    """What every Wagtail listing accepts."""
    return [
        query(
            "fields",
            f"Comma-separated fields to add, {fields_hint}; * for all, _ for none, "
            "-title to drop one.",
        ),
        query(
            "limit",
            f"Items per answer (default 20, at most {settings.WAGTAILAPI_LIMIT_MAX}).",
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
        ),
        query("offset", "Items to skip.", {"type": "integer", "minimum": 0}),
        query(
            "order",
            "A field to sort by, -field for descending, several comma-separated, "
            "or random.",
        ),
        query(
            "search",
            "Full-text search of titles (Wagtail's own, not the registry search).",
        ),
        query(
            "search_operator",
            "How search terms combine.",
            {"type": "string", "enum": ["and", "or"]},
        ),
    ]


def rich_text_parameter():
    """The rich text output format."""
    return query(
        "rich_text_format",
        "Output of rich text fields.",
        {"type": "string", "enum": ["db_html", "html", "db_markdown", "markdown"]},
    )


def page_parameters():
    """What the pages listing accepts beyond the common ones."""
    return [
        query(
            "type",
            "Page type(s), e.g. qms_pages.QMSDocumentPage. With one type, its "
            "fields may be requested and used as filters, e.g. status=in_force.",
        ),
        query("locale", "Only pages in this language.", language_choice()),
        query(
            "translation_of",
            "Translations of this page id (use with locale).",
            {"type": "integer"},
        ),
        query(
            "child_of",
            "Children of this page id, or root; e.g. a process group's documents.",
        ),
        query("ancestor_of", "Ancestors of this page id.", {"type": "integer"}),
        query("descendant_of", "Descendants of this page id, or root."),
        query("site", "The site's hostname[:port], when several are served."),
        rich_text_parameter(),
    ]


# What ?fields= can add on each endpoint.
FIELDS_HINTS = {
    "pages": "e.g. cipher,status,attachments (a page type's own fields need type=)",
    "documents": "e.g. tags,download_url",
    "images": "e.g. tags,download_url",
}


def wagtail_endpoint(name, tag, listing_schema, detail_schema, find_parameters):
    """The listing, detail and find paths of one Wagtail endpoint."""
    base = f"/api/v2/{name}/"
    extra = page_parameters() if name == "pages" else []
    detail_extra = [rich_text_parameter()] if name == "pages" else []
    return {
        base: {
            "get": {
                "tags": [tag],
                "operationId": f"{name}_listing",
                "summary": f"List {name}",
                "parameters": [
                    *listing_parameters(FIELDS_HINTS[name]),
                    *extra,
                    IF_NONE_MATCH,
                ],
                "responses": {
                    "200": json_response(f"A page of {name}.", listing_schema),
                    "304": NOT_MODIFIED,
                    "400": error("An unknown parameter, field, type or bad value."),
                },
            }
        },
        base + "{id}/": {
            "get": {
                "tags": [tag],
                "operationId": f"{name}_detail",
                "summary": f"One of the {name}, with all its fields",
                "parameters": [
                    path_id("The object's id."),
                    query("fields", "Fields to add or drop, as in the listing."),
                    *detail_extra,
                    IF_NONE_MATCH,
                ],
                "responses": {
                    "200": json_response("The object.", detail_schema),
                    "304": NOT_MODIFIED,
                    "400": error("An unknown field."),
                    "404": error("No such id, or not public."),
                },
            }
        },
        base + "find/": {
            "get": {
                "tags": [tag],
                "operationId": f"{name}_find",
                "summary": "Redirect to the detail URL of the object found",
                "parameters": find_parameters,
                "responses": {
                    "302": {"description": "Location is the object's detail URL."},
                    "400": error("An id that is not a number."),
                    "404": error("Nothing found."),
                },
            }
        },
    }


def search_paths():
    """The registry search and its suggestions."""
    locale = query(
        "locale",
        f"Search language; default {settings.LANGUAGE_CODE}.",
        language_choice(),
    )
    return {
        "/api/v2/search/": {
            "get": {
                "tags": ["Search"],
                "operationId": "search",
                "summary": "Search document titles, ciphers and PDF text",
                "parameters": [
                    query("q", "The query, 1–200 characters.", required=True),
                    locale,
                    query(
                        "group",
                        "Process group number.",
                        {"type": "integer", "enum": [1, 2, 3, 4]},
                    ),
                    query("type", "Document type, any of its codes, e.g. УСТ or СТУ."),
                    query("tag", "A tag name."),
                    query(
                        "status",
                        "Only this status (default: in force and draft).",
                        {"type": "string", "enum": ["in_force", "draft", "obsolete"]},
                    ),
                    query(
                        "obsolete", "Include obsolete documents.", {"type": "boolean"}
                    ),
                    query(
                        "page",
                        "Results page, 10 results each.",
                        {"type": "integer", "minimum": 1, "maximum": 1000},
                    ),
                    IF_NONE_MATCH,
                ],
                "responses": {
                    "200": json_response(
                        "Results in rank order.", ref("SearchResults")
                    ),
                    "304": NOT_MODIFIED,
                    "400": error(
                        "empty_query, unknown_locale or invalid_parameters (see fields)."
                    ),
                    "503": error("search_unavailable: the search engine is down."),
                },
            }
        },
        "/api/v2/search/suggest/": {
            "get": {
                "tags": ["Search"],
                "operationId": "suggest",
                "summary": "Titles and ciphers starting with what is typed",
                "parameters": [
                    query("q", "The prefix, 1–200 characters.", required=True),
                    locale,
                    IF_NONE_MATCH,
                ],
                "responses": {
                    "200": json_response(
                        "Up to 8 suggestions; empty when search is down.",
                        ref("Suggestions"),
                    ),
                    "304": NOT_MODIFIED,
                    "400": error("invalid_parameters."),
                },
            }
        },
    }


def site_paths():
    """The PDF files, the health check and this schema."""
    return {
        "/documents/{id}/{filename}": {
            "get": {
                "tags": ["Files"],
                "operationId": "document_file",
                "summary": "A registry PDF, as linked from attachments[].url",
                "description": "ETag is the file's SHA-1. Files of public pages are "
                f"cached publicly for {settings.QMS_DOCUMENT_CACHE_SECONDS} s; "
                "others are private, no-store.",
                "parameters": [
                    path_id("The Wagtail document id."),
                    {
                        "name": "filename",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    IF_NONE_MATCH,
                ],
                "responses": {
                    "200": {
                        "description": "The PDF.",
                        "content": {"application/pdf": {}},
                        "headers": {
                            "ETag": {"$ref": "#/components/headers/ETag"},
                            "Cache-Control": {
                                "$ref": "#/components/headers/CacheControl"
                            },
                        },
                    },
                    "302": {
                        "description": "Sign in first: the file's page is private."
                    },
                    "304": NOT_MODIFIED,
                    "403": {"description": "This account may not read the file."},
                    "404": {"description": "No such file, or its page is not live."},
                },
            }
        },
        "/healthz": {
            "get": {
                "tags": ["Site"],
                "operationId": "healthz",
                "summary": "Health of the database and the search engine",
                "responses": {
                    "200": json_response(
                        "Status ok, or degraded when only search is down.",
                        ref("Health"),
                        cached=False,
                    ),
                    "503": json_response(
                        "The database is down.", ref("Health"), cached=False
                    ),
                },
            }
        },
        "/api/schema/": {
            "get": {
                "tags": ["Site"],
                "operationId": "schema",
                "summary": "This OpenAPI document (human-readable at /api/docs/)",
                "responses": {
                    "200": json_response("OpenAPI 3.1.", {"type": "object"}),
                },
            }
        },
    }


def paths(page_detail_schema):
    """Every endpoint, in the order the docs page lists them."""
    return {
        **wagtail_endpoint(
            "pages",
            "Pages",
            ref("PageListing"),
            page_detail_schema,
            [
                query(
                    "html_path",
                    "A path below the site's root page, without the language prefix, "
                    "e.g. /1-zhetektoochu-protsesster/ust-1-08/ (finds Kyrgyz pages).",
                ),
                query("id", "A page id.", {"type": "integer"}),
            ],
        ),
        **search_paths(),
        **wagtail_endpoint(
            "documents",
            "Documents",
            ref("WagtailDocumentListing"),
            ref("WagtailDocument"),
            [query("id", "A document id.", {"type": "integer"})],
        ),
        **wagtail_endpoint(
            "images",
            "Images",
            ref("WagtailImageListing"),
            ref("WagtailImage"),
            [query("id", "An image id.", {"type": "integer"})],
        ),
        **site_paths(),
    }
