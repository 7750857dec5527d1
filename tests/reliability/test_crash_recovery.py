"""import_qms_pdfs and qms_reindex killed with SIGKILL mid-run, then run again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from qms_search.backends.base import SearchQuery
from qms_search.backends.embedded import EmbeddedBackend
from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]
# A made-up word that only the imported files contain.
MARKER = "күлкүтоолор"
FILES = 20


class Site:
    """A migrated database with the registry, used by commands run as real processes."""

    def __init__(self, folder, database_url):
        self.folder = folder
        self.index = folder / "index.sqlite3"
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "qms_site.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(folder / "media"),
            "QMS_SEARCH_INDEX_PATH": str(self.index),
        }
        self.database = dj_database_url.parse(database_url)

    def start(self, *args):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args):
        process = self.start(*args)
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        return out

    def query(self, sql):
        """Rows of one SQL query, read beside the running commands."""
        return self.execute(sql, lambda cursor: cursor.fetchall())

    def execute(self, sql, read=lambda cursor: None):
        """Run one SQL statement in its own committed transaction."""
        if self.database["ENGINE"].endswith("sqlite3"):
            with sqlite3.connect(self.database["NAME"], timeout=30) as connection:
                return read(connection.execute(sql))
        with psycopg.connect(**connection_params(self.database)) as connection:
            return read(connection.execute(sql))

    def marker_hits(self):
        """Page ids of the index entries holding the imported files' word."""
        results = EmbeddedBackend(self.index).search(
            SearchQuery(text=MARKER, locale="ky", include_obsolete=True, page_size=100)
        )
        return [hit.page_id for hit in results.hits]


def connection_params(database, name=None):
    return {
        "dbname": name or database["NAME"],
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The same database engine as the suite: a SQLite file, or a PostgreSQL database."""
    folder = tmp_path_factory.mktemp("crash")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        site = Site(folder, f"sqlite:///{folder / 'db.sqlite3'}")
        yield prepare(site)
        return
    server = dj_database_url.parse(url)
    name = f"{server['NAME']}_crash"
    with psycopg.connect(**connection_params(server, "postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield prepare(Site(folder, url.rsplit("/", 1)[0] + f"/{name}"))
    finally:
        with psycopg.connect(
            **connection_params(server, "postgres"), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(site):
    site.run("migrate", "--no-input", "-v", "0")
    site.run("load_qms_registry", "-v", "0")
    site.run("qms_reindex")
    return site


@pytest.fixture(scope="module")
def pdf_folder(site):
    """FILES PDFs named by Kyrgyz ciphers, each with the marker word."""
    ciphers = [
        row[0]
        for row in site.query(
            "SELECT cipher FROM qms_pages_qmsdocumentpage d "
            "JOIN wagtailcore_page p ON p.id = d.page_ptr_id "
            "JOIN wagtailcore_locale l ON l.id = p.locale_id "
            "WHERE l.language_code = 'ky' AND cipher NOT LIKE '%:%' ORDER BY p.path"
        )
    ][:FILES]
    folder = site.folder / "pdfs"
    folder.mkdir()
    for cipher in ciphers:
        text = f"{cipher}: {MARKER}. Ички аудит жана сапат."
        (folder / f"{cipher}.pdf").write_bytes(make_pdf([text]))
    return folder


def kill_when(process, condition, site):
    """SIGKILL the process as soon as condition(site) holds; True if it was still running."""
    while process.poll() is None:
        if condition(site):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.02)
    return False


def attached_files(site):
    """Distinct files attached to pages (a translation shares its original's)."""
    sql = "SELECT COUNT(DISTINCT document_id) FROM qms_pages_qmsdocumentattachment"
    return site.query(sql)[0][0]


def test_a_killed_import_finishes_on_the_next_run_without_duplicates(site, pdf_folder):
    process = site.start("import_qms_pdfs", str(pdf_folder))
    assert kill_when(process, lambda s: attached_files(s) >= 3, site)
    assert process.returncode == -signal.SIGKILL
    assert attached_files(site) < FILES

    output = site.run("import_qms_pdfs", str(pdf_folder))
    assert "not imported: 0" in output
    # One file and one issued revision per page; the Russian translations carry a copy.
    for table in ("qms_pages_qmsdocumentattachment", "qms_pages_qmsdocumentrevision"):
        rows = site.query(f"SELECT page_id, document_id FROM {table}")
        pages = [page for page, _ in rows]
        assert len(pages) == len(set(pages))
        assert len({document for _, document in rows}) == FILES
    assert site.query("SELECT COUNT(*) FROM wagtaildocs_document")[0][0] == FILES

    # A third run finds every file in place.
    assert f"unchanged: {FILES}" in site.run("import_qms_pdfs", str(pdf_folder))
    site.run("qms_search_worker", "--once")
    hits = site.marker_hits()
    assert len(hits) == len(set(hits)) == FILES


def test_a_killed_reindex_leaves_the_old_index_serving_and_the_rerun_completes(
    site, pdf_folder
):
    before = site.marker_hits()
    assert len(before) == FILES
    # Forget the extracted text so that the rebuild has to extract every file again.
    site.execute("DELETE FROM qms_search_pdftextpage")
    site.execute("DELETE FROM qms_search_pdftext")
    process = site.start("qms_reindex")
    extracted = "SELECT COUNT(*) FROM qms_search_pdftext"
    assert kill_when(process, lambda s: s.query(extracted)[0][0] > 0, site)
    assert sorted(site.marker_hits()) == sorted(before)

    assert "Indexed 148 document page(s)." in site.run("qms_reindex")
    hits = site.marker_hits()
    assert sorted(hits) == sorted(before)
    generations = list(site.folder.glob("index.sqlite3.*"))
    assert [path.name for path in generations if "-" not in path.name] == [
        Path(os.path.realpath(site.index)).name
    ]
