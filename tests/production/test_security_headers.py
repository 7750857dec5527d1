"""Security headers a visitor's browser receives."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_content_security_policy(client, home):
    policy = client.get(home.url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy


def test_pages_may_be_framed_only_by_the_site_itself(client, home):
    assert client.get(home.url)["X-Frame-Options"] == "SAMEORIGIN"


def test_forms_that_change_data_need_a_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "admin", "password": "x"})
    assert response.status_code == 403
