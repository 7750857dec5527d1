"""The /healthz endpoint used by monitoring and the compose healthchecks."""

import pytest

from qms_search.backends import get_backend

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_search(client, search_index):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["search"]["ok"] is True
    assert body["search"]["pending_updates"] == 0
    assert "no-cache" in response["Cache-Control"]


def test_search_down_is_degraded_not_down(client, settings, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    settings.QMS_SEARCH_INDEX_PATH = broken
    get_backend.cache_clear()
    try:
        response = client.get("/healthz")
    finally:
        get_backend.cache_clear()
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["search"]["ok"] is False
    assert body["search"]["detail"]


def test_an_unreachable_elasticsearch_is_reported(client, settings):
    settings.QMS_ELASTICSEARCH_URL = "http://127.0.0.1:9"
    get_backend.cache_clear()
    try:
        body = client.get("/healthz").json()
    finally:
        get_backend.cache_clear()
    assert body["status"] == "degraded"
    assert body["search"]["ok"] is False
    assert "127.0.0.1:9" in body["search"]["detail"]
