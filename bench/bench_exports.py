"""Time every export (map image, charts) at each size and format: first and warm.

Run from the repository root: ``.venv/bin/python bench/bench_exports.py [figure ...]``
(``--together N``: N viewers export the timeline's PNG at the same moment, in en/ru/kk; the
chart exports take turns, as kaleido's shared server must be used). Prints, for the
shipped data and no filters, the seconds each image takes the first time in this process
(Chromium and matplotlib start cold) and the median of three warm runs. The map image is meant to
take under 2 s warm. The machine may be shared: the last column is this process's own CPU time
(warm median), which other processes' load does not inflate; charts render in Chromium
(kaleido), outside this process, so only the map's CPU time is its whole cost. The last column
is what writing a PNG's title, source and credit into the file adds to a download (warm median).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.events import EventFilter, filter_counts, filter_events, load_dataset  # noqa: E402
from lib.publish import EXPORT_PRESETS, SHOT_SIZES, image_fields, png_with_text  # noqa: E402
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
    print(
        f"{'figure':<18} {'size':<5} {'fmt':<4} {'first s':>8} {'warm s':>7} {'bytes':>8}"
        f" {'warm cpu s':>10} {'+text s':>7}"
    )
    fields = image_fields(dataset.info, "A figure's title", "en")
    wanted = sys.argv[1:] or SHOT_FIGURES  # e.g. `bench_exports.py map`
    for figure in [f for f in SHOT_FIGURES if f in wanted]:
        for size in sizes:
            for fmt in ("png", "svg"):
                start = time.perf_counter()
                data = figure_image(dataset, events, counts, flt, bounds, figure, size, fmt)
                first = time.perf_counter() - start
                warm, cpu = [], []
                for _ in range(WARM_RUNS):
                    start, own = time.perf_counter(), time.process_time()
                    figure_image(dataset, events, counts, flt, bounds, figure, size, fmt)
                    warm.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - own)
                labelled = []
                for _ in range(WARM_RUNS if fmt == "png" else 0):
                    start = time.perf_counter()
                    png_with_text(data, fields)
                    labelled.append(time.perf_counter() - start)
                text = f"{statistics.median(labelled):>7.2f}" if labelled else f"{'—':>7}"
                print(
                    f"{figure:<18} {size:<5} {fmt:<4} {first:>8.2f} "
                    f"{statistics.median(warm):>7.2f} {len(data):>8} {statistics.median(cpu):>10.2f}"
                    f" {text}"
                )


def together(viewers: int) -> None:
    """Print how long each of ``viewers`` timeline PNG exports started at once takes."""
    from concurrent.futures import ThreadPoolExecutor

    dataset = load_dataset(ROOT / "data")
    flt = EventFilter()
    events, counts = dataset.events, dataset.counts
    bounds = (events["t0"].min().date(), events["t1"].max().date())
    figure_image(dataset, events, counts, flt, bounds, "timeline", "4x5", "png")  # warm

    def one(lang: str) -> float:
        start = time.perf_counter()
        figure_image(dataset, events, counts, flt, bounds, "timeline", "4x5", "png", lang=lang)
        return time.perf_counter() - start

    langs = [("en", "ru", "kk")[i % 3] for i in range(viewers)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=viewers) as pool:
        waits = sorted(pool.map(one, langs))
    print(f"{viewers} timeline PNG 4:5 exports at once: {time.perf_counter() - start:.2f} s in all")
    print("each viewer waited (s): " + ", ".join(f"{w:.2f}" for w in waits))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--together"]:
        together(int(sys.argv[2]))
    else:
        main()
