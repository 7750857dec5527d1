"""The one interface every search backend implements, and the data it exchanges."""

from dataclasses import dataclass, field

# Statuses shown unless a search asks for obsolete documents too.
DEFAULT_STATUSES = ("in_force", "draft")
FACETS = ("group", "type", "tag", "status")


class SearchUnavailable(Exception):
    """The search engine cannot be reached or refused the request."""


@dataclass(frozen=True)
class PDFPage:
    """The text of one page of an attached PDF."""

    file_id: int
    number: int
    text: str


@dataclass(frozen=True)
class IndexedDocument:
    """A live, public document page in one locale, as the index stores it."""

    page_id: int
    locale: str
    title: str
    cipher: str
    cipher_key: str
    type_code: str
    type_codes: tuple[str, ...]
    type_name: str
    group_number: int
    group_title: str
    status: str
    url: str
    tags: tuple[str, ...] = ()
    summary: str = ""
    file_urls: dict = field(default_factory=dict)
    pages: tuple[PDFPage, ...] = ()

    @property
    def key(self):
        """The index key: one entry per page (each translation is its own page)."""
        return str(self.page_id)


@dataclass(frozen=True)
class SearchQuery:
    """What a visitor asked for."""

    text: str
    locale: str
    group: int | None = None
    type_code: str | None = None
    tag: str | None = None
    status: str | None = None
    include_obsolete: bool = False
    page: int = 1
    page_size: int = 10

    @property
    def statuses(self):
        """The statuses this query may return."""
        if self.status:
            return (self.status,)
        if self.include_obsolete:
            return (*DEFAULT_STATUSES, "obsolete")
        return DEFAULT_STATUSES


@dataclass(frozen=True)
class Snippet:
    """A passage around the match: HTML-escaped text with <mark> around matched words."""

    html: str
    page: int | None = None
    file_id: int | None = None


@dataclass
class Hit:
    """One result, in rank order."""

    page_id: int
    score: float
    title_html: str
    snippets: list[Snippet] = field(default_factory=list)


@dataclass
class SearchResults:
    """A page of results, the total count, and facet counts over all matches."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """A title or cipher that starts with what the visitor is typing."""

    page_id: int
    title: str
    cipher: str


class SearchBackend:
    """Talks to one search engine; views and signal handlers use nothing else."""

    def index(self, documents):
        """Add or replace these IndexedDocuments."""
        raise NotImplementedError

    def delete(self, page_ids):
        """Remove these pages from the index; unknown ids are ignored."""
        raise NotImplementedError

    def search(self, query):
        """SearchResults for a SearchQuery; raises SearchUnavailable when down."""
        raise NotImplementedError

    def suggest(self, prefix, locale, limit=8):
        """Suggestions whose title words or cipher start with the prefix."""
        raise NotImplementedError

    def rebuild(self, documents):
        """Replace the whole index with these documents, without a moment of empty results."""
        raise NotImplementedError

    def health(self):
        """(True, detail) when the engine answers, else (False, reason)."""
        raise NotImplementedError
