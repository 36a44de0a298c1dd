"""Downloads of the filtered events, with a citation line."""

from __future__ import annotations

import json
from datetime import date

import geopandas as gpd
import pandas as pd

from lib.i18n import t
from lib.schema import EventProperties

EXPORT_COLUMNS = [c for c in EventProperties.model_fields if c not in ("sources", "count_ids")]


def citation(
    title: str,
    url: str | None = None,
    accessed: date | None = None,
    lang: str = "en",
    note: str | None = None,
) -> str:
    """Return the line to cite the dashboard and its sources with, in ``lang``.

    ``note`` (dataset.json's ``citation_note_en``, e.g. the primary source) goes in brackets.
    """
    day = (accessed or date.today()).isoformat()
    where = f" {url}" if url else ""
    noted = f" ({note})" if note else ""
    return t("export.citation", lang, title=title, where=where, day=day, note=noted)


def _sources_text(refs: list[dict[str, str]]) -> str:
    return "; ".join(f"{ref['source']} ({ref['locator']})" for ref in refs)


def events_to_geojson(events: gpd.GeoDataFrame, cite: str) -> bytes:
    """Return the events as a GeoJSON FeatureCollection in the shipped file's shape, plus a citation."""
    names = list(EventProperties.model_fields)
    columns = [[_plain(v) for v in events[name].tolist()] for name in names]
    features = [
        {
            "type": "Feature",
            "geometry": _point(geometry),
            "properties": dict(zip(names, values, strict=True)),
        }
        for geometry, *values in zip(events.geometry, *columns, strict=True)
    ]
    # one feature per line: readable, and several times faster than an indented dump
    head = {"type": "FeatureCollection", "citation": cite}
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + lines + "\n]}\n"
    return text.encode("utf-8")


def events_to_csv(events: gpd.GeoDataFrame, cite: str) -> bytes:
    """Return the events as CSV (one row per event, sources flattened), first line a citation comment."""
    table = pd.DataFrame({name: events[name] for name in EXPORT_COLUMNS})
    table["sources"] = [_sources_text(refs) for refs in events["sources"]]
    table["count_ids"] = [" ".join(ids) for ids in events["count_ids"]]
    table["translations"] = [
        json.dumps(info, ensure_ascii=False) if info else "" for info in events["translations"]
    ]
    table["longitude"] = [g.x if g is not None else None for g in events.geometry]
    table["latitude"] = [g.y if g is not None else None for g in events.geometry]
    body = table.map(_defuse_formula).to_csv(index=False)
    return (f"# {cite}\n" + body).encode("utf-8")


def _defuse_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _point(geometry: object) -> dict[str, object] | None:
    if geometry is None or geometry.is_empty:
        return None
    return {"type": "Point", "coordinates": [geometry.x, geometry.y]}


def _plain(value: object) -> object:
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value
