"""tools/apply_translations.py: translated texts go in beside the English, stale ones stay out."""

from tools.apply_translations import apply_dataset, apply_events, dump, source_hash

PROVENANCE = {"translator": "test", "reviewed_by_native_speaker": False}


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


def test_translations_sit_right_after_their_english_field():
    collection = {"type": "FeatureCollection", "features": [_event()]}
    out, report = apply_events(collection, {"e1": _translation()}, PROVENANCE)
    keys = list(out["features"][0]["properties"])
    assert keys[:6] == [
        "id",
        "title_en",
        "title_ru",
        "title_kk",
        "description_en",
        "description_ru",
    ]
    assert out["features"][0]["properties"]["translations"]["kk"] == PROVENANCE
    assert report == {"applied": ["e1"], "stale": [], "missing": []}
    assert "title_ru" not in collection["features"][0]["properties"]  # input untouched


def test_changed_english_leaves_that_field_untranslated():
    collection = {
        "type": "FeatureCollection",
        "features": [_event(title_en="Phones cut off on 16 Dec")],
    }
    out, report = apply_events(collection, {"e1": _translation()}, PROVENANCE)
    props = out["features"][0]["properties"]
    assert "title_ru" not in props and props["description_ru"].startswith("Правительство")
    assert report["stale"] == [("e1", "title")]


def test_event_without_translation_is_reported_and_kept():
    collection = {"type": "FeatureCollection", "features": [_event(id="e2")]}
    out, report = apply_events(collection, {"e1": _translation()}, PROVENANCE)
    assert out == collection and report["missing"] == ["e2"]


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
    tr = {
        "title_ru": "Т",
        "title_kk": "Т",
        "summary_ru": ["а", "б"],
        "summary_kk": ["а", "б"],
        "source_en_hash": {"title_en": source_hash("T"), "summary_en": source_hash('["a", "b"]')},
        "map": {
            "title_ru": "М",
            "title_kk": "М",
            "source_en_hash": {"title_en": source_hash("M")},
            "views": [
                {
                    "id": "town",
                    "label_ru": "Город",
                    "label_kk": "Қала",
                    "source_en_hash": {"label_en": source_hash("Town")},
                }
            ],
            "overlays": [
                {
                    "id": "o",
                    "label_ru": "Л",
                    "label_kk": "Л",
                    "description_ru": "Д",
                    "description_kk": "Д",
                    "source_en_hash": {
                        "label_en": source_hash("L"),
                        "description_en": source_hash("changed"),
                    },
                }
            ],
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
    assert (
        out["map"]["overlays"][0]["label_ru"] == "Л"
        and "description_ru" not in out["map"]["overlays"][0]
    )
    assert ("overlay o", "description") in report["stale"] and ("place Nowhere", "name") in report[
        "stale"
    ]


def test_dump_keeps_cyrillic_readable():
    assert dump({"a": "Жаңаөзен"}) == '{\n  "a": "Жаңаөзен"\n}\n'
