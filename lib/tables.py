"""Display tables (translated column names, plain text) for sources and events."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from lib.format import event_when
from lib.i18n import t


def sources_table(sources: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the sources with translated column names, in id order."""
    columns = ["id", "title", "publisher", "date", "url", "language"]
    table = sources[columns].sort_values("id")
    return table.rename(columns={c: t(f"sources.column.{c}", lang) for c in columns})


def events_table(events: gpd.GeoDataFrame, lang: str = "en") -> pd.DataFrame:
    """Return one readable row per event: when (with precision), title, category, claimant, place, sources."""
    rows = {
        "when": [event_when(row, lang) for _, row in events.iterrows()],
        "event": events["title_en"],
        "category": [t(f"category.{c}", lang) for c in events["category"]],
        "claimant": events["claimant"],
        "place": [
            f"{place or '—'} ({t(f'location_precision.{p}', lang)})"
            for place, p in zip(events["place"], events["location_precision"], strict=True)
        ],
        "sources": [
            "; ".join(f"{r['source']} ({r['locator']})" for r in refs) for refs in events["sources"]
        ],
        "id": events["id"],
    }
    table = pd.DataFrame(rows)
    return table.rename(columns={c: t(f"sources.column.{c}", lang) for c in rows if c != "id"})
