"""The OpenAPI schema at /api/schema/ and its readable page at /api/docs/."""

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from qms_pages.models import (
    ProcessGroupPage,
    QMSDocumentAttachment,
    QMSDocumentPage,
    QMSHomePage,
    QMSMasterListPage,
)
from qms_site.openapi.fields import api_page_models
from qms_site.openapi.schema import build_schema
from tests.factories import PDFDocumentFactory

PAGE_MODELS = [QMSHomePage, ProcessGroupPage, QMSDocumentPage, QMSMasterListPage]


@pytest.fixture(scope="module")
def schema():
    return build_schema()


def conforms(instance, schema, component):
    """Whether an API answer matches a component of the schema."""
    root = {"$ref": f"#/components/schemas/{component}", **schema}
    return OAS31Validator(root).is_valid(instance)


def test_schema_is_a_valid_openapi_document(schema):
    validate(schema)


def test_schema_is_served_as_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver"}]
    validate(document)


def test_every_endpoint_is_described(schema):
    assert set(schema["paths"]) >= {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/pages/find/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/search/",
        "/api/v2/search/suggest/",
        "/documents/{id}/{filename}",
        "/healthz",
    }


def test_pages_listing_documents_wagtails_query_parameters(schema):
    listing = schema["paths"]["/api/v2/pages/"]["get"]
    names = {parameter.get("name") for parameter in listing["parameters"]}
    assert names >= {
        "type",
        "fields",
        "limit",
        "offset",
        "order",
        "search",
        "locale",
        "translation_of",
        "child_of",
        "descendant_of",
    }
    find = schema["paths"]["/api/v2/pages/find/"]["get"]
    assert "html_path" in {parameter["name"] for parameter in find["parameters"]}


def test_search_parameters_match_the_search_form(schema):
    search = schema["paths"]["/api/v2/search/"]["get"]
    names = {parameter.get("name") for parameter in search["parameters"]}
    assert names >= {
        "q",
        "locale",
        "group",
        "type",
        "tag",
        "status",
        "obsolete",
        "page",
    }


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_api_field_of_a_page_type_is_in_the_schema(schema, model):
    own_fields = schema["components"]["schemas"][model.__name__]["allOf"][1]
    described = set(own_fields["properties"])
    assert {field.name for field in model.api_fields} <= described
    assert all(own_fields["properties"][name]["description"] for name in described)


def test_the_schema_covers_every_page_type_with_api_fields():
    assert set(api_page_models()) == set(PAGE_MODELS)


def test_field_labels_stay_in_english_whatever_the_active_language(schema):
    document = schema["components"]["schemas"]["QMSDocumentPage"]["allOf"][1]
    assert document["properties"]["cipher"]["description"].startswith("Cipher")
    assert document["properties"]["status"]["enum"] == ["in_force", "draft", "obsolete"]


def test_every_error_shape_is_one_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert conforms(
        {"error": {"code": "not_found", "message": "Not Found"}}, schema, "Error"
    )
    assert not conforms({"message": "only Wagtail's key"}, schema, "Error")


def test_docs_page_lists_endpoints_parameters_and_fields(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "/api/v2/pages/{id}/",
        "/api/v2/search/suggest/",
        "child_of",
        "html_path",
        'id="schema-QMSDocumentPage"',
        "file_hash",
        "revision_history",
    ):
        assert text in html
    # Offline: the page loads no scripts, styles or images from anywhere.
    assert "<script" not in html
    assert "<link" not in html
    assert 'src="' not in html


@pytest.mark.django_db
def test_a_real_document_detail_matches_its_schema(client, schema, document):
    attachment = PDFDocumentFactory()
    QMSDocumentAttachment(page=document, document=attachment).save()
    document.tags.add("аудит")
    document.save_revision().publish()
    data = client.get(f"/api/v2/pages/{document.pk}/").json()
    assert conforms(data, schema, "QMSDocumentPage")
    assert data["attachments"] and conforms(
        data["attachments"][0], schema, "Attachment"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [QMSHomePage, ProcessGroupPage], ids=lambda model: model.__name__
)
def test_home_and_group_details_match_their_schemas(client, schema, model):
    page = model.objects.live().filter(locale__language_code="ru").first()
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert conforms(data, schema, model.__name__)


@pytest.mark.django_db
def test_a_listing_matches_its_schema(client, schema, groups):
    data = client.get(
        "/api/v2/pages/",
        {
            "type": "qms_pages.QMSDocumentPage",
            "child_of": groups[1].pk,
            "fields": "cipher,status,attachments",
        },
    ).json()
    assert data["items"]
    assert conforms(data, schema, "PageListing")
