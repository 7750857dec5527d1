"""Attaches PDF files named by cipher to their registry documents."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from qms_pages.pdf_import import ImportReport, PDFImporter


class Command(BaseCommand):
    help = "Attach PDFs named by cipher (e.g. 'УСТ 1.08.pdf') to their documents."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        files = sorted(path for path in directory.iterdir() if path.is_file())
        importer = PDFImporter()
        report = ImportReport()
        for path in tqdm(
            files, desc="PDF", unit="file", disable=None, file=self.stderr
        ):
            importer.import_file(path, report)
        self.print_report(report)

    def print_report(self, report):
        """A summary an office can act on: counts, then every problem with its reason."""
        self.stdout.write(
            f"New files: {len(report.created)}, new revisions: {len(report.revised)}, "
            f"unchanged: {len(report.unchanged)}, not imported: {len(report.failed)}"
        )
        for name, cipher in report.revised:
            self.stdout.write(f"  revised  {cipher}: {name}")
        for name, reason in report.failed:
            self.stdout.write(self.style.ERROR(f"  skipped  {name}: {reason}"))
