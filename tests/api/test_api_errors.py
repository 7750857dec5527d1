"""Every error under /api/ is JSON shaped {"error": {"code", "message"}}."""

import pytest

pytestmark = pytest.mark.django_db


def error_of(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_an_unknown_field_is_invalid_parameters_and_keeps_wagtails_message(client):
    response = client.get("/api/v2/pages/", {"fields": "nonsense"})
    error = error_of(response, 400)
    assert error["code"] == "invalid_parameters"
    assert "nonsense" in error["message"]
    assert response.json()["message"] == error["message"]


def test_an_unknown_query_parameter_is_invalid_parameters(client):
    error = error_of(client.get("/api/v2/pages/", {"colour": "red"}), 400)
    assert error["code"] == "invalid_parameters"
    assert "colour" in error["message"]


def test_an_unknown_page_id_is_a_json_404(client):
    error = error_of(client.get("/api/v2/pages/999999/"), 404)
    assert error["code"] == "not_found"


def test_a_page_id_that_is_not_a_number_is_a_json_404_too(client):
    error = error_of(client.get("/api/v2/pages/abc/"), 404)
    assert error == {"code": "not_found", "message": "Not Found"}


def test_an_unknown_endpoint_is_a_json_404(client):
    assert error_of(client.get("/api/v2/nothing/"), 404)["code"] == "not_found"


def test_unknown_document_and_image_ids_are_json_404s(client):
    assert error_of(client.get("/api/v2/documents/999999/"), 404)["code"] == "not_found"
    assert error_of(client.get("/api/v2/images/999999/"), 404)["code"] == "not_found"


def test_writing_to_the_read_only_api_is_a_json_405(client):
    response = client.post("/api/v2/pages/", {})
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    response = client.post("/api/v2/search/", {"q": "аудит"})
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("url", "params", "code"),
    [
        ("/api/v2/search/", {"q": "аудит", "locale": "xx"}, "unknown_locale"),
        ("/api/v2/search/", {"q": "", "locale": "ru"}, "empty_query"),
        (
            "/api/v2/search/",
            {"q": "аудит", "locale": "ru", "group": 9},
            "invalid_parameters",
        ),
        ("/api/v2/search/suggest/", {"locale": "ru"}, "invalid_parameters"),
    ],
)
def test_bad_search_parameters_get_the_same_shape(client, url, params, code):
    assert error_of(client.get(url, params), 400)["code"] == code


def test_invalid_search_fields_are_named(client):
    error = error_of(client.get("/api/v2/search/", {"q": "аудит", "page": 0}), 400)
    assert list(error["fields"]) == ["page"]


def test_errors_are_never_cached(client):
    assert "no-store" in client.get("/api/v2/pages/999999/")["Cache-Control"]
    assert "no-store" in client.get("/api/v2/search/", {"q": ""})["Cache-Control"]
