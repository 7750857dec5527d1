"""The search API for headless front-ends."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db
URL = "/api/v2/search/"


def test_results_come_in_rank_order_with_the_documented_fields(client, search_index):
    data = client.get(URL, {"q": "УСТ 1.08", "locale": "ky"}).json()
    assert data["query"] == "УСТ 1.08"
    assert data["count"] >= 1
    first = data["results"][0]
    assert first["cipher"] == "УСТ 1.08"
    assert first["title"] == "Ички аудит"
    assert first["locale"] == "ky"
    assert first["document_type"]["code"] == "УСТ"
    assert first["process_group"]["number"] == 1
    assert first["status"] == "in_force"
    assert first["url"].startswith("http://testserver/ky/")
    assert set(first) >= {
        "id",
        "title",
        "cipher",
        "url",
        "locale",
        "document_type",
        "process_group",
        "status",
        "snippets",
        "score",
    }
    scores = [item["score"] for item in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {"group", "type", "tag", "status"} >= set(data["facets"])


def test_russian_search_finds_russian_titles(client, search_index):
    data = client.get(URL, {"q": "положения о кафедре", "locale": "ru"}).json()
    assert data["results"][0]["cipher"] == "ПО 2.11"
    assert all(item["locale"] == "ru" for item in data["results"])


def test_filters_narrow_the_results(client, search_index):
    data = client.get(URL, {"q": "студенттер", "locale": "ky", "group": 4}).json()
    assert data["results"] and all(
        item["process_group"]["number"] == 4 for item in data["results"]
    )
    data = client.get(URL, {"q": "башкаруу", "locale": "ky", "type": "СТУ"}).json()
    assert data["results"] and all(
        item["document_type"]["code"] == "УСТ" for item in data["results"]
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": ""}, "empty_query"),
        ({"q": "   "}, "empty_query"),
        ({"q": "x" * 201}, "invalid_parameters"),
        ({"q": "аудит", "group": "9"}, "invalid_parameters"),
        ({"q": "аудит", "group": "abc"}, "invalid_parameters"),
        ({"q": "аудит", "type": "ЖОК"}, "invalid_parameters"),
        ({"q": "аудит", "status": "secret"}, "invalid_parameters"),
        ({"q": "аудит", "tag": "жок-тег"}, "invalid_parameters"),
        ({"q": "аудит", "page": "0"}, "invalid_parameters"),
        ({"q": "аудит", "locale": "en"}, "unknown_locale"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, search_index, params, code):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_error_messages_speak_the_requested_language(client, search_index):
    body = client.get(URL, {"q": "", "locale": "ru"}).json()
    assert "q" in body["error"]["message"]


def test_suggestions_complete_titles_and_ciphers(client, search_index):
    titles = client.get(URL + "suggest/", {"q": "Ички ау", "locale": "ky"}).json()[
        "suggestions"
    ]
    assert "УСТ 1.08" in [item["cipher"] for item in titles]
    ciphers = client.get(URL + "suggest/", {"q": "УСТ 1.0", "locale": "ky"}).json()[
        "suggestions"
    ]
    assert "УСТ 1.08" in [item["cipher"] for item in ciphers]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(min_size=1, max_size=250))
def test_no_query_ever_gives_a_server_error(client, search_index, query):
    response = client.get(URL, {"q": query, "locale": "ky"})
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")
