"""Fixtures shared by the whole suite."""

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
