"""The column checks (``lib.validate.fast_event_columns``) agree with the models and rules.

For every check there are cases it passes and cases it refuses: a refused file goes the
record-by-record way, so its problems are exactly as before; a passed file must be one the
models and rules accept, giving the same frame. ``_slow`` forces the record-by-record way.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from geopandas.testing import assert_geodataframe_equal

from bench.synth import synthetic
from lib import validate
from lib.events import load_dataset
from lib.schema import EventProperties
from lib.validate import FAST_CHECKED_FIELDS, check_directory, fast_event_columns
from tests.factories import make_event, write_dataset

ROOT = Path(__file__).resolve().parent.parent


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "fast_event_columns", lambda features: None)


def _both(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, bool]:
    """Check and load a folder both ways: (fast result, slow result, whether fast was taken)."""
    checked = check_directory(folder)
    taken = checked.event_columns is not None
    fast = _loaded(folder)
    with monkeypatch.context() as m:
        _slow(m)
        assert check_directory(folder).event_columns is None
        slow = _loaded(folder)
    return fast, slow, taken


def _loaded(folder: Path) -> Any:
    checked = check_directory(folder)
    problems = [str(p) for p in checked.problems]
    if problems:
        return problems
    return load_dataset(folder)


def _assert_same(fast: Any, slow: Any) -> None:
    if isinstance(slow, list):
        assert fast == slow
        return
    assert not isinstance(fast, list), fast
    assert list(fast.events.columns) == list(slow.events.columns)
    assert fast.events.dtypes.to_dict() == slow.events.dtypes.to_dict()
    assert_geodataframe_equal(fast.events, slow.events)
    for column in ("sources", "count_ids", "translations", "source_ids"):
        assert fast.events[column].tolist() == slow.events[column].tolist()
    assert fast.info == slow.info


def test_every_model_field_is_checked() -> None:
    assert set(EventProperties.model_fields) == FAST_CHECKED_FIELDS


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(800, tmp_path_factory.mktemp("synth-columns"))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_fast_frame_same_as_models(
    which: str, synthetic_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = ROOT / "data" if which == "shipped" else synthetic_dir
    fast, slow, taken = _both(folder, monkeypatch)
    assert taken
    _assert_same(fast, slow)
    checked = check_directory(folder)
    with monkeypatch.context() as m:
        _slow(m)
        want = check_directory(folder).events
    got = checked.events  # the models, built on demand from the columns
    assert [(e.model_dump(), g) for e, g in got] == [(e.model_dump(), g) for e, g in want]


BASE = {
    "title_ru": "Событие",
    "title_neutral_en": "Neutral",
    "violence_described": True,
    "translations": {
        "ru": {"translator": "T", "reviewed": True, "reviewer": "R", "source_en_hash": {}}
    },
}

# (field, value): a value None in the dict means "left out"; each is a case for one check
CASES: list[tuple[str, Any]] = [
    # the feature and geometry
    ("geometry", None),
    ("geometry", {"type": "Point", "coordinates": [52.0, 43.3]}),
    ("geometry", {"type": "Point", "coordinates": [52, 43]}),
    ("geometry", {"type": "Point", "coordinates": [180, -90]}),
    ("geometry", {"type": "Point", "coordinates": [180.5, 43]}),
    ("geometry", {"type": "Point", "coordinates": [52, 91]}),
    ("geometry", {"type": "Point", "coordinates": [52, True]}),
    ("geometry", {"type": "Point", "coordinates": ["52", 43]}),
    ("geometry", {"type": "Point", "coordinates": [52, 43, 1]}),
    ("geometry", {"type": "Point", "coordinates": [52, 1e400]}),
    ("geometry", {"type": "Point", "coordinates": [52, float("nan")]}),
    ("geometry", {"type": "Point", "coordinates": [10**400, 43]}),
    ("geometry", {"type": "LineString", "coordinates": [[52, 43], [53, 44]]}),
    ("geometry", {"type": "Point", "coordinates": [52, 43], "bbox": [1, 2]}),
    ("geometry", [52, 43]),
    ("feature_type", "Thing"),
    ("properties", ["not", "an", "object"]),
    ("extra", "unknown field"),
    # ids and slugs
    ("id", "event-b"),
    ("id", "Event-B"),
    ("id", "event-b\n"),
    ("id", "-event"),
    ("id", "a" * 120),
    ("id", "a" * 121),
    ("id", ""),
    ("id", 7),
    ("id", "__missing__"),
    ("count_ids", ["count-a", "count-b"]),
    ("count_ids", ["Count"]),
    ("count_ids", "count-a"),
    ("count_ids", [None]),
    ("count_ids", [["count-a"]]),
    ("count_ids", "__missing__"),
    # dates and times
    ("start", "2011-12"),
    ("start", "2011-12-16T10:00+05:00"),
    ("start", "2011-12-16T10:00:30-03:30"),
    ("start", "2011-12-16T10:00"),
    ("start", "2011-13"),
    ("start", "2011-02-30"),
    ("start", "1677-12-31"),
    ("start", "2262-01-01"),
    ("start", "2011-12-16T24:00+05:00"),
    ("start", "２０１１-12-16"),
    ("start", None),
    ("start", "__missing__"),
    ("end", "2011-12-20"),
    ("end", "2011-12-15"),
    ("end", "2011-12-16T01:00+05:00"),
    ("end", "2011-12-15T23:00-05:00"),
    ("end", "soon"),
    ("end", 2011),
    # enums
    ("time_precision", "minute"),
    ("time_precision", "hourly"),
    ("time_precision", "day_range"),
    ("time_precision", "__missing__"),
    ("category", "violence"),
    ("category", "Violence"),
    ("category", None),
    ("claimant_type", "ngo"),
    ("claimant_type", ["ngo"]),
    ("location_precision", "exact"),
    ("location_precision", "unknown"),
    ("location_precision", "approximate"),
    ("location_precision", "somewhere"),
    ("part_of_day", "morning"),
    ("part_of_day", "noon"),
    # texts
    ("title_en", "x" * 160),
    ("title_en", "x" * 161),
    ("title_en", " "),
    ("title_en", ""),
    ("title_en", 5),
    ("title_en", "\u3000\u2028 "),
    ("title_en", "\u200b"),
    ("title_en", True),
    ("title_en", None),
    ("claimant", None),
    ("title_ru", "ы" * 160),
    ("title_ru", "ы" * 161),
    ("title_ru", None),
    ("title_ru", ""),
    ("title_neutral_en", None),
    ("title_neutral_kk", "Бейтарап"),
    ("description_kk", "Сипаттама"),
    ("description_ru", "\t"),
    ("claimant", "Someone"),
    ("claimant", "__missing__"),
    ("claimant_kk", 1),
    ("place", ""),
    ("place", 3.5),
    ("place", False),
    ("place_kk", {"a": 1}),
    ("title_kk", "ы" * 161),
    ("title_neutral_ru", "\u2003"),
    ("place_ru", "Жанаозен"),
    ("time_note_en", "about noon"),
    ("time_note_kk", ""),
    ("time_note_kk", "түсте"),
    ("location_note_en", "from the report"),
    ("location_note_ru", ["x"]),
    # numbers and flags
    ("location_uncertainty_km", 2),
    ("location_uncertainty_km", 2.5),
    ("location_uncertainty_km", 0),
    ("location_uncertainty_km", -1),
    ("location_uncertainty_km", 20040),
    ("location_uncertainty_km", 20040.5),
    ("location_uncertainty_km", "2"),
    ("location_uncertainty_km", True),
    ("location_uncertainty_km", 10**400),
    ("violence_described", False),
    ("violence_described", 1),
    ("violence_described", "true"),
    ("violence_described", "__missing__"),
    # source references
    ("sources", [{"source": "src-a", "locator": "p4"}, {"locator": "p5", "source": "src-b"}]),
    ("sources", []),
    ("sources", [{"source": "src-a"}]),
    ("sources", [{"source": "src-a", "locator": "p4", "page": 3}]),
    ("sources", [{"source": "Src", "locator": "p4"}]),
    ("sources", [{"source": "src-a", "locator": " "}]),
    ("sources", [{"source": "src-unknown", "locator": "p4"}]),
    ("sources", {"source": "src-a", "locator": "p4"}),
    ("sources", ["src-a"]),
    ("sources", [{"source": None, "locator": "p4"}]),
    ("sources", [{"source": "src-a", "locator": None}]),
    ("sources", [{"source": "src-a", "locator": 4}]),
    # translations
    ("translations", {}),
    ("translations", "__missing__"),
    ("translations", {"kk": {"translator": "T", "reviewed": False}}),
    ("translations", {"ru": {"translator": "T", "reviewed": True}}),
    ("translations", {"ru": {"translator": "T", "reviewed": True, "reviewer": " "}}),
    ("translations", {"ru": {"translator": " ", "reviewed": False}}),
    ("translations", {"ru": {"translator": "T", "reviewed": 0}}),
    ("translations", {"ru": {"translator": "T", "reviewed": False, "reviewer": 3}}),
    ("translations", {"ru": {"translator": "T", "reviewed": False, "note": "x"}}),
    ("translations", {"en": {"translator": "T", "reviewed": False}}),
    ("translations", {"ru": "T"}),
    (
        "translations",
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": {"title_en": "0" * 16}}},
    ),
    (
        "translations",
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": {"title_en": "0" * 15}}},
    ),
    (
        "translations",
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": {"title_en": "G" * 16}}},
    ),
    (
        "translations",
        {
            "kk": {"reviewed": False, "translator": "T"},
            "ru": {
                "source_en_hash": {"b": "a" * 16, "a": "b" * 16},
                "reviewed": False,
                "translator": "R",
            },
        },
    ),
    (
        "translations",
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": {"title_en": None}}},
    ),
    (
        "translations",
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": ["0" * 16]}},
    ),
    # control characters (a file that may hold one is checked record by record)
    ("title_en", "bell\x07"),
    ("description_en", "tab\tand newline\n are fine"),
]


def _feature(field: str, value: Any) -> dict[str, Any]:
    feature = make_event(**copy.deepcopy(BASE))
    props = feature["properties"]
    if field == "geometry":
        feature["geometry"] = value
        if value is None:
            props["location_precision"] = "unknown"
    elif field == "feature_type":
        feature["type"] = value
    elif field == "properties":
        feature["properties"] = value
    elif field == "extra":
        props["note"] = value
    elif value == "__missing__":
        props.pop(field, None)
    else:
        props[field] = copy.deepcopy(value)
    if field == "time_precision" and value == "minute":
        props["start"] = "2011-12-16T10:00+05:00"
    if field == "part_of_day":
        props["time_precision"] = "part_of_day"
    if field == "location_precision" and value == "unknown":
        feature["geometry"] = None
    return feature


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}={v!r}"[:60] for f, v in CASES])
def test_each_check_passes_and_refuses_as_the_models_do(
    field: str, value: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = [make_event(id="event-z", start="2011-12-17"), _feature(field, value)]
    if field == "id" and value == "event-b":
        features.append(make_event(id="event-b", start="2011-12-18"))  # a duplicate id
    folder = write_dataset(tmp_path / "d", events=features)
    fast, slow, taken = _both(folder, monkeypatch)
    _assert_same(fast, slow)
    if taken:
        # what the columns pass, the models and rules pass on their own
        checked = check_directory(folder)
        own = [p for p in checked.problems if p.file == "events.geojson"]
        assert all(p.field == "id" or p.message.startswith("unknown") for p in own), own


def test_both_outcomes_occur_for_the_cases(tmp_path: Path) -> None:
    # the cases above are not all passed or all refused: each kind of check is exercised
    taken = []
    for field, value in CASES:
        feature = _feature(field, value)
        if validate._may_hold_control(json.dumps(feature)):
            continue  # never comes to the column checks
        taken.append(fast_event_columns([feature]) is not None)
    assert sum(taken) >= 30
    assert len(taken) - sum(taken) >= 50


def test_unknown_references_reported_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = [
        make_event(id="event-a", sources=[{"source": "nope", "locator": "p1"}]),
        make_event(id="event-b", count_ids=["no-such-count"]),
        make_event(id="event-a"),
    ]
    folder = write_dataset(tmp_path / "d", events=features)
    fast, slow, taken = _both(folder, monkeypatch)
    assert taken
    assert fast == slow
    assert any("unknown source id 'nope'" in p for p in fast)
    assert any("unknown count id 'no-such-count'" in p for p in fast)
    assert any("duplicate id" in p for p in fast)


def test_empty_and_ordering_edge_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number, features in enumerate(
        (
            [],
            [make_event(id="b", start="2011-12-16"), make_event(id="a", start="2011-12-16")],
            [make_event(id="a", start="2011-12-15"), make_event(id="b", start="2011-12-16")],
            [
                make_event(id="c", start="2011-12-16T10:00+05:00", time_precision="minute"),
                make_event(id="d", start="2011-12-16T05:00+00:00", time_precision="hour"),
                make_event(id="e", start="2011-12", time_precision="month", end="2012-01"),
            ],
        )
    ):
        folder = write_dataset(tmp_path / f"d{number}", events=features)
        fast, slow, taken = _both(folder, monkeypatch)
        assert taken
        _assert_same(fast, slow)


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("levels", [1, 30, 36, 37, 38, 39, 45])
@pytest.mark.parametrize("where", ["collection", "feature", "geometry"])
def test_depth_beside_the_checked_columns(
    where: str, levels: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the column checks measure only what they did not type: other members of the
    # collection, of a feature and of its point; the verdict is the full walk's
    features = [make_event(id="event-z"), make_event()]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if where == "collection":
        collection["extra"] = _nested(levels)
    elif where == "feature":
        features[1]["extra"] = _nested(levels)
    else:
        features[1]["geometry"]["bbox"] = _nested(levels)
    folder = write_dataset(tmp_path / "d", events=features)
    (folder / "events.geojson").write_text(json.dumps(collection), "utf-8")
    fast, slow, taken = _both(folder, monkeypatch)
    _assert_same(fast, slow)
    deep = validate._depth(collection) > validate.MAX_DEPTH
    assert taken is not deep
    assert (
        fast == [f"events.geojson:-:-: nested more than {validate.MAX_DEPTH} levels deep"]
    ) is deep
    checked_doc = json.loads((folder / "events.geojson").read_text("utf-8"))
    if not deep:
        assert validate._depth_beside_columns(checked_doc) == max(7, validate._depth(checked_doc))
