"""Fixtures shared by the whole suite."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from qms_pages.models import ProcessGroupPage, QMSDocumentPage, QMSHomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the registry once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("load_qms_registry", verbosity=0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def home(db):
    return QMSHomePage.objects.get(locale__language_code="ky")


@pytest.fixture
def groups(home):
    return {group.number: group for group in ProcessGroupPage.objects.child_of(home)}


@pytest.fixture
def document(db):
    """The internal audit standard, УСТ 1.08."""
    return QMSDocumentPage.objects.get(cipher="УСТ 1.08", locale__language_code="ky")


@pytest.fixture
def search_index(db, settings, tmp_path):
    """A fresh embedded index rebuilt from this test's database; updates apply at once."""
    from qms_search.backends import get_backend
    from qms_search.indexing import rebuild

    settings.QMS_SEARCH_INDEX_PATH = tmp_path / "index.sqlite3"
    get_backend.cache_clear()
    rebuild()
    yield get_backend()
    get_backend.cache_clear()


# Real headless Chromium for end-to-end tests. Defined here, once, so that every
# directory shares one session browser: a second Playwright in the same session fails.
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped, visibly, where it is missing."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (run `make system`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API refuses to start inside a running event loop check.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
