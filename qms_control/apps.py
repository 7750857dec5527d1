"""App configuration for document control: roles, approval, reviews, reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QMSControlConfig(AppConfig):
    """How the QMS office controls documents: who approves, what is due, what is wrong."""

    name = "qms_control"
    verbose_name = _("QMS document control")
    default_auto_field = "django.db.models.BigAutoField"
