"""Document ciphers («УСТ 1.08», «ЖЖ 3.19:nn»): normalised keys and recognition in queries."""

import re
from dataclasses import dataclass

from .normalize import clean

# Latin capitals that look like Cyrillic ones: «YCT 1.08» typed on the wrong layout.
LOOKALIKES = {
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
    "Y": "У",
}
_LOOKALIKES = str.maketrans(LOOKALIKES)

# Java's \s is ASCII only, so the no-break spaces Word puts after a prefix are listed.
SEPARATORS = r"[\s\u00a0\u202f_-]+"
DECIMAL_COMMA = r"([0-9]),([0-9])"

# Russian abbreviation → the Kyrgyz one the registry's legend uses.
EQUIVALENCES = {"ПО": "ЖЖ", "СТУ": "УСТ", "МР": "УС", "МИ": "УН"}

# The registry legend's abbreviations, Kyrgyz and Russian; a lower-case word before a
# number counts as a prefix only if it is one of these («уст 1.08», not «от 1.08»).
PREFIXES = frozenset(
    {"АС", "ДП", "ЖЖ", "ЖИ", "ЖС", "КН", "НД", "ПЛ", "СК", "УД", "УН", "УС", "УСТ"}
    | EQUIVALENCES.keys()
)

# A prefix of 2–4 letters, then a group.number such as 1.08 or 3,19, then an instance
# suffix such as :nn or :01. A bare number must stand alone, so years (2017) and dates
# (05.04.2017) never match.
_CIPHER = re.compile(
    r"(?:(?<!\w)(?P<prefix>[^\W\d_]{2,4})[\s_-]*|(?<![\w.,]))"
    r"(?P<number>[0-9]{1,2}[.,][0-9]{2})(?![.,]?[0-9])"
    r"(?P<suffix>:(?:nn|[0-9]{1,3}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cipher:
    """A cipher found in a query."""

    prefix: str | None
    number: str
    suffix: str | None
    key: str


def normalize_cipher(value):
    """A canonical cipher key: upper case, Cyrillic letters, no separators («УСТ1.08»)."""
    value = clean(value).upper().translate(_LOOKALIKES)
    value = re.sub(SEPARATORS, "", value)
    return re.sub(DECIMAL_COMMA, r"\1.\2", value)


def canonical_prefix(prefix, equivalences=None):
    """The Kyrgyz abbreviation for a prefix (ПО → ЖЖ), given extra equivalences too."""
    table = {**EQUIVALENCES, **(equivalences or {})}
    table = {normalize_cipher(k): normalize_cipher(v) for k, v in table.items()}
    prefix = normalize_cipher(prefix)
    return table.get(prefix, prefix)


def canonical_cipher(value, equivalences=None):
    """A cipher key with its prefix in Kyrgyz, so «ПО 2.03» and «ЖЖ 2.03» meet."""
    key = normalize_cipher(value)
    prefix = re.match(r"[^\W\d_]*", key).group()
    if not prefix:
        return key
    return canonical_prefix(prefix, equivalences) + key[len(prefix) :]


def parse_query_cipher(query, prefixes=PREFIXES):
    """The first cipher, or bare cipher number like 1.08, in a query; else None."""
    match = _CIPHER.search(clean(query))
    if match is None:
        return None
    prefix = match["prefix"]
    if prefix is not None:
        typed, prefix = prefix, normalize_cipher(prefix)
        known = {normalize_cipher(p) for p in prefixes}
        # «от 1.08»: a lower-case word that is no known abbreviation is just a word.
        if not typed.isupper() and prefix not in known:
            prefix = None
    number = match["number"].replace(",", ".")
    suffix = match["suffix"].lower() if match["suffix"] else None
    key = normalize_cipher(f"{prefix or ''}{number}{suffix or ''}")
    return Cipher(prefix, number, suffix, key)
