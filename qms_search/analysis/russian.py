"""Russian stemming with the Snowball algorithm Elasticsearch's snowball filter uses."""

import threading
from functools import lru_cache

import snowballstemmer

_stemmer = snowballstemmer.stemmer("russian")
# The pure-Python stemmer keeps the word being stemmed on the object.
_lock = threading.Lock()


@lru_cache(maxsize=20_000)
def stem_russian(word):
    """The Snowball stem of a normalised, lower-case Russian word."""
    with _lock:
        return _stemmer.stemWord(word)
