"""Compare PDF text extraction speed and word recall with pdftotext.

Run from the project root: .venv/bin/python -m bench.bench_extraction
"""

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from qms_search.extraction import extract_many, extract_pdf
from tests.pdfs import make_pdf, mixed_text

KYRGYZ_LETTERS = "ңөүҢӨҮ"


def make_corpus(folder: Path, files: int, pages: int, words: int, seed: int):
    """Write the PDFs; return their paths and the text of each."""
    rng = random.Random(seed)
    paths, texts = [], []
    for number in range(files):
        page_texts = [mixed_text(words, rng) for _ in range(pages)]
        path = folder / f"{number:03}.pdf"
        path.write_bytes(make_pdf(page_texts))
        paths.append(path)
        texts.append("\n".join(page_texts))
    return paths, texts


def ours_per_file(paths):
    return ["\n".join(extract_pdf(path).pages) for path in paths]


def ours_batch(paths):
    return ["\n".join(result.pages) for result in extract_many(paths)]


def pypdfium2_in_process(paths):
    texts = []
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        pdf.close()
        texts.append("\n".join(pages))
    return texts


def pdftotext(paths):
    return [
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        for path in paths
    ]


EXTRACTORS = {
    "extract_pdf (child per file)": ours_per_file,
    "extract_many (one child)": ours_batch,
    "pypdfium2 in-process, helpers": pypdfium2_in_process,
    "pdftotext (process per file)": pdftotext,
}


def word_recall(expected: list[str], extracted: list[str]) -> float:
    """Share of expected words, counted with repeats, found in the output."""
    found = total = 0
    for want, got in zip(expected, extracted, strict=True):
        want_words = Counter(want.split())
        found += sum((want_words & Counter(got.split())).values())
        total += want_words.total()
    return found / total


def letters_kept(expected: list[str], extracted: list[str]) -> float:
    """Share of the Kyrgyz letters ң ө ү found in the output."""
    return _count_letters(extracted) / _count_letters(expected)


def _count_letters(texts: list[str]) -> int:
    return sum(text.count(letter) for text in texts for letter in KYRGYZ_LETTERS)


def main() -> None:
    """Generate the corpus, time each extractor in turn, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--words", type=int, default=300, help="words per page")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-extraction-") as tmp:
        paths, expected = make_corpus(
            Path(tmp), args.files, args.pages, args.words, args.seed
        )
        total_pages = args.files * args.pages
        size = sum(path.stat().st_size for path in paths)
        print(f"{args.files} PDFs × {args.pages} pages, {size / 1e6:.1f} MB")
        print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}")
        speeds = {name: [] for name in EXTRACTORS}
        recalls = {}
        names = list(EXTRACTORS)
        for round_number in range(args.rounds):
            # Rotate the order so that no extractor always runs first or last.
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                started = time.perf_counter()
                texts = EXTRACTORS[name](paths)
                speeds[name].append(total_pages / (time.perf_counter() - started))
                recalls[name] = (
                    word_recall(expected, texts),
                    letters_kept(expected, texts),
                )

    reference = speeds["pdftotext (process per file)"]
    print(f"{args.rounds} rounds; load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(
        "| extractor | median pages/s | min–max pages/s | vs pdftotext "
        "| same-round ratio, median | word recall | ң ө ү kept |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in names:
        median = statistics.median(speeds[name])
        # Rounds share the machine's mood, so their ratios are steadier.
        pairs = zip(speeds[name], reference, strict=True)
        same_round = statistics.median(speed / ref for speed, ref in pairs)
        recall, kept = recalls[name]
        print(
            f"| {name} | {median:,.0f} "
            f"| {min(speeds[name]):,.0f}–{max(speeds[name]):,.0f} "
            f"| {median / statistics.median(reference):.2f}× | {same_round:.2f}× "
            f"| {recall:.2%} | {kept:.2%} |"
        )


if __name__ == "__main__":
    main()
