"""App configuration for the registry's search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QMSSearchConfig(AppConfig):
    """Full-text search over the registry, titles and PDF text."""

    name = "qms_search"
    verbose_name = _("QMS search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
