"""Validate a data directory and report every problem as ``file:record:field: message``."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import math
import mmap
import os
import re
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import msgspec
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, TypeAdapter, ValidationError

from lib.schema import (
    COUNT_COLUMNS,
    COUNT_OPTIONAL_COLUMNS,
    COUNTRY_CODE,
    DEFAULT_INFO,
    EVENT_TEXT_LANGS,
    LANGUAGE_CODE,
    MAX_RADIUS_KM,
    SLUG,
    SLUG_OR_EMPTY,
    SOURCE_COLUMNS,
    SOURCE_HASH,
    SOURCE_OPTIONAL_COLUMNS,
    TRANSLATED_LANGS,
    UTC_OFFSET,
    VERSION,
    Category,
    ClaimantType,
    Count,
    DatasetInfo,
    EventProperties,
    LocationPrecision,
    Narrative,
    NarrativeStep,
    PartOfDay,
    Source,
    TimePrecision,
    count_rule_problems,
    event_rule_problems,
    naive_local,
    parse_when,
    shown,
    translation_rule_problems,
)

EVENTS_FILE = "events.geojson"
SOURCES_FILE = "sources.csv"
COUNTS_FILE = "counts.csv"
INFO_FILE = "dataset.json"
NARRATIVES_DIR = "narratives"
"""Optional folder of narratives, one ``<id>.json`` each (see ``docs/data.md``)."""
OUTLINES_FILE = "outlines.geojson"
DATA_FILES = (EVENTS_FILE, SOURCES_FILE, COUNTS_FILE)
"""The required files; ``dataset.json`` (title, summary, map set-up) is optional."""
INSET_FILE = "inset.geojson"
OPTIONAL_FILES = (INFO_FILE, OUTLINES_FILE, INSET_FILE)
"""Optional files: the dataset's title and map set-up, land outlines drawn under the map, and
coarse outlines of the whole country for the map image's locator inset."""
ALL_FILES = (*DATA_FILES, *OPTIONAL_FILES)
MAX_DEPTH = 40
"""The deepest nesting of arrays and objects accepted in a JSON file (the data needs under 10)."""
READ_ATTEMPTS = 5

INVISIBLE = "\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069"
"""Characters that reorder or hide text: a right-to-left override turned the app's own words
after a place name backwards, and made a title read "…ekirts exe.png" (zero-width space,
word joiner, byte order mark, the bidirectional embeddings, overrides and isolates)."""
_CONTROL = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{INVISIBLE}]")
_INVISIBLE_ESCAPE = r"u20(?:0[bB]|2[a-eA-E]|6[06-9])|u[fF][eE][fF][fF]"
_CONTROL_ESCAPE = re.compile(rf"\\(?:[bf]|u00[01][0-9a-fA-F]|u007[fF]|{_INVISIBLE_ESCAPE})")
_CONTROL_ESCAPE_BYTES = re.compile(_CONTROL_ESCAPE.pattern.encode())
_INVISIBLE_BYTES = re.compile(rb"\xe2(?:\x80[\x8b\xaa-\xae]|\x81[\xa0\xa6-\xa9])")
"""`INVISIBLE` in UTF-8 but the byte order mark (one leading byte: 5 times faster)."""


_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)) or b > 0x7F)
"""Every byte but the control characters' (in UTF-8 those bytes are never part of another
character, so the file's bytes hold one exactly when its text does)."""


def _may_hold_control(json_text: str, raw: bytes | None = None) -> bool:
    """Return False when no string in a JSON text can hold a control character.

    One scan of the whole file (raw control characters, or their escapes) spares checking
    every field of every record; a ``True`` only means the fields are checked one by one.
    Given the file's bytes, the raw characters are looked for by deleting every other byte
    (several times faster than a regular expression over the text).
    """
    if raw is not None:
        return bool(
            raw.translate(None, _NOT_CONTROL)
            or _CONTROL_ESCAPE_BYTES.search(raw)
            or _INVISIBLE_BYTES.search(raw)
            or raw.find(b"\xef\xbb\xbf", 3) >= 0  # a byte order mark, but one that starts the file
        )
    return bool(_CONTROL.search(json_text) or _CONTROL_ESCAPE.search(json_text))


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a data directory is read and loaded.

    Parsing a large file makes millions of objects, none of them in a reference cycle; with
    the collector on, each burst of allocations rescans all of them (about a third of the
    time of loading 100,000 events). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_CONTROL_JSON = re.compile(
    rf"\\u00(?:0[0-8bcef]|1[0-9a-f])|\\[bf]|\x7f|[{INVISIBLE}]|\\{_INVISIBLE_ESCAPE}"
)
"""The same characters as they appear in JSON text (false alarms only cost the slow path)."""


@dataclass(frozen=True)
class Problem:
    """One problem in one field of one record of a data file."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.record}:{self.field}: {self.message}"


class DataError(Exception):
    """Raised when a data directory does not validate; carries every problem found.

    ``unreadable`` is true when a directory or file could not be read at all.
    """

    def __init__(self, problems: list[Problem], unreadable: bool = False):
        self.problems = problems
        self.unreadable = unreadable
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class CheckedData:
    """Records that passed their own checks, and every problem found."""

    event_records: list[tuple[EventProperties, dict[str, Any] | None]] = field(default_factory=list)
    """The events' models and geometries (see ``events``)."""
    event_columns: EventColumns | None = None
    """Every event as columns, when the fast checks found the whole file clean (no models)."""
    sources: list[Source] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    info: DatasetInfo = field(default_factory=lambda: DEFAULT_INFO)
    narratives: dict[str, Narrative] = field(default_factory=dict)
    outlines: dict[str, Any] | None = None
    """The land outlines (a GeoJSON FeatureCollection), when the directory has valid ones."""
    inset: dict[str, Any] | None = None
    """The inset's outlines (``inset.geojson``, same form as the outlines), when valid."""
    ids: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in DATA_FILES})
    read: set[str] = field(default_factory=set)
    """Files whose records could be read (each record's own problems aside)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def events(self) -> list[tuple[EventProperties, dict[str, Any] | None]]:
        """The events that passed their own checks: ``(model, geometry)`` in file order.

        When the fast checks passed the whole file, the models are built on first use only
        (loading builds the frame from ``event_columns`` and never asks for them).
        """
        if self.event_columns is not None and not self.event_records:
            columns = dict(self.event_columns.columns)
            for name, texts in self.event_columns.texts.items():
                values = texts.to_pylist()
                if name == "translations":  # JSON text, "" for none
                    values = [json.loads(value) if value else {} for value in values]
                columns[name] = values
            rows = zip(*columns.values(), strict=True)
            self.event_records = [
                (EventProperties.model_validate(dict(zip(columns, row, strict=True))), geometry)
                for row, geometry in zip(rows, self.event_columns.geometries, strict=True)
            ]
        return self.event_records

    def event_refs(
        self, known_sources: set[str] | None = None, known_counts: set[str] | None = None
    ) -> Iterator[tuple[str, list[str], list[str]]]:
        """Yield each valid event's id, source ids and count ids, in file order; nothing when
        the events are columns and every source id they cite is in ``known_sources`` or every
        count id in ``known_counts`` (whichever is given): none of them needs looking at."""
        if self.event_columns is not None and not self.event_records:
            sources, counts = self.event_columns.cited
            if (known_sources is not None and sources <= known_sources) or (
                known_counts is not None and counts <= known_counts
            ):
                return
            cols = self.event_columns.columns
            for event_id, refs, count_ids in zip(
                cols["id"], cols["sources"], cols["count_ids"], strict=True
            ):
                yield event_id, [ref["source"] for ref in refs], count_ids
            return
        for event, _ in self.event_records:
            yield event.id, [ref.source for ref in event.sources], event.count_ids


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Return what changes when a file is written or replaced (None when it is missing)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        return (-1, -1, -1)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def file_stamps(folder: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """Return the stamps of every data file of a directory (a cache key for its contents)."""
    return tuple(_stamp(folder / name) for name in ALL_FILES)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(
            [Problem(path.name, "-", "-", f"cannot read {path}: {exc.strerror or exc}")],
            unreadable=True,
        ) from exc


def read_snapshot(folder: Path) -> dict[str, bytes | None]:
    """Read every data file of a directory once, as one consistent version.

    The files' stamps are taken before and after reading; if any file changed in between
    (replaced while the app runs, say) they are read again, so the result is never half of one
    version and half of another.

    Returns
    -------
    dict
        File name to contents; None for a missing optional file.

    Raises
    ------
    DataError
        With ``unreadable=True`` when a required file is missing or a file cannot be read, or
        the files kept changing.
    """
    for _ in range(READ_ATTEMPTS):
        before = file_stamps(folder)
        raw: dict[str, bytes | None] = {}
        for name, stamp in zip(ALL_FILES, before, strict=True):
            if stamp is None and name in OPTIONAL_FILES:
                raw[name] = None
            else:
                raw[name] = _read_bytes(folder / name)
        if file_stamps(folder) == before:
            return raw
    raise DataError(
        [Problem(str(folder), "-", "-", "the data files kept changing while being read")],
        unreadable=True,
    )


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """Read and decode one file outside the snapshot (narratives)."""
    return _decode(path.name, _read_bytes(path), problems)


def _decode(name: str, raw: bytes, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(name, "-", "-", f"not valid UTF-8 (byte {exc.start}: {raw[exc.start]:#04x})")
        )
        return None


PATTERN_MESSAGES = {
    SLUG: "must be lowercase letters and digits in words joined by single hyphens, "
    "like 2011-12-16-strike",
    SLUG_OR_EMPTY: "must be empty or an id: lowercase letters and digits "
    "in words joined by single hyphens, like 2011-12-16-strike",
    SOURCE_HASH: "must be 16 hexadecimal digits (0-9, a-f)",
    LANGUAGE_CODE: "must be a two-letter language code, like en, ru or kk",
    COUNTRY_CODE: "must be a three-letter country code, like KAZ",
    VERSION: "must be a version number such as 1.0 or 1.0.1",
    UTC_OFFSET: "must be an offset from UTC such as +05:00",
}
"""What a value must look like, for each pattern of the schema (``lib.schema``): a curator reads
this, not the regular expression. Each is a catalogue key's English text (``lib.problem_text``)."""


def _pydantic_problems(file: str, record: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err["loc"]]
        name = ".".join(loc) if loc else "-"
        got = err.get("input")
        message = err["msg"]
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            message = "unknown field"
        elif err["type"] == "string_too_short":
            message = "must not be empty"
        elif err["type"] == "enum" and isinstance(got, str):
            message = f"unknown value {shown(got)}; expected {err['ctx']['expected']}"
        elif not isinstance(got, dict | list) and err["type"] != "value_error":
            if err["type"] == "string_pattern_mismatch":
                message = PATTERN_MESSAGES.get(err["ctx"]["pattern"], message)
            message = f"{message} (got {shown(got)})"
        out.append(Problem(file, record, name, message.replace("Value error, ", "")))
    return out


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Return every string in a dumped model with its dotted path (``sources.0.locator``)."""
    if isinstance(value, str):
        return [(path or "-", value)]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        found += _strings(item, f"{path}.{key}" if path else str(key))
    return found


def _text_problems(file: str, record: str, model: BaseModel) -> list[Problem]:
    out = []
    if not _CONTROL_JSON.search(model.model_dump_json()):  # fast path: nothing to report
        return out
    for name, value in _strings(model.model_dump(mode="json")):
        if match := _CONTROL.search(value):
            char = f"U+{ord(match.group()):04X}"
            what = (
                f"contains invisible character {char}, which can reorder or hide text"
                if match.group() > "\x7f"
                else f"contains control character {char}"
            )
            out.append(Problem(file, record, name, what))
    return out


def _geometry_problems(record: str, geometry: Any) -> list[Problem]:
    if geometry is None:
        return []

    def bad(message: str) -> list[Problem]:
        return [Problem(EVENTS_FILE, record, "geometry", message)]

    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        return bad(f"must be a Point or null, got {kind!r}")
    coords = geometry.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) != 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        or not all(isinstance(c, int) or math.isfinite(c) for c in coords)
    ):
        return bad(f"coordinates must be [longitude, latitude] numbers, got {coords!r}")
    lon, lat = coords
    out = []
    if not -180 <= lon <= 180:
        out += bad(f"longitude {lon} is out of range -180..180")
    if not -90 <= lat <= 90:
        out += bad(f"latitude {lat} is out of range -90..90")
    return out


_INVALID = object()


def _depth(doc: Any) -> int:
    """Return how deeply arrays and objects nest in a parsed document (without recursion).

    Level by level, keeping only the containers of each level (a file's strings and numbers
    are never pushed and popped one by one); past ``MAX_DEPTH + 1`` it stops counting.
    """
    level = [doc] if isinstance(doc, dict | list) else []
    depth = 0
    while level and depth <= MAX_DEPTH:
        depth += 1
        children: list[Any] = []
        for value in level:
            children.extend(value.values() if isinstance(value, dict) else value)
        level = [child for child in children if isinstance(child, dict | list)]
    return depth


JSON_DETAILS = {
    "Expecting value": "a value is missing",
    "Expecting property name enclosed in double quotes": "a field name in double quotes was "
    "expected (is there a comma after the last field?)",
    "Expecting ':' delimiter": "a colon was expected after the field name",
    "Expecting ',' delimiter": "a comma was expected between two items",
    "Extra data": "more text follows the end of the document",
    "Invalid control character at": "a control character (such as a line break) inside a text",
    "Unterminated string starting at": "a text opened with a double quote is never closed",
    "Invalid \\escape": "a backslash starts no valid escape (write \\\\ for a backslash)",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
}
"""The JSON parser's messages in words a curator can act on (each a catalogue key's text)."""


def _parse_json(name: str, text: str, problems: list[Problem], check_depth: bool = True) -> Any:
    """Return the parsed document, or ``_INVALID`` after recording where the JSON breaks.

    Nesting deeper than ``MAX_DEPTH`` is refused (unless ``check_depth`` is false: the caller
    checks it). ``NaN`` and ``Infinity``, which Python reads, are refused field by field (the
    models do not allow them).
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        detail = JSON_DETAILS.get(exc.msg, exc.msg)
        message = f"invalid JSON: {detail} (line {exc.lineno}, column {exc.colno})"
        problems.append(Problem(name, "-", "-", message))
        return _INVALID
    except RecursionError:  # deeper than the parser goes: certainly deeper than MAX_DEPTH
        doc = _INVALID
    if doc is _INVALID or (check_depth and _depth(doc) > MAX_DEPTH):
        problems.append(_too_deep(name))
        return _INVALID
    return doc


def _too_deep(name: str) -> Problem:
    return Problem(name, "-", "-", f"nested more than {MAX_DEPTH} levels deep")


_FEATURE_KEYS = frozenset({"type", "geometry", "properties"})
_POINT_KEYS = frozenset({"type", "coordinates"})


def _depth_beside_columns(doc: dict[str, Any]) -> int:
    """Return how deeply an events file nests, once the column checks passed its events.

    Those checks pass only plain values in the properties and points (seven levels at
    most), so only what they do not look at is measured: the collection's other members,
    and any other member of a feature or of its geometry (a quarter of the time of walking
    every value).
    """
    deepest = max(7, _depth({k: v for k, v in doc.items() if k != "features"}))
    for feature in doc["features"]:
        if not feature.keys() <= _FEATURE_KEYS:
            extra = {k: v for k, v in feature.items() if k not in _FEATURE_KEYS}
            deepest = max(deepest, 2 + _depth(extra))
        geometry = feature.get("geometry")
        if geometry is not None and not geometry.keys() <= _POINT_KEYS:
            extra = {k: v for k, v in geometry.items() if k not in _POINT_KEYS}
            deepest = max(deepest, 3 + _depth(extra))
    return deepest


_EVENT_LIST = TypeAdapter(list[EventProperties])


def _validate_all(features: list) -> Iterator[EventProperties] | None:
    """Validate every well-formed feature's properties in one call (a quarter faster than one call each).

    Returns the models in the order of those features, or None when any of them fails: then
    each is validated on its own, so the problems are reported record by record as always.
    """
    props = [
        feature["properties"]
        for feature in features
        if isinstance(feature, dict)
        and feature.get("type") == "Feature"
        and isinstance(feature.get("properties"), dict)
    ]
    try:
        return iter(_EVENT_LIST.validate_python(props))
    except ValidationError:
        return None


@dataclass(frozen=True)
class _Parsed:
    """A file's document, parsed from its bytes by ``_quick_parse`` (its text never made)."""

    doc: Any


@dataclass
class EventColumns:
    """Every event of a clean events file as columns of model values, in file order."""

    columns: dict[str, list[Any]]
    """One list per ``EventProperties`` field, holding what the model would hold (except the
    fields in ``texts``)."""
    geometries: list[dict[str, Any] | None]
    cited: tuple[set[str], set[str]]
    """Every source id and every count id the events name: their references are checked by
    comparing sets, and the events are gone through one by one only when one is unknown."""
    texts: dict[str, pa.Array | pa.ChunkedArray] = field(default_factory=dict)
    """The free texts and the translation notes (as ``lib.events`` writes them, JSON text) as
    Arrow arrays in file order, when the file was checked in parts (``check_directory``'s
    ``parts``): each part puts its own into Arrow. Empty otherwise."""


_MISSING = object()
_SLUG_FULL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HASH_FULL = re.compile(r"[0-9a-f]{16}")
_SLUG_MAX = 120
_TITLE_MAX = 160

_ENUM_FIELDS: dict[str, frozenset[str]] = {
    "time_precision": frozenset(TimePrecision),
    "category": frozenset(Category),
    "location_precision": frozenset(LocationPrecision),
    "claimant_type": frozenset(ClaimantType),
}
_OPTIONAL_ENUM_FIELDS: dict[str, frozenset[str]] = {"part_of_day": frozenset(PartOfDay)}
_TEXT_FIELDS: dict[str, int | None] = {
    "title_en": _TITLE_MAX,
    "description_en": None,
    "claimant": None,
}
"""Required non-blank texts and their longest length (None: any)."""
_OPTIONAL_TEXT_FIELDS: dict[str, int | None] = {
    "title_ru": _TITLE_MAX,
    "title_kk": _TITLE_MAX,
    "title_neutral_en": _TITLE_MAX,
    "title_neutral_ru": _TITLE_MAX,
    "title_neutral_kk": _TITLE_MAX,
    "description_ru": None,
    "description_kk": None,
    "claimant_ru": None,
    "claimant_kk": None,
}
"""Non-blank texts that may be null, and their longest length."""
_OPTIONAL_STR_FIELDS = (
    "time_note_en",
    "time_note_ru",
    "time_note_kk",
    "place",
    "place_ru",
    "place_kk",
    "location_note_en",
    "location_note_ru",
    "location_note_kk",
)
_OTHER_FIELDS = (
    "id",
    "start",
    "end",
    "location_uncertainty_km",
    "sources",
    "violence_described",
    "count_ids",
    "translations",
)
FAST_CHECKED_FIELDS = frozenset(
    [
        *_ENUM_FIELDS,
        *_OPTIONAL_ENUM_FIELDS,
        *_TEXT_FIELDS,
        *_OPTIONAL_TEXT_FIELDS,
        *_OPTIONAL_STR_FIELDS,
        *_OTHER_FIELDS,
    ]
)
"""The fields the fast checks know (``tests/test_validate_columns.py``: all of the model's)."""
_EVENT_FIELDS = tuple(EventProperties.model_fields)
_ALLOWED = frozenset(_EVENT_FIELDS)
_REF_KEYS = frozenset({"source", "locator"})
_TRANSLATION_KEYS = frozenset({"translator", "reviewed", "reviewer", "source_en_hash"})


def _slug(value: Any) -> bool:
    return type(value) is str and len(value) <= _SLUG_MAX and bool(_SLUG_FULL.fullmatch(value))


def _text(value: Any, longest: int | None) -> bool:
    return type(value) is str and bool(value.strip()) and (longest is None or len(value) <= longest)


def _when_ok(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        parse_when(value)
    except ValueError:
        return False
    return True


def _number(value: Any) -> bool:
    # an integer is finite (and math.isfinite fails on one too large for a float)
    return type(value) is int or (type(value) is float and math.isfinite(value))


def _point_ok(geometry: Any) -> bool:
    if geometry is None:
        return True
    if type(geometry) is not dict or geometry.get("type") != "Point":
        return False
    coords = geometry.get("coordinates")
    return (
        type(coords) is list
        and len(coords) == 2
        and _number(coords[0])
        and _number(coords[1])
        and -180 <= coords[0] <= 180
        and -90 <= coords[1] <= 90
    )


def _translations_ok(value: Any, hashes_seen: list[Any]) -> bool:
    """Check one event's translation notes; their hashes are put in ``hashes_seen`` to check."""
    if type(value) is not dict or not value.keys() <= {"ru", "kk"}:
        return False
    for note in value.values():
        if (
            type(note) is not dict
            or not note.keys() <= _TRANSLATION_KEYS
            or not _text(note.get("translator"), None)
            or type(note.get("reviewed")) is not bool
        ):
            return False
        reviewer = note.get("reviewer")
        if reviewer is not None and type(reviewer) is not str:
            return False
        if note["reviewed"] and not (reviewer or "").strip():
            return False
        hashes = note.get("source_en_hash", {})
        if type(hashes) is not dict:
            return False
        hashes_seen.extend(hashes.values())
    return True


def _all_unique(values: list[Any], ok: Any) -> bool:
    """Whether ``ok`` holds for every distinct value of a column of strings (or None).

    ``ok`` None: any string or None will do (the column's values are not even hashed).
    """
    if not set(map(type, values)) <= _STR_OR_NONE:
        return False
    return ok is None or all(ok(v) for v in set(values))


_STR_OR_NONE = frozenset({str, type(None)})


def _transpose(props: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Return one list per event field (``_MISSING`` where a record leaves a field out).

    Each record is laid over a record of absent fields (all of them, in the model's order),
    so every row has the same fields in the same order and they are transposed in one go.
    The records hold only known fields (checked before).
    """
    if not props:
        return {name: [] for name in _EVENT_FIELDS}
    rows = zip(*({**_ABSENT, **p}.values() for p in props), strict=True)
    return {name: list(values) for name, values in zip(_EVENT_FIELDS, rows, strict=True)}


_ABSENT = dict.fromkeys(_EVENT_FIELDS, _MISSING)


def fast_event_columns(features: list[Any], arrow_texts: bool = False) -> EventColumns | None:
    """Check every event a column at a time; return the columns, or None at the first doubt.

    ``arrow_texts``: the free texts are put into Arrow (``EventColumns.texts``) and checked
    there (``_arrow_texts``), not value by value.

    Each check accepts only what the models and rules certainly accept (exact JSON types,
    plain ``YYYY-MM-DD`` dates and so on), so a None costs only the record-by-record
    validation that reports the problems; whatever passes here passes there, with the same
    values (``tests/test_validate_columns.py`` compares both on hostile edge cases). The
    control-character rule is not checked here: a file that may hold one never comes here.
    """
    if not all(
        type(f) is dict and f.get("type") == "Feature" and type(f.get("properties")) is dict
        for f in features
    ):
        return None
    props = [f["properties"] for f in features]
    geometries = [f.get("geometry") for f in features]
    if not all(_point_ok(g) for g in geometries):
        return None
    if props and not set().union(*(p.keys() for p in props)) <= _ALLOWED:
        return None
    columns = _transpose(props)
    for name in ("id", "start", "time_precision", "title_en", "description_en", "category"):
        if _MISSING in columns[name]:
            return None
    for name in ("location_precision", "claimant_type", "claimant", "sources"):
        if _MISSING in columns[name]:
            return None
    if _MISSING in columns["violence_described"]:
        return None
    for name in _EVENT_FIELDS:  # optional fields left out take their defaults
        column = columns[name]
        if name in ("count_ids", "translations"):
            continue
        if _MISSING in column:
            columns[name] = [None if v is _MISSING else v for v in column]
    columns["count_ids"] = [[] if v is _MISSING else v for v in columns["count_ids"]]
    columns["translations"] = [{} if v is _MISSING else v for v in columns["translations"]]

    checks: list[tuple[str, Any]] = [
        ("id", lambda v: v is not None and _slug(v)),
        ("start", lambda v: v is not None and _when_ok(v)),
        ("end", lambda v: v is None or _when_ok(v)),
    ]
    for name, allowed in _ENUM_FIELDS.items():
        checks.append((name, lambda v, allowed=allowed: v in allowed))
    for name, allowed in _OPTIONAL_ENUM_FIELDS.items():
        checks.append((name, lambda v, allowed=allowed: v is None or v in allowed))
    if not arrow_texts:
        for name, longest in _TEXT_FIELDS.items():
            checks.append((name, lambda v, longest=longest: v is not None and _text(v, longest)))
        for name, longest in _OPTIONAL_TEXT_FIELDS.items():
            checks.append((name, lambda v, longest=longest: v is None or _text(v, longest)))
        for name in _OPTIONAL_STR_FIELDS:
            checks.append((name, None))
    for name, ok in checks:
        if not _all_unique(columns[name], ok):
            return None
    km = columns["location_uncertainty_km"]
    if not all(v is None or (_number(v) and 0 < v <= MAX_RADIUS_KM) for v in km):
        return None
    columns["location_uncertainty_km"] = [None if v is None else float(v) for v in km]
    if not all(type(v) is bool for v in columns["violence_described"]):
        return None
    source_ids: list[Any] = []
    locators: list[Any] = []
    for refs in columns["sources"]:
        if type(refs) is not list or not refs:
            return None
        for ref in refs:
            if type(ref) is not dict or ref.keys() != _REF_KEYS:
                return None
            source_ids.append(ref["source"])
            locators.append(ref["locator"])
    if not _all_unique(source_ids, lambda v: v is not None and _slug(v)):
        return None
    if not _all_unique(locators, lambda v: v is not None and _text(v, None)):
        return None
    if not all(type(v) is list for v in columns["count_ids"]):
        return None
    count_ids = [c for ids in columns["count_ids"] for c in ids]
    if not _all_unique(count_ids, lambda v: v is not None and _slug(v)):
        return None
    cited = (set(source_ids), set(count_ids))
    hashes: list[Any] = []
    if not all(_translations_ok(v, hashes) for v in columns["translations"]):
        return None
    if not _all_unique(hashes, lambda h: h is not None and _HASH_FULL.fullmatch(h)):
        return None
    if not _event_rules_ok(columns, geometries):
        return None
    texts = {}
    if arrow_texts:
        texts = _arrow_texts(columns)
        if texts is None:
            return None
    return EventColumns(columns=columns, geometries=geometries, texts=texts, cited=cited)


def _arrow_texts(columns: dict[str, list[Any]]) -> dict[str, pa.Array] | None:
    """Take the free texts out of ``columns`` into Arrow and check them there as
    ``fast_event_columns`` checks them value by value (strings or, where allowed, null;
    not blank; not too long); None at the first doubt."""
    texts = {}
    for name in TEXT_COLUMNS:
        try:  # anything but a string or None is refused
            values = pa.array(columns.pop(name), type=pa.large_string())
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            return None
        required = name in _TEXT_FIELDS
        longest = _TEXT_FIELDS.get(name, _OPTIONAL_TEXT_FIELDS.get(name))
        checked = required or name in _OPTIONAL_TEXT_FIELDS
        if required and values.null_count:
            return None
        if (
            checked
            and not pc.all(pc.match_substring_regex(values, _NOT_BLANK), min_count=0).as_py()
        ):
            return None
        if longest is not None and (pc.max(pc.utf8_length(values)).as_py() or 0) > longest:
            return None
        texts[name] = values
    return texts


WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What ``str.strip`` removes (``str.isspace``; ``tests/test_validate_parts.py`` checks it)."""
_NOT_BLANK = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"
"""Any character ``str.strip`` keeps, as an RE2 class: a text holding one is not blank."""


def _event_rules_ok(columns: dict[str, list[Any]], geometries: list[Any]) -> bool:
    """Whether every event keeps ``event_rule_problems`` and ``translation_rule_problems``."""
    rows = zip(
        columns["start"],
        columns["end"],
        columns["time_precision"],
        columns["part_of_day"],
        columns["location_precision"],
        columns["location_uncertainty_km"],
        columns["location_note_en"],
        columns["title_neutral_en"],
        columns["title_neutral_ru"],
        columns["title_neutral_kk"],
        columns["violence_described"],
        geometries,
        strict=True,
    )
    for start, end, precision, part, location, km, note, neutral, n_ru, n_kk, violent, geo in rows:
        if end is not None and naive_local(parse_when(end)) < naive_local(parse_when(start)):
            return False
        if (precision == TimePrecision.PART_OF_DAY) != (part is not None):
            return False
        if precision == TimePrecision.DAY_RANGE and end is None:
            return False
        if location == LocationPrecision.APPROXIMATE and (km is None or not note):
            return False
        if neutral is not None and not violent:
            return False
        if neutral is None and (n_ru is not None or n_kk is not None):
            return False
        if (location == LocationPrecision.UNKNOWN) != (geo is None):
            return False
    for lang in TRANSLATED_LANGS:
        names = [name for name, text_lang in EVENT_TEXT_LANGS if text_lang == lang]
        used = [
            any(value is not None and value != "" for value in values)
            for values in zip(*(columns[name] for name in names), strict=True)
        ]
        if not all(
            lang in notes for notes, uses in zip(columns["translations"], used, strict=True) if uses
        ):
            return False
    return True


class NotesWriter:
    """Write checked translation notes (plain dicts) as the JSON text ``_translations_text``
    (``lib.events``) writes for the models, piece by piece: a note's text but its hashes is
    written once per distinct translator, review, reviewer and hashed field names, as a
    template the hashes are put into (16 hex digits, checked: they need no escaping); there
    is no encoder call per event (several times faster).
    ``tests/test_validate_fast.py`` compares it with the encoder on hostile notes.
    """

    def __init__(self) -> None:
        self._forms: dict[tuple[Any, ...], str] = {}

    @staticmethod
    def _form(lang: str, translator: str, reviewed: bool, reviewer: Any, fields: tuple) -> str:
        """The note's JSON text with ``%s`` where each hash goes (``%`` in texts doubled)."""
        hashes = ", ".join(f'{_ESCAPE(name).replace("%", "%%")}: "%s"' for name in fields)
        return (
            f'{_ESCAPE(lang).replace("%", "%%")}: {{"translator": '
            f"{_ESCAPE(translator).replace('%', '%%')}, "
            f'"reviewed": {"true" if reviewed else "false"}, '
            f'"reviewer": {"null" if reviewer is None else _ESCAPE(reviewer).replace("%", "%%")}, '
            f'"source_en_hash": {{{hashes}}}}}'
        )

    def __call__(self, notes: dict[str, dict[str, Any]]) -> str:
        if not notes:
            return ""
        forms = self._forms
        parts = []
        for lang, note in notes.items():
            hashes = note.get("source_en_hash") or {}
            key = (lang, note["translator"], note["reviewed"], note.get("reviewer"), *hashes)
            form = forms.get(key)
            if form is None:
                form = forms[key] = self._form(*key[:4], tuple(hashes))
            parts.append(form % tuple(hashes.values()))
        return "{" + ", ".join(parts) + "}"


_ESCAPE = json.encoder.encode_basestring
"""How ``json.dumps(..., ensure_ascii=False)`` writes a string (quoted; ``"``, ``\\`` and
control characters escaped)."""


_FAST_JSON = msgspec.json.Decoder()


def _quick_parse(data: bytes) -> Any:
    """Parse a JSON file's bytes with msgspec (no decoded text), or return ``_INVALID``.

    msgspec reads in one pass what ``json.loads`` of the UTF-8 text gives, three times
    faster; what it refuses (a byte-order mark, ``NaN``, numbers out of a float's range,
    lone surrogates, invalid UTF-8, deep nesting, any malformed JSON) goes the ``json`` way,
    which then names the problem exactly as before. It accepts nothing ``json`` refuses
    (``tests/test_validate_fast.py`` compares both on edge cases and mutated files).
    """
    try:
        return _FAST_JSON.decode(data)
    except Exception:  # noqa: BLE001 - any doubt: the json way decides and reports
        return _INVALID


PART_BYTES = 64 * 2**20
"""Events files larger than this are checked in two parts at once where the machine has two
cores (``check_directory``'s ``parts``): at 100,000 events (371 MB) each part takes about
half of the parsing, checking and putting texts into Arrow."""
TEXT_COLUMNS = (*_TEXT_FIELDS, *_OPTIONAL_TEXT_FIELDS, *_OPTIONAL_STR_FIELDS)
"""The events' free texts: in Arrow once a part is checked (``EventColumns.texts``)."""
_MEMBERS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RAW_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
CHILD_SHARE = 0.5
"""The share of the features the forked child checks when a file is checked in two parts."""


def _split_features(data: bytes) -> tuple[dict[str, Any], list[msgspec.Raw]] | None:
    """Return an events file's members but ``features`` (parsed) and its features, each as
    its own bytes, or None when msgspec refuses any of it (the file is then checked whole,
    which reports what is wrong)."""
    try:
        members = _MEMBERS.decode(data)
        features = _RAW_ITEMS.decode(members.pop("features"))
        head = {name: _FAST_JSON.decode(value) for name, value in members.items()}
    except Exception:  # noqa: BLE001 - any doubt: the whole way decides and reports
        return None
    return head, features


def _event_part(features: list[Any]) -> EventColumns | None:
    """Check one part of an events file's features and put its texts into Arrow; None at
    the first doubt (as ``fast_event_columns``) or when a feature nests too deeply."""
    fast = fast_event_columns(features, arrow_texts=True)
    if fast is None or _depth_beside_columns({"features": features}) > MAX_DEPTH:
        return None
    columns = fast.columns
    texts = fast.texts
    write = NotesWriter()
    notes = [write(value) for value in columns.pop("translations")]
    texts["translations"] = pa.array(notes, type=pa.large_string())
    return EventColumns(columns=columns, geometries=fast.geometries, texts=texts, cited=fast.cited)


def _decode_raw(features: list[msgspec.Raw]) -> list[Any] | None:
    """Parse each feature's bytes (what one parse of the whole array gives), or None."""
    try:
        return [_FAST_JSON.decode(feature) for feature in features]
    except Exception:  # noqa: BLE001 - any doubt: the whole way decides and reports
        return None


def _write_part(part: EventColumns, out: Any) -> None:
    """Write ``part`` for the process that asked for it (``_ForkedPart.result`` reads it): the
    size of the rest of the columns, the points and the cited ids in msgpack, then them, then
    the texts as an Arrow stream from the next multiple of ``_ALIGN`` bytes to the end."""
    small = msgspec.msgpack.encode([part.columns, part.geometries, *map(list, part.cited)])
    out.write(len(small).to_bytes(8, "little") + small)
    out.write(b"\0" * (-(8 + len(small)) % _ALIGN))
    table = pa.table(part.texts)
    with pa.ipc.new_stream(pa.PythonFile(out, mode="w"), table.schema) as writer:
        writer.write_table(table)
    out.flush()


_ALIGN = 64
"""Where the texts start in a part's file: mapped, Arrow reads them in place."""


class _ForkedPart:
    """The second part of the features, checked in a child forked from this process.

    The child has the features already (nothing to send, nothing to import) and writes its
    checked part into an unnamed file in memory, read here once it has ended (through a pipe,
    this process's reader thread waited on the interpreter for each 64 KB: about a second at
    100,000 events).
    """

    def __init__(self, features: list[msgspec.Raw]) -> None:
        self._file = _scratch_file()
        try:
            self.pid = os.fork()
        except OSError:
            self._file.close()
            raise
        if self.pid == 0:  # the child: never returns
            _part_child(features, self._file.fileno())
        self._status: int | None = None

    def _wait(self) -> int:
        if self._status is None:
            self._status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self._status

    def result(self) -> EventColumns | None:
        """The child's checked part, or None (a doubt about the part, or no result)."""
        with self._file as part:
            if self._wait() != 0:
                return None
            data = memoryview(mmap.mmap(part.fileno(), 0, access=mmap.ACCESS_READ))
        size = int.from_bytes(data[:8], "little")
        columns, geometries, sources, counts = msgspec.msgpack.decode(data[8 : 8 + size])
        start = 8 + size + (-(8 + size) % _ALIGN)
        table = pa.ipc.open_stream(pa.py_buffer(data[start:])).read_all()
        texts = {  # in place in the mapped file, not copied (a single chunk each)
            name: column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
        cited = (set(sources), set(counts))
        return EventColumns(columns=columns, geometries=geometries, texts=texts, cited=cited)

    def stop(self) -> None:
        """End the child (its part is no longer needed)."""
        if self._status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._wait()
        self._file.close()


def _scratch_file() -> Any:
    """An unnamed file in memory where the system has them (Linux), else a temporary file."""
    if hasattr(os, "memfd_create"):
        with contextlib.suppress(OSError):
            return open(os.memfd_create("events-part"), "w+b")  # noqa: SIM115 - the caller's
    return tempfile.TemporaryFile(prefix="events-part-")  # noqa: SIM115 - the caller's


def _part_child(features: list[msgspec.Raw], out_fd: int) -> NoReturn:
    """In the forked child: check ``features`` and write the part to ``out_fd``, then end
    the process at once (status 1 at any doubt or error; nothing is freed object by object,
    and nothing of the parent's, such as a test run, goes on in the child)."""
    status = 1
    try:
        with os.fdopen(out_fd, "wb", closefd=False) as out:
            decoded = _decode_raw(features)
            part = None if decoded is None else _event_part(decoded)
            if part is not None:
                _write_part(part, out)
                status = 0
    except BaseException:  # noqa: BLE001, S110 - any failure: the parent checks the file whole
        status = 1
    finally:
        os._exit(status)


def _join_parts(first: EventColumns, second: EventColumns) -> EventColumns:
    columns = {name: values + second.columns[name] for name, values in first.columns.items()}
    texts = {
        # two chunks, not one array: copying 300 MB of texts at 100,000 events took 0.8 s
        name: pa.chunked_array([values, second.texts[name]])
        for name, values in first.texts.items()
    }
    cited = (first.cited[0] | second.cited[0], first.cited[1] | second.cited[1])
    return EventColumns(
        columns=columns,
        geometries=first.geometries + second.geometries,
        texts=texts,
        cited=cited,
    )


def _check_events_in_parts(data: bytes, checked: CheckedData) -> bool:
    """Check a clean events file in two parts at once, this process and a forked child each
    taking about half of the features; return False (nothing recorded) at any doubt, and the
    file is then checked whole as always, which reports its problems. Only a file the whole
    way would pass on its fast path (``fast_event_columns``) passes here, with the same values."""
    if not hasattr(os, "fork") or _may_hold_control("", data):
        return False
    split = _split_features(data)
    if split is None:
        return False
    head, features = split
    if head.get("type") != "FeatureCollection" or _depth(head) > MAX_DEPTH:
        return False
    half = round(len(features) * (1 - CHILD_SHARE))
    try:
        child = _ForkedPart(features[half:])
    except OSError:  # no child possible
        return False
    mine = None
    try:
        first = _decode_raw(features[:half])
        del features
        mine = None if first is None else _event_part(first)
    finally:
        if mine is None:
            child.stop()
    if mine is None:
        return False
    theirs = child.result()
    if theirs is None:
        return False
    fast = _join_parts(mine, theirs)
    checked.read.add(EVENTS_FILE)
    checked.event_columns = fast
    checked.ids[EVENTS_FILE] = list(fast.columns["id"])
    return True


def _check_events(files: dict[str, Any], raw: dict[str, Any], checked: CheckedData) -> None:
    """Check the events file, taking its parsed document or text and its bytes out of
    ``files`` and ``raw``.

    Both are dropped once parsed and scanned (at 100,000 events they are about 1 GB), so
    they are not held while the records are checked and turned into a frame.
    """
    problems = checked.problems
    text: str | _Parsed = files.pop(EVENTS_FILE)
    data: bytes | None = raw.pop(EVENTS_FILE, None)
    if isinstance(text, _Parsed):
        may_hold_control = _may_hold_control("", data)
        doc = text.doc
    else:
        may_hold_control = _may_hold_control(text, data)
        doc = _parse_json(EVENTS_FILE, text, problems, check_depth=False)
    del data, text
    if doc is _INVALID:
        return
    fast = None
    if (
        not may_hold_control
        and isinstance(doc, dict)
        and doc.get("type") == "FeatureCollection"
        and isinstance(doc.get("features"), list)
    ):
        fast = fast_event_columns(doc["features"])
    if (_depth_beside_columns(doc) if fast is not None else _depth(doc)) > MAX_DEPTH:
        problems.append(_too_deep(EVENTS_FILE))
        return
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        got = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        problems.append(
            Problem(EVENTS_FILE, "-", "type", f"must be a FeatureCollection, got {got!r}")
        )
        return
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(EVENTS_FILE, "-", "features", "must be a list of Features"))
        return
    checked.read.add(EVENTS_FILE)
    if fast is not None:
        checked.event_columns = fast
        checked.ids[EVENTS_FILE] = list(fast.columns["id"])
        return
    validated = _validate_all(features)
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(EVENTS_FILE, f"#{index}", "type", "must be a Feature"))
            continue
        props = feature.get("properties")
        if not isinstance(props, dict):
            problems.append(Problem(EVENTS_FILE, f"#{index}", "properties", "must be an object"))
            continue
        record = props["id"] if isinstance(props.get("id"), str) and props["id"] else f"#{index}"
        if record == props.get("id"):
            checked.ids[EVENTS_FILE].append(record)
        geometry = feature.get("geometry")
        geo_problems = _geometry_problems(record, geometry)
        problems.extend(geo_problems)
        try:
            event = next(validated) if validated else EventProperties.model_validate(props)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(EVENTS_FILE, record, exc))
            continue
        rule_problems = [
            Problem(EVENTS_FILE, record, name, message)
            for name, message in event_rule_problems(event, geometry is not None)
        ]
        rule_problems += [
            Problem(EVENTS_FILE, record, name, message)
            for name, message in translation_rule_problems(event)
        ]
        if may_hold_control:
            rule_problems += _text_problems(EVENTS_FILE, record, event)
        problems.extend(rule_problems)
        if not geo_problems and not rule_problems:
            checked.event_records.append((event, geometry))


def _check_csv(
    name: str,
    text: str,
    model: type[BaseModel],
    columns: list[str],
    checked: CheckedData,
    optional: frozenset[str] = frozenset(),
) -> list:
    problems = checked.problems
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        problems.append(Problem(name, "-", "-", f"invalid CSV: {exc}"))
        return []
    if not rows:
        problems.append(Problem(name, "-", "-", "the file is empty; expected a header row"))
        return []
    header = rows[0]
    missing = [c for c in columns if c not in header and c not in optional]
    extra = [c for c in header if c not in columns]
    for column in missing:
        problems.append(Problem(name, "header", column, "required column is missing"))
    for column in extra:
        problems.append(Problem(name, "header", column, "unknown column"))
    if missing or extra:
        return []
    checked.read.add(name)
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(name, f"row {line}", "-", f"has {len(row)} cells, header has {len(header)}")
            )
            continue
        values = {c: "" for c in optional} | dict(zip(header, row, strict=True))
        record = values["id"] or f"row {line}"
        if values["id"]:
            checked.ids[name].append(values["id"])
        try:
            item = model.model_validate(values)
        except ValidationError as exc:
            problems.extend(_pydantic_problems(name, record, exc))
            continue
        text_problems = _text_problems(name, record, item)
        if isinstance(item, Count):
            text_problems += [Problem(name, record, f, m) for f, m in count_rule_problems(item)]
        text_problems += [Problem(name, record, f, m) for f, m in translation_rule_problems(item)]
        problems.extend(text_problems)
        if not text_problems:
            records.append(item)
    return records


def _duplicates(name: str, ids: list[str]) -> list[Problem]:
    return [
        Problem(name, item, "id", f"duplicate id (used {n} times)")
        for item, n in Counter(ids).items()
        if n > 1
    ]


def check_directory(data_dir: str | Path, parts: int = 1) -> CheckedData:
    """Read and check the data files of a directory, collecting every problem.

    Every file the app reads is checked here: the three required ones, and ``dataset.json``
    ``outlines.geojson`` and ``inset.geojson`` when present. All are read once, as one consistent version
    (``read_snapshot``).

    Parameters
    ----------
    data_dir : str or Path
        Folder holding events.geojson, sources.csv and counts.csv.
    parts : int
        With 2, an events file larger than ``PART_BYTES`` is parsed and checked in two
        halves at once (the second in a child process), its texts put into Arrow
        (``EventColumns.texts``); any doubt and it is checked whole, as with 1.

    Returns
    -------
    CheckedData
        The records that passed their own checks and the list of problems.

    Raises
    ------
    DataError
        With ``unreadable=True`` when the folder or one of its files cannot be read.
    """
    with no_gc():
        return _check_directory(Path(data_dir), parts)


def _check_directory(folder: Path, parts: int = 1) -> CheckedData:
    if not folder.is_dir():
        raise DataError(
            [Problem(str(folder), "-", "-", "is not a readable directory")], unreadable=True
        )
    checked = CheckedData()
    raw = read_snapshot(folder)
    events = raw[EVENTS_FILE]
    if (
        parts > 1
        and events is not None
        and len(events) > PART_BYTES
        and _check_events_in_parts(events, checked)
    ):
        raw[EVENTS_FILE] = None
    del events
    texts: dict[str, Any] = {}
    for name, data in raw.items():
        doc = _INVALID if data is None or name != EVENTS_FILE else _quick_parse(data)
        if doc is not _INVALID:
            texts[name] = _Parsed(doc)  # no text: at 100,000 events, 0.6 GB and 0.4 s less
        else:
            texts[name] = None if data is None else _decode(name, data, checked.problems)
    if texts[EVENTS_FILE] is not None:
        _check_events(texts, raw, checked)
        texts[EVENTS_FILE] = None
    if texts[SOURCES_FILE] is not None:
        checked.sources = _check_csv(
            SOURCES_FILE,
            texts[SOURCES_FILE],
            Source,
            SOURCE_COLUMNS,
            checked,
            SOURCE_OPTIONAL_COLUMNS,
        )
    if texts[COUNTS_FILE] is not None:
        checked.counts = _check_csv(
            COUNTS_FILE, texts[COUNTS_FILE], Count, COUNT_COLUMNS, checked, COUNT_OPTIONAL_COLUMNS
        )

    problems = checked.problems
    for name, ids in checked.ids.items():
        problems += _duplicates(name, ids)
    # a reference to a record that is present but has problems of its own is not reported again
    if SOURCES_FILE in checked.read:
        source_ids = set(checked.ids[SOURCES_FILE])
        for event_id, refs, _ in checked.event_refs(known_sources=source_ids):
            for i, ref in enumerate(refs):
                if ref not in source_ids:
                    problems.append(
                        Problem(
                            EVENTS_FILE,
                            event_id,
                            f"sources.{i}.source",
                            f"unknown source id {ref!r}",
                        )
                    )
        for count in checked.counts:
            if count.source_id not in source_ids:
                problems.append(
                    Problem(
                        COUNTS_FILE, count.id, "source_id", f"unknown source id {count.source_id!r}"
                    )
                )
    if COUNTS_FILE in checked.read:
        problems += _adds_to_problems(checked.counts, set(checked.ids[COUNTS_FILE]))
        count_ids = set(checked.ids[COUNTS_FILE])
        for event_id, _, event_count_ids in checked.event_refs(known_counts=count_ids):
            for i, count_id in enumerate(event_count_ids):
                if count_id not in count_ids:
                    problems.append(
                        Problem(
                            EVENTS_FILE,
                            event_id,
                            f"count_ids.{i}",
                            f"unknown count id {count_id!r}",
                        )
                    )
    if texts[INFO_FILE] is not None:
        _check_info(texts[INFO_FILE], checked)
    if texts[OUTLINES_FILE] is not None:
        checked.outlines = _check_outlines(texts[OUTLINES_FILE], checked.problems)
    if texts[INSET_FILE] is not None:
        checked.inset = _check_outlines(texts[INSET_FILE], checked.problems, INSET_FILE)
    _check_narratives(folder, checked)
    return checked


def _adds_to_problems(counts: list[Count], known: set[str]) -> list[Problem]:
    """Check ``adds_to``: it names a count of the same metric, and the links never loop."""
    by_id = {c.id: c for c in counts}
    out = []
    for count in counts:
        if not count.adds_to or count.adds_to == count.id:
            continue
        target = by_id.get(count.adds_to)
        if target is None:
            if count.adds_to not in known:
                out.append(
                    Problem(COUNTS_FILE, count.id, "adds_to", f"unknown count id {count.adds_to!r}")
                )
            continue
        if target.metric != count.metric:
            out.append(
                Problem(
                    COUNTS_FILE,
                    count.id,
                    "adds_to",
                    f"adds to {target.id!r}, whose metric is {target.metric!r}, not {count.metric!r}",
                )
            )
        seen = {count.id}
        step = target
        while step is not None and step.adds_to:
            if step.id in seen:
                out.append(
                    Problem(COUNTS_FILE, count.id, "adds_to", f"loops back through {step.id!r}")
                )
                break
            seen.add(step.id)
            step = by_id.get(step.adds_to)
    return out


_LINE_TYPES = {"LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4}
"""Outline geometry types and how deeply their coordinates nest (a position is one level)."""


def _positions_ok(value: Any, depth: int) -> bool:
    """Whether ``value`` nests ``depth`` levels of non-empty lists down to [lon, lat] positions."""
    if depth == 1:
        return (
            isinstance(value, list)
            and len(value) in (2, 3)
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in value)
            and all(isinstance(c, int) or math.isfinite(c) for c in value)
            and -180 <= value[0] <= 180
            and -90 <= value[1] <= 90
        )
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(_positions_ok(item, depth - 1) for item in value)
    )


def _check_outlines(
    text: str, problems: list[Problem], name: str = OUTLINES_FILE
) -> dict[str, Any] | None:
    """Check an outlines file (``outlines.geojson``, ``inset.geojson``): land shapes (lines or
    polygons) with object properties. Return the document when valid, else None."""
    found: list[Problem] = []
    doc = _parse_json(name, text, found)
    if doc is not _INVALID:
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
            got = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
            found.append(Problem(name, "-", "type", f"must be a FeatureCollection, got {got!r}"))
        elif not isinstance(doc.get("features"), list):
            found.append(Problem(name, "-", "features", "must be a list of Features"))
        else:
            for index, feature in enumerate(doc["features"]):
                found += _outline_problems(f"#{index}", feature, name)
    problems.extend(found)
    return None if found else doc


def _outline_problems(record: str, feature: Any, name: str = OUTLINES_FILE) -> list[Problem]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return [Problem(name, record, "type", "must be a Feature")]
    out = []
    if not isinstance(feature.get("properties"), dict):
        out.append(Problem(name, record, "properties", "must be an object"))
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if not isinstance(kind, str) or kind not in _LINE_TYPES:
        expected = ", ".join(_LINE_TYPES)
        got = kind if kind is not None else type(geometry).__name__
        out.append(Problem(name, record, "geometry", f"must be one of {expected}, got {got!r}"))
    elif not _positions_ok(geometry.get("coordinates"), _LINE_TYPES[kind]):
        out.append(
            Problem(
                name,
                record,
                "geometry",
                f"coordinates of a {kind} must be lists of [longitude, latitude] numbers in range",
            )
        )
    return out


def _check_info(text: str, checked: CheckedData) -> None:
    """Check dataset.json and its references to events, places and sources."""
    problems = checked.problems
    doc = _parse_json(INFO_FILE, text, problems)
    if doc is _INVALID:
        return
    try:
        info = DatasetInfo.model_validate(doc)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(INFO_FILE, "-", exc))
        return
    found = _text_problems(INFO_FILE, "-", info)
    found += [Problem(INFO_FILE, "-", name, msg) for name, msg in translation_rule_problems(info)]
    event_ids = set(checked.ids[EVENTS_FILE])
    source_ids = set(checked.ids[SOURCES_FILE])
    places = {p.name_en for p in info.map.places}
    refs = [(f"map.places.{i}", p.sources) for i, p in enumerate(info.map.places)]
    refs += [(f"map.overlays.{i}", o.sources) for i, o in enumerate(info.map.overlays)]
    if SOURCES_FILE in checked.read:
        for where, sources in refs:
            for j, ref in enumerate(sources):
                if ref.source not in source_ids:
                    found.append(
                        Problem(
                            INFO_FILE,
                            "-",
                            f"{where}.sources.{j}.source",
                            f"unknown source id {ref.source!r}",
                        )
                    )
    for i, overlay in enumerate(info.map.overlays):
        where = f"map.overlays.{i}"
        if EVENTS_FILE in checked.read and overlay.event_id not in event_ids:
            found.append(
                Problem(
                    INFO_FILE,
                    overlay.id,
                    f"{where}.event_id",
                    f"unknown event id {overlay.event_id!r}",
                )
            )
        if overlay.place not in places:
            found.append(
                Problem(
                    INFO_FILE,
                    overlay.id,
                    f"{where}.place",
                    f"no place named {overlay.place!r} in map.places",
                )
            )
        if overlay.kind == "radius" and overlay.radius_km is None:
            found.append(
                Problem(
                    INFO_FILE, overlay.id, f"{where}.radius_km", "a radius overlay needs radius_km"
                )
            )
    for i, place in enumerate(info.map.places):
        if place.precision == "approximate" and place.uncertainty_km is None:
            found.append(
                Problem(
                    INFO_FILE,
                    place.name_en,
                    f"map.places.{i}.uncertainty_km",
                    "an approximate place needs uncertainty_km",
                )
            )
        if place.precision == "approximate" and not (place.note_en or "").strip():
            found.append(
                Problem(
                    INFO_FILE,
                    place.name_en,
                    f"map.places.{i}.note_en",
                    "an approximate place needs note_en saying how its position was reached",
                )
            )
    view_ids = [v.id for v in info.map.views]
    found += _duplicates(INFO_FILE, view_ids)
    problems.extend(found)
    if not found:
        checked.info = info
    if EVENTS_FILE in checked.read:
        if checked.event_columns is not None and not checked.event_records:
            ids, geometries = checked.event_columns.columns["id"], checked.event_columns.geometries
        else:
            ids = [model.id for model, _ in checked.event_records]
            geometries = [geometry for _, geometry in checked.event_records]
        problems.extend(swapped_points(ids, geometries, info.map.places))


SWAPPED_FAR_KM, SWAPPED_NEAR_KM = 500.0, 50.0
"""A point farther than the first from every named place, which read the other way round is
within the second of one, has its longitude and latitude swapped."""


def swapped_points(ids: list[str], geometries: list[Any], places: list[Any]) -> list[Problem]:
    """Return a problem for each event point whose longitude and latitude look swapped: far
    from every place ``dataset.json`` names, and at one of them read the other way round
    (Zhanaozen's [52.86, 43.34] written [43.34, 52.86] drew it 1,000 km north, unremarked)."""
    import numpy as np

    points = [
        (i, g["coordinates"])
        for i, g in zip(ids, geometries, strict=True)
        if g and "coordinates" in g
    ]
    if not places or not points:
        return []
    lon = np.array([float(c[0]) for _, c in points])[:, None]
    lat = np.array([float(c[1]) for _, c in points])[:, None]
    at = np.array([p.position for p in places], dtype=float)

    def km(lats: Any, lons: Any) -> Any:  # to each place, on a plane (enough at these ranges)
        dlat, dlon = lats - at[:, 0], (lons - at[:, 1]) * np.cos(np.radians(at[:, 0]))
        return 111.2 * np.hypot(dlat, dlon)

    as_given, swapped = km(lat, lon), km(lon, lat)
    far = as_given.min(axis=1) > SWAPPED_FAR_KM
    near = swapped.min(axis=1) < SWAPPED_NEAR_KM
    out = []
    for k in np.flatnonzero(far & near):
        record, (x, y) = points[k][0], points[k][1][:2]
        place = places[int(swapped[k].argmin())].name_en
        out.append(
            Problem(
                EVENTS_FILE,
                record,
                "geometry",
                f"[{x}, {y}] is {as_given[k].min():,.0f} km from every place in {INFO_FILE}, "
                f"but [{y}, {x}] is at {place}: are longitude and latitude swapped? GeoJSON "
                "writes longitude first",
            )
        )
    return out


def narrative_files(data_dir: str | Path) -> list[Path]:
    """Return the narrative files of a data directory (``narratives/*.json``), sorted by name."""
    folder = Path(data_dir) / NARRATIVES_DIR
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _step_problems(name: str, exc: ValidationError) -> list[Problem]:
    """Report a narrative's model errors as ``file:step N:field``; a bad view once, plainly."""
    out: list[Problem] = []
    views: dict[str, list[Problem]] = {}
    for problem in _pydantic_problems(name, "-", exc):
        parts = problem.field.split(".")
        if len(parts) < 3 or parts[0] != "steps" or not parts[1].isdigit():
            out.append(problem)
            continue
        record, rest = f"step {int(parts[1]) + 1}", parts[2:]
        if rest[0] == "view":
            views.setdefault(record, []).append(
                Problem(name, record, ".".join(rest), problem.message)
            )
            continue
        out.append(Problem(name, record, ".".join(rest), problem.message))
    for record, found in views.items():
        # a view is a preset id or a bbox: say which rule a bbox broke, else what a view is
        message = 'must be a preset view id or {"bbox": [south, west, north, east]}'
        for problem in found:
            if problem.field.startswith("view.Bbox.bbox."):
                message = "bbox: needs four numbers [south, west, north, east]"
                break
            if problem.field == "view.Bbox.bbox" and problem.message != "required field is missing":
                message = f"bbox: {problem.message}"
                break
        out.append(Problem(name, record, "view", message))
    return out


def _step_rule_problems(
    name: str, record: str, step: NarrativeStep, checked: CheckedData, views: set[str] | None
) -> list[Problem]:
    """Check one step's references to events, counts and views, and its window."""
    found = _text_problems(name, record, step)
    if EVENTS_FILE in checked.read:
        event_ids = set(checked.ids[EVENTS_FILE])
        found += [
            Problem(name, record, f"events.{i}", f"unknown event id {event_id!r}")
            for i, event_id in enumerate(step.events)
            if event_id not in event_ids
        ]
    if COUNTS_FILE in checked.read:
        count_ids = set(checked.ids[COUNTS_FILE])
        found += [
            Problem(name, record, f"counts.{i}", f"unknown count id {count_id!r}")
            for i, count_id in enumerate(step.counts)
            if count_id not in count_ids
        ]
    if isinstance(step.view, str) and views is not None and step.view not in views:
        found.append(
            Problem(
                name,
                record,
                "view",
                f"unknown view {step.view!r}; expected one of {sorted(views)} "
                'or {"bbox": [south, west, north, east]}',
            )
        )
    start, end = (naive_local(parse_when(part)) for part in step.window)
    if end < start:
        found.append(Problem(name, record, "window", f"end {step.window[1]!r} is before start"))
    return found


def _check_narratives(folder: Path, checked: CheckedData) -> None:
    """Check every narrative file and its references to events, counts and map views."""
    problems = checked.problems
    info_ok = not any(p.file == INFO_FILE for p in problems)
    views = {v.id for v in checked.info.map.views} if info_ok else None
    for path in narrative_files(folder):
        name = f"{NARRATIVES_DIR}/{path.name}"
        if not re.fullmatch(SLUG, path.stem):
            problems.append(Problem(name, "-", "-", f"file name {path.stem!r} is not an id slug"))
            continue
        text = _read_text(path, problems)
        doc = _INVALID if text is None else _parse_json(name, text, problems)
        if doc is _INVALID:
            continue
        try:
            narrative = Narrative.model_validate(doc)
        except ValidationError as exc:
            found = _step_problems(name, exc)
            # the steps that are well formed still get their references checked
            steps = doc.get("steps") if isinstance(doc, dict) else None
            for number, raw in enumerate(steps if isinstance(steps, list) else [], start=1):
                try:
                    step = NarrativeStep.model_validate(raw)
                except ValidationError:
                    continue
                found += _step_rule_problems(name, f"step {number}", step, checked, views)
            problems.extend(found)
            continue
        found = _text_problems(name, "-", narrative)
        found += [Problem(name, "-", f, m) for f, m in translation_rule_problems(narrative)]
        for number, step in enumerate(narrative.steps, start=1):
            found += _step_rule_problems(name, f"step {number}", step, checked, views)
        problems.extend(found)
        if not found:
            checked.narratives[path.stem] = narrative


def _counted(n: int, noun: str) -> str:
    """Return ``1 event``, ``2 events`` (the command line speaks English)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m lib.validate [DIR]``; exit 0 valid, 1 problems, 2 unreadable."""
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else Path("data")
    try:
        checked = check_directory(data_dir)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a problem line, never a traceback
        print(Problem(str(data_dir), "-", "-", f"the validator failed: {exc!r}"), file=sys.stderr)
        return 2
    if checked.problems:
        for problem in checked.problems:
            print(problem)
        print(f"{_counted(len(checked.problems), 'problem')} in {data_dir}", file=sys.stderr)
        return 1
    fast = checked.event_columns
    events = len(fast.geometries) if fast is not None else len(checked.events)  # no models
    print(
        f"{data_dir}: valid ({_counted(events, 'event')}, "
        f"{_counted(len(checked.sources), 'source')}, {_counted(len(checked.counts), 'count')})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
