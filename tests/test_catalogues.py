"""The Kyrgyz and Russian catalogues cover every interface string."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    "qms_pages",
    "qms_search",
    "qms_control",
    "qms_site",
    "templates",
    "locale",
    "manage.py",
)
LANGUAGES = ("ky", "ru")


def catalogue(root, language):
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The catalogues as makemessages would write them from the current sources."""
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, copy / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(source, copy / name)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ky",
            "-l",
            "ru",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_up_to_date_with_the_sources(regenerated, language):
    committed = {(entry.msgctxt, entry.msgid) for entry in catalogue(ROOT, language)}
    current = {
        (entry.msgctxt, entry.msgid) for entry in catalogue(regenerated, language)
    }
    assert current - committed == set(), (
        "run makemessages and translate the new strings"
    )
    assert committed - current == set(), (
        "run makemessages to drop strings no longer used"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(ROOT, language)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
