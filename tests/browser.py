"""Helpers for browser tests: wait for Streamlit, reach the map frame, save screenshots."""

from __future__ import annotations

import time
from pathlib import Path
from weakref import WeakKeyDictionary

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

RESULTS = Path(__file__).resolve().parent.parent / "screenshots"


def wait_for_app(page, timeout: float = 30_000, network_idle: bool = True) -> None:
    """Wait until Streamlit has finished running the script (no running indicator, app drawn).

    ``network_idle=False`` skips waiting for 0.5 s without requests: with several pages open at
    once under load that moment may not come, though each page is drawn (``bench/run.py``'s
    viewer waves).
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('[data-testid="stMain"]');
        }""",
        timeout=timeout,
    )
    # widgets and dataframes load their code lazily: wait for those requests to finish and for
    # their placeholders to be replaced
    if network_idle:
        wait_for_quiet_network(page, timeout)
    page.wait_for_function(
        """() => !document.querySelector(
            '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]')""",
        timeout=timeout,
    )


QUIET_SECONDS = 0.5
"""How long no request may be open before the network counts as quiet (Playwright's own)."""


class _Requests:
    """A page's open requests and when one last started or ended."""

    def __init__(self) -> None:
        self.open: set = set()
        self.changed = time.monotonic()

    def started(self, request) -> None:
        self.open.add(request)
        self.changed = time.monotonic()

    def ended(self, request) -> None:
        self.open.discard(request)
        self.changed = time.monotonic()


_REQUESTS: WeakKeyDictionary = WeakKeyDictionary()
"""Per page, its requests (``track_requests``)."""


def track_requests(page) -> None:
    """Keep the page's open requests, in every frame, from now on."""
    if page in _REQUESTS:
        return
    requests = _REQUESTS[page] = _Requests()
    page.on("request", requests.started)
    page.on("requestfinished", requests.ended)
    page.on("requestfailed", requests.ended)


def wait_for_quiet_network(page, timeout: float = 30_000) -> None:
    """Wait until no request of the page has been open for ``QUIET_SECONDS``.

    Playwright's own ``networkidle`` also waits for every frame to report itself idle, and in
    about one full CI run in two a frame never did (a page with the map or the presenter's key
    frame, no request open): the wait timed out though the page was drawn. This counts the
    requests themselves, as ``track_requests`` saw them (conftest tracks every page from its
    first request).
    """
    track_requests(page)
    requests = _REQUESTS[page]
    deadline = time.monotonic() + timeout / 1000
    while requests.open or time.monotonic() - requests.changed < QUIET_SECONDS:
        if time.monotonic() > deadline:
            still = sorted(request.url for request in requests.open) or ["(none)"]
            raise PlaywrightTimeoutError(
                f"the network was not quiet for {QUIET_SECONDS} s within {timeout / 1000:.0f} s;"
                " requests still open: " + ", ".join(still[:20])
            )
        page.wait_for_timeout(50)  # lets Playwright deliver the page's request events


def open_page(page, url: str, timeout: float = 30_000) -> None:
    """Navigate to ``url`` and wait until the app has run."""
    track_requests(page)
    page.goto(url)
    wait_for_app(page, timeout)


def save_screenshot(page, name: str) -> Path:
    """Save a screenshot of the whole main area (Streamlit scrolls inside its own container)."""
    RESULTS.mkdir(exist_ok=True)
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m ? m.scrollHeight : document.body.scrollHeight; }"""
    )
    size = page.viewport_size or {"width": 1400, "height": 1000}
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def download_by_click(page, target, timeout: float = 30_000):
    """Click ``target`` and return the download it starts; once more if none starts.

    A download button whose file is made on click (Streamlit's deferred data) asks the server
    for it first; under load in CI one click in a full run started no download (the server's
    cleanup of files no session holds can race the request), and the button then stayed busy
    (disabled) for more than 30 s. A reader reloads the page and clicks again; so does this,
    once. ``target`` is a locator: it finds the button again in the reloaded page.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        with page.expect_download(timeout=timeout) as download:
            target.click()
    except PlaywrightTimeout:
        page.reload()
        page.wait_for_function(
            """() => { const a = document.querySelector('[data-testid="stApp"]');
                return a && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
            timeout=timeout,
        )
        with page.expect_download(timeout=timeout) as download:
            target.click(timeout=timeout)
    return download.value
