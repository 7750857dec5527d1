"""What a visitor sees on the public pages."""

import datetime

import pytest
from django.template.defaultfilters import filesizeformat
from wagtail.models import PageViewRestriction

from qms_pages.models import DocumentType, QMSDocumentAttachment, QMSMasterListPage
from tests.factories import PDFDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def master_list(home):
    return QMSMasterListPage.objects.child_of(home).get()


@pytest.fixture
def attached(document):
    """УСТ 1.08 with a published PDF."""
    pdf = PDFDocumentFactory(title="УСТ 1.08")
    QMSDocumentAttachment(page=document, document=pdf).save()
    document.save_revision().publish()
    return pdf


def test_home_page_shows_the_system_description_and_the_four_groups(client, home):
    response = client.get(home.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ky">' in html
    assert "Сапат менеджмент тутуму" in html
    assert "№01-12/138" in html
    for name in (
        "ЖЕТЕКТӨӨЧҮ ПРОЦЕССТЕР",
        "НЕГИЗГИ ПРОЦЕССТЕР",
        "КАМСЫЗДООЧУ ПРОЦЕССТЕР",
    ):
        assert name.capitalize() in html
    assert "Университеттин стандарты" in html


def test_group_page_lists_its_documents_in_order(client, groups):
    response = client.get(groups[1].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("УД 1.01") < html.index("УСТ 1.08") < html.index("АС 1.16")
    assert "УН 2.01" not in html


def test_group_table_links_the_pdf_with_its_size(client, groups, attached):
    html = client.get(groups[1].url).content.decode()
    size = filesizeformat(attached.get_file_size())
    assert f'href="{attached.url}" download>PDF' in html
    assert f", {size}</a>" in html


def test_document_page_shows_metadata_download_and_preview(client, document, attached):
    html = client.get(document.url).content.decode()
    assert "УСТ 1.08" in html
    assert "Ички аудит" in html
    assert "Университеттин стандарты" in html
    assert f'href="{attached.url}" download' in html
    assert f'<iframe src="{attached.url}"' in html


def test_pdf_is_served_inline_through_django(client, attached):
    response = client.get(attached.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_private_documents_pdf_cannot_be_downloaded_by_url(
    client, document, attached
):
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    for url in (document.url, attached.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_an_unpublished_documents_pdf_cannot_be_downloaded(client, document, attached):
    document.unpublish()
    assert client.get(attached.url).status_code == 404


def test_editors_can_still_download_a_private_documents_pdf(
    admin_client, document, attached
):
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    document.unpublish()
    assert admin_client.get(attached.url).status_code == 200


def test_obsolete_document_carries_a_banner_with_its_date(client, document):
    document.status = "obsolete"
    document.obsolete_on = datetime.date(2024, 9, 1)
    document.save_revision().publish()
    html = client.get(document.url).content.decode()
    assert 'class="banner banner-obsolete"' in html
    assert "01.09.2024" in html


def test_master_list_filters_by_group_type_and_status(client, master_list, groups):
    html = client.get(master_list.url).content.decode()
    assert html.count('<tr class="status-') == 74
    html = client.get(master_list.url, {"group": groups[4].pk}).content.decode()
    assert html.count('<tr class="status-') == 13
    standard = DocumentType.objects.get(code_ky="УСТ", locale__language_code="ky")
    html = client.get(master_list.url, {"type": standard.pk}).content.decode()
    assert html.count('<tr class="status-') == 9


def test_master_list_reports_an_unknown_filter_value(client, master_list):
    response = client.get(master_list.url, {"status": "<script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "<script>" not in html


def test_breadcrumbs_lead_back_to_the_group_and_home(client, document, groups, home):
    html = client.get(document.url).content.decode()
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index(
            "</nav>", html.index('class="breadcrumbs"')
        )
    ]
    assert home.url in crumbs and groups[1].url in crumbs
