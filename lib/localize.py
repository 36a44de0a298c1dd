"""The data's own texts in the chosen language: ``X_ru`` / ``X_kk`` beside ``X_en``, English when missing."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lib.i18n import DEFAULT_LANG, t


@dataclass(frozen=True)
class Localized:
    """A data text in the language asked for, or the English one when that is missing."""

    text: str
    fallback: bool
    """True when ``text`` is English shown in place of a missing translation."""

    def marked(self, lang: str) -> str:
        """Return the text, with a small "(English)" marker when it is a fallback."""
        return f"{self.text} {t('data.english_marker', lang)}" if self.fallback else self.text


def _field(record: Mapping[str, Any] | Any, name: str) -> Any:
    getter = getattr(record, "get", None)  # dicts and DataFrame rows; models have attributes
    value = getter(name) if callable(getter) else getattr(record, name, None)
    if isinstance(value, float) and value != value:  # NaN from a DataFrame cell
        return None
    return value


def localized(record: Mapping[str, Any] | Any, field: str, lang: str) -> Localized:
    """Return ``field`` of ``record`` in ``lang``.

    Parameters
    ----------
    record : mapping or model
        An event row, a pydantic record or a dict.
    field : str
        The field's stem: ``title`` reads ``title_ru`` / ``title_en``; an unsuffixed English field
        such as ``place`` reads ``place_ru`` / ``place``.
    lang : str
        ``en``, ``ru`` or ``kk``.

    Returns
    -------
    Localized
        The text (``""`` when there is none in any language) and whether it is English in place
        of a missing translation.
    """
    english = _field(record, f"{field}_en")
    if english is None:
        english = _field(record, field)
    if lang != DEFAULT_LANG:
        own = _field(record, f"{field}_{lang}")
        if own not in (None, "", []):
            return Localized(own, False)
    if english in (None, "", []):
        return Localized("" if not isinstance(english, list) else english, False)
    return Localized(english, lang != DEFAULT_LANG)


def data_text(record: Mapping[str, Any] | Any, field: str, lang: str) -> str:
    """Return ``field`` in ``lang`` with the "(English)" marker when it falls back."""
    found = localized(record, field, lang)
    return found.marked(lang) if isinstance(found.text, str) else found.text


def place_name(event: Mapping[str, Any], places: Iterable[Any], lang: str) -> Localized:
    """Return an event's place in ``lang``: its own ``place_<lang>``, else the dataset's name of the
    same place (``map.places[].name_<lang>``), else English."""
    found = localized(event, "place", lang)
    if not found.fallback:
        return found
    for place in places:
        if _field(place, "name_en") == found.text:
            return localized(place, "name", lang)
    return found


NEAR_DEGREES = 0.02
"""How close a point lies to a place's position to be that place (a map group's heading and
symbol label, a town's ring)."""


def group_place_name(
    events: Any, point: tuple[float, float] | None, places: Iterable[Any], lang: str
) -> Localized | None:
    """Return the place a group of events (a frame) drawn at one ``point`` (latitude, longitude)
    shares: their own place when all name the same one, else the dataset's place at the point (a
    town), else the point's coordinates (as the map names it), else None. One event's spot ("a
    cell at the police department") is never given as all's."""
    places = list(places)
    columns = [c for c in ("place", "place_ru", "place_kk") if c in events.columns]
    distinct = events.drop_duplicates(subset=columns) if columns else events.iloc[:1]
    names = [place_name(event, places, lang) for event in distinct.to_dict("records")]
    if names and len({name.text for name in names}) == 1:
        return names[0]
    if point is not None:
        for place in places:
            lat, lon = _field(place, "position")
            if abs(lat - point[0]) < NEAR_DEGREES and abs(lon - point[1]) < NEAR_DEGREES:
                return localized(place, "name", lang)
        return Localized(f"{point[0]:.3f}, {point[1]:.3f}", False)
    return None


def en_hash(value: str | list[str]) -> str:
    """Return the first 16 hex digits of the sha256 of an English text (a list: of its JSON)."""
    data = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class TranslationStatus:
    """One record's translation into one language, for the About page."""

    record: str
    lang: str
    translator: str
    reviewed: bool
    reviewer: str | None
    outdated: tuple[str, ...]
    """English fields changed since translation (their hash differs)."""


_PATH_PART = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")


def _resolve(record: Any, path: str) -> Any:
    """Return the value at a path into a record, or None: ``title_en``, ``map.title_en``,
    ``map.views[region].label_en`` (a list item by its ``id`` or ``name_en``) or
    ``map.views.0.label_en`` (by position)."""
    if path in record:  # a field of the record itself, the common case
        return record[path]
    value = record
    for name, key in _PATH_PART.findall(path):
        part = name or key
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list):
            if part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                found = [
                    v
                    for v in value
                    if isinstance(v, Mapping) and part in (v.get("id"), v.get("name_en"))
                ]
                value = found[0] if found else None
        else:
            return None
    return value


def translation_notes(value: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a record's translation notes: from a dict, or from the JSON text an events
    frame holds them as ("" or None: none)."""
    if not value:
        return {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def translation_status(record_id: str, record: Mapping[str, Any]) -> list[TranslationStatus]:
    """Return the status of each language in ``record['translations']`` (a dumped record, or
    an events frame's row, where the notes are JSON text).

    ``source_en_hash`` keys are field names, or paths into nested parts of dataset.json
    (``map.views[region].label_en``, ``map.places[Zhanaozen].name_en``).
    """
    out = []
    for lang, info in translation_notes(record.get("translations")).items():
        info = dict(info)
        stale = tuple(
            name
            for name, digest in (info.get("source_en_hash") or {}).items()
            if isinstance(english := _resolve(record, name), str)  # a missing cell: NaN, None
            and english
            and en_hash(english) != digest
        )
        out.append(
            TranslationStatus(
                record_id,
                lang,
                info["translator"],
                bool(info["reviewed"]),
                info.get("reviewer"),
                stale,
            )
        )
    return out


def _event_statuses(events: Any) -> list[TranslationStatus]:
    """``translation_status`` of every event with translation notes, reading only the columns
    their hashes name (100,000 events: a row dict of every column each cost most of the time)."""
    notes = [translation_notes(v) if isinstance(v, str) else {} for v in events["translations"]]
    named = {n for note in notes for info in note.values() for n in info.get("source_en_hash", {})}
    columns = {c: events[c].to_numpy(dtype=object) for c in sorted(named) if c in events.columns}
    ids = events["id"].to_numpy(dtype=object)
    out = []
    for row in (i for i, note in enumerate(notes) if note):
        record = {name: values[row] for name, values in columns.items()}
        record["translations"] = notes[row]
        out += translation_status(str(ids[row]), record)
    return out


def translation_report(dataset: Any) -> Any:
    """Return one row per translated record and language: what it is, who translated it,
    whether a native speaker reviewed it, and English fields changed since.

    Parameters
    ----------
    dataset : lib.events.Dataset
        The loaded dataset (events, counts and sources rows, ``dataset.json``, narratives).

    Returns
    -------
    pandas.DataFrame
        Columns ``record``, ``lang``, ``translator``, ``reviewed``, ``reviewer``, ``outdated``;
        unreviewed rows first.
    """
    import pandas as pd

    statuses = translation_status("dataset.json", dataset.info.model_dump())
    statuses += _event_statuses(dataset.events)
    for file, frame in (("counts.csv", dataset.counts), ("sources.csv", dataset.sources)):
        if "translations" not in frame:
            continue
        for row in frame.to_dict("records"):
            statuses += translation_status(f"{file}:{row['id']}", row)
    for name, narrative in sorted(getattr(dataset, "narratives", {}).items()):
        statuses += translation_status(f"narratives/{name}.json", narrative.model_dump())
    frame = pd.DataFrame(
        [
            {
                "record": s.record,
                "lang": s.lang,
                "translator": s.translator,
                "reviewed": s.reviewed,
                "reviewer": s.reviewer or "",
                "outdated": ", ".join(s.outdated),
            }
            for s in statuses
        ],
        columns=["record", "lang", "translator", "reviewed", "reviewer", "outdated"],
    )
    return frame.sort_values(["reviewed", "record", "lang"], kind="stable").reset_index(drop=True)


def column_texts(events: Any, field: str, lang: str, places: Iterable[Any] = ()) -> list[str]:
    """Return ``data_text`` of ``field`` for every row of an events frame, in order (``place``
    also looks up the dataset's place names)."""
    names = [c for c in events.columns if c == field or c.startswith(f"{field}_")]
    rows = events[names].to_dict("records")
    if field == "place":
        places = list(places)
        return [place_name(row, places, lang).marked(lang) for row in rows]
    return [localized(row, field, lang).marked(lang) for row in rows]


COUNT_TEXTS = ("claimant", "place", "note")
"""The texts of a count shown in the language chosen (``claimant_ru``, ``note_kk`` ...)."""
SOURCE_TEXTS = ("title", "note", "publisher")
"""The texts of a source shown in the language chosen; a publication's own title has none."""


def publishers(sources: Any, lang: str) -> Any:
    """Return each source's publisher as readers of ``lang`` know it ("ТАСС", «Азаттык»), or as
    published where the data gives no other name; a Series indexed as ``sources``."""
    names = sources["publisher"].fillna("").astype(str)
    own = f"publisher_{lang}"
    if lang == DEFAULT_LANG or own not in sources:
        return names
    theirs = sources[own].fillna("").astype(str)
    return theirs.where(theirs.str.strip() != "", names)


def localized_frame(
    frame: Any, fields: Iterable[str], lang: str, plain: Iterable[str] = ("title", "publisher")
) -> Any:
    """Return a copy of a counts or sources frame with ``fields`` in ``lang``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with an English column per field (``note``) and optional ``note_ru`` / ``note_kk``.
    fields : iterable of str
        The columns to replace.
    lang : str
        ``en``, ``ru`` or ``kk``.
    plain : iterable of str
        Fields whose English is shown unmarked: a source's title without a translation is the
        publication's own title, kept as published, and its publisher is named as it names itself.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself in English; otherwise a copy whose fields hold the translation, or the
        English text marked "(English)" where it is missing (an empty text stays empty).
    """
    if lang == DEFAULT_LANG or frame.empty:
        return frame
    out = frame.copy()
    marker = t("data.english_marker", lang)
    plain = set(plain)
    for field in fields:
        if field not in out:
            continue
        english = out[field].fillna("").astype(str)
        own_name = f"{field}_{lang}"
        own = out[own_name].fillna("").astype(str) if own_name in out else english.where(False, "")
        has_own = own.str.strip() != ""
        fallback = english
        if field not in plain:
            fallback = english.where(english.str.strip() == "", english + " " + marker)
        out[field] = own.where(has_own, fallback)
    return out


def localized_tables(view: Any, lang: str) -> Any:
    """Return a page's view (``lib.ui.View``) with its counts, and the dataset's counts and
    sources, in ``lang`` (see ``localized_frame``); the view itself in English."""
    from dataclasses import replace

    if lang == DEFAULT_LANG:
        return view
    dataset = replace(
        view.dataset,
        counts=localized_frame(view.dataset.counts, COUNT_TEXTS, lang),
        sources=localized_frame(view.dataset.sources, SOURCE_TEXTS, lang),
    )
    return replace(view, dataset=dataset, counts=localized_frame(view.counts, COUNT_TEXTS, lang))
