"""Downloads of the filtered events, with a citation line, and the one CSV writer of every download."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from lib.i18n import t
from lib.localize import translation_notes
from lib.schema import EventProperties, Source

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
    if "translations" in names:  # JSON text in the frame, an object in the file
        at = names.index("translations")
        columns[at] = [translation_notes(v) for v in columns[at]]
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
    """Return the events as CSV (one row per event, sources flattened), first row the citation."""
    table = pd.DataFrame({name: events[name] for name in EXPORT_COLUMNS})
    table["sources"] = [_sources_text(refs) for refs in events["sources"]]
    table["count_ids"] = [" ".join(ids) for ids in events["count_ids"]]
    table["translations"] = events["translations"].fillna("")  # already JSON text
    table["longitude"] = [g.x if g is not None else None for g in events.geometry]
    table["latitude"] = [g.y if g is not None else None for g in events.geometry]
    return frame_to_csv(table, preamble=[f"# {cite}"])


FIELD_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "data.md"
"""The guide to every field and column (English), offered beside the downloads."""


def field_guide() -> bytes:
    """Return the field guide (``docs/data.md``) as the Markdown file it is."""
    return FIELD_GUIDE.read_bytes()


def sources_to_csv(sources: pd.DataFrame, cite: str) -> bytes:
    """Return the sources as CSV in ``sources.csv``'s columns, first row the citation: what an
    events file's ``sources`` ids (``hrw-2011-12-22 (p3)``) point to."""
    table = sources[list(Source.model_fields)].copy()
    notes = [_set_only(translation_notes(v)) for v in table["translations"]]  # dicts
    table["translations"] = [json.dumps(n, ensure_ascii=False) if n else "" for n in notes]
    return frame_to_csv(table, preamble=[f"# {cite}"])


def _set_only(value: object) -> object:
    """Return ``value`` without the keys the loader filled with None (as the file has them)."""
    if isinstance(value, dict):
        return {k: _set_only(v) for k, v in value.items() if v is not None}
    return value


_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (with the full-width forms)."""
_LINE = re.compile(r"(\r\n|\r|\n)")


def defuse_formula(text: str) -> str:
    """Return ``text`` with an apostrophe before every line a spreadsheet could run as a formula.

    A line is live when, after any leading whitespace, it starts with ``=``, ``+``, ``-`` or
    ``@``; a text starting with a TAB or CR is live too. Every line counts, because a reader that
    breaks rows at a CR or LF inside a cell starts a new row there.
    """
    parts = _LINE.split(text)
    for i in range(0, len(parts), 2):  # even parts are lines, odd ones their breaks
        line = parts[i]
        if line.lstrip().startswith(_FORMULA_START):
            parts[i] = "'" + line
    text = "".join(parts)
    return "'" + text if text.startswith(("\t", "\r")) else text


def _cell(value: object) -> object:
    """Return a value as the writer stores it: numbers bare, everything else defused text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return defuse_formula(str(value))


def write_csv(
    header: Sequence[str], rows: Iterable[Sequence[object]], preamble: Sequence[str] = ()
) -> bytes:
    """Return UTF-8 CSV for a download; every download goes through here.

    Every text cell is quoted and defused (``defuse_formula``); numbers stay bare. Each
    ``preamble`` line (a citation, say) is written first as a row of one quoted cell. The file
    starts with a byte-order mark: without it, a spreadsheet opened by a double click reads the
    Russian and Kazakh texts in the computer's own code page, as garbage.

    Parameters
    ----------
    header : sequence of str
        Column names.
    rows : iterable of sequences
        One sequence of values per row.
    preamble : sequence of str
        Lines before the header.

    Returns
    -------
    bytes
        The file.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([_cell(line)])
    writer.writerow([_cell(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def frame_to_csv(frame: pd.DataFrame, preamble: Sequence[str] = ()) -> bytes:
    """Return a table as a download (see ``write_csv``): its columns are the header."""
    return write_csv(
        [str(c) for c in frame.columns], frame.itertuples(index=False, name=None), preamble
    )


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
