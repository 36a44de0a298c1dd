"""Seed facts of the shipped dataset, checked against the HRW release of 22 December 2011.

These tests read data/ directly (not through the validator) so that a curator's edit cannot
drop a sourced fact, move a town-level point, or weaken the anonymity of former detainees
without a test saying so.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from lib.events import load_dataset
from tests.factories import AKTAU, ZHANAOZEN

DATA = Path(__file__).resolve().parent.parent / "data"
HRW = "hrw-2011-12-22"
PG_CLAIMANT = re.compile(r"prosecutor", re.IGNORECASE)
KOSTYUCHENKO = re.compile(r"kostyuchenko", re.IGNORECASE)
TOWN_RADIUS_KM = 25.0
"""Points closer than this to a town's centre are inside (or at) that town."""


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def features() -> list[dict[str, Any]]:
    return json.loads((DATA / "events.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def events(features) -> list[dict[str, Any]]:
    """Event properties with the geometry's coordinates (or None) under ``_coords``."""
    return [
        {**f["properties"], "_coords": f["geometry"]["coordinates"] if f["geometry"] else None}
        for f in features
    ]


@pytest.fixture(scope="module")
def sources() -> list[dict[str, str]]:
    return _read_csv("sources.csv")


@pytest.fixture(scope="module")
def counts() -> list[dict[str, str]]:
    return _read_csv("counts.csv")


def paragraphs(locator: str) -> set[int]:
    """Paragraph numbers a locator names: ``"p7, p8, p10"`` gives {7, 8, 10}."""
    return {int(n) for n in re.findall(r"\bp(\d+)\b", locator)}


def cites_hrw(event: dict[str, Any], paragraph: int | None = None) -> bool:
    """Whether an event cites the HRW release (at a given paragraph, when one is given)."""
    return any(
        ref["source"] == HRW and (paragraph is None or paragraph in paragraphs(ref["locator"]))
        for ref in event["sources"]
    )


def distance_km(a: list[float], b: list[float]) -> float:
    """Great-circle distance between two [lon, lat] points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def only(rows: list[dict[str, str]], what: str) -> dict[str, str]:
    assert len(rows) == 1, f"expected exactly one count for {what}, found {len(rows)}: {rows}"
    return rows[0]


def test_shipped_data_loads(events):
    data = load_dataset(DATA)
    assert len(data.events) == len(events) > 0
    assert data.events.crs == "EPSG:4326"


# --- counts from HRW paragraph 4, 8 and 10 --------------------------------------------------


def _hrw_counts(counts, metric: str, value: int, paragraph: int) -> list[dict[str, str]]:
    return [
        c
        for c in counts
        if c["metric"] == metric
        and c["value"] == str(value)
        and c["source_id"] == HRW
        and paragraph in paragraphs(c["locator"])
    ]


def test_prosecutor_general_office_70_detained_16_to_17_december(counts):
    row = only(_hrw_counts(counts, "detained", 70, 4), "PG 70 detained")
    assert row["claim_type"] == "official"
    assert row["qualifier"] == "exact"
    assert PG_CLAIMANT.search(row["claimant"]), row["claimant"]
    assert row["stated_on"] == "2011-12-18"
    assert (row["period_start"], row["period_end"]) == ("2011-12-16", "2011-12-17")


def test_prosecutor_general_office_another_60_detained(counts):
    row = only(_hrw_counts(counts, "detained", 60, 4), "PG another 60 detained")
    assert row["claim_type"] == "official"
    assert row["qualifier"] == "exact"
    assert PG_CLAIMANT.search(row["claimant"]), row["claimant"]
    assert row["stated_on"] == "2011-12-18"


def test_kostyuchenko_lists_more_than_700_detained(counts):
    row = only(_hrw_counts(counts, "detained", 700, 4), "Kostyuchenko's 700")
    assert row["claim_type"] == "independent"
    assert row["qualifier"] == "more_than"
    assert KOSTYUCHENKO.search(row["claimant"]), row["claimant"]


def test_kostyuchenko_lists_more_than_400_facing_charges(counts):
    row = only(_hrw_counts(counts, "facing_charges", 400, 4), "Kostyuchenko's 400")
    assert row["claim_type"] == "independent"
    assert row["qualifier"] == "more_than"
    assert KOSTYUCHENKO.search(row["claimant"]), row["claimant"]


def test_22_held_in_aa_cell(counts):
    row = only(_hrw_counts(counts, "held_together", 22, 8), "22 in AA's cell")
    assert row["claim_type"] == "independent"
    assert row["qualifier"] == "exact"


def test_about_150_held_in_the_garage(counts):
    row = only(_hrw_counts(counts, "held_together", 150, 10), "about 150 in the garage")
    assert row["claim_type"] == "independent"
    assert row["qualifier"] == "about"


def test_official_and_independent_detention_figures_are_both_kept(counts, events):
    """The 18 Dec official figures and the journalist's lists sit side by side, each on an event."""
    pg = {
        c["id"]
        for c in _hrw_counts(counts, "detained", 70, 4) + _hrw_counts(counts, "detained", 60, 4)
    }
    lists = {
        c["id"]
        for c in _hrw_counts(counts, "detained", 700, 4)
        + _hrw_counts(counts, "facing_charges", 400, 4)
    }
    assert len(pg) == 2 and len(lists) == 2
    behind_pg = [e for e in events if pg <= set(e["count_ids"])]
    behind_lists = [e for e in events if lists <= set(e["count_ids"])]
    assert [e["claimant_type"] for e in behind_pg] == ["official"]
    assert behind_pg[0]["start"] == "2011-12-18"
    assert behind_pg[0]["category"] == "official_statement"
    assert [e["claimant_type"] for e in behind_lists] == ["journalist"]
    assert all(cites_hrw(e, 4) for e in behind_pg + behind_lists)


# --- places ---------------------------------------------------------------------------------


def _names_town(event: dict[str, Any], town: str) -> bool:
    return bool(event["place"]) and event["place"].startswith(town)


def test_zhanaozen_and_aktau_points_exist(events):
    assert any(e["_coords"] == ZHANAOZEN for e in events)
    assert any(e["_coords"] == AKTAU for e in events)


@pytest.mark.parametrize(("town", "centre"), [("Zhanaozen", ZHANAOZEN), ("Aktau", AKTAU)])
def test_town_events_sit_exactly_on_the_town_point(events, town, centre):
    """An event placed in (or near) the town is drawn at the town's point, at town precision."""
    in_town = [
        e
        for e in events
        if _names_town(e, town)
        or (e["_coords"] is not None and distance_km(e["_coords"], centre) < TOWN_RADIUS_KM)
    ]
    assert in_town
    wrong = [
        (e["id"], e["_coords"], e["location_precision"])
        for e in in_town
        if e["_coords"] != centre or e["location_precision"] != "town"
    ]
    assert wrong == []


def test_no_event_in_zhanaozen_or_aktau_is_more_precise_than_town(events):
    """No source gives coordinates for the square, police department or hospital."""
    too_precise = [
        e["id"]
        for e in events
        if e["location_precision"] in ("exact", "approximate")
        and (
            re.search(r"\b(Zhanaozen|Aktau)\b", e["place"] or "")
            or (
                e["_coords"] is not None
                and min(distance_km(e["_coords"], c) for c in (ZHANAOZEN, AKTAU)) < TOWN_RADIUS_KM
            )
        )
    ]
    assert too_precise == []


def test_shetpe_is_approximate_about_108_km_north_east_of_aktau(events):
    shetpe = [e for e in events if _names_town(e, "Shetpe")]
    assert shetpe
    for event in shetpe:
        assert event["location_precision"] == "approximate", event["id"]
        assert event["location_uncertainty_km"], event["id"]
        assert event["location_note_en"], event["id"]
        lon, lat = event["_coords"]
        assert lon > AKTAU[0] and lat > AKTAU[1], event["id"]
        assert 95 <= distance_km(event["_coords"], AKTAU) <= 115, event["id"]


def test_unplaced_events_have_null_geometry(events):
    for event in events:
        assert (event["_coords"] is None) == (event["location_precision"] == "unknown"), event["id"]


# --- references -----------------------------------------------------------------------------


def test_every_event_source_resolves(events, sources):
    known = {s["id"] for s in sources}
    missing = [
        (e["id"], r["source"]) for e in events for r in e["sources"] if r["source"] not in known
    ]
    assert missing == []
    assert all(e["sources"] for e in events)


def test_every_count_source_resolves(counts, sources):
    known = {s["id"] for s in sources}
    assert [(c["id"], c["source_id"]) for c in counts if c["source_id"] not in known] == []


def test_every_event_count_id_resolves(events, counts):
    known = {c["id"] for c in counts}
    assert [(e["id"], i) for e in events for i in e["count_ids"] if i not in known] == []


def test_the_hrw_release_is_a_source(sources):
    row = only([s for s in sources if s["id"] == HRW], HRW)
    assert row["date"] == "2011-12-22"
    assert row["publisher"] == "Human Rights Watch"
    assert row["url"] == (
        "https://www.hrw.org/news/2011/12/22/kazakhstan-protect-detainees-torture-ill-treatment"
    )


# --- every HRW-dated fact is an event ----------------------------------------------------------

HRW_FACTS = [
    # (what, start, categories, HRW paragraph or None for the page furniture, extra property checks)
    ("phones cut on the afternoon of 16 Dec", "2011-12-16", {"communications"}, 16,
     {"time_precision": "part_of_day", "part_of_day": "afternoon"}),
    ("AA detained on 16 Dec and beaten", "2011-12-16", {"ill_treatment", "detention"}, 7, {}),
    ("HRW release of 17 Dec on the violence", "2011-12-17", {"reaction"}, None, {}),
    ("AA moved to the garage at about 17:00 on 17 Dec", "2011-12-17T17:00+05:00",
     {"ill_treatment", "detention"}, 10, {}),
    ("PG office statement of 18 Dec on detentions", "2011-12-18", {"official_statement"}, 4,
     {"claimant_type": "official"}),
    ("HRW release of 18 Dec on an independent probe", "2011-12-18", {"reaction"}, None, {}),
    ("journalists admitted under supervision 18-19 Dec", "2011-12-18", {"restriction"}, 17,
     {"end": "2011-12-19"}),
    ("BB detained and beaten on 19 Dec", "2011-12-19", {"ill_treatment", "detention"}, 11, {}),
    ("AP hears screams at the police department on 19 Dec", "2011-12-19", {"ill_treatment"}, 12,
     {"claimant_type": "media"}),
    ("Kanat K.'s son beaten on 19 Dec", "2011-12-19", {"violence", "ill_treatment"}, 13,
     {"claimant_type": "witness"}),
    ("NGOs welcome the commission on 19 Dec", "2011-12-19", {"reaction"}, 21,
     {"claimant_type": "ngo"}),
    ("riot police on duty in Aktau on 20 Dec (photo)", "2011-12-20", None, None,
     {"place": re.compile(r"^Aktau")}),
    ("PG office on unverified information, 20 Dec", "2011-12-20", {"official_statement"}, 18,
     {"claimant_type": "official"}),
    ("HRW's calls get through on the morning of 21 Dec", "2011-12-21", {"communications"}, 16,
     {"time_precision": "part_of_day", "part_of_day": "morning"}),
    ("HRW calls for a torture inquiry on 22 Dec", "2011-12-22", {"reaction"}, 1,
     {"claimant_type": "ngo"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "categories", "paragraph", "extra"),
    [fact[1:] for fact in HRW_FACTS],
    ids=[fact[0] for fact in HRW_FACTS],
)
def test_hrw_dated_fact_is_an_event(events, start, categories, paragraph, extra):
    def matches(event: dict[str, Any]) -> bool:
        if event["start"] != start or not cites_hrw(event, paragraph):
            return False
        if categories is not None and event["category"] not in categories:
            return False
        for name, want in extra.items():
            got = event.get(name)
            ok = bool(got and want.search(got)) if isinstance(want, re.Pattern) else got == want
            if not ok:
                return False
        return True

    assert [e for e in events if matches(e)], "no event records this fact"


def test_state_of_emergency_from_18_00_on_17_december(events):
    soe = [
        e
        for e in events
        if e["start"] == "2011-12-17T18:00+05:00"
        and e["category"] == "restriction"
        and e["time_precision"] == "minute"
    ]
    assert soe
    # lifted at 07:00 on 31 January 2012: the end of that event or an event of its own
    assert any(e.get("end") == "2012-01-31T07:00+05:00" for e in soe) or any(
        e["start"] == "2012-01-31T07:00+05:00" and e["category"] == "restriction" for e in events
    )


def test_aa_garage_event_carries_the_150_figure(events, counts):
    garage = _hrw_counts(counts, "held_together", 150, 10)
    assert any(
        e["start"] == "2011-12-17T17:00+05:00" and garage[0]["id"] in e["count_ids"] for e in events
    )


# --- anonymity ------------------------------------------------------------------------------

TEXT_FIELDS = (
    "title_en",
    "description_en",
    "claimant",
    "place",
    "time_note_en",
    "location_note_en",
)
# "AA (Name ...", "AA, Firstname Lastname", "AA's real name", "AA, named ..."
NAMING_AA = re.compile(
    r"\b(AA|BB|CC)\b(\s*\(|,\s+[A-Z][a-z]+\s+[A-Z][a-z]+|'s\s+(real\s+)?name|,?\s+(named|called|real name))"
)


def _texts(events, counts) -> list[tuple[str, str]]:
    out = [(e["id"], e[f]) for e in events for f in TEXT_FIELDS if e.get(f)]
    out += [(c["id"], c[f]) for c in counts for f in ("claimant", "place", "note") if c[f]]
    return out


def test_former_detainees_are_named_only_by_their_letters(events, counts):
    texts = _texts(events, counts)
    assert any(re.search(r"\bAA\b", text) for _, text in texts)
    assert [(rid, m.group(0)) for rid, text in texts for m in NAMING_AA.finditer(text)] == []


@pytest.mark.parametrize("pseudonym", ["Aida A.", "Kanat K."])
def test_pseudonyms_stay_pseudonyms(events, pseudonym):
    """HRW's pseudonyms appear as given, are marked as pseudonyms, and are never spelled out."""
    first, initial = pseudonym.split()
    spelled_out = re.compile(rf"\b{first}\s+{initial[0]}[^\W\d_]")
    mentioning = [e for e in events if any(pseudonym in (e.get(f) or "") for f in TEXT_FIELDS)]
    assert mentioning
    for event in mentioning:
        text = " ".join(event.get(f) or "" for f in TEXT_FIELDS)
        assert not spelled_out.search(text), event["id"]
        assert re.search(r"pseudonym|not (her|his|their) real name", text), event["id"]
