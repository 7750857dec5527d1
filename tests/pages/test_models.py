"""The page tree's rules and the cipher rules."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from qms_pages.models import (
    ProcessGroupPage,
    QMSDocumentPage,
    QMSHomePage,
    QMSMasterListPage,
)
from tests.factories import QMSDocumentPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_document_page_can_only_be_created_under_a_process_group(self):
        self.assertCanCreateAt(ProcessGroupPage, QMSDocumentPage)
        self.assertCanNotCreateAt(QMSHomePage, QMSDocumentPage)
        self.assertCanNotCreateAt(Page, QMSDocumentPage)

    def test_process_groups_hold_only_documents(self):
        self.assertAllowedSubpageTypes(ProcessGroupPage, {QMSDocumentPage})
        self.assertAllowedParentPageTypes(ProcessGroupPage, {QMSHomePage})

    def test_home_page_holds_groups_and_the_master_list(self):
        self.assertAllowedSubpageTypes(
            QMSHomePage, {ProcessGroupPage, QMSMasterListPage}
        )


def page_under(group, **fields):
    """A new, unsaved document placed under a group."""
    page = QMSDocumentPageFactory.build(**fields)
    page.depth = group.depth + 1
    page.path = group.path + "ZZZZ"
    page.locale = group.locale
    page.slug = "new-document"
    return page


@pytest.mark.parametrize(
    "spelling", ["уст1.08", "УСТ_1.08", "YCT 1.08", "  УСТ   1.08 "]
)
def test_a_duplicate_cipher_in_any_spelling_is_refused(groups, spelling):
    page = page_under(groups[3], cipher=spelling)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    # The message names the document that holds the cipher, in the editor's language.
    assert "«Ички аудит»" in str(error.value)


def test_a_new_unique_cipher_is_accepted_and_normalised(groups):
    page = QMSDocumentPageFactory(parent=groups[3], cipher="ПО 3.99")
    assert page.cipher_key == "ПО3.99"
    assert QMSDocumentPage.objects.get(cipher_key="ПО3.99") == page


def test_cipher_spacing_is_tidied(groups):
    page = page_under(groups[3], cipher="  ПО   3.98 ")
    page.full_clean()
    assert page.cipher == "ПО 3.98"


def test_an_empty_cipher_is_refused(groups):
    page = page_under(groups[3], cipher="   ")
    with pytest.raises(ValidationError, match="cipher"):
        page.full_clean()
