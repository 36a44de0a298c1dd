"""Seconds from starting the server to the first page shown (its page list and the loading
notice) and drawn with the data, cold (empty cache directory, so the data is validated), for
one or more checkouts of the app, alternated.

``python bench/cold_start.py N [TREE ...]`` (default: this checkout): ``BENCH_ROUNDS`` rounds
(default 3) of one cold start per tree on the same ``N`` synthetic events, each tree's server
run from its own code, printed with the load average before and after. Comparing ``main`` with
a branch on a shared machine: ``python bench/cold_start.py 100000 /work/main .``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.run as run  # noqa: E402
from bench.synth import synthetic  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


SHOWN = """() => {
    const nav = document.querySelector('[data-testid="stSidebarNav"] a');
    const main = document.querySelector('[data-testid="stMain"]');
    return Boolean(nav && main && main.querySelector('[data-testid="stSpinner"], h1'));
}"""
"""The page shown: the app's page list, and the loading notice or the page's title."""


def cold_start(browser, tree: Path, data_dir: Path, home: Path) -> tuple[float, float]:
    """Seconds from starting ``tree``'s server (empty cache) to its first page shown (its page
    list and what it is doing: ``SHOWN``) and to that page drawn with the data."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=home))
    run.ROOT = tree  # the server's PYTHONPATH: that tree's code
    # as `make run` starts it: the validation beside the server, where the tree has it
    prepare = "--prepare" in (tree / "lib" / "store.py").read_text("utf-8")
    server = run.Server(tree / "app.py", data_dir, cache, home, prepare=prepare)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    run.track_requests(page)
    try:
        page.goto(server.url, timeout=run.TIMEOUT)
        page.wait_for_function(SHOWN, timeout=run.TIMEOUT, polling=50)
        shown = time.perf_counter() - server.started
        run._wait_drawn(page, "overview")
        return shown, time.perf_counter() - server.started
    finally:
        page.close()
        server.stop()
        shutil.rmtree(cache, ignore_errors=True)


def main(n: int, trees: list[Path]) -> None:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    try:
        data_dir = synthetic(n, home / "data")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for round_ in range(int(os.environ.get("BENCH_ROUNDS", "3"))):
                for tree in trees:
                    before = _load()
                    shown, drawn = cold_start(browser, tree, data_dir, home)
                    print(
                        f"round {round_ + 1}, {tree}: cold start to first page shown {shown:.1f} s, "
                        f"drawn with the data {drawn:.1f} s; load {before} -> {_load()}",
                        flush=True,
                    )
            browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    trees = [Path(a).resolve() for a in sys.argv[2:]] or [ROOT]
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, trees)
