"""Building the events map: grouping, escaping, precision, overlays, click mapping."""

from __future__ import annotations

import itertools
import json
import math
import re
from datetime import date

import pytest

from lib.events import load_dataset
from lib.map_view import (
    BADGE_PX,
    CATEGORIES,
    COUNT_OVERHANG_PX,
    POPUP_LIMIT,
    MapOptions,
    TownLabel,
    build_map,
    drawn_groups,
    drawn_texts,
    event_ids_from_click,
    group_events,
    label_sides,
    labels_from_places,
    overlaps,
    overlays_from_info,
    ref_from_click,
    split_located,
)
from lib.schema import DatasetInfo
from tests.factories import AKTAU, ZHANAOZEN, make_event, make_source, write_dataset

HOSTILE = "<img src=x onerror=window.__xss=1>"
SHETPE = {"type": "Point", "coordinates": [52.1, 44.34]}


@pytest.fixture
def dataset(tmp_path):
    events = [
        make_event(id="zh-protest-1", category="protest"),
        make_event(id="zh-protest-2", category="protest", title_en=HOSTILE),
        make_event(id="zh-violence", category="violence", claimant=HOSTILE),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)}, id="aktau-1", place="Aktau"
        ),
        make_event(
            geometry=SHETPE,
            id="shetpe-1",
            place="Shetpe — railway station",
            location_precision="approximate",
            location_uncertainty_km=15,
            location_note_en="Derived from the distance to Aktau",
            category="violence",
        ),
        make_event(geometry=None, id="nowhere", place=None),
    ]
    sources = [make_source(publisher=HOSTILE, url='https://example.org/a?x="><script>')]
    return load_dataset(write_dataset(tmp_path, events=events, sources=sources, counts=[]))


def _script(m) -> str:
    return m.get_root().render()


def test_groups_cover_every_located_event_once(dataset):
    groups = group_events(dataset.events)
    located, unplaced = split_located(dataset.events)
    ids = [i for g in groups for i in g.ids]
    assert sorted(ids) == sorted(located["id"])
    assert list(unplaced["id"]) == ["nowhere"]
    zhanaozen = [g for g in groups if g.ids[0].startswith("zh-")]
    assert {g.category for g in zhanaozen} == {"protest", "violence"}
    assert len({g.slot for g in zhanaozen}) == 2  # spread on a ring, not stacked
    aktau = next(g for g in groups if g.ids == ("aktau-1",))
    assert aktau.slot == (0, 0)


@pytest.mark.parametrize("count", range(2, 12))
def test_neighbours_on_a_ring_lie_a_symbol_and_its_count_apart(tmp_path, count):
    """Seven categories at one town lay 32 px apart on a 36 px ring: a symbol's count (8 px past
    it) touched the next symbol, and on a projector's larger symbols lay under it."""
    events = [make_event(id=f"e{i}", category=c) for i, c in enumerate(CATEGORIES[:count])]
    folder = write_dataset(tmp_path, events=events, sources=[make_source()], counts=[])
    slots = [g.slot for g in group_events(load_dataset(folder).events)]
    assert len(slots) == count
    nearest = min(math.dist(a, b) for a, b in itertools.combinations(slots, 2))
    assert nearest >= BADGE_PX + COUNT_OVERHANG_PX + 4, (count, nearest)


def test_drawn_features_hold_one_count_per_located_event(dataset):
    features = drawn_groups(_script(build_map(dataset.events, MapOptions(sources=dataset.sources))))
    assert sum(f["properties"]["n"] for f in features) == 5
    assert len(features) == len(group_events(dataset.events))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_data_string_is_escaped(dataset):
    html = _script(build_map(dataset.events, MapOptions(sources=dataset.sources)))
    assert HOSTILE not in html
    shipped = drawn_texts(html)
    assert shipped["src"]  # the source table travels once, beside the features
    texts = _strings([f["properties"] for f in drawn_groups(html)]) + _strings(shipped)
    escaped = "&lt;img src=x onerror=window.__xss=1&gt;"
    assert sum(escaped in text for text in texts) >= 3  # a title, a claimant, a publisher
    assert all(HOSTILE not in text and '"><script>' not in text for text in texts)
    assert any("x=&#34;&gt;&lt;script&gt;" in text for text in texts)  # the source URL too
    assert all("<" not in text and ">" not in text for text in texts)  # no markup from Python


def test_large_groups_ship_only_the_first_events(tmp_path):
    events = [make_event(id=f"zh-{i}", title_en=f"Event {i}") for i in range(POPUP_LIMIT + 5)]
    data = load_dataset(write_dataset(tmp_path, events=events, sources=[make_source()], counts=[]))
    (feature,) = drawn_groups(_script(build_map(data.events)))
    props = feature["properties"]
    assert props["n"] == POPUP_LIMIT + 5
    # the first in the order of the list beside the map
    assert [e[1] for e in props["ev"]] == list(data.events["title_en"][:POPUP_LIMIT])
    assert "5 more" in props["more"]


def test_scripts_and_styles_are_local_and_no_tiles_by_default(dataset):
    m = build_map(dataset.events)
    for _, url in m.default_js + m.default_css:
        assert url.startswith("/app/static/vendor/")
    html = _script(m)
    assert "tile.openstreetmap.org" in html  # offered as a layer, switched off:
    name = re.search(r"var (tile_layer_\w+) = L\.tileLayer", html).group(1)
    assert f"{name}.addTo(" not in html
    assert (
        '"maxZoom": 14' in html
    )  # Leaflet plugins refuse to start without maxZoom when tiles=None
    offline = _script(build_map(dataset.events, MapOptions(online_tiles=False)))
    assert "openstreetmap" not in offline


INFO = DatasetInfo.model_validate(
    {
        "title_en": "Test",
        "map": {
            "title_en": "Test map",
            "views": [
                {"id": "town", "label_en": "Town", "center": [43.33778, 52.85528], "zoom": 11}
            ],
            "places": [
                {
                    "name_en": "Shetpe",
                    "position": [44.34, 52.1],
                    "precision": "approximate",
                    "uncertainty_km": 15,
                    "sources": [{"source": "src-a", "locator": "distance"}],
                },
                {
                    "name_en": "Zhanaozen",
                    "position": [43.33778, 52.85528],
                    "precision": "town",
                    "sources": [{"source": "src-a", "locator": "infobox"}],
                },
            ],
            "overlays": [
                {
                    "id": "blackout",
                    "kind": "radius",
                    "event_id": "zh-violence",
                    "place": "Zhanaozen",
                    "radius_km": 65,
                    "approximate": True,
                    "label_en": "Blackout <b>approx.</b>",
                    "description_en": "A ring of about 65 km",
                    "sources": [{"source": "src-a", "locator": "p16"}],
                }
            ],
        },
    }
)


def test_approximate_places_carry_their_uncertainty_and_are_labelled_approximate(dataset):
    labels = labels_from_places(INFO.map.places)
    shetpe = next(label for label in labels if label.name == "Shetpe")
    assert shetpe.approximate and shetpe.uncertainty_km == 15
    html = _script(build_map(dataset.events, MapOptions(labels=labels)))
    assert '"radius_m": 15000.0' in html
    assert "approx." in html


def test_overlays_come_from_the_dataset_and_follow_their_event(dataset):
    (overlay,) = overlays_from_info(INFO, dataset.events, dataset.sources)
    event = dataset.events.set_index("id").loc["zh-violence"]
    assert (overlay.start, overlay.end) == (event["t0"], event["t1"])
    assert (overlay.lat, overlay.lon, overlay.radius_km) == (43.33778, 52.85528, 65)
    assert overlaps((overlay.start, overlay.end), date(2011, 12, 16), date(2011, 12, 16))
    assert not overlaps((overlay.start, overlay.end), date(2011, 12, 18), None)
    assert overlaps((overlay.start, overlay.end), None, None)
    shown = _script(build_map(dataset.events, MapOptions(overlays=(overlay,))))
    assert "65000" in shown
    assert any("Blackout &lt;b&gt;approx.&lt;/b&gt;" in tip for tip in _tooltips(shown))
    hidden = _script(
        build_map(dataset.events, MapOptions(overlays=(overlay,), shown_overlays=frozenset()))
    )
    assert "65000" in hidden  # still a layer in the layer control, switched off


def _tooltips(script: str) -> list[str]:
    """Return the HTML of every tooltip bound with a literal (each must be a JSON string)."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"\.bindTooltip\(\s*", script):
        if script.startswith("tip,", match.end()):  # the event symbols' tooltips, built in JS
            continue
        value, _ = decoder.raw_decode(script, match.end())
        assert isinstance(value, str)
        found.append(value)
    return found


def _clicked(props: dict) -> dict:
    """Return what streamlit-folium reports for a click on a symbol (see ON_EACH_EVENT)."""
    return {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [0, 0]},
            "properties": {"ref": props["ref"]},
        },
        "last_object_clicked_count": 1,
    }


def test_a_click_maps_back_to_one_event_or_a_group(dataset):
    features = drawn_groups(_script(build_map(dataset.events)))
    by_n = {}
    for feature in features:
        by_n.setdefault(feature["properties"]["n"], []).append(feature)
    single = by_n[1][0]["properties"]
    pair = by_n[2][0]["properties"]
    ids = event_ids_from_click(_clicked(single), dataset.events)
    assert ids == [single["ref"].removeprefix("e:")]
    assert sorted(event_ids_from_click(_clicked(pair), dataset.events)) == [
        "zh-protest-1",
        "zh-protest-2",
    ]
    assert ref_from_click({"last_active_drawing": {"type": "Feature", "properties": {}}}) is None
    assert ref_from_click({"last_object_clicked_tooltip": "\u27e6e:zh-protest-1\u27e7"}) is None
    assert ref_from_click({"last_active_drawing": {"properties": {"ref": "x:1"}}}) is None
    assert event_ids_from_click(None, dataset.events) == []


def test_a_click_carries_the_reference_not_the_text(tmp_path):
    """A title naming another event's reference does not make a click open that event."""
    events = [
        make_event(id="decoy", title_en="Decoy \u27e6e:target\u27e7 \u27e6g:1,2,protest\u27e7"),
        make_event(geometry={"type": "Point", "coordinates": list(AKTAU)}, id="target"),
    ]
    data = load_dataset(write_dataset(tmp_path, events=events, sources=[make_source()], counts=[]))
    script = _script(build_map(data.events))
    decoy = next(f for f in drawn_groups(script) if f["properties"]["ref"] == "e:decoy")
    assert event_ids_from_click(_clicked(decoy["properties"]), data.events) == ["decoy"]
    # the browser keeps only the reference on the symbol it reports
    assert "properties: {ref: p.ref}" in script


def test_unknown_view_is_refused(dataset):
    with pytest.raises(KeyError, match="nowhere"):
        build_map(dataset.events, MapOptions(view="nowhere"))


SCRIPT_PAYLOADS = [
    "`${globalThis.__pwned=1}`",
    "`+(globalThis.__pwned=2)+`",
    "\\`${globalThis.__pwned=3}",
    "</script><script>globalThis.__pwned='tag'</script>",
    "\u2028\u2029'\"};globalThis.__pwned='quote';//",
]


def test_town_rings_at_one_place_nest_and_a_cut_off_is_drawn_apart(dataset):
    """A state of emergency and a phone cut-off around the same town: two rings, neither hidden."""
    from dataclasses import replace

    (base,) = overlays_from_info(INFO, dataset.events, dataset.sources)
    emergency = replace(base, id="soe", kind="town", label="Emergency", category="restriction")
    phones = replace(base, id="phones", kind="town", label="Phones", category="communications")
    html = _script(build_map(dataset.events, MapOptions(overlays=(emergency, phones))))
    rings = re.findall(
        r'"color": "(#[0-9A-Fa-f]{6})", "dashArray": "([^"]+)".*?"radius": ([\d.]+)', html
    )
    by_colour = {colour: (dash, float(radius)) for colour, dash, radius in rings}
    assert by_colour["#D55E00"][0] == "8 5"
    assert by_colour["#555555"][0] == "2 5"
    assert by_colour["#555555"][1] > by_colour["#D55E00"][1]


def _hostile_info(payload: str) -> DatasetInfo:
    doc = INFO.model_dump(mode="json")
    overlay = doc["map"]["overlays"][0]
    overlay["label_en"] = f"Label {payload}"
    overlay["description_en"] = f"Description {payload}"
    doc["map"]["title_en"] = f"Title {payload}"
    doc["map"]["places"][0]["name_en"] = f"Shetpe {payload}"
    return DatasetInfo.model_validate(doc)


@pytest.mark.parametrize("payload", [*SCRIPT_PAYLOADS, "`"])
def test_no_data_text_runs_as_script_in_the_map(tmp_path, payload):
    from tests.jsrun import run_scripts

    events = [
        make_event(id="zh-violence", category="violence", title_en=f"T {payload}"),
        make_event(id="zh-other", category="violence", claimant=f"C {payload}"),
    ]
    sources = [make_source(publisher=f"P {payload}", title=f"S {payload}")]
    data = load_dataset(write_dataset(tmp_path, events=events, sources=sources, counts=[]))
    info = _hostile_info(payload)
    overlays = overlays_from_info(info, data.events, data.sources)
    assert overlays and payload in overlays[0].source_names[0]
    options = MapOptions(
        title=info.map.title_en,
        subtitle=f"Sub {payload}",
        sources=data.sources,
        labels=labels_from_places(info.map.places),
        overlays=overlays,
    )
    result = run_scripts(_script(build_map(data.events, options)))
    assert result == {"error": None, "pwned": None}


def test_map_options_key_leaves_out_what_belongs_to_the_dataset(tmp_path):
    """Shared renderings (the Map and Present pages) are keyed by it: every option that
    changes the map is in it; sources, outlines and inset (the dataset version's) are not."""
    import pandas as pd

    from lib.cache import options_key

    base = MapOptions(lang="en", title="Events", highlight=frozenset({"a"}))
    twin = MapOptions(
        lang="en",
        title="Events",
        highlight=frozenset({"a"}),
        sources=pd.DataFrame({"id": ["s"]}),
        outlines=tmp_path / "outlines.geojson",
        inset=tmp_path / "inset.geojson",
    )
    assert options_key(base) == options_key(twin)
    for other in (
        MapOptions(lang="ru", title="Events", highlight=frozenset({"a"})),
        MapOptions(lang="en", title="Events", highlight=frozenset({"b"})),
        MapOptions(lang="en", title="Events", highlight=frozenset({"a"}), subtitle="x"),
    ):
        assert options_key(other) != options_key(base)


def test_place_names_are_written_away_from_the_nearest_other_place() -> None:
    zhanaozen = TownLabel("Zhanaozen", ZHANAOZEN[1], ZHANAOZEN[0])
    aktau = TownLabel("Aktau", AKTAU[1], AKTAU[0])
    north = TownLabel("North", 44.34, 52.1, approximate=True, uncertainty_km=10)
    # away from the others: Aktau's name west (over the sea), Zhanaozen's east, and the name
    # of the place north of both above it
    assert label_sides([zhanaozen, aktau, north]) == ("east", "west", "north")
    assert label_sides([zhanaozen, aktau]) == ("east", "west")
    assert label_sides([aktau]) == ("east",)
    assert label_sides([]) == ()
    # distances as drawn: a degree of longitude is shorter than one of latitude at 60° N
    here = TownLabel("Here", 60.0, 10.0)
    east_by_lon = TownLabel("East", 60.0, 11.5)  # 0.75° as drawn
    north_west = TownLabel("North-west", 60.9, 9.9)  # 0.9° as drawn
    assert label_sides([here, east_by_lon, north_west])[0] == "west"


def test_a_name_written_west_ends_beside_its_ring(tmp_path) -> None:
    folder = write_dataset(
        tmp_path / "d",
        events=[
            make_event(id="zh"),
            make_event(id="ak", geometry={"type": "Point", "coordinates": list(AKTAU)}),
        ],
        sources=[make_source()],
    )
    labels = (
        TownLabel("Zhanaozen", ZHANAOZEN[1], ZHANAOZEN[0]),
        TownLabel("Aktau", AKTAU[1], AKTAU[0]),
    )
    html = build_map(load_dataset(folder).events, MapOptions(labels=labels)).get_root().render()
    names = {
        feature["properties"]["html"]: feature["properties"]
        for feature in _town_features_in(html)
        if not feature["properties"]["disc"]
    }
    assert names["Aktau"]["side"] == "west" and names["Aktau"]["ax"] > 0  # it ends left of its ring
    assert names["Zhanaozen"]["side"] == "east" and names["Zhanaozen"]["ax"] < 0
    assert '"town-label " + p.side' in html and ".town-label.west { translate: -100% 0;" in html


def _town_features_in(html: str) -> list[dict]:
    """The place discs and names in a rendered map (the GeoJSON layers' data)."""
    found = []
    for match in re.finditer(r"_add\((\{\"features\": .*?\})\);\n", html):
        doc = json.loads(match.group(1))
        found += [f for f in doc["features"] if "disc" in f["properties"]]
    return found
