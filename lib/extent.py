"""The map view that fits a dataset's events and places, for datasets that name no views."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from lib.i18n import t
from lib.schema import DatasetInfo, EventProperties, MapView

FIT_VIEW_ID = "all"
WORLD_CENTER = (20.0, 0.0)
MAP_PX = (900, 600)
"""A typical drawn map, in pixels (width, height): the fitted zoom shows the extent in it."""
PADDING = 1.3
"""How much wider than the extent the view is, so markers at the edges stay inside."""


def fit_view(positions: Iterable[tuple[float, float]], label: str = "") -> MapView:
    """Return the view centred on the extent of ``(lat, lon)`` positions, zoomed to show it all.

    Parameters
    ----------
    positions : iterable of (float, float)
        Latitudes and longitudes in degrees.
    label : str
        The view's label (default: the English "All events").

    Returns
    -------
    MapView
        Centre of the bounding box and the largest web-map zoom (1..14) that fits it into
        ``MAP_PX``; the world at zoom 2 when there is no position.
    """
    points = list(positions)
    label = label or t("map.view.fit", "en")
    if not points:
        return MapView(id=FIT_VIEW_ID, label_en=label, center=WORLD_CENTER, zoom=2)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    width = max((east - west) * PADDING, 1e-3) / 360
    height = max((_mercator(north) - _mercator(south)) * PADDING, 1e-3) / (2 * math.pi)
    zoom = math.floor(min(math.log2(MAP_PX[0] / 256 / width), math.log2(MAP_PX[1] / 256 / height)))
    center = ((south + north) / 2, (west + east) / 2)
    return MapView(id=FIT_VIEW_ID, label_en=label, center=center, zoom=max(1, min(zoom, 14)))


def _mercator(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def with_fitted_view(
    info: DatasetInfo, events: Sequence[tuple[EventProperties, dict[str, Any] | None]]
) -> DatasetInfo:
    """Return ``info`` unchanged when it names map views, else with one view fitted to the data.

    The fitted view covers every located event and every place in ``map.places``.
    """
    if info.map.views:
        return info
    positions = [
        (geometry["coordinates"][1], geometry["coordinates"][0])
        for _, geometry in events
        if geometry is not None
    ]
    positions += [tuple(place.position) for place in info.map.places]
    fitted = info.map.model_copy(update={"views": [fit_view(positions)]})
    return info.model_copy(update={"map": fitted})
