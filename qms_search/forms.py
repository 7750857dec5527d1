"""Validating what a visitor or an API client asks the search for."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from qms_pages.models import DocumentType, QMSDocumentPage

from .backends.base import SearchQuery

MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
PAGE_SIZE = 10


def searchable(value):
    """The value, unless it holds NUL, which PostgreSQL refuses in any query."""
    if "\x00" in value:
        raise forms.ValidationError(
            _("The query contains characters that cannot be searched.")
        )
    return value


class SearchForm(forms.Form):
    """The query and its filters; every unknown value is an error with a message."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "max_length": _(
                "The query is too long: at most %(limit_value)d characters."
            )
        },
    )
    group = forms.TypedChoiceField(
        label=_("Process group"), required=False, coerce=int, empty_value=None
    )
    type = forms.CharField(label=_("Document type"), required=False, max_length=16)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    obsolete = forms.BooleanField(label=_("Include obsolete documents"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data, *, locale):
        super().__init__(data)
        self.locale = locale
        self.fields["group"].choices = [("", _("All groups"))] + [
            (number, str(number)) for number in (1, 2, 3, 4)
        ]
        self.fields["status"].choices = [("", _("All statuses"))] + list(
            QMSDocumentPage.Status.choices
        )

    def clean_q(self):
        return " ".join(searchable(self.cleaned_data["q"]).split())

    def clean_type(self):
        """Any abbreviation of a type is accepted; the index knows the Kyrgyz one."""
        code = searchable(self.cleaned_data["type"]).strip()
        if not code:
            return None
        kind = DocumentType.resolve(code, self.locale)
        if kind is None:
            raise forms.ValidationError(
                _("There is no document type «%(code)s».") % {"code": code}
            )
        return kind.code_ky

    def clean_tag(self):
        tag = searchable(self.cleaned_data["tag"]).strip()
        if tag and not Tag.objects.filter(name__iexact=tag).exists():
            raise forms.ValidationError(_("There is no tag «%(tag)s».") % {"tag": tag})
        return tag or None

    def to_query(self):
        """The backend query for a valid form."""
        data = self.cleaned_data
        return SearchQuery(
            text=data["q"],
            locale=self.locale.language_code,
            group=data["group"],
            type_code=data["type"],
            tag=data["tag"],
            status=data["status"] or None,
            include_obsolete=data["obsolete"] or data["status"] == "obsolete",
            page=data["page"] or 1,
            page_size=PAGE_SIZE,
        )
