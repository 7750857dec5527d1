"""Admin sign-in: after QMS_LOGIN_MAX_FAILURES failures, a wait, said in ky and ru."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "туура-сырсөз-2026"


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.QMS_LOGIN_MAX_FAILURES = 3
    settings.QMS_LOGIN_LOCKOUT_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "redaktor", "redaktor@qms.local", PASSWORD
    )


def sign_in(client, password, username="redaktor", address="10.0.0.1", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, **kwargs):
    for _ in range(times):
        assert sign_in(client, "туура эмес", **kwargs).status_code == 200


def test_failures_up_to_the_limit_only_show_the_form_error(client, editor):
    fail(client, 2)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_after_the_limit_even_the_right_password_waits_with_a_kyrgyz_message(
    client, editor
):
    fail(client, 3)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Кирүү аракеттери өтө көп" in body
    assert "10 мүнөттөн кийин" in body
    assert not response.wsgi_request.user.is_authenticated


def test_the_message_is_in_russian_for_a_russian_browser(client, editor):
    fail(client, 3)
    response = sign_in(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 429
    assert "Слишком много попыток входа" in response.content.decode()
    assert "через 10 минут" in response.content.decode()


def test_another_address_or_name_is_not_held_back(client, editor):
    fail(client, 3)
    assert sign_in(client, "туура эмес", username="башка").status_code == 200
    assert sign_in(client, PASSWORD, address="10.0.0.2").status_code == 302


def test_the_name_is_counted_whatever_its_case(client, editor):
    fail(client, 2)
    fail(client, 1, username="REDAKTOR")
    assert sign_in(client, PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_the_count(client, editor):
    fail(client, 2)
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    fail(client, 2)
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_wait_ends_with_the_window(client, editor, settings):
    fail(client, 3)
    assert sign_in(client, PASSWORD).status_code == 429
    cache.clear()  # what the cache does when QMS_LOGIN_LOCKOUT_SECONDS have passed
    assert sign_in(client, PASSWORD).status_code == 302
