"""One JSON error shape for everything under /api/: {"error": {"code", "message"}}."""

import json
from http import HTTPStatus

from qms_search.api import error_body

API_PREFIX = "/api/"


def status_code_name(status):
    """A code for a bare HTTP status, e.g. 404 -> "not_found"."""
    return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")


class APIErrorMiddleware:
    """Turns the HTML error pages Django gives under /api/ (404, 405, 500) into JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
            and not response.streaming
        ):
            self.convert(response)
        return response

    @staticmethod
    def convert(response):
        """Replace the body in place, so Allow, Vary and cookies stay as they were."""
        status = HTTPStatus(response.status_code)
        body = error_body(status_code_name(status), status.phrase)
        response.content = json.dumps(body).encode()
        response["Content-Type"] = "application/json"
        # CommonMiddleware, further in, has already measured the HTML page.
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
