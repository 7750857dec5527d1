"""Reports menu, admin URLs, dashboard panels and the public master list's downloads."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from qms_pages.models import QMSMasterListPage

# Importing publishing registers its hooks, which keep documents to the workflow.
from . import master_list, publishing, urls  # noqa: F401
from .access import may_view_control_reports
from .panels import RecentChangesPanel, RegistrySummaryPanel, ReviewsDuePanel


class ControlReportMenuItem(MenuItem):
    """A Reports menu entry shown to those who may open the report."""

    def is_shown(self, request):
        return may_view_control_reports(request.user)


@hooks.register("register_admin_urls")
def register_control_urls():
    return [path("qms-control/", include(urls, namespace="qms_control"))]


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ControlReportMenuItem(
        _("Reviews due"),
        reverse("qms_control:reviews_due"),
        name="qms-reviews-due",
        icon_name="time",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def register_registry_check_menu_item():
    return ControlReportMenuItem(
        _("Registry check"),
        reverse("qms_control:registry_check"),
        name="qms-registry-check",
        icon_name="warning",
        order=51,
    )


@hooks.register("register_reports_menu_item")
def register_master_list_menu_item():
    return ControlReportMenuItem(
        _("Master list"),
        reverse("qms_control:master_list"),
        name="qms-master-list",
        icon_name="list-ul",
        order=52,
    )


@hooks.register("construct_homepage_panels")
def add_control_panels(request, panels):
    if may_view_control_reports(request.user):
        panels += [RegistrySummaryPanel(), ReviewsDuePanel(), RecentChangesPanel()]


@hooks.register("on_serve_page")
def serve_master_list_downloads(next_serve_page):
    """`?download=csv|xlsx` on the public master list gives the filtered list as a file."""

    def serve(page, request, args, kwargs):
        file_format = request.GET.get("download")
        if isinstance(page, QMSMasterListPage) and file_format in master_list.FORMATS:
            documents = master_list.public_documents(page, request.GET)
            return master_list.download(
                documents, page.locale.language_code, file_format
            )
        return next_serve_page(page, request, args, kwargs)

    return serve
