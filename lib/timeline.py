"""Build the timeline figure: events in lanes by local time, with shaded periods and precision shown."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.events import CLAIM_CLASSES, EventFilter
from lib.figure_style import (
    DARK,
    FONT_FAMILY,
    HOVER_CHARS,
    MODEBAR_PX,
    NARROW_PX,
    SMALL_PX,
    Palette,
    chars_for,
    measured_px,
    palette,
    text_px,
)
from lib.format import (
    credit_line,
    event_when,
    first_upper,
    format_day,
    format_day_month,
    format_month,
    hover_lines,
    html_escape,
    locator_text,
    plotly_lines,
    shorten,
    when_texts,
    wrap_width,
    wrappable,
)
from lib.i18n import t, tn
from lib.localize import column_texts, data_text, publishers
from lib.schema import Category, ClaimantType

LANES = ("category", "claimant")
"""The ways events can be laid out in lanes: by category or by who makes the claim."""


def window_from_days(first: date, last: date) -> tuple[datetime, datetime]:
    """Return the span from the start of ``first`` to the end of ``last`` (local time)."""
    return datetime.combine(first, datetime.min.time()), datetime.combine(
        last + timedelta(days=1), datetime.min.time()
    )


AGGREGATE_ABOVE = 3000
"""Above this many events the figure shows counts per day and lane instead of one mark each."""
LANE_LEAST = 1.5
"""The least height of a lane in an image, in rows: a one-row lane's name ran into the next one's
("Restriction of access" into "Investigation")."""

MAX_PERIODS = 6
MIN_PERIOD = pd.Timedelta(days=3)
PERIOD_CATEGORIES = (Category.COMMUNICATIONS.value, Category.RESTRICTION.value)
"""Events of these categories that have an ``end`` are drawn as shaded periods."""

AGGREGATE_PREFIX = "day:"
"""Prefix of ``customdata`` on aggregated marks: ``day:YYYY-MM-DD|lane``."""

COLOURS = {
    "official": "#0072B2",
    "independent": "#E69F00",
    "foreign_official": "#009E73",
    "unclear": "#8C8C8C",
}
"""Okabe–Ito blue (official), orange (independent), bluish green (foreign governments and
international bodies); grey for unclear attribution, which supports neither side."""
DARK_COLOURS = {**COLOURS, **DARK.labels}
"""The marks on the dark theme: the official blue's edge stood at 2.75:1 on the dark background
(1.6:1 in a shaded period, an advocate's review), its sky blue at 7.8:1."""


def mark_colours(dark: bool = False) -> dict[str, str]:
    """Return each claim class's mark colour on the dark theme or the light one (and images)."""
    return DARK_COLOURS if dark else COLOURS


def edge_colours(dark: bool = False) -> dict[str, str]:
    """Return each claim class's colour for a bar's edge: 3:1 or more on the background (the
    independent orange is 2.25:1 on white; its edge is a darker orange, as its labels are)."""
    return palette(dark).labels


PERIOD_FILL = {Category.COMMUNICATIONS.value: "#7F7F7F", Category.RESTRICTION.value: "#D55E00"}
HIGHLIGHT = "#000000"
ROW_PX = 20
FOOTNOTE_TOP = 64
"""Pixels from the plot's bottom edge to the key and credit under it (below the axis)."""
FOOTNOTE_LINE_PX = 16
"""Height of one line of the key and credit (``SMALL_PX`` text)."""
LABEL_LINE_PX = SMALL_PX * 1.3
"""Height of one line of the periods' labels: plotly sets the lines of one text 1.3 em apart."""
MARK_BAND_PX = 18
"""A band above the first lane for the periods' numbered marks (they covered its marks)."""
IMAGE_RIGHT_PX = 40
"""An image's right margin: its last date, centred on the plot's edge, ended 2 px from the edge."""
LEGEND_LINE_PX = 20
"""A line of a horizontal key at `SMALL_PX`, as plotly spaces it."""
LEGEND_ITEM_PX = 48
"""What a key entry takes besides its name: the swatch, the gaps around it and after it."""


def legend_lines(names: Sequence[str], width: float) -> int:
    """Lines a horizontal key of ``names`` takes in ``width`` px, filled as plotly fills them."""
    lines, used = 1, 0.0
    for name in names:
        item = LEGEND_ITEM_PX + measured_px(name, SMALL_PX)
        if used and used + item > width:
            lines, used = lines + 1, 0.0
        used += item
    return lines


INSTANT_WIDTH = timedelta(hours=3)
MAX_MILESTONES = 3

_KINDS = ("point", "window", "lasting")


@dataclass(frozen=True)
class TimelineOptions:
    """How to draw the timeline.

    Attributes
    ----------
    lang : str
        Language of every label.
    lane : str
        ``"category"`` or ``"claimant"`` (lanes by claimant type).
    title, subtitle, credit : str
        Plain text for the figure's title, its filters line and its source credit (escaped here).
    selected_id : str or None
        Event to highlight.
    window : tuple of datetime or None
        Local span to open on; ``None`` shows everything. Aggregated (above
        ``aggregate_above`` events), the figure holds only this span: its day marks and periods,
        panning stopped at its edges.
    period_events : DataFrame or None
        Events the shaded periods are derived from (default: the events drawn).
    sources : DataFrame or None
        ``sources.csv`` rows, to name sources in hover labels.
    aggregate_above : int
        Draw counts per day above this many events.
    zone : str
        The local time zone the times are in, as shown on the axis (``lib.format.zone_label``).
    responsive : bool
        Lay out for a screen of any width, a 390 px phone included (the page's figure): text
        wrapped to `lib.figure_style.NARROW_PX`, margins computed from it, the top band left to
        the toolbar, the periods' numbered labels under the axis (so the plot starts on a
        laptop's first screen). Exports leave it off (they have a known size).
    dark : bool
        Draw with the dark palette (`lib.figure_style.DARK`), for Streamlit's dark theme.
    dates : tuple of date or None
        The days the filters chose: the axis' span when no event is left to draw (without it,
        plotly opened an empty figure on the year 2000).
    milestones : bool
        Draw the dated reports within the shaded periods; without them, the periods keep the
        numbers they have with them.
    marks_band : bool
        Keep a band above the first lane for the periods' numbered marks (a figure that drops
        its annotations, as Present's, leaves it out).
    image_layout : bool
        Lay out for an image: wide enough for the claimants' key on one line (no room is kept
        for it to wrap), and each lane at least `LANE_LEAST` rows high.
    footer_px : float or None
        How wide the key and credit under the plot may be, in pixels (an image's: they hang
        from the plot's left edge); None: 130 characters.
    """

    lang: str = "en"
    lane: str = "category"
    title: str = ""
    subtitle: str = ""
    credit: str = ""
    selected_id: str | None = None
    window: tuple[datetime, datetime] | None = None
    period_events: pd.DataFrame | None = None
    sources: pd.DataFrame | None = field(default=None, compare=False)
    aggregate_above: int = AGGREGATE_ABOVE
    zone: str = "UTC"
    responsive: bool = False
    dark: bool = False
    dates: tuple[date, date] | None = None
    milestones: bool = True
    marks_band: bool = True
    image_layout: bool = False
    footer_px: float | None = None


@dataclass(frozen=True)
class Period:
    """A shaded span derived from a lasting communications or restriction event, or a dated
    report within one (``milestone``: a restoration, an extension, a lifting)."""

    event_id: str
    category: str
    start: datetime
    end: datetime
    label: str
    milestone: bool = False
    number: int = 0
    """Its place in the list of all the periods: the ①, ② its label and its mark share, kept
    where a view leaves some periods out (so an image and the page number them alike)."""


def lane_column(lane: str) -> str:
    """Return the events column a lane choice groups by.

    Raises
    ------
    ValueError
        If ``lane`` is not one of :data:`LANES`.
    """
    if lane == "category":
        return "category"
    if lane == "claimant":
        return "claimant_type"
    raise ValueError(f"lane must be one of {LANES}, got {lane!r}")


def lane_labels(lane: str, lang: str = "en") -> dict[str, str]:
    """Return the lanes of a lane choice, in display order, with their labels."""
    if lane_column(lane) == "category":
        return {c.value: t(f"category.{c.value}", lang) for c in Category}
    return {c.value: t(f"claimant_type.{c.value}", lang) for c in ClaimantType}


WINDOW_FILL_ALPHA = 0.35
"""How much of its colour a window's fill takes (its edge takes all of it)."""


def pale(colour: str, alpha: float = WINDOW_FILL_ALPHA) -> str:
    """Return ``#RRGGBB`` as ``rgba(r, g, b, alpha)``: a fill the background shows through."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def mark_kind(event: pd.Series | dict) -> str:
    """Return how an event is drawn: ``point`` (known to the minute or hour), ``window`` or ``lasting``.

    A ``window`` is a span of uncertainty (the day, part of day, month, or one of several days);
    ``lasting`` is an event that went on from its start to its ``end``.
    """
    precision = event["time_precision"]
    end = event.get("end")
    has_end = isinstance(end, str) and bool(end)
    if has_end and precision != "day_range":
        return "lasting"
    if precision in ("minute", "hour"):
        return "point"
    return "window"


def pack_rows(starts: Iterable[datetime], ends: Iterable[datetime]) -> list[int]:
    """Give each interval the lowest row where it overlaps nothing already placed.

    Intervals must come sorted by start. Instants are treated as :data:`INSTANT_WIDTH` wide so
    that markers at nearby times do not sit on one another.
    """
    row_ends: list[datetime] = []
    rows = []
    for start, end in zip(starts, ends, strict=True):
        stop = max(end, start + INSTANT_WIDTH)
        for index, busy_until in enumerate(row_ends):
            if busy_until <= start:
                row_ends[index] = stop
                rows.append(index)
                break
        else:
            row_ends.append(stop)
            rows.append(len(row_ends) - 1)
    return rows


def _period_label(write: Callable[[str], str], title: str) -> str:
    """Return a period's or report's label (``write(title)``) with its ``title`` cut to what its
    two lines leave once the rest is written whole: who says so and when are never cut."""
    room = min(TITLE_CHARS, max(20, 2 * (LABEL_WIDTH - 6) - len(write(""))))
    return write(shorten(title, room))


def derive_periods(events: pd.DataFrame, lang: str = "en") -> list[Period]:
    """Return the shaded periods and the reports that date their course.

    A period is a communications or restriction event that has an ``end`` and lasted at least
    ``MIN_PERIOD``; its label names the event, when it began and ended as the data states
    them, and who says so. A milestone is an event of the
    same category with no ``end`` that starts after the period's first day and no later than
    its end (a restoration, an extension, a lifting): each claimant's date is shown apart, so
    differing accounts stay visible.
    """
    if events.empty:
        return []
    has_end = events["end"].map(lambda v: isinstance(v, str) and bool(v))
    in_scope = events["category"].isin(PERIOD_CATEGORIES)
    lasting = events[in_scope & has_end]
    # shade only what lasted days (the blackout, the state of emergency): shorter lasting events
    # stay bars in their lane, and a large dataset keeps its longest, so the shading stays readable
    lasting = lasting.assign(_length=lasting["t1"] - lasting["t0"])
    chosen = lasting[lasting["_length"] >= MIN_PERIOD].nlargest(MAX_PERIODS, "_length")
    chosen = chosen.sort_values(["t0", "t1", "id"])
    others = events[in_scope & ~has_end].sort_values(["t0", "id"])
    periods: list[Period] = []
    seen: set[str] = set()
    for _, event in chosen.iterrows():
        start, end = _start_when(event, lang), _when_text(event["end"], lang)
        claimant = shorten(data_text(event, "claimant", lang), CLAIMANT_CHARS)
        label = _period_label(
            lambda title, start=start, end=end, claimant=claimant: t(
                "timeline.period.label", lang, title=title, start=start, end=end, claimant=claimant
            ),
            _DATES_AT_END.sub("", data_text(event, "title", lang)),
        )
        periods.append(
            Period(
                event_id=event["id"],
                category=event["category"],
                start=event["t0"].to_pydatetime(),
                end=event["t1"].to_pydatetime(),
                label=label,
            )
        )
        first_day_over = event["t0"].normalize() + pd.Timedelta(days=1)
        later = others[
            (others["category"] == event["category"])
            & (others["t0"] >= first_day_over)
            & (others["t0"] <= event["t1"])
            & ~others["id"].isin(seen)
        ]
        for _, report in later.head(MAX_MILESTONES).iterrows():
            seen.add(report["id"])
            periods.append(
                Period(
                    event_id=report["id"],
                    category=report["category"],
                    start=report["t0"].to_pydatetime(),
                    end=report["t1"].to_pydatetime(),
                    label=_period_label(
                        lambda title, report=report: t(
                            "timeline.milestone.label",
                            lang,
                            title=title,
                            when=_start_when(report, lang),
                            claimant=shorten(data_text(report, "claimant", lang), CLAIMANT_CHARS),
                        ),
                        data_text(report, "title", lang),
                    ),
                    milestone=True,
                )
            )
    return [replace(period, number=index) for index, period in enumerate(periods)]


_DATES_AT_END = re.compile(r"\s*\([^()]*\d{4}[^()]*[–—-][^()]*\d{4}[^()]*\)\s*$")
"""A title's closing "(17 Dec 2011 – 31 Jan 2012)": a period's label names its dates itself.
Cut short in Russian and Kazakh to fit, the title lost them, and the label its start."""


def _start_when(event: pd.Series, lang: str) -> str:
    """When an event starts, as precisely as the data knows it (day, time or part of the day)."""
    text = _when_text(event["start"], lang)
    if event["time_precision"] == "part_of_day":
        text += ", " + t(f"part_of_day.{event['part_of_day']}", lang)
    return text


def _when_text(value: str, lang: str = "en") -> str:
    stamp = pd.Timestamp(value[:16])
    text = format_day(stamp, lang, short=True)
    return f"{text}, {stamp:%H:%M}" if len(value) > 10 else text


def initial_range(
    events: pd.DataFrame,
    window: tuple[datetime, datetime] | None,
    dates: tuple[date, date] | None = None,
) -> tuple[datetime, datetime] | None:
    """Return the x range to open on: the window if any event falls in it, else all the events.

    With no events, the ``dates`` chosen (first to last day, whole days), else ``None``
    (autorange).
    """
    if events.empty:
        return window_from_days(*dates) if dates is not None else None
    first, last = events["t0"].min(), events["t1"].max()
    if window is not None:
        low, high = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        if ((events["t0"] < high) & (events["t1"] >= low)).any():
            return window
    pad = max((last - first) * 0.02, pd.Timedelta(hours=6))
    return (first - pad).to_pydatetime(), (last + pad).to_pydatetime()


def filters_subtitle(
    flt: EventFilter, lang: str = "en", shown: int | None = None, total: int | None = None
) -> str:
    """Return a plain-text line naming the filters in force, for the figure's subtitle."""
    parts = []
    if flt.date_from or flt.date_to:
        low = format_day(flt.date_from, lang, short=True) if flt.date_from else "…"
        high = format_day(flt.date_to, lang, short=True) if flt.date_to else "…"
        parts.append(t("timeline.subtitle.dates", lang, low=low, high=high))
    every = t("timeline.subtitle.all", lang)
    cats = ", ".join(t(f"category.{c}", lang) for c in flt.categories or ()) or every
    who = ", ".join(t(f"claimant_type.{c}", lang) for c in flt.claimant_types or ()) or every
    parts.append(t("timeline.subtitle.categories", lang, value=cats))
    parts.append(t("timeline.subtitle.claimants", lang, value=who))
    if flt.text.strip():
        parts.append(t("timeline.subtitle.text", lang, value=shorten(flt.text.strip(), 40)))
    if shown is not None and total is not None:
        parts.append(tn("filter.shown", total, lang, shown=shown))
    return " · ".join(parts)


def hover_text(event: pd.Series, lang: str = "en", sources: pd.DataFrame | None = None) -> str:
    """Return an event's hover label as escaped HTML: when (with precision), title, claimant, sources."""
    lines = [
        shorten(data_text(event, "title", lang), 90),
        shorten(event_when(event, lang), 110),
        t(
            "timeline.hover.claimant",
            lang,
            claimant=shorten(data_text(event, "claimant", lang), 80),
            kind=t(f"claimant_type.{event['claimant_type']}", lang),
        ),
        t("timeline.hover.category", lang, value=t(f"category.{event['category']}", lang)),
    ]
    if sources is None or sources.empty:
        table = None
    else:
        table = sources if sources.index.name == "id" else sources.set_index("id")
        names_of = publishers(table, lang)
    refs = []
    for ref in event["sources"]:
        if table is not None and ref["source"] in table.index:
            publisher = shorten(names_of[ref["source"]], 40)
            refs.append(f"{publisher} ({locator_text(ref['locator'], lang)})")
        else:
            refs.append(f"{ref['source']} ({locator_text(ref['locator'], lang)})")
    if refs:
        lines.append(t("timeline.hover.sources", lang, value="; ".join(refs[:4])))
    return _hover_markup(lines, wrap_width(HOVER_CHARS, lang))


def _hover_markup(lines: list[str], width: int) -> str:
    """Return a hover label's plain ``lines`` escaped and wrapped at ``width``, the first bold."""
    first, *rest = (hover_lines(line, width) for line in lines)
    return "<br>".join([f"<b>{first}</b>", *rest])


def _publishers(sources: pd.DataFrame | None, lang: str = "en") -> dict[str, str]:
    """Return each source id's publisher in ``lang``, shortened as a hover label shows it."""
    if sources is None or sources.empty:
        return {}
    table = sources if sources.index.name == "id" else sources.set_index("id")
    return {
        source: shorten(publisher, 40)
        for source, publisher in zip(table.index, publishers(table, lang), strict=True)
    }


def hover_texts(
    events: pd.DataFrame, lang: str = "en", sources: pd.DataFrame | None = None
) -> list[str]:
    """Return :func:`hover_text` of every row of ``events``, in order, built column by column.

    The same texts as row by row (``tests/test_timeline_fast.py`` compares them), without a
    pandas row per event: the words that repeat are looked up once per value.
    """
    if events.empty:
        return []
    claimant_line = t("timeline.hover.claimant", lang)
    sources_line = t("timeline.hover.sources", lang)
    kinds = {value: t(f"claimant_type.{value}", lang) for value in set(events["claimant_type"])}
    categories = {
        value: t("timeline.hover.category", lang, value=t(f"category.{value}", lang))
        for value in set(events["category"])
    }
    width = wrap_width(HOVER_CHARS, lang)
    publisher_of = _publishers(sources, lang)
    out = []
    for title, when, claimant, kind, category, refs in zip(
        column_texts(events, "title", lang),
        when_texts(events, lang),
        column_texts(events, "claimant", lang),
        events["claimant_type"].tolist(),
        events["category"].tolist(),
        events["sources"].tolist(),
        strict=True,
    ):
        lines = [
            shorten(title, 90),
            shorten(when, 110),
            claimant_line.format(claimant=shorten(claimant, 80), kind=kinds[kind]),
            categories[category],
        ]
        names = [
            f"{publisher_of.get(ref['source'], ref['source'])} ({locator_text(ref['locator'], lang)})"
            for ref in refs
        ]
        if names:
            lines.append(sources_line.format(value="; ".join(names[:4])))
        out.append(_hover_markup(lines, width))
    return out


def _layout_rows(
    events: pd.DataFrame, lane: str, lang: str, narrow: bool = False, least: float = 1.0
) -> tuple[np.ndarray, list, list, list]:
    """Return each event's y, and the lanes' centres, labels and boundaries (``narrow``: each
    lane at least as tall as its wrapped name, `lane_rows`; else at least ``least`` rows, its
    events in the middle)."""
    column = lane_column(lane)
    labels = lane_labels(lane, lang)
    y = np.zeros(len(events))
    centres, names, bounds = [], [], []
    offset = 0
    values = events[column].to_numpy()
    ids = events["id"].tolist()
    t0 = list(events["t0"].dt.to_pydatetime())
    t1 = list(events["t1"].dt.to_pydatetime())
    for value, label in labels.items():
        part = np.flatnonzero(values == value)
        if not len(part):
            continue
        part = sorted(part.tolist(), key=lambda i: (t0[i], ids[i]))
        rows = pack_rows([t0[i] for i in part], [t1[i] for i in part])
        height = max(max(rows) + 1, lane_rows(html_escape(label)) if narrow else least)
        middle = 0 if narrow else (height - max(rows) - 1) / 2
        y[part] = offset + middle + np.asarray(rows)
        centres.append(offset + (height - 1) / 2)
        names.append(html_escape(label))
        bounds.append(offset - 0.5)
        offset += height
    bounds.append(offset - 0.5)
    return y, centres, names, bounds


def _aggregate_rows(events: pd.DataFrame, lane: str, lang: str) -> tuple[dict, list, list, list]:
    column = lane_column(lane)
    order = [v for v in lane_labels(lane, lang) if (events[column] == v).any()]
    positions = {v: i for i, v in enumerate(order)}
    names = [html_escape(lane_labels(lane, lang)[v]) for v in order]
    bounds = [i - 0.5 for i in range(len(order) + 1)]
    return positions, list(range(len(order))), names, bounds


def _event_traces(events: pd.DataFrame, y: np.ndarray, options: TimelineOptions) -> list:
    lang = options.lang
    highlight = palette(options.dark).highlight
    colours, edges = mark_colours(options.dark), edge_colours(options.dark)
    kinds = np.array(
        [mark_kind(row) for row in events[["time_precision", "end"]].to_dict("records")]
    )
    classes = events["claim_class"].to_numpy()
    table = options.sources
    if table is not None and not table.empty and table.index.name != "id":
        table = table.set_index("id")
    hovers = np.array(hover_texts(events, lang, table), dtype=object)
    ids = events["id"].to_numpy()
    t0 = events["t0"].to_numpy()
    t1 = events["t1"].to_numpy()
    traces = []
    for claim in CLAIM_CLASSES:
        if (classes == claim).any():
            traces.append(_legend_entry(claim, lang, options.dark))
    for claim in CLAIM_CLASSES:
        for kind in _KINDS:
            mask = (classes == claim) & (kinds == kind)
            if not mask.any():
                continue
            chosen = ids[mask]
            selected = chosen == options.selected_id
            common = {
                "name": html_escape(t(f"timeline.legend.{claim}", lang)),
                "legendgroup": claim,
                "showlegend": False,
                "customdata": chosen.tolist(),
                "hovertext": hovers[mask].tolist(),
                "hovertemplate": "%{hovertext}<extra></extra>",
                "y": y[mask],
            }
            # a window (the day, part of a day) is filled pale with its edge in the full colour:
            # pale through and through (the whole mark at 0.35) it stood at 1.6:1 on the dark
            # theme's background and 1.9:1 on white, for a projector's room to guess at
            # and every bar has an edge of 3:1 or more on the background
            line_width = np.where(selected, 3, 1)
            if kind == "point":
                traces.append(
                    go.Scatter(
                        x=pd.to_datetime(t0[mask]).to_pydatetime(),
                        mode="markers",
                        marker={
                            "color": colours[claim],
                            "size": np.where(selected, 15, 10),
                            "symbol": "circle",
                            "line": {"color": highlight, "width": np.where(selected, 3, 1)},
                        },
                        cliponaxis=False,
                        **common,
                    )
                )
                continue
            width_ms = (t1[mask] - t0[mask]).astype("timedelta64[ms]").astype("int64")
            traces.append(
                go.Bar(
                    orientation="h",
                    base=[pd.Timestamp(v).isoformat() for v in t0[mask]],
                    x=np.maximum(width_ms, 60_000),
                    width=0.72,
                    marker={
                        "color": pale(colours[claim]) if kind == "window" else colours[claim],
                        "opacity": 1 if kind == "window" else 0.95,
                        "line": {
                            "color": np.where(selected, highlight, edges[claim]).tolist(),
                            "width": line_width,
                        },
                    },
                    **common,
                )
            )
    return traces


def _legend_entry(claim: str, lang: str, dark: bool = False) -> go.Bar:
    """Return an empty trace that only names a colour in the legend."""
    return go.Bar(
        x=[None],
        y=[None],
        orientation="h",
        name=html_escape(t(f"timeline.legend.{claim}", lang)),
        legendgroup=claim,
        marker={"color": mark_colours(dark)[claim]},
        hoverinfo="skip",
    )


def _aggregate_traces(
    events: pd.DataFrame, options: TimelineOptions, span: tuple[datetime, datetime] | None = None
) -> tuple[list, list, list, list]:
    lang = options.lang
    positions, centres, names, bounds = _aggregate_rows(events, options.lane, lang)
    column = lane_column(options.lane)
    days = events["t0"].dt.normalize()
    official = (events["claim_class"] == "official").to_numpy(dtype=np.int64)
    grouped = (
        pd.DataFrame({"day": days, "lane": events[column], "official": official})
        .groupby(["day", "lane"], sort=True)
        .agg(n=("official", "size"), official=("official", "sum"))  # summed in one pass
        .reset_index()
    )
    if span is not None:  # only the days the figure opens on (and cannot be panned away from)
        low, high = pd.Timestamp(span[0]), pd.Timestamp(span[1])
        grouped = grouped[(grouped["day"] >= low.normalize()) & (grouped["day"] < high)]
    labels = lane_labels(options.lane, lang)
    hovers = [
        html_escape(
            tn(
                "timeline.aggregate.hover",
                n,
                lang,
                day=format_day(d, lang),
                lane=labels[lane],
                official=o,
            )
        )
        for d, lane, n, o in zip(
            grouped["day"], grouped["lane"], grouped["n"], grouped["official"], strict=True
        )
    ]
    top = max(int(grouped["n"].max()), 1) if len(grouped) else 1
    trace = go.Scatter(
        x=(grouped["day"] + pd.Timedelta(hours=12)).dt.to_pydatetime(),
        y=grouped["lane"].map(positions).to_numpy(),
        mode="markers",
        name=html_escape(t("timeline.aggregate.legend", lang)),
        marker={
            "size": (6 + 22 * np.sqrt(grouped["n"] / top)).round(1).to_numpy(),
            "color": mark_colours(options.dark)["official"],
            "opacity": 0.75,
            "line": {"color": HIGHLIGHT, "width": 0.5},
        },
        customdata=[
            f"{AGGREGATE_PREFIX}{d:%Y-%m-%d}|{lane}"
            for d, lane in zip(grouped["day"], grouped["lane"], strict=True)
        ],
        hovertext=hovers,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    return [trace], centres, names, bounds


def parse_aggregate(customdata: str) -> tuple[date, str] | None:
    """Return the day and lane value of an aggregated mark's ``customdata``, or None for an event id."""
    if not isinstance(customdata, str) or not customdata.startswith(AGGREGATE_PREFIX):
        return None
    day, _, lane = customdata[len(AGGREGATE_PREFIX) :].partition("|")
    try:
        return date.fromisoformat(day), lane
    except ValueError:
        return None


TITLE_CHARS = 100
"""The longest title a period's label names whole."""
CLAIMANT_CHARS = 80
"""The longest claimant a period's label names whole (cut at 32, "Azattyq (RFE/RL); RBC;
Tengrinews" lost a claimant); the title is cut first."""
PERIOD_LABELS = "period labels"
"""The ``name`` of the annotations that hold the periods' numbered labels."""
LABEL_WIDTH = 72
"""Characters per line of a period's label above the plot (two lines at most)."""


def _period_label_lines(
    periods: list[Period], width: int = LABEL_WIDTH, most: int = 2
) -> list[list[str]]:
    """Return each period's label in lines of ``width`` characters at most, ``most`` lines; a
    date's day, month and year stay on one line ("до 31" ended one, "янв. 2012" began the next)."""
    out = []
    for period in periods:
        lines = textwrap.wrap(wrappable(period.label), width) or [""]
        if len(lines) > most:  # cut short where it is, not silently
            lines = [*lines[: most - 1], shorten(f"{lines[most - 1]} {lines[most]}", width)]
        out.append(lines)
    return out


def _period_shapes(
    periods: list[Period],
    lines: list[list[str]] | None = None,
    dark: bool = False,
    shift: int = 0,
    below: int | None = None,
) -> tuple[list[dict], list[dict]]:
    """Return the shapes and labels of the periods, as plain dicts (much faster than add_vrect).

    ``lines`` are the labels' wrapped lines; ``shift`` moves the labels left of the plot's edge
    (to the figure's margin) by that many pixels; ``below`` puts them that many pixels under
    the plot instead of above it.
    """
    shapes, labels = [], []
    colours = palette(dark)
    lines = _period_label_lines(periods) if lines is None else lines
    for period in periods:
        colour = PERIOD_FILL.get(period.category, "#7F7F7F")
        if not period.milestone or period.end > period.start:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": period.start,
                    "x1": period.end,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": colour,
                    "opacity": (0.16 if period.milestone else 0.07) * (1.6 if dark else 1),
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        edge = period.start if period.milestone else period.end
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": edge,
                "x1": edge,
                "y0": 0,
                "y1": 1,
                "line": {"color": colour, "width": 1, "dash": "dot"},
                "layer": "below",
            }
        )
        # a numbered mark at the period's start (or the report's line) ties its label to the
        # time axis
        labels.append(
            {
                "x": period.start,
                "xref": "x",
                "yref": "paper",
                "y": 1,
                "text": _mark(period.number),
                "showarrow": False,
                "xanchor": "left" if not period.milestone else "center",
                "yanchor": "top",
                "font": {"size": 12, "color": _period_colour(period, colours)},
                "bgcolor": colours.mark_bg,
            }
        )
    return shapes, _period_label_blocks(periods, lines, colours, shift, below) + labels


def _marked_outside(period: Period, rng: tuple[datetime, datetime], lang: str) -> Period:
    """Return the period, its label saying so when its mark lies outside the range opened on
    (a zoom out shows it; an exported image of the window does not)."""
    low, high = pd.Timestamp(rng[0]), pd.Timestamp(rng[1])
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    shown = low <= start <= high if period.milestone else start < high and end > low
    if shown:
        return period
    return replace(period, label=t("timeline.period.outside", lang, label=period.label))


def _period_colour(period: Period, colours: Palette) -> str:
    """Return the text colour of a period's label and mark (by its category)."""
    return colours.periods.get(period.category, colours.periods["communications"])


def _period_label_blocks(
    periods: list[Period],
    lines: list[list[str]],
    colours: Palette,
    shift: int,
    below: int | None = None,
) -> list[dict]:
    """Return the periods' labels as one text block per colour, above the plot (or ``below``
    pixels under it).

    Each label keeps its own lines in time order; a block leaves the lines of the other
    colour's labels blank, so the blocks, laid over one another, read as one list. Plotly
    measures each text element it draws, one by one: two blocks instead of one annotation a
    label (24 at 10,000 synthetic events) draw the Timeline page faster.
    """
    rows = [
        (_period_colour(period, colours), f"{_mark(period.number)} " if at == 0 else "   ", row)
        for index, period in enumerate(periods)
        for at, row in enumerate(lines[index])
    ]
    blocks = []
    for colour in dict.fromkeys(colour for colour, _, _ in rows):
        text = "<br>".join(
            f"{lead}{html_escape(row)}" if of == colour else "&nbsp;" for of, lead, row in rows
        )
        blocks.append(
            {
                "name": PERIOD_LABELS,
                "x": 0,
                "xref": "paper",
                "yref": "paper",
                "y": 1 if below is None else 0,
                "xshift": -shift,
                "yshift": 4 if below is None else -below,
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom" if below is None else "top",
                "align": "left",
                "font": {"size": SMALL_PX, "color": colour},
            }
        )
    return blocks


LANE_CHARS = 11
"""Characters per line of a lane's name on a narrow chart (two lines where the lane is tall)."""


LONG_LANE_LINES = 3
"""Lines a long lane name may take on a narrow chart; its lane is made tall enough for them."""


def _lines(name: str, width: int) -> list[str]:
    return textwrap.wrap(name, width, break_long_words=False, break_on_hyphens=False)


def _long_lane_lines(name: str) -> list[str] | None:
    """Return a long lane name's lines on a narrow chart, or None for a name that fits two lines
    of `LANE_CHARS`. Whole on one line, "Иностранные правительства и международные организации"
    left the plot 2 px of a phone's width."""
    if len(_lines(name, LANE_CHARS)) <= 2:
        return None
    for width in range(LANE_CHARS + 5, 4 * LANE_CHARS):
        lines = _lines(name, width)
        if len(lines) <= LONG_LANE_LINES:
            return lines
    return [name]


def lane_rows(label: str) -> int:
    """Return the rows a lane needs on a narrow chart for its name's lines to stay in it."""
    lines = _long_lane_lines(label)
    return math.ceil(len(lines) * LABEL_LINE_PX / ROW_PX) if lines else 1


def _wrap_lanes(names: list[str], centres: list, bounds: list) -> list[str]:
    """Break lane names over two lines where the lane has room for them (two rows or more), and
    long names over up to `LONG_LANE_LINES` (their lanes have the rows: `lane_rows`)."""
    out = []
    for index, name in enumerate(names):
        long = _long_lane_lines(name)
        if long is not None:
            out.append("<br>".join(long))
            continue
        tall = index + 1 < len(bounds) and bounds[index + 1] - bounds[index] >= 2
        lines = _lines(name, LANE_CHARS) if tall else [name]
        out.append("<br>".join(lines[:2]) if len(lines) <= 2 else name)
    return out


def _mark(index: int) -> str:
    """Return the number that ties a period's label to its place on the axis: ①, ②, … ⑩, (11) …

    Circled numbers stop at ⑩: DejaVu Sans (the font `make fonts` installs for the browser and
    the exported images) has no ⑪ to ⑳, which drew as empty boxes.
    """
    return chr(0x2460 + index) if index < 10 else f"({index + 1})"


def tick_formats(lang: str, year: bool = True) -> list[dict[str, Any]]:
    """Return the date axis' tick formats: English month names, else numeric day and month
    (22.12, as Russian and Kazakh write them; plotly's month names are English only). Without
    ``year``, days are written on one line without it (Present's week, whose year is said)."""
    if lang == "en":
        formats = ("%H:%M<br>%-d %b", "%-d %b<br>%Y" if year else "%-d %b", "%b<br>%Y")
    else:
        formats = ("%H:%M<br>%d.%m", "%d.%m<br>%Y" if year else "%d.%m", "%m.%Y")
    ranges = ([None, 86_399_999], [86_400_000, "M1"], ["M1", None])
    return [{"dtickrange": r, "value": f} for r, f in zip(ranges, formats, strict=True)]


def window_label(window: tuple[datetime, datetime], lang: str = "en") -> str:
    """Return a window's days as a short label, e.g. ``15–23 Dec 2011``, ``15–23 дек. 2011 г.``."""
    low, high = window[0], window[1] - timedelta(days=1)
    if (low.year, low.month) == (high.year, high.month):
        return f"{low.day}–{format_day(high, lang, short=True)}"
    return f"{format_day_month(low, lang)} – {format_day(high, lang, short=True)}"


def build_timeline(events: pd.DataFrame, options: TimelineOptions | None = None) -> go.Figure:
    """Draw events in lanes along local time (``options.zone``).

    Parameters
    ----------
    events : DataFrame
        Events as :func:`lib.events.load_dataset` gives them (with ``t0``/``t1``), already filtered.
    options : TimelineOptions, optional
        Lanes, labels, the selected event and the opening window.

    Returns
    -------
    go.Figure
        One mark per event (a point for times known to the minute or hour, a light bar for the
        span an event is known to fall in, a solid bar from start to end for lasting events),
        event ids in ``customdata``; above ``options.aggregate_above`` events, one circle per day
        and lane sized by the number of events. Shaded periods come from lasting
        communications and restriction events; title, subtitle and source credit are inside.

    Raises
    ------
    ValueError
        If ``options.lane`` is not one of :data:`LANES`.
    """
    options = options or TimelineOptions()
    lang = options.lang
    lane_column(options.lane)
    aggregate = len(events) > options.aggregate_above
    rng = initial_range(events, options.window, options.dates)
    # aggregated, the window's view holds only the window: the marks and periods outside it
    # (most of them at 10,000 events) were drawn off screen, at about 0.2 ms a mark, twice
    held = rng if aggregate and options.window is not None and rng == options.window else None
    if aggregate:
        traces, centres, names, bounds = _aggregate_traces(events, options, held)
    else:
        y, centres, names, bounds = _layout_rows(
            events,
            options.lane,
            lang,
            options.responsive,
            LANE_LEAST if options.image_layout else 1,
        )
        traces = _event_traces(events, y, options)
    fig = go.Figure(traces)
    period_source = events if options.period_events is None else options.period_events
    # no event drawn, no period: their marks and seven notes stood around "No events match"
    periods = derive_periods(period_source, lang) if len(events) else []
    if not options.milestones:
        periods = [p for p in periods if not p.milestone]
    if held is not None:
        periods = [p for p in periods if p.start < held[1] and p.end > held[0]]
    elif rng is not None:
        periods = [_marked_outside(p, rng, lang) for p in periods]
    rows = max(bounds[-1] + 0.5, 1) if bounds else 1
    row_px = ROW_PX * 2 if aggregate else ROW_PX
    band = MARK_BAND_PX if periods and options.marks_band else 0  # in rows below
    rows += band / row_px
    colours = palette(options.dark)
    subtitle = options.subtitle
    if aggregate:
        subtitle = f"{subtitle} · {tn('timeline.aggregate.note', len(events), lang)}"
    key = "<br>".join(html_escape(line) for line in t("timeline.key", lang).split("\n"))
    key = "" if aggregate else key
    classes = 0 if aggregate or "claim_class" not in events else events["claim_class"].nunique()
    if options.responsive:
        # laid out for the narrowest screen: every line wrapped to NARROW_PX, each block placed
        # under the one above it in pixels, the lane labels' width set from their text
        names = _wrap_lanes(names, centres, bounds)
        left = int(10 + max((text_px(n, SMALL_PX) for n in names), default=0) + 10)
        room = NARROW_PX
        title = plotly_lines(options.title, chars_for(room, 18, bold=True), 3)
        title_lines = title.count("<br>") + 1
        sub = plotly_lines(subtitle, chars_for(room, 12), 5)
        sub_lines = sub.count("<br>") + 1
        label_lines = _period_label_lines(periods, chars_for(room - 20, SMALL_PX), 3)
        label_rows = sum(len(r) for r in label_lines)
        legend_top = MODEBAR_PX + 24 * title_lines + 16 * sub_lines + 22
        legend_rows = classes  # one entry a row: the same on any width
        # the periods' numbered labels go under the axis, as notes to the marks in the plot: on
        # a laptop or a projector the plot then starts on the first screen
        top = legend_top + 22 * legend_rows + 12
        labels_px = round(LABEL_LINE_PX * label_rows) + 10 if label_rows else 0
        footer_width = wrap_width(chars_for(room, SMALL_PX), lang)
        key_lines = [
            line
            for text in t("timeline.key", lang).split("\n")
            for line in textwrap.wrap(text, footer_width)
        ]
        key = "" if aggregate else "<br>".join(html_escape(line) for line in key_lines)
        credit = plotly_lines(options.credit, footer_width)
        footer = f"{key}<br>{credit}" if key else credit
        footer_top = FOOTNOTE_TOP + labels_px
        bottom = footer_top + FOOTNOTE_LINE_PX * (footer.count("<br>") + 1) + 14
        height = int(min(max(top + bottom + rows * row_px, 440), 2200))
        title_block = {
            "text": f"<b>{title}</b>",
            "font": {"size": 18, "color": colours.ink},
            "subtitle": {"text": sub, "font": {"size": 12, "color": colours.muted}},
            "x": 0,
            "xref": "container",
            # plotly places the first line's baseline at the pad: its top is a line higher
            "pad": {"t": MODEBAR_PX + 16, "l": 10},
        }
        margin = {"l": left, "r": 20, "t": top, "b": bottom, "autoexpand": False}
        legend_y = 1 - legend_top / height
        legend_extra = {"orientation": "v", "x": 0.01}
        shift = left - 10
        labels_below: int | None = FOOTNOTE_TOP
    else:
        label_lines = _period_label_lines(periods)
        label_rows = sum(len(r) for r in label_lines)
        # two claim classes fit the legend's one line; with the classes that support neither
        # side, room for one line each (a narrow chart wraps them)
        legend_px = 16 * (classes - 1) if classes > 2 and not options.image_layout else 0
        if options.image_layout and options.footer_px and classes:
            # an image's key takes as many lines as its entries need at the image's width: in
            # a square English image its second line lay over the first period's note
            present = [c for c in CLAIM_CLASSES if (events["claim_class"] == c).any()]
            entries = [t(f"timeline.legend.{c}", lang) for c in present]
            width = options.footer_px + IMAGE_RIGHT_PX  # the key may run over the right margin
            legend_px = LEGEND_LINE_PX * (legend_lines(entries, width) - 1)
        # the subtitle on two lines where it needs them: on one, a Russian landscape image's
        # "…сообщения о событиях внутри них — на…" lost the end of what it says is left out
        sub = plotly_lines(subtitle, wrap_width(140, lang), 2)
        sub_px = 16 * sub.count("<br>")
        top = 96 + sub_px + round(LABEL_LINE_PX * label_rows) + legend_px
        # the key and credit under the plot, each line wrapped (a long translation stays inside
        # the plot) and the bottom margin tall enough for all their lines
        chars = chars_for(options.footer_px, SMALL_PX) if options.footer_px else 130
        width = wrap_width(chars, lang)
        credit = plotly_lines(options.credit, width)
        key = "<br>".join(plotly_lines(line, width) for line in t("timeline.key", lang).split("\n"))
        key = "" if aggregate else key
        footer = f"{key}<br>{credit}" if key else credit
        bottom = max(140, FOOTNOTE_TOP + FOOTNOTE_LINE_PX * (footer.count("<br>") + 1) + 12)
        height = int(min(max(top + bottom + rows * row_px, 440), 1800))
        title_block = {
            "text": f"<b>{html_escape(options.title)}</b>",
            "subtitle": {"text": sub, "font": {"size": 12}},
            "font": {"size": 19},  # as the counts figures' (plotly's 17 read 11 px in an article)
            "x": 0,
            "xref": "paper",
            "pad": {"t": 12},
        }
        # an image's last date, centred on the plot's edge, ended 2 px from the image's
        margin = {
            "l": 10,
            "r": IMAGE_RIGHT_PX if options.image_layout else 20,
            "t": top,
            "b": bottom,
        }
        legend_y = 1 - ((62 + sub_px) / height)
        legend_extra = {}
        shift = 0
        labels_below = None
        footer_top = FOOTNOTE_TOP
    fig.update_layout(
        title={**title_block, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top"},
        font_family=FONT_FAMILY,
        title_font_family=FONT_FAMILY,  # Streamlit's theme sets the title's own
        height=height,
        margin=margin,
        barmode="overlay",
        hovermode="closest",
        dragmode="zoom",
        clickmode="event+select",
        showlegend=not aggregate,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "yref": "container",
            "font": {"size": SMALL_PX},
            "itemclick": "toggle",
            "traceorder": "normal",
        },
        hoverlabel={"align": "left", "bgcolor": colours.hover_bg, "font": {"size": 12}},
        plot_bgcolor=colours.plot,
    )
    # the legend sits just under the title block
    fig.update_layout(legend_y=legend_y, legend_yanchor="top")
    if options.responsive:
        fig.update_layout(
            paper_bgcolor=colours.paper,
            font={"color": colours.ink},
            legend={"xref": "container", "xanchor": "left", **legend_extra},
            legend_font_color=colours.ink,
            hoverlabel_font_color=colours.ink,
        )
    if held is not None:
        fig.update_xaxes(minallowed=held[0], maxallowed=held[1])
    fig.update_xaxes(
        type="date",
        title={
            "text": html_escape(t("timeline.axis", lang, zone=options.zone)),
            "font": {"size": 12},
        },
        range=list(rng) if rng else None,
        showgrid=True,
        gridcolor=colours.grid,
        tickformatstops=tick_formats(lang),
        showline=True,
        linecolor=colours.axis,
        mirror=False,
        zeroline=False,
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=centres,
        ticktext=names,
        autorange=False,
        range=[bounds[-1] if bounds else 0.5, (bounds[0] if bounds else -0.5) - band / row_px],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        ticks="",
        automargin=not options.responsive,
    )
    if options.responsive:
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            axis.tickfont = {"color": colours.ink, "size": SMALL_PX}
            axis.title.font.color = colours.ink
    separators = [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": boundary,
            "y1": boundary,
            "line": {"color": colours.separator, "width": 1},
            "layer": "below",
        }
        for boundary in bounds[1:-1]
    ]
    period_shapes, period_labels = _period_shapes(
        periods, label_lines, options.dark, shift, labels_below
    )
    fig.update_layout(shapes=separators + period_shapes, annotations=period_labels)
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-shift,
        yshift=-footer_top,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": SMALL_PX, "color": colours.muted},
    )
    if not len(events):
        fig.add_annotation(
            text=html_escape(t("timeline.empty", lang)),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 14, "color": colours.ink},
        )
        fig.update_yaxes(range=[0.5, -0.5])
    return fig


def day_entries(events: pd.DataFrame, lang: str = "en") -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the events grouped under the local day they start, as (event id, plain-text line).

    Each group's heading is that day (``16 December 2011``), or the month alone
    (``December 2009``) for events known only to the month: a day would claim a precision the
    sources do not give. Each line reads ``when — title — claimant (category)``; nothing is
    escaped here.
    """
    out: list[tuple[str, list[tuple[str, str]]]] = []
    if events.empty:
        return out
    monthly = (events["time_precision"] == "month").to_numpy()
    # a month's events before those of its first day, each group's events together
    ordered = events.assign(_day_known=~monthly).sort_values(
        ["t0", "_day_known", "id"], kind="stable"
    )
    categories = {value: t(f"category.{value}", lang) for value in set(ordered["category"])}
    last = None
    for day, day_known, event_id, when, title, claimant, category in zip(
        ordered["t0"].dt.date.tolist(),
        ordered["_day_known"].tolist(),
        ordered["id"].tolist(),
        when_texts(ordered, lang),
        column_texts(ordered, "title", lang),
        column_texts(ordered, "claimant", lang),
        ordered["category"].tolist(),
        strict=True,
    ):
        if (day, day_known) != last:
            last = (day, day_known)
            heading = format_day(day, lang) if day_known else format_month(day, lang)
            out.append((first_upper(heading), []))
        line = f"{when} — {title} — {claimant} ({categories[category]})"
        out[-1][1].append((event_id, first_upper(line)))
    return out


def day_list(events: pd.DataFrame, lang: str = "en") -> list[tuple[str, list[str]]]:
    """Return the events grouped under the day (or month) they start, as plain-text lines."""
    return [(day, [line for _, line in lines]) for day, lines in day_entries(events, lang)]


def figure_filename(flt: EventFilter, lang: str = "en", stem: str = "events") -> str:
    """Return a file name for the exported PNG: the dataset (``stem``), the dates, the language."""
    low = flt.date_from.isoformat() if flt.date_from else "start"
    high = flt.date_to.isoformat() if flt.date_to else "end"
    return f"{stem}-timeline_{low}_{high}_{lang}"


__all__ = [
    "AGGREGATE_ABOVE",
    "LANES",
    "Period",
    "TimelineOptions",
    "build_timeline",
    "credit_line",
    "day_entries",
    "day_list",
    "derive_periods",
    "figure_filename",
    "filters_subtitle",
    "hover_text",
    "hover_texts",
    "initial_range",
    "lane_column",
    "lane_labels",
    "mark_kind",
    "pack_rows",
    "parse_aggregate",
]
