#!/usr/bin/env bash
# Runs the suite on SQLite, then on PostgreSQL (started by scripts/postgres.sh if needed).
set -uo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
postgres_url=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/qms_test}

echo "== checks"
$python manage.py makemigrations --check --dry-run -v 1 || exit 1

echo "== dependency audit"
$python scripts/audit_dependencies.py || exit 1

echo "== pytest on SQLite"
env -u DATABASE_URL $python -m pytest "$@"
sqlite_status=$?

# A server this run starts is stopped when the run ends; one that already answered is left alone.
if ! $python scripts/postgres_ready.py "$postgres_url" 2>/dev/null; then
    bash scripts/postgres.sh start && trap 'bash scripts/postgres.sh stop' EXIT
fi

if $python scripts/postgres_ready.py "$postgres_url"; then
    echo "== pytest on PostgreSQL ($postgres_url)"
    DATABASE_URL=$postgres_url $python -m pytest "$@" -m "not browser"
    postgres_status=$?
else
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!! PostgreSQL is NOT reachable at $postgres_url"
    echo "!! The PostgreSQL pass was NOT run."
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    if [ "${QMS_REQUIRE_POSTGRES:-}" = 1 ]; then
        exit 1
    fi
    postgres_status=0
fi
[ $sqlite_status -eq 0 ] && [ $postgres_status -eq 0 ]
