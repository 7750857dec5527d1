"""Front-ends on the origins in CORS_ALLOWED_ORIGINS may call /api/, and only /api/."""

import pytest

FRONT_END = "https://qms-front.example.edu.kg"
STRANGER = "https://elsewhere.example.com"


@pytest.fixture(autouse=True)
def allowed_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END]


def test_an_allowed_origin_may_read_the_api(client):
    response = client.get("/api/schema/", HTTP_ORIGIN=FRONT_END)
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "origin" in response["Vary"].lower()


def test_another_origin_gets_no_cors_headers(client):
    response = client.get("/api/schema/", HTTP_ORIGIN=STRANGER)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_from_an_allowed_origin_is_answered(client):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=FRONT_END,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0


def test_a_preflight_from_another_origin_is_not_allowed(client):
    response = client.options(
        "/api/v2/search/",
        HTTP_ORIGIN=STRANGER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_an_empty_allow_list_allows_no_origin(client, settings):
    settings.CORS_ALLOWED_ORIGINS = []
    response = client.get("/api/schema/", HTTP_ORIGIN=FRONT_END)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_an_api_error_carries_cors_headers_so_the_front_end_can_read_it(client):
    response = client.get("/api/v2/pages/999999/", HTTP_ORIGIN=FRONT_END)
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == FRONT_END


@pytest.mark.django_db
def test_pages_outside_the_api_get_no_cors_headers(client, document):
    response = client.get(document.url, HTTP_ORIGIN=FRONT_END)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
