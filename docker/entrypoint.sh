#!/usr/bin/env bash
# Waits for the database (and Elasticsearch when configured), migrates, collects static files, then runs the command.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app_dir=${QMS_APP_DIR:-$here}
python=${PYTHON:-python}

cd "$app_dir"
if [ "${QMS_SKIP_SETUP:-}" != "1" ]; then
    "$python" "$here/wait_for_services.py"
    "$python" manage.py migrate --no-input
    "$python" manage.py collectstatic --no-input -v 0
fi
exec "$@"
