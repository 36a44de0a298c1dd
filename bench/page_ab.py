"""One page of two or more checkouts, alternated: seconds to the drawn view and the browser's CPU.

``python bench/page_ab.py ROUNDS PAGE SIZES CHECKOUT [CHECKOUT ...]``, e.g.
``python bench/page_ab.py 8 timeline shipped,10000 /tmp/main-copy .``: one server per checkout and
dataset (``shipped`` or a synthetic size from ``bench.synth``), then ROUNDS rounds, each visiting
the empty page, the one-chart floor (``bench/naive_app.py``) and the page of every checkout, the
checkouts' order reversed every other round. Each visit is ``bench/run.py``'s (a fresh tab,
navigation to the drawn view) and also reads the CPU seconds all Chromium processes spent during
it (the GPU process included, where WebGL draws). Prints each round, then medians, ÷ empty page,
÷ floor, and each checkout against the first (ratio of medians and the median of per-round ratios),
with the load average: on a shared machine, compare the ratios.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.synth import synthetic  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def _cpu(session) -> dict[int, float]:
    return {p["id"]: p["cpuTime"] for p in session.send("SystemInfo.getProcessInfo")["processInfo"]}


def visit(browser, session, url: str, what: str) -> tuple[float, float]:
    """Return (seconds to the drawn view, CPU seconds of every browser process meanwhile).

    As ``bench/run.py``'s ``visit`` (a fresh tab), the CPU read before the tab closes: its
    renderer process is counted with the browser's and the GPU process's.
    """
    before = _cpu(session)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    run.track_requests(page)
    started = time.perf_counter()
    page.goto(url, timeout=run.TIMEOUT)
    run._wait_drawn(page, what)
    seconds = time.perf_counter() - started
    after = _cpu(session)
    page.close()
    return seconds, sum(value - before.get(pid, 0.0) for pid, value in after.items())


def main() -> None:
    rounds, page, sizes = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
    checkouts = {chr(ord("A") + i): Path(p).resolve() for i, p in enumerate(sys.argv[4:])}
    home = Path(tempfile.mkdtemp(prefix="bench-ab-"))
    folders = {
        size: ROOT / "data" if size == "shipped" else synthetic(int(size), home / f"data-{size}")
        for size in sizes
    }
    servers = {}
    naive = None
    found: dict[str, list[tuple[float, float]]] = {}
    loads = []
    try:
        for size, folder in folders.items():
            for key, root in checkouts.items():
                cache = home / f"cache-{size}-{key}"
                servers[size, key] = run.Server(root / "app.py", folder, cache, home)
        naive = run.Server(run._naive_dir(home), folders[sizes[0]], home / "cache-naive", home)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            session = browser.new_browser_cdp_session()
            for server in servers.values():  # the data validated, the figure cached
                run.visit(browser, f"{server.url}/{page}", page)
            run.visit(browser, f"{naive.url}/?view=one-chart", "one-chart")
            for index in range(rounds):
                order = list(checkouts) if index % 2 == 0 else list(checkouts)[::-1]
                jobs = [("empty", "?view=empty", naive), ("one-chart", "?view=one-chart", naive)]
                jobs += [
                    (f"{size}-{key}", page, servers[size, key]) for size in sizes for key in order
                ]
                for name, path, server in jobs:
                    what = name if server is naive else page
                    found.setdefault(name, []).append(
                        visit(browser, session, f"{server.url}/{path}", what)
                    )
                loads.append(os.getloadavg()[0])
                print(f"round {index}: " + " ".join(f"{n} {v[-1][0]:.2f}" for n, v in found.items())
                      + f"; load {loads[-1]:.1f}", flush=True)  # fmt: skip
            browser.close()
    finally:
        for server in [*servers.values(), naive]:
            if server is not None:
                server.stop()
        shutil.rmtree(home, ignore_errors=True)
    print(f"\n{page}: median of {rounds} rounds, load average {min(loads):.1f}-{max(loads):.1f}")
    print("checkouts: " + ", ".join(f"{k} {v}" for k, v in checkouts.items()))
    for at, label in ((0, "drawn s"), (1, "browser CPU s")):
        median = {name: statistics.median(v[at] for v in runs) for name, runs in found.items()}
        print(f"{label:<16}{'':>8}{'÷ empty':>9}{'÷ floor':>9}")
        for name, value in median.items():
            print(f"  {name:<14}{value:8.2f}{value / median['empty']:9.2f}"
                  f"{value / median['one-chart']:9.2f}")  # fmt: skip
        for size in sizes:
            first = found[f"{size}-A"]
            for key in list(checkouts)[1:]:
                ratios = [b[at] / a[at] for a, b in zip(first, found[f"{size}-{key}"], strict=True)]
                print(f"  {size}: {key} ÷ A {median[f'{size}-{key}'] / median[f'{size}-A']:.3f} "
                      f"(median of rounds {statistics.median(ratios):.3f}; "
                      + " ".join(f"{r:.2f}" for r in sorted(ratios)) + ")")  # fmt: skip


if __name__ == "__main__":
    main()
