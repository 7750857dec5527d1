"""Real headless Chromium for end-to-end tests."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page

from qms_pages.models import QMSHomePage

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
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


@pytest.fixture
def registry(settings, tmp_path):
    """The registry and its search index, committed for the live server's thread.

    A transactional test empties the database when it ends, so the next one loads again.
    """
    from qms_search.backends import get_backend

    settings.QMS_SEARCH_INDEX_PATH = tmp_path / "index.sqlite3"
    get_backend.cache_clear()
    if not QMSHomePage.objects.exists():
        # The flush also removed the tree's root, its locale and the root collection.
        Locale.objects.get_or_create(language_code="ky")
        Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        call_command("load_qms_registry", verbosity=0)
    call_command("qms_reindex", verbosity=0)
    yield
    get_backend.cache_clear()
