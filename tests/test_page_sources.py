"""Sources & data with many events: the events table comes a page at a time."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.events import load_dataset
from lib.export import events_to_csv
from lib.format import keep_numbers_whole
from lib.i18n import t
from tests.factories import make_event, write_dataset

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def test_a_long_events_table_is_paged(monkeypatch, tmp_path):
    events = [make_event(id=f"event-{i:04d}", title_en=f"Event {i}") for i in range(1005)]
    monkeypatch.setenv("EVENTS_DATA_DIR", str(write_dataset(tmp_path / "data", events=events)))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    table = at.dataframe[1].value
    assert len(table) == 1000
    assert any("Events 1–1,000 of 1,005" in c.value for c in at.caption)
    at.number_input(key="events_page").set_value(2).run()
    assert not at.exception
    assert list(at.dataframe[1].value["id"]) == [f"event-{i:04d}" for i in range(1000, 1005)]
    assert [b.key for b in at.get("download_button")] == [
        "download_sources",
        "download_geojson",
        "download_csv",
        "download_guide",
    ]


def test_a_filtered_long_table_pages_through_the_filtered_events(monkeypatch, tmp_path):
    events = [
        make_event(id=f"event-{i:04d}", category="protest" if i % 2 else "detention")
        for i in range(2003)
    ]
    monkeypatch.setenv("EVENTS_DATA_DIR", str(write_dataset(tmp_path / "data", events=events)))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["cat"] = "protest"
    at.run()
    at.switch_page("pages/sources.py").run()
    assert any("Events 1–1,000 of 1,001" in c.value for c in at.caption)
    at.number_input(key="events_page").set_value(2).run()
    assert not at.exception
    assert list(at.dataframe[1].value["id"]) == ["event-2001"]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_csv_download_says_its_first_line_is_the_citation(monkeypatch, tmp_path, lang):
    """The CSV starts with the citation, the column names after it: read as the header by
    pandas and chart tools unless told to skip a line. The page says so beside the buttons."""
    folder = write_dataset(tmp_path / "data", events=[make_event()])
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    # said under the buttons, in view on a phone too (a button's help shows on hover only)
    help_text = keep_numbers_whole(t("sources.download_csv.help", lang))  # "2-жолдан" kept whole
    said = [c.value for c in at.caption if help_text in c.value]
    assert len(said) == 1 and "skiprows=1" in said[0], [c.value for c in at.caption]
    # what the help says holds for the file
    text = events_to_csv(load_dataset(folder).events, "# cite").decode("utf-8-sig")
    assert text.splitlines()[0].startswith('"# ')
    assert list(pd.read_csv(io.StringIO(text), skiprows=1)["id"]) == ["event-a"]


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_events_table_keeps_the_events_title_in_view(lang):
    """The "When" column took the table's width with its date notes (420 of 560 px at 1024 px;
    all of it on a phone): the event's title was out of sight. The date column is of medium
    width (a double click or Enter on a cell reads the rest), the title's is large."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    events = at.dataframe[1]
    columns = json.loads(events.proto.columns)
    assert list(events.value.columns[:2]) == [
        t("sources.column.when", lang),
        t("sources.column.event", lang),
    ]
    assert columns[t("sources.column.when", lang)]["width"] == "medium"
    assert columns[t("sources.column.event", lang)]["width"] == "large"


def test_the_field_guide_is_named_as_every_download(monkeypatch):
    """A journalist's folder held a bare "field-guide.md": which dataset, which language?"""
    from streamlit.delta_generator import DeltaGenerator

    names = {}
    button = DeltaGenerator.download_button

    def recorded(self, *args, **kwargs):
        names[kwargs.get("key")] = kwargs.get("file_name")
        return button(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recorded)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    version = load_dataset(ROOT / "data").info.version
    assert names["download_guide"] == f"zhanaozen-2011-v{version}-field-guide-en.md", names


def test_the_events_table_says_where_in_each_source_in_the_readers_language():
    """The Kazakh table read "hrw-2011-12-22 (p15)" where the map's popups say "15-абзац"."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "kk"
    at.run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    sources = at.dataframe[1].value[t("sources.column.sources", "kk")]
    assert sources.str.contains(keep_numbers_whole("15-абзац"), regex=False).any()
    assert not sources.str.contains(r"\(p\d", regex=True).any()
