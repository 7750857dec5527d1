"""The reviews-due report: which documents are late or due soon, and who owns them."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qms_control.reviews import documents_due
from qms_pages.models import QMSDocumentPage

from .report_helpers import admin_user, office_user, owner, set_review

pytestmark = pytest.mark.django_db

REPORT = reverse("qms_control:reviews_due")


@pytest.fixture
def reviews():
    """УСТ 3.07 is 10 days late, УСТ 1.08 due in 20 days, ЖЖ 1.09 in 60 days."""
    set_review("УСТ 3.07", -10)
    set_review("УСТ 1.08", 20)
    set_review("ЖЖ 1.09", 60)
    set_review("ЖЖ 1.10", -400)
    QMSDocumentPage.objects.filter(cipher="ЖЖ 1.10").update(status="obsolete")


def ciphers(documents):
    return [document.cipher for document in documents]


def test_late_and_soon_reviews_are_due_the_later_one_and_obsolete_ones_are_not(
    reviews,
):
    assert ciphers(documents_due()) == ["УСТ 3.07", "УСТ 1.08"]


def test_the_review_window_is_a_setting(reviews, settings):
    settings.QMS_REVIEW_WINDOW_DAYS = 90
    assert ciphers(documents_due()) == ["УСТ 3.07", "УСТ 1.08", "ЖЖ 1.09"]


def test_the_report_lists_due_documents_with_owners_and_days_overdue(
    admin_client, reviews
):
    owner("asel", 3)
    response = admin_client.get(REPORT)
    # Ciphers are shown with no-break spaces.
    html = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "УСТ 3.07" in html and "УСТ 1.08" in html
    assert "ЖЖ 1.09" not in html and "ЖЖ 1.10" not in html
    rows = {row.cipher: row for row in response.context["object_list"]}
    assert rows["УСТ 3.07"].owners_label == "Asel"
    assert rows["УСТ 3.07"].days_overdue == 10
    assert rows["УСТ 3.07"].group_label.startswith("3. ")
    assert rows["УСТ 1.08"].days_overdue == 0


def test_the_report_filters_overdue_documents(admin_client, reviews):
    response = admin_client.get(REPORT, {"state": "overdue"})
    assert ciphers(response.context["object_list"]) == ["УСТ 3.07"]


def test_the_report_downloads_as_csv_and_xlsx(admin_client, reviews):
    response = admin_client.get(REPORT, {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    # The admin speaks Kyrgyz unless the user chose another language.
    assert rows[0][:2] == ["Шифр", "Аталышы"]
    assert rows[0][4:] == ["Кайра кароо күнү", "Кечиккен күндөр"]
    assert [row[0] for row in rows[1:]] == ["УСТ 3.07", "УСТ 1.08"]
    assert rows[1][5] == "10"

    response = admin_client.get(REPORT, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A2"].value == "УСТ 3.07"
    assert sheet["F2"].value == 10


def test_the_qms_office_may_open_the_report(client, reviews):
    client.force_login(office_user())
    assert client.get(REPORT).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_an_editor_outside_the_qms_office_is_refused(client, reviews):
    client.force_login(admin_user("editor"))
    response = client.get(REPORT, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    html = response.content.decode().replace("\u00a0", " ")
    assert "УСТ 3.07" not in html
    assert REPORT not in html
