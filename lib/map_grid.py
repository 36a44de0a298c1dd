"""Keep the map's symbol count bounded: scattered events merge into grid cells drawn as cells.

Groups of events that share a point (a town, a site) stay as they are. When there are more
symbols than ``MAX_SYMBOLS``, the events that are alone at their point (of their category) are
counted per grid cell instead, at the finest cell size that fits; each cell is drawn as its
outline with one symbol in the middle, so the symbol never pretends to be a place. A click lists
the cell's events beside the map, one more click shows one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

MAX_SYMBOLS = 1200
"""At most this many symbols (about 1 MB of map data with their texts)."""
CELL_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""Cell sizes tried, in degrees, finest first."""


def cell_of(lat: float, lon: float, size: float) -> tuple[int, int]:
    """Return the (row, column) of the grid cell of ``size`` degrees holding a point."""
    return math.floor(lat / size), math.floor(lon / size)


def bound_groups(groups: Sequence[Any], limit: int = MAX_SYMBOLS) -> list[Any]:
    """Return ``groups`` with lone events merged into grid cells when there are over ``limit``.

    Parameters
    ----------
    groups : sequence of lib.map_view.Group
        As ``group_events`` returns them.
    limit : int
        The most symbols wanted (the coarsest cell size is used if even that is more).

    Returns
    -------
    list of Group
        Shared-point groups unchanged, lone events in cells holding only them unchanged, and
        one ``Group`` with ``cell`` set (its size in degrees) per cell and category.
    """
    from lib.map_view import Group, _slot

    if len(groups) <= limit:
        return list(groups)
    shared = [g for g in groups if len(g.ids) > 1]
    alone = [g for g in groups if len(g.ids) == 1]
    for size in CELL_SIZES:
        cells: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
        for group in alone:
            cells[(*cell_of(group.lat, group.lon, size), group.category)].append(group)
        if len(shared) + len(cells) <= limit:
            break
    out = list(shared)
    merged: dict[tuple[int, int], list[tuple[str, list[Any]]]] = defaultdict(list)
    for (row, col, category), members in sorted(cells.items()):
        if len(members) == 1:
            out.append(members[0])
        else:
            merged[(row, col)].append((category, members))
    for (row, col), parts in merged.items():
        for index, (category, members) in enumerate(parts):
            out.append(
                Group(
                    lat=round((row + 0.5) * size, 5),
                    lon=round((col + 0.5) * size, 5),
                    category=category,
                    ids=tuple(i for m in members for i in m.ids),
                    precisions=tuple(sorted({p for m in members for p in m.precisions})),
                    slot=_slot(index, len(parts)),
                    cell=size,
                )
            )
    return out


def cell_outlines(groups: Sequence[Any]) -> dict[str, Any]:
    """Return the outlines of the cells among ``groups`` as a GeoJSON FeatureCollection."""
    seen = {}
    for group in groups:
        size = getattr(group, "cell", 0.0)
        if not size:
            continue
        row, col = cell_of(group.lat, group.lon, size)
        south, west = round(row * size, 5), round(col * size, 5)
        north, east = round(south + size, 5), round(west + size, 5)
        seen[(row, col, size)] = {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[west, south], [east, south], [east, north], [west, north], [west, south]]
                ],
            },
            "properties": {},
        }
    return {"type": "FeatureCollection", "features": list(seen.values())}


def cell_km(group: Any) -> int:
    """Return a cell's north-south side in km (rounded), for its precision text."""
    return max(1, round(group.cell * 111.2))


def events_in_cell(
    located: gpd.GeoDataFrame, row: int, col: int, size: float, category: str
) -> list[str]:
    """Return the ids of the lone events (alone at their point in their category) in a cell."""
    if located.empty:
        return []
    lat = located.geometry.y.round(5)
    lon = located.geometry.x.round(5)
    key = pd.DataFrame({"lat": lat, "lon": lon, "cat": located["category"]})
    lone = (key.groupby(["lat", "lon", "cat"])["cat"].transform("size") == 1).to_numpy()
    mask = (
        lone
        & (np.floor(lat.to_numpy() / size) == row)
        & (np.floor(lon.to_numpy() / size) == col)
        & (located["category"] == category).to_numpy()
    )
    return located["id"].to_numpy()[mask].tolist()
