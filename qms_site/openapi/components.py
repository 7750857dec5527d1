"""Schemas of the API's fixed shapes: Wagtail's envelopes, errors, search and health."""


def ref(name):
    """A reference to a schema under components."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties, required=None, description=None, **extra):
    """An object schema; every property is required unless told otherwise."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }
    if description:
        schema["description"] = description
    return {**schema, **extra}


def array(items, description=None):
    """An array schema."""
    schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}

ERROR = obj(
    {
        "error": obj(
            {
                "code": {
                    "type": "string",
                    "description": "Stable, machine-readable, e.g. not_found, "
                    "invalid_parameters, empty_query, unknown_locale.",
                },
                "message": {
                    "type": "string",
                    "description": "For people; the search API translates it.",
                },
                "fields": {
                    "type": "object",
                    "additionalProperties": array(STRING),
                    "description": "Per parameter messages, when parameters are invalid.",
                },
            },
            required=["code", "message"],
        ),
        "message": {
            "type": "string",
            "description": "Pages, documents and images endpoints only: the same text "
            "as error.message, kept for clients written for Wagtail's API.",
        },
    },
    required=["error"],
    description="Every error under /api/ has this body.",
)

LISTING_META = obj(
    {"total_count": {"type": "integer", "description": "Matches before paging."}}
)

NESTED_PAGE = obj(
    {
        "id": INTEGER,
        "meta": obj({"type": STRING, "detail_url": URL, "html_url": URL}),
        "title": STRING,
    },
    description="A page linked from another one.",
)

PAGE_META = obj(
    {
        "type": {"type": "string", "description": "app_label.ModelName"},
        "detail_url": URL,
        "html_url": {"type": ["string", "null"], "format": "uri"},
        "slug": STRING,
        "show_in_menus": BOOLEAN,
        "seo_title": STRING,
        "search_description": STRING,
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "alias_of": {"anyOf": [ref("NestedPage"), {"type": "null"}]},
        "parent": {
            "anyOf": [ref("NestedPage"), {"type": "null"}],
            "description": "Detail only.",
        },
        "locale": {"type": "string", "enum": ["ky", "ru"]},
    },
    required=["type", "detail_url"],
)

PAGE_SUMMARY = obj(
    {"id": INTEGER, "meta": ref("PageMeta"), "title": STRING},
    description="A listed page: id, meta and title, plus the fields named in "
    "?fields=, shaped as in the page type's detail schema.",
    additionalProperties=True,
)

PAGE_LISTING = obj({"meta": ref("ListingMeta"), "items": array(ref("PageSummary"))})


def file_listing(item):
    """A documents or images listing."""
    return obj({"meta": ref("ListingMeta"), "items": array(ref(item))})


WAGTAIL_FILE_META = obj(
    {
        "type": STRING,
        "detail_url": URL,
        "tags": array(STRING),
        "download_url": URL,
    },
    required=["type", "detail_url"],
)

WAGTAIL_DOCUMENT = obj(
    {"id": INTEGER, "meta": ref("WagtailFileMeta"), "title": STRING},
    description="A file in Wagtail's document library.",
)

WAGTAIL_IMAGE = obj(
    {
        "id": INTEGER,
        "meta": ref("WagtailFileMeta"),
        "title": STRING,
        "width": INTEGER,
        "height": INTEGER,
    },
    required=["id", "meta", "title"],
    description="An image in Wagtail's image library.",
)

FILE = obj(
    {
        "id": INTEGER,
        "title": STRING,
        "filename": STRING,
        "url": {**URL, "description": "/documents/<id>/<filename>; ETag = file_hash."},
        "file_size": {"type": ["integer", "null"], "description": "Bytes."},
        "file_hash": {"type": "string", "description": "Hex digest of the contents."},
        "hash_algorithm": {"type": "string", "enum": ["sha1"]},
    },
    description="A PDF with what a client needs to download and verify it.",
)

ATTACHMENT = {
    "allOf": [ref("File"), obj({"label": STRING})],
    "description": "An attached PDF; the first one is the main file.",
}

REVISION = obj(
    {
        "label": STRING,
        "approved_on": NULLABLE_DATE,
        "approving_act": STRING,
        "effective_on": NULLABLE_DATE,
        "approved_by": STRING,
        "changes": STRING,
        "superseded": {"type": "boolean"},
        "file": {"anyOf": [ref("File"), {"type": "null"}]},
    },
    description="One issued revision, newest first, and the file that was issued.",
)

DOCUMENT_TYPE = obj(
    {
        "id": INTEGER,
        "abbreviation": STRING,
        "code_ky": STRING,
        "code_ru": STRING,
        "name": STRING,
    },
    description="A document type in the page's language, e.g. УСТ/СТУ.",
)

PROCESS_GROUP_REF = obj({"id": INTEGER, "number": INTEGER, "title": STRING})

TRANSLATION = obj(
    {
        "id": INTEGER,
        "locale": STRING,
        "title": STRING,
        "url": STRING,
        "translated": {
            "type": "boolean",
            "description": "False when the page is an untranslated copy.",
        },
    }
)

RELATED_DOCUMENT = obj({"id": INTEGER, "title": STRING, "cipher": STRING})

STREAM_BLOCK = obj(
    {"type": STRING, "value": {}, "id": STRING},
    description="One block of a StreamField.",
)

SEARCH_RESULT = obj(
    {
        "id": INTEGER,
        "title": STRING,
        "title_html": {"type": "string", "description": "Escaped, <mark> on matches."},
        "cipher": STRING,
        "url": URL,
        "locale": STRING,
        "document_type": obj({"code": STRING, "abbreviation": STRING, "name": STRING}),
        "process_group": obj({"number": INTEGER, "title": STRING}),
        "status": {"type": "string", "enum": ["in_force", "draft", "obsolete"]},
        "snippets": array(
            obj(
                {
                    "text": {"type": "string", "description": "Escaped HTML."},
                    "page": {"type": ["integer", "null"], "description": "PDF page."},
                    "url": {"type": ["string", "null"], "format": "uri"},
                }
            )
        ),
        "score": {"type": "number"},
    }
)

FACET_VALUE = obj({"value": STRING, "label": STRING, "count": INTEGER})

SEARCH_RESULTS = obj(
    {
        "query": STRING,
        "count": {"type": "integer", "description": "All matches."},
        "page": INTEGER,
        "page_size": INTEGER,
        "results": array(ref("SearchResult")),
        "facets": {
            "type": "object",
            "description": "Counts by group, type, tag and status over all matches.",
            "additionalProperties": array(ref("FacetValue")),
        },
    }
)

SUGGESTIONS = obj(
    {
        "suggestions": array(
            obj({"id": INTEGER, "title": STRING, "cipher": STRING, "url": STRING})
        )
    }
)

CHECK = obj({"ok": BOOLEAN, "detail": STRING})

HEALTH = obj(
    {
        "status": {"type": "string", "enum": ["ok", "degraded", "down"]},
        "database": ref("Check"),
        "search": {
            "allOf": [ref("Check")],
            "properties": {
                "pending_updates": {
                    "type": "integer",
                    "description": "Index updates waiting; absent when the database is down.",
                }
            },
        },
    }
)

SCHEMAS = {
    "Error": ERROR,
    "ListingMeta": LISTING_META,
    "NestedPage": NESTED_PAGE,
    "PageMeta": PAGE_META,
    "PageSummary": PAGE_SUMMARY,
    "PageListing": PAGE_LISTING,
    "WagtailFileMeta": WAGTAIL_FILE_META,
    "WagtailDocument": WAGTAIL_DOCUMENT,
    "WagtailDocumentListing": file_listing("WagtailDocument"),
    "WagtailImage": WAGTAIL_IMAGE,
    "WagtailImageListing": file_listing("WagtailImage"),
    "File": FILE,
    "Attachment": ATTACHMENT,
    "Revision": REVISION,
    "DocumentType": DOCUMENT_TYPE,
    "ProcessGroupRef": PROCESS_GROUP_REF,
    "Translation": TRANSLATION,
    "RelatedDocument": RELATED_DOCUMENT,
    "StreamBlock": STREAM_BLOCK,
    "SearchResult": SEARCH_RESULT,
    "FacetValue": FACET_VALUE,
    "SearchResults": SEARCH_RESULTS,
    "Suggestions": SUGGESTIONS,
    "Check": CHECK,
    "Health": HEALTH,
}
