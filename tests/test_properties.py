"""Property tests: random and mutated data files give problems or data, never another exception."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.events import filter_events, load_dataset
from lib.export import events_to_csv
from lib.schema import COUNT_COLUMNS, SOURCE_COLUMNS
from lib.validate import DataError, check_directory
from tests.factories import make_count, make_event, make_info, make_source, write_dataset

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "`${x}`",
        "=1+1",
        "\u202e\u200b",
        "x" * 10_000,
        "1600-01-01",
        "2262-05",
        "9999-12-31",
        "2011-12-16T10:00+05:00",
        "2011-02-30",
        "https://example.org/\u202e",
        "javascript:alert(1)",
        "src-a",
        "count-a",
        "event-a",
    ]
)
NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw, doc: Any) -> Any:
    """Return ``doc`` with a few of its values replaced, removed or added at random."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 4))):
        path = []
        node = doc
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.sampled_from(["replace", "remove", "add", "deep"]))
        if action == "replace":
            parent[key] = draw(JSON)
        elif action == "remove":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(TEXT)] = draw(JSON)
        elif action == "deep":  # written out by _dumps (json.dumps itself would recurse)
            parent[key] = f"{DEEP}{draw(st.sampled_from([30, 45, 2000, 100_000]))}"
    return doc


DEEP = "\u2063deep:"


def _dumps(doc: Any) -> str:
    """Return ``doc`` as JSON, with each deep marker written as arrays nested that deep."""
    text = json.dumps(doc, allow_nan=True)
    return re.sub(
        r'"\\u2063deep:(\d+)"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text
    )


def _base_events() -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            make_event(count_ids=["count-a"]),
            make_event(None, id="event-b", time_precision="part_of_day", part_of_day="night"),
            make_event(
                {"type": "Point", "coordinates": [52.1, 44.34]},
                id="event-c",
                location_precision="approximate",
                location_uncertainty_km=15,
                location_note_en="near",
                end="2011-12-20",
                time_precision="day_range",
            ),
        ],
    }


BASE_INFO = make_info(
    timeline_window=["2011-12-15", "2011-12-23"],
    map={
        **make_info()["map"],
        "places": [
            {
                "name_en": "Zhanaozen",
                "position": [43.33778, 52.85528],
                "precision": "town",
                "sources": [{"source": "src-a", "locator": "p1"}],
            }
        ],
        "overlays": [
            {
                "id": "ring",
                "kind": "radius",
                "event_id": "event-c",
                "place": "Zhanaozen",
                "radius_km": 65,
                "label_en": "Ring",
                "description_en": "A ring",
                "sources": [{"source": "src-a", "locator": "p2"}],
            }
        ],
    },
)
BASE_OUTLINES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"iso3": "KAZ"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[50.0, 43.0], [51.0, 43.0], [51.0, 44.0], [50.0, 43.0]]],
            },
        }
    ],
}


def _csv(columns: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _check(folder: Path) -> None:
    """Validate and load: problems or data, and data that the views can use."""
    checked = check_directory(folder)
    try:
        dataset = load_dataset(folder)
    except DataError as error:
        assert error.problems
        assert all(str(p).count(":") >= 3 for p in error.problems)
        return
    assert not checked.problems
    shown = filter_events(dataset.events, _ALL)
    events_to_csv(shown, "cite")


class _All:
    date_from = date_to = categories = claimant_types = None
    text = ""


_ALL = _All()


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    write_dataset(folder, events=[make_event(count_ids=["count-a"])])
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder


def _run(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check(_write(Path(tmp), files))


@SETTINGS
@given(mutated(_base_events()))
def test_mutated_events(doc):
    _run({"events.geojson": _dumps(doc)})


@SETTINGS
@given(
    st.lists(st.dictionaries(st.sampled_from(list(make_event()["properties"])), JSON), max_size=3)
)
def test_random_event_properties(props):
    features = [
        {"type": "Feature", "geometry": None, "properties": {**make_event()["properties"], **p}}
        for p in props
    ]
    doc = {"type": "FeatureCollection", "features": features}
    _run({"events.geojson": _dumps(doc)})


@SETTINGS
@given(mutated(BASE_INFO))
def test_mutated_dataset_json(doc):
    _run({"dataset.json": _dumps(doc)})


@SETTINGS
@given(JSON)
def test_random_dataset_json(doc):
    _run({"dataset.json": _dumps(doc)})


@SETTINGS
@given(mutated(BASE_OUTLINES))
def test_mutated_outlines(doc):
    _run({"outlines.geojson": _dumps(doc)})


@SETTINGS
@given(st.lists(st.lists(TEXT | NUMBER.map(str), min_size=0, max_size=8), max_size=4))
def test_random_sources_rows(rows):
    base = [list(make_source().values())]
    _run({"sources.csv": _csv(SOURCE_COLUMNS, base + rows)})


@SETTINGS
@given(
    st.dictionaries(st.sampled_from(COUNT_COLUMNS), TEXT | NUMBER.map(str), max_size=5),
    st.dictionaries(st.sampled_from(SOURCE_COLUMNS), TEXT, max_size=3),
)
def test_mutated_counts_and_sources(count_change, source_change):
    count = {**make_count(), **count_change}
    source = {**make_source(), **source_change}
    _run(
        {
            "counts.csv": _csv(COUNT_COLUMNS, [[count.get(c, "") for c in COUNT_COLUMNS]]),
            "sources.csv": _csv(SOURCE_COLUMNS, [[source.get(c, "") for c in SOURCE_COLUMNS]]),
        }
    )


@SETTINGS
@given(
    st.sampled_from(
        ["events.geojson", "sources.csv", "counts.csv", "dataset.json", "outlines.geojson"]
    ),
    st.binary(max_size=200),
    st.integers(0, 4000),
)
def test_random_bytes_in_any_file(name, junk, cut):
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write(Path(tmp), {"dataset.json": json.dumps(BASE_INFO)})
        path = folder / name
        original = path.read_bytes() if path.exists() else b""
        path.write_bytes(original[:cut] + junk + original[cut:])
        _check(folder)
