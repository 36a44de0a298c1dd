"""Server memory at one size: one viewer, five viewers, after they leave; cold and warm start.

``python bench/memory.py 100000`` (the part of ``bench/run.py`` that matters at 100,000 events,
without the browser timings of every page, which take most of an hour on a loaded machine).
Prints, with the load average: seconds from starting the server (empty cache directory, so the
data is validated) to the first page drawn; resident MB after one viewer opened every page,
with five viewers (five browser contexts opening every page), after they left, the peak
(VmHWM); two more waves of five viewers, each measured the same way (what viewers leave
behind must not grow with their number); and the warm restart (validated copy) to the first
page.
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

from bench.run import PAGES, Server, five_viewers, visit  # noqa: E402
from bench.synth import synthetic  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main(n: int) -> None:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        data_dir = synthetic(n, home / "data")
        cache = home / "cache"
        print(f"{n:,} events; load average {_load()}", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            server = Server(ROOT / "app.py", data_dir, cache, home, prepare=True)
            try:
                visit(browser, server.url, "overview")
                cold = time.perf_counter() - server.started
                print(f"cold start to first page {cold:.1f} s; load {_load()}", flush=True)
                for name in PAGES:
                    seconds, sent = visit(
                        browser, f"{server.url}/{'' if name == 'overview' else name}", name
                    )
                    print(f"  {name}: drawn {seconds:.1f} s, {sent / 1024:.0f} KB", flush=True)
                one, _ = server.memory()
                print(f"one viewer saw every page: {one:.0f} MB; load {_load()}", flush=True)
                five_viewers(browser, server.url)
                five, _ = server.memory()
                print(f"five viewers saw every page: {five:.0f} MB; load {_load()}", flush=True)
                left, peak = server.memory_after_leaving(five)
                print(f"after they left: {left:.0f} MB; peak {peak:.0f} MB", flush=True)
                for wave in (2, 3):  # does what stays after viewers leave grow with more of them?
                    five_viewers(browser, server.url)
                    again, _ = server.memory()
                    left, peak = server.memory_after_leaving(again)
                    print(
                        f"five more viewers (wave {wave}): {again:.0f} MB; after they left "
                        f"{left:.0f} MB; peak {peak:.0f} MB; load {_load()}",
                        flush=True,
                    )
            finally:
                server.stop()
            server = Server(ROOT / "app.py", data_dir, cache, home, prepare=True)
            try:
                visit(browser, server.url, "overview")
                warm = time.perf_counter() - server.started
                print(f"warm restart to first page {warm:.1f} s; load {_load()}", flush=True)
            finally:
                server.stop()
            browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
