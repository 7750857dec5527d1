"""Rebuilds the search index from the page tree."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from qms_pages.models import QMSDocumentPage
from qms_search.backends.base import SearchUnavailable
from qms_search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (all live, public documents, with their PDF text)."

    def handle(self, *args, **options):
        try:
            total = QMSDocumentPage.objects.live().count()
            with tqdm(total=total, unit="page", disable=None, file=self.stderr) as bar:
                count = rebuild(progress=lambda page: bar.update())
        except SearchUnavailable as error:
            raise CommandError(f"The search engine is unavailable: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} document page(s)."))
