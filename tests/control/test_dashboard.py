"""The admin dashboard's QMS panels: counts, reviews due, recent changes."""

import re

import pytest
from django.urls import reverse

from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from qms_search.models import PDFText
from tests.factories import PDFDocumentFactory

from .report_helpers import admin_user, office_user, set_review, source_document

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtailadmin_home")
COUNT_ROW = re.compile(
    r"<td>(?:<a [^>]*>)?([^<]+?)(?:</a>)?\s*</td>\s*<td data-qms-count>(\d+)</td>"
)


def counts(html):
    """Each labelled count the QMS registry panel shows."""
    return {label.strip(): int(count) for label, count in COUNT_ROW.findall(html)}


def test_the_registry_panel_counts_statuses_and_problems(admin_client):
    QMSDocumentPage.objects.filter(cipher="ЖЖ 1.15").update(status="obsolete")
    set_review("УСТ 3.07", -10)
    pdf = PDFDocumentFactory(title="scan.pdf")
    QMSDocumentAttachment(page=source_document("УСТ 1.08"), document=pdf).save()
    PDFText.objects.create(file_hash=pdf.get_file_hash(), status="image_only")

    shown = counts(admin_client.get(DASHBOARD).content.decode())
    assert shown == {
        "Күчүндө": 73,
        "Долбоор": 0,
        "Күчүн жоготкон": 1,
        "Мөөнөтү өткөн кайра кароолор": 1,
        "PDF файлы жок документтер": 72,
        "Тексти окулбаган PDF файлдар": 1,
        "Номерлөө жана шифр каталары": 2,
    }


def test_the_reviews_panel_lists_documents_due(admin_client):
    set_review("УСТ 3.07", -10)
    set_review("УСТ 1.08", 20)
    html = admin_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="qms-reviews-due-section"') :]
    assert panel.index("УСТ 3.07") < panel.index("УСТ 1.08")
    assert "Документтерди башкаруу" in panel


def test_the_recent_changes_panel_shows_who_changed_what(client):
    office = office_user()
    document = source_document("УСТ 1.08")
    document.summary = "Жаңы редакция"
    document.save_revision(user=office)
    client.force_login(office)
    html = client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="qms-recent-changes-section"') :]
    body = panel.index("<tbody>")
    first_row = panel[body : panel.index("</tr>", body)]
    assert "УСТ 1.08" in first_row and "Office" in first_row


def test_editors_outside_the_qms_office_do_not_see_the_panels(client):
    client.force_login(admin_user("editor"))
    html = client.get(DASHBOARD).content.decode()
    assert 'id="qms-registry-summary-section"' not in html
    assert 'id="qms-reviews-due-section"' not in html
