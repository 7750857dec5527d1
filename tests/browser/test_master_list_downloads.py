"""A visitor downloads the filtered master list in real headless Chromium."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from wagtail.models import Collection, Locale, Page

from qms_pages.models import QMSHomePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry():
    """The registry, committed for the live server's thread."""
    if not QMSHomePage.objects.exists():
        # A transactional test's flush also removed the root page, locale and collection.
        Locale.objects.get_or_create(language_code="ky")
        Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        call_command("load_qms_registry", verbosity=0)


def test_visitor_downloads_the_russian_master_list_of_one_group(
    live_server, page, screenshot, registry, tmp_path
):
    page.goto(f"{live_server.url}/ru/master-list/")
    page.select_option("select[name=group]", label="1. Руководящие процессы")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_load_state()
    screenshot("control-master-list-ru")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    name = download.value.suggested_filename
    assert name.startswith("master-list-ru-") and name.endswith(".xlsx")
    download.value.save_as(tmp_path / name)
    sheet = load_workbook(tmp_path / name).active
    assert sheet["A1"].value == "Шифр" and sheet["B1"].value == "Название"
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "УД 1.01",
        "ЖЖ 1.02",
        "СК 1.03",
        "ЖС 1.04",
        "ПО 1.05",
        "УД 1.06",
        "ПЛ 1.07",
        "УСТ 1.08",
        "ЖЖ 1.09",
        "ЖЖ 1.10",
        "ПО 1.11",
        "СТУ 1.12",
        "ЖЖ 1.13",
        "УСТ 1.14",
        "ЖЖ 1.15",
        "АС 1.16",
    ]
    assert sheet["B9"].value == "Внутренний аудит"
