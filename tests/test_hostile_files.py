"""Files that used to pass the validator and then break pages: each is now named as a problem."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from lib.validate import check_directory, main
from tests.factories import make_count, make_event, make_info, make_source, write_dataset


def _outlines(folder: Path, text: str) -> Path:
    (folder / "outlines.geojson").write_text(text, "utf-8")
    return folder


def _nested(depth: int) -> str:
    return '{"type": "FeatureCollection", "features": ' + "[" * depth + "]" * depth + "}"


SQUARE = [[[50.0, 43.0], [51.0, 43.0], [51.0, 44.0], [50.0, 43.0]]]

CASES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "event before pandas' range": (
        lambda d: write_dataset(d, events=[make_event(start="1600-01-01")]),
        [
            "events.geojson:event-a:start: '1600-01-01' is outside the years this app shows (1678–2261)"
        ],
    ),
    "event end after pandas' range": (
        lambda d: write_dataset(d, events=[make_event(end="2262-05")]),
        ["events.geojson:event-a:end: '2262-05' is outside the years this app shows (1678–2261)"],
    ),
    "count above 2^63": (
        lambda d: write_dataset(d, counts=[make_count(value=str(2**63))]),
        [
            "counts.csv:count-a:value: Input should be less than or equal to 1000000000000 "
            f"(got {2**63})"
        ],
    ),
    "count date in year 9999": (
        lambda d: write_dataset(d, counts=[make_count(stated_on="9999-12-31")]),
        [
            "counts.csv:count-a:stated_on: '9999-12-31' is outside the years this app shows (1678–2261)"
        ],
    ),
    "timeline window in 9999": (
        lambda d: write_dataset(d, info=make_info(timeline_window=["9999-01-01", "9999-12-31"])),
        [
            "dataset.json:-:timeline_window: 9999-01-01 is outside the years this app shows (1678–2261)"
        ],
    ),
    "timeline window reversed": (
        lambda d: write_dataset(d, info=make_info(timeline_window=["2011-12-23", "2011-12-15"])),
        ["dataset.json:-:timeline_window: the first day 2011-12-23 is after the last 2011-12-15"],
    ),
    "outlines not JSON": (
        lambda d: _outlines(write_dataset(d), "{ not json"),
        [
            "outlines.geojson:-:-: invalid JSON: a field name in double quotes was expected (is there a comma after the last field?) (line 1, column 3)"
        ],
    ),
    "outlines with null properties": (
        lambda d: _outlines(
            write_dataset(d),
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": None,
                            "geometry": {"type": "Polygon", "coordinates": SQUARE},
                        }
                    ],
                }
            ),
        ),
        ["outlines.geojson:#0:properties: must be an object"],
    ),
    "outlines with a broken polygon": (
        lambda d: _outlines(
            write_dataset(d),
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {},
                            "geometry": {"type": "Polygon", "coordinates": [[[50, "x"]]]},
                        }
                    ],
                }
            ),
        ),
        [
            "outlines.geojson:#0:geometry: coordinates of a Polygon must be lists of "
            "[longitude, latitude] numbers in range"
        ],
    ),
    "outlines not a FeatureCollection": (
        lambda d: _outlines(write_dataset(d), "[]"),
        ["outlines.geojson:-:type: must be a FeatureCollection, got 'list'"],
    ),
    "events nested 100,000 deep": (
        lambda d: _overwrite(write_dataset(d), "events.geojson", _nested(100_000)),
        ["events.geojson:-:-: nested more than 40 levels deep"],
    ),
    "dataset.json nested 5,000 deep": (
        lambda d: _overwrite(write_dataset(d), "dataset.json", "[" * 5000 + "]" * 5000),
        ["dataset.json:-:-: nested more than 40 levels deep"],
    ),
    "outlines nested 3,000 deep": (
        lambda d: _outlines(write_dataset(d), '{"a":' * 3000 + "1" + "}" * 3000),
        ["outlines.geojson:-:-: nested more than 40 levels deep"],
    ),
    "control character in a nested string": (
        lambda d: write_dataset(
            d, events=[make_event(sources=[{"source": "src-a", "locator": "p4\x07"}])]
        ),
        ["events.geojson:event-a:sources.0.locator: contains control character U+0007"],
    ),
    "control character in a dataset.json label": (
        lambda d: write_dataset(
            d,
            info=make_info(
                map={
                    "title_en": "Map",
                    "views": [{"id": "v", "label_en": "V\x1b", "center": [0, 0], "zoom": 3}],
                }
            ),
        ),
        ["dataset.json:-:map.views.0.label_en: contains control character U+001B"],
    ),
    "right-to-left override in a URL": (
        lambda d: write_dataset(d, sources=[make_source(url="https://example.org/\u202egpj.exe")]),
        ["sources.csv:src-a:url: contains the invisible or direction character U+202E"],
    ),
    "zero-width space in a URL": (
        lambda d: write_dataset(d, sources=[make_source(url="https://exam\u200bple.org/")]),
        ["sources.csv:src-a:url: contains the invisible or direction character U+200B"],
    ),
    "Infinity radius": (
        lambda d: _overwrite(
            write_dataset(d),
            "events.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        make_event(
                            location_precision="approximate",
                            location_uncertainty_km=float("inf"),
                            location_note_en="n",
                        )
                    ],
                }
            ),
        ),
        [
            "events.geojson:event-a:location_uncertainty_km: Input should be a finite number (got inf)"
        ],
    ),
    "a radius of 1e400 (read as infinity)": (
        lambda d: _overwrite(
            write_dataset(
                d,
                events=[
                    make_event(
                        location_precision="approximate",
                        location_uncertainty_km=12345.5,
                        location_note_en="n",
                    )
                ],
            ),
            "events.geojson",
            (d / "events.geojson").read_text("utf-8").replace("12345.5", "1e400"),
        ),
        [
            "events.geojson:event-a:location_uncertainty_km: Input should be a finite number (got inf)"
        ],
    ),
    "a radius beyond half the Earth": (
        lambda d: write_dataset(
            d,
            events=[
                make_event(
                    location_precision="approximate",
                    location_uncertainty_km=1e300,
                    location_note_en="n",
                )
            ],
        ),
        [
            "events.geojson:event-a:location_uncertainty_km: "
            "Input should be less than or equal to 20040 (got 1e+300)"
        ],
    ),
    "NaN map centre": (
        lambda d: _overwrite(
            write_dataset(d, info=make_info()),
            "dataset.json",
            (d / "dataset.json").read_text("utf-8").replace("[43.7, 52.05]", "[NaN, 52.05]"),
        ),
        ["dataset.json:-:map.views.0.center.0: Input should be a finite number (got nan)"],
    ),
}


def _overwrite(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_file_that_would_break_a_page_is_named(case, tmp_path, capsys):
    build, expected = CASES[case]
    folder = build(tmp_path / "d")
    code = main([str(folder)])
    out, err = capsys.readouterr()
    assert out.splitlines() == expected
    assert "Traceback" not in out + err
    assert code == 1


def one_country() -> dict:
    """An outlines collection of one valid country (a fresh copy each call)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"iso3": "KAZ"},
                "geometry": {"type": "MultiPolygon", "coordinates": [SQUARE]},
            }
        ],
    }


def test_valid_outlines_are_read_once_through_the_validator(tmp_path):
    from lib.events import load_dataset

    folder = write_dataset(tmp_path)
    collection = one_country()
    _outlines(folder, json.dumps(collection))
    assert check_directory(folder).problems == []
    assert load_dataset(folder).outlines == collection
    assert load_dataset(write_dataset(tmp_path / "none")).outlines is None


def test_the_inset_outlines_are_validated_like_the_outlines_and_loaded_once(tmp_path):
    from lib.events import load_dataset

    folder = write_dataset(tmp_path / "ok")
    collection = one_country()
    (folder / "inset.geojson").write_text(json.dumps(collection), "utf-8")
    assert check_directory(folder).problems == []
    assert load_dataset(folder).inset == collection
    broken = write_dataset(tmp_path / "broken")
    collection["features"][0]["properties"] = []
    (broken / "inset.geojson").write_text(json.dumps(collection), "utf-8")
    assert [str(p) for p in check_directory(broken).problems] == [
        "inset.geojson:#0:properties: must be an object"
    ]


def test_an_outline_whose_geometry_type_is_not_a_string_is_named(tmp_path):
    folder = write_dataset(tmp_path)
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": [], "coordinates": []}}
    (folder / "outlines.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8"
    )
    assert [str(p) for p in check_directory(folder).problems] == [
        "outlines.geojson:#0:geometry: must be one of LineString, MultiLineString, Polygon, "
        "MultiPolygon, got []"
    ]


def test_the_validator_command_never_prints_a_traceback(tmp_path):
    import subprocess
    import sys

    folder = _overwrite(write_dataset(tmp_path / "d"), "events.geojson", _nested(200_000))
    done = subprocess.run(
        [sys.executable, "-m", "lib.validate", str(folder)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": ""},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "nested more than 40 levels deep" in done.stdout
