"""The Elasticsearch index body: analysis, mapping and settings, checked without a server."""

import json
import re

import pytest

from qms_search.backends.base import IndexedDocument, PDFPage, SearchQuery
from qms_search.backends.elasticsearch import (
    MAX_ANALYZED_OFFSET,
    document_source,
    index_body,
    search_request,
)

LOCALES = ("ky", "ru")

# Built into Elasticsearch 8, so an index may name them without defining them.
BUILT_IN = {
    "tokenizer": {"standard", "whitespace", "keyword", "pattern", "letter"},
    "filter": {"lowercase", "uppercase", "asciifolding", "trim", "stop", "snowball"},
    "char_filter": {"html_strip", "mapping", "pattern_replace"},
    "normalizer": {"lowercase"},
}
# The filters Elasticsearch's documentation allows in a normalizer.
NORMALIZER_FILTERS = {
    "arabic_normalization",
    "asciifolding",
    "bengali_normalization",
    "cjk_width",
    "decimal_digit",
    "elision",
    "german_normalization",
    "hindi_normalization",
    "indic_normalization",
    "lowercase",
    "pattern_replace",
    "persian_normalization",
    "scandinavian_folding",
    "serbian_normalization",
    "sorani_normalization",
    "trim",
    "uppercase",
}


@pytest.fixture(params=LOCALES)
def locale(request):
    return request.param


@pytest.fixture
def body(locale):
    # Through JSON, as the client sends it.
    return json.loads(json.dumps(index_body(locale)))


@pytest.fixture
def analysis(body):
    return body["settings"]["analysis"]


@pytest.fixture
def fields(body):
    return body["mappings"]["properties"]


def defined(analysis, kind, name):
    return name in analysis.get(kind, {}) or name in BUILT_IN[kind]


def test_each_locale_index_has_its_own_analyzers_and_the_suggest_analyzer(
    locale, analysis
):
    assert set(analysis["analyzer"]) == {
        f"qms_{locale}",
        f"qms_{locale}_folded",
        "qms_suggest",
    }


def test_text_fields_use_the_locale_analyzer_with_a_folded_sub_field(locale, fields):
    for field in (
        fields["title"],
        fields["summary"],
        fields["pages"]["properties"]["text"],
    ):
        assert field["type"] == "text"
        assert field["analyzer"] == f"qms_{locale}"
        assert field["fields"]["folded"]["analyzer"] == f"qms_{locale}_folded"


def test_pdf_pages_are_nested_documents_with_offsets_for_the_unified_highlighter(
    fields,
):
    pages = fields["pages"]
    assert pages["type"] == "nested"
    # Also flattened into the document, so one query can require all the words.
    assert pages["include_in_root"] is True
    assert pages["properties"]["number"]["type"] == "integer"
    assert pages["properties"]["file_id"]["type"] == "integer"
    text = pages["properties"]["text"]
    assert text["index_options"] == "offsets"
    assert text["fields"]["folded"]["index_options"] == "offsets"


def test_highlighted_fields_index_offsets_so_long_texts_are_never_re_analysed(fields):
    for name in ("title", "summary"):
        assert fields[name]["index_options"] == "offsets"
        assert fields[name]["fields"]["folded"]["index_options"] == "offsets"


def test_facets_and_filters_are_keyword_fields(fields):
    for name in ("locale", "status", "group", "type_code", "type_codes", "tags"):
        assert fields[name]["type"] == "keyword"
    # A tag filter matches whatever case the visitor typed.
    assert fields["tags"]["fields"]["key"]["normalizer"] == "lowercase"


def test_the_cipher_is_a_keyword_with_a_normalised_key_and_words(locale, fields):
    cipher = fields["cipher"]
    assert cipher["type"] == "keyword"
    assert cipher["fields"]["key"] == {"type": "keyword", "normalizer": "qms_cipher"}
    assert cipher["fields"]["text"]["type"] == "text"
    assert fields["cipher_canonical"]["type"] == "keyword"
    assert fields["cipher_number"]["type"] == "keyword"


def test_titles_complete_as_the_visitor_types(fields):
    suggest = fields["title"]["fields"]["suggest"]
    assert suggest == {"type": "search_as_you_type", "analyzer": "qms_suggest"}


def test_the_mapping_refuses_fields_it_does_not_know(body):
    assert body["mappings"]["dynamic"] == "strict"


def test_highlighting_is_bounded_on_the_index_and_queries_stay_within_the_bound(body):
    index = body["settings"]["index"]
    assert index["highlight"]["max_analyzed_offset"] == MAX_ANALYZED_OFFSET
    request = search_request(SearchQuery(text="аудит", locale="ky")).to_dict()
    # The index's bound wins when it is lower, so the query's must not exceed it.
    assert request["highlight"]["max_analyzed_offset"] <= MAX_ANALYZED_OFFSET


def test_one_shard_and_a_replica_only_where_there_is_a_second_node(body):
    index = body["settings"]["index"]
    assert index["number_of_shards"] == 1
    assert index["auto_expand_replicas"] == "0-1"


def test_every_analysis_component_an_analyzer_names_is_defined_or_built_in(analysis):
    for name, analyzer in analysis["analyzer"].items():
        assert defined(analysis, "tokenizer", analyzer["tokenizer"]), name
        for char_filter in analyzer.get("char_filter", []):
            assert defined(analysis, "char_filter", char_filter), (name, char_filter)
        for token_filter in analyzer.get("filter", []):
            assert defined(analysis, "filter", token_filter), (name, token_filter)
    for name, token_filter in analysis["filter"].items():
        # A condition filter applies other filters: they must exist too.
        for inner in token_filter.get("filter", []):
            assert defined(analysis, "filter", inner), (name, inner)


def test_every_analyzer_and_normalizer_the_mapping_names_is_defined(analysis, fields):
    def walk(properties):
        for field in properties.values():
            yield field
            yield from walk(field.get("fields", {}))
            yield from walk(field.get("properties", {}))

    for field in walk(fields):
        if "analyzer" in field:
            assert field["analyzer"] in analysis["analyzer"]
        if "normalizer" in field:
            assert defined(analysis, "normalizer", field["normalizer"])


def test_the_cipher_normalizer_uses_only_what_normalizers_allow(analysis):
    normalizer = analysis["normalizer"]["qms_cipher"]
    for name in normalizer["char_filter"]:
        assert analysis["char_filter"][name]["type"] in {"mapping", "pattern_replace"}
    for name in normalizer["filter"]:
        kind = analysis["filter"][name]["type"] if name in analysis["filter"] else name
        assert kind in NORMALIZER_FILTERS


def test_every_pattern_compiles_and_uses_syntax_java_shares(analysis):
    patterns = [
        (name, component)
        for kind in ("char_filter", "filter", "tokenizer")
        for name, component in analysis[kind].items()
        if "pattern" in component
    ]
    assert len(patterns) > 5
    for name, component in patterns:
        # Python's lookbehind must be fixed-width, Java's only bounded: what compiles
        # here compiles there, unless it uses Python-only syntax.
        re.compile(component["pattern"])
        assert "(?P" not in component["pattern"], name
        replacement = component.get("replacement", "")
        assert not re.search(r"\\\d|\\g<", replacement), (name, replacement)


def test_mapping_char_filter_rules_have_a_source_and_a_target(analysis):
    for name, char_filter in analysis["char_filter"].items():
        if char_filter["type"] == "mapping":
            for rule in char_filter["mappings"]:
                source, arrow, _target = rule.partition("=>")
                assert arrow and source, (name, rule)


def test_an_indexed_document_fits_the_strict_mapping(fields):
    document = IndexedDocument(
        page_id=7,
        locale="ky",
        title="Ички аудит",
        cipher="ПО 2.03",
        cipher_key="ПО2.03",
        type_code="ЖЖ",
        type_codes=("ЖЖ", "ПО"),
        type_name="Жобо",
        group_number=2,
        group_title="Негизги процесстер",
        status="in_force",
        url="/ky/7/",
        tags=("аудит",),
        summary="Кыскача",
        pages=(PDFPage(file_id=3, number=2, text="Экинчи бет"),),
    )
    source = document_source(document)
    assert set(source) <= set(fields)
    assert set(source["pages"][0]) <= set(fields["pages"]["properties"])
    assert source["group"] == "2"
    assert source["cipher_canonical"] == "ЖЖ2.03"
    assert source["cipher_number"] == "2.03"
    assert source["pages"] == [{"file_id": 3, "number": 2, "text": "Экинчи бет"}]
