"""AppTest checks of the Timeline page on a small dataset."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import make_event, make_info, make_source, write_dataset
from tests.plotly_data import decode

HOSTILE = "<img src=x onerror=window.__xss=1>"
CHART_KEY = "timeline_chart"


def _marks(at: AppTest) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Map each event id drawn in the chart to the start and end of its mark."""
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    marks = {}
    for trace in spec["data"]:
        ids = trace.get("customdata") or []
        xs = decode(trace["x"])
        bases = trace.get("base")
        for i, event_id in enumerate(ids):
            if trace["type"] == "bar":
                start = pd.Timestamp(bases[i])
                end = start + pd.Timedelta(milliseconds=xs[i])
            else:
                start = end = pd.Timestamp(xs[i])
            assert event_id not in marks
            marks[event_id] = (start, end)
    return marks


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    events = [
        make_event(id="at-hour", start="2011-12-16T17:00+05:00", time_precision="hour"),
        make_event(
            id="afternoon",
            start="2011-12-17",
            time_precision="part_of_day",
            part_of_day="afternoon",
            category="violence",
            claimant_type="ngo",
            claimant="Human Rights Watch",
        ),
        make_event(id="on-day", start="2011-12-20", category="detention"),
        make_event(
            id="emergency",
            start="2011-12-17T18:00+05:00",
            end="2012-01-31T07:00+05:00",
            time_precision="minute",
            category="restriction",
        ),
        make_event(id="hostile", start="2011-12-19", title_en=HOSTILE, category="reaction"),
        make_event(id="trial", start="2012-03-27", end="2012-06-04", category="trial"),
    ]
    folder = write_dataset(tmp_path / "data", events=events, sources=[make_source()], counts=[])
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    return folder


def _timeline(**query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    return at


def _date_input(at: AppTest, which: str):
    found = [d for d in at.get("date_input") if d.key in (which, f"filter_{which}")]
    assert len(found) == 1, [d.key for d in at.get("date_input")]
    return found[0]


def test_one_mark_per_event_at_local_time(data_dir):
    at = _timeline()
    marks = _marks(at)
    ts = pd.Timestamp
    assert set(marks) == {"at-hour", "afternoon", "on-day", "emergency", "hostile", "trial"}
    assert marks["at-hour"] == (ts("2011-12-16 17:00"), ts("2011-12-16 17:00"))
    assert marks["afternoon"] == (ts("2011-12-17 12:00"), ts("2011-12-17 18:00"))
    assert marks["on-day"] == (ts("2011-12-20"), ts("2011-12-21"))
    assert marks["emergency"] == (ts("2011-12-17 18:00"), ts("2012-01-31 07:00"))


def test_date_filter_changes_the_marks(data_dir):
    at = _timeline()
    _date_input(at, "to").set_value(date(2011, 12, 18)).run()
    assert not at.exception
    assert set(_marks(at)) == {"at-hour", "afternoon", "emergency"}
    _date_input(at, "from").set_value(date(2011, 12, 19)).run()
    _date_input(at, "to").set_value(date(2011, 12, 20)).run()
    assert set(_marks(at)) == {"on-day", "emergency", "hostile"}
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    subtitle = spec["layout"]["title"]["subtitle"]["text"].replace("\xa0", " ")
    assert "Filtered to 19–20 Dec 2011" in subtitle


def test_dates_with_no_events_open_on_those_dates(data_dir):
    """With nothing to draw, plotly's autorange opened on January 2000 to January 2001."""
    at = _timeline()
    _date_input(at, "from").set_value(date(2012, 2, 1)).run()
    _date_input(at, "to").set_value(date(2012, 2, 10)).run()
    assert not at.exception
    assert _marks(at) == {}
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [pd.Timestamp(v) for v in spec["layout"]["xaxis"]["range"]] == [
        pd.Timestamp("2012-02-01"),
        pd.Timestamp("2012-02-11"),
    ]


def test_selecting_a_mark_selects_the_event(data_dir):
    at = _timeline()
    assert not [s for s in at.subheader if s.value == "Test event"]
    at.session_state[CHART_KEY] = {
        "selection": {
            "points": [{"curve_number": 2, "point_index": 0, "customdata": "at-hour"}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    assert not at.exception
    assert at.session_state["selected_event"] == "at-hour"
    assert at.query_params["event"] == ["at-hour"] or at.query_params["event"] == "at-hour"
    assert "Test event" in [s.value for s in at.subheader]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    widths = {}
    for trace in spec["data"]:
        if trace["type"] == "scatter" and trace.get("customdata"):
            for event_id, width in zip(
                trace["customdata"], decode(trace["marker"]["line"]["width"]), strict=True
            ):
                widths[event_id] = width
    assert widths["at-hour"] == 3


def test_selection_from_the_url_is_highlighted_and_shown(data_dir):
    at = _timeline(event="on-day")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    for trace in spec["data"]:
        ids = trace.get("customdata") or []
        if "on-day" in ids:
            widths = decode(trace["marker"]["line"]["width"])
            assert widths[ids.index("on-day")] == 3
    assert any("20\xa0December\xa02011" in t.value for t in at.text)  # kept on one line


def test_lane_switch(data_dir):
    at = _timeline(lane="claimant")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["ticktext"] == ["Officials", "NGOs"]


def test_day_list_shows_titles_as_text(data_dir):
    at = _timeline()
    listing = "\n".join([m.value for m in at.markdown] + [b.label for b in at.button])
    assert "**19\xa0December\xa02011**" in listing  # a date's words on one line
    assert r"\<img src=x onerror=window\.\_\_xss=1\>" in listing
    assert not re.search(r"(?<!\\)<", listing), "an unescaped < reached Markdown"


def test_the_day_list_selects_an_event_by_button(data_dir):
    at = _timeline()
    assert not [h for h in at.subheader if "<img" in h.value]
    at.button(key="day-hostile").click().run()
    assert at.session_state["selected_event"] == "hostile"
    assert at.query_params["event"] in ("hostile", ["hostile"])
    assert [h for h in at.subheader if "img src=x" in h.value]  # the detail, under its line
    spec = at.get("plotly_chart")[0].proto.spec
    assert "<img" not in spec and "&lt;img src=x" in spec


def test_export_button_is_configured(data_dir):
    at = _timeline()
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["scale"] == 3
    assert config["toImageButtonOptions"]["filename"].endswith("-timeline-en")


def test_a_timeline_by_claimant_or_of_the_whole_dataset_is_named_so(data_dir):
    """By claimant, or the whole dataset, the image and its file were both
    ``…-timeline-16x9-en.png``: a second download overwrote the first."""
    (data_dir / "dataset.json").write_text(
        json.dumps(make_info(timeline_window=["2011-12-15", "2011-12-23"])), "utf-8"
    )

    def name(at: AppTest) -> str:
        return json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"][
            "filename"
        ]

    assert name(_timeline()).endswith("-timeline-en")
    assert name(_timeline(lane="claimant")).endswith("-timeline-lane-claimant-en")
    assert name(_timeline(span="all")).endswith("-timeline-span-all-en")
    assert name(_timeline(lane="claimant", span="all")).endswith("-lane-claimant-span-all-en")


def test_the_span_choice_is_kept_in_the_link(data_dir, monkeypatch):
    from tests.factories import make_info

    (data_dir / "dataset.json").write_text(
        json.dumps(make_info(timeline_window=["2011-12-15", "2011-12-23"])), "utf-8"
    )
    at = _timeline()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["range"][0].startswith("2011-12-15")
    at.segmented_control(key="span").set_value("all").run()
    assert at.query_params["span"] in ("all", ["all"])
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not spec["layout"]["xaxis"]["range"][0].startswith("2011-12-15")


def test_a_days_mark_lists_its_events_and_says_how_to_choose_one_by_keyboard(data_dir):
    """Above 3,000 events a mark holds a day of a lane; its events come as a table."""
    at = _timeline()
    at.session_state[CHART_KEY] = {
        "selection": {
            "points": [
                {"curve_number": 0, "point_index": 0, "customdata": "day:2011-12-20|detention"}
            ],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    assert not at.exception
    assert list(at.dataframe[0].value["id"]) == ["on-day"]
    assert any("Shift+Space" in c.value for c in at.caption), [c.value for c in at.caption]


def test_the_time_zone_is_named_in_the_readers_words(tmp_path, monkeypatch):
    """The Kazakh axis and help read "Жергілікті уақыт, Asia/Aqtau (UTC+5)", whatever the data's
    zone: the catalogue had the shipped data's written in."""
    info = make_info(time_zone_en="Asia/Aqtau", utc_offset="+05:00")
    folder = write_dataset(tmp_path / "data", events=[make_event()], counts=[], info=info)
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    at = _timeline(lang="kk")
    figure = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    help_text = " ".join(c.value for c in at.caption)
    for text in (figure, help_text):
        assert "Ақтау (UTC+5)" in text and "Asia/Aqtau" not in text
