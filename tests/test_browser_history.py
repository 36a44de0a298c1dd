"""Browser: Back and Forward walk through selections; keyboard selection; links stay on their page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

DAY_BUTTONS = '[class*="st-key-day-"] button'


def _event_param(page: Page) -> str | None:
    found = re.search(r"[?&]event=([^&]+)", page.url)
    return found.group(1) if found else None


def _open_timeline(page: Page, base_url: str) -> None:
    open_page(page, base_url)  # a fresh server runs the frame once before a page path works
    open_page(page, f"{base_url}/timeline")
    page.wait_for_selector(DAY_BUTTONS)


def _key_of(button) -> str:
    classes = button.locator("xpath=ancestor::*[contains(@class, 'st-key-day-')][1]")
    name = re.search(r"st-key-day-(\S+)", classes.get_attribute("class"))
    return name.group(1)


def test_back_and_forward_walk_through_three_selections(page: Page, app_server: str):
    _open_timeline(page, app_server)
    buttons = page.locator(DAY_BUTTONS)
    chosen = []
    for index in (0, 1, 2):
        button = buttons.nth(index)
        chosen.append(_key_of(button))
        button.click()
        page.wait_for_url(f"**event={chosen[-1]}**")
        wait_for_app(page)
    page.go_back()
    page.wait_for_url(f"**event={chosen[1]}**")
    wait_for_app(page)
    expect(page.locator(".st-key-detail-timeline")).to_have_count(1)
    assert _event_param(page) == chosen[1]
    page.go_back()
    page.wait_for_url(f"**event={chosen[0]}**")
    wait_for_app(page)
    assert _event_param(page) == chosen[0]
    page.go_forward()
    page.wait_for_url(f"**event={chosen[1]}**")
    wait_for_app(page)
    assert _event_param(page) == chosen[1]


def test_keyboard_alone_selects_an_event_on_the_timeline(page: Page, app_server: str):
    _open_timeline(page, app_server)
    button = page.locator(DAY_BUTTONS).nth(3)
    key = _key_of(button)
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**event={key}**")
    wait_for_app(page)
    expect(page.locator(".st-key-detail-timeline")).to_be_visible()


def test_the_selection_does_not_leak_into_other_pages(page: Page, app_server: str):
    _open_timeline(page, app_server)
    button = page.locator(DAY_BUTTONS).first
    key = _key_of(button)
    button.click()
    page.wait_for_url(f"**event={key}**")
    wait_for_app(page)
    page.get_by_role("link", name="Overview").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # the link is rewritten by the new page's run: wait for it rather than read it once
    expect(page).not_to_have_url(re.compile(r"[?&]event="))
