"""Time every export (map image, charts) at each size and format: first and warm.

Run from the repository root: ``.venv/bin/python bench/bench_exports.py``. Prints, for the
shipped data and no filters, the seconds each image takes the first time in this process
(Chromium and matplotlib start cold) and the median of three warm runs. The map image is meant to
take under 2 s warm.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.events import EventFilter, filter_counts, filter_events, load_dataset  # noqa: E402
from lib.publish import EXPORT_PRESETS, SHOT_SIZES  # noqa: E402
from lib.shot import SHOT_FIGURES, figure_image  # noqa: E402

WARM_RUNS = 3


def main() -> None:
    """Print a table of export times."""
    dataset = load_dataset(ROOT / "data")
    flt = EventFilter()
    events = filter_events(dataset.events, flt)
    counts = filter_counts(dataset.counts, flt)
    bounds = (
        events["t0"].min().date(),
        events["t1"].max().date(),
    )
    sizes = list(dict.fromkeys([*EXPORT_PRESETS, *SHOT_SIZES]))
    print(f"{'figure':<18} {'size':<5} {'fmt':<4} {'first s':>8} {'warm s':>7} {'bytes':>8}")
    for figure in SHOT_FIGURES:
        for size in sizes:
            for fmt in ("png", "svg"):
                start = time.perf_counter()
                data = figure_image(dataset, events, counts, flt, bounds, figure, size, fmt)
                first = time.perf_counter() - start
                warm = []
                for _ in range(WARM_RUNS):
                    start = time.perf_counter()
                    figure_image(dataset, events, counts, flt, bounds, figure, size, fmt)
                    warm.append(time.perf_counter() - start)
                print(
                    f"{figure:<18} {size:<5} {fmt:<4} {first:>8.2f} "
                    f"{statistics.median(warm):>7.2f} {len(data):>8}"
                )


if __name__ == "__main__":
    main()
