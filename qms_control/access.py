"""Who may see the QMS office's reports."""

from .roles import APPROVERS, QMS_OFFICE


def may_view_control_reports(user):
    """Superusers, the QMS office and the approvers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.is_superuser
        or user.groups.filter(name__in=[QMS_OFFICE, APPROVERS]).exists()
    )
