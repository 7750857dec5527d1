"""Factories for pages the tests create beside the loaded registry."""

import factory
import wagtail_factories
from wagtail.documents import get_document_model

from qms_pages.models import DocumentType, QMSDocumentPage
from tests.pdfs import make_pdf


class PDFDocumentFactory(factory.django.DjangoModelFactory):
    """A Wagtail document holding a real, generated PDF."""

    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Файл {n}")
    file = factory.django.FileField(
        filename="document.pdf",
        data=factory.LazyAttribute(
            lambda o: make_pdf([f"{o.factory_parent or ''}Документ"])
        ),
    )


class QMSDocumentPageFactory(wagtail_factories.PageFactory):
    """A controlled document; give it a parent group."""

    class Meta:
        model = QMSDocumentPage

    title = factory.Sequence(lambda n: f"Жаңы жобо {n}")
    number = factory.Sequence(lambda n: 90 + n)
    cipher = factory.Sequence(lambda n: f"ПО 9.{n:02d}")
    document_type = factory.LazyFunction(
        lambda: DocumentType.objects.get(code_ky="ЖЖ", locale__language_code="ky")
    )
