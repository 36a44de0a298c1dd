"""Translated data fields: validation of their provenance, and the text shown per language."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib.events import load_dataset
from lib.export import events_to_csv, events_to_geojson
from lib.localize import (
    Localized,
    data_text,
    en_hash,
    group_place_name,
    localized,
    localized_frame,
    place_name,
    translation_notes,
    translation_report,
    translation_status,
)
from lib.validate import check_directory
from tests.factories import (
    AKTAU,
    ZHANAOZEN,
    make_count,
    make_event,
    make_info,
    make_source,
    write_dataset,
)

RU = {"translator": "AI draft (test)", "reviewed": False}


def _problems(folder):
    return [str(p) for p in check_directory(folder).problems]


def test_translated_event_with_provenance_is_valid(tmp_path):
    event = make_event(title_ru="Тест", description_kk="Сынақ", translations={"ru": RU, "kk": RU})
    assert _problems(write_dataset(tmp_path, events=[event])) == []


def test_translation_without_provenance_is_a_problem(tmp_path):
    event = make_event(title_ru="Тест")
    assert _problems(write_dataset(tmp_path, events=[event])) == [
        "events.geojson:event-a:translations.ru: has _ru texts but no translations.ru saying "
        "who translated them"
    ]


def test_review_needs_a_reviewer_and_unknown_keys_are_refused(tmp_path):
    event = make_event(
        title_kk="Сынақ", translations={"kk": {"translator": "X", "reviewed": True, "who": 1}}
    )
    problems = _problems(write_dataset(tmp_path, events=[event]))
    assert problems == ["events.geojson:event-a:translations.kk.who: unknown field"]
    event["properties"]["translations"]["kk"].pop("who")
    assert _problems(write_dataset(tmp_path, events=[event])) == [
        "events.geojson:event-a:translations.kk.reviewer: reviewed is true but no reviewer"
    ]


def test_reviewed_must_be_a_real_boolean_and_language_known(tmp_path):
    event = make_event(title_ru="Т", translations={"ru": {"translator": "X", "reviewed": "no"}})
    assert any("translations.ru.reviewed" in p for p in _problems(write_dataset(tmp_path, [event])))
    event = make_event(translations={"de": RU})
    assert any("translations.de" in p for p in _problems(write_dataset(tmp_path, [event])))


def test_dataset_json_translations_cover_nested_texts(tmp_path):
    info = make_info(title_ru="Тестовый набор")
    info["map"]["views"][0]["label_kk"] = "Өңір"
    problems = _problems(write_dataset(tmp_path, info=info))
    assert problems == [
        "dataset.json:-:translations.kk: has _kk texts but no translations.kk saying who "
        "translated them",
        "dataset.json:-:translations.ru: has _ru texts but no translations.ru saying who "
        "translated them",
    ]
    info["translations"] = {"ru": RU, "kk": RU}
    assert _problems(write_dataset(tmp_path, info=info)) == []


def test_localized_falls_back_to_marked_english():
    row = {"title_en": "Strike", "title_ru": "Забастовка", "place": "Aktau", "place_kk": None}
    assert localized(row, "title", "ru").text == "Забастовка"
    assert data_text(row, "title", "kk") == "Strike (ағылшынша)"
    assert data_text(row, "title", "en") == "Strike"
    assert data_text(row, "place", "kk") == "Aktau (ағылшынша)"
    assert data_text(pd.Series({"place": float("nan")}), "place", "ru") == ""


def test_place_name_uses_the_dataset_places():
    places = [{"name_en": "Zhanaozen", "name_ru": "Жанаозен", "name_kk": "Жаңаөзен"}]
    event = {"place": "Zhanaozen", "place_ru": None}
    assert place_name(event, places, "kk").text == "Жаңаөзен"
    assert place_name({"place": "Vienna"}, places, "ru").marked("ru") == "Vienna (на английском)"


def test_a_group_is_named_by_the_place_its_events_share_never_by_one_events_spot():
    """A map group of six ill-treatment events was headed "Zhanaozen — cell at the Main Police
    Department", the first event's spot, though the others were in a garage, a truck … (an
    advocate's review)."""
    places = [
        {"name_en": "Zhanaozen", "name_ru": "Жанаозен", "position": ZHANAOZEN[::-1]},
        {"name_en": "Aktau", "name_ru": "Актау", "position": AKTAU[::-1]},
    ]
    spots = pd.DataFrame(
        {
            "place": ["Zhanaozen — a cell", "Zhanaozen — a garage"],
            "place_ru": ["Жанаозен — камера", None],
        }
    )
    at_town = (ZHANAOZEN[1], ZHANAOZEN[0])
    assert group_place_name(spots, at_town, places, "ru") == Localized("Жанаозен", False)
    assert group_place_name(spots, at_town, places, "kk") == Localized("Zhanaozen", True)
    elsewhere = (44.0, 53.0)  # no dataset place there: the point, as the map names it
    assert group_place_name(spots, elsewhere, places, "en").text == "44.000, 53.000"
    assert group_place_name(spots, None, places, "en") is None
    same = spots.assign(place="Zhanaozen — a cell", place_ru="Жанаозен — камера")
    assert group_place_name(same, at_town, places, "ru").text == "Жанаозен — камера"


def test_translation_status_flags_changed_english():
    record = {
        "title_en": "New title",
        "map": {"views": [{"id": "region", "label_en": "Region"}]},
        "translations": {
            "ru": {
                "translator": "X",
                "reviewed": False,
                "source_en_hash": {
                    "title_en": en_hash("Old title"),
                    "map.views.0.label_en": en_hash("Region"),
                    "map.views[region].label_en": en_hash("Region"),
                    "map.views[other].label_en": en_hash("Gone"),
                },
            }
        },
    }
    (status,) = translation_status("dataset.json", record)
    assert status.outdated == ("title_en",) and not status.reviewed and status.lang == "ru"
    assert en_hash(["a", "б"]) == en_hash(["a", "б"]) != en_hash("a")


def test_translations_survive_the_downloads(tmp_path):
    event = make_event(title_ru="Тест", translations={"ru": RU})
    events = load_dataset(write_dataset(tmp_path, events=[event])).events
    feature = json.loads(events_to_geojson(events, "cite"))["features"][0]["properties"]
    assert feature["title_ru"] == "Тест" and feature["translations"]["ru"]["reviewed"] is False
    assert '"translator": "AI draft (test)"' in events_to_csv(events, "cite").decode().replace(
        '""', '"'
    )


def test_translations_survive_the_validated_cache(tmp_path):
    from lib.store import load_validated

    event = make_event(title_kk="Сынақ", translations={"kk": RU})
    plain = make_event(id="event-b")
    folder = write_dataset(tmp_path / "data", events=[event, plain])
    first = load_validated(folder, root=tmp_path / "cache")
    again = load_validated(folder, root=tmp_path / "cache")  # read back from the Parquet copy
    for dataset in (first, again):
        rows = dataset.events.set_index("id")
        notes = translation_notes(rows.loc["event-a", "translations"])  # JSON text in the frame
        assert notes["kk"]["translator"] == "AI draft (test)"
        assert rows.loc["event-b", "translations"] == ""
        assert rows.loc["event-a", "title_kk"] == "Сынақ"


def test_narrative_translations_need_provenance_and_are_listed(tmp_path):
    narrative = {
        "title_en": "Story",
        "title_ru": "История",
        "steps": [
            {
                "heading_en": "One",
                "heading_kk": "Бір",
                "text_en": "First.",
                "events": ["event-a"],
                "view": "region",
                "window": ["2011-12-16", "2011-12-16"],
            }
        ],
    }
    folder = write_dataset(tmp_path, info=make_info())
    (folder / "narratives").mkdir()
    path = folder / "narratives" / "story.json"
    path.write_text(json.dumps(narrative), encoding="utf-8")
    assert _problems(folder) == [
        "narratives/story.json:-:translations.kk: has _kk texts but no translations.kk saying "
        "who translated them",
        "narratives/story.json:-:translations.ru: has _ru texts but no translations.ru saying "
        "who translated them",
    ]
    narrative["translations"] = {
        "ru": RU | {"source_en_hash": {"title_en": en_hash("Story")}},
        "kk": RU | {"source_en_hash": {"steps[0].heading_en": en_hash("Changed")}},
    }
    path.write_text(json.dumps(narrative), encoding="utf-8")
    assert _problems(folder) == []
    report = translation_report(load_dataset(folder))
    rows = report[report["record"] == "narratives/story.json"].set_index("lang")
    assert list(rows["reviewed"]) == [False, False]
    assert rows.loc["kk", "outdated"] == "steps[0].heading_en" and rows.loc["ru", "outdated"] == ""


def test_csv_translations_need_provenance_in_a_json_cell(tmp_path):
    count = make_count(note="Six police.", note_ru="Шесть полицейских.")
    source = make_source(note_kk="Ескертпе", translations="{not json")
    problems = _problems(write_dataset(tmp_path, sources=[source], counts=[count]))
    assert problems == [
        "sources.csv:src-a:translations: not valid JSON (Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1))",
        "counts.csv:count-a:translations.ru: has _ru texts but no translations.ru saying who "
        "translated them",
    ]
    cell = json.dumps({"ru": RU | {"source_en_hash": {"note": en_hash("Six police.")}}})
    count["translations"] = cell
    source["translations"] = json.dumps({"kk": RU})
    folder = write_dataset(tmp_path, sources=[source], counts=[count])
    assert _problems(folder) == []
    report = translation_report(load_dataset(folder))
    assert set(report["record"]) >= {"counts.csv:count-a", "sources.csv:src-a"}


def test_localized_frame_marks_fallbacks_but_not_a_publications_title():
    frame = pd.DataFrame(
        {
            "title": ["Own Title", "Reuters report"],
            "title_ru": ["", "Сообщение Reuters"],
            "note": ["A note.", ""],
            "note_ru": ["", ""],
        }
    )
    out = localized_frame(frame, ["title", "note"], "ru")
    assert out["title"].tolist() == ["Own Title", "Сообщение Reuters"]
    assert out["note"].tolist() == ["A note. (на английском)", ""]
    assert localized_frame(frame, ["title", "note"], "en") is frame


def test_a_missing_english_cell_is_not_an_outdated_translation():
    note = {**RU, "source_en_hash": {"time_note_en": en_hash("Morning"), "title_en": "0" * 16}}
    record = {
        "translations": json.dumps({"ru": note}),
        "time_note_en": float("nan"),
        "title_en": "T",
    }
    (status,) = translation_status("event-a", record)  # a frame's row: NaN where text is missing
    assert status.outdated == ("title_en",)


def test_the_translations_table_on_about_comes_a_page_at_a_time(tmp_path, monkeypatch):
    events = [
        make_event(
            id=f"event-{i:03d}",
            title_ru="Тест",
            title_kk="Сынақ",
            translations={"ru": RU, "kk": RU},
        )
        for i in range(501)
    ]
    monkeypatch.setenv("EVENTS_DATA_DIR", str(write_dataset(tmp_path / "data", events=events)))
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    at.switch_page("pages/about.py").run()
    assert not at.exception
    assert len(at.dataframe[-1].value) == 1000
    at.number_input(key="translations_page").set_value(2).run()
    assert not at.exception
    assert 0 < len(at.dataframe[-1].value) <= 10  # 1,002 event rows plus dataset.json's own
