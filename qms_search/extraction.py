"""Extract text per page from untrusted PDF files in a killable child process."""

# PDFium is not thread-safe and may crash or hang on hostile files, so it only
# ever runs in a child process: `python -P extraction.py [--ocr] PATH...`
# writes one JSON line per path. The parent checks size, magic and hash itself,
# kills the child when a file overruns its time limit, and turns a crash into
# a status instead of an exception.

import argparse
import codecs
import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import io
import json
import os
import queue
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

STATUSES = (
    "ok",
    "partial",
    "image_only",
    "encrypted",
    "corrupt",
    "not_pdf",
    "empty_file",
    "too_large",
    "too_many_pages",
    "timeout",
    "out_of_memory",
)
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # Readers accept junk before the header, up to 1 KB.
# Text junk before the header is tolerated; these bytes never occur in it but do in the
# headers of ZIP, PNG, JPEG and other binary files that may carry a PDF inside.
BINARY_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\f")
OCR_LANGUAGES = ("kir", "rus")

# PDFium load errors (fpdfview.h): a password is needed, or the security
# handler is unsupported.
FPDF_ERR_PASSWORD = 4
FPDF_ERR_SECURITY = 5

# The child is this file run as a script; -P keeps its folder off sys.path so
# that a sibling module cannot shadow the standard library.
CHILD_COMMAND = [sys.executable, "-P", __file__]
# Without these, glibc hands PDFium's freed memory back to the kernel after
# every page and faults it in again: a third fewer pages per second.
CHILD_MALLOC_ENV = {
    "MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
    "MALLOC_TRIM_THRESHOLD_": str(256 * 1024 * 1024),
}


@dataclasses.dataclass(frozen=True)
class ExtractionLimits:
    """Limits applied to each file separately."""

    max_file_size: int = 50 * 1024 * 1024  # bytes
    max_pages: int = 2000
    time_limit: float = 60.0  # seconds; a batch's first file also pays start-up
    memory_limit: int = 1024**3  # bytes of address space for the child
    max_page_chars: int = 200_000  # longer page texts are cut
    ocr_dpi: int = 200
    ocr_page_timeout: float = 60.0  # seconds
    ocr_time_budget: float = 600.0  # seconds per file, added to time_limit


DEFAULT_LIMITS = ExtractionLimits()


@dataclasses.dataclass
class ExtractionResult:
    """Text of one PDF, page n in pages[n - 1], or a status saying why not."""

    status: str
    sha256: str
    pages: list[str] = dataclasses.field(default_factory=list)
    page_count: int = 0
    message: str = ""
    ocr_pages: list[int] = dataclasses.field(default_factory=list)
    truncated_pages: list[int] = dataclasses.field(default_factory=list)


def extract_pdf(
    source: bytes | str | os.PathLike,
    limits: ExtractionLimits = DEFAULT_LIMITS,
    *,
    ocr: bool = False,
) -> ExtractionResult:
    """Extract the text of one PDF given as bytes or a path."""
    return extract_many([source], limits, ocr=ocr)[0]


def extract_many(
    sources: Iterable[bytes | str | os.PathLike],
    limits: ExtractionLimits = DEFAULT_LIMITS,
    *,
    ocr: bool = False,
) -> list[ExtractionResult]:
    """Extract several PDFs in one child process, with limits per file."""
    results = []
    pending = []  # (index in results, path) of files that need PDFium
    with tempfile.TemporaryDirectory(prefix="qms-extract-") as tmp:
        for index, source in enumerate(sources):
            if isinstance(source, bytes | bytearray | memoryview):
                path = Path(tmp, f"{index}.pdf")
                path.write_bytes(source)
            else:
                path = Path(source)
            result = _check_file(path, limits)
            results.append(result)
            if result.status == "ok":
                pending.append((index, path))
        while pending:
            pending = _run_child(pending, results, limits, ocr)
    return results


def _check_file(path: Path, limits: ExtractionLimits) -> ExtractionResult:
    """Hash the file and reject what needs no parser; "ok" means go on."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        head = file.read(MAGIC_WINDOW)
        digest.update(head)
        size = len(head)
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    result = ExtractionResult("ok", digest.hexdigest())
    if size == 0:
        result.status, result.message = "empty_file", "The file is empty."
    elif size > limits.max_file_size:
        result.status = "too_large"
        result.message = f"{size} bytes exceeds the limit of {limits.max_file_size}."
    elif not starts_like_pdf(head):
        result.status = "not_pdf"
        result.message = "No %PDF- header in the first 1024 bytes after text only."
    return result


def starts_like_pdf(head: bytes) -> bool:
    """True when a PDF header is in the first bytes, behind nothing but text."""
    position = head.find(PDF_MAGIC, 0, MAGIC_WINDOW)
    return position >= 0 and BINARY_BYTES.isdisjoint(head[:position])


def _run_child(pending, results, limits: ExtractionLimits, ocr: bool):
    """Extract pending files in one child; return those left after a failure."""
    command = [*CHILD_COMMAND, "--limits", json.dumps(dataclasses.asdict(limits))]
    if ocr:
        command.append("--ocr")
    command += [str(path) for _, path in pending]
    # A new session lets one kill reach tesseract, the child's own child.
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        env=os.environ | CHILD_MALLOC_ENV,
        start_new_session=True,
    )
    lines = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines))
    reader.start()
    file_limit = limits.time_limit + (limits.ocr_time_budget if ocr else 0)
    try:
        for position, (index, _) in enumerate(pending):
            result = results[index]
            try:
                line = lines.get(timeout=file_limit)
            except queue.Empty:
                result.status = "timeout"
                result.message = f"Extraction took longer than {file_limit:g} s."
                return pending[position + 1 :]
            if line is None:
                result.status, result.message = _describe_exit(child.wait())
                return pending[position + 1 :]
            for name, value in json.loads(line).items():
                setattr(result, name, value)
        return []
    finally:
        # The whole session, so that no tesseract outlives its child.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        reader.join()
        child.stdout.close()


def _read_lines(stream, lines: queue.Queue) -> None:
    """Pass the child's output lines to the parent; None marks its end."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def _describe_exit(returncode: int) -> tuple[str, str]:
    """Return a status and message for a child that died before answering."""
    if returncode in (-signal.SIGKILL, -signal.SIGABRT):
        # We did not send the kill, so the kernel's OOM killer did; PDFium
        # aborts when an allocation fails under the child's memory limit.
        return "out_of_memory", "The extractor ran out of memory on this file."
    if returncode < 0:
        name = signal.Signals(-returncode).name
        return "corrupt", f"The extractor crashed ({name}) on this file."
    return "corrupt", f"The extractor failed (exit code {returncode}) on this file."


@functools.cache
def ocr_unavailable_reason() -> str:
    """Return why OCR cannot run here, or "" when it can."""
    if not shutil.which("tesseract"):
        return "tesseract is not installed."
    listing = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
    )
    installed = listing.stdout.split()
    missing = [lang for lang in OCR_LANGUAGES if lang not in installed]
    if missing:
        return f"tesseract has no traineddata for {', '.join(missing)}."
    return ""


def normalise(text: str) -> str:
    """Drop NULs and use \\n for every line and page break."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\f", "\n")


# Everything below runs in the child process.


def _extract_file(path: str, limits: ExtractionLimits, ocr: bool) -> dict:
    """Return the result fields for one file that starts like a PDF."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code in (FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY):
            return {"status": "encrypted", "message": "The PDF needs a password."}
        return {"status": "corrupt", "message": str(error)}
    try:
        page_count = len(pdf)
        result = {"page_count": page_count}
        if page_count == 0:
            return result | {"status": "corrupt", "message": "The PDF has no pages."}
        if page_count > limits.max_pages:
            message = f"{page_count} pages exceeds the limit of {limits.max_pages}."
            return result | {"status": "too_many_pages", "message": message}
        pages = [_page_text(pdf, index) for index in range(page_count)]
        truncated = [
            n for n, text in enumerate(pages, 1) if len(text) > limits.max_page_chars
        ]
        pages = [text[: limits.max_page_chars] for text in pages]
        blank = [n for n, text in enumerate(pages, 1) if not text.strip()]
        message = ""
        ocr_pages = []
        if blank and ocr:
            ocr_pages, message = _ocr(pdf, pages, blank, limits)
            blank = [n for n in blank if n not in ocr_pages]
        if truncated:
            message += f" Pages cut at {limits.max_page_chars} characters: {truncated}."
        if not blank:
            status = "ok"
        elif len(blank) < page_count:
            status = "partial"
            message += f" No text on pages {blank}."
        else:
            status = "image_only"
            if not ocr:
                message += " No text layer; OCR was not requested."
            elif not message:
                message = "OCR found no text."
        return result | {
            "status": status,
            "pages": pages,
            "message": message.strip(),
            "ocr_pages": ocr_pages,
            "truncated_pages": truncated,
        }
    finally:
        pdf.close()


def _page_text(pdf, index: int) -> str:
    """Return the normalised text of one page, "" if the page cannot load."""
    # The raw API, because pypdfium2's page and textpage objects and
    # get_text_bounded() cost a fifth of the extraction time (measured).
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(pdf, index)
    if not page:
        return ""
    textpage = pdfium_c.FPDFText_LoadPage(page)
    try:
        count = pdfium_c.FPDFText_CountChars(textpage) if textpage else 0
        if count <= 0:
            return ""
        # Room for a surrogate pair per character and the terminator.
        buffer = (ctypes.c_ushort * (2 * count + 1))()
        written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
        text = memoryview(buffer)[: max(written - 1, 0)]
        return normalise(codecs.decode(text, "utf-16-le", errors="ignore"))
    finally:
        if textpage:
            pdfium_c.FPDFText_ClosePage(textpage)
        pdfium_c.FPDF_ClosePage(page)


def _ocr(pdf, pages: list[str], blank: list[int], limits: ExtractionLimits):
    """OCR the blank pages in place; return the pages read and a message."""
    import pypdfium2 as pdfium

    reason = ocr_unavailable_reason()
    if reason:
        return [], f"OCR is not available: {reason}"
    deadline = time.monotonic() + limits.ocr_time_budget
    # Tesseract's default threading is several times slower on a few cores.
    env = os.environ | {"OMP_THREAD_LIMIT": "1"}
    done, message = [], ""
    for n in blank:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            message = "OCR stopped at its time budget."
            break
        try:
            png = _render_png(pdf, n - 1, limits.ocr_dpi)
        except pdfium.PdfiumError:
            message = f"Page {n} could not be rendered for OCR."
            continue
        languages = "+".join(OCR_LANGUAGES)
        try:
            tesseract = subprocess.run(
                ["tesseract", "-", "-", "-l", languages],
                input=png,
                capture_output=True,
                env=env,
                timeout=min(limits.ocr_page_timeout, remaining),
            )
        except subprocess.TimeoutExpired:
            message = f"OCR timed out on page {n}."
            continue
        if tesseract.returncode:
            error = tesseract.stderr.decode(errors="replace").strip().splitlines()
            message = f"OCR failed on page {n}: {error[-1] if error else ''}"
            continue
        text = normalise(tesseract.stdout.decode("utf-8", errors="replace"))
        if text.strip():
            pages[n - 1] = text
            done.append(n)
    return done, message


def _render_png(pdf, index: int, dpi: int) -> bytes:
    """Return one page as a greyscale PNG."""
    page = pdf[index]
    try:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    png = io.BytesIO()
    image.save(png, format="PNG")
    return png.getvalue()


def main() -> None:
    """Extract each path given on the command line; print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limits", help="ExtractionLimits fields as JSON")
    parser.add_argument("--ocr", action="store_true")
    args = parser.parse_args()
    limits = ExtractionLimits(**json.loads(args.limits or "{}"))
    # Imported here so that PDFium is only ever loaded in the child, and
    # before the memory limit so that a low limit fails files, not start-up.
    import pypdfium2  # noqa: F401

    if args.ocr:
        # Checked now and cached: under the limit tesseract may fail to start.
        ocr_unavailable_reason()
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_limit,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    out = sys.stdout.buffer
    for path in args.paths:
        try:
            result = _extract_file(path, limits, args.ocr)
            line = json.dumps(result, ensure_ascii=False).encode()
        except MemoryError:
            message = f"Extraction needed more than {limits.memory_limit} bytes."
            line = json.dumps({"status": "out_of_memory", "message": message}).encode()
        out.write(line + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
