"""Browser: a figure's publish panel opens from the keyboard and then offers its downloads."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import open_page

pytestmark = pytest.mark.browser

LABEL = "Download, screenshot or embed this figure"


def test_the_publish_panel_fills_when_opened_and_downloads_an_svg(
    page: Page, app_server: str
) -> None:
    open_page(page, app_server)
    open_page(page, f"{app_server}/timeline")
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=LABEL)
    expect(panel).to_have_count(1)
    # closed, it holds nothing: no download buttons and no embed code were sent
    expect(page.locator('[data-testid="stDownloadButton"]')).to_have_count(0)
    summary = panel.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    svg = page.get_by_role("button", name="SVG").first
    expect(svg).to_be_visible(timeout=30_000)
    expect(panel.locator('[data-testid="stCode"]')).to_have_count(2)
    with page.expect_download(timeout=60_000) as download:
        svg.click()
    assert download.value.suggested_filename.endswith(".svg")
    head = download.value.path().read_bytes()[:400]
    assert b"<svg" in head
