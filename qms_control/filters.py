"""Filters of the QMS office's admin reports."""

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from qms_pages.models import DocumentType, ProcessGroupPage, QMSDocumentPage
from qms_pages.text import sentence_case

from .checks import CODE_LABELS, SEVERITY_LABELS

OVERDUE = "overdue"
DUE_SOON = "soon"


def source_groups(request):
    """The process groups of the source-language registry."""
    return ProcessGroupPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).order_by("path")


def source_types(request):
    """The document types of the source language."""
    return DocumentType.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def group_choices():
    """Process groups by number, named as in the source language."""
    return [
        (group.number, f"{group.number}. {sentence_case(group.title)}")
        for group in source_groups(None)
    ]


class ReviewsDueFilterSet(WagtailFilterSet):
    """Overdue or due soon, by group and type."""

    state = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=[(OVERDUE, _("Overdue")), (DUE_SOON, _("Due soon"))],
        method="filter_state",
        empty_label=_("Overdue or due soon"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Process group"), queryset=source_groups, method="filter_group"
    )
    document_type = django_filters.ModelChoiceFilter(
        label=_("Document type"), queryset=source_types
    )

    class Meta:
        model = QMSDocumentPage
        fields = ["state", "group", "document_type"]

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(next_review_on__lt=today)
        return queryset.filter(next_review_on__gte=today)

    def filter_group(self, queryset, name, value):
        return queryset.child_of(value)


class RegistryCheckFilterSet(WagtailFilterSet):
    """Problems by severity and kind; the view applies it to its list of problems."""

    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=list(SEVERITY_LABELS.items())
    )
    code = django_filters.ChoiceFilter(
        label=_("Problem"), choices=list(CODE_LABELS.items())
    )

    class Meta:
        model = QMSDocumentPage
        fields = []


class MasterListFilterSet(WagtailFilterSet):
    """Language, group, type and status of the admin master list."""

    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=settings.LANGUAGES,
        method="filter_language",
        empty_label=None,
    )
    group = django_filters.ChoiceFilter(
        label=_("Process group"), choices=group_choices, method="filter_group"
    )
    document_type = django_filters.ModelChoiceFilter(
        label=_("Document type"), queryset=source_types, method="filter_type"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=QMSDocumentPage.Status.choices
    )

    class Meta:
        model = QMSDocumentPage
        fields = ["language", "group", "document_type", "status"]

    def filter_language(self, queryset, name, value):
        # The view already chose the language's documents.
        return queryset

    def filter_group(self, queryset, name, value):
        group = ProcessGroupPage.objects.filter(
            number=value,
            locale__language_code=self.form.cleaned_data.get("language")
            or settings.LANGUAGE_CODE,
        ).first()
        return queryset.child_of(group) if group else queryset.none()

    def filter_type(self, queryset, name, value):
        return queryset.filter(document_type__code_ky=value.code_ky)
