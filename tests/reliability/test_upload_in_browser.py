"""An editor uploads hostile files through the real admin, in headless Chromium."""

import pytest
from wagtail.models import Collection

from tests.hostile_pdfs import decompression_bomb, many_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # noqa: S105


@pytest.fixture
def editor(live_server, page, django_user_model):
    """A superuser logged in to the admin, where documents need a root collection."""
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    django_user_model.objects.create_superuser("editor", "e@qms.local", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    return page


def pdf_input(name, data):
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_the_document_form_shows_why_a_bomb_is_refused(
    live_server,
    editor,
    screenshot,
):
    editor.goto(f"{live_server.url}/admin/documents/add/")
    editor.locator("#id_title").fill("Бомба")
    editor.locator("#id_file").set_input_files(
        pdf_input("bomb.pdf", decompression_bomb())
    )
    editor.locator("form button[type=submit]").last.click()
    editor.wait_for_load_state()
    error = editor.locator(".error-message")
    assert "PDF колдонууга болбойт" in error.inner_text()
    assert error.count() == 1
    screenshot("admin-upload-refused-ky")


def test_the_multiple_uploader_shows_why_a_file_is_refused(
    live_server,
    editor,
    screenshot,
):
    editor.goto(f"{live_server.url}/admin/documents/multiple/add/")
    editor.locator("#fileupload").set_input_files(
        pdf_input("5000 бет.pdf", many_pages())
    )
    failed = editor.locator("#upload-list .error_messages")
    failed.wait_for(state="visible", timeout=60_000)
    assert "PDF 5000 беттен турат" in failed.inner_text()
    screenshot("admin-multiple-upload-refused-ky")
