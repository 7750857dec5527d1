"""The registry the end-to-end tests run against (Chromium itself: tests/conftest.py)."""

import pytest
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page

from qms_pages.models import QMSHomePage


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
