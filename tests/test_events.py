"""Loading a data directory into frames, event spans per precision, and the shared filters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geoseries_equal
from shapely.geometry import Point

from lib.events import (
    DEFAULT_DATA_DIR,
    EventFilter,
    claim_class,
    data_dir_from_env,
    event_span,
    filter_counts,
    filter_events,
    in_set,
    load_dataset,
)
from lib.schema import EventProperties, zone_from_offset
from lib.validate import DataError
from tests.factories import AKTAU, ZHANAOZEN, make_count, make_event, make_source, write_dataset


def span(**props) -> tuple[datetime, datetime]:
    """The span of an event built from the factory defaults plus ``props``."""
    event = EventProperties.model_validate(make_event(**props)["properties"])
    return event_span(event, zone_from_offset("+05:00"))


# --- load_dataset -------------------------------------------------------------------------


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """Three events (Zhanaozen, Aktau, unplaced), two sources, two counts."""
    return write_dataset(
        tmp_path / "d",
        events=[
            make_event(id="in-zhanaozen", start="2011-12-17", count_ids=["count-a"]),
            make_event(
                {"type": "Point", "coordinates": list(AKTAU)},
                id="in-aktau",
                start="2011-12-18",
                place="Aktau",
                claimant_type="media",
                claimant="Reuters",
                sources=[
                    {"source": "src-a", "locator": "p1"},
                    {"source": "src-b", "locator": "p2"},
                ],
            ),
            make_event(
                None, id="unplaced", start="2011-12-16T18:00+05:00", time_precision="minute"
            ),
        ],
        sources=[make_source(), make_source(id="src-b")],
        counts=[make_count(), make_count(id="count-b", stated_on="2012", claim_type="independent")],
    )


def test_load_dataset_returns_a_wgs84_geodataframe(dataset_dir):
    data = load_dataset(dataset_dir)
    assert isinstance(data.events, gpd.GeoDataFrame)
    assert data.events.crs == "EPSG:4326"
    assert data.events.geometry.name == "geometry"
    assert data.data_dir == dataset_dir


def test_load_dataset_keeps_unplaced_events_with_null_geometry(dataset_dir):
    events = load_dataset(dataset_dir).events
    # sorted by start: the unplaced event of the 16th first
    assert list(events["id"]) == ["unplaced", "in-zhanaozen", "in-aktau"]
    expected = gpd.GeoSeries(
        [None, Point(ZHANAOZEN), Point(AKTAU)], crs="EPSG:4326", name="geometry"
    )
    assert_geoseries_equal(events.geometry, expected)
    assert list(events.geometry.isna()) == [True, False, False]
    assert events.loc[0, "location_precision"] == "unknown"


def test_load_dataset_derived_columns(dataset_dir):
    events = load_dataset(dataset_dir).events.set_index("id")
    assert events.loc["in-aktau", "source_ids"] == ("src-a", "src-b")
    assert events.loc["in-aktau", "claim_class"] == "independent"
    assert events.loc["in-zhanaozen", "claim_class"] == "official"
    assert events.loc["in-zhanaozen", "count_ids"] == ["count-a"]
    assert events["t0"].dtype == "datetime64[ns]"
    assert events["t1"].dtype == "datetime64[ns]"
    assert events.loc["unplaced", "t0"] == pd.Timestamp("2011-12-16 18:00")
    assert events.loc["in-zhanaozen", "t1"] == pd.Timestamp("2011-12-18")


def test_load_dataset_sources_and_counts(dataset_dir):
    data = load_dataset(dataset_dir)
    assert list(data.sources["id"]) == ["src-a", "src-b"]
    assert data.counts["value"].dtype == "int64"
    assert list(data.counts["value"]) == [70, 70]
    counts = data.counts.set_index("id")
    assert counts.loc["count-a", "stated_from"] == date(2011, 12, 18)
    assert counts.loc["count-a", "stated_to"] == date(2011, 12, 18)
    assert counts.loc["count-b", "stated_from"] == date(2012, 1, 1)
    assert counts.loc["count-b", "stated_to"] == date(2012, 12, 31)


def test_load_dataset_of_an_empty_dataset(tmp_path):
    data = load_dataset(write_dataset(tmp_path / "d", events=[], counts=[]))
    assert data.events.empty
    assert data.events.crs == "EPSG:4326"
    assert data.counts.empty


def test_data_error_carries_every_problem(tmp_path):
    folder = write_dataset(
        tmp_path / "d",
        events=[make_event(category="riot"), make_event(id="event-b", end="2011-12-01")],
        counts=[make_count(value="-3")],
    )
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    lines = [str(problem) for problem in info.value.problems]
    assert len(lines) == 3
    assert lines[0].startswith("events.geojson:event-a:category: unknown value 'riot'")
    assert lines[1] == "events.geojson:event-b:end: end '2011-12-01' is before start '2011-12-16'"
    assert (
        lines[2] == "counts.csv:count-a:value: Input should be greater than or equal to 0 (got -3)"
    )
    assert str(info.value) == "\n".join(lines)
    assert info.value.unreadable is False


def test_data_error_for_a_missing_directory_is_unreadable(tmp_path):
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path / "missing")
    assert info.value.unreadable is True
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'missing'}:-:-: is not a readable directory"
    ]


# --- data_dir_from_env --------------------------------------------------------------------


def test_data_dir_from_env_honours_events_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path))
    assert data_dir_from_env() == tmp_path
    assert data_dir_from_env({"EVENTS_DATA_DIR": "/srv/other"}) == Path("/srv/other")


@pytest.mark.parametrize("environ", [{}, {"EVENTS_DATA_DIR": ""}, {"EVENTS_DATA_DIR": "  "}])
def test_data_dir_from_env_defaults_to_the_shipped_data(environ):
    assert data_dir_from_env(environ) == DEFAULT_DATA_DIR
    assert Path(__file__).resolve().parent.parent / "data" == DEFAULT_DATA_DIR


def test_data_dir_from_env_reads_the_process_environment(monkeypatch):
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    assert data_dir_from_env() == DEFAULT_DATA_DIR


# --- spans per precision ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        pytest.param(
            {"start": "2011-12-16T11:40+05:00", "time_precision": "minute"},
            (datetime(2011, 12, 16, 11, 40), datetime(2011, 12, 16, 11, 40)),
            id="minute is an instant",
        ),
        pytest.param(
            {"start": "2011-12-17T18:00+05:00", "time_precision": "hour"},
            (datetime(2011, 12, 17, 18), datetime(2011, 12, 17, 18)),
            id="hour is an instant",
        ),
        pytest.param(
            {"start": "2011-12-16", "time_precision": "day"},
            (datetime(2011, 12, 16), datetime(2011, 12, 17)),
            id="day spans that day",
        ),
        pytest.param(
            {"start": "2011-12-16", "time_precision": "part_of_day", "part_of_day": "morning"},
            (datetime(2011, 12, 16, 6), datetime(2011, 12, 16, 12)),
            id="morning",
        ),
        pytest.param(
            {"start": "2011-12-16", "time_precision": "part_of_day", "part_of_day": "afternoon"},
            (datetime(2011, 12, 16, 12), datetime(2011, 12, 16, 18)),
            id="afternoon",
        ),
        pytest.param(
            {"start": "2011-12-16", "time_precision": "part_of_day", "part_of_day": "evening"},
            (datetime(2011, 12, 16, 18), datetime(2011, 12, 17)),
            id="evening",
        ),
        pytest.param(
            {"start": "2011-12-16", "time_precision": "part_of_day", "part_of_day": "night"},
            (datetime(2011, 12, 16, 22), datetime(2011, 12, 17, 6)),
            id="night runs into the next day",
        ),
        pytest.param(
            {"start": "2011-12-31", "time_precision": "part_of_day", "part_of_day": "night"},
            (datetime(2011, 12, 31, 22), datetime(2012, 1, 1, 6)),
            id="night across the new year",
        ),
        pytest.param(
            {"start": "2011-12-21", "end": "2011-12-22", "time_precision": "day_range"},
            (datetime(2011, 12, 21), datetime(2011, 12, 23)),
            id="day_range covers both days",
        ),
        pytest.param(
            {"start": "2011-07", "time_precision": "month"},
            (datetime(2011, 7, 1), datetime(2011, 8, 1)),
            id="month",
        ),
        pytest.param(
            {"start": "2011-12", "time_precision": "month"},
            (datetime(2011, 12, 1), datetime(2012, 1, 1)),
            id="december into the next year",
        ),
        pytest.param(
            {"start": "2011-02", "time_precision": "month"},
            (datetime(2011, 2, 1), datetime(2011, 3, 1)),
            id="february",
        ),
        pytest.param(
            {"start": "2011-05", "end": "2011-12", "time_precision": "month"},
            (datetime(2011, 5, 1), datetime(2012, 1, 1)),
            id="month end extends to the end of that month",
        ),
        pytest.param(
            {
                "start": "2011-12-17T18:00+05:00",
                "end": "2012-01-31T07:00+05:00",
                "time_precision": "minute",
            },
            (datetime(2011, 12, 17, 18), datetime(2012, 1, 31, 7)),
            id="time end extends to that time",
        ),
        pytest.param(
            {"start": "2011-12-16", "end": "2011-12-21", "time_precision": "day"},
            (datetime(2011, 12, 16), datetime(2011, 12, 22)),
            id="date end extends to the end of that day",
        ),
        pytest.param(
            {"start": "2011-12-16T11:00+05:00", "end": "2011-12-16", "time_precision": "hour"},
            (datetime(2011, 12, 16, 11), datetime(2011, 12, 17)),
            id="date end on the same day closes the day",
        ),
    ],
)
def test_event_span_per_precision(props, expected):
    assert span(**props) == expected


def test_claim_class():
    assert claim_class("official") == "official"
    assert [claim_class(t) for t in ("journalist", "witness", "ngo", "media")] == [
        "independent"
    ] * 4


# --- filter_events ------------------------------------------------------------------------


@pytest.fixture
def events(tmp_path: Path) -> gpd.GeoDataFrame:
    """Six events spread over time, categories and claimants."""
    folder = write_dataset(
        tmp_path / "d",
        events=[
            make_event(
                id="strike",
                start="2011-05",
                end="2011-12",
                time_precision="month",
                category="context",
                claimant_type="media",
                title_en="Oil workers strike",
                description_en="Months of strike.",
            ),
            make_event(
                id="square",
                start="2011-12-16T11:30+05:00",
                time_precision="minute",
                category="violence",
                title_en="Clashes on the square",
                description_en="Police and CROWD clash.",
            ),
            make_event(
                id="phones",
                start="2011-12-16",
                time_precision="part_of_day",
                part_of_day="afternoon",
                category="communications",
                claimant_type="ngo",
                title_en="Phones cut",
                description_en="Telephone lines to the town go dead.",
            ),
            make_event(
                id="night",
                start="2011-12-16",
                time_precision="part_of_day",
                part_of_day="night",
                category="detention",
                title_en="Night arrests",
                description_en="Detentions overnight.",
            ),
            make_event(
                id="garage",
                start="2011-12-17T17:00+05:00",
                time_precision="hour",
                category="ill_treatment",
                claimant_type="journalist",
                title_en="The garage",
                description_en="About 150 people held in a windowless building.",
            ),
            make_event(
                id="un",
                start="2011-12-21",
                end="2011-12-22",
                time_precision="day_range",
                category="reaction",
                claimant_type="official",
                title_en="UN experts invited",
                description_en="Prosecutors invite UN experts.",
            ),
        ],
    )
    return load_dataset(folder).events


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["id"])


def test_no_filter_keeps_everything(events):
    assert len(filter_events(events, EventFilter())) == len(events) == 6


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        pytest.param(
            date(2011, 12, 16),
            date(2011, 12, 16),
            {"strike", "square", "phones", "night"},
            id="16 Dec",
        ),
        pytest.param(
            date(2011, 12, 17),
            date(2011, 12, 17),
            {"strike", "night", "garage"},
            id="night overlaps 17 Dec",
        ),
        pytest.param(
            date(2011, 12, 22), date(2011, 12, 31), {"strike", "un"}, id="range overlaps its end"
        ),
        pytest.param(
            date(2011, 12, 18), date(2011, 12, 20), {"strike"}, id="only the lasting strike"
        ),
        pytest.param(date(2011, 6, 1), date(2011, 6, 30), {"strike"}, id="inside the month span"),
        pytest.param(date(2012, 1, 1), None, set(), id="after everything"),
        pytest.param(None, date(2011, 4, 30), set(), id="before everything"),
        pytest.param(date(2011, 12, 21), None, {"strike", "un"}, id="open end"),
        pytest.param(
            None, date(2011, 12, 16), {"strike", "square", "phones", "night"}, id="open start"
        ),
    ],
)
def test_filter_events_by_date_overlap(events, date_from, date_to, expected):
    assert ids(filter_events(events, EventFilter(date_from=date_from, date_to=date_to))) == expected


def test_an_instant_on_the_first_day_is_kept(events):
    square = filter_events(
        events, EventFilter(date_from=date(2011, 12, 16), date_to=date(2011, 12, 16))
    )
    assert "square" in ids(square)
    later = filter_events(
        events, EventFilter(date_from=date(2011, 12, 17), date_to=date(2011, 12, 17))
    )
    assert "square" not in ids(later)


def test_filter_events_by_categories(events):
    flt = EventFilter(categories=("violence", "detention"))
    assert ids(filter_events(events, flt)) == {"square", "night"}
    assert filter_events(events, EventFilter(categories=())).empty


def test_filter_events_by_claimant_types(events):
    flt = EventFilter(claimant_types=("journalist", "ngo"))
    assert ids(filter_events(events, flt)) == {"phones", "garage"}
    assert ids(filter_events(events, EventFilter(claimant_types=("official",)))) == {
        "square",
        "night",
        "un",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("crowd", {"square"}),
        ("CROWD", {"square"}),
        ("  phones cut ", {"phones"}),
        ("GARAGE", {"garage"}),
        ("150 people", {"garage"}),
        ("cl.shes", set()),
        ("(", set()),
        ("", {"strike", "square", "phones", "night", "garage", "un"}),
    ],
)
def test_filter_events_by_free_text_case_insensitive(events, text, expected):
    """Title and description are searched, as plain text (not a pattern)."""
    assert ids(filter_events(events, EventFilter(text=text))) == expected


def test_filters_combine(events):
    flt = EventFilter(
        date_from=date(2011, 12, 16),
        date_to=date(2011, 12, 17),
        categories=("detention", "ill_treatment", "violence"),
        claimant_types=("official",),
        text="night",
    )
    assert ids(filter_events(events, flt)) == {"night"}


def test_filter_events_keeps_the_geodataframe(events):
    out = filter_events(events, EventFilter(categories=("violence",)))
    assert isinstance(out, gpd.GeoDataFrame)
    assert out.crs == "EPSG:4326"


# --- filter_counts ------------------------------------------------------------------------


@pytest.fixture
def counts(tmp_path: Path) -> pd.DataFrame:
    folder = write_dataset(
        tmp_path / "d",
        counts=[
            make_count(id="day-18", stated_on="2011-12-18"),
            make_count(id="day-22", stated_on="2011-12-22"),
            make_count(id="month-dec", stated_on="2011-12"),
            make_count(id="year-2012", stated_on="2012", period_start="", period_end=""),
            make_count(id="day-2012", stated_on="2012-06-04"),
        ],
    )
    return load_dataset(folder).counts


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        pytest.param(
            None, None, {"day-18", "day-22", "month-dec", "year-2012", "day-2012"}, id="all"
        ),
        pytest.param(date(2011, 12, 18), date(2011, 12, 18), {"day-18", "month-dec"}, id="one day"),
        pytest.param(date(2011, 12, 19), date(2011, 12, 21), {"month-dec"}, id="month overlaps"),
        pytest.param(
            date(2011, 12, 31), date(2012, 1, 1), {"month-dec", "year-2012"}, id="new year"
        ),
        pytest.param(date(2012, 6, 1), None, {"year-2012", "day-2012"}, id="open end"),
        pytest.param(None, date(2011, 11, 30), set(), id="before all"),
        pytest.param(date(2013, 1, 1), None, set(), id="after all"),
    ],
)
def test_filter_counts_by_date_stated(counts, date_from, date_to, expected):
    out = filter_counts(counts, EventFilter(date_from=date_from, date_to=date_to))
    assert set(out["id"]) == expected


def test_filter_counts_ignores_the_other_filters(counts):
    """Counts have no category, claimant type or text of an event: only the date applies."""
    flt = EventFilter(categories=("violence",), claimant_types=("ngo",), text="zzz")
    assert len(filter_counts(counts, flt)) == len(counts)


def test_in_set_matches_isin_on_text_columns():
    column = pd.Series(["a", "b", None, "c", "a"], dtype="str")
    for wanted in ({"a", "c"}, ["b"], frozenset(), ("zz",)):
        assert np.array_equal(in_set(column, wanted), column.isin(list(wanted)).to_numpy())
