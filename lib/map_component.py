"""A folium map sent through streamlit-folium's component, rendered once and then reused.

``st_folium`` renders its map (folium's templates, a few hundred KB of script at 10,000 events)
on every run of the page. ``render_parts`` does that rendering once, so a page can keep the
result in a shared cache (``lib.cache.built``); ``show_map`` then sends the parts with exactly
the arguments ``st_folium`` would send (``tests/test_map_component.py`` compares the two), the
selection ring added on each run as ``st_folium``'s ``feature_group_to_add`` does. One difference:
the initial click counter is 0, as the frame's script starts it (``st_folium`` says None, so
the frame reported a "change" as soon as it had drawn and the whole page ran again).
Written against streamlit-folium 0.27.4 (pinned in requirements.txt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

_DEFAULTS = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "bounds",
    "zoom",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)
"""The keys of ``st_folium``'s initial value, in its order."""


@dataclass(frozen=True)
class MapParts:
    """What ``st_folium`` renders from a map: its script, page head and body, asset links, view."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict[str, dict[str, float | None]]
    zoom: Any


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    def walk(element: Any) -> Iterable[Any]:
        if isinstance(element, (branca.colormap.ColorMap, folium.elements.JSCSSMixin)):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    css: list[str] = []
    js: list[str] = []
    for element in walk(m):
        if isinstance(element, branca.colormap.ColorMap):  # as st_folium does
            js[:0] = [
                "https://d3js.org/d3.v4.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            ]
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def render_parts(m: folium.Map) -> MapParts:
    """Render ``m`` as ``st_folium`` does before sending it (the map is changed by rendering).

    Parameters
    ----------
    m : folium.Map
        A map, e.g. from ``lib.map_frame.frame_map``; not a DualMap or Figure.

    Returns
    -------
    MapParts
        Plain strings and values, safe to share between sessions.
    """
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    try:
        (south, west), (north, east) = m.get_bounds()
    except AttributeError:
        south = west = north = east = None
    return MapParts(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        css_links=tuple(css),
        js_links=tuple(js),
        bounds={
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        zoom=m.options.get("zoom"),
    )


def _feature_group_script(layers: list[folium.FeatureGroup]) -> str:
    host = folium.Map(tiles=None)  # stands in for the shown map: its name becomes map_div
    return "".join(
        sf._get_feature_group_string(layer, map=host, idx=idx) for idx, layer in enumerate(layers)
    )


def show_map(
    parts: MapParts,
    key: str,
    height: int = 700,
    width: int | None = 500,
    returned_objects: Iterable[str] | None = None,
    feature_group_to_add: folium.FeatureGroup | list[folium.FeatureGroup] | None = None,
    use_container_width: bool = False,
    on_change: Callable[[], None] | None = None,
) -> dict[str, Any] | None:
    """Show a rendered map as ``st_folium`` would show the map it came from.

    Parameters
    ----------
    parts : MapParts
        From :func:`render_parts` (possibly shared with other sessions).
    key, height, width, returned_objects, feature_group_to_add, use_container_width, on_change
        As for ``st_folium``.

    Returns
    -------
    dict or None
        What the map returns (``returned_objects`` of the last interaction).
    """
    returned = list(returned_objects) if returned_objects is not None else None
    initial = {
        "last_object_clicked_count": 0,  # what the frame first reports: no rerun when drawn
        "bounds": parts.bounds,
        "zoom": parts.zoom,
    }
    defaults = {k: initial.get(k) for k in _DEFAULTS if returned is None or k in returned}
    feature_group = None
    if feature_group_to_add is not None:
        layers = (
            [feature_group_to_add]
            if isinstance(feature_group_to_add, folium.FeatureGroup)
            else list(feature_group_to_add)
        )
        feature_group = _feature_group_script(layers)
    hash_key = sf.generate_js_hash(parts.script, key, False)

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return sf._component_func(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.map_id,
        key=hash_key,
        height=height,
        width=None if use_container_width else width,
        returned_objects=returned,
        default=defaults,
        zoom=None,
        center=None,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(parts.css_links),
        js_links=list(parts.js_links),
        on_change=_on_change,
        wrap_longitude=False,
    )
