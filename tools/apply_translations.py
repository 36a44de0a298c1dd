"""Merge the Russian and Kazakh texts in translations/*.json into data/events.geojson and data/dataset.json."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "kk")
EVENT_FIELDS = ("title", "description", "location_note")
PROVENANCE_FIELD = "translations"
DEFAULT_PROVENANCE = {
    "translator": "machine-assisted draft (project helper)",
    "reviewed_by_native_speaker": False,
}


def source_hash(text: str | None) -> str | None:
    """Short fingerprint of an English text, so a translation can tell when its source changed."""
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text else None


def _with_after(record: dict, anchor: str, new: dict) -> dict:
    """Return ``record`` with ``new`` keys placed right after ``anchor`` (replacing earlier values)."""
    out: dict = {}
    for key, value in record.items():
        if key in new:
            continue
        out[key] = value
        if key == anchor:
            out.update(new)
    if anchor not in record:
        out.update(new)
    return out


def _texts(record: dict, translation: dict, field: str, hashes: dict) -> dict | None:
    """The ``<field>_ru``/``_kk`` texts when the English they were made from is unchanged, else None."""
    english = record.get(f"{field}_en")
    if not english or hashes.get(f"{field}_en") != source_hash(english):
        return None
    texts = {f"{field}_{lang}": translation.get(f"{field}_{lang}") for lang in LANGS}
    return texts if all(texts.values()) else None


def apply_events(collection: dict, translations: dict, provenance: dict) -> tuple[dict, dict]:
    """Add translated fields to every event whose English is unchanged.

    Parameters
    ----------
    collection : the events GeoJSON FeatureCollection (not modified).
    translations : ``{event id: {"title_ru": ..., "source_en_hash": {"title_en": ...}, ...}}``.
    provenance : the value stored per language in the provenance field.

    Returns
    -------
    The new collection, and a report ``{"applied": [...], "stale": [(id, field)], "missing": [...]}``.
    """
    report: dict = {"applied": [], "stale": [], "missing": []}
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        translation = translations.get(props["id"])
        if translation is None:
            report["missing"].append(props["id"])
            features.append(feature)
            continue
        hashes = translation.get("source_en_hash", {})
        applied = False
        for field in EVENT_FIELDS:
            texts = _texts(props, translation, field, hashes)
            if texts is None:
                if props.get(f"{field}_en"):
                    report["stale"].append((props["id"], field))
                continue
            props = _with_after(props, f"{field}_en", texts)
            applied = True
        if applied:
            props = _with_after(
                props, "count_ids", {PROVENANCE_FIELD: {lang: dict(provenance) for lang in LANGS}}
            )
            report["applied"].append(props["id"])
        features.append({**feature, "properties": props})
    return {**collection, "features": features}, report


def _apply_record(
    record: dict, translation: dict, fields: tuple[str, ...], where: str, report: dict
) -> dict:
    """Translate ``fields`` of one dataset.json record (top level, a view, a place, an overlay)."""
    hashes = translation.get("source_en_hash", {})
    for field in fields:
        english = record.get(f"{field}_en")
        if not english:
            continue
        fingerprint = (
            source_hash(json.dumps(english, ensure_ascii=False))
            if isinstance(english, list)
            else source_hash(english)
        )
        texts = {f"{field}_{lang}": translation.get(f"{field}_{lang}") for lang in LANGS}
        if hashes.get(f"{field}_en") != fingerprint or not all(texts.values()):
            report["stale"].append((where, field))
            continue
        record = _with_after(record, f"{field}_en", texts)
        report["applied"].append((where, field))
    return record


def apply_dataset(info: dict, translations: dict) -> tuple[dict, dict]:
    """Add translated texts to dataset.json's title, summary, method, map title, views, places and overlays.

    Parameters
    ----------
    info : the parsed dataset.json (not modified).
    translations : the same shape as ``translations/dataset.json``.

    Returns
    -------
    The new dataset info, and a report ``{"applied": [(where, field)], "stale": [(where, field)]}``.
    """
    report: dict = {"applied": [], "stale": []}
    out = _apply_record(info, translations, ("title", "summary", "method"), "dataset", report)
    if "map" not in out:
        return out, report
    tmap = translations.get("map", {})
    new_map = _apply_record(out["map"], tmap, ("title",), "map", report)
    views = {v["id"]: v for v in tmap.get("views", [])}
    new_map["views"] = [
        _apply_record(v, views.get(v["id"], {}), ("label",), f"view {v['id']}", report)
        for v in new_map.get("views", [])
    ]
    names = translations.get("place_names", {})
    places = []
    for place in new_map.get("places", []):
        name = names.get(place["name_en"], {})
        texts = {f"name_{lang}": name.get(lang) for lang in LANGS}
        if all(texts.values()):
            place = _with_after(place, "name_en", texts)
            report["applied"].append((f"place {place['name_en']}", "name"))
        else:
            report["stale"].append((f"place {place['name_en']}", "name"))
        places.append(place)
    if "places" in new_map:
        new_map["places"] = places
    overlays = {o["id"]: o for o in tmap.get("overlays", [])}
    if "overlays" in new_map:
        new_map["overlays"] = [
            _apply_record(
                o, overlays.get(o["id"], {}), ("label", "description"), f"overlay {o['id']}", report
            )
            for o in new_map["overlays"]
        ]
    out = {**out, "map": new_map}
    return out, report


def dump(data: dict) -> str:
    """Serialise as the data files are written: two-space indent, UTF-8 text, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    """Apply the translations to a data directory and print what was applied and what is stale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--translations", type=Path, default=ROOT / "translations")
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    args = parser.parse_args()

    events_path = args.data / "events.geojson"
    events, ev_report = apply_events(
        json.loads(events_path.read_text(encoding="utf-8")),
        json.loads((args.translations / "events.json").read_text(encoding="utf-8")),
        DEFAULT_PROVENANCE,
    )
    dataset_path = args.data / "dataset.json"
    dataset, ds_report = apply_dataset(
        json.loads(dataset_path.read_text(encoding="utf-8")),
        json.loads((args.translations / "dataset.json").read_text(encoding="utf-8")),
    )
    print(
        f"events: {len(ev_report['applied'])} translated, {len(ev_report['missing'])} without a translation"
    )
    for event_id in ev_report["missing"]:
        print(f"  no translation: {event_id}")
    for event_id, field in ev_report["stale"]:
        print(f"  English changed since translated: {event_id} {field}_en")
    print(
        f"dataset.json: {len(ds_report['applied'])} texts translated, {len(ds_report['stale'])} not"
    )
    for where, field in ds_report["stale"]:
        print(f"  not translated or English changed: {where} {field}_en")
    if not args.check:
        events_path.write_text(dump(events), encoding="utf-8")
        dataset_path.write_text(dump(dataset), encoding="utf-8")


if __name__ == "__main__":
    main()
