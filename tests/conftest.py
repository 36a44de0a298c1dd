"""Shared fixtures: Debian Chromium for pytest-playwright, and `streamlit run` servers to test against."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.apptest_support import frame_reruns
from tests.browser import track_requests

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RESULTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 60.0
# validated copies of the test datasets go to a throw-away cache, not the user's (lib/store.py),
# removed when the run ends
if "EVENTS_CACHE_DIR" not in os.environ:
    os.environ["EVENTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="events-cache-")
    atexit.register(shutil.rmtree, os.environ["EVENTS_CACHE_DIR"], ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {process.returncode} before it was ready"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        # poll again: readiness is a condition, not a fixed wait
        time.sleep(0.1)
    raise RuntimeError(f"streamlit at {url} was not healthy within {timeout} s")


class _Servers:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.processes: list[subprocess.Popen] = []

    def start(self, data_dir: Path | None = None, environ: dict[str, str] | None = None) -> str:
        port = _free_port()
        env = {**os.environ, "HOME": str(self.home), "TMPDIR": str(self.home), **(environ or {})}
        if data_dir is not None:
            env["EVENTS_DATA_DIR"] = str(data_dir)
        else:
            env.pop("EVENTS_DATA_DIR", None)
        log = (self.home / f"streamlit-{port}.log").open("w")
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
                "--server.port", str(port),
                "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, SERVER_START_TIMEOUT)
        return url

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="session")
def browser_home() -> Iterator[Path]:
    """A temporary HOME/TMPDIR for Chromium and the servers."""
    home = Path(tempfile.mkdtemp(prefix="zh-browser-"))
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", str(home / "ms-playwright"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def _servers(browser_home: Path) -> Iterator[_Servers]:
    servers = _Servers(browser_home)
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def app_server(_servers: _Servers) -> str:
    """Base URL of `streamlit run app.py` on the shipped data."""
    return _servers.start()


@pytest.fixture(scope="session")
def start_app(_servers: _Servers) -> Callable[..., str]:
    """Start another server on a given data directory (and environment variables added to
    this process's) and return its base URL."""
    return _servers.start


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: run `make test` (installs Debian's chromium) or set CHROMIUM_PATH"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_home: Path) -> dict:
    """Launch Debian's Chromium (Playwright's own download does not work here)."""
    _require_chromium()
    os.environ["HOME"] = str(browser_home)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A desktop-sized viewport for every page."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Save a screenshot of the page when a browser test fails."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if page is None:
        return
    RESULTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):  # the page may already be closed
        page.screenshot(path=str(RESULTS / f"FAILED-{item.name}.png"), full_page=True)


@pytest.fixture(autouse=True)
def _streamlit_navigation_like_server() -> Iterator[None]:
    """Every AppTest rerun goes through app.py, as on a server (see ``frame_reruns``)."""
    with frame_reruns():
        yield


@pytest.fixture(autouse=True)
def _track_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page a test opens counts its requests from the start (``wait_for_quiet_network``)."""
    from playwright.sync_api import Browser, BrowserContext

    def tracked(new_page):
        def opened(*args, **kwargs):
            page = new_page(*args, **kwargs)
            track_requests(page)
            return page

        return opened

    monkeypatch.setattr(Browser, "new_page", tracked(Browser.new_page))
    monkeypatch.setattr(BrowserContext, "new_page", tracked(BrowserContext.new_page))
