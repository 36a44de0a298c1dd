"""Build the events map (folium, no tiles needed) and map its clicks back to events."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from lib.format import event_when, html_escape
from lib.i18n import t
from lib.offline_assets import localize
from lib.schema import Category, MapInfo, MapView, Place

OUTLINES_FILE = "outlines.geojson"
"""Optional land outlines in a data directory, drawn under the events (no tiles needed)."""

MIN_ZOOM, MAX_ZOOM = 5, 14

# Okabe–Ito colours, each category also with its own shape (or colour+shape pair).
STYLE: dict[str, tuple[str, str]] = {
    Category.PROTEST: ("#E69F00", "circle"),
    Category.VIOLENCE: ("#D55E00", "triangle"),
    Category.DETENTION: ("#0072B2", "square"),
    Category.ILL_TREATMENT: ("#CC79A7", "diamond"),
    Category.OFFICIAL_STATEMENT: ("#000000", "hexagon"),
    Category.COMMUNICATIONS: ("#009E73", "triangle_down"),
    Category.RESTRICTION: ("#F0E442", "plus"),
    Category.INVESTIGATION: ("#56B4E9", "pentagon"),
    Category.TRIAL: ("#0072B2", "star"),
    Category.REACTION: ("#009E73", "diamond"),
    Category.CONTEXT: ("#999999", "square"),
}
CATEGORIES = [c.value for c in Category]

# Town-level groups sit on a ring around the town point, one fixed slot per category.
RING_PX = 36
BADGE_PX = 22
POPUP_LIMIT = 8
REF = re.compile(r"⟦(e|g):([^⟧]{1,200})⟧")


@dataclass(frozen=True)
class TownLabel:
    """A town name drawn on the map; ``approximate`` towns carry their uncertainty."""

    name: str
    lat: float
    lon: float
    approximate: bool = False
    uncertainty_km: float | None = None


@dataclass(frozen=True)
class MapOverlay:
    """A period drawn on the map around a place: a ring at a town or a circle of a radius."""

    id: str
    kind: str
    lat: float
    lon: float
    label: str
    description: str
    source_names: tuple[str, ...]
    start: datetime
    end: datetime
    radius_km: float | None = None
    approximate: bool = False


WORLD = MapView(id="world", label_en="World", center=(20.0, 0.0), zoom=2)


@dataclass(frozen=True)
class MapOptions:
    """What the map shows besides the events.

    Parameters
    ----------
    lang : str
        Interface language.
    title : str
        Drawn inside the map, above the subtitle.
    views : sequence of MapView
        Preset views; ``view`` names one of them (default: the first).
    view : str, optional
        Initial preset view.
    subtitle : str
        The filters in force, drawn under the title inside the map.
    sources : DataFrame, optional
        ``sources.csv`` rows, for source links in popups and the credit line.
    labels : sequence of TownLabel
        Place names to draw.
    overlays : sequence of MapOverlay
        Periods the map can show; each is a layer in the layer control.
    shown_overlays : frozenset of str, optional
        Ids of the overlays switched on at first (default: all).
    outlines : Path, optional
        GeoJSON of land outlines to draw under everything.
    highlight_iso3 : tuple of str
        Countries (``iso3`` property of the outlines) drawn in a lighter land colour.
    online_tiles : bool
        Offer OpenStreetMap tiles as an optional layer, off by default.
    """

    lang: str = "en"
    title: str = "Events"
    views: Sequence[MapView] = (WORLD,)
    view: str | None = None
    subtitle: str = ""
    sources: pd.DataFrame | None = field(default=None, compare=False)
    labels: Sequence[TownLabel] = ()
    overlays: Sequence[MapOverlay] = ()
    shown_overlays: frozenset[str] | None = None
    outlines: Path | None = None
    highlight_iso3: tuple[str, ...] = ()
    online_tiles: bool = True

    def initial_view(self) -> MapView:
        """Return the preset view to open on.

        Raises
        ------
        KeyError
            If ``view`` names no preset view.
        """
        if self.view is None:
            return self.views[0]
        for preset in self.views:
            if preset.id == self.view:
                return preset
        raise KeyError(f"view {self.view!r} is not one of {[v.id for v in self.views]}")


@dataclass(frozen=True)
class Group:
    """Events of one category drawn at one point."""

    lat: float
    lon: float
    category: str
    ids: tuple[str, ...]
    precisions: tuple[str, ...]
    slot: tuple[int, int]

    @property
    def ref(self) -> str:
        """The reference a click carries back: ``e:<id>`` for one event, else ``g:<lat>,<lon>,<cat>``."""
        if len(self.ids) == 1:
            return f"e:{self.ids[0]}"
        return f"g:{self.lat:.5f},{self.lon:.5f},{self.category}"


def overlaps(period: tuple[datetime, datetime], start: date | None, end: date | None) -> bool:
    """Return whether a period overlaps the days ``start``..``end`` (open ends allowed)."""
    first = datetime.combine(start, datetime.min.time()) if start else datetime.min
    last = datetime.combine(end, datetime.max.time()) if end else datetime.max
    return period[0] <= last and period[1] >= first


def split_located(events: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split events into those with a point and those with no place on the map."""
    has_point = events.geometry.notna() & ~events.geometry.is_empty
    return events[has_point], events[~has_point]


def _ring_radius(count: int) -> float:
    return 0.0 if count <= 1 else max(RING_PX, count * (BADGE_PX + 10) / (2 * math.pi))


def _slot(index: int, count: int) -> tuple[int, int]:
    if count <= 1:
        return (0, 0)
    radius = _ring_radius(count)
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (round(radius * math.cos(angle)), round(radius * math.sin(angle)))


def group_events(events: gpd.GeoDataFrame) -> list[Group]:
    """Group located events by point and category (town-level events share their town's point).

    Points holding more than one category spread their groups evenly on a ring of pixel offsets
    (in category order), so the offsets never pretend to be places.
    """
    located, _ = split_located(events)
    if located.empty:
        return []
    frame = pd.DataFrame(
        {
            "id": located["id"].to_numpy(),
            "lat": located.geometry.y.round(5).to_numpy(),
            "lon": located.geometry.x.round(5).to_numpy(),
            "category": located["category"].to_numpy(),
            "precision": located["location_precision"].to_numpy(),
        }
    )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    present = frame.groupby(["lat", "lon"])["category"].agg(
        lambda cats: sorted(set(cats), key=order.__getitem__)
    )
    groups = []
    for (lat, lon, category), rows in frame.groupby(["lat", "lon", "category"], sort=True):
        here = present[(lat, lon)]
        groups.append(
            Group(
                lat=float(lat),
                lon=float(lon),
                category=str(category),
                ids=tuple(rows["id"]),
                precisions=tuple(sorted(set(rows["precision"]))),
                slot=_slot(here.index(category), len(here)),
            )
        )
    return groups


def labels_from_places(places: Sequence[Place]) -> tuple[TownLabel, ...]:
    """Return the place labels a dataset's ``map.places`` names, approximate ones marked."""
    return tuple(
        TownLabel(
            p.name_en,
            p.position[0],
            p.position[1],
            approximate=p.precision == "approximate",
            uncertainty_km=p.uncertainty_km,
        )
        for p in places
    )


def overlays_from_info(
    info: MapInfo, events: gpd.GeoDataFrame, sources: pd.DataFrame
) -> tuple[MapOverlay, ...]:
    """Resolve a dataset's overlays: centre from its place, period from its event's span.

    ``events`` is the whole dataset (an overlay's period does not depend on the filters).
    """
    places = {p.name_en: p.position for p in info.map.places}
    spans = events.set_index("id")[["t0", "t1"]]
    publishers = sources.set_index("id")["publisher"] if not sources.empty else pd.Series()
    found = []
    for overlay in info.map.overlays:
        if overlay.event_id not in spans.index or overlay.place not in places:
            continue
        lat, lon = places[overlay.place]
        start, end = spans.loc[overlay.event_id]
        names = tuple(
            dict.fromkeys(str(publishers.get(r.source, r.source)) for r in overlay.sources)
        )
        found.append(
            MapOverlay(
                id=overlay.id,
                kind=overlay.kind,
                lat=lat,
                lon=lon,
                label=overlay.label_en,
                description=overlay.description_en,
                source_names=names,
                start=start.to_pydatetime(),
                end=end.to_pydatetime(),
                radius_km=overlay.radius_km,
                approximate=overlay.approximate,
            )
        )
    return tuple(found)


def _place_name(group: Group, events: pd.DataFrame, labels: Sequence[TownLabel]) -> str:
    for label in labels:
        if abs(label.lat - group.lat) < 0.02 and abs(label.lon - group.lon) < 0.02:
            return label.name
    places = events["place"].dropna()
    return str(places.mode().iloc[0]) if not places.empty else f"{group.lat:.3f}, {group.lon:.3f}"


def _source_links(event: Mapping[str, Any], sources: pd.DataFrame | None) -> str:
    links = []
    table = sources.set_index("id") if sources is not None and not sources.empty else None
    for ref in event["sources"]:
        locator = html_escape(ref["locator"])
        if table is not None and ref["source"] in table.index:
            source = table.loc[ref["source"]]
            links.append(
                f'<a href="{html_escape(source["url"])}" target="_blank" rel="noopener noreferrer">'
                f"{html_escape(source['publisher'])}</a> ({locator})"
            )
        else:
            links.append(f"{html_escape(ref['source'])} ({locator})")
    return "; ".join(links)


def _event_html(event: Mapping[str, Any], lang: str, sources: pd.DataFrame | None) -> str:
    who = t(f"claimant_type.{event['claimant_type']}", lang)
    return (
        f'<div class="ev-when">{html_escape(event_when(event, lang))}</div>'
        f'<div class="ev-title">{html_escape(event["title_en"])}</div>'
        f"<div>{html_escape(t('map.claimed_by', lang))}: {html_escape(event['claimant'])} "
        f"({html_escape(who)})</div>"
        f'<div class="ev-src">{html_escape(t("detail.sources", lang))}: '
        f"{_source_links(event, sources)}</div>"
    )


def _precision_text(group: Group, rows: pd.DataFrame, lang: str) -> str:
    parts = []
    for precision in group.precisions:
        text = t(f"location_precision.{precision}", lang)
        if precision == "approximate":
            radii = rows.loc[rows["location_precision"] == "approximate", "location_uncertainty_km"]
            if radii.notna().any():
                text += " " + t("map.within_km", lang, km=f"{radii.max():g}")
        parts.append(text)
    return "; ".join(parts)


def _group_feature(group: Group, rows: pd.DataFrame, options: MapOptions) -> dict[str, Any]:
    lang = options.lang
    place = html_escape(_place_name(group, rows, options.labels))
    category = html_escape(t(f"category.{group.category}", lang))
    precision = html_escape(_precision_text(group, rows, lang))
    hidden = f'<span style="display:none">⟦{html_escape(group.ref)}⟧</span>'
    records = rows.to_dict("records")
    if len(records) == 1:
        event = records[0]
        tip = (
            f'<div class="ev-when">{html_escape(event_when(event, lang))}</div>'
            f'<div class="ev-title">{html_escape(event["title_en"])}</div>'
            f"<div>{html_escape(t('map.claimed_by', lang))}: {html_escape(event['claimant'])}</div>"
            f'<div class="ev-meta">{category} · {place} · {precision}</div>{hidden}'
        )
        popup = _event_html(event, lang, options.sources)
    else:
        count = html_escape(
            t(
                "map.group_count",
                lang,
                n=len(records),
                category=t(f"category.{group.category}", lang),
            )
        )
        tip = (
            f'<div class="ev-title">{place}</div><div>{count}</div>'
            f'<div class="ev-meta">{precision}</div>'
            f'<div class="ev-meta">{html_escape(t("map.click_list", lang))}</div>{hidden}'
        )
        shown = "".join(
            f"<li>{_event_html(e, lang, options.sources)}</li>" for e in records[:POPUP_LIMIT]
        )
        more = len(records) - POPUP_LIMIT
        extra = (
            f'<p class="ev-meta">{html_escape(t("map.more_beside", lang, n=more))}</p>'
            if more > 0
            else ""
        )
        popup = (
            f'<div class="ev-title">{place} — {count}</div><ol class="ev-list">{shown}</ol>{extra}'
        )
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [group.lon, group.lat]},
        "properties": {
            "kind": "event-group",
            "cat": group.category,
            "n": len(records),
            "town": "town" in group.precisions and len(group.precisions) == 1,
            "dx": group.slot[0],
            "dy": group.slot[1],
            "tip": tip,
            "pop": f'<div class="ev-pop">{popup}</div>',
        },
    }


def _shape_svg(color: str, shape: str, size: int = BADGE_PX) -> str:
    """Return an SVG symbol: a category's shape filled with its colour, dark outline."""
    s = size
    c = s / 2
    w = s * 0.18
    points: list[tuple[float, float]]
    if shape == "circle":
        body = f'<circle cx="{c}" cy="{c}" r="{c - 2.5}" fill="{color}" stroke="#222" stroke-width="1.5"/>'
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}">{body}</svg>'
    if shape == "triangle":
        points = [(c, 2), (s - 2, s - 3), (2, s - 3)]
    elif shape == "triangle_down":
        points = [(2, 3), (s - 2, 3), (c, s - 2)]
    elif shape == "diamond":
        points = [(c, 1), (s - 1, c), (c, s - 1), (1, c)]
    elif shape == "square":
        points = [(3, 3), (s - 3, 3), (s - 3, s - 3), (3, s - 3)]
    elif shape == "plus":
        a = 2
        points = [
            (c - w, a), (c + w, a), (c + w, c - w), (s - a, c - w), (s - a, c + w), (c + w, c + w),
            (c + w, s - a), (c - w, s - a), (c - w, c + w), (a, c + w), (a, c - w), (c - w, c - w),
        ]  # fmt: skip
    else:
        count = {"hexagon": 6, "pentagon": 5, "star": 10}[shape]
        points = []
        for i in range(count):
            angle = -math.pi / 2 + 2 * math.pi * i / count
            radius = (c - 1) * (0.45 if shape == "star" and i % 2 else 1.0)
            points.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = f'<polygon points="{text}" fill="{color}" stroke="#222" stroke-width="1.5" stroke-linejoin="round"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}">{body}</svg>'


@cache
def _symbols_js() -> str:
    return json.dumps({cat: _shape_svg(*STYLE[cat]) for cat in CATEGORIES})


CSS = """
<style>
.leaflet-container { background: #d4e4ee; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; }
.ev-badge { background: transparent; border: 0; }
.ev-badge svg { display: block; filter: drop-shadow(0 0 1.5px #fff); pointer-events: none; }
.ev-badge .ev-n { position: absolute; left: 14px; top: -7px; min-width: 16px; padding: 0 3px;
  border-radius: 8px; background: #fff; border: 1px solid #333; color: #111; font: 600 11px/14px system-ui, sans-serif;
  text-align: center; box-sizing: border-box; }
.ev-badge:focus { outline: 2px solid #0072B2; outline-offset: 2px; border-radius: 4px; }
.town-label { background: transparent; border: 0; white-space: nowrap; font: 600 13px/1.1 system-ui, sans-serif;
  color: #1a1a1a; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }
.town-label .approx { font-weight: 400; font-style: italic; color: #444; }
.overlay-label { background: transparent; border: 0; white-space: nowrap; font: italic 12px/1.1 system-ui, sans-serif;
  color: #8a3a00; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.ev-when { color: #444; font-size: 12px; }
.ev-title { font-weight: 600; margin: 1px 0; }
.ev-meta { color: #555; font-size: 12px; }
.ev-src { font-size: 12px; margin-top: 2px; }
.ev-pop { max-height: 280px; overflow-y: auto; }
.ev-list { margin: 4px 0 0 0; padding-left: 18px; }
.ev-list li { margin-bottom: 6px; }
.leaflet-tooltip { max-width: 300px; white-space: normal; }
.map-box { background: rgba(255,255,255,.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); color: #111; }
.map-title { font-weight: 700; font-size: 15px; }
.map-subtitle { color: #333; font-size: 12px; max-width: 420px; }
.map-legend { font-size: 11px; max-height: 260px; overflow-y: auto; display: grid; grid-template-columns: auto auto auto; column-gap: 8px; }
.map-legend-box summary { cursor: pointer; font-weight: 600; font-size: 12px; }
.map-legend .row { line-height: 1.15; }
.map-legend .head { grid-column: 1 / -1; }
.map-legend .row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.map-legend .sw { width: 20px; height: 20px; flex: none; display: flex; align-items: center; justify-content: center; }
.map-legend .head { font-weight: 600; margin-top: 4px; }
.map-credit { font-size: 10.5px; color: #444; max-width: 460px; margin-top: 3px; border-top: 1px solid #ddd; padding-top: 2px; }
</style>
"""

POINT_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    var symbols = %s;
    var html = symbols[p.cat] || symbols["context"];
    if (p.n > 1) { html += '<span class="ev-n">' + Number(p.n) + '</span>'; }
    var size = %d;
    return L.marker(latlng, {
        icon: L.divIcon({html: html, className: "ev-badge", iconSize: [size, size],
                         iconAnchor: [size / 2 - Number(p.dx), size / 2 - Number(p.dy)]}),
        riseOnHover: true, keyboard: true
    });
}
"""

ON_EACH_EVENT = """
function(feature, layer) {
    layer.bindTooltip(feature.properties.tip, {direction: "top", offset: [0, -8], opacity: 0.97});
    layer.bindPopup(feature.properties.pop, {maxWidth: 340, autoPanPadding: [20, 20]});
}
"""

CIRCLE_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    return L.circle(latlng, {radius: Number(p.radius_m), color: p.color, weight: 1.5, dashArray: "5 5",
                             fill: p.fill, fillColor: p.color, fillOpacity: 0.08, interactive: false});
}
"""

TOWN_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    if (p.disc) {
        return L.circleMarker(latlng, {radius: Number(p.r), color: "#666", weight: 1, dashArray: "2 3",
                                       fillColor: "#ffffff", fillOpacity: 0.55, interactive: false});
    }
    return L.marker(latlng, {interactive: false, keyboard: false,
        icon: L.divIcon({className: "town-label", html: p.html, iconSize: null, iconAnchor: [p.ax, p.ay]})});
}
"""


class _Box(folium.MacroElement):
    """A fixed HTML box (title, legend, credit) drawn as a Leaflet control."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                var div = L.DomUtil.create("div", "map-box " + {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "Box"
        self.html = html
        self.position = position
        self.css_class = css_class


class _Scale(folium.MacroElement):
    """A metric-only scale bar."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, position: "bottomright"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


def _legend_html(
    categories: Sequence[str], options: MapOptions, has_approx: bool, credit: str
) -> str:
    lang = options.lang
    rows = [f'<div class="head">{html_escape(t("map.legend.categories", lang))}</div>']
    for cat in categories:
        rows.append(
            f'<div class="row"><span class="sw">{_shape_svg(*STYLE[cat], size=18)}</span>'
            f"{html_escape(t(f'category.{cat}', lang))}</div>"
        )
    disc = (
        '<svg width="22" height="22"><circle cx="11" cy="11" r="9.5" fill="#fff" fill-opacity=".55" '
        'stroke="#666" stroke-dasharray="2 3"/></svg>'
    )
    ring = (
        '<svg width="22" height="22"><circle cx="11" cy="11" r="9" fill="#555" fill-opacity=".08" '
        'stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/></svg>'
    )
    rows.append(f'<div class="head">{html_escape(t("map.legend.precision", lang))}</div>')
    rows.append(
        f'<div class="row"><span class="sw">{disc}</span>{html_escape(t("map.legend.town", lang))}</div>'
    )
    if has_approx:
        rows.append(
            f'<div class="row"><span class="sw">{ring}</span>{html_escape(t("map.legend.approx", lang))}</div>'
        )
    rows.append(
        '<div class="row"><span class="sw"><span class="ev-n" style="position:static">3</span></span>'
        f"{html_escape(t('map.legend.count', lang))}</div>"
    )
    if options.overlays:
        rows.append(f'<div class="head">{html_escape(t("map.legend.periods", lang))}</div>')
    for overlay in options.overlays:
        rows.append(
            f'<div class="row"><span class="sw">{_overlay_swatch(overlay)}</span>'
            f"{html_escape(overlay.label)}</div>"
        )
    summary = html_escape(t("map.legend.title", lang))
    legend = f'<details open><summary>{summary}</summary><div class="map-legend">{"".join(rows)}</div></details>'
    return legend + credit


def _credit_html(events: gpd.GeoDataFrame, options: MapOptions) -> str:
    publishers: list[str] = []
    if options.sources is not None and not options.sources.empty:
        used = {s for ids in events["source_ids"] for s in ids} if "source_ids" in events else set()
        table = options.sources[options.sources["id"].isin(used)]
        publishers = list(dict.fromkeys(table["publisher"]))
    shown = ", ".join(publishers[:3]) + (f" +{len(publishers) - 3}" if len(publishers) > 3 else "")
    credit = t("credit.source", options.lang, sources=shown or "—")
    return f'<div class="map-credit">{html_escape(credit)} {html_escape(t("map.credit.outlines", options.lang))}</div>'


def _links(pairs: Sequence[tuple[str, str]]) -> str:
    return ", ".join(
        f'<a href="{html_escape(url)}" target="_blank" rel="noopener noreferrer">{html_escape(name)}</a>'
        for name, url in pairs
    )


@cache
def _outlines(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def _add_outlines(m: folium.Map, options: MapOptions) -> None:
    if options.outlines is None or not options.outlines.exists():
        return
    highlight = set(options.highlight_iso3)
    folium.GeoJson(
        _outlines(options.outlines),
        name=t("map.layer.outlines", options.lang),
        style_function=lambda f: {
            "fillColor": "#f7f4ec" if f["properties"].get("iso3") in highlight else "#ebe7dd",
            "fillOpacity": 1,
            "color": "#8c8c8c",
            "weight": 0.8,
        },
        interactive=False,
        control=False,
    ).add_to(m)


OVERLAY_STYLE = {
    "town": {"color": "#D55E00", "weight": 3, "dash_array": "8 5"},
    "radius": {"color": "#7a4a00", "weight": 2, "dash_array": "2 6"},
}


def _overlay_swatch(overlay: MapOverlay) -> str:
    style = OVERLAY_STYLE[overlay.kind]
    dash = style["dash_array"].replace(" ", " ")
    return (
        f'<svg width="22" height="22"><circle cx="11" cy="11" r="9" fill="none" '
        f'stroke="{style["color"]}" stroke-width="{style["weight"]}" stroke-dasharray="{dash}"/></svg>'
    )


def _add_overlays(m: folium.Map, options: MapOptions, groups: Sequence[Group]) -> None:
    lang = options.lang
    for overlay in options.overlays:
        shown = options.shown_overlays is None or overlay.id in options.shown_overlays
        layer = folium.FeatureGroup(name=html_escape(overlay.label), show=shown)
        tooltip = folium.Tooltip(
            f"<b>{html_escape(overlay.label)}</b><br>{html_escape(overlay.description)}<br>"
            f'<span class="ev-meta">{html_escape(t("map.sources", lang))}: '
            f"{', '.join(html_escape(n) for n in overlay.source_names)}</span>"
        )
        style = OVERLAY_STYLE[overlay.kind]
        if overlay.kind == "town":
            folium.CircleMarker(
                location=(overlay.lat, overlay.lon),
                radius=max(22.0, _ring_at(groups, overlay.lat, overlay.lon) + 12),
                fill=False,
                tooltip=tooltip,
                **style,
            ).add_to(layer)
        else:
            radius_km = overlay.radius_km or 0.0
            folium.Circle(
                location=(overlay.lat, overlay.lon),
                radius=radius_km * 1000,
                fill=False,
                tooltip=tooltip,
                **style,
            ).add_to(layer)
            # the label sits on the ring's northern edge (1° of latitude is about 111.2 km)
            folium.Marker(
                location=(overlay.lat + radius_km / 111.2, overlay.lon),
                icon=folium.DivIcon(
                    html=html_escape(overlay.label),
                    class_name="overlay-label",
                    icon_size=None,
                    icon_anchor=(60, 16),
                ),
                interactive=False,
            ).add_to(layer)
        layer.add_to(m)


def _ring_at(groups: Sequence[Group], lat: float, lon: float) -> float:
    near = {g.category for g in groups if abs(g.lat - lat) < 0.02 and abs(g.lon - lon) < 0.02}
    return _ring_radius(len(near)) + (BADGE_PX / 2 if near else 0)


def _town_features(groups: Sequence[Group], options: MapOptions) -> list[dict[str, Any]]:
    features = []
    town_points = {(g.lat, g.lon) for g in groups if "town" in g.precisions}
    for lat, lon in sorted(town_points):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"disc": True, "r": max(14.0, _ring_at(groups, lat, lon) + 4)},
            }
        )
    for label in options.labels:
        name = html_escape(label.name)
        if label.approximate:
            name += (
                f' <span class="approx">({html_escape(t("map.approx_short", options.lang))})</span>'
            )
        ring = max(8.0, _ring_at(groups, label.lat, label.lon))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [label.lon, label.lat]},
                "properties": {"disc": False, "html": name, "ax": round(-ring - 6), "ay": 8},
            }
        )
    return features


def build_map(events: gpd.GeoDataFrame, options: MapOptions | None = None) -> folium.Map:
    """Build the events map: outlines, town labels, grouped event symbols, overlays, legend.

    Pure: no Streamlit. Scripts and styles point at the local copies served from
    ``/app/static/vendor`` (see ``lib.offline_assets``); no tile server is needed.

    Parameters
    ----------
    events : GeoDataFrame
        The (filtered) events as ``lib.events.load_dataset`` gives them.
    options : MapOptions, optional
        Language, view, subtitle, sources and overlays.

    Returns
    -------
    folium.Map
        Events grouped per point and category (see ``group_events``); each symbol's tooltip
        carries a hidden reference that ``refs_from_click`` reads back.

    Raises
    ------
    KeyError
        If ``options.view`` names none of ``options.views``.
    """
    options = options or MapOptions()
    lang = options.lang
    preset = options.initial_view()
    m = folium.Map(
        location=preset.center,
        zoom_start=preset.zoom,
        tiles=None,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        control_scale=False,
        prefer_canvas=False,
        # a focusable map container makes the browser scroll the page to show all of it on
        # mousedown, so the mouseup lands elsewhere and the click is lost; symbols stay focusable
        keyboard=False,
    )
    localize(m, keep={"leaflet", "jquery", "leaflet_css"})
    # streamlit-folium drops the figure header; the body html reaches the component frame.
    m.get_root().html.add_child(folium.Element(CSS), name="events_map_css")

    if options.online_tiles:
        folium.TileLayer(
            "OpenStreetMap",
            name=t("map.layer.osm", lang),
            overlay=True,
            show=False,
            max_zoom=MAX_ZOOM,
        ).add_to(m)
    _add_outlines(m, options)
    groups = group_events(events)
    _add_overlays(m, options, groups)
    located, _ = split_located(events)
    by_id = located.set_index("id", drop=False)
    features = [_group_feature(g, by_id.loc[list(g.ids)], options) for g in groups]

    folium.GeoJson(
        {"type": "FeatureCollection", "features": _town_features(groups, options)},
        name=t("map.layer.towns", lang),
        control=False,
        pointToLayer=JsCode(TOWN_TO_LAYER),
    ).add_to(m)

    approx = located[located["location_precision"] == "approximate"]
    circles = {}
    for _, row in approx.iterrows():
        radius = row["location_uncertainty_km"]
        if pd.notna(radius):
            key = (round(row.geometry.y, 5), round(row.geometry.x, 5), float(radius))
            circles[key] = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [key[1], key[0]]},
                "properties": {"radius_m": key[2] * 1000, "color": "#555555", "fill": True},
            }
    for label in options.labels:
        if label.approximate and label.uncertainty_km:
            key = (round(label.lat, 5), round(label.lon, 5), float(label.uncertainty_km))
            circles.setdefault(
                key,
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [label.lon, label.lat]},
                    "properties": {"radius_m": key[2] * 1000, "color": "#555555", "fill": False},
                },
            )
    if circles:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": list(circles.values())},
            name=t("map.layer.uncertainty", lang),
            pointToLayer=JsCode(CIRCLE_TO_LAYER),
        ).add_to(m)

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=t("map.layer.events", lang),
        pointToLayer=JsCode(POINT_TO_LAYER % (_symbols_js(), BADGE_PX)),
        on_each_feature=JsCode(ON_EACH_EVENT),
    ).add_to(m)

    title = f'<div class="map-title">{html_escape(options.title)}</div>'
    if options.subtitle:
        title += f'<div class="map-subtitle">{html_escape(options.subtitle)}</div>'
    _Box(title, "topleft", "map-head").add_to(m)
    present = [c for c in CATEGORIES if c in set(located["category"])]
    credit = _credit_html(events, options)
    _Box(
        _legend_html(present, options, bool(circles), credit), "bottomleft", "map-legend-box"
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _Scale().add_to(m)
    return m


def drawn_groups(script: str) -> list[dict[str, Any]]:
    """Return the event-group features embedded in a rendered map script (for tests and benches)."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"_add\(", script):
        try:
            data, _ = decoder.raw_decode(script, match.end())
        except ValueError:
            continue
        if isinstance(data, dict):
            found += [
                f
                for f in data.get("features", [])
                if f.get("properties", {}).get("kind") == "event-group"
            ]
    return found


@dataclass(frozen=True)
class MapRef:
    """What a map click points at: one event, or the events of one category at one point."""

    event_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    category: str | None = None


def ref_from_click(result: Mapping[str, Any] | None) -> MapRef | None:
    """Read the clicked symbol's reference from a ``st_folium`` result.

    The reference is the hidden ``⟦e:<id>⟧`` / ``⟦g:<lat>,<lon>,<category>⟧`` text in the
    clicked symbol's tooltip (``last_object_clicked_tooltip``).

    Returns
    -------
    MapRef or None
        None when nothing (or something other than an event symbol) was clicked.
    """
    if not result:
        return None
    text = result.get("last_object_clicked_tooltip") or ""
    match = REF.search(str(text))
    if not match:
        return None
    kind, value = match.groups()
    if kind == "e":
        return MapRef(event_id=value)
    try:
        lat, lon, category = value.split(",", 2)
        return MapRef(lat=float(lat), lon=float(lon), category=category)
    except ValueError:
        return None


def events_for_ref(events: gpd.GeoDataFrame, ref: MapRef | None) -> list[str]:
    """Return the ids of the events a click reference points at, in date order."""
    if ref is None:
        return []
    if ref.event_id is not None:
        return [ref.event_id] if ref.event_id in set(events["id"]) else []
    located, _ = split_located(events)
    mask = (
        (located.geometry.y.round(5) == round(ref.lat or 0, 5))
        & (located.geometry.x.round(5) == round(ref.lon or 0, 5))
        & (located["category"] == ref.category)
    )
    return list(located.loc[mask, "id"])


def event_ids_from_click(result: Mapping[str, Any] | None, events: gpd.GeoDataFrame) -> list[str]:
    """Map a ``st_folium`` click result back to the ids of the clicked events (one or a group)."""
    return events_for_ref(events, ref_from_click(result))
