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


PSEUDONYM_MARKS = re.compile(r"pseudonym|псевдоним|бүркеншік есім")
""""(pseudonym)" in English, Russian and Kazakh, as the translations write it."""


@pytest.mark.parametrize("pseudonym", ["Aida A.", "Kanat K."])
def test_a_title_or_heading_that_names_a_pseudonym_marks_it_there(events, pseudonym):
    """A title is read alone (a list, a tooltip, a hover, a step's heading): "Aida A.: …" read
    as a resident's name, the "(pseudonym)" only in the description (an advocate's review)."""
    fields = [
        f"{stem}_{lang}" for stem in ("title", "title_neutral") for lang in ("en", "ru", "kk")
    ]
    shown_alone = [(e["id"], e.get(f) or "") for e in events for f in fields]
    steps = json.loads((DATA / "narratives" / "december-2011.json").read_text("utf-8"))["steps"]
    shown_alone += [
        (f"step {n}", step[f"heading_{lang}"])
        for n, step in enumerate(steps, 1)
        for lang in ("en", "ru", "kk")
    ]
    naming = [(where, text) for where, text in shown_alone if pseudonym in text]
    assert naming
    assert [(w, t) for w, t in naming if not PSEUDONYM_MARKS.search(t)] == []


# --- corrections from the independent review (issue 13) ------------------------------------


def _event(events, event_id: str) -> dict[str, Any]:
    return only([e for e in events if e["id"] == event_id], event_id)


def _count(counts, count_id: str) -> dict[str, str]:
    return only([c for c in counts if c["id"] == count_id], count_id)


def test_1_night_detentions_and_curfew_detentions_are_separate_events(events):
    """The 16–17 Dec night event no longer carries curfew detentions; those start no earlier
    than the night of 17 Dec, when the curfew began with the state of emergency."""
    night = _event(events, "2011-12-16-night-detentions-official")
    assert (night["start"], night["part_of_day"]) == ("2011-12-16", "night")
    assert "curfew" not in (night["title_en"] + night["description_en"]).lower()
    assert "official-curfew-detained-60" not in night["count_ids"]
    curfew = [e for e in events if "official-curfew-detained-60" in e["count_ids"]]
    assert [e["id"] for e in curfew] == ["2011-12-17-curfew-detentions-official"]
    event = curfew[0]
    assert "curfew" in event["title_en"].lower()
    assert (event["start"], event["time_precision"], event["part_of_day"]) == (
        "2011-12-17",
        "part_of_day",
        "night",
    )
    assert "earliest" in event["time_note_en"]
    assert event["claimant_type"] == "official"
    assert {r["source"] for r in event["sources"]} >= {
        "gazeta-kz-354292",
        "azattyq-state-of-emergency",
    }


def test_2_curfew_count_is_not_stated_before_the_curfew_began(counts):
    row = _count(counts, "official-curfew-detained-60")
    assert row["stated_on"] >= "2011-12-18"
    assert row["stated_on_basis"] == "inferred"
    assert row["period_start"] == "2011-12-17"
    assert "23:00" in row["note"] and "another 60" in row["note"]
    # it no longer sorts ahead of the Prosecutor General's statement of 18 Dec
    pg = only(_hrw_counts(counts, "detained", 60, 4), "PG another 60")
    assert row["stated_on"] >= pg["stated_on"]


def test_3_reuters_700_questioned_has_unclear_attribution(events, counts):
    row = _count(counts, "reuters-2011-12-19-questioned-700")
    assert row["claim_type"] == "unclear"
    assert row["metric"] == "questioned"
    event = _event(events, "2011-12-19-reuters-about-700-questioned")
    assert event["claimant_type"] == "unclear"
    assert "reuters-2011-12-19-questioned-700" in event["count_ids"]


def test_3_unclear_attribution_supports_neither_side():
    from lib.events import claim_class

    assert claim_class("unclear") == "unclear"
    assert claim_class("foreign_official") == "foreign_official"
    assert claim_class("media") == "independent"


FOREIGN = re.compile(r"\b(US|EU|OSCE|UN|United States|European Union)\b")


def test_4_foreign_governments_and_international_bodies_are_foreign_officials(events):
    """The rule in docs/data.md: never `official` (Kazakh authorities), never `media`."""
    for event_id in (
        "2011-12-20-us-eu-osce-concern",
        "2011-12-22-osce-special-permanent-council",
        "2009-12-un-rapporteur-torture-report",
    ):
        assert _event(events, event_id)["claimant_type"] == "foreign_official", event_id
    # every record whose claimant is a foreign or international body follows the rule
    foreign = [e for e in events if FOREIGN.search(e["claimant"])]
    assert foreign
    assert [
        (e["id"], e["claimant_type"]) for e in foreign if e["claimant_type"] != "foreign_official"
    ] == []


def test_4_the_rule_is_written_in_the_guide():
    guide = (DATA.parent / "docs" / "data.md").read_text(encoding="utf-8")
    assert "**The rule for foreign officials.**" in guide
    assert "`official` means the Kazakh authorities only" in guide


def test_5_extension_cites_the_source_of_the_original_end_date(events):
    event = _event(events, "2012-01-04-state-of-emergency-extended")
    assert "5 Jan" in event["description_en"]
    refs = {r["source"]: r["locator"] for r in event["sources"]}
    assert "5 Jan" in refs["azattyq-state-of-emergency"]
    assert "rbc-2012-01-04" in refs


def test_6_wording_follows_hrw(events):
    cell = _event(events, "2011-12-16-aa-cell-with-22-detainees")
    assert "22 detainees" in cell["description_en"] and "22 men" not in cell["description_en"]
    aa = _event(events, "2011-12-16-aa-detained-and-beaten")
    assert "three people" in aa["description_en"] and "three men" not in aa["description_en"]
    # CC's gender is not given anywhere in the sources
    cc_gendered = re.compile(r"\bCC\b[^.]*\b(he|his|him|man|men|woman|she|her)\b")
    assert [
        e["id"] for e in events for f in TEXT_FIELDS if cc_gendered.search(e.get(f) or "")
    ] == []


@pytest.fixture(scope="module")
def info() -> dict[str, Any]:
    return json.loads((DATA / "dataset.json").read_text(encoding="utf-8"))


def test_7_blackout_overlay_draws_only_what_the_sources_place(info, events):
    overlays = {o["id"]: o for o in info["map"]["overlays"]}
    assert all(o["kind"] != "radius" for o in overlays.values()), "no source places a 65 km circle"
    phones = overlays["communications-blackout"]
    assert (phones["kind"], phones["place"], phones["event_id"]) == (
        "town",
        "Zhanaozen",
        "2011-12-16-phone-cut-off",
    )
    assert "65 km" in phones["description_en"] and "measured from" in phones["description_en"]
    aktau = [o for o in overlays.values() if o["place"] == "Aktau"]
    assert len(aktau) == 1
    assert aktau[0]["event_id"] == "2011-12-19-aktau-no-sms-or-mobile-internet"
    assert "SMS" in aktau[0]["label_en"] and "19 Dec" in aktau[0]["label_en"]
    assert [r["source"] for r in aktau[0]["sources"]] == ["rsf-2011-12-19"]
    # the Aktau outage is an event of its own, one day (19 Dec), drawn at Aktau's town point
    outage = _event(events, aktau[0]["event_id"])
    assert (outage["category"], outage["start"], outage["end"]) == (
        "communications",
        "2011-12-19",
        None,
    )
    assert outage["_coords"] == AKTAU and outage["sources"][0]["source"] == "rsf-2011-12-19"


def test_8_shetpe_says_how_bearing_and_uncertainty_were_reached(events, info, sources):
    place = only([p for p in info["map"]["places"] if p["name_en"] == "Shetpe"], "Shetpe place")
    for text in (
        place["note_en"],
        *(e["location_note_en"] for e in events if _names_town(e, "Shetpe")),
    ):
        assert "45°" in text and "curator" in text and "±22.5°" in text, text
    assert place["uncertainty_km"] == 45
    otuken = only([s for s in sources if s["id"] == "otuken-shetpe"], "otuken-shetpe")
    assert otuken["url"] == "https://otuken.kz"
    assert "home page" in otuken["note"]


def test_9_the_may_2011_strike_is_one_event(events):
    ids = {e["id"] for e in events}
    assert "2011-05-seven-month-oil-strike" not in ids
    event = _event(events, "2011-05-omg-pay-demands-and-hunger-strike")
    assert "seven months" in event["description_en"]
    assert cites_hrw(event, 5)
    may = [e for e in events if e["start"] == "2011-05" and e["category"] == "protest"]
    assert [e["id"] for e in may] == ["2011-05-omg-pay-demands-and-hunger-strike"]


INFERRED_STATED_ON = {
    "pg-2011-12-16-crowd-800",
    "pg-2011-12-16-police-120",
    "official-2011-12-16-facilities-46",
    "official-night-2011-12-16-detained-70",
    "official-night-2011-12-16-arrested-8",
    "official-curfew-detained-60",
    "official-shetpe-deaths-1",
    "odf-morgue-bodies-64",
    "official-shetpe-injured-11",
    "kmg-ep-2011-08-26-dismissed-900",
    "karazhanbasmunai-2011-08-26-dismissed-500",
    # the fact base's chronology dates what happened, not the report (the audit of v1.3)
    "official-shetpe-2011-12-18-detained-4",
    "trial-2012-03-27-defendants-37",
    "warden-verdict-2012-05-jailed-1",
    # a day chosen from two, and a month read from an address (the audit of v1.3)
    "official-2011-12-17-injured-86",
    "amnesty-2013-deaths-15",
}


def test_10_stated_on_basis_marks_the_sixteen_inferred_dates(counts):
    inferred = {c["id"] for c in counts if c["stated_on_basis"] == "inferred"}
    assert inferred == INFERRED_STATED_ON
    # notes that say the date was set by the curator agree with the field, and the other way
    set_by_curator = re.compile(
        r'"Stated on" is (set to|the first of)|the month is taken from the URL'
    )
    for c in counts:
        assert bool(set_by_curator.search(c["note"])) == (c["stated_on_basis"] == "inferred"), c[
            "id"
        ]
    published = {c["id"] for c in counts if c["stated_on_basis"] == "published"}
    assert "kostyuchenko-lists-detained-700" in published
    assert all(c["stated_on_basis"] in ("stated", "published", "inferred") for c in counts)


def test_notes_name_the_stated_on_date_as_readers_see_it_not_by_its_column(counts):
    """A note is read beside the Counts page's columns, so it names them by their labels."""
    columns = [name for name in counts[0] if "_" in name]
    for c in counts:
        for field in ("note", "note_ru", "note_kk"):
            named = [n for n in columns if re.search(rf"\b{n}\b", c[field])]
            assert not named, (c["id"], field, named)


def test_11_the_morgue_workers_43_adds_to_the_21(counts):
    more = _count(counts, "kostyuchenko-morgue-bodies-43")
    first = _count(counts, more["adds_to"])
    assert first["id"] == "kostyuchenko-morgue-bodies-21"
    assert int(first["value"]) + int(more["value"]) == 64
    assert _count(counts, "pg-2011-12-18-detained-60")["adds_to"] == "pg-2011-12-18-detained-70"
    curfew = _count(counts, "official-curfew-detained-60")  # "60+ more" (fact base §1, §2)
    assert curfew["adds_to"] == "official-night-2011-12-16-detained-70"
    police = _count(counts, "pg-2012-01-25-injured-police-35")  # "64 gunshot wounds + 35 police"
    assert police["adds_to"] == "pg-2012-01-25-injured-gunshot-64"
    # "19 more" does not say what it adds to, so it links to nothing
    assert _count(counts, "official-2011-12-20-detained-19")["adds_to"] == ""


def test_11_the_deaths_chart_labels_43_more_64_in_all():
    from lib.counts import build_deaths_chart

    data = load_dataset(DATA)
    fig = build_deaths_chart(data.counts)
    texts = [text for trace in fig.data if trace.text is not None for text in trace.text]
    assert "43 more (64 in all) bodies" in texts
    assert "43 bodies" not in texts


@pytest.mark.parametrize("source_id", ["abai-kz-11981", "radiosvoboda-24595862", "otuken-shetpe"])
def test_12_languages_guessed_from_addresses_are_marked_inferred(sources, source_id):
    row = only([s for s in sources if s["id"] == source_id], source_id)
    assert row["language_basis"] == "inferred"
    assert "guessed" in row["note"]


GENERIC_PATH_WORDS = frozenset(
    {"amp", "archive", "article", "content", "doc", "download", "emailid", "gifiles", "html",
     "id", "news", "php", "politics", "post", "rbcnews", "society"}
)  # fmt: skip


def _address_words(url: str) -> set[str]:
    """Words of three letters or more in an address's path and query, without generic ones."""
    path = re.sub(r"^https?://[^/]+", "", url)
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", path)} - GENERIC_PATH_WORDS


def test_12_addresses_with_no_words_of_the_text_are_inferred(sources):
    """An address with no words and no language code (tass.com/archive/666842) cannot show the
    language: it is marked inferred."""
    language_code = re.compile(r"//(en|eng|engnews|rus)\.|/(en|ru)/|_en/")
    bare = [
        s["id"]
        for s in sources
        if not _address_words(s["url"]) and not language_code.search(s["url"])
    ]
    assert {"abai-kz-11981", "radiosvoboda-24595862", "otuken-shetpe", "tass-666842"} <= set(bare)
    assert [s for s in bare if _source_basis(sources, s) != "inferred"] == []


def _source_basis(sources, source_id: str) -> str:
    return only([s for s in sources if s["id"] == source_id], source_id)["language_basis"]


def test_11_detail_label_says_43_more_also_from_the_validated_copy(tmp_path):
    """The event detail and the figure panel read "43 more (64 in all)", also when the dataset
    comes back from the validated copy (lib/store.py) rather than from the files."""
    from lib.format import count_label
    from lib.store import load_validated

    for attempt in range(2):  # the first load writes the copy, the second reads it
        data = load_validated(DATA, tmp_path)
        row = data.counts.set_index("id").loc["kostyuchenko-morgue-bodies-43"].to_dict()
        assert count_label(row).startswith("43 more (64 in all) bodies counted"), attempt
    inferred = data.counts.set_index("id").loc["odf-morgue-bodies-64"].to_dict()
    assert count_label(inferred).endswith("stated 17 Dec 2011 (date inferred)")
    # the Kazakh put "stated" after "date inferred": "17 жел. 2011, күні болжанған айтылған"
    assert count_label(inferred, "kk").endswith("17 жел. 2011 айтылған (күні болжанған)")
    assert count_label(inferred, "ru").endswith("названо 17 дек. 2011 (дата выведена)")


def test_russian_figures_put_the_metric_before_the_number():
    """A Russian metric after a number would have to agree with it ("1 погибших" and "21 тел
    насчитано" were shown): before a colon one form is right for every figure."""
    from lib.counts import ChartOptions, build_deaths_chart
    from lib.format import count_label

    data = load_dataset(DATA)
    rows = {row["id"]: row for row in data.counts.to_dict("records")}
    assert count_label(rows["official-shetpe-deaths-1"], "ru").startswith("погибших: 1 — ")
    assert count_label(rows["kostyuchenko-morgue-bodies-21"], "ru").startswith("насчитано тел: 21")
    assert count_label(rows["official-shetpe-deaths-1"], "en").startswith("1 dead — ")
    assert count_label(rows["official-shetpe-deaths-1"], "kk").startswith("1 қаза тапқан — ")
    for row in rows.values():  # no Russian label starts with its number
        assert not re.match(r"\d", count_label(row, "ru")), row["id"]
    fig = build_deaths_chart(data.counts, ChartOptions(lang="ru", sources=data.sources))
    hovers = [h for trace in fig.data for h in (trace.hovertext or ())]
    assert any(h.startswith("<b>погибших: 1</b>") for h in hovers), hovers
    assert not any(re.match(r"<b>\d", h) for h in hovers)
    # the morgue counts' point labels ("21 тел", "ещё 43 (всего 64) тел" were drawn)
    labels = [x for trace in fig.data for x in (trace.text or ()) if "тел" in str(x)]
    assert "тела: 21" in labels, labels
    assert all(x.startswith("тела: ") for x in labels), labels
    english = build_deaths_chart(data.counts, ChartOptions(lang="en", sources=data.sources))
    assert "21 bodies" in [x for trace in english.data for x in (trace.text or ())]


def test_texts_are_in_our_own_words_not_a_sources_sentence(events, counts):
    """No English text of the events, counts, dataset and narratives repeats 10 words in a row
    of the HRW release or the fact base (their fingerprints: ``tools/source_shingles.py``).
    AA's cell once repeated the release; two verdict notes and a title, the fact base."""
    from tools.source_shingles import fingerprints

    sources = set((Path(__file__).parent / "source_shingles.txt").read_text().split())
    fields = ("title_en", "description_en", "time_note_en", "location_note_en")
    texts = [(e["id"], k, e.get(k)) for e in events for k in fields]
    texts += [(c["id"], "note", c["note"]) for c in counts]
    info = json.loads((DATA / "dataset.json").read_text(encoding="utf-8"))
    texts += [("dataset.json", k, info.get(k)) for k in ("summary_en", "method_en")]
    for path in sorted((DATA / "narratives").glob("*.json")):
        steps = json.loads(path.read_text(encoding="utf-8"))["steps"]
        texts += [(path.name, f"steps[{i}]", step["text_en"]) for i, step in enumerate(steps)]
    copied = [
        (i, k)
        for i, k, text in texts
        if text and fingerprints(" ".join(text) if isinstance(text, list) else text) & sources
    ]
    assert not copied


ADDS_TO_WORDING = re.compile(r"\bin addition to\b|^\S+ further\b")
"""A note that says its figure comes on top of another: "in addition to the 64", '"60+" further'."""


def test_a_figure_said_to_come_on_top_of_another_names_it(counts):
    """A count whose note says it is in addition to another links to it (``adds_to``), so the
    page says "35 more (99 in all)"; the injured police and the curfew detentions did not."""
    unlinked = [c["id"] for c in counts if ADDS_TO_WORDING.search(c["note"]) and not c["adds_to"]]
    assert not unlinked


def test_kazakh_more_than_takes_the_ablative_ending_of_the_number_read_aloud():
    """ "700 астам" read wrongly: Kazakh says "700-ден астам" (жеті жүз-ден), as the narrative does."""
    from lib.format import count_value

    expected = {700: "700-ден", 400: "400-ден", 64: "64-тен", 43: "43-тен", 10: "10-нан"}
    expected |= {40: "40-тан", 86: "86-дан", 150: "150-ден", 1000: "1 000-нан"}
    for value, start in expected.items():
        text = count_value({"qualifier": "more_than", "value": value}, "kk")
        assert text.replace("\xa0", " ") == f"{start} астам", text
    assert count_value({"qualifier": "more_than", "value": 700}, "en") == "more than 700"


ENGLISH_PARAGRAPH = re.compile(r"\bp\d+")
"""The release's paragraphs as English writes them ("p5", "p16–p17")."""


def _translated_texts() -> list[tuple[str, str]]:
    """Every Russian and Kazakh text of the shipped data, with where it is."""
    found: list[tuple[str, str]] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")
        elif isinstance(value, str) and re.search(r"_(ru|kk)(\.|\[|$)", where):
            found.append((where, value))

    for path in [DATA / "dataset.json", DATA / "events.geojson", *DATA.glob("narratives/*.json")]:
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    for name in ("counts.csv", "sources.csv"):
        for row in _read_csv(name):
            found += [(f"{name}.{k}", v) for k, v in row.items() if re.search(r"_(ru|kk)$", k)]
    return found


def test_russian_and_kazakh_texts_cite_paragraphs_in_their_own_language():
    """The overview read "(HRW p16–p17)" in Russian and Kazakh: "p" is English."""
    texts = _translated_texts()
    assert len(texts) > 300  # the walk found the translations
    assert [(where, text) for where, text in texts if ENGLISH_PARAGRAPH.search(text)] == []


def test_russian_and_kazakh_texts_name_publishers_as_their_readers_know_them(
    events, counts, sources
):
    """The Kazakh timeline's notes said "RBC" and "Interfax" where the Russian said РБК and
    «Интерфакс», and the Kazakh credit beside them РБК (found by a journalist's review): a
    publisher with a name of its own in a language is never named in English there."""
    renamed = {
        (s["publisher"], lang)
        for s in sources
        for lang in ("ru", "kk")
        if " " not in s["publisher"] and s[f"publisher_{lang}"] not in ("", s["publisher"])
    }
    assert {("TASS", "kk"), ("RBC", "kk"), ("Interfax", "ru")} <= renamed
    texts = [(e["id"], k, v) for e in events for k, v in e.items() if k.endswith(("_ru", "_kk"))]
    texts += [(c["id"], k, v) for c in counts for k, v in c.items() if k.endswith(("_ru", "_kk"))]
    found = [
        (row, key, name)
        for row, key, text in texts
        for name, lang in renamed
        if key.endswith(f"_{lang}") and isinstance(text, str) and re.search(rf"\b{name}\b", text)
    ]
    assert not found


RUSSIAN_POINT = {
    "en": "43°20′20″N 52°51′20″E",
    "ru": "43°20′20″ с. ш. 52°51′20″ в. д.",
    "kk": "43°20′20″ с. е. 52°51′20″ ш. б.",
}
"""Zhanaozen's point as the Russian Wikipedia article gives it, about 125 m from the one drawn."""


def test_every_event_drawn_at_zhanaozens_point_names_the_russian_articles_point(events):
    """Two published points for the town differ by about 125 m; an event's location note is
    the one place a reader meets where it is drawn, so each gives both (the AP outage's did
    not, in 1.3)."""
    drawn_there = [e for e in events if e["_coords"] == ZHANAOZEN]
    assert len(drawn_there) >= 30
    missing = [
        (e["id"], lang)
        for e in drawn_there
        for lang in ("en", "ru", "kk")
        if RUSSIAN_POINT[lang] not in (e.get(f"location_note_{lang}") or "")
    ]
    assert missing == []
