"""Review reminders: each owner's due documents, in the owner's language."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from .reviews import days_overdue, documents_due
from .roles import document_owners

RUSSIAN = "ru"


@dataclass
class ReminderPlan:
    """Who gets which documents, and who cannot be reached."""

    documents_by_owner: dict = field(default_factory=dict)
    owners_without_email: list = field(default_factory=list)
    documents_without_owner: list = field(default_factory=list)


def plan_reminders(days=None, today=None):
    """Group the documents due by their owners."""
    plan = ReminderPlan()
    by_owner = defaultdict(list)
    for document in documents_due(days=days, today=today):
        owners = list(document_owners(document))
        if not owners:
            plan.documents_without_owner.append(document)
        for owner in owners:
            by_owner[owner].append(document)
    for owner, documents in by_owner.items():
        if owner.email:
            plan.documents_by_owner[owner] = documents
        else:
            plan.owners_without_email.append(owner)
    return plan


def owner_language(user):
    """Russian when the user chose it for the admin, otherwise Kyrgyz."""
    preferred = (
        UserProfile.objects.filter(user=user)
        .values_list("preferred_language", flat=True)
        .first()
    )
    if preferred and preferred.split("-")[0] == RUSSIAN:
        return RUSSIAN
    return settings.LANGUAGE_CODE


def reminder_lines(documents, language, today):
    """What the e-mail says about each document, with titles in `language`."""
    locale = Locale.objects.filter(language_code=language).first()
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = []
    for document in documents:
        translated = locale and document.get_translation_or_none(locale)
        lines.append(
            {
                "cipher": document.cipher,
                "title": (translated or document).title,
                "due": document.next_review_on,
                "days_overdue": days_overdue(document, today),
                "url": base_url
                + reverse("wagtailadmin_pages:edit", args=[document.pk]),
            }
        )
    return lines


def reminder_email(owner, documents, today=None):
    """The reminder to one owner, subject and body in the owner's language."""
    today = today or timezone.localdate()
    language = owner_language(owner)
    with translation.override(language):
        subject = gettext("Documents due for review: %(count)s") % {
            "count": len(documents)
        }
        body = render_to_string(
            "qms_control/email/review_reminder.txt",
            {
                "owner": owner,
                "documents": reminder_lines(documents, language, today),
            },
        )
    return EmailMessage(subject, body, to=[owner.email])
