"""Loading the registry from its data files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qms_pages.models import (
    DocumentType,
    ProcessGroupPage,
    QMSDocumentPage,
    QMSHomePage,
)
from qms_pages.registry_data import data_path

pytestmark = pytest.mark.django_db


def source_documents():
    return QMSDocumentPage.objects.filter(locale__language_code="ky")


def test_the_whole_registry_is_loaded_in_its_groups(home):
    groups = ProcessGroupPage.objects.child_of(home).order_by("path")
    assert [group.number for group in groups] == [1, 2, 3, 4]
    counts = [QMSDocumentPage.objects.child_of(group).count() for group in groups]
    assert counts == [16, 19, 26, 13]
    assert source_documents().count() == 74


def test_group_names_are_as_printed(groups):
    assert groups[1].title == "ЖЕТЕКТӨӨЧҮ ПРОЦЕССТЕР"
    assert groups[4].title.startswith("МОНИТОРИНГ")


@pytest.mark.parametrize(
    ("cipher", "title", "type_code", "group", "number"),
    [
        ("УД 1.01", "НМУнун уставы", "УД", 1, 1),
        ("УСТ 1.08", "Ички аудит", "УСТ", 1, 8),
        ("СТУ 1.12", "Университеттин инфраструктурасын башкаруу", "УСТ", 1, 12),
        ("МР 2.02", None, "УС", 2, 2),
        ("ЖЖ 3.19:nn", "Структуралык түзүмдөрдүн жоболору", "ЖЖ", 3, 19),
        ("УН 3.19", "Иш кагаздарын жүргүзүү боюнча нускама", "УН", 3, 21),
        ("МИ 4.03", "Өлчөө жана мониторинг жүргүзүү каражаттарын башкаруу", "УН", 4, 3),
        ("ЖЖ 4.13", None, "ЖЖ", 4, 13),
    ],
)
def test_documents_keep_their_printed_cipher_title_and_resolved_type(
    groups, cipher, title, type_code, group, number
):
    document = source_documents().get(cipher=cipher)
    assert document.get_parent().specific.number == group
    assert document.number == number
    assert document.document_type.code_ky == type_code
    if title:
        assert document.title == title


def test_russian_abbreviations_resolve_to_legend_types():
    assert source_documents().filter(cipher__startswith="ПО ").count() == 32
    assert {
        d.document_type.code_ky
        for d in source_documents().filter(cipher__startswith="ПО ")
    } == {"ЖЖ"}


def test_legend_has_thirteen_types_with_russian_codes():
    types = DocumentType.objects.filter(locale__language_code="ky")
    assert types.count() == 13
    assert {t.code_ky: t.code_ru for t in types}["УСТ"] == "СТУ"


def test_home_page_holds_the_adoption_details(home):
    assert home.council_date.isoformat() == "2017-04-05"
    assert home.council_protocol == "№5"
    assert home.order_date.isoformat() == "2017-04-19"
    assert home.order_number == "№01-12/138"
    assert len(home.strategic_objectives) == 8
    assert len(home.tactical_objectives) == 7
    assert "ISO 9000-2001" in home.iso_statement


def test_a_second_run_changes_nothing():
    before = {page.pk: page.latest_revision_id for page in source_documents()}
    out = StringIO()
    call_command("load_qms_registry", stdout=out)
    after = {page.pk: page.latest_revision_id for page in source_documents()}
    assert before == after
    assert "documents unchanged: 74" in out.getvalue()
    assert "created" not in out.getvalue()


def test_an_edited_title_in_the_data_file_updates_the_page(tmp_path):
    data = json.loads(data_path("ky").read_text(encoding="utf-8"))
    data["groups"][0]["documents"][7]["title"] = "Ички аудит (жаңы)"
    source = tmp_path / "registry.ky.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("load_qms_registry", source=str(source), stdout=out)
    assert source_documents().get(cipher="УСТ 1.08").title == "Ички аудит (жаңы)"
    assert "documents updated: 1" in out.getvalue()


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda text: text[:-40], "invalid JSON"),
        (lambda text: text.replace('"cipher": "УСТ 1.08"', '"cipher": ""'), "cipher"),
        (
            lambda text: text.replace('"type": "УСТ"', '"type": "ЖОК"', 1),
            "unknown document type",
        ),
        (
            lambda text: text.replace('"cipher": "УСТ 3.08"', '"cipher": "УСТ 3.07"'),
            "appears twice",
        ),
    ],
)
def test_a_malformed_data_file_gives_a_clear_error_and_writes_nothing(
    tmp_path, breakage, message
):
    text = data_path("ky").read_text(encoding="utf-8")
    text = text.replace('"title": "НМУнун уставы"', '"title": "Жаңы устав"')
    source = tmp_path / "registry.ky.json"
    source.write_text(breakage(text), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_qms_registry", source=str(source), stdout=StringIO())
    assert source_documents().get(cipher="УД 1.01").title == "НМУнун уставы"
    assert QMSHomePage.objects.filter(locale__language_code="ky").count() == 1
