"""Display tables (translated column names, plain text) for sources and events."""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from lib.figure_style import text_px
from lib.format import CYRILLIC, CYRILLIC_WIDTH, locator_text, when_texts
from lib.i18n import t
from lib.localize import SOURCE_TEXTS, column_texts, localized_frame
from lib.schema import Category, LocationPrecision


def sources_table(sources: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the sources with translated column names, in id order; descriptive titles and
    notes in ``lang`` (a publication's own title as published, a missing note marked).

    The title comes first and the id last: on a phone the table shows about one column, and
    it showed the ids ("abai-kz-11981") with the titles cut off beside them.
    """
    columns = ["title", "publisher", "date", "url", "language", "note", "id"]
    table = localized_frame(sources, SOURCE_TEXTS, lang)[columns].sort_values("id")
    return table.rename(columns={c: t(f"sources.column.{c}", lang) for c in columns})


def events_table(
    events: gpd.GeoDataFrame,
    lang: str = "en",
    places: Sequence[Any] = (),
) -> pd.DataFrame:
    """Return one readable row per event: when (with precision), title, category, claimant, place,
    sources; data texts in ``lang``, English marked "(English)" where a translation is missing.

    ``places`` are the dataset's ``map.places`` (their names in ``lang``).
    """
    categories = {c: t(f"category.{c}", lang) for c in Category}
    precisions = {p: t(f"location_precision.{p}", lang) for p in LocationPrecision}
    rows = {
        "when": when_texts(events, lang),
        "event": column_texts(events, "title", lang),
        "category": [categories[c] for c in events["category"]],
        "claimant": column_texts(events, "claimant", lang),
        "place": [
            f"{place or '—'} ({precisions[p]})"
            for place, p in zip(
                column_texts(events, "place", lang, places),
                events["location_precision"],
                strict=True,
            )
        ],
        "sources": [
            "; ".join(f"{r['source']} ({locator_text(r['locator'], lang)})" for r in refs)
            for refs in events["sources"]
        ],
        "id": events["id"],
    }
    table = pd.DataFrame(rows)
    return table.rename(columns={c: t(f"sources.column.{c}", lang) for c in rows if c != "id"})


CELL_PADDING_PX = 32
"""A table cell's padding on both sides (8 px each), with room for the grid's lines."""


GRID_FONT_SLACK = 1.06
"""Chromium draws the table's Source Sans 4-5 % wider than FreeType measures the same file."""


@cache
def _grid_font(size: int):
    """Streamlit's own Source Sans, which its tables draw in, or None where it is not found."""
    from PIL import ImageFont

    spec = importlib.util.find_spec("streamlit")
    media = (
        Path(spec.origin).parent / "static" / "static" / "media" if spec and spec.origin else None
    )
    found = sorted(media.glob("SourceSansVF-Upright*")) if media and media.is_dir() else []
    try:
        return ImageFont.truetype(str(found[0]), size) if found else None
    except OSError:
        return None


def column_px(texts: Sequence[str], size: float = 14, low: int = 80, high: int = 420) -> int:
    """Return a table column's width in pixels that shows the longest of ``texts`` whole, within
    ``low`` and ``high`` (the counts table's figures were cut: 'тағы 60 (барлығы 13…').

    Measured in the table's own font where it is found: the estimate by character count made
    the counts table's figure column 349 px for a figure drawn 238 px wide, all but the whole
    of a phone's table."""
    font = _grid_font(round(size))
    if font is not None:
        widest = max((font.getlength(x) * GRID_FONT_SLACK for x in texts), default=0)
    else:
        widest = max(
            (text_px(x, size) / (CYRILLIC_WIDTH if CYRILLIC.search(x) else 1) for x in texts),
            default=0,
        )
    return int(min(high, max(low, math.ceil(widest) + CELL_PADDING_PX)))
