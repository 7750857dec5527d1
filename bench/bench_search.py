"""Measure the embedded search backend: rebuild speed, size and memory, query latency.

Run from the project root: .venv/bin/python -m bench.bench_search [--docs 5000]
"""

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench import QUERY_SHAPES
from qms_search.analysis import query_terms
from qms_search.analysis.ciphers import parse_query_cipher
from qms_search.backends.base import IndexedDocument, PDFPage, SearchQuery
from qms_search.backends.embedded import EmbeddedBackend, search_sql

KYRGYZ_STEMS = (
    "сапат менеджмент тутум университет мектеп бөлүм кафедра студент окутуучу ректор "
    "буйрук жобо талап көрсөткүч үлгү мүчө документ адис мөөнөт күбөлүк түзүм ишкана "
    "билим программа аккредитация өлкө аудит процесс ресурс жетекчилик факультет "
    "дисциплина практика аспирант китепкана жатакана сынак абитуриент комиссия рейтинг "
    "экзамен мониторинг отчет план стратегия саясат колдонмо нускама кеңеш стандарт "
    "персонал инфраструктура продукция уюм кызматкер бүтүрүүчү тайпа куратор сабак "
    "жумуш мамлекет жыйынтык максат милдет натыйжа багыт тарбия тартип эреже укук "
    "маалымат сайт система база каражат анализ пикир керектөөчү келишим акт протокол "
    "токтом чечим отурум журнал архив тизме график мугалим лаборатория илим долбоор "
    "грант патент макала конференция семинар лекция сессия семестр кредит модуль "
    "силлабус компетенция квалификация аттестация диплом сертификат бюджет каржы эмгек "
    "кадр штат ставка жүктөм саат кабинет жабдуу китеп окуулук методика тест баа "
    "милдеттенме өкүл бөлүмчө борбор институт колледж лицей мекеме министрлик"
).split()
RUSSIAN_STEMS = {
    # ending class → stems; the endings below give each its case forms
    "ие": "положени управлени обеспечени требовани изменени решени назначени "
    "утверждени согласовани планировани образовани заседани наблюдени",
    "ия": "организаци документаци аккредитаци комисси квалификаци аттестаци "
    "специальност программ категори инструкци",
    "": "университет факультет приказ ректор студент преподавател документ процесс "
    "аудит отчёт контрол результат показател мониторинг стандарт план журнал "
    "протокол совет семестр экзамен кредит модуль учёт срок",
    "а": "кафедр систем процедур практик работ оценк дисциплин нагрузк запис "
    "политик структур служб групп форм библиотек",
    "ый": "внутренн учебн научн государственн образовательн методическ "
    "профессиональн ответственн текущ итогов",
}
RUSSIAN_ENDINGS = {
    "ие": ["ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями"],
    "ия": ["ия", "ии", "ию", "ией", "ий", "иям"],
    "": ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами"],
    "а": ["а", "ы", "е", "у", "ой", "ам", "ами"],
    "ый": ["ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ими"],
}
VOWELS = "аеиоөуүыэюя"
VOICELESS = "кпстфхцчшщ"
PREFIXES = ["ЖЖ", "ПО", "УСТ", "СТУ", "УН", "МИ", "ПЛ", "УД", "КН"]
# Generated words of the long tail: each one rare, together many.
SYLLABLES = [c + v for c in "бгджзклмнпрстчш" for v in "аеиоуыөү"]
WORDS_PER_PAGE = 300
PAGES = 10
CIPHER_QUERIES = ["УСТ 1.08", "уст1.08", "1.08", "СТУ 2.11", "ЖЖ 4.01", "YCT 3.07"]


def harmony(stem):
    """The {A} and {I} vowels and the kind of sound a Kyrgyz suffix follows."""
    last_vowel = next((c for c in reversed(stem) if c in VOWELS), "а")
    back, rounded = last_vowel in "аоуыяю", last_vowel in "оөуү"
    a = ("о" if rounded else "а") if back else ("ө" if rounded else "е")
    i = ("у" if rounded else "ы") if back else ("ү" if rounded else "и")
    end = "voiced"
    if stem[-1] in VOWELS:
        end = "vowel"
    elif stem[-1] in VOICELESS:
        end = "voiceless"
    return a, i, end


def kyrgyz_forms(stem):
    """A stem with plural, possessive and case endings, as a Kyrgyz text has them."""
    a, i, end = harmony(stem)
    plural = {"vowel": "л", "voiced": "д", "voiceless": "т"}[end] + a + "р"
    if stem[-1] in "йр":
        plural = "л" + a + "р"
    n = {"vowel": "н", "voiced": "д", "voiceless": "т"}[end]
    d = "т" if end == "voiceless" else "д"
    g = "к" if end == "voiceless" else "г"
    possessive = ("с" + i) if end == "vowel" else i
    forms = [stem, stem + plural, stem + n + i + "н", stem + n + i, stem + g + a]
    forms += [
        stem + d + a,
        stem + d + a + "н",
        stem + possessive,
        stem + plural + d + i + "н",
    ]
    return forms


def vocabulary(locale, rng):
    """Entries in Zipf order (most frequent first), each a list of word forms."""
    if locale == "ky":
        entries = [kyrgyz_forms(stem) for stem in KYRGYZ_STEMS]
    else:
        entries = [
            [stem + ending for ending in RUSSIAN_ENDINGS[kind]]
            for kind, stems in RUSSIAN_STEMS.items()
            for stem in stems.split()
        ]
    rng.shuffle(entries)
    tail = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(30_000)}
    return entries + [[word] for word in sorted(tail)]


class Corpus:
    """A reproducible synthetic registry: document i is the same whatever the size."""

    def __init__(self, seed):
        self.seed = seed
        rng = random.Random(f"{seed}:vocabulary")
        self.entries = {locale: vocabulary(locale, rng) for locale in ("ky", "ru")}
        self.cumulative = {}
        for locale, entries in self.entries.items():
            total, cumulative = 0.0, []
            for rank in range(len(entries)):
                total += 1 / (rank + 5)
                cumulative.append(total)
            self.cumulative[locale] = cumulative

    def words(self, locale, count, rng):
        """Words drawn by the Zipf weights, each in one of its forms."""
        entries = rng.choices(
            self.entries[locale], cum_weights=self.cumulative[locale], k=count
        )
        return [rng.choice(forms) for forms in entries]

    def text(self, locale, count, rng):
        """Sentences of 6–16 words, with the odd cipher reference."""
        words = self.words(locale, count, rng)
        sentences, start = [], 0
        while start < len(words):
            end = start + rng.randint(6, 16)
            sentence = words[start:end]
            if rng.random() < 0.05:
                sentence.append(
                    f"({rng.choice(PREFIXES)} {rng.randint(1, 4)}.{rng.randint(1, 30):02})"
                )
            sentences.append(" ".join(sentence).capitalize() + ".")
            start = end
        return " ".join(sentences)

    def document(self, number):
        """Document number, from a generator seeded by its number alone."""
        rng = random.Random(f"{self.seed}:{number}")
        locale = "ky" if number % 2 else "ru"
        group = rng.randint(1, 4)
        prefix = rng.choice(PREFIXES)
        cipher = f"{prefix} {group}.{rng.randint(1, 30):02}"
        return IndexedDocument(
            page_id=number + 1,
            locale=locale,
            title=" ".join(self.words(locale, rng.randint(3, 7), rng)).capitalize(),
            cipher=cipher,
            cipher_key=cipher.replace(" ", ""),
            type_code=prefix,
            type_codes=(prefix,),
            type_name=prefix,
            group_number=group,
            group_title=f"group {group}",
            status=rng.choices(["in_force", "draft", "obsolete"], [90, 5, 5])[0],
            url=f"/{locale}/{number}/",
            tags=tuple(
                rng.sample(["аудит", "сапат", "студент", "кадр"], rng.randint(0, 2))
            ),
            summary=self.text(locale, rng.randint(0, 40), rng),
            file_urls={number: f"/documents/{number}.pdf"},
            pages=tuple(
                PDFPage(
                    file_id=number,
                    number=page,
                    text=self.text(locale, WORDS_PER_PAGE, rng),
                )
                for page in range(1, PAGES + 1)
            ),
        )

    def documents(self, count):
        """The first count documents, made one at a time."""
        return (self.document(number) for number in range(count))

    def queries(self, locale):
        """(kind, text): 1–3 words, common (top 10), middling (500–2,000th) and rare."""
        rng = random.Random(f"{self.seed}:queries:{locale}")
        entries = self.entries[locale]

        def word(kind):
            ranks = {
                "common": (0, 10),
                "middling": (500, 2_000),
                "rare": (10_000, 25_000),
            }[kind]
            return rng.choice(entries[rng.randrange(*ranks)])

        queries = []
        for shape in QUERY_SHAPES:
            kind = (
                f"{len(shape)} word{'s' if len(shape) > 1 else ''}: {'+'.join(shape)}"
            )
            queries += [
                (kind, " ".join(word(part) for part in shape)) for _ in range(8)
            ]
        return queries + [("cipher", cipher) for cipher in CIPHER_QUERIES]


def rss_mb():
    """The peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(items, spent):
    """The items, adding the seconds spent making each one to spent[0]."""
    iterator = iter(items)
    while True:
        started = time.perf_counter()
        item = next(iterator, None)
        spent[0] += time.perf_counter() - started
        if item is None:
            return
        yield item


def rebuild_in_child(path, docs, seed, results):
    """Rebuild an index in a fresh process, so that its peak memory is its own."""
    corpus = Corpus(seed)
    before = rss_mb()
    generating = [0.0]
    started = time.perf_counter()
    EmbeddedBackend(path).rebuild(timed(corpus.documents(docs), generating))
    results.put(
        {
            # Making up the synthetic corpus is not the backend's work.
            "seconds": time.perf_counter() - started - generating[0],
            "generating": generating[0],
            "rss_before": before,
            "rss_peak": rss_mb(),
            "size": os.path.getsize(os.path.realpath(path)),
        }
    )


def rebuild(path, docs, seed):
    """rebuild_in_child()'s report."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=rebuild_in_child, args=(path, docs, seed, results))
    child.start()
    report = results.get()
    child.join()
    return report


def percentile(values, share):
    """The nearest-rank percentile (share 0.95 for p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(backend, queries, rounds):
    """Latency in ms per kind for search() (top 10 with snippets) and its SQL alone."""
    full, sql_only, hits = {}, {}, {}
    connection = backend._connection()  # the same connection search() uses
    for kind, text, locale in queries * rounds:
        query = SearchQuery(text=text, locale=locale)
        started = time.perf_counter()
        results = backend.search(query)
        full.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        hits.setdefault(kind, []).append(results.total)
        terms = query_terms(text, locale)
        cipher = parse_query_cipher(text)
        if terms or cipher:
            sql, params = search_sql(query, terms, cipher)
            started = time.perf_counter()
            connection.execute(sql, params).fetchall()
            sql_only.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return full, sql_only, hits


def print_rebuilds(folder, sizes, seed):
    """Rebuild at each size in a fresh process; return the path of the last index."""
    print(
        "| documents | rebuild s | documents/s | pages/s | index MB "
        "| RSS before MB | peak RSS MB | making the corpus s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for docs in sizes:
        path = Path(folder) / f"index-{docs}.sqlite3"
        report = rebuild(path, docs, seed)
        seconds = report["seconds"]
        print(
            f"| {docs:,} | {seconds:.1f} | {docs / seconds:,.0f} "
            f"| {docs * PAGES / seconds:,.0f} | {report['size'] / 1e6:,.0f} "
            f"| {report['rss_before']:.0f} | {report['rss_peak']:.0f} "
            f"| {report['generating']:.1f} |"
        )
    return path


def print_latencies(full, sql_only, hits):
    """A Markdown table of latencies per kind of query, and over all of them."""
    print(
        "| queries | median matches | search p50 ms | p95 | p99 | SQL only p50 | p95 |"
    )
    print("|---|---|---|---|---|---|---|")
    rows = [(kind, full[kind], sql_only.get(kind, []), hits[kind]) for kind in full]
    rows.append(
        (
            "all",
            [t for times in full.values() for t in times],
            [t for times in sql_only.values() for t in times],
            [n for counts in hits.values() for n in counts],
        )
    )
    for kind, times, sql, matches in rows:
        sql_cells = "— | —"
        if sql:
            sql_cells = f"{percentile(sql, 0.5):.1f} | {percentile(sql, 0.95):.1f}"
        print(
            f"| {kind} | {statistics.median(matches):g} | {percentile(times, 0.5):.1f} "
            f"| {percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} "
            f"| {sql_cells} |"
        )


def main():
    """Rebuild at half and full size, then time a fixed query set on the full index."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}")
    print(
        f"Documents of {PAGES} PDF pages × {WORDS_PER_PAGE} words, "
        "half in Kyrgyz, half in Russian"
    )
    print()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        path = print_rebuilds(folder, (args.docs // 2, args.docs), args.seed)
        corpus = Corpus(args.seed)
        queries = [
            (kind, text, locale)
            for locale in ("ky", "ru")
            for kind, text in corpus.queries(locale)
        ]
        backend = EmbeddedBackend(path)
        time_queries(backend, queries, 1)  # warm the page cache and the stem cache
        full, sql_only, hits = time_queries(backend, queries, args.rounds)
    print()
    print(
        f"{len(queries)} queries × {args.rounds} rounds on {args.docs:,} documents: "
        "page 1, 10 hits with snippets"
    )
    print(f"Load average after: {os.getloadavg()[0]:.2f}")
    print()
    print_latencies(full, sql_only, hits)


if __name__ == "__main__":
    main()
