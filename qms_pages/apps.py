"""App configuration for the QMS page models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QMSPagesConfig(AppConfig):
    """The registry's page tree: home, process groups, documents."""

    name = "qms_pages"
    verbose_name = _("QMS registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
