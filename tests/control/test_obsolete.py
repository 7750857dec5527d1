"""An obsolete document: still reachable, clearly marked, out of the default listings."""

import datetime

import pytest

from qms_pages.models import QMSDocumentPage, QMSMasterListPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def obsolete(document, issued, django_capture_on_commit_callbacks, search_index):
    """УСТ 1.08 withdrawn on 1 September 2025, published (and indexed) as such."""
    with django_capture_on_commit_callbacks(execute=True):
        document.status = QMSDocumentPage.Status.OBSOLETE
        document.obsolete_on = datetime.date(2025, 9, 1)
        document.save_revision().publish()
    return document


@pytest.fixture
def russian(obsolete):
    return obsolete.get_translations().get(locale__language_code="ru")


def test_the_page_stays_reachable_with_a_dated_banner_in_both_languages(
    client, obsolete, russian
):
    html = client.get(obsolete.url).content.decode()
    assert "Бул документ күчүн жоготкон." in html
    assert "Ал 01.09.2025 күнүнөн тартып күчүндө эмес." in html
    html = client.get(russian.url).content.decode()
    assert "Этот документ утратил силу." in html
    assert "Он не действует с 01.09.2025." in html


def test_its_history_and_files_are_kept(client, obsolete, issued):
    html = client.get(obsolete.url).content.decode()
    assert issued.url in html
    # Its last revision is no longer called current.
    assert "учурдагы" not in html
    assert client.get(issued.url).status_code == 200
    assert [row.label for row in obsolete.issued_revisions] == ["1"]


def test_the_group_page_leaves_it_out_unless_asked(client, groups, obsolete, russian):
    html = client.get(groups[1].url).content.decode()
    assert obsolete.url not in html
    assert "Күчүн жоготкон 1 документти да көрсөтүү" in html
    html = client.get(groups[1].url, {"obsolete": ""}).content.decode()
    assert obsolete.url in html
    russian_group = russian.get_parent()
    html = client.get(russian_group.url).content.decode()
    assert russian.url not in html
    assert "Показать также 1 документ, утративший силу" in html


def test_the_master_list_leaves_it_out_unless_asked(client, home, obsolete):
    master_list = QMSMasterListPage.objects.child_of(home).get()
    assert obsolete.url not in client.get(master_list.url).content.decode()
    for query in ({"status": "obsolete"}, {"obsolete": "on"}):
        assert obsolete.url in client.get(master_list.url, query).content.decode()


def test_the_home_page_counts_only_documents_in_force(client, home, groups, obsolete):
    count = QMSDocumentPage.objects.child_of(groups[1]).count()
    html = client.get(home.url).content.decode()
    assert f"{count - 1} документ" in html


@pytest.mark.parametrize("language, query", [("ky", "ички аудит"), ("ru", "аудит")])
def test_search_leaves_it_out_unless_asked(client, obsolete, language, query):
    page = obsolete.get_translations(inclusive=True).get(locale__language_code=language)
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert f'href="{page.url}"' not in html
    html = client.get(
        f"/{language}/search/", {"q": query, "obsolete": "on"}
    ).content.decode()
    assert f'href="{page.url}"' in html


def test_the_search_api_leaves_it_out_unless_asked(client, obsolete, russian):
    for page, locale in ((obsolete, "ky"), (russian, "ru")):
        found = client.get("/api/v2/search/", {"q": "аудит", "locale": locale}).json()
        assert page.pk not in [row["id"] for row in found["results"]]
        found = client.get(
            "/api/v2/search/", {"q": "аудит", "locale": locale, "status": "obsolete"}
        ).json()
        assert [row["id"] for row in found["results"]] == [page.pk]
