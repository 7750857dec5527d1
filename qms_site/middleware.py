"""Site middleware."""

from django.middleware.locale import LocaleMiddleware


class PagesLocaleMiddleware(LocaleMiddleware):
    """Redirects to a language prefix only for pages; API and file 404s stay 404s."""

    UNPREFIXED = ("/api/", "/admin/", "/documents/", "/static/", "/media/", "/healthz")

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
