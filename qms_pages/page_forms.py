"""The admin form of a controlled document: a new file is issued as a new revision."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class QMSDocumentPageForm(WagtailAdminPageForm):
    """Refuses a changed main file under a revision label that was already issued."""

    def clean(self):
        cleaned_data = super().clean()
        file = self.submitted_original_file()
        label = (cleaned_data.get("revision") or "").strip()
        if file is not None and not label:
            self.add_error(
                "revision",
                _("Enter the revision label of the attached file, e.g. 1."),
            )
        issued = self.issued_revision(label)
        if file is not None and issued is not None and issued.document_id != file.pk:
            self.add_error(
                "revision",
                _(
                    "Revision %(label)s was issued with another file, which stays in "
                    "the history. Issue the new file as a new revision: enter a new "
                    "revision label and what changed."
                )
                % {"label": label},
            )
        return cleaned_data

    def issued_revision(self, label):
        """The register row of this label, when the page already issued it."""
        if not label or self.instance.pk is None:
            return None
        return self.instance.issued_revisions.filter(label=label).first()

    def submitted_original_file(self):
        """The first source-language file in the submitted attachments, if valid."""
        formset = self.formsets.get("attachments")
        if formset is None or not formset.is_valid():
            return None
        for form in formset.ordered_forms:
            data = form.cleaned_data
            if data.get("document") and data.get("language") in (
                "",
                settings.LANGUAGE_CODE,
            ):
                return data["document"]
        return None
