"""Small valid records and datasets for tests, built in code."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from lib.schema import COUNT_COLUMNS, SOURCE_COLUMNS

ZHANAOZEN = [52.85528, 43.33778]
AKTAU = [51.150, 43.650]


def make_source(**overrides: Any) -> dict[str, str]:
    """Return a valid sources.csv row."""
    row = {
        "id": "src-a",
        "title": "A test source",
        "publisher": "Test Publisher",
        "date": "2011-12-22",
        "url": "https://example.org/a",
        "language": "en",
    }
    row.update(overrides)
    return row


def make_count(**overrides: Any) -> dict[str, str]:
    """Return a valid counts.csv row."""
    row = {
        "id": "count-a",
        "metric": "detained",
        "value": "70",
        "qualifier": "exact",
        "claim_type": "official",
        "claimant": "Prosecutor General's office",
        "stated_on": "2011-12-18",
        "period_start": "2011-12-16",
        "period_end": "2011-12-17",
        "place": "Zhanaozen",
        "source_id": "src-a",
        "locator": "p4",
        "note": "",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def make_event(geometry: Any = "town", **overrides: Any) -> dict[str, Any]:
    """Return a valid GeoJSON Feature; ``geometry="town"`` puts it at Zhanaozen, None leaves it unplaced."""
    props = {
        "id": "event-a",
        "start": "2011-12-16",
        "end": None,
        "time_precision": "day",
        "part_of_day": None,
        "time_note_en": None,
        "title_en": "Test event",
        "description_en": "A test description.",
        "category": "protest",
        "place": "Zhanaozen",
        "location_precision": "town",
        "location_uncertainty_km": None,
        "location_note_en": None,
        "claimant_type": "official",
        "claimant": "Prosecutor General's office",
        "sources": [{"source": "src-a", "locator": "p4"}],
        "violence_described": False,
        "count_ids": [],
    }
    props.update(overrides)
    if geometry == "town":
        geometry = {"type": "Point", "coordinates": list(ZHANAOZEN)}
    if geometry is None and "location_precision" not in overrides:
        props["location_precision"] = "unknown"
    return {"type": "Feature", "geometry": geometry, "properties": props}


def make_info(**overrides: Any) -> dict[str, Any]:
    """Return a valid dataset.json with the three preset views of the shipped map."""
    info = {
        "title_en": "Test dataset",
        "summary_en": ["A test summary."],
        "map": {
            "title_en": "Test map",
            "views": [
                {"id": "region", "label_en": "Region", "center": [43.7, 52.05], "zoom": 8},
                {"id": "zhanaozen", "label_en": "Zhanaozen", "center": ZHANAOZEN[::-1], "zoom": 11},
                {"id": "aktau", "label_en": "Aktau", "center": AKTAU[::-1], "zoom": 11},
            ],
        },
    }
    info.update(overrides)
    return info


def write_dataset(
    folder: Path,
    events: list[dict[str, Any]] | None = None,
    sources: list[dict[str, str]] | None = None,
    counts: list[dict[str, str]] | None = None,
    info: dict[str, Any] | None = None,
) -> Path:
    """Write a dataset (defaults: one event, one source, one count) into ``folder`` and return it.

    ``info`` is written as dataset.json when given.
    """
    folder.mkdir(parents=True, exist_ok=True)
    events = [make_event()] if events is None else events
    sources = [make_source()] if sources is None else sources
    counts = [make_count()] if counts is None else counts
    collection = {"type": "FeatureCollection", "features": events}
    (folder / "events.geojson").write_text(json.dumps(collection, ensure_ascii=False), "utf-8")
    if info is not None:
        (folder / "dataset.json").write_text(json.dumps(info, ensure_ascii=False), "utf-8")
    for name, columns, rows in (
        ("sources.csv", SOURCE_COLUMNS, sources),
        ("counts.csv", COUNT_COLUMNS, counts),
    ):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder
