"""Check the registry's numbering, ciphers, files and reviews."""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from qms_control.checks import check_registry


class Command(BaseCommand):
    help = (
        "Lists the registry's problems; exits with 1 when there are errors "
        "(or warnings, with --strict)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Fail on warnings too."
        )
        parser.add_argument(
            "--language", default=None, help="Language of this command's output."
        )

    def handle(self, *args, strict, language, **options):
        with translation.override(language or translation.get_language()):
            problems = check_registry()
            width = max((len(str(p.severity_label)) for p in problems), default=0)
            for problem in problems:
                style = self.style.ERROR if problem.is_error else self.style.WARNING
                label = str(problem.severity_label).upper().ljust(width)
                self.stdout.write(f"{style(label)}  {problem.message}")
            errors = sum(problem.is_error for problem in problems)
            warnings = len(problems) - errors
            summary = _("Errors: %(errors)s, warnings: %(warnings)s.") % {
                "errors": errors,
                "warnings": warnings,
            }
        failed = errors or (strict and warnings)
        self.stdout.write(self.style.ERROR(summary) if failed else summary)
        if failed:
            raise SystemExit(1)
