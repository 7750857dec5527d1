"""Filters of the public master list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentType, ProcessGroupPage, QMSDocumentPage
from .text import sentence_case


class MasterListFilter(forms.Form):
    """Group, type and status filters; unknown values are reported, not ignored.

    Obsolete documents are left out unless asked for by status or by the checkbox.
    """

    group = forms.TypedChoiceField(label=_("Process group"), required=False, coerce=int)
    type = forms.TypedChoiceField(label=_("Document type"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("Status"), required=False)
    obsolete = forms.BooleanField(label=_("Include obsolete documents"), required=False)

    def __init__(self, data, *, home, locale):
        super().__init__(data)
        groups = (
            ProcessGroupPage.objects.child_of(home).live().public().order_by("path")
        )
        self.fields["group"].choices = [("", _("All groups"))] + [
            (group.pk, f"{group.number}. {sentence_case(group.title)}")
            for group in groups
        ]
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind.pk, str(kind)) for kind in DocumentType.objects.filter(locale=locale)
        ]
        self.fields["status"].choices = [("", _("All statuses"))] + list(
            QMSDocumentPage.Status.choices
        )

    def apply(self, documents):
        """The documents that pass the valid filters."""
        if not self.is_valid():
            return documents.none()
        if group := self.cleaned_data.get("group"):
            documents = documents.child_of(ProcessGroupPage.objects.get(pk=group))
        if kind := self.cleaned_data.get("type"):
            documents = documents.filter(document_type_id=kind)
        if status := self.cleaned_data.get("status"):
            documents = documents.filter(status=status)
        elif not self.cleaned_data.get("obsolete"):
            documents = documents.not_obsolete()
        return documents
