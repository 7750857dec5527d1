"""Settings shared by every environment; values come from the environment."""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    """A yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "qms_pages",
    "qms_search",
    "qms_control",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early: preflights answer here, and API errors from further in become JSON with CORS.
    "corsheaders.middleware.CorsMiddleware",
    "qms_site.api_errors.APIErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qms_site.middleware.PagesLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qms_site.login_throttle.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qms_site.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: it knows the user and hashes the body the view gave.
    "qms_site.http_cache.APICacheMiddleware",
]

ROOT_URLCONF = "qms_site.urls"
WSGI_APPLICATION = "qms_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", BASE_DIR / "qms_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite in the repository unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A connection the server dropped (a restart, a failover) is replaced, not used.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kyrgyz is the source language of the registry; Russian is its translation.
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Shown in the admin, whose editors read Kyrgyz or Russian.
WAGTAIL_SITE_NAME = "СМТ реестри · Реестр СМК"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# PDFs go through Django so that page privacy and collection restrictions hold.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# The document page previews its PDF in a same-origin frame, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
TAGGIT_CASE_INSENSITIVE = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qms@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Our own settings.
QMS_PDF_MAX_BYTES = int(os.environ.get("QMS_PDF_MAX_BYTES", 50 * 1024 * 1024))
QMS_PDF_MAX_PAGES = int(os.environ.get("QMS_PDF_MAX_PAGES", 2000))
QMS_PDF_EXTRACTION_SECONDS = float(os.environ.get("QMS_PDF_EXTRACTION_SECONDS", 60))
QMS_PDF_OCR = env_bool("QMS_PDF_OCR", False)
# Elasticsearch when set; otherwise the embedded SQLite FTS5 index at QMS_SEARCH_INDEX_PATH.
QMS_ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
QMS_ELASTICSEARCH_INDEX = os.environ.get("QMS_ELASTICSEARCH_INDEX", "qms")
QMS_SEARCH_INDEX_PATH = Path(
    os.environ.get("QMS_SEARCH_INDEX_PATH", BASE_DIR / "search-index.sqlite3")
)
# Apply index updates in the request that publishes; off when a worker does it.
QMS_SEARCH_UPDATE_IN_REQUEST = env_bool("QMS_SEARCH_UPDATE_IN_REQUEST", True)
QMS_REGISTRY_DATA = os.environ.get("QMS_REGISTRY_DATA", "")
# Seconds that browsers and shared caches may reuse anonymous API answers and public PDFs.
QMS_API_CACHE_SECONDS = int(os.environ.get("QMS_API_CACHE_SECONDS", 60))
QMS_DOCUMENT_CACHE_SECONDS = int(os.environ.get("QMS_DOCUMENT_CACHE_SECONDS", 3600))
# Reviews due within this many days count as due in reports, reminders and the dashboard.
QMS_REVIEW_WINDOW_DAYS = int(os.environ.get("QMS_REVIEW_WINDOW_DAYS", 30))

# Failed admin sign-ins allowed per address and user name before a wait of
# QMS_LOGIN_LOCKOUT_SECONDS; counted in the default cache (per process unless shared).
QMS_LOGIN_MAX_FAILURES = int(os.environ.get("QMS_LOGIN_MAX_FAILURES", 5))
QMS_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("QMS_LOGIN_LOCKOUT_SECONDS", 900))

# Front-ends on other origins may read the API, anonymously and read-only.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [*default_headers, "if-none-match"]
# Lets scripts read the ETag to revalidate by hand.
CORS_EXPOSE_HEADERS = ["ETag"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Page publishing and task runs are logged per page: too chatty for INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Every failed retry comes with a traceback; the final failure is enough.
        "elastic_transport": {"level": "ERROR"},
    },
}

SITE_DESCRIPTION = _("Quality management system document registry")
LOGIN_URL = "wagtailcore_login"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "qms_pages.forms.PDFDocumentForm"
