"""A validated copy of each data directory under a cache directory, so a restart skips validation.

The copy (the events as zstd-compressed Feather, i.e. Arrow IPC with WKB geometry and
GeoParquet's metadata, read back several times faster than Parquet, their nested columns in one
msgpack document beside it; Parquet for sources and counts; JSON for dataset.json and the
narratives) is keyed by a hash of the data files' bytes and of the code that validates and loads them: change a
file or the rules and the directory is validated again. Nothing is ever written to the data
directory. ``EVENTS_CACHE_DIR`` names the cache directory (``off`` turns the cache off); by
default it is ``$XDG_CACHE_HOME/events-dashboard`` or ``~/.cache/events-dashboard``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import msgspec
import pandas as pd

from lib.events import Dataset, data_dir_from_env, load_dataset
from lib.schema import DatasetInfo, Narrative
from lib.validate import ALL_FILES, DataError, Problem, narrative_files, no_gc

try:
    import fcntl
except ImportError:  # not POSIX: no lock, two processes may validate the same files at once
    fcntl = None

CACHE_ENV = "EVENTS_CACHE_DIR"
APP_DIR = "events-dashboard"
KEEP = 4
"""How many validated copies to keep (the newest)."""
_CODE = ("schema.py", "validate.py", "events.py", "store.py")
PARTS = 2 if (os.cpu_count() or 1) > 1 else 1
"""How many processes at once check a large events file in the child (``load_dataset``)."""
_DONE = "complete"
LOCK_AGE = 24 * 3600
"""Seconds after which ``_prune`` removes the lock file of a copy it does not keep."""
CHILD_BYTES = 16 * 2**20
"""Data directories with more bytes than this are validated in a child process: validating
100,000 events peaks near 2.5 GB and a process that did it keeps about 2 GB that Python and the
allocator never hand back; a child returns all of it when it exits."""


def cache_dir(environ: dict[str, str] | None = None) -> Path | None:
    """Return the cache directory, or None when ``EVENTS_CACHE_DIR=off``."""
    env = os.environ if environ is None else environ
    value = env.get(CACHE_ENV, "").strip()
    if value.lower() == "off":
        return None
    if value:
        return Path(value)
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / APP_DIR


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(b"format 6")
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.digest()


def content_key(data_dir: Path) -> str:
    """Return a hash of the data files' names and bytes and of the loading code."""
    digest = hashlib.sha256(_code_digest())
    narratives = [str(p.relative_to(data_dir)) for p in narrative_files(data_dir)]
    for name in (*ALL_FILES, *narratives):  # outlines.geojson too
        path = data_dir / name
        digest.update(name.encode() + b"\0")
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:  # missing or unreadable: load_dataset names the problem
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()[:32]


_NESTED = ("sources", "count_ids", "source_ids")
"""The events' columns of Python lists, dicts and tuples: kept beside the Parquet file in one
msgpack document, decoded in one call (Parquet's nested columns cost seconds each way at
100,000 events)."""
_NESTED_TYPE = msgspec.msgpack.Decoder(
    tuple[list[list[dict[str, str]]], list[list[str]], list[tuple[str, ...]]]
)


def _json_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a CSV table with its ``translations`` objects as JSON text."""
    if "translations" not in frame:
        return frame
    out = frame.copy()
    out["translations"] = [json.dumps(v, ensure_ascii=False) for v in out["translations"]]
    return out


def _parsed_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo ``_json_column``."""
    if "translations" in frame:
        frame["translations"] = [json.loads(v) for v in frame["translations"]]
    return frame


def _write(dataset: Dataset, entry: Path) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
    try:
        events = dataset.events
        nested = [events[name].tolist() for name in _NESTED]
        (work / "nested.msgpack").write_bytes(msgspec.msgpack.encode(nested))
        (work / "columns.json").write_text(json.dumps(list(events.columns)), "utf-8")
        flat = events.drop(columns=list(_NESTED))
        # one record batch: each column is read back as one Arrow chunk, as the frame holds it
        # (two chunks made every page's filtering and null masks combine them: +130 MB)
        flat.to_feather(work / "events.arrow", compression="zstd", chunksize=max(len(flat), 1))
        _json_column(dataset.sources).to_parquet(work / "sources.parquet")
        _json_column(dataset.counts).to_parquet(work / "counts.parquet")
        (work / "info.json").write_text(dataset.info.model_dump_json(), "utf-8")
        narratives = {k: v.model_dump(mode="json") for k, v in dataset.narratives.items()}
        (work / "narratives.json").write_text(json.dumps(narratives), "utf-8")
        if dataset.outlines is not None:
            (work / "outlines.json").write_text(json.dumps(dataset.outlines), "utf-8")
        if dataset.inset is not None:
            (work / "inset.json").write_text(json.dumps(dataset.inset), "utf-8")
        (work / _DONE).write_text("", "utf-8")
        try:
            work.rename(entry)
        except OSError:  # another process wrote the same entry first
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _read(entry: Path, data_dir: Path) -> Dataset:
    with no_gc():  # the nested columns are a million small objects, none in a cycle
        return _read_entry(entry, data_dir)


def _read_entry(entry: Path, data_dir: Path) -> Dataset:
    events = gpd.read_feather(entry / "events.arrow")
    nested = _NESTED_TYPE.decode((entry / "nested.msgpack").read_bytes())
    for name, values in zip(_NESTED, nested, strict=True):
        events[name] = pd.Series(values, index=events.index, dtype=object)
    events = events[json.loads((entry / "columns.json").read_text("utf-8"))]
    counts = _parsed_column(pd.read_parquet(entry / "counts.parquet"))
    info = DatasetInfo.model_validate(json.loads((entry / "info.json").read_text("utf-8")))
    stored = json.loads((entry / "narratives.json").read_text("utf-8"))
    narratives = {name: Narrative.model_validate(doc) for name, doc in stored.items()}
    outlines = entry / "outlines.json"
    inset = entry / "inset.json"
    return Dataset(
        events=events,
        sources=_parsed_column(pd.read_parquet(entry / "sources.parquet")),
        counts=counts,
        data_dir=data_dir,
        info=info,
        narratives=narratives,
        outlines=json.loads(outlines.read_text("utf-8")) if outlines.exists() else None,
        inset=json.loads(inset.read_text("utf-8")) if inset.exists() else None,
    )


def _prune(root: Path) -> None:
    entries = sorted(
        (p for p in root.iterdir() if (p / _DONE).exists()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
    # the locks of copies no longer kept, and of files that had problems (no copy), once old
    kept = {p.name for p in entries[:KEEP]}
    with contextlib.suppress(OSError):
        for lock in (root / ".locks").iterdir():
            if lock.name not in kept and time.time() - lock.stat().st_mtime > LOCK_AGE:
                lock.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim``, or None where the C library has none (looked up once:
    ``find_library`` runs ``ldconfig``)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc
        return None


def release_memory() -> None:
    """Hand memory freed by Python back to the system where the C library can (glibc)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_releaser: threading.Thread | None = None
_releaser_lock = threading.Lock()
_releaser_stop = threading.Event()
"""Set to end the thread (tests)."""


def keep_releasing_memory(every: float = 30.0) -> bool:
    """Start, once per process, a daemon thread that calls ``release_memory`` every ``every``
    seconds, so memory that viewers' sessions freed goes back to the system after they leave
    (a few ms each time). Return whether this call started it."""
    global _releaser
    with _releaser_lock:
        if _releaser is not None and _releaser.is_alive():
            return False

        def loop(stop: threading.Event) -> None:
            while not stop.wait(every):
                release_memory()

        _releaser = threading.Thread(
            target=loop, args=(_releaser_stop,), name="release-memory", daemon=True
        )
        _releaser.start()
        return True


def _data_bytes(data_dir: Path) -> int:
    total = 0
    for path in data_dir.glob("*"):
        with contextlib.suppress(OSError):  # gone meanwhile: load_dataset names the problem
            total += path.stat().st_size
    return total


def _validate_and_write(data_dir: str, entry: str) -> tuple[list[Problem], bool] | None:
    """Validate a directory and write its copy; its problems (and whether it was unreadable)."""
    try:
        dataset = load_dataset(Path(data_dir), parts=PARTS)
    except DataError as error:
        return error.problems, error.unreadable
    _write(dataset, Path(entry))
    return None


_PROBLEMS = 3
"""The child's exit status when the directory has problems (pickled on its standard output)."""


def _validate_in_child(folder: Path, entry: Path) -> bool:
    """Validate ``folder`` into ``entry`` in a fresh process; False when that could not run."""
    code_root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (code_root, os.environ.get("PYTHONPATH", "")) if p)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "lib.store", str(folder), str(entry)],
            capture_output=True,
            cwd=code_root,
            env={**os.environ, "PYTHONPATH": path},
            check=False,
        )
    except OSError:  # no child possible: validate here
        return False
    if done.returncode == _PROBLEMS:
        raise DataError(*pickle.loads(done.stdout))  # noqa: S301 (our own child's output)
    return done.returncode == 0 and (entry / _DONE).exists()


@contextlib.contextmanager
def _validating(root: Path, key: str) -> Iterator[None]:
    """Hold the lock of one copy while it is made, so that processes wanting the same files
    (replicas, the start-up's ``prepare``, viewers) validate them once: the others wait and
    read the copy. The kernel lets go of it when its process ends, however it ends."""
    try:
        locks = root / ".locks"
        locks.mkdir(parents=True, exist_ok=True)
        handle = (locks / key).open("a")
        os.utime(locks / key)  # in use: ``_prune`` leaves it
    except OSError:  # an unwritable cache directory: nothing to share
        yield
        return
    with handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _read_copy(entry: Path, folder: Path) -> Dataset | None:
    """Return the copy in ``entry``, or None when there is none or it is damaged (removed)."""
    if not (entry / _DONE).exists():
        return None
    try:
        dataset = _read(entry, folder)
    except Exception:  # a damaged or outdated copy: validate again
        shutil.rmtree(entry, ignore_errors=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)
    release_memory()  # what reading the copy freed
    return dataset


def _make_copy(
    folder: Path, root: Path, entry: Path, child_bytes: int, parts: int = 1
) -> Dataset | None:
    """Validate ``folder`` and write its copy to ``entry`` unless another process did meanwhile
    (in a child when it holds more than ``child_bytes``; in ``parts`` processes when large).

    Return the dataset when it was validated in this process, None when the copy on disk is the
    result (written by a child or by another process).
    """
    with _validating(root, entry.name):
        if (entry / _DONE).exists():  # made while this process waited for the lock
            return None
        if _data_bytes(folder) > child_bytes and _validate_in_child(folder, entry):
            _prune(root)
            return None
        dataset = load_dataset(folder, parts=parts)
        try:
            _write(dataset, entry)
            _prune(root)
        except OSError:
            pass  # an unwritable cache directory only costs the next start its validation
        return dataset


def load_validated(
    data_dir: str | Path, root: Path | None = None, child_bytes: int = CHILD_BYTES
) -> Dataset:
    """Return ``load_dataset(data_dir)``, from the cache when the files were validated before.

    Parameters
    ----------
    data_dir : str or Path
        The data directory (never written to).
    root : Path, optional
        The cache directory; default ``cache_dir()``. With no cache directory this is
        ``load_dataset``.
    child_bytes : int
        Directories larger than this are validated in a child process, and the copy it writes
        is read here, so this process never holds validation's peak.

    Raises
    ------
    DataError
        As ``load_dataset`` does; a directory with problems is never cached.
    """
    folder = Path(data_dir)
    root = cache_dir() if root is None else root
    if root is None:
        return load_dataset(folder)
    entry = root / content_key(folder)
    dataset = _read_copy(entry, folder)
    if dataset is None:
        dataset = _make_copy(folder, root, entry, child_bytes)
    if dataset is None:  # the copy a child or another process made
        dataset = _read_copy(entry, folder)
    return load_dataset(folder) if dataset is None else dataset  # that copy was damaged


def prepare(data_dir: str | Path | None = None, root: Path | None = None) -> bool:
    """Make the validated copy of ``data_dir`` (default ``EVENTS_DATA_DIR`` or the shipped
    data) if it is missing, without loading it; return whether a copy is there.

    The launchers start this beside the server, so the data is validated while the server
    starts and before the first viewer asks for it; that viewer waits for the copy instead of
    validating again. A directory with problems makes no copy: the app shows them.
    """
    folder = data_dir_from_env() if data_dir is None else Path(data_dir)
    root = cache_dir() if root is None else root
    if root is None:
        return False
    entry = root / content_key(folder)
    if not (entry / _DONE).exists():
        try:  # this process ends when the copy is made: no child needed to hand memory back
            _make_copy(folder, root, entry, child_bytes=sys.maxsize, parts=PARTS)
        except DataError:
            return False
    return (entry / _DONE).exists()


def _child_main(argv: list[str]) -> int:
    """Validate and write the copy; print the pickled problems. Return the exit status."""
    found = _validate_and_write(argv[0], argv[1])
    if found is None:
        return 0
    sys.stdout.buffer.write(pickle.dumps(found))
    return _PROBLEMS


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:  # the launchers: python -m lib.store --prepare [DATA_DIR]
        status = 0 if prepare(sys.argv[2] if len(sys.argv) > 2 else None) else 1
    else:  # the child of _validate_in_child
        status = _child_main(sys.argv[1:])
    sys.stdout.flush()
    # end without freeing every object one by one (at 100,000 events, about a second of
    # the parent's wait): the copy is complete on disk and the system takes the memory back
    os._exit(status)
