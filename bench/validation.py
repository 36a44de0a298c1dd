"""CPU seconds and peak memory of validating and loading synthetic events (no validated copy).

``python bench/validation.py [N ...]`` (default 1,000, 10,000 and 100,000): each size is loaded
by ``lib.events.load_dataset`` in a fresh process, which prints its CPU seconds (user +
system; apart, those of the child that checks half the events, when there is one: on an idle
second core the wall time follows the larger of the two), wall seconds and peak
resident memory (``ru_maxrss``), with the load average before and after. ``BENCH_PROFILE=1``
prints the top of a cProfile of the load instead. ``BENCH_PARTS=1,2`` loads each size in one
process and in two parts (``load_dataset``'s ``parts``; default ``lib.store.PARTS``, what the
app's child uses), alternated ``BENCH_ROUNDS`` times (default 1).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import cProfile, os, pstats, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from lib.events import load_dataset
folder = Path(sys.argv[1])
profile = os.environ.get("BENCH_PROFILE") == "1"
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
if profile:
    prof = cProfile.Profile()
    prof.enable()
dataset = load_dataset(folder, parts=int(sys.argv[2]))
if profile:
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF)
child = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
helper = child.ru_utime + child.ru_stime
print(f"{{len(dataset.events)}} {{cpu:.2f}} {{helper:.2f}} {{wall:.2f}} {{after.ru_maxrss / 1024:.0f}}")
"""


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(n: int, home: Path, parts: int) -> str:
    """Return one line of figures for ``n`` synthetic events (the data made first)."""
    from bench.synth import synthetic

    folder = home / f"v{n}"
    if not (folder / "events.geojson").exists():
        synthetic(n, folder)
    load = _load()
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(folder), str(parts)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if os.environ.get("BENCH_PROFILE") == "1":
        print(out)
    events, cpu, helper, wall, peak = out.strip().splitlines()[-1].split()
    return (
        f"{int(events):>7,} events, {parts} part(s): {float(cpu):6.2f} s CPU "
        f"(+ {float(helper):.2f} s in the child), {float(wall):6.2f} s wall, "
        f"peak {int(peak):5,} MB; load average {load} -> {_load()}"
    )


def main(sizes: list[int]) -> None:
    from lib.store import PARTS

    home = Path(os.environ.get("BENCH_DATA", tempfile.gettempdir()))
    parts = [int(p) for p in os.environ.get("BENCH_PARTS", str(PARTS)).split(",")]
    for _ in range(int(os.environ.get("BENCH_ROUNDS", "1"))):
        for n in sizes:
            for count in parts:
                print(measure(n, home, count), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
