"""Site middleware."""

from django.middleware.locale import LocaleMiddleware


class PagesLocaleMiddleware(LocaleMiddleware):
    """Redirects to a language prefix only for pages; API and file 404s stay 404s."""

    UNPREFIXED = ("/api/", "/admin/", "/documents/", "/static/", "/media/", "/healthz")

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy for the public site; the Wagtail admin keeps its own rules."""

    POLICY = "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            # The API docs page carries its style inline.
            "style-src 'self' 'unsafe-inline'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            # Same-origin frames only: the PDF preview.
            "frame-ancestors 'self'",
        ]
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", self.POLICY)
        return response
