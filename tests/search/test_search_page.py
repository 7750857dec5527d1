"""The public search page."""

import pytest
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_with_cipher_type_and_group(client, search_index):
    html = client.get("/ky/search/", {"q": "ички аудит"}).content.decode()
    assert '<html lang="ky">' in html
    assert "УСТ 1.08" in html
    assert "<mark>" in html
    assert 'class="result-list"' in html


def test_search_page_in_russian(client, search_index, document):
    russian = document.get_translation(Locale.objects.get(language_code="ru"))
    html = client.get("/ru/search/", {"q": "внутренний аудит"}).content.decode()
    assert '<html lang="ru">' in html
    assert (
        f'<a href="{russian.url}"><mark>Внутренний</mark> <mark>аудит</mark></a>'
        in html
    )


def test_an_empty_query_shows_the_form_without_results(client, search_index):
    response = client.get("/ky/search/", {"q": ""})
    assert response.status_code == 200
    assert 'class="result-list"' not in response.content.decode()


def test_zero_results_page_helps_the_visitor_on(client, search_index, groups):
    html = client.get("/ky/search/", {"q": "зыгзыгзыг"}).content.decode()
    assert 'class="no-results"' in html
    assert groups[1].url in html


def test_query_text_is_never_reflected_as_html(client, search_index):
    html = client.get(
        "/ky/search/", {"q": '<script>alert("x")</script>'}
    ).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_filter_value_is_explained(client, search_index):
    response = client.get("/ky/search/", {"q": "аудит", "type": "ЖОК"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_obsolete_documents_are_hidden_unless_asked_for(
    client, search_index, document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document.status = "obsolete"
        document.save_revision().publish()
    html = client.get("/ky/search/", {"q": "ички аудит"}).content.decode()
    assert document.url not in html
    html = client.get(
        "/ky/search/", {"q": "ички аудит", "obsolete": "on"}
    ).content.decode()
    assert document.url in html
