"""Colours and text widths of the on-screen figures: light and dark palettes, wrapping for phones.

Streamlit does not tell Python how wide the reader's screen is, so an on-screen figure is laid
out to read at the narrowest chart we design for (`NARROW_PX`, a 390 px phone) and still at a
wide one: text is wrapped to that width, rows are stacked, margins are computed from the text.
The theme type does reach Python (``st.context.theme.type``): a figure takes ``dark`` and draws
with `palette`'s colours. Exports (``lib/chart_export.py``) always use the light palette.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import plotly.graph_objects as go

from lib.i18n import N_, t

NARROW_PX = 330
"""Width of text a figure can count on: a 390 px phone leaves a chart about 358 px, less margins."""
MODEBAR_PX = 34
"""Height of the band at the top of a chart kept free for plotly's toolbar (the modebar)."""
SMALL_PX = 12
"""The smallest text a figure draws (axis ticks, keys, credits): 11 px read too small on a phone."""
HOVER_CHARS = 48
"""A hover label's line, in English characters (`lib.format.wrap_width` for others): lines of
up to 200 were wider than the plot beside the sidebar or on a phone, and plotly cut the label."""
EM_REGULAR = 0.56
EM_BOLD = 0.62
"""Average width of a character, in ems (Arial / Helvetica, Latin and Cyrillic, with margin)."""

FONT_FAMILY = "Arial, Helvetica, sans-serif"
"""Every chart's font, on the screen and in its images. The timeline took Streamlit's web
font on the screen, which an image made by the chart's camera button cannot load: its legend,
measured in the narrower web font, was cut ("…official (neither side")."""


def chars_for(px: float, size: float, bold: bool = False) -> int:
    """Return how many characters of ``size`` px text fit in ``px`` pixels (at least 12)."""
    return max(12, int(px / (size * (EM_BOLD if bold else EM_REGULAR))))


def text_px(text: str, size: float, bold: bool = False) -> float:
    """Return an upper estimate of the width of the longest line of a plotly label, in pixels."""
    lines = re.sub(r"<(?!br)[^>]+>", "", text).split("<br>")
    longest = max((len(line) for line in lines), default=0)
    return longest * size * (EM_BOLD if bold else EM_REGULAR)


def measured_px(text: str, size: float, bold: bool = False) -> float:
    """Return the width of one line of plain text as the images' Chromium draws it: in the
    font fontconfig gives for Arial (Liberation Sans 2 after `make fonts`), and each letter that
    font lacks (Kazakh "қ" in Liberation Sans 1) in the font fontconfig falls back to for it.
    `text_px` without fontconfig.
    """
    name = FONT_FAMILY.split(",")[0] + (":bold" if bold else "")
    main = _font_file(name)
    if main is None:
        return text_px(text, size, bold)
    covered = _covered(main)
    width, run = 0.0, ""
    for char in text:
        if ord(char) in covered or char.isspace():
            run += char
            continue
        width += _font(main, round(size)).getlength(run) if run else 0.0
        run = ""
        other = _font_file(f"{name}:charset={ord(char):x}") or main
        width += _font(other, round(size)).getlength(char)
    return width + (_font(main, round(size)).getlength(run) if run else 0.0)


@lru_cache(maxsize=256)
def _font_file(pattern: str) -> str | None:
    """The font file fontconfig matches ``pattern`` to, or None without fontconfig."""
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None


@lru_cache(maxsize=16)
def _covered(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # images only: not loaded by the pages

    return frozenset(TTFont(path, lazy=True).getBestCmap())


@lru_cache(maxsize=32)
def _font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class Palette:
    """The colours of a figure in one theme (every text colour at least 4.5:1 on ``paper``)."""

    name: str
    paper: str
    plot: str
    ink: str
    muted: str
    grid: str
    axis: str
    separator: str
    highlight: str
    hover_bg: str
    mark_bg: str
    labels: dict[str, str] = field(default_factory=dict)
    periods: dict[str, str] = field(default_factory=dict)


LIGHT = Palette(
    name="light",
    paper="#FFFFFF",
    plot="#FFFFFF",
    ink="#333333",
    muted="#555555",
    grid="#E5E5E5",
    axis="#888888",
    separator="#CCCCCC",
    highlight="#000000",
    hover_bg="#FFFFFF",
    mark_bg="rgba(255,255,255,0.85)",
    labels={
        "official": "#0072B2",
        "independent": "#9A5B00",
        "foreign_official": "#007A59",
        "unclear": "#666666",
    },
    periods={"communications": "#444444", "restriction": "#A04000"},
)
DARK = Palette(
    name="dark",
    # Streamlit's dark background (streamlit 1.67), so the figure sits on the page, not as a card
    paper="#171614",
    plot="#171614",
    ink="#E6EAF1",
    muted="#B4B9C4",
    grid="#30343D",
    axis="#8A8F99",
    separator="#4A4F59",
    highlight="#FFFFFF",
    hover_bg="#262730",
    mark_bg="rgba(23,22,20,0.85)",
    labels={
        "official": "#56B4E9",
        "independent": "#E69F00",
        "foreign_official": "#2FC79B",
        "unclear": "#B0B0B0",
    },
    periods={"communications": "#C8C8C8", "restriction": "#FF9E5E"},
)


def palette(dark: bool = False) -> Palette:
    """Return the dark palette when ``dark``, else the light one."""
    return DARK if dark else LIGHT


def is_dark(theme_type: object) -> bool:
    """Return whether Streamlit's ``st.context.theme.type`` names the dark theme."""
    return theme_type == "dark"


def _channels(colour: str) -> tuple[float, float, float, float]:
    value = colour.strip().lower()
    named = {"white": "#ffffff", "black": "#000000"}
    value = named.get(value, value)
    if value.startswith("#") and len(value) == 7:
        return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)) + (1.0,)  # type: ignore[return-value]
    match = re.fullmatch(r"rgba?\(([^)]*)\)", value.replace(" ", ""))
    if match:
        parts = [float(p) for p in match.group(1).split(",")]
        alpha = parts[3] if len(parts) > 3 else 1.0
        return parts[0] / 255, parts[1] / 255, parts[2] / 255, alpha
    raise ValueError(f"not a colour this module reads: {colour!r}")


def _luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = _channels(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two opaque colours (``#RRGGBB``, ``rgb()``, names)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def figure_texts(fig: go.Figure) -> Iterator[tuple[str, str, str]]:
    """Yield ``(what, text colour, background colour)`` for every text a figure draws.

    The background is the paper's, the plot's for text inside the plot, an annotation's own
    ``bgcolor`` when it has an opaque one, or a bar's colour for text inside bars.
    """
    layout = fig.layout
    paper = layout.paper_bgcolor or "#FFFFFF"
    plot = layout.plot_bgcolor or paper
    base = layout.font.color or "#444444"
    title = layout.title
    if title.text:
        yield "title", title.font.color or base, paper
        if title.subtitle and title.subtitle.text:
            yield "subtitle", title.subtitle.font.color or base, paper
    if layout.showlegend is not False:
        yield "legend", layout.legend.font.color or base, paper
    for name in ("xaxis", "yaxis"):
        axis = layout[name]
        if axis.visible is False:
            continue
        yield f"{name} ticks", axis.tickfont.color or axis.color or base, paper
        if axis.title and axis.title.text:
            yield f"{name} title", axis.title.font.color or axis.color or base, paper
    for annotation in layout.annotations or ():
        behind = annotation.bgcolor
        if not behind or _channels(behind)[3] < 0.8:
            behind = plot if annotation.xref not in ("paper",) else paper
        yield f"annotation {annotation.text[:30]!r}", annotation.font.color or base, behind
    for trace in fig.data:
        text = getattr(trace, "text", None)
        if text is None or not any(str(v).strip() for v in _as_list(text)):
            continue
        colour = trace.textfont.color if trace.textfont else None
        colours = _as_list(colour) if colour is not None else [base]
        if trace.type == "bar" and str(trace.textposition or "auto") in ("inside", "auto"):
            fills = _as_list(trace.marker.color)
            for index, fill in enumerate(fills):
                yield f"{trace.name} inside", colours[index % len(colours)], fill
        else:
            for value in colours:
                yield f"{trace.name} text", value, plot


def _as_list(value: object) -> list:
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):
        return list(value.tolist())  # type: ignore[union-attr]
    return [value]


MODEBAR_TEXTS = (
    N_("plotly.download_png"),
    N_("plotly.zoom"),
    N_("plotly.pan"),
    N_("plotly.zoom_in"),
    N_("plotly.zoom_out"),
    N_("plotly.autoscale"),
    N_("plotly.reset_axes"),
    N_("plotly.double_click"),
    N_("plotly.preparing"),
    N_("plotly.downloaded"),
    N_("plotly.download_failed"),
)
"""The words plotly writes on a chart's toolbar and in its notices; each key's English text is
plotly's own, which its locale dictionaries translate."""


def plotly_locale(lang: str) -> dict[str, object]:
    """Return the plotly config that writes the toolbar's names and notices in ``lang``
    (``{}`` in English): a locale given in the config itself, so no script is loaded."""
    if lang == "en":
        return {}
    words = {t(key, "en"): t(key, lang) for key in MODEBAR_TEXTS}
    return {"locale": lang, "locales": {lang: {"dictionary": words}}}
