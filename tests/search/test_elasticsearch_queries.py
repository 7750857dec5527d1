"""The Elasticsearch backend's requests, response handling and failures, without a server.

Requests are checked as the dicts the client sends. Responses are JSON written from
Elasticsearch 8's documented response format. Failures use the real client: against a
closed port on 127.0.0.1, and against a local HTTP server that answers from a script.
"""

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qms_search.backends.base import (
    FACETS,
    IndexedDocument,
    SearchQuery,
    SearchUnavailable,
    Snippet,
)
from qms_search.backends.elasticsearch import (
    BULK_DOCS,
    MAX_ANALYZED_OFFSET,
    MAX_QUERY_WORDS,
    ElasticsearchBackend,
    parse_results,
    parse_suggestions,
    query_words,
    search_request,
    suggest_request,
)


def request_for(text, **options):
    return search_request(SearchQuery(text=text, locale="ky", **options)).to_dict()


def top_bool(request):
    return request["query"]["bool"]


def word_clause(request):
    """The clause that matches words (the last should clause)."""
    return top_bool(request)["should"][-1]["bool"]


def boosts(clauses):
    """{field: boost} of the match clauses in a list."""
    return {
        field: options["boost"]
        for clause in clauses
        if "match" in clause
        for field, options in clause["match"].items()
    }


def document(page_id=1, locale="ky", cipher="УСТ 1.08", pages=()):
    return IndexedDocument(
        page_id=page_id,
        locale=locale,
        title="Ички аудит",
        cipher=cipher,
        cipher_key=cipher.replace(" ", ""),
        type_code="УСТ",
        type_codes=("СТУ", "УСТ"),
        type_name="Уюмдун стандарты",
        group_number=1,
        group_title="Башкаруу",
        status="in_force",
        url=f"/{locale}/{page_id}/",
        pages=pages,
    )


# ---- The search request -------------------------------------------------------------


def test_a_kyrgyz_word_query_searches_only_kyrgyz_documents_in_force_or_draft():
    filters = top_bool(request_for("аудиттин"))["filter"]
    assert {"term": {"locale": "ky"}} in filters
    assert {"terms": {"status": ["in_force", "draft"]}} in filters


def test_obsolete_documents_are_searched_only_when_asked_for():
    filters = top_bool(request_for("аудит", include_obsolete=True))["filter"]
    assert {"terms": {"status": ["in_force", "draft", "obsolete"]}} in filters
    filters = top_bool(request_for("аудит", status="draft"))["filter"]
    assert {"terms": {"status": ["draft"]}} in filters


def test_every_word_must_occur_somewhere_in_the_folded_fields():
    (every_word,) = word_clause(request_for("ички аудит"))["must"]
    assert every_word["multi_match"] == {
        "query": "ички аудит",
        "type": "cross_fields",
        "operator": "and",
        "fields": [
            "title.folded",
            "summary.folded",
            "cipher.text",
            "pages.text.folded",
        ],
    }


def test_exact_spelling_ranks_above_folded_and_titles_above_summaries():
    ranking = boosts(word_clause(request_for("аудит"))["should"])
    assert ranking["title"] > ranking["title.folded"] > ranking["summary"]
    assert ranking["summary"] > ranking["summary.folded"]


def test_pdf_pages_are_searched_as_nested_documents_exact_above_folded():
    (pages,) = [c for c in word_clause(request_for("аудит"))["should"] if "nested" in c]
    nested = pages["nested"]
    assert nested["path"] == "pages"
    ranking = boosts(nested["query"]["bool"]["should"])
    assert ranking["pages.text"] > ranking["pages.text.folded"]


@pytest.mark.parametrize("text", ["ПО 2.03", "по 2.03", "по2.03", "ПО-2,03"])
def test_a_cipher_query_matches_the_exact_key_first_then_the_equivalent_prefix(text):
    should = top_bool(request_for(text))["should"]
    exact, equivalent, instances = (c["constant_score"] for c in should[:3])
    assert exact["filter"] == {"term": {"cipher.key": "ПО2.03"}}
    assert equivalent["filter"] == {"term": {"cipher_canonical": "ЖЖ2.03"}}
    assert instances["filter"] == {"prefix": {"cipher_canonical": "ЖЖ2.03:"}}
    assert exact["boost"] > equivalent["boost"] > instances["boost"]
    # A cipher outranks any words: the word clause is the last.
    assert "bool" in should[3] and len(should) == 4


def test_a_russian_cipher_prefix_meets_the_kyrgyz_one():
    should = top_bool(request_for("СТУ 1.08"))["should"]
    assert should[1]["constant_score"]["filter"] == {
        "term": {"cipher_canonical": "УСТ1.08"}
    }


def test_a_cipher_with_an_instance_suffix_finds_that_instance_only():
    should = top_bool(request_for("ЖЖ 3.19:nn"))["should"]
    assert should[0]["constant_score"]["filter"] == {
        "term": {"cipher.key": "ЖЖ3.19:NN"}
    }
    assert not any(
        "prefix" in c.get("constant_score", {}).get("filter", {}) for c in should
    )


def test_a_bare_cipher_number_matches_the_number_of_any_prefix():
    should = top_bool(request_for("1.08"))["should"]
    assert should[0]["constant_score"]["filter"] == {"term": {"cipher_number": "1.08"}}


def test_words_alone_give_no_cipher_clause():
    assert len(top_bool(request_for("ички аудит 2017"))["should"]) == 1


def test_any_match_is_enough_but_one_is_required():
    assert top_bool(request_for("аудит"))["minimum_should_match"] == 1


def test_filters_narrow_by_group_type_and_tag():
    filters = top_bool(request_for("жобо", group=4, type_code="УСТ", tag="Аудит"))[
        "filter"
    ]
    assert {"term": {"group": "4"}} in filters
    assert {"term": {"type_codes": "УСТ"}} in filters
    assert {"term": {"tags.key": "Аудит"}} in filters


def test_facets_count_every_match_not_only_the_page_shown():
    request = request_for("аудит", page=3)
    assert list(request["aggs"]) == list(FACETS)
    assert request["aggs"]["type"] == {"terms": {"field": "type_code", "size": 100}}
    assert request["aggs"]["tag"]["terms"]["field"] == "tags"
    # Aggregations see the query's matches; no post_filter or global scope hides any.
    assert "post_filter" not in request
    assert all("global" not in agg for agg in request["aggs"].values())


def test_pages_of_results_use_from_and_size_with_an_exact_total():
    request = request_for("аудит", page=3, page_size=10)
    assert (request["from"], request["size"]) == (20, 10)
    assert request["track_total_hits"] is True


def test_highlights_are_html_escaped_with_marks_and_bounded():
    highlight = request_for("аудит")["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["max_analyzed_offset"] == MAX_ANALYZED_OFFSET
    # The whole title, with words found through the folded field marked too.
    assert highlight["fields"]["title"] == {
        "number_of_fragments": 0,
        "matched_fields": ["title.folded"],
    }


def test_page_snippets_come_from_nested_inner_hits_with_their_page_number():
    (pages,) = [c for c in word_clause(request_for("аудит"))["should"] if "nested" in c]
    inner_hits = pages["nested"]["inner_hits"]
    assert inner_hits["name"] == "pages"
    # The page text can be megabytes: only the page number and file come back.
    assert inner_hits["_source"] is False
    assert inner_hits["docvalue_fields"] == ["pages.number", "pages.file_id"]
    highlight = inner_hits["highlight"]
    assert highlight["encoder"] == "html"
    assert highlight["max_analyzed_offset"] == MAX_ANALYZED_OFFSET
    assert highlight["fields"]["pages.text"]["matched_fields"] == ["pages.text.folded"]


def test_only_the_title_is_fetched_from_the_stored_document():
    assert request_for("аудит")["_source"] == ["title"]


def test_suggestions_complete_title_words_and_ciphers_in_one_locale():
    request = suggest_request("уст 1.0", "ru", 5).to_dict()
    query = request["query"]["bool"]
    assert {"term": {"locale": "ru"}} in query["filter"]
    title, exact, equivalent = query["should"]
    assert title["multi_match"]["type"] == "bool_prefix"
    assert title["multi_match"]["fields"] == [
        "title.suggest",
        "title.suggest._2gram",
        "title.suggest._3gram",
    ]
    assert exact == {"prefix": {"cipher.key": {"value": "УСТ1.0", "boost": 2}}}
    assert equivalent == {"prefix": {"cipher_canonical": {"value": "УСТ1.0"}}}
    assert request["size"] == 5


def test_a_prefix_that_normalises_to_nothing_does_not_match_every_cipher():
    query = suggest_request("—", "ky", 8).to_dict()["query"]["bool"]
    assert [list(clause) for clause in query["should"]] == [["multi_match"]]


def keys(value):
    """Every key in a nested request dict."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


def strings_under(value, key=None):
    """(key, string) for every string value, with the key it is stored under."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from strings_under(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from strings_under(item, key)
    elif isinstance(value, str):
        yield key, value


# Our own keys, from a word query, cipher queries and a suggestion: the structure.
KNOWN_KEYS = {
    key
    for request in [
        *(request_for(text) for text in ("ички аудит", "ПО 2.03", "1.08")),
        suggest_request("уст 1.0", "ky", 8).to_dict(),
    ]
    for key in keys(request)
}


@given(text=st.text(min_size=1, max_size=250))
def test_any_text_is_sent_only_as_a_value_never_as_query_syntax(text):
    search, suggest = request_for(text), suggest_request(text, "ky", 8).to_dict()
    for request in (search, suggest):
        json.dumps(request)
        # The text never adds a key, so it can never add a clause or an option.
        assert set(keys(request)) <= KNOWN_KEYS
    assert not KNOWN_KEYS & {"query_string", "simple_query_string", "script"}
    words = query_words(text)
    assert {value for key, value in strings_under(search) if key == "query"} == {words}
    assert all(word in text for word in words.split())
    assert {value for key, value in strings_under(suggest) if key == "query"} == {text}


def test_repeated_words_are_sent_once_and_long_queries_are_cut():
    assert query_words("аудит, Аудит аудит; «сапат»!") == "аудит сапат"
    many = " ".join(f"сөз{n}" for n in range(100))
    assert len(query_words(many).split()) == MAX_QUERY_WORDS


# ---- Responses ----------------------------------------------------------------------

RESPONSE = {
    "took": 12,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 23, "relation": "eq"},
        "max_score": 107.5,
        "hits": [
            {
                "_index": "qms-ky-20261124153000000000",
                "_id": "1042",
                "_score": 107.5,
                "_source": {"title": "Ички аудит"},
                "highlight": {"title": ["Ички <mark>аудит</mark>"]},
                "inner_hits": {
                    "pages": {
                        "hits": {
                            "total": {"value": 3, "relation": "eq"},
                            "max_score": 3.1,
                            "hits": [
                                {
                                    "_index": "qms-ky-20261124153000000000",
                                    "_id": "1042",
                                    "_nested": {"field": "pages", "offset": 1},
                                    "_score": 3.1,
                                    "fields": {
                                        "pages.number": [2],
                                        "pages.file_id": [10420],
                                    },
                                    "highlight": {
                                        "pages.text": [
                                            "Аудиттин жыйынтыгы боюнча <mark>"
                                            "верификация</mark> жүргүзүлөт."
                                        ]
                                    },
                                },
                                {
                                    "_index": "qms-ky-20261124153000000000",
                                    "_id": "1042",
                                    "_nested": {"field": "pages", "offset": 0},
                                    "_score": 1.2,
                                    "fields": {
                                        "pages.number": [1],
                                        "pages.file_id": [10420],
                                    },
                                    "highlight": {
                                        "pages.text": [
                                            "&lt;script&gt; <mark>верификация</mark>"
                                        ]
                                    },
                                },
                                {
                                    "_index": "qms-ky-20261124153000000000",
                                    "_id": "1042",
                                    "_nested": {"field": "pages", "offset": 4},
                                    "_score": 0.4,
                                    "fields": {
                                        "pages.number": [5],
                                        "pages.file_id": [10420],
                                    },
                                    "highlight": {
                                        "pages.text": ["<mark>Верификация</mark>"]
                                    },
                                },
                            ],
                        }
                    }
                },
            },
            {
                "_index": "qms-ky-20261124153000000000",
                "_id": "1077",
                "_score": 4.25,
                "_source": {"title": "Документтер & <жазуулар>"},
                "highlight": {
                    "summary": ["Документтерди <mark>макулдашуунун</mark> тартиби."]
                },
                "inner_hits": {
                    "pages": {
                        "hits": {
                            "total": {"value": 0, "relation": "eq"},
                            "max_score": None,
                            "hits": [],
                        }
                    }
                },
            },
        ],
    },
    "aggregations": {
        "group": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "1", "doc_count": 15}, {"key": "3", "doc_count": 8}],
        },
        "type": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "УСТ", "doc_count": 20}, {"key": "ЖЖ", "doc_count": 3}],
        },
        "tag": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "аудит", "doc_count": 4}],
        },
        "status": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": "in_force", "doc_count": 23}],
        },
    },
}

EMPTY_RESPONSE = {
    "took": 1,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
    "aggregations": {
        name: {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [],
        }
        for name in FACETS
    },
}


def test_a_response_becomes_ranked_hits_with_the_total_of_all_matches():
    results = parse_results(RESPONSE)
    assert results.total == 23
    assert [(hit.page_id, hit.score) for hit in results.hits] == [
        (1042, 107.5),
        (1077, 4.25),
    ]


def test_pdf_snippets_name_their_page_and_file_after_the_marked_title():
    first = parse_results(RESPONSE).hits[0]
    assert first.title_html == "Ички <mark>аудит</mark>"
    # The title, then the two best pages of three, in reading order.
    assert first.snippets == [
        Snippet("Ички <mark>аудит</mark>"),
        Snippet("&lt;script&gt; <mark>верификация</mark>", page=1, file_id=10420),
        Snippet(
            "Аудиттин жыйынтыгы боюнча <mark>верификация</mark> жүргүзүлөт.",
            page=2,
            file_id=10420,
        ),
    ]


def test_a_summary_snippet_has_no_page_and_an_unmarked_title_is_escaped():
    second = parse_results(RESPONSE).hits[1]
    assert second.title_html == "Документтер &amp; &lt;жазуулар&gt;"
    assert second.snippets == [
        Snippet("Документтерди <mark>макулдашуунун</mark> тартиби.")
    ]


def test_facets_keep_their_counts_over_all_matches():
    facets = parse_results(RESPONSE).facets
    assert facets["group"] == [("1", 15), ("3", 8)]
    assert facets["type"] == [("УСТ", 20), ("ЖЖ", 3)]
    assert set(facets) == set(FACETS)


def test_no_matches_give_empty_results_and_empty_facets():
    results = parse_results(EMPTY_RESPONSE)
    assert (results.total, results.hits) == (0, [])
    assert results.facets == {name: [] for name in FACETS}


def test_a_suggestion_response_gives_titles_and_ciphers():
    body = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "1042",
                    "_score": 5.0,
                    "_source": {"title": "Ички аудит", "cipher": "УСТ 1.08"},
                }
            ],
        }
    }
    (suggestion,) = parse_suggestions(body)
    assert (suggestion.page_id, suggestion.title, suggestion.cipher) == (
        1042,
        "Ички аудит",
        "УСТ 1.08",
    )


# ---- An engine that cannot be reached -----------------------------------------------


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable(closed_port):
    return ElasticsearchBackend(
        f"http://editor:s3cret@127.0.0.1:{closed_port}", timeout=2
    )


def assert_clear(error, action, port):
    message = str(error.value)
    assert f"Elasticsearch at http://127.0.0.1:{port} could not {action}" in message
    assert "Connection refused" in message
    assert "s3cret" not in message


def test_a_refused_connection_makes_search_unavailable(unreachable, closed_port):
    with pytest.raises(SearchUnavailable) as error:
        unreachable.search(SearchQuery(text="аудит", locale="ky"))
    assert_clear(error, "search", closed_port)


def test_a_refused_connection_makes_suggestions_unavailable(unreachable, closed_port):
    with pytest.raises(SearchUnavailable) as error:
        unreachable.suggest("ауд", "ky")
    assert_clear(error, "suggest", closed_port)


def test_a_refused_connection_makes_indexing_and_deleting_unavailable(
    unreachable, closed_port
):
    with pytest.raises(SearchUnavailable) as error:
        unreachable.index([document()])
    assert_clear(error, "index documents", closed_port)
    with pytest.raises(SearchUnavailable) as error:
        unreachable.delete([1])
    assert_clear(error, "delete documents", closed_port)


def test_a_refused_connection_makes_a_rebuild_unavailable(unreachable, closed_port):
    with pytest.raises(SearchUnavailable) as error:
        unreachable.rebuild(iter([document()]))
    assert_clear(error, "rebuild the index", closed_port)


def test_health_reports_a_refused_connection_without_raising(unreachable, closed_port):
    ok, detail = unreachable.health()
    assert ok is False
    assert "Connection refused" in detail and "s3cret" not in detail


# ---- An engine that answers from a script -------------------------------------------


class Scripted:
    """A local HTTP server that answers like Elasticsearch and records each request."""

    def __init__(self):
        self.routes = []
        self.requests = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                request = (self.command, url.path, parse_qs(url.query), raw)
                scripted.requests.append(request)
                status, body = scripted.respond(*request)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def on(self, method, path, status=200, body=None):
        """Answer requests whose path matches a regex; body may be a function."""
        self.routes.insert(0, (method, re.compile(path), status, body))

    def respond(self, method, path, params, raw):
        for route_method, pattern, status, body in self.routes:
            if route_method == method and pattern.fullmatch(path):
                return status, body(raw) if callable(body) else body or {}
        return 404, error_body("resource_not_found_exception", f"no route {path}")

    def paths(self, method=None):
        return [path for m, path, _p, _r in self.requests if method in (None, m)]


def error_body(kind, reason, status=404):
    cause = {"type": kind, "reason": reason}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


def action_lines(raw):
    """The action lines of a _bulk body, without the documents."""
    lines = [json.loads(line) for line in raw.splitlines() if line]
    return [line for line in lines if list(line) in (["index"], ["delete"])]


def bulk_answer(status=201, error=None):
    """A _bulk response with one item per action in the request."""

    def answer(raw):
        items = []
        for line in action_lines(raw):
            ((operation, meta),) = line.items()
            item = {"_index": meta["_index"], "_id": meta["_id"], "status": status}
            if error:
                item["error"] = error
            items.append({operation: item})
        return {"took": 3, "errors": error is not None, "items": items}

    return answer


def bulk_actions(scripted):
    """The action lines of every _bulk request, in order."""
    return [
        line
        for _method, path, _params, raw in scripted.requests
        if path == "/_bulk"
        for line in action_lines(raw)
    ]


@pytest.fixture
def scripted():
    server = Scripted()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def backend(scripted):
    return ElasticsearchBackend(scripted.url, index_prefix="qms")


def test_a_search_goes_to_the_locale_alias_and_its_answer_is_parsed(scripted, backend):
    scripted.on("POST", "/qms-ru/_search", body=RESPONSE)
    query = SearchQuery(text="аудит", locale="ru")
    results = backend.search(query)
    assert results.total == 23
    ((method, path, _params, raw),) = scripted.requests
    assert json.loads(raw) == search_request(query).to_dict()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_makes_search_unavailable(scripted, backend, status):
    scripted.on(
        "POST",
        "/qms-ky/_search",
        status,
        error_body("cluster_block_exception", "blocked", status),
    )
    with pytest.raises(SearchUnavailable) as error:
        backend.search(SearchQuery(text="аудит", locale="ky"))
    assert f"could not search: HTTP {status}" in str(error.value)


def test_a_missing_index_says_to_run_the_reindex_command(scripted, backend):
    scripted.on(
        "POST",
        "/qms-ky/_search",
        404,
        error_body("index_not_found_exception", "no such index [qms-ky]"),
    )
    with pytest.raises(SearchUnavailable, match="no such index.*qms_reindex"):
        backend.search(SearchQuery(text="аудит", locale="ky"))


def test_the_first_update_creates_each_locale_index_behind_its_alias(scripted, backend):
    scripted.on("HEAD", "/_alias/qms-ky", 404)
    scripted.on("HEAD", "/_alias/qms-ru", 200)
    scripted.on("PUT", "/qms-ky-initial", body={"acknowledged": True})
    scripted.on("PUT", "/_bulk", body=bulk_answer())
    backend.index([document(page_id=5)])
    creations = [r for r in scripted.requests if r[0] == "PUT" and r[1] != "/_bulk"]
    ((_m, _path, _p, raw),) = creations
    assert json.loads(raw)["aliases"] == {"qms-ky": {}}
    assert json.loads(raw)["mappings"]["dynamic"] == "strict"
    ((_m, _path, params, _raw),) = [r for r in scripted.requests if r[1] == "/_bulk"]
    # The editor's next search sees the change; a missing alias is never auto-created.
    assert params["refresh"] == ["wait_for"]
    assert params["require_alias"] == ["true"]
    assert bulk_actions(scripted) == [{"index": {"_index": "qms-ky", "_id": "5"}}]


def test_an_index_created_by_another_process_meanwhile_is_fine(scripted, backend):
    scripted.on("HEAD", "/_alias/qms-.*", 404)
    scripted.on(
        "PUT",
        "/qms-(ky|ru)-initial",
        400,
        error_body("resource_already_exists_exception", "exists", 400),
    )
    scripted.on("PUT", "/_bulk", body=bulk_answer())
    backend.index([document()])
    assert "/_bulk" in scripted.paths()


def test_refused_documents_make_indexing_unavailable_with_the_reason(scripted, backend):
    scripted.on("HEAD", "/_alias/qms-.*", 200)
    error = {"type": "document_parsing_exception", "reason": "[1:2] failed to parse"}
    scripted.on("PUT", "/_bulk", body=bulk_answer(400, error))
    with pytest.raises(SearchUnavailable, match="1 document.*failed to parse"):
        backend.index([document()])


def test_updates_are_sent_in_chunks_so_memory_stays_bounded(scripted, backend):
    scripted.on("HEAD", "/_alias/qms-.*", 200)
    scripted.on("PUT", "/_bulk", body=bulk_answer())
    backend.index(document(page_id=n) for n in range(2 * BULK_DOCS + 1))
    assert scripted.paths().count("/_bulk") == 3


def test_deleting_ignores_pages_the_index_does_not_hold(scripted, backend):
    scripted.on("PUT", "/_bulk", body=bulk_answer(404))
    backend.delete([7, 8])
    assert bulk_actions(scripted) == [
        {"delete": {"_index": f"qms-{locale}", "_id": page_id}}
        for page_id in ("7", "8")
        for locale in ("ky", "ru")
    ]


def script_rebuild(scripted, old=("qms-ky-1", "qms-ru-1")):
    scripted.on("PUT", r"/qms-(ky|ru)-\d+", body={"acknowledged": True})
    scripted.on("PUT", "/_bulk", body=bulk_answer())
    scripted.on("PUT", r"/[^/]+/_settings", body={"acknowledged": True})
    scripted.on(
        "POST",
        r"/[^/]+/_refresh",
        body={"_shards": {"total": 2, "successful": 2, "failed": 0}},
    )
    for name in old:
        locale = name.split("-")[1]
        scripted.on(
            "GET",
            f"/qms-{locale}-\\*/_alias",
            body={name: {"aliases": {f"qms-{locale}": {}}}},
        )
    scripted.on("POST", "/_aliases", body={"acknowledged": True})
    scripted.on("DELETE", "/.*", body={"acknowledged": True})


def test_a_rebuild_loads_new_indices_then_moves_both_aliases_in_one_call(
    scripted, backend
):
    script_rebuild(scripted)
    backend.rebuild(iter([document(1, "ky"), document(2, "ru")]))
    methods_paths = [(m, p) for m, p, _q, _r in scripted.requests]
    created = [
        p.strip("/")
        for m, p in methods_paths
        if m == "PUT" and re.fullmatch(r"/qms-\w+-\d+", p)
    ]
    assert [name.rsplit("-", 1)[0] for name in created] == ["qms-ky", "qms-ru"]
    for _m, path, _q, raw in scripted.requests:
        if path.strip("/") in created:
            assert json.loads(raw)["settings"]["index"]["refresh_interval"] == "-1"
    assert bulk_actions(scripted) == [
        {"index": {"_index": created[0], "_id": "1"}},
        {"index": {"_index": created[1], "_id": "2"}},
    ]
    (swap,) = [json.loads(r) for m, p, _q, r in scripted.requests if p == "/_aliases"]
    assert swap["actions"] == [
        {"add": {"index": created[0], "alias": "qms-ky"}},
        {"remove": {"index": "qms-ky-1", "alias": "qms-ky", "must_exist": True}},
        {"add": {"index": created[1], "alias": "qms-ru"}},
        {"remove": {"index": "qms-ru-1", "alias": "qms-ru", "must_exist": True}},
    ]
    order = [p for _m, p in methods_paths]
    assert order.index("/_bulk") < order.index("/_aliases")
    assert methods_paths[-1] == ("DELETE", "/qms-ky-1,qms-ru-1")


def test_a_failed_rebuild_drops_its_new_indices_and_leaves_the_aliases(
    scripted, backend
):
    script_rebuild(scripted)
    error = {"type": "mapper_parsing_exception", "reason": "failed to parse"}
    scripted.on("PUT", "/_bulk", body=bulk_answer(400, error))
    with pytest.raises(SearchUnavailable, match="could not rebuild the index"):
        backend.rebuild(iter([document()]))
    assert "/_aliases" not in scripted.paths()
    (deleted,) = scripted.paths("DELETE")
    assert re.fullmatch(r"/qms-ky-\d+,qms-ru-\d+", deleted)


def test_a_rebuild_that_cannot_create_its_second_index_leaves_nothing_behind(
    scripted, backend
):
    script_rebuild(scripted)
    scripted.on(
        "PUT",
        r"/qms-ru-\d+",
        400,
        error_body("illegal_argument_exception", "unknown setting", 400),
    )
    with pytest.raises(SearchUnavailable, match="HTTP 400.*unknown setting"):
        backend.rebuild(iter([document()]))
    (deleted,) = scripted.paths("DELETE")
    assert re.fullmatch(r"/qms-ky-\d+,qms-ru-\d+", deleted)
    assert "/_bulk" not in scripted.paths()


def test_health_is_good_when_the_cluster_answers_and_both_aliases_exist(
    scripted, backend
):
    scripted.on(
        "GET", "/_cluster/health", body={"cluster_name": "qms", "status": "yellow"}
    )
    scripted.on("HEAD", "/_alias/qms-.*", 200)
    assert backend.health() == (True, "cluster qms is yellow")


def test_health_is_bad_when_the_cluster_is_red_or_an_alias_is_missing(
    scripted, backend
):
    scripted.on(
        "GET", "/_cluster/health", body={"cluster_name": "qms", "status": "green"}
    )
    scripted.on("HEAD", "/_alias/qms-ky", 200)
    scripted.on("HEAD", "/_alias/qms-ru", 404)
    ok, detail = backend.health()
    assert not ok and "qms-ru" in detail and "qms_reindex" in detail
    scripted.on(
        "GET", "/_cluster/health", body={"cluster_name": "qms", "status": "red"}
    )
    assert backend.health() == (False, "cluster qms is red")
