"""tools/apply_translations.py: translated texts go in beside the English, stale ones stay out."""

import json

from tools.apply_translations import (
    apply_csv,
    apply_dataset,
    apply_events,
    apply_narrative,
    dump,
    source_hash,
)

REVIEWED = {"ru": {"translator": "X", "reviewed": True, "reviewer": "Y"}}


def _event(**props):
    base = {
        "id": "e1",
        "title_en": "Phones cut",
        "description_en": "The government cut the phones.",
        "location_note_en": None,
        "category": "communications",
        "count_ids": [],
    }
    return {"type": "Feature", "geometry": None, "properties": {**base, **props}}


def _translation(title="Phones cut", description="The government cut the phones."):
    return {
        "title_ru": "Связь отключена",
        "title_kk": "Байланыс үзілді",
        "description_ru": "Правительство отключило телефоны.",
        "description_kk": "Үкімет телефондарды өшірді.",
        "source_en_hash": {
            "title_en": source_hash(title),
            "description_en": source_hash(description),
        },
    }


def _collection(**props):
    return {"type": "FeatureCollection", "features": [_event(**props)]}


def test_translations_sit_right_after_their_english_field():
    collection = _collection()
    out, report = apply_events(collection, {"e1": _translation()})
    props = out["features"][0]["properties"]
    keys = list(props)
    assert keys[:6] == [
        "id",
        "title_en",
        "title_ru",
        "title_kk",
        "description_en",
        "description_ru",
    ]
    assert keys[-1] == "translations"
    provenance = props["translations"]["kk"]
    assert provenance["reviewed"] is False and provenance["translator"]
    assert provenance["source_en_hash"] == {
        "title_en": source_hash("Phones cut"),
        "description_en": source_hash("The government cut the phones."),
    }
    assert report == {"applied": ["e1"], "stale": [], "missing": [], "reviewed": []}
    assert "title_ru" not in collection["features"][0]["properties"]  # input untouched


def test_changed_english_leaves_that_field_untranslated():
    out, report = apply_events(_collection(title_en="Phones cut on 16 Dec"), {"e1": _translation()})
    props = out["features"][0]["properties"]
    assert "title_ru" not in props and props["description_ru"].startswith("Правительство")
    assert report["stale"] == [("e1", "title_en")]
    assert "title_en" not in props["translations"]["ru"]["source_en_hash"]


def test_event_without_translation_is_reported_and_kept():
    collection = _collection(id="e2")
    out, report = apply_events(collection, {"e1": _translation()})
    assert out == collection and report["missing"] == ["e2"]


def test_shared_place_and_claimant_texts_by_value():
    terms = {
        "place": {"Aktau": {"ru": "Актау", "kk": "Ақтау"}},
        "claimant": {"TASS": {"ru": "ТАСС", "kk": "ТАСС"}},
    }
    out, _ = apply_events(
        _collection(place="Aktau", claimant="Reuters"), {"e1": _translation()}, terms
    )
    props = out["features"][0]["properties"]
    assert props["place_kk"] == "Ақтау" and "claimant_ru" not in props
    assert props["translations"]["ru"]["source_en_hash"]["place"] == source_hash("Aktau")


def test_reviewed_translation_is_never_overwritten():
    reviewed = {"ru": {"translator": "X", "reviewed": True, "reviewer": "Y"}}
    collection = _collection(title_ru="Своё", translations=reviewed)
    out, report = apply_events(collection, {"e1": _translation()})
    assert out == collection and report["reviewed"] == ["e1"]


def test_dataset_texts_views_places_and_overlays():
    info = {
        "title_en": "T",
        "summary_en": ["a", "b"],
        "map": {
            "title_en": "M",
            "views": [{"id": "town", "label_en": "Town", "center": [1, 2], "zoom": 9}],
            "places": [
                {"name_en": "Aktau", "position": [1, 2]},
                {"name_en": "Nowhere", "position": [3, 4]},
            ],
            "overlays": [{"id": "o", "label_en": "L", "description_en": "D"}],
        },
    }
    overlay = {
        "id": "o",
        "label_ru": "Л",
        "label_kk": "Л",
        "description_ru": "Д",
        "description_kk": "Д",
    }
    overlay["source_en_hash"] = {
        "label_en": source_hash("L"),
        "description_en": source_hash("changed"),
    }
    view = {"id": "town", "label_ru": "Город", "label_kk": "Қала"}
    view["source_en_hash"] = {"label_en": source_hash("Town")}
    tr = {
        "title_ru": "Т",
        "title_kk": "Т",
        "summary_ru": ["а", "б"],
        "summary_kk": ["а", "б"],
        "source_en_hash": {"title_en": source_hash("T"), "summary_en": source_hash(["a", "b"])},
        "map": {
            "title_ru": "М",
            "title_kk": "М",
            "source_en_hash": {"title_en": source_hash("M")},
            "views": [view],
            "overlays": [overlay],
        },
        "place_names": {"Aktau": {"ru": "Актау", "kk": "Ақтау"}},
    }
    out, report = apply_dataset(info, tr)
    assert list(out)[:4] == ["title_en", "title_ru", "title_kk", "summary_en"]
    assert out["summary_kk"] == ["а", "б"]
    assert out["map"]["views"][0]["label_kk"] == "Қала"
    assert (
        out["map"]["places"][0]["name_kk"] == "Ақтау" and "name_ru" not in out["map"]["places"][1]
    )
    assert out["map"]["overlays"][0]["label_ru"] == "Л"
    assert "description_ru" not in out["map"]["overlays"][0]
    assert "map.overlays[o].description_en" in report["stale"]
    assert "map.places[Nowhere].name_en" in report["stale"]
    hashes = out["translations"]["kk"]["source_en_hash"]
    assert hashes["summary_en"] == source_hash('["a", "b"]')
    assert "map.views[town].label_en" in hashes


def test_dump_keeps_cyrillic_readable():
    assert dump({"a": "Жаңаөзен"}) == '{\n  "a": "Жаңаөзен"\n}\n'


def test_narrative_steps_are_matched_by_their_english():
    narrative = {
        "title_en": "Story",
        "steps": [
            {"heading_en": "Two", "text_en": "Second.", "events": ["e1"]},
            {"heading_en": "One", "text_en": "First, changed.", "events": ["e1"]},
        ],
    }
    tr = {
        "title_ru": "История",
        "title_kk": "Оқиға",
        "source_en_hash": {"title_en": source_hash("Story")},
        "steps": [
            {
                "heading_ru": "Один",
                "heading_kk": "Бір",
                "text_ru": "Первый.",
                "text_kk": "Бірінші.",
                "source_en_hash": {
                    "heading_en": source_hash("One"),
                    "text_en": source_hash("First."),
                },
            },
            {
                "heading_ru": "Два",
                "heading_kk": "Екі",
                "text_ru": "Второй.",
                "text_kk": "Екінші.",
                "source_en_hash": {
                    "heading_en": source_hash("Two"),
                    "text_en": source_hash("Second."),
                },
            },
        ],
    }
    out, report = apply_narrative(narrative, tr, with_provenance=False)
    assert out["title_kk"] == "Оқиға" and "translations" not in out
    assert out["steps"][0]["heading_ru"] == "Два" and out["steps"][0]["text_kk"] == "Екінші."
    assert out["steps"][1]["heading_ru"] == "Один" and "text_ru" not in out["steps"][1]
    assert report["stale"] == ["steps[1].text_en"]
    assert "translations" in apply_narrative(narrative, tr, with_provenance=True)[0]


def test_csv_rows_translated_by_id_and_by_value_with_provenance():
    rows = [
        {"id": "c1", "claimant": "Officials", "note": "Six.", "translations": ""},
        {"id": "c2", "claimant": "Officials", "note": "Changed.", "translations": ""},
        {"id": "c3", "claimant": "Nobody", "note": "", "translations": json.dumps(REVIEWED)},
    ]
    tr = {
        "c1": {
            "note_ru": "Шесть.",
            "note_kk": "Алты.",
            "source_en_hash": {"note": source_hash("Six.")},
        },
        "c2": {
            "note_ru": "Было.",
            "note_kk": "Болды.",
            "source_en_hash": {"note": source_hash("Was.")},
        },
    }
    terms = {"claimant": {"Officials": {"ru": "Чиновники", "kk": "Шенеуніктер"}}}
    out, report = apply_csv(rows, tr, ("claimant", "note"), terms)
    assert out[0]["note_kk"] == "Алты." and out[0]["claimant_ru"] == "Чиновники"
    cell = json.loads(out[0]["translations"])
    assert cell["ru"]["reviewed"] is False
    assert cell["kk"]["source_en_hash"] == {
        "claimant": source_hash("Officials"),
        "note": source_hash("Six."),
    }
    assert out[1]["note_ru"] == "" and out[1]["claimant_ru"] == "Чиновники"
    assert ("c2", "note") in report["stale"]
    assert out[2] is rows[2] and report["reviewed"] == ["c3"]
    assert rows[0]["translations"] == ""  # the input is not modified
