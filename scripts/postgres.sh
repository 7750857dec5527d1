#!/usr/bin/env bash
# Starts a PostgreSQL server for the tests unless one already answers at $POSTGRES_URL.
#
#   scripts/postgres.sh start   install PostgreSQL from Debian if missing, start a local
#                               server (data in .cache/postgres), return once it answers
#   scripts/postgres.sh stop    stop the server this script started
#
# The local server trusts connections from 127.0.0.1 only and runs with fsync off: it
# holds nothing but throw-away test databases.
set -euo pipefail
cd "$(dirname "$0")/.."
postgres_url=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/qms_test}
data_dir=$PWD/.cache/postgres
python=.venv/bin/python

port=$($python -c 'import sys, urllib.parse as u; print(u.urlparse(sys.argv[1]).port or 5432)' "$postgres_url")
user=$($python -c 'import sys, urllib.parse as u; print(u.urlparse(sys.argv[1]).username or "postgres")' "$postgres_url")

find_bin() {
    # Debian keeps the server programs outside PATH, one folder per major version.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

as_owner() {
    # PostgreSQL refuses to run as root; Debian's package creates the "postgres" account.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    if $python scripts/postgres_ready.py "$postgres_url" 2>/dev/null; then
        echo "PostgreSQL answers at port $port"
        return 0
    fi
    bin=$(find_bin) || {
        echo "Installing PostgreSQL from Debian"
        sudo_cmd=()
        [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
        "${sudo_cmd[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql
        bin=$(find_bin)
    }
    mkdir -p "$data_dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data_dir"
    chmod 700 "$data_dir"
    if [ ! -f "$data_dir/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data_dir" -U "$user" --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 >/dev/null
    fi
    echo "Starting PostgreSQL on 127.0.0.1:$port (data in $data_dir)"
    as_owner "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { tail -20 "$data_dir/server.log" >&2; exit 1; }
    $python scripts/postgres_ready.py "$postgres_url"
}

stop() {
    bin=$(find_bin) || exit 0
    if [ -f "$data_dir/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null
        echo "PostgreSQL stopped"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
