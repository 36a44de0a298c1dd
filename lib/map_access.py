"""Make the events map usable without a mouse: named symbols and controls, keys, page zoom."""

from __future__ import annotations

import re
from typing import Any

import folium
from folium.elements import JSCSSMixin

from lib.i18n import t, tn

STATIC_JS = "/app/static/map-access.js"
STATIC_CSS = "/app/static/map-access.css"
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
"""The viewport tag the map's page gets: readers may zoom it (WCAG 1.4.4)."""
_VIEWPORT = re.compile(r'<meta\s+name="viewport"[^>]*>', re.IGNORECASE)


def symbol_label(
    category: str,
    n: int,
    place: str,
    lang: str = "en",
    when: str = "",
    cell_km: int | None = None,
) -> str:
    """Return the plain-text name a screen reader says for an event symbol on the map.

    Parameters
    ----------
    category : str
        The symbol's category (``category.<value>`` catalogue key).
    n : int
        How many events the symbol holds.
    place : str
        Where it is, in the reader's language (from the data).
    lang : str
        Interface language.
    when : str
        For a single event, when it happened (``lib.format.event_when``).
    cell_km : int, optional
        For lone events counted together in a grid cell, the cell's size in km.

    Returns
    -------
    str
        E.g. ``Detention in Aktau, 17 December 2011 (to the day)`` for one event,
        ``Detention: 4 events in Zhanaozen`` for a group. Plain text, set as an attribute.
    """
    name = t(f"category.{category}", lang)
    if cell_km is not None:
        return tn("map.symbol.cell", n, lang, category=name, km=cell_km)
    if n == 1:
        return t("map.symbol.event", lang, category=name, place=place, when=when)
    return tn("map.symbol.group", n, lang, category=name, place=place)


class ZoomableMap(folium.Map):
    """folium's map without the viewport tag that stops readers from zooming the page.

    ``folium.Map`` writes ``maximum-scale=1.0, user-scalable=no`` into the page head, which
    streamlit-folium copies into its frame.
    """

    def render(self, **kwargs: Any) -> None:
        """Render as folium does, then replace the viewport tag in the page head."""
        super().render(**kwargs)
        header = self.get_root().header
        name = self.get_name()
        element = header._children.get(name)
        if element is not None:
            html = _VIEWPORT.sub(ZOOMABLE_VIEWPORT, element.render())
            header.add_child(folium.Element(html), name=name)


class Access(JSCSSMixin, folium.MacroElement):
    """Name the map (a labelled region), its zoom, layer and popup-close buttons, and ring them
    on keyboard focus (``static/map-access.js``, ``static/map-access.css``).

    Add it after the layer control. Event symbols name themselves and answer Enter and Space
    through ``mapAccess.symbol`` (called from ``lib.map_view.POINT_TO_LAYER``).
    """

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        window.mapAccess.frame({{ this._parent.get_name() }}, {{ this.texts|tojson }});
        {% endmacro %}
        """
    )
    default_js = [("map_access_js", STATIC_JS)]
    default_css = [("map_access_css", STATIC_CSS)]

    def __init__(self, title: str, lang: str = "en") -> None:
        super().__init__()
        self._name = "Access"
        self.texts = {
            "region": t("map.frame.label", lang, title=title),
            "zoomIn": t("map.zoom_in", lang),
            "zoomOut": t("map.zoom_out", lang),
            "layers": t("map.layers", lang),
            "close": t("map.popup.close", lang),
            "toEvent": t("map.keys.event_beside", lang),
            "toGroup": t("map.keys.group_beside", lang),
            "leaflet": t("map.leaflet_title", lang),
            "lang": lang,
        }
