"""Generate small PDFs in memory for tests and benchmarks."""

import io
import random

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
MARGIN = 56
FONT_SIZE = 11
LEADING = 14

KYRGYZ_WORDS = (
    "сапат менеджмент тутуму университет мектеп мектеби окуу жылы бөлүм кафедра "
    "студенттер окутуучулар ректор буйрук жобо талаптар көрсөткүч үлгү мүчөлөр "
    "иштеп чыгуу өнүктүрүү баалоо жыйынтыгы документтер каттоо жооптуу адис "
    "мөөнөтү өзгөртүү киргизүү күбөлүк тууралуу түзүмү ишкана мобилдүүлүк "
    "билим берүү программасы аккредитация тең үйрөнүү өлкө көңүл ыңгайлуу"
).split()
RUSSIAN_WORDS = (
    "система менеджмента качества университет положение приказ ректора кафедра "
    "студенты преподаватели учебный год процедура документ регистрация изменения "
    "ответственный специалист срок действия аккредитация образовательная "
    "программа оценка результатов мониторинг отчёт внутренний аудит записи "
    "утверждено согласовано разработано требования показатели факультет"
).split()


def _font_path(font: str) -> str:
    return f"{FONT_DIR}/{font}.ttf"


def _register(font: str) -> None:
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, _font_path(font)))


def _wrap(text: str, fits) -> list[str]:
    """Split text into lines for which fits(line) is true, keeping paragraphs."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and not fits(candidate):
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def make_pdf(pages: list[str], font: str = "DejaVuSans") -> bytes:
    """Return a PDF with one page per string, in an embedded DejaVu font."""
    _register(font)
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4)
    width, height = A4
    for text in pages:
        pdf.setFont(font, FONT_SIZE)
        lines = _wrap(
            text,
            lambda s: pdfmetrics.stringWidth(s, font, FONT_SIZE) <= width - 2 * MARGIN,
        )
        y = height - MARGIN
        for line in lines:
            if y < MARGIN:
                raise ValueError("text does not fit on one page")
            pdf.drawString(MARGIN, y, line)
            y -= LEADING
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_text_image(text: str, dpi: int = 200) -> Image.Image:
    """Return an A4 greyscale image of text drawn in DejaVu Sans."""
    size = (round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi))
    margin = round(MARGIN / 72 * dpi)
    font = ImageFont.truetype(_font_path("DejaVuSans"), round(14 / 72 * dpi))
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    lines = _wrap(text, lambda s: draw.textlength(s, font=font) <= size[0] - 2 * margin)
    draw.multiline_text((margin, margin), "\n".join(lines), font=font, spacing=12)
    return image


def make_image_only_pdf(text: str, pages: int = 1) -> bytes:
    """Return a PDF whose pages are pictures of text, with no text layer."""
    image = ImageReader(render_text_image(text))
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4)
    for _ in range(pages):
        pdf.drawImage(image, 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_encrypted_pdf(text: str, password: str) -> bytes:
    """Return a one-page PDF that opens only with the given user password."""
    _register("DejaVuSans")
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, encrypt=password)
    pdf.setFont("DejaVuSans", FONT_SIZE)
    pdf.drawString(MARGIN, A4[1] - MARGIN, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def truncated(pdf_bytes: bytes, keep: float = 0.5) -> bytes:
    """Return the first part of a PDF, as an interrupted upload leaves it."""
    return pdf_bytes[: int(len(pdf_bytes) * keep)]


def not_a_pdf() -> bytes:
    """Return the bytes of a small PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def mixed_text(words: int, rng: random.Random) -> str:
    """Return words drawn from a Kyrgyz and a Russian vocabulary in turn."""
    vocabularies = (KYRGYZ_WORDS, RUSSIAN_WORDS)
    return " ".join(rng.choice(vocabularies[i // 12 % 2]) for i in range(words))


def make_long_pdf(page_count: int, words_per_page: int = 300, seed: int = 0) -> bytes:
    """Return a PDF of page_count pages of mixed Kyrgyz and Russian text."""
    rng = random.Random(seed)
    return make_pdf([mixed_text(words_per_page, rng) for _ in range(page_count)])
