"""The documents the QMS office controls: the source-language registry."""

from django.conf import settings

from qms_pages.models import QMSDocumentPage, QMSHomePage


def source_documents():
    """Every document page in the source language, where control data is entered."""
    return QMSDocumentPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def source_homes():
    """The home page of every registry in the source language."""
    return QMSHomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
