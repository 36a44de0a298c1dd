"""Time the Timeline page: drawn in Chromium, and the server rerun after a filter change.

Run from the repository root: ``.venv/bin/python bench/bench_timeline.py``. Prints, for the
shipped data and for 1,000 and 10,000 synthetic events, the time from navigation to a drawn
chart in Chromium and the median script rerun time after a date filter change (AppTest).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.schema import Category, ClaimantType  # noqa: E402
from tests.browser import open_page  # noqa: E402
from tests.factories import make_event, write_dataset  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def synthetic(n: int, folder: Path) -> Path:
    """Write ``n`` random valid events (May 2011 to August 2012) with the shipped sources."""
    rng = random.Random(n)
    first = datetime(2011, 5, 1)
    events = []
    for i in range(n):
        # half the events fall in the busy week, as in the real data
        if rng.random() < 0.5:
            when = datetime(2011, 12, 15) + timedelta(minutes=rng.randrange(9 * 24 * 60))
        else:
            when = first + timedelta(minutes=rng.randrange(470 * 24 * 60))
        precision = rng.choice(["minute", "hour", "day", "part_of_day", "day"])
        props = {
            "id": f"synthetic-{i}",
            "title_en": f"Synthetic event {i}",
            "category": rng.choice(list(Category)).value,
            "claimant_type": rng.choice(list(ClaimantType)).value,
            "claimant": f"Claimant {i % 37}",
            "time_precision": precision,
            "sources": [{"source": "src-a", "locator": "p1"}],
        }
        if precision in ("minute", "hour"):
            props["start"] = when.strftime("%Y-%m-%dT%H:%M+05:00")
        else:
            props["start"] = when.strftime("%Y-%m-%d")
        if precision == "part_of_day":
            props["part_of_day"] = rng.choice(["morning", "afternoon", "evening", "night"])
        if precision == "day" and rng.random() < 0.1:
            props["end"] = (when + timedelta(days=rng.randrange(1, 30))).strftime("%Y-%m-%d")
        events.append(make_event(**props))
    return write_dataset(folder, events=events, counts=[])


class Server:
    """A ``streamlit run app.py`` on a data directory."""

    def __init__(self, data_dir: Path | None, port: int, home: Path) -> None:
        env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
        if data_dir:
            env["EVENTS_DATA_DIR"] = str(data_dir)
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
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
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && gd && gd._fullLayout && gd.calcdata && gd.calcdata.length > 0
        && gd.querySelector('.scatterlayer, .gl-container');
}"""


def browser_times(url: str, repeats: int = 3) -> list[float]:
    """Seconds from navigation to /timeline to a drawn chart, in fresh pages."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        warm = browser.new_page()
        # a fresh server must run the root (st.navigation) once before /timeline works
        open_page(warm, url, timeout=120_000)
        warm.close()
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            page.goto(f"{url}/timeline")
            try:
                page.wait_for_function(DRAWN, timeout=120_000, polling=50)
            except Exception:
                page.screenshot(path=str(ROOT / "test-results" / "bench-timeline-failed.png"))
                raise
            out.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return out


def rerun_times(data_dir: Path | None, repeats: int = 5) -> list[float]:
    """Seconds per script rerun after a date filter change, measured with AppTest."""
    from streamlit.testing.v1 import AppTest

    if data_dir:
        os.environ["EVENTS_DATA_DIR"] = str(data_dir)
    else:
        os.environ.pop("EVENTS_DATA_DIR", None)
    from tests.apptest_support import frame_reruns

    out = []
    with frame_reruns():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page("pages/timeline.py").run()
        shown = None
        for i in range(repeats):
            day = date(2011, 12, 20) if i % 2 == 0 else date(2012, 8, 1)
            at.date_input(key="filter_to").set_value(day)
            start = time.perf_counter()
            at.run()
            out.append(time.perf_counter() - start)
            assert not at.exception, at.exception
            assert at.get("plotly_chart"), "the timeline was not drawn"
            now = at.sidebar.caption[-1].value
            assert now != shown, "the filter change did not reach the frame"
            shown = now
    return out


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-timeline-"))
    try:
        cases = [("shipped", None)]
        for n in (1_000, 10_000):
            cases.append((f"{n:,} synthetic", synthetic(n, home / f"data-{n}")))
        print(f"{'dataset':<18} {'drawn in Chromium (s)':<28} {'rerun after filter (s)':<24}")
        for port, (name, data_dir) in enumerate(cases, start=8790):
            server = Server(data_dir, port, home)
            try:
                drawn = browser_times(server.url)
            finally:
                server.stop()
            reruns = rerun_times(data_dir)
            print(
                f"{name:<18} median {statistics.median(drawn):5.2f} "
                f"(min {min(drawn):.2f}, max {max(drawn):.2f})   "
                f"median {statistics.median(reruns):5.2f} (max {max(reruns):.2f})"
            )
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
