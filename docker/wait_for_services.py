"""Wait until the database (and Elasticsearch, when configured) answer; exit 1 with a reason if they do not."""

import os
import sys
import time
import urllib.error
import urllib.request

import django

TIMEOUT = float(os.environ.get("QMS_WAIT_SECONDS", 60))


def database_ready():
    """None when the database answers, else the reason."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
        return None
    except OperationalError as error:
        connection.close()
        return str(error).strip()


def elasticsearch_ready():
    """None when Elasticsearch answers (or is not configured), else the reason."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        return None
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/_cluster/health", timeout=5):
            return None
    except (urllib.error.URLError, OSError) as error:
        return str(error)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_site.settings.production")
    # The entrypoint runs this from the application folder, which holds the settings.
    sys.path.insert(0, os.getcwd())
    django.setup()
    deadline = time.monotonic() + TIMEOUT
    for name, check in (
        ("database", database_ready),
        ("Elasticsearch", elasticsearch_ready),
    ):
        while (reason := check()) is not None:
            if time.monotonic() > deadline:
                print(
                    f"{name} did not answer within {TIMEOUT:.0f} s: {reason}",
                    file=sys.stderr,
                )
                sys.exit(1)
            time.sleep(1)
        print(f"{name}: ready")


if __name__ == "__main__":
    main()
