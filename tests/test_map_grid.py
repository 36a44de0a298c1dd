"""The map's symbol count stays bounded: lone events merge into grid cells drawn as cells."""

from __future__ import annotations

import json

import pytest

from lib.events import load_dataset
from lib.map_grid import bound_groups, cell_outlines
from lib.map_view import (
    MapOptions,
    build_map,
    drawn_groups,
    event_ids_from_click,
    group_events,
)
from tests.factories import make_event, write_dataset


@pytest.fixture
def scattered(tmp_path):
    events = [
        make_event(
            id=f"site-{i:03d}",
            geometry={
                "type": "Point",
                "coordinates": [51.0 + (i % 20) * 0.1, 43.0 + (i // 20) * 0.1],
            },
            place=f"Site {i}",
            location_precision="exact",
        )
        for i in range(200)
    ]
    events += [make_event(id=f"town-{i}") for i in range(3)]  # three at one shared point
    return load_dataset(write_dataset(tmp_path / "data", events=events)).events


def test_few_groups_are_left_alone(scattered):
    groups = group_events(scattered)
    assert bound_groups(groups, limit=len(groups)) == groups


def test_lone_events_merge_into_cells_and_shared_points_stay(scattered):
    groups = group_events(scattered)
    bounded = bound_groups(groups, limit=20)
    assert len(bounded) <= 20
    assert sorted(i for g in bounded for i in g.ids) == sorted(scattered["id"])
    town = [g for g in bounded if not g.cell and len(g.ids) == 3]
    assert len(town) == 1
    cells = [g for g in bounded if g.cell]
    assert cells and all(g.ref.startswith("c:") for g in cells)
    assert len(cell_outlines(bounded)["features"]) == len({(g.lat, g.lon) for g in cells})


def test_a_click_on_a_cell_lists_its_events(scattered):
    bounded = bound_groups(group_events(scattered), limit=20)
    for cell in (g for g in bounded if g.cell):
        result = {"last_active_drawing": {"type": "Feature", "properties": {"ref": cell.ref}}}
        assert sorted(event_ids_from_click(result, scattered)) == sorted(cell.ids)


def test_the_map_ships_no_event_texts_for_cells(scattered, monkeypatch):
    monkeypatch.setattr("lib.map_grid.MAX_SYMBOLS", 20)
    monkeypatch.setattr("lib.map_view.bound_groups", lambda g: bound_groups(g, limit=20))
    html = build_map(scattered, MapOptions()).get_root().render()
    drawn = drawn_groups(html)
    assert len(drawn) <= 20
    cells = [f for f in drawn if f["properties"]["ref"].startswith("c:")]
    assert cells and all(f["properties"]["ev"] == [] for f in cells)
    assert all("more" in f["properties"] for f in cells)
    assert "Site 1" not in json.dumps(cells)
