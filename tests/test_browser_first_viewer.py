"""The first viewers of a freshly started server: their first filter change holds."""

from __future__ import annotations

import fcntl
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lib.cache import data_stamp
from lib.i18n import t
from lib.store import content_key
from lib.ui import loading_text
from lib.warm_up import warm_up
from tests.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data"


def _search(page: Page, text: str) -> None:
    box = page.get_by_label(t("filter.text", "en"))
    box.fill(text)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]q={text}(&|$)"))  # the link follows the filter
    wait_for_app(page)
    expect(box).to_have_value(text)
    assert f"q={text}" in page.url


@pytest.mark.parametrize("path", ["", "about?cat=protest"], ids=["home", "deep-link"])
def test_the_first_viewer_keeps_a_search_on_a_fresh_server(page: Page, start_app, path):
    fresh = start_app(DATA)  # its own streamlit process: nothing has run there yet
    open_page(page, f"{fresh}/{path}", timeout=90_000)  # a cold server on a busy machine
    _search(page, "police")
    box = page.get_by_label(t("filter.text", "en"))
    # a second change and a rerun later, the search is still there
    page.get_by_role("link", name=t("app.page.sources", "en")).click()
    wait_for_app(page)
    expect(box).to_have_value("police")
    assert "q=police" in page.url
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # the page list is the app's own, never the automatic listing of the pages/ folder
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text(t("app.page.overview", "en"))
    expect(nav.get_by_text("app", exact=True)).to_have_count(0)


def test_a_viewer_waiting_for_the_data_sees_the_pages_and_why(page: Page, start_app, tmp_path):
    """While the data is being checked (here: another process holds the copy's lock, as the
    launchers' prepare does at a cold start), the page lists the app's pages and says what it
    is doing, instead of an empty page beside the pages/ folder's file names."""
    cache = tmp_path / "cache"
    locks = cache / ".locks"
    locks.mkdir(parents=True)
    fresh = start_app(DATA, {"EVENTS_CACHE_DIR": str(cache)})
    with (locks / content_key(DATA)).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another process making the copy
        page.goto(f"{fresh}/?lang=ru")
        waiting = page.locator('[data-testid="stSpinner"]')
        expect(waiting).to_contain_text(loading_text(data_stamp(DATA), "ru"), timeout=90_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text(t("app.page.timeline", "ru"))
        expect(nav.get_by_text("app", exact=True)).to_have_count(0)
        expect(nav.get_by_text("sources", exact=True)).to_have_count(0)  # (icons are words too)
    # the lock let go: the viewer's run checks the files itself and draws the page
    expect(page.get_by_role("heading", level=1)).to_have_count(1, timeout=60_000)
    wait_for_app(page)
    expect(waiting).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


# Records whether the sidebar ever listed the pages/ folder's file names ("app" is app.py's).
LISTING_WATCH = """
window.__listingSeen = false;
new MutationObserver(() => {
  const nav = document.querySelector('[data-testid="stSidebarNav"]');
  if (nav && [...nav.querySelectorAll('span')].some((s) => s.textContent.trim() === 'app'))
    window.__listingSeen = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _listing_seen(page: Page) -> bool:
    return page.evaluate("window.__listingSeen")


def test_viewers_who_arrive_during_the_first_run_never_see_the_pages_listing(
    browser, start_app, tmp_path
):
    """The first start after installing compiles every module: the first run imports for
    seconds. Viewers who arrive meanwhile saw Streamlit's listing of the pages/ folder ("app",
    "about", "counts"…) beside an empty page until that run ended, because the frame left the
    listing only after its imports (lib/legacy_pages.py)."""
    fresh = start_app(DATA, {"PYTHONPYCACHEPREFIX": str(tmp_path / "bytecode")})
    viewers = []
    for path in ("", "counts", "timeline?lang=ru", "about"):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        context.add_init_script(LISTING_WATCH)
        viewers.append(context.new_page())
        if len(viewers) == 1:  # the first viewer's run has begun: the others arrive during it
            viewers[0].goto(f"{fresh}/{path}")
            expect(viewers[0].locator('[data-testid="stSidebarNav"]')).to_be_visible(timeout=90_000)
        else:
            viewers[-1].goto(f"{fresh}/{path}", wait_until="commit")
    for viewer in viewers:
        expect(viewer.get_by_role("heading", level=1)).to_have_count(1, timeout=90_000)
        wait_for_app(viewer, timeout=90_000)
    # the first viewer's run began under the listing (nothing had run yet): only theirs
    assert [_listing_seen(viewer) for viewer in viewers[1:]] == [False, False, False]
    for viewer in viewers:
        nav = viewer.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text(
            t("app.page.overview", "en" if "ru" not in viewer.url else "ru")
        )
        viewer.context.close()


def test_a_warmed_up_server_shows_its_first_viewer_the_app_at_once(page: Page, start_app):
    """The launchers run the app once as soon as the server answers (lib/warm_up.py), so even
    the first viewer never sees the pages/ listing."""
    fresh = start_app(DATA, {"STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"})
    assert warm_up(fresh)
    page.add_init_script(LISTING_WATCH)
    open_page(page, f"{fresh}/map", timeout=90_000)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert not _listing_seen(page)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text(t("app.page.map", "en"))
