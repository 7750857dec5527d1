"""Loads the QMS registry from its data files."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from qms_pages.registry_data import RegistryDataError
from qms_pages.registry_loader import RegistryLoader


class Command(BaseCommand):
    help = "Load the QMS registry (system description, groups, documents, types)."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Kyrgyz data file (default: bundled)")
        parser.add_argument("--russian", help="Russian data file (default: bundled)")
        parser.add_argument(
            "--parent", type=int, help="Page id to put a new registry under"
        )

    def handle(self, *args, **options):
        parent = None
        if options["parent"]:
            parent = Page.objects.filter(pk=options["parent"]).first()
            if parent is None:
                raise CommandError(f"No page with id {options['parent']}.")
        try:
            loader = RegistryLoader(options["source"], options["russian"])
            stats = loader.load(parent)
        except RegistryDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for line in sorted(stats.items()):
            self.stdout.write(f"  {line[0]}: {line[1]}")
        if apps.is_installed("qms_control"):
            # The roles and the approval workflow apply to the registry just loaded.
            call_command("qms_setup_roles", verbosity=0, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Registry loaded."))
