"""The master list of documents an auditor asks for, as rows, CSV and XLSX."""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from qms_pages.filters import MasterListFilter
from qms_pages.models import ProcessGroupPage, QMSDocumentPage
from qms_pages.text import sentence_case

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "%d.%m.%Y"
XLSX_DATE_FORMAT = "DD.MM.YYYY"
# Excel set to Kyrgyz or Russian splits CSV columns on semicolons, not commas.
CSV_DELIMITER = ";"


def date_text(value):
    """A date as the registry prints it, 28.08.2023; empty when there is none."""
    return value.strftime(DATE_FORMAT) if value else ""


# (heading, width of the XLSX column in characters)
COLUMNS = [
    (_("Cipher"), 14),
    (_("Title"), 60),
    (_("Document type"), 34),
    (_("Process group"), 40),
    (_("Revision"), 10),
    (_("Status"), 14),
    (_("Approval date"), 14),
    (_("Effective date"), 14),
    (_("Next review date"), 16),
]


def headings(language):
    """The column headings in `language`."""
    with translation.override(language):
        return [str(heading) for heading, _width in COLUMNS]


def group_labels(documents):
    """Each document's process group as «N. Title», keyed by the document's path."""
    steplen = QMSDocumentPage.steplen
    groups = {
        group.path: f"{group.number}. {sentence_case(group.title)}"
        for group in ProcessGroupPage.objects.filter(
            path__in={document.path[:-steplen] for document in documents}
        )
    }
    return {
        document.path: groups.get(document.path[:-steplen], "")
        for document in documents
    }


def rows(documents, language):
    """One row per document, texts in `language`, dates as dates, in registry order."""
    documents = list(documents.select_related("document_type__locale").order_by("path"))
    groups = group_labels(documents)
    with translation.override(language):
        return [
            [
                document.cipher,
                document.title,
                str(document.document_type),
                groups[document.path],
                document.revision,
                str(document.get_status_display()),
                document.approved_on,
                document.effective_on,
                document.next_review_on,
            ]
            for document in documents
        ]


def public_documents(master_list_page, query):
    """What a visitor of the public master list may download under its filters."""
    home = master_list_page.get_parent()
    master_filter = MasterListFilter(
        query, home=home.specific, locale=master_list_page.locale
    )
    documents = master_filter.apply(
        QMSDocumentPage.objects.descendant_of(home).live().public()
    )
    # A downloaded list is what applies now: obsolete documents only when asked for.
    if master_filter.is_valid() and master_filter.cleaned_data.get("status") == (
        QMSDocumentPage.Status.OBSOLETE
    ):
        return documents
    return documents.not_obsolete()


def csv_bytes(table, language):
    """The table as UTF-8 CSV with a byte order mark, so that Excel reads Cyrillic."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=CSV_DELIMITER)
    writer.writerow(headings(language))
    for row in table:
        writer.writerow(
            value.strftime(DATE_FORMAT) if isinstance(value, datetime.date) else value
            for value in row
        )
    return text.getvalue().encode("utf-8-sig")


def xlsx_bytes(table, language):
    """The table as an XLSX workbook: bold frozen header, sized columns, real dates."""
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(language):
        sheet.title = str(_("Master list"))
    sheet.append(headings(language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
    for index, (_heading, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def download(documents, language, file_format):
    """An attachment response with the master list of `documents` in `language`."""
    table = rows(documents, language)
    filename = f"master-list-{language}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(table, language), XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(csv_bytes(table, language), "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
