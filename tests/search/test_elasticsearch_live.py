"""The Elasticsearch backend against a real server, when ELASTICSEARCH_URL names one."""

import os

import pytest

from qms_search.backends.base import IndexedDocument, PDFPage, SearchQuery
from tests.search.conftest import elasticsearch_backend

NO_ELASTICSEARCH = (
    "ELASTICSEARCH_URL is not set: no Elasticsearch server to test against"
)

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"), reason=NO_ELASTICSEARCH
    ),
]

AUDIT, CONTROL, OLD, LONG, AUDIT_RU = 101, 102, 103, 104, 201
FILE = 9001


def document(page_id, title, cipher, locale="ky", **fields):
    """A document page; group 1, type УСТ and in force unless told otherwise."""
    defaults = {
        "type_code": "УСТ",
        "type_codes": ("СТУ", "УСТ"),
        "type_name": "Уюмдун стандарты",
        "group_number": 1,
        "group_title": "Башкаруу",
        "status": "in_force",
    }
    return IndexedDocument(
        page_id=page_id,
        locale=locale,
        title=title,
        cipher=cipher,
        cipher_key=cipher.replace(" ", "").upper(),
        url=f"/{locale}/{page_id}/",
        **{**defaults, **fields},
    )


def corpus():
    return [
        document(
            AUDIT,
            "Ички аудит",
            "УСТ 1.08",
            tags=("аудит",),
            pages=(
                PDFPage(
                    FILE, 1, "Аудиттин максаты: сапат менеджмент тутумун текшерүү."
                ),
                PDFPage(FILE, 2, "Аудиттин жыйынтыгы боюнча верификация жүргүзүлөт."),
            ),
        ),
        document(
            CONTROL,
            "Документтерди көзөмөлдөө",
            "ЖЖ 3.19:nn",
            type_code="ЖЖ",
            type_codes=("ЖЖ", "ПО"),
            group_number=3,
            status="draft",
            tags=("аудит",),
            summary="Документтердин аудиттери жана долбоорлору.",
        ),
        document(OLD, "Эски аудит жобосу", "УС 4.10", status="obsolete"),
        document(
            LONG,
            "Өлчөө каражаттары",
            "УН 4.03",
            # Three million characters on one page: highlighting must not fail.
            pages=(PDFPage(FILE + 1, 1, "калибрлөө " + "сап " * 750_000),),
        ),
        document(AUDIT_RU, "Внутренний аудит", "СТУ 1.08", locale="ru"),
    ]


@pytest.fixture
def backend():
    with elasticsearch_backend() as backend:
        yield backend


@pytest.fixture
def loaded(backend):
    backend.rebuild(iter(corpus()))
    return backend


def search(backend, text, locale="ky", **options):
    return backend.search(SearchQuery(text=text, locale=locale, **options))


def found(backend, text, locale="ky", **options):
    return [hit.page_id for hit in search(backend, text, locale, **options).hits]


def aliased_indices(backend, locale):
    alias = backend.alias(locale)
    return list(backend.client.indices.get_alias(name=alias).body)


def test_an_inflected_word_finds_the_document_and_marks_the_title(loaded):
    results = search(loaded, "аудиттердин")
    assert results.hits[0].page_id == AUDIT
    assert results.hits[0].title_html == "Ички <mark>аудит</mark>"


def test_a_spelling_without_kyrgyz_letters_finds_them(loaded):
    assert found(loaded, "козомолдоо") == [CONTROL]


@pytest.mark.parametrize("text", ["УСТ 1.08", "уст1.08", "YCT 1.08", "СТУ 1.08"])
def test_a_cipher_in_any_spelling_ranks_its_document_first(loaded, text):
    assert found(loaded, text)[0] == AUDIT


def test_a_cipher_without_its_instance_suffix_finds_the_instances(loaded):
    assert found(loaded, "ПО 3.19")[0] == CONTROL


def test_a_word_only_in_the_pdf_is_found_with_its_page_number(loaded):
    (hit,) = search(loaded, "верификация").hits
    assert hit.page_id == AUDIT
    (snippet,) = hit.snippets
    assert (snippet.page, snippet.file_id) == (2, FILE)
    assert "<mark>верификация</mark>" in snippet.html


def test_a_page_of_three_million_characters_is_highlighted_without_failing(loaded):
    (hit,) = search(loaded, "калибрлөө").hits
    assert hit.page_id == LONG
    assert "<mark>калибрлөө</mark>" in hit.snippets[0].html


def test_obsolete_documents_appear_only_when_asked_for(loaded):
    assert OLD not in found(loaded, "аудит")
    assert OLD in found(loaded, "аудит", include_obsolete=True)


def test_a_search_never_crosses_locales(loaded):
    assert found(loaded, "аудит", locale="ru") == [AUDIT_RU]


def test_facets_count_every_match_not_only_the_page_shown(loaded):
    results = search(loaded, "аудит", page_size=1)
    assert results.total == 2 and len(results.hits) == 1
    assert dict(results.facets["group"]) == {"1": 1, "3": 1}
    assert dict(results.facets["status"]) == {"in_force": 1, "draft": 1}
    assert dict(results.facets["tag"]) == {"аудит": 2}


def test_filters_narrow_the_matches(loaded):
    assert found(loaded, "аудит", group=3) == [CONTROL]
    assert found(loaded, "аудит", type_code="УСТ") == [AUDIT]
    assert found(loaded, "аудит", type_code="ПО") == [CONTROL]
    assert found(loaded, "аудит", tag="АУДИТ", status="draft") == [CONTROL]


def test_suggestions_complete_title_words_and_ciphers(loaded):
    assert [s.page_id for s in loaded.suggest("Ички ау", "ky")] == [AUDIT]
    assert AUDIT in [s.page_id for s in loaded.suggest("УСТ 1.0", "ky")]


def test_a_rebuild_moves_the_alias_to_a_new_index_and_deletes_the_old(loaded):
    before = aliased_indices(loaded, "ky")
    replacement = [d for d in corpus() if d.page_id != AUDIT]
    loaded.rebuild(iter(replacement))
    after = aliased_indices(loaded, "ky")
    assert len(after) == 1 and after != before
    assert not loaded.client.indices.exists(index=before[0])
    assert AUDIT not in found(loaded, "аудит")


def test_an_update_is_searchable_at_once_and_a_delete_removes_it(loaded):
    loaded.index([document(105, "Сапат саясаты", "УСТ 1.01")])
    assert found(loaded, "саясаты") == [105]
    loaded.delete([105, 999_999])
    assert found(loaded, "саясаты") == []


def test_the_first_update_creates_the_indices(backend):
    backend.index([document(106, "Сапат саясаты", "УСТ 1.01")])
    assert found(backend, "саясат") == [106]


def test_health_reports_the_cluster_and_both_indices(loaded):
    ok, detail = loaded.health()
    assert ok, detail
