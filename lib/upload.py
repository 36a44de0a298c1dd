"""A viewer's own data: read uploaded files (or one zip) safely into a private folder for the loader."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lib.schema import COUNT_COLUMNS
from lib.validate import (
    COUNTS_FILE,
    EVENTS_FILE,
    INFO_FILE,
    SOURCES_FILE,
    DataError,
    Problem,
    check_directory,
)

UPLOAD_FILES = (EVENTS_FILE, SOURCES_FILE, COUNTS_FILE, INFO_FILE)
"""The files a viewer may upload; anything else (outlines, other names) is refused."""
REQUIRED_FILES = (EVENTS_FILE, SOURCES_FILE)
"""Every event cites at least one source, so an upload without sources.csv could never open."""
EMPTY_FILES = {COUNTS_FILE: ",".join(COUNT_COLUMNS) + "\n"}
"""What stands in for a CSV file the upload leaves out: its header alone (no records)."""


@dataclass(frozen=True)
class Limits:
    """How much an upload may hold; the size also stands in ``server.maxUploadSize``."""

    max_bytes: int = 20 * 1024 * 1024
    """All files together, as uploaded (a zip counts as its compressed size)."""
    max_unpacked_bytes: int = 50 * 1024 * 1024
    """All files together once unpacked from a zip."""
    max_ratio: int = 100
    """Unpacked size over packed size, per zip member: more is treated as a zip bomb."""
    max_members: int = 50
    """Entries in a zip (folders included)."""
    max_events: int = 10_000
    """Features in events.geojson."""


LIMITS = Limits()
UPLOAD_ROOT_ENV = "EVENTS_UPLOAD_DIR"
MAX_AGE_S = 24 * 3600
"""Unpacked uploads older than this are removed when another upload comes in."""


class UploadError(Exception):
    """The upload cannot be read; carries the problems as ``file:record:field: message`` lines."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Upload:
    """The data files of an upload, by name, and what was left out."""

    files: dict[str, bytes] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """A hash of every file's name and content: the same upload gets the same folder."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return h.hexdigest()[:24]


def _problem(name: str, message: str) -> Problem:
    return Problem(name, "-", "-", message)


CITED_IDS = {COUNTS_FILE: "unknown count id "}
"""How a problem reads when it cites an id of a file that would list it."""
CITED_MISSING = (
    "not in the upload, but the other files cite its ids: add it, or upload a .zip of all the files"
)
"""The one cause behind every "unknown … id" problem when that file was left out."""


def explain_missing(problems: Sequence[Problem], missing: Sequence[str]) -> list[Problem]:
    """Return ``problems`` with, first, a problem for each file left out of the upload whose ids
    the other files cite: without counts.csv every figure an event cites is unknown, and a list
    of one such line per citation hid that one cause."""
    causes = [
        _problem(name, CITED_MISSING)
        for name in missing
        if name in CITED_IDS and any(p.message.startswith(CITED_IDS[name]) for p in problems)
    ]
    return causes + list(problems)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _zip_members(name: str, data: bytes, limits: Limits) -> dict[str, bytes]:
    """Return the data files inside a zip, read with every size and path checked."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError([_problem(name, f"not a readable zip file ({exc})")]) from None
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UploadError(
            [_problem(name, f"holds {len(infos)} entries; at most {limits.max_members}")]
        )
    found: dict[str, bytes] = {}
    problems: list[Problem] = []
    unpacked = 0
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.is_dir():
            continue
        if path.is_absolute() or ".." in path.parts or ":" in info.filename:
            problems.append(_problem(name, f"{info.filename!r} points outside the zip; refused"))
            continue
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            problems.append(_problem(name, f"{info.filename!r} is a symbolic link; refused"))
            continue
        base = path.name
        if base not in UPLOAD_FILES or len(path.parts) > 2:
            continue  # other files (a README, __MACOSX/…) are left alone and never unpacked
        if base in found:
            problems.append(_problem(name, f"holds {base} more than once"))
            continue
        if info.flag_bits & 0x1:
            problems.append(_problem(name, f"{info.filename!r} is encrypted"))
            continue
        # read in chunks and count what comes out: the sizes a zip declares can lie
        budget = limits.max_unpacked_bytes - unpacked
        ratio_cap = max(info.compress_size, 1) * limits.max_ratio
        chunks, size = [], 0
        try:
            with archive.open(info) as member:
                while chunk := member.read(64 * 1024):
                    size += len(chunk)
                    if size > budget:
                        raise UploadError(
                            [
                                _problem(
                                    name,
                                    f"unpacks to more than {_mb(limits.max_unpacked_bytes)}; "
                                    "make the data smaller",
                                )
                            ]
                        )
                    if size > ratio_cap and size > 1024 * 1024:
                        raise UploadError(
                            [
                                _problem(
                                    name,
                                    f"{info.filename!r} unpacks to more than {limits.max_ratio} "
                                    "times its packed size (a zip bomb?); refused",
                                )
                            ]
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
            problems.append(_problem(name, f"cannot unpack {info.filename!r} ({exc})"))
            continue
        unpacked += size
        found[base] = b"".join(chunks)
    if problems:
        raise UploadError(problems)
    return found


def read_upload(files: Iterable[tuple[str, bytes]], limits: Limits = LIMITS) -> Upload:
    """Collect the data files of an upload: loose files, or one zip holding them.

    Parameters
    ----------
    files : iterable of (str, bytes)
        The uploaded files' names and contents.
    limits : Limits
        Sizes and counts not to exceed.

    Returns
    -------
    Upload
        ``events.geojson`` and whichever of ``sources.csv``, ``counts.csv`` and ``dataset.json``
        were given; ``missing`` names the CSV files that were not (they count as empty).

    Raises
    ------
    UploadError
        With every problem: unknown file names, sizes over the limits, an unsafe or broken zip,
        no events.geojson, too many events.
    """
    given = list(files)
    total = sum(len(data) for _, data in given)
    if total > limits.max_bytes:
        raise UploadError(
            [_problem("upload", f"is {_mb(total)}; at most {_mb(limits.max_bytes)} together")]
        )
    found: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, data in given:
        base = PurePosixPath(name.replace("\\", "/")).name
        if base.lower().endswith(".zip"):
            try:
                members = _zip_members(base, data, limits)
            except UploadError as exc:
                problems += exc.problems
                continue
            for member, content in members.items():
                if member in found:
                    problems.append(_problem(member, "given more than once"))
                found[member] = content
        elif base in UPLOAD_FILES:
            if base in found:
                problems.append(_problem(base, "given more than once"))
            found[base] = data
        else:
            expected = ", ".join(UPLOAD_FILES)
            problems.append(_problem(base, f"unknown file; expected {expected} or a .zip of them"))
    if not problems:  # every event cites a source: without sources.csv none could be shown
        for name in REQUIRED_FILES:
            if name not in found:
                problems.append(_problem(name, "missing from the upload; it is required"))
    if not problems:
        problems += _event_count_problems(found[EVENTS_FILE], limits)
    if problems:
        raise UploadError(problems)
    missing = tuple(name for name in EMPTY_FILES if name not in found)
    return Upload(files=found, missing=missing)


def _event_count_problems(data: bytes, limits: Limits) -> list[Problem]:
    """Refuse more events than the limit before the validator spends time on each one."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return []  # the validator names where the JSON breaks
    features = doc.get("features") if isinstance(doc, dict) else None
    if isinstance(features, list) and len(features) > limits.max_events:
        return [
            _problem(
                EVENTS_FILE,
                f"holds {len(features):,} events; at most {limits.max_events:,} can be opened here",
            )
        ]
    return []


def upload_root() -> Path:
    """Return the folder that holds unpacked uploads (private to the server's user)."""
    value = os.environ.get(UPLOAD_ROOT_ENV, "").strip()
    root = Path(value) if value else Path(tempfile.gettempdir()) / "events-dashboard-uploads"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def prune_uploads(root: Path, max_age_s: float = MAX_AGE_S, now: float | None = None) -> None:
    """Remove unpacked uploads not touched for ``max_age_s`` seconds."""
    now = time.time() if now is None else now
    for folder in root.iterdir():
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def unpack(upload: Upload, root: Path) -> Path:
    """Write an upload into its own folder under ``root``, named by its content, and check it.

    The files are written to a fresh folder first and moved into place whole, so a folder
    named by a hash always holds that upload, complete. Nothing outside ``root`` is written.

    Returns
    -------
    Path
        The folder, ready for ``lib.events.load_dataset``.

    Raises
    ------
    DataError
        With every problem the validator finds; the folder is then removed.
    """
    target = root / upload.digest
    if target.is_dir():
        os.utime(target)
        return target
    staging = Path(tempfile.mkdtemp(prefix="incoming-", dir=root))
    try:
        for name in UPLOAD_FILES:
            if name in upload.files:
                (staging / name).write_bytes(upload.files[name])
            elif name in EMPTY_FILES:
                (staging / name).write_text(EMPTY_FILES[name], "utf-8")
        checked = check_directory(staging)
        if checked.problems:
            raise DataError(checked.problems)
        try:
            staging.rename(target)
        except OSError:  # the same upload arrived at once from another session: keep theirs
            shutil.rmtree(staging, ignore_errors=True)
        return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
