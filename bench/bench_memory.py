"""Measure the server's memory: idle, and after a reader has opened every page.

Run from the repository root: ``.venv/bin/python bench/bench_memory.py``. Prints the resident
memory (RSS) of the ``streamlit run`` process for the shipped data and 10,000 synthetic events.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_timeline import ARGS, CHROMIUM, Server, synthetic  # noqa: E402
from tests.browser import open_page  # noqa: E402

PAGES = ("", "map", "timeline", "counts", "sources", "about")
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def visit_every_page(url: str) -> float:
    """Open each page in Chromium as a reader would; return the seconds it took."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path in PAGES:
            open_page(page, f"{url}/{path}", timeout=180_000)
            if path == "map":
                page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(
                    timeout=180_000
                )
        browser.close()
    return time.perf_counter() - started


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        cases = [("shipped", None), ("10,000 synthetic", synthetic(10_000, home / "data-10000"))]
        print(f"{'dataset':<18} {'idle (MB)':>10} {'after every page (MB)':>22} {'visit (s)':>10}")
        for port, (name, data_dir) in enumerate(cases, start=8810):
            server = Server(data_dir, port, home)
            try:
                idle = rss_mb(server.process.pid)
                seconds = visit_every_page(server.url)
                after = rss_mb(server.process.pid)
            finally:
                server.stop()
            print(f"{name:<18} {idle:>10.0f} {after:>22.0f} {seconds:>10.1f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
