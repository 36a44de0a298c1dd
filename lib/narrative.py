"""Narratives: resolve a step to what the Present page draws (text, map box, timeline, figures)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from lib.counts import COLORS, LOWER_BOUNDS, OPEN_END_SHARE
from lib.events import Dataset
from lib.figure_style import palette
from lib.format import (
    PARAGRAPHS,
    figure_text,
    figure_with_metric,
    html_escape,
    keep_units,
    locator_text,
)
from lib.i18n import N_, t, tn
from lib.localize import data_text, publishers
from lib.map_frame import Bounds, bbox_bounds, preset_bounds
from lib.schema import Narrative, NarrativeStep, parse_when
from lib.timeline import TimelineOptions, build_timeline, pale, tick_formats

WINDOW_FILL = "#F0E442"
"""Okabe–Ito yellow: the step's moment on the timeline."""
TIMELINE_LANE = "claimant"
DIM = 0.25


@dataclass(frozen=True)
class Step:
    """One narrative step, resolved for drawing."""

    number: int
    total: int
    heading: str
    text: str
    event_ids: tuple[str, ...]
    count_ids: tuple[str, ...]
    bounds: Bounds
    window: tuple[datetime, datetime]
    violence_described: bool
    unplaced: tuple[str, ...] = ()
    """The step's events with no place on the map (no geometry)."""


def first_narrative(dataset: Dataset) -> tuple[str, Narrative] | None:
    """Return the dataset's first narrative (by file name) with its id, or None."""
    if not dataset.narratives:
        return None
    name = sorted(dataset.narratives)[0]
    return name, dataset.narratives[name]


def step_number(raw: object, total: int) -> int:
    """Return the 1-based step a link or a click asks for, kept within ``1..total``."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(total, 1))


def _local(value: str, end: bool = False) -> datetime:
    """Local wall time of a window end: the data writes every time in local time with its offset."""
    moment = parse_when(value).replace(tzinfo=None)
    if end and len(value) == 10:
        moment += timedelta(days=1)
    elif end and len(value) == 7:
        moment = (moment.replace(day=28) + timedelta(days=4)).replace(day=1)
    return moment


def step_window(step: NarrativeStep) -> tuple[datetime, datetime]:
    """Return the local span a step shows; a date end runs to the end of that day."""
    return _local(step.window[0]), _local(step.window[1], end=True)


def narrative_window(narrative: Narrative) -> tuple[datetime, datetime]:
    """Return the span from the first step's start to the last step's end."""
    spans = [step_window(s) for s in narrative.steps]
    return min(s for s, _ in spans), max(e for _, e in spans)


def resolve_step(dataset: Dataset, narrative: Narrative, number: int, lang: str = "en") -> Step:
    """Resolve step ``number`` (1-based) of a validated narrative."""
    step = narrative.steps[number - 1]
    if isinstance(step.view, str):
        views = {v.id: v for v in dataset.info.map.views}
        bounds = preset_bounds(views[step.view])
    else:
        bounds = bbox_bounds(step.view.bbox)
    events = dataset.events
    placed = set(events.loc[events.geometry.notna() & ~events.geometry.is_empty, "id"])
    return Step(
        number=number,
        total=len(narrative.steps),
        heading=data_text(step, "heading", lang),
        text=keep_units(data_text(step, "text", lang)),
        event_ids=tuple(step.events),
        count_ids=tuple(step.counts),
        bounds=bounds,
        window=step_window(step),
        violence_described=step.violence_described,
        unplaced=tuple(e for e in step.events if e not in placed),
    )


def unplaced_note(step: Step, lang: str = "en") -> str | None:
    """Return the map's note when some or all of the step's events have no place, else None."""
    if not step.unplaced:
        return None
    if len(step.unplaced) < len(step.event_ids):
        return tn("present.map.unplaced_some", len(step.unplaced), lang)
    return tn("present.map.unplaced_all", len(step.unplaced), lang)


def narrative_events(dataset: Dataset, narrative: Narrative) -> gpd.GeoDataFrame:
    """Return the events any step of the narrative names, in time order."""
    ids = {e for s in narrative.steps for e in s.events}
    return dataset.events[dataset.events["id"].isin(ids)]


def map_events(dataset: Dataset, narrative: Narrative) -> gpd.GeoDataFrame:
    """Return the events the Present map draws: every event within the narrative's span."""
    first, last = narrative_window(narrative)
    events = dataset.events
    return events[(events["t1"] > first) & (events["t0"] < last)]


def step_sources(dataset: Dataset, step: Step, lang: str = "en") -> list[tuple[str, str, str]]:
    """Return ``(publisher, locators, url)`` for every source the step's events cite, in order.

    Map-point sources (cited only for a position) are left out: they back the symbol's place,
    not the sentence.
    """
    events = dataset.events.set_index("id")
    sources = dataset.sources.set_index("id")
    names_of = publishers(sources, lang)
    found: dict[str, list[str]] = {}
    for event_id in step.event_ids:
        for ref in events.loc[event_id, "sources"]:
            if "map point only" in ref["locator"]:
                continue
            found.setdefault(ref["source"], [])
            if ref["locator"] not in found[ref["source"]]:
                found[ref["source"]].append(ref["locator"])
    out = []
    for source_id, locators in found.items():
        if source_id in sources.index:
            row = sources.loc[source_id]
            out.append((str(names_of[source_id]), "; ".join(locators), str(row["url"])))
    return out


def _short_locators(locators: str, lang: str = "en") -> str:
    """Return paragraph locators as ``p4, p16`` in the reader's language (``абз. 4``, ``4-абзац``),
    each once, in order; other locators are left out."""
    parts = [p.strip() for p in re.split(r"[;,]", locators) if p.strip()]
    numbers = sorted({int(m.group(1)) for p in parts if (m := PARAGRAPHS.fullmatch(p))})
    if not numbers or len(numbers) != len(set(parts)):
        return ""
    return locator_text(", ".join(f"p{n}" for n in numbers), lang)


def sources_line(sources: Sequence[tuple[str, str, str]], lang: str = "en") -> str:
    """Return the plain-text sources line shown under a step's text: publishers, paragraphs."""
    parts = []
    for publisher, locators, _ in sources:
        short = _short_locators(locators, lang)
        parts.append(f"{publisher} ({short})" if short else publisher)
    return t("present.sources", lang, sources=" · ".join(dict.fromkeys(parts)) or "—")


def step_timeline(
    events: pd.DataFrame,
    step: Step,
    span: tuple[datetime, datetime],
    lang: str = "en",
    height: int = 230,
    dark: bool = False,
) -> go.Figure:
    """Return a compact timeline of ``events`` over ``span``: the step's events in full, the
    others faded, and the step's window shaded.

    Parameters
    ----------
    events : DataFrame
        The events to draw (e.g. every event the narrative names).
    step : Step
        The resolved step.
    span : tuple of datetime
        The local span the axis shows.
    lang : str
        Interface language.
    height : int
        Figure height in pixels.
    dark : bool
        Draw in the dark palette (Streamlit's dark theme).
    """
    options = TimelineOptions(  # no marks: the annotations go below
        lang=lang,
        lane=TIMELINE_LANE,
        window=span,
        period_events=events,
        dark=dark,
        marks_band=False,
    )
    fig = build_timeline(events, options)
    wanted = set(step.event_ids)
    for trace in fig.data:
        ids = trace.customdata
        if ids is None or not len(ids):
            continue
        keys = [row if isinstance(row, str) else row[0] for row in ids]
        trace.selectedpoints = [i for i, key in enumerate(keys) if key in wanted]
        trace.unselected = {"marker": {"opacity": DIM}}
        trace.selected = {"marker": {"opacity": 1}}
    start, end = step.window
    if end - start < timedelta(hours=2):  # keep an instant visible as a band
        middle = start + (end - start) / 2
        start, end = middle - timedelta(hours=1), middle + timedelta(hours=1)
    fig.add_vrect(  # the fill pale, its frame whole in the text's colour (black on the dark
        x0=start,  # theme's paper was 1.1:1, and the shape's opacity had faded it to grey)
        x1=end,
        fillcolor=pale(WINDOW_FILL, 0.45),
        line={"color": palette(dark).ink, "width": 2},
        layer="below",
    )
    fig.update_layout(
        title=None,
        height=height,
        margin={"l": 10, "r": 10, "t": 8, "b": 8},
        showlegend=False,
        dragmode=False,
        clickmode="none",
    )
    fig.layout.annotations = ()  # the period labels and the key need the room
    # days on one line, without the year: the step's heading and the first step say it, and
    # the line it took is the key's (pages/present.py), above a projector's fold
    fig.update_xaxes(title=None, range=list(span), tickformatstops=tick_formats(lang, year=False))
    colours = palette(dark)
    fig.update_layout(paper_bgcolor=colours.paper, font_color=colours.ink)
    fig.update_xaxes(tickfont_color=colours.ink)
    fig.update_yaxes(tickfont_color=colours.ink)
    return fig


_KEY_MARKS = (  # drawn by the page's style sheet (static/theme.css: .step-key), in the text's colour
    N_("present.key.dot"),
    N_("present.key.day"),
    N_("present.key.lasted"),
    N_("present.key.step"),
    N_("present.key.faded"),
    N_("present.key.period"),
)


def step_key_html(lang: str = "en") -> str:
    """Return the key to the Present page's timeline as HTML: its marks (a dot for a time known
    to the hour, a light bar for a day or part of one, a solid bar for a span that lasted), the
    step's framed band, the other steps' faded marks and a period's shading, each with its
    words."""
    items = "".join(
        f'<li><span class="step-key-mark {key.rsplit(".", 1)[1]}" aria-hidden="true"></span>'
        f"{html_escape(t(key, lang))}</li>"
        for key in _KEY_MARKS
    )
    return f'<ul class="step-key" aria-label="{html_escape(t("present.key", lang))}">{items}</ul>'


def step_counts_html(counts: pd.DataFrame, count_ids: Sequence[str], lang: str = "en") -> str:
    """Return the step's figures as an HTML list: one item per figure, in order.

    Each item reads the figure as stated in bold (so a lower bound reads "more than 700", and a
    figure said to come on top of another "60 more"), then the kind of claim ("Official") and
    who stated it (not when: see below), then a bar as long as the figure, official blue or
    independent orange, on one scale for the step; a lower bound's bar goes on in fading
    stripes, as on the Counts page. The text is the browser's to wrap, so it fits whatever
    width the column has; every text is escaped. Unknown ids are skipped.
    """
    rows = counts.set_index("id").loc[[c for c in count_ids if c in set(counts["id"])]]
    values = rows["value"].astype(int)
    open_end = float(values.max()) * OPEN_END_SHARE if len(values) else 0.0
    ends = values + rows["qualifier"].isin(LOWER_BOUNDS) * open_end
    most = (float(ends.max()) if len(values) else 0.0) or 1.0
    items = []
    for count_id, row in rows.iterrows():
        # no total: "60 more" fits a projector's line, where "60 more (130 in all)" did not
        record = row.to_dict() | {"id": count_id, "in_all": None}
        who = t(f"claim_type.{record['claim_type']}", lang)
        claimant = re.split(r"[,(]", str(record["claimant"]))[0].strip()
        figure = figure_with_metric(figure_text(record, lang), record["metric"], lang)
        # no date: the days a figure covers ("16–17 Dec") read as the day it was stated, and a
        # projector's column has no line to spare for that one (the Counts page gives it)
        about = f"{who}: {claimant}"
        share = 100 * int(record["value"]) / most
        colour = COLORS.get(record["claim_type"], "#777777")
        beyond = (
            f'<span class="step-count-open" style="width: {100 * open_end / most:.1f}%; '
            f'--bar: {colour}"></span>'
            if record["qualifier"] in LOWER_BOUNDS
            else ""
        )
        items.append(
            f'<li class="step-count {html_escape(record["claim_type"])}">'
            f"<strong>{html_escape(figure)}</strong> "
            f'<span class="step-count-who">{html_escape(about)}</span>'
            f'<span class="step-count-track" aria-hidden="true">'
            f'<span class="step-count-bar" style="width: {share:.1f}%; background: {colour}">'
            f"</span>{beyond}</span></li>"
        )
    return f'<ul class="step-counts">{"".join(items)}</ul>'
