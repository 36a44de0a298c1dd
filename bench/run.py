"""The benchmark (``make bench``): every page at 1,000, 10,000 and 100,000 events, against the naive way.

For each dataset (the shipped data and synthetic ones from ``bench.synth``; sizes from
``BENCH_SIZES``, e.g. ``BENCH_SIZES=1000,10000``; default ``shipped,1000,10000,100000``) it prints:

- cold start: seconds from starting the server (empty cache directory, so the data is validated)
  to the first page drawn in Chromium; warm start: the same after a restart (validated copy);
- per page: navigation to the drawn view in Chromium (median of 3 fresh tabs), bytes received over
  the websocket, and the server rerun after a category filter change (AppTest, median of 3);
- the server's memory: resident after one viewer saw every page, with 5 viewers, after they left,
  and the peak (VmHWM);
- in the same run and on the same data, the naive map (one ``folium.Marker`` with a popup per event
  through ``st_folium``), the naive timeline (one plotly trace per category with every event) and
  an empty Streamlit page (``bench/naive_app.py``), and our figures divided by theirs.

The naive map and timeline are skipped above ``BENCH_NAIVE_MAX`` events (default 10,000: at
100,000 one visit of the naive timeline had not drawn after seven minutes on a loaded machine).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synth import synthetic  # noqa: E402
from tests.browser import track_requests, wait_for_app  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port  # noqa: E402

PAGES = ("overview", "map", "timeline", "counts", "sources")
TIMEOUT = 600_000  # ms: the naive map at 10,000 events takes minutes on a loaded machine
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
NAIVE_MAX = int(os.environ.get("BENCH_NAIVE_MAX", "10000"))
FLOORS = ("one-chart", "one-map", "one-table")
"""Pages with one small plotly figure, one folium map with one marker, one three-row table:
what the libraries cost whatever the data (a page that draws one cannot take less)."""
SESSION_TTL = 10
"""Seconds a disconnected session is kept (Streamlit's default is 120; shorter here so "after
they left" is read within a minute and a half, not four)."""
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PLOT_DRAWN = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return gd && gd._fullLayout && gd.querySelector('.scatterlayer, .barlayer, .gl-container');
}"""


class Server:
    """``streamlit run`` of a script on a data directory, with its own cache directory."""

    def __init__(
        self, script: Path, data_dir: Path, cache: Path, home: Path, prepare: bool = False
    ) -> None:
        """``prepare``: also start ``python -m lib.store --prepare`` beside it, as `make run` does."""
        self.port = _free_port()
        self.log = home / f"server-{self.port}.log"
        """The server's own messages (a page's exception in full)."""
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "HOME": str(home),
            "TMPDIR": str(home),
            "EVENTS_DATA_DIR": str(data_dir),
            "EVENTS_CACHE_DIR": str(cache),
            "PYTHONPATH": str(ROOT),
            "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),  # as `make run` sets
        }
        self.started = time.perf_counter()
        self.preparing = (
            subprocess.Popen(
                [sys.executable, "-m", "lib.store", "--prepare"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=self.log.with_suffix(".prepare.log").open("wb"),
            )
            if prepare
            else None
        )
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(script),
                "--server.headless", "true", "--server.address", "127.0.0.1",
                "--server.port", str(self.port), "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none", "--server.enableStaticServing", "true",
                "--server.disconnectedSessionTTL", str(SESSION_TTL),
            ],
            cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"),
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)  # polling for readiness, not a fixed wait
        raise RuntimeError("server did not start")

    def memory(self) -> tuple[float, float]:
        """Return (resident, peak resident) memory of the server in MB."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            fields[name] = value
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def memory_after_leaving(self, before: float) -> tuple[float, float]:
        """Return (resident, peak) MB once viewers who left are gone: their sessions end
        ``SESSION_TTL`` s after their sockets close, and freed memory is handed back within
        30 s (``lib.store.keep_releasing_memory``); at most a minute past that."""
        deadline = time.monotonic() + SESSION_TTL + 60
        while time.monotonic() < deadline and self.memory()[0] >= before * 0.9:
            time.sleep(2)  # polling the server's memory, not a fixed wait
        return self.memory()

    def stop(self) -> None:
        if self.preparing is not None and self.preparing.poll() is None:
            self.preparing.kill()
            self.preparing.wait(timeout=30)
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # busy validating 100,000 events: stop it for good
            self.process.kill()
            self.process.wait(timeout=30)


def _wait_drawn(page, what: str, network_idle: bool = True) -> None:
    wait_for_app(page, TIMEOUT, network_idle)
    if page.locator('[data-testid="stException"]').count():
        logs = sorted(Path(tempfile.gettempdir()).glob("bench-*/server-*.log"))
        tails = "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
        raise RuntimeError(
            f"{what}: {page.locator('[data-testid=stException]').first.inner_text()}\n{tails}"
        )
    if what in ("map", "naive-map", "one-map"):
        frame = page.frame_locator(MAP_FRAME)
        selector = ".ev-badge, .map-title" if what == "map" else ".leaflet-marker-icon"
        frame.locator(selector).first.wait_for(timeout=TIMEOUT)
    elif what in ("timeline", "counts", "naive-timeline", "one-chart"):
        page.wait_for_function(PLOT_DRAWN, timeout=TIMEOUT, polling=50)
    elif what in ("overview", "sources"):  # the page's title: before it, the data was loading
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=TIMEOUT)
        if what == "sources":  # and its tables, as the floor page's
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=TIMEOUT)
    elif what == "empty":
        page.get_by_text("Empty page").wait_for(timeout=TIMEOUT)
    elif what == "one-table":
        page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=TIMEOUT)


def visit(browser, url: str, what: str) -> tuple[float, int]:
    """Open ``url`` in a fresh tab; return (seconds to the drawn view, websocket bytes received)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    track_requests(page)
    received = [0]

    def on_socket(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_socket)
    print(f"  … {what}: {url}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT)
    _wait_drawn(page, what)
    seconds = time.perf_counter() - started
    page.close()
    return seconds, received[0]


def measure(browser, url: str, what: str) -> tuple[float, int]:
    """Median seconds of ``REPEATS`` visits and the largest byte count (printed as measured)."""
    runs = [visit(browser, url, what) for _ in range(REPEATS)]
    found = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    print(
        f"  {what}: drawn {found[0]:.2f} s (median of {REPEATS}), {found[1] / 1024:.0f} KB; "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return found


def reruns(data_dir: Path, cache: Path) -> dict[str, float]:
    """Median seconds of a server rerun after a category filter change, per page (AppTest)."""
    from streamlit.testing.v1 import AppTest

    from lib import cache as shared
    from tests.apptest_support import frame_reruns

    os.environ["EVENTS_DATA_DIR"] = str(data_dir)
    os.environ["EVENTS_CACHE_DIR"] = str(cache)
    out = {}
    with frame_reruns():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT / 1000)
        at.run()
        for name in PAGES:
            at.switch_page(f"pages/{name}.py").run()
            times = []
            for i in range(REPEATS):
                choice = ["violence"] if i % 2 == 0 else ["protest", "detention"]
                at.multiselect(key="filter_cat").set_value(choice)
                started = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - started)
                if at.exception:
                    raise RuntimeError(f"{name}: {at.exception}")
            out[name] = statistics.median(times)
    shared.shared_dataset.clear()  # free this process's copy before the next size
    return out


def naive_rerun(data_dir: Path, view: str) -> float:
    """Median seconds of a rerun of the naive page (it has no filters: the same run again)."""
    from streamlit.testing.v1 import AppTest

    os.environ["EVENTS_DATA_DIR"] = str(data_dir)
    at = AppTest.from_file(str(ROOT / "bench" / "naive_app.py"), default_timeout=TIMEOUT / 1000)
    at.query_params["view"] = view
    at.run()
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _naive_dir(home: Path) -> Path:
    """A folder holding the naive app beside the app's static files (served at /app/static)."""
    folder = home / "naive"
    folder.mkdir(exist_ok=True)
    shutil.copy(ROOT / "bench" / "naive_app.py", folder / "naive_app.py")
    if not (folder / "static").exists():
        (folder / "static").symlink_to(ROOT / "static")
    return folder / "naive_app.py"


def five_viewers(browser, url: str) -> None:
    """Five viewers, each in its own browser context, open every page one after the other."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(5)]
    pages = [c.new_page() for c in contexts]
    for page in pages:
        track_requests(page)
    for name in PAGES:
        for page in pages:
            page.goto(f"{url}/{'' if name == 'overview' else name}", timeout=TIMEOUT)
        for page in pages:  # drawn, not waiting for network silence (see wait_for_app)
            _wait_drawn(page, name, network_idle=False)
    for context in contexts:
        context.close()


def run_size(label: str, data_dir: Path, home: Path, rows: list[dict]) -> None:
    from playwright.sync_api import sync_playwright

    n = len(__import__("json").loads((data_dir / "events.geojson").read_text("utf-8"))["features"])
    cache = home / f"cache-{label}"
    row: dict = {"label": label, "n": n}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"[{label}] load average at start {os.getloadavg()[0]:.1f}", flush=True)
        server = Server(ROOT / "app.py", data_dir, cache, home, prepare=True)
        try:
            first, _ = visit(browser, server.url, "overview")
            row["cold"] = time.perf_counter() - server.started
            row["cold_page"] = first
            print(f"  cold start to first page {row['cold']:.1f} s", flush=True)
            for name in PAGES:
                path = "" if name == "overview" else name
                row[name] = measure(browser, f"{server.url}/{path}", name)
            row["rss_one"], _ = server.memory()
            five_viewers(browser, server.url)
            row["rss_five"], _ = server.memory()
            row["rss_left"], row["peak"] = server.memory_after_leaving(row["rss_five"])
            print(
                f"  memory MB: one viewer {row['rss_one']:.0f}, five {row['rss_five']:.0f}, "
                f"after they left {row['rss_left']:.0f}, peak {row['peak']:.0f}",
                flush=True,
            )
        finally:
            server.stop()
        server = Server(ROOT / "app.py", data_dir, cache, home, prepare=True)
        try:
            visit(browser, server.url, "overview")
            row["warm"] = time.perf_counter() - server.started
        finally:
            server.stop()
        naive = Server(_naive_dir(home), data_dir, cache, home)
        try:
            visit(browser, f"{naive.url}/?view=empty", "empty")  # warm, as ours was
            row["empty"] = measure(browser, f"{naive.url}/?view=empty", "empty")
            for floor in FLOORS:
                row[floor] = measure(browser, f"{naive.url}/?view={floor}", floor)
            if n <= NAIVE_MAX:  # above, the naive ways take many minutes per visit
                row["naive_timeline"] = measure(
                    browser, f"{naive.url}/?view=timeline", "naive-timeline"
                )
                row["naive_map"] = measure(browser, f"{naive.url}/?view=map", "naive-map")
        finally:
            naive.stop()
        browser.close()
    row["rerun"] = reruns(data_dir, cache)
    print(f"  reruns: {row['rerun']}", flush=True)
    if "naive_map" in row:
        row["naive_rerun_timeline"] = naive_rerun(data_dir, "timeline")
        row["naive_rerun_map"] = naive_rerun(data_dir, "map")
    row["load"] = os.getloadavg()
    rows.append(row)
    report(row)


FLOOR_OF = {
    "map": "one-map",
    "timeline": "one-chart",
    "counts": "one-chart",
    "sources": "one-table",
}
"""The floor page each of our pages is compared with (÷ floor)."""


def report(row: dict) -> None:
    """Print one dataset's figures and ratios (÷ floor: against the page with one figure or
    one map, which no page drawing one can beat)."""
    load = " / ".join(f"{x:.1f}" for x in row["load"])
    print(f"\n## {row['label']} ({row['n']:,} events); load average {load} (1/5/15 min) when done")
    print(
        f"cold start to first page {row['cold']:.1f} s (validating); "
        f"warm restart {row['warm']:.1f} s (validated copy)"
    )
    empty_s = row["empty"][0]
    print(f"{'page':<16}{'drawn s':>9}{'÷ empty':>9}{'÷ floor':>9}{'KB sent':>10}{'rerun s':>9}")
    for name in PAGES:
        seconds, sent = row[name]
        floor = FLOOR_OF.get(name)
        of_floor = f"{seconds / row[floor][0]:>9.2f}" if floor in row else f"{'':>9}"
        print(
            f"{name:<16}{seconds:>9.2f}{seconds / empty_s:>9.2f}{of_floor}{sent / 1024:>10.0f}"
            f"{row['rerun'][name]:>9.3f}"
        )
    print(f"{'empty page':<16}{empty_s:>9.2f}{1:>9.2f}{'':>9}{row['empty'][1] / 1024:>10.0f}")
    for floor in FLOORS:
        if floor in row:
            seconds, sent = row[floor]
            print(
                f"{floor:<16}{seconds:>9.2f}{seconds / empty_s:>9.2f}{1:>9.2f}{sent / 1024:>10.0f}"
            )
    for ours, theirs in (("timeline", "naive_timeline"), ("map", "naive_map")):
        if theirs not in row:
            print(f"naive {ours}: skipped above BENCH_NAIVE_MAX ({NAIVE_MAX:,}) events")
            continue
        (s, b), (ns, nb) = row[ours], row[theirs]
        nr = row[f"naive_rerun_{ours}"]
        print(
            f"naive {ours:<9} drawn {ns:.2f} s, {nb / 1024:.0f} KB, rerun {nr:.3f} s; "
            f"ours ÷ naive: drawn {s / ns:.2f}, bytes {b / nb:.2f}, rerun {row['rerun'][ours] / nr:.2f}"
        )
    print(
        f"server memory: {row['rss_one']:.0f} MB after one viewer saw every page, "
        f"{row['rss_five']:.0f} MB with 5 viewers, {row['rss_left']:.0f} MB after they left, "
        f"peak {row['peak']:.0f} MB"
    )
    sys.stdout.flush()


def main() -> None:
    sizes = os.environ.get("BENCH_SIZES", "shipped,1000,10000,100000").split(",")
    home = Path(tempfile.mkdtemp(prefix="bench-"))
    rows: list[dict] = []
    print(f"benchmark {date.today()}: sizes {', '.join(sizes)}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    try:
        for size in sizes:
            size = size.strip()
            if size == "shipped":
                run_size("shipped", ROOT / "data", home, rows)
            else:
                n = int(size)
                run_size(f"{n:,}", synthetic(n, home / f"data-{n}"), home, rows)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
