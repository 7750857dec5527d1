"""Search backends to test, and a small corpus of real registry documents in ky and ru."""

import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from qms_search.analysis.ciphers import normalize_cipher
from qms_search.backends.base import IndexedDocument, PDFPage

DATA = Path(__file__).resolve().parents[2] / "qms_pages" / "data"
NO_ELASTICSEARCH = (
    "ELASTICSEARCH_URL is not set: no Elasticsearch server to test against"
)

# What the registry does not say: status, tags, a summary and the text of a few PDF pages,
# invented but written the way the university's documents are. Some words live only in
# the PDFs (верификация, калибрлөө), one PDF spells көрсөткүч without ң ө ү, and one holds
# markup next to a query word.
CONTENT = {
    "УСТ 1.08": {
        "tags": ("аудит",),
        "ky": [
            "Ички аудиттин максаты: сапат менеджмент тутумунун талаптарга "
            "шайкештигин текшерүү. Аудиттер жылына бир жолу пландалат.",
            "Аудиттин жыйынтыгы боюнча верификация жүргүзүлөт. Аудитор байкоолорду "
            "каттоо журналына жазат жана жетекчиликке отчет берет.",
        ],
        "ru": [
            "Цель внутреннего аудита: проверка соответствия системы менеджмента "
            "качества установленным требованиям. Аудиты планируются раз в год.",
            "По результатам аудита проводится верификация корректирующих действий. "
            "Аудитор вносит наблюдения в журнал регистрации и отчитывается перед "
            "руководством.",
        ],
    },
    "ЖЖ 1.09": {
        "ky": [
            "Анализге ички аудиттин (УСТ 1.08) жыйынтыктары, керектөөчүлөрдүн пикири "
            "жана процесстердин көрсөткүчтөрү кирет."
        ],
        "ru": [
            "Входные данные анализа: результаты внутреннего аудита (СТУ 1.08), "
            "отзывы потребителей и показатели процессов."
        ],
    },
    "ЖЖ 4.13": {
        "ky": [
            "Окутуучулардын иш корсоткучтору жыл сайын эсептелет жана кафедранын "
            "отурумунда талкууланат."
        ],
        "ru": [
            "Показатели деятельности преподавателей рассчитываются ежегодно и "
            "обсуждаются на заседании кафедры."
        ],
    },
    "СТУ 1.12": {"ky": ["Имараттарды күтүү жана оңдоо графиги."]},
    "УСТ 3.07": {
        "tags": ("документтер",),
        "summary": {
            "ky": "Документтерди иштеп чыгуунун, макулдашуунун жана бекитүүнүн тартиби.",
            "ru": "Порядок разработки, согласования и утверждения документов.",
        },
        "ky": [
            "Документтердин долбоорлору макулдашуудан кийин ректордун буйругу менен "
            "бекитилет."
        ],
        "ru": ["Проекты документов утверждаются приказом ректора после согласования."],
    },
    "УСТ 3.08": {"status": "draft", "tags": ("документтер",)},
    "МИ 4.03": {
        "ky": [
            "Өлчөө каражаттарынын тизмеси бөлүмдө сакталат.",
            "Эскертүү: <script>alert(1)</script> калибрлөө графиги & «протокол» "
            "бөлүмдө сакталат.",
        ]
    },
    "УСТ 4.10": {"status": "obsolete"},
    "ПО 2.11": {"ru": ["Кафедра является основным структурным подразделением."]},
    "ПО 2.13": {
        "ky": ["Практиканын жетекчиси кафедрадан дайындалат."],
        "ru": ["Руководитель практики назначается кафедрой."],
    },
    "ЖЖ 4.01": {},
}
FIRST_ID = {"ky": 1000, "ru": 2000}


def registry():
    """Each registry row by cipher: titles in both languages, type codes and group."""
    ky = json.loads((DATA / "registry.ky.json").read_text(encoding="utf-8"))
    ru = json.loads((DATA / "registry.ru.json").read_text(encoding="utf-8"))
    names = {"ky": {t["code"]: t["name"] for t in ky["document_types"]}}
    russian_codes = {code: t["code"] for code, t in ru["document_types"].items()}
    names["ru"] = {code: t["name"] for code, t in ru["document_types"].items()}
    # The table prints some types with their Russian code (МИ for УН).
    kyrgyz_codes = {code: code for code in names["ky"]} | {
        ru_code: code for code, ru_code in russian_codes.items()
    }
    rows = {}
    for group in ky["groups"]:
        for row in group["documents"]:
            code = kyrgyz_codes[row["type"]]
            rows[row["cipher"]] = {
                "title": {"ky": row["title"], "ru": ru["documents"][row["cipher"]]},
                "type_code": code,
                "type_codes": (code, russian_codes[code]),
                "type_name": {locale: names[locale][code] for locale in names},
                "group": group["number"],
                "group_title": {
                    "ky": group["name"],
                    "ru": ru["groups"][str(group["number"])]["name"],
                },
            }
    return rows


def build_corpus():
    """IndexedDocuments for the CONTENT ciphers, one per locale."""
    rows = registry()
    documents = []
    for locale, first_id in FIRST_ID.items():
        for number, (cipher, extra) in enumerate(CONTENT.items()):
            row = rows[cipher]
            page_id = first_id + number
            file_id = page_id * 10
            documents.append(
                IndexedDocument(
                    page_id=page_id,
                    locale=locale,
                    title=row["title"][locale],
                    cipher=cipher,
                    cipher_key=normalize_cipher(cipher),
                    type_code=row["type_code"],
                    type_codes=tuple(
                        sorted(normalize_cipher(c) for c in row["type_codes"])
                    ),
                    type_name=row["type_name"][locale],
                    group_number=row["group"],
                    group_title=row["group_title"][locale],
                    status=extra.get("status", "in_force"),
                    url=f"/{locale}/{page_id}/",
                    tags=extra.get("tags", ()),
                    summary=extra.get("summary", {}).get(locale, ""),
                    file_urls={file_id: f"/documents/{file_id}/{page_id}.pdf"},
                    pages=tuple(
                        PDFPage(file_id=file_id, number=page, text=text)
                        for page, text in enumerate(extra.get(locale, ()), start=1)
                    ),
                )
            )
    return documents


@contextmanager
def elasticsearch_backend():
    """A backend on an index prefix of its own; its indices are deleted afterwards."""
    from qms_search.backends.elasticsearch import ElasticsearchBackend

    prefix = f"qms-test-{uuid.uuid4().hex[:12]}"
    backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], index_prefix=prefix)
    try:
        yield backend
    finally:
        # Wildcard deletes are refused by default (action.destructive_requires_name).
        names = list(backend.client.indices.get(index=f"{prefix}-*").body)
        if names:
            backend.client.indices.delete(index=names)


@pytest.fixture(
    params=[
        "embedded",
        pytest.param(
            "elasticsearch",
            marks=[
                pytest.mark.elasticsearch,
                pytest.mark.skipif(
                    not os.environ.get("ELASTICSEARCH_URL"), reason=NO_ELASTICSEARCH
                ),
            ],
        ),
    ]
)
def backend(request, tmp_path):
    """An empty index in each available backend."""
    if request.param == "embedded":
        from qms_search.backends.embedded import EmbeddedBackend

        yield EmbeddedBackend(tmp_path / "index.sqlite3")
        return
    with elasticsearch_backend() as backend:
        yield backend


@pytest.fixture
def corpus():
    return build_corpus()


@pytest.fixture
def indexed(backend, corpus):
    """The backend holding the corpus."""
    backend.index(corpus)
    return backend


@pytest.fixture
def ids(corpus):
    """Page ids by (cipher, locale)."""
    return {(document.cipher, document.locale): document.page_id for document in corpus}
