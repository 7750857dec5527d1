"""What only the embedded SQLite backend promises: its file, its failures, its threads."""

import dataclasses
import os
import shutil
import sqlite3
import threading
import weakref

import pytest

from qms_search.backends.base import SearchQuery, SearchUnavailable
from qms_search.backends.embedded import BATCH, FTS_TABLES, EmbeddedBackend


@pytest.fixture
def path(tmp_path):
    return tmp_path / "index.sqlite3"


@pytest.fixture
def embedded(path, corpus):
    backend = EmbeddedBackend(path)
    backend.rebuild(corpus)
    return backend


def first(backend, text, locale="ky"):
    hits = backend.search(SearchQuery(text=text, locale=locale)).hits
    return hits[0].page_id if hits else None


def generations(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_the_live_index_is_a_link_to_one_generation_in_wal_mode(embedded, path):
    assert path.is_symlink()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_a_rebuild_deletes_the_generation_it_replaces(embedded, path, corpus):
    before = os.readlink(path)
    embedded.rebuild(corpus)
    embedded.rebuild(corpus)
    live = os.readlink(path)
    assert live != before
    assert [
        name for name in generations(path) if not name.endswith(("-wal", "-shm"))
    ] == [live]


def test_a_plain_index_file_is_used_then_replaced_by_a_link(path, corpus, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "index.sqlite3"
    EmbeddedBackend(elsewhere).rebuild(corpus)
    shutil.copyfile(os.path.realpath(elsewhere), path)  # as if copied in by hand
    backend = EmbeddedBackend(path)
    assert first(backend, "аудит") is not None
    backend.rebuild(corpus[:1])
    assert path.is_symlink()
    assert not path.with_name(f"{path.name}-wal").exists()
    assert first(backend, "кафедра", locale="ru") is None


def test_a_missing_index_is_created_empty(path):
    backend = EmbeddedBackend(path)
    assert backend.search(SearchQuery(text="аудит", locale="ky")).total == 0
    assert backend.health()[0]


def test_a_corrupt_file_makes_search_unavailable_with_a_clear_message(path, corpus):
    path.write_bytes(b"this is not a database" * 100)
    backend = EmbeddedBackend(path)
    with pytest.raises(SearchUnavailable, match="qms_reindex") as error:
        backend.search(SearchQuery(text="аудит", locale="ky"))
    assert str(path) in str(error.value)
    assert "not a database" in str(error.value)
    with pytest.raises(SearchUnavailable):
        backend.index(corpus)
    healthy, reason = backend.health()
    assert not healthy
    assert "not a database" in reason


def test_a_rebuild_repairs_a_corrupt_index(path, corpus, ids):
    path.write_bytes(b"\x00garbage" * 1000)
    backend = EmbeddedBackend(path)
    backend.rebuild(corpus)
    assert first(backend, "аудит") == ids["УСТ 1.08", "ky"]
    assert backend.health()[0]


def test_an_index_of_another_format_asks_for_a_reindex(path):
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE something (x)")
    connection.close()
    with pytest.raises(SearchUnavailable, match="format 0"):
        EmbeddedBackend(path).search(SearchQuery(text="аудит", locale="ky"))


def test_healthy_index_reports_its_size(embedded, corpus):
    healthy, detail = embedded.health()
    assert healthy
    assert f"{len(corpus)} documents" in detail


def test_updates_keep_the_full_text_tables_consistent(embedded, corpus, path):
    embedded.index(corpus)
    embedded.delete([document.page_id for document in corpus[::2]])
    embedded.index(corpus[::4])
    connection = sqlite3.connect(path)
    for table in FTS_TABLES:
        connection.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    counts = [
        connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in FTS_TABLES
    ]
    connection.close()
    assert counts[:2] == [len(corpus[1::2]) + len(corpus[::4])] * 2


def test_another_backend_object_sees_a_rebuild_at_once(embedded, path, corpus, ids):
    other_process = EmbeddedBackend(path)
    assert first(embedded, "аудит") == ids["УСТ 1.08", "ky"]
    other_process.rebuild(d for d in corpus if d.cipher != "УСТ 1.08")
    assert first(embedded, "верификация") is None


def test_reader_threads_never_see_an_empty_index_while_rebuilds_swap(
    embedded, corpus, ids
):
    audit = ids["УСТ 1.08", "ky"]
    stop = threading.Event()
    errors, searches = [], []

    def read():
        try:
            while not stop.is_set():
                searches.append(first(embedded, "аудит"))
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for _ in range(5):
        embedded.rebuild(iter(corpus))
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert searches
    assert set(searches) == {audit}


def test_a_rebuild_does_not_hold_the_whole_generator_in_memory(path, corpus):
    handed_out = []
    peak = 0

    def documents():
        nonlocal peak
        for number in range(5 * BATCH):
            document = dataclasses.replace(
                corpus[number % len(corpus)], page_id=number + 1
            )
            handed_out.append(weakref.ref(document))
            peak = max(peak, sum(ref() is not None for ref in handed_out))
            yield document

    EmbeddedBackend(path).rebuild(documents())
    assert peak <= 2 * BATCH
