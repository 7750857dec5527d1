"""A light Kyrgyz stemmer whose rules are data, exported as Elasticsearch filters.

No Kyrgyz stemmer exists in Snowball, Lucene or Elasticsearch. Kyrgyz nouns stack
suffixes as stem + plural + possessive + case (Apertium's apertium-kir morphotactics);
a derived -дагы / -ныкы form takes the place of the case. The stemmer removes at most
one suffix per layer, from the outside in, and every rule is one regular expression
applied to the whole word, so the same list runs as a chain of Elasticsearch
``pattern_replace`` token filters:

1. irregular  балдар → балалар (бала's contracted plural), so the layers below apply;
2. derived    -{D}{A}г{I} (мектептеги), -{N}{I}к{I} (мектептики);
3. case       genitive -{N}{I}н, accusative -{N}{I}, dative -{G}{A}, locative -{D}{A},
              ablative -{D}{A}н; after a 3rd-person possessive vowel the pronominal н
              gives dative -н{A} and ablative -н{A}н (мектебинен);
4. possessive 3rd person -{I} / -с{I}, the same with the pronominal н -{I}н / -с{I}н
              (accusative сапатын, and what -{I}нда, -{I}ндан, -{I}ндагы leave behind),
              1st plural -{I}б{I}з / -б{I}з, formal 2nd -{I}ң{I}з / -ң{I}з;
5. plural     -{L}{A}р;
6. abstract   -{L}{I}к / -{L}{I}г, the noun and adjective maker (стратегиялык,
              мобилдүүлүгү), so a derived word meets the word it is made from;
7. final      a stem-final н/д/т that {N} could stand for is dropped, then б → п and
              г → к (мектеби → мектеб → мектеп).

Suffixes are written with archiphonemes: {A} = а/е/о/ө, {I} = ы/и/у/ү, {L} = л/д/т,
{N} = н/д/т, {D} = д/т, {G} = г/к. Each expands only to the variants Kyrgyz allows
after the stem: the vowel agrees in backness with the stem's last vowel (loans with
е/э count as front), and the consonant follows the sound before it (кафедра-лар,
адам-дар, мектеп-тер). This is what keeps ректор, куратор and компьютер whole.
A prefix marks where a suffix may follow: ``-`` after a consonant, ``=`` after a
consonant other than ч (окутуучу, жумушчу end in the agent suffix -чу, not in a
possessive), ``+`` after a vowel, ``~`` after a 3rd-person possessive vowel {I} with
three letters before it.

The {N} rule in step 7 exists because the accusative and the 3rd-person possessive
look alike after a stem ending in н/д/т: планы is план-ы but could be пла-ны (as
кафедра-ны), областы is област-ы or облас-ты, фонду фонд-у or фон-ду. The stemmer
cannot tell, so it drops that consonant from every stem that ends in it: план, планы
and пландар all give пла. Stems where {N} could not stand (сапат, студент, документ)
keep it.

1st and 2nd person singular possessives (-{I}м, -{I}ң) are left out on purpose: in
official texts -ым/-им/-ум endings are almost always part of the word (билим, тутум,
чечим). Of the derivational suffixes only -лык is
stripped; -сыз (without) and -луу (with) change the meaning too much.

The stem that remains must be at least three letters long and contain a vowel, so
short words (ал, бир, иш, көл) are never eaten. Input is a normalised, lower-case word.
"""

import re
from functools import lru_cache

VOWELS = "аеиоөуүыэюя"
CONSONANTS = "бвгджзйклмнңпрстфхцчшщ"
VOICELESS = "кпстфхцчшщ"
VOICED = "бвгджзйлмнңр"

# The stem's last vowel (back or front) → the vowels {A} and {I} may stand for.
HARMONY = {
    "аоуыяю": {"A": "ао", "I": "ыу"},
    "еиөүэ": {"A": "еө", "I": "иү"},
}

# {L} {N} {D} {G} → each consonant it may be, and the sounds that consonant follows.
ASSIMILATION = {
    "L": {"л": VOWELS + "йр", "д": "бвгджзлмнң", "т": VOICELESS},
    "N": {"н": VOWELS, "д": VOICED, "т": VOICELESS},
    "D": {"д": VOWELS + VOICED, "т": VOICELESS},
    "G": {"г": VOWELS + VOICED, "к": VOICELESS},
}

IRREGULAR = {"балдар": "балалар"}

LAYERS = {
    "derived": ["DAгI", "NIкI"],
    "case": ["NIн", "NI", "GA", "DA", "DAн", "~нA", "~нAн"],
    "possessive": ["=I", "+сI", "-Iн", "+сIн", "-IбIз", "+бIз", "-IңIз", "+ңIз"],
    "plural": ["LAр"],
    # Innermost: the abstract/adjective -{L}{I}к, its к voiced to г before a vowel.
    "abstract": ["LIк", "LIг"],
}

FINAL_CONSONANTS = {"б": "п", "г": "к"}

MIN_STEM = 3

# Where a suffix may follow; "~" depends on the harmony class, see _suffix().
CONTEXTS = {
    "-": f"(?<=[{CONSONANTS}])",
    "=": f"(?<=[{CONSONANTS.replace('ч', '')}])",
    "+": f"(?<=[{VOWELS}])",
}


def _suffix(template, vowels):
    """The regex for one suffix template after a stem whose last vowel is in vowels."""
    harmony = HARMONY[vowels]
    context = CONTEXTS.get(template[0], "")
    if template[0] == "~":
        context = f"(?<=.{{{MIN_STEM}}}[{harmony['I']}])"
    body = template.lstrip("-=+~")
    rest = "".join(f"[{harmony[c]}]" if c in harmony else c for c in body[1:])
    if body[0] in ASSIMILATION:
        heads = [f"(?<=[{after}]){c}" for c, after in ASSIMILATION[body[0]].items()]
        head = "(?:" + "|".join(heads) + ")"
    else:
        head = f"[{harmony[body[0]]}]" if body[0] in harmony else body[0]
    return context + head + rest


def _layer_pattern(templates):
    """One anchored regex that strips the longest suffix of a layer, or nothing."""
    branches = []
    for vowels in HARMONY:
        # The lazy stem tries the shortest stem first, so the longest suffix wins; the
        # lookbehind keeps at least MIN_STEM letters, and the stem holds its last vowel.
        stem = f"(.*?[{vowels}][^{VOWELS}]*?)(?<=.{{{MIN_STEM}}})"
        suffixes = "|".join(_suffix(t, vowels) for t in templates)
        branches.append(f"{stem}(?:{suffixes})")
    return "^(?:" + "|".join(branches) + ")$"


def _rules():
    """(name, pattern, replacement) in the order they apply; replacements in Java syntax."""
    rules = [
        (f"qms_ky_irregular_{i}", f"^{word}", form)
        for i, (word, form) in enumerate(IRREGULAR.items(), 1)
    ]
    # One capture group per harmony branch; the branch that did not match is empty.
    groups = "".join(f"${i}" for i in range(1, len(HARMONY) + 1))
    rules += [
        (f"qms_ky_{name}", _layer_pattern(templates), groups)
        for name, templates in LAYERS.items()
    ]
    # A final н/д/т after the sound {N} would follow, keeping MIN_STEM letters.
    heads = [
        f"(?<=.{{{MIN_STEM - 1}}}[{after}]){c}"
        for c, after in ASSIMILATION["N"].items()
    ]
    rules.append(("qms_ky_final_n", "(?:" + "|".join(heads) + ")$", ""))
    rules += [
        (f"qms_ky_final_voicing_{i}", f"{voiced}$", voiceless)
        for i, (voiced, voiceless) in enumerate(FINAL_CONSONANTS.items(), 1)
    ]
    return rules


RULES = _rules()

# Two words typed without the space between them, the first ending in a genitive or an
# abstract suffix: ишмердүүлүгүнүнэффективдүүлүгүнүн, аралыктыкаттестацияны (the seed
# has both). Each part is indexed beside the whole word; both must be long, so a word
# that merely holds such a syllable is rarely split, and then only adds a term.
GLUED_WORDS = "^(.{4,}?(?:[ндт][ыиуү]н|[лдт][ыиуү]к))(.{6,})$"
_GLUED = re.compile(GLUED_WORDS)


def glued_parts(word):
    """The two words a glued token is made of, or () for an ordinary word."""
    match = _GLUED.match(word)
    return match.groups() if match else ()


def python_replacement(replacement):
    """Translate a Java replacement string ($1) into Python's (\\g<1>)."""
    return re.sub(r"\$(\d)", r"\\g<\1>", replacement)


_COMPILED = [
    (re.compile(pattern), python_replacement(replacement))
    for _, pattern, replacement in RULES
]


# Indexing a corpus stems the same words again and again.
@lru_cache(maxsize=100_000)
def stem_kyrgyz(word):
    """Strip Kyrgyz plural, possessive and case suffixes from a normalised word."""
    for pattern, replacement in _COMPILED:
        word = pattern.sub(replacement, word)
    return word


def elasticsearch_glued_filter():
    """The glued-word splitter as an Elasticsearch 8 filter."""
    # pattern_capture emits the whole token and each group at the token's position.
    return {
        "type": "pattern_capture",
        "preserve_original": True,
        "patterns": [GLUED_WORDS],
    }


def elasticsearch_filters():
    """The stemmer as Elasticsearch 8 pattern_replace filters, and their order."""
    definitions = {
        name: {
            "type": "pattern_replace",
            "pattern": pattern,
            "replacement": replacement,
        }
        for name, pattern, replacement in RULES
    }
    return definitions, list(definitions)
