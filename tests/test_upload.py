"""Uploads: loose files or one zip, read safely and within limits, unpacked by content, checked."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from lib.events import load_dataset
from lib.upload import (
    CITED_MISSING,
    Limits,
    UploadError,
    explain_missing,
    prune_uploads,
    read_upload,
    unpack,
)
from lib.validate import DataError, Problem

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "examples" / "synthetic-town"
NAMES = ("events.geojson", "sources.csv", "counts.csv", "dataset.json")


def _files(folder: Path = SYNTHETIC) -> list[tuple[str, bytes]]:
    return [(name, (folder / name).read_bytes()) for name in NAMES]


def _zip(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _messages(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


def test_loose_files_are_read():
    upload = read_upload(_files())
    assert set(upload.files) == set(NAMES)
    assert upload.missing == ()


def test_a_zip_with_a_top_folder_is_read_and_extra_files_left_alone():
    entries = {f"my-data/{name}": data for name, data in _files()}
    entries["my-data/README.txt"] = b"notes"
    entries["__MACOSX/my-data/._events.geojson"] = b"junk"
    upload = read_upload([("my-data.zip", _zip(entries))])
    assert set(upload.files) == set(NAMES)
    assert upload.files["events.geojson"] == (SYNTHETIC / "events.geojson").read_bytes()


def test_events_and_sources_alone_leave_the_counts_empty():
    files = [(name, (SYNTHETIC / name).read_bytes()) for name in ("events.geojson", "sources.csv")]
    assert read_upload(files).missing == ("counts.csv",)


def test_events_without_their_sources_are_refused_at_once():
    """Every event cites a source: events.geojson alone gave one "unknown source id" per
    citation (228 for the shipped events) instead of naming the file left out."""
    with pytest.raises(UploadError) as exc:
        read_upload([("events.geojson", (SYNTHETIC / "events.geojson").read_bytes())])
    assert _messages(exc) == "sources.csv:-:-: missing from the upload; it is required"


@pytest.mark.parametrize("name", ["../events.geojson", "/etc/events.geojson", "a/../../x.csv"])
def test_a_zip_entry_outside_the_zip_is_refused(name):
    entries = dict(_files()) | {name: b"{}"}
    with pytest.raises(UploadError) as exc:
        read_upload([("evil.zip", _zip(entries))])
    assert "points outside the zip; refused" in _messages(exc)


def test_a_symbolic_link_in_a_zip_is_refused():
    with pytest.raises(UploadError) as exc:
        read_upload([("evil.zip", _zip(dict(_files()), links=("sources.csv.lnk",)))])
    assert "is a symbolic link; refused" in _messages(exc)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = _zip({"events.geojson": b" " * (30 * 1024 * 1024)})  # about 30 KB packed
    assert len(bomb) < 100_000
    with pytest.raises(UploadError) as exc:
        read_upload([("bomb.zip", bomb)])
    assert "a zip bomb?" in _messages(exc)


def test_the_unpacked_size_is_capped():
    limits = Limits(max_unpacked_bytes=10_000, max_ratio=10**6)
    with pytest.raises(UploadError) as exc:
        read_upload([("big.zip", _zip({"events.geojson": b" " * 20_000}))], limits)
    assert "unpacks to more than 10,000 bytes" in _messages(exc)


def test_the_upload_size_is_capped():
    with pytest.raises(UploadError) as exc:
        read_upload(_files(), Limits(max_bytes=1000))
    assert "at most 1,000 bytes together" in _messages(exc)


def test_the_event_count_is_capped():
    with pytest.raises(UploadError) as exc:
        read_upload(_files(), Limits(max_events=5))
    assert "events.geojson:-:-: holds 12 events; at most 5 can be opened here" in _messages(exc)


def test_unknown_files_and_a_missing_events_file_are_named():
    with pytest.raises(UploadError) as exc:
        read_upload([("outlines.geojson", b"{}"), ("notes.txt", b"x")])
    text = _messages(exc)
    assert "outlines.geojson:-:-: unknown file" in text
    assert "notes.txt:-:-: unknown file" in text
    with pytest.raises(UploadError) as exc:
        read_upload([("sources.csv", b"id\n")])
    assert "events.geojson:-:-: missing from the upload" in _messages(exc)


def test_a_broken_zip_is_named():
    with pytest.raises(UploadError) as exc:
        read_upload([("broken.zip", b"PK\x03\x04 not really")])
    assert "broken.zip:-:-: not a readable zip file" in _messages(exc)


def test_unpack_names_the_folder_by_content_and_loads_through_the_one_loader(tmp_path):
    first = unpack(read_upload(_files()), tmp_path)
    again = unpack(read_upload(_files()), tmp_path)
    assert first == again and first.parent == tmp_path
    dataset = load_dataset(first)
    assert dataset.info.title_en.startswith("Synthetic example")
    assert len(dataset.events) == 12
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no staging folder left


def test_an_invalid_upload_lists_every_problem_and_leaves_nothing(tmp_path):
    doc = json.loads((SYNTHETIC / "events.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["category"] = "riot"
    doc["features"][1]["geometry"]["coordinates"] = [181, 0]
    files = dict(_files()) | {"events.geojson": json.dumps(doc).encode()}
    with pytest.raises(DataError) as exc:
        unpack(read_upload(files.items()), tmp_path)
    text = _messages(exc)
    assert "events.geojson:2023-03-01-bus-drivers-strike:category: unknown value 'riot'" in text
    assert "events.geojson:2023-03-03-rally-on-the-square:geometry: longitude 181" in text
    assert list(tmp_path.iterdir()) == []


def test_events_without_the_counts_they_cite_name_each_missing_count(tmp_path):
    shipped = ROOT / "data"
    files = [(name, (shipped / name).read_bytes()) for name in ("events.geojson", "sources.csv")]
    with pytest.raises(DataError) as exc:
        unpack(read_upload(files), tmp_path)
    assert ": unknown count id '" in _messages(exc)


def test_old_uploads_are_pruned(tmp_path):
    folder = unpack(read_upload(_files()), tmp_path)
    prune_uploads(tmp_path, max_age_s=3600, now=folder.stat().st_mtime + 60)
    assert folder.exists()
    prune_uploads(tmp_path, max_age_s=3600, now=folder.stat().st_mtime + 7200)
    assert not folder.exists()


def test_public_server_defaults_in_the_config():
    import tomllib

    from lib.upload import LIMITS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == LIMITS.max_bytes
    assert config["client"]["showErrorDetails"] == "none"


def test_a_left_out_file_whose_ids_are_cited_is_named_first():
    """Without counts.csv every figure an event cites is unknown: one line per citation hid
    the one cause."""
    cited = [
        Problem("events.geojson", "e1", "count_ids.0", "unknown count id 'c1'"),
        Problem("events.geojson", "e2", "category", "unknown value 'riot'"),
    ]
    explained = explain_missing(cited, ("counts.csv",))
    assert explained[0] == Problem("counts.csv", "-", "-", CITED_MISSING)
    assert explained[1:] == cited
    assert explain_missing(cited, ()) == cited  # every file given: the problems are the data's
    uncited = cited[1:]
    assert explain_missing(uncited, ("counts.csv",)) == uncited  # not cited: not named
