"""Merge the Russian and Kazakh texts in translations/ into data/ (events, counts, sources,
dataset.json, narratives)."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "kk")
TRANSLATOR = "AI draft (project translation helper), machine-assisted"
# event text field -> the English key it translates ("place" and "claimant" have no _en suffix)
EVENT_FIELDS = {
    "time_note": "time_note_en",
    "title": "title_en",
    "description": "description_en",
    "place": "place",
    "location_note": "location_note_en",
    "claimant": "claimant",
}
# translated once per distinct English text, in translations/terms.json
BY_VALUE = ("time_note", "place", "claimant")


def source_hash(value: str | list | None) -> str | None:
    """First 16 hex digits of the sha256 of an English text (a list: of its JSON), as the schema records."""
    if not value:
        return None
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _with_after(record: dict, anchor: str, new: dict) -> dict:
    """Return ``record`` with the ``new`` keys placed right after ``anchor`` (replacing old values)."""
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


def _provenance(hashes: dict[str, str], old: dict) -> dict:
    """The ``translations`` object: one entry per language, naming the translator, not reviewed."""
    out = dict(old)
    for lang in LANGS:
        # hashes of texts this tool does not write (added by hand, e.g. title_neutral_en) stay
        kept = dict((old.get(lang) or {}).get("source_en_hash") or {})
        out[lang] = {"translator": TRANSLATOR, "reviewed": False, "source_en_hash": kept | hashes}
    return out


def _reviewed(record: dict) -> bool:
    """True when a native speaker has reviewed this record's texts: never overwrite those."""
    return any(info.get("reviewed") for info in record.get("translations", {}).values())


def apply_events(
    collection: dict, translations: dict, terms: dict | None = None
) -> tuple[dict, dict]:
    """Add translated fields to every event whose English is unchanged since it was translated.

    Parameters
    ----------
    collection : dict
        The events GeoJSON FeatureCollection (not modified).
    translations : dict
        ``{event id: {"title_ru": ..., "title_kk": ..., "source_en_hash": {"title_en": ...}}}``.
    terms : dict, optional
        ``{"place": {english: {"ru": ..., "kk": ...}}, "claimant": {...}}`` for texts shared by events.

    Returns
    -------
    tuple of (dict, dict)
        The new collection, and ``{"applied": [ids], "stale": [(id, field)], "missing": [ids],
        "reviewed": [ids]}``.
    """
    terms = terms or {}
    report: dict = {"applied": [], "stale": [], "missing": [], "reviewed": []}
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        event_id = props["id"]
        if _reviewed(props):
            report["reviewed"].append(event_id)
            features.append(feature)
            continue
        translation = translations.get(event_id)
        if translation is None:
            report["missing"].append(event_id)
        translation = translation or {}
        stored = translation.get("source_en_hash", {})
        hashes: dict[str, str] = {}
        for field, english_key in EVENT_FIELDS.items():
            english = props.get(english_key)
            if not english:
                continue
            if field in BY_VALUE:
                found = terms.get(field, {}).get(english, {})
                texts = {f"{field}_{lang}": found.get(lang) for lang in LANGS}
            elif stored.get(english_key) == source_hash(english):
                texts = {f"{field}_{lang}": translation.get(f"{field}_{lang}") for lang in LANGS}
            else:
                texts = {}
            if not texts or not all(texts.values()):
                if translation:
                    report["stale"].append((event_id, english_key))
                continue
            props = _with_after(props, english_key, texts)
            hashes[english_key] = source_hash(english)
        if hashes:
            props = _with_after(
                props,
                "count_ids",
                {"translations": _provenance(hashes, props.get("translations", {}))},
            )
            report["applied"].append(event_id)
        features.append({**feature, "properties": props})
    return {**collection, "features": features}, report


COUNT_FIELDS = ("claimant", "place", "note")
"""Texts of counts.csv translated: claimant and place by value (terms.json), note by id."""
SOURCE_FIELDS = ("title", "note", "publisher")
"""Texts of sources.csv translated: by id, a descriptive title (never a publication's own) and
note; by value (terms.json), the publisher's name as readers of the language know it."""


def apply_csv(
    rows: list[dict[str, str]],
    translations: dict,
    fields: tuple[str, ...],
    terms: dict | None = None,
) -> tuple[list[dict[str, str]], dict]:
    """Add ``<field>_ru`` / ``<field>_kk`` and a ``translations`` cell to the rows of a CSV file.

    Parameters
    ----------
    rows : list of dict
        The file's rows (not modified).
    translations : dict
        ``{row id: {"note_ru": ..., "note_kk": ..., "source_en_hash": {"note": ...}}}``.
    fields : tuple of str
        The English columns to translate.
    terms : dict, optional
        ``{"claimant": {english: {"ru": ..., "kk": ...}}, ...}``: columns translated by value.

    Returns
    -------
    tuple of (list of dict, dict)
        The new rows, and ``{"applied": [ids], "stale": [(id, field)], "reviewed": [ids]}``.
        A translation is copied only while its English is unchanged (same hash); the
        ``translations`` cell is the provenance object as compact JSON.
    """
    terms = terms or {}
    report: dict = {"applied": [], "stale": [], "reviewed": []}
    out = []
    for row in rows:
        old = json.loads(row["translations"]) if row.get("translations", "").strip() else {}
        if any(info.get("reviewed") for info in old.values()):
            report["reviewed"].append(row["id"])
            out.append(row)
            continue
        found = translations.get(row["id"], {})
        stored = found.get("source_en_hash", {})
        new = dict(row)
        hashes: dict[str, str] = {}
        for field in fields:
            english = row.get(field, "")
            for lang in LANGS:
                new[f"{field}_{lang}"] = ""
            if not english:
                continue
            if field in terms:
                by_value = terms[field].get(english, {})
                texts = {lang: by_value.get(lang) for lang in LANGS}
            elif stored.get(field) == source_hash(english):
                texts = {lang: found.get(f"{field}_{lang}") for lang in LANGS}
            else:
                texts = {}
            if not texts or not all(texts.values()):
                if field in stored or field in terms:  # a title kept as published is not stale
                    report["stale"].append((row["id"], field))
                continue
            for lang in LANGS:
                new[f"{field}_{lang}"] = texts[lang]
            hashes[field] = source_hash(english)
        provenance = _provenance(hashes, old) if hashes else {}
        new["translations"] = (
            json.dumps(provenance, ensure_ascii=False, separators=(",", ":")) if provenance else ""
        )
        if hashes:
            report["applied"].append(row["id"])
        out.append(new)
    return out, report


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the header and rows of a data CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def dump_csv(header: list[str], rows: list[dict[str, str]]) -> str:
    """Serialise rows as the data CSV files are written (minimal quoting, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _apply_record(
    record: dict, translation: dict, fields: tuple[str, ...], path: str, acc: dict
) -> dict:
    """Translate ``fields`` of one dataset.json record, noting hashes (keyed by path) and stale texts."""
    stored = translation.get("source_en_hash", {})
    for field in fields:
        english = record.get(f"{field}_en")
        if not english:
            continue
        texts = {f"{field}_{lang}": translation.get(f"{field}_{lang}") for lang in LANGS}
        where = f"{path}{field}_en"
        if stored.get(f"{field}_en") != source_hash(english) or not all(texts.values()):
            acc["stale"].append(where)
            continue
        if isinstance(english, list) and any(len(texts[k]) != len(english) for k in texts):
            acc["stale"].append(where)
            continue
        record = _with_after(record, f"{field}_en", texts)
        acc["hashes"][where] = source_hash(english)
    return record


def apply_dataset(info: dict, translations: dict) -> tuple[dict, dict]:
    """Add translated texts to dataset.json: title, summary, method, map title, views, places, overlays.

    Parameters
    ----------
    info : dict
        The parsed dataset.json (not modified).
    translations : dict
        The shape of ``translations/dataset.json``.

    Returns
    -------
    tuple of (dict, dict)
        The new dataset info, and ``{"applied": [paths], "stale": [paths]}``. The file's one
        ``translations`` object records the hash of every English text under its path, e.g.
        ``map.views[region].label_en``.
    """
    if _reviewed(info):
        return info, {"applied": [], "stale": [], "reviewed": True}
    acc: dict = {"hashes": {}, "stale": []}
    out = _apply_record(
        info, translations, ("title", "summary", "method", "citation_note"), "", acc
    )
    if "map" in out:
        tmap = translations.get("map", {})
        new_map = _apply_record(out["map"], tmap, ("title",), "map.", acc)
        views = {v["id"]: v for v in tmap.get("views", [])}
        new_map["views"] = [
            _apply_record(
                v, views.get(v["id"], {}), ("label", "title"), f"map.views[{v['id']}].", acc
            )
            for v in new_map.get("views", [])
        ]
        names = translations.get("place_names", {})
        notes = {p["name_en"]: p for p in tmap.get("places", []) if "name_en" in p}
        places = []
        for place in new_map.get("places", []):
            where = f"map.places[{place['name_en']}]."
            name = {"source_en_hash": {"name_en": source_hash(place["name_en"])}}
            name |= {f"name_{lang}": names.get(place["name_en"], {}).get(lang) for lang in LANGS}
            place = _apply_record(place, name, ("name",), where, acc)
            places.append(
                _apply_record(place, notes.get(place["name_en"], {}), ("note",), where, acc)
            )
        if "places" in new_map:
            new_map["places"] = places
        overlays = {o["id"]: o for o in tmap.get("overlays", [])}
        if "overlays" in new_map:
            new_map["overlays"] = [
                _apply_record(
                    o,
                    overlays.get(o["id"], {}),
                    ("label", "description"),
                    f"map.overlays[{o['id']}].",
                    acc,
                )
                for o in new_map["overlays"]
            ]
        out = {**out, "map": new_map}
    if acc["hashes"]:
        out = {**out, "translations": _provenance(acc["hashes"], out.get("translations", {}))}
    return out, {"applied": sorted(acc["hashes"]), "stale": acc["stale"]}


def apply_narrative(narrative: dict, translation: dict, with_provenance: bool) -> tuple[dict, dict]:
    """Add translated title, step headings and step texts to one narrative.

    Steps are matched by the hash of their English text, so reordered steps keep their translation.

    Parameters
    ----------
    narrative : dict
        A parsed ``data/narratives/<id>.json`` (not modified).
    translation : dict
        The shape of ``translations/narratives/<id>.json``.
    with_provenance : bool
        Whether the narrative schema has a ``translations`` field to record who translated.

    Returns
    -------
    tuple of (dict, dict)
        The new narrative, and ``{"applied": [paths], "stale": [paths]}``.
    """
    if _reviewed(narrative):
        return narrative, {"applied": [], "stale": [], "reviewed": True}
    acc: dict = {"hashes": {}, "stale": []}
    out = _apply_record(narrative, translation, ("title",), "", acc)
    by_hash: dict[str, dict] = {}
    for step in translation.get("steps", []):
        for key in ("heading_en", "text_en"):
            by_hash.setdefault(f"{key}:{step['source_en_hash'][key]}", step)
    steps = []
    for index, step in enumerate(out.get("steps", [])):
        for field in ("heading", "text"):
            key = f"{field}_en"
            found = by_hash.get(f"{key}:{source_hash(step.get(key))}", {})
            step = _apply_record(step, found, (field,), f"steps[{index}].", acc)
        steps.append(step)
    out = {**out, "steps": steps}
    if acc["hashes"] and with_provenance:
        out = {**out, "translations": _provenance(acc["hashes"], out.get("translations", {}))}
    return out, {"applied": sorted(acc["hashes"]), "stale": acc["stale"]}


def _narratives_take_provenance() -> bool:
    """Whether this checkout's narrative schema accepts a ``translations`` provenance field."""
    import sys

    if str(ROOT) not in sys.path:  # run as a script, tools/ is on the path, not the project
        sys.path.insert(0, str(ROOT))
    try:
        from lib.schema import Narrative
    except ImportError:
        return False
    return "translations" in Narrative.model_fields


def dump(data: dict) -> str:
    """Serialise as the data files are written: two-space indent, UTF-8 text, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main() -> None:
    """Apply the translations to a data directory and print what was applied and what is stale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--translations", type=Path, default=ROOT / "translations")
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    args = parser.parse_args()

    events_path = args.data / "events.geojson"
    events, ev = apply_events(
        _read(events_path),
        _read(args.translations / "events.json"),
        _read(args.translations / "terms.json"),
    )
    dataset_path = args.data / "dataset.json"
    print(f"events: {len(ev['applied'])} translated, {len(ev['missing'])} without a translation")
    for event_id in ev["missing"]:
        print(f"  no translation: {event_id}")
    for event_id, field in ev["stale"]:
        print(f"  not translated (new text, or English changed since): {event_id} {field}")
    for event_id in ev["reviewed"]:
        print(f"  left as is (reviewed): {event_id}")
    if dataset_path.exists():
        dataset, ds = apply_dataset(_read(dataset_path), _read(args.translations / "dataset.json"))
        print(f"dataset.json: {len(ds['applied'])} texts translated, {len(ds['stale'])} not")
        for where in ds["stale"]:
            print(f"  not translated (new text, or English changed since): {where}")
    tables = {}
    for name, fields, extra in (
        ("counts", COUNT_FIELDS, ("claimant", "place")),
        ("sources", SOURCE_FIELDS, ("publisher",)),
    ):
        path = args.data / f"{name}.csv"
        if not path.exists():
            continue
        header, rows = read_csv(path)
        all_terms = _read(args.translations / "terms.json")
        terms = {field: all_terms.get(field, {}) for field in extra}
        rows, report = apply_csv(rows, _read(args.translations / f"{name}.json"), fields, terms)
        added = [f"{f}_{lang}" for f in fields for lang in LANGS] + ["translations"]
        header = [*header, *(c for c in added if c not in header)]
        tables[path] = dump_csv(header, rows)
        print(f"{name}.csv: {len(report['applied'])} rows translated")
        for row_id, field in report["stale"]:
            print(f"  not translated (new text, or English changed since): {row_id} {field}")
        for row_id in report["reviewed"]:
            print(f"  left as is (reviewed): {row_id}")
    narratives = {}
    provenance = _narratives_take_provenance()
    for path in sorted((args.data / "narratives").glob("*.json")):
        translation = _read(args.translations / "narratives" / path.name)
        narratives[path], nr = apply_narrative(_read(path), translation, provenance)
        print(
            f"narratives/{path.name}: {len(nr['applied'])} texts translated, {len(nr['stale'])} not"
        )
        for where in nr["stale"]:
            print(f"  not translated (new text, or English changed since): {where}")
    if not args.check:
        events_path.write_text(dump(events), encoding="utf-8")
        if dataset_path.exists():
            dataset_path.write_text(dump(dataset), encoding="utf-8")
        for path, narrative in narratives.items():
            path.write_text(dump(narrative), encoding="utf-8")
        for path, text in tables.items():
            path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
