"""The validator's problem lines in Russian and Kazakh: every message it writes is translated."""

from __future__ import annotations

import json
import re

import pytest

from lib.i18n import t
from lib.problem_text import PROBLEM_KEYS, problem_line, problem_message
from lib.validate import JSON_DETAILS, PATTERN_MESSAGES, Problem, check_directory
from tests.factories import make_count, make_event, make_info, make_source, write_dataset


def _broken(tmp_path):
    """A data directory with as many kinds of problem as one directory can hold."""
    info = make_info(timeline_window=["2011-12-20", "2011-12-10"])
    info["map"]["views"][0]["zoom"] = "near"
    info["map"]["places"] = [
        {"name_en": "X", "position": [95, 200], "precision": "approximate", "sources": []}
    ]
    info["map"]["overlays"] = [
        {
            "id": "o",
            "kind": "radius",
            "event_id": "nope",
            "place": "Y",
            "label_en": "O",
            "description_en": "O.",
            "sources": [{"source": "no-src", "locator": "p1"}],
        }
    ]
    info["title_ru"] = "Тест"
    events = [
        make_event(category="riot", title_en=" "),
        make_event(id="b", title_en="x" * 200, start="2011-12-16T10:00"),
        make_event(id="c", start="2011-02-30", end="2011-01", time_precision="part_of_day"),
        make_event(id="d", time_precision="day_range", sources=[], count_ids=["no-count"]),
        make_event(id="e", location_precision="approximate", violence_described="yes"),
        make_event(geometry=None, id="f", location_precision="town", title_kk="Сынақ"),
        make_event(id="g", sources=[{"source": "no-src", "locator": "p1"}], extra=1),
        make_event(id="j", title_neutral_en="Calm", title_neutral_ru="Тихо"),
        make_event(id="k", start="2011-12-16T24:00+06:00", time_precision="minute"),
        make_event(id="m", start="2011-12-16T11:30+24:00", time_precision="minute"),
        make_event(geometry={"type": "Point", "coordinates": [200, 95]}, id="h"),
        make_event(geometry={"type": "LineString", "coordinates": []}, id="i"),
        make_event(
            id="i", start="1500-01-01", translations={"ru": {"translator": "X", "reviewed": True}}
        ),
    ]
    sources = [
        make_source(url="javascript:alert(1)", date="2011-13", language="english"),
        make_source(id="src-b", url="https://exa\u200bmple.org", title="bad\x01"),
    ]
    counts = [
        make_count(value="1.5", period_end="2011-12-01", stated_on="soon"),
        make_count(id="c2", value="-3", adds_to="c2", stated_on_basis="inferred", metric="deaths"),
        make_count(id="c3", adds_to="c4", source_id="no-src"),
        make_count(id="c4", adds_to="c3"),
        make_count(id="c5", adds_to="c2"),
        make_count(id="Bad Id", qualifier="roughly"),
        make_count(id="c6", violence_described="maybe", note_ru="Заметка"),
    ]
    folder = write_dataset(tmp_path, events=events, sources=sources, counts=counts, info=info)
    (folder / "narratives").mkdir()
    step = {"heading_en": "H", "text_en": "T", "events": ["zz"], "counts": ["zz"]}
    narrative = {
        "title_en": "N",
        "steps": [
            step | {"view": "nowhere", "window": ["2011-12-17", "2011-12-16"]},
            step | {"view": {"bbox": [50, 10, 40, 5]}, "window": ["2011-12-16", "2011-12-16"]},
        ],
    }
    (folder / "narratives" / "n.json").write_text(json.dumps(narrative), "utf-8")
    (folder / "narratives" / "Bad_Name.json").write_text("{}", "utf-8")
    return folder


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_message_of_a_broken_directory_is_translated(tmp_path, lang):
    problems = check_directory(_broken(tmp_path)).problems
    assert len(problems) > 30
    untranslated = [str(p) for p in problems if problem_message(p.message, lang) == p.message]
    assert untranslated == []
    english = re.compile(r"\b(got|should|must|unknown|is not|needs)\b")
    assert [m for p in problems if english.search(m := problem_message(p.message, lang))] == []


def test_the_line_keeps_file_record_and_field_and_the_quoted_values():
    problem = Problem("events.geojson", "event-a", "sources.0.source", "unknown source id 'x-y'")
    assert problem_line(problem, "ru") == (
        "events.geojson:event-a:sources.0.source: неизвестный id источника 'x-y'"
    )
    assert problem_line(problem, "en") == str(problem)


def test_nested_and_repeated_values_and_unknown_messages():
    message = "String should have at most 160 characters (got 'abc')"
    assert problem_message(message, "kk") == "ұзындығы 160 таңбадан аспауы керек (берілгені: 'abc')"
    repeated = "has _ru texts but no translations.ru saying who translated them"
    assert problem_message(repeated, "ru").startswith("есть тексты _ru, но нет translations.ru")
    assert problem_message("has _ru texts but no translations.kk saying who", "ru").startswith(
        "has"
    )
    assert problem_message("something new", "ru") == "something new"  # English, never lost


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_problem_message_has_a_translation(lang):
    missing = [key for key in PROBLEM_KEYS if t(key, lang) == t(key, "en") and "{" not in key]
    assert missing == [k for k in missing if t(k, "en").startswith("bbox: {")]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_broken_json_file_is_explained_in_the_readers_language(tmp_path, lang):
    """In Kazakh the line read "JSON қатесі: Invalid control character at (100-жол, 41-баған)":
    the JSON parser's own English, and in English too it said nothing a curator could act on."""
    folder = write_dataset(tmp_path / "data")
    (folder / "events.geojson").write_text('{"type": "FeatureCollection", "x": "a\tb"}')
    (line,) = [problem_line(p, lang) for p in check_directory(folder).problems]
    assert t("problem.json_control", lang) in line, line
    assert "Invalid" not in line and "control character" not in line
    catalogued = {t(key, "en") for key in PROBLEM_KEYS}
    assert set(JSON_DETAILS.values()) <= catalogued
    assert set(PATTERN_MESSAGES.values()) <= catalogued  # an id's rule, in words, translated


def test_a_number_the_checks_grouped_in_english_is_grouped_the_readers_way():
    english = "holds 120,000 events; at most 100,000 can be opened here"
    assert problem_message(english, "en") == english
    assert "120\xa0000" in problem_message(english, "ru")
    assert "100\xa0000" in problem_message(english, "kk")
    assert "'1,128'" in problem_message("'1,128' is not a whole number", "ru")  # a quoted value
