"""A visitor walks the registry in real headless Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_goes_from_home_to_a_group_to_a_document(live_server, page, screenshot):
    page.goto(f"{live_server.url}/ky/")
    assert page.locator("h1").inner_text() == "Сапат менеджмент тутуму"
    assert page.locator(".group-card").count() == 4
    screenshot("home-ky")

    page.locator(".group-card a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("1.")
    assert page.locator(".registry-table tbody tr").count() == 16
    screenshot("group-1-ky")

    page.get_by_role("link", name="Ички аудит").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ички аудит"
    assert "УСТ 1.08" in page.locator(".document-meta").inner_text()
    screenshot("document-ust-1-08-ky")
