"""A corpus of hostile files behind a .pdf name, built at test time from pure bytes."""

import io
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from tests.pdfs import make_encrypted_pdf, make_long_pdf, make_pdf, not_a_pdf, truncated

GiB = 1024**3
# Zeros deflated with a full flush after each segment: the segments do not refer to
# one another, so one compressed segment repeated makes a valid stream of any length.
ZERO_SEGMENT = 16 * 1024 * 1024


def raw_pdf(objects: list[bytes]) -> bytes:
    """Assemble objects numbered 1..n, object 1 the catalog, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object body with its length."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def one_page_pdf(page_entries: bytes, content: bytes, extra: list[bytes] = ()) -> bytes:
    """One A4 page with the given content stream; extra objects are numbered from 5."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s >>"
            % page_entries,
            content,
            *extra,
        ]
    )


@cache
def deflated_zeros(size: int) -> bytes:
    """A zlib stream that inflates to `size` zero bytes (a multiple of ZERO_SEGMENT)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(bytes(ZERO_SEGMENT)) + compressor.flush(
        zlib.Z_FULL_FLUSH
    )
    final_block = b"\x03\x00"
    # Adler-32 of n zeros: the sum stays 1 and the running total grows by 1 per byte.
    checksum = ((size % 65521) << 16) | 1
    body = segment * (size // ZERO_SEGMENT) + final_block
    return b"\x78\xda" + body + checksum.to_bytes(4, "big")


def double_deflated_zeros(size: int) -> bytes:
    """Zeros deflated twice: a few kilobytes that inflate to `size` bytes in two passes."""
    return zlib.compress(deflated_zeros(size), 9)


def decompression_bomb() -> bytes:
    """A page whose content stream is a few KB and inflates to 4 GiB."""
    data = double_deflated_zeros(4 * GiB)
    content = stream(data, b"/Filter [/FlateDecode /FlateDecode]")
    return one_page_pdf(b"", content)


def huge_image() -> bytes:
    """A page showing a 20000 x 20000 RGB image: a few KB, 1.2 GB once decoded."""
    side = 20_000
    data = double_deflated_zeros(-(-side * side * 3 // ZERO_SEGMENT) * ZERO_SEGMENT)
    image = stream(
        data,
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]" % (side, side),
    )
    content = stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    return one_page_pdf(b"/Resources << /XObject << /Im0 5 0 R >> >>", content, [image])


def many_pages(count: int = 5000) -> bytes:
    """A PDF of `count` pages that all share one small content stream."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(count))
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    ] * count
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            stream(b"BT /F1 12 Tf 56 780 Td (page) Tj ET"),
            *pages,
        ]
    )


def deeply_nested(depth: int = 10_000, opener=b"[", closer=b"]") -> bytes:
    """A page carrying a value nested `depth` levels deep in its dictionary."""
    value = opener * depth + closer * depth
    return one_page_pdf(b"/Nested %s" % value, stream(b""))


def nested_dictionaries(depth: int = 10_000) -> bytes:
    """A page carrying dictionaries nested `depth` levels deep."""
    return deeply_nested(depth, b"<< /A ", b" >>")


def owner_password_only() -> bytes:
    """An encrypted PDF with no user password: anyone may open it, not edit it."""
    buffer = io.BytesIO()
    encryption = StandardEncryption("", ownerPassword="owner", canModify=0)
    pdf = Canvas(buffer, pagesize=A4, encrypt=encryption)
    pdf.drawString(56, 780, "Owner password only")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def html_with_script() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def html_polyglot() -> bytes:
    """HTML that carries a PDF header in its first kilobyte, to pass a magic check."""
    return b"<html><!-- %PDF-1.7 --><script>alert(document.cookie)</script></html>"


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("УСТ 1.08.pdf", make_pdf(["Ички аудит"]))
    return buffer.getvalue()


def over_size_limit(limit: int) -> bytes:
    """A valid PDF one byte over `limit`, padded with a comment after its end."""
    pdf = make_pdf(["Ички аудит"])
    padding = limit + 1 - len(pdf) - 2
    return pdf + b"%" + b"0" * padding + b"\n"


@dataclass(frozen=True)
class Hostile:
    """One file of the corpus and the extraction status it must end with."""

    name: str
    build: object
    status: str
    # Whether an editor may keep the file: readers can open it, even without text.
    accepted: bool = False


CORPUS = (
    Hostile("zero-byte", lambda: b"", "empty_file"),
    Hostile("truncated", lambda: truncated(make_long_pdf(3)), "corrupt"),
    Hostile(
        "encrypted-user-password",
        lambda: make_encrypted_pdf("Жашыруун", "secret"),
        "encrypted",
    ),
    Hostile("encrypted-owner-only", owner_password_only, "ok", accepted=True),
    Hostile("png", not_a_pdf, "not_pdf"),
    Hostile("html-script", html_with_script, "not_pdf"),
    Hostile("html-pdf-polyglot", html_polyglot, "corrupt"),
    Hostile("zip", zip_archive, "not_pdf"),
    Hostile("decompression-bomb", decompression_bomb, "out_of_memory"),
    Hostile("5000-pages", many_pages, "too_many_pages"),
    Hostile("nested-arrays", deeply_nested, "image_only", accepted=True),
    Hostile("nested-dicts", nested_dictionaries, "image_only", accepted=True),
    Hostile("huge-image", huge_image, "image_only", accepted=True),
)
