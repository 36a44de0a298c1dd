"""The timeline's column-by-column texts and lanes are what the row-by-row way gave.

The references are the previous implementations, kept here as the definition of the result.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench.synth import synthetic
from lib.events import load_dataset
from lib.format import event_when, first_upper, format_day, format_month, html_escape
from lib.i18n import LANGUAGES, t
from lib.localize import data_text
from lib.timeline import (
    LANES,
    TimelineOptions,
    _layout_rows,
    build_timeline,
    day_entries,
    hover_text,
    hover_texts,
    lane_column,
    lane_labels,
    pack_rows,
)

ROOT = Path(__file__).resolve().parent.parent


def reference_day_entries(events: pd.DataFrame, lang: str) -> list:
    out = []
    if events.empty:
        return out
    known = events["time_precision"] != "month"
    ordered = events.assign(known=known).sort_values(["t0", "known", "id"], kind="stable")
    for (day, day_known), part in ordered.groupby([ordered["t0"].dt.date, "known"], sort=True):
        lines = [
            (
                row["id"],
                first_upper(
                    f"{event_when(row, lang)} — {data_text(row, 'title', lang)} — "
                    f"{data_text(row, 'claimant', lang)} "
                    f"({t('category.' + row['category'], lang)})"
                ),
            )
            for _, row in part.iterrows()
        ]
        heading = format_day(day, lang) if day_known else format_month(day, lang)
        out.append((first_upper(heading), lines))
    return out


def reference_layout_rows(events: pd.DataFrame, lane: str, lang: str) -> tuple:
    column = lane_column(lane)
    labels = lane_labels(lane, lang)
    y = np.zeros(len(events))
    centres, names, bounds = [], [], []
    offset = 0
    positions = {index: i for i, index in enumerate(events.index)}
    for value, label in labels.items():
        part = events[events[column] == value]
        if part.empty:
            continue
        part = part.sort_values(["t0", "id"], kind="stable")
        rows = pack_rows(part["t0"].dt.to_pydatetime(), part["t1"].dt.to_pydatetime())
        for index, row in zip(part.index, rows, strict=True):
            y[positions[index]] = offset + row
        height = max(rows) + 1
        centres.append(offset + (height - 1) / 2)
        names.append(html_escape(label))
        bounds.append(offset - 0.5)
        offset += height
    bounds.append(offset - 0.5)
    return y, centres, names, bounds


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(synthetic(700, tmp_path_factory.mktemp("synth")))


def _frames(shipped, grown) -> list[pd.DataFrame]:
    events = shipped.events
    shuffled = events.sample(frac=1, random_state=3)  # not in time order, index kept
    return [
        events,
        shuffled,
        events[events["category"] == "protest"],
        events.iloc[:0],
        events.iloc[:1],
        grown.events,
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hover_texts_same_as_row_by_row(lang: str, shipped, grown) -> None:
    for events in _frames(shipped, grown):
        for sources in (shipped.sources, shipped.sources.set_index("id"), None):
            want = [hover_text(row, lang, sources) for _, row in events.iterrows()]
            assert hover_texts(events, lang, sources) == want


def test_hover_texts_name_an_unknown_source_by_its_id(shipped) -> None:
    events = shipped.events.iloc[:3]
    sources = shipped.sources.iloc[:0]
    assert hover_texts(events, "en", sources) == [
        hover_text(row, "en", sources) for _, row in events.iterrows()
    ]
    first = f"{events.iloc[0]['sources'][0]['source']} ("
    assert all(first in h.replace("<br>", " ") for h in hover_texts(events))  # wrapped lines


@pytest.mark.parametrize("lang", LANGUAGES)
def test_day_entries_same_as_row_by_row(lang: str, shipped, grown) -> None:
    for events in _frames(shipped, grown):
        assert day_entries(events, lang) == reference_day_entries(events, lang)


@pytest.mark.parametrize("lane", LANES)
def test_layout_rows_same_as_before(lane: str, shipped, grown) -> None:
    for events in _frames(shipped, grown):
        got = _layout_rows(events, lane, "en")
        want = reference_layout_rows(events, lane, "en")
        np.testing.assert_array_equal(got[0], want[0])
        assert got[1:] == want[1:]


def test_timeline_figure_carries_the_hover_texts(shipped) -> None:
    events = shipped.events
    fig = build_timeline(events, TimelineOptions(sources=shipped.sources))
    shown = {
        event_id: text
        for trace in fig.data
        if trace.customdata is not None
        for event_id, text in zip(trace.customdata, trace.hovertext, strict=True)
    }
    assert len(shown) == len(events)
    for _, row in events.iterrows():
        assert shown[row["id"]] == hover_text(row, "en", shipped.sources)


def test_a_hover_line_wraps_whole_words_and_escapes() -> None:
    """`hover_lines` (the timeline's 3,000 labels, without textwrap): words and dates whole,
    lines within the width, text escaped, a short line as it is."""
    from lib.format import hover_lines

    text = "Sources: <b>Tengrinews</b> (fact base §1, 16 December 2011 row); WikiMili mirror"
    lines = hover_lines(text, 30).split("<br>")
    assert all(len(html.unescape(line)) <= 30 for line in lines), lines
    assert "16\u00a0December\u00a02011" in "".join(lines)
    assert "&lt;b&gt;Tengrinews&lt;/b&gt;" in "".join(lines)
    assert " ".join(html.unescape(line) for line in lines).replace("\u00a0", " ") == text
    assert hover_lines("Category:  Violence", 48) == "Category: Violence"
