"""The search engine is unreachable: visitors are told, editors still publish, nothing is lost."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from qms_pages.models import QMSDocumentPage
from qms_search.backends import get_backend
from qms_search.backends.base import SearchQuery
from qms_search.models import PendingIndexUpdate
from tests.pages.test_admin import document_form

pytestmark = pytest.mark.django_db

# Nothing listens on the discard port: every connection is refused at once.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def engine_down(settings):
    """Elasticsearch configured at a closed port."""
    settings.QMS_ELASTICSEARCH_URL = UNREACHABLE
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


def bring_back(settings, search_index_path):
    """The engine is back: here, the embedded index takes Elasticsearch's place."""
    settings.QMS_ELASTICSEARCH_URL = ""
    settings.QMS_SEARCH_INDEX_PATH = search_index_path
    get_backend.cache_clear()
    return get_backend()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ky", "Издөө убактылуу иштебей турат."),
        ("ru", "Поиск временно недоступен."),
    ],
)
def test_visitors_are_told_search_is_down_and_can_still_browse(
    client, engine_down, document, language, message
):
    response = client.get(f"/{language}/search/", {"q": "ички аудит"})
    assert response.status_code == 503
    assert message in response.content.decode()
    assert client.get(f"/{language}/").status_code == 200
    assert client.get(document.url).status_code == 200


def test_the_search_api_answers_503_with_a_reason(client, engine_down):
    response = client.get(reverse("qms_search_api"), {"q": "аудит", "locale": "ru"})
    assert response.status_code == 503
    assert response.json()["error"] == {
        "code": "search_unavailable",
        "message": "Поиск временно недоступен.",
    }
    suggestions = client.get(
        reverse("qms_search_suggest"), {"q": "ауд", "locale": "ky"}
    )
    assert suggestions.json() == {"suggestions": []}
    assert suggestions["Cache-Control"] == "no-store"


def test_publishing_works_and_the_update_waits_until_the_engine_is_back(
    admin_client,
    groups,
    search_index,
    engine_down,
    settings,
    django_capture_on_commit_callbacks,
):
    url = reverse(
        "wagtailadmin_pages:add", args=["qms_pages", "qmsdocumentpage", groups[3].pk]
    )
    form = document_form(groups, title="Кампустагы өрт коопсуздугу")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**form, "action-publish": "action-publish"})
    assert response.status_code == 302
    page = QMSDocumentPage.objects.get(slug="zhany-zhobo", locale__language_code="ky")
    assert page.live
    waiting = PendingIndexUpdate.objects.get(page_id=page.pk)
    assert waiting.attempts >= 1
    assert UNREACHABLE in waiting.last_error

    backend = bring_back(settings, search_index.path)
    out = StringIO()
    call_command("qms_search_worker", "--once", stdout=out)
    assert "0 waiting" in out.getvalue()
    hits = backend.search(SearchQuery(text="өрт коопсуздугу", locale="ky")).hits
    assert [hit.page_id for hit in hits] == [page.pk]


def test_a_reindex_while_the_engine_is_down_fails_clearly_and_keeps_the_queue(
    engine_down, document
):
    PendingIndexUpdate.objects.create(page_id=document.pk)
    with pytest.raises(CommandError, match="The search engine is unavailable"):
        call_command("qms_reindex", stdout=StringIO(), stderr=StringIO())
    assert PendingIndexUpdate.objects.filter(page_id=document.pk).exists()
