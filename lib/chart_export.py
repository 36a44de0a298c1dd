"""Export plotly figures as PNG and SVG at a newsroom's sizes, offline (kaleido + Chromium)."""

from __future__ import annotations

import html
import re
import textwrap
import threading
import warnings
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib.counts import ChartOptions, build_detainee_chart, detainee_rows, headline_rows
from lib.figure_style import SMALL_PX, chars_for, text_px
from lib.format import (
    CYRILLIC,
    CYRILLIC_WIDTH,
    collapse_spaces,
    credit_line,
    html_escape,
    wrappable,
)
from lib.i18n import t
from lib.publish import (
    CHART_SCALE,
    credit,
    drawn_days,
    join_parts,
    month_only_ends,
    preset_size,
    span_text,
)
from lib.timeline import (
    TimelineOptions,
    build_timeline,
    derive_periods,
    initial_range,
    lane_labels,
)

FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}

_server_lock = threading.Lock()
_server_started = False
_export_lock = threading.Lock()
"""One image at a time: kaleido's shared server hands its results out in the order they finish,
not to the caller, so viewers exporting at once got one another's images."""


def start_export_server() -> None:
    """Start kaleido's Chromium once per process and keep it warm; no CDN script (no MathJax).

    ``plotly.js`` comes from the installed plotly package, so nothing is fetched.
    """
    global _server_started
    with _server_lock:
        if _server_started:
            return
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _server_started = True


def fit_figure(fig: go.Figure, size: str, scale: float = CHART_SCALE) -> go.Figure:
    """Return a copy of ``fig`` laid out for a preset size (``16x9``, ``4x5``, ``1x1``).

    The layout is the preset divided by `CHART_SCALE` (so text keeps a readable size once the
    image is scaled up to the preset). A title or legend placed from the top of the figure keeps
    its distance from the top in pixels, so it does not slide into the plot.
    """
    width, height = preset_size(size)
    layout_w, layout_h = width / scale, height / scale
    out = go.Figure(fig)
    old_h = out.layout.height or 450
    updates: dict = {"width": layout_w, "height": layout_h, "autosize": False}
    legend = out.layout.legend
    if legend.yref == "container" and legend.y is not None:
        updates["legend_y"] = 1 - (1 - legend.y) * old_h / layout_h
    title = out.layout.title
    if title.yref in (None, "container") and title.y is not None and title.y != "auto":
        updates["title_y"] = 1 - (1 - title.y) * old_h / layout_h
    out.update_layout(**updates)
    _rewrap_title(out, layout_w, layout_h)
    _rewrap_footer(out, layout_w)
    _rewrap_axis_title(out, layout_h)
    return out


PLOT_SHARE = 0.6
"""Share of the height between the top and bottom margins that an exported plot gets."""


def _label_px(text: str, size: float, bold: bool = False) -> float:
    """`text_px`, counted wider for Cyrillic, as `lib.format.wrap_width` wraps by language (an
    image's figure does not carry its language)."""
    px = text_px(text, size, bold)
    return px / CYRILLIC_WIDTH if CYRILLIC.search(text) else px


def _label_chars(px: float, size: float, text: str, bold: bool = False) -> int:
    """`chars_for` for ``text``: fewer characters a line where it is Cyrillic."""
    chars = chars_for(px, size, bold)
    return int(chars * CYRILLIC_WIDTH) if CYRILLIC.search(text) else chars


def _rewrap_axis_title(fig: go.Figure, height: float) -> None:
    """Break a y axis' name longer than the plot is high into lines.

    Turned upright beside a short plot, the Kazakh and Russian names of the deaths axis ran up
    into the key above it.
    """
    title = fig.layout.yaxis.title
    text = title.text or ""
    size = title.font.size or fig.layout.font.size or 13
    # plotly lowers the plot's top for a tall key and raises its bottom for turned dates: the
    # plot is about 0.6 of the height the margins leave
    room = PLOT_SHARE * (height - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0))
    if not text or "<br>" in text or _label_px(text, size) <= room:
        return
    title.text = _wrap(text, _label_chars(max(room, 60), size, text))
    if fig.layout.yaxis.automargin is False:  # the margin holds the name's further lines
        # a line of a turned name takes more than a title's: the Kazakh letters come from a
        # fallback font with taller lines (the square name began 5.8 px from the edge)
        more = round(title.text.count("<br>") * size * TURNED_LINE)
        fig.update_layout(margin_l=(fig.layout.margin.l or 0) + more)
        for note in fig.layout.annotations:  # hung from the image's edge: kept there
            if note.name in ("note", "credit") and note.xshift:
                note.xshift -= more


TITLE_LINE = 1.3
TURNED_LINE = 1.6
"""A line of a turned axis name, in font sizes, with room for a fallback font's taller lines."""
"""A title's line height, in font sizes (plotly's own)."""


def _rewrap_title(fig: go.Figure, width: float, height: float) -> None:
    """Break a one-line title too long for the image into lines, and move what lies below down.

    A Kazakh counts title ran 47 px off the right edge of the square image.
    """
    title = fig.layout.title
    text = title.text or ""
    size = title.font.size or 17
    room = width - 12 - 10  # the title starts 10 px in from the left; a margin on the right
    if "<br>" in text or _label_px(text, size, bold=True) <= room:
        return
    bold = text.startswith("<b>") and text.endswith("</b>")
    words = text[3:-4] if bold else text
    lines = _wrap(words, _label_chars(room, size, words, bold=True))
    added = lines.count("<br>")
    if not added:
        return
    title.text = f"<b>{lines}</b>" if bold else lines
    shift = added * size * TITLE_LINE
    updates: dict = {"margin_t": (fig.layout.margin.t or 0) + shift}
    if title.yref in (None, "container") and isinstance(title.y, float | int):
        updates["title_y"] = title.y - shift / height  # plotly grows a title upwards
    legend = fig.layout.legend
    if legend.yref == "container" and legend.y is not None:
        updates["legend_y"] = legend.y - shift / height
    fig.update_layout(**updates)


def _plot_left(fig: go.Figure) -> float:
    """Estimate where the plot area starts: after the longest y tick label, or a number axis."""
    ticks = fig.layout.yaxis.ticktext or ()
    longest = max(
        (len(re.sub(r"<[^>]+>", "", line)) for text in ticks for line in text.split("<br>")),
        default=6,
    )
    return (fig.layout.margin.l or 0) + 8 + longest * 7.4


def _rewrap_footer(fig: go.Figure, width: float) -> None:
    """Re-wrap a counts figure's note and credit to the image's width and make room below.

    They hang from the plot's left edge, so on a narrow image they would run off its right edge.
    """
    names = {a.name: a for a in fig.layout.annotations if a.name in ("note", "credit")}
    if "credit" not in names:
        return
    note, credit = names.get("note"), names["credit"]
    # hung from the image's edge (shifted left from the plot's, whose edge is then the margin)
    start = (fig.layout.margin.l or 0) + credit.xshift if credit.xshift else _plot_left(fig)
    room = max(200.0, width - start - (fig.layout.margin.r or 0))
    below = -(note.yshift if note is not None else credit.yshift + 4)
    note_lines = 0
    if note is not None:
        note.text = _wrap(note.text, int(room / 6.9))
        note_lines = note.text.count("<br>") + 1
    credit.text = _wrap(credit.text, chars_for(room, SMALL_PX))
    credit.yshift = -(below + 4 + 18 * note_lines)
    credit_lines = credit.text.count("<br>") + 1
    fig.update_layout(margin_b=below + 4 + 18 * note_lines + 16 * credit_lines + 16)


PARAGRAPH = "<br><br>"
"""Between two paragraphs of a label: each is re-broken on its own, the second on a new line."""


def _wrap(markup: str, width: int) -> str:
    """Re-break an escaped plotly label (``<br>`` between lines) at ``width`` characters."""
    return "<br>".join(
        line
        for part in markup.split(PARAGRAPH)
        for line in textwrap.wrap(wrappable(part.replace("<br>", " ")), max(20, width))
    )


def export_figure(fig: go.Figure, size: str, fmt: str, scale: float = CHART_SCALE) -> bytes:
    """Return ``fig`` as a PNG or SVG of the preset's pixel size.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure from the dashboard's figure functions (title, subtitle and credit inside).
    size : str
        A key of `lib.publish.PRESETS`.
    fmt : str
        ``png`` or ``svg``.
    scale : float
        Layout pixels to image pixels (text grows with it).

    Returns
    -------
    bytes
        The image; an SVG's ``width``/``height`` are the preset's pixels.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of `FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    start_export_server()
    fitted = fit_figure(fig, size, scale)
    width, height = preset_size(size)
    with _export_lock, warnings.catch_warnings():
        # plotly hands kaleido options the warm server already has ("kopts ... ignored")
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        image = fitted.to_image(format=fmt, width=width / scale, height=height / scale, scale=scale)
    if fmt == "svg":
        return svg_titled(image, plain_text(fitted.layout.title.text or ""))
    return image


_TAG = re.compile(r"<[^>]*>")


def plain_text(label: str) -> str:
    """Return a plotly label's text without its markup: ``<br>`` as a space, entities decoded."""
    return collapse_spaces(html.unescape(_TAG.sub(" ", label)))


def svg_titled(svg: bytes, title: str) -> bytes:
    """Return ``svg`` with ``title`` as its first child ``<title>``, the name a screen reader
    and a browser tab give the image (the map's SVG has one; plotly's had none)."""
    if not title:
        return svg
    text = svg.decode("utf-8")
    start = text.find("<svg")
    end = text.find(">", start) + 1
    if start < 0 or end <= 0:
        return svg
    element = f"<title>{html.escape(title, quote=False)}</title>"
    return (text[:end] + element + text[end:]).encode("utf-8")


ROW_PX = 50
"""Height a detainee row needs in an exported image (two lines of label and a bar)."""
LABEL_LINE_PX = 17
"""Height of one line of a detainee row's label in an exported image."""


def _rows_that_fit(room: float, label_lines: list[int]) -> int:
    """Return how many of the first rows fit ``room`` evenly spaced, each at least `ROW_PX` high
    and no label (centred on its row) running into its neighbour's."""
    for rows in range(len(label_lines), 1, -1):
        step = room / rows
        lines = label_lines[:rows]
        if step >= ROW_PX and all(
            step >= (upper + lower) / 2 * LABEL_LINE_PX
            for upper, lower in zip(lines, lines[1:], strict=False)
        ):
            return rows
    return min(1, len(label_lines))


DETAINEE_LAYOUTS = tuple(
    (scale, wide) for scale in (CHART_SCALE, 1.4, 1.25) for wide in (False, True)
)
"""Layouts an exported detainee chart tries in turn until its headline rows fit: the usual
scale, then smaller text; labels on short lines, then on long ones (which narrow the plot)."""


def _fitted(
    counts: pd.DataFrame, options: ChartOptions, size: str
) -> tuple[go.Figure, ChartOptions, float, int]:
    """Return the detainee chart in the first of `DETAINEE_LAYOUTS` its headline rows fit, its
    options and scale there, and how many rows fit (never fewer than the headline)."""
    headline = headline_rows(counts)
    for scale, wide in DETAINEE_LAYOUTS:
        laid = replace(options, responsive=False, dark=False, wide_labels=wide)
        fig = build_detainee_chart(counts, laid)
        fitted = fit_figure(fig, size, scale)
        room = fitted.layout.height - fitted.layout.margin.t - fitted.layout.margin.b - 18
        # the tick labels are the rows, in their order
        fit = _rows_that_fit(room, [label.count("<br>") + 1 for label in fig.layout.yaxis.ticktext])
        if fit >= headline:
            break
    return fig, laid, scale, max(fit, headline)  # crowded rather than without a headline


def detainee_fit(counts: pd.DataFrame, options: ChartOptions, size: str) -> int:
    """Return how many detainee rows an image of ``size`` has room for in ``options.lang``."""
    return _fitted(counts, options, size)[3] if detainee_rows(counts) else 0


def detainee_rows_everywhere(frames: Iterable[tuple[pd.DataFrame, ChartOptions]], size: str) -> int:
    """Return how many detainee rows an image of ``size`` draws: the fewest that any of
    ``frames`` (the counts and options of each language) has room for, so the English and the
    Russian image of one article show the same figures (the landscape one drew 3 rows in
    English and 4 in Russian)."""
    return min(detainee_fit(counts, options, size) for counts, options in frames)


def detainee_figure(
    counts: pd.DataFrame, options: ChartOptions, size: str | None = None, most: int | None = None
) -> tuple[go.Figure, int, int, float]:
    """Return the detainee chart for a preset, with only as many rows as fit it.

    The headline rows come first (the compared official total and the independent lists) and
    are always drawn, in every language: the first of `DETAINEE_LAYOUTS` they fit is used. A
    shortened chart's subtitle says how many of how many statements it shows. ``most`` caps
    the rows (the fewest any language has room for: the same rows in every language's image).

    Returns
    -------
    tuple of (Figure, int, int, float)
        The figure, the rows drawn, the rows there are and the scale to export it at.
    """
    options = replace(options, responsive=False, dark=False)
    rows = detainee_rows(counts)
    if size is None or not rows:
        return build_detainee_chart(counts, options), len(rows), len(rows), CHART_SCALE
    fig, laid, scale, fit = _fitted(counts, options, size)
    if most is not None:
        fit = max(min(fit, most), headline_rows(counts))
    if fit >= len(rows):
        return fig, len(rows), len(rows), scale
    kept = {i for statement in rows[:fit] for i in statement.ids}
    note = t("publish.counts.headline", options.lang, n=fit, total=len(rows))
    shorter = replace(laid, subtitle=join_parts([options.subtitle, note]))
    return (
        build_detainee_chart(counts[counts["id"].isin(kept)], shorter),
        fit,
        len(rows),
        scale,
    )


def detainee_image(
    counts: pd.DataFrame, options: ChartOptions, size: str, fmt: str, most: int | None = None
) -> bytes:
    """Return the detainee chart as a PNG or SVG of a preset (`detainee_figure`, at its scale)."""
    fig, _, _, scale = detainee_figure(counts, options, size, most)
    return export_figure(fig, size, fmt, scale)


LEGEND_BAND = 50
"""Layout pixels a counts chart keeps between its subtitle and its plot for the key above it."""


def toll_image(fig: go.Figure, size: str, fmt: str) -> bytes:
    """Return a deaths or injuries chart as a PNG or SVG of a preset.

    A landscape image puts the key beside the plot, not above it: above, the Russian names took
    a line each and left the plot 160 px of the image's 900.
    """
    if size == "16x9":
        fig = go.Figure(fig)
        fig.update_layout(
            legend={
                "orientation": "v",
                "xref": "paper",
                "x": 1.02,
                "xanchor": "left",
                "yref": "paper",
                "y": 1,
                "yanchor": "top",
            },
            margin_t=max(0, (fig.layout.margin.t or 0) - LEGEND_BAND),
        )
        _who_beside(fig)
    return export_figure(fig, size, fmt, TOLL_SCALE.get(size, CHART_SCALE))


TOLL_SCALE = {"1x1": 1.35}
"""A square toll image is laid out larger than `CHART_SCALE` (its text 11.4 px at an article's
700 px, not 13.5): the key above it, and the note naming who gave each figure below it, left
its plot 95 px of the 540 and the official line running through the label under it."""


def _who_beside(fig: go.Figure) -> None:
    """Set the list of who gave the figures not from officials under the key beside the plot,
    where the landscape image has room, and leave the note under the plot its own sentence:
    under it, the list took the plot's height (199 px of the 562 in Russian)."""
    meta = fig.layout.meta
    if not isinstance(meta, dict) or not meta.get("who"):
        return
    names = [trace.name for trace in fig.data if trace.name and trace.showlegend is not False]
    column = max((text_px(html.unescape(name), 13) for name in names), default=200) + 30
    for note in fig.layout.annotations:
        if note.name == "note":
            note.text = html_escape(meta["note"])
    fig.add_annotation(
        text=_wrap(html_escape(meta["who"]), chars_for(column, SMALL_PX)),
        xref="paper",
        x=1.02,
        xanchor="left",
        yref="paper",
        y=0,
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": SMALL_PX, "color": fig.layout.font.color},
        name="who",
    )


def timeline_drawn(
    events: pd.DataFrame, window: tuple[datetime, datetime] | None
) -> tuple[pd.DataFrame, tuple[date, date] | None, tuple[bool, bool]]:
    """Return the times (``t0``, ``t1``, precision) of the events inside the span the timeline
    opens on, the days of that span, and whether each end is known only as its month."""
    span = initial_range(events, window)
    if span is None:
        return events.iloc[0:0], None, (False, False)
    low, high = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    # three columns, not every text column (which would cost seconds)
    times = events[["t0", "t1", "time_precision"]]
    inside = times[(times["t0"] < high) & (times["t1"] > low)]
    drawn = drawn_days(inside)
    if drawn is None:
        return inside, None, (False, False)
    first = max(drawn[0], low.date())
    last = min(drawn[1], (high - pd.Timedelta(microseconds=1)).date())
    months = month_only_ends(inside, *drawn)  # an end the window cuts is a day, not a month
    return inside, (first, last), (months[0] and first == drawn[0], months[1] and last == drawn[1])


def timeline_credit(
    events: pd.DataFrame,
    window: tuple[datetime, datetime] | None,
    period_events: pd.DataFrame,
    sources: pd.DataFrame,
    info: Any,
    lang: str = "en",
) -> str:
    """Return the timeline's credit: the publishers of what it draws (the events inside the span
    it opens on and the periods it shades or keys), then the dashboard's and the data's credit.

    Cropped to a few days, the image named every publisher the filters kept.
    """
    inside, _, _ = timeline_drawn(events, window)
    periods = {p.event_id for p in derive_periods(period_events, lang)}
    shaded = period_events[period_events["id"].isin(periods)]
    drawn = pd.concat(
        [events.loc[inside.index, ["id", "source_ids"]], shaded[["id", "source_ids"]]]
    )
    drawn = drawn.drop_duplicates("id")
    return f"{credit_line(drawn, sources, lang)} {credit(info, lang)}"


def timeline_subtitle(
    events: pd.DataFrame,
    total: int,
    window: tuple[datetime, datetime] | None,
    filters: str,
    lang: str = "en",
) -> str:
    """Return the timeline's subtitle: the days drawn, how many events, the filters in words."""
    inside, days, months = timeline_drawn(events, window)
    dates = (
        t("publish.drawn.events", lang, span=span_text(*days, lang=lang, months=months))
        if days
        else t("publish.drawn.none", lang)
    )
    count = t("publish.timeline.count", lang, n=len(inside), total=total)
    return join_parts([dates, count, filters])


TIMELINE_SCALE = {"16x9": 1.45, "4x5": 1.25, "1x1": 1.25}
"""The scale a timeline image is exported at, below `CHART_SCALE` (its lanes need the height):
the landscape's text 7.6 px high at an article's 700 px, the others' more."""


def timeline_figure(
    events: pd.DataFrame, options: TimelineOptions, size: str | None = None
) -> tuple[go.Figure, float]:
    """Return the timeline for a preset and the scale to export it at.

    A landscape image has no room for the dated reports within the shaded periods: it shades
    the periods alone and its subtitle says so. An image is always light and laid out for its
    own size, whatever the screen's theme and layout options say.
    """
    options = replace(options, responsive=False, dark=False, image_layout=True)
    if size is None or size not in TIMELINE_SCALE:
        return build_timeline(events, options), CHART_SCALE
    # the key and credit hang from the plot's left edge, right of the lanes' names
    names = max(text_px(name, 13) for name in lane_labels(options.lane, options.lang).values())
    room = preset_size(size)[0] / TIMELINE_SCALE[size] - names - 16 - 40 - 12
    options = replace(options, footer_px=room)
    if size != "16x9":
        return build_timeline(events, options), TIMELINE_SCALE[size]
    note = t("publish.timeline.periods_only", options.lang)
    shorter = replace(options, milestones=False, subtitle=join_parts([options.subtitle, note]))
    return build_timeline(events, shorter), TIMELINE_SCALE[size]
