"""Relevance of our search against Wagtail's database backend on the real registry.

Run from the project root: .venv/bin/python -m bench.bench_relevance

Loads the 74-document registry (ky and ru) into a throw-away site, attaches generated
PDFs to some documents, builds both indexes, runs bench/relevance_queries.json against
each and prints hits@1, hits@3 and MRR per category, then every query we miss in the top 3.
"""

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

from bench import leave_scratch_site, use_scratch_site

QUERIES = Path(__file__).with_name("relevance_queries.json")
PAGES_PER_PDF = 5
SENTENCES_PER_PAGE = 14
# The rank a result must reach to count; MRR is 0 beyond it.
DEPTH = 10

# Plain sentences of the kind every regulation repeats: they make each PDF a few pages
# of realistic text in which the distinctive words of relevance_queries.json are rare.
FILLER = {
    "ky": [
        "Бул документ университеттин сапат менеджмент системасынын талаптарына ылайык иштелип чыккан.",
        "Документтин талаптары университеттин бардык түзүмдүк бөлүмдөрү үчүн милдеттүү.",
        "Документке өзгөртүүлөр ректордун буйругу менен киргизилет.",
        "Түп нускасы сапат менеджменти бөлүмүндө сакталат, көчүрмөлөрү бөлүмдөргө таратылат.",
        "Жооптуу адистер жыл сайын аткарылган иштер боюнча отчет даярдашат.",
        "Отчеттун жыйынтыгы окумуштуулар кеңешинин жыйынында каралат.",
        "Документтин аткарылышын көзөмөлдөө окуу иштери боюнча проректорго жүктөлөт.",
        "Бөлүмдүн жетекчиси кызматкерлерди документтин мазмуну менен тааныштырат.",
        "Маалыматтар университеттин расмий сайтына жарыяланат.",
        "Ар бир окуу жылынын башында иш-чаралардын планы бекитилет.",
        "Документ бекитилген күндөн тартып күчүнө кирет.",
        "Талаптарды аткарбаган адамдар белгиленген тартипте жоопко тартылат.",
        "Студенттердин жана окутуучулардын пикирлери жыл сайын изилденет.",
        "Кафедралар жана факультеттер өз ишин ушул документке ылайык пландаштырышат.",
        "Документ мамлекеттик жана расмий тилдерде даярдалат.",
        "Бардык жазуулар электрондук жана кагаз түрүндө сакталат.",
        "Жыйналыштын протоколуна төрага жана катчы кол коюшат.",
        "Документте колдонулган терминдер ISO 9001 эл аралык стандартына шайкеш келет.",
        "Зарыл болгон учурда документ кайра каралып, жаңы редакциясы бекитилет.",
        "Документтин көчүрмөсү кызыкдар адамдардын суроосу боюнча берилет.",
    ],
    "ru": [
        "Настоящий документ разработан в соответствии с требованиями системы менеджмента качества университета.",
        "Требования документа обязательны для всех структурных подразделений университета.",
        "Изменения в документ вносятся приказом ректора.",
        "Подлинник хранится в отделе менеджмента качества, копии рассылаются в подразделения.",
        "Ответственные сотрудники ежегодно готовят отчёт о выполненной работе.",
        "Результаты отчёта рассматриваются на заседании учёного совета.",
        "Контроль за исполнением документа возлагается на проректора по учебной работе.",
        "Руководитель подразделения знакомит сотрудников с содержанием документа под подпись.",
        "Информация размещается на официальном сайте университета.",
        "В начале каждого учебного года утверждается план мероприятий.",
        "Документ вступает в силу с момента утверждения.",
        "Лица, не выполняющие требования, несут ответственность в установленном порядке.",
        "Мнения студентов и преподавателей изучаются ежегодно.",
        "Кафедры и факультеты планируют свою работу в соответствии с настоящим документом.",
        "Документ составляется на государственном и официальном языках.",
        "Все записи хранятся в электронном и бумажном виде.",
        "Протокол заседания подписывают председатель и секретарь.",
        "Термины документа соответствуют международному стандарту ISO 9001.",
        "При необходимости документ пересматривается и утверждается в новой редакции.",
        "Копии документа выдаются по запросу заинтересованных лиц.",
    ],
}


def pdf_pages(title, spec, rng):
    """PAGES_PER_PDF pages: the title first, filler, the distinctive sentence on spec's page."""
    pages = []
    for number in range(1, PAGES_PER_PDF + 1):
        sentences = rng.sample(FILLER[spec["language"]], SENTENCES_PER_PAGE)
        if number == 1:
            # A real PDF starts with its cipher and title, as the registry prints them.
            sentences.insert(0, f"{spec['cipher']}. {title}.")
        if number == spec["page"]:
            sentences.insert(rng.randrange(len(sentences) + 1), spec["text"])
        pages.append(" ".join(sentences))
    return pages


def attach_pdfs(specs, folder, seed):
    """Write each spec's PDF as «<cipher>.pdf» or «<cipher>.ru.pdf» and import the folder."""
    from django.core.management import call_command

    from qms_pages.models import QMSDocumentPage
    from tests.pdfs import make_pdf

    folder.mkdir()
    rng = random.Random(seed)
    for spec in specs:
        page = QMSDocumentPage.objects.get(
            cipher=spec["cipher"], locale__language_code=spec["language"]
        )
        suffix = "" if spec["language"] == "ky" else f".{spec['language']}"
        path = folder / f"{spec['cipher']}{suffix}.pdf"
        path.write_bytes(make_pdf(pdf_pages(page.title, spec, rng)))
    report = StringIO()
    call_command("import_qms_pdfs", str(folder), stdout=report, stderr=StringIO())
    if "not imported: 0" not in report.getvalue():
        raise SystemExit(f"Some PDFs were not imported:\n{report.getvalue()}")


def copy_pdf_text_to_summaries():
    """Give Wagtail's index the PDF text ours reads, through the summary it indexes.

    A queryset update sends no signal, so our index (built before) does not take the
    text in a second time; Wagtail's update_index reads the field from the database.
    """
    from qms_pages.models import QMSDocumentPage
    from qms_search.documents import build, searchable_pages

    copied = 0
    for page in searchable_pages():
        text = "\n".join(pdf_page.text for pdf_page in build(page).pages)
        if text:
            QMSDocumentPage.objects.filter(pk=page.pk).update(summary=text)
            copied += 1
    return copied


def check_pdf_only(queries):
    """PDF-only queries must have a word that is in no title: warn about those that don't."""
    from qms_pages.models import QMSDocumentPage
    from qms_search.analysis import query_terms

    titles = defaultdict(set)
    for title, cipher, locale in QMSDocumentPage.objects.values_list(
        "title", "cipher", "locale__language_code"
    ):
        for term in query_terms(f"{title} {cipher}", locale):
            titles[locale].add(term.folded)
    for query in queries:
        if query["category"] != "pdf_only":
            continue
        terms = {term.folded for term in query_terms(query["q"], query["locale"])}
        if terms <= titles[query["locale"]]:
            print(f"WARNING: every word of «{query['q']}» is in some title")


def ours(query, ciphers):
    """Ciphers of our top DEPTH results, in rank order."""
    from qms_search.backends import get_backend
    from qms_search.backends.base import SearchQuery

    results = get_backend().search(
        SearchQuery(text=query["q"], locale=query["locale"], page_size=DEPTH)
    )
    return [ciphers[hit.page_id] for hit in results.hits]


def wagtails(query, locales):
    """Ciphers of Wagtail's database backend's top DEPTH results, in rank order."""
    from qms_pages.models import QMSDocumentPage

    pages = (
        QMSDocumentPage.objects.live()
        .filter(locale=locales[query["locale"]])
        .search(query["q"])
    )
    return [page.cipher for page in pages[:DEPTH]]


def rank(found, expected):
    """1-based rank of the expected cipher, or None."""
    return found.index(expected) + 1 if expected in found else None


def summary_rows(results):
    """(backend, category, n, hits@1, hits@3, MRR) rows, with an "all" row per backend."""
    rows = []
    for backend in ("ours", "wagtail"):
        by_category = defaultdict(list)
        for query, ranks in results:
            by_category[query["category"]].append(ranks[backend])
            by_category["all"].append(ranks[backend])
        for category, values in by_category.items():
            n = len(values)
            rows.append(
                (
                    backend,
                    category,
                    n,
                    sum(1 for r in values if r == 1) / n,
                    sum(1 for r in values if r and r <= 3) / n,
                    sum(1 / r for r in values if r) / n,
                )
            )
    return rows


def print_table(results):
    rows = {(b, c): row for b, c, *row in summary_rows(results)}
    categories = [c for c in dict.fromkeys(c for _, c in rows) if c != "all"]
    categories.append("all")
    print(
        "| category | queries | ours hits@1 | ours hits@3 | ours MRR "
        "| Wagtail hits@1 | Wagtail hits@3 | Wagtail MRR |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for category in categories:
        n, o1, o3, omrr = rows[("ours", category)]
        _, w1, w3, wmrr = rows[("wagtail", category)]
        print(
            f"| {category} | {n} | {o1:.0%} | {o3:.0%} | {omrr:.2f} "
            f"| {w1:.0%} | {w3:.0%} | {wmrr:.2f} |"
        )


def print_misses(results, found):
    missed = [(q, r) for q, r in results if not (r["ours"] and r["ours"] <= 3)]
    print(f"Queries our backend misses in the top 3: {len(missed)}")
    if not missed:
        return
    print()
    print(
        "| category | locale | query | expected | our rank | our top 3 | Wagtail rank |"
    )
    print("|---|---|---|---|---|---|---|")
    for query, ranks in missed:
        top = ", ".join(found[(query["q"], query["locale"])][:3]) or "nothing"
        print(
            f"| {query['category']} | {query['locale']} | {query['q']} "
            f"| {query['expect']} | {ranks['ours'] or '—'} | {top} "
            f"| {ranks['wagtail'] or '—'} |"
        )


def print_all(results):
    print("| category | locale | query | expected | our rank | Wagtail rank |")
    print("|---|---|---|---|---|---|")
    for query, ranks in results:
        print(
            f"| {query['category']} | {query['locale']} | {query['q']} "
            f"| {query['expect']} | {ranks['ours'] or '—'} | {ranks['wagtail'] or '—'} |"
        )


def run(folder, seed, show_all):
    from django.core.management import call_command
    from wagtail.models import Locale

    from qms_pages.models import QMSDocumentPage
    from qms_search.backends import get_backend
    from qms_search.indexing import rebuild

    data = json.loads(QUERIES.read_text())
    queries = data["queries"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_qms_registry", stdout=StringIO())
    attach_pdfs(data["pdfs"], folder / "pdfs", seed)
    get_backend.cache_clear()
    documents = rebuild()
    copied = copy_pdf_text_to_summaries()
    call_command("update_index", verbosity=0)
    print(
        f"Set-up {time.perf_counter() - started:.0f} s: {documents} documents indexed, "
        f"{len(data['pdfs'])} PDFs attached, PDF text copied into {copied} summaries "
        "for Wagtail's index"
    )
    check_pdf_only(queries)

    ciphers = dict(QMSDocumentPage.objects.values_list("pk", "cipher"))
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    unknown = {q["expect"] for q in queries} - set(ciphers.values())
    if unknown:
        raise SystemExit(f"No document has these ciphers: {sorted(unknown)}")
    results, found = [], {}
    for query in queries:
        our_ciphers = ours(query, ciphers)
        found[(query["q"], query["locale"])] = our_ciphers
        ranks = {
            "ours": rank(our_ciphers, query["expect"]),
            "wagtail": rank(wagtails(query, locales), query["expect"]),
        }
        results.append((query, ranks))
    print(f"{len(queries)} queries; a result counts down to rank {DEPTH}.")
    print()
    print_table(results)
    print()
    print_misses(results, found)
    if show_all:
        print()
        print_all(results)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--all", action="store_true", help="print every query's ranks")
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch site and print its folder"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qms-bench-relevance-"))
    use_scratch_site(folder)
    try:
        run(folder, args.seed, args.all)
    finally:
        leave_scratch_site(folder, args.keep)


if __name__ == "__main__":
    main()
