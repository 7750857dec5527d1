"""Load test: the production server on loopback, on SQLite and PostgreSQL, under N users.

Run from the project root: .venv/bin/python -m bench.bench_load

For each database: sets up a scratch site in a temporary folder (the registry in both
languages, generated PDFs attached, the search index built, static files collected)
with the production settings, starts gunicorn with the production image's command line
on a free loopback port, then runs locust headless twice with the same users: on a
static file (the baseline) and on a reader's mix (bench/load_users.py). Prints requests/s,
p50/p95/p99 and errors per endpoint class, and what the server itself logged: 5xx
answers, tracebacks, worker timeouts. The server and the scratch data are removed at
the end, also after a failure or Ctrl-C.
"""

import argparse
import csv
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from bench import leave_scratch_site

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).with_name("load_users.py")
QUERIES = Path(__file__).with_name("relevance_queries.json")
REGISTRY = ROOT / "qms_pages" / "data"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/qms_load"
BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# In the order of the tables; the names are the locust request names of load_users.py.
ENDPOINT_CLASSES = [
    "home",
    "process_group",
    "document",
    "master_list",
    "search_page",
    "search_api",
    "pages_api",
    "pdf",
]
# Production redirects plain HTTP to HTTPS; behind its TLS proxy every request says https.
HEADERS = {"X-Forwarded-Proto": "https"}
# Characters left as they are when a URL is percent-encoded for the load generator.
URL_SAFE = "/%:@&=+$,;~!*'()?#"


@dataclass
class Stats:
    """What locust measured for one endpoint class, times in milliseconds."""

    requests: int
    errors: int
    rps: float
    p50: float | None
    p95: float | None
    p99: float | None


@dataclass
class ServerLog:
    """What gunicorn logged during one run."""

    requests: int
    server_errors: int
    tracebacks: int
    worker_timeouts: int
    samples: list[str]


# --- the scratch site -------------------------------------------------------------


def site_environment(folder, database_url, static_root):
    """The environment of the production settings, pointed at the scratch folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ELASTICSEARCH_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="qms_site.settings.production",
        # A throw-away key for a throw-away site; production refuses to start without one.
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(static_root),
        QMS_SEARCH_INDEX_PATH=str(folder / "index.sqlite3"),
        LOG_LEVEL="WARNING",
    )
    return env


def recreate_postgres_database(url, drop_only=False):
    """Drop the database of url (closing its sessions) and create it empty again."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def registry_titles():
    """{(cipher, language): title} from the bundled registry files."""
    kyrgyz = json.loads((REGISTRY / "registry.ky.json").read_text())
    russian = json.loads((REGISTRY / "registry.ru.json").read_text())
    titles = {
        (document["cipher"], "ky"): document["title"]
        for group in kyrgyz["groups"]
        for document in group["documents"]
    }
    titles.update(
        {(cipher, "ru"): title for cipher, title in russian["documents"].items()}
    )
    return titles


def write_pdfs(folder, seed=0):
    """Write the relevance benchmark's PDFs, named by cipher, for import_qms_pdfs."""
    from bench.bench_relevance import pdf_pages
    from tests.pdfs import make_pdf

    folder.mkdir(parents=True)
    titles = registry_titles()
    rng = random.Random(seed)
    specs = json.loads(QUERIES.read_text())["pdfs"]
    for spec in specs:
        suffix = "" if spec["language"] == "ky" else f".{spec['language']}"
        title = titles[(spec["cipher"], spec["language"])]
        pdf = make_pdf(pdf_pages(title, spec, rng))
        (folder / f"{spec['cipher']}{suffix}.pdf").write_bytes(pdf)
    return len(specs)


def manage(env, *arguments, log):
    """Run a manage.py command of the scratch site; its output goes to log."""
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )


def set_up_site(folder, env):
    """What the production entrypoint does, then the registry, PDFs and index."""
    with open(folder / "setup.log", "w") as log:
        manage(env, "migrate", "--no-input", log=log)
        # Once for all backends: the files do not depend on the database.
        if not any(Path(env["STATIC_ROOT"]).iterdir()):
            manage(env, "collectstatic", "--no-input", "-v", "0", log=log)
        manage(env, "load_qms_registry", log=log)
        pdfs = write_pdfs(folder / "pdfs")
        manage(env, "import_qms_pdfs", str(folder / "pdfs"), log=log)
        manage(env, "qms_reindex", log=log)
    report = (folder / "setup.log").read_text()
    if "not imported: 0" not in report:
        raise SystemExit(f"Some PDFs were not imported:\n{report}")
    return pdfs


# --- the server -------------------------------------------------------------------


def production_command(dockerfile=ROOT / "Dockerfile"):
    """The production image's command line: the Dockerfile's CMD."""
    for line in dockerfile.read_text().splitlines():
        if line.startswith("CMD "):
            return json.loads(line.removeprefix("CMD "))
    raise ValueError(f"{dockerfile} has no CMD line")


def server_command(port, workers=None, dockerfile=ROOT / "Dockerfile"):
    """The production command line, bound to a loopback port, with this interpreter."""
    program, *arguments = production_command(dockerfile)
    replacements = {"--bind": f"127.0.0.1:{port}"}
    if workers is not None:
        replacements["--workers"] = str(workers)
    for option, value in replacements.items():
        arguments[arguments.index(option) + 1] = value
    return [sys.executable, "-m", program, *arguments]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    """The body of a GET as the TLS proxy would forward it."""
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def wait_until_up(process, base, error_log, seconds=60):
    """Wait for /healthz to answer 200; fail with gunicorn's log if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            get(f"{base}/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not come up:\n{error_log.read_text()[-3000:]}")


def stop(process):
    """Stop gunicorn and its workers: TERM, then KILL if they linger."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def read_server_log(access_log, error_log, access_offset, error_offset):
    """Count what gunicorn logged after the given offsets of its two logs."""
    access = access_log.read_text(errors="replace")[access_offset:]
    errors = error_log.read_text(errors="replace")[error_offset:]
    statuses = [int(code) for code in re.findall(r'" (\d{3}) ', access)]
    problems = [
        line
        for line in errors.splitlines()
        if re.search(r"Traceback|Error|WORKER TIMEOUT|locked|CRITICAL", line)
    ]
    return ServerLog(
        requests=len(statuses),
        server_errors=sum(1 for status in statuses if status >= 500),
        tracebacks=errors.count("Traceback"),
        worker_timeouts=errors.count("WORKER TIMEOUT"),
        samples=problems[:10],
    )


# --- what to request --------------------------------------------------------------


def path_of(url):
    """The percent-encoded path and query of an absolute or relative URL."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return quote(path, safe=URL_SAFE)


def listing(get_json, query):
    """Every item of a pages API listing, following its pages."""
    items, offset = [], 0
    while True:
        body = get_json(f"/api/v2/pages/?{query}&limit=100&offset={offset}")
        items += body["items"]
        offset += 100
        if offset >= body["meta"]["total_count"]:
            return items


def discover_targets(get_json, get_text, seed=0):
    """{endpoint class: [paths]} of the running site, found through its API."""
    rng = random.Random(seed)
    groups = listing(get_json, "type=qms_pages.ProcessGroupPage")
    documents = listing(get_json, "type=qms_pages.QMSDocumentPage&fields=attachments")
    master_lists = listing(get_json, "type=qms_pages.QMSMasterListPage")
    queries = json.loads(QUERIES.read_text())["queries"]
    home = get_text("/ky/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    group_listings = [
        "/api/v2/pages/?type=qms_pages.QMSDocumentPage&child_of="
        f"{group['id']}&fields=cipher,status,attachments&order=number&limit=100"
        for group in groups
    ] + [
        f"/api/v2/pages/?type=qms_pages.ProcessGroupPage&locale={language}"
        "&fields=number&order=number"
        for language in ("ky", "ru")
    ]
    # As many page details as listings, so that both weigh the same in the mix.
    details = [
        f"/api/v2/pages/{document['id']}/"
        for document in rng.sample(documents, len(group_listings))
    ]
    return {
        "baseline": [stylesheet],
        "home": ["/ky/", "/ru/"],
        "process_group": [path_of(group["meta"]["html_url"]) for group in groups],
        "document": [path_of(doc["meta"]["html_url"]) for doc in documents],
        "master_list": [path_of(page["meta"]["html_url"]) for page in master_lists],
        "search_page": [
            path_of(f"/{query['locale']}/search/?{urlencode({'q': query['q']})}")
            for query in queries
        ],
        "search_api": [
            path_of(
                "/api/v2/search/?"
                + urlencode({"q": query["q"], "locale": query["locale"]})
            )
            for query in queries
        ],
        "pages_api": group_listings + details,
        # A file that several pages list is requested once.
        "pdf": list(
            dict.fromkeys(
                path_of(attachment["url"])
                for document in documents
                for attachment in document["attachments"]
            )
        ),
    }


# --- the load ---------------------------------------------------------------------


def read_stats(csv_path):
    """{endpoint class: Stats} from locust's *_stats.csv; the total is under "all"."""

    def milliseconds(value):
        return None if value in {"", "N/A"} else float(value)

    stats = {}
    with open(csv_path, newline="") as file:
        for row in csv.DictReader(file):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            stats[name] = Stats(
                requests=int(row["Request Count"]),
                errors=int(row["Failure Count"]),
                rps=float(row["Requests/s"]),
                p50=milliseconds(row["50%"]),
                p95=milliseconds(row["95%"]),
                p99=milliseconds(row["99%"]),
            )
    return stats


def failure_reason(error):
    """The reason load_users.py gave, without the wrapper locust records it in."""
    wrapped = re.fullmatch(r"CatchResponseError\((['\"])(.*)\1\)", error)
    return wrapped.group(2) if wrapped else error


def read_failures(prefix):
    """[(endpoint class, error, occurrences)]: failed requests, then task exceptions."""
    with open(f"{prefix}_failures.csv", newline="") as file:
        failures = [
            (row["Name"], failure_reason(row["Error"]), int(row["Occurrences"]))
            for row in csv.DictReader(file)
        ]
    # An exception in a task is not a failed request: locust lists it apart.
    with open(f"{prefix}_exceptions.csv", newline="") as file:
        failures += [
            ("exception", row["Message"], int(row["Count"]))
            for row in csv.DictReader(file)
        ]
    return failures


def run_locust(user_class, base, targets_file, prefix, users, seconds):
    """Run locust headless with users users for seconds; its CSV files start with prefix."""
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
        *("--host", base, "--users", str(users), "--spawn-rate", str(users)),
        *("--run-time", f"{seconds}s", "--stop-timeout", "10"),
        *("--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
        user_class,
    ]
    env = {**os.environ, "QMS_LOAD_TARGETS": str(targets_file)}
    with open(f"{prefix}.log", "w") as log:
        # Locust exits with 1 when a request failed; the failures are read from its CSV.
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise SystemExit(f"locust failed:\n{Path(f'{prefix}.log').read_text()[-3000:]}")
    return read_stats(stats_file), read_failures(prefix)


@dataclass
class BackendResult:
    """Baseline and mix of one database, with what the server logged."""

    baseline: dict
    mix: dict
    failures: list
    server: ServerLog
    setup_seconds: float
    pdfs: int


def measure(backend, folder, database_url, args):
    """Set up the site on one database, serve it and put it under load."""
    folder.mkdir()
    env = site_environment(folder, database_url, folder.parent / "static")
    if backend == "postgres":
        recreate_postgres_database(database_url)
    started = time.perf_counter()
    pdfs = set_up_site(folder, env)
    setup_seconds = time.perf_counter() - started
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    access_log, error_log = folder / "access.log", folder / "error.log"
    with open(access_log, "w") as stdout, open(error_log, "w") as stderr:
        server = subprocess.Popen(
            server_command(port, args.workers),
            cwd=ROOT,
            env={**env, "WAGTAILADMIN_BASE_URL": base},
            stdout=stdout,
            stderr=stderr,
            # Its own process group: Ctrl-C reaches us, and stop() ends all workers.
            start_new_session=True,
        )
    try:
        wait_until_up(server, base, error_log)
        targets = discover_targets(
            lambda path: json.loads(get(base + path)),
            lambda path: get(base + path).decode(),
        )
        targets_file = folder / "targets.json"
        targets_file.write_text(json.dumps(targets, ensure_ascii=False, indent=1))
        baseline, baseline_failures = run_locust(
            "Baseline",
            base,
            targets_file,
            folder / "baseline",
            args.users,
            args.baseline_duration,
        )
        offsets = (len(access_log.read_text()), len(error_log.read_text()))
        mix, mix_failures = run_locust(
            "Reader", base, targets_file, folder / "mix", args.users, args.duration
        )
        # Let the last answers reach the access log.
        time.sleep(1)
        server_log = read_server_log(access_log, error_log, *offsets)
    finally:
        stop(server)
    return BackendResult(
        baseline=baseline,
        mix=mix,
        failures=baseline_failures + mix_failures,
        server=server_log,
        setup_seconds=setup_seconds,
        pdfs=pdfs,
    )


# --- the report -------------------------------------------------------------------


def latencies(stats):
    """p50 / p95 / p99 in ms, as one cell."""
    values = (stats.p50, stats.p95, stats.p99)
    return " / ".join("—" if value is None else f"{value:.0f}" for value in values)


def ratio(value, baseline):
    return "—" if not value or not baseline else f"{value / baseline:.2f}×"


def results_table(results):
    """A markdown table: per endpoint class, each backend's req/s, latencies, errors.

    results is {backend name: BackendResult}. The last row divides the mix's total by
    the baseline run on the same server, figures that survive a noisy machine.
    """
    names, runs = list(results), list(results.values())
    header = ["endpoint class"]
    for name in names:
        header += [f"{name} req/s", f"{name} p50 / p95 / p99 ms", f"{name} errors"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def row(label, cells):
        lines.append("| " + " | ".join([label, *cells]) + " |")

    def stats_row(label, per_backend):
        cells = []
        for stats in per_backend:
            if stats is None:
                cells += ["—", "—", "—"]
            else:
                cells += [f"{stats.rps:.1f}", latencies(stats), str(stats.errors)]
        row(label, cells)

    stats_row("baseline: static file", [r.baseline.get("baseline") for r in runs])
    for endpoint_class in ENDPOINT_CLASSES:
        stats_row(endpoint_class, [r.mix.get(endpoint_class) for r in runs])
    stats_row("**mix, all classes**", [r.mix.get("all") for r in runs])
    cells = []
    for result in runs:
        total, baseline = result.mix["all"], result.baseline["all"]
        cells += [
            ratio(total.rps, baseline.rps),
            " / ".join(
                ratio(getattr(total, p), getattr(baseline, p))
                for p in ("p50", "p95", "p99")
            ),
            "",
        ]
    row("mix ÷ baseline", cells)
    return "\n".join(lines)


def print_report(results, args, load_before, load_after):
    command = server_command(0, args.workers)
    workers = command[command.index("--workers") + 1]
    print()
    print(
        f"{args.users} users for {args.duration} s (baseline {args.baseline_duration} s), "
        f"gunicorn with {workers} workers"
    )
    print()
    print(results_table(results))
    print()
    for name, result in results.items():
        server = result.server
        print(
            f"{name}: set-up {result.setup_seconds:.0f} s with {result.pdfs} PDFs; "
            f"the server logged {server.requests} mix requests, "
            f"{server.server_errors} 5xx, {server.tracebacks} tracebacks, "
            f"{server.worker_timeouts} worker timeouts"
        )
        for endpoint_class, error, occurrences in result.failures:
            print(f"  failed {occurrences}× {endpoint_class}: {error}")
        for line in server.samples:
            print(f"  server: {line}")
    print()
    print(
        "Load average (1, 5, 15 min) before: "
        + ", ".join(f"{value:.2f}" for value in load_before)
        + "; after: "
        + ", ".join(f"{value:.2f}" for value in load_after)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mix")
    parser.add_argument(
        "--baseline-duration", type=int, default=30, help="seconds of the baseline"
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: the Dockerfile's)"
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch folder and print it"
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    # A kill (not only Ctrl-C) also runs the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    folder = Path(tempfile.mkdtemp(prefix="qms-bench-load-"))
    (folder / "static").mkdir()
    load_before = os.getloadavg()
    results = {}
    try:
        for backend in backends:
            database_url = (
                f"sqlite:///{folder / backend / 'db.sqlite3'}"
                if backend == "sqlite"
                else args.postgres_url
            )
            print(f"{BACKEND_NAMES[backend]}: setting up and loading…", flush=True)
            results[BACKEND_NAMES[backend]] = measure(
                backend, folder / backend, database_url, args
            )
        print_report(results, args, load_before, os.getloadavg())
    except KeyboardInterrupt:
        print("Interrupted: the server and the scratch data are being removed.")
        raise SystemExit(130) from None
    finally:
        if "postgres" in backends and not args.keep:
            recreate_postgres_database(args.postgres_url, drop_only=True)
        leave_scratch_site(folder, args.keep)


if __name__ == "__main__":
    main()
