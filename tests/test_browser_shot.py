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
