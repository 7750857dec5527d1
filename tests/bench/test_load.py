"""The pieces of bench/bench_load.py: server command, targets, locust runs, the table."""

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from bench.bench_load import (
    ENDPOINT_CLASSES,
    HEADERS,
    BackendResult,
    ServerLog,
    Stats,
    discover_targets,
    read_server_log,
    results_table,
    run_locust,
    server_command,
)
from qms_pages.models import QMSDocumentAttachment
from tests.pdfs import make_pdf


def test_the_server_is_started_with_the_production_command_on_loopback():
    command = server_command(8123)
    assert command[1:4] == ["-m", "gunicorn", "qms_site.wsgi:application"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    # The Dockerfile's worker count and timeout stay as they are.
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--timeout") + 1] == "120"


def test_the_worker_count_can_be_changed():
    command = server_command(8123, workers=5)
    assert command[command.index("--workers") + 1] == "5"


@pytest.fixture
def pdf_on_a_document(document):
    pdf = get_document_model().objects.create(
        title="УСТ 1.08", file=ContentFile(make_pdf(["Ички аудит"]), name="ust.pdf")
    )
    QMSDocumentAttachment(page=document, document=pdf).save()
    document.save_revision().publish()
    return pdf


@pytest.mark.django_db
def test_every_endpoint_class_gets_urls_that_answer(
    client, pdf_on_a_document, search_index
):
    def get(path):
        response = client.get(path, headers=HEADERS)
        assert response.status_code == 200, path
        return response

    targets = discover_targets(
        lambda path: get(path).json(), lambda path: get(path).content.decode()
    )
    assert set(targets) == {"baseline", *ENDPOINT_CLASSES}
    # The stylesheet every page links; the test client serves no static files.
    assert targets["baseline"] == ["/static/qms_pages/qms.css"]
    assert len(targets["document"]) == 148
    assert targets["pdf"] == [f"/documents/{pdf_on_a_document.pk}/ust.pdf"]
    for endpoint_class in ENDPOINT_CLASSES:
        response = get(targets[endpoint_class][0])
        if endpoint_class == "search_api":
            assert response.json()["count"] > 0


@pytest.fixture
def static_server(tmp_path):
    """A plain HTTP server on loopback serving one small file, site.css."""
    (tmp_path / "site.css").write_text("body { margin: 0 }")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=tmp_path)
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


def test_a_short_locust_run_counts_requests_and_failures(static_server, tmp_path):
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps({"baseline": ["/site.css", "/missing.css"]}))
    stats, failures = run_locust(
        "Baseline", static_server, targets, tmp_path / "run", users=2, seconds=2
    )
    baseline = stats["baseline"]
    assert baseline.requests > 0
    assert 0 < baseline.errors < baseline.requests
    assert stats["all"].requests == baseline.requests
    assert failures == [("baseline", "HTTP 404", baseline.errors)]


def test_the_server_log_counts_5xx_and_tracebacks(tmp_path):
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    access.write_text(
        '127.0.0.1 - - [24/Nov/2026:21:00:00 +0000] "GET /ky/ HTTP/1.1" 200 512 "-" "x"\n'
        '127.0.0.1 - - [24/Nov/2026:21:00:01 +0000] "GET /ru/ HTTP/1.1" 500 90 "-" "x"\n'
    )
    errors.write_text(
        "Traceback (most recent call last):\n"
        "django.db.utils.OperationalError: database is locked\n"
    )
    log = read_server_log(access, errors, 0, 0)
    assert (log.requests, log.server_errors, log.tracebacks) == (2, 1, 1)
    assert "django.db.utils.OperationalError: database is locked" in log.samples


def result(baseline_rps, mix_rps, mix_p50, errors=0):
    """A BackendResult with a baseline and a mix of two classes."""
    baseline = Stats(1000, 0, baseline_rps, 10.0, 20.0, 30.0)
    page = Stats(300, errors, mix_rps / 2, mix_p50, 400.0, 600.0)
    total = Stats(600, errors, mix_rps, mix_p50, 400.0, 600.0)
    return BackendResult(
        baseline={"baseline": baseline, "all": baseline},
        mix={"home": page, "search_api": page, "all": total},
        failures=[],
        server=ServerLog(600, 0, 0, 0, []),
        setup_seconds=60,
        pdfs=16,
    )


def test_the_table_sets_each_backend_beside_the_other_and_against_its_baseline():
    table = results_table(
        {
            "SQLite": result(500.0, 50.0, 200.0),
            "PostgreSQL": result(400.0, 20.0, 500.0, errors=3),
        }
    ).splitlines()
    assert table[0].startswith("| endpoint class | SQLite req/s |")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table[2:]}
    assert rows["baseline: static file"] == (
        "| baseline: static file | 500.0 | 10 / 20 / 30 | 0 | 400.0 | 10 / 20 / 30 | 0 |"
    )
    assert (
        rows["home"]
        == "| home | 25.0 | 200 / 400 / 600 | 0 | 10.0 | 500 / 400 / 600 | 3 |"
    )
    # A class the run did not request is shown as such, not as zero.
    assert rows["pdf"] == "| pdf | — | — | — | — | — | — |"
    assert rows["mix ÷ baseline"] == (
        "| mix ÷ baseline | 0.10× | 20.00× / 20.00× / 20.00× |  "
        "| 0.05× | 50.00× / 20.00× / 20.00× |  |"
    )
