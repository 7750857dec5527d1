"""An anonymous visitor walks every public surface and never meets a restricted item."""

import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus, urlsplit

import pytest
from django.test import Client
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from qms_pages.models import QMSDocumentAttachment, QMSDocumentRevision
from tests.factories import PDFDocumentFactory, QMSDocumentPageFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

# Hrefs the crawl does not follow: the admin, assets, files (checked by URL below).
NOT_CRAWLED = ("/admin/", "/static/", "/media/", "/documents/", "/api/schema/")
CRAWL_LIMIT = 600
HREF = re.compile(r'(?:href|src|action)="([^"#]*)')
# A word of every restricted title, so that a search for it shows whether one leaks.
SHARED_WORD = "жобо"
# Words of every restricted file and of no public text.
PDF_ONLY = "деген сөз бар"


@dataclass
class Secret:
    """What must stay hidden about one restricted item: words, pages and files."""

    name: str
    needles: list = field(default_factory=list)
    page_ids: list = field(default_factory=list)
    page_paths: list = field(default_factory=list)
    file_paths: list = field(default_factory=list)


def attach(page, word, filename, collection=None, superseded=False):
    """A generated PDF holding `word`, attached (or kept as a superseded revision)."""
    extra = {"collection": collection} if collection else {}
    pdf = PDFDocumentFactory(
        title=f"Файл {word}",
        file__data=make_pdf([f"Бул файлда гана {word} {PDF_ONLY}."]),
        file__filename=filename,
        **extra,
    )
    if superseded:
        QMSDocumentRevision(page=page, label="0", document=pdf).save()
    else:
        QMSDocumentAttachment(page=page, document=pdf).save()
    return pdf


def restricted_page(parent, title, cipher, word, filename):
    """A new document page with a file holding `word`, published."""
    page = QMSDocumentPageFactory(
        parent=parent, title=f"{title} {SHARED_WORD}", cipher=cipher
    )
    pdf = attach(page, word, filename)
    page.save_revision().publish()
    return page, pdf


def secret_for(name, page, files, words):
    """The Secret of a page that must stay hidden, with its translations."""
    pages = [page, *page.get_translations()]
    return Secret(
        name=name,
        needles=[
            page.title,
            page.cipher,
            PDF_ONLY,
            *words,
            *(pdf.filename for pdf in files),
        ],
        page_ids=[item.pk for item in pages],
        page_paths=[urlsplit(item.url).path for item in pages if item.url],
        file_paths=[urlsplit(pdf.url).path for pdf in files],
    )


@pytest.fixture
def secrets(search_index, groups, django_capture_on_commit_callbacks):
    """A draft, two private documents, a restricted file and an unpublished document."""
    group = groups[2]
    found = []
    with django_capture_on_commit_callbacks(execute=True):
        draft = QMSDocumentPageFactory(
            parent=group,
            title=f"Долбоор астролябия {SHARED_WORD}",
            cipher="ЖЖ 2.81",
            live=False,
        )
        draft_pdf = attach(draft, "зефирант", "zefirant.pdf")
        draft.save_revision()
        found.append(secret_for("draft", draft, [draft_pdf], ["зефирант"]))

        by_password, pdf = restricted_page(
            group, "Купуя гиппокамп", "ЖЖ 2.82", "мандрагор", "mandragor.pdf"
        )
        old = attach(by_password, "кориандол", "koriandol-old.pdf", superseded=True)
        PageViewRestriction.objects.create(
            page=by_password, restriction_type="password", password="ачкыч-2026"
        )
        found.append(
            secret_for("password", by_password, [pdf, old], ["мандрагор", "кориандол"])
        )

        by_login, pdf = restricted_page(
            group, "Ички октаэдр", "ЖЖ 2.83", "пентагрион", "pentagrion.pdf"
        )
        PageViewRestriction.objects.create(page=by_login, restriction_type="login")
        found.append(secret_for("login", by_login, [pdf], ["пентагрион"]))

        unpublished, pdf = restricted_page(
            group, "Алынган октоберин", "ЖЖ 2.84", "ноябрин", "noyabrin.pdf"
        )
        unpublished.unpublish()
        found.append(secret_for("unpublished", unpublished, [pdf], ["ноябрин"]))

        # A public page whose one file sits in a collection for signed-in staff.
        closed = Collection.get_first_root_node().add_child(name="Кызматтык")
        CollectionViewRestriction.objects.create(
            collection=closed, restriction_type="login"
        )
        public = QMSDocumentPageFactory(
            parent=group, title="Ачык нуска", cipher="ЖЖ 2.85"
        )
        staff_pdf = attach(public, "пальмирон", "palmiron.pdf", collection=closed)
        public.save_revision().publish()
        found.append(
            Secret(
                name="collection",
                needles=["пальмирон", PDF_ONLY, staff_pdf.filename, staff_pdf.title],
                file_paths=[urlsplit(staff_pdf.url).path],
            )
        )
    return found


class Walk:
    """An anonymous client that keeps every body it was given."""

    def __init__(self):
        self.client = Client()
        self.bodies = {}

    def get(self, url, echo="", **params):
        """GET url; `echo` is the query a search repeats back, left out of the body."""
        response = self.client.get(url, params)
        assert response.status_code < 500, f"{url} {params}: {response.status_code}"
        if not response.streaming:
            body = readable(response.content.decode())
            self.bodies[f"{url} {params}"] = body.replace(echo.lower(), "")
        return response

    def json(self, url, **params):
        response = self.get(url, **params)
        return response.json() if response.status_code == 200 else {}


def readable(text):
    """A body with HTML entities and JSON/URL escapes undone, lower-cased."""
    return unquote_plus(html.unescape(text)).lower()


def links(body):
    """The same-site URLs a body links to, absolute ones made relative."""
    for href in HREF.findall(html.unescape(body)):
        parts = urlsplit(href)
        if parts.netloc not in ("", "localhost", "testserver", "127.0.0.1:8000"):
            continue
        if parts.path.startswith("/") and not parts.path.startswith(NOT_CRAWLED):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(walk, starts):
    """Every page reachable from the start pages by following links."""
    seen, queue = set(starts), list(starts)
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        response = walk.client.get(url, follow=True)
        assert response.status_code < 500, url
        body = response.content.decode()
        walk.bodies[url] = readable(body)
        for link in links(body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert len(seen) < CRAWL_LIMIT, "the crawl did not finish"
    return seen


def api_pages(walk, **params):
    """Every item of a pages listing, page by page, with each item's detail."""
    offset, items = 0, []
    while True:
        body = walk.json("/api/v2/pages/", limit=100, offset=offset, **params)
        batch = body.get("items", [])
        items.extend(batch)
        offset += 100
        if not batch or offset >= body["meta"]["total_count"]:
            return items


def walk_api(walk, groups):
    """The pages, documents and images endpoints with every locale and filter."""
    ids = set()
    for locale in ("", "ky", "ru"):
        with_locale = {"locale": locale} if locale else {}
        for kind in (
            "",
            "qms_pages.QMSDocumentPage",
            "qms_pages.ProcessGroupPage",
            "qms_pages.QMSHomePage",
            "qms_pages.QMSMasterListPage",
        ):
            typed = {"type": kind, "fields": "*"} if kind else {}
            ids |= {item["id"] for item in api_pages(walk, **with_locale, **typed)}
        for term in ("зефирант", "мандрагор", "пентагрион", "ноябрин", SHARED_WORD):
            api_pages(walk, search=term, **with_locale)
    for group in groups.values():
        for translation in [group, *group.get_translations()]:
            api_pages(walk, child_of=translation.pk, fields="*")
            api_pages(walk, descendant_of=translation.pk, fields="*")
    for page_id in ids:
        walk.get(f"/api/v2/pages/{page_id}/")
    for endpoint in ("documents", "images"):
        listing = walk.json(f"/api/v2/{endpoint}/", limit=100)
        for item in listing.get("items", []):
            walk.get(f"/api/v2/{endpoint}/{item['id']}/")
    walk.get("/api/v2/pages/find/", html_path="/ky/")


def walk_search(walk, secrets):
    """The search page, the search and suggestion APIs, for every secret word."""
    # Each secret has several words, so a hit for one shows the others.
    words = {needle for secret in secrets for needle in secret.needles}
    for locale in ("ky", "ru"):
        for word in [*words, SHARED_WORD]:
            walk.get(f"/{locale}/search/", echo=word, q=word)
            walk.get(f"/{locale}/search/", echo=word, q=word, obsolete="on")
            walk.get("/api/v2/search/", echo=word, q=word, locale=locale)
            walk.get("/api/v2/search/suggest/", q=word[:4], locale=locale)


def leaks(walk, secrets):
    """For each restricted word found in a body, "secret: word" and where it was."""
    found = {}
    for url, body in walk.bodies.items():
        for secret in secrets:
            for needle in [*secret.needles, *secret.page_paths, *secret.file_paths]:
                if needle.lower() in body:
                    found.setdefault(f"{secret.name}: {needle}", []).append(url)
    return {
        key: sorted(urls)[:3] + [f"({len(urls)} in all)"] for key, urls in found.items()
    }


def search_counts(client, locale):
    """Total and facet counts of a search for the word every secret shares."""
    body = client.get("/api/v2/search/", {"q": SHARED_WORD, "locale": locale}).json()
    return body["count"], json.dumps(body["facets"], sort_keys=True)


@pytest.fixture
def counts_before(search_index, client):
    """Search counts before the restricted items exist."""
    return {locale: search_counts(client, locale) for locale in ("ky", "ru")}


def test_no_restricted_item_shows_anywhere_an_anonymous_visitor_can_go(
    counts_before, secrets, groups
):
    walk = Walk()
    crawled = crawl(walk, ["/ky/", "/ru/"])
    public = Page.objects.live().public().filter(depth__gt=1)
    assert {urlsplit(page.url).path for page in public} <= crawled
    walk_api(walk, groups)
    walk_search(walk, secrets)
    walk.get("/sitemap.xml")
    assert leaks(walk, secrets) == {}
    assert len(walk.bodies) > 300


def test_facet_counts_do_not_count_restricted_items(counts_before, secrets, client):
    for locale in ("ky", "ru"):
        assert search_counts(client, locale) == counts_before[locale]


def test_the_sitemap_lists_public_pages_in_both_languages(secrets, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/ky/master-list/" in body and "/ru/master-list/" in body
    for secret in secrets:
        for path in secret.page_paths:
            assert path not in body


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("draft", {404}),
        ("password", {200, 302}),
        ("login", {302}),
        ("unpublished", {404}),
    ],
)
def test_restricted_pages_answer_not_found_or_ask_to_sign_in(
    secrets, client, name, statuses
):
    secret = next(item for item in secrets if item.name == name)
    for path in secret.page_paths:
        response = client.get(path)
        assert response.status_code in statuses, path
        if response.status_code == 302:
            assert "/login/" in response["Location"]
        if response.status_code == 200:
            # Wagtail's password form, nothing of the page behind it.
            assert 'type="password"' in response.content.decode()
            assert secret.needles[0].lower() not in readable(response.content.decode())
    for page_id in secret.page_ids:
        assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404


@pytest.mark.parametrize("name", ["draft", "password", "login", "unpublished"])
def test_restricted_files_are_not_served(secrets, client, name):
    secret = next(item for item in secrets if item.name == name)
    for path in secret.file_paths:
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_a_file_in_a_restricted_collection_asks_to_sign_in(secrets, client):
    (path,) = next(item for item in secrets if item.name == "collection").file_paths
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
