"""Build the events map (folium, no tiles needed) and map its clicks back to events."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from lib.events import in_set
from lib.format import credit_line, event_when, html_escape, locator_text, when_texts
from lib.i18n import t, tn
from lib.localize import NEAR_DEGREES, data_text, localized, publishers
from lib.map_access import Access, ZoomableMap, symbol_label
from lib.map_grid import bound_groups, cell_km, cell_of, cell_outlines, events_in_cell
from lib.offline_assets import localize
from lib.schema import Category, MapInfo, MapView, Place
from lib.validate import OUTLINES_FILE

__all__ = ["OUTLINES_FILE"]  # where a data directory keeps its land outlines


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
COUNT_OVERHANG_PX = 8
"""How far a symbol's count (``.ev-badge .ev-n``: 14 px in, at least 16 px wide) reaches past the
symbol to the east: a name written east of its place is written clear of it too."""
SLOT_GAP_PX = 6
"""The least room between a symbol's count and the next symbol on its ring."""
POPUP_LIMIT = 8
CELL_STYLE = {"color": "#555555", "weight": 1, "dashArray": "3 3", "fillOpacity": 0.04}
"""Outline of a grid cell whose lone events are counted together (``lib.map_grid``)."""


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
    category: str = ""
    """The category of the overlay's event: a communications cut-off is drawn apart from a
    restriction such as a state of emergency."""


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
    outlines : mapping or Path, optional
        Land outlines to draw under everything: the validated GeoJSON (``Dataset.outlines``),
        or a GeoJSON file (read on every build).
    highlight_iso3 : tuple of str
        Countries (``iso3`` property of the outlines) drawn in a lighter land colour.
    inset : mapping or Path, optional
        Coarse outlines of the whole highlighted country and its neighbours (``Dataset.inset``,
        or a GeoJSON file), for the map image's locator inset; default: the outlines.
    online_tiles : bool
        Offer OpenStreetMap tiles as an optional layer, off by default.
    highlight : frozenset of str, optional
        Event ids to show in full; symbols holding none of them are dimmed (default: none dimmed).
    credit : str
        Plain text after the source credit (the dataset, its version and licence).
    credited : frozenset of str, optional
        Ids of the events whose sources the credit names: those drawn in the view the map
        opens on (``lib.map_image.groups_in_view``); default: every event given.
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
    outlines: Mapping[str, Any] | Path | None = field(default=None, compare=False)
    highlight_iso3: tuple[str, ...] = ()
    inset: Mapping[str, Any] | Path | None = field(default=None, compare=False)
    online_tiles: bool = True
    highlight: frozenset[str] | None = None
    credit: str = ""
    credited: frozenset[str] | None = None

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
    cell: float = 0.0
    """For events merged into a grid cell (``lib.map_grid``), the cell's size in degrees."""

    @property
    def ref(self) -> str:
        """The reference a click carries back: ``e:<id>`` for one event, else ``g:<lat>,<lon>,<cat>``.

        A grid cell's is ``c:<row>,<column>,<size>,<cat>``.
        """
        if len(self.ids) == 1:
            return f"e:{self.ids[0]}"
        if self.cell:
            row, col = cell_of(self.lat, self.lon, self.cell)
            return f"c:{row},{col},{self.cell:g},{self.category}"
        return f"g:{self.lat:.5f},{self.lon:.5f},{self.category}"


def overlaps(period: tuple[datetime, datetime], start: date | None, end: date | None) -> bool:
    """Return whether a period overlaps the days ``start``..``end`` (open ends allowed)."""
    first = datetime.combine(start, datetime.min.time()) if start else datetime.min
    last = datetime.combine(end, datetime.max.time()) if end else datetime.max
    return period[0] <= last and period[1] >= first


def located_mask(events: gpd.GeoDataFrame) -> np.ndarray:
    """Return which events have a point on the map."""
    geometry = events.geometry
    return (geometry.notna() & ~geometry.is_empty).to_numpy()


def split_located(
    events: gpd.GeoDataFrame, columns: Sequence[str] | None = None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split events into those with a point and those with no place on the map.

    ``columns`` (besides the geometry) keeps only what the caller reads: taking rows of every
    text column of 100,000 events costs seconds.
    """
    if columns is not None:
        events = events[[*dict.fromkeys(columns), events.geometry.name]]
    has_point = located_mask(events)
    return events[has_point], events[~has_point]


def _ring_radius(count: int) -> float:
    """Neighbours on a ring lie a symbol, its count and a gap apart (seven categories on a ring
    of 36 px left one count touching the next symbol)."""
    if count <= 1:
        return 0.0
    apart = BADGE_PX + COUNT_OVERHANG_PX + SLOT_GAP_PX
    return max(RING_PX, apart / (2 * math.sin(math.pi / count)))


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
    located, _ = split_located(events, ["id", "category", "location_precision"])
    if located.empty:
        return []
    points: dict[tuple[float, float], dict[str, list[tuple[str, str]]]] = {}
    for event_id, lat, lon, category, precision in zip(
        located["id"].tolist(),
        located.geometry.y.round(5).tolist(),
        located.geometry.x.round(5).tolist(),
        located["category"].tolist(),
        located["location_precision"].tolist(),
        strict=True,
    ):
        points.setdefault((lat, lon), {}).setdefault(category, []).append((event_id, precision))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    groups = []
    for (lat, lon), by_category in sorted(points.items()):
        here = sorted(by_category, key=order.__getitem__)
        for category in sorted(by_category):
            rows = by_category[category]
            groups.append(
                Group(
                    lat=float(lat),
                    lon=float(lon),
                    category=str(category),
                    ids=tuple(i for i, _ in rows),
                    precisions=tuple(sorted({p for _, p in rows})),
                    slot=_slot(here.index(category), len(here)),
                )
            )
    return groups


def labels_from_places(places: Sequence[Place], lang: str = "en") -> tuple[TownLabel, ...]:
    """Return the place labels a dataset's ``map.places`` names (in ``lang`` where the data
    has the name, else English), approximate ones marked."""
    return tuple(
        TownLabel(
            localized(p, "name", lang).text,
            p.position[0],
            p.position[1],
            approximate=p.precision == "approximate",
            uncertainty_km=p.uncertainty_km,
        )
        for p in places
    )


def label_sides(labels: Sequence[TownLabel]) -> tuple[str, ...]:
    """Return the side ("east", "west", "north" or "south") each place's name is written on:
    away from the other named places, the nearer ones counting more (distances as the map
    draws them, a degree of longitude shortened by the cosine of the latitude), so the name
    does not run into another place's ring of symbols; east where no other place is named."""
    sides = []
    for label in labels:
        scale = math.cos(math.radians(label.lat))
        pull_x = pull_y = 0.0  # toward the others, each by the inverse of its distance
        for other in labels:
            dx, dy = (other.lon - label.lon) * scale, other.lat - label.lat
            if dx or dy:
                pull_x += dx / (dx * dx + dy * dy)
                pull_y += dy / (dx * dx + dy * dy)
        if abs(pull_y) > abs(pull_x):
            sides.append("south" if pull_y > 0 else "north")
        else:
            sides.append("west" if pull_x > 0 else "east")
    return tuple(sides)


def overlays_from_info(
    info: MapInfo, events: gpd.GeoDataFrame, sources: pd.DataFrame, lang: str = "en"
) -> tuple[MapOverlay, ...]:
    """Resolve a dataset's overlays: centre from its place, period from its event's span.

    ``events`` is the whole dataset (an overlay's period does not depend on the filters).
    """
    places = {p.name_en: p.position for p in info.map.places}
    spans = events.set_index("id")[["t0", "t1"]]
    categories = events.set_index("id")["category"]
    publisher_of = (
        publishers(sources, lang).set_axis(sources["id"]) if not sources.empty else pd.Series()
    )
    found = []
    for overlay in info.map.overlays:
        if overlay.event_id not in spans.index or overlay.place not in places:
            continue
        lat, lon = places[overlay.place]
        start, end = spans.loc[overlay.event_id]
        names = tuple(
            dict.fromkeys(str(publisher_of.get(r.source, r.source)) for r in overlay.sources)
        )
        found.append(
            MapOverlay(
                id=overlay.id,
                kind=overlay.kind,
                lat=lat,
                lon=lon,
                label=data_text(overlay, "label", lang),
                description=data_text(overlay, "description", lang),
                source_names=names,
                start=start.to_pydatetime(),
                end=end.to_pydatetime(),
                radius_km=overlay.radius_km,
                approximate=overlay.approximate,
                category=str(categories.loc[overlay.event_id]),
            )
        )
    return tuple(found)


@dataclass
class _Texts:
    """Escaped text shared by every symbol, shipped once and assembled in the browser."""

    lang: str
    sources: pd.DataFrame | None
    table: list[list[str | None]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.sources is not None and not self.sources.empty:
            names = publishers(self.sources, self.lang)
            for sid, publisher, url in zip(
                self.sources["id"], names, self.sources["url"], strict=True
            ):
                self.index[str(sid)] = len(self.table)
                self.table.append([html_escape(publisher), html_escape(url)])

    def source(self, sid: str) -> int:
        """Return a source's row in the shipped table (an unknown id is shown as plain text)."""
        if sid not in self.index:
            self.index[sid] = len(self.table)
            self.table.append([html_escape(sid), None])
        return self.index[sid]

    def shared(self) -> dict[str, Any]:
        """Return the labels and source table the browser needs to build tooltips and popups."""
        lang = self.lang
        return {
            "claimed": html_escape(t("map.claimed_by", lang)),
            "sources": html_escape(t("detail.sources", lang)),
            "list": html_escape(t("map.click_list", lang)),
            "cat": {c: html_escape(t(f"category.{c}", lang)) for c in CATEGORIES},
            "src": self.table,
        }


def _place_name(group: Group, places: Mapping[str, Any], labels: Sequence[TownLabel]) -> str:
    for label in labels:
        if abs(label.lat - group.lat) < NEAR_DEGREES and abs(label.lon - group.lon) < NEAR_DEGREES:
            return label.name
    named = Counter(p for i in group.ids if isinstance(p := places[i], str) and p)
    if not named:
        return f"{group.lat:.3f}, {group.lon:.3f}"
    top = max(named.values())
    return min(p for p, n in named.items() if n == top)  # the mode, ties by name


def _compact_event(event: Mapping[str, Any], texts: _Texts) -> list[Any]:
    """Return one event as escaped fields: when, title, claimant, claimant type, sources."""
    lang = texts.lang
    return [
        html_escape(event_when(event, lang)),
        html_escape(data_text(event, "title", lang)),
        html_escape(data_text(event, "claimant", lang)),
        html_escape(t(f"claimant_type.{event['claimant_type']}", lang)),
        [
            [texts.source(str(r["source"])), html_escape(locator_text(r["locator"], lang))]
            for r in event["sources"]
        ],
    ]


def _precision_text(group: Group, radii: Mapping[str, Any], lang: str) -> str:
    parts = []
    for precision in group.precisions:
        text = t(f"location_precision.{precision}", lang)
        if precision == "approximate":
            known = [r for i in group.ids if (r := radii[i]) is not None and not pd.isna(r)]
            if known:
                text += " " + t("map.within_km", lang, km=f"{max(known):g}")
        parts.append(text)
    return "; ".join(parts)


EVENT_COLUMNS = [
    "id",
    "start",
    "end",
    "time_precision",
    "part_of_day",
    "time_note_en",
    "time_note_ru",
    "time_note_kk",
    "title_en",
    "title_ru",
    "title_kk",
    "claimant",
    "claimant_ru",
    "claimant_kk",
    "claimant_type",
    "sources",
]
"""What a symbol's popup shows of each event."""

FEATURE_COLUMNS = [
    *EVENT_COLUMNS,
    "place",
    "location_precision",
    "location_uncertainty_km",
    "t0",
    "t1",
    "category",
]
"""What the map's symbols read of an event (no descriptions: they are shown beside the map)."""


def _group_features(
    groups: Sequence[Group], located: pd.DataFrame, options: MapOptions, texts: _Texts
) -> list[dict[str, Any]]:
    """Return one GeoJSON feature per group with compact, escaped properties.

    The browser assembles tooltip and popup HTML from them (``ON_EACH_EVENT``); only the
    first ``POPUP_LIMIT`` events of a group travel, the rest are listed beside the map.
    """
    lang = options.lang
    ids = located["id"].tolist()
    # a grid cell's events travel only when clicked (listed beside the map)
    shipped = {g: () if g.cell else g.ids[:POPUP_LIMIT] for g in groups}
    places = dict(zip(ids, located["place"].tolist(), strict=True))
    precision = dict(zip(ids, located["location_precision"].tolist(), strict=True))
    radii = dict(zip(ids, located["location_uncertainty_km"].tolist(), strict=True))
    shown = {i for evs in shipped.values() for i in evs}
    rows = located.loc[in_set(located["id"], shown), EVENT_COLUMNS]
    compact = {e["id"]: _compact_event(e, texts) for e in rows.to_dict("records")}
    singles = located[in_set(located["id"], {g.ids[0] for g in groups if len(g.ids) == 1})]
    whens = dict(zip(singles["id"].tolist(), when_texts(singles, lang), strict=True))
    features = []
    for group in groups:
        n = len(group.ids)
        place = _place_name(group, places, options.labels)
        props: dict[str, Any] = {
            "kind": "event-group",
            "cat": group.category,
            "n": n,
            "town": not group.cell and all(precision[i] == "town" for i in group.ids),
            "dx": group.slot[0],
            "dy": group.slot[1],
            "ref": group.ref,
            "place": html_escape(place),
            "prec": html_escape(_precision_text(group, radii, lang)),
            "ev": [compact[i] for i in shipped[group]],
            # plain text, set as the symbol's aria-label attribute (never parsed as HTML)
            "label": symbol_label(
                group.category,
                n,
                place,
                lang,
                when=whens.get(group.ids[0], "") if n == 1 else "",
                cell_km=cell_km(group) if group.cell and n > 1 else None,
            ),
        }
        if group.cell:
            props["place"] = html_escape(t("map.cell.place", lang, km=cell_km(group)))
            props["prec"] = html_escape(t("map.cell.precision", lang))
        if options.highlight is not None and options.highlight.isdisjoint(group.ids):
            props["dim"] = 1
        if n > 1:
            category = t(f"category.{group.category}", lang)
            props["count"] = html_escape(tn("map.group_count", n, lang, category=category))
        if n > len(shipped[group]):
            props["more"] = html_escape(t("map.more_beside", lang, n=n - len(shipped[group])))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [group.lon, group.lat]},
                "properties": props,
            }
        )
    return features


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
.ev-badge:focus { outline: 3px solid #000; outline-offset: 2px; border-radius: 4px; box-shadow: 0 0 0 2px #fff; }
.ev-badge:focus:not(:focus-visible) { outline: 0; box-shadow: none; }
.ev-badge:focus-visible { opacity: 1 !important; } /* a faded symbol's ring faded with it */
/* on a touch screen each symbol answers a finger 5 px round it (32 px, drawn at 22): on a
   phone a tap just beside a symbol reached the map; symbols on a ring lie 36 px apart or more */
@media (pointer: coarse) {
  .ev-badge::before { content: ""; position: absolute; inset: -5px; border-radius: 50%; }
}
.town-label { background: transparent; border: 0; white-space: nowrap; font: 600 13px/1.1 system-ui, sans-serif;
  color: #1a1a1a; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }
.town-label .approx { font-weight: 400; font-style: italic; color: #444; }
.town-label.west { translate: -100% 0; text-align: right; }
.town-label.north { translate: -50% -100%; text-align: center; }
.town-label.south { translate: -50% 0; text-align: center; }
.overlay-text { display: inline-block; transform: translate(-50%, -115%); }
.overlay-label { background: transparent; border: 0; white-space: nowrap; font: italic 12px/1.1 system-ui, sans-serif;
  color: #8a3a00; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.ev-when { color: #444; font-size: 12px; }
.ev-title { font-weight: 600; margin: 1px 0; }
.ev-meta { color: #555; font-size: 12px; }
.ev-src { font-size: 12px; margin-top: 2px; }
.ev-pop { max-height: 280px; overflow-y: auto; }
.leaflet-popup-scrolled .ev-pop { max-height: none; } /* one scroll: Leaflet's, on a short map */
.ev-list { margin: 4px 0 0 0; padding-left: 1.6em; } /* "1." whole at a projector's size */
.ev-list li { margin-bottom: 6px; }
.leaflet-tooltip { width: max-content; white-space: normal;
  max-width: min(300px, calc(100vw - 24px)); } /* never wider than the map's frame */
.map-box { background: rgba(255,255,255,.93); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); color: #111; }
.map-title { font-weight: 700; font-size: 15px; }
.map-subtitle { color: #333; font-size: 12px; max-width: 420px; }
.map-legend { font-size: 12px; max-height: 260px; overflow-y: auto; display: grid; grid-template-columns: auto auto auto; column-gap: 8px; }
.map-legend-box summary { cursor: pointer; font-weight: 600; font-size: 12px; }
.map-legend .row { line-height: 1.15; }
.map-legend .head { grid-column: 1 / -1; }
.map-legend .row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.map-legend .sw { width: 20px; height: 20px; flex: none; display: flex; align-items: center; justify-content: center; }
.map-legend .head { font-weight: 600; margin-top: 4px; }
/* where the legend scrolls, a shade at the edge that has more (it clipped with no cue): the
   white covers move with the text, the shades stay with the box */
.map-legend {
  background:
    linear-gradient(#fff 30%, rgba(255,255,255,0)) top / 100% 28px no-repeat local,
    linear-gradient(rgba(255,255,255,0), #fff 70%) bottom / 100% 28px no-repeat local,
    radial-gradient(farthest-side at 50% 0, rgba(0,0,0,.4), rgba(0,0,0,0)) top / 100% 12px no-repeat scroll,
    radial-gradient(farthest-side at 50% 100%, rgba(0,0,0,.4), rgba(0,0,0,0)) bottom / 100% 12px no-repeat scroll;
}
/* a phone's map (its frame is this page's viewport): the legend's text at the map's 13 px, in
   two columns (11 px in three was hard to read at 390 px) */
@media (max-width: 480px) {
  .leaflet-container:not(.compact) .map-legend { font-size: 13px; grid-template-columns: auto auto; max-height: 300px; }
  .leaflet-container:not(.compact) .map-legend-box summary { font-size: 13px; }
}
/* the credit and the legend at 12 px, the least a page of ours sets (10.5 and 11 px were the
   smallest text on a phone's page); the counts on the symbols stay 11 px, bold in a ring */
.map-credit { font-size: 12px; color: #444; max-width: 460px; margin-top: 3px; border-top: 1px solid #ddd; padding-top: 2px; }
</style>
"""

POINT_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    var symbols = %s;
    var html = symbols[p.cat] || symbols["context"];
    if (p.n > 1) { html += '<span class="ev-n">' + Number(p.n) + '</span>'; }
    var size = %d;
    var marker = L.marker(latlng, {
        icon: L.divIcon({html: html, className: "ev-badge", iconSize: [size, size],
                         iconAnchor: [size / 2 - Number(p.dx), size / 2 - Number(p.dy)],
                         // the tooltip from the symbol's top, not from its town's centre (a
                         // symbol on a town's ring was covered by its own tooltip)
                         tooltipAnchor: [Number(p.dx), Number(p.dy) - size / 2]}),
        riseOnHover: true, keyboard: true, opacity: p.dim ? 0.3 : 1,
        // a symbol over its neighbours up and to the right on its ring, where its count reaches:
        // on a projector's larger symbols a count lay under the next symbol, half its number hidden
        zIndexOffset: Number(p.dy) - Number(p.dx)
    });
    // a name, and Enter or Space acting as a click (static/map-access.js, lib/map_access.py)
    if (window.mapAccess) { window.mapAccess.symbol(marker, p.label, p.n > 1); }
    return marker;
}
"""

SHARED = "ev_map_shared"
"""The script variable holding the labels and source table every event symbol uses."""

# Every text in the properties and in SHARED is HTML-escaped in Python; this only assembles them.
ON_EACH_EVENT = """
function(feature, layer) {
    var p = feature.properties, T = SHARED;
    function srcs(list) {
        return list.map(function(r) {
            var s = T.src[r[0]];
            var name = s[1] ? '<a href="' + s[1] + '" target="_blank" rel="noopener noreferrer">' + s[0] + '</a>' : s[0];
            return name + ' (' + r[1] + ')';
        }).join('; ');
    }
    function full(e) {
        return '<div class="ev-when">' + e[0] + '</div><div class="ev-title">' + e[1] + '</div>' +
            '<div>' + T.claimed + ': ' + e[2] + ' (' + e[3] + ')</div>' +
            '<div class="ev-src">' + T.sources + ': ' + srcs(e[4]) + '</div>';
    }
    var tip, pop;
    if (p.n === 1) {
        var e = p.ev[0];
        tip = '<div class="ev-when">' + e[0] + '</div><div class="ev-title">' + e[1] + '</div>' +
            '<div>' + T.claimed + ': ' + e[2] + '</div>' +
            '<div class="ev-meta">' + T.cat[p.cat] + ' \u00b7 ' + p.place + ' \u00b7 ' + p.prec + '</div>';
        pop = full(e);
    } else {
        tip = '<div class="ev-title">' + p.place + '</div><div>' + p.count + '</div>' +
            '<div class="ev-meta">' + p.prec + '</div><div class="ev-meta">' + T.list + '</div>';
        pop = '<div class="ev-title">' + p.place + ' \u2014 ' + p.count + '</div><ol class="ev-list">' +
            p.ev.map(function(e) { return '<li>' + full(e) + '</li>'; }).join('') + '</ol>' +
            (p.more ? '<p class="ev-meta">' + p.more + '</p>' : '');
    }
    layer.bindTooltip(tip, {direction: "top", offset: [0, -8], opacity: 0.97});
    // and inside the map: near its edge a tooltip was cut ("where in the town" lost its end)
    layer.on("tooltipopen", function(ev) {
        var el = ev.tooltip.getElement(), map = layer._map;
        if (!el || !map) { return; }
        el.style.marginLeft = "";
        var box = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
        var shift = Math.min(0, box.right - 4 - r.right);
        shift = Math.max(shift, box.left + 4 - r.left);
        if (shift) { el.style.marginLeft = shift + "px"; }
    });
    layer.bindPopup('<div class="ev-pop">' + pop + '</div>', {maxWidth: 340, autoPanPadding: [20, 20]});
    // the popup says all the tooltip did: on a phone the tooltip, wider, stuck out behind it
    layer.on("popupopen", function() { layer.closeTooltip(); });
    // a click reports the symbol as GeoJSON (streamlit-folium's last_active_drawing): it carries
    // the reference only, never text
    layer.feature = {type: "Feature", geometry: feature.geometry, properties: {ref: p.ref}};
}
""".replace("SHARED", SHARED)

# Uncertainty circles: one canvas in a pane that ignores the mouse (they are not interactive, and
# many SVG circles are slow); event symbols stay DOM markers so real clicks reach them.
CIRCLE_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    return L.circle(latlng, {radius: Number(p.radius_m), color: p.color, weight: 1.5, dashArray: "5 5",
                             fill: p.fill, fillColor: p.color, fillOpacity: 0.08, interactive: false,
                             renderer: SHARED.canvas});
}
""".replace("SHARED", SHARED)


class _Shared(folium.MacroElement):
    """Declare the shared texts and the uncertainty canvas before the layers that use them."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.var }} = {{ this.data|tojson }};
        (function(map) {
            var pane = map.createPane("ev-uncertainty");
            pane.style.zIndex = 450;  // above the opaque land outlines (overlay pane, 400)
            pane.style.pointerEvents = "none";
            {{ this.var }}.canvas = L.canvas({pane: "ev-uncertainty", padding: 0.2});
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Shared"
        self.var = SHARED
        self.data = data


TOWN_TO_LAYER = """
function(feature, latlng) {
    var p = feature.properties;
    if (p.disc) {
        return L.circleMarker(latlng, {radius: Number(p.r), color: "#666", weight: 1, dashArray: "2 3",
                                       fillColor: "#ffffff", fillOpacity: 0.55, interactive: false,
                                       className: "town-disc"});
    }
    return L.marker(latlng, {interactive: false, keyboard: false,
        icon: L.divIcon({className: "town-label " + p.side, html: p.html,
                         iconSize: null, iconAnchor: [p.ax, p.ay], gap: p.gap})});
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


class _Tooltip(folium.MacroElement):
    """A tooltip whose HTML travels as a JSON string.

    ``folium.Tooltip`` puts its text inside a JavaScript template string, where HTML escaping
    leaves `` ` ``, ``$`` and ``\\`` free to end the string or run ``${...}``.
    """

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip({{ this.html|tojson }}, {"sticky": true});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Tooltip"
        self.html = html


class _Scale(folium.MacroElement):
    """A metric-only scale bar, bottom left: added after the legend box, Leaflet stacks it just
    above that box, so it never lies over the credit (in the bottom-right corner it did, on a
    phone or a narrow map column, where the credit box reaches across)."""

    _template = folium.elements.Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var units = {{ this.units|tojson }};
          var scale = L.control.scale({imperial: false, position: "bottomleft"});
          // Leaflet writes "m" and "km": the same round lengths, in the page's language
          scale._updateMetric = function (maxMeters) {
            var meters = this._getRoundNum(maxMeters);
            var text = meters < 1000 ? units.m.replace("{n}", meters)
              : units.km.replace("{n}", meters / 1000);
            this._updateScale(this._mScale, text, meters / maxMeters);
          };
          scale.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self._name = "Scale"
        self.units = {"m": t("map.scale.m", lang, n="{n}"), "km": t("map.scale.km", lang, n="{n}")}


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
    legend = f'<details><summary>{summary}</summary><div class="map-legend" tabindex="0">{"".join(rows)}</div></details>'
    return legend + credit


def _credit_html(events: gpd.GeoDataFrame, options: MapOptions) -> str:
    sources = options.sources if options.sources is not None else pd.DataFrame(columns=["id"])
    if options.credited is not None:
        events = events.loc[in_set(events["id"], options.credited)]
    credit = credit_line(events, sources, options.lang, limit=4) if not sources.empty else ""
    credit = credit or t("credit.source", options.lang, sources="—")
    drawn = _outline_data(options) is not None
    outlines = t("map.credit.outlines", options.lang) if drawn else ""
    text = " ".join(p for p in (credit, outlines, options.credit) if p)
    return f'<div class="map-credit">{html_escape(text)}</div>'


def _outline_data(options: MapOptions) -> Mapping[str, Any] | None:
    if isinstance(options.outlines, Path):
        if not options.outlines.exists():
            return None
        return json.loads(options.outlines.read_text("utf-8"))
    return options.outlines


def _add_outlines(m: folium.Map, options: MapOptions) -> None:
    data = _outline_data(options)
    if data is None:
        return
    highlight = set(options.highlight_iso3)
    folium.GeoJson(
        data,
        name=t("map.layer.outlines", options.lang),
        style_function=lambda f: {
            "fillColor": "#f7f4ec"
            if (f.get("properties") or {}).get("iso3") in highlight
            else "#ebe7dd",
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


TOWN_STYLE_BY_CATEGORY = {
    "communications": {"color": "#555555", "weight": 3, "dash_array": "2 5"},
}
"""Town rings of communications cut-offs are grey and dotted (as the timeline shades them grey),
so they read apart from a state of emergency drawn around the same town."""
RING_STEP_PX = 9
"""Each further town ring around the same place is drawn this much wider, so none hides another."""


def _overlay_style(overlay: MapOverlay) -> dict[str, Any]:
    if overlay.kind == "town" and overlay.category in TOWN_STYLE_BY_CATEGORY:
        return TOWN_STYLE_BY_CATEGORY[overlay.category]
    return OVERLAY_STYLE[overlay.kind]


def _overlay_swatch(overlay: MapOverlay) -> str:
    style = _overlay_style(overlay)
    dash = style["dash_array"].replace(" ", " ")
    return (
        f'<svg width="22" height="22"><circle cx="11" cy="11" r="9" fill="none" '
        f'stroke="{style["color"]}" stroke-width="{style["weight"]}" stroke-dasharray="{dash}"/></svg>'
    )


def _add_overlays(m: folium.Map, options: MapOptions, groups: Sequence[Group]) -> None:
    lang = options.lang
    rings_at: dict[tuple[float, float], int] = {}
    for overlay in options.overlays:
        shown = options.shown_overlays is None or overlay.id in options.shown_overlays
        layer = folium.FeatureGroup(name=html_escape(overlay.label), show=shown)
        tooltip = _Tooltip(
            f"<b>{html_escape(overlay.label)}</b><br>{html_escape(overlay.description)}<br>"
            f'<span class="ev-meta">{html_escape(t("map.sources", lang))}: '
            f"{', '.join(html_escape(n) for n in overlay.source_names)}</span>"
        )
        style = _overlay_style(overlay)
        radius_km = overlay.radius_km or 0.0
        if overlay.kind == "town":
            nth = rings_at.get((overlay.lat, overlay.lon), 0)
            rings_at[(overlay.lat, overlay.lon)] = nth + 1
            ring = folium.CircleMarker(
                location=(overlay.lat, overlay.lon),
                radius=max(22.0, _ring_at(groups, overlay.lat, overlay.lon) + 12)
                + RING_STEP_PX * nth,
                fill=False,
                **style,
            )
        else:
            ring = folium.Circle(
                location=(overlay.lat, overlay.lon),
                radius=radius_km * 1000,
                fill=False,
                **style,
            )
        ring.add_child(tooltip).add_to(layer)
        if overlay.kind == "radius":
            # the label sits on the ring's northern edge (1° of latitude is about 111.2 km)
            folium.Marker(
                location=(overlay.lat + radius_km / 111.2, overlay.lon),
                icon=folium.DivIcon(
                    html=f'<span class="overlay-text">{html_escape(overlay.label)}</span>',
                    class_name="overlay-label",
                    icon_size=None,
                    icon_anchor=(0, 0),
                ),
                interactive=False,
                keyboard=False,
            ).add_to(layer)
        layer.add_to(m)


def _ring_at(groups: Sequence[Group], lat: float, lon: float) -> float:
    near = {
        g.category
        for g in groups
        if abs(g.lat - lat) < NEAR_DEGREES and abs(g.lon - lon) < NEAR_DEGREES
    }
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
    for label, side in zip(options.labels, label_sides(options.labels), strict=True):
        name = html_escape(label.name)
        if label.approximate:
            name += (
                f' <span class="approx">({html_escape(t("map.approx_short", options.lang))})</span>'
            )
        gap = round(max(8.0, _ring_at(groups, label.lat, label.lon)) + 6)
        east = gap + COUNT_OVERHANG_PX  # on a phone the count "4" touched "Жаңаөзен"
        # the anchor is where the name starts (east) or ends (west), or the middle of its
        # lower (north) or upper (south) edge: the CSS of .town-label.west and the others
        # moves the name by its own size
        ax, ay = {"east": (-east, 8), "west": (gap, 8), "north": (0, gap), "south": (0, -gap)}[side]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [label.lon, label.lat]},
                "properties": {
                    "disc": False,
                    "html": name,
                    "ax": ax,
                    "ay": ay,
                    "side": side,
                    "gap": gap,  # the ring's room alone: a name turned under it (map-frame.js)
                },
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
        Events grouped per point and category (see ``group_events``). Each symbol carries
        compact, escaped properties (``_group_features``) from which the browser assembles its
        tooltip and popup; a click reports only the symbol's ``ref`` (see ``clicked_ref``).
        Uncertainty circles are drawn on one canvas in a pane the mouse passes through.

    Raises
    ------
    KeyError
        If ``options.view`` names none of ``options.views``.
    """
    options = options or MapOptions()
    lang = options.lang
    preset = options.initial_view()
    m = ZoomableMap(
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
    localize(m, keep={"leaflet", "leaflet_css"})  # no jQuery: popups are Leaflet's own
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
    groups = bound_groups(group_events(events))
    _add_overlays(m, options, groups)
    located, _ = split_located(events, FEATURE_COLUMNS)
    texts = _Texts(lang, options.sources)
    features = _group_features(groups, located, options, texts)
    _Shared(texts.shared()).add_to(m)

    folium.GeoJson(
        {"type": "FeatureCollection", "features": _town_features(groups, options)},
        name=t("map.layer.towns", lang),
        control=False,
        pointToLayer=JsCode(TOWN_TO_LAYER),
    ).add_to(m)

    approx = located[
        (located["location_precision"] == "approximate")
        & located["location_uncertainty_km"].notna()
    ]
    circles = {}
    for lat, lon, radius in zip(
        approx.geometry.y.round(5),
        approx.geometry.x.round(5),
        approx["location_uncertainty_km"].astype(float),
        strict=True,
    ):
        key = (float(lat), float(lon), float(radius))
        if key not in circles:
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

    cells = cell_outlines(groups)
    if cells["features"]:
        folium.GeoJson(
            cells,
            name=t("map.layer.cells", lang),
            control=False,
            interactive=False,
            style_function=lambda _: CELL_STYLE,
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
    used = set(located["category"])
    present = [c for c in CATEGORIES if c in used]
    credit = _credit_html(events, options)
    _Box(
        _legend_html(present, options, bool(circles), credit), "bottomleft", "map-legend-box"
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _Scale(lang).add_to(m)  # after the legend box: stacked above it
    Access(options.title, lang).add_to(m)
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


def drawn_texts(script: str) -> dict[str, Any]:
    """Return the shared labels and source table embedded in a rendered map script."""
    match = re.search(rf"var {SHARED} = ", script)
    if match is None:
        return {}
    data, _ = json.JSONDecoder().raw_decode(script, match.end())
    return data


@dataclass(frozen=True)
class MapRef:
    """What a map click points at: one event, or the events of one category at one point."""

    event_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    category: str | None = None
    cell: tuple[int, int, float] | None = None
    """A grid cell's row, column and size in degrees."""


CLICK_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]
"""What ``st_folium`` must return for ``ref_from_click``: the clicked symbol and a click counter."""


def clicked_ref(result: Mapping[str, Any] | None) -> str | None:
    """Return the reference the clicked symbol carries, or None.

    An event symbol reports itself as a GeoJSON feature (``last_active_drawing``) whose only
    property is ``ref``: ``e:<id>`` or ``g:<lat>,<lon>,<category>``. No text is read back.
    """
    drawing = result.get("last_active_drawing") if result else None
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    ref = props.get("ref") if isinstance(props, Mapping) else None
    return ref if isinstance(ref, str) else None


def ref_from_click(result: Mapping[str, Any] | None) -> MapRef | None:
    """Read the clicked symbol's reference from a ``st_folium`` result (see ``clicked_ref``).

    Returns
    -------
    MapRef or None
        None when nothing (or something other than an event symbol) was clicked.
    """
    ref = clicked_ref(result)
    if ref is None:
        return None
    kind, _, value = ref.partition(":")
    if kind == "e" and value:
        return MapRef(event_id=value)
    if kind == "c":
        try:
            row, col, size, category = value.split(",", 3)
            return MapRef(category=category, cell=(int(row), int(col), float(size)))
        except ValueError:
            return None
    if kind != "g":
        return None
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
    located, _ = split_located(events, ["id", "category"])
    if ref.cell is not None:
        return events_in_cell(located, *ref.cell, ref.category or "")
    mask = (
        (located.geometry.y.round(5) == round(ref.lat or 0, 5))
        & (located.geometry.x.round(5) == round(ref.lon or 0, 5))
        & (located["category"] == ref.category)
    )
    return list(located.loc[mask, "id"])


def event_ids_from_click(result: Mapping[str, Any] | None, events: gpd.GeoDataFrame) -> list[str]:
    """Map a ``st_folium`` click result back to the ids of the clicked events (one or a group)."""
    return events_for_ref(events, ref_from_click(result))
