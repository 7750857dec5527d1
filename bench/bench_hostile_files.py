"""Hostile files through extraction and import_qms_pdfs: outcome, wall time, peak memory.

Each file runs in its own process, so that the peak resident memory measured is that
file's alone. A normal 10-page PDF runs first as the baseline.
"""

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from bench import use_scratch_site

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "baseline-10-pages"
OVER_LIMIT = "over-size-limit"


def corpus(max_bytes):
    """(name, bytes) of the baseline and of every hostile file."""
    from tests.hostile_pdfs import CORPUS, over_size_limit
    from tests.pdfs import make_long_pdf

    yield BASELINE, make_long_pdf(10)
    for hostile in CORPUS:
        yield hostile.name, hostile.build()
    yield OVER_LIMIT, over_size_limit(max_bytes)


def measure_extraction(path, limits):
    """Run in a child of the benchmark: extract one file, print its figures as JSON."""
    # No Django here: the extractor is forked from this process, and a child's peak
    # memory starts from its parent's size before it runs its own program.
    import resource

    from qms_search.extraction import ExtractionLimits, extract_pdf

    started = time.perf_counter()
    result = extract_pdf(path, ExtractionLimits(**json.loads(limits)))
    wall = time.perf_counter() - started
    # The extractor is this process's only child: its own peak, in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "status": result.status,
                "message": result.message,
                "wall": wall,
                "rss_mb": peak / 1024,
            }
        )
    )


def measure_command(command):
    """Run in a small child of the benchmark: run a command, print its figures as JSON."""
    import resource

    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    # Its children's peak: the command's or its extractor's, whichever is larger.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "code": done.returncode,
                "output": done.stdout,
                "wall": wall,
                "rss_mb": peak / 1024,
            }
        )
    )


def run_measured(command):
    """Figures of a command run from a small process.

    A process forked from this one would count this one's memory in its own peak.
    """
    helper = [sys.executable, "-m", "bench.bench_hostile_files", "--measure"]
    done = subprocess.run(
        [*helper, *command], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def import_outcome(output, filename):
    """'attached' or the reason the import gave for skipping the file."""
    for line in output.splitlines():
        if line.strip().startswith(f"skipped  {filename}: "):
            return "skipped: " + line.split(": ", 1)[1].split(" (")[0]
    return "attached" if "New files: 1" in output else output.strip()[:60]


def main():
    if sys.argv[1:2] == ["--measure"]:
        measure_command(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extract", help=argparse.SUPPRESS)
    parser.add_argument("--limits", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")
    args = parser.parse_args()
    if args.extract:
        measure_extraction(args.extract, args.limits)
        return

    folder = Path(tempfile.mkdtemp(prefix="qms-bench-hostile-"))
    use_scratch_site(folder)
    from django.conf import settings
    from django.core.management import call_command

    from qms_pages.models import QMSDocumentPage
    from qms_search.text_store import extraction_limits

    call_command("migrate", verbosity=0)
    call_command("load_qms_registry", verbosity=0, stdout=StringIO())
    limits = json.dumps(dataclasses.asdict(extraction_limits()))
    documents = (
        QMSDocumentPage.objects.filter(locale__language_code="ky")
        .exclude(cipher__contains=":")
        .order_by("path")
    )
    ciphers = iter(documents.values_list("cipher", flat=True))
    files = folder / "files"
    files.mkdir()
    rows = []
    python = [sys.executable, "-m", "bench.bench_hostile_files"]
    manage = [sys.executable, "manage.py", "import_qms_pdfs"]
    for name, data in corpus(settings.QMS_PDF_MAX_BYTES):
        path = files / f"{name}.pdf"
        path.write_bytes(data)
        extraction = json.loads(
            run_measured([*python, "--extract", str(path), "--limits", limits])[
                "output"
            ]
        )
        # The import reads a folder of files named by cipher: one file per run.
        single = folder / "import" / name
        single.mkdir(parents=True)
        cipher = next(ciphers)
        filename = f"{cipher}.pdf"
        shutil.copy(path, single / filename)
        imported = run_measured([*manage, str(single)])
        row = {
            "file": name,
            "size": len(data),
            "extraction": extraction,
            "import": {
                "outcome": import_outcome(imported["output"], filename),
                "wall": imported["wall"],
                "rss_mb": imported["rss_mb"],
            },
        }
        if name == BASELINE:
            baseline, baseline_page = row, documents.get(cipher=cipher)
            baseline_hash = baseline_page.attachments.get().document.get_file_hash()
        rows.append(row)
        print(f"{name}: done", file=sys.stderr, flush=True)

    attached = [a.document.get_file_hash() for a in baseline_page.attachments.all()]
    print_table(rows, baseline)
    print(
        f"\nThe baseline's file, unchanged after all the others: {attached == [baseline_hash]}"
    )
    print(
        f"Limits per file: {settings.QMS_PDF_MAX_BYTES} bytes, "
        f"{settings.QMS_PDF_MAX_PAGES} pages, {settings.QMS_PDF_EXTRACTION_SECONDS:g} s, "
        "1 GiB of address space for the extractor."
    )
    if not args.keep:
        shutil.rmtree(folder)


def print_table(rows, baseline):
    """A Markdown table, times also as ratios to the baseline's."""
    base_extract = baseline["extraction"]["wall"]
    base_import = baseline["import"]["wall"]
    print(
        "| file | size | extraction | message | wall s (× baseline) | peak RSS MB "
        "| import | wall s (× baseline) | peak RSS MB |"
    )
    print("|---|---:|---|---|---:|---:|---|---:|---:|")
    for row in rows:
        extraction, imported = row["extraction"], row["import"]
        print(
            f"| {row['file']} | {human_size(row['size'])} | {extraction['status']} "
            f"| {extraction['message'][:60]} "
            f"| {extraction['wall']:.2f} ({extraction['wall'] / base_extract:.1f}×) "
            f"| {extraction['rss_mb']:.0f} | {imported['outcome']} "
            f"| {imported['wall']:.2f} ({imported['wall'] / base_import:.2f}×) "
            f"| {imported['rss_mb']:.0f} |"
        )


def human_size(size):
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024


if __name__ == "__main__":
    main()
