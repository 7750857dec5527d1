"""The registry in Kyrgyz and Russian."""

import re

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from qms_pages.models import (
    DocumentType,
    ProcessGroupPage,
    QMSDocumentPage,
    QMSHomePage,
    QMSMasterListPage,
)
from tests.factories import QMSDocumentPageFactory

pytestmark = pytest.mark.django_db
KYRGYZ_ONLY_LETTERS = re.compile("[ңөүҢӨҮ]")


@pytest.fixture
def russian():
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def master_list(home):
    return QMSMasterListPage.objects.child_of(home).get()


def test_the_russian_registry_is_complete(russian):
    documents = QMSDocumentPage.objects.filter(locale=russian, alias_of__isnull=True)
    assert documents.count() == 74
    assert ProcessGroupPage.objects.filter(locale=russian).count() == 4
    assert DocumentType.objects.filter(locale=russian).count() == 13
    master_list = QMSMasterListPage.objects.get(locale=russian)
    assert master_list.title == "Полный перечень документов"
    assert master_list.alias_of_id is None


def test_no_kyrgyz_text_is_left_in_russian_titles(russian):
    pages = Page.objects.filter(locale=russian).exclude(depth=1)
    leftovers = [page.title for page in pages if KYRGYZ_ONLY_LETTERS.search(page.title)]
    assert leftovers == []
    names = DocumentType.objects.filter(locale=russian).values_list("name", flat=True)
    assert not [name for name in names if KYRGYZ_ONLY_LETTERS.search(name)]


@pytest.mark.parametrize(
    ("cipher", "title"),
    [
        ("УСТ 1.08", "Внутренний аудит"),
        ("УД 1.01", "Устав НГУ"),
    ],
)
def test_russian_titles_are_official_russian(russian, cipher, title):
    assert QMSDocumentPage.objects.get(cipher=cipher, locale=russian).title == title


def test_russian_pages_keep_cipher_number_and_type(russian, document):
    translated = document.get_translation(russian)
    assert translated.cipher == document.cipher
    assert translated.number == document.number
    assert (
        translated.document_type.translation_key
        == document.document_type.translation_key
    )
    assert translated.document_type.abbreviation == "СТУ"
    assert document.document_type.abbreviation == "УСТ"


def test_russian_home_page_speaks_russian(client, home, russian):
    translated = home.get_translation(russian)
    response = client.get(translated.url)
    html = response.content.decode()
    assert translated.url.startswith("/ru/")
    assert '<html lang="ru">' in html
    assert "Нарынский государственный университет" in html
    assert "Стандарт университета" in html


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_page_type_renders_in_both_languages(
    client, home, document, master_list, language
):
    locale = Locale.objects.get(language_code=language)
    for page in (home, document.get_parent(), document, master_list):
        translated = page.get_translation(locale)
        response = client.get(translated.url)
        assert response.status_code == 200, translated.url
        assert f'<html lang="{language}">' in response.content.decode()


def test_switcher_leads_to_the_same_page_in_the_other_language(
    client, document, russian
):
    translated = document.get_translation(russian)
    html = client.get(document.url).content.decode()
    assert f'href="{translated.url}" hreflang="ru"' in html
    assert f'<link rel="alternate" hreflang="ru" href="{translated.url}">' in html
    back = client.get(translated.url).content.decode()
    assert f'href="{document.url}" hreflang="ky"' in back
    for url in (translated.url, document.url):
        assert client.get(url).status_code == 200


def test_an_untranslated_page_is_reachable_in_russian_with_a_notice(
    client, groups, russian
):
    page = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.95", title="Жаңы жобо")
    alias = page.copy_for_translation(russian, alias=True)
    html = client.get(page.url).content.decode()
    assert f'href="{alias.url}" hreflang="ru"' in html
    response = client.get(alias.url)
    text = response.content.decode()
    assert response.status_code == 200
    assert '<main id="main" class="container" tabindex="-1" lang="ky">' in text
    assert 'class="banner banner-notice"' in text
    assert "Жаңы жобо" in text


def test_switcher_never_leads_to_a_404_for_a_page_with_no_russian_version(
    client, groups
):
    page = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.96")
    html = client.get(page.url).content.decode()
    assert 'href="/ru/" hreflang="ru"' in html
    assert client.get("/ru/").status_code == 200


def test_po_export_and_import_round_trip(document, russian):
    source = TranslationSource.objects.get_for_instance(document)
    translation = Translation.objects.get(source=source, target_locale=russian)
    po = translation.export_po()
    entry = next(entry for entry in po if entry.msgctxt == "title")
    assert entry.msgid == "Ички аудит"
    assert entry.msgstr == "Внутренний аудит"
    entry.msgstr = "Внутренний аудит (ред. 2)"
    translation.import_po(po)
    translation.save_target(publish=True)
    assert document.get_translation(russian).title == "Внутренний аудит (ред. 2)"


def test_api_filters_by_locale_and_lists_translations(client, russian, document):
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "qms_pages.QMSDocumentPage",
            "locale": "ru",
            "fields": "cipher,translations",
            "limit": 100,
        },
    )
    data = response.json()
    assert data["meta"]["total_count"] == 74
    item = next(item for item in data["items"] if item["cipher"] == "УСТ 1.08")
    assert item["title"] == "Внутренний аудит"
    assert item["meta"]["locale"] == "ru"
    assert item["translations"] == [
        {
            "id": document.pk,
            "locale": "ky",
            "title": "Ички аудит",
            "url": document.url,
            "translated": True,
        }
    ]


def test_a_private_source_page_makes_its_translation_private(client, document, russian):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=document, restriction_type="login")
    translated = document.get_translation(russian)
    assert client.get(translated.url).status_code == 302
    PageViewRestriction.objects.filter(page=document).delete()
    assert client.get(translated.url).status_code == 200


def test_the_home_page_lists_the_legend_in_each_language(home, russian):
    assert [kind.abbreviation for kind in home.document_types()][:3] == [
        "НД",
        "КН",
        "ДП",
    ]
    russian_home = QMSHomePage.objects.get(locale=russian)
    assert [kind.abbreviation for kind in russian_home.document_types()][:3] == [
        "НД",
        "ДИ",
        "ДП",
    ]
