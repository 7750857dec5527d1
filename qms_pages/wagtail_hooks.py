"""Admin registration of the registry's snippets, and protection of its files."""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponseForbidden
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DocumentType, QMSDocumentPage


class DocumentTypeSnippetViewSet(SnippetViewSet):
    """The document type legend in the admin."""

    model = DocumentType
    icon = "tag"
    menu_label = _("Document types")
    add_to_admin_menu = True
    list_display = ["code_ky", "code_ru", "name", "locale"]
    search_fields = ["code_ky", "code_ru", "name"]


register_snippet(DocumentTypeSnippetViewSet)


@hooks.register("before_serve_document")
def protect_registry_files(document, request):
    """Serve a registry PDF only to those who may see a page it belongs to."""
    pages = QMSDocumentPage.objects.filter(
        Q(attachments__document=document) | Q(revision_history__document=document)
    ).distinct()
    if not pages.exists() or request.user.has_perm("wagtailadmin.access_admin"):
        return None
    live_pages = [page for page in pages if page.live]
    for page in live_pages:
        if all(rule.accept_request(request) for rule in page.get_view_restrictions()):
            return None
    if not live_pages:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden()
