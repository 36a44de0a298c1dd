"""Load the validated dataset into typed frames, and filter events and counts."""

from __future__ import annotations

import json
import math
import operator
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from lib.additions import running_totals
from lib.extent import with_fitted_view
from lib.schema import (
    COUNT_COLUMNS,
    DEFAULT_INFO,
    PART_OF_DAY_HOURS,
    SOURCE_COLUMNS,
    ClaimantType,
    DatasetInfo,
    EventProperties,
    Narrative,
    PartOfDay,
    TimePrecision,
    Translation,
    naive_local,
    parse_stated_date,
    parse_when,
    zone_from_offset,
)
from lib.validate import DataError, NotesWriter, check_directory, no_gc

CRS = "EPSG:4326"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "EVENTS_DATA_DIR"


@dataclass(frozen=True)
class Dataset:
    """The three validated tables of a data directory."""

    events: gpd.GeoDataFrame
    sources: pd.DataFrame
    counts: pd.DataFrame
    data_dir: Path
    info: DatasetInfo = field(default_factory=lambda: DEFAULT_INFO)
    narratives: dict[str, Narrative] = field(default_factory=dict)
    outlines: dict[str, Any] | None = field(default=None, compare=False)
    """Land outlines (GeoJSON FeatureCollection) from ``outlines.geojson``, if the folder has one."""
    inset: dict[str, Any] | None = field(default=None, compare=False)
    """Coarse outlines of the whole country and its neighbours (``inset.geojson``), if any."""


@dataclass(frozen=True)
class EventFilter:
    """The shared filters; ``None`` or empty means no restriction."""

    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] | None = None
    claimant_types: tuple[str, ...] | None = None
    text: str = ""

    @property
    def dates(self) -> tuple[date, date] | None:
        """The first and last day chosen, when both are."""
        if self.date_from is None or self.date_to is None:
            return None
        return self.date_from, self.date_to


def data_dir_from_env(environ: dict[str, str] | None = None) -> Path:
    """Return the data directory named by ``EVENTS_DATA_DIR``, default the shipped ``data/``."""
    env = os.environ if environ is None else environ
    value = env.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else DEFAULT_DATA_DIR


CLAIM_CLASSES: tuple[str, ...] = ("official", "independent", "foreign_official", "unclear")
"""How views group claims: the Kazakh authorities, independent claimants, and two groups that
support neither side (foreign governments and international bodies; attribution unclear)."""


def claim_class(claimant_type: str) -> str:
    """Return the claim class of a claimant type (see `CLAIM_CLASSES`).

    ``official`` for the authorities; ``foreign_official`` and ``unclear`` stay themselves; every
    other claimant (journalist, witness, NGO, media) is ``independent``.
    """
    if claimant_type in (
        ClaimantType.OFFICIAL,
        ClaimantType.FOREIGN_OFFICIAL,
        ClaimantType.UNCLEAR,
    ):
        return str(claimant_type)
    return "independent"


def local_offset(info: DatasetInfo, events: list[EventProperties]) -> str:
    """Return the data's UTC offset: dataset.json's, else the one most event times carry.

    Dates without a time are local already; with no time at all the offset is ``+00:00``.
    (A time with seconds has its offset last too: it is the last six characters.)
    """
    return _offset(info, [event.start for event in events], [event.end for event in events])


def _offset(info: DatasetInfo, starts: list[str], ends: list[str | None]) -> str:
    """``local_offset`` from the events' ``start`` and ``end`` columns."""
    if info.utc_offset:
        return info.utc_offset
    written = Counter(
        value[-6:]  # the offset, after minutes or seconds
        for pair in zip(starts, ends, strict=True)
        for value in pair
        if value is not None and len(value) > 16
    )
    return written.most_common(1)[0][0] if written else "+00:00"


def _local(value: str, zone: tzinfo) -> datetime:
    return naive_local(parse_when(value), zone)


def event_span(event: EventProperties, zone: tzinfo = UTC) -> tuple[datetime, datetime]:
    """Return the local (naive, in ``zone``) interval an event covers, as far as it is known.

    Minute- and hour-precise starts are instants; a day spans the day; a part of day spans its
    hours; a month spans the month; an ``end`` extends the interval to the end (to the end of its
    day when it is a date).
    """
    return _span(event.start, event.time_precision, event.part_of_day, event.end, zone)


def _span(
    start: str, precision: str, part_of_day: str | None, end_text: str | None, zone: tzinfo
) -> tuple[datetime, datetime]:
    """``event_span`` from an event's four fields."""
    begin = _local(start, zone)
    if precision in (TimePrecision.MINUTE, TimePrecision.HOUR):
        finish = begin
    elif precision == TimePrecision.PART_OF_DAY:
        first, last = PART_OF_DAY_HOURS[PartOfDay(part_of_day)]
        day = begin.replace(hour=0, minute=0)
        begin, finish = day + timedelta(hours=first), day + timedelta(hours=last)
    elif precision == TimePrecision.MONTH:
        finish = (begin.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        finish = begin + timedelta(days=1)
    if end_text is not None:
        end = _local(end_text, zone)
        if len(end_text) == 10:
            end += timedelta(days=1)
        elif len(end_text) == 7:
            end = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
        finish = max(finish, end)
    return begin, finish


def _events_frame(checked_events: list, zone: tzinfo) -> gpd.GeoDataFrame:
    """Return the events frame, sorted by local start and id.

    Built column by column from the models, already in order (a ``sort_values`` and ``take``
    of the text columns cost more than building them), so 100,000 events take a fraction of
    what a frame from one dict per row took; ``tests/test_validate_fast.py`` pins the result
    to the row-by-row way.
    """
    events = [event for event, _ in checked_events]
    fields = [vars(event) for event in events]
    data: dict[str, list] = {
        name: [values[name] for values in fields] for name in EventProperties.model_fields
    }
    data["sources"] = [[dict(vars(ref)) for ref in event.sources] for event in events]
    data["count_ids"] = [list(event.count_ids) for event in events]
    data["translations"] = [  # JSON text: 100,000 small dicts would hold about 250 MB
        _translations_text(event.translations) for event in events
    ]
    return _frame_from_columns(data, [geometry for _, geometry in checked_events], zone)


def _columns_frame(
    columns: dict[str, list],
    geometries: list,
    zone: tzinfo,
    texts: dict[str, pa.Array | pa.ChunkedArray] | None = None,
) -> gpd.GeoDataFrame:
    """The events frame from the columns of a file the fast checks passed (no models).

    The values are what the models hold (``lib.validate.fast_event_columns`` made them so);
    the nested ones are copied into the models' field order, as ``_events_frame`` dumps them.
    The columns are taken out of ``columns`` (each list is dropped once it is in the frame).
    ``texts`` holds the columns already in Arrow (``lib.validate.EventColumns.texts``: the
    free texts, and the translation notes written as JSON text), in file order.
    """
    texts = {} if texts is None else texts
    data: dict[str, Any] = {
        name: texts[name] if name in texts else columns.pop(name)
        for name in EventProperties.model_fields
    }
    data["sources"] = [
        [{"source": ref["source"], "locator": ref["locator"]} for ref in refs]
        for refs in data["sources"]
    ]
    data["count_ids"] = [list(ids) for ids in data["count_ids"]]
    if "translations" not in texts:
        write = NotesWriter()
        data["translations"] = [write(notes) for notes in data["translations"]]
    return _frame_from_columns(data, geometries, zone)


def _frame_from_columns(data: dict[str, Any], geometries: list, zone: tzinfo) -> gpd.GeoDataFrame:
    """Sort the columns by local start and id, add the spans and derived columns, and frame them.

    Texts go into Arrow arrays in file order and are put in order there (``take``): five
    times faster than pandas' own conversion of a list of ``str`` and a Python reorder.
    """
    spans = _spans(data["start"], data["time_precision"], data["part_of_day"], data["end"], zone)
    ids = data["id"]
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], ids[i]))
    take = _taker(order)
    indices = None if take is _same else np.asarray(order, dtype=np.int64)
    in_order = _texts_in_order(data, indices)  # put in order meanwhile, by two threads
    geometries = take(geometries)
    spans = take(spans)
    data["t0"] = [span[0] for span in spans]
    data["t1"] = [span[1] for span in spans]
    data["claim_class"] = [claim_class(value) for value in data["claimant_type"]]
    data["source_ids"] = [tuple(ref["source"] for ref in refs) for refs in data["sources"]]
    points = [g["coordinates"] if g else (math.nan, math.nan) for g in geometries]
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    geometry = shapely.points(xy)
    geometry[np.isnan(xy[:, 0])] = None
    series = {}
    sorted_already = ("t0", "t1")
    for name in list(data):  # each list dropped once copied (at 100,000 events, 0.3 GB less)
        values = data.pop(name)
        if isinstance(values, pa.Array | pa.ChunkedArray):  # texts put into Arrow when checked
            if values.null_count < len(values):
                series[name] = pd.Series(pd.array(next(in_order), dtype="str"))
                continue
            values = [None] * len(values)  # no text at all: as ``_dtype`` says, objects
        kind = _dtype(values)
        if kind == "str":
            texts = pa.array(values, type=pa.large_string())
            if indices is not None and name not in sorted_already:
                texts = texts.take(indices)
            series[name] = pd.Series(pd.array(texts, dtype="str"))
        else:
            series[name] = pd.Series(values if name in sorted_already else take(values), dtype=kind)
        del values
    frame = pd.DataFrame(series)
    for column in ("t0", "t1"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry), crs=CRS)


def _texts_in_order(data: dict[str, Any], indices: np.ndarray | None) -> Iterator[Any]:
    """The columns of ``data`` already in Arrow that hold any text, put in ``indices`` order,
    in ``data``'s order: two at once, in threads that go on while the caller works (Arrow's
    ``take`` lets go of the interpreter), as the parts' child has ended by now; at 100,000
    events the ``take`` of 300 MB of texts in shuffled order took 2.2 s one after another."""
    arrays = [
        values
        for values in data.values()
        if isinstance(values, pa.Array | pa.ChunkedArray) and values.null_count < len(values)
    ]
    if indices is None:
        return iter(arrays)
    pool = ThreadPoolExecutor(2)
    ordered = [pool.submit(values.take, indices) for values in arrays]
    pool.shutdown(wait=False)
    return (future.result() for future in ordered)


def _spans(
    starts: list[str],
    precisions: list[str],
    parts: list[str | None],
    ends: list[str | None],
    zone: tzinfo,
) -> list[tuple[datetime, datetime]]:
    """Each event's ``_span``, worked out once per distinct set of its four fields (exports
    repeat the same start and precision many times)."""
    known: dict[tuple, tuple[datetime, datetime]] = {}
    spans = []
    for row in zip(starts, precisions, parts, ends, strict=True):
        span = known.get(row)
        if span is None:
            span = known[row] = _span(*row, zone)
        spans.append(span)
    return spans


def _same(values: list) -> list:
    return values


def _taker(order: list[int]) -> Any:
    """Return a function that puts a list in ``order`` (``itemgetter``, without its quirks).

    A file already in time order (as exports often are) keeps its lists as they are.
    """
    if order == list(range(len(order))):
        return _same
    if len(order) > 1:
        getter = operator.itemgetter(*order)
        return lambda values: list(getter(values))
    return lambda values: [values[i] for i in order]


def _dtype(values: list) -> str | None:
    """Object for an empty or all-missing column (as a frame from rows gives), else inferred.

    Texts (with or without missing values) are named ``str`` outright: what inference gives
    them, in half the time.
    """
    kinds = set(map(type, values))
    if kinds <= _NONE:
        return "object"
    return "str" if kinds <= _TEXT else None


_NONE = frozenset({type(None)})
_TEXT = frozenset({str, type(None)})


def _translations_text(notes: dict[str, Translation]) -> str:
    """Return an event's translation notes as JSON text, "" when it has none."""
    if not notes:
        return ""
    return _JSON.encode({lang: _translation_dict(value) for lang, value in notes.items()})


_JSON = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(..., ensure_ascii=False)`` without making an encoder per call."""


def _translation_dict(value: Translation) -> dict[str, Any]:
    """Return what ``model_dump()`` returns for a translation note, without the serialiser."""
    return {
        name: dict(item) if isinstance(item, dict) else item
        for name, item in vars(value).items()
        if name in _TRANSLATION_FIELDS
    }


_TRANSLATION_FIELDS = frozenset(Translation.model_fields)


def _stated_span(value: str) -> tuple[date, date]:
    first = parse_stated_date(value)
    if len(value) == 4:
        return first, date(first.year, 12, 31)
    if len(value) == 7:
        return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, first


def load_dataset(data_dir: str | Path, parts: int = 1) -> Dataset:
    """Load and validate a data directory.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding events.geojson, sources.csv and counts.csv.
    parts : int
        2: a large events file is checked in two halves at once (``check_directory``).

    Returns
    -------
    Dataset
        Events as a GeoDataFrame (EPSG:4326, null geometry where no place is known, with local
        ``t0``/``t1`` spans), sources and counts as DataFrames.

    Raises
    ------
    DataError
        Carrying every problem found, when anything does not validate.
    """
    with no_gc():
        return _load(data_dir, parts)


def _load(data_dir: str | Path, parts: int = 1) -> Dataset:
    checked = check_directory(data_dir, parts)
    if checked.problems:
        raise DataError(checked.problems)
    fast = checked.event_columns
    if fast is not None:
        offset = _offset(checked.info, fast.columns["start"], fast.columns["end"])
        located = [(None, geometry) for geometry in fast.geometries]
    else:
        offset = local_offset(checked.info, [event for event, _ in checked.events])
        located = checked.events
    info = with_fitted_view(checked.info.model_copy(update={"utc_offset": offset}), located)
    zone = zone_from_offset(offset)
    if fast is not None:
        events = _columns_frame(fast.columns, fast.geometries, zone, fast.texts)
    else:
        events = _events_frame(checked.events, zone)
    sources = pd.DataFrame([s.model_dump() for s in checked.sources], columns=SOURCE_COLUMNS)
    counts = pd.DataFrame([c.model_dump() for c in checked.counts], columns=COUNT_COLUMNS)
    counts["value"] = counts["value"].astype("int64")
    spans = [_stated_span(v) for v in counts["stated_on"]]
    counts["stated_from"] = [s[0] for s in spans]
    counts["stated_to"] = [s[1] for s in spans]
    counts["in_all"] = running_totals(counts)
    return Dataset(
        events=events,
        sources=sources,
        counts=counts,
        data_dir=Path(data_dir),
        info=info,
        narratives=checked.narratives,
        outlines=checked.outlines,
        inset=checked.inset,
    )


def filter_events(events: gpd.GeoDataFrame, flt: EventFilter) -> gpd.GeoDataFrame:
    """Return the events that overlap the date range and match every other filter."""
    return events[filter_mask(events, flt)]


def in_set(column: pd.Series, values: Iterable[Any]) -> np.ndarray:
    """Return which cells of a column are among ``values`` (``Series.isin`` on Arrow text
    costs about 20 times more: 0.34 s against 0.02 s at 100,000 events)."""
    wanted = values if isinstance(values, set | frozenset) else set(values)
    cells = column.to_numpy(dtype=object)
    return np.fromiter((cell in wanted for cell in cells), dtype=bool, count=len(cells))


def filter_mask(events: gpd.GeoDataFrame, flt: EventFilter) -> pd.Series:
    """Return a boolean Series, true for the events that ``filter_events`` keeps."""
    mask = pd.Series(True, index=events.index)
    if flt.date_from is not None:
        start = pd.Timestamp(flt.date_from)
        mask &= (events["t1"] > start) | (events["t0"] >= start)
    if flt.date_to is not None:
        mask &= events["t0"] < pd.Timestamp(flt.date_to) + pd.Timedelta(days=1)
    if flt.categories is not None:
        mask &= events["category"].isin(flt.categories)
    if flt.claimant_types is not None:
        mask &= events["claimant_type"].isin(flt.claimant_types)
    needle = flt.text.strip().casefold()
    if needle:
        # every language's title and description, so the search finds the text shown
        fields = ("title", "title_neutral", "description")
        columns = [f"{f}_{lang}" for f in fields for lang in ("en", "ru", "kk")]
        haystack = events[[c for c in columns if c in events]].fillna("").agg("\n".join, axis=1)
        haystack = haystack.str.casefold()
        mask &= haystack.str.contains(needle, regex=False)
    return mask


def filter_counts(counts: pd.DataFrame, flt: EventFilter) -> pd.DataFrame:
    """Return the counts whose date stated falls within the filter's date range."""
    mask = pd.Series(True, index=counts.index)
    if flt.date_from is not None:
        mask &= counts["stated_to"] >= flt.date_from
    if flt.date_to is not None:
        mask &= counts["stated_from"] <= flt.date_to
    return counts[mask]
