"""A large events file checked in two parts at once (this process and a child) gives exactly
what one process gives: the same frame, and for bad input the same problems in the same order,
naming the same file, record and field."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from geopandas.testing import assert_geodataframe_equal
from pandas.testing import assert_frame_equal

from bench.synth import synthetic
from lib import store, validate
from lib.events import load_dataset
from lib.validate import DataError, check_directory
from tests.factories import make_event, write_dataset
from tests.test_validate_columns import CASES, _feature

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _every_file_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "PART_BYTES", 0)


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(600, tmp_path_factory.mktemp("synth"))


def _problems(folder: Path, parts: int) -> list[str]:
    return [str(p) for p in check_directory(folder, parts).problems]


def _same_dataset(folder: Path) -> None:
    one = load_dataset(folder)
    two = load_dataset(folder, parts=2)
    assert list(two.events.columns) == list(one.events.columns)
    assert two.events.dtypes.to_dict() == one.events.dtypes.to_dict()
    assert_geodataframe_equal(two.events, one.events)
    for column in ("sources", "count_ids", "translations", "source_ids"):
        assert two.events[column].tolist() == one.events[column].tolist()
    assert_frame_equal(two.sources, one.sources)
    assert_frame_equal(two.counts, one.counts)
    assert two.info == one.info


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_two_parts_give_the_same_dataset_as_one(which: str, synthetic_dir: Path) -> None:
    folder = ROOT / "data" if which == "shipped" else synthetic_dir
    checked = check_directory(folder, parts=2)
    assert checked.problems == []
    assert checked.event_columns is not None and checked.event_columns.texts  # in parts
    whole = check_directory(folder)
    assert not whole.event_columns.texts  # one process: as before
    assert checked.ids == whole.ids
    assert checked.events == whole.events  # the models from the columns, texts and notes too
    _same_dataset(folder)


def test_texts_missing_everywhere_and_odd_counts(tmp_path: Path) -> None:
    # every optional text missing (a column of None stays objects); an odd number of events,
    # the second part holding one more place than the first
    features = [make_event(id=f"e-{i}", start=f"2011-12-{10 + i}") for i in range(5)]
    features[3] = make_event(
        id="e-3",
        geometry=None,
        location_precision="unknown",
        title_ru="Событие",
        translations={"ru": {"translator": 'T "q"', "reviewed": False}},
    )
    folder = write_dataset(tmp_path / "d", events=features)
    _same_dataset(folder)
    single = write_dataset(tmp_path / "one", events=[make_event()])
    _same_dataset(single)


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    """Folders whose events are wrong in the second half (and one in both)."""
    good = [make_event(id=f"ev-{i}", start=f"2011-12-{10 + i}") for i in range(6)]
    cases = {
        "bad value in the second half": {4: make_event(id="ev-4", category="nonsense")},
        "not a feature in the second half": {5: ["not", "a", "feature"]},
        "no id in the second half": {4: {**make_event(), "properties": {"title_en": "x"}}},
        "both halves": {
            1: make_event(id="ev-1", time_precision="hourly"),
            5: make_event(id="ev-5", title_en=""),
        },
        "duplicate id across halves": {4: make_event(id="ev-1")},
        "unknown source in the second half": {
            5: make_event(id="ev-5", sources=[{"source": "nowhere", "locator": "p. 1"}])
        },
        "control character in the second half": {4: make_event(id="ev-4", title_en="a\x01b")},
        "too deep in the second half": {
            4: {**make_event(id="ev-4"), "extra": json.loads("[" * 45 + "]" * 45)}
        },
    }
    folders = {}
    for i, (name, changes) in enumerate(cases.items()):
        events = [changes.get(j, feature) for j, feature in enumerate(good)]
        folders[name] = write_dataset(tmp_path / f"case-{i}", events=events)
    return folders


def test_problems_in_either_half_are_reported_as_by_one_process(tmp_path: Path) -> None:
    for name, folder in _bad_files(tmp_path).items():
        one = _problems(folder, 1)
        assert one, name
        assert _problems(folder, 2) == one, name
        with pytest.raises(DataError) as error:
            load_dataset(folder, parts=2)
        assert [str(p) for p in error.value.problems] == one, name


def test_problems_name_the_record_in_the_whole_file(tmp_path: Path) -> None:
    folders = _bad_files(tmp_path)
    assert _problems(folders["not a feature in the second half"], 2) == [
        "events.geojson:#5:type: must be a Feature"
    ]
    assert _problems(folders["no id in the second half"], 2)[0].startswith("events.geojson:#4:")
    assert _problems(folders["bad value in the second half"], 2)[0].startswith(
        "events.geojson:ev-4:category: unknown value 'nonsense'"
    )
    assert _problems(folders["duplicate id across halves"], 2) == [
        "events.geojson:ev-1:id: duplicate id (used 2 times)"
    ]


def test_without_a_child_the_file_is_checked_whole(tmp_path: Path, monkeypatch) -> None:
    def no_child():
        raise OSError("no processes left")

    monkeypatch.setattr(validate.os, "fork", no_child)
    folder = write_dataset(tmp_path / "d", events=[make_event(id="a"), make_event(id="b")])
    checked = check_directory(folder, parts=2)
    assert checked.problems == [] and not checked.event_columns.texts


def test_a_child_that_fails_leaves_the_file_to_be_checked_whole(
    tmp_path: Path, monkeypatch
) -> None:
    # the child's error ends the child (status 1), not the test run it was forked from
    def broken(part, out):
        raise RuntimeError("the child could not write its part")

    monkeypatch.setattr(validate, "_write_part", broken)
    folder = write_dataset(tmp_path / "d", events=[make_event(id="a"), make_event(id="b")])
    checked = check_directory(folder, parts=2)
    assert checked.problems == [] and not checked.event_columns.texts
    assert checked.ids == check_directory(folder).ids


def test_the_part_goes_through_a_temporary_file_where_memory_files_are_missing(
    tmp_path: Path, monkeypatch, synthetic_dir: Path
) -> None:
    monkeypatch.delattr(validate.os, "memfd_create", raising=False)
    checked = check_directory(synthetic_dir, parts=2)
    assert checked.event_columns is not None and checked.event_columns.texts
    _same_dataset(synthetic_dir)


def test_small_files_are_checked_in_one_process(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(validate, "PART_BYTES", 10**9)
    folder = write_dataset(tmp_path / "d", events=[make_event(id="a"), make_event(id="b")])
    assert not check_directory(folder, parts=2).event_columns.texts


def test_the_child_validating_the_copy_checks_in_parts(tmp_path: Path, monkeypatch) -> None:
    asked = []

    def load(folder, parts=1):
        asked.append(parts)
        raise DataError([])

    monkeypatch.setattr(store, "load_dataset", load)
    monkeypatch.setattr(store, "PARTS", 2)
    store._validate_and_write(str(tmp_path), str(tmp_path / "entry"))
    assert asked == [2]


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}={v!r}"[:60] for f, v in CASES])
def test_each_column_check_in_either_part_as_in_one_process(
    field: str, value: object, tmp_path: Path
) -> None:
    # the parts check the free texts in Arrow; each case in the first part, then the second
    other = make_event(id="event-z", start="2011-12-17")
    for i, features in enumerate(
        ([_feature(field, value), other], [other, _feature(field, value)])
    ):
        folder = write_dataset(tmp_path / f"d{i}", events=features)
        one = _problems(folder, 1)
        assert _problems(folder, 2) == one
        if not one:
            _same_dataset(folder)
        # the parts pass what the columns pass in one process, and only that
        in_parts = check_directory(folder, parts=2).event_columns
        in_one = check_directory(folder).event_columns
        assert bool(in_parts and in_parts.texts) == (in_one is not None)


def test_the_blank_check_knows_what_strip_removes() -> None:
    stripped = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert stripped == validate.WHITESPACE
