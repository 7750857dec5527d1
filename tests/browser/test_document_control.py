"""A new revision travels from a process owner to the public, in real headless Chromium."""

import datetime
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from qms_control.roles import APPROVERS, QMS_OFFICE, process_owners_group_name
from qms_pages.models import QMSDocumentAttachment, QMSDocumentPage
from tests.conftest import ARTIFACTS
from tests.pdfs import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"  # noqa: S105 (a throwaway test account)


def make_person(username, group_name, first_name, last_name):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people(registry):
    return {
        "owner": make_person(
            "owner1", process_owners_group_name(1), "Айгүл", "Токтосунова"
        ),
        "office": make_person("office", QMS_OFFICE, "Нурлан", "Асанов"),
        "approver": make_person("approver", APPROVERS, "Бакыт", "Жумабаев"),
    }


@pytest.fixture
def audit(registry):
    """УСТ 1.08, issued as revision 1 with its PDF."""
    page = QMSDocumentPage.objects.get(cipher="УСТ 1.08", locale__language_code="ky")
    pdf = get_document_model()(title="УСТ 1.08 ред. 1")
    pdf.file.save("ust-1-08-r1.pdf", ContentFile(make_pdf(["Ички аудит, 1-ред."])))
    QMSDocumentAttachment(page=page, document=pdf).save()
    page.revision = "1"
    page.approved_on = datetime.date(2024, 1, 15)
    page.approving_act = "Ректордун 15.01.2024-ж. № 12 буйругу"
    page.revision_changes = "Биринчи редакция"
    page.save_revision().publish()
    return page


@contextmanager
def signed_in(browser, live_server, username):
    """A browser tab signed in to the admin as this user, closed when done.

    One person at a time: an open admin tab keeps pinging the server.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_load_state()
    try:
        yield tab
    finally:
        context.close()


def save(tab, name):
    """A full-page screenshot of a signed-in tab, beside the other screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_action_menu(tab):
    tab.locator("footer .w-dropdown__toggle, .footer .dropdown-toggle").last.click()


def workflow_decision(tab, live_server, page, label, comment):
    """Approve (with a comment) from the page editor's action menu."""
    tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    open_action_menu(tab)
    tab.get_by_role("button", name=label).click()
    tab.locator(".modal-content textarea[name=comment]").fill(comment)
    # The modal posts the decision, then the editor reloads with a message.
    with tab.expect_navigation():
        tab.locator(".modal-content button[type=submit]").click()
    tab.locator(".messages").wait_for()


def test_a_new_revision_is_submitted_approved_and_published(
    browser, live_server, audit, people, tmp_path, screenshot, page
):
    new_pdf = tmp_path / "УСТ 1.08 ред. 2.pdf"
    new_pdf.write_bytes(make_pdf(["Ички аудит, 2-ред. Аудиттин планы"]))

    with signed_in(browser, live_server, "owner1") as owner:
        owner.goto(f"{live_server.url}/admin/pages/{audit.pk}/edit/")
        chooser = owner.locator("#id_attachments-0-document-chooser")
        chooser.locator(".w-dropdown__toggle").click()
        chooser.locator("button[data-chooser-action-choose][aria-describedby]").click()
        owner.locator("#tab-label-upload").click()
        owner.locator("#id_document-chooser-upload-file").set_input_files(str(new_pdf))
        owner.locator("#id_document-chooser-upload-title").fill("УСТ 1.08 ред. 2")
        owner.locator("#tab-upload button[type=submit]").click()
        owner.locator(".modal-content").wait_for(state="detached")
        assert "ред. 2" in chooser.inner_text()
        owner.locator("#id_approved_on").fill("2026-11-20")
        owner.locator("#id_effective_on").fill("2026-12-01")
        # Typing in the approving act closes the date picker.
        owner.locator("#id_approving_act").fill("Ректордун 20.11.2026-ж. № 141 буйругу")
        owner.locator("#id_revision").fill("2")
        owner.locator("#id_revision_changes").fill("Аудиттин планы кошулду")
        open_action_menu(owner)
        with owner.expect_navigation():
            owner.get_by_role("button", name="Submit to QMS approval").click()
        assert "Ички аудит" in owner.locator(".messages").inner_text()
    submitted = QMSDocumentPage.objects.get(pk=audit.pk)
    assert submitted.current_workflow_task.name == "QMS office review"
    assert submitted.revision == "1"

    with signed_in(browser, live_server, "office") as office:
        workflow_decision(
            office, live_server, audit, "Approve with comment", "Кеңсе текшерди"
        )
    reviewed = QMSDocumentPage.objects.get(pk=audit.pk)
    assert reviewed.current_workflow_task.name == "Approver sign-off"

    with signed_in(browser, live_server, "approver") as approver:
        approver.goto(f"{live_server.url}/admin/")
        assert "Ички аудит" in approver.locator("main").inner_text()
        save(approver, "control-workflow-awaiting-approval")
        approver.goto(f"{live_server.url}/admin/pages/{audit.pk}/edit/")
        approver.locator("button[data-side-panel-toggle='status']").click()
        status = approver.locator("[data-side-panel='status']")
        status.get_by_text("Approver sign-off").first.wait_for()
        approver.screenshot(path=str(ARTIFACTS / "control-workflow-task-in-editor.png"))
        workflow_decision(
            approver,
            live_server,
            audit,
            "Approve with comment and Publish",
            "Бекитилди",
        )
    audit = QMSDocumentPage.objects.get(pk=audit.pk)
    assert audit.revision == "2"
    assert audit.issued_revisions.first().approved_by == "Бакыт Жумабаев"

    with signed_in(browser, live_server, "office") as office:
        office.goto(f"{live_server.url}/admin/pages/{audit.pk}/workflow_history/")
        office.locator("a[href*='workflow_history/detail']").first.click()
        office.wait_for_load_state()
        history = office.locator("main").inner_text()
        assert "Кеңсе текшерди" in history
        assert "Бекитилди" in history
        save(office, "control-workflow-history")

    page.goto(f"{live_server.url}{audit.url}")
    rows = page.locator(".revisions tbody tr")
    assert rows.count() == 2
    assert "учурдагы" in rows.nth(0).inner_text()
    assert "Бакыт Жумабаев" in rows.nth(0).inner_text()
    assert "20.11.2026" in rows.nth(0).inner_text()
    assert "алмаштырылган" in rows.nth(1).inner_text()
    screenshot("control-workflow-public-history-ky")

    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    rows = page.locator(".revisions tbody tr")
    assert "текущая" in rows.nth(0).inner_text()
    assert "заменённая редакция, только для справки" in rows.nth(1).inner_text()
    screenshot("control-workflow-public-history-ru")


def test_an_obsolete_document_is_marked_in_both_languages(
    live_server, audit, page, screenshot
):
    audit.status = QMSDocumentPage.Status.OBSOLETE
    audit.obsolete_on = datetime.date(2026, 11, 1)
    audit.save_revision().publish()
    russian = audit.get_translations().get(locale__language_code="ru")
    for language, document, banner in (
        ("ky", audit, "Бул документ күчүн жоготкон."),
        ("ru", russian, "Этот документ утратил силу."),
    ):
        page.goto(f"{live_server.url}{document.url}")
        text = page.locator(".banner-obsolete").inner_text()
        assert banner in text
        assert "01.11.2026" in text
        screenshot(f"control-workflow-obsolete-{language}")
        page.goto(f"{live_server.url}{document.get_parent().url}")
        assert document.url not in page.content()
