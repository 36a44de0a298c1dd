"""Unit tests for lib/timeline.py on small datasets built in code."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lib.events import EventFilter, load_dataset
from lib.i18n import t
from lib.timeline import (
    FOOTNOTE_LINE_PX,
    FOOTNOTE_TOP,
    LABEL_LINE_PX,
    PERIOD_LABELS,
    ROW_PX,
    TimelineOptions,
    build_timeline,
    credit_line,
    day_list,
    derive_periods,
    filters_subtitle,
    hover_text,
    initial_range,
    lane_column,
    mark_kind,
    pack_rows,
    pale,
    parse_aggregate,
    window_from_days,
    window_label,
)
from tests.factories import make_event, make_source, write_dataset

DEFAULT_WINDOW = window_from_days(date(2011, 12, 15), date(2011, 12, 23))

HOSTILE = "<img src=x onerror=window.__xss=1>"


def _events() -> list[dict]:
    return [
        make_event(
            id="at-minute",
            start="2011-12-16T11:47+05:00",
            time_precision="minute",
            category="violence",
            claimant_type="ngo",
            claimant="Human Rights Watch",
        ),
        make_event(id="at-hour", start="2011-12-16T17:00+05:00", time_precision="hour"),
        make_event(id="on-day", start="2011-12-18", category="detention"),
        make_event(
            id="in-afternoon",
            start="2011-12-17",
            time_precision="part_of_day",
            part_of_day="afternoon",
            category="violence",
            claimant_type="media",
            claimant="RFE/RL",
        ),
        make_event(
            id="phones-cut",
            start="2011-12-16",
            time_precision="part_of_day",
            part_of_day="afternoon",
            end="2011-12-20",
            category="communications",
            claimant="Minister of communications",
        ),
        make_event(
            id="calls-back",
            start="2011-12-16",
            time_precision="part_of_day",
            part_of_day="afternoon",
            end="2011-12-21T09:00+05:00",
            category="communications",
            claimant_type="ngo",
            claimant="Human Rights Watch",
        ),
        make_event(
            id="emergency",
            start="2011-12-17T18:00+05:00",
            end="2012-01-31T07:00+05:00",
            time_precision="minute",
            category="restriction",
        ),
        make_event(
            id="emergency-extended",
            start="2012-01-04",
            category="restriction",
        ),
        make_event(
            id="hostile",
            start="2011-12-19",
            title_en=HOSTILE,
            claimant=f"<b>{HOSTILE}</b>",
            claimant_type="witness",
            category="reaction",
            sources=[{"source": "src-b", "locator": "<p4>"}],
        ),
        make_event(id="trial", start="2012-03-27", end="2012-06-04", category="trial"),
    ]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline-data")
    sources = [make_source(), make_source(id="src-b", publisher=f"Pub {HOSTILE}")]
    return load_dataset(write_dataset(folder, events=_events(), sources=sources, counts=[]))


@pytest.fixture(scope="module")
def events(dataset):
    return dataset.events


def _marks(fig: go.Figure) -> dict[str, tuple[pd.Timestamp, pd.Timestamp, go.Figure]]:
    """Map event id to (drawn start, drawn end, trace) for every mark in the figure."""
    out = {}
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for i, event_id in enumerate(trace.customdata):
            if trace.type == "bar":
                start = pd.Timestamp(trace.base[i])
                end = start + pd.Timedelta(milliseconds=int(trace.x[i]))
            else:
                start = end = pd.Timestamp(trace.x[i])
            assert event_id not in out, f"{event_id} drawn twice"
            out[event_id] = (start, end, trace)
    return out


def test_one_mark_per_event_at_its_local_time(events):
    marks = _marks(build_timeline(events))
    assert set(marks) == set(events["id"])
    ts = pd.Timestamp
    assert marks["at-minute"][:2] == (ts("2011-12-16 11:47"), ts("2011-12-16 11:47"))
    assert marks["at-minute"][2].type == "scatter"
    assert marks["at-hour"][:2] == (ts("2011-12-16 17:00"), ts("2011-12-16 17:00"))
    assert marks["on-day"][:2] == (ts("2011-12-18"), ts("2011-12-19"))
    assert marks["in-afternoon"][:2] == (ts("2011-12-17 12:00"), ts("2011-12-17 18:00"))
    assert marks["phones-cut"][:2] == (ts("2011-12-16 12:00"), ts("2011-12-21"))
    assert marks["calls-back"][:2] == (ts("2011-12-16 12:00"), ts("2011-12-21 09:00"))
    assert marks["emergency"][:2] == (ts("2011-12-17 18:00"), ts("2012-01-31 07:00"))


def test_precision_is_visible_in_the_mark_style(events):
    marks = _marks(build_timeline(events))
    window = marks["on-day"][2]
    lasting = marks["emergency"][2]
    assert window.type == lasting.type == "bar"
    # a window is pale inside, its edge in the full colour: seen on a dark page or a projector
    assert window.marker.color == pale(lasting.marker.color) != lasting.marker.color
    assert window.marker.opacity == 1 and set(window.marker.line.width) == {1}
    assert set(window.marker.line.color) == {lasting.marker.color}


@pytest.mark.parametrize("dark", [False, True])
def test_every_marks_edge_stands_out_from_the_background(events, dark):
    """On the dark theme the official blue windows' 1 px edge stood at 2.75:1 against the
    background, 1.6:1 inside a shaded period (an advocate's review); on white the independent
    orange bars, with no edge, at 2.25:1. Every mark's edge: 3:1 at least."""
    from lib.figure_style import contrast, palette

    fig = build_timeline(events, TimelineOptions(dark=dark))
    marks = [t for t in fig.data if t.customdata is not None and t.type in ("bar", "scatter")]
    assert {t.type for t in marks} == {"bar", "scatter"}
    edges = {}
    for trace in marks:
        widths = np.broadcast_to(trace.marker.line.width, len(trace.customdata))
        colours = np.broadcast_to(trace.marker.line.color, len(trace.customdata))
        assert widths.min() >= 1, (trace.name, widths)
        edges |= {str(c): contrast(str(c), palette(dark).plot) for c in colours}
    assert min(edges.values()) >= 3, edges


@pytest.mark.parametrize(
    ("props", "kind"),
    [
        ({"time_precision": "minute"}, "point"),
        ({"time_precision": "hour"}, "point"),
        ({"time_precision": "day"}, "window"),
        ({"time_precision": "part_of_day"}, "window"),
        ({"time_precision": "month"}, "window"),
        ({"time_precision": "day_range", "end": "2011-12-20"}, "window"),
        ({"time_precision": "day", "end": "2011-12-20"}, "lasting"),
        ({"time_precision": "minute", "end": "2011-12-20T10:00+05:00"}, "lasting"),
    ],
)
def test_mark_kind(props, kind):
    assert mark_kind({"end": None, **props}) == kind


def test_pack_rows_separates_overlaps_and_reuses_free_rows():
    d = datetime
    starts = [d(2011, 12, 16), d(2011, 12, 16, 12), d(2011, 12, 17, 6), d(2011, 12, 17, 7)]
    ends = [d(2011, 12, 17), d(2011, 12, 18), d(2011, 12, 17, 6), d(2011, 12, 17, 7)]
    # second overlaps the first; third starts after the first ends; the fourth instant is
    # one hour after the third, too close to share its row
    assert pack_rows(starts, ends) == [0, 1, 0, 2]


def test_lanes_do_not_overlap(events):
    fig = build_timeline(events)
    marks = _marks(fig)
    ys = {}
    for trace in fig.data:
        for i, event_id in enumerate(trace.customdata or ()):
            ys[event_id] = float(trace.y[i])
    same_row = [
        (a, b)
        for a in marks
        for b in marks
        if a < b and ys[a] == ys[b] and marks[a][0] < marks[b][1] and marks[b][0] < marks[a][1]
    ]
    assert same_row == []
    ticks = list(fig.layout.yaxis.ticktext)
    assert "Communications" in ticks and "Restriction of access" in ticks
    assert "Context" not in ticks  # empty lanes are left out


def test_lanes_by_claimant(events):
    fig = build_timeline(events, TimelineOptions(lane="claimant"))
    assert list(fig.layout.yaxis.ticktext) == [
        "Officials",
        "Witnesses (as relayed)",
        "NGOs",
        "Media",
    ]
    with pytest.raises(ValueError, match="'nobody'"):
        lane_column("nobody")


def test_periods_come_from_lasting_communications_and_restriction_events(events):
    found = derive_periods(events)
    periods = [p for p in found if not p.milestone]
    assert [p.event_id for p in periods] == ["phones-cut", "calls-back", "emergency"]
    phones, calls, emergency = periods
    # a report with no end inside a period dates its course (here: the extension)
    assert [(p.event_id, p.label) for p in found if p.milestone] == [
        ("emergency-extended", "4 Jan 2012: Test event, per Prosecutor General's office")
    ]
    assert phones.end == datetime(2011, 12, 21)
    assert "20 Dec 2011" in phones.label and "Minister of communications" in phones.label
    assert "21 Dec 2011, 09:00" in calls.label and "Human Rights Watch" in calls.label
    assert emergency.start == datetime(2011, 12, 17, 18)
    assert "31 Jan 2012, 07:00" in emergency.label

    fig = build_timeline(events)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert sorted((pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in rects) == sorted(
        (pd.Timestamp(p.start), pd.Timestamp(p.end)) for p in found
    )
    texts = [a.text.replace("<br>   ", " ") for a in fig.layout.annotations]  # wrapped lines
    assert sum("per Human Rights Watch" in text for text in texts) == 1


def test_a_periods_label_names_its_start_in_every_language(events):
    """The Russian and Kazakh state of emergency was cut to fit, and its title's "(17 Dec 2011 –
    31 Jan 2012)" with it: the label said when it ended, not when it began (a journalist's
    review of the 4:5 image). The label names both; a title's closing dates are not repeated."""
    events = events.assign(title_ru=events["title_en"], title_kk=events["title_en"])
    emergency = events["id"] == "emergency"
    events.loc[emergency, "title_en"] = (
        "State of emergency in Zhanaozen (17 Dec 2011 – 31 Jan 2012)"
    )
    events.loc[emergency, "title_ru"] = (
        "Чрезвычайное положение в Жанаозене (17 декабря 2011 — 31 января 2012)"
    )
    events.loc[emergency, "title_kk"] = (
        "Жаңаөзендегі төтенше жағдай (2011 жылғы 17 желтоқсан — 2012 жылғы 31 қаңтар)"
    )
    starts = {"en": "17 Dec 2011, 18:00", "ru": "17 дек. 2011, 18:00", "kk": "17 жел. 2011, 18:00"}
    for lang, start in starts.items():
        label = next(p.label for p in derive_periods(events, lang) if p.event_id == "emergency")
        assert start.replace(" ", "\xa0") in label or start in label, (lang, label)
        assert "(" not in label.split(" — ")[0], label  # the title's dates left out


def test_period_labels_are_one_text_block_per_colour(events):
    # plotly measures every text it draws one by one: the labels come as one block per colour
    # (not one annotation each), each label's lines in time order, the other colour's blank
    periods = derive_periods(events)
    assert len(periods) >= 3 and {p.category for p in periods} == {
        "communications",
        "restriction",
    }
    for options in (TimelineOptions(), TimelineOptions(responsive=True, dark=True)):
        fig = build_timeline(events, options)
        blocks = [a for a in fig.layout.annotations if a.name == PERIOD_LABELS]
        assert len(blocks) == 2
        assert blocks[0].font.color != blocks[1].font.color
        lines = [block.text.split("<br>") for block in blocks]
        assert len(lines[0]) == len(lines[1])  # laid over one another, row for row
        rows = [a if a != "&nbsp;" else b for a, b in zip(*lines, strict=True)]
        assert "&nbsp;" not in rows
        starts = [row for row in rows if not row.startswith("   ")]
        assert [row[0] for row in starts] == [chr(0x2460 + i) for i in range(len(periods))]
        for period, start in zip(periods, starts, strict=True):
            assert start[2:12].replace("\xa0", " ") in period.label
        marks = [a for a in fig.layout.annotations if a.xref == "x"]
        assert len(marks) == len(periods)


def test_on_screen_the_period_labels_are_notes_under_the_axis(events):
    """On a laptop or a projector the page's figure must start its plot on the first screen:
    its labels, wrapped for a phone, took 20 lines above the plot at 10,000 events."""
    plain = events[~events["category"].isin(["communications", "restriction"])]
    for dark in (False, True):
        options = TimelineOptions(responsive=True, dark=dark, credit="Source: test")
        fig = build_timeline(events, options)
        without = build_timeline(plain, options)
        assert fig.layout.margin.t == without.layout.margin.t  # the plot starts at the same place
        blocks = [a for a in fig.layout.annotations if a.name == PERIOD_LABELS]
        assert blocks and all(b.y == 0 and b.yanchor == "top" for b in blocks)
        footer = next(a for a in fig.layout.annotations if "Source: test" in a.text)
        lines = blocks[0].text.count("<br>") + 1
        # under the axis, then the key and credit under them, all inside the figure
        assert all(b.yshift <= -FOOTNOTE_TOP for b in blocks)
        assert footer.yshift <= blocks[0].yshift - LABEL_LINE_PX * lines
        footer_px = FOOTNOTE_LINE_PX * (footer.text.count("<br>") + 1)
        assert fig.layout.margin.b >= -footer.yshift + footer_px
    exported = build_timeline(events, TimelineOptions())  # an image has its size: above the plot
    blocks = [a for a in exported.layout.annotations if a.name == PERIOD_LABELS]
    assert blocks and all(b.y == 1 and b.yanchor == "bottom" for b in blocks)


def test_no_periods_without_such_events(events):
    plain = events[~events["category"].isin(["communications", "restriction"])]
    assert derive_periods(plain) == []
    fig = build_timeline(plain)
    assert not [s for s in fig.layout.shapes if s.type == "rect"]


def test_periods_can_come_from_the_whole_dataset(events):
    protests = events[events["id"] == "on-day"]
    fig = build_timeline(protests, TimelineOptions(period_events=events))
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 4


def test_hover_and_labels_escape_data(dataset, events):
    flt = EventFilter(text=HOSTILE)
    options = TimelineOptions(
        title=HOSTILE,
        subtitle=filters_subtitle(flt),
        credit=credit_line(events, dataset.sources),
        sources=dataset.sources,
    )
    fig = build_timeline(events, options)
    blob = fig.to_json()
    assert "<img" not in blob and "<b><img" not in blob
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in blob
    hover = hover_text(events[events["id"] == "hostile"].iloc[0], "en", dataset.sources)
    assert hover.startswith("<b>&lt;img src=x")
    assert "&lt;b&gt;" in hover and "&lt;p4&gt;" in hover and "Pub &lt;img" in hover


def test_hover_names_when_with_precision_claimant_and_sources(dataset, events):
    hover = hover_text(events[events["id"] == "in-afternoon"].iloc[0], "en", dataset.sources)
    hover = hover.replace("\xa0", " ")  # a date is not broken across lines
    assert "17 December 2011, afternoon (part of the day)" in hover
    assert "RFE/RL (Media)" in hover
    assert "Test Publisher (p4)" in hover


def test_selected_event_is_highlighted(events):
    fig = build_timeline(events, TimelineOptions(selected_id="on-day"))
    widths = {}
    for trace in fig.data:
        for i, event_id in enumerate(trace.customdata or ()):
            widths[event_id] = np.asarray(trace.marker.line.width)[i]
    assert widths["on-day"] == 3
    assert all(w < 3 for k, w in widths.items() if k != "on-day")


def test_title_subtitle_credit_and_local_axis(dataset, events):
    flt = EventFilter(date_from=date(2011, 12, 16), categories=("violence",))
    options = TimelineOptions(
        title="Timeline",
        subtitle=filters_subtitle(flt, shown=2, total=10),
        credit=credit_line(events, dataset.sources),
        zone="Asia/Aqtau (UTC+5)",
    )
    fig = build_timeline(events, options)
    assert "Timeline" in fig.layout.title.text
    subtitle = fig.layout.title.subtitle.text.replace("\xa0", " ")  # dates kept whole
    assert "16 Dec 2011 to …" in subtitle
    assert "Categories: Violence" in subtitle
    assert "2 of 10 events shown" in subtitle
    assert any("Source: Test Publisher" in a.text for a in fig.layout.annotations)
    assert "Asia/Aqtau (UTC+5)" in fig.layout.xaxis.title.text


def test_credit_counts_each_publisher_once_most_cited_first(dataset, events):
    line = credit_line(events, dataset.sources)
    assert line.startswith("Source: Test Publisher, Pub <img")  # escaped later, in the figure


def test_opens_on_the_window_and_falls_back_to_the_data(events):
    fig = build_timeline(events, TimelineOptions(window=DEFAULT_WINDOW))
    assert [pd.Timestamp(v) for v in fig.layout.xaxis.range] == [
        pd.Timestamp(v) for v in DEFAULT_WINDOW
    ]
    late = events[events["id"] == "trial"]
    low, high = initial_range(late, DEFAULT_WINDOW)
    assert low < datetime(2012, 3, 27) and high > datetime(2012, 6, 5)
    assert initial_range(events.iloc[0:0], DEFAULT_WINDOW) is None
    empty = build_timeline(
        events.iloc[0:0], TimelineOptions(dates=(date(2010, 6, 1), date(2010, 6, 30)))
    )
    assert [pd.Timestamp(v) for v in empty.layout.xaxis.range] == [
        pd.Timestamp("2010-06-01"),
        pd.Timestamp("2010-07-01"),
    ]
    assert window_label(DEFAULT_WINDOW) == "15–23 Dec 2011"
    whole = [pd.Timestamp(v) for v in build_timeline(events).layout.xaxis.range]
    assert whole[0] <= events["t0"].min() and whole[1] >= events["t1"].max()


def test_empty_events_give_a_figure_that_says_so(events):
    fig = build_timeline(events.iloc[0:0])
    assert not [t for t in fig.data if t.customdata]
    assert any("No events match" in a.text for a in fig.layout.annotations)


def test_many_events_are_aggregated_per_day_and_lane(events):
    many = pd.concat([events] * 3, ignore_index=True)
    fig = build_timeline(many, TimelineOptions(aggregate_above=20))
    # drawn in SVG: a WebGL trace cost the page a GL context (about 2 s of browser CPU without
    # a GPU) and was pasted into exports as a bitmap
    assert [t.type for t in fig.data] == ["scatter"]
    picks = [parse_aggregate(c) for c in fig.data[0].customdata]
    assert (date(2011, 12, 16), "violence") in picks
    index = picks.index((date(2011, 12, 18), "detention"))
    assert "3 events" in fig.data[0].hovertext[index]
    # each mark says how many of its events officials claim
    days = many["t0"].dt.normalize().dt.date
    for (day, lane), hover in zip(picks, fig.data[0].hovertext, strict=True):
        here = many[(days == day) & (many["category"] == lane)]
        official = int((here["claim_class"] == "official").sum())
        assert f"{len(here)} event" in hover and f", {official} official" in hover, hover
    assert any(", 0 official" not in hover for hover in fig.data[0].hovertext)
    assert parse_aggregate("on-day") is None
    assert parse_aggregate("day:not-a-day|x") is None


def test_aggregated_window_draws_only_its_days_and_holds_the_view_there(events):
    # at 10,000 events the opening window held about 100 of 3,224 day marks: the browser drew
    # every one of them off screen, twice (Streamlit sets the width after the first drawing)
    many = pd.concat([events] * 3, ignore_index=True)
    assert (many["t0"] >= DEFAULT_WINDOW[1]).any()
    low, high = (pd.Timestamp(v) for v in DEFAULT_WINDOW)
    options = TimelineOptions(aggregate_above=20, window=DEFAULT_WINDOW)
    held = build_timeline(many, options)
    days = {parse_aggregate(c)[0] for c in held.data[0].customdata}
    assert days and all(low.date() <= d < high.date() for d in days)
    assert (
        pd.Timestamp(held.layout.xaxis.minallowed),
        pd.Timestamp(held.layout.xaxis.maxallowed),
    ) == (
        low,
        high,
    )
    # only the periods seen in the window are numbered: the January extension is not
    labels = " ".join(a.text for a in held.layout.annotations).replace("\xa0", " ")
    assert "4 Jan 2012" not in labels and "31 Jan 2012" in labels

    whole = build_timeline(many, replace(options, window=None))
    assert {parse_aggregate(c)[0] for c in whole.data[0].customdata} > days
    assert whole.layout.xaxis.minallowed is None and whole.layout.xaxis.maxallowed is None
    assert "4 Jan 2012" in " ".join(a.text for a in whole.layout.annotations).replace("\xa0", " ")
    # one event at a time (not aggregated), the window only opens the view
    each = build_timeline(many, replace(options, aggregate_above=3000))
    assert each.layout.xaxis.minallowed is None
    assert len({i for t in each.data for i in (t.customdata or [])}) == many["id"].nunique()


def test_day_list_groups_by_local_start_day(events):
    days = dict(day_list(events))
    assert list(days)[0] == "16 December 2011"
    assert len(days["16 December 2011"]) == 4
    assert days["19 December 2011"] == [
        f"19 December 2011 (day only) — {HOSTILE} — <b>{HOSTILE}</b> (Reaction)"
    ]
    assert day_list(events.iloc[0:0]) == []


def test_events_known_to_the_month_are_listed_under_the_month_not_its_first_day(tmp_path):
    """A month-only event starts on the 1st for sorting; headed "1 December 2009" it claimed a
    day the sources do not give."""
    events = [
        make_event(id="strike", start="2011-05", time_precision="month"),
        make_event(id="first", start="2011-05-01"),
        make_event(id="later", start="2011-12-16"),
    ]
    frame = load_dataset(write_dataset(tmp_path, events)).events
    for lang, month, day in (
        ("en", "May 2011", "1 May 2011"),
        ("ru", "Май 2011 г.", "1 мая 2011 г."),  # a heading begins with a capital
        ("kk", "Мамыр 2011 ж.", "1 мамыр 2011 ж."),
    ):
        days = day_list(frame, lang)
        assert [heading for heading, _ in days][:2] == [month, day]
        assert [len(lines) for _, lines in days] == [1, 1, 1]
        assert days[0][1][0].startswith(month)  # and so does an entry


def test_short_lasting_events_are_bars_not_shaded_periods(tmp_path):
    events = [
        make_event(id="twitter", category="communications", start="2011-12-16", end="2011-12-17"),
        make_event(id="blackout", category="communications", start="2011-12-16", end="2011-12-21"),
    ]
    loaded = load_dataset(write_dataset(tmp_path, events=events)).events
    assert [p.event_id for p in derive_periods(loaded) if not p.milestone] == ["blackout"]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_footnote_lines_are_wrapped_in_every_language(events, lang):
    """The key and credit under the plot break into short lines (the Kazakh key ran past the
    plot's right edge at 1400 px)."""
    fig = build_timeline(events, TimelineOptions(lang=lang, credit="Source: " + "Publisher, " * 30))
    footnote = next(a.text for a in fig.layout.annotations if "Source:" in a.text)
    lines = footnote.split("<br>")
    assert len(lines) >= 4
    assert max(len(line) for line in lines) <= (130 if lang == "en" else 110)
    assert max(len(line) for line in lines) <= (130 if lang == "en" else 110)


def test_the_bottom_margin_holds_every_footnote_line(events):
    """A long Kazakh key and credit get room under the plot instead of being cut off."""
    fig = build_timeline(events, TimelineOptions(lang="kk", credit="Source: " + "Publisher, " * 40))
    footnote = next(a.text for a in fig.layout.annotations if "Source:" in a.text)
    lines = footnote.count("<br>") + 1
    assert fig.layout.margin.b >= 64 + 15 * lines > 140


def test_every_period_mark_is_a_glyph_of_the_shipped_font():
    """⑪ to ⑳ drew as empty boxes at 10,000 events (24 periods): DejaVu Sans stops at ⑩."""
    from fontTools.ttLib import TTFont

    from lib.timeline import _mark

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("make fonts installs DejaVu Sans")
    glyphs = TTFont(font).getBestCmap()
    marks = [_mark(i) for i in range(40)]
    assert marks[:3] == ["①", "②", "③"] and marks[10] == "(11)"
    for mark in marks:
        assert all(ord(c) in glyphs for c in mark), mark


def test_a_period_key_says_which_marks_lie_outside_the_dates_opened_on():
    """The window of the shipped data (15-23 Dec 2011) listed the state of emergency's extension
    (4 Jan 2012) and lifting (31 Jan 2012) as if they were drawn; an image of it had no such mark."""
    from lib.events import DEFAULT_DATA_DIR

    dataset = load_dataset(DEFAULT_DATA_DIR)
    window = window_from_days(*dataset.info.timeline_window)
    for options in (TimelineOptions(window=window), TimelineOptions(window=window, lang="ru")):
        fig = build_timeline(dataset.events, options)
        text = " ".join(a.text for a in fig.layout.annotations if a.name == PERIOD_LABELS)
        rows = [row for row in text.split("<br>") if row[:1] in "①⑥⑦"]
        outside = t("timeline.period.outside", options.lang, label="").strip()
        assert len(rows) == 3 and all((outside in row) == (row[0] != "①") for row in rows), rows
    whole = build_timeline(dataset.events, TimelineOptions())
    assert "outside" not in " ".join(a.text for a in whole.layout.annotations)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_long_claimant_lanes_wrap_on_a_narrow_chart_and_have_the_rows_for_it(lang):
    """On a phone, "Иностранные правительства и международные организации" stood on one line
    and left the plot 2 px of the chart's width. Long lane names wrap to three lines at most,
    and their lane is tall enough to hold them."""
    events = load_dataset(Path(__file__).resolve().parent.parent / "data").events
    fig = build_timeline(events, TimelineOptions(lang=lang, lane="claimant", responsive=True))
    names = list(fig.layout.yaxis.ticktext)
    foreign = t("claimant_type.foreign_official", lang)
    wrapped = next(n for n in names if n.replace("<br>", " ") == foreign)
    assert 2 <= wrapped.count("<br>") + 1 <= 3, wrapped
    assert fig.layout.margin.l <= 0.55 * 358, fig.layout.margin.l  # the plot keeps its room
    index = names.index(wrapped)
    centres = list(fig.layout.yaxis.tickvals)
    upper = centres[index - 1] if index else None
    lower = centres[index + 1] if index + 1 < len(centres) else None
    half = (wrapped.count("<br>") + 1) * LABEL_LINE_PX / 2 / ROW_PX  # in rows
    for neighbour in (upper, lower):
        if neighbour is not None:
            assert abs(centres[index] - neighbour) >= half + 0.5, (centres, index)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_period_key_does_not_cut_into_a_titles_brackets(lang):
    """The Russian key read "Чрезвычайное положение в Жанаозене (17 декабря 2011 — 31… — до 31
    янв. 2012": the title's own dates, cut, read as a second span of dates. A title shortened
    for the key stops before a bracket it would cut into."""
    from lib.events import DEFAULT_DATA_DIR

    events = load_dataset(DEFAULT_DATA_DIR).events
    for period in derive_periods(events, lang):  # a claimant's too ("Министр Божко (по данным…")
        assert period.label.count("(") == period.label.count(")"), period.label


def test_shorten_stops_before_a_bracket_it_would_cut_into():
    from lib.format import shorten

    title = "State of emergency in Zhanaozen (17 December 2011 to 31 January 2012)"
    assert shorten(title, 60) == "State of emergency in Zhanaozen…"
    assert shorten("Short (with a long aside that goes on and on)", 30) == (
        "Short (with a long aside…"  # the bracket would leave less than a third
    )
    assert shorten(title, 200) == title


def test_a_timeline_with_no_event_draws_no_period(dataset):
    """Filtered to nothing, the timeline drew "No events match the filters." over the periods'
    marks and lines, and listed the seven periods' notes under it."""
    events = dataset.events
    options = TimelineOptions(period_events=events, window=None)
    fig = build_timeline(events.iloc[0:0], options)
    texts = " ".join(a.text or "" for a in fig.layout.annotations)
    assert "No events match the filters." in texts
    assert "①" not in texts and not fig.layout.shapes
    assert "①" in " ".join(a.text or "" for a in build_timeline(events, options).layout.annotations)


def test_a_russian_periods_note_names_its_claimant_in_the_nominative(dataset):
    """ "по словам: Министр Божко" is not Russian ("по словам" wants "министра Божко"), and the
    claimant comes from the data, which cannot be declined: it follows "заявитель:"."""
    labels = [p.label for p in derive_periods(dataset.events, "ru")]
    assert labels and all("; заявитель: " in label for label in labels), labels
    assert not any("по словам" in label for label in labels)


def test_an_images_lanes_are_each_tall_enough_for_their_name():
    """In the landscape image a one-row lane's name ("Investigation") ran into the name of the
    lane above ("Restriction of access"); an image's lanes are at least `LANE_LEAST` rows high,
    their events in the middle of them."""
    from lib.timeline import LANE_LEAST, _layout_rows

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data").events
    y, centres, _, bounds = _layout_rows(shipped, "category", "en", least=LANE_LEAST)
    assert min(np.diff(bounds)) >= LANE_LEAST
    assert min(np.diff(bounds)) < 2  # one-row lanes are there to grow
    for centre, low, high in zip(centres, bounds, bounds[1:], strict=False):
        inside = y[(y > low) & (y < high)]
        assert len(inside)
        assert abs((inside.min() + inside.max()) / 2 - centre) < 1e-9


def test_an_images_key_keeps_no_room_to_wrap():
    """An image's key of claimants is on one line, but the image kept three more lines' room
    for it to wrap: a gap between the key and the periods' notes that the lanes lacked."""
    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data").events
    options = TimelineOptions(window=DEFAULT_WINDOW)
    screen = build_timeline(shipped, options).layout.margin.t
    image = build_timeline(shipped, replace(options, image_layout=True)).layout.margin.t
    assert screen - image == 48


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_periods_label_names_who_says_so_whole(lang):
    """Cut at 32 characters, "Azattyq (RFE/RL); RBC; Tengrinews" read "Azattyq (RFE/RL); RBC…"
    in the shading's label, and "Министр Божко (по данным Tengrinews)" lost its outlet: who
    makes a claim is never the part cut; the title is, and a label cut says so (…)."""
    from lib.localize import data_text
    from lib.timeline import _period_label_lines

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data").events
    by_id = shipped.set_index("id")
    periods = derive_periods(shipped, lang)
    assert len(periods) > 4
    for period, lines in zip(periods, _period_label_lines(periods), strict=True):
        claimant = data_text(by_id.loc[period.event_id], "claimant", lang)
        assert " ".join(lines).replace("\xa0", " ").endswith(claimant), (claimant, lines)
    narrow = _period_label_lines(periods, width=30)
    assert all(len(lines) == 2 and lines[-1].endswith("…") for lines in narrow), narrow


def test_an_images_title_is_as_large_as_the_counts_images():
    """Plotly's default 17 px title read 11 px high in a 700 px article column, beside the
    counts images' 19 px titles."""
    from lib.counts import ChartOptions, build_deaths_chart

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    timeline = build_timeline(shipped.events, TimelineOptions(title="T", image_layout=True))
    deaths = build_deaths_chart(shipped.counts, ChartOptions())
    assert timeline.layout.title.font.size == deaths.layout.title.font.size == 19


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_hover_labels_lines_are_short_enough_to_stay_in_the_plot(lang):
    """Its lines ran to 200 characters (the sources line), wider than the plot beside the
    sidebar or on a phone, and plotly cut the label at both ends ("ый прокурор: на площади…")."""
    from lib.figure_style import HOVER_CHARS
    from lib.format import wrap_width
    from lib.timeline import hover_texts

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    for hover in hover_texts(shipped.events, lang, shipped.sources):
        lines = re.sub(r"</?b>", "", hover).split("<br>")
        assert max(len(html.unescape(line)) for line in lines) <= wrap_width(HOVER_CHARS, lang)
        assert hover.startswith("<b>") and hover.count("<b>") == 1
