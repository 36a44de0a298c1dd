"""AppTest: a viewer opens their own data; it is checked, shown in their session only, and left."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.format import css_string, md_escape, megabytes
from lib.i18n import t, tn
from lib.own_data import SECTION_KEY, checking_text, uploader_css
from lib.problem_text import problem_line
from lib.ui import data_mtimes
from lib.upload import CITED_MISSING
from lib.validate import Problem

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "examples" / "synthetic-town"
SHIPPED = ROOT / "data"
NAMES = ("events.geojson", "sources.csv", "counts.csv", "dataset.json")
SHIPPED_TITLE = md_escape(json.loads((SHIPPED / "dataset.json").read_text("utf-8"))["title_en"])
SYNTHETIC_TITLE = md_escape(json.loads((SYNTHETIC / "dataset.json").read_text("utf-8"))["title_en"])


@pytest.fixture(autouse=True)
def _private_upload_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    monkeypatch.setenv("EVENTS_UPLOAD_DIR", str(tmp_path / "uploads"))


def _zip(folder: Path = SYNTHETIC) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in NAMES:
            archive.write(folder / name, f"synthetic-town/{name}")
    return buffer.getvalue()


def _app() -> AppTest:
    return AppTest.from_file("../app.py", default_timeout=60).run()


def _title(at: AppTest) -> str:
    return at.title[0].value


def _open(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.session_state[SECTION_KEY] = True  # the reader opens "Open your own data"
    at.run()
    at.file_uploader(key="own_data_files").set_value(files).run()
    return at.button(key="own_data_open").click().run()


def test_the_upload_control_is_sent_only_once_its_section_is_opened():
    # every page's first visit loaded the upload control's code for a closed section
    at = _app()
    assert not at.exception
    assert [e.label for e in at.sidebar.expander] == [t("own.header", "en")]
    assert not at.get("file_uploader") and not at.sidebar.button
    at.session_state[SECTION_KEY] = True
    at.run()
    assert len(at.get("file_uploader")) == 1
    assert at.button(key="own_data_open").disabled  # nothing chosen yet


def test_an_uploaded_zip_is_shown_to_this_viewer_only(tmp_path):
    before = data_mtimes(SHIPPED)
    at = _app()
    assert SHIPPED_TITLE in _title(at)
    at = _open(at, [("synthetic-town.zip", _zip(), "application/zip")])
    assert not at.exception and not at.error
    assert SYNTHETIC_TITLE in _title(at)
    assert any("Only you see it" in i.value for i in at.sidebar.info)
    # every page shows the upload
    at.switch_page("pages/map.py").run()
    assert not at.exception and at.get("component_instance")
    lat, lon = at.session_state["_view"].dataset.info.map.views[0].center
    assert 0 < lat < 1 and 0 < lon < 1.5
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    # another viewer, at the same time, still sees the shipped data
    other = _app()
    assert SHIPPED_TITLE in _title(other)
    # the upload went to its own folder, never over the shipped data
    assert data_mtimes(SHIPPED) == before
    assert [p.name for p in (tmp_path / "uploads").iterdir()] != []
    # and back
    at.switch_page("pages/overview.py").run()
    at = at.button(key="own_data_back").click().run()
    assert SHIPPED_TITLE in _title(at)
    assert not at.exception and not at.error


def test_texts_in_the_uploaders_style_cannot_end_its_string_rule_or_element():
    hostile = 'a"; } body { display: none } </style><script>alert(1)</script> \\'
    quoted = css_string(hostile)
    assert quoted[0] == quoted[-1] == '"'
    assert not set(quoted[1:-1]) & set("\"'{};<>/:")  # every such character escaped
    # an escape is six hex digits and the space that ends it: "1 " after "\\000020 " stays
    assert css_string("Выбрать 1") == ('"' + "".join(f"\\{ord(c):06X} " for c in "Выбрать ") + '1"')
    style = uploader_css(hostile, hostile)
    assert style.startswith("<style>") and style.endswith("</style>")
    assert style.count("</style>") == 1 and "<script" not in style.lower()


@pytest.mark.parametrize(
    ("size", "text"), [(0, "<1"), (2**20 - 1, "<1"), (2**20, "1"), (int(2.6 * 2**20), "3")]
)
def test_sizes_in_the_waiting_texts_are_whole_megabytes(size, text):
    assert megabytes(size) == text
    assert f"({text} MB)" in checking_text([size])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_opening_an_upload_says_while_it_is_checked_in_the_viewers_language(monkeypatch, lang):
    """A check of a few thousand events takes a second or more: a spinner says what is going on
    (Streamlit draws it after half a second), in the viewer's language."""
    shown = []
    spinner = st.spinner

    @contextmanager
    def recorded(text: str = "", *args, **kwargs):
        shown.append(text)
        with spinner(text, *args, **kwargs):
            yield

    monkeypatch.setattr(st, "spinner", recorded)
    archive = _zip()
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at = _open(at.run(), [("synthetic-town.zip", archive, "application/zip")])
    assert not at.exception and not at.error
    assert SYNTHETIC_TITLE in _title(at)
    expected = checking_text([len(archive)], lang)
    assert expected in shown, shown
    assert ("Проверяем" in expected) == (lang == "ru")


def test_filters_and_selection_do_not_carry_over_to_another_dataset():
    at = _app()
    at.text_input(key="filter_q").input("Shetpe").run()
    at = _open(at, [(n, (SYNTHETIC / n).read_bytes(), "text/plain") for n in NAMES])
    assert SYNTHETIC_TITLE in _title(at)
    assert at.text_input(key="filter_q").value == ""
    assert at.date_input(key="filter_from").value.year == 2023
    assert "q" not in at.query_params


def test_an_invalid_upload_lists_every_problem_and_keeps_what_was_shown(tmp_path):
    doc = json.loads((SYNTHETIC / "events.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["category"] = "riot"
    doc["features"][2]["properties"]["start"] = "3 March"
    files = [
        ("events.geojson", json.dumps(doc).encode(), "application/geo+json"),
        ("sources.csv", (SYNTHETIC / "sources.csv").read_bytes(), "text/csv"),
        ("counts.csv", (SYNTHETIC / "counts.csv").read_bytes(), "text/csv"),
    ]
    at = _open(_app(), files)
    assert not at.exception
    assert SHIPPED_TITLE in _title(at)  # still the shipped data
    assert md_escape("Your upload was not opened: 2 problems.") in at.error[0].value
    assert "Not opened: 2 problems, each listed" in at.sidebar.error[0].value
    listed = at.code[0].value.splitlines()
    assert (
        "events.geojson:2023-03-01-bus-drivers-strike:category: unknown value 'riot'" in listed[0]
    )
    assert listed[1].startswith("events.geojson:2023-03-03-scuffles:start:")
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_an_unsafe_zip_is_refused_with_a_clear_message():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../events.geojson", "{}")
    at = _open(_app(), [("evil.zip", buffer.getvalue(), "application/zip")])
    assert SHIPPED_TITLE in _title(at)
    assert (
        "evil.zip:-:-: '../../events.geojson' points outside the zip; refused" in at.code[0].value
    )


def test_uploads_never_write_into_the_data_directory(monkeypatch, tmp_path):
    import hashlib
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(SHIPPED, folder)
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))

    def digest() -> dict[str, str]:
        return {
            str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*")
            if p.is_file()
        }

    before = digest()
    bad = [("events.geojson", b'{"type": "FeatureCollection", "features": [1]}', "text/plain")]
    at = _open(_app(), bad)
    assert at.code  # refused, with its problems listed
    at = _open(at, [("synthetic-town.zip", _zip(), "application/zip")])
    assert SYNTHETIC_TITLE in _title(at)
    for page in sorted(p.name for p in (ROOT / "pages").glob("*.py")):
        at.switch_page(f"pages/{page}").run()
        assert not at.exception
    at.button(key="own_data_back").click().run()
    assert digest() == before
    unpacked = [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert sorted(p.name for p in unpacked) == sorted(NAMES)


def test_a_refused_upload_is_reported_in_the_viewers_language_with_values_cut_short():
    """In Kazakh the notice named the shown dataset in English; a 200,000-character title was
    repeated whole on one unwrapped line; a bad id was explained by its regular expression."""
    doc = json.loads((SYNTHETIC / "events.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["title_en"] = "A" * 200_000
    doc["features"][1]["properties"]["id"] = "Bad Id"
    files = [
        ("events.geojson", json.dumps(doc).encode(), "application/geo+json"),
        ("sources.csv", (SYNTHETIC / "sources.csv").read_bytes(), "text/csv"),
        ("counts.csv", (SYNTHETIC / "counts.csv").read_bytes(), "text/csv"),
    ]
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "kk"
    at = _open(at.run(), files)
    assert not at.exception
    shipped = json.loads((SHIPPED / "dataset.json").read_text("utf-8"))
    assert md_escape(shipped["title_kk"]) in at.error[0].value
    lines = at.code[0].value.splitlines()
    assert max(len(line) for line in lines) < 400, [len(line) for line in lines]
    assert any(t("problem.length", "kk", n="200\xa0000") in line for line in lines)
    assert not any("characters" in line or "' or '" in line for line in lines), lines
    # beside the button too: on a phone the open sidebar covers the page's list
    assert at.sidebar.error[0].value == tn("own.refused", len(lines), "kk")
    slug = next(line for line in lines if ":id:" in line)
    assert t("problem.pattern_slug", "kk") in slug and "[a-z0-9]" not in slug


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_file_left_out_is_named_first(lang):
    """An advocate who uploaded only events.geojson got one 'unknown source id' line per
    citation (228 for the shipped events) and nothing naming the sources.csv left out; without
    counts.csv, one 'unknown count id' line per figure an event cites."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    events = ("events.geojson", (SHIPPED / "events.geojson").read_bytes(), "application/geo+json")
    sources = ("sources.csv", (SHIPPED / "sources.csv").read_bytes(), "text/csv")
    at = _open(at.run(), [events])
    assert not at.exception
    required = Problem("sources.csv", "-", "-", "missing from the upload; it is required")
    assert at.code[0].value.splitlines() == [problem_line(required, lang)]
    at = _open(at, [events, sources])
    listed = at.code[0].value.splitlines()
    assert listed[0] == problem_line(Problem("counts.csv", "-", "-", CITED_MISSING), lang)
    assert len(listed) > 10  # and every citation it leaves unknown after it
