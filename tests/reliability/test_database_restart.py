"""PostgreSQL drops the site's connection, as a restart does: the site recovers alone."""

from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from wagtail import hooks
from wagtail.models import Collection, Locale, Page

from qms_pages.models import QMSHomePage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


@pytest.fixture
def registry(postgres):
    """The registry, committed: the test drops connections, so no transaction can wrap it."""
    if not QMSHomePage.objects.exists():
        Locale.objects.get_or_create(language_code="ky")
        Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        call_command("load_qms_registry", verbosity=0)


def terminate(backend_pid):
    """End a server process from another connection and wait until it is gone."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid])


def get(path):
    """Status and body of a GET through the WSGI handler, as a server worker runs it.

    Unlike the test client, it lets Django close broken connections between requests.
    """
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = int(status.split()[0])

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response).decode()
    finally:
        response.close()
    return started["status"], body


def serving_backend_pid():
    """The server process behind the site's connection."""
    return connection.connection.info.backend_pid


def test_a_connection_dropped_mid_request_gives_an_error_page_then_recovers(
    registry,
):
    killed = []

    def drop_connection(page, request, serve_args, serve_kwargs):
        # The page was read; the rest of the page still needs the database.
        if not killed:
            killed.append(serving_backend_pid())
            terminate(killed[0])

    with hooks.register_temporarily("before_serve_page", drop_connection):
        status, body = get("/ky/")
    assert killed
    assert status == 500
    # The site's own error page, in both languages, with no traceback.
    assert "Сервердеги ката · Ошибка сервера" in body
    assert "Traceback" not in body
    status, body = get("/ky/")
    assert status == 200
    assert "Сапат" in body


def test_a_connection_dropped_between_requests_is_replaced(registry):
    seen = []

    def remember(page, request, serve_args, serve_kwargs):
        seen.append(serving_backend_pid())

    with hooks.register_temporarily("before_serve_page", remember):
        assert get("/ky/")[0] == 200
        terminate(seen[0])
        assert get("/ru/")[0] == 200
    assert seen[1] != seen[0]
