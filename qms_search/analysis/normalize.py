"""Text normalisation, Kyrgyz folding and tokenisation shared by every backend."""

import re
import unicodedata

# Characters that only affect display: soft hyphen, zero-width space and (non-)joiner,
# word joiner, byte-order mark. PDFs and Word files scatter them inside words.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# Lone surrogates cannot be written as UTF-8: SQLite and Elasticsearch refuse them.
SURROGATES = range(0xD800, 0xE000)

_CLEAN = str.maketrans(
    {
        **dict.fromkeys(INVISIBLE),
        **dict.fromkeys(SURROGATES),
        **dict.fromkeys(DASHES, "-"),
        "ё": "е",
        "Ё": "Е",
    }
)

# ң ө ү have no Unicode decomposition, so generic accent folding never touches them.
KYRGYZ_FOLDING = {"ң": "н", "ө": "о", "ү": "у", "Ң": "Н", "Ө": "О", "Ү": "У"}
_FOLD = str.maketrans(KYRGYZ_FOLDING)

# Runs of Latin or Cyrillic letters and digits; combining marks and invisible characters
# stay inside a word, and numbers such as 1.08 or 3,5 stay one token. Written in the
# syntax Python and Java share, so Elasticsearch's pattern tokenizer uses the same string
# (there the invisible characters are already gone, removed by a char filter).
_INVISIBLE_CLASS = "".join(f"\\u{ord(c):04x}" for c in INVISIBLE)
_DIGITS = rf"[{_INVISIBLE_CLASS}]*[0-9][0-9{_INVISIBLE_CLASS}]*"
TOKEN_PATTERN = (
    rf"{_DIGITS}(?:[.,]{_DIGITS})+"
    r"|[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff\u0300-\u036f"
    rf"{_INVISIBLE_CLASS}]+"
)
_TOKEN = re.compile(TOKEN_PATTERN)

# A lower-case ending written after an upper-case abbreviation (НМУнун, ББПнын, НМУга)
# is a case suffix: drop it so the abbreviation itself is indexed.
ACRONYM_ENDING = r"^([A-ZА-ЯЁҢӨҮ]{2,})[a-zа-яёңөү]+$"
_ACRONYM_ENDING = re.compile(ACRONYM_ENDING)


def clean(text):
    """Compose to NFC, drop invisible characters, unify dashes and spell ё as е."""
    return unicodedata.normalize("NFC", text).translate(_CLEAN)


def normalize(text):
    """Clean and case-fold text."""
    return clean(text).casefold()


def normalize_token(token):
    """Normalise one token, keeping only the abbreviation of НМУнун-style words."""
    return normalize(_ACRONYM_ENDING.sub(r"\1", clean(token)))


# Longer "words" are PDF garbage (glyph runs without spaces); Lucene refuses terms
# over 32 KB and a whole bulk request with them, so both analysers drop them.
MAX_TOKEN_LENGTH = 100


def fold_kyrgyz(text):
    """Spell ң ө ү as н о у, as people do on a Russian keyboard."""
    return text.translate(_FOLD)


def tokenize(text):
    """The words of text as (token, start, end), where text[start:end] == token."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
