"""Helpers for browser tests: wait for Streamlit, reach the map frame, save screenshots."""

from __future__ import annotations

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
        try:
            page.wait_for_load_state("networkidle", timeout=timeout)
        except PlaywrightTimeoutError as error:  # say what kept the network busy
            pending = sorted(_PENDING.get(page, ())) or ["(none tracked: open it with open_page)"]
            raise PlaywrightTimeoutError(
                f"{error}\nrequests still open: " + ", ".join(pending[:20])
            ) from error
    page.wait_for_function(
        """() => !document.querySelector(
            '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]')""",
        timeout=timeout,
    )


_PENDING: WeakKeyDictionary = WeakKeyDictionary()
"""Per page, the URLs of requests sent and not yet answered (``track_requests``)."""


def track_requests(page) -> None:
    """Keep the page's open requests, so a wait for network silence that times out names them."""
    if page in _PENDING:
        return
    pending = _PENDING[page] = set()
    page.on("request", lambda request: pending.add(request.url))
    for event in ("requestfinished", "requestfailed"):
        page.on(event, lambda request: pending.discard(request.url))


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
