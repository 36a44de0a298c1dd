"""The faster loading and validation give exactly what the record-by-record way gave.

The references below are the previous implementations, kept here verbatim as the definition
of the expected result (the shipped data, a synthetic dataset and edge cases).
"""

from __future__ import annotations

import json
import math
from datetime import UTC
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from bench.synth import synthetic
from lib import events as events_module
from lib import schema, validate
from lib.events import CRS, claim_class, event_span, load_dataset
from lib.schema import EventProperties, SourceRef, translation_rule_problems, zone_from_offset
from lib.validate import MAX_DEPTH, check_directory
from tests.factories import make_event, write_dataset

ROOT = Path(__file__).resolve().parent.parent


def reference_frame(checked_events: list, zone: Any) -> gpd.GeoDataFrame:
    """The events frame as it was built before: one dict per row, then sorted."""
    rows = []
    points = []
    for event, geometry in checked_events:
        row = dict(vars(event))
        row["sources"] = [dict(vars(ref)) for ref in event.sources]
        row["count_ids"] = list(event.count_ids)
        notes = {k: v.model_dump() for k, v in event.translations.items()}
        row["translations"] = json.dumps(notes, ensure_ascii=False) if notes else ""
        row["t0"], row["t1"] = event_span(event, zone)
        row["claim_class"] = claim_class(event.claimant_type)
        row["source_ids"] = tuple(ref.source for ref in event.sources)
        rows.append(row)
        points.append(geometry["coordinates"] if geometry else (math.nan, math.nan))
    columns = [*EventProperties.model_fields, "t0", "t1", "claim_class", "source_ids"]
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    geometry = shapely.points(xy)
    geometry[np.isnan(xy[:, 0])] = None
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=columns), geometry=gpd.GeoSeries(geometry), crs=CRS
    )
    for column in ("t0", "t1"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame.sort_values(["t0", "id"], kind="stable").reset_index(drop=True)


def reference_depth(doc: Any) -> int:
    """How deeply a document nests, as measured before (one stack entry per value)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, depth + 1) for child in children)
    return deepest


def reference_languages(record: Any) -> set[str]:
    """The languages of a record's texts, from its full dump (as before)."""
    return schema._languages_used(record.model_dump())


def _assert_frames_equal(checked_events: list, zone: Any) -> None:
    got = events_module._events_frame(checked_events, zone)
    want = reference_frame(checked_events, zone)
    assert list(got.columns) == list(want.columns)
    assert got.dtypes.to_dict() == want.dtypes.to_dict()
    assert_geodataframe_equal(got, want, check_like=False)
    for column in ("sources", "count_ids", "translations", "source_ids"):
        assert got[column].tolist() == want[column].tolist()


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(600, tmp_path_factory.mktemp("synth"))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_events_frame_same_as_row_by_row(which: str, synthetic_dir: Path) -> None:
    folder = ROOT / "data" if which == "shipped" else synthetic_dir
    checked = check_directory(folder)
    assert checked.problems == []
    _assert_frames_equal(checked.events, zone_from_offset("+05:00"))


def _checked(features: list[dict]) -> list:
    return [(EventProperties.model_validate(f["properties"]), f["geometry"]) for f in features]


def test_events_frame_edge_cases() -> None:
    zone = zone_from_offset("+05:00")
    _assert_frames_equal([], zone)
    # one event; no place at all; every optional text missing
    _assert_frames_equal(_checked([make_event(geometry=None, location_precision="unknown")]), zone)
    # equal starts sort by id; translations and counts; a float radius next to a missing one
    features = [
        make_event(id="b", start="2011-12-16"),
        make_event(id="a", start="2011-12-16", location_uncertainty_km=2),
        make_event(id="c", start="2011-12-16T10:00+05:00", time_precision="minute"),
        make_event(
            id="d",
            start="2011-12",
            time_precision="month",
            title_ru="Событие",
            translations={"ru": {"translator": "T", "reviewed": False}},
            count_ids=["count-a"],
        ),
    ]
    _assert_frames_equal(_checked(features), zone)
    _assert_frames_equal(_checked(features), UTC)


def test_load_dataset_shipped_same_frame() -> None:
    dataset = load_dataset(ROOT / "data")
    checked = check_directory(ROOT / "data")
    zone = zone_from_offset(dataset.info.utc_offset)
    assert_geodataframe_equal(dataset.events, reference_frame(checked.events, zone))


def test_depth_same_as_before() -> None:
    docs: list[Any] = [
        None,
        1,
        "x",
        [],
        {},
        [[[]]],
        {"a": [1, {"b": [2, [3]]}], "c": "d"},
        json.loads((ROOT / "data" / "dataset.json").read_text("utf-8")),
        json.loads((ROOT / "data" / "events.geojson").read_text("utf-8")),
    ]
    deep: Any = 0
    for _ in range(MAX_DEPTH + 5):
        deep = [deep, {"k": "v"}]
    docs.append(deep)
    exact: Any = []
    for _ in range(MAX_DEPTH - 1):
        exact = [exact]
    docs.append(exact)
    for doc in docs:
        want = reference_depth(doc)
        got = validate._depth(doc)
        # beyond the limit only "too deep" matters (both stop counting there)
        assert min(got, MAX_DEPTH + 1) == min(want, MAX_DEPTH + 1), doc if want < 5 else want
        assert (got > MAX_DEPTH) == (want > MAX_DEPTH)


def test_event_texts_are_top_level_fields() -> None:
    # what lets translation_rule_problems read an event's fields instead of walking its dump
    assert not [name for name in SourceRef.model_fields if "_" in name]
    for name, lang in schema._EVENT_TEXT_LANGS:
        assert name.endswith(f"_{lang}")


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"title_ru": "Событие"},
        {"place_kk": " "},
        {"time_note_ru": ""},
        {"place_kk": "Жаңаөзен", "claimant_ru": "Кто-то"},
        {"title_ru": "Событие", "translations": {"ru": {"translator": "T", "reviewed": False}}},
        {"translations": {"kk": {"translator": "T", "reviewed": True}}},
        {"location_note_kk": "жуық", "description_ru": "Описание"},
    ],
)
def test_languages_same_as_full_walk(overrides: dict) -> None:
    event = EventProperties.model_validate(make_event(**overrides)["properties"])
    assert schema._languages_of(event) == reference_languages(event)
    found = translation_rule_problems(event)
    assert [f for f, _ in found] == [
        f"translations.{lang}"
        for lang in sorted(reference_languages(event))
        if lang not in event.translations
    ] + [
        f"translations.{lang}.reviewer"
        for lang, info in event.translations.items()
        if info.reviewed and not (info.reviewer or "").strip()
    ]


def test_languages_same_on_shipped_events() -> None:
    for event, _ in check_directory(ROOT / "data").events:
        assert schema._languages_of(event) == reference_languages(event)


def test_one_bad_event_still_reports_record_by_record(tmp_path: Path) -> None:
    # one call validates all; when one event fails, every event is validated on its own,
    # and the problems keep their order and their file:record:field form
    features = [
        make_event(id="good-1"),
        make_event(id="bad-1", category="nonsense"),
        make_event(id="good-2"),
        make_event(id="bad-2", time_precision="hourly", title_en=""),
    ]
    folder = write_dataset(tmp_path / "d", events=features)
    problems = [str(p) for p in check_directory(folder).problems]
    assert problems[0].startswith("events.geojson:bad-1:category: unknown value 'nonsense'")
    assert [p.split(":")[1] for p in problems] == ["bad-1", "bad-2", "bad-2"]
    checked = check_directory(folder)
    assert [e.id for e, _ in checked.events] == ["good-1", "good-2"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii",
        "Жаңаөзен\t\n\r",
        "a\x00b",
        "a\x01",
        "a\x1fb",
        "a\x7f",
        "a\x0bb",
        "\\u0001",
        "\\u001F",
        "\\u007f",
        "\\b",
        "\\f",
        "\\\\n",
        "\\n\\t\\r",
        "\\u0041",
        "€\u0085\u2028",
    ],
)
def test_control_scan_of_bytes_same_as_of_text(text: str) -> None:
    # the file's bytes give the same answer as the regular expressions over its text
    want = bool(validate._CONTROL.search(text) or validate._CONTROL_ESCAPE.search(text))
    assert validate._may_hold_control(text) == want
    assert validate._may_hold_control(text, text.encode("utf-8")) == want
    assert validate._may_hold_control(text, ("\ufeff" + text).encode("utf-8")) == want


def test_no_gc_pauses_and_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with validate.no_gc():
        assert not gc.isenabled()
        with validate.no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), validate.no_gc():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with validate.no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


JSON_EDGE_CASES: list[bytes] = [
    b'{"a": 1, "a": 2}',
    b"[1e400]",
    b"[-1e400]",
    b"[1.7976931348623159e308]",
    b"[NaN]",
    b"[Infinity]",
    b"[-Infinity]",
    b"[18446744073709551616]",
    b"[-9223372036854775809]",
    b"[" + b"9" * 400 + b"]",
    b"[0." + b"0" * 400 + b"1]",
    b"[1e-400]",
    b"[-0]",
    b"[-0.0]",
    b"[1E2, 0e5, 0.1, 4.9e-324, 2.2250738585072011e-308]",
    b"[123456789012345678901234567890.5]",
    b'["\\ud800"]',
    b'["\\udc00\\ud800"]',
    b'["\\uD834\\uDD1E", "\\u00e9", "\\/", "\\u0000"]',
    b'["\xed\xa0\x80"]',
    b'["\xff"]',
    b'["\xc0\x80"]',
    b'["\xe2\x82"]',
    b'["\xf4\x90\x80\x80"]',
    b"\xef\xbb\xbf{}",
    b'["a\x01b"]',
    b'["a\x7fb"]',
    b'["a\tb"]',
    b"{} x",
    b"{}\n\r\t ",
    b" \x0c{}",
    b"[00]",
    b"[01]",
    b"[1.]",
    b"[.5]",
    b"[+1]",
    b"[1e]",
    b"[-]",
    b'["\\x"]',
    b'["\\u12"]',
    b'{"a":}',
    b"[1,]",
    b'{"a": 1,}',
    b"",
    b" ",
    b"[true, false, null]",
    b"[True]",
    b"{1: 2}",
    b"\x00",
    b"[1]\x00",
    b"[" * 100 + b"]" * 100,
    b"[" * 5000 + b"]" * 5000,
]


def _json_way(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return validate._INVALID


def _assert_quick_parse_agrees(data: bytes) -> None:
    got = validate._quick_parse(data)
    if got is validate._INVALID:
        return  # the json way decides, as before
    want = _json_way(data)
    assert want is not validate._INVALID, data
    # repr tells 1 from 1.0 and True, -0.0 from 0.0, and keeps the keys' order
    assert repr(got) == repr(want), data


@pytest.mark.parametrize("data", JSON_EDGE_CASES)
def test_quick_parse_accepts_only_what_json_does_with_the_same_values(data: bytes) -> None:
    _assert_quick_parse_agrees(data)


def test_quick_parse_agrees_on_mutated_files() -> None:
    import random

    base = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [make_event(title_ru='Жаңаөзен "q" \\ é', location_uncertainty_km=2.5)],
        },
        ensure_ascii=False,
    ).encode()
    alphabet = [*b'{}[]",:.-+eE0123456789 \t\n\r\\/ubfnrtaxlsNI', 0, 1, 0x7F, 0x80, 0xBF]
    alphabet += [0xC0, 0xC3, 0xA9, 0xD0, 0xE2, 0xED, 0xA0, 0xEF, 0xBB, 0xF0, 0xF4, 0xFF]
    rng = random.Random(20111216)
    accepted = 0
    for _ in range(4000):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data) + 1)
            roll = rng.random()
            if roll < 0.4 and at < len(data):
                data[at] = rng.choice(alphabet)
            elif roll < 0.7:
                data.insert(at, rng.choice(alphabet))
            elif at < len(data):
                del data[at]
        _assert_quick_parse_agrees(bytes(data))
        accepted += validate._quick_parse(bytes(data)) is not validate._INVALID
    assert 0 < accepted < 4000  # both outcomes occurred


def test_a_clean_events_file_is_parsed_from_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    real = validate._decode

    def spy(name: str, raw: bytes, problems: list) -> Any:
        decoded.append(name)
        return real(name, raw, problems)

    monkeypatch.setattr(validate, "_decode", spy)
    folder = write_dataset(tmp_path / "d", events=[make_event(title_en="Zhanaozen (Жаңаөзен)")])
    checked = check_directory(folder)
    assert checked.problems == [] and checked.event_columns is not None
    assert "events.geojson" not in decoded  # no text made of it
    assert "sources.csv" in decoded


@pytest.mark.parametrize("change", ["bom", "nan", "inf", "bad-utf8", "broken"])
def test_what_the_quick_parse_refuses_is_reported_as_before(
    change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_dataset(
        tmp_path / "d", events=[make_event(), make_event(id="event-b", start="2011-12-17")]
    )
    path = folder / "events.geojson"
    data = path.read_bytes()
    if change == "bom":
        data = b"\xef\xbb\xbf" + data
    elif change == "nan":
        data = data.replace(
            b'"location_uncertainty_km": null', b'"location_uncertainty_km": NaN', 1
        )
    elif change == "inf":
        data = data.replace(
            b'"location_uncertainty_km": null', b'"location_uncertainty_km": 1e999', 1
        )
    elif change == "bad-utf8":
        data = data.replace(b"Test event", b"Test \xff event", 1)
    else:
        data = data[:-10]
    assert data != path.read_bytes()
    path.write_bytes(data)
    assert validate._quick_parse(data) is validate._INVALID
    got = [str(p) for p in check_directory(folder).problems]
    with monkeypatch.context() as m:
        m.setattr(validate, "_quick_parse", lambda data: validate._INVALID)
        want = [str(p) for p in check_directory(folder).problems]
    assert got == want
    assert (got == []) == (change == "bom")
    if change == "bom":  # a byte-order mark is allowed: the same events as without it
        path.write_bytes(data[3:])
        plain = load_dataset(folder).events
        path.write_bytes(data)
        assert_geodataframe_equal(load_dataset(folder).events, plain)


def test_spans_once_per_distinct_value_same_as_each() -> None:
    zone = zone_from_offset("+05:00")
    rows = [
        ("2011-12-16", "day", None, None),
        ("2011-12-16", "day", None, None),
        ("2011-12-16", "day", None, "2011-12-18"),
        ("2011-12-16", "part_of_day", "evening", None),
        ("2011-12-16T10:00+05:00", "minute", None, None),
        ("2011-12-16T10:00+06:00", "minute", None, None),
        ("2011-12", "month", None, None),
        ("2011-12-16", "day", None, None),
    ]
    columns = [list(column) for column in zip(*rows, strict=True)]
    got = events_module._spans(*columns, zone)
    assert got == [events_module._span(*row, zone) for row in rows]


@pytest.mark.parametrize(
    "notes",
    [
        {},
        {"ru": {"translator": "T", "reviewed": False}},
        {
            "kk": {"translator": "T", "reviewed": True, "reviewer": "R"},
            "ru": {"translator": "U", "reviewed": False, "reviewer": None},
        },
        {
            "ru": {
                "reviewed": True,
                "translator": 'A "quoted" \\ back\\slash',
                "reviewer": "Жаңа\u2028өзен 😀",
            }
        },
        {"ru": {"translator": "T", "reviewed": False, "source_en_hash": {}}},
        {
            "ru": {
                "source_en_hash": {
                    "title_en": "0123456789abcdef",
                    'odd "key"\\': "fedcba9876543210",
                },
                "translator": "T\u00e9\u0085",
                "reviewed": False,
            }
        },
        {
            "kk": {
                "translator": "100% %s %%",
                "reviewed": True,
                "reviewer": "%(x)s",
                "source_en_hash": {"a%sb": "0123456789abcdef", "title_en": "fedcba9876543210"},
            },
            "ru": {"translator": "100% %s %%", "reviewed": False, "reviewer": "%d"},
        },
    ],
)
def test_notes_written_piece_by_piece_as_the_encoder_writes_them(notes: dict) -> None:
    from lib.schema import Translation

    models = {lang: Translation.model_validate(note) for lang, note in notes.items()}
    want = events_module._translations_text(models)
    assert want == (
        json.dumps({k: v.model_dump() for k, v in models.items()}, ensure_ascii=False)
        if notes
        else ""
    )
    write = validate.NotesWriter()
    assert write(notes) == want
    assert write(notes) == want  # the templates it keeps give the same again
    # the templates it keeps, with other hashes
    other = {
        lang: {**note, "source_en_hash": dict.fromkeys(note.get("source_en_hash", {}), "ab" * 8)}
        for lang, note in notes.items()
    }
    models = {lang: Translation.model_validate(note) for lang, note in other.items()}
    assert write(other) == events_module._translations_text(models)
