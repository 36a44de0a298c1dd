"""Draw the events map as a still image (PNG or SVG) on the server: no browser, no tiles."""

from __future__ import annotations

import io
import math
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from lib.events import in_set
from lib.format import credit_line, wrappable
from lib.i18n import t
from lib.map_view import (
    BADGE_PX,
    CATEGORIES,
    OVERLAY_STYLE,
    STYLE,
    Group,
    MapOptions,
    _ring_at,
    group_events,
    label_sides,
    located_mask,
    split_located,
)
from lib.publish import (
    CHART_SCALE,
    INK,
    MUTED,
    drawn_days,
    join_parts,
    month_only_ends,
    preset_size,
    span_text,
)
from lib.publish import credit as data_credit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SEA = "#D4E4EE"
LAND = "#EBE7DD"
LAND_HIGHLIGHT = "#F7F4EC"
COAST = "#8C8C8C"
TOWN_TEXT = "#1A1A1A"
OVERLAY_TEXT = "#8A3A00"
APPROX_TEXT = "#444444"
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    (INK, "#FFFFFF"),
    (MUTED, "#FFFFFF"),
    (TOWN_TEXT, LAND_HIGHLIGHT),
    (TOWN_TEXT, LAND),
    (APPROX_TEXT, LAND_HIGHLIGHT),
    (OVERLAY_TEXT, LAND_HIGHLIGHT),
    (OVERLAY_TEXT, LAND),
    (INK, SEA),
)
"""Every (text, background) colour pair the image draws; each passes WCAG AA (tested)."""

MARKERS = {
    "circle": "o",
    "triangle": "^",
    "triangle_down": "v",
    "diamond": "D",
    "square": "s",
    "plus": "P",
    "hexagon": "h",
    "pentagon": "p",
    "star": "*",
}
LIVE_WIDTH, LIVE_HEIGHT = 1000, 720
"""The live map's size in CSS pixels: a view's zoom frames this much, whatever the image size."""
DPI = 100
HEAD_PX, FOOT_PX = 84, 52
"""Room for the title and two lines of subtitle above the map, three lines of credit below (in
layout pixels: `layout_size`)."""
FONT = "DejaVu Sans"
KEY_PT, PLACE_PT = 9, 10.5
"""Sizes in points of the key's entries and of place names (a layout pixel is 0.72 points)."""
KEY_LEAST_PT = 8
"""The smallest a long key beside the map is set: 7.8 px high in a 1600 px image shown 700 px
wide."""
SVG_FONTS = f"'{FONT}', Verdana, Arial, Helvetica, sans-serif"
"""An SVG's fonts: DejaVu Sans as drawn, then the nearest faces other systems have."""
_lock = threading.RLock()  # matplotlib's font cache and text layout are not thread-safe


@dataclass(frozen=True)
class MapImage:
    """An exported map and what it drew."""

    data: bytes
    groups: tuple[Group, ...]
    extent: tuple[float, float, float, float]
    inset_extent: tuple[float, float, float, float] | None = None
    """``(west, east, south, north)`` the locator inset shows, when one is drawn."""


@cache
def _outlines(path: Path, mtime: float) -> gpd.GeoDataFrame:
    del mtime  # cache key only
    return gpd.read_file(path)


_FRAMES: dict[int, tuple[Mapping[str, Any], gpd.GeoDataFrame]] = {}
"""Outlines already turned into frames, by the id of the loaded document (kept alive here, so
the id cannot be reused while its entry lives): a dataset's outlines are parsed once."""


def _country_name(country: gpd.GeoDataFrame, lang: str) -> str:
    """The highlighted country's name in ``lang`` (``name_ru``, ``name_kk`` in the outlines),
    else its English ``name``; "" when the outlines name it in neither."""
    for column in (f"name_{lang}", "name"):
        if column in country and isinstance(name := country[column].iloc[0], str) and name:
            return name
    return ""


def outline_frame(data: Mapping[str, Any] | Path | None) -> gpd.GeoDataFrame | None:
    """Return outlines as a GeoDataFrame: a validated GeoJSON document or a file, read once."""
    if data is None:
        return None
    if isinstance(data, Path):
        return _outlines(data, data.stat().st_mtime) if data.exists() else None
    held = _FRAMES.get(id(data))
    if held is None or held[0] is not data:
        if len(_FRAMES) >= 8:
            _FRAMES.pop(next(iter(_FRAMES)))
        held = (data, gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326"))
        _FRAMES[id(data)] = held
    return held[1]


_PATHS: dict[int, tuple[gpd.GeoDataFrame, list | None]] = {}
"""Outlines turned into matplotlib paths, by the id of their (cached, kept alive) frame: the
shapes are converted once per dataset version, not on every image."""


def _land_paths(frame: gpd.GeoDataFrame) -> list | None:
    """Return one matplotlib path per row of polygon outlines (None if any row is not a
    polygon: those are drawn by geopandas)."""
    held = _PATHS.get(id(frame))
    if held is not None and held[0] is frame:
        return held[1]
    import numpy as np
    from matplotlib.path import Path as MplPath

    paths: list | None = []
    for geom in frame.geometry:
        kind = getattr(geom, "geom_type", None)
        if kind not in ("Polygon", "MultiPolygon"):
            paths = None
            break
        rings = [
            ring
            for polygon in getattr(geom, "geoms", [geom])
            for ring in (polygon.exterior, *polygon.interiors)
        ]
        verts, codes = [], []
        for ring in rings:
            xy = np.asarray(ring.coords)[:, :2]
            verts.append(xy)
            code = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            code[0], code[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(code)
        paths.append(MplPath(np.concatenate(verts), np.concatenate(codes)) if verts else None)
    if len(_PATHS) >= 8:
        _PATHS.pop(next(iter(_PATHS)))
    _PATHS[id(frame)] = (frame, paths)
    return paths


def _draw_land(
    ax,
    frame: gpd.GeoDataFrame,
    colours,
    edgecolor: str,
    width: float,
    zorder: float,
    rows: list[bool] | None = None,
) -> None:
    """Draw outlines filled with ``colours`` (one per row, or one for all), from cached paths;
    with ``rows``, only the rows marked True."""
    paths = _land_paths(frame)
    if isinstance(colours, str):
        colours = [colours] * len(frame)
    rows = rows if rows is not None else [True] * len(frame)
    if paths is None:
        part = frame[rows]
        fill = [c for c, keep in zip(colours, rows, strict=True) if keep]
        part.plot(ax=ax, color=fill, edgecolor=edgecolor, linewidth=width, zorder=zorder)
        return
    from matplotlib.collections import PathCollection

    kept = [
        (path, colour)
        for path, colour, keep in zip(paths, colours, rows, strict=True)
        if path is not None and keep
    ]
    collection = PathCollection(
        [path for path, _ in kept],
        facecolors=[colour for _, colour in kept],
        edgecolors=edgecolor,
        linewidths=width,
        zorder=zorder,
    )
    ax.add_collection(collection, autolim=False)


def inset_extent(
    country: tuple[float, float, float, float],
    view: tuple[float, float, float, float],
    aspect: float,
) -> tuple[float, float, float, float]:
    """Return ``(west, east, south, north)`` of a locator inset: the whole country (its
    ``(west, south, east, north)`` bounds) and the view's box, padded, widened to the inset's
    ``aspect`` (height / width) at the country's latitude."""
    west = min(country[0], view[0])
    east = max(country[2], view[1])
    south = min(country[1], view[2])
    north = max(country[3], view[3])
    pad_x, pad_y = (east - west) * 0.04, (north - south) * 0.06
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    coslat = math.cos(math.radians((south + north) / 2))
    lon_span, lat_span = east - west, north - south
    if lat_span / (lon_span * coslat) < aspect:
        grow = (aspect * lon_span * coslat - lat_span) / 2
        south, north = south - grow, north + grow
    else:
        grow = (lat_span / coslat / aspect - lon_span) / 2
        west, east = west - grow, east + grow
    return west, east, south, north


def view_extent(
    center: tuple[float, float], zoom: int, aspect: float
) -> tuple[float, float, float, float]:
    """Return ``(west, east, south, north)`` framing what the live map shows at ``zoom``,
    widened to the image's ``aspect`` (height / width)."""
    lat0, lon0 = center
    per_px = 360 / (256 * 2**zoom)
    coslat = math.cos(math.radians(lat0))
    lon_span = LIVE_WIDTH * per_px
    lat_span = LIVE_HEIGHT * per_px * coslat
    if (lat_span / coslat) / lon_span < aspect:
        lat_span = aspect * lon_span * coslat
    else:
        lon_span = lat_span / coslat / aspect
    return lon0 - lon_span / 2, lon0 + lon_span / 2, lat0 - lat_span / 2, lat0 + lat_span / 2


def layout_size(size: str) -> tuple[float, float]:
    """Return the size a map image is laid out at: the preset divided by `CHART_SCALE`, as the
    charts are, and exported at that scale, so its text stays readable in an article's column
    (drawn at the preset size, a 1600 px map's key read 6 px high at 700 px wide)."""
    width, height = preset_size(size)
    return width / CHART_SCALE, height / CHART_SCALE


def _bands(size: str) -> tuple[float, float]:
    """Return the shares of the image height above the map (title) and below it (credit)."""
    _, height = layout_size(size)
    return HEAD_PX / height, FOOT_PX / height


KEY_SHARE = 0.3
"""Share of a landscape image's width the key takes, beside the map."""
KEY_LINES = 3
"""The most lines a key entry's name is broken into."""


def _key_name_px(width: float, beside: bool) -> float:
    """Return how wide a key entry's name may be, in layout pixels: the key's column less its
    symbol and spacing."""
    return ((KEY_SHARE - 0.01) * width if beside else 0.47 * width) - 60


COUNT_STYLE: dict[str, Any] = {
    "fontsize": 8,
    "fontweight": "bold",
    "color": "#111111",
    "bbox": {"boxstyle": "round,pad=0.18", "fc": "#FFFFFF", "ec": "#333333", "lw": 0.8},
}
"""How the number of events at a symbol is written beside it, and in the key."""


def _count_handler() -> Any:
    """Return a key handler that draws a `COUNT_STYLE` number as an entry's sample (the key
    named every symbol but the number beside many of them)."""
    from matplotlib.legend_handler import HandlerBase
    from matplotlib.text import Text

    class CountSample(HandlerBase):
        def create_artists(
            self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
        ):
            x, y = width / 2 - xdescent, height / 2 - ydescent
            text = orig_handle.get_text()
            return [Text(x, y, text, ha="center", va="center", transform=trans, **COUNT_STYLE)]

    return CountSample()


@dataclass(frozen=True)
class KeyEntries:
    """What a map image's key names: the categories drawn, the town and approximate symbols,
    the number beside a symbol, and the periods' rings."""

    categories: tuple[str, ...]
    town: bool
    approx: bool
    count: bool
    overlays: tuple = ()


def _draw_key(
    fig: Any,
    entries: KeyEntries,
    lang: str,
    anchor: tuple[float, float],
    beside: bool,
    width: float,
    size: float = KEY_PT,
    styles: Mapping[str, dict] | None = None,
) -> Any:
    """Draw the key from its top left ``anchor`` (in shares of the figure), its text ``size``
    points: one column beside the map, two under it, each name broken into lines no wider than
    its column; each period's sample in its ring's style (``styles``, by overlay id: the map
    styles every ring shown, in view or not)."""
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    def symbol(label: str, points: float, face: Any, edge: str, marker: str = "o") -> Any:
        return Line2D([], [], marker=marker, color="none", markerfacecolor=face,
                      markeredgecolor=edge, markersize=points, label=label)  # fmt: skip

    handles = [
        symbol(t(f"category.{c}", lang), 10, STYLE[c][0], "#222222", MARKERS[STYLE[c][1]])
        for c in entries.categories
    ]
    if entries.town:
        handles.append(symbol(t("publish.map.town", lang), 14, (1, 1, 1, 0.55), "#666666"))
    if entries.approx:
        face = (0.33, 0.33, 0.33, 0.08)
        handles.append(symbol(t("publish.map.approx", lang), 14, face, "#555555"))
    if entries.count:
        handles.append(Text(text="3", label=t("map.legend.count", lang)))
    styles = _overlay_styles(entries.overlays) if styles is None else styles
    for overlay in entries.overlays:
        style = styles[overlay.id]
        dash = tuple(float(v) for v in style["dash_array"].split())
        handles.append(
            Line2D([], [], color=style["color"], linewidth=style["weight"],
                   linestyle=(0, key_dashes(dash, style["weight"], KEY_HANDLE * size)),
                   label=overlay.label)
        )  # fmt: skip
    for handle in handles:  # a name wider than its column is broken into lines
        handle.set_label(_fit(handle.get_label(), _key_name_px(width, beside), size, KEY_LINES))
    key = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=anchor,
        fontsize=size,
        title=t("publish.map.key", lang),
        title_fontproperties={"weight": "bold", "size": size + 0.5},
        alignment="left",
        frameon=False,
        ncols=1 if beside else 2,
        handlelength=KEY_HANDLE,
        borderpad=0.4 if beside else 0.6,
        labelspacing=0.4 if beside else 0.5,
        labelcolor=INK,
        handler_map={Text: _count_handler()},
    )
    key.set_visible(bool(handles))
    return key


def _key_band(options: MapOptions, width: float) -> float:
    """Return the height in layout pixels kept under the map of a portrait or square image for
    its key in two columns: the height of a key with every entry the options could draw (every
    category, the town and approximate symbols, the count, each period), so the map's view does
    not follow the data."""
    return _key_height(options.lang, tuple(options.overlays), width) + 6


@lru_cache(maxsize=64)
def _key_height(lang: str, overlays: tuple, width: float) -> float:
    """Return the height in layout pixels of a two-column key with every entry."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    everything = KeyEntries(tuple(CATEGORIES), True, True, True, overlays)
    with _lock:
        fig = Figure(figsize=(width / DPI, width / DPI), dpi=DPI)
        key = _draw_key(fig, everything, lang, (0, 1), False, width)
        return key.get_window_extent(FigureCanvasAgg(fig).get_renderer()).height


def map_box(options: MapOptions, size: str) -> tuple[float, float, float, float]:
    """Return the map's ``(left, bottom, width, height)`` in shares of the image: the key
    stands beside it in a landscape image and under it otherwise, so it covers no place."""
    width, height = layout_size(size)
    head, foot = _bands(size)
    if width > height:
        return 0.02, foot, 0.96 - KEY_SHARE, 1 - head - foot
    band = _key_band(options, width) / height
    return 0.02, foot + band, 0.96, 1 - head - foot - band


def image_extent(options: MapOptions, size: str) -> tuple[float, float, float, float]:
    """Return ``(west, east, south, north)`` of the map in an image of the preset ``size``."""
    width, height = layout_size(size)
    _, _, box_w, box_h = map_box(options, size)
    preset = options.initial_view()
    return view_extent(preset.center, preset.zoom, box_h * height / (box_w * width))


def image_groups(events: gpd.GeoDataFrame, options: MapOptions, size: str) -> tuple[Group, ...]:
    """Return the event groups an image of the preset ``size`` draws (those inside its view)."""
    west, east, south, north = image_extent(options, size)
    return tuple(
        g for g in group_events(events) if west <= g.lon <= east and south <= g.lat <= north
    )


def _ring_visible(
    lat: float, lon: float, km: float, extent: tuple[float, float, float, float]
) -> bool:
    """Return whether a circle of ``km`` around a point crosses the extent (so it is seen)."""
    west, east, south, north = extent
    kx = 111.32 * math.cos(math.radians(lat))
    near_x = min(max(lon, west), east)
    near_y = min(max(lat, south), north)
    nearest = math.hypot((near_x - lon) * kx, (near_y - lat) * 111.2)
    farthest = max(
        math.hypot((x - lon) * kx, (y - lat) * 111.2) for x in (west, east) for y in (south, north)
    )
    return nearest <= km <= farthest


DASHES = ("8 5", "2 3", "12 3 2 3", "4 4")
"""Dash patterns that tell apart periods drawn in the same way (the live map's are first)."""


KEY_HANDLE = 3.0
"""Length of a key's sample line, in font sizes (matplotlib's default is 2)."""


def key_dashes(dash: tuple[float, ...], width: float, length: float) -> tuple[float, ...]:
    """Return a ring's dash pattern for its key sample of ``length`` points, drawn ``width``
    points wide: shortened, in proportion, until two whole patterns fit the sample. At the ring's
    own scale one dash was longer than the sample, and every dashed period's key read solid."""
    period = sum(dash) * width  # matplotlib scales dashes by the line's width
    shrink = min(1.0, length / (2 * period)) if period else 1.0
    return tuple(math.floor(v * shrink * 1000) / 1000 for v in dash)


def _overlay_styles(overlays) -> dict[str, dict]:
    """Return each overlay's line style: the live map's for its kind, with a dash pattern of its
    own when another overlay of that kind is drawn too (so the key can tell them apart)."""
    styles = {}
    used: dict[str, int] = {}
    for overlay in overlays:
        style = dict(OVERLAY_STYLE[overlay.kind])
        k = used.get(overlay.kind, 0)
        used[overlay.kind] = k + 1
        if k:
            style["dash_array"] = DASHES[k % len(DASHES)]
            style["color"] = ("#D55E00", "#7A4A00", "#000000", "#CC79A7")[k % 4]
        styles[overlay.id] = style
    return styles


def _nice_km(span_km: float) -> float:
    target = span_km / 5
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000):
        if step >= target * 0.7:
            return float(step)
    return 5000.0


@cache
def _text_px(text: str, size: float, bold: bool = False) -> float:
    """Return the width in pixels of one line of ``text`` in the image's font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return width * DPI / 72


def _fit(text: str, max_px: float, size: float, lines: int = 1, bold: bool = False) -> str:
    """Break ``text`` into at most ``lines`` lines no wider than ``max_px`` (measured in the
    font), breaking a word longer than a line and ending a cut text with " …"."""

    def fits(line: str) -> bool:  # 6 % to spare: hinted small text draws a little wider
        return _text_px(line, size, bold) * 1.06 <= max_px

    # invisible format characters (direction marks, zero widths) would be drawn as boxes
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    words: list[str] = []
    for word in filter(None, wrappable(text).split(" ")):  # "12 345", "22 дек. 2011" stay whole
        while not fits(word):  # a word wider than a line: break it where it still fits
            low, high = 1, len(word) - 1  # the longest start that fits, by halving
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if fits(word[:middle]) else (low, middle - 1)
            cut = low
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
        if len(words) > lines * 40:  # far more than the lines hold: measure no further
            break
    out: list[str] = []
    for word in words:
        if out and fits(f"{out[-1]} {word}"):
            out[-1] = f"{out[-1]} {word}"
        elif len(out) < lines:
            out.append(word)
        else:
            last = out[-1]
            while last and not fits(f"{last} …"):
                last = last[:-1].rstrip()
            out[-1] = f"{last} …"
            break
    return "\n".join(out)


def draw_map(
    events: gpd.GeoDataFrame,
    options: MapOptions,
    size: str = "16x9",
    subtitle: str = "",
    credit: str = "",
) -> tuple[
    Figure,
    tuple[Group, ...],
    tuple[float, float, float, float],
    tuple[float, float, float, float] | None,
]:
    """Draw the map figure: outlines, period rings, uncertainty discs, symbols, key, scale, inset.

    Parameters
    ----------
    events : GeoDataFrame
        The filtered events.
    options : MapOptions
        The live map's options (view, labels, overlays shown, outlines, title, language).
    size : str
        A preset of `lib.publish.PRESETS`.
    subtitle, credit : str
        Plain text under the title and at the foot.

    Returns
    -------
    tuple of (Figure, tuple of Group, tuple of float, tuple of float or None)
        The figure, the event groups drawn (those inside the view), the extent, and the
        extent of the locator inset (None when no inset is drawn).
    """
    # matplotlib is imported when an image is made, not when a page loads
    import matplotlib.patheffects as pe
    from matplotlib.figure import Figure
    from matplotlib.patches import Ellipse, Rectangle
    from matplotlib.transforms import offset_copy

    lang = options.lang
    width, height = layout_size(size)
    px = width / LIVE_WIDTH  # layout pixels per live-map pixel
    pt = 72 / DPI  # points per layout pixel
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="#FFFFFF")
    head, foot = _bands(size)
    box = map_box(options, size)
    ax = fig.add_axes(box)
    ax_w, ax_h = box[2] * width, box[3] * height
    preset = options.initial_view()
    west, east, south, north = image_extent(options, size)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("auto")
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
    deg_x = (east - west) / ax_w  # degrees of longitude per image pixel
    deg_y = (north - south) / ax_h
    coslat = math.cos(math.radians(preset.center[0]))

    def disc(lat: float, lon: float, radius_px: float, **style) -> None:
        ax.add_patch(Ellipse((lon, lat), 2 * radius_px * deg_x, 2 * radius_px * deg_y, **style))

    def km_disc(lat: float, lon: float, km: float, **style) -> None:
        dlat = km / 111.2
        dlon = km / (111.2 * math.cos(math.radians(lat)))
        ax.add_patch(Ellipse((lon, lat), 2 * dlon, 2 * dlat, **style))

    outlines = outline_frame(options.outlines)
    if outlines is not None:
        iso3 = outlines["iso3"] if "iso3" in outlines else [None] * len(outlines)
        colours = [LAND_HIGHLIGHT if c in options.highlight_iso3 else LAND for c in iso3]
        _draw_land(ax, outlines, colours, COAST, 0.8 * px, 1)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect("auto")

    groups = group_events(events)
    inside = tuple(g for g in groups if west <= g.lon <= east and south <= g.lat <= north)
    located, _ = split_located(events, ["location_precision", "location_uncertainty_km"])

    # periods: a dashed ring around the town, or a circle of a radius, when the dates overlap
    shown_overlays = [
        o
        for o in options.overlays
        if options.shown_overlays is None or o.id in options.shown_overlays
    ]
    extent = (west, east, south, north)
    seen_overlays = []
    styles = _overlay_styles(shown_overlays)
    outer: dict[tuple[float, float], float] = {}
    for overlay in shown_overlays:
        style = styles[overlay.id]
        if overlay.kind == "town":
            if west <= overlay.lon <= east and south <= overlay.lat <= north:
                seen_overlays.append(overlay)
        elif _ring_visible(overlay.lat, overlay.lon, overlay.radius_km or 0.0, extent):
            seen_overlays.append(overlay)
        dash = tuple(float(v) for v in style["dash_array"].split())
        common = {
            "fill": False,
            "edgecolor": style["color"],
            "linewidth": style["weight"] * px * pt * 1.4,
            "linestyle": (0, dash),
            "zorder": 4,
        }
        if overlay.kind == "town":
            # several periods at one town get rings one inside the other, not on top
            earlier = sum(
                1
                for o in shown_overlays[: shown_overlays.index(overlay)]
                if o.kind == "town" and (o.lat, o.lon) == (overlay.lat, overlay.lon)
            )
            ring = max(22.0, _ring_at(groups, overlay.lat, overlay.lon) + 12) + 7 * earlier
            key = (round(overlay.lat, 5), round(overlay.lon, 5))
            outer[key] = max(outer.get(key, 0.0), ring)
            disc(overlay.lat, overlay.lon, ring * px, **common)
        else:
            km_disc(overlay.lat, overlay.lon, overlay.radius_km or 0.0, **common)
            ax.text(
                overlay.lon,
                overlay.lat + (overlay.radius_km or 0.0) / 111.2,
                _fit(overlay.label, width * 0.25, 9.5, 2),
                ha="center",
                va="bottom",
                fontsize=9.5,
                style="italic",
                color=OVERLAY_TEXT,
                zorder=6,
                clip_on=True,
                path_effects=[pe.withStroke(linewidth=3, foreground="#FFFFFF")],
            )

    # uncertainty of approximate places (events and place labels)
    approx = located[
        (located["location_precision"] == "approximate")
        & located["location_uncertainty_km"].notna()
    ]
    circles: dict[tuple[float, float, float], bool] = {}
    for lat, lon, km in zip(
        approx.geometry.y.round(5),
        approx.geometry.x.round(5),
        approx["location_uncertainty_km"].astype(float),
        strict=True,
    ):
        circles[(float(lat), float(lon), float(km))] = True
    for label in options.labels:
        if label.approximate and label.uncertainty_km:
            circles.setdefault(
                (round(label.lat, 5), round(label.lon, 5), label.uncertainty_km), False
            )
    seen_circles = [c for c in circles if _ring_visible(c[0], c[1], c[2], extent)]
    for (lat, lon, km), filled in circles.items():
        km_disc(
            lat,
            lon,
            km,
            facecolor=(0.33, 0.33, 0.33, 0.08) if filled else "none",
            edgecolor="#555555",
            linewidth=1.5 * px * pt * 1.4,
            linestyle=(0, (5, 5)),
            zorder=3,
        )

    # town-level discs under the ring of symbols
    towns = sorted({(g.lat, g.lon) for g in inside if "town" in g.precisions})
    for lat, lon in towns:
        radius = max(14.0, _ring_at(groups, lat, lon) + 4) * px
        disc(
            lat,
            lon,
            radius,
            facecolor=(1, 1, 1, 0.55),
            edgecolor="#666666",
            linewidth=1.2,
            linestyle=(0, (2, 3)),
            zorder=5,
        )

    # event symbols: one mark per category at a point, on their ring slot, with a count badge
    size_pt = BADGE_PX * px * pt
    for number, group in enumerate(inside):
        colour, shape = STYLE[group.category]
        shift = offset_copy(
            ax.transData,
            fig=fig,
            x=group.slot[0] * px * pt,
            y=-group.slot[1] * px * pt,
            units="points",
        )
        marker = MARKERS[shape]
        scale = 1.25 if marker in ("*", "P") else (0.85 if marker == "D" else 1.0)
        (mark,) = ax.plot(
            [group.lon],
            [group.lat],
            marker=marker,
            markersize=size_pt * 0.82 * scale,
            markerfacecolor=colour,
            markeredgecolor="#222222",
            markeredgewidth=1.2,
            linestyle="none",
            transform=shift,
            zorder=8,
        )
        mark.set_gid(f"event-group-{number}")
        if len(group.ids) > 1:
            ax.annotate(
                str(len(group.ids)),
                xy=(group.lon, group.lat),
                xycoords=shift,
                xytext=(9 * px * pt, 8 * px * pt),
                textcoords="offset points",
                ha="center",
                va="center",
                zorder=9,
                **COUNT_STYLE,
            )

    # place names beside their ring, on the side away from the other named places
    for label, side in zip(options.labels, label_sides(options.labels), strict=True):
        if not (west <= label.lon <= east and south <= label.lat <= north):
            continue
        ring = max(8.0, _ring_at(groups, label.lat, label.lon) + 10)
        ring = max(ring, outer.get((round(label.lat, 5), round(label.lon, 5)), 0.0))
        if label.approximate and label.uncertainty_km:  # beyond its uncertainty's disc
            degrees = label.uncertainty_km / 111.2
            across = deg_y if side in ("north", "south") else deg_x * coslat
            ring = max(ring, degrees / across / px)
        text = label.name
        if label.approximate:
            text += f" ({t('map.approx_short', lang)})"
        # above or below its place, a name has the room of one line (two lines crossed the
        # map's top)
        wide = 0.35 if side in ("north", "south") else 0.2
        ax.annotate(
            _fit(text, width * wide, PLACE_PT, 2, bold=True),
            xy=(label.lon, label.lat),
            xytext=tuple((ring + 8) * px * pt * d for d in _TOWARD[side]),
            textcoords="offset points",
            ha={"west": "right", "east": "left"}.get(side, "center"),
            va={"north": "bottom", "south": "top"}.get(side, "center"),
            fontsize=PLACE_PT,
            fontweight="bold",
            style="italic" if label.approximate else "normal",
            color=TOWN_TEXT,
            zorder=7,
            path_effects=[pe.withStroke(linewidth=3.5, foreground="#FFFFFF")],
        )

    # key: the categories drawn, precision, counts, periods
    entries = KeyEntries(
        categories=tuple(c for c in CATEGORIES if any(g.category == c for g in inside)),
        town=bool(towns),
        approx=bool(seen_circles),
        count=any(len(group.ids) > 1 for group in inside),
        overlays=tuple(seen_overlays),
    )
    beside = width > height
    anchor = (box[0] + box[2] + 0.01, box[1] + box[3]) if beside else (0.02, box[1])
    key = _draw_key(fig, entries, lang, anchor, beside, width, KEY_PT, styles)
    if beside:  # a long key beside the map is set smaller, never below KEY_LEAST_PT
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
        size = KEY_PT
        while key.get_window_extent(renderer).y0 < box[1] * fig.bbox.height and size > KEY_LEAST_PT:
            key.remove()
            size -= 0.5
            key = _draw_key(fig, entries, lang, anchor, beside, width, size, styles)

    # scale bar, bottom right
    span_km = (east - west) * 111.32 * coslat
    km = _nice_km(span_km)
    bar = km / span_km
    x1 = 0.97
    ax.plot([x1 - bar, x1], [0.05, 0.05], transform=ax.transAxes, color=INK, lw=3,
                          zorder=12, solid_capstyle="butt")  # fmt: skip
    ax.text(x1 - bar / 2, 0.065, t("publish.map.scale", lang, km=f"{km:g}"),
                         transform=ax.transAxes, ha="center", va="bottom", fontsize=9, color=INK,
                         zorder=12, path_effects=[pe.withStroke(linewidth=3, foreground="#FFFFFF")])  # fmt: skip

    # inset: where the view lies in the whole highlighted country (coarse outlines of it)
    located_in = outline_frame(options.inset)
    if located_in is None or "iso3" not in located_in:
        located_in = outlines
    inset_box = None
    if located_in is not None and options.highlight_iso3 and "iso3" in located_in:
        country = located_in[located_in["iso3"].isin(options.highlight_iso3)]
        if not country.empty:
            side = 0.26 if width > height else 0.34
            box_h = side * ax_w / ax_h * 0.5  # axes fraction; 2:1 in pixels
            inset = ax.inset_axes((1 - side - 0.01, 1 - box_h - 0.01, side, box_h))
            inset_box = inset_extent(tuple(country.total_bounds), (west, east, south, north), 0.5)
            chosen = [c in options.highlight_iso3 for c in located_in["iso3"]]
            colours = [LAND_HIGHLIGHT if c else LAND for c in chosen]
            _draw_land(inset, located_in, colours, COAST, 0.4, 1)
            _draw_land(inset, located_in, "none", "#555555", 0.9, 2, rows=chosen)  # its border
            inset.set_xlim(inset_box[0], inset_box[1])
            inset.set_ylim(inset_box[2], inset_box[3])
            inset.set_aspect("auto")
            inset.set_facecolor(SEA)
            inset.set_xticks([])
            inset.set_yticks([])
            inset.set_xlabel("")
            inset.set_ylabel("")
            inset.add_patch(Rectangle((west, south), east - west, north - south, fill=False,
                                      edgecolor="#D55E00", linewidth=2))  # fmt: skip
            for spine in inset.spines.values():
                spine.set_edgecolor("#777777")
            name = _country_name(country, lang)
            if name:
                where = country.geometry.union_all().representative_point()
                name = _fit(name, side * ax_w * 0.9, 8.5, bold=True)
                inset.text(where.x, where.y, name, ha="center",
                           va="center", fontsize=8.5, color=INK, fontweight="bold",
                           path_effects=[pe.withStroke(linewidth=2.5, foreground="#FFFFFF")])  # fmt: skip
            inset.set_zorder(13)

    # title, subtitle, credit
    line = width * 0.96
    fig.text(0.02, 1 - 10 / height, _fit(options.title, line, 17, bold=True), ha="left", va="top",
             fontsize=17, fontweight="bold", color=INK)  # fmt: skip
    fig.text(0.02, 1 - 40 / height, _fit(subtitle, line, 9.5, 2), ha="left", va="top",
             fontsize=9.5, color=MUTED, linespacing=1.3)  # fmt: skip
    fig.text(0.02, foot - 6 / height, _fit(credit, line, 8, 3), ha="left", va="top",
             fontsize=8, color=MUTED, linespacing=1.25)  # fmt: skip
    return fig, inside, (west, east, south, north), inset_box


_TOWARD = {"east": (1, 0), "west": (-1, 0), "north": (0, 1), "south": (0, -1)}
"""Which way a place's name is moved from its point, for each side it is written on."""


def render_map(
    events: gpd.GeoDataFrame,
    options: MapOptions,
    size: str = "16x9",
    fmt: str = "png",
    subtitle: str = "",
    credit: str = "",
) -> MapImage:
    """Return the map as a PNG or SVG of the preset's pixel size (text in an SVG stays text).

    Raises
    ------
    ValueError
        If ``fmt`` is not ``png`` or ``svg``.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg, got {fmt!r}")
    import matplotlib

    width, height = preset_size(size)
    with (
        _lock,
        matplotlib.rc_context({"svg.fonttype": "none", "font.family": FONT, "svg.hashsalt": "map"}),
    ):
        fig, groups, extent, inset_box = draw_map(events, options, size, subtitle, credit)
        buffer = io.BytesIO()
        if fmt == "png":
            fig.savefig(
                buffer, format="png", dpi=DPI * CHART_SCALE, pil_kwargs={"compress_level": 3}
            )
        else:
            fig.savefig(
                buffer, format="svg", dpi=DPI * CHART_SCALE, metadata={"Title": options.title}
            )
    data = buffer.getvalue()
    if fmt == "svg":
        data = _svg_pixels(data, width, height, options.title)
    return MapImage(data, groups, extent, inset_box)


def _svg_pixels(svg: bytes, width: int, height: int, title: str) -> bytes:
    """Give the SVG its size in pixels (matplotlib writes points) and keep its viewBox."""
    text = svg.decode("utf-8")
    text = re.sub(r'width="[0-9.]+pt"', f'width="{width}"', text, count=1)
    text = re.sub(r'height="[0-9.]+pt"', f'height="{height}"', text, count=1)
    # a reader without DejaVu Sans (Windows, macOS) got a serif face: name fallbacks
    text = text.replace(f"font-family: '{FONT}'", f"font-family: {SVG_FONTS}")
    del title
    return text.encode("utf-8")


def drawn_ids(groups: tuple[Group, ...]) -> frozenset[str]:
    """Return the ids of the events ``groups`` draw."""
    return frozenset(i for g in groups for i in g.ids)


def drawn_events(events: gpd.GeoDataFrame, groups: tuple[Group, ...]) -> gpd.GeoDataFrame:
    """Return the events an image draws (those of its ``groups``): what its credit names."""
    return events.loc[in_set(events["id"], drawn_ids(groups))]


def map_credit(drawn: pd.DataFrame, sources: pd.DataFrame, info: Any, lang: str = "en") -> str:
    """Return a map image's credit: the publishers of the events it draws (``drawn_events``),
    the outlines' source, the dashboard's and the data's credit.

    An image of Aktau named the publishers of every event the filters kept.
    """
    named = credit_line(drawn, sources, lang, limit=4)
    return f"{named} {t('publish.map.outlines', lang)} {data_credit(info, lang)}"


def map_subtitle(
    events: gpd.GeoDataFrame,
    groups: tuple[Group, ...],
    total: int,
    filters: str,
    lang: str = "en",
) -> str:
    """Return the map's subtitle: the dates of the events drawn, how many, and the filters."""
    drawn = drawn_events(events, groups)[["t0", "t1", "time_precision"]]
    days = drawn_days(drawn)
    dates = (
        t(
            "publish.drawn.events",
            lang,
            span=span_text(*days, lang=lang, months=month_only_ends(drawn, *days)),
        )
        if days
        else t("publish.drawn.none", lang)
    )
    unplaced = int((~located_mask(events)).sum())
    parts = [dates, t("publish.map.count", lang, n=len(drawn), total=total)] if days else [dates]
    if unplaced:
        parts.append(t("publish.map.unplaced", lang, n=unplaced))
    return join_parts([*parts, filters])


def groups_in_view(events: gpd.GeoDataFrame, options: MapOptions) -> tuple[Group, ...]:
    """Return the event groups inside the view the live map opens on."""
    preset = options.initial_view()
    west, east, south, north = view_extent(preset.center, preset.zoom, LIVE_HEIGHT / LIVE_WIDTH)
    return tuple(
        g for g in group_events(events) if west <= g.lon <= east and south <= g.lat <= north
    )
