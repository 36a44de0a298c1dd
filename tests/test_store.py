"""The validated copy under the cache directory: same data, rebuilt when anything changes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from geopandas.testing import assert_geodataframe_equal
from pandas.testing import assert_frame_equal

from lib import store
from lib.events import load_dataset
from lib.validate import DataError
from tests.factories import make_event, write_dataset

SHIPPED = Path(__file__).resolve().parent.parent / "data"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _same(a, b) -> None:
    assert_geodataframe_equal(a.events, b.events)
    assert_frame_equal(a.sources, b.sources)
    assert_frame_equal(a.counts, b.counts)
    assert a.info == b.info
    assert a.narratives == b.narratives
    assert a.data_dir == b.data_dir


def test_the_copy_loads_the_same_dataset_as_validation(tmp_path):
    root = tmp_path / "cache"
    before = _digest(SHIPPED)
    fresh = store.load_validated(SHIPPED, root)
    assert len([p for p in root.iterdir() if not p.name.startswith(".")]) == 1
    cached = store.load_validated(SHIPPED, root)
    _same(load_dataset(SHIPPED), fresh)
    _same(fresh, cached)
    first = cached.events.iloc[0]
    assert isinstance(first["sources"], list) and isinstance(first["sources"][0], dict)
    assert isinstance(first["source_ids"], tuple) and isinstance(first["count_ids"], list)
    assert _digest(SHIPPED) == before  # nothing written to the data directory


def test_a_second_load_does_not_validate_again(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    store.load_validated(folder, root)

    def fail(*_args, **_kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(store, "load_dataset", fail)
    assert list(store.load_validated(folder, root).events["id"]) == ["event-a"]


def test_a_changed_file_is_validated_again(tmp_path):
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    store.load_validated(folder, root)
    write_dataset(folder, events=[make_event(id="event-b")])
    assert list(store.load_validated(folder, root).events["id"]) == ["event-b"]
    write_dataset(folder, events=[make_event(id="event-b", start="2011-02-30")])
    with pytest.raises(DataError):
        store.load_validated(folder, root)


def test_a_damaged_copy_is_rebuilt(tmp_path):
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    store.load_validated(folder, root)
    entry = root / store.content_key(folder)
    (entry / "events.arrow").write_bytes(b"not arrow")
    assert list(store.load_validated(folder, root).events["id"]) == ["event-a"]


def test_a_directory_with_problems_is_not_cached(tmp_path):
    folder = write_dataset(tmp_path / "data", events=[make_event(start="2011-13-01")])
    root = tmp_path / "cache"
    with pytest.raises(DataError):
        store.load_validated(folder, root)
    assert not root.exists() or not [p for p in root.iterdir() if p.name != ".locks"]


def test_cache_dir_from_the_environment(tmp_path):
    assert store.cache_dir({"EVENTS_CACHE_DIR": "off"}) is None
    assert store.cache_dir({"EVENTS_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert store.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / store.APP_DIR


def test_only_the_newest_copies_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    root = tmp_path / "cache"
    for i in range(4):
        folder = write_dataset(tmp_path / f"data{i}", events=[make_event(id=f"event-{i}")])
        store.load_validated(folder, root)
    assert len([p for p in root.iterdir() if p.name != ".locks"]) == 2


def test_a_large_directory_is_validated_in_a_child_process(tmp_path, monkeypatch):
    root = tmp_path / "cache"

    def fail(*_args, **_kwargs):
        raise AssertionError("validated in the server's own process")

    monkeypatch.setattr(store, "load_dataset", fail)  # the child imports its own, unpatched
    loaded = store.load_validated(SHIPPED, root, child_bytes=0)
    _same(load_dataset(SHIPPED), loaded)
    assert (root / store.content_key(SHIPPED) / "complete").exists()


def test_a_child_reports_the_problems_validation_finds(tmp_path):
    folder = write_dataset(tmp_path / "data", events=[make_event(start="2011-02-30")])
    with pytest.raises(DataError) as in_process:
        load_dataset(folder)
    with pytest.raises(DataError) as in_child:
        store.load_validated(folder, tmp_path / "cache", child_bytes=0)
    assert in_child.value.problems == in_process.value.problems
    assert in_child.value.unreadable == in_process.value.unreadable
    assert not [p for p in (tmp_path / "cache").iterdir() if (p / "complete").exists()]


def test_without_a_child_process_validation_runs_here(tmp_path, monkeypatch):
    def no_child(*args, **kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(store.subprocess, "run", no_child)
    folder = write_dataset(tmp_path / "data")
    loaded = store.load_validated(folder, tmp_path / "cache", child_bytes=0)
    assert list(loaded.events["id"]) == ["event-a"]


def test_release_memory_runs_wherever_it_is(monkeypatch):
    store.release_memory()  # glibc here: trims; elsewhere: does nothing
    store._malloc_trim.cache_clear()
    monkeypatch.setattr(store.ctypes.util, "find_library", lambda name: None)
    try:
        assert store._malloc_trim() is None
        store.release_memory()
    finally:
        store._malloc_trim.cache_clear()


def test_memory_is_released_by_one_thread_per_process(monkeypatch):
    calls = threading.Event()
    monkeypatch.setattr(store, "release_memory", calls.set)
    monkeypatch.setattr(store, "_releaser", None)
    monkeypatch.setattr(store, "_releaser_stop", threading.Event())
    assert store.keep_releasing_memory(every=0.01)
    try:
        assert not store.keep_releasing_memory(every=0.01)  # already running
        assert calls.wait(timeout=10)
    finally:
        store._releaser_stop.set()
        store._releaser.join(timeout=10)
    assert not store._releaser.is_alive()


def _same_nested(a, b) -> None:
    for name in ("sources", "count_ids", "source_ids"):
        got, want = a.events[name].tolist(), b.events[name].tolist()
        assert got == want
        assert [type(v) for v in got] == [type(v) for v in want]


def test_the_copy_of_a_shuffled_synthetic_directory_is_the_same(tmp_path):
    from bench.synth import synthetic

    folder = synthetic(600, tmp_path / "synth")  # file order is not time order
    loaded = store.load_validated(folder, tmp_path / "cache", child_bytes=0)  # the child's copy
    want = load_dataset(folder)
    _same(want, loaded)
    _same_nested(want, loaded)
    _same(loaded, store.load_validated(folder, tmp_path / "cache"))  # read again


def test_the_nested_columns_are_kept_beside_the_events_table(tmp_path):
    import pyarrow.feather as feather

    folder = write_dataset(
        tmp_path / "data", events=[make_event(count_ids=["count-a"]), make_event(id="event-b")]
    )
    root = tmp_path / "cache"
    store.load_validated(folder, root)
    entry = root / store.content_key(folder)
    names = feather.read_table(entry / "events.arrow").column_names
    assert "title_en" in names
    assert not {"sources", "count_ids", "source_ids"} & set(names)  # slow to convert there
    cached = store.load_validated(folder, root)
    _same(load_dataset(folder), cached)
    _same_nested(load_dataset(folder), cached)
    assert list(cached.events["count_ids"]) == [["count-a"], []]


def test_the_copy_holds_each_text_column_in_one_piece(tmp_path):
    from bench.synth import synthetic

    folder = synthetic(70_000, tmp_path / "synth")  # more rows than Feather's default batch
    root = tmp_path / "cache"
    store.load_validated(folder, root, child_bytes=10**12)
    cached = store.load_validated(folder, root)
    chunks = {
        name: cached.events[name].array._pa_array.num_chunks
        for name in cached.events.columns
        if str(cached.events[name].dtype) == "str"
    }
    assert chunks and set(chunks.values()) == {1}, chunks


class _Flock:
    """``fcntl`` as the store uses it, telling when a process starts waiting for a lock."""

    def __init__(self, real) -> None:
        self.real = real
        self.LOCK_EX = real.LOCK_EX
        self.waiting = threading.Event()

    def flock(self, handle, operation) -> None:
        self.waiting.set()
        self.real.flock(handle, operation)


def test_a_process_waits_for_the_copy_another_is_making_instead_of_validating(
    tmp_path, monkeypatch
):
    """Replicas, the start-up's prepare and viewers validate the same files once."""
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    entry = root / store.content_key(folder)
    dataset = load_dataset(folder)
    calls = []
    monkeypatch.setattr(store, "load_dataset", lambda f, **kw: calls.append(f) or dataset)
    flock = _Flock(store.fcntl)
    loaded = []
    with store._validating(root, entry.name):  # another process is making the copy
        monkeypatch.setattr(store, "fcntl", flock)
        waiter = threading.Thread(target=lambda: loaded.append(store.load_validated(folder, root)))
        waiter.start()
        assert flock.waiting.wait(timeout=60), "did not wait for the lock"
        store._write(dataset, entry)  # ... and finishes it
    waiter.join(timeout=60)
    assert calls == []
    _same(loaded[0], dataset)


def test_prepare_makes_the_copy_the_server_then_reads(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    assert store.prepare(folder, root)
    assert (root / store.content_key(folder) / "complete").exists()
    assert store.prepare(folder, root)  # already there: nothing to do

    def fail(*_args, **_kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(store, "load_dataset", fail)
    assert list(store.load_validated(folder, root).events["id"]) == ["event-a"]


def test_prepare_leaves_files_with_problems_to_the_app(tmp_path):
    folder = write_dataset(tmp_path / "data", events=[make_event(start="2011-13-01")])
    root = tmp_path / "cache"
    assert not store.prepare(folder, root)
    assert not [p for p in root.iterdir() if (p / "complete").exists()]


def test_the_launchers_prepare_command_makes_the_copy(tmp_path):
    folder = write_dataset(tmp_path / "data")
    root = tmp_path / "cache"
    before = _digest(folder)
    env = {**os.environ, "EVENTS_DATA_DIR": str(folder), "EVENTS_CACHE_DIR": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "lib.store", "--prepare"],
        cwd=SHIPPED.parent, env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (root / store.content_key(folder) / "complete").exists()
    assert _digest(folder) == before  # nothing written to the data directory
