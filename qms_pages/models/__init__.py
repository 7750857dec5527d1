from .pages import (
    ProcessGroupPage,
    QMSDocumentAttachment,
    QMSDocumentPage,
    QMSDocumentRevision,
    QMSDocumentTag,
    QMSHomePage,
    QMSMasterListPage,
    QMSRelatedDocument,
)
from .snippets import DocumentType

__all__ = [
    "DocumentType",
    "ProcessGroupPage",
    "QMSDocumentAttachment",
    "QMSDocumentPage",
    "QMSDocumentRevision",
    "QMSDocumentTag",
    "QMSHomePage",
    "QMSMasterListPage",
    "QMSRelatedDocument",
]
