"""A visitor walks the registry in real headless Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_walks_the_registry_and_switches_language(
    live_server, page, screenshot, registry
):
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

    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Внутренний аудит"
    assert "СТУ" in page.locator(".document-cipher").inner_text()
    screenshot("document-ust-1-08-ru")

    page.locator(".breadcrumbs a").first.click()
    page.wait_for_load_state()
    assert "Система менеджмента качества" in page.locator("h1").inner_text()
    screenshot("home-ru")

    page.locator(".language-switcher").get_by_role("link", name="Кыргызча").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ky"


def test_visitor_searches_in_both_languages_with_suggestions(
    live_server, page, screenshot, registry
):
    for language, query, expected in (
        ("ky", "студенттердин практикасы", "ПО 2.13"),
        ("ru", "практика студентов", "ПО 2.13"),
    ):
        page.goto(f"{live_server.url}/{language}/")
        page.locator(".header-search input").fill(query)
        page.locator(".header-search button").click()
        page.wait_for_load_state()
        first = page.locator(".result").first
        assert expected in first.locator(".result-meta").inner_text()
        assert first.locator("mark").count() >= 1
        screenshot(f"search-{language}")

    page.goto(f"{live_server.url}/ky/search/")
    page.locator("#id_q").press_sequentially("Ички ау", delay=40)
    suggestion = page.locator("#suggestions [role=option]").first
    suggestion.wait_for(state="visible", timeout=5000)
    assert "УСТ 1.08" in suggestion.inner_text()
    screenshot("search-suggestions-ky")
