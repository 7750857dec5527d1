"""ETags, Cache-Control and 304s on API answers and on the registry's PDFs."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.test import RequestFactory
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from qms_pages.models import QMSDocumentAttachment
from qms_site.http_cache import APICacheMiddleware
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db
PAGES = "/api/v2/pages/"


@pytest.fixture
def reader(client):
    """A signed-in reader without admin rights."""
    user = get_user_model().objects.create_user("reader", password="not-used")
    client.force_login(user)
    return user


@pytest.fixture
def pdf_bytes():
    return make_pdf(["Ички аудит: жобо", "Внутренний аудит: положение"])


@pytest.fixture
def attached_pdf(document, pdf_bytes):
    """A PDF attached to УСТ 1.08 and published, stored without a precomputed hash."""
    pdf = get_document_model().objects.create(
        title="УСТ 1.08", file=ContentFile(pdf_bytes, name="ust-1-08.pdf")
    )
    QMSDocumentAttachment(page=document, document=pdf).save()
    document.save_revision().publish()
    return pdf


def pdf_url(pdf):
    return f"/documents/{pdf.pk}/{pdf.filename}"


def cache_directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_an_api_answer_has_an_etag_and_a_matching_request_gets_304(client, document):
    url = f"{PAGES}{document.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert cache_directives(again) == {"public", "max-age=60"}


def test_the_etag_changes_when_the_document_does(client, document):
    url = f"{PAGES}{document.pk}/"
    etag = client.get(url)["ETag"]
    document.summary = "Жаңы кыскача мазмун"
    document.save_revision().publish()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_listing_is_revalidated_too(client, groups):
    params = {"child_of": groups[1].pk}
    etag = client.get(PAGES, params)["ETag"]
    assert client.get(PAGES, params, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_anonymous_answers_may_be_cached_publicly_for_a_minute(client):
    response = client.get(PAGES, {"limit": 1})
    assert cache_directives(response) == {"public", "max-age=60"}


def test_the_cache_lifetime_is_a_setting(client, settings):
    settings.QMS_API_CACHE_SECONDS = 5
    assert "max-age=5" in cache_directives(client.get(PAGES, {"limit": 1}))


def test_an_api_view_that_chose_its_own_policy_keeps_it():
    def view(request):
        return JsonResponse({"suggestions": []}, headers={"Cache-Control": "no-store"})

    request = RequestFactory().get("/api/v2/search/suggest/", {"q": "ауд"})
    request.user = AnonymousUser()
    response = APICacheMiddleware(view)(request)
    assert response["Cache-Control"] == "no-store"
    assert response.has_header("ETag")


def test_signed_in_users_answers_are_never_stored(client, reader):
    response = client.get(PAGES, {"limit": 1})
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}
    assert "Cookie" in response["Vary"]


def test_a_login_only_page_shown_to_a_signed_in_user_is_never_stored(
    client, document, reader
):
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    response = client.get(f"{PAGES}{document.pk}/")
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


def test_a_visitor_holding_a_page_password_is_answered_privately(client, document):
    restriction = PageViewRestriction.objects.create(
        page=document, restriction_type="password", password="сыр"
    )
    assert client.get(f"{PAGES}{document.pk}/").status_code == 404
    session = client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    response = client.get(f"{PAGES}{document.pk}/")
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


def test_a_public_pdf_is_cached_publicly_with_its_hash_as_etag(
    client, attached_pdf, pdf_bytes
):
    response = client.get(pdf_url(attached_pdf))
    assert response.status_code == 200
    assert response["ETag"] == f'"{hashlib.sha1(pdf_bytes).hexdigest()}"'
    assert cache_directives(response) == {"public", "max-age=3600"}
    again = client.get(pdf_url(attached_pdf), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert cache_directives(again) == {"public", "max-age=3600"}


def test_the_api_gives_the_same_hash_the_pdf_etag_carries(
    client, attached_pdf, document
):
    data = client.get(f"{PAGES}{document.pk}/").json()
    file_hash = data["attachments"][0]["file_hash"]
    assert client.get(pdf_url(attached_pdf))["ETag"] == f'"{file_hash}"'


def test_a_pdf_of_a_private_page_is_never_stored(
    client, attached_pdf, document, reader
):
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    response = client.get(pdf_url(attached_pdf))
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


def test_an_anonymous_visitor_sent_to_sign_in_gets_nothing_cacheable(
    client, attached_pdf, document
):
    PageViewRestriction.objects.create(page=document, restriction_type="login")
    response = client.get(pdf_url(attached_pdf))
    assert response.status_code == 302
    assert cache_directives(response) == {"private", "no-store"}


def test_a_file_on_no_page_is_kept_out_of_shared_caches(client, pdf_bytes):
    loose = get_document_model().objects.create(
        title="Жүктөлгөн", file=ContentFile(pdf_bytes, name="loose.pdf")
    )
    response = client.get(pdf_url(loose))
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}


def test_a_pdf_is_sent_without_a_content_encoding(client, attached_pdf, pdf_bytes):
    # The file is sent as stored; a "Content-Encoding: None" makes strict clients
    # (gevent's HTTP client, some proxies) refuse to read the body.
    response = client.get(pdf_url(attached_pdf))
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == pdf_bytes
