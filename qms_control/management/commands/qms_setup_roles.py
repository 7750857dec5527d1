"""Creates the QMS roles and the approval workflow."""

from django.core.management.base import BaseCommand

from qms_control.setup import WORKFLOW_NAME, setup_roles


class Command(BaseCommand):
    help = (
        "Create the QMS office, process owners and approvers groups and the workflow."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        if options["verbosity"] < 1:
            return
        for group in groups:
            self.stdout.write(f"  {group.name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles ready; «{WORKFLOW_NAME}» applies to the registry."
            )
        )
