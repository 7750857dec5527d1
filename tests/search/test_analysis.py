"""The language analysis every search backend shares: pure Python, no Django."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qms_search.analysis import (
    STOP_WORDS,
    QueryTerm,
    Term,
    analyze,
    analyze_folded,
    elasticsearch_analysis,
    query_terms,
)
from qms_search.analysis.ciphers import (
    Cipher,
    canonical_cipher,
    canonical_prefix,
    normalize_cipher,
    parse_query_cipher,
)
from qms_search.analysis.kyrgyz import (
    elasticsearch_filters,
    python_replacement,
    stem_kyrgyz,
)
from qms_search.analysis.normalize import fold_kyrgyz, normalize, tokenize
from qms_search.analysis.russian import stem_russian

SAME_STEM = [
    ["мектеп", "мектеби", "мектептер", "мектептерде", "мектебинен", "мектебинде"],
    ["документ", "документтер", "документтердин", "документтерди", "документи"],
    ["университет", "университеттин", "университетке", "университети"],
    ["студент", "студенттер", "студенттердин", "студенттерге", "студенттерин"],
    ["кафедра", "кафедранын", "кафедралар", "кафедрада", "кафедрасына"],
    ["процесс", "процесстер", "процесстердин", "процесси"],
    ["мобилдүүлүк", "мобилдүүлүгүн", "мобилдүүлүгү"],
    ["бала", "балдар", "балдардын", "баланын", "баласы"],
    ["тутум", "тутуму", "тутумун", "тутумунун"],
    ["жыйынтык", "жыйынтыгы", "жыйынтыгын"],
    ["талап", "талаптар", "талаптарына"],
    ["аспирант", "аспиранттар", "аспиранттарынын"],
    ["эреже", "эрежелер", "эрежелери"],
    ["тартип", "тартиби", "тартибин"],
    ["окутуучу", "окутуучулар", "окутуучулардын", "окутуучусу"],
    ["жөнгө", "жөнүндө", "жөнүндөгү"],
]

KEPT_WHOLE = [
    "ал",
    "бир",
    "көл",
    "кол",
    "иш",
    "ректор",
    "куратор",
    "компьютер",
    "билим",
]

# A Kyrgyz and a Russian passage with the traps a PDF brings: soft hyphens, ё,
# abbreviations with case endings, ciphers, dashes, stop words.
KYRGYZ_TEXT = (
    "НМУнун сапат менеджмент тутуму жана доку\u00admенттерди башкаруу — УСТ 1.08; "
    "студенттердин академиялык мобилдүүлүгүн уюштуруу жөнүндө, 2017-жылдын "
    "5-апрелиндеги №5 протоколу. Балдар мектебинен кафедрага барышты."
)
RUSSIAN_TEXT = "Положение о кафедре: ёлка, стандарты НМУ и «Жөнүндөгү» — СТУ 1,12."


@pytest.mark.parametrize("forms", SAME_STEM, ids=lambda forms: forms[0])
def test_plural_possessive_and_case_forms_share_the_stem(forms):
    assert {stem_kyrgyz(form) for form in forms} == {stem_kyrgyz(forms[0])}


def test_accusative_and_possessive_lookalikes_meet():
    # планы is план + possessive, кафедраны is кафедра + accusative: the same shape.
    for forms in (["план", "планы", "пландар"], ["фонд", "фонду", "фондун"]):
        assert len({stem_kyrgyz(form) for form in forms}) == 1
    assert stem_kyrgyz("кафедраны") == "кафедра"


def test_stems_end_in_the_dictionary_consonant():
    assert stem_kyrgyz("мектеби") == "мектеп"
    assert stem_kyrgyz("китеби") == "китеп"


def test_abstract_and_adjective_forms_meet_their_noun():
    # стратегиялык план and стратегиясы: a reader asks for the same thing.
    for forms in (
        ["стратегия", "стратегиялык", "стратегиясы"],
        ["мобилдүүлүк", "мобилдүүлүгүн", "мобилдүү"],
        ["мамлекет", "мамлекеттик", "мамлекеттин"],
    ):
        assert len({stem_kyrgyz(form) for form in forms}) == 1, forms


@pytest.mark.parametrize("word", KEPT_WHOLE)
def test_short_words_and_plural_looking_loans_are_kept_whole(word):
    assert stem_kyrgyz(word) == word


def test_different_words_keep_different_stems():
    pairs = [("көл", "кол"), ("мектеп", "мекен"), ("кафедра", "факультет")]
    for first, second in pairs:
        assert stem_kyrgyz(first) != stem_kyrgyz(second)


def test_kol_and_kol_meet_only_in_the_folded_field():
    assert analyze("көл", "ky")[0].text != analyze("кол", "ky")[0].text
    assert analyze_folded("көл", "ky")[0].text == analyze_folded("кол", "ky")[0].text


def test_a_query_typed_on_a_russian_keyboard_meets_the_folded_field():
    document = analyze_folded("академиялык мобилдүүлүгүн", "ky")
    query = query_terms("академиялык мобилдуулугун", "ky")
    assert [term.folded for term in query] == [term.text for term in document]


def test_query_terms_give_each_stem_once_with_its_folded_form():
    assert query_terms("Мектептер мектебинен көл", "ky") == [
        QueryTerm("мектеп", "мектеп"),
        QueryTerm("көл", "кол"),
    ]


def test_normalize_case_folds_and_spells_yo_as_e():
    assert normalize("ЁЛКА Ёлка") == "елка елка"


def test_normalize_drops_soft_hyphens_and_zero_width_characters():
    assert normalize("доку\u00adмент\u200b\u200c\u200d\u2060\ufeff") == "документ"


def test_normalize_composes_decomposed_letters_and_unifies_dashes():
    assert normalize("Кыргызстан\u2013Бишкек и\u0306е\u0308") == "кыргызстан-бишкек йе"


def test_folding_spells_kyrgyz_letters_as_russian_ones():
    assert fold_kyrgyz("жөнүндө деңгээл") == "жонундо денгээл"


def test_tokens_carry_offsets_into_the_original_text():
    text = "Доку\u00adмент №5, УСТ 1.08 (2017-ж.)"
    tokens = tokenize(text)
    assert [t for t, _, _ in tokens] == [
        "Доку\u00adмент",
        "5",
        "УСТ",
        "1.08",
        "2017",
        "ж",
    ]
    assert all(text[start:end] == token for token, start, end in tokens)


def test_case_endings_after_an_abbreviation_are_dropped():
    assert [t.text for t in analyze("НМУнун НМУга ББПнын", "ky")] == ["нму"] * 2 + [
        "ббп"
    ]


def test_stop_words_are_not_indexed_but_keep_their_positions():
    terms = analyze("Сапат жана документтер жөнүндө", "ky")
    assert [(t.text, t.position) for t in terms] == [("сапат", 0), ("документ", 2)]


def test_folded_stop_words_are_stop_words_too():
    assert analyze("учун жонундо", "ky") == []
    assert {"учун", "жонундо"} <= STOP_WORDS["ky"]


def test_russian_inflections_share_the_snowball_stem():
    for forms in (["положение", "положения", "положений"], ["стандарт", "стандарта"]):
        assert len({stem_russian(form) for form in forms}) == 1
    assert stem_russian("стандартов") == stem_russian("стандарт")


def test_russian_text_gets_snowball_but_kyrgyz_words_stay_kyrgyz():
    terms = [t.text for t in analyze(RUSSIAN_TEXT, "ru")]
    assert terms[:2] == ["положен", "кафедр"]
    assert "елк" in terms
    assert stem_kyrgyz("жөнүндөгү") in terms


def test_an_unknown_locale_is_refused():
    with pytest.raises(ValueError):
        analyze("текст", "en")


@pytest.mark.parametrize(
    "spelling",
    [
        "УСТ 1.08",
        "уст1.08",
        "УСТ_1.08",
        "YCT 1.08",
        "yct 1,08",
        "УСТ\u00a01.08",
        "УСТ–1.08",
    ],
)
def test_cipher_spellings_share_one_key(spelling):
    assert normalize_cipher(spelling) == "УСТ1.08"


def test_cipher_keeps_its_instance_suffix():
    assert normalize_cipher("ЖЖ 3.19:nn") == "ЖЖ3.19:NN"


def test_russian_prefixes_map_to_the_kyrgyz_ones():
    pairs = {"ПО": "ЖЖ", "СТУ": "УСТ", "МР": "УС", "МИ": "УН", "уст": "УСТ", "КН": "КН"}
    for prefix, kyrgyz in pairs.items():
        assert canonical_prefix(prefix) == kyrgyz


def test_more_equivalences_can_be_passed_in():
    assert canonical_prefix("ДИ", {"ДИ": "КН"}) == "КН"
    assert canonical_prefix("ПО", {"ДИ": "КН"}) == "ЖЖ"


def test_a_cipher_printed_with_the_russian_prefix_meets_the_kyrgyz_one():
    assert canonical_cipher("ПО 2.03") == canonical_cipher("жж 2.03") == "ЖЖ2.03"
    assert canonical_cipher("1.08") == "1.08"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("УСТ 1.08", Cipher("УСТ", "1.08", None, "УСТ1.08")),
        ("уст1.08", Cipher("УСТ", "1.08", None, "УСТ1.08")),
        ("ички аудит YCT 1.08", Cipher("УСТ", "1.08", None, "УСТ1.08")),
        ("ЖЖ 3.19:nn", Cipher("ЖЖ", "3.19", ":nn", "ЖЖ3.19:NN")),
        ("кн 3.20:NN", Cipher("КН", "3.20", ":nn", "КН3.20:NN")),
        ("ПО 3,20", Cipher("ПО", "3.20", None, "ПО3.20")),
        ("1.08", Cipher(None, "1.08", None, "1.08")),
        ("документ 3.19", Cipher(None, "3.19", None, "3.19")),
        ("от 1.08", Cipher(None, "1.08", None, "1.08")),
    ],
)
def test_query_ciphers_are_recognised(query, expected):
    assert parse_query_cipher(query) == expected


@pytest.mark.parametrize(
    "query", ["2017", "кафедра жөнүндө", "05.04.2017", "ISO 9001", "3,5 %", "УСТ", ""]
)
def test_words_years_and_dates_are_not_ciphers(query):
    assert parse_query_cipher(query) is None


TEXT = st.text(
    alphabet=st.sampled_from(
        list("абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюяАБВЁНӨҮҢ")
        + list("azAZ0159.,:;-–— \n\u00ad\u200b\u0306\u0308")
    )
)


@given(text=TEXT | st.text(), locale=st.sampled_from(["ky", "ru"]))
def test_analysis_never_raises_and_offsets_slice_back_to_the_word(text, locale):
    tokens = tokenize(text)
    for analysis in (analyze, analyze_folded):
        terms = analysis(text, locale)
        for term in terms:
            word = text[term.start : term.end]
            assert (word, term.start, term.end) in tokens
            alone = analysis(word, locale)
            assert alone == [Term(term.text, 0, len(word), 0)]
        positions = [term.position for term in terms]
        assert positions == sorted(set(positions))


# Elasticsearch, emulated with Python's re on the very same pattern strings; the
# patterns keep to the syntax Java and Python share.


def _settings():
    """The analysis settings as Elasticsearch would receive them."""
    return json.loads(json.dumps(elasticsearch_analysis()))


def _unescape(text):
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _char_filter(definition, text):
    if definition["type"] == "pattern_replace":
        replacement = python_replacement(definition["replacement"])
        return re.sub(definition["pattern"], replacement, text)
    # The mapping char filter prefers the longest match.
    rules = dict(rule.split("=>") for rule in definition["mappings"])
    rules = {_unescape(k): _unescape(v) for k, v in rules.items()}
    keys = sorted(rules, key=len, reverse=True)
    return re.sub("|".join(map(re.escape, keys)), lambda m: rules[m.group()], text)


def _token_filter(name, settings, token):
    """The tokens one Elasticsearch token filter makes of one token."""
    if name == "lowercase":
        return [token.lower()]
    definition = settings["filter"][name]
    if definition["type"] == "stop":
        return [] if token in definition["stopwords"] else [token]
    if definition["type"] == "length":
        return [token] if len(token) <= definition["max"] else []
    if definition["type"] == "pattern_capture":
        for pattern in definition["patterns"]:
            match = re.search(pattern, token)
            if match:
                return [token, *(group for group in match.groups() if group)]
        return [token]
    assert definition["type"] == "pattern_replace"
    replacement = python_replacement(definition["replacement"])
    return [re.sub(definition["pattern"], replacement, token)]


def _es_analyze(analyzer_name, text):
    """(term, position) as Elasticsearch would emit them for a custom analyzer."""
    settings = _settings()
    analyzer = settings["analyzer"][analyzer_name]
    for name in analyzer["char_filter"]:
        text = _char_filter(settings["char_filter"][name], text)
    pattern = settings["tokenizer"][analyzer["tokenizer"]]["pattern"]
    terms = []
    for position, match in enumerate(re.finditer(pattern, text)):
        tokens = [match.group()]
        for name in analyzer["filter"]:
            tokens = [out for t in tokens for out in _token_filter(name, settings, t)]
        terms.extend((token, position) for token in tokens)
    return terms


@pytest.mark.parametrize("forms", SAME_STEM + [KEPT_WHOLE], ids=lambda f: f[0])
def test_elasticsearch_stemmer_chain_gives_the_same_stems(forms):
    definitions, order = json.loads(json.dumps(elasticsearch_filters()))
    settings = {"filter": definitions}
    for form in forms:
        tokens = [form]
        for name in order:
            tokens = [out for t in tokens for out in _token_filter(name, settings, t)]
        assert tokens == [stem_kyrgyz(form)]


@pytest.mark.parametrize(
    ("analyzer", "analysis"), [("qms_ky", analyze), ("qms_ky_folded", analyze_folded)]
)
def test_elasticsearch_kyrgyz_analyzers_match_python(analyzer, analysis):
    expected = [(t.text, t.position) for t in analysis(KYRGYZ_TEXT, "ky")]
    assert _es_analyze(analyzer, KYRGYZ_TEXT) == expected


@given(text=TEXT.filter(lambda text: "\u0306" not in text and "\u0308" not in text))
def test_elasticsearch_kyrgyz_analyzer_matches_python_on_any_text(text):
    expected = [(t.text, t.position) for t in analyze(text, "ky")]
    assert _es_analyze("qms_ky", text) == expected


@pytest.mark.parametrize("spelling", ["yct 1,08", "ЖЖ 3.19:nn", "уст\u00a0–\u00a01.08"])
def test_elasticsearch_cipher_normalizer_matches_normalize_cipher(spelling):
    settings = _settings()
    normalizer = settings["normalizer"]["qms_cipher"]
    value = spelling
    for name in normalizer["char_filter"]:
        value = _char_filter(settings["char_filter"][name], value)
    assert normalizer["filter"] == ["uppercase"]
    assert value.upper() == normalize_cipher(spelling)


def test_elasticsearch_analysis_defines_everything_its_analyzers_use():
    settings = _settings()
    builtin = {"lowercase", "uppercase"}
    for analyzer in [*settings["analyzer"].values(), *settings["normalizer"].values()]:
        assert set(analyzer["char_filter"]) <= set(settings["char_filter"])
        assert set(analyzer["filter"]) <= set(settings["filter"]) | builtin
        assert analyzer.get("tokenizer", "qms_words") in settings["tokenizer"]
    for definition in settings["filter"].values():
        assert set(definition.get("filter", [])) <= set(settings["filter"])
    assert set(settings["analyzer"]) == {
        "qms_ky",
        "qms_ky_folded",
        "qms_ru",
        "qms_ru_folded",
    }


def test_elasticsearch_analysis_for_one_locale_has_its_analyzers_only():
    assert set(elasticsearch_analysis("ru")["analyzer"]) == {"qms_ru", "qms_ru_folded"}


def test_runs_of_letters_too_long_to_be_words_are_dropped():
    garbage = "а" * 20_000
    terms = analyze(f"сапат {garbage} тутуму", "ky")
    assert [term.text for term in terms] == [
        stem_kyrgyz("сапат"),
        stem_kyrgyz("тутуму"),
    ]


def test_russian_nouns_in_it_meet_their_other_forms():
    # Snowball alone stems аудит to ауд but аудита to аудит.
    assert {stem_russian(w) for w in ("аудит", "аудита", "аудиты", "аудитом")} == {
        "аудит"
    }


def test_words_glued_without_a_space_are_found_by_each_word():
    # The seed prints «ишмердуулугунунэффективдүүлүгүнүн» and «аралыктыкаттестацияны».
    title = analyze("ишмердуулугунунэффективдүүлүгүнүн деңгээлин баалоо", "ky")
    assert stem_kyrgyz("эффективдүүлүгүн") in {term.text for term in title}
    assert stem_kyrgyz("ишмердуулугу") in {term.text for term in title}
    assert {term.position for term in title} == {0, 1, 2}
    glued = {term.text for term in analyze("аралыктыкаттестацияны", "ky")}
    assert stem_kyrgyz("аттестация") in glued


def test_an_ordinary_long_word_is_not_split():
    for word in ("дисциплиналарынын", "компетенттүүлүгүн", "университеттин"):
        assert len(analyze(word, "ky")) == 1


def test_a_glued_query_word_asks_for_one_term_not_three():
    assert len(query_terms("ишмердуулугунунэффективдүүлүгүнүн", "ky")) == 1


def test_elasticsearch_splits_glued_words_as_python_does():
    text = "ишмердуулугунунэффективдүүлүгүнүн аралыктыкаттестацияны"
    expected = [(t.text, t.position) for t in analyze(text, "ky")]
    assert _es_analyze("qms_ky", text) == expected
