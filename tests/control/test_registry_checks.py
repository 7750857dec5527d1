"""Registry checks: the seed's real problems, and new ones as they appear."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from qms_control.checks import check_registry
from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from qms_search.analysis.ciphers import normalize_cipher
from qms_search.models import PDFText
from tests.factories import PDFDocumentFactory, QMSDocumentPageFactory
from tests.pdfs import make_encrypted_pdf

from .report_helpers import admin_user, set_review, source_document

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "qms_pages" / "data" / "registry.ky.json"
REPORT = reverse("qms_control:registry_check")

# The university's own table numbers two documents 3.19 and two 3.20, and skips
# 3.23 and 3.24; nothing else in it is inconsistent.
SEED_NUMBERING = [
    ("error", "duplicate_number", "3.19"),
    ("error", "duplicate_number", "3.20"),
    ("warning", "number_gap", "3.23"),
    ("warning", "number_gap", "3.24"),
]


def seed_ciphers():
    groups = json.loads(DATA.read_text(encoding="utf-8"))["groups"]
    return [row["cipher"] for group in groups for row in group["documents"]]


def findings(problems):
    return [(problem.severity, problem.code, problem.cipher) for problem in problems]


def run_check(*args):
    out = io.StringIO()
    try:
        call_command("qms_check_registry", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def renumber_the_seed_duplicates():
    """What the QMS office would do: give the second 3.19 and 3.20 the free numbers."""
    for old, new in (("УН 3.19", "УН 3.23"), ("ПО 3.20", "ПО 3.24")):
        QMSDocumentPage.objects.filter(cipher=old).update(
            cipher=new, cipher_key=normalize_cipher(new)
        )


def test_the_seed_registry_has_exactly_its_real_problems():
    problems = findings(check_registry())
    numbering = [finding for finding in problems if finding[1] != "missing_pdf"]
    assert numbering == SEED_NUMBERING
    # No PDF is loaded with the registry: every document lacks its file.
    missing = [cipher for _s, code, cipher in problems if code == "missing_pdf"]
    assert missing == seed_ciphers()
    assert len(missing) == 74


def test_new_problems_are_reported_with_their_severity(groups):
    QMSDocumentPageFactory(parent=groups[3], cipher="ПО 2.27", number=27)
    QMSDocumentPageFactory(parent=groups[3], cipher="УСТ 3.28", number=28)
    copy = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.29", number=29)
    # An import that bypassed the editor's validation.
    QMSDocumentPage.objects.filter(pk=copy.pk).update(
        cipher="УСТ 3.07",
        cipher_key=normalize_cipher("УСТ 3.07"),
        document_type=source_document("УСТ 3.07").document_type,
    )
    internal_audit = source_document("УСТ 1.08")
    pdf = PDFDocumentFactory(
        title="ichki-audit.pdf", file__data=make_encrypted_pdf("x", "y")
    )
    QMSDocumentAttachment(page=internal_audit, document=pdf).save()
    PDFText.objects.create(file_hash=pdf.get_file_hash(), status="encrypted")
    set_review("ЖЖ 1.09", -3)

    problems = check_registry()
    found = findings(problems)
    new = [finding for finding in found if finding[1] != "missing_pdf"]
    assert new == [
        ("error", "duplicate_cipher", "УСТ 3.07"),
        ("error", "duplicate_number", "3.07"),
        *SEED_NUMBERING[:2],
        ("error", "wrong_group", "ПО 2.27"),
        ("error", "wrong_prefix", "УСТ 3.28"),
        ("warning", "review_overdue", "ЖЖ 1.09"),
        ("warning", "extraction_failed", "УСТ 1.08"),
        *SEED_NUMBERING[2:],
    ]
    assert ("warning", "missing_pdf", "УСТ 1.08") not in found
    with translation.override("ky"):
        messages = {problem.code: problem.message for problem in problems}
    assert messages["wrong_group"] == (
        "ПО 2.27 шифри 2-топту көрсөтөт, бирок документ 3-топто турат."
    )
    assert messages["extraction_failed"] == (
        "«ichki-audit.pdf» (УСТ 1.08) файлынын текстин окуу мүмкүн болбоду: "
        "Сырсөз менен корголгон."
    )


def test_the_command_fails_on_the_seed_and_says_why_in_russian():
    code, out = run_check("--language", "ru")
    assert code == 1
    assert "ОШИБКА" in out
    assert "Номер 3.19 используют документы (2): ЖЖ 3.19:nn, УН 3.19." in out
    assert "В группе 3 отсутствует номер 3.23." in out
    assert out.rstrip().endswith("Ошибок: 2, предупреждений: 76.")


def test_warnings_alone_pass_unless_strict():
    renumber_the_seed_duplicates()
    code, out = run_check("--language", "ky")
    assert code == 0
    assert out.rstrip().endswith("Каталар: 0, эскертүүлөр: 74.")
    code, _out = run_check("--strict")
    assert code == 1


def test_the_report_lists_problems_filtered_by_severity_and_kind(admin_client):
    response = admin_client.get(REPORT)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 78
    html = response.content.decode()
    assert "3.19 номерин 2 документ колдонот: ЖЖ 3.19:nn, УН 3.19." in html

    errors = admin_client.get(REPORT, {"severity": "error"}).context["object_list"]
    assert findings(errors) == SEED_NUMBERING[:2]
    gaps = admin_client.get(REPORT, {"code": "number_gap"}).context["object_list"]
    assert findings(gaps) == SEED_NUMBERING[2:]


def test_the_report_downloads_as_csv(admin_client):
    response = admin_client.get(REPORT, {"severity": "error", "export": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[1].startswith("Ката,Кайталанган номер,3.19,")


def test_the_report_is_refused_to_editors_outside_the_qms_office(client):
    client.force_login(admin_user("editor"))
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
