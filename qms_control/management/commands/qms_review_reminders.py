"""E-mail each document owner the documents due for review."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms_control.reminders import plan_reminders, reminder_email
from qms_control.reviews import review_window_days


class Command(BaseCommand):
    help = "E-mails each owner the documents overdue or due for review soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Include reviews due within this many days (default "
            "QMS_REVIEW_WINDOW_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the e-mails that would be sent and send none.",
        )
        parser.add_argument(
            "--language", default=None, help="Language of this command's output."
        )

    def handle(self, *args, days, dry_run, language, **options):
        with translation.override(language or translation.get_language()):
            self.remind(review_window_days() if days is None else days, dry_run)

    def remind(self, days, dry_run):
        today = timezone.localdate()
        plan = plan_reminders(days=days, today=today)
        messages = [
            reminder_email(owner, documents, today)
            for owner, documents in plan.documents_by_owner.items()
        ]
        if dry_run:
            for message in messages:
                self.stdout.write(
                    f"To: {', '.join(message.to)}\n"
                    f"Subject: {message.subject}\n\n{message.body}\n"
                )
            sent = 0
        else:
            sent = get_connection().send_messages(messages) if messages else 0
        for owner in plan.owners_without_email:
            self.stderr.write(
                _("No e-mail address for %(user)s: not reminded.")
                % {"user": owner.get_username()}
            )
        for document in plan.documents_without_owner:
            self.stderr.write(
                _("%(cipher)s is due for review but has no owner.")
                % {"cipher": document.cipher}
            )
        if dry_run:
            summary = _("Dry run: %(count)s e-mails would be sent; none was sent.")
            count = len(messages)
        else:
            summary = _("%(count)s e-mails sent.")
            count = sent
        self.stdout.write(
            summary % {"count": count}
            + " "
            + _("Reviews due within %(days)s days; owners without e-mail: %(missing)s.")
            % {"days": days, "missing": len(plan.owners_without_email)}
        )
