"""Russian stemming with the Snowball algorithm Elasticsearch's snowball filter uses."""

import threading
from functools import lru_cache

import snowballstemmer

_stemmer = snowballstemmer.stemmer("russian")
# The pure-Python stemmer keeps the word being stemmed on the object.
_lock = threading.Lock()


# Nouns Snowball takes for verbs ending in -ит (аудит → ауд, but аудита → аудит), so that
# their forms would never meet; they are kept whole, as Elasticsearch's keyword_marker does.
PROTECTED_WORDS = frozenset(
    {"аудит", "кредит", "лимит", "реквизит", "депозит", "транзит", "визит", "дефицит"}
)


@lru_cache(maxsize=20_000)
def stem_russian(word):
    """The Snowball stem of a normalised, lower-case Russian word."""
    if word in PROTECTED_WORDS:
        return word
    with _lock:
        return _stemmer.stemWord(word)
