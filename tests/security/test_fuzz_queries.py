"""Hostile queries and parameters against the search page, the search API and the pages API."""

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qms_search.backends.base import SearchQuery
from qms_search.backends.elasticsearch import search_request

pytestmark = pytest.mark.django_db

# Per test; QMS_FUZZ_EXAMPLES raises it for a longer run (scripts/fuzz.py).
EXAMPLES = int(os.environ.get("QMS_FUZZ_EXAMPLES", 30))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Markup that must never come back unescaped.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><b>qmsx</b>",
]
# Query syntax of FTS5, Elasticsearch's query_string and SQL.
SYNTAX = [
    "NEAR(аудит жобо, 2)",
    "аудит*",
    '"ички',
    "AND",
    "OR",
    "NOT",
    "^аудит",
    "title:аудит",
    "cipher:*",
    "{title}: x",
    "*",
    "?",
    "~2",
    "аудит~",
    "+аудит -жобо",
    "(a OR b) AND c",
    "[* TO *]",
    "/.*/",
    "_exists_:title",
    "' OR 1=1 --",
    "'; DROP TABLE documents; --",
    "%' UNION SELECT sql FROM sqlite_master --",
    "\\",
    "\x00",
    "\x1b[2J",
    "\ud800",
    "\U0010ffff",
    "\u202e",
]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec=None, categories=["Cc", "Cs", "Co", "Zs"])),
    st.sampled_from(PAYLOADS + SYNTAX),
    st.lists(st.sampled_from(PAYLOADS + SYNTAX + ["аудит", "жобо", "УСТ 1.08"])).map(
        " ".join
    ),
    st.text(min_size=1, max_size=3).map(lambda s: s * 2000),
)
hostile_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["-1", "0", "1e9", "NaN", "0x10", "١٢", "²", " 1", "1 ", ""]),
)
hostile_value = st.one_of(hostile_text, hostile_number)


def url(path, params):
    """path?query with every value percent-encoded, lone surrogates as their bytes."""
    pairs = "&".join(
        f"{quote(name)}={quote(value, safe='', errors='surrogatepass')}"
        for name, value in params.items()
    )
    return f"{path}?{pairs}"


def assert_escaped(body):
    """No payload comes back as markup."""
    lowered = body.lower()
    for payload in PAYLOADS:
        assert payload.lower() not in lowered
    assert "<b>qmsx" not in lowered


def assert_api_answer(response):
    """JSON, never a 500; an error always in the shared shape."""
    assert response.status_code in (200, 400, 404), response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    if response.status_code != 200:
        assert isinstance(body["error"]["code"], str)
        assert isinstance(body["error"]["message"], str)
        assert body["error"]["message"]
    return body


@FUZZ
@given(
    locale=st.sampled_from(["ky", "ru"]),
    q=hostile_text,
    group=hostile_value,
    kind=hostile_text,
    status=hostile_text,
    page=hostile_number,
)
@example(locale="ky", q=PAYLOADS[0], group="1", kind="", status="", page="1")
def test_the_search_page_never_fails_nor_echoes_markup(
    client, search_index, locale, q, group, kind, status, page
):
    params = {"q": q, "group": group, "type": kind, "status": status, "page": page}
    response = client.get(url(f"/{locale}/search/", params))
    assert response.status_code == 200
    assert_escaped(response.content.decode())


@FUZZ
@given(
    q=hostile_text,
    locale=st.one_of(st.sampled_from(["ky", "ru"]), hostile_text),
    tag=hostile_text,
    page=hostile_number,
    obsolete=hostile_text,
)
def test_the_search_api_answers_json_or_a_json_error(
    client, search_index, q, locale, tag, page, obsolete
):
    params = {"q": q, "locale": locale, "tag": tag, "page": page, "obsolete": obsolete}
    assert_api_answer(client.get(url("/api/v2/search/", params)))
    assert_api_answer(client.get(url("/api/v2/search/suggest/", {"q": q})))


PAGES_PARAMETERS = [
    "type",
    "fields",
    "order",
    "limit",
    "offset",
    "locale",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "search",
    "search_operator",
    "site",
    "html_path",
    "id",
    "title",
    "slug",
    "cipher",
    "status",
    "rich_text_format",
]


@FUZZ
@given(
    endpoint=st.sampled_from(
        ["/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"]
    ),
    params=st.dictionaries(st.sampled_from(PAGES_PARAMETERS), hostile_value),
    typed=st.booleans(),
)
def test_the_listing_endpoints_answer_json_or_a_json_error(
    client, endpoint, params, typed
):
    if typed and endpoint == "/api/v2/pages/":
        params = {"type": "qms_pages.QMSDocumentPage", **params}
    assert_api_answer(client.get(url(endpoint, params)))


@FUZZ
@given(
    endpoint=st.sampled_from(["pages", "documents", "images"]),
    params=st.dictionaries(st.sampled_from(["id", "html_path"]), hostile_value),
)
def test_find_answers_a_redirect_or_a_json_error(client, endpoint, params):
    response = client.get(url(f"/api/v2/{endpoint}/find/", params))
    if response.status_code != 302:
        assert_api_answer(response)


def found(backend, text, locale="ky"):
    """The page ids a query finds."""
    results = backend.search(SearchQuery(text=text, locale=locale, page_size=100))
    return {hit.page_id for hit in results.hits}


@pytest.mark.parametrize(
    ("hostile", "literal"),
    [
        ("title:аудит OR *", "title аудит"),
        ("аудит OR жобо", "аудит жобо"),
        ("аудит NOT жобо", "аудит not жобо"),
        ("NEAR(ички аудит)", "near ички аудит"),
        ("ички AND аудит", "ички and аудит"),
        ("ауд*", "ауд"),
        ("^аудит", "аудит"),
        ('"ички аудит" OR "жобо"', "ички аудит жобо"),
        ("{title summary}: аудит", "title summary аудит"),
        ("аудит' OR '1'='1", "аудит or 1 1"),
    ],
)
def test_query_syntax_finds_only_what_its_literal_words_find(
    search_index, hostile, literal
):
    # An operator would widen the match (OR, *, a column filter) or narrow it (NOT).
    assert found(search_index, hostile) == found(search_index, literal)


def test_a_lone_star_or_operator_finds_nothing(search_index):
    for text in ("*", "OR", "AND", "NEAR", "-", '"', "^", ":"):
        assert found(search_index, text) == set()


@FUZZ
@given(text=hostile_text)
def test_the_embedded_index_treats_any_text_as_words(search_index, text):
    search_index.search(SearchQuery(text=text, locale="ky"))
    search_index.suggest(text, "ky")


ELASTICSEARCH_SYNTAX = {"query_string", "simple_query_string", "regexp", "wildcard"}


def query_types(node):
    """Every query type named anywhere in an Elasticsearch request body."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from query_types(value)
    elif isinstance(node, list):
        for item in node:
            yield from query_types(item)


@FUZZ
@given(text=hostile_text)
@example(text="title:x OR *")
def test_elasticsearch_requests_never_parse_query_syntax(text):
    body = search_request(SearchQuery(text=text, locale="ky")).to_dict()
    assert ELASTICSEARCH_SYNTAX.isdisjoint(query_types(body))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/find/?id=null",
        "/api/v2/documents/find/?id=1.5",
        "/api/v2/images/find/?id=%C2%B2",
        "/api/v2/pages/?offset=6741981999164851355555725312",
        "/api/v2/documents/?offset=99999999999999999999",
        "/api/v2/pages/?locale=xx",
        "/api/v2/pages/?site=nowhere.example",
        "/api/v2/images/?search=a&search_operator=J",
        "/api/v2/pages/?search=аудит&search_operator=",
        "/api/v2/pages/?type=qms_pages.QMSDocumentPage&cipher=%00",
        "/api/v2/documents/?title=a%00b",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/documents/find/?html_path=a%00",
        "/api/v2/images/find/?id=1&html_path=%00",
    ],
)
def test_parameters_that_were_500s_or_404s_are_400s(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert assert_api_answer(response)["error"]["code"] == "invalid_parameters"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/search/?q=аудит&locale=k%00y",
        "/api/v2/search/?q=аудит&tag=a%00",
        "/api/v2/search/?q=аудит&type=%00",
        "/api/v2/search/suggest/?q=ауд&locale=%00",
    ],
)
def test_a_nul_in_any_search_parameter_is_a_400(client, search_index, path):
    assert client.get(path).status_code == 400
