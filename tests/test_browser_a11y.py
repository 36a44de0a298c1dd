"""Browser: axe-core finds no critical or serious accessibility violation, light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGES = ("", "map", "timeline", "counts", "sources", "about")
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: '
                        + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))}));
}"""


COUNT_RUNS = """(() => {
    window.__runs = 0;
    let last = null;
    new MutationObserver(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app && app.getAttribute('data-test-script-state');
        if (state !== last) {
            if (state === 'running') window.__runs += 1;
            last = state;
        }
    }).observe(document, {subtree: true, childList: true, attributes: true,
                          attributeFilter: ['data-test-script-state']});
})();"""
SETTLED_AFTER_MAP = """() => window.__runs >= 1 && document.querySelector(
    '[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'"""


def settle_map_page(page) -> None:
    """Wait until the Map page has drawn its map and finished running: while a run lasts,
    Streamlit fades the page, and axe would measure the faded colours. (The map's first value
    starts no second run: ``tests/test_browser_map.py``.) Needs ``COUNT_RUNS`` as an init script."""
    map_frame(page)
    page.wait_for_function(SETTLED_AFTER_MAP, timeout=90_000)  # slow on a loaded machine
    wait_for_app(page)


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/axe)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(target) -> list[dict]:
    """Run axe-core in a page or frame and return its critical and serious violations."""
    target.evaluate(_axe_source())
    return target.evaluate(RUN_AXE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_violations(browser: Browser, app_server: str, path: str, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.add_init_script(COUNT_RUNS)
        open_page(page, f"{app_server}/{path}")
        if path == "map":
            settle_map_page(page)
        assert serious_violations(page) == []
    finally:
        context.close()


def map_frame(page):
    """Open the Map page and return its drawn map frame (streamlit-folium's iframe)."""
    frame = page.locator(FRAME).element_handle().content_frame()
    frame.locator(".ev-badge").first.wait_for()
    return frame


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_frame_has_no_serious_violations(browser: Browser, app_server: str, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, f"{app_server}/map")
        page.locator(FRAME).wait_for()
        frame = map_frame(page)
        assert serious_violations(frame) == []
        # and with a symbol's popup open (its links and close button), opened from the keyboard
        frame.locator(".ev-badge").first.focus()
        page.keyboard.press("Enter")
        frame.locator(".leaflet-popup-content").wait_for()
        wait_for_app(page)  # the selection reruns the page
        # Leaflet fades a popup in: axe would measure the half-transparent text
        frame.wait_for_function(
            "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        )
        assert serious_violations(frame) == []
    finally:
        context.close()
