"""URL configuration of the demo site."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from qms_search import api as search_api
from qms_search import views as search_views

from .api import api_router
from .health import healthz
from .http_cache import serve_document
from .openapi.views import docs_view, schema_view
from .sitemap import sitemap

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route, which it wraps with cache headers.
    re_path(r"^documents/(\d+)/(.*)$", serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/search/", search_api.search_api, name="qms_search_api"),
    path("api/v2/search/suggest/", search_api.suggest_api, name="qms_search_suggest"),
    path("api/v2/", api_router.urls),
    path("api/schema/", schema_view, name="qms_api_schema"),
    path("api/docs/", docs_view, name="qms_api_docs"),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
)
