"""The master list an auditor asks for: CSV and XLSX, in Kyrgyz or Russian."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from qms_pages.models import QMSDocumentPage, QMSMasterListPage

from .report_helpers import source_document

pytestmark = pytest.mark.django_db

KY_HEADINGS = [
    "Шифр",
    "Аталышы",
    "Документтин түрү",
    "Процесстер тобу",
    "Редакция",
    "Абалы",
    "Бекитилген күнү",
    "Күчүнө кирген күнү",
    "Кийинки кайра кароо күнү",
]
RU_HEADINGS = [
    "Шифр",
    "Название",
    "Тип документа",
    "Группа процессов",
    "Редакция",
    "Статус",
    "Дата утверждения",
    "Дата введения в действие",
    "Дата следующего пересмотра",
]


def master_list_page(language):
    return QMSMasterListPage.objects.get(locale__language_code=language)


def read_csv(response):
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Cyrillic"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def dated():
    """УСТ 1.08 approved and in force, with a revision and a review date."""
    QMSDocumentPage.objects.filter(cipher="УСТ 1.08").update(
        revision="2",
        approved_on=datetime.date(2023, 8, 28),
        effective_on=datetime.date(2023, 9, 1),
        next_review_on=datetime.date(2026, 9, 1),
    )


def test_the_public_xlsx_has_a_bold_frozen_header_sized_columns_and_real_dates(
    client, dated
):
    response = client.get(master_list_page("ky").url, {"download": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="master-list-ky-'
    )
    sheet = read_xlsx(response)
    assert [cell.value for cell in sheet[1]] == KY_HEADINGS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    assert sheet.max_row == 1 + 74
    row = {sheet.cell(1, n).value: sheet.cell(8 + 1, n).value for n in range(1, 10)}
    assert row["Шифр"] == "УСТ 1.08"
    assert row["Аталышы"] == "Ички аудит"
    assert row["Документтин түрү"] == "УСТ — Университеттин стандарты"
    assert row["Процесстер тобу"] == "1. Жетектөөчү процесстер"
    assert row["Редакция"] == "2"
    assert row["Абалы"] == "Күчүндө"
    assert row["Бекитилген күнү"] == datetime.datetime(2023, 8, 28)
    assert sheet.cell(9, 7).number_format == "DD.MM.YYYY"


def test_the_russian_csv_has_russian_headings_and_titles(client, dated):
    rows = read_csv(client.get(master_list_page("ru").url, {"download": "csv"}))
    assert rows[0] == RU_HEADINGS
    assert len(rows) == 1 + 74
    internal_audit = next(row for row in rows if row[0] == "УСТ 1.08")
    assert internal_audit == [
        "УСТ 1.08",
        "Внутренний аудит",
        "СТУ — Стандарт университета",
        "1. Руководящие процессы",
        "2",
        "Действующий",
        "28.08.2023",
        "01.09.2023",
        "01.09.2026",
    ]


def test_downloads_follow_the_filters_of_the_page(client, groups):
    url = master_list_page("ky").url
    rows = read_csv(client.get(url, {"group": groups[4].pk, "download": "csv"}))
    assert [row[0] for row in rows[1:]] == [f"ЖЖ 4.{n:02d}" for n in (1, 2)] + [
        "МИ 4.03"
    ] + [f"ЖЖ 4.{n:02d}" for n in range(4, 9)] + ["УСТ 4.09", "УСТ 4.10"] + [
        f"ЖЖ 4.{n:02d}" for n in range(11, 14)
    ]
    html = client.get(url, {"group": groups[4].pk}).content.decode()
    assert f"?group={groups[4].pk}&amp;download=xlsx" in html
    assert f"?group={groups[4].pk}&amp;download=csv" in html


def test_only_live_public_documents_are_downloaded(client):
    source_document("ЖЖ 1.10").unpublish()
    PageViewRestriction.objects.create(
        page=source_document("ЖЖ 1.13"), restriction_type="login"
    )
    ciphers = [
        row[0]
        for row in read_csv(client.get(master_list_page("ky").url, {"download": "csv"}))
    ]
    assert len(ciphers) == 1 + 72
    assert "ЖЖ 1.10" not in ciphers and "ЖЖ 1.13" not in ciphers


def test_obsolete_documents_are_left_out_unless_the_filter_asks(client):
    QMSDocumentPage.objects.filter(cipher="ЖЖ 1.15").update(status="obsolete")
    url = master_list_page("ky").url
    ciphers = [row[0] for row in read_csv(client.get(url, {"download": "csv"}))]
    assert "ЖЖ 1.15" not in ciphers and len(ciphers) == 1 + 73
    rows = read_csv(client.get(url, {"status": "obsolete", "download": "csv"}))
    assert [row[0] for row in rows[1:]] == ["ЖЖ 1.15"]
    assert rows[1][5] == "Күчүн жоготкон"


def test_an_invalid_filter_downloads_an_empty_list(client):
    url = master_list_page("ky").url
    rows = read_csv(client.get(url, {"status": "nonsense", "download": "csv"}))
    assert rows == [KY_HEADINGS]


def test_the_admin_master_list_downloads_the_whole_russian_registry(admin_client):
    QMSDocumentPage.objects.filter(cipher="ЖЖ 1.15").update(status="obsolete")
    url = reverse("qms_control:master_list")
    response = admin_client.get(url, {"language": "ru", "export": "xlsx"})
    sheet = read_xlsx(response)
    assert [cell.value for cell in sheet[1]] == RU_HEADINGS
    assert sheet.max_row == 1 + 74
    assert sheet["B2"].value == "Устав НГУ"
    obsolete = next(
        row for row in sheet.iter_rows(values_only=True) if row[0] == "ЖЖ 1.15"
    )
    assert obsolete[5] == "Утратил силу"

    rows = read_csv(admin_client.get(url, {"group": "3", "export": "csv"}))
    assert rows[0] == KY_HEADINGS
    assert len(rows) == 1 + 26


def test_the_admin_master_list_shows_the_registry_and_its_download_buttons(
    admin_client,
):
    response = admin_client.get(reverse("qms_control:master_list"), {"language": "ru"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Внутренний аудит" in html
    assert "export=xlsx" in html and "export=csv" in html


def test_the_admin_master_list_is_refused_to_anonymous_visitors(client):
    response = client.get(reverse("qms_control:master_list"), {"export": "csv"})
    assert response.status_code == 302
    assert "text/csv" not in response.get("Content-Type", "")
