"""The shared caches: one dataset for all viewers, row positions per filter, derived tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lib import cache
from lib.events import EventFilter, filter_events, load_dataset
from lib.export import events_to_csv, events_to_geojson
from lib.format import event_when, when_texts
from tests.factories import make_event, write_dataset

SHIPPED = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    events = [
        make_event(id="a", start="2011-12-16T11:05+05:00", time_precision="minute"),
        make_event(id="b", start="2011-12", time_precision="month", category="trial"),
        make_event(
            id="c",
            start="2011-12-17",
            time_precision="part_of_day",
            part_of_day="evening",
            time_note_en="as reported",
        ),
        make_event(id="d", start="2011-12-16", end="2011-12-18", time_precision="day_range"),
        make_event(id="e", start="2011-12-16", end="2012-01", geometry=None),
        make_event(id="f", start="2011-12-16", end="2011-12-19T08:00+05:00"),
    ]
    return write_dataset(tmp_path / "data", events=events)


def test_when_texts_match_event_when_row_by_row(data_dir):
    for folder in (data_dir, SHIPPED):
        events = load_dataset(folder).events
        assert when_texts(events) == [event_when(row) for _, row in events.iterrows()]


def test_a_range_of_days_reads_as_a_span_and_two_days_as_either(data_dir):
    """A detention of two days "between 16 and 22 Dec" read "16 December 2011 or 22 December
    2011 (one of several days)": one of those two days, which no source says."""
    events = load_dataset(data_dir).events
    span = events[events["id"] == "d"]
    expected = "16 December 2011 – 18 December 2011 (when within this span is not known)"
    assert event_when(span.iloc[0]) == expected
    assert when_texts(span) == [expected]
    shipped = load_dataset(SHIPPED).events
    either = shipped[shipped["id"] == "2011-12-21-pg-invites-un-experts"]
    assert when_texts(either, "ru")[0].startswith("21 декабря 2011 г. или 22 декабря 2011 г.")


def test_geojson_download_has_one_feature_per_line_and_round_trips(data_dir):
    events = load_dataset(data_dir).events
    text = events_to_geojson(events, "cite").decode()
    doc = json.loads(text)
    assert doc["citation"] == "cite"
    assert len(text.splitlines()) == len(events) + 2
    by_id = {f["properties"]["id"]: f for f in doc["features"]}
    assert by_id["e"]["geometry"] is None
    assert by_id["a"]["geometry"] == {"type": "Point", "coordinates": [52.85528, 43.33778]}
    assert by_id["a"]["properties"]["end"] is None


def test_positions_select_the_filtered_rows_and_none_means_all(data_dir):
    dataset = load_dataset(data_dir)
    key = cache.dataset_key(data_dir)
    assert cache.positions(dataset, key, EventFilter()) is None
    assert cache.take(dataset.events, None) is dataset.events
    flt = EventFilter(categories=("trial",))
    rows = cache.positions(dataset, key, flt)
    assert list(cache.take(dataset.events, rows)["id"]) == list(
        filter_events(dataset.events, flt)["id"]
    )
    assert not rows.flags.writeable


def test_the_dataset_is_loaded_once_for_every_caller_until_a_file_changes(data_dir):
    cache.shared_dataset.clear()
    first = cache.shared_dataset(str(data_dir), cache.data_stamp(data_dir))
    assert cache.shared_dataset(str(data_dir), cache.data_stamp(data_dir)) is first
    path = data_dir / "events.geojson"
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")  # same mtime granularity: size changes
    again = cache.shared_dataset(str(data_dir), cache.data_stamp(data_dir))
    assert again is not first
    assert list(again.events["id"]) == list(first.events["id"])


def test_unplaced_table_follows_the_filter(data_dir):
    dataset = load_dataset(data_dir)
    key = cache.dataset_key(data_dir)
    unplaced = cache.unplaced_rows(dataset, key, None)
    everything = cache.unplaced_table(dataset, key, unplaced, "en")
    assert list(everything["id"]) == ["e"]
    assert everything["when"].iloc[0] == event_when(dataset.events.set_index("id").loc["e"])
    rows = cache.positions(dataset, key, EventFilter(date_to=date(2011, 12, 15)))
    assert not len(cache.unplaced_rows(dataset, key, rows))


def test_downloads_are_built_once_per_filter(data_dir):
    dataset = load_dataset(data_dir)
    key = cache.dataset_key(data_dir)
    flt = EventFilter(categories=("trial",))
    first = cache.download_bytes(dataset, key, flt, "csv", "cite")
    assert cache.download_bytes(dataset, key, flt, "csv", "cite") is first
    trial = filter_events(dataset.events, flt)
    assert first == events_to_csv(trial, "cite")
    assert cache.download_bytes(dataset, key, flt, "geojson", "cite") == events_to_geojson(
        trial, "cite"
    )


def test_viewers_share_one_dataset_and_keep_no_copy_of_their_rows(monkeypatch, data_dir):
    from streamlit.testing.v1 import AppTest

    from lib.ui import VIEW_KEY

    monkeypatch.setenv("EVENTS_DATA_DIR", str(data_dir))
    app = str(Path(__file__).resolve().parent.parent / "app.py")
    first = AppTest.from_file(app, default_timeout=60).run()
    second = AppTest.from_file(app, default_timeout=60).run()
    second.multiselect(key="filter_cat").select("trial").run()
    assert not first.exception and not second.exception
    one, two = first.session_state[VIEW_KEY], second.session_state[VIEW_KEY]
    assert one.dataset is two.dataset
    assert one.rows is None
    assert list(two.rows) == [list(two.dataset.events["id"]).index("b")]
    # the frame of selected rows lives for one run only
    assert "events" not in vars(one) and "events" not in vars(two)
    assert list(two.events["id"]) == ["b"]
