"""What every search backend must do, run against each one the `backend` fixture offers."""

import dataclasses

import pytest

from qms_search.backends.base import FACETS, PDFPage, SearchQuery, SearchResults

MALFORMED = [
    '"',
    "*",
    "(",
    ")",
    "NEAR(",
    "аудит NEAR(",
    "AND OR",
    "OR",
    "NOT аудит",
    "-",
    "-аудит",
    ":",
    "title:аудит",
    "аудит*",
    "^аудит",
    "{title}: аудит",
    "'; DROP TABLE documents; --",
    "😀",
    "аудит 😀",
    "\u0301",
    "a" * 1000,
    "аудит " * 170,
]


def search(backend, text, locale="ky", **filters):
    return backend.search(SearchQuery(text=text, locale=locale, **filters))


def found(backend, text, locale="ky", **filters):
    """Page ids a query finds, in rank order."""
    return [hit.page_id for hit in search(backend, text, locale, **filters).hits]


def replaced(document, **changes):
    return dataclasses.replace(document, **changes)


# Words and their forms


@pytest.mark.parametrize("word", ["аудит", "аудиттин", "аудиттер", "Аудитти"])
def test_a_kyrgyz_title_word_is_found_in_any_inflected_form(indexed, ids, word):
    assert found(indexed, word)[0] == ids["УСТ 1.08", "ky"]


@pytest.mark.parametrize(
    ("word", "cipher"),
    [
        ("документ", "УСТ 3.07"),
        ("документтерди", "УСТ 3.07"),
        ("студенттер", "ПО 2.13"),
        ("студенттердин", "ПО 2.13"),
        ("студенттердин", "ЖЖ 4.01"),
    ],
)
def test_kyrgyz_plural_and_case_endings_meet_the_title(indexed, ids, word, cipher):
    assert ids[cipher, "ky"] in found(indexed, word)


@pytest.mark.parametrize("word", ["положение", "положения", "положении", "Положением"])
def test_a_russian_title_word_is_found_in_any_case(indexed, ids, word):
    pages = found(indexed, word, locale="ru")
    assert ids["ПО 2.11", "ru"] in pages
    assert ids["ПО 2.13", "ru"] in pages


def test_several_words_find_the_document_with_all_of_them_first(indexed, ids):
    assert found(indexed, "положения о кафедре", locale="ru")[0] == ids["ПО 2.11", "ru"]
    assert found(indexed, "внутреннего аудита", locale="ru")[0] == ids["УСТ 1.08", "ru"]


def test_words_typed_without_kyrgyz_letters_still_match(indexed, ids):
    assert ids["ЖЖ 1.09", "ky"] in found(indexed, "корсоткуч")  # PDF: көрсөткүчтөрү
    assert found(indexed, "денгээлин")[0] == ids["ЖЖ 4.13", "ky"]  # title: деңгээлин


def test_the_exact_kyrgyz_spelling_ranks_above_the_folded_one(indexed, ids):
    exact, folded = ids["ЖЖ 1.09", "ky"], ids["ЖЖ 4.13", "ky"]
    assert found(indexed, "көрсөткүч")[:2] == [exact, folded]
    # Typed without ң ө ү, the document spelled the same way comes first.
    assert found(indexed, "корсоткуч")[:2] == [folded, exact]


def test_matched_title_words_are_marked(indexed):
    hit = search(indexed, "аудиттин").hits[0]
    assert hit.title_html == "Ички <mark>аудит</mark>"


# Ciphers


@pytest.mark.parametrize(
    "spelling", ["УСТ 1.08", "уст1.08", "1.08", "СТУ 1.08", "YCT 1.08"]
)
def test_a_cipher_in_any_spelling_finds_its_document_first(indexed, ids, spelling):
    assert found(indexed, spelling)[0] == ids["УСТ 1.08", "ky"]
    assert found(indexed, spelling, locale="ru")[0] == ids["УСТ 1.08", "ru"]


def test_a_cipher_printed_with_the_russian_prefix_is_found_by_the_kyrgyz_one(
    indexed, ids
):
    assert found(indexed, "УСТ 1.12")[0] == ids["СТУ 1.12", "ky"]
    assert found(indexed, "ЖЖ 2.13")[0] == ids["ПО 2.13", "ky"]


def test_a_cipher_ranks_above_a_document_that_only_mentions_it(indexed, ids):
    pages = found(indexed, "УСТ 1.08")
    assert pages.index(ids["УСТ 1.08", "ky"]) < pages.index(ids["ЖЖ 1.09", "ky"])


# PDF text and snippets


def test_a_word_only_in_a_pdf_finds_the_document_with_the_page_number(indexed, ids):
    hit = search(indexed, "верификация").hits[0]
    assert hit.page_id == ids["УСТ 1.08", "ky"]
    pdf = [snippet for snippet in hit.snippets if snippet.page is not None]
    assert [(snippet.page, snippet.file_id) for snippet in pdf] == [
        (2, hit.page_id * 10)
    ]
    assert "<mark>верификация</mark>" in pdf[0].html


def test_snippets_are_escaped_before_words_are_marked(indexed):
    snippet = search(indexed, "калибрлөө").hits[0].snippets[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet.html
    assert "<script>" not in snippet.html
    assert "<mark>калибрлөө</mark>" in snippet.html
    assert "&amp;" in snippet.html


def test_a_hit_has_at_most_three_snippets_and_the_title_comes_first(indexed, ids):
    hit = search(indexed, "аудит").hits[0]
    assert 1 <= len(hit.snippets) <= 3
    assert hit.snippets[0].page is None
    assert [snippet.page for snippet in hit.snippets[1:]] == [1, 2]


def test_a_snippet_from_a_long_page_is_a_window_around_the_match(backend, corpus):
    filler = " ".join(["сапат менеджмент тутуму"] * 200)
    text = f"{filler} бир жолу гана архивдештирүү жүргүзүлөт. {filler}"
    page = PDFPage(file_id=7, number=3, text=text)
    backend.index([replaced(corpus[0], pages=(page,))])
    (snippet,) = search(backend, "архивдештирүү").hits[0].snippets
    assert (snippet.page, snippet.file_id) == (3, 7)
    assert "<mark>архивдештирүү</mark>" in snippet.html
    assert len(snippet.html.split()) < 45


# Languages


def test_a_kyrgyz_query_never_returns_russian_pages(indexed, corpus):
    russian = {document.page_id for document in corpus if document.locale == "ru"}
    for text in ["аудит", "УСТ 1.08", "1.08", "верификация", "кафедра", "практика"]:
        pages = found(indexed, text)
        assert pages
        assert not russian & set(pages)


def test_a_russian_query_never_returns_kyrgyz_pages(indexed, corpus):
    kyrgyz = {document.page_id for document in corpus if document.locale == "ky"}
    for text in ["аудит", "УСТ 1.08", "верификация", "кафедра"]:
        pages = found(indexed, text, locale="ru")
        assert pages
        assert not kyrgyz & set(pages)


# Filters, facets, status, pages of results


def test_filters_narrow_the_results(indexed, ids):
    assert set(found(indexed, "башкаруу", group=3)) == {
        ids["УСТ 3.07", "ky"],
        ids["УСТ 3.08", "ky"],
    }
    by_type = {ids["УСТ 3.07", "ky"], ids["УСТ 3.08", "ky"], ids["СТУ 1.12", "ky"]}
    assert set(found(indexed, "башкаруу", type_code="УСТ")) == by_type
    assert set(found(indexed, "башкаруу", tag="документтер")) == {
        ids["УСТ 3.07", "ky"],
        ids["УСТ 3.08", "ky"],
    }
    assert found(indexed, "башкаруу", status="draft") == [ids["УСТ 3.08", "ky"]]
    assert found(indexed, "башкаруу", group=2) == []


def test_facets_count_every_match_not_only_the_shown_page(indexed):
    results = search(indexed, "башкаруу", page_size=1)
    assert len(results.hits) == 1
    assert results.total == 4
    assert set(results.facets) == set(FACETS)
    assert dict(results.facets["group"]) == {"1": 1, "3": 2, "4": 1}
    assert dict(results.facets["type"]) == {"УСТ": 3, "УН": 1}
    assert dict(results.facets["status"]) == {"in_force": 3, "draft": 1}
    assert dict(results.facets["tag"]) == {"документтер": 2}


def test_facets_follow_the_filters(indexed):
    results = search(indexed, "башкаруу", group=3)
    assert results.total == 2
    assert dict(results.facets["group"]) == {"3": 2}


def test_obsolete_documents_are_left_out_unless_asked_for(indexed, ids):
    obsolete = ids["УСТ 4.10", "ky"]
    assert obsolete not in found(indexed, "башкаруу")
    assert obsolete not in found(indexed, "продукция")
    assert obsolete in found(indexed, "башкаруу", include_obsolete=True)
    assert found(indexed, "башкаруу", status="obsolete") == [obsolete]


def test_pages_of_results_follow_each_other_without_overlap(indexed):
    everything = found(indexed, "башкаруу", include_obsolete=True)
    assert len(everything) == 5
    pages = [
        search(indexed, "башкаруу", include_obsolete=True, page=number, page_size=2)
        for number in (1, 2, 3, 4)
    ]
    assert [len(page.hits) for page in pages] == [2, 2, 1, 0]
    assert {page.total for page in pages} == {5}
    assert [hit.page_id for page in pages for hit in page.hits] == everything


def test_scores_come_in_rank_order(indexed):
    scores = [hit.score for hit in search(indexed, "башкаруу").hits]
    assert scores == sorted(scores, reverse=True)


def test_a_query_that_matches_nothing_gives_empty_results(indexed):
    results = search(indexed, "жокбусөз")
    assert results.total == 0
    assert results.hits == []


# Changes to the index


def test_deleted_pages_are_no_longer_found(indexed, ids):
    audit = ids["УСТ 1.08", "ky"]
    indexed.delete([audit, 999_999])
    assert audit not in found(indexed, "аудит")
    assert audit not in found(indexed, "УСТ 1.08")
    assert found(indexed, "верификация") == []
    assert ids["УСТ 1.08", "ru"] in found(indexed, "аудит", locale="ru")


def test_indexing_a_page_again_replaces_it(indexed, corpus, ids):
    practice = next(d for d in corpus if d.page_id == ids["ПО 2.13", "ky"])
    indexed.index(
        [replaced(practice, title="Студенттердин стажировкасы жөнүндө", pages=())]
    )
    assert practice.page_id not in found(indexed, "практика")
    assert found(indexed, "стажировка") == [practice.page_id]
    assert found(indexed, "студенттер").count(practice.page_id) == 1


def test_a_rebuild_replaces_the_whole_index(indexed, corpus, ids):
    kept = [d for d in corpus if d.cipher != "УСТ 1.08"]
    indexed.rebuild(document for document in kept)
    assert ids["УСТ 1.08", "ky"] not in found(indexed, "аудит")
    assert found(indexed, "кафедра", locale="ru")
    indexed.rebuild([])
    assert found(indexed, "кафедра", locale="ru") == []


# Suggestions


def suggested(backend, prefix, locale="ky"):
    return [item.page_id for item in backend.suggest(prefix, locale)]


def test_suggestions_complete_title_words(indexed, ids):
    audit = ids["УСТ 1.08", "ky"]
    assert audit in suggested(indexed, "Ички ау")
    assert audit in suggested(indexed, "ауд")
    assert ids["УСТ 1.08", "ru"] in suggested(indexed, "Внутр", locale="ru")
    assert ids["ЖЖ 4.13", "ky"] in suggested(indexed, "денгээ")  # деңгээлин


def test_suggestions_complete_ciphers(indexed, ids):
    assert ids["УСТ 1.08", "ky"] in suggested(indexed, "УСТ 1.0")
    assert ids["УСТ 1.08", "ky"] in suggested(indexed, "уст1.0")
    assert ids["СТУ 1.12", "ky"] in suggested(indexed, "УСТ 1.1")
    assert ids["УСТ 3.07", "ky"] not in suggested(indexed, "УСТ 1.0")


def test_suggestions_carry_title_and_cipher_and_stay_in_their_locale(
    indexed, ids, corpus
):
    (item,) = [
        s
        for s in indexed.suggest("Ички ау", "ky")
        if s.page_id == ids["УСТ 1.08", "ky"]
    ]
    assert (item.title, item.cipher) == ("Ички аудит", "УСТ 1.08")
    russian = {document.page_id for document in corpus if document.locale == "ru"}
    assert not russian & set(suggested(indexed, "аудит"))
    assert len(indexed.suggest("б", "ky", limit=2)) <= 2


@pytest.mark.parametrize("prefix", ["", " ", '"', "*", "(", "NEAR(", "😀", "a" * 300])
def test_odd_suggestion_prefixes_never_raise(indexed, prefix):
    assert isinstance(indexed.suggest(prefix, "ky"), list)


# Queries that are not search syntax


@pytest.mark.parametrize("text", MALFORMED)
@pytest.mark.parametrize("locale", ["ky", "ru"])
def test_malformed_queries_never_raise(indexed, text, locale):
    results = search(indexed, text, locale)
    assert isinstance(results, SearchResults)
    assert results.total >= len(results.hits)
