"""Caches at the Streamlit boundary: one dataset for every viewer, tables derived once per version.

Everything returned here is shared between sessions and must be treated as read-only: the
dataset, the row positions a filter selects, and the tables built from them. (pandas 3 copies
on write, so a page that derives a frame from these never changes the shared one.)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from lib.content_note import masked_events
from lib.events import Dataset, EventFilter, filter_mask
from lib.export import events_to_csv, events_to_geojson
from lib.format import when_texts
from lib.localize import column_texts
from lib.store import load_validated
from lib.tables import events_table

T = TypeVar("T")

DatasetKey = tuple[str, tuple[tuple[str, int, int], ...]]
"""A data directory and the (name, modification time in ns, size) of each of its files."""


def data_stamp(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Return (name, mtime in ns, size) of each data file; zeros for a missing one."""
    from lib.validate import ALL_FILES, narrative_files

    out = []
    narratives = [str(p.relative_to(data_dir)) for p in narrative_files(data_dir)]
    for name in (*ALL_FILES, *narratives):  # outlines.geojson too
        try:
            stat = (data_dir / name).stat()
        except OSError:
            out.append((name, 0, 0))
        else:
            out.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def dataset_key(data_dir: Path) -> DatasetKey:
    """Return the cache key of a data directory's current files."""
    return (str(data_dir), data_stamp(data_dir))


@st.cache_resource(show_spinner=False, max_entries=8)  # the shipped data and a few viewers' uploads
def shared_dataset(data_dir: str, stamp: Hashable) -> Dataset:
    """Load a data directory once for all viewers, per set of file stamps.

    Files validated before (by any process) are read from the validated copy in the cache
    directory (``lib.store``). A ``DataError`` is not cached: a broken directory is checked
    again on the next run.
    """
    del stamp  # part of the cache key only
    return load_validated(Path(data_dir))


def _flt_key(flt: EventFilter) -> tuple:
    return (flt.date_from, flt.date_to, flt.categories, flt.claimant_types, flt.text.strip())


def positions(dataset: Dataset, key: DatasetKey, flt: EventFilter) -> np.ndarray | None:
    """Return the row positions of the events ``flt`` selects, or None when it selects them all."""
    return _positions(dataset, key, _flt_key(flt), flt)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _positions(
    _dataset: Dataset, key: DatasetKey, flt_key: tuple, _flt: EventFilter
) -> np.ndarray | None:
    del key, flt_key  # cache key only
    mask = filter_mask(_dataset.events, _flt).to_numpy()
    if mask.all():
        return None
    found = np.flatnonzero(mask).astype(np.int32)
    found.flags.writeable = False
    return found


def take(frame: pd.DataFrame, rows: np.ndarray | None) -> pd.DataFrame:
    """Return ``frame`` itself when ``rows`` is None, else the rows at those positions."""
    return frame if rows is None else frame.take(rows)


@st.cache_resource(show_spinner=False, max_entries=4)
def event_ids(_dataset: Dataset, key: DatasetKey) -> frozenset[str]:
    """Return the set of every event id of a dataset version."""
    del key
    return frozenset(_dataset.events["id"])


@st.cache_resource(show_spinner=False, max_entries=4)
def masked_dataset_events(_dataset: Dataset, key: DatasetKey) -> pd.DataFrame:
    """Return every event of a dataset version as a reader without consent sees them
    (``lib.content_note.masked_events``): built once, shared, read-only."""
    del key
    return masked_events(_dataset.events, consent=False)


def shown_events(dataset: Dataset, key: DatasetKey, consent: bool) -> pd.DataFrame:
    """Return every event of a dataset with violent texts covered unless ``consent``."""
    return dataset.events if consent else masked_dataset_events(dataset, key)


def events_table_rows(
    dataset: Dataset,
    key: DatasetKey,
    rows: np.ndarray | None,
    span: tuple[int, int],
    lang: str,
    consent: bool = False,
) -> pd.DataFrame:
    """Return the readable events table of the selected events ``span[0]``..``span[1]`` (a
    page of ``rows``, every event when None), built for those rows alone: a table of 100,000
    events held per language would cost the server hundreds of MB. Violent titles are neutral
    unless ``consent``."""
    first, last = span
    chosen = np.arange(first, last) if rows is None else rows[first:last]
    return events_table(
        shown_events(dataset, key, consent).take(chosen), lang, places=dataset.info.map.places
    )


@st.cache_resource(show_spinner=False, max_entries=4, ttl=900)
def _download(
    _dataset: Dataset,
    _rows: np.ndarray | None,
    key: DatasetKey,
    flt_key: tuple,
    kind: str,
    cite: str,
) -> bytes:
    del key, flt_key
    events = take(_dataset.events, _rows)
    if kind == "geojson":
        return events_to_geojson(events, cite)
    return events_to_csv(events, cite)


def download_bytes(
    dataset: Dataset,
    key: DatasetKey,
    flt: EventFilter,
    kind: str,
    cite: str,
) -> bytes:
    """Return the events ``flt`` selects as ``kind`` ("geojson" or "csv") bytes with a citation.

    Built once per dataset version, filter and citation, and kept a quarter of an hour.
    """
    return _download(dataset, positions(dataset, key, flt), key, _flt_key(flt), kind, cite)


@st.cache_resource(show_spinner=False, max_entries=4)
def _unplaced(_dataset: Dataset, key: DatasetKey) -> np.ndarray:
    del key
    events = _dataset.events
    rows = np.flatnonzero((events.geometry.isna() | events.geometry.is_empty).to_numpy())
    rows.flags.writeable = False
    return rows


def unplaced_rows(dataset: Dataset, key: DatasetKey, rows: np.ndarray | None) -> np.ndarray:
    """Return the positions of the selected events (``rows``; all when None) that have no place
    on the map, in order."""
    unplaced = _unplaced(dataset, key)
    return unplaced if rows is None else unplaced[np.isin(unplaced, rows)]


def unplaced_table(
    dataset: Dataset, key: DatasetKey, rows: np.ndarray, lang: str, consent: bool = False
) -> pd.DataFrame:
    """Return id, title, when and claimant of the events at positions ``rows`` (a page of
    ``unplaced_rows``), built for those alone: texts for every unplaced event took seconds at
    100,000 events, for a list shown a page at a time. Violent titles neutral unless
    ``consent``."""
    events = shown_events(dataset, key, consent).take(rows)
    return pd.DataFrame(
        {
            "id": events["id"].to_numpy(),
            "title": column_texts(events, "title", lang),
            "when": when_texts(events, lang),
            "claimant": column_texts(events, "claimant", lang),
        }
    )


@st.cache_resource(show_spinner=False, max_entries=64, ttl=3600)
def _built(name: str, key: DatasetKey, args: Hashable, _build: Callable[[], T]) -> T:
    del name, key, args  # cache key only
    return _build()


def built(name: str, key: DatasetKey, args: Hashable, build: Callable[[], T]) -> T:
    """Return ``build()``, made once per dataset version, ``name`` and ``args`` and then shared.

    For figures and tables a page would otherwise rebuild on every rerun: ``args`` must hold
    every input of ``build`` besides the dataset (filters, language, consent, options), as
    small hashable values. What is returned is shared by every viewer: read-only (plotly
    figures are copied by ``st.plotly_chart`` and by the image export, never changed).
    """
    return _built(name, key, args, build)


def options_key(options: Any) -> tuple:
    """Return a dataclass of options as a hashable tuple for ``built``.

    Left out: its frames and the fields it does not compare (``field(compare=False)``: sources,
    outlines, inset), which belong to the dataset version, part of every key already.
    """
    return tuple(
        (item.name, getattr(options, item.name))
        for item in fields(options)
        if item.compare and not isinstance(getattr(options, item.name), pd.DataFrame)
    )


def filter_key(flt: EventFilter) -> tuple:
    """Return the filters as a hashable tuple (for ``built``)."""
    return _flt_key(flt)
