"""The validator names every broken rule as one exact `file:record:field: message` line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lib.validate import check_directory, main
from tests.factories import make_count, make_event, make_source, write_dataset

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"

SOURCES_HEADER = "id,title,publisher,date,url,language\n"
COUNTS_HEADER = (
    "id,metric,value,qualifier,claim_type,claimant,stated_on,period_start,period_end,"
    "place,source_id,locator,note\n"
)
COUNT_ROW = (
    "count-a,detained,70,exact,official,Prosecutor General's office,2011-12-18,"
    "2011-12-16,2011-12-17,Zhanaozen,src-a,p4,\n"
)

CATEGORIES = (
    "'protest', 'violence', 'detention', 'ill_treatment', 'official_statement', "
    "'communications', 'restriction', 'investigation', 'trial', 'reaction' or 'context'"
)
TIME_PRECISIONS = "'minute', 'hour', 'part_of_day', 'day', 'day_range' or 'month'"
CLAIMANT_TYPES = (
    "'official', 'journalist', 'witness', 'ngo', 'media', 'foreign_official' or 'unclear'"
)
LOCATION_PRECISIONS = "'exact', 'approximate', 'town', 'region', 'country' or 'unknown'"
METRICS = (
    "'detained', 'facing_charges', 'arrested', 'held_together', 'deaths', 'injured', "
    "'questioned', 'administrative_penalty', 'convicted', 'acquitted', 'jailed', "
    "'suspended_sentence', 'amnestied', 'charged', 'bodies_counted', 'crowd_size', "
    "'police_deployed', 'identified_suspects', 'facilities_damaged' or 'workers_dismissed'"
)
QUALIFIERS = "'exact', 'about', 'at_least', 'more_than' or 'at_most'"
CLAIM_TYPES = "'official', 'independent', 'foreign_official' or 'unclear'"
PARTS_OF_DAY = "'morning', 'afternoon', 'evening' or 'night'"


def run(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Run the command line on a folder; return exit code, stdout lines and stderr."""
    code = main([str(folder)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def assert_problems(folder: Path, capsys: pytest.CaptureFixture[str], expected: list[str]) -> None:
    """Assert exit code 1, exactly the expected problem lines, and the count on stderr."""
    code, lines, err = run(folder, capsys)
    assert lines == expected
    noun = "problem" if len(expected) == 1 else "problems"
    assert err == f"{len(expected)} {noun} in {folder}\n"
    assert code == 1


def without(feature: dict, name: str) -> dict:
    """Return the Feature with one property removed."""
    del feature["properties"][name]
    return feature


# --- the valid baseline -------------------------------------------------------------------


def test_valid_dataset_exits_0_with_a_one_line_summary(tmp_path, capsys):
    folder = write_dataset(
        tmp_path / "d",
        events=[make_event(count_ids=["count-a"]), make_event(None, id="event-b")],
        sources=[make_source(), make_source(id="src-b", date="")],
    )
    code, lines, err = run(folder, capsys)
    assert lines == [f"{folder}: valid (2 events, 2 sources, 1 count)"]
    assert err == ""
    assert code == 0


def test_command_line_module_exits_with_the_code(tmp_path):
    good = write_dataset(tmp_path / "good")
    bad = write_dataset(tmp_path / "bad", events=[make_event(start="2011-12-99")])
    expected = {
        good: (0, f"{good}: valid (1 event, 1 source, 1 count)\n", ""),
        bad: (
            1,
            "events.geojson:event-a:start: '2011-12-99' is not a real date: "
            "month 12 of 2011 has days 01 to 31\n",
            f"1 problem in {bad}\n",
        ),
        tmp_path / "no": (2, "", f"{tmp_path / 'no'}:-:-: is not a readable directory\n"),
    }
    for folder, (code, out, err) in expected.items():
        result = subprocess.run(
            [sys.executable, "-m", "lib.validate", str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stdout, result.stderr) == (code, out, err)


# --- one rule broken at a time ------------------------------------------------------------

Case = tuple[Callable[[Path], Path], list[str]]

OFFSET_RANGE = "its offset runs from -23:59 to +23:59"

CASES: dict[str, Case] = {
    # JSON and CSV syntax
    "invalid JSON": (
        lambda d: _overwrite(
            write_dataset(d),
            "events.geojson",
            '{\n  "type": "FeatureCollection",\n  "features": [}\n',
        ),
        ["events.geojson:-:-: invalid JSON: a value is missing (line 3, column 16)"],
    ),
    "CSV unterminated quote": (
        lambda d: _overwrite(
            write_dataset(d), "counts.csv", COUNTS_HEADER + COUNT_ROW.replace(",p4,", ',"p4,')
        ),
        ["counts.csv:-:-: invalid CSV: unexpected end of data"],
    ),
    "CSV text after a closing quote": (
        lambda d: _overwrite(
            write_dataset(d), "counts.csv", COUNTS_HEADER + COUNT_ROW.replace(",p4,", ',"p"4,')
        ),
        ["counts.csv:-:-: invalid CSV: ',' expected after '\"'"],
    ),
    "CSV row with too few cells": (
        lambda d: _overwrite(
            write_dataset(d), "counts.csv", COUNTS_HEADER + COUNT_ROW.replace(",p4,", ",p4")
        ),
        ["counts.csv:row 2:-: has 12 cells, header has 13"],
    ),
    "CSV row with too many cells": (
        lambda d: _overwrite(
            write_dataset(d),
            "sources.csv",
            SOURCES_HEADER
            + "src-a,A test source,Test Publisher,2011-12-22,https://example.org/a,en,x\n",
        ),
        [
            "sources.csv:row 2:-: has 7 cells, header has 6",
            "events.geojson:event-a:sources.0.source: unknown source id 'src-a'",
            "counts.csv:count-a:source_id: unknown source id 'src-a'",
        ],
    ),
    "CSV empty file": (
        lambda d: _overwrite(write_dataset(d), "sources.csv", ""),
        [
            "sources.csv:-:-: the file is empty; expected a header row",
        ],
    ),
    # GeoJSON structure
    "a single Feature instead of a FeatureCollection": (
        lambda d: _overwrite(write_dataset(d), "events.geojson", json.dumps(make_event())),
        ["events.geojson:-:type: must be a FeatureCollection, got 'Feature'"],
    ),
    "a list instead of a FeatureCollection": (
        lambda d: _overwrite(write_dataset(d), "events.geojson", json.dumps([make_event()])),
        ["events.geojson:-:type: must be a FeatureCollection, got 'list'"],
    ),
    "features not a list": (
        lambda d: _overwrite(
            write_dataset(d), "events.geojson", '{"type": "FeatureCollection", "features": {}}'
        ),
        ["events.geojson:-:features: must be a list of Features"],
    ),
    "a feature that is not a Feature": (
        lambda d: write_dataset(d, events=[{"type": "Point", "coordinates": [0, 0]}]),
        ["events.geojson:#0:type: must be a Feature"],
    ),
    "geometry LineString": (
        lambda d: write_dataset(
            d,
            events=[
                make_event({"type": "LineString", "coordinates": [[52.8, 43.3], [51.1, 43.6]]})
            ],
        ),
        ["events.geojson:event-a:geometry: must be a Point or null, got 'LineString'"],
    ),
    "geometry Polygon": (
        lambda d: write_dataset(
            d,
            events=[
                make_event(
                    {"type": "Polygon", "coordinates": [[[52, 43], [53, 43], [53, 44], [52, 43]]]}
                )
            ],
        ),
        ["events.geojson:event-a:geometry: must be a Point or null, got 'Polygon'"],
    ),
    "geometry a bare coordinate list": (
        lambda d: write_dataset(d, events=[make_event([52.85528, 43.33778])]),
        ["events.geojson:event-a:geometry: must be a Point or null, got 'list'"],
    ),
    "Point with three coordinates": (
        lambda d: write_dataset(
            d, events=[make_event({"type": "Point", "coordinates": [52.8, 43.3, 0]})]
        ),
        [
            "events.geojson:event-a:geometry: coordinates must be [longitude, latitude] numbers, "
            "got [52.8, 43.3, 0]"
        ],
    ),
    # required fields
    "event without category": (
        lambda d: write_dataset(d, events=[without(make_event(), "category")]),
        ["events.geojson:event-a:category: required field is missing"],
    ),
    "event without sources": (
        lambda d: write_dataset(d, events=[without(make_event(), "sources")]),
        ["events.geojson:event-a:sources: required field is missing"],
    ),
    "event with an empty sources list": (
        lambda d: write_dataset(d, events=[make_event(sources=[])]),
        [
            "events.geojson:event-a:sources: List should have at least 1 item after validation, not 0"
        ],
    ),
    "source reference without locator": (
        lambda d: write_dataset(d, events=[make_event(sources=[{"source": "src-a"}])]),
        ["events.geojson:event-a:sources.0.locator: required field is missing"],
    ),
    "event without id": (
        lambda d: write_dataset(d, events=[without(make_event(), "id")]),
        ["events.geojson:#0:id: required field is missing"],
    ),
    "counts.csv without the claim_type column": (
        lambda d: _overwrite(
            write_dataset(d),
            "counts.csv",
            COUNTS_HEADER.replace("claim_type,", "") + COUNT_ROW.replace("official,Pro", "Pro"),
        ),
        ["counts.csv:header:claim_type: required column is missing"],
    ),
    "sources.csv with an unknown column": (
        lambda d: _overwrite(
            write_dataset(d),
            "sources.csv",
            SOURCES_HEADER.replace("\n", ",author\n")
            + "src-a,A test source,Test Publisher,2011-12-22,https://example.org/a,en,X\n",
        ),
        [
            "sources.csv:header:author: unknown column",
        ],
    ),
    "event with an unknown field": (
        lambda d: write_dataset(d, events=[make_event(title="Typo for title_en")]),
        ["events.geojson:event-a:title: unknown field"],
    ),
    "part_of_day precision without part_of_day": (
        lambda d: write_dataset(d, events=[make_event(time_precision="part_of_day")]),
        [
            "events.geojson:event-a:part_of_day: is required exactly when time_precision is part_of_day"
        ],
    ),
    "day_range without end": (
        lambda d: write_dataset(d, events=[make_event(time_precision="day_range")]),
        ["events.geojson:event-a:end: time_precision day_range needs an end"],
    ),
    "approximate location without uncertainty and note": (
        lambda d: write_dataset(d, events=[make_event(location_precision="approximate")]),
        [
            "events.geojson:event-a:location_uncertainty_km: an approximate location needs "
            "location_uncertainty_km and location_note_en"
        ],
    ),
    "unknown location with a geometry": (
        lambda d: write_dataset(d, events=[make_event(location_precision="unknown")]),
        ["events.geojson:event-a:location_precision: is unknown but the event has a geometry"],
    ),
    "town location with null geometry": (
        lambda d: write_dataset(d, events=[make_event(None, location_precision="town")]),
        ["events.geojson:event-a:location_precision: is 'town' but the geometry is null"],
    ),
    # vocabularies
    "unknown category": (
        lambda d: write_dataset(d, events=[make_event(category="riot")]),
        [f"events.geojson:event-a:category: unknown value 'riot'; expected {CATEGORIES}"],
    ),
    "unknown time_precision": (
        lambda d: write_dataset(d, events=[make_event(time_precision="week")]),
        [
            f"events.geojson:event-a:time_precision: unknown value 'week'; expected {TIME_PRECISIONS}"
        ],
    ),
    "unknown part_of_day": (
        lambda d: write_dataset(
            d, events=[make_event(time_precision="part_of_day", part_of_day="noon")]
        ),
        [f"events.geojson:event-a:part_of_day: unknown value 'noon'; expected {PARTS_OF_DAY}"],
    ),
    "unknown claimant_type": (
        lambda d: write_dataset(d, events=[make_event(claimant_type="blogger")]),
        [
            f"events.geojson:event-a:claimant_type: unknown value 'blogger'; expected {CLAIMANT_TYPES}"
        ],
    ),
    "unknown location_precision": (
        lambda d: write_dataset(d, events=[make_event(location_precision="street")]),
        [
            "events.geojson:event-a:location_precision: unknown value 'street'; "
            f"expected {LOCATION_PRECISIONS}"
        ],
    ),
    "unknown metric": (
        lambda d: write_dataset(d, counts=[make_count(metric="killed")]),
        [f"counts.csv:count-a:metric: unknown value 'killed'; expected {METRICS}"],
    ),
    "unknown qualifier": (
        lambda d: write_dataset(d, counts=[make_count(qualifier="roughly")]),
        [f"counts.csv:count-a:qualifier: unknown value 'roughly'; expected {QUALIFIERS}"],
    ),
    "unknown claim_type": (
        lambda d: write_dataset(d, counts=[make_count(claim_type="ngo")]),
        [f"counts.csv:count-a:claim_type: unknown value 'ngo'; expected {CLAIM_TYPES}"],
    ),
    "empty claim_type cell": (
        lambda d: write_dataset(d, counts=[make_count(claim_type="")]),
        [f"counts.csv:count-a:claim_type: unknown value ''; expected {CLAIM_TYPES}"],
    ),
    "vocabulary values are case-sensitive": (
        lambda d: write_dataset(d, events=[make_event(category="Protest")]),
        [f"events.geojson:event-a:category: unknown value 'Protest'; expected {CATEGORIES}"],
    ),
    # dates
    "event start in words": (
        lambda d: write_dataset(d, events=[make_event(start="16 Dec 2011")]),
        [
            "events.geojson:event-a:start: '16 Dec 2011' is not YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM+HH:MM (a time needs its offset)"
        ],
    ),
    "event start time without offset": (
        lambda d: write_dataset(
            d, events=[make_event(start="2011-12-16T11:30", time_precision="minute")]
        ),
        [
            "events.geojson:event-a:start: '2011-12-16T11:30' is not YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM+HH:MM (a time needs its offset)"
        ],
    ),
    "event start on an impossible day": (
        lambda d: write_dataset(d, events=[make_event(start="2011-02-30")]),
        [
            "events.geojson:event-a:start: '2011-02-30' is not a real date: "
            "month 02 of 2011 has days 01 to 28"
        ],
    ),
    "event start in month 00": (
        lambda d: write_dataset(d, events=[make_event(start="2011-00")]),
        ["events.geojson:event-a:start: '2011-00' is not a real date: there is no month 00"],
    ),
    **{
        f"event start {name}": (
            lambda d, start=start: write_dataset(
                d, events=[make_event(start=start, time_precision="minute")]
            ),
            [f"events.geojson:event-a:start: '{start}' is not a real time: {reason}"],
        )
        for name, start, reason in (
            ("at hour 24", "2011-12-16T24:00+06:00", "hours run from 00 to 23"),
            ("at minute 60", "2011-12-16T11:60+06:00", "minutes run from 00 to 59"),
            ("at second 60", "2011-12-16T11:30:60+06:00", "seconds run from 00 to 59"),
            ("with an offset of a day", "2011-12-16T11:30+24:00", OFFSET_RANGE),
            ("with offset minutes past 59", "2011-12-16T11:30+05:60", OFFSET_RANGE),
            ("with offset minutes of 99", "2011-12-16T11:30-05:99", OFFSET_RANGE),
        )
    },
    "event end unparseable": (
        lambda d: write_dataset(d, events=[make_event(end="2011-12-32")]),
        [
            "events.geojson:event-a:end: '2011-12-32' is not a real date: "
            "month 12 of 2011 has days 01 to 31"
        ],
    ),
    "count stated_on unparseable": (
        lambda d: write_dataset(d, counts=[make_count(stated_on="18/12/2011")]),
        ["counts.csv:count-a:stated_on: '18/12/2011' is not YYYY, YYYY-MM or YYYY-MM-DD"],
    ),
    "count stated_on missing": (
        lambda d: write_dataset(d, counts=[make_count(stated_on="")]),
        ["counts.csv:count-a:stated_on: '' is not YYYY, YYYY-MM or YYYY-MM-DD"],
    ),
    "count stated_on impossible month": (
        lambda d: write_dataset(d, counts=[make_count(stated_on="2011-13")]),
        ["counts.csv:count-a:stated_on: '2011-13' is not a real date: there is no month 13"],
    ),
    "count period_start unparseable": (
        lambda d: write_dataset(d, counts=[make_count(period_start="mid-Dec")]),
        ["counts.csv:count-a:period_start: 'mid-Dec' is not YYYY, YYYY-MM or YYYY-MM-DD"],
    ),
    "source date unparseable": (
        lambda d: write_dataset(d, sources=[make_source(date="Dec 2011")]),
        ["sources.csv:src-a:date: 'Dec 2011' is not YYYY, YYYY-MM or YYYY-MM-DD"],
    ),
    # order of dates
    "end a day before start": (
        lambda d: write_dataset(d, events=[make_event(end="2011-12-15")]),
        ["events.geojson:event-a:end: end '2011-12-15' is before start '2011-12-16'"],
    ),
    "end a minute before start": (
        lambda d: write_dataset(
            d,
            events=[
                make_event(
                    start="2011-12-17T18:00+05:00",
                    end="2011-12-17T17:59+05:00",
                    time_precision="minute",
                )
            ],
        ),
        [
            "events.geojson:event-a:end: end '2011-12-17T17:59+05:00' is before start "
            "'2011-12-17T18:00+05:00'"
        ],
    ),
    "end before start once offsets are taken into account": (
        lambda d: write_dataset(
            d,
            events=[
                make_event(
                    start="2011-12-16T12:00+05:00",
                    end="2011-12-16T12:30+06:00",
                    time_precision="minute",
                )
            ],
        ),
        [
            "events.geojson:event-a:end: end '2011-12-16T12:30+06:00' is before start "
            "'2011-12-16T12:00+05:00'"
        ],
    ),
    "count period_end before period_start": (
        lambda d: write_dataset(
            d, counts=[make_count(period_start="2011-12-17", period_end="2011-12-16")]
        ),
        ["counts.csv:count-a:period_end: '2011-12-16' is before period_start '2011-12-17'"],
    ),
    # coordinates
    "longitude out of range": (
        lambda d: write_dataset(
            d, events=[make_event({"type": "Point", "coordinates": [181, 43.3]})]
        ),
        ["events.geojson:event-a:geometry: longitude 181 is out of range -180..180"],
    ),
    "latitude out of range": (
        lambda d: write_dataset(
            d, events=[make_event({"type": "Point", "coordinates": [52.8, -90.5]})]
        ),
        ["events.geojson:event-a:geometry: latitude -90.5 is out of range -90..90"],
    ),
    "latitude and longitude swapped past the pole": (
        lambda d: write_dataset(
            d, events=[make_event({"type": "Point", "coordinates": [-200, 95]})]
        ),
        [
            "events.geojson:event-a:geometry: longitude -200 is out of range -180..180",
            "events.geojson:event-a:geometry: latitude 95 is out of range -90..90",
        ],
    ),
    "coordinates as text": (
        lambda d: write_dataset(
            d, events=[make_event({"type": "Point", "coordinates": ["52.85", "43.33"]})]
        ),
        [
            "events.geojson:event-a:geometry: coordinates must be [longitude, latitude] numbers, "
            "got ['52.85', '43.33']"
        ],
    ),
    "coordinates not finite": (
        lambda d: _overwrite(
            write_dataset(d),
            "events.geojson",
            json.dumps({"type": "FeatureCollection", "features": [make_event()]}).replace(
                "52.85528", "NaN"
            ),
        ),
        [
            "events.geojson:event-a:geometry: coordinates must be [longitude, latitude] numbers, "
            "got [nan, 43.33778]"
        ],
    ),
    # duplicate ids
    "duplicate event ids": (
        lambda d: write_dataset(d, events=[make_event(), make_event(None)]),
        ["events.geojson:event-a:id: duplicate id (used 2 times)"],
    ),
    "duplicate source ids": (
        lambda d: write_dataset(
            d, sources=[make_source(), make_source(title="Another"), make_source(title="A third")]
        ),
        ["sources.csv:src-a:id: duplicate id (used 3 times)"],
    ),
    "duplicate count ids": (
        lambda d: write_dataset(d, counts=[make_count(), make_count(value="60")]),
        ["counts.csv:count-a:id: duplicate id (used 2 times)"],
    ),
    "id that is not a slug": (
        lambda d: write_dataset(d, counts=[make_count(id="Count A")]),
        [
            "counts.csv:Count A:id: must be lowercase letters and digits in words joined by "
            "single hyphens, like 2011-12-16-strike (got 'Count A')"
        ],
    ),
    # references
    "event cites an unknown source": (
        lambda d: write_dataset(
            d,
            events=[
                make_event(
                    sources=[
                        {"source": "src-a", "locator": "p4"},
                        {"source": "hrw", "locator": "p7"},
                    ]
                )
            ],
        ),
        ["events.geojson:event-a:sources.1.source: unknown source id 'hrw'"],
    ),
    "count cites an unknown source": (
        lambda d: write_dataset(d, counts=[make_count(source_id="src-b")]),
        ["counts.csv:count-a:source_id: unknown source id 'src-b'"],
    ),
    "a reference to a present but broken record is not reported twice": (
        lambda d: write_dataset(
            d,
            events=[make_event(count_ids=["count-a"])],
            sources=[make_source(language="english")],
            counts=[make_count(value="many")],
        ),
        [
            "sources.csv:src-a:language: must be a two-letter language code, like en, ru or kk "
            "(got 'english')",
            "counts.csv:count-a:value: 'many' is not a whole number",
        ],
    ),
    "event names an unknown count": (
        lambda d: write_dataset(d, events=[make_event(count_ids=["count-a", "count-b"])]),
        ["events.geojson:event-a:count_ids.1: unknown count id 'count-b'"],
    ),
    # source URLs
    "javascript URL": (
        lambda d: write_dataset(d, sources=[make_source(url="javascript:alert(1)")]),
        ["sources.csv:src-a:url: 'javascript:alert(1)' is not an http(s) URL"],
    ),
    "javascript URL dressed as http": (
        lambda d: write_dataset(d, sources=[make_source(url="javascript:alert('http://x')")]),
        ["sources.csv:src-a:url: \"javascript:alert('http://x')\" is not an http(s) URL"],
    ),
    "data URL": (
        lambda d: write_dataset(
            d, sources=[make_source(url="data:text/html,<script>alert(1)</script>")]
        ),
        ["sources.csv:src-a:url: 'data:text/html,<script>alert(1)</script>' is not an http(s) URL"],
    ),
    "ftp URL": (
        lambda d: write_dataset(d, sources=[make_source(url="ftp://example.org/report.pdf")]),
        ["sources.csv:src-a:url: 'ftp://example.org/report.pdf' is not an http(s) URL"],
    ),
    "URL without scheme": (
        lambda d: write_dataset(d, sources=[make_source(url="www.hrw.org/news")]),
        ["sources.csv:src-a:url: 'www.hrw.org/news' is not an http(s) URL"],
    ),
    "URL with a line break after it": (
        lambda d: write_dataset(d, sources=[make_source(url="https://example.org/a\n")]),
        ["sources.csv:src-a:url: 'https://example.org/a\\n' is not an http(s) URL"],
    ),
    "empty URL": (
        lambda d: write_dataset(d, sources=[make_source(url="")]),
        ["sources.csv:src-a:url: '' is not an http(s) URL"],
    ),
    # count values
    "negative count": (
        lambda d: write_dataset(d, counts=[make_count(value="-3")]),
        ["counts.csv:count-a:value: Input should be greater than or equal to 0 (got -3)"],
    ),
    "fractional count": (
        lambda d: write_dataset(d, counts=[make_count(value="1.5")]),
        ["counts.csv:count-a:value: '1.5' is not a whole number"],
    ),
    "count in words": (
        lambda d: write_dataset(d, counts=[make_count(value="abc")]),
        ["counts.csv:count-a:value: 'abc' is not a whole number"],
    ),
    "count with a thousands separator": (
        lambda d: write_dataset(d, counts=[make_count(value="1,128")]),
        ["counts.csv:count-a:value: '1,128' is not a whole number"],
    ),
    "empty count": (
        lambda d: write_dataset(d, counts=[make_count(value="")]),
        ["counts.csv:count-a:value: '' is not a whole number"],
    ),
    # empty text
    "empty title": (
        lambda d: write_dataset(d, events=[make_event(title_en="")]),
        ["events.geojson:event-a:title_en: must not be empty"],
    ),
    "whitespace-only title": (
        lambda d: write_dataset(d, events=[make_event(title_en=" \t ")]),
        ["events.geojson:event-a:title_en: must not be blank"],
    ),
    "whitespace-only description": (
        lambda d: write_dataset(d, events=[make_event(description_en="\n")]),
        ["events.geojson:event-a:description_en: must not be blank"],
    ),
    "title too long": (
        lambda d: write_dataset(d, events=[make_event(title_en="x" * 161)]),
        [
            "events.geojson:event-a:title_en: String should have at most 160 characters "
            f"(got {'x' * 60!r}… (161 characters))"
        ],
    ),
    "whitespace-only source title": (
        lambda d: write_dataset(d, sources=[make_source(title="   ")]),
        ["sources.csv:src-a:title: must not be blank"],
    ),
    "empty source title": (
        lambda d: write_dataset(d, sources=[make_source(title="")]),
        ["sources.csv:src-a:title: must not be empty"],
    ),
    "whitespace-only count claimant": (
        lambda d: write_dataset(d, counts=[make_count(claimant="  ")]),
        ["counts.csv:count-a:claimant: must not be blank"],
    ),
    "control character in a description": (
        lambda d: write_dataset(d, events=[make_event(description_en="Bell\x07")]),
        ["events.geojson:event-a:description_en: contains control character U+0007"],
    ),
    "right-to-left override in a place": (
        lambda d: write_dataset(d, events=[make_event(place="Zhana\u200bozen\u202e")]),
        [
            "events.geojson:event-a:place: contains invisible character U+200B, which can "
            "reorder or hide text"
        ],
    ),
    "zero-width space in a source's publisher": (
        lambda d: write_dataset(d, sources=[make_source(publisher="Human\u200bRights Watch")]),
        [
            "sources.csv:src-a:publisher: contains invisible character U+200B, which can reorder or hide text"
        ],
    ),
    "left-to-right isolate in a count's claimant": (
        lambda d: write_dataset(d, counts=[make_count(claimant="\u2066Officials")]),
        [
            "counts.csv:count-a:claimant: contains invisible character U+2066, which can reorder or hide text"
        ],
    ),
    # encoding
    "events not UTF-8": (
        lambda d: _overwrite_bytes(write_dataset(d), "events.geojson", b"\xff"),
        ["events.geojson:-:-: not valid UTF-8 (byte 0: 0xff)"],
    ),
    "counts saved as Latin-1": (
        lambda d: _overwrite_bytes(
            write_dataset(d),
            "counts.csv",
            (COUNTS_HEADER + COUNT_ROW.replace("Zhanaozen", "Jana\xf6zen")).encode("latin-1"),
        ),
        [
            "counts.csv:-:-: not valid UTF-8 "
            f"(byte {len(COUNTS_HEADER) + COUNT_ROW.index('Zhanaozen') + 4}: 0xf6)"
        ],
    ),
    "sources not UTF-8": (
        lambda d: _overwrite_bytes(
            write_dataset(d), "sources.csv", SOURCES_HEADER.encode() + b"\xff\n"
        ),
        [
            f"sources.csv:-:-: not valid UTF-8 (byte {len(SOURCES_HEADER)}: 0xff)",
        ],
    ),
    # fields added for the data review (issue 13)
    "unknown stated_on_basis": (
        lambda d: write_dataset(d, counts=[make_count(stated_on_basis="guessed")]),
        [
            "counts.csv:count-a:stated_on_basis: unknown value 'guessed'; "
            "expected 'stated', 'published' or 'inferred'"
        ],
    ),
    "inferred stated_on without a note": (
        lambda d: write_dataset(d, counts=[make_count(stated_on_basis="inferred")]),
        ["counts.csv:count-a:note: an inferred stated_on needs a note saying how it was set"],
    ),
    "adds_to an unknown count": (
        lambda d: write_dataset(d, counts=[make_count(adds_to="count-z")]),
        ["counts.csv:count-a:adds_to: unknown count id 'count-z'"],
    ),
    "adds_to itself": (
        lambda d: write_dataset(d, counts=[make_count(adds_to="count-a")]),
        ["counts.csv:count-a:adds_to: a count cannot add to itself"],
    ),
    "adds_to a count of another metric": (
        lambda d: write_dataset(
            d,
            counts=[
                make_count(),
                make_count(id="count-b", metric="deaths", value="3", adds_to="count-a"),
            ],
        ),
        ["counts.csv:count-b:adds_to: adds to 'count-a', whose metric is 'detained', not 'deaths'"],
    ),
    "adds_to links that loop": (
        lambda d: write_dataset(
            d,
            counts=[make_count(adds_to="count-b"), make_count(id="count-b", adds_to="count-a")],
        ),
        [
            "counts.csv:count-a:adds_to: loops back through 'count-a'",
            "counts.csv:count-b:adds_to: loops back through 'count-b'",
        ],
    ),
    "adds_to not a slug": (
        lambda d: write_dataset(d, counts=[make_count(adds_to="Count A")]),
        [
            "counts.csv:count-a:adds_to: must be empty or an id: lowercase letters and digits "
            "in words joined by single hyphens, like 2011-12-16-strike (got 'Count A')"
        ],
    ),
    "unknown language_basis": (
        lambda d: write_dataset(d, sources=[make_source(language_basis="guess")]),
        [
            "sources.csv:src-a:language_basis: unknown value 'guess'; "
            "expected 'stated' or 'inferred'"
        ],
    ),
}


def _overwrite(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _overwrite_bytes(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_broken_rule_prints_its_exact_line(case, tmp_path, capsys):
    build, expected = CASES[case]
    folder = build(tmp_path / "d")
    assert_problems(folder, capsys, expected)


def test_the_baseline_of_every_case_is_valid(tmp_path):
    """Each case breaks a dataset that is valid before the break."""
    assert check_directory(write_dataset(tmp_path / "d")).problems == []


def test_count_value_with_spaces_is_still_a_whole_number(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", counts=[make_count(value=" 7 ")])
    code, lines, _ = run(folder, capsys)
    assert code == 0, lines


@pytest.mark.parametrize(
    "url",
    ["https://www.hrw.org/news/2011/12/22/x", "http://example.org", "HTTPS://EXAMPLE.ORG/A?b=c#d"],
)
def test_http_urls_are_accepted(url, tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", sources=[make_source(url=url)])
    code, lines, _ = run(folder, capsys)
    assert code == 0, lines


# --- unreadable input: exit 2 -------------------------------------------------------------


@pytest.mark.parametrize("name", ["events.geojson", "sources.csv", "counts.csv"])
def test_missing_file_exits_2(name, tmp_path, capsys):
    folder = write_dataset(tmp_path / "d")
    (folder / name).unlink()
    code, lines, err = run(folder, capsys)
    assert lines == []
    assert err == f"{name}:-:-: cannot read {folder / name}: No such file or directory\n"
    assert code == 2


def test_missing_directory_exits_2(tmp_path, capsys):
    folder = tmp_path / "nowhere"
    code, lines, err = run(folder, capsys)
    assert lines == []
    assert err == f"{folder}:-:-: is not a readable directory\n"
    assert code == 2


def test_a_file_instead_of_a_directory_exits_2(tmp_path, capsys):
    path = tmp_path / "events.geojson"
    path.write_text("{}", encoding="utf-8")
    code, _, err = run(path, capsys)
    assert err == f"{path}:-:-: is not a readable directory\n"
    assert code == 2


# --- many problems at once ----------------------------------------------------------------


def test_every_problem_is_listed_not_only_the_first(tmp_path, capsys):
    folder = write_dataset(
        tmp_path / "d",
        events=[
            make_event(category="riot", title_en=" "),
            make_event({"type": "Point", "coordinates": [52.8, 95]}, id="event-b"),
            make_event(id="event-c", end="2011-12-01", count_ids=["count-z"]),
            make_event(id="event-d", sources=[{"source": "src-z", "locator": "p1"}]),
            make_event(id="event-d"),
        ],
        sources=[
            make_source(url="javascript:alert(1)"),
            make_source(id="src-b", date="yesterday"),
            make_source(id="src-c"),
        ],
        counts=[
            make_count(value="-3", source_id="src-c"),
            make_count(id="count-b", value="1.5", source_id="src-c"),
            make_count(id="count-c", qualifier="approx", source_id="src-c"),
            make_count(id="count-d", source_id="src-q"),
        ],
    )
    assert_problems(
        folder,
        capsys,
        [
            "events.geojson:event-a:title_en: must not be blank",
            f"events.geojson:event-a:category: unknown value 'riot'; expected {CATEGORIES}",
            "events.geojson:event-b:geometry: latitude 95 is out of range -90..90",
            "events.geojson:event-c:end: end '2011-12-01' is before start '2011-12-16'",
            "sources.csv:src-a:url: 'javascript:alert(1)' is not an http(s) URL",
            "sources.csv:src-b:date: 'yesterday' is not YYYY, YYYY-MM or YYYY-MM-DD",
            "counts.csv:count-a:value: Input should be greater than or equal to 0 (got -3)",
            "counts.csv:count-b:value: '1.5' is not a whole number",
            f"counts.csv:count-c:qualifier: unknown value 'approx'; expected {QUALIFIERS}",
            "events.geojson:event-d:id: duplicate id (used 2 times)",
            "events.geojson:event-d:sources.0.source: unknown source id 'src-z'",
            "counts.csv:count-d:source_id: unknown source id 'src-q'",
        ],
    )


def test_problems_in_all_three_files_are_listed_together(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d")
    (folder / "events.geojson").write_bytes(b"\xff")
    (folder / "sources.csv").write_text(SOURCES_HEADER + 'src-a,"A test source\n', "utf-8")
    (folder / "counts.csv").write_text(COUNTS_HEADER + "count-a,detained\n", "utf-8")
    assert_problems(
        folder,
        capsys,
        [
            "events.geojson:-:-: not valid UTF-8 (byte 0: 0xff)",
            "sources.csv:-:-: invalid CSV: unexpected end of data",
            "counts.csv:row 2:-: has 2 cells, header has 13",
        ],
    )


# --- the shipped data ---------------------------------------------------------------------


@pytest.mark.skipif(
    not (SHIPPED / "events.geojson").exists(), reason="data/events.geojson is not written yet"
)
def test_shipped_data_is_valid(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["data"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert out.startswith("data: valid (")


# --- dataset.json (optional) ----------------------------------------------------------------


def _info_with(**map_fields) -> dict:
    from tests.factories import make_info

    info = make_info()
    info["map"].update(map_fields)
    return info


PLACE = {
    "name_en": "Zhanaozen",
    "position": [43.33778, 52.85528],
    "precision": "town",
    "sources": [{"source": "src-a", "locator": "infobox"}],
}
OVERLAY = {
    "id": "blackout",
    "kind": "radius",
    "event_id": "event-a",
    "place": "Zhanaozen",
    "radius_km": 65,
    "label_en": "Blackout",
    "description_en": "Ring",
    "sources": [{"source": "src-a", "locator": "p16"}],
}


def test_a_valid_dataset_json_loads(tmp_path):
    from lib.events import load_dataset

    folder = write_dataset(tmp_path, info=_info_with(places=[PLACE], overlays=[OVERLAY]))
    info = load_dataset(folder).info
    assert info.title_en == "Test dataset"
    assert [v.id for v in info.map.views] == ["region", "zhanaozen", "aktau"]
    assert info.map.overlays[0].event_id == "event-a"


def test_csv_files_without_the_later_columns_still_load(tmp_path):
    """sources.csv without language_basis/note and counts.csv without the two later columns."""
    from lib.events import load_dataset

    folder = write_dataset(tmp_path)
    _overwrite(folder, "sources.csv", SOURCES_HEADER + "src-a,A,P,2011,https://example.org/a,en\n")
    _overwrite(folder, "counts.csv", COUNTS_HEADER + COUNT_ROW)
    data = load_dataset(folder)
    assert data.sources.loc[0, "language_basis"] == "stated"
    assert data.counts.loc[0, "stated_on_basis"] == "stated"
    assert data.counts.loc[0, "adds_to"] == ""


def test_new_values_load(tmp_path):
    from lib.events import load_dataset

    folder = write_dataset(
        tmp_path,
        events=[
            make_event(claimant_type="unclear"),
            make_event(id="e2", claimant_type="foreign_official"),
        ],
        sources=[make_source(language_basis="inferred", note="guessed from the address")],
        counts=[
            make_count(
                claim_type="unclear", stated_on_basis="inferred", note="set from the period"
            ),
            make_count(id="count-b", value="5", adds_to="count-a", stated_on_basis="published"),
        ],
    )
    data = load_dataset(folder)
    assert sorted(data.events["claim_class"]) == ["foreign_official", "unclear"]
    assert list(data.counts["adds_to"]) == ["", "count-a"]


def test_dataset_json_is_optional(tmp_path):
    from lib.events import load_dataset

    info = load_dataset(write_dataset(tmp_path)).info
    # no views named: one view fitted to the events (the factory's Zhanaozen and Aktau points)
    assert [v.id for v in info.map.views] == ["all"]
    lat, lon = info.map.views[0].center
    assert 43.3 < lat < 43.7 and 51.1 < lon < 52.9
    assert info.utc_offset == "+00:00"  # the factory gives dates only: no offset to infer


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"overlays": [{**OVERLAY, "event_id": "nope"}], "places": [PLACE]},
            "dataset.json:blackout:map.overlays.0.event_id: unknown event id 'nope'",
        ),
        (
            {"overlays": [OVERLAY], "places": []},
            "dataset.json:blackout:map.overlays.0.place: no place named 'Zhanaozen' in map.places",
        ),
        (
            {"places": [{**PLACE, "sources": [{"source": "ghost", "locator": "x"}]}]},
            "dataset.json:-:map.places.0.sources.0.source: unknown source id 'ghost'",
        ),
        (
            {"places": [{**PLACE, "position": [95, 52.8]}]},
            "dataset.json:-:map.places.0.position: latitude 95.0 is out of range -90..90",
        ),
        (
            {"overlays": [{**OVERLAY, "radius_km": None}], "places": [PLACE]},
            "dataset.json:blackout:map.overlays.0.radius_km: a radius overlay needs radius_km",
        ),
        (
            {"places": [{**PLACE, "precision": "approximate", "uncertainty_km": 45}]},
            "dataset.json:Zhanaozen:map.places.0.note_en: an approximate place needs note_en "
            "saying how its position was reached",
        ),
        (
            {"overlays": [{**OVERLAY, "kind": "cloud"}], "places": [PLACE]},
            "dataset.json:-:map.overlays.0.kind: unknown value 'cloud'; expected 'town' or 'radius'",
        ),
    ],
)
def test_dataset_json_problems_are_named(tmp_path, capsys, change, expected):
    folder = write_dataset(tmp_path, info=_info_with(**change))
    code, lines, _ = run(folder, capsys)
    assert code == 1
    assert lines == [expected]


def test_broken_dataset_json_is_reported(tmp_path, capsys):
    folder = write_dataset(tmp_path)
    (folder / "dataset.json").write_text("{ not json", "utf-8")
    code, lines, _ = run(folder, capsys)
    assert code == 1
    assert lines == [
        "dataset.json:-:-: invalid JSON: a field name in double quotes was expected (is there a comma after the last field?) (line 1, column 3)"
    ]


@pytest.mark.parametrize(
    "title", ["bell\x07inside", "form\x0cfeed", "delete\x7f", "null\x00byte", "backspace\x08"]
)
def test_a_control_character_in_an_event_is_found_however_the_json_writes_it(tmp_path, title):
    folder = write_dataset(tmp_path, events=[make_event(title_en=title)])
    text = (folder / "events.geojson").read_text("utf-8")
    assert "\\u00" in text or "\\b" in text or "\\f" in text or "\x7f" in text
    problems = [str(p) for p in check_directory(folder).problems]
    assert any(
        p.startswith("events.geojson:event-a:title_en: contains control character")
        for p in problems
    )


@pytest.mark.parametrize("escaped", [True, False])
def test_a_right_to_left_override_in_a_title_is_found_however_the_json_writes_it(tmp_path, escaped):
    """A title "Zhanaozen \u202egnp.exe strike" read "Zhanaozen ekirts exe.png"."""
    folder = write_dataset(tmp_path, events=[make_event(title_en="Zhanaozen \u202egnp.exe")])
    path = folder / "events.geojson"
    doc = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(doc, ensure_ascii=escaped), "utf-8")
    assert ("\\u202e" in path.read_text("utf-8")) is escaped
    problems = [str(p) for p in check_directory(folder).problems]
    assert (
        "events.geojson:event-a:title_en: contains invisible character U+202E, which can reorder"
        " or hide text"
    ) in problems


def test_a_point_with_longitude_and_latitude_swapped_is_named(tmp_path):
    """Zhanaozen's point written [43.34, 52.86] instead of [52.86, 43.34] passed, and the event
    was drawn 1,000 km north of the region while its detail said "Zhanaozen, town level"."""
    import shutil

    folder = Path(shutil.copytree(Path(__file__).resolve().parent.parent / "data", tmp_path / "d"))
    path = folder / "events.geojson"
    doc = json.loads(path.read_text("utf-8"))
    event = next(
        f for f in doc["features"] if f["geometry"] and f["properties"]["place"] == "Zhanaozen"
    )
    lon, lat = event["geometry"]["coordinates"]
    event["geometry"]["coordinates"] = [lat, lon]
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    problems = [str(p) for p in check_directory(folder).problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"events.geojson:{event['properties']['id']}:geometry: ")
    assert "are longitude and latitude swapped?" in problems[0]
    assert f"[{lon}, {lat}] is at Zhanaozen" in problems[0]
