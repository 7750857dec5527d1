"""Anonymous visitors never see a draft: not by URL, listing, API or search."""

import pytest

from qms_pages.models import QMSDocumentPage, QMSMasterListPage
from tests.factories import QMSDocumentPageFactory

from .conftest import edit_form, post_edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(owner_client, document, django_capture_on_commit_callbacks, search_index):
    """A change to УСТ 1.08 submitted for approval, not yet approved."""
    data = edit_form(owner_client, document)
    data["title"] = "Ички аудит жаңы долбоор"
    data["summary"] = "Кварцтык текшерүүлөр"
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(owner_client, document, data, "action-submit")
    return QMSDocumentPage.objects.get(pk=document.pk)


@pytest.fixture
def new_draft(groups, django_capture_on_commit_callbacks, search_index):
    """A new document never published."""
    with django_capture_on_commit_callbacks(execute=True):
        page = QMSDocumentPageFactory(
            parent=groups[1], title="Жашыруун долбоор", cipher="УСТ 1.99", live=False
        )
    return page


def test_a_submitted_change_is_invisible_until_approved(client, submitted, groups):
    assert submitted.current_workflow_state is not None
    assert "жаңы долбоор" not in client.get(submitted.url).content.decode()
    assert "жаңы долбоор" not in client.get(groups[1].url).content.decode()
    body = client.get(f"/api/v2/pages/{submitted.pk}/").json()
    assert body["title"] == "Ички аудит"
    found = client.get("/api/v2/search/", {"q": "кварцтык", "locale": "ky"}).json()
    assert found["count"] == 0
    found = client.get("/api/v2/search/", {"q": "ички аудит", "locale": "ky"}).json()
    assert submitted.pk in [row["id"] for row in found["results"]]
    assert "жаңы долбоор" not in str(found)


def test_a_new_draft_is_nowhere_public(client, new_draft, groups, home):
    assert new_draft.url.startswith("/ky/")
    assert client.get(new_draft.url).status_code == 404
    assert "Жашыруун долбоор" not in client.get(groups[1].url).content.decode()
    master_list = QMSMasterListPage.objects.child_of(home).get()
    query = {"status": "draft"}
    assert "Жашыруун долбоор" not in client.get(master_list.url, query).content.decode()
    listing = client.get(
        "/api/v2/pages/", {"type": "qms_pages.QMSDocumentPage", "limit": 100}
    ).json()
    assert new_draft.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/pages/{new_draft.pk}/").status_code == 404
    found = client.get("/api/v2/search/", {"q": "жашыруун", "locale": "ky"}).json()
    assert found["count"] == 0
