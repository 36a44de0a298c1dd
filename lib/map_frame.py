"""Frame the events map on its view at any size, ring selected events, offer fullscreen."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen

from lib.i18n import t
from lib.map_view import BADGE_PX, group_events, split_located
from lib.offline_assets import localize
from lib.schema import MapView

Bounds = tuple[tuple[float, float], tuple[float, float]]
"""``((south, west), (north, east))`` in degrees, as Leaflet takes them."""

REFERENCE_PX = (960, 640)
"""A preset's bounds are what its centre and zoom show in a map of this many pixels."""
EVENT_MARGIN = 0.15
"""Share of the events' extent added on each side, so edge symbols and their labels stay inside."""
MIN_EXTENT = 0.05
"""Smallest extent, in degrees, a box around events is given (one town is a single point)."""
RING_PX = BADGE_PX + 16

STATIC_JS = "/app/static/map-frame.js"
STATIC_CSS = "/app/static/map-frame.css"


def _mercator_y(lat: float) -> float:
    rad = math.radians(lat)
    return math.log(math.tan(math.pi / 4 + rad / 2))


def _lat_from_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def preset_bounds(view: MapView, size: tuple[int, int] = REFERENCE_PX) -> Bounds:
    """Return the box a preset view shows: its centre and zoom in a ``size`` pixel map.

    Parameters
    ----------
    view : MapView
        A preset from ``dataset.json`` (``center`` is latitude, longitude).
    size : tuple of int
        Width and height in pixels of the reference map.

    Returns
    -------
    Bounds
        ``((south, west), (north, east))``; the map then fits this box at whatever size it has.
    """
    lat, lon = view.center
    world = 256 * 2**view.zoom  # pixels around the world at this zoom
    half_lon = size[0] / 2 * 360 / world
    half_y = size[1] / 2 * 2 * math.pi / world
    y = _mercator_y(lat)
    south, north = _lat_from_y(y - half_y), _lat_from_y(y + half_y)
    return (
        (max(south, -85.0), max(lon - half_lon, -180.0)),
        (min(north, 85.0), min(lon + half_lon, 180.0)),
    )


def _located_extent(events: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    """Return ``(west, south, east, north)`` of the located events, or None when none has a point."""
    located, _ = split_located(events, [])
    return None if located.empty else tuple(float(v) for v in located.total_bounds)


def _padded(extent: tuple[float, float, float, float] | None) -> Bounds | None:
    """Return a box around ``extent`` with a margin (so edge symbols stay inside), or None."""
    if extent is None:
        return None
    west, south, east, north = extent
    pad_lat = max((north - south) * EVENT_MARGIN, MIN_EXTENT)
    pad_lon = max((east - west) * EVENT_MARGIN, MIN_EXTENT)
    return (
        (max(south - pad_lat, -85.0), max(west - pad_lon, -180.0)),
        (min(north + pad_lat, 85.0), min(east + pad_lon, 180.0)),
    )


def union(*boxes: Bounds | None) -> Bounds | None:
    """Return the smallest box holding every given box (None ones are skipped)."""
    found = [b for b in boxes if b is not None]
    if not found:
        return None
    return (
        (min(b[0][0] for b in found), min(b[0][1] for b in found)),
        (max(b[1][0] for b in found), max(b[1][1] for b in found)),
    )


def map_frames(
    view: MapView, events: gpd.GeoDataFrame, first: bool
) -> tuple[Bounds, Bounds | None]:
    """Return the box the map fits, and the box a narrow map fits (or None).

    The map fits the preset's box; a dataset's ``first`` (default) view fits the filtered
    events too, so nothing drawn falls outside it, while a town view keeps to its town.
    A narrow map's box, in the first view only, is the located events' points (the map pads
    it for their rings of symbols) when they spread over a quarter of the preset's width or
    more (several towns); else None, the preset's box: a phone zoomed on one town-level point
    would claim a precision the data does not have. One pass over the located events.
    """
    box = preset_bounds(view)
    if not first:
        return box, None
    extent = _located_extent(events)
    frame = union(box, _padded(extent)) or box
    if extent is None:
        return frame, None
    west, south, east, north = extent
    full = box[1][1] - box[0][1]
    narrow = ((south, west), (north, east)) if full / 4 <= east - west < full else None
    return frame, narrow


def bbox_bounds(bbox: Iterable[float]) -> Bounds:
    """Turn ``[south, west, north, east]`` into ``((south, west), (north, east))``."""
    south, west, north, east = (float(v) for v in bbox)
    return ((south, west), (north, east))


class _Frame(JSCSSMixin, folium.MacroElement):
    """Fit the map to a box now and whenever its size changes (``static/map-frame.js``)."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        window.frameMap({{ this._parent.get_name() }}, {{ this.bounds }}, {{ this.options }});
        {% endmacro %}
        """
    )
    default_js = [("map_frame_js", STATIC_JS)]
    default_css = [("map_frame_css", STATIC_CSS)]

    def __init__(
        self,
        bounds: Bounds,
        projector: bool = False,
        compact: bool = False,
        narrow: Bounds | None = None,
    ) -> None:
        super().__init__()
        self._name = "Frame"
        self.bounds = json.dumps([list(bounds[0]), list(bounds[1])])
        classes = " ".join(c for c, on in (("projector", projector), ("compact", compact)) if on)
        options: dict[str, Any] = {"className": classes}
        if narrow is not None:
            options["narrow"] = [list(narrow[0]), list(narrow[1])]
        # inside a <script>: no "</" may close it early
        self.options = json.dumps(options).replace("</", "<\\/")


def frame_map(
    m: folium.Map,
    bounds: Bounds,
    lang: str = "en",
    projector: bool = False,
    compact: bool = False,
    narrow: Bounds | None = None,
) -> folium.Map:
    """Fit ``m`` to ``bounds`` at any size, add a fullscreen button, and the projector style.

    Parameters
    ----------
    m : folium.Map
        A map from ``lib.map_view.build_map``.
    bounds : Bounds
        The box to show.
    lang : str
        Language of the fullscreen button's labels.
    projector : bool
        Figure text of at least 18 px and larger symbols (``static/map-frame.css``).
    compact : bool
        Keep the map's title line and fold its legend and credit away (a small map whose
        page shows the credit, as the Present page does).
    narrow : Bounds, optional
        The box to fit instead on a map narrower than 480 px (``static/map-frame.js``), e.g. the
        events' own box for a dataset's wide first view.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    localize(
        Fullscreen(
            position="topleft",
            title=t("map.fullscreen", lang),
            title_cancel=t("map.fullscreen.exit", lang),
        )
    ).add_to(m)
    _Frame(bounds, projector, compact, narrow).add_to(m)
    return m


def selection_ring(events: gpd.GeoDataFrame, event_ids: Iterable[str]) -> folium.FeatureGroup:
    """Return a layer ringing the symbols that hold any of ``event_ids`` (empty when none is drawn).

    The ring is placed like the symbol (the same point and pixel offset, see
    ``lib.map_view.group_events``), under it, and lets clicks through. Give it to ``st_folium``
    as ``feature_group_to_add``, so a new selection moves the ring without redrawing the map.
    """
    wanted = set(event_ids)
    layer = folium.FeatureGroup(name="selected", control=False)
    half = RING_PX / 2
    for group in group_events(events) if wanted else []:
        if wanted.isdisjoint(group.ids):
            continue
        dx, dy = group.slot
        folium.Marker(
            location=(group.lat, group.lon),
            icon=folium.DivIcon(
                html="<span></span>",
                class_name="sel-ring",
                icon_size=(RING_PX, RING_PX),
                icon_anchor=(half - dx, half - dy),
            ),
            interactive=False,
            keyboard=False,  # a mark, not a control: no tab stop
            z_index_offset=-1000,
        ).add_to(layer)
    return layer


class _StepView(folium.MacroElement):
    """Show a step on a map drawn for every step (``static/map-frame.js``: ``showStep``)."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        window.showStep({{ this._parent._parent.get_name() }}, {{ this.bounds }}, {{ this.refs }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Bounds, refs: list[str]) -> None:
        super().__init__()
        self._name = "StepView"
        self.bounds = json.dumps([list(bounds[0]), list(bounds[1])])
        # ids and categories are checked to be plain words; escaped all the same, as _Frame's are
        self.refs = json.dumps(refs).replace("</", "<\\/")


def step_view(
    events: gpd.GeoDataFrame, event_ids: Iterable[str], bounds: Bounds
) -> folium.FeatureGroup:
    """Return a layer that shows one step on a map of all its steps: the symbols holding any of
    ``event_ids`` in full, the others faded (as ``MapOptions.highlight`` draws them), and
    ``bounds`` framed.

    Give it to ``st_folium`` beside the selection ring as ``feature_group_to_add``: the step
    changes without a new map (a new map's frame was blank for 0.2-0.4 s at every step).
    """
    wanted = set(event_ids)
    refs = [group.ref for group in group_events(events) if not wanted.isdisjoint(group.ids)]
    layer = folium.FeatureGroup(name="step", control=False)
    _StepView(bounds, refs).add_to(layer)
    return layer


def ring_positions(layer: folium.FeatureGroup) -> list[tuple[float, float]]:
    """Return where a ring layer's rings are (latitude, longitude), for tests."""
    return [tuple(child.location) for child in layer._children.values()]


def frame_of(script: str) -> Any:
    """Return the box a rendered map script frames (``frameMap`` call), or None."""
    marker = "window.frameMap("
    start = script.find(marker)
    if start < 0:
        return None
    start = script.index(",", start) + 1
    data, _ = json.JSONDecoder().raw_decode(script[start:].lstrip())
    return data
