"""Time the Map page: browser time to a drawn map, component payload, server rerun after a filter.

Run: ``python bench/bench_map.py`` (needs /usr/bin/chromium). Prints one line per dataset:
the shipped data; synthetic 1,000 and 10,000 events with 20 % approximate events each at its own
point (``scattered``, the worst case, the data of the first figures); and 10,000 events whose
approximate events share 25 named places (``places``, closer to the shipped data).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import open_page  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, _Servers  # noqa: E402
from tests.factories import AKTAU, ZHANAOZEN, make_event, make_source, write_dataset  # noqa: E402

CATEGORIES = [
    "protest",
    "violence",
    "detention",
    "ill_treatment",
    "official_statement",
    "communications",
]


def _places(rng: random.Random, count: int = 25) -> list[tuple[list[float], int, str]]:
    """Return named approximate places in Mangystau: a point, an uncertainty (km) and a name."""
    return [
        (
            [round(rng.uniform(50.5, 54.0), 4), round(rng.uniform(42.8, 44.8), 4)],
            rng.choice([2, 5, 10, 45]),
            f"Place {k} (approximate)",
        )
        for k in range(count)
    ]


def synthetic(folder: Path, n: int, seed: int = 1, scattered: bool = False) -> Path:
    """Write ``n`` events, most at town level (Zhanaozen/Aktau), some approximate, some unplaced.

    Default: 70 % town level, 12 % at one of 25 named approximate places (as the shipped data
    does: several events share a place), 18 % unplaced (the shipped share). ``scattered`` is the
    worst case the first bench used: 20 % approximate, each at its own random point, 10 % unplaced.
    """
    rng = random.Random(seed)
    places = _places(rng)
    town_share, approx_share = (0.7, 0.9) if scattered else (0.7, 0.82)
    events = []
    for i in range(n):
        roll = rng.random()
        props = {
            "id": f"synthetic-{i}",
            "category": rng.choice(CATEGORIES),
            "start": f"2011-12-{rng.randint(16, 31):02d}",
            "title_en": f"Synthetic event {i}",
        }
        if roll < town_share:
            town = rng.choice([ZHANAOZEN, AKTAU])
            events.append(
                make_event(geometry={"type": "Point", "coordinates": list(town)}, **props)
            )
        elif roll < approx_share:
            if scattered:
                point = [round(rng.uniform(50.5, 54.0), 4), round(rng.uniform(42.8, 44.8), 4)]
                radius, place = rng.choice([2, 5, 10]), "Somewhere"
            else:
                point, radius, place = rng.choice(places)
            events.append(
                make_event(
                    geometry={"type": "Point", "coordinates": point},
                    location_precision="approximate",
                    location_uncertainty_km=radius,
                    location_note_en="synthetic",
                    place=place,
                    **props,
                )
            )
        else:
            events.append(make_event(geometry=None, place=None, **props))
    return write_dataset(folder, events=events, sources=[make_source()], counts=[])


def server_rerun(data_dir: Path | None) -> tuple[float, int]:
    """Return (seconds for one AppTest rerun after a category change, payload bytes)."""
    import os

    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import frame_reruns

    if data_dir is None:
        os.environ.pop("EVENTS_DATA_DIR", None)
    else:
        os.environ["EVENTS_DATA_DIR"] = str(data_dir)
    with frame_reruns():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.switch_page("pages/map.py").run()
        payload = len(at.get("component_instance")[0].proto.json_args.encode())
        widget = next(m for m in at.multiselect if m.key == "filter_cat")
        started = time.perf_counter()
        widget.set_value(["violence"]).run()
        elapsed = time.perf_counter() - started
    return elapsed, payload


def browser_time(url: str, runs: int = 3) -> float:
    """Return the median seconds from navigation to the first drawn event symbol."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort(),
        )
        open_page(
            page, url, timeout=120_000
        )  # the frame first: a fresh server needs one app.py run
        for _ in range(runs):
            started = time.perf_counter()
            page.goto(f"{url}/map")
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(".ev-badge").first.wait_for(timeout=300_000)
            times.append(time.perf_counter() - started)
        browser.close()
    return sorted(times)[len(times) // 2]


def main() -> None:
    """Print the figures for the shipped data and the synthetic datasets."""
    home = Path(tempfile.mkdtemp(prefix="bench-map-"))
    servers = _Servers(home)
    try:
        cases: list[tuple[str, Path | None]] = [("shipped", None)]
        for n in (1_000, 10_000):
            folder = home / f"scattered-{n}"
            cases.append((f"scattered {n:,}", synthetic(folder, n, scattered=True)))
        cases.append(("places 10,000", synthetic(home / "places-10000", 10_000)))
        print(f"{'dataset':<18}{'drawn (s)':>10}{'payload (KB)':>14}{'rerun (s)':>11}")
        for name, data_dir in cases:
            url = servers.start(data_dir)
            drawn = browser_time(url)
            rerun, payload = server_rerun(data_dir)
            print(f"{name:<18}{drawn:>10.2f}{payload / 1024:>14.0f}{rerun:>11.2f}", flush=True)
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
