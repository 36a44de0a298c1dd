"""The timeline's day-by-day list with many events comes a page at a time, 50 events a page
(400 buttons took the browser seconds to mount: bench/run.py, docs/performance.md)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.factories import make_event, write_dataset

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_the_day_by_day_list_is_paged(monkeypatch, tmp_path):
    events = [
        make_event(
            id=f"event-{i:04d}", title_en=f"Event {i:04d}", start=f"2011-12-{1 + i // 30:02d}"
        )
        for i in range(405)
    ]
    monkeypatch.setenv("EVENTS_DATA_DIR", str(write_dataset(tmp_path / "data", events=events)))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception

    def listed() -> list[str]:
        return [b.label for b in at.button if "Event 0" in b.label]

    assert len(listed()) == 50
    assert any("Events 1–50 of 405" in c.value for c in at.caption)
    at.number_input(key="timeline_list_page").set_value(9).run()
    assert not at.exception
    assert len(listed()) == 5
    assert "Event 0404" in listed()[-1]


def test_the_list_says_it_holds_every_date_the_chart_may_not_show(monkeypatch):
    """The chart opens on 16–23 Dec 2011 (57 events); the list under it holds all 84 from
    December 2009 on, and its note said "Every event of the chart as a list"."""
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)  # the shipped data
    for lang, words in (
        ("en", "the filters keep, on any date"),
        ("ru", "оставленные фильтрами, за любые даты"),
        ("kk", "Сүзгілер қалдырған барлық оқиғалар"),
    ):
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/timeline.py").run()
        assert not at.exception
        captions = " ".join(c.value for c in at.caption)
        assert words in captions, captions
        assert "of the chart" not in captions and "события графика" not in captions


def test_the_charts_help_names_the_time_zone_without_brackets_in_brackets(monkeypatch):
    """ "Время местное (Актау (UTC+5))": the zone's own brackets sat inside the sentence's."""
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)  # the shipped data
    for lang in ("en", "ru", "kk"):
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/timeline.py").run()
        assert not at.exception
        helps = [c.value for c in at.caption if "UTC+5" in c.value]
        assert helps, [c.value for c in at.caption]
        assert not any("((" in h.replace(" ", "") or "))" in h for h in helps), helps
