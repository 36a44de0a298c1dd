"""Synthetic datasets for the benchmarks: the shipped data grown to N events with a fixed seed.

Most events sit at the shipped data's few shared places, some are scattered over the region
(each its own point) and some have no place, as in an export from an event database.
``python -m bench.synth N DIR`` writes one.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
SEED = 20111216
SHARED, SCATTERED = 0.70, 0.15  # the rest has no place
REGION = (50.5, 42.5, 54.5, 45.5)  # lon/lat box the scattered events fall in


def _when(rng: random.Random) -> datetime:
    # half the events in the busy week, the rest over fifteen months, as in the real data
    if rng.random() < 0.5:
        return datetime(2011, 12, 15) + timedelta(minutes=rng.randrange(9 * 24 * 60))
    return datetime(2011, 5, 1) + timedelta(minutes=rng.randrange(470 * 24 * 60))


def synthetic(n: int, folder: Path, seed: int = SEED) -> Path:
    """Write the shipped dataset grown to ``n`` events into ``folder`` and return it.

    The shipped events are kept (dataset.json refers to some); the others copy a shipped
    event's texts, category, claimant and sources, with a new id, date and place.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "counts.csv", "dataset.json", "outlines.geojson"):
        if (SHIPPED / name).exists():
            shutil.copy(SHIPPED / name, folder / name)
    shipped = json.loads((SHIPPED / "events.geojson").read_text("utf-8"))["features"]
    places = sorted(
        {
            (tuple(f["geometry"]["coordinates"]), f["properties"]["place"])
            for f in shipped
            if f["geometry"]
        }
    )
    rng = random.Random(seed)
    features = list(shipped[:n])
    for i in range(len(features), n):
        feature = copy.deepcopy(rng.choice(shipped))
        props = feature["properties"]
        props["id"] = f"{props['id']}-s{i}"
        when = _when(rng)
        precision = rng.choice(["minute", "hour", "day", "part_of_day", "day"])
        props.update(time_precision=precision, end=None, part_of_day=None, time_note_en=None)
        if precision in ("minute", "hour"):
            props["start"] = when.strftime("%Y-%m-%dT%H:%M+05:00")
        else:
            props["start"] = when.strftime("%Y-%m-%d")
        if precision == "part_of_day":
            props["part_of_day"] = rng.choice(["morning", "afternoon", "evening", "night"])
        if precision == "day" and rng.random() < 0.1:
            props["end"] = (when + timedelta(days=rng.randrange(1, 30))).strftime("%Y-%m-%d")
        roll = rng.random()
        props["location_uncertainty_km"] = None
        if roll < SHARED:
            coords, place = rng.choice(places)
            feature["geometry"] = {"type": "Point", "coordinates": list(coords)}
            props.update(place=place, location_precision="town")
        elif roll < SHARED + SCATTERED:
            lon = round(rng.uniform(REGION[0], REGION[2]), 5)
            lat = round(rng.uniform(REGION[1], REGION[3]), 5)
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
            props.update(place=f"Site {i}", location_precision="exact")
        else:
            feature["geometry"] = None
            props.update(place=None, location_precision="unknown")
        features.append(feature)
    collection = {"type": "FeatureCollection", "features": features}
    (folder / "events.geojson").write_text(json.dumps(collection, ensure_ascii=False), "utf-8")
    return folder


if __name__ == "__main__":
    print(synthetic(int(sys.argv[1]), Path(sys.argv[2])))
