"""Browser: screenshot mode shows one figure alone, whole, at 16:9 and 1:1 viewports."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import RESULTS, open_page

pytestmark = pytest.mark.browser

CHROME = [
    '[data-testid="stSidebar"]',
    '[data-testid="stSidebarNav"]',
    '[data-testid="stSidebarCollapsedControl"]',
    '[data-testid="stToolbar"]',
    '[data-testid="stHeader"]',
    ".leaflet-control-zoom",
    ".leaflet-control-layers",
    ".modebar",
]


@pytest.mark.parametrize(
    ("figure", "size", "viewport"),
    [
        ("map", "16x9", (1600, 900)),
        ("map", "1x1", (1080, 1080)),
        ("counts-detainees", "16x9", (1600, 900)),
        ("timeline", "1x1", (1080, 1080)),
        # a journalist's laptop: a square or upright image in a wide window was cut at the top
        # and the bottom (its title and its credit) and could not be scrolled to
        ("counts-detainees", "1x1", (1024, 768)),
        ("map", "1x1", (1280, 720)),
    ],
)
def test_screenshot_mode_shows_the_whole_figure_and_nothing_else(
    page: Page, app_server: str, figure: str, size: str, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, app_server)  # a fresh server runs app.py once before a deep link
    open_page(page, f"{app_server}/?shot={figure}&size={size}&cat=violence&embed=true")
    image = page.locator('[data-testid="shot-figure"] img')
    expect(image).to_be_visible(timeout=60_000)
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=\"shot-figure\"] img');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=60_000,
    )
    for selector in CHROME:
        assert not page.locator(selector).is_visible(), f"{selector} is shown in screenshot mode"
    box = image.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5
    # the figure fills the window in its long direction (it is not a thumbnail)
    assert box["width"] >= width * 0.95 or box["height"] >= height * 0.95
    src = image.get_attribute("src") or ""
    assert src.startswith("data:image/svg+xml;base64,")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"shot-{figure}-{size}.png"))


def test_a_bad_size_is_said_above_the_figure(page: Page, app_server: str) -> None:
    """The notice was drawn under the full-window figure: the page looked as if all was well."""
    page.set_viewport_size({"width": 1024, "height": 700})
    open_page(page, app_server)
    open_page(page, f"{app_server}/?shot=counts-deaths&size=abc&embed=true")
    notice = page.locator('[data-testid="stAlert"]', has_text="'abc' is not one of 16x9, 1x1")
    expect(notice).to_be_visible(timeout=60_000)
    image = page.locator('[data-testid="shot-figure"] img')
    expect(image).to_be_visible()
    at = page.evaluate(
        """() => { const n = document.querySelector('[data-testid="stAlert"]')
                       .getBoundingClientRect();
                   return document.elementFromPoint(n.x + n.width / 2, n.y + n.height / 2)
                       .closest('[data-testid="stAlert"]') !== null; }"""
    )
    assert at, "the figure lies over the notice"
    box, over = image.bounding_box(), notice.bounding_box()
    assert box is not None and over is not None and over["y"] + over["height"] <= box["y"] + 0.5
