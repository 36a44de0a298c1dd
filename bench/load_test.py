"""Load test: N readers at once walk every page, change a filter and select an event.

Run from the repository root (not part of the test run; takes minutes)::

    .venv/bin/python bench/load_test.py --sessions 10 25            # starts its own server
    .venv/bin/python bench/load_test.py --sessions 25 --url http://127.0.0.1:8080 \\
        --pid-file deploy/run/replicas.pids                         # a running set-up

Each reader is a Chromium browser context (one browser process, many contexts, to fit a small
machine) with its own Streamlit session. It opens the overview, then clicks through the pages in
the sidebar as a person would: map (until Leaflet is drawn), timeline (until its marks are
drawn), a text search on the timeline, a click on a timeline mark (until the event's detail
shows), counts, sources, about. Prints the failures (there must be none), the median and 95th
percentile seconds per step, and the peak resident memory of the server's process tree (the sum
over every replica when several pid files or pids are given).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

ARGS = [*CHROMIUM_ARGS, "--disable-dev-shm-usage"]  # many contexts: /dev/shm is small
STEPS = ("overview", "map", "timeline", "filter", "select", "counts", "sources", "about")
TIMEOUT_MS = 240_000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"]')
        && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]');
}"""


# --- server memory ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def tree_rss_mb(pids: list[int]) -> float:
    """Return the resident memory of processes and all their descendants, in MB."""
    total, seen, todo = 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(pid)
    return total / 1024


class PeakMemory:
    """Sample the server's memory every half second in a thread; keep the peak."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self.start = pids, 0.0, tree_rss_mb(pids)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pids))
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb(self.pids))


# --- one reader ---------------------------------------------------------------------------


@dataclass
class Result:
    """What one reader saw: seconds per step, and the failure that stopped it, if any."""

    times: dict[str, float] = field(default_factory=dict)
    failure: str | None = None


async def _done(page) -> None:
    await page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)


async def _nav(page, label: str) -> None:
    """Click a page in the sidebar; wait until its heading replaced the last one and it ran."""
    before = await page.locator("h1").first.inner_text()
    await page.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
    await page.wait_for_function(
        "(old) => { const h = document.querySelector('h1'); return h && h.innerText !== old; }",
        arg=before,
        timeout=TIMEOUT_MS,
    )
    await _done(page)


async def reader(browser, url: str, search: str, index: int) -> Result:
    """Walk every page as one reader; time each step."""
    result = Result()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    step = "overview"

    async def timed(name: str, action) -> None:
        nonlocal step
        step = name
        started = time.perf_counter()
        await action()
        result.times[name] = time.perf_counter() - started

    async def overview() -> None:
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=TIMEOUT_MS)
        await _done(page)
        await page.locator('[data-testid="stMetric"]').first.wait_for()

    async def map_page() -> None:
        await _nav(page, "Map")
        frame = page.frame_locator(MAP_FRAME)
        await frame.locator(".leaflet-container").wait_for(state="visible")
        await frame.locator(".leaflet-marker-icon, .leaflet-interactive").first.wait_for(
            state="attached"
        )

    async def timeline() -> None:
        await _nav(page, "Timeline")
        await page.locator(f"{CHART} .scatterlayer .points path").first.wait_for(state="attached")

    async def search_filter() -> None:
        box = page.get_by_label("Search titles and descriptions")
        await box.fill(search)
        await box.press("Enter")
        await page.wait_for_url(f"**q={search}**", timeout=TIMEOUT_MS)
        await _done(page)
        await page.locator(f"{CHART} .scatterlayer .points path").first.wait_for(state="attached")

    async def select() -> None:
        await page.locator(f"{CHART} .scatterlayer .points path").first.click(force=True)
        await page.wait_for_url("**event=**", timeout=TIMEOUT_MS)
        await page.locator('[class*="st-key-detail-"]').first.wait_for(state="visible")
        dialog = page.locator('[role="dialog"]')
        if (
            await dialog.count()
        ):  # a chart click opens the detail in a dialog: close it, as readers do
            await page.keyboard.press("Escape")
            await dialog.wait_for(state="detached")

    async def counts() -> None:
        await _nav(page, "Counts")
        await page.locator(CHART).first.wait_for(state="attached")

    try:
        await timed("overview", overview)
        await timed("map", map_page)
        await timed("timeline", timeline)
        await timed("filter", search_filter)
        await timed("select", select)
        await timed("counts", counts)
        await timed("sources", lambda: _nav(page, "Sources & data"))
        await timed("about", lambda: _nav(page, "About"))
        if await page.locator('[data-testid="stException"]').count():
            raise RuntimeError("an exception is shown on the page")
    except Exception as exc:  # noqa: BLE001 - every failure is counted and named
        result.failure = f"reader {index}, step {step}: {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        await context.close()
    return result


async def run(url: str, sessions: int, search: str, browsers: int) -> list[Result]:
    """Start ``sessions`` readers at once, spread over ``browsers`` Chromium processes."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = [
            await p.chromium.launch(executable_path=CHROMIUM, args=ARGS) for _ in range(browsers)
        ]
        try:
            # Warm-up, as after a deploy: one reader opens the root first, so st.navigation has
            # run once before the measured readers arrive (a first viewer on a fresh server can
            # have a first change reverted; issue 14).
            warm = await launched[0].new_context()
            page = await warm.new_page()
            await page.goto(url, timeout=TIMEOUT_MS)
            await page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=TIMEOUT_MS)
            await _done(page)
            await warm.close()
            return await asyncio.gather(
                *(reader(launched[i % browsers], url, search, i) for i in range(sessions))
            )
        finally:
            for browser in launched:
                await browser.close()


# --- report -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Return the ``q`` quantile (0..1) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def report(label: str, results: list[Result], memory: PeakMemory, seconds: float) -> dict:
    """Print one run's figures and return them."""
    failures = [r.failure for r in results if r.failure]
    print(f"\n== {label}: {len(results)} sessions at once, {seconds:.0f} s in all")
    print(f"failures: {len(failures)}")
    for failure in failures:
        print(f"  {failure}")
    print(f"{'step':<10} {'n':>3} {'median (s)':>11} {'p95 (s)':>8} {'max (s)':>8}")
    figures: dict = {"label": label, "sessions": len(results), "failures": failures, "steps": {}}
    for step in STEPS:
        values = [r.times[step] for r in results if step in r.times]
        if not values:
            continue
        med, p95 = statistics.median(values), percentile(values, 0.95)
        figures["steps"][step] = {"n": len(values), "median": med, "p95": p95, "max": max(values)}
        print(f"{step:<10} {len(values):>3} {med:>11.1f} {p95:>8.1f} {max(values):>8.1f}")
    print(f"server memory (RSS of the process tree): {memory.start:.0f} MB before, "
          f"{memory.peak:.0f} MB peak")  # fmt: skip
    figures["rss_before_mb"], figures["rss_peak_mb"] = memory.start, memory.peak
    return figures


def _start_server(home: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.address", "127.0.0.1",
            "--server.port", str(port), "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("server did not start")


def _pids(args: argparse.Namespace) -> list[int]:
    pids = list(args.pid)
    for pid_file in args.pid_file:
        pids += [int(p) for p in Path(pid_file).read_text().split()]
    return pids


def main(argv: list[str] | None = None) -> int:
    """Run the load test; exit 1 when any reader failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25])
    parser.add_argument("--url", help="a running server or proxy (default: start one)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="server pid")
    parser.add_argument("--pid-file", action="append", default=[], help="file of server pids")
    parser.add_argument(
        "--search",
        default="Shetpe",
        help="text typed into the search box (must match a timed event)",
    )
    parser.add_argument("--browsers", type=int, default=1, help="Chromium processes to use")
    parser.add_argument("--label", default="", help="name of the set-up, for the report")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="load-test-"))
    os.environ.setdefault("HOME", str(home))
    server = None
    if args.url:
        url, pids = args.url.rstrip("/"), _pids(args)
    else:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = _start_server(home, port)
        url, pids = f"http://127.0.0.1:{port}", [server.pid]
    all_figures, failed = [], False
    try:
        for n in args.sessions:
            label = f"{args.label or 'one server'}, N={n}"
            with PeakMemory(pids) as memory:
                started = time.perf_counter()
                results = asyncio.run(run(url, n, args.search, args.browsers))
                seconds = time.perf_counter() - started
            all_figures.append(report(label, results, memory, seconds))
            failed |= any(r.failure for r in results)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
    if args.json:
        Path(args.json).write_text(json.dumps(all_figures, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
