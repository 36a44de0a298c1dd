"""Figures and tables of stated counts: detainees, deaths and injuries, smaller figures."""

from __future__ import annotations

import html
import itertools
import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib.additions import (
    added_to,
    combine_qualifiers,
    complete_total,
    is_inferred,
    running_totals,
    stated_on_basis,
)
from lib.export import frame_to_csv
from lib.figure_style import (
    FONT_FAMILY,
    HOVER_CHARS,
    MODEBAR_PX,
    NARROW_PX,
    SMALL_PX,
    Palette,
    chars_for,
    measured_px,
    palette,
    plotly_locale,
    text_px,
)
from lib.format import (
    count_value,
    figure_text,
    figure_with_metric,
    format_number,
    format_ratio,
    format_stated,
    hover_lines,
    html_escape,
    locator_text,
    md_escape,
    plotly_lines,
    wrap_width,
    wrappable,
)
from lib.i18n import t, tn
from lib.localize import publishers
from lib.schema import Metric, parse_stated_date

DETAINEE_METRICS: tuple[str, ...] = ("detained", "facing_charges", "arrested")
"""Metrics drawn on the detainee chart, in the order rows of one date are listed."""
DEATH_METRICS: tuple[str, ...] = ("deaths", "bodies_counted")
"""Metrics drawn on the deaths chart (independent morgue counts are ``bodies_counted``)."""
INJURY_METRICS: tuple[str, ...] = ("injured",)
"""Metrics drawn on the injuries chart."""
CONTEXT_METRICS: tuple[str, ...] = ("held_together",)
"""Metrics shown as smaller figures with their context note."""
OTHER_METRICS: tuple[str, ...] = tuple(
    m.value
    for m in Metric
    if m.value not in (*DETAINEE_METRICS, *DEATH_METRICS, *INJURY_METRICS, *CONTEXT_METRICS)
)
"""Every other metric: listed in a table of its own, so no stated figure is left out."""

LOWER_BOUNDS = frozenset({"at_least", "more_than"})
"""Qualifiers that make a figure a lower bound: the true figure is higher."""

COLORS: dict[str, str] = {
    "official": "#0072B2",
    "independent": "#E69F00",
    "foreign_official": "#009E73",
    "unclear": "#8C8C8C",
}
"""Okabe–Ito blue for official figures, orange for independent ones, bluish green for foreign
governments and international bodies; grey where the source does not say whose figure it is."""
CLAIM_ORDER: tuple[str, ...] = ("official", "independent", "foreign_official", "unclear")
"""Order in which claim types are listed and drawn."""
_SYMBOLS = {
    "official": "circle",
    "independent": "diamond",
    "foreign_official": "square",
    "unclear": "x",
}
LABEL_COLORS: dict[str, str] = {
    "official": "#0072B2",
    "independent": "#9A5B00",
    "foreign_official": "#007A59",
    "unclear": "#666666",
}
"""Text in those colours on white, each at least 5:1 (WCAG AA): the orange, green and grey
darkened (the fills themselves are 2.3:1 to 3.4:1, too faint for text); blue is 5.2:1."""
INSIDE_TEXT: dict[str, str] = {
    "official": "#FFFFFF",
    "independent": "#000000",
    "foreign_official": "#000000",
    "unclear": "#000000",
}
"""Text inside a bar: white on blue (5.2:1), black on orange, green and grey (6:1 or more)."""
_INK = "#333333"
_MUTED = "#666666"
_FADE = (0.55, 0.35, 0.18)
"""Opacity of the three hatched chunks that draw the open end of a lower bound."""
OPEN_END_SHARE = 0.14
"""Length of the open end of a lower bound, as a share of the largest bar drawn."""

TABLE_COLUMNS: tuple[str, ...] = (
    "figure",
    "metric",
    "claim",
    "claimant",
    "stated_on",
    "period",
    "place",
    "source",
    "source_url",
    "locator",
    "note",
    "id",
)
"""Columns of the table under each chart (headers are translated with ``counts.col.<name>``)."""

_FILE_ADDS = {
    "figure": ("value", "qualifier"),
    "stated_on": ("stated_on_basis",),
    "note": ("adds_to",),
}
FILE_COLUMNS: tuple[str, ...] = tuple(
    name for column in TABLE_COLUMNS for name in (column, *_FILE_ADDS.get(column, ()))
)
"""Columns of the table's CSV: a spreadsheet also gets the figure as a number with its qualifier,
the date stated as a date with how it is known, and the count it adds to (counts.csv's codes)."""


@dataclass(frozen=True)
class ChartOptions:
    """How to draw a counts figure.

    Parameters
    ----------
    lang : str
        Interface language.
    subtitle : str
        Plain text naming the filters in force; escaped before drawing.
    sources : pandas.DataFrame or None
        The sources table (``id``, ``publisher``, ...) used for hover text and the credit line.
    width : int or None
        Fixed width in pixels, or None to fill the container.
    credit : str
        Plain text added after the source credit (the dataset, its version and licence).
    responsive : bool
        Lay out for a screen of any width, a 390 px phone included (the page's figures): text
        wrapped to `lib.figure_style.NARROW_PX`, detainee rows stacked (each row's words above
        its bar), margins computed from the text, the top band left to the toolbar.
    dark : bool
        Draw with the dark palette (`lib.figure_style.DARK`), for Streamlit's dark theme.
    wide_labels : bool
        In an image: a detainee row's label on longer lines (fewer of them, a narrower plot).
    """

    lang: str = "en"
    subtitle: str = ""
    sources: pd.DataFrame | None = None
    width: int | None = None
    credit: str = ""
    responsive: bool = False
    dark: bool = False
    wide_labels: bool = False

    @property
    def colours(self) -> Palette:
        """The palette of the theme drawn in."""
        return palette(self.dark)


@dataclass(frozen=True)
class Statement:
    """The figures one claimant stated on one date for one metric, as one source reports them.

    A source that reports "70 detained, then another 60" gives one statement of two parts; the
    parts are drawn end to end and their total is stated with a combined qualifier.
    """

    claim_type: str
    claimant: str
    stated_on: str
    metric: str
    source_id: str
    parts: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        """The sum of the parts' values."""
        return sum(int(p["value"]) for p in self.parts)

    @property
    def qualifier(self) -> str:
        """The qualifier of the total (see `combine_qualifiers`)."""
        return combine_qualifiers(p["qualifier"] for p in self.parts)

    @property
    def inferred(self) -> bool:
        """Whether the date stated of every part was set by the curator (not given by a source)."""
        return all(is_inferred(p) for p in self.parts)

    @property
    def ids(self) -> tuple[str, ...]:
        """The count ids of the parts."""
        return tuple(str(p["id"]) for p in self.parts)


@dataclass(frozen=True)
class Ratio:
    """How many times an independent figure is the official one, worded honestly."""

    independent: Mapping[str, Any]
    official: Statement
    value: float
    lower_bound: bool

    @property
    def floor(self) -> int:
        """The whole number of times the independent figure is at least the official one."""
        return math.floor(self.value)

    def text(self, lang: str = "en") -> str:
        """Return the plain-text sentence for the figure annotation and the page."""
        independent = self.independent
        values = {
            "independent": count_value(independent, lang),
            "independent_claimant": independent["claimant"],
            "independent_date": stated_label(str(independent["stated_on"]), lang),
            "official": _total_value(self.official, lang),
            "official_claimant": self.official.claimant,
            "official_date": stated_label(self.official.stated_on, lang),
            "times": self.floor,
            "ratio": format_ratio(self.value, lang),
            "num": format_number(int(independent["value"]), lang),
            "den": format_number(self.official.total, lang),
        }
        if self.lower_bound and self.floor >= 1:  # "5 times", "в 2 раза", "в 5 раз"
            return tn("counts.ratio.at_least", self.floor, lang, **values)
        return t("counts.ratio.about", lang, **values)


def stated_label(value: str, lang: str = "en") -> str:
    """Return a short date stated: ``18 Dec 2011``, ``Dec 2011`` or ``2013``.

    Parameters
    ----------
    value : str
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    lang : str
        Interface language of the month names.

    Returns
    -------
    str
        The date at the precision it was given.
    """
    return format_stated(value, lang)


def _claim_rank(claim_type: str) -> int:
    return CLAIM_ORDER.index(claim_type) if claim_type in CLAIM_ORDER else len(CLAIM_ORDER)


def select_counts(counts: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """Return the counts of ``metrics``, ordered by date stated, claim type, metric and id.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns.
    metrics : sequence of str
        Metrics to keep.

    Returns
    -------
    pandas.DataFrame
        A copy with a fresh index.
    """
    chosen = counts[counts["metric"].isin(metrics)].copy()
    chosen["_when"] = [parse_stated_date(str(v)) for v in chosen["stated_on"]]
    chosen["_metric_order"] = [list(metrics).index(m) for m in chosen["metric"]]
    chosen["_claim_order"] = [_claim_rank(c) for c in chosen["claim_type"]]
    # a date set by the curator sorts after the dates sources give for the same day
    chosen["_basis_order"] = [1 if is_inferred(r) else 0 for r in chosen.to_dict("records")]
    chosen = chosen.sort_values(
        ["_when", "_basis_order", "_claim_order", "_metric_order", "id"], kind="stable"
    ).drop(columns=["_when", "_basis_order", "_metric_order", "_claim_order"])
    chosen = chosen.reset_index(drop=True)
    chosen["in_all"] = running_totals(chosen)
    return chosen


def statements(counts: pd.DataFrame, metrics: Sequence[str] = DETAINEE_METRICS) -> list[Statement]:
    """Group counts into statements: one claimant, date stated, metric and source each.

    Official statements come first, then independent ones, each in order of date stated. Parts
    within a statement keep the order of their period start, then id.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns.
    metrics : sequence of str
        Metrics to draw.

    Returns
    -------
    list of Statement
    """
    chosen = select_counts(counts, metrics)
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in chosen.to_dict("records"):
        key = (
            row["claim_type"],
            row["claimant"],
            str(row["stated_on"]),
            row["metric"],
            row["source_id"],
        )
        groups.setdefault(key, []).append(row)
    result = []
    for (claim_type, claimant, stated_on, metric, source_id), rows in groups.items():
        rows.sort(key=lambda r: (str(r.get("period_start") or "9999"), str(r["id"])))
        result.append(Statement(claim_type, claimant, stated_on, metric, source_id, tuple(rows)))
    result.sort(key=lambda s: min(_claim_rank(s.claim_type), 1))
    return result


def detainee_ratio(counts: pd.DataFrame) -> Ratio | None:
    """Compare the largest independent detainee figure with the largest official total.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns (already filtered as shown).

    Returns
    -------
    Ratio or None
        None when either side is missing or the official total is 0.
    """
    detained = counts[counts["metric"] == "detained"]
    independent = detained[detained["claim_type"] == "independent"]
    official = [s for s in statements(detained, ("detained",)) if s.claim_type == "official"]
    if independent.empty or not official:
        return None
    best = independent.sort_values(["value", "id"], ascending=[False, True]).iloc[0].to_dict()
    # The largest official total; on a tie, an exact one, then the latest stated.
    total = max(official, key=lambda s: (s.total, s.qualifier == "exact", s.stated_on))
    if total.total == 0:
        return None
    # "At least N times" holds only when the independent figure is a lower bound and the
    # official total is exact (not itself a lower bound or an approximation).
    lower = best["qualifier"] in LOWER_BOUNDS and total.qualifier == "exact"
    return Ratio(best, total, int(best["value"]) / total.total, lower)


def _total_value(statement: Statement, lang: str) -> str:
    return count_value({"qualifier": statement.qualifier, "value": statement.total}, lang)


def _source_name(sources: pd.DataFrame | None, source_id: str, lang: str = "en") -> str:
    if sources is None or sources.empty:
        return str(source_id)
    match = sources[sources["id"] == source_id]
    if match.empty:
        return str(source_id)
    row = match.iloc[0]
    date = f", {row['date']}" if row.get("date") else ""
    return f"{publishers(match, lang).iloc[0]}{date}"


def _credit(publishers: Iterable[str], lang: str, extra: str = "") -> str:
    names = list(dict.fromkeys(publishers))
    if len(names) > 8:
        names = [*names[:8], t("counts.credit.more", lang, n=len(names) - 8)]
    text = t("credit.source", lang, sources="; ".join(names) or "—")
    return plotly_lines(f"{text} {extra}".strip(), wrap_width(100, lang))


def _publisher(sources: pd.DataFrame | None, source_id: str, lang: str = "en") -> str:
    if sources is None or sources.empty:
        return str(source_id)
    match = sources[sources["id"] == source_id]
    return str(publishers(match, lang).iloc[0]) if not match.empty else str(source_id)


_WEB_ADDRESS = re.compile(r"https?://[^\s<>]+\Z")


def name_sources(
    text: str, sources: pd.DataFrame | None, lang: str = "en", link: bool = False
) -> str:
    """Return a count's note with each source id in it ("Also cited: abai-kz-11981") as its
    publisher's name in ``lang``, which a reader can look up in the sources list.

    With ``link``, the note as Markdown: the text escaped and each name a link to its source.
    """
    text = str(text)
    if sources is None or sources.empty or not text:
        return md_escape(text) if link else text
    ids = sorted(map(str, sources["id"]), key=len, reverse=True)
    found = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    names = dict(zip(sources["id"].astype(str), publishers(sources, lang), strict=True))
    urls = dict(zip(sources["id"].astype(str), sources["url"].fillna("").astype(str), strict=True))
    parts = found.split(text)  # text, id, text, id, …, text
    out = []
    for number, part in enumerate(parts):
        if number % 2 == 0:
            out.append(md_escape(part) if link else part)
        elif link and _WEB_ADDRESS.match(urls[part]):
            out.append(f"[{md_escape(names[part])}](<{urls[part]}>)")
        else:
            out.append(md_escape(names[part]) if link else names[part])
    return "".join(out)


def _stated_span(stated: Iterable[str], lang: str) -> str:
    values = sorted(set(stated), key=lambda v: (parse_stated_date(v), len(v)))
    if not values:
        return ""
    first, last = stated_label(values[0], lang), stated_label(values[-1], lang)
    if first == last:  # read "between 17 Dec 2011 and 17 Dec 2011"
        return t("counts.stated_on", lang, date=first)
    return t("counts.stated_between", lang, first=first, last=last)


def _rewrap(markup: str, width: int) -> str:
    """Re-break an escaped plotly label (``<br>`` between lines) at ``width`` characters."""
    lines = textwrap.wrap(wrappable(markup.replace("<br>", " ")), max(12, width))
    return "<br>".join(lines)


def _legend_names(fig: go.Figure, width: int) -> int:
    """Wrap the names the legend shows to ``width`` characters; return how many lines they take."""
    lines = 0
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        trace.name = _rewrap(trace.name, width)
        lines += trace.name.count("<br>") + 1
    return lines


def _frame(
    fig: go.Figure,
    *,
    title: str,
    options: ChartOptions,
    stated: Iterable[str],
    publishers: Iterable[str],
    note: str = "",
    height: int,
    below: int = 72,
    left: int = 10,
) -> go.Figure:
    """Put title, subtitle, the span of dates stated, a note and the credit inside ``fig``.

    With ``options.responsive``, ``height`` is the plot's own height and ``left`` its left
    margin: every block above and below it is wrapped for a phone and placed in pixels.
    """
    lang = options.lang
    # a click selects a figure; the others stay as they were, so a screenshot still reads fully
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "bar"})
    fig.update_traces(unselected={"marker": {"opacity": 1}}, selector={"type": "scatter"})
    if options.responsive:
        return _fluid_frame(
            fig,
            title=title,
            options=options,
            stated=stated,
            publishers=publishers,
            note=note,
            height=height,
            below=below,
            left=left,
        )
    lines = [html_escape(options.subtitle)] if options.subtitle else []
    span = _stated_span(stated, lang)
    if span:
        lines.append(html_escape(span))
    subtitle = "<br>".join(lines)
    credit = _credit(publishers, lang, options.credit)
    n_note = (note.count("<br>") + 1 if note else 0) + credit.count("<br>")
    top = 62 + 18 * len(lines)
    fig.update_layout(
        title={
            "text": f"<b>{html_escape(title)}</b>",
            "subtitle": {"text": subtitle, "font": {"size": 13, "color": _MUTED}},
            # `EDGE_PX` in from the edge at any width (1 % of a square image's was 6.75 px)
            "x": 0,
            "pad": {"l": EDGE_PX + 2},
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
            "font": {"size": 19, "color": _INK},
        },
        margin={"t": top + 58, "b": below + 23 + 18 * n_note + 18, "l": left, "r": 40},
        height=height + 18 * n_note + 40,
        font={"family": FONT_FAMILY, "size": 13, "color": _INK},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        showlegend=any(tr.showlegend is not False and tr.name for tr in fig.data),
        # The legend sits in its own band under the subtitle (two lines at most on a narrow page).
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0.005,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - (top + 4) / (height + 18 * n_note + 40),
            "yanchor": "top",
        },
        hoverlabel={"align": "left"},
    )
    if options.width:
        fig.update_layout(width=options.width)
    # hung from the image's edge where the plot's left edge is known: from the plot's, the
    # Russian detainee note and credit took four lines where two would do
    shift = left - EDGE_PX if fig.layout.yaxis.automargin is False else 0
    _footnotes(fig, note, credit, below, 18, _INK, _MUTED, shift=shift)
    return fig


def _footnotes(
    fig: go.Figure,
    note: str,
    credit: str,
    below: int,
    note_px: int,
    ink: str,
    muted: str,
    shift: int = 0,
) -> None:
    n_note = note.count("<br>") + 1 if note else 0
    if note:
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xshift=-shift,
            yshift=-below,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 13, "color": ink},
            name="note",
        )
    fig.add_annotation(
        text=credit,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=-shift,
        yshift=-(below + 4 + note_px * n_note),
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": SMALL_PX, "color": muted},
        name="credit",
    )


def _fluid_frame(
    fig: go.Figure,
    *,
    title: str,
    options: ChartOptions,
    stated: Iterable[str],
    publishers: Iterable[str],
    note: str,
    height: int,
    below: int,
    left: int,
) -> go.Figure:
    """`_frame` for a screen of any width: blocks wrapped to `NARROW_PX`, placed in pixels."""
    lang = options.lang
    colours = options.colours
    heading = plotly_lines(title, chars_for(NARROW_PX, 17, bold=True), 3)
    parts = [options.subtitle, _stated_span(stated, lang)]
    subtitle = "<br>".join(plotly_lines(part, chars_for(NARROW_PX, 13)) for part in parts if part)
    title_lines = heading.count("<br>") + 1
    sub_lines = subtitle.count("<br>") + 1 if subtitle else 0
    legend_top = MODEBAR_PX + 23 * title_lines + 17 * sub_lines + 22
    legend_lines = _legend_names(fig, chars_for(NARROW_PX - 50, 12))
    entries = sum(1 for tr in fig.data if tr.showlegend is not False and tr.name)
    legend_px = 16 * legend_lines + 6 * entries if entries else 0
    named = any(a.name == "axis" for a in fig.layout.annotations)
    top = legend_top + legend_px + 14 + (26 if named else 0)
    note = _rewrap(note, wrap_width(chars_for(NARROW_PX, 13), lang)) if note else ""
    credit = _rewrap(
        _credit(publishers, lang, options.credit), wrap_width(chars_for(NARROW_PX, SMALL_PX), lang)
    )
    n_note = note.count("<br>") + 1 if note else 0
    bottom = below + 8 + 17 * n_note + 16 * (credit.count("<br>") + 1) + 12
    total = top + height + bottom
    fig.update_layout(
        title={
            "text": f"<b>{heading}</b>",
            "subtitle": {"text": subtitle, "font": {"size": 13, "color": colours.muted}},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            # plotly places the first line's baseline at the pad: its top is a line higher
            "pad": {"t": MODEBAR_PX + 15, "l": 10},
            "font": {"size": 17, "color": colours.ink},
        },
        margin={"t": top, "b": bottom, "l": left, "r": 16, "autoexpand": False},
        height=total,
        font={"family": FONT_FAMILY, "size": 13, "color": colours.ink},
        paper_bgcolor=colours.paper,
        plot_bgcolor=colours.plot,
        # one entry too: filtered to official figures only, nothing said what blue meant
        showlegend=entries > 0,
        legend={
            "orientation": "v",
            "xref": "container",
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - legend_top / total,
            "yanchor": "top",
            "font": {"size": 12, "color": colours.ink},
            "tracegroupgap": 4,
        },
        hoverlabel={"align": "left", "bgcolor": colours.hover_bg, "font": {"color": colours.ink}},
    )
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        axis.tickfont.color = colours.ink
        axis.title.font.color = colours.ink
    _footnotes(fig, note, credit, below, 17, colours.ink, colours.muted, shift=left - 10)
    return fig


def _hover(row: Mapping[str, Any], options: ChartOptions) -> str:
    lang = options.lang
    width = wrap_width(HOVER_CHARS, lang)  # 60 characters in every language ran off a phone
    date = stated_label(str(row["stated_on"]), lang)
    basis = stated_on_basis(row)
    lines = [
        f"<b>{hover_lines(figure_with_metric(figure_text(row, lang), row['metric'], lang), width)}</b>",
        f"{row['claimant']} ({t('claim_type.' + row['claim_type'], lang)})",
        _stated_text(basis, date, lang),
    ]
    if row.get("period_start"):
        period = stated_label(str(row["period_start"]), lang)  # "16 Dec 2011", not ISO
        if row.get("period_end") and row["period_end"] != row["period_start"]:
            period += f" – {stated_label(str(row['period_end']), lang)}"
        lines.append(t("counts.hover.period", lang, period=period))
    if row.get("place"):
        lines.append(t("counts.hover.place", lang, place=row["place"]))
    if row.get("note"):
        lines.append(name_sources(row["note"], options.sources, lang))
    source = _source_name(options.sources, str(row["source_id"]), options.lang)
    lines.append(
        t("counts.hover.source", lang, source=source, locator=locator_text(row["locator"], lang))
    )
    wrapped = [lines[0], *(hover_lines(line, width) for line in lines[1:])]
    if row["qualifier"] in LOWER_BOUNDS:
        wrapped.append(f"<i>{hover_lines(t('counts.hover.lower_bound', lang), width)}</i>")
    wrapped.append(hover_lines(t("counts.hover.click", lang), width))
    return "<br>".join(wrapped)


def _stated_text(basis: str, date: str, lang: str) -> str:
    """Return when a figure was stated, saying so when the date is inferred or a publication's."""
    if basis == "inferred":
        return t("counts.hover.stated_inferred", lang, date=date)
    if basis == "published":
        return t("counts.hover.stated_published", lang, date=date)
    return t("counts.hover.stated", lang, date=date)


def _comparison_first(groups: list[Statement], ratio: Ratio | None) -> list[Statement]:
    """Order rows: the official total compared, the independent figures, then other official ones."""
    if ratio is None:
        return groups
    first = [s for s in groups if s.ids == ratio.official.ids]
    independent = [s for s in groups if s.claim_type == "independent"]
    rest = [s for s in groups if s not in first and s.claim_type != "independent"]
    return first + independent + rest


def _town(statement: Statement) -> str:
    """Return the place the parts share, shortened to before any bracket ("Shetpe"), or ""."""
    towns = {str(p.get("place") or "").split(" (")[0].strip() for p in statement.parts}
    return towns.pop() if len(towns) == 1 else ""


def detainee_rows(counts: pd.DataFrame) -> list[Statement]:
    """Return the detainee chart's rows in the order drawn (the compared figures first)."""
    return _comparison_first(statements(counts, DETAINEE_METRICS), detainee_ratio(counts))


def headline_rows(counts: pd.DataFrame) -> int:
    """Return how many of `detainee_rows` are the headline: the official total compared and the
    independent figures (0 when there is no comparison)."""
    if detainee_ratio(counts) is None:
        return 0
    rows = detainee_rows(counts)
    return 1 + sum(1 for s in rows if s.claim_type == "independent")


_ROW_WRAP = {False: (44, 52), True: (56, 64)}
"""Characters a line of a row's label (claimant, then what, when and where), by `wide_labels`."""


def build_detainee_chart(counts: pd.DataFrame, options: ChartOptions | None = None) -> go.Figure:
    """Draw official and independent detainee figures as horizontal bars, one per statement.

    The parts of a statement ("70, then another 60") are drawn end to end. A lower bound ("more
    than 700") is drawn as a solid bar to its value, a fading hatched extension and an arrow
    head, labelled "more than 700", never as exactly 700. Each row names its claimant, what is
    counted and the date stated; an annotation compares the independent lists with the official
    total (see `detainee_ratio`). Bars carry the count id in ``customdata``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns, already filtered.
    options : ChartOptions, optional
        Language, subtitle and sources.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    options = options or ChartOptions()
    lang = options.lang
    groups = statements(counts, DETAINEE_METRICS)
    fig = go.Figure()
    if not groups:
        return _empty(fig, t("counts.detainees.title", lang), options)

    ratio = detainee_ratio(counts)
    groups = _comparison_first(groups, ratio)
    longest = max(s.total for s in groups)
    extension = max(1.0, longest * OPEN_END_SHARE)
    pieces: dict[str, dict[str, list[Any]]] = {}
    ends: list[tuple[str, float, str, str]] = []
    arrows: dict[str, list[Any]] = {"x": [], "y": [], "color": [], "customdata": []}
    solids: list[tuple[float, bool, str]] = []
    ticktext: list[str] = []
    tickvals: list[str] = []
    colours = options.colours
    compared = 1 + sum(1 for g in groups if g.claim_type == "independent") if ratio else 0
    divided = bool(ratio) and compared < len(groups)
    rows_y = _stacked_rows(len(groups), compared if divided else None)
    for number, statement in enumerate(groups):
        row_key: Any = rows_y[number] if options.responsive else f"r{number}"
        tickvals.append(row_key)
        metric = t(f"metric.{statement.metric}", lang)
        date = stated_label(statement.stated_on, lang)
        town = _town(statement)
        if statement.inferred:
            row_text = t("counts.row_inferred", lang, metric=metric, date=date)
        else:
            row_text = t("counts.row", lang, metric=metric, date=date)
        if town:
            row_text = t("counts.row_place", lang, row=row_text, place=town)
        names, rows_text = _ROW_WRAP[options.wide_labels and not options.responsive]
        ticktext.append(
            f"<b>{plotly_lines(statement.claimant, names)}</b><br>"
            f"{plotly_lines(row_text, rows_text)}"
        )
        base = 0.0
        for part in statement.parts:
            trace = pieces.setdefault(
                statement.claim_type,
                {"x": [], "y": [], "base": [], "customdata": [], "hovertext": [], "text": []},
            )
            trace["x"].append(int(part["value"]))
            trace["y"].append(row_key)
            trace["base"].append(base)
            trace["customdata"].append(str(part["id"]))
            trace["hovertext"].append(_hover(part, options))
            # Only whole exact parts wide enough to hold their number are labelled inside;
            # the label at the end of the bar always spells out every part.
            wide = int(part["value"]) >= longest * 0.06 and part["qualifier"] == "exact"
            trace["text"].append(
                html_escape(count_value(part, lang)) if len(statement.parts) > 1 and wide else ""
            )
            base += int(part["value"])
        qualifier = statement.qualifier
        color = COLORS[statement.claim_type]
        label_color = colours.labels[statement.claim_type]
        if len(statement.parts) > 1:
            parts = " + ".join(count_value(p, lang) for p in statement.parts)
            label = t("counts.in_all", lang, value=_total_value(statement, lang), parts=parts)
        else:
            # one figure that adds to a figure stated apart reads "60 more (130 in all)"
            label = figure_text(statement.parts[0], lang)
        if qualifier in LOWER_BOUNDS:
            step = extension / len(_FADE)
            for k, opacity in enumerate(_FADE):
                ext = pieces.setdefault(
                    f"open-{k}",
                    {"x": [], "y": [], "base": [], "customdata": [], "hovertext": [], "color": []},
                )
                ext["x"].append(step)
                ext["y"].append(row_key)
                ext["base"].append(base + k * step)
                ext["customdata"].append(statement.ids[-1])
                ext["hovertext"].append(
                    plotly_lines(
                        t("counts.hover.open_end", lang, value=_total_value(statement, lang)),
                        wrap_width(HOVER_CHARS, lang),
                    )
                )
                ext["color"].append(color)
                ext.setdefault("opacity", opacity)
            arrows["x"].append(base + extension)
            arrows["y"].append(row_key)
            arrows["color"].append(color)
            arrows["customdata"].append(statement.ids[-1])
            end = base + extension
        else:
            end = base
        # a total with its parts reads on two lines, so it fits beside the bar on narrow pages
        ends.append((row_key, end, html_escape(label).replace(" (", "<br>(", 1), label_color))
        solids.append((base, len(statement.parts) == 1, statement.claim_type))

    for claim_type in CLAIM_ORDER:
        trace = pieces.get(claim_type)
        if not trace:
            continue
        fig.add_bar(
            x=trace["x"],
            y=trace["y"],
            base=trace["base"],
            orientation="h",
            name=html_escape(t(f"counts.legend.{claim_type}", lang)),
            marker={"color": COLORS[claim_type], "line": {"color": colours.paper, "width": 2}},
            customdata=trace["customdata"],
            hovertext=trace["hovertext"],
            hovertemplate="%{hovertext}<extra></extra>",
            text=trace["text"],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": INSIDE_TEXT[claim_type]},
            width=BAR_UNITS if options.responsive else 0.62,
        )
    for k, _opacity in enumerate(_FADE):
        ext = pieces.get(f"open-{k}")
        if not ext:
            continue
        fig.add_bar(
            x=ext["x"],
            y=ext["y"],
            base=ext["base"],
            orientation="h",
            name=html_escape(t("counts.legend.open_end", lang)),
            legendgroup="open",
            showlegend=k == 0,
            opacity=ext["opacity"],
            marker={
                "color": ext["color"],
                "line": {"width": 0},
                # overlay: the colour under the stripes, in the legend too, whatever the default
                # template (importing streamlit makes its own the default, with no colour there)
                "pattern": {
                    "shape": "/",
                    "fgcolor": "#FFFFFF",
                    "size": 7,
                    "solidity": 0.35,
                    "fillmode": "overlay",
                },
            },
            customdata=ext["customdata"],
            hovertext=ext["hovertext"],
            hovertemplate="%{hovertext}<extra></extra>",
            width=BAR_UNITS if options.responsive else 0.62,
        )
    if arrows["x"]:
        fig.add_scatter(
            x=arrows["x"],
            y=arrows["y"],
            mode="markers",
            marker={"symbol": "triangle-right", "size": 16, "color": arrows["color"]},
            customdata=arrows["customdata"],
            hoverinfo="skip",
            showlegend=False,
            name="open-end-arrow",
        )
    if options.responsive:
        return _stacked_detainees(
            fig, groups, ticktext, ends, solids, longest + extension, rows_y, compared, divided,
            ratio, options,
        )  # fmt: skip
    # labels are annotations, not a text trace: a click selects a bar and plotly fades every
    # unselected trace point, which would leave the figures' labels unreadable in a screenshot
    for row, end, label, color in ends:
        fig.add_annotation(
            x=end + longest * 0.035,
            y=row,
            text=f"<b>{label}</b>",
            xanchor="left",
            showarrow=False,
            align="left",
            font={"size": 14, "color": color},
            name="label",
        )
    if ratio:
        note = plotly_lines(ratio.text(lang), wrap_width(82, lang))
    else:  # an image titled "…beside independent lists" with none says why (the page does too)
        note = (
            ""
            if options.responsive
            else plotly_lines(t("counts.ratio.none", lang), wrap_width(82, lang))
        )
    # a part's number too small to read in its bar is left out (the label at the bar's end
    # spells out every part): plotly shrank the Kazakh square image's "60" to 6.9 px at 700 px
    fig.update_layout(barmode="overlay", bargap=0.35, uniformtext={"minsize": 10, "mode": "hide"})
    if divided:
        fig.add_shape(
            type="line",
            xref="paper",
            x0=-0.02,
            x1=1,
            yref="y",
            y0=compared - 0.5,
            y1=compared - 0.5,
            line={"color": "#999999", "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            text=f"<i>{html_escape(t('counts.others', lang))}</i>",
            xref="paper",
            x=1,
            yref="y",
            y=compared - 0.5,
            xanchor="right",
            yanchor="top",
            showarrow=False,
            font={"size": 12, "color": _MUTED},
            name="others",
        )
    fig.update_yaxes(
        tickvals=tickvals,
        ticktext=ticktext,
        autorange="reversed",
        categoryorder="array",
        categoryarray=tickvals,
        ticklabelstandoff=8,
        # the rows' names from `EDGE_PX`, so the note and credit can hang from the image's edge
        automargin=False,
        showgrid=False,
        ticks="",
    )
    left = round(EDGE_PX + max(_label_width(text) for text in ticktext) + 8 + 4)
    fig.update_xaxes(
        title={"text": html_escape(t("counts.detainees.axis", lang))},
        range=[0, (longest + extension) * 1.5],
        showgrid=True,
        gridcolor="#E6E6E6",
        zeroline=True,
        zerolinecolor="#999999",
        fixedrange=True,
    )
    fig.update_yaxes(fixedrange=True)
    height = 170 + 74 * len(groups)
    return _frame(
        fig,
        title=t("counts.detainees.title", lang),
        options=options,
        stated=[s.stated_on for s in groups],
        publishers=[_publisher(options.sources, s.source_id, lang) for s in groups],
        note=note,
        height=max(height, 380),
        left=left,
    )


def _label_width(markup: str) -> float:
    """The widest line of a row's label (``<b>name</b><br>what``) in the images' font."""
    widest = 0.0
    for line in markup.split("<br>"):
        bold = "<b>" in line or "</b>" in line
        plain = html.unescape(re.sub(r"<[^>]+>", "", line))
        widest = max(widest, measured_px(plain, 13, bold=bold))
    return widest


ROW_UNIT_PX = 110
"""Height of one stacked detainee row on screen: its words (up to four lines), then its bar."""
BAR_UNITS = 0.26
"""Thickness of a stacked bar, in rows."""
DIVIDER_UNITS = 0.35
"""Extra room, in rows, for the line and words that set the other official figures apart."""
INSIDE_SHARE = 0.45
"""A one-figure bar at least this share of the axis carries its label inside; others beside."""
BESIDE_SHARE = 0.6
"""A bar labelled beside its end ends before this share of the axis (room for the label)."""


def _stacked_rows(n: int, divider: int | None) -> list[float]:
    """Return the y of each stacked row, top to bottom, with a gap before row ``divider``."""
    return [-(i + (DIVIDER_UNITS if divider is not None and i >= divider else 0)) for i in range(n)]


def _stacked_detainees(
    fig: go.Figure,
    groups: list[Statement],
    ticktext: list[str],
    ends: list[tuple[Any, float, str, str]],
    solids: list[tuple[float, bool, str]],
    longest: float,
    rows_y: list[float],
    compared: int,
    divided: bool,
    ratio: Ratio | None,
    options: ChartOptions,
) -> go.Figure:
    """Lay the detainee chart out in stacked rows: each row's words above its bar, full width.

    A figure's label goes inside its bar where the bar is long (it then has the room on any
    screen), else beside the bar's end, and the axis leaves that room.
    """
    lang = options.lang
    colours = options.colours
    first = longest * 1.06
    inside = [one and solid >= INSIDE_SHARE * first for solid, one, _ in solids]
    beside = [end for (_, end, _, _), inner in zip(ends, inside, strict=True) if not inner]
    top_x = max([first, *(end / BESIDE_SHARE for end in beside)])
    claimant_width = chars_for(NARROW_PX, 13, bold=True)
    row_width = chars_for(NARROW_PX, 13)
    label_px = 0
    for statement, y, tick in zip(groups, rows_y, ticktext, strict=True):
        row_text = tick.split("</b><br>", 1)[1].replace("<br>", " ")
        words = (
            f"<b>{plotly_lines(statement.claimant, claimant_width, 2)}</b><br>"
            f"{_rewrap(row_text, row_width)}"
        )
        label_px = max(label_px, 16 * (words.count("<br>") + 1))
        fig.add_annotation(
            text=words,
            xref="paper",
            x=0,
            yref="y",
            y=y + BAR_UNITS / 2,
            yshift=3,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font={"size": 13, "color": colours.ink},
            name="row",
        )
    for (row, end, label, colour), inner, (solid, _, claim) in zip(
        ends, inside, solids, strict=True
    ):
        fig.add_annotation(
            x=solid if inner else end + top_x * 0.02,
            y=row,
            xshift=-6 if inner else 0,
            text=f"<b>{label}</b>",
            xanchor="right" if inner else "left",
            showarrow=False,
            align="left",
            font={"size": 14, "color": INSIDE_TEXT[claim] if inner else colour},
            # inside, the label's box is the bar's own colour (and its contrast is the bar's)
            bgcolor=COLORS[claim] if inner else None,
            name="label",
        )
    if divided:
        line_y = rows_y[compared - 1] - BAR_UNITS / 2 - 0.07  # just under the last bar above
        fig.add_shape(
            type="line",
            xref="paper",
            x0=0,
            x1=1,
            yref="y",
            y0=line_y,
            y1=line_y,
            line={"color": colours.axis, "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            text=f"<i>{html_escape(t('counts.others', lang))}</i>",
            xref="paper",
            x=0,
            yref="y",
            y=line_y,
            yshift=-3,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": 12, "color": colours.muted},
            name="others",
        )
    high = BAR_UNITS / 2 + (label_px + 8) / ROW_UNIT_PX
    low = rows_y[-1] - BAR_UNITS / 2 - 0.12
    fig.update_layout(barmode="overlay", uniformtext={"minsize": 12, "mode": "hide"})
    fig.update_yaxes(visible=False, range=[low, high], fixedrange=True)
    fig.update_xaxes(
        title={"text": html_escape(t("counts.detainees.axis", lang))},
        range=[0, top_x],
        showgrid=True,
        gridcolor=colours.grid,
        zeroline=True,
        zerolinecolor=colours.axis,
        fixedrange=True,
        automargin=False,
    )
    note = html_escape(ratio.text(lang)) if ratio else ""
    return _frame(
        fig,
        title=t("counts.detainees.title", lang),
        options=options,
        stated=[s.stated_on for s in groups],
        publishers=[_publisher(options.sources, s.source_id, lang) for s in groups],
        note=note,
        height=int(round((high - low) * ROW_UNIT_PX)),
        below=58,
    )


def _empty(fig: go.Figure, title: str, options: ChartOptions) -> go.Figure:
    fig.add_annotation(
        text=html_escape(t("counts.empty", options.lang)),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 15, "color": options.colours.muted},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _frame(fig, title=title, options=options, stated=[], publishers=[], height=300)


def _toll(count: Mapping[str, Any]) -> int:
    """A figure's height on a toll chart: the whole total when it adds to others all given ("43
    more (64 in all)" stands at 64, as its label reads), else the figure."""
    return int((complete_total(count) or count)["value"])


def _tolls(rows: pd.DataFrame) -> list[int]:
    """Each row's figure, or the whole total when it adds to others all among ``rows``."""
    return [_toll(r) for r in rows[["value", "in_all"]].to_dict("records")]


_LEVEL_DATES = 6
"""Up to this many dates stated, a chart that follows the page's width writes each on two lines."""


def _year_below(label: str) -> str:
    """Return a date stated with its year on a line of its own (``18 Dec<br>2011``)."""
    head, _, year = label.rpartition(" ")
    return f"{head}<br>{year}" if head else label


def _toll_chart(
    counts: pd.DataFrame,
    metrics: Sequence[str],
    title_key: str,
    axis_key: str,
    options: ChartOptions,
) -> go.Figure:
    lang = options.lang
    rows = select_counts(counts, metrics)
    fig = go.Figure()
    if rows.empty:
        return _empty(fig, t(title_key, lang), options)
    order = sorted(set(rows["stated_on"].astype(str)), key=lambda v: (parse_stated_date(v), len(v)))
    labels = {v: stated_label(v, lang) for v in order}
    placed: list[_Label] = []
    line: list[tuple[str, int]] = []  # the step line's corners: (date's label, value)
    official = rows[rows["claim_type"] == "official"]
    if not official.empty:
        # The step line follows the highest official figure stated each date, a figure said to
        # come on top of another as the total they make ("35 more (99 in all)" lifts it to 99);
        # every official figure is also a marker, so a lower one stated the same day stays visible.
        official = official.assign(_toll=_tolls(official))
        top = official.sort_values(["_toll", "id"], ascending=[False, True]).drop_duplicates(
            "stated_on"
        )
        top = top.set_index(top["stated_on"].astype(str)).reindex(
            [v for v in order if v in set(official["stated_on"].astype(str))]
        )
        fig.add_scatter(
            x=[labels[v] for v in top.index],
            y=top["_toll"].astype(int).tolist(),
            mode="lines",
            line={"shape": "hv", "color": COLORS["official"], "width": 2.5},
            name=html_escape(t("counts.legend.official_step", lang)),
            hoverinfo="skip",
        )
        line = list(zip(fig.data[-1].x, fig.data[-1].y, strict=True))
    for claim_type in CLAIM_ORDER:
        symbol = _SYMBOLS[claim_type]
        part = rows[rows["claim_type"] == claim_type]
        if part.empty:
            continue
        records = part.to_dict("records")
        highest: dict[str, int] = {}
        for r in records:
            when = str(r["stated_on"])
            highest[when] = max(highest.get(when, 0), _toll(r))
        for bound in (False, True):
            chosen = [r for r in records if (r["qualifier"] in LOWER_BOUNDS) == bound]
            if chosen:
                placed += _add_toll_points(
                    fig, chosen, claim_type, bound, symbol, highest, labels, metrics, options
                )
    if any(is_inferred(r) for r in rows.to_dict("records")):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={
                "symbol": "circle-open",
                "size": 12,
                "color": options.colours.muted,
                "line": {"width": 2.5},
            },
            name=html_escape(t("counts.legend.inferred", lang)),
            hoverinfo="skip",
        )
    top_value = max(max(_tolls(rows)), max((y for _, y in line), default=0))
    colours = options.colours
    narrow_left = int(10 + text_px(format_number(int(top_value * 1.18 + 1), lang), 13) + 12)
    _place_labels(fig, placed, [labels[v] for v in order], top_value * 1.18 + 1, narrow_left, line)
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=[labels[v] for v in order],
        title={"text": html_escape(t("counts.toll.axis_x", lang))},
        tickangle=-35 if len(order) > _LEVEL_DATES else 0,
        # level dates stand clear of the "0" beside the first ("0 / 17 Dec" read as one)
        ticklabelstandoff=0 if len(order) > _LEVEL_DATES else 8,
        fixedrange=True,
    )
    fig.update_yaxes(
        title={"text": html_escape(t(axis_key, lang))},
        range=[0, top_value * 1.18 + 1],
        rangemode="tozero",
        gridcolor=colours.grid,
        fixedrange=True,
        automargin=False,  # the margin below: pushed by plotly, the name began 3 px from the edge
        title_standoff=10,
    )
    # the axis' name `EDGE_PX` from the image's left edge, then the widest number
    widest = text_px(format_number(int(top_value * 1.18 + 1), lang), 13)
    left = round(EDGE_PX + 13 * 1.3 + 10 + widest + 6)
    below, height = 118 if len(order) > _LEVEL_DATES else 72, 520
    if options.responsive:
        # the date labels stand upright where the width needs it (plotly decides; turned half
        # way they would run off the left edge), and the room below is there for them; the
        # axis' name stands above it, so the left margin holds only the widest number
        fig.update_xaxes(
            tickangle=None,
            autotickangles=[0, -90],
            automargin=False,
            title_font={"size": 13},  # as the axis' name above the plot
        )
        if len(order) <= _LEVEL_DATES:  # on two lines they stand level and apart on a phone
            names = [labels[v] for v in order]
            fig.update_xaxes(tickvals=names, ticktext=[_year_below(name) for name in names])
        fig.update_yaxes(automargin=False, title=None)
        left = narrow_left
        fig.add_annotation(
            text=html_escape(t(axis_key, lang)),
            xref="paper",
            x=0,
            xshift=-(left - 10),
            yref="paper",
            y=1,
            yshift=8,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": 13, "color": colours.ink},
            name="axis",
        )
        below, height = 112, 300
    who = "" if options.responsive else _who_said(rows, order, metrics, lang)  # images only
    fig = _frame(
        fig,
        title=t(title_key, lang),
        options=options,
        stated=order,
        publishers=[_publisher(options.sources, str(s), lang) for s in rows["source_id"]],
        # the list of who gave what on a line of its own (an image re-breaks each part)
        note="<br><br>".join(
            plotly_lines(text, wrap_width(82, lang))
            for text in (t("counts.toll.note", lang), who)
            if text
        ),
        height=height,
        below=below,
        left=left,
    )
    if who:  # a landscape image sets it beside the plot (`lib.chart_export.toll_image`)
        fig.update_layout(meta={"who": who, "note": t("counts.toll.note", lang)})
    return fig


EDGE_PX = 8
"""Room between an image's edge and the axis' name beside it."""


@dataclass(frozen=True)
class _Label:
    """A marker's text label on a toll chart: where it is and what it may read."""

    trace: int
    point: int
    x: str
    value: int
    text: str
    short: str
    """The lower bound's short form (``≥12``), or "" for a figure that has none."""
    preferred: str


LABEL_POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
"""The places a marker's label may take, tried in this order after its preferred one."""
_TOLL_PLOT_PX = 300
"""The toll chart's plot height on a page (`_toll_chart`, responsive); an export's is larger."""
_MARK_R = 6.5  # a marker's radius, px
_TEXT_H = 14.0  # a 12 px label's height, px


def _label_box(
    cx: float, cy: float, position: str, width: float
) -> tuple[float, float, float, float]:
    """Return ``(left, bottom, right, top)`` of a label (y up) as plotly places it by a marker."""
    gap = _MARK_R / 0.8 + 1  # plotly's offset of a label from its marker's centre
    v, h = position.split()
    left = {"center": cx - width / 2, "right": cx + gap, "left": cx - gap - width}[h]
    bottom = {"top": cy + gap, "middle": cy - _TEXT_H / 2, "bottom": cy - gap - _TEXT_H}[v]
    return left, bottom, left + width, bottom + _TEXT_H


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(
    fig: go.Figure,
    found: list[_Label],
    categories: list[str],
    top: float,
    left: int,
    line: Sequence[tuple[str, int]] = (),
) -> None:
    """Give every label a place clear of the other labels, the markers, the zero line and the
    step ``line`` (its corners, in order: it ran through "13" and "64") at the narrowest width.

    The figure is the same at any width (Streamlit sends one), and its plot height is fixed:
    labels apart at `NARROW_PX` only grow further apart on a wider screen. Each label takes its
    preferred place if free, else the first free one of `LABEL_POSITIONS`. When a lower bound
    finds none, every lower bound of the chart reads its short form (``≥12``: the same figure
    and qualifier, as the ▲ legend says) and all are placed again; whatever is still crowded
    takes the place it overlaps least.
    """
    if not found:
        return
    plot_w = NARROW_PX - left - 16
    step = plot_w / max(len(categories), 1)
    column = {c: i for i, c in enumerate(categories)}
    per_y = _TOLL_PLOT_PX / top
    frame = (-left + 2.0, -10.0, plot_w + 14.0, _TOLL_PLOT_PX + 40.0)
    centres = [((column[f.x] + 0.5) * step, f.value * per_y) for f in found]
    marks = [(x - _MARK_R, y - _MARK_R, x + _MARK_R, y + _MARK_R) for x, y in centres]
    half = 1.5  # half the line's width, in pixels
    marks.append((frame[0], -half, frame[2], half))  # the zero line ran through "1 (Shetpe)"
    corners = [((column[x] + 0.5) * step, value * per_y) for x, value in line]
    rises = []
    for (x0, y0), (x1, y1) in itertools.pairwise(corners):  # across at y0, then up or down
        marks.append((min(x0, x1), y0 - half, max(x0, x1), y0 + half))
        marks.append((x1 - half, min(y0, y1), x1 + half, max(y0, y1)))
        rises.append((x1, min(y0, y1), max(y0, y1)))
    # a marker on a rise of the line has it above and below at any height the figure is drawn
    # (an image's taller plot put "13" under its marker on the line): its label goes beside it
    on_rise = [
        any(abs(x - rx) < 1e-6 and low < y < high for rx, low, high in rises) for x, y in centres
    ]

    def place(short: bool) -> tuple[list[tuple[str, str]], bool]:
        boxes: list[tuple[float, float, float, float]] = []
        chosen, crowded = [], False
        for label, (x, y), rise in zip(found, centres, on_rise, strict=True):
            text = label.short if short and label.short else label.text
            width = text_px(text, 12) + 2
            best, least = label.preferred, math.inf
            for position in (label.preferred, *LABEL_POSITIONS):
                box = _label_box(x, y, position, width)
                cost = sum(_overlap(box, b) for b in [*boxes, *marks])
                cost += _TEXT_H * width if rise and position.endswith("center") else 0
                outside = (
                    max(0.0, frame[0] - box[0]) + max(0.0, box[2] - frame[2])
                    + max(0.0, frame[1] - box[1]) + max(0.0, box[3] - frame[3])
                )  # fmt: skip
                cost += outside * _TEXT_H
                if cost < least:
                    best, least = position, cost
                if cost == 0:
                    break
            crowded = crowded or (least > 0 and bool(label.short))
            boxes.append(_label_box(x, y, best, width))
            chosen.append((best, text))
        return chosen, crowded

    chosen, crowded = place(short=False)
    if crowded:
        chosen, _ = place(short=True)
    for trace in {f.trace for f in found}:
        mine = [i for i, f in enumerate(found) if f.trace == trace]
        fig.data[trace].textposition = [chosen[i][0] for i in mine]
        fig.data[trace].text = [chosen[i][1] for i in mine]


def _short_metric(metric: str, lang: str) -> str:
    """Return a short label for a metric on a crowded chart ("bodies"), else its full label."""
    try:
        return t(f"counts.short.{metric}", lang)
    except KeyError:
        return t(f"metric.{metric}", lang)


def _point_text(r: Mapping[str, Any], metrics: Sequence[str], lang: str) -> str:
    """A toll marker's label: the figure, with its metric where it is not the chart's own
    ("21 bodies") or a short single place where it is local ("1 (Shetpe)")."""
    text = figure_text(r, lang)
    town = str(r.get("place") or "").split(" (")[0].strip()
    if r["metric"] != metrics[0]:
        # the catalogue's order: "21 bodies", Russian "тел: 21" (no agreement with the number)
        return t("count.figure_metric", lang, figure=text, metric=_short_metric(r["metric"], lang))
    if town and len(town) <= 12:
        # A short single place ("Shetpe") is named so a local figure is not read as a toll.
        return f"{text} ({town})"
    return text


def _who_said(rows: pd.DataFrame, order: Sequence[str], metrics: Sequence[str], lang: str) -> str:
    """Name who gave each figure that is not an official's, in the order stated: an image's
    markers say the figure alone ("73", "≥12"), and only their colour told they were not."""
    others = rows[rows["claim_type"] != "official"]
    if others.empty:
        return ""
    rank = {v: i for i, v in enumerate(order)}
    records = sorted(others.to_dict("records"), key=lambda r: (rank[str(r["stated_on"])], r["id"]))
    said: dict[str, list[str]] = {}
    for r in records:
        said.setdefault(str(r["claimant"]), []).append(_point_text(r, metrics, lang))
    parts = [f"{', '.join(figures)} — {who}" for who, figures in said.items()]
    return t("counts.toll.who", lang, figures="; ".join(parts))


def _add_toll_points(
    fig: go.Figure,
    records: list[dict[str, Any]],
    claim_type: str,
    bound: bool,
    symbol: str,
    highest: Mapping[str, int],
    labels: Mapping[str, str],
    metrics: Sequence[str],
    options: ChartOptions,
) -> list[_Label]:
    """Add one marker trace: a claim type's exact figures, or its lower bounds (▲).

    Returns
    -------
    list of _Label
        Its labels, for `_place_labels` (which may move them or shorten a lower bound's).
    """
    lang = options.lang
    # the legend draws a trace's first marker: put figures with a stated date first
    records = sorted(records, key=is_inferred)
    # A lower figure stated the same date is labelled below its marker, so labels don't collide.
    # Lower official figures go under their marker; lower independent ones, and figures near
    # the axis, go to the right (clear of the official line and the date labels).
    low = 0.12 * max(highest.values())
    positions = []
    for r in records:
        value = _toll(r)
        if value >= highest[str(r["stated_on"])]:
            positions.append("top center")
        elif claim_type == "official" and value >= low:
            positions.append("bottom center")
        else:
            positions.append("middle right")
    texts, shorts = [], []
    for r in records:
        shorts.append(html_escape(t(f"qualifier.short.{r['qualifier']}", lang,
                                    value=format_number(int(r["value"]), lang))) if bound else "")  # fmt: skip
        texts.append(html_escape(_point_text(r, metrics, lang)))
    legend = f"counts.legend.{claim_type}_{'bound' if bound else 'point'}"
    # a date stated set by the curator (not given by a source) is an open marker
    inferred = [is_inferred(r) for r in records]
    shape = "triangle-up" if bound else symbol
    fig.add_scatter(
        x=[labels[str(r["stated_on"])] for r in records],
        # a figure that adds to others stands at the total it makes: at its own part, "43 more
        # (64 in all)" read as a fall from 64 (a journalist's review)
        y=[_toll(r) for r in records],
        mode="markers+text",
        marker={
            "symbol": [f"{shape}-open" if i else shape for i in inferred]
            if any(inferred)
            else shape,
            "size": 13 if bound else 12,
            "color": COLORS[claim_type],
            "line": {
                "color": [COLORS[claim_type] if i else options.colours.paper for i in inferred],
                "width": [2.5 if i else 1 for i in inferred],
            }
            if any(inferred)
            else {"color": options.colours.paper, "width": 1},
        },
        text=texts,
        textposition=positions,
        textfont={"size": 12, "color": options.colours.labels[claim_type]},
        customdata=[str(r["id"]) for r in records],
        hovertext=[_hover(r, options) for r in records],
        hovertemplate="%{hovertext}<extra></extra>",
        name=html_escape(t(legend, lang)),
        cliponaxis=False,
    )
    trace = len(fig.data) - 1
    return [
        _Label(trace, i, labels[str(r["stated_on"])], _toll(r), texts[i], shorts[i], pos)
        for i, (r, pos) in enumerate(zip(records, positions, strict=True))
    ]


def build_deaths_chart(counts: pd.DataFrame, options: ChartOptions | None = None) -> go.Figure:
    """Draw how the death toll was stated over time: official step line, independent markers.

    The x axis lists the dates stated in order (not to scale). Lower bounds ("at least 12") are
    upward triangles labelled with their qualifier. Markers carry the count id in ``customdata``.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns, already filtered.
    options : ChartOptions, optional
        Language, subtitle and sources.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    return _toll_chart(
        counts,
        DEATH_METRICS,
        "counts.deaths.title",
        "counts.deaths.axis",
        options or ChartOptions(),
    )


def build_injuries_chart(counts: pd.DataFrame, options: ChartOptions | None = None) -> go.Figure:
    """Draw how the number injured was stated over time, like `build_deaths_chart`.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns, already filtered.
    options : ChartOptions, optional
        Language, subtitle and sources.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    return _toll_chart(
        counts,
        INJURY_METRICS,
        "counts.injuries.title",
        "counts.injuries.axis",
        options or ChartOptions(),
    )


def figures_table(
    counts: pd.DataFrame,
    sources: pd.DataFrame,
    metrics: Sequence[str],
    lang: str = "en",
    for_file: bool = False,
) -> pd.DataFrame:
    """Return every figure of ``metrics`` as a plain table with its source and link.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns, already filtered.
    sources : pandas.DataFrame
        The sources table.
    metrics : sequence of str
        Metrics the chart draws.
    lang : str
        Interface language.
    for_file : bool
        The CSV's table: columns `FILE_COLUMNS`, the date stated as given.

    Returns
    -------
    pandas.DataFrame
        Columns `TABLE_COLUMNS`; text is plain (shown with st.dataframe, never as HTML).
    """
    rows = select_counts(counts, metrics)
    by_id = sources.set_index("id") if not sources.empty else pd.DataFrame()
    records = []
    for r in rows.to_dict("records"):
        source = by_id.loc[r["source_id"]] if r["source_id"] in by_id.index else None
        period = str(r.get("period_start") or "")
        if r.get("period_end") and r["period_end"] != r.get("period_start"):
            period = f"{period} – {r['period_end']}" if period else str(r["period_end"])
        records.append(
            {
                "figure": figure_text(r, lang),
                "metric": t(f"metric.{r['metric']}", lang),
                "claim": t(f"claim_type.{r['claim_type']}", lang),
                "claimant": r["claimant"],
                "value": int(r["value"]),
                "qualifier": str(r["qualifier"]),
                "stated_on": (
                    t("counts.date_inferred", lang, date=str(r["stated_on"]))
                    if is_inferred(r) and not for_file
                    else str(r["stated_on"])
                ),
                "stated_on_basis": stated_on_basis(r),
                "adds_to": added_to(r),
                "period": period,
                "place": r.get("place") or "",
                "source": (
                    f"{source['publisher']}: {source['title']}"
                    if source is not None
                    else r["source_id"]
                ),
                "source_url": source["url"] if source is not None else None,
                # the file keeps the data's locator ("p4"), the page says it ("4-абзац")
                "locator": r["locator"] if for_file else locator_text(r["locator"], lang),
                # the file keeps the ids, the keys of the sources' file
                "note": (r.get("note") or "")
                if for_file
                else name_sources(r.get("note") or "", sources, lang),
                "id": r["id"],
            }
        )
    return pd.DataFrame(records, columns=list(FILE_COLUMNS if for_file else TABLE_COLUMNS))


def table_csv(table: pd.DataFrame, lang: str = "en", cite: str | None = None) -> bytes:
    """Return the table as CSV with translated headers (text quoted, formulas defused), the
    citation line ``cite`` first, as the events' CSV has it."""
    return frame_to_csv(
        table.rename(columns=lambda c: t(f"counts.col.{c}", lang)),
        preamble=[f"# {cite}"] if cite else (),
    )


def selected_count_ids(event: Any) -> list[str]:
    """Return the count ids in a plotly selection event from ``st.plotly_chart``.

    Parameters
    ----------
    event : mapping or None
        The value ``st.plotly_chart(..., on_select="rerun")`` returns (a dict-like).

    Returns
    -------
    list of str
        Distinct ids in order of selection.
    """
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else None
    if not selection:
        return []
    ids: list[str] = []
    for point in selection.get("points", []) or []:
        data = point.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if isinstance(data, str) and data not in ids:
            ids.append(data)
    return ids


def events_behind(events: pd.DataFrame, count_id: str) -> pd.DataFrame:
    """Return the events whose ``count_ids`` contain ``count_id``."""
    mask = [count_id in (ids or ()) for ids in events["count_ids"]]
    return events[mask]


def hidden_counts(
    all_counts: pd.DataFrame, shown: pd.DataFrame, metrics: Sequence[str]
) -> pd.DataFrame:
    """Return the counts of ``metrics`` that the filters hide (in the dataset, not shown)."""
    chosen = all_counts[all_counts["metric"].isin(metrics)]
    return chosen[~chosen["id"].isin(shown["id"])]


def chart_config(filename: str, lang: str = "en") -> dict[str, Any]:
    """Return the plotly config: a modebar camera button that saves a 3× PNG named ``filename``,
    the toolbar's names in ``lang``."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        **plotly_locale(lang),
    }
