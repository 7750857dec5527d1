"""The Elasticsearch backend: one index per locale behind an alias, rebuilt without downtime."""

import html
import logging
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.dsl import (
    Integer,
    Keyword,
    Mapping,
    Nested,
    Q,
    Search,
    SearchAsYouType,
    Text,
)
from elasticsearch.helpers import BulkIndexError, streaming_bulk

from ..analysis import LOCALES, elasticsearch_analysis
from ..analysis.ciphers import canonical_cipher, normalize_cipher, parse_query_cipher
from ..analysis.normalize import KYRGYZ_FOLDING, normalize, tokenize
from .base import (
    DEFAULT_STATUSES,
    FACETS,
    Hit,
    SearchBackend,
    SearchResults,
    SearchUnavailable,
    Snippet,
    Suggestion,
)

logger = logging.getLogger(__name__)

# Our text fields index offsets, so highlighting never re-analyses them; this bound is
# for anything that would, and a query's bound may not exceed the index's.
MAX_ANALYZED_OFFSET = 1_000_000
MARK = {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
SNIPPET_CHARS = 160
SNIPPETS = 3
# Enough for any real query, and far below Elasticsearch's limit on query clauses.
MAX_QUERY_WORDS = 32
FACET_FIELDS = {
    "group": "group",
    "type": "type_code",
    "tag": "tags",
    "status": "status",
}
FACET_SIZE = 100
HEALTH_TIMEOUT = 3
BULK_TIMEOUT = 120
# A chunk is sent at whichever limit comes first; PDF text makes documents large.
BULK_DOCS = 100
BULK_BYTES = 20 * 1024 * 1024

# Cipher clauses score a fixed amount, far above what words can reach.
CIPHER_EXACT = 100
CIPHER_EQUIVALENT = 80
CIPHER_INSTANCE = 60
CIPHER_NUMBER = 40


def _suggest_analysis():
    """An analyzer for prefixes of unstemmed, folded title words."""
    fold = [f"{letter}=>{plain}" for letter, plain in KYRGYZ_FOLDING.items()]
    return {
        "char_filter": {"qms_suggest_fold": {"type": "mapping", "mappings": fold}},
        "analyzer": {
            "qms_suggest": {
                "type": "custom",
                "char_filter": ["qms_chars", "qms_suggest_fold"],
                "tokenizer": "qms_words",
                "filter": ["lowercase"],
            }
        },
    }


def index_settings(locale):
    """The settings of one locale's index: shards, highlighting bound, analysis."""
    analysis = elasticsearch_analysis(locale)
    suggest = _suggest_analysis()
    return {
        "index": {
            "number_of_shards": 1,
            "auto_expand_replicas": "0-1",
            "highlight": {"max_analyzed_offset": MAX_ANALYZED_OFFSET},
        },
        "analysis": {
            **analysis,
            "char_filter": {**analysis["char_filter"], **suggest["char_filter"]},
            "analyzer": {**analysis["analyzer"], **suggest["analyzer"]},
        },
    }


def _text(locale, **fields):
    """A text field in the locale's analyzer with a folded sub-field, both with offsets."""
    folded = Text(analyzer=f"qms_{locale}_folded", index_options="offsets")
    return Text(
        analyzer=f"qms_{locale}",
        index_options="offsets",
        fields={"folded": folded, **fields},
    )


def index_mapping(locale):
    """The mapping of one locale's index."""
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for name in ("locale", "status", "group", "type_code", "type_codes"):
        mapping.field(name, Keyword())
    mapping.field("tags", Keyword(fields={"key": Keyword(normalizer="lowercase")}))
    mapping.field(
        "title", _text(locale, suggest=SearchAsYouType(analyzer="qms_suggest"))
    )
    mapping.field("summary", _text(locale))
    cipher_fields = {
        "key": Keyword(normalizer="qms_cipher"),
        "text": Text(analyzer=f"qms_{locale}_folded"),
    }
    mapping.field("cipher", Keyword(fields=cipher_fields))
    # Computed in Python: the Kyrgyz prefix (ПО → ЖЖ) and the bare number («1.08»).
    mapping.field("cipher_canonical", Keyword())
    mapping.field("cipher_number", Keyword())
    # Pages are also copied into the root document, so that one query can require
    # every word somewhere in the document, while nested queries find the page.
    pages = Nested(
        include_in_root=True,
        properties={"file_id": Integer(), "number": Integer(), "text": _text(locale)},
    )
    mapping.field("pages", pages)
    return mapping


def index_body(locale):
    """The body of a create-index request for one locale."""
    return {
        "settings": index_settings(locale),
        "mappings": index_mapping(locale).to_dict(),
    }


def document_source(document):
    """The indexed JSON of an IndexedDocument."""
    cipher = parse_query_cipher(document.cipher)
    return {
        "locale": document.locale,
        "status": document.status,
        "group": str(document.group_number),
        "type_code": document.type_code,
        "type_codes": list(document.type_codes),
        "tags": list(document.tags),
        "title": document.title,
        "summary": document.summary,
        "cipher": document.cipher,
        "cipher_canonical": canonical_cipher(document.cipher),
        "cipher_number": cipher.number if cipher else None,
        "pages": [
            {"file_id": page.file_id, "number": page.number, "text": page.text}
            for page in document.pages
        ],
    }


def _constant(query, boost):
    """A clause that scores exactly its boost when it matches."""
    return Q("constant_score", filter=query, boost=boost)


def cipher_clauses(text):
    """Clauses for a cipher in the query: the exact key first, then its equivalents."""
    cipher = parse_query_cipher(text)
    if cipher is None:
        return []
    if cipher.prefix is None:
        return [_constant(Q("term", cipher_number=cipher.number), CIPHER_NUMBER)]
    canonical = canonical_cipher(cipher.key)
    clauses = [
        _constant(Q("term", **{"cipher.key": cipher.key}), CIPHER_EXACT),
        _constant(Q("term", cipher_canonical=canonical), CIPHER_EQUIVALENT),
    ]
    if cipher.suffix is None:
        # «ЖЖ 3.19» also finds the instances «ЖЖ 3.19:nn», «ЖЖ 3.19:01».
        instances = Q("prefix", cipher_canonical=f"{canonical}:")
        clauses.append(_constant(instances, CIPHER_INSTANCE))
    return clauses


def _match(field, text, boost):
    """A match on one field, weighted."""
    return Q("match", **{field: {"query": text, "boost": boost}})


def _page_highlight():
    """Highlighting for the pages a nested query found."""
    return {
        **MARK,
        "max_analyzed_offset": MAX_ANALYZED_OFFSET,
        "fields": {
            "pages.text": {
                "matched_fields": ["pages.text.folded"],
                "fragment_size": SNIPPET_CHARS,
                "number_of_fragments": 1,
                # A page found only through a field the server cannot merge still
                # shows its opening words with its page number.
                "no_match_size": SNIPPET_CHARS,
            }
        },
    }


def word_clause(text):
    """Every word somewhere in the document; exact spellings and titles rank higher."""
    every_word = Q(
        "multi_match",
        query=text,
        type="cross_fields",
        operator="and",
        fields=["title.folded", "summary.folded", "cipher.text", "pages.text.folded"],
    )
    pages = Q(
        "nested",
        path="pages",
        score_mode="max",
        query=Q(
            "bool",
            should=[
                _match("pages.text", text, 2),
                _match("pages.text.folded", text, 1),
            ],
        ),
        inner_hits={
            "name": "pages",
            "size": SNIPPETS,
            # The page text can be megabytes; the snippet is all a hit needs.
            "_source": False,
            "docvalue_fields": ["pages.number", "pages.file_id"],
            "highlight": _page_highlight(),
        },
    )
    ranking = [
        _match("title", text, 6),
        _match("title.folded", text, 3),
        _match("summary", text, 2),
        _match("summary.folded", text, 1),
        pages,
    ]
    return Q("bool", must=[every_word], should=ranking)


def _filters(query):
    """The locale, statuses and facet values a query is limited to."""
    filters = [
        Q("term", locale=query.locale),
        Q("terms", status=list(query.statuses)),
    ]
    if query.group is not None:
        filters.append(Q("term", group=str(query.group)))
    if query.type_code:
        # Any of the type's codes (УСТ or СТУ) selects it; facets count the Kyrgyz one.
        filters.append(Q("term", type_codes=query.type_code))
    if query.tag:
        filters.append(Q("term", **{"tags.key": query.tag}))
    return filters


def query_words(text):
    """The query's distinct words, as text: repeats and punctuation change nothing."""
    words = {}
    for word, _start, _end in tokenize(text):
        words.setdefault(normalize(word), word)
    return " ".join(list(words.values())[:MAX_QUERY_WORDS])


def search_request(query):
    """The search for a SearchQuery: ranked matches, highlights and facet counts."""
    clauses = [*cipher_clauses(query.text), word_clause(query_words(query.text))]
    request = (
        Search()
        .query(
            Q("bool", filter=_filters(query), should=clauses, minimum_should_match=1)
        )
        .source(["title"])
        .extra(
            from_=(query.page - 1) * query.page_size,
            size=query.page_size,
            track_total_hits=True,
        )
        .highlight_options(**MARK, max_analyzed_offset=MAX_ANALYZED_OFFSET)
        .highlight("title", number_of_fragments=0, matched_fields=["title.folded"])
        .highlight(
            "summary",
            fragment_size=SNIPPET_CHARS,
            number_of_fragments=1,
            matched_fields=["summary.folded"],
        )
    )
    # Aggregations count every match of the query, not just the page of hits.
    for name in FACETS:
        request.aggs.bucket(name, "terms", field=FACET_FIELDS[name], size=FACET_SIZE)
    return request


def suggest_request(prefix, locale, limit):
    """Documents whose title words, or cipher, start with what the visitor typed."""
    should = [
        Q(
            "multi_match",
            query=prefix,
            type="bool_prefix",
            operator="and",
            fields=["title.suggest", "title.suggest._2gram", "title.suggest._3gram"],
        )
    ]
    key = normalize_cipher(prefix)
    if key:
        should += [
            Q("prefix", **{"cipher.key": {"value": key, "boost": 2}}),
            Q("prefix", cipher_canonical={"value": canonical_cipher(key)}),
        ]
    filters = [Q("term", locale=locale), Q("terms", status=list(DEFAULT_STATUSES))]
    return (
        Search()
        .query(Q("bool", filter=filters, should=should, minimum_should_match=1))
        .source(["title", "cipher"])
        .extra(size=limit)
    )


def _page_snippets(hit):
    """Snippets from the pages a hit was found on, each naming its page and file."""
    pages = hit.get("inner_hits", {}).get("pages", {}).get("hits", {}).get("hits", [])
    snippets = []
    for page in pages:
        fields = page.get("fields", {})
        number = fields.get("pages.number", [None])[0]
        file_id = fields.get("pages.file_id", [None])[0]
        snippets += [
            Snippet(fragment, page=number, file_id=file_id)
            for fragment in page.get("highlight", {}).get("pages.text", [])
        ]
    return snippets


def parse_hit(hit):
    """A Hit with its marked title and up to SNIPPETS snippets, the text's first."""
    highlight = hit.get("highlight", {})
    title = highlight.get("title") or [html.escape(hit["_source"]["title"])]
    # The summary around the match, else the title if it matched: what the page is
    # about, before where in its PDFs the words are.
    text = highlight.get("summary") or highlight.get("title") or []
    snippets = [Snippet(fragment) for fragment in text[:1]]
    # The best pages by score, shown in reading order.
    pages = _page_snippets(hit)[: SNIPPETS - len(snippets)]
    pages.sort(key=lambda snippet: (snippet.file_id, snippet.page))
    return Hit(
        page_id=int(hit["_id"]),
        score=hit["_score"],
        title_html=title[0],
        snippets=snippets + pages,
    )


def parse_results(body):
    """SearchResults from the JSON of a search response."""
    aggregations = body.get("aggregations", {})
    facets = {
        name: [(str(bucket["key"]), bucket["doc_count"]) for bucket in agg["buckets"]]
        for name, agg in aggregations.items()
    }
    return SearchResults(
        total=body["hits"]["total"]["value"],
        hits=[parse_hit(hit) for hit in body["hits"]["hits"]],
        facets=facets,
    )


def parse_suggestions(body):
    """Suggestions from the JSON of a suggestion search."""
    return [
        Suggestion(int(hit["_id"]), hit["_source"]["title"], hit["_source"]["cipher"])
        for hit in body["hits"]["hits"]
    ]


def _without_password(url):
    """The URL to name in messages: credentials never reach a log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _reason(error):
    """What went wrong, in words, from an API or bulk error."""
    if isinstance(error, BulkIndexError):
        item = next(iter(error.errors[0].values()))
        cause = item.get("error")
        cause = cause.get("reason", cause) if isinstance(cause, dict) else cause
        return f"{len(error.errors)} document(s) refused, first: {cause}"
    cause = error.body.get("error") if isinstance(error.body, dict) else None
    cause = cause.get("reason", cause) if isinstance(cause, dict) else cause
    return f"HTTP {error.meta.status} {error.message}" + (f": {cause}" if cause else "")


class ElasticsearchBackend(SearchBackend):
    """Talks to Elasticsearch 8 or 9 through the 8.x client."""

    def __init__(self, url, index_prefix="qms", timeout=10):
        self.url = _without_password(url)
        self.index_prefix = index_prefix
        self.client = Elasticsearch(
            url, request_timeout=timeout, retry_on_timeout=True, max_retries=2
        )

    def alias(self, locale):
        """The alias searches and updates go through for a locale."""
        if locale not in LOCALES:
            raise ValueError(f"No index for locale {locale!r}")
        return f"{self.index_prefix}-{locale}"

    @contextmanager
    def _errors(self, action):
        """Turn every client error into SearchUnavailable with a readable reason."""
        try:
            yield
        except NotFoundError as error:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} could not {action}: {_reason(error)}; "
                "if the index is missing, run manage.py qms_reindex"
            ) from error
        except (ApiError, BulkIndexError) as error:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} could not {action}: {_reason(error)}"
            ) from error
        except TransportError as error:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} could not {action}: {error.message}"
            ) from error

    def _bulk(self, actions, **params):
        """Send actions in bounded chunks; returns how many succeeded."""
        client = self.client.options(request_timeout=BULK_TIMEOUT)
        results = streaming_bulk(
            client,
            actions,
            chunk_size=BULK_DOCS,
            max_chunk_bytes=BULK_BYTES,
            max_retries=2,
            **params,
        )
        return sum(ok for ok, _item in results)

    def _action(self, document, index):
        """A bulk action that stores a document in an index."""
        return {
            "_index": index,
            "_id": document.key,
            "_source": document_source(document),
        }

    def _ensure_aliases(self):
        """Create an index behind each missing alias, so updates work before a rebuild."""
        for locale in LOCALES:
            alias = self.alias(locale)
            if self.client.indices.exists_alias(name=alias):
                continue
            # A fixed name: two processes starting at once create one index, not two
            # behind the same alias; the loser's "already exists" is ignored.
            try:
                self.client.indices.create(
                    index=f"{alias}-initial", aliases={alias: {}}, **index_body(locale)
                )
            except BadRequestError as error:
                if error.message != "resource_already_exists_exception":
                    raise

    def index(self, documents):
        actions = (self._action(d, self.alias(d.locale)) for d in documents)
        with self._errors("index documents"):
            self._ensure_aliases()
            # An editor who publishes and then searches sees the change at once; and
            # require_alias stops a missing alias from becoming an unmapped index.
            self._bulk(actions, refresh="wait_for", require_alias=True)

    def delete(self, page_ids):
        # A page id belongs to one locale, but the caller need not know which.
        actions = (
            {"_op_type": "delete", "_index": self.alias(locale), "_id": str(page_id)}
            for page_id in page_ids
            for locale in LOCALES
        )
        with self._errors("delete documents"):
            self._bulk(
                actions, refresh="wait_for", require_alias=True, ignore_status=404
            )

    def search(self, query):
        request = search_request(query)
        with self._errors("search"):
            response = self.client.search(
                index=self.alias(query.locale), body=request.to_dict()
            )
        return parse_results(response.body)

    def suggest(self, prefix, locale, limit=8):
        request = suggest_request(prefix, locale, limit)
        with self._errors("suggest"):
            response = self.client.search(
                index=self.alias(locale), body=request.to_dict()
            )
        return parse_suggestions(response.body)

    def rebuild(self, documents):
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        new = {locale: f"{self.alias(locale)}-{stamp}" for locale in LOCALES}
        names = list(new.values())
        with self._errors("rebuild the index"):
            try:
                for locale, name in new.items():
                    body = index_body(locale)
                    # No refreshes while loading: nobody sees the index before the swap.
                    body["settings"]["index"]["refresh_interval"] = "-1"
                    self.client.indices.create(index=name, **body)
                loaded = self._bulk(
                    self._action(d, f"{self.alias(d.locale)}-{stamp}")
                    for d in documents
                )
                self.client.indices.put_settings(
                    index=names, settings={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=names)
                old = self._swap_aliases(new)
            except BaseException:
                # Even on Ctrl-C: a half-built index must not linger.
                self._drop(names)
                raise
            self._drop(old)
        logger.info("Rebuilt %s with %d documents", ", ".join(names), loaded)

    def _swap_aliases(self, new):
        """Point every alias at its new index in one atomic call; returns the old indices."""
        actions, old = [], []
        for locale, name in new.items():
            alias = self.alias(locale)
            current = self.client.indices.get_alias(index=f"{alias}-*")
            previous = [
                index
                for index, info in current.body.items()
                if alias in info["aliases"]
            ]
            actions.append({"add": {"index": name, "alias": alias}})
            # must_exist: a rebuild that finished meanwhile makes this one fail, not
            # leave an alias on two indices.
            actions += [
                {"remove": {"index": index, "alias": alias, "must_exist": True}}
                for index in previous
            ]
            old += previous
        self.client.indices.update_aliases(actions=actions)
        return old

    def _drop(self, indices):
        """Delete indices no alias points to; a failure here only leaves clutter."""
        if not indices:
            return
        try:
            self.client.options(ignore_status=404).indices.delete(index=indices)
        except (ApiError, TransportError) as error:
            logger.warning("Could not delete the unused indices %s: %s", indices, error)

    def health(self):
        client = self.client.options(
            request_timeout=HEALTH_TIMEOUT, max_retries=0, retry_on_timeout=False
        )
        try:
            with self._errors("report its health"):
                cluster = client.cluster.health()
                missing = [
                    self.alias(locale)
                    for locale in LOCALES
                    if not client.indices.exists_alias(name=self.alias(locale))
                ]
        except SearchUnavailable as error:
            return False, str(error)
        status = f"cluster {cluster['cluster_name']} is {cluster['status']}"
        if cluster["status"] == "red":
            return False, status
        if missing:
            return False, f"{status}; no index {', '.join(missing)}: run qms_reindex"
        return True, status
