"""The embedded search backend: SQLite FTS5 over pre-analysed text in a file, no server."""

import fcntl
import html
import json
import os
import re
import sqlite3
import threading
import uuid
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from pathlib import Path

from qms_search.analysis import analyze, query_terms
from qms_search.analysis.ciphers import (
    canonical_cipher,
    canonical_prefix,
    normalize_cipher,
    parse_query_cipher,
)
from qms_search.analysis.normalize import fold_kyrgyz, normalize, tokenize

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

SCHEMA_VERSION = 1
# The text is analysed already: the tokenizer only splits the stems at spaces. Dots
# and commas keep numbers such as 1.08 whole; marks stay inside words, as in analysis.
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '.,'"
# A PDF page's rowid is page_id * PAGE_SLOTS + its ordinal, so that a rowid range
# selects one document's pages without a join.
PAGE_SLOTS = 1 << 20
# The full-text tables are contentless: deleting a document needs the stems they
# index, kept in document_terms and (compressed) in pages.terms.
SCHEMA = f"""
CREATE TABLE documents (
    page_id INTEGER PRIMARY KEY,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    cipher TEXT NOT NULL,
    cipher_key TEXT NOT NULL,
    cipher_base TEXT NOT NULL,
    cipher_number TEXT NOT NULL,
    type_code TEXT NOT NULL,
    type_keys TEXT NOT NULL,
    type_name TEXT NOT NULL,
    group_number INTEGER NOT NULL,
    group_title TEXT NOT NULL,
    status TEXT NOT NULL,
    url TEXT NOT NULL,
    file_urls TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX documents_locale ON documents (locale, status);
CREATE TABLE document_terms (page_id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
CREATE TABLE tags (page_id INTEGER NOT NULL, tag TEXT NOT NULL, tag_key TEXT NOT NULL);
CREATE INDEX tags_page ON tags (page_id);
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    text BLOB NOT NULL,
    terms BLOB NOT NULL,
    spans BLOB NOT NULL
);
CREATE VIRTUAL TABLE meta_fts USING fts5(
    title, title_f, meta, meta_f, content='', tokenize="{TOKENIZER}"
);
CREATE VIRTUAL TABLE doc_fts USING fts5(body, body_f, content='', tokenize="{TOKENIZER}");
CREATE VIRTUAL TABLE page_fts USING fts5(body, body_f, content='', tokenize="{TOKENIZER}");
CREATE VIRTUAL TABLE suggest_fts USING fts5(words, words_f, tokenize="{TOKENIZER}");
PRAGMA user_version = {SCHEMA_VERSION};
"""
FTS_TABLES = ("meta_fts", "doc_fts", "page_fts", "suggest_fts")

# meta_fts: title > folded title > cipher, type codes, tags and summary > folded.
META_WEIGHTS = "20.0, 10.0, 4.0, 2.0"
# bm25 saturates term frequency, so column weights alone cannot lift a title match
# far above a body match: the meta score counts this many times.
META_FACTOR = 3.0
# doc_fts: every word of the document, exact stems above folded ones.
BODY_WEIGHTS = "1.0, 0.5"
# A recognised cipher puts its document above every text match.
CIPHER_BOOST = 1000.0
MAX_TERMS = 32
SNIPPETS = 3
WINDOW = 30
BATCH = 100
BUSY_SECONDS = 5.0
# Reads that lost a race with rebuilds swapping generations under them.
READ_ATTEMPTS = 3
MMAP_BYTES = 1 << 30
# About 40 MB when full: a rebuild meets a long tail of word forms.
STEM_CACHE = 1 << 17
TRAILING = re.compile(r"[^\w\s]*")
SPACES = re.compile(r"\s+")
LEADERS = re.compile(r"([^\w\s])\1{3,}")


@lru_cache(maxsize=STEM_CACHE)
def stems(token, locale):
    """The stems analyze() gives one token, each with its folded form; () for a stop word."""
    # analyze() treats each token on its own, so caching it per token gives the same
    # terms as analysing a whole text, without stemming a word again. Its folded form
    # is analyze_folded()'s: the stem with ң ө ү folded. A glued token has several.
    return tuple((term.text, fold_kyrgyz(term.text)) for term in analyze(token, locale))


def analysed(text, locale):
    """A text's stems and folded stems (stop words left out), and each word's span."""
    exact_stems, folded, spans = [], [], array("I")
    for token, start, end in tokenize(text):
        for exact, folded_stem in stems(token, locale):
            exact_stems.append(exact)
            folded.append(folded_stem)
            spans.extend((start, end))
    return exact_stems, folded, spans


def columns(stems, folded):
    """The exact column, and the folded one: the folded stems unlike their exact ones."""
    # A folded stem equal to its exact one is found in the exact column already.
    differing = (f for s, f in zip(stems, folded, strict=True) if f != s)
    return " ".join(stems), " ".join(differing)


def stored_stems(blob):
    """A page's stems and folded stems, as kept compressed beside the index."""
    exact, folded = unpack(blob).split("\n")
    return (exact.split(" "), folded.split(" ")) if exact else ([], [])


def body_columns(title, title_f, meta, meta_f, pages):
    """doc_fts holds every term of a document, so that all query words must occur in it."""
    # Deleting from a contentless table needs the same strings: one function makes both.
    body = " ".join([title, meta, *(body for _, body, _ in pages)])
    body_f = " ".join([title_f, meta_f, *(body_f for _, _, body_f in pages)])
    return body, body_f


def pack(text):
    """Text compressed for storage: most of the index file is page text."""
    return zlib.compress(text.encode(), 1)


def unpack(blob):
    """The text of a pack()ed blob."""
    return zlib.decompress(blob).decode()


def phrase(term):
    """An FTS5 string: whatever it holds is text, never query syntax."""
    return '"' + term.replace('"', '""') + '"'


def term_expression(term):
    """A query word in its exact or its folded form."""
    if term.exact == term.folded:
        return phrase(term.exact)
    return f"({phrase(term.exact)} OR {phrase(term.folded)})"


def batches(items, size):
    """Lists of up to size items, consuming the iterable lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def document_cipher(cipher):
    """The canonical prefix and number (УСТ1.08 for СТУ 1.08), and the number alone."""
    parsed = parse_query_cipher(cipher)
    if parsed is None:
        return canonical_cipher(cipher), ""
    if parsed.prefix:
        return canonical_prefix(parsed.prefix) + parsed.number, parsed.number
    return parsed.number, parsed.number


def prepare(document):
    """The rows that store one IndexedDocument."""
    locale, page_id = document.locale, document.page_id
    if len(document.pages) >= PAGE_SLOTS:
        raise ValueError(f"Page {page_id} has more than {PAGE_SLOTS} PDF pages")
    meta_text = " ".join(
        [document.cipher, *document.type_codes, *document.tags, document.summary]
    )
    title, title_f = columns(*analysed(document.title, locale)[:2])
    meta, meta_f = columns(*analysed(meta_text, locale)[:2])
    pages, page_fts = [], []
    for ordinal, page in enumerate(document.pages):
        stems, folded, spans = analysed(page.text, locale)
        body, body_f = columns(stems, folded)
        rowid = page_id * PAGE_SLOTS + ordinal
        # Folded stems are kept too: snippets compare them with the query's terms.
        stems_blob = pack(f"{body}\n{' '.join(folded)}")
        spans_blob = zlib.compress(spans.tobytes(), 1)
        pages.append(
            (rowid, page.file_id, page.number, pack(page.text), stems_blob, spans_blob)
        )
        page_fts.append((rowid, body, body_f))
    words = " ".join(token for token, _, _ in tokenize(normalize(document.title)))
    cipher_base, cipher_number = document_cipher(document.cipher)
    type_keys = " ".join(normalize_cipher(code) for code in document.type_codes)
    return {
        "documents": (
            page_id,
            locale,
            document.title,
            document.cipher,
            document.cipher_key,
            cipher_base,
            cipher_number,
            document.type_code,
            f" {type_keys} ",
            document.type_name,
            document.group_number,
            document.group_title,
            document.status,
            document.url,
            json.dumps({str(key): url for key, url in document.file_urls.items()}),
            document.summary,
        ),
        "document_terms": (page_id, json.dumps([title, title_f, meta, meta_f])),
        "tags": [(page_id, tag, normalize(tag)) for tag in document.tags],
        "pages": pages,
        "page_fts": page_fts,
        "meta_fts": (page_id, title, title_f, meta, meta_f),
        "doc_fts": (page_id, *body_columns(title, title_f, meta, meta_f, page_fts)),
        "suggest_fts": (page_id, words, fold_kyrgyz(words)),
    }


def insert(connection, rows):
    """Write the rows of one prepared document."""
    connection.execute(
        f"INSERT INTO documents VALUES ({', '.join('?' * 16)})", rows["documents"]
    )
    connection.execute(
        "INSERT INTO document_terms VALUES (?, ?)", rows["document_terms"]
    )
    connection.executemany("INSERT INTO tags VALUES (?, ?, ?)", rows["tags"])
    connection.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?)", rows["pages"])
    connection.executemany(
        "INSERT INTO page_fts (rowid, body, body_f) VALUES (?, ?, ?)", rows["page_fts"]
    )
    connection.execute(
        "INSERT INTO meta_fts (rowid, title, title_f, meta, meta_f) "
        "VALUES (?, ?, ?, ?, ?)",
        rows["meta_fts"],
    )
    connection.execute(
        "INSERT INTO doc_fts (rowid, body, body_f) VALUES (?, ?, ?)", rows["doc_fts"]
    )
    connection.execute(
        "INSERT INTO suggest_fts (rowid, words, words_f) VALUES (?, ?, ?)",
        rows["suggest_fts"],
    )


def remove(connection, page_id):
    """Delete one document, telling the contentless tables which terms they hold."""
    row = connection.execute(
        "SELECT terms FROM document_terms WHERE page_id = ?", (page_id,)
    ).fetchone()
    if row is None:
        return
    title, title_f, meta, meta_f = json.loads(row[0])
    first, last = page_id * PAGE_SLOTS, (page_id + 1) * PAGE_SLOTS - 1
    pages = [
        (rowid, *columns(*stored_stems(terms)))
        for rowid, terms in connection.execute(
            "SELECT id, terms FROM pages WHERE id BETWEEN ? AND ? ORDER BY id",
            (first, last),
        ).fetchall()
    ]
    connection.executemany(
        "INSERT INTO page_fts (page_fts, rowid, body, body_f) "
        "VALUES ('delete', ?, ?, ?)",
        pages,
    )
    connection.execute(
        "INSERT INTO meta_fts (meta_fts, rowid, title, title_f, meta, meta_f) "
        "VALUES ('delete', ?, ?, ?, ?, ?)",
        (page_id, title, title_f, meta, meta_f),
    )
    connection.execute(
        "INSERT INTO doc_fts (doc_fts, rowid, body, body_f) VALUES ('delete', ?, ?, ?)",
        (page_id, *body_columns(title, title_f, meta, meta_f, pages)),
    )
    connection.execute("DELETE FROM suggest_fts WHERE rowid = ?", (page_id,))
    connection.execute("DELETE FROM pages WHERE id BETWEEN ? AND ?", (first, last))
    connection.execute("DELETE FROM tags WHERE page_id = ?", (page_id,))
    connection.execute("DELETE FROM document_terms WHERE page_id = ?", (page_id,))
    connection.execute("DELETE FROM documents WHERE page_id = ?", (page_id,))


def store(connection, prepared):
    """Add or replace prepared documents."""
    for rows in prepared:
        remove(connection, rows["documents"][0])
        insert(connection, rows)


def placeholders(name, values):
    """SQL for a list of named parameters: (:status0, :status1)."""
    return "(" + ", ".join(f":{name}{i}" for i in range(len(values))) + ")"


def named(name, values):
    """The values for placeholders()."""
    return {f"{name}{i}": value for i, value in enumerate(values)}


def search_sql(query, terms, cipher):
    """One statement: the requested page of hits, then facet counts over all matches."""
    params = {"locale": query.locale, "limit": query.page_size}
    params["offset"] = (query.page - 1) * query.page_size
    # Rows (page_id, text relevance, meta relevance): a page is a match when it has a
    # text relevance, i.e. it holds every query word or bears the cipher asked for.
    # bm25() works only where SQLite runs the FTS query itself: in materialised CTEs.
    ctes, sources, cipher_match = [], [], "0"
    if terms:
        params["all"] = " AND ".join(map(term_expression, terms))
        params["any"] = " OR ".join(map(term_expression, terms))
        ctes.append(
            "text_hits AS MATERIALIZED (SELECT rowid AS page_id, "
            f"-bm25(doc_fts, {BODY_WEIGHTS}) AS relevance "
            "FROM doc_fts WHERE doc_fts MATCH :all)"
        )
        ctes.append(
            "meta_hits AS MATERIALIZED (SELECT rowid AS page_id, "
            f"-bm25(meta_fts, {META_WEIGHTS}) AS relevance "
            "FROM meta_fts WHERE meta_fts MATCH :any)"
        )
        sources.append("SELECT page_id, relevance AS text, NULL AS meta FROM text_hits")
        sources.append("SELECT page_id, NULL, relevance FROM meta_hits")
    if cipher is not None:
        # «УСТ 1.08» and «СТУ 1.08» name one document; a bare «1.08» names its number.
        column, params["cipher"] = "cipher_number", cipher.number
        if cipher.prefix:
            column = "cipher_base"
            params["cipher"] = canonical_prefix(cipher.prefix) + cipher.number
        cipher_match = f"(d.{column} = :cipher)"
        sources.append(
            "SELECT page_id, 0.0, NULL FROM documents "
            f"WHERE locale = :locale AND {column} = :cipher"
        )
    # A GROUP BY rather than a LEFT JOIN: the planner may join without an index.
    ctes.append(
        f"""found AS (
            SELECT page_id,
                max(text) + {META_FACTOR} * coalesce(max(meta), 0) AS relevance
            FROM ({" UNION ALL ".join(sources)})
            GROUP BY page_id HAVING max(text) IS NOT NULL
        )"""
    )
    filters = [f"d.status IN {placeholders('status', query.statuses)}"]
    params |= named("status", query.statuses)
    if query.group is not None:
        filters.append("d.group_number = :group")
        params["group"] = query.group
    if query.type_code:
        filters.append("instr(d.type_keys, :type) > 0")
        params["type"] = f" {normalize_cipher(query.type_code)} "
    if query.tag:
        filters.append(
            "EXISTS (SELECT 1 FROM tags AS t "
            "WHERE t.page_id = d.page_id AND t.tag_key = :tag)"
        )
        params["tag"] = normalize(query.tag)
    ctes.append(
        f"""matches AS MATERIALIZED (
            SELECT d.page_id, d.group_number, d.type_code, d.status,
                found.relevance + {CIPHER_BOOST} * {cipher_match} AS score
            FROM found JOIN documents AS d ON d.page_id = found.page_id
            WHERE d.locale = :locale AND {" AND ".join(filters)}
        )"""
    )
    # Rows ('hit', page_id, score), then (group, type, status, count) combinations
    # (one sort, not three) and ('tag', tag, count): search() adds up the facets.
    sql = f"""
        WITH {", ".join(ctes)}
        SELECT * FROM (
            SELECT 'hit', page_id, score, NULL, NULL FROM matches
            ORDER BY score DESC, page_id LIMIT :limit OFFSET :offset
        )
        UNION ALL SELECT 'facets', group_number, type_code, status, count(*)
            FROM matches GROUP BY 2, 3, 4
        UNION ALL SELECT 'tag', min(t.tag), NULL, NULL, count(*)
            FROM matches JOIN tags AS t ON t.page_id = matches.page_id GROUP BY t.tag_key
    """
    return sql, params


def best_pages(connection, page_id, terms, count):
    """The rowids of a document's PDF pages holding the most distinct query words."""
    if count <= 0 or not terms:
        return []
    first, last = page_id * PAGE_SLOTS, (page_id + 1) * PAGE_SLOTS - 1
    # One cheap lookup per word: bm25 would make a pass over the whole table for IDF.
    sql = " UNION ALL ".join(
        "SELECT rowid FROM page_fts WHERE page_fts MATCH ? AND rowid BETWEEN ? AND ?"
        for _ in terms
    )
    params = [value for term in terms for value in (term_expression(term), first, last)]
    found = Counter(rowid for (rowid,) in connection.execute(sql, params))
    return sorted(found, key=lambda rowid: (-found[rowid], rowid))[:count]


class Highlighter:
    """Marks the words whose exact or folded stem is one of the query's terms."""

    def __init__(self, terms, locale):
        # A stem equal to a query term folds to that term's folded form, so comparing
        # folded stems alone finds both kinds of match.
        self.wanted = {term.folded for term in terms}
        self.locale = locale

    def whole(self, text):
        """All of a short text (a title), escaped, with <mark> around matched words."""
        _, folded, spans = analysed(text, self.locale)
        return render(text, spans, [f in self.wanted for f in folded], 0, len(folded))

    def snippet(self, text, folded, spans):
        """About WINDOW words around the densest cluster of matches, or None."""
        flags = [f in self.wanted for f in folded]
        positions = [i for i, flag in enumerate(flags) if flag]
        if not positions:
            return None
        start, end = window(positions, len(flags))
        return render(text, spans, flags, start, end, excerpt=True)

    def text_snippet(self, text):
        """A snippet of a text analysed on the spot (a summary)."""
        _, folded, spans = analysed(text, self.locale)
        return self.snippet(text, folded, spans)

    def page_snippet(self, text, terms, spans):
        """A snippet of a stored page, from the stems and spans found when indexing."""
        _, folded = stored_stems(terms)
        return self.snippet(unpack(text), folded, array("I", zlib.decompress(spans)))


def window(positions, count):
    """The WINDOW words holding the most matched positions, centred on them."""
    best, first = 0, positions[0]
    for index, position in enumerate(positions):
        inside = bisect_left(positions, position + WINDOW) - index
        if inside > best:
            best, first = inside, position
    last = positions[bisect_left(positions, first + WINDOW) - 1]
    # Share the room the matches leave between both sides.
    slack = WINDOW - (last - first + 1)
    start = max(0, min(first - slack // 2, count - WINDOW))
    return start, min(count, start + WINDOW)


def render(text, spans, flags, start, end, excerpt=False):
    """HTML for words start to end: every piece escaped, matched words in <mark>."""
    if not flags:
        return html.escape(text)
    begin, finish = 0, len(text)
    if excerpt:
        # Punctuation right after the last word (a full stop, a bracket) belongs to it.
        begin = spans[2 * start]
        finish = TRAILING.match(text, spans[2 * end - 1]).end()
    parts = ["… "] if begin > 0 else []
    position = begin
    for word in range(start, end):
        if flags[word]:
            word_start, word_end = spans[2 * word], spans[2 * word + 1]
            parts.append(plain(text[position:word_start]))
            parts.append(f"<mark>{html.escape(text[word_start:word_end])}</mark>")
            position = word_end
    parts.append(plain(text[position:finish]))
    if end < len(flags):
        parts.append(" …")
    return "".join(parts)


def plain(text):
    """Escaped text, with runs of spaces and of leader dots (contents tables) shortened."""
    return html.escape(LEADERS.sub(r"\1\1\1", SPACES.sub(" ", text)))


def remove_generation(path, keep_database=False):
    """Delete a generation file and its -wal and -shm files; missing ones are fine."""
    suffixes = ["-wal", "-shm"] if keep_database else ["", "-wal", "-shm"]
    for suffix in suffixes:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class EmbeddedBackend(SearchBackend):
    """An SQLite FTS5 index in one file that a rebuild swaps through a symbolic link.

    `path` links to the live generation file beside it. A rebuild writes a new
    generation, then points the link at it with os.replace: replacing a WAL database
    file itself would pair the new file with the old one's -wal and -shm files.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._local = threading.local()

    # Connections

    def _open(self):
        """A connection to the live file, checked to hold an index of this version."""
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None
        )
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if version == 0 and tables == (0,):
                connection.executescript(SCHEMA)
                connection.execute("PRAGMA journal_mode = WAL")
            elif version != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"index format {version}, this code reads format {SCHEMA_VERSION}"
                )
            # Pages read through the OS page cache, shared by every connection, not
            # each connection's 2 MB cache: 2,500 document rows took 1 ms instead of 8.
            connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except BaseException:
            connection.close()
            raise
        return connection

    def _connection(self):
        """This thread's connection, opened again once a rebuild has swapped the file."""
        if not self.path.exists():
            self.rebuild([])
        live = os.stat(self.path)
        key = (os.getpid(), live.st_dev, live.st_ino)
        if getattr(self._local, "key", None) != key:
            self._forget()
            self._local.connection = self._open()
            self._local.key = key
        return self._local.connection

    def _forget(self):
        """Drop this thread's connection; a forked child never closes its parent's."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.key[0] == os.getpid():
            connection.close()
        self._local.connection = self._local.key = None

    @contextmanager
    def _unavailable(self):
        """Turn SQLite and file errors into SearchUnavailable with a clear message."""
        try:
            yield
        except (sqlite3.Error, OSError) as error:
            self._forget()
            raise SearchUnavailable(
                f"The search index {self.path} cannot be used ({error}); "
                "rebuild it with `manage.py qms_reindex`."
            ) from error

    @contextmanager
    def _transaction(self, mode=""):
        """This thread's connection inside one transaction (IMMEDIATE to write)."""
        with self._unavailable():
            connection = self._connection()
            connection.execute(f"BEGIN {mode}")
            try:
                yield connection
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _read(self, work):
        """work(connection) in a read transaction, on the new file if a swap cut it off."""
        for attempt in range(READ_ATTEMPTS):
            generation = os.path.realpath(self.path)
            try:
                with self._transaction() as connection:
                    return work(connection)
            except SearchUnavailable:
                # A rebuild may delete the file this thread had just opened; the new
                # generation is whole, so reading again is right, not a retry in hope.
                swapped = os.path.realpath(self.path) != generation
                if not swapped or attempt + 1 == READ_ATTEMPTS:
                    raise

    # Writing

    def index(self, documents):
        prepared = [prepare(document) for document in documents]
        with self._transaction("IMMEDIATE") as connection:
            store(connection, prepared)

    def delete(self, page_ids):
        with self._transaction("IMMEDIATE") as connection:
            for page_id in page_ids:
                remove(connection, page_id)

    def rebuild(self, documents):
        fresh = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex[:12]}")
        with self._unavailable():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._rebuild_lock():
                self._remove_debris()
                try:
                    self._build(fresh, documents)
                    self._swap(fresh)
                except BaseException:
                    remove_generation(fresh)
                    raise

    @contextmanager
    def _rebuild_lock(self):
        """One rebuild at a time; the kernel releases the lock of a killed process."""
        # The folder itself is locked, so that no lock file lies beside the index.
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            yield
        finally:
            os.close(folder)

    def _remove_debris(self):
        """Delete the generations of rebuilds that were killed: all but the live one."""
        live = os.path.basename(os.path.realpath(self.path))
        generation = re.compile(
            rf"({re.escape(self.path.name)}\.[0-9a-f]{{12}})(-wal|-shm)?"
        )
        for path in self.path.parent.iterdir():
            match = generation.fullmatch(path.name)
            if match and match.group(1) != live:
                path.unlink(missing_ok=True)

    def _build(self, fresh, documents):
        """Write a new generation file, BATCH documents at a time."""
        connection = sqlite3.connect(fresh, isolation_level=None)
        try:
            # Nobody reads this file before it is complete; a crash leaves debris that the
            # next rebuild removes.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.executescript(SCHEMA)
            for batch in batches(documents, BATCH):
                prepared = [prepare(document) for document in batch]
                connection.execute("BEGIN")
                store(connection, prepared)
                connection.execute("COMMIT")
            for table in FTS_TABLES:
                connection.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()

    def _swap(self, fresh):
        """Point the link at the fresh file atomically, then delete the old generation."""
        plain_file = os.path.lexists(self.path) and not os.path.islink(self.path)
        old = Path(os.path.realpath(self.path))
        link = self.path.with_name(f".{fresh.name}.link")
        os.symlink(fresh.name, link)
        os.replace(link, self.path)
        if plain_file:
            # Its -wal and -shm must never be taken for the new generation's.
            remove_generation(self.path, keep_database=True)
        elif old.parent == Path(os.path.realpath(fresh.parent)) and old.name.startswith(
            f"{self.path.name}."
        ):
            remove_generation(old)

    # Reading

    def search(self, query):
        terms = query_terms(query.text, query.locale)[:MAX_TERMS]
        cipher = parse_query_cipher(query.text)
        if not terms and cipher is None:
            return SearchResults(total=0, hits=[], facets={name: [] for name in FACETS})
        sql, params = search_sql(query, terms, cipher)
        highlighter = Highlighter(terms, query.locale)

        def read(connection):
            rows = connection.execute(sql, params).fetchall()
            hits = [
                self._hit(connection, row[1], row[2], terms, highlighter)
                for row in rows
                if row[0] == "hit"
            ]
            return rows, hits

        rows, hits = self._read(read)
        counts = {name: Counter() for name in FACETS}
        for kind, *values, count in rows:
            if kind == "facets":
                for name, value in zip(
                    ("group", "type", "status"), values, strict=True
                ):
                    counts[name][str(value)] += count
            elif kind == "tag":
                counts["tag"][values[0]] += count
        facets = {
            name: sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            for name, counter in counts.items()
        }
        return SearchResults(total=counts["group"].total(), hits=hits, facets=facets)

    def _hit(self, connection, page_id, score, terms, highlighter):
        """A Hit with its marked title and up to SNIPPETS snippets."""
        title, summary = connection.execute(
            "SELECT title, summary FROM documents WHERE page_id = ?", (page_id,)
        ).fetchone()
        title_html = highlighter.whole(title)
        snippets = []
        summary_html = highlighter.text_snippet(summary)
        if summary_html:
            snippets.append(Snippet(html=summary_html))
        elif "<mark>" in title_html:
            snippets.append(Snippet(html=title_html))
        for rowid in best_pages(connection, page_id, terms, SNIPPETS - len(snippets)):
            file_id, number, *stored = connection.execute(
                "SELECT file_id, number, text, terms, spans FROM pages WHERE id = ?",
                (rowid,),
            ).fetchone()
            page_html = highlighter.page_snippet(*stored)
            if page_html:
                snippets.append(Snippet(html=page_html, page=number, file_id=file_id))
        return Hit(
            page_id=page_id, score=score, title_html=title_html, snippets=snippets
        )

    def suggest(self, prefix, locale, limit=8):
        words = [token for token, _, _ in tokenize(normalize(prefix))][:MAX_TERMS]
        key = canonical_cipher(prefix)
        sources, params = [], {"locale": locale, "limit": limit}
        if key:
            # «УСТ 1.0», «СТУ 1.0» and «1.0» all start УСТ 1.08.
            sources.append(
                "SELECT page_id, 0.0 AS rank FROM documents "
                "WHERE substr(cipher_base, 1, length(:key)) = :key "
                "OR substr(cipher_number, 1, length(:key)) = :key"
            )
            params["key"] = key
        if words:
            sources.append(
                "SELECT rowid, 1000.0 + bm25(suggest_fts) FROM suggest_fts "
                "WHERE suggest_fts MATCH :words"
            )
            params["words"] = " AND ".join(
                f"({phrase(word)}* OR {phrase(fold_kyrgyz(word))}*)" for word in words
            )
        if not sources:
            return []
        params |= named("status", DEFAULT_STATUSES)
        sql = f"""
            SELECT d.page_id, d.title, d.cipher
            FROM ({" UNION ALL ".join(sources)}) AS found
            JOIN documents AS d ON d.page_id = found.page_id
            WHERE d.locale = :locale
                AND d.status IN {placeholders("status", DEFAULT_STATUSES)}
            GROUP BY d.page_id
            ORDER BY min(found.rank), d.cipher_base, d.title
            LIMIT :limit
        """
        rows = self._read(lambda connection: connection.execute(sql, params).fetchall())
        return [Suggestion(page_id=p, title=t, cipher=c) for p, t, c in rows]

    def health(self):
        try:
            with self._transaction() as connection:
                count = connection.execute("SELECT count(*) FROM documents").fetchone()[
                    0
                ]
                connection.execute(
                    "SELECT rowid FROM doc_fts WHERE doc_fts MATCH '\"qms\"' LIMIT 1"
                ).fetchall()
        except SearchUnavailable as error:
            return False, str(error)
        return True, f"Embedded search index {self.path}: {count} documents."
