"""Run a freshly started server's app before its first viewer does (the launchers call this).

A fresh server starts under Streamlit's automatic ``pages/`` listing until a run of the app
leaves it (lib/legacy_pages.py), and its first run imports every module and loads the data.
Done by a viewer, that viewer saw the file names "app", "about", "counts"… in the sidebar and an
empty page for seconds. Streamlit's script health check (``server.scriptHealthCheckEnabled``)
runs the app in a throwaway session; the launchers ask for it as soon as the server answers.
"""

from __future__ import annotations

import sys
import time
import urllib.request

HEALTH = "/_stcore/health"
SCRIPT_CHECK = "/_stcore/script-health-check"
CHECK_SECONDS = 90.0
"""Longer than Streamlit's own limit for one script check (60 s)."""


def _answer(url: str, timeout: float) -> str | None:
    """The body the server sends for ``url``, or None if it does not answer with 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:  # refused, not yet listening, an HTTP error, a timeout
        return None


def warm_up(base_url: str, wait: float = 120.0) -> bool:
    """Wait up to ``wait`` s for the server at ``base_url``, then run its app twice.

    The first run leaves the ``pages/`` listing; the second imports the app's modules and
    loads the data through the shared cache. Return whether both runs ended without an error.
    """
    base_url = base_url.rstrip("/")
    deadline = time.monotonic() + wait
    while _answer(base_url + HEALTH, 1.0) is None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)  # polling a server that is starting, not waiting for a result
    return all(_answer(base_url + SCRIPT_CHECK, CHECK_SECONDS) == "ok" for _ in range(2))


if __name__ == "__main__":  # python -m lib.warm_up http://127.0.0.1:8501
    url = sys.argv[1]
    if not warm_up(url):
        print(
            f"warm-up: the app at {url} did not run cleanly; see the server's log", file=sys.stderr
        )
        sys.exit(1)
