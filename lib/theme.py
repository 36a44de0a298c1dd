"""The projector theme: large, high-contrast figure text and thick marks for a projected screen.

Streamlit's theme (``.streamlit/config.toml``) is one per app and cannot change per session or
link, and it does not reach into plotly or Leaflet figure text. So the projector theme is:
figure options here (plotly) and in ``lib/map_frame.py`` (Leaflet), plus the page rules of
``static/projector.css`` (text sizes, margins), injected by the frame while the theme is chosen.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from lib.figure_style import palette
from lib.format import css_string

THEMES = ("standard", "projector")
THEME_PARAM = "theme"
THEME_KEY = "theme_projector"
"""Session key of the projector toggle (its checked state switches the page CSS on)."""
STATIC = Path(__file__).resolve().parent.parent / "static"
CSS_FILE = STATIC / "theme.css"
PROJECTOR_CSS_FILE = STATIC / "projector.css"
PROJECTOR_LIGHT_CSS_FILE = STATIC / "projector-light.css"
DARK_CSS_FILE = STATIC / "dark.css"

MIN_FIGURE_PX = 18
LAID_OUT_PX = 12
"""Text size the figure builders lay their pixel offsets out for (11-13 px)."""
INK = "#000000"
MARK_LINE = 3.0


def _bump(font: object, size: int, colour: bool = True, ink: str = INK) -> dict:
    current = getattr(font, "size", None)
    out: dict = {"size": max(size, current or 0)}
    if colour:
        out["color"] = ink
    return out


def projector_figure(
    fig: go.Figure, base: int = MIN_FIGURE_PX, ink: str = INK, grow: bool = False
) -> go.Figure:
    """Restyle a plotly figure for a projector: every text at least ``base`` px, black, thick lines.

    Works on any figure the ``lib`` builders return (timeline, counts); it changes sizes and
    colours of text, outline widths and marker sizes, not the data.

    Parameters
    ----------
    fig : go.Figure
        The figure to restyle (changed in place).
    base : int
        Smallest text size in pixels.
    ink : str
        Colour of every text: black, or the dark theme's light text (``lib.figure_style.DARK.ink``).
    grow : bool
        Also make the figure taller by the ratio of the new text size to the one it was laid out
        for (height, top and bottom margins, label offsets), so text placed in pixels keeps its
        room. Off for figures that must keep their height (the Present page's).

    Returns
    -------
    go.Figure
        The same figure.
    """
    layout = fig.layout
    if grow:
        _grow(fig, base / LAID_OUT_PX)
    fig.update_layout(font=_bump(layout.font, base, ink=ink), hoverlabel={"font": {"size": base}})
    if layout.title and layout.title.text:
        fig.update_layout(title_font=_bump(layout.title.font, base + 4, ink=ink))
        if layout.title.subtitle and layout.title.subtitle.text:
            fig.update_layout(title_subtitle_font=_bump(layout.title.subtitle.font, base, ink=ink))
    fig.update_layout(legend_font=_bump(layout.legend.font, base, ink=ink))
    fig.update_xaxes(tickfont={"size": base, "color": ink}, title_font={"size": base})
    fig.update_yaxes(tickfont={"size": base, "color": ink}, title_font={"size": base})
    for annotation in layout.annotations or ():
        # a label on a box of its own (a figure on its bar) keeps the colour chosen for that box
        boxed = bool(annotation.bgcolor) and annotation.font.color is not None
        annotation.font.update(_bump(annotation.font, base, colour=not boxed, ink=ink))
    for trace in fig.data:
        if hasattr(trace, "textfont"):
            # a colour the builder chose (a label inside a bar, against the bar) stays
            chosen = trace.textfont.color is not None
            trace.textfont.update(_bump(trace.textfont, base, colour=not chosen, ink=ink))
        marker = getattr(trace, "marker", None)
        if marker is None:
            continue
        width = marker.line.width if getattr(marker, "line", None) is not None else None
        if isinstance(width, int | float) and width > 0:
            marker.line.width = max(width, MARK_LINE)
        if trace.type == "scatter" and isinstance(marker.size, int | float):
            marker.size = max(marker.size * 1.4, 12)
    for shape in layout.shapes or ():
        if shape.line is not None and (shape.line.width or 0) > 0:
            shape.line.width = max(shape.line.width, MARK_LINE)
    return fig


def _grow(fig: go.Figure, ratio: float) -> None:
    """Scale what the builders placed in pixels for 11-13 px text by ``ratio``."""
    layout = fig.layout
    margin = layout.margin
    for side in ("t", "b", "l", "r"):  # the lane names beside the plot grow too
        value = getattr(margin, side)
        if value:
            setattr(margin, side, round(value * ratio))
    if layout.height:
        layout.height = round(layout.height * ratio)
    if layout.title and layout.title.pad and layout.title.pad.t:
        layout.title.pad.t = round(layout.title.pad.t * ratio)
    for annotation in layout.annotations or ():
        # with the margins: a note shifted by the left margin (the timeline's period notes)
        # still starts at the figure's edge
        for shift in ("xshift", "yshift"):
            value = getattr(annotation, shift)
            if value:
                setattr(annotation, shift, round(value * ratio))


def on_screen(fig: go.Figure, projector: bool, dark: bool = False) -> go.Figure:
    """Return the figure to draw on the page: a restyled, taller copy in the projector theme,
    else ``fig`` itself.

    The copy leaves ``fig`` as built, so exports made from it keep the publication style. In
    Streamlit's dark theme (``dark``) its text takes the dark palette's light ink, not black.
    """
    if not projector:
        return fig
    return projector_figure(go.Figure(fig), ink=palette(dark).ink if dark else INK, grow=True)


def theme_css(projector: bool = False, dark: bool = False, enter_hint: str | None = None) -> str:
    """Return the page CSS the frame injects once per run: always ``static/theme.css``, and
    ``static/projector.css`` while the projector theme is chosen (with the black text of
    ``static/projector-light.css`` unless Streamlit's theme is dark), and ``static/dark.css``
    in Streamlit's dark theme (dark text on its light primary buttons).

    Parameters
    ----------
    projector : bool
        Whether the projector theme is chosen.
    dark : bool
        Whether Streamlit shows its dark theme (its own light text then stays).
    enter_hint : str or None
        The viewer's words for "Press Enter to apply" (``input_hint_css``); None keeps
        Streamlit's English.

    Returns
    -------
    str
        One ``<style>`` element.
    """
    files = [CSS_FILE, DARK_CSS_FILE] if dark else [CSS_FILE]
    if projector:
        files.append(PROJECTOR_CSS_FILE)
        if not dark:
            files.append(PROJECTOR_LIGHT_CSS_FILE)
    rules = [f.read_text("utf-8") for f in files]
    if enter_hint is not None:
        rules.append(input_hint_css(enter_hint))
    return "<style>\n" + "\n".join(rules) + "</style>"


def input_hint_css(text: str) -> str:
    """Return CSS rules that show ``text`` in place of "Press Enter to apply", which Streamlit
    writes in English under a field being edited (its count of characters stays beside it).

    Every character of ``text`` is escaped (``css_string``): no text can end the rule.
    """
    box = "[data-testid='InputInstructions']"
    return (
        f"{box} > span:first-child {{ display: none; }}\n"
        f"{box}::before {{ content: {css_string(text)}; }}\n"
    )
