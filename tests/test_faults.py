"""Faults while the app runs: files replaced, removed or unreadable give a clear message, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.events import load_dataset
from lib.validate import DataError, read_snapshot
from tests.factories import make_count, make_event, make_source, write_dataset


def _replace(path: Path, text: str) -> None:
    """Replace a file the way an editor or a deploy does: write beside it, then rename."""
    new = path.with_suffix(".new")
    new.write_text(text, "utf-8")
    os.replace(new, path)


def _version(folder: Path, n: int) -> dict[str, str]:
    """Return the three files of version ``n`` of a dataset (each names its version)."""
    write_dataset(
        folder,
        events=[make_event(title_en=f"Version {n}", count_ids=[f"count-v{n}"])],
        sources=[make_source(title=f"Source version {n}")],
        counts=[make_count(id=f"count-v{n}")],
    )
    return {
        name: (folder / name).read_text("utf-8")
        for name in ("events.geojson", "counts.csv", "sources.csv")
    }


def test_a_file_replaced_while_it_is_read_gives_one_version(tmp_path, monkeypatch):
    """Version 2 lands between reading events.geojson and counts.csv: the read starts over."""
    new = _version(tmp_path / "v2", 2)
    folder = tmp_path / "d"
    _version(folder, 1)
    real = Path.read_bytes
    swapped = []

    def read_bytes(self: Path) -> bytes:
        data = real(self)
        if self.name == "events.geojson" and not swapped:
            swapped.append(True)
            for name, text in new.items():  # the deploy writes every file of version 2
                _replace(folder / name, text)
        return data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    dataset = load_dataset(folder)
    assert swapped
    assert list(dataset.events["title_en"]) == ["Version 2"]
    assert list(dataset.counts["id"]) == ["count-v2"]  # not half of each (that would not validate)


def test_files_that_never_stop_changing_are_named(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    _version(folder, 1)
    real = Path.read_bytes
    turn = []

    def read_bytes(self: Path) -> bytes:
        data = real(self)
        if self.name == "sources.csv":
            turn.append(1)
            _replace(self, data.decode() + "\n" * len(turn))  # a writer that never stops
        return data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DataError) as caught:
        read_snapshot(folder)
    assert caught.value.unreadable
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}:-:-: the data files kept changing while being read"
    ]


def test_a_file_that_disappears_while_it_is_read_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    _version(folder, 1)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "events.geojson":
            (folder / "counts.csv").unlink(missing_ok=True)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"counts.csv:-:-: cannot read {folder / 'counts.csv'}: No such file or directory"
    )


def test_an_unreadable_file_is_named(tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the refusal is simulated where the file is opened."""
    folder = tmp_path / "d"
    _version(folder, 1)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "sources.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"sources.csv:-:-: cannot read {folder / 'sources.csv'}: Permission denied"
    ]


def test_a_directory_in_place_of_a_file_is_named(tmp_path):
    folder = tmp_path / "d"
    _version(folder, 1)
    (folder / "dataset.json").mkdir()
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"dataset.json:-:-: cannot read {folder / 'dataset.json'}: Is a directory"
    ]


# --- what a viewer sees while the files change under a running app ---------------------------


@pytest.fixture
def live_dir(tmp_path, monkeypatch):
    folder = tmp_path / "live"
    _version(folder, 1)
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    return folder


def _page(at: AppTest, path: str = "pages/sources.py") -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _problems(at: AppTest) -> str:
    assert at.error, "no data error shown"
    return "\n".join(c.value for c in at.code)


def test_viewer_sees_the_new_version_after_a_replace(live_dir):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    _page(at)
    assert "Version 1" in at.dataframe[-1].value.to_string()
    new = _version(live_dir.parent / "v2", 2)
    for name, text in new.items():
        _replace(live_dir / name, text)
    at.run()
    assert not at.exception
    assert "Version 2" in at.dataframe[-1].value.to_string()


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (
            "remove counts.csv",
            "counts.csv:-:-: cannot read {dir}/counts.csv: No such file or directory",
        ),
        (
            "directory for events.geojson",
            "events.geojson:-:-: cannot read {dir}/events.geojson: Is a directory",
        ),
        (
            "truncate events.geojson",
            "events.geojson:-:-: invalid JSON: a value is missing (line 1, column 1)",
        ),
        (
            "broken outlines",
            "outlines.geojson:-:-: invalid JSON: a value is missing (line 1, column 1)",
        ),
    ],
)
def test_viewer_sees_a_named_problem_when_a_file_breaks(live_dir, fault, expected):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    _page(at, "pages/map.py")
    if fault == "remove counts.csv":
        (live_dir / "counts.csv").unlink()
    elif fault == "directory for events.geojson":
        (live_dir / "events.geojson").unlink()
        (live_dir / "events.geojson").mkdir()
    elif fault == "truncate events.geojson":
        (live_dir / "events.geojson").write_text("", "utf-8")
    else:
        (live_dir / "outlines.geojson").write_text("?", "utf-8")
    at.run()
    assert not at.exception
    assert expected.format(dir=live_dir) in _problems(at)


def test_the_validated_cache_keeps_the_outlines_and_follows_their_changes(tmp_path):
    from lib.store import load_validated

    folder = tmp_path / "d"
    _version(folder, 1)
    shape = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"iso3": "KAZ"},
                "geometry": {"type": "LineString", "coordinates": [[50, 43], [51, 44]]},
            }
        ],
    }
    (folder / "outlines.geojson").write_text(json.dumps(shape), "utf-8")
    root = tmp_path / "cache"
    assert load_validated(folder, root).outlines == shape
    assert load_validated(folder, root).outlines == shape  # from the cache
    (folder / "inset.geojson").write_text(json.dumps(shape), "utf-8")
    assert load_validated(folder, root).inset == shape
    assert load_validated(folder, root).inset == shape  # from the cache
    (folder / "outlines.geojson").write_text("{ broken", "utf-8")
    with pytest.raises(DataError):
        load_validated(folder, root)  # a changed outlines file is validated again
