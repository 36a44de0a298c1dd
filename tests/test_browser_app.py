"""Browser: every page draws in Chromium, filters survive a copied link, nothing is fetched from outside."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser import open_page, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {
    "": "Zhanaozen and Aktau, December 2011",
    "sources": "Sources & data",
    "about": "About this dashboard",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_is_drawn(page: Page, app_server: str, path: str):
    open_page(page, f"{app_server}/{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PAGES[path])
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    save_screenshot(page, f"page-{path or 'overview'}")


def test_filter_is_kept_in_a_copied_link(page: Page, app_server: str, browser):
    open_page(page, app_server)
    shown = page.locator('[data-testid="stMetric"]').first
    expect(shown).to_contain_text("Events shown")
    total = shown.locator('[data-testid="stMetricValue"]').inner_text().split("/")[1].strip()

    search = page.get_by_label("Search titles and descriptions")
    search.fill("Shetpe")
    search.press("Enter")
    page.wait_for_url("**q=Shetpe**")
    wait_for_app(page)
    filtered = shown.locator('[data-testid="stMetricValue"]').inner_text()
    assert filtered != f"{total} / {total}"

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        open_page(other, page.url)
        expect(other.get_by_label("Search titles and descriptions")).to_have_value("Shetpe")
        expect(other.locator('[data-testid="stMetricValue"]').first).to_have_text(filtered)
    finally:
        fresh.close()


def test_bad_link_parameter_shows_a_notice(page: Page, app_server: str):
    open_page(page, f"{app_server}/?cat=riot&bogus=1")
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.filter(has_text="Ignored the link parameter “cat”: 'riot'")).to_be_visible()
    expect(alerts.filter(has_text="Ignored the link parameter “bogus”")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_pages_request_nothing_outside_the_app(page: Page, app_server: str):
    outside: list[str] = []

    def record(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")) or host in (
            "127.0.0.1",
            "localhost",
        ):
            return
        if "tile" in request.url:  # optional online map tiles only
            return
        outside.append(request.url)

    page.context.on("request", record)
    for path in ("", "map", "timeline", "counts", "sources", "about"):
        open_page(page, f"{app_server}/{path}")
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
        if path == "map" and frame.count():
            expect(page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                ".leaflet-container"
            )).to_be_visible()  # fmt: skip
    assert outside == []


def test_a_deep_link_works_on_a_fresh_server(page: Page, start_app):
    """The first request a new server gets is a link straight to a page, with filters."""
    fresh = start_app(Path(__file__).resolve().parent.parent / "data")
    open_page(page, f"{fresh}/sources?cat=trial")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sources & data")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert "cat=trial" in page.url


def test_markdown_in_a_title_stays_text_in_the_event_detail(page: Page, start_app, tmp_path):
    from tests.factories import make_event, write_dataset

    title = "**bold** [link](https://example.org) <img src=x onerror=window.__xss=1>"
    folder = write_dataset(tmp_path / "data", events=[make_event(id="md", title_en=title)])
    url = start_app(folder)
    open_page(page, url)
    open_page(page, f"{url}/timeline?event=md")
    heading = page.locator('[data-testid="stHeading"]', has_text="bold")
    expect(heading).to_have_text(title)
    expect(heading.locator("strong, em, img")).to_have_count(0)
    # "[link](...)" is not made a link; a bare URL in the text may be linked to itself
    for link in heading.locator("a").all():
        assert link.get_attribute("href") == link.inner_text()
    assert page.evaluate("window.__xss") is None


def test_invalid_data_shows_its_problems_and_no_page_list(page: Page, start_app, tmp_path):
    from tests.factories import make_event, make_source, write_dataset

    folder = write_dataset(
        tmp_path / "bad",
        events=[make_event(category="riot")],
        sources=[make_source(url="javascript:alert(1)")],
    )
    url = start_app(folder)
    for path in ("", "map"):
        open_page(page, f"{url}/{path}")
        expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(
            "did not pass validation"
        )
        listing = page.locator('[data-testid="stCode"]').first
        expect(listing).to_contain_text("events.geojson:event-a:category: unknown value 'riot'")
        expect(listing).to_contain_text("sources.csv:src-a:url: 'javascript:alert(1)'")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        # the page-language script's container leaves no gap above the message (the theme's
        # rules are not on this page)
        wrapper = page.locator(":has(> .st-key-page-language)")
        expect(wrapper).to_have_css("display", "none")


@pytest.fixture
def silent_server():
    """Base URL of a server that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):  # closed at teardown
            while True:
                held.append(listener.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for connection in held:
        connection.close()


def test_a_wait_for_network_silence_names_what_kept_it_busy(
    page: Page, app_server: str, silent_server: str
):
    """The tests' own helper: a page that never fell silent (a flaky run once) says which
    request stayed open, instead of only that the time ran out."""
    page.add_init_script(f"fetch('{silent_server}/never-answered', {{mode: 'no-cors'}})")
    with pytest.raises(PlaywrightTimeoutError, match="requests still open: .*/never-answered"):
        open_page(page, app_server, timeout=10_000)
