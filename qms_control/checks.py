"""Consistency checks of the registry: numbering, ciphers, files, reviews."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from qms_pages.models import ProcessGroupPage, QMSDocumentPage
from qms_search.analysis.ciphers import normalize_cipher
from qms_search.models import PDFText

from .master_list import date_text
from .registry import source_documents, source_homes
from .reviews import days_overdue, documents_overdue

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: _("Error"), WARNING: _("Warning")}

# «ЖЖ 3.19:nn» → prefix ЖЖ, group 3, number 19, suffix :nn.
CIPHER_PARTS = re.compile(
    r"^(?P<prefix>[^\W\d_]+)\s*(?P<group>\d+)[.,](?P<number>\d+)(?P<suffix>.*)$"
)

# Also the order of the report: errors, then the warnings that need action soonest.
CODE_LABELS = {
    "unreadable_cipher": _("Unreadable cipher"),
    "duplicate_cipher": _("Duplicate cipher"),
    "duplicate_number": _("Duplicate number"),
    "wrong_group": _("Cipher of another group"),
    "wrong_prefix": _("Prefix not of the document type"),
    "review_overdue": _("Review overdue"),
    "extraction_failed": _("PDF text not readable"),
    "number_gap": _("Gap in numbering"),
    "missing_pdf": _("No PDF"),
}
KIND_ORDER = list(CODE_LABELS)

MESSAGES = {
    "unreadable_cipher": _(
        "The cipher %(cipher)s is not of the form PREFIX GROUP.NUMBER."
    ),
    "duplicate_cipher": _("The cipher %(cipher)s is used by %(count)s documents."),
    "duplicate_number": _(
        "Number %(number)s is used by %(count)s documents: %(ciphers)s."
    ),
    "number_gap": _("Number %(number)s is missing in group %(group)s."),
    "wrong_group": _(
        "The cipher %(cipher)s names group %(cipher_group)s, but the document "
        "is in group %(group)s."
    ),
    "wrong_prefix": _(
        "The prefix %(prefix)s of %(cipher)s is not an abbreviation of the type "
        "«%(type)s»."
    ),
    "missing_pdf": _("%(cipher)s has no PDF file."),
    "extraction_failed": _(
        "The text of «%(file)s» (%(cipher)s) could not be read: %(status)s."
    ),
    "review_overdue": _(
        "The review of %(cipher)s was due on %(date)s, %(days)s days ago."
    ),
}


@dataclass(frozen=True)
class Problem:
    """One finding; its message is rendered in the language active when read."""

    severity: str
    code: str
    cipher: str
    params: dict = field(default_factory=dict, compare=False)
    page_id: int | None = field(default=None, compare=False)

    @property
    def message(self):
        return MESSAGES[self.code] % {"cipher": self.cipher, **self.params}

    @property
    def label(self):
        return CODE_LABELS[self.code]

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    @property
    def is_error(self):
        return self.severity == ERROR


def cipher_parts(cipher):
    """The prefix, group number and number of a cipher, or None when unreadable."""
    match = CIPHER_PARTS.match(cipher.strip())
    if match is None:
        return None
    return match["prefix"], int(match["group"]), int(match["number"])


def check_registry(today=None):
    """Every problem of every registry in the source language, errors first."""
    problems = []
    for home in source_homes():
        documents = list(
            source_documents()
            .descendant_of(home)
            .select_related("document_type")
            .prefetch_related("attachments__document")
            .order_by("path")
        )
        problems += numbering_problems(home, documents)
        problems += file_problems(documents)
    problems += review_problems(today)
    # A stable sort keeps each kind of problem in registry order.
    return sorted(
        problems,
        key=lambda problem: (
            problem.severity != ERROR,
            KIND_ORDER.index(problem.code),
        ),
    )


def numbering_problems(home, documents):
    """Unreadable, duplicate or misplaced ciphers and gaps in each group's numbers."""
    groups = {group.path: group for group in ProcessGroupPage.objects.child_of(home)}
    problems = []
    by_key = defaultdict(list)
    by_number = defaultdict(list)
    for document in documents:
        by_key[document.cipher_key].append(document)
        group = groups[document.path[: -QMSDocumentPage.steplen]]
        parts = cipher_parts(document.cipher)
        if parts is None:
            problems.append(
                Problem(ERROR, "unreadable_cipher", document.cipher, {}, document.pk)
            )
            continue
        prefix, cipher_group, number = parts
        by_number[group.number, number].append(document)
        if cipher_group != group.number:
            problems.append(
                Problem(
                    ERROR,
                    "wrong_group",
                    document.cipher,
                    {"cipher_group": cipher_group, "group": group.number},
                    document.pk,
                )
            )
        if normalize_cipher(prefix) not in document.document_type.all_codes():
            problems.append(
                Problem(
                    ERROR,
                    "wrong_prefix",
                    document.cipher,
                    {"prefix": prefix, "type": document.document_type.name},
                    document.pk,
                )
            )
    for same in by_key.values():
        if len(same) > 1:
            problems.append(
                Problem(
                    ERROR,
                    "duplicate_cipher",
                    same[0].cipher,
                    {"count": len(same)},
                    same[0].pk,
                )
            )
    for (group_number, number), same in by_number.items():
        if len(same) > 1:
            problems.append(
                Problem(
                    ERROR,
                    "duplicate_number",
                    numbered(group_number, number),
                    {
                        "number": numbered(group_number, number),
                        "count": len(same),
                        "ciphers": ", ".join(document.cipher for document in same),
                    },
                    same[0].pk,
                )
            )
    for group in groups.values():
        used = {
            number for group_number, number in by_number if group_number == group.number
        }
        for missing in sorted(set(range(1, max(used, default=0) + 1)) - used):
            problems.append(
                Problem(
                    WARNING,
                    "number_gap",
                    numbered(group.number, missing),
                    {"number": numbered(group.number, missing), "group": group.number},
                )
            )
    return problems


def numbered(group_number, number):
    """A cipher's number as printed: group 3, number 19 → 3.19."""
    return f"{group_number}.{number:02d}"


def file_problems(documents):
    """Documents in force without a PDF, and PDFs whose text could not be read."""
    current = [document for document in documents if not document.is_obsolete]
    attachments = [
        (document, attachment)
        for document in current
        for attachment in document.attachments.all()
    ]
    stored = {
        pdf.file_hash: pdf
        for pdf in PDFText.objects.filter(
            file_hash__in=[
                attachment.document.get_file_hash() for _d, attachment in attachments
            ]
        )
    }
    problems = [
        Problem(WARNING, "missing_pdf", document.cipher, {}, document.pk)
        for document in current
        if not document.attachments.all()
    ]
    for document, attachment in attachments:
        pdf = stored.get(attachment.document.get_file_hash())
        # A file not read yet is read on publish; only a failed reading is a problem.
        if pdf is not None and not pdf.searchable:
            problems.append(
                Problem(
                    WARNING,
                    "extraction_failed",
                    document.cipher,
                    {
                        "file": attachment.document.title,
                        "status": PDFText.Status(pdf.status).label,
                    },
                    document.pk,
                )
            )
    return problems


def review_problems(today=None):
    """Documents whose review date has passed."""
    return [
        Problem(
            WARNING,
            "review_overdue",
            document.cipher,
            {
                "date": date_text(document.next_review_on),
                "days": days_overdue(document, today),
            },
            document.pk,
        )
        for document in documents_overdue(today)
    ]
