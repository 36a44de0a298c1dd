"""A map rendered once and shown later sends what st_folium would send for the same map."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
import streamlit_folium as sf
from streamlit_folium import st_folium

from lib.events import load_dataset
from lib.map_component import render_parts, show_map
from lib.map_frame import frame_map, map_frames, selection_ring, step_view
from lib.map_view import CLICK_OBJECTS, WORLD, MapOptions, build_map, drawn_groups
from tests.factories import AKTAU, make_event, write_dataset


@pytest.fixture
def dataset(tmp_path):
    events = [
        make_event(id="zh-protest-1", category="protest"),
        make_event(id="zh-violence", category="violence"),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)}, id="aktau-1", place="Aktau"
        ),
        make_event(geometry=None, id="nowhere", place=None),
    ]
    return load_dataset(write_dataset(tmp_path, events=events))


@pytest.fixture
def sent(monkeypatch):
    calls: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize("selected", [[], ["aktau-1"]], ids=["no ring", "ring"])
def test_the_parts_send_what_st_folium_sends(dataset, sent, selected):
    events = dataset.events
    m = frame_map(
        build_map(events, MapOptions(title="Events")),
        map_frames(WORLD, events, first=True)[0],
        "en",
    )
    ring = selection_ring(events, selected)
    twin, twin_ring = copy.deepcopy(m), copy.deepcopy(ring)  # the same element ids
    options = {"key": "map", "height": 720, "returned_objects": CLICK_OBJECTS}

    st_folium(m, use_container_width=True, feature_group_to_add=ring, **options)
    show_map(
        render_parts(twin), use_container_width=True, feature_group_to_add=twin_ring, **options
    )

    theirs, ours = ({k: v for k, v in call.items() if k != "on_change"} for call in sent)
    # the one difference: the click counter starts where the frame's script starts it, so the
    # frame reports no change once drawn (st_folium's None made every page run twice)
    assert theirs["default"] == {"last_object_clicked_count": None, "last_active_drawing": None}
    assert ours.pop("default") == {"last_object_clicked_count": 0, "last_active_drawing": None}
    del theirs["default"]
    assert ours == theirs
    assert ("sel-ring" in ours["feature_group"]) is bool(selected)
    assert ours["script"] and ours["js_links"]


def test_the_parts_can_be_shared(dataset):
    m = frame_map(
        build_map(dataset.events, MapOptions()),
        map_frames(WORLD, dataset.events, first=True)[0],
        "en",
    )
    parts = render_parts(m)
    assert pickle.loads(pickle.dumps(parts)) == parts  # plain values: no folium objects kept
    assert hash(parts.js_links) and "map_div" in parts.script


def _shown_step(feature_group: str) -> tuple[list, list[str]]:
    """Return the box and the symbols' refs a step's layer hands to ``showStep``."""
    start = feature_group.index("window.showStep(map_div, ") + len("window.showStep(map_div, ")
    (box, refs), _ = json.JSONDecoder().raw_decode("[" + feature_group[start:].split(");")[0] + "]")
    return box, refs


@pytest.mark.parametrize(
    "step", [["aktau-1"], ["zh-protest-1", "zh-violence"], []], ids=["one", "two", "none"]
)
def test_a_step_shows_in_full_the_symbols_its_highlight_would_draw_in_full(dataset, sent, step):
    """Present draws one map for every step; a step's layer hands the map the symbols to show
    in full and its box. They are those the map drawn for that step alone does not dim."""
    events = dataset.events
    box = ((43.1, 52.5), (43.6, 53.2))
    show_map(
        render_parts(frame_map(build_map(events, MapOptions()), box, "en")),
        key="present_map",
        feature_group_to_add=[selection_ring(events, step), step_view(events, step, box)],
    )
    drawn, refs = _shown_step(sent[0]["feature_group"])
    assert drawn == [[43.1, 52.5], [43.6, 53.2]]
    alone = drawn_groups(
        build_map(events, MapOptions(highlight=frozenset(step))).get_root().render()
    )
    assert sorted(refs) == sorted(
        g["properties"]["ref"] for g in alone if not g["properties"].get("dim")
    )
    assert refs or not step
