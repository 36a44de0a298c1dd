"""The faster loading and validation give exactly what the record-by-record way gave.

The references below are the previous implementations, kept here verbatim as the definition
of the expected result (the shipped data, a synthetic dataset and edge cases).
"""

from __future__ import annotations

import json
import math
from datetime import UTC
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from bench.synth import synthetic
from lib import events as events_module
from lib import schema, validate
from lib.events import CRS, claim_class, event_span, load_dataset
from lib.schema import EventProperties, SourceRef, translation_rule_problems, zone_from_offset
from lib.validate import MAX_DEPTH, check_directory
from tests.factories import make_event, write_dataset

ROOT = Path(__file__).resolve().parent.parent


def reference_frame(checked_events: list, zone: Any) -> gpd.GeoDataFrame:
    """The events frame as it was built before: one dict per row, then sorted."""
    rows = []
    points = []
    for event, geometry in checked_events:
        row = dict(vars(event))
        row["sources"] = [dict(vars(ref)) for ref in event.sources]
        row["count_ids"] = list(event.count_ids)
        notes = {k: v.model_dump() for k, v in event.translations.items()}
        row["translations"] = json.dumps(notes, ensure_ascii=False) if notes else ""
        row["t0"], row["t1"] = event_span(event, zone)
        row["claim_class"] = claim_class(event.claimant_type)
        row["source_ids"] = tuple(ref.source for ref in event.sources)
        rows.append(row)
        points.append(geometry["coordinates"] if geometry else (math.nan, math.nan))
    columns = [*EventProperties.model_fields, "t0", "t1", "claim_class", "source_ids"]
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    geometry = shapely.points(xy)
    geometry[np.isnan(xy[:, 0])] = None
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=columns), geometry=gpd.GeoSeries(geometry), crs=CRS
    )
    for column in ("t0", "t1"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame.sort_values(["t0", "id"], kind="stable").reset_index(drop=True)


def reference_depth(doc: Any) -> int:
    """How deeply a document nests, as measured before (one stack entry per value)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, depth + 1) for child in children)
    return deepest


def reference_languages(record: Any) -> set[str]:
    """The languages of a record's texts, from its full dump (as before)."""
    return schema._languages_used(record.model_dump())


def _assert_frames_equal(checked_events: list, zone: Any) -> None:
    got = events_module._events_frame(checked_events, zone)
    want = reference_frame(checked_events, zone)
    assert list(got.columns) == list(want.columns)
    assert got.dtypes.to_dict() == want.dtypes.to_dict()
    assert_geodataframe_equal(got, want, check_like=False)
    for column in ("sources", "count_ids", "translations", "source_ids"):
        assert got[column].tolist() == want[column].tolist()


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(600, tmp_path_factory.mktemp("synth"))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_events_frame_same_as_row_by_row(which: str, synthetic_dir: Path) -> None:
    folder = ROOT / "data" if which == "shipped" else synthetic_dir
    checked = check_directory(folder)
    assert checked.problems == []
    _assert_frames_equal(checked.events, zone_from_offset("+05:00"))


def _checked(features: list[dict]) -> list:
    return [(EventProperties.model_validate(f["properties"]), f["geometry"]) for f in features]


def test_events_frame_edge_cases() -> None:
    zone = zone_from_offset("+05:00")
    _assert_frames_equal([], zone)
    # one event; no place at all; every optional text missing
    _assert_frames_equal(_checked([make_event(geometry=None, location_precision="unknown")]), zone)
    # equal starts sort by id; translations and counts; a float radius next to a missing one
    features = [
        make_event(id="b", start="2011-12-16"),
        make_event(id="a", start="2011-12-16", location_uncertainty_km=2),
        make_event(id="c", start="2011-12-16T10:00+05:00", time_precision="minute"),
        make_event(
            id="d",
            start="2011-12",
            time_precision="month",
            title_ru="Событие",
            translations={"ru": {"translator": "T", "reviewed": False}},
            count_ids=["count-a"],
        ),
    ]
    _assert_frames_equal(_checked(features), zone)
    _assert_frames_equal(_checked(features), UTC)


def test_load_dataset_shipped_same_frame() -> None:
    dataset = load_dataset(ROOT / "data")
    checked = check_directory(ROOT / "data")
    zone = zone_from_offset(dataset.info.utc_offset)
    assert_geodataframe_equal(dataset.events, reference_frame(checked.events, zone))


def test_depth_same_as_before() -> None:
    docs: list[Any] = [
        None,
        1,
        "x",
        [],
        {},
        [[[]]],
        {"a": [1, {"b": [2, [3]]}], "c": "d"},
        json.loads((ROOT / "data" / "dataset.json").read_text("utf-8")),
        json.loads((ROOT / "data" / "events.geojson").read_text("utf-8")),
    ]
    deep: Any = 0
    for _ in range(MAX_DEPTH + 5):
        deep = [deep, {"k": "v"}]
    docs.append(deep)
    exact: Any = []
    for _ in range(MAX_DEPTH - 1):
        exact = [exact]
    docs.append(exact)
    for doc in docs:
        want = reference_depth(doc)
        got = validate._depth(doc)
        # beyond the limit only "too deep" matters (both stop counting there)
        assert min(got, MAX_DEPTH + 1) == min(want, MAX_DEPTH + 1), doc if want < 5 else want
        assert (got > MAX_DEPTH) == (want > MAX_DEPTH)


def test_event_texts_are_top_level_fields() -> None:
    # what lets translation_rule_problems read an event's fields instead of walking its dump
    assert not [name for name in SourceRef.model_fields if "_" in name]
    for name, lang in schema._EVENT_TEXT_LANGS:
        assert name.endswith(f"_{lang}")


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"title_ru": "Событие"},
        {"place_kk": " "},
        {"time_note_ru": ""},
        {"place_kk": "Жаңаөзен", "claimant_ru": "Кто-то"},
        {"title_ru": "Событие", "translations": {"ru": {"translator": "T", "reviewed": False}}},
        {"translations": {"kk": {"translator": "T", "reviewed": True}}},
        {"location_note_kk": "жуық", "description_ru": "Описание"},
    ],
)
def test_languages_same_as_full_walk(overrides: dict) -> None:
    event = EventProperties.model_validate(make_event(**overrides)["properties"])
    assert schema._languages_of(event) == reference_languages(event)
    found = translation_rule_problems(event)
    assert [f for f, _ in found] == [
        f"translations.{lang}"
        for lang in sorted(reference_languages(event))
        if lang not in event.translations
    ] + [
        f"translations.{lang}.reviewer"
        for lang, info in event.translations.items()
        if info.reviewed and not (info.reviewer or "").strip()
    ]


def test_languages_same_on_shipped_events() -> None:
    for event, _ in check_directory(ROOT / "data").events:
        assert schema._languages_of(event) == reference_languages(event)


def test_one_bad_event_still_reports_record_by_record(tmp_path: Path) -> None:
    # one call validates all; when one event fails, every event is validated on its own,
    # and the problems keep their order and their file:record:field form
    features = [
        make_event(id="good-1"),
        make_event(id="bad-1", category="nonsense"),
        make_event(id="good-2"),
        make_event(id="bad-2", time_precision="hourly", title_en=""),
    ]
    folder = write_dataset(tmp_path / "d", events=features)
    problems = [str(p) for p in check_directory(folder).problems]
    assert problems[0].startswith("events.geojson:bad-1:category: unknown value 'nonsense'")
    assert [p.split(":")[1] for p in problems] == ["bad-1", "bad-2", "bad-2"]
    checked = check_directory(folder)
    assert [e.id for e, _ in checked.events] == ["good-1", "good-2"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii",
        "Жаңаөзен\t\n\r",
        "a\x00b",
        "a\x01",
        "a\x1fb",
        "a\x7f",
        "a\x0bb",
        "\\u0001",
        "\\u001F",
        "\\u007f",
        "\\b",
        "\\f",
        "\\\\n",
        "\\n\\t\\r",
        "\\u0041",
        "€\u0085\u2028",
    ],
)
def test_control_scan_of_bytes_same_as_of_text(text: str) -> None:
    # the file's bytes give the same answer as the regular expressions over its text
    want = bool(validate._CONTROL.search(text) or validate._CONTROL_ESCAPE.search(text))
    assert validate._may_hold_control(text) == want
    assert validate._may_hold_control(text, text.encode("utf-8")) == want
    assert validate._may_hold_control(text, ("\ufeff" + text).encode("utf-8")) == want


def test_no_gc_pauses_and_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with validate.no_gc():
        assert not gc.isenabled()
        with validate.no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), validate.no_gc():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with validate.no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
