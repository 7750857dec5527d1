"""The schema as JSON at /api/schema/ and as a readable page at /api/docs/."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .readable import endpoints, schema_rows
from .schema import build_schema


def with_server(request):
    """The schema, naming this site as its server."""
    return {
        **build_schema(),
        "servers": [{"url": request.build_absolute_uri("/")[:-1]}],
    }


@require_safe
def schema_view(request):
    """The OpenAPI document."""
    return JsonResponse(
        with_server(request), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_safe
def docs_view(request):
    """A readable list of endpoints, parameters and fields; no assets from elsewhere."""
    document = with_server(request)
    return render(
        request,
        "qms_site/api_docs.html",
        {
            "openapi": document["openapi"],
            "info": document["info"],
            "server": document["servers"][0]["url"],
            "endpoints": endpoints(document),
            "schemas": schema_rows(document),
        },
    )
