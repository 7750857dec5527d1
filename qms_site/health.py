"""The health endpoint that monitoring and the compose healthchecks call."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from qms_search.backends import get_backend
from qms_search.models import PendingIndexUpdate


def database_state():
    """(ok, detail) for the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except DatabaseError as error:
        return False, str(error).strip()[:300]


def search_state():
    """(ok, detail) for the search engine."""
    try:
        return get_backend().health()
    except Exception as error:  # noqa: BLE001 - any failure to build the client means "down"
        return False, str(error)[:300]


@never_cache
def healthz(request):
    """200 when the site can serve pages; search trouble is reported as degraded."""
    database_ok, database_detail = database_state()
    search_ok, search_detail = search_state()
    body = {
        "status": "ok"
        if database_ok and search_ok
        else "degraded"
        if database_ok
        else "down",
        "database": {"ok": database_ok, "detail": database_detail},
        "search": {"ok": search_ok, "detail": search_detail},
    }
    if database_ok:
        body["search"]["pending_updates"] = PendingIndexUpdate.objects.count()
    return JsonResponse(body, status=200 if database_ok else 503)
