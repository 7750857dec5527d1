"""CSRF on every form that changes something, and no framing by other sites."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "туура-сырсөз-2026"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def strict():
    """A browser-like client: Django checks CSRF tokens as it does for real ones."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "redaktor", "r@qms.local", PASSWORD
    )


def login_token(client):
    """The token the sign-in form carries, with its cookie set on the client."""
    return TOKEN.search(client.get(LOGIN).content.decode()).group(1)


def test_signing_in_with_the_forms_token_works(strict, editor):
    token = login_token(strict)
    response = strict.post(
        LOGIN,
        {"username": "redaktor", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_signing_in_without_a_token_is_refused(strict, editor):
    strict.get(LOGIN)
    response = strict.post(LOGIN, {"username": "redaktor", "password": PASSWORD})
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated


def test_a_token_from_another_browser_is_refused(strict, editor):
    other = Client(enforce_csrf_checks=True)
    forged = login_token(other)
    strict.get(LOGIN)
    response = strict.post(
        LOGIN,
        {"username": "redaktor", "password": PASSWORD, "csrfmiddlewaretoken": forged},
    )
    assert response.status_code == 403


def test_a_post_from_another_origin_over_https_is_refused(strict, editor):
    token = login_token(strict)
    response = strict.post(
        LOGIN,
        {"username": "redaktor", "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403


def test_the_search_form_only_reads_and_refuses_posts(strict):
    page = strict.get("/ky/search/").content.decode()
    assert re.search(r'<form class="search-form" method="get"', page)
    assert strict.post("/ky/search/", {"q": "аудит"}).status_code == 403


def test_the_api_refuses_writes_with_json(strict):
    for path in ("/api/v2/pages/", "/api/v2/search/?q=аудит"):
        response = strict.post(path, {})
        assert response.status_code in (403, 405)
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "path",
    ["/ky/", "/ru/master-list/", "/ky/search/?q=аудит", "/api/v2/pages/", LOGIN],
)
def test_no_other_site_may_frame_a_page(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    if not path.startswith("/admin/"):
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
