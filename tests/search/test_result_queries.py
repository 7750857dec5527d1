"""Search answers cost few queries per result: under load each is a database round trip."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def results_and_queries(client, url, params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, len(queries)


@pytest.mark.parametrize("url", ["/api/v2/search/", "/ky/search/"])
def test_ten_results_cost_no_more_queries_than_one(client, search_index, url):
    one, one_queries = results_and_queries(
        client, url, {"q": "УСТ 1.08", "locale": "ky", "page_size": 1}
    )
    ten, ten_queries = results_and_queries(
        client, url, {"q": "НМУнун", "locale": "ky", "page_size": 10}
    )
    assert one.status_code == ten.status_code == 200
    if url.startswith("/api/"):
        assert (one.json()["count"], len(ten.json()["results"])) == (1, 10)
    assert ten_queries <= one_queries


def test_each_result_names_its_own_process_group(client, search_index):
    data = client.get(
        "/api/v2/search/", {"q": "положение", "locale": "ru", "page_size": 10}
    ).json()
    assert len(data["results"]) == 10
    for result in data["results"]:
        # A cipher's number before the dot is its group: ПО 2.13 is in group 2.
        group = int(result["cipher"].split()[-1].split(".")[0])
        assert result["process_group"]["number"] == group
