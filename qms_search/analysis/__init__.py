"""Language analysis shared by every search backend; pure Python, no Django.

Which stemmer a word gets depends on the locale of the text it comes from:

- ``ky``: the Kyrgyz stemmer for every word. Russian words in Kyrgyz documents are
  mostly loans that take Kyrgyz suffixes (документтердин), and a Russian word meets
  itself because queries in that locale go through the same rule.
- ``ru``: Russian Snowball, except that a word with ң, ө or ү is Kyrgyz wherever it
  appears and gets the Kyrgyz stemmer (Kyrgyz names and titles quoted in Russian text).

Each locale has two fields: the exact one, and a folded one where ң ө ү are spelled
н о у after stemming, so a query typed on a Russian keyboard still matches. Backends
rank the exact field higher, because folding merges a few words (көл/кол, үн/ун).
"""

from typing import NamedTuple

from .ciphers import DECIMAL_COMMA, LOOKALIKES, SEPARATORS
from .kyrgyz import (
    elasticsearch_filters,
    elasticsearch_glued_filter,
    glued_parts,
    stem_kyrgyz,
)
from .normalize import (
    ACRONYM_ENDING,
    DASHES,
    INVISIBLE,
    KYRGYZ_FOLDING,
    MAX_TOKEN_LENGTH,
    TOKEN_PATTERN,
    fold_kyrgyz,
    normalize_token,
    tokenize,
)
from .russian import PROTECTED_WORDS, stem_russian

LOCALES = ("ky", "ru")

KYRGYZ_LETTERS = frozenset("ңөү")

# Function words only, kept short on purpose: a stop word can never be searched for.
# жөнүндө ("about") is in 29 of the 74 registry titles; as a stop word it no longer
# narrows an AND query such as «кафедра жөнүндө» to those 29 (see docs/analysis.md).
_KYRGYZ_STOP_WORDS = set("жана же да менен үчүн боюнча жөнүндө жөнүндөгү".split())
_RUSSIAN_STOP_WORDS = set(
    "а в во и к ко на не о об от по с со у для до за из или при что".split()
)
STOP_WORDS = {
    # Folded spellings too (учун, жонундо), as typed on a Russian keyboard.
    "ky": frozenset(_KYRGYZ_STOP_WORDS | {fold_kyrgyz(w) for w in _KYRGYZ_STOP_WORDS}),
    "ru": frozenset(_RUSSIAN_STOP_WORDS),
}


class Term(NamedTuple):
    """An indexed term: its stem, where its word is in the text, and its position."""

    text: str
    start: int
    end: int
    position: int


class QueryTerm(NamedTuple):
    """One query word: the stem to find in the exact field and in the folded one."""

    exact: str
    folded: str


def _stem(word, locale):
    if locale == "ky" or not KYRGYZ_LETTERS.isdisjoint(word):
        return stem_kyrgyz(word)
    return stem_russian(word)


def _analyze(text, locale, folded):
    if locale not in LOCALES:
        raise ValueError(f"No analysis for locale {locale!r}")
    words = ((normalize_token(t), start, end) for t, start, end in tokenize(text))
    # A token of invisible characters only is no word; Elasticsearch never sees it.
    words = [(word, start, end) for word, start, end in words if word]
    terms = []
    # Stop words and over-long tokens keep their position, as Elasticsearch's
    # stop and length filters do.
    for position, (word, start, end) in enumerate(words):
        if word in STOP_WORDS[locale] or end - start > MAX_TOKEN_LENGTH:
            continue
        # Parts of a glued Kyrgyz token share its place, as pattern_capture emits them.
        parts = glued_parts(word) if locale == "ky" else ()
        for part in (word, *parts):
            stem = _stem(part, locale)
            text = fold_kyrgyz(stem) if folded else stem
            terms.append(Term(text, start, end, position))
    return terms


def analyze(text, locale):
    """The terms to index for text written in locale ("ky" or "ru")."""
    return _analyze(text, locale, folded=False)


def analyze_folded(text, locale):
    """The terms for the folded field: stems with ң ө ү spelled н о у."""
    return _analyze(text, locale, folded=True)


def query_terms(query, locale):
    """The distinct stems a backend searches for, each in the exact and folded field."""
    # One stem per query word: a glued word's parts would each become required.
    words = {term.position: term.text for term in reversed(analyze(query, locale))}
    stems = dict.fromkeys(words[position] for position in sorted(words))
    return [QueryTerm(stem, fold_kyrgyz(stem)) for stem in stems]


def _escape(text):
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _mapping(pairs):
    """Rules for Elasticsearch's mapping char filter, escaped to survive its trimming."""
    return [f"{_escape(source)}=>{_escape(target)}" for source, target in pairs]


def _pattern_replace(pattern, replacement):
    return {"type": "pattern_replace", "pattern": pattern, "replacement": replacement}


def _has_kyrgyz_letter(negate=False):
    """A Painless condition on the token: does it contain ң, ө or ү?"""
    test = " || ".join(f"t.indexOf('{c}') >= 0" for c in sorted(KYRGYZ_LETTERS))
    test = f"!({test})" if negate else test
    return {"source": f"String t = token.getTerm().toString(); return {test};"}


def elasticsearch_analysis(locale=None):
    """The index's settings.analysis: analyzers for one locale, or all when None."""
    ky_filters, ky_chain = elasticsearch_filters()
    fold_filters = {
        f"qms_fold_{i}": _pattern_replace(letter, plain)
        for i, (letter, plain) in enumerate(KYRGYZ_FOLDING.items(), 1)
        if letter.islower()
    }
    folding = list(fold_filters)
    # The same cleaning as normalize.clean(), but for NFC: only the decomposed й and ё
    # Cyrillic text actually contains are composed.
    chars = [(c, "") for c in INVISIBLE] + [(c, "-") for c in DASHES]
    chars += [("ё", "е"), ("Ё", "Е"), ("е\u0308", "е"), ("Е\u0308", "Е")]
    chars += [("и\u0306", "й"), ("И\u0306", "Й")]
    latin = [(c, cyrillic) for c, cyrillic in LOOKALIKES.items()]
    latin += [(c.lower(), cyrillic) for c, cyrillic in LOOKALIKES.items()]
    front = ["qms_length", "qms_acronym", "lowercase"]
    ru_chain = ["qms_ru_stop", "qms_ru_russian_words", "qms_ru_kyrgyz_words"]

    def analyzer(chain):
        return {
            "type": "custom",
            "char_filter": ["qms_chars"],
            "tokenizer": "qms_words",
            "filter": front + chain,
        }

    analyzers = {
        "qms_ky": analyzer(["qms_ky_stop", "qms_ky_glued", *ky_chain]),
        "qms_ky_folded": analyzer(["qms_ky_stop", "qms_ky_glued", *ky_chain, *folding]),
        "qms_ru": analyzer(ru_chain),
        "qms_ru_folded": analyzer([*ru_chain, *folding]),
    }
    if locale is not None:
        if locale not in LOCALES:
            raise ValueError(f"No analysis for locale {locale!r}")
        analyzers = {
            k: v for k, v in analyzers.items() if k.startswith(f"qms_{locale}")
        }
    return {
        "char_filter": {
            "qms_chars": {"type": "mapping", "mappings": _mapping(chars)},
            "qms_cipher_separators": _pattern_replace(SEPARATORS, ""),
            "qms_cipher_comma": _pattern_replace(DECIMAL_COMMA, "$1.$2"),
            "qms_cipher_latin": {"type": "mapping", "mappings": _mapping(latin)},
        },
        "tokenizer": {
            "qms_words": {"type": "pattern", "pattern": TOKEN_PATTERN, "group": 0},
        },
        "filter": {
            "qms_length": {"type": "length", "max": MAX_TOKEN_LENGTH},
            "qms_acronym": _pattern_replace(ACRONYM_ENDING, "$1"),
            "qms_ky_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS["ky"])},
            "qms_ru_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS["ru"])},
            "qms_ky_glued": elasticsearch_glued_filter(),
            **ky_filters,
            **fold_filters,
            "qms_ru_protected": {
                "type": "keyword_marker",
                "keywords": sorted(PROTECTED_WORDS),
            },
            "qms_ru_snowball": {"type": "snowball", "language": "Russian"},
            "qms_ru_russian_words": {
                "type": "condition",
                "filter": ["qms_ru_protected", "qms_ru_snowball"],
                "script": _has_kyrgyz_letter(negate=True),
            },
            "qms_ru_kyrgyz_words": {
                "type": "condition",
                "filter": ky_chain,
                "script": _has_kyrgyz_letter(),
            },
        },
        "analyzer": analyzers,
        "normalizer": {
            "qms_cipher": {
                "type": "custom",
                "char_filter": [
                    "qms_chars",
                    "qms_cipher_separators",
                    "qms_cipher_comma",
                    "qms_cipher_latin",
                ],
                "filter": ["uppercase"],
            },
        },
    }
