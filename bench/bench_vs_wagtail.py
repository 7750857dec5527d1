"""Our search against Wagtail's database backend on one generated corpus: speed and memory.

Run from the project root: .venv/bin/python -m bench.bench_vs_wagtail [--docs 5000]

Builds a throw-away site: the real registry, then --docs generated document pages (each
with its own multi-page Kyrgyz PDF) under its home page, half of them first. At each
size it times our full reindex (`qms_search.indexing.rebuild()`, extraction included)
in a child process, with that child's peak memory, and pdftotext on a sample of the
files just before and just after it.
At full size it builds Wagtail's index (`update_index`) and times the same queries
through our search API and through Wagtail's `.search()`, interleaved.
"""

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from bench import QUERY_SHAPES, leave_scratch_site, use_scratch_site

ROOT = Path(__file__).resolve().parent.parent
DOCS_PER_GROUP = 100
FIRST_GROUP = 10
# Common words of regulations, each with some of its inflected forms.
KYRGYZ_STEMS = (
    "сапат менеджмент система университет бөлүм кафедра студент окутуучу ректор "
    "буйрук жобо талап көрсөткүч үлгү документ адис мөөнөт түзүм факультет билим "
    "программа аккредитация аудит процесс ресурс жетекчилик дисциплина практика "
    "аспирант китепкана жатакана сынак абитуриент комиссия рейтинг экзамен мониторинг "
    "отчет план стратегия саясат колдонмо нускама кеңеш стандарт персонал кызматкер "
    "бүтүрүүчү тайпа куратор сабак жумуш мамлекет жыйынтык максат милдет натыйжа "
    "багыт тарбия тартип эреже укук маалымат сайт база каражат анализ пикир келишим "
    "протокол токтом чечим отурум журнал архив тизме график мугалим лаборатория "
    "долбоор грант макала конференция семинар лекция семестр кредит модуль силлабус "
    "компетенция квалификация аттестация диплом сертификат бюджет эмгек кадр ставка "
    "жүктөм кабинет жабдуу китеп окуулук методика тест баа борбор институт колледж"
).split()
VOWELS = "аеиоөуүыэюя"
SYLLABLES = [c + v for c in "бгджзклмнпрстчш" for v in "аеиоуыөү"]
TAIL_WORDS = 20_000


def harmony(stem):
    """The {A} and {I} vowels of a suffix after this stem."""
    last = next((c for c in reversed(stem) if c in VOWELS), "а")
    back, rounded = last in "аоуыяю", last in "оөуү"
    a = ("о" if rounded else "а") if back else ("ө" if rounded else "е")
    i = ("у" if rounded else "ы") if back else ("ү" if rounded else "и")
    return a, i


def kyrgyz_forms(stem):
    """The stem with plural, genitive, accusative, dative, locative and possessive endings."""
    a, i = harmony(stem)
    vowel, voiceless = stem[-1] in VOWELS, stem[-1] in "кпстфхцчшщ"
    plural = ("л" if vowel or stem[-1] in "йр" else "т" if voiceless else "д") + a + "р"
    n = "н" if vowel else "т" if voiceless else "д"
    d, g = ("т", "к") if voiceless else ("д", "г")
    return [
        stem,
        stem + plural,
        stem + n + i + "н",
        stem + n + i,
        stem + g + a,
        stem + d + a,
        stem + ("с" + i if vowel else i),
        stem + plural + d + i + "н",
    ]


class Corpus:
    """Reproducible Kyrgyz text with a Zipf-like spread of word frequencies."""

    def __init__(self, seed, pages, words):
        self.seed, self.pages, self.words = seed, pages, words
        rng = random.Random(f"{seed}:vocabulary")
        entries = [kyrgyz_forms(stem) for stem in KYRGYZ_STEMS]
        rng.shuffle(entries)
        tail = set()
        while len(tail) < TAIL_WORDS:
            tail.add("".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))))
        self.entries = entries + [[word] for word in sorted(tail)]
        self.cumulative = []
        total = 0.0
        for rank in range(len(self.entries)):
            total += 1 / (rank + 5)
            self.cumulative.append(total)

    def sample(self, count, rng):
        entries = rng.choices(self.entries, cum_weights=self.cumulative, k=count)
        return [rng.choice(forms) for forms in entries]

    def title(self, number):
        rng = random.Random(f"{self.seed}:title:{number}")
        return " ".join(self.sample(rng.randint(3, 6), rng)).capitalize()

    def page_texts(self, number):
        """The text of each PDF page of document `number`; the first starts with its title."""
        rng = random.Random(f"{self.seed}:pages:{number}")
        texts = []
        for page in range(self.pages):
            words = self.sample(self.words, rng)
            sentences, start = [], 0
            while start < len(words):
                end = start + rng.randint(6, 14)
                sentences.append(" ".join(words[start:end]).capitalize() + ".")
                start = end
            if page == 0:
                sentences.insert(0, self.title(number) + ".")
            texts.append(" ".join(sentences))
        return texts

    def queries(self):
        """(kind, text): 1–3 words drawn from common, middling and rare entries."""
        rng = random.Random(f"{self.seed}:queries")
        ranks = {"common": (0, 10), "middling": (200, 1_000), "rare": (10_000, 20_000)}

        def word(kind):
            return rng.choice(self.entries[rng.randrange(*ranks[kind])])

        return [
            ("+".join(shape), " ".join(word(kind) for kind in shape))
            for shape in QUERY_SHAPES
            for _ in range(3)
        ]


def pdf_name(number):
    return f"bench-{number:05}.pdf"


# The corpus the PDF workers use: forked workers inherit it instead of unpickling it.
_corpus = None


def write_pdf(job):
    """Generate one document's PDF into the media folder (runs in a worker process)."""
    from tests.pdfs import make_pdf

    number, folder = job
    data = make_pdf(_corpus.page_texts(number))
    (Path(folder) / pdf_name(number)).write_bytes(data)
    return number, len(data), hashlib.sha1(data).hexdigest()


def write_pdfs(corpus, count, folder):
    """Every document's PDF, two worker processes at a time; {number: (size, sha1)}."""
    global _corpus
    _corpus = corpus
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(number, str(folder)) for number in range(count)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return {
            number: (size, sha1)
            for number, size, sha1 in pool.imap_unordered(write_pdf, jobs, 50)
        }


def insert_rows(model, objects):
    """Insert rows of a page model's own table for pages whose base rows exist."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", rows
        )


def group_for(home, index):
    """The generated process group holding documents index*100 to index*100+99."""
    from qms_pages.models import ProcessGroupPage

    number = FIRST_GROUP + index
    group = ProcessGroupPage.objects.child_of(home).filter(number=number).first()
    if group is None:
        group = home.add_child(
            instance=ProcessGroupPage(
                title=f"Сынак процесстери {number}",
                slug=f"bench-{number}",
                number=number,
            )
        )
    return group


def create_documents(corpus, home, start, stop, files):
    """Document pages start..stop-1 with their PDFs, written in bulk, not one by one."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Page, get_root_collection_id

    from qms_pages.models import DocumentType, QMSDocumentAttachment, QMSDocumentPage
    from qms_search.analysis.ciphers import normalize_cipher

    types = list(DocumentType.objects.filter(locale=home.locale).order_by("position"))
    content_type = ContentType.objects.get_for_model(QMSDocumentPage)
    now = timezone.now()
    Document = get_document_model()
    with transaction.atomic():
        for first in range(start, stop, DOCS_PER_GROUP):
            index = first // DOCS_PER_GROUP
            numbers = range(first, min(stop, (index + 1) * DOCS_PER_GROUP))
            group = group_for(home, index)
            # treebeard's materialised path: the parent's path and a 4-character step.
            last = group.get_last_child()
            step = Page._str2int(last.path[-Page.steplen :]) if last else 0
            bases = []
            for offset, number in enumerate(numbers, start=1):
                bases.append(
                    Page(
                        title=corpus.title(number),
                        draft_title=corpus.title(number),
                        slug=f"d{number}",
                        path=Page._get_path(group.path, group.depth + 1, step + offset),
                        depth=group.depth + 1,
                        numchild=0,
                        url_path=f"{group.url_path}d{number}/",
                        locale=home.locale,
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
            Page.objects.bulk_create(bases)
            pages = []
            for base, number in zip(bases, numbers, strict=True):
                kind = types[number % len(types)]
                cipher = f"{kind.code_ky} {FIRST_GROUP + index}.{number % 100:02}"
                page = QMSDocumentPage(
                    page_ptr_id=base.pk,
                    number=number % 100 + 1,
                    document_type=kind,
                    cipher=cipher,
                    cipher_key=normalize_cipher(cipher),
                    status="in_force",
                )
                pages.append(page)
            insert_rows(QMSDocumentPage, pages)
            Page.objects.filter(pk=group.pk).update(
                numchild=group.numchild + len(bases)
            )
            documents = Document.objects.bulk_create(
                Document(
                    title=f"PDF {number}",
                    file=f"documents/{pdf_name(number)}",
                    file_size=files[number][0],
                    file_hash=files[number][1],
                    collection_id=get_root_collection_id(),
                )
                for number in numbers
            )
            QMSDocumentAttachment.objects.bulk_create(
                QMSDocumentAttachment(
                    page_id=page.page_ptr_id, document=document, sort_order=0
                )
                for page, document in zip(pages, documents, strict=True)
            )


def pdf_paths(folder, count):
    return [folder / pdf_name(number) for number in range(count)]


def time_pdftotext(paths):
    """Seconds for pdftotext, one process per file, over paths."""
    started = time.perf_counter()
    for path in paths:
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
    return time.perf_counter() - started


def run_child(task, folder):
    """Run a task of this script in a fresh Python process; return its JSON report."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_vs_wagtail", f"--{task}", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{task} failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["rusage_children_mb"] = max_rss_mb(resource.RUSAGE_CHILDREN)
    return report


def max_rss_mb(who):
    return resource.getrusage(who).ru_maxrss / 1024


def child_reindex(folder):
    """Forget every stored extraction, then time a full reindex; print a JSON report."""
    use_scratch_site(folder)
    from qms_search import indexing, text_store
    from qms_search.models import PDFText

    PDFText.objects.all().delete()
    spent = {"extract_missing": 0.0, "extract_many": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    # Benchmark instrumentation only: the project's functions, wrapped with a timer.
    indexing.extract_missing = timed("extract_missing", indexing.extract_missing)
    text_store.extract_many = timed("extract_many", text_store.extract_many)
    started = time.perf_counter()
    documents = indexing.rebuild()
    seconds = time.perf_counter() - started
    pages = sum(PDFText.objects.values_list("page_count", flat=True))
    index_file = os.path.realpath(os.environ["QMS_SEARCH_INDEX_PATH"])
    print(
        json.dumps(
            {
                "documents": documents,
                "pdf_pages": pages,
                "seconds": seconds,
                **spent,
                "index_mb": os.path.getsize(index_file) / 1e6,
                "rss_self_mb": max_rss_mb(resource.RUSAGE_SELF),
                "rss_extractors_mb": max_rss_mb(resource.RUSAGE_CHILDREN),
            }
        )
    )


def child_wagtail_index(folder):
    """Time Wagtail's update_index; print a JSON report."""
    use_scratch_site(folder)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", stdout=StringIO())
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "rss_self_mb": max_rss_mb(resource.RUSAGE_SELF),
            }
        )
    )


def copy_text_to_summaries(corpus, count):
    """Give Wagtail's index the generated PDF text through the summary it indexes.

    Done after our last reindex and with a queryset update (no signals), so our index
    reads the text from the PDFs only, as it does on the real site.
    """
    from django.db import transaction

    from qms_pages.models import QMSDocumentPage

    with transaction.atomic():
        for number in range(count):
            QMSDocumentPage.objects.filter(slug=f"d{number}").update(
                summary="\n".join(corpus.page_texts(number))
            )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(queries, rounds):
    """Per query kind, ms for our API, our backend alone and Wagtail's search, interleaved."""
    from django.test import Client
    from wagtail.models import Locale

    from qms_pages.models import QMSDocumentPage
    from qms_search.backends import get_backend
    from qms_search.backends.base import SearchQuery

    client = Client()
    locale = Locale.objects.get(language_code="ky")
    backend = get_backend()

    def api(text):
        response = client.get("/api/v2/search/", {"q": text, "locale": "ky"})
        assert response.status_code == 200, response.content[:500]
        return response.json()["count"]

    def backend_only(text):
        return backend.search(SearchQuery(text=text, locale="ky")).total

    def wagtail(text):
        pages = QMSDocumentPage.objects.live().filter(locale=locale).search(text)
        return len([page.title for page in pages[:10]])

    runners = {"ours (API)": api, "ours (backend only)": backend_only}
    runners["Wagtail"] = wagtail
    times = {name: {} for name in runners}
    counts = {}
    for round_number in range(rounds + 1):
        for kind, text in queries:
            for name, runner in runners.items():
                started = time.perf_counter()
                result = runner(text)
                elapsed = (time.perf_counter() - started) * 1000
                if round_number == 0:
                    # The first round warms caches and is not counted.
                    if name == "ours (API)":
                        counts.setdefault(kind, []).append(result)
                    continue
                times[name].setdefault(kind, []).append(elapsed)
    return times, counts


def print_latencies(times, counts):
    names = list(times)
    header = " | ".join(f"{name} p50 | p95" for name in names)
    print(f"| queries | our median matches | {header} | Wagtail/ours p50 | p95 |")
    print("|---|---|" + "---|---|" * len(names) + "---|---|")
    kinds = list(times[names[0]])
    for kind in [*kinds, "all"]:
        cells, stats = [], {}
        for name in names:
            values = (
                [t for ts in times[name].values() for t in ts]
                if kind == "all"
                else times[name][kind]
            )
            stats[name] = (percentile(values, 0.5), percentile(values, 0.95))
            cells.append(f"{stats[name][0]:,.1f} | {stats[name][1]:,.1f}")
        matches = (
            [n for ns in counts.values() for n in ns] if kind == "all" else counts[kind]
        )
        ours, theirs = stats["ours (API)"], stats["Wagtail"]
        print(
            f"| {kind} | {statistics.median(matches):g} | {' | '.join(cells)} "
            f"| {theirs[0] / ours[0]:,.1f}× | {theirs[1] / ours[1]:,.1f}× |"
        )


def print_indexing(rows):
    notes = []
    print(
        "| documents | PDF pages | pdftotext pages/s | our reindex s | reindex pages/s "
        "| vs pdftotext | extraction pages/s (extract_missing) | vs pdftotext "
        "| PDFium pages/s (extract_many) | vs pdftotext | index MB "
        "| reindex peak RSS MB | extractor peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        pages = row["pdf_pages"]
        runs = " and ".join(f"{value:,.0f}" for value in row["pdftotext_runs"])
        notes.append(f"pdftotext at {row['documents']:,} documents: {runs} pages/s")
        poppler = row["pdftotext_pages_per_s"]
        reindex = pages / row["seconds"]
        extraction = pages / row["extract_missing"]
        pdfium = pages / row["extract_many"]
        print(
            f"| {row['documents']:,} | {pages:,} | {poppler:,.0f} | {row['seconds']:.1f} "
            f"| {reindex:,.0f} | {reindex / poppler:.2f}× | {extraction:,.0f} "
            f"| {extraction / poppler:.2f}× | {pdfium:,.0f} | {pdfium / poppler:.2f}× "
            f"| {row['index_mb']:,.0f} | {row['rss_self_mb']:.0f} "
            f"| {row['rss_extractors_mb']:.0f} |"
        )
    print()
    print("; ".join(notes) + " (before and after our reindex; the table has the mean)")


def run(args, folder):
    from django.core.management import call_command

    from qms_pages.models import QMSHomePage

    corpus = Corpus(args.seed, args.pages, args.words)
    setup = {}
    started = time.perf_counter()
    media = folder / "media" / "documents"
    files = write_pdfs(corpus, args.docs, media)
    setup["PDFs generated"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_qms_registry", stdout=StringIO())
    setup["migrate + load_qms_registry"] = time.perf_counter() - started
    home = QMSHomePage.objects.get(locale__language_code="ky")

    rows, created = [], 0
    for size in (args.docs // 2, args.docs):
        started = time.perf_counter()
        create_documents(corpus, home, created, size, files)
        created = size
        setup[f"pages + attachments to {size:,}"] = time.perf_counter() - started
        # pdftotext on an even sample of the files, before and after our reindex, so
        # that a change in the machine's load shows up as two different figures.
        sample = pdf_paths(media, size)[:: max(1, size // args.pdftotext_files)]
        before = len(sample) * args.pages / time_pdftotext(sample)
        report = run_child("child-reindex", folder)
        after = len(sample) * args.pages / time_pdftotext(sample)
        report["pdftotext_pages_per_s"] = (before + after) / 2
        report["pdftotext_runs"] = (before, after)
        rows.append(report)
        print(f"reindex at {size:,}: {json.dumps(report)}", file=sys.stderr)

    started = time.perf_counter()
    copy_text_to_summaries(corpus, args.docs)
    setup["PDF text copied into summaries"] = time.perf_counter() - started
    wagtail_index = run_child("child-wagtail-index", folder)

    queries = corpus.queries()
    started = time.perf_counter()
    times, counts = time_queries(queries, args.rounds)
    query_seconds = time.perf_counter() - started

    print(f"{os.cpu_count()} CPUs; load average now {os.getloadavg()[0]:.2f}")
    print(
        f"{args.docs:,} generated document pages (+ the real registry's 74 ky and 74 ru), "
        f"each with its own {args.pages}-page PDF of about {args.words} words per page"
    )
    print()
    print("| set-up step | seconds |")
    print("|---|---|")
    for step, seconds in setup.items():
        print(f"| {step} | {seconds:.0f} |")
    print()
    print_indexing(rows)
    print()
    print(
        f"Wagtail update_index on {args.docs:,} pages (PDF text in summary): "
        f"{wagtail_index['seconds']:.1f} s, peak RSS {wagtail_index['rss_self_mb']:.0f} MB"
    )
    print(
        "Peak RSS of all children so far (RUSAGE_CHILDREN): "
        f"{max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    print()
    print(
        f"{len(queries)} queries × {args.rounds} rounds, interleaved, after one warm-up "
        f"round ({query_seconds:.0f} s in all); ms per query"
    )
    print()
    print_latencies(times, counts)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=4, help="pages per PDF")
    parser.add_argument("--words", type=int, default=150, help="words per PDF page")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--pdftotext-files", type=int, default=1250, help="files pdftotext reads"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the scratch site")
    # Internal: the steps run in a child process so that their memory is their own.
    parser.add_argument("--child-reindex", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument(
        "--child-wagtail-index", metavar="FOLDER", help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child_reindex:
        return child_reindex(args.child_reindex)
    if args.child_wagtail_index:
        return child_wagtail_index(args.child_wagtail_index)
    folder = Path(tempfile.mkdtemp(prefix="qms-bench-vs-wagtail-"))
    use_scratch_site(folder)
    started = time.perf_counter()
    try:
        run(args, folder)
    finally:
        print(f"\nWhole run: {math.ceil((time.perf_counter() - started) / 60)} min")
        leave_scratch_site(folder, args.keep)


if __name__ == "__main__":
    main()
