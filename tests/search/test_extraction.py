import hashlib
import sys
import time

import pytest

from qms_search import extraction
from qms_search.extraction import (
    STATUSES,
    ExtractionLimits,
    extract_many,
    extract_pdf,
    normalise,
    ocr_unavailable_reason,
)
from tests.pdfs import (
    make_encrypted_pdf,
    make_image_only_pdf,
    make_long_pdf,
    make_pdf,
    not_a_pdf,
    truncated,
)

KYRGYZ_PAGE = "Мектептин өнүгүү планы: жаңы окуу жылы үчүн көрсөткүчтөр."
RUSSIAN_PAGE = "Положение о системе менеджмента качества университета."
THIRD_PAGE = "Үчүнчү бет: Ң Ө Ү ң ө ү"

# Stands in for the real child: answers every path, but dies like PDFium
# crashing on a file named crash.pdf.
CRASHING_CHILD = """
import ctypes, json, sys
for path in (arg for arg in sys.argv if arg.endswith(".pdf")):
    if path.endswith("crash.pdf"):
        ctypes.string_at(0)
    print(json.dumps({"status": "ok", "pages": ["text"], "page_count": 1}))
    sys.stdout.flush()
"""


@pytest.fixture(scope="module")
def long_pdf():
    return make_long_pdf(500)


def test_kyrgyz_and_russian_text_comes_back_on_its_own_page():
    result = extract_pdf(make_pdf([KYRGYZ_PAGE, RUSSIAN_PAGE, THIRD_PAGE]))

    assert result.status == "ok"
    assert result.page_count == 3
    assert result.pages == [KYRGYZ_PAGE, RUSSIAN_PAGE, THIRD_PAGE]


def test_a_path_is_extracted_like_bytes(tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(make_pdf([KYRGYZ_PAGE]))

    assert extract_pdf(path).pages == [KYRGYZ_PAGE]
    assert extract_pdf(str(path)).pages == [KYRGYZ_PAGE]


def test_lines_of_a_page_are_joined_with_newlines():
    result = extract_pdf(make_pdf([f"{KYRGYZ_PAGE}\n{RUSSIAN_PAGE}"]))

    assert result.pages == [f"{KYRGYZ_PAGE}\n{RUSSIAN_PAGE}"]


def test_normalise_drops_nuls_and_unifies_breaks():
    assert normalise("a\r\nb\rc\x00d\fe") == "a\nb\ncd\ne"


def test_sha256_is_the_hash_of_the_file_bytes(tmp_path):
    pdf = make_pdf([KYRGYZ_PAGE])
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)

    assert extract_pdf(pdf).sha256 == hashlib.sha256(pdf).hexdigest()
    assert extract_pdf(path).sha256 == hashlib.sha256(pdf).hexdigest()


def test_sha256_is_set_whatever_the_status():
    assert extract_pdf(b"").sha256 == hashlib.sha256(b"").hexdigest()


def test_encrypted_pdf_is_reported_as_encrypted():
    result = extract_pdf(make_encrypted_pdf(KYRGYZ_PAGE, "secret"))

    assert result.status == "encrypted"
    assert result.pages == []


def test_truncated_pdf_is_reported_as_corrupt():
    result = extract_pdf(truncated(make_pdf([KYRGYZ_PAGE, RUSSIAN_PAGE])))

    assert result.status == "corrupt"
    assert result.pages == []


def test_garbage_after_a_pdf_header_is_reported_as_corrupt():
    assert extract_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 20).status == "corrupt"


def test_pdf_with_a_missing_xref_table_is_recovered():
    pdf = make_pdf([KYRGYZ_PAGE, RUSSIAN_PAGE])
    without_xref = pdf[: pdf.rfind(b"xref")] + b"%%EOF\n"

    result = extract_pdf(without_xref)

    assert result.status == "ok"
    assert result.pages == [KYRGYZ_PAGE, RUSSIAN_PAGE]


def test_junk_before_the_pdf_header_is_accepted():
    result = extract_pdf(b"\n" * 500 + make_pdf([KYRGYZ_PAGE]))

    assert result.pages == [KYRGYZ_PAGE]


def test_zero_byte_file_is_reported_as_empty():
    assert extract_pdf(b"").status == "empty_file"


def test_png_named_pdf_is_reported_as_not_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(not_a_pdf())

    assert extract_pdf(path).status == "not_pdf"


def test_pdf_over_the_page_limit_is_refused():
    result = extract_pdf(make_long_pdf(3), ExtractionLimits(max_pages=2))

    assert result.status == "too_many_pages"
    assert result.page_count == 3
    assert result.pages == []


def test_pdf_over_the_size_limit_is_refused():
    pdf = make_pdf([KYRGYZ_PAGE])

    result = extract_pdf(pdf, ExtractionLimits(max_file_size=len(pdf) - 1))

    assert result.status == "too_large"


def test_page_text_over_the_character_limit_is_cut():
    result = extract_pdf(
        make_pdf([KYRGYZ_PAGE, "Ооба"]), ExtractionLimits(max_page_chars=7)
    )

    assert result.status == "ok"
    assert result.pages == [KYRGYZ_PAGE[:7], "Ооба"]
    assert result.truncated_pages == [1]


def test_extraction_over_the_time_limit_is_stopped(long_pdf):
    started = time.monotonic()

    result = extract_pdf(long_pdf, ExtractionLimits(time_limit=0.1))

    assert result.status == "timeout"
    assert time.monotonic() - started < 5


def test_extraction_over_the_memory_limit_is_reported(long_pdf):
    result = extract_pdf(long_pdf, ExtractionLimits(memory_limit=24 * 1024**2))

    assert result.status == "out_of_memory"


def test_crashing_extractor_fails_only_its_file(tmp_path, monkeypatch):
    child = tmp_path / "child.py"
    child.write_text(CRASHING_CHILD)
    monkeypatch.setattr(extraction, "CHILD_COMMAND", [sys.executable, str(child)])
    paths = [tmp_path / name for name in ("a.pdf", "crash.pdf", "b.pdf")]
    for path in paths:
        path.write_bytes(make_pdf([KYRGYZ_PAGE]))

    results = extract_many(paths)

    assert [result.status for result in results] == ["ok", "corrupt", "ok"]
    assert "SIGSEGV" in results[1].message


def test_extract_many_keeps_order_and_a_status_per_file():
    sources = [b"", make_pdf([KYRGYZ_PAGE]), not_a_pdf(), make_pdf([RUSSIAN_PAGE])]

    results = extract_many(sources)

    assert [result.status for result in results] == [
        "empty_file",
        "ok",
        "not_pdf",
        "ok",
    ]
    assert results[3].pages == [RUSSIAN_PAGE]
    assert all(result.status in STATUSES for result in results)


def test_image_only_pdf_is_reported_as_image_only():
    result = extract_pdf(make_image_only_pdf(KYRGYZ_PAGE))

    assert result.status == "image_only"
    assert result.page_count == 1
    assert result.pages == [""]


def test_pdf_with_a_blank_page_is_partial():
    result = extract_pdf(make_pdf([KYRGYZ_PAGE, ""]))

    assert result.status == "partial"
    assert result.pages == [KYRGYZ_PAGE, ""]


def test_ocr_without_tesseract_leaves_the_pdf_image_only(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")

    result = extract_pdf(make_image_only_pdf(KYRGYZ_PAGE), ocr=True)

    assert result.status == "image_only"
    assert "OCR is not available" in result.message


needs_ocr = pytest.mark.skipif(
    bool(ocr_unavailable_reason()), reason=f"OCR: {ocr_unavailable_reason()}"
)


@needs_ocr
def test_ocr_recovers_kyrgyz_words_from_an_image_only_page():
    result = extract_pdf(make_image_only_pdf(KYRGYZ_PAGE), ocr=True)

    assert result.status == "ok"
    assert result.ocr_pages == [1]
    words = result.pages[0].split()
    assert "өнүгүү" in words
    assert "үчүн" in words


@needs_ocr
def test_ocr_over_its_page_timeout_leaves_the_page_empty():
    limits = ExtractionLimits(ocr_page_timeout=0.01)

    result = extract_pdf(make_image_only_pdf(KYRGYZ_PAGE), limits, ocr=True)

    assert result.status == "image_only"
    assert result.message == "OCR timed out on page 1."
