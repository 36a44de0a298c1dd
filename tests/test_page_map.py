"""AppTest checks of the Map page on a small dataset."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.i18n import t
from lib.map_frame import frame_of
from lib.map_view import drawn_groups
from lib.tables import column_px
from tests.factories import AKTAU, ZHANAOZEN, make_event, make_info, make_source, write_dataset

HOSTILE = "<img src=x onerror=window.__xss=1>"
ROOT = Path(__file__).resolve().parent.parent
RING = re.compile(r"L\.marker\(\s*\[([-\d.]+),\s*([-\d.]+)\]")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    events = [
        make_event(id="zh-protest-1", category="protest", start="2011-12-16"),
        make_event(id="zh-protest-2", category="protest", start="2011-12-17", title_en=HOSTILE),
        make_event(id="zh-detention", category="detention", start="2011-12-17"),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="aktau-protest",
            place="Aktau",
            category="protest",
            start="2011-12-18",
        ),
        make_event(geometry=None, id="unplaced", place=None, start="2011-12-18"),
    ]
    folder = write_dataset(
        tmp_path / "data", events=events, sources=[make_source()], counts=[], info=make_info()
    )
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    return folder


def _map_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception
    return at


def _component(at: AppTest):
    components = at.get("component_instance")
    assert len(components) == 1
    return components[0]


def _args(at: AppTest) -> dict:
    return json.loads(_component(at).proto.json_args)


def _drawn_count(at: AppTest) -> int:
    return sum(f["properties"]["n"] for f in drawn_groups(_args(at)["script"]))


def test_map_draws_each_located_filtered_event_and_lists_the_rest(data_dir):
    at = _map_page()
    assert _drawn_count(at) == 4
    assert any("1 event has no place on the map" in e.label for e in at.expander)


def test_the_list_of_events_with_no_place_is_filled_once_opened(data_dir):
    at = _map_page()
    assert not at.dataframe  # closed: no table sent (the browser would load its code)
    at.session_state["map-unplaced-open"] = True
    at.run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Test event"]
    # the table's rows are chosen by keyboard too, and the list says how
    assert any("Shift+Space" in c.value for c in at.caption), [c.value for c in at.caption]


def test_the_map_is_rendered_once_and_reused(data_dir, monkeypatch):
    import lib.map_view

    builds = []
    build_map = lib.map_view.build_map
    monkeypatch.setattr(
        lib.map_view, "build_map", lambda *a, **k: builds.append(1) or build_map(*a, **k)
    )
    at = _map_page()
    script = _args(at)["script"]
    _click(at, "e:aktau-protest")  # a rerun with a ring: the same map
    at.switch_page("pages/map.py").run()
    assert _args(at)["script"] == script
    assert _rings(at) == [(AKTAU[1], AKTAU[0])]
    assert len(builds) == 1  # the cache is per data directory: this one is new


def test_changing_a_filter_changes_the_map(data_dir):
    at = _map_page()
    categories = [m for m in at.multiselect if m.key in ("cat", "filter_cat")]
    assert len(categories) == 1
    categories[0].set_value(["detention"]).run()
    assert _drawn_count(at) == 1
    features = drawn_groups(_args(at)["script"])
    assert [f["properties"]["cat"] for f in features] == ["detention"]


def test_scripts_and_styles_are_served_locally(data_dir):
    args = _args(_map_page())
    assert args["js_links"] and args["css_links"]
    for link in args["js_links"] + args["css_links"]:
        assert not link.startswith("http"), link
        assert link.startswith("/app/static/")
        assert (ROOT / "static" / link.removeprefix("/app/static/")).is_file(), link
    assert set(args["returned_objects"]) == {"last_active_drawing", "last_object_clicked_count"}


def _inside(frame, point) -> bool:
    (south, west), (north, east) = frame
    lon, lat = point
    return south < lat < north and west < lon < east


def test_preset_view_comes_from_the_url(data_dir):
    at = _map_page({"view": "aktau"})
    frame = frame_of(_args(at)["script"])
    assert _inside(frame, AKTAU) and not _inside(frame, ZHANAOZEN)
    assert _args(at)["center"] is None  # the map fits its box; no fixed centre and zoom
    assert at.query_params["view"] in (["aktau"], "aktau")
    at.segmented_control(key="view").set_value("zhanaozen").run()
    frame = frame_of(_args(at)["script"])
    assert _inside(frame, ZHANAOZEN) and not _inside(frame, AKTAU)
    assert at.query_params["view"] in (["zhanaozen"], "zhanaozen")


def test_the_default_view_frames_every_filtered_event(data_dir):
    frame = frame_of(_args(_map_page())["script"])
    assert _inside(frame, AKTAU) and _inside(frame, ZHANAOZEN)


def _rings(at: AppTest) -> list[tuple[float, float]]:
    code = _args(at)["feature_group"] or ""
    return [(float(a), float(b)) for a, b in RING.findall(code)]


def _click(at: AppTest, ref: str, count: int = 1) -> None:
    """Report a click on the symbol carrying ``ref``, as streamlit-folium does."""
    component = _component(at)
    at.session_state[json.loads(component.proto.json_args)["key"]] = {
        "last_active_drawing": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [0, 0]},
            "properties": {"ref": ref},
        },
        "last_object_clicked_count": count,
    }
    at.run()


def _tip(at: AppTest, n: int) -> str:
    """Return the reference a symbol of ``n`` events carries."""
    return next(f for f in drawn_groups(_args(at)["script"]) if f["properties"]["n"] == n)[
        "properties"
    ]["ref"]


def test_clicking_a_symbol_selects_its_event(data_dir):
    at = _map_page()
    _click(at, _tip(at, 1))
    assert not at.exception
    selected = at.session_state["selected_event"]
    assert selected in {"zh-detention", "aktau-protest"}
    assert at.query_params["event"] in ([selected], selected)
    assert "Test event" in [s.value for s in at.subheader]  # the detail beside the map


def test_clicking_a_group_lists_its_events_beside_the_map(data_dir):
    at = _map_page()
    _click(at, _tip(at, 2))
    assert not at.exception
    assert any("2 events" in s.value for s in at.subheader)
    table = at.dataframe[-1].value
    assert HOSTILE in list(table[t("map.col.title", "en")])  # shown as data, not HTML
    # the date first, as wide as its longest: after the title it was cut to "16 D" (a review)
    when = t("map.col.when", "en")
    assert list(table.columns)[0] == when
    width = json.loads(at.dataframe[-1].proto.columns)[when]["width"]
    assert width >= column_px([when, *table[when]]) > 75, width


def test_the_selected_event_is_ringed_and_the_ring_follows_the_next_click(data_dir):
    at = _map_page()
    assert _rings(at) == []
    _click(at, "e:aktau-protest")
    assert at.session_state["selected_event"] == "aktau-protest"
    assert _rings(at) == [(AKTAU[1], AKTAU[0])]
    _click(at, "e:zh-detention")
    assert at.session_state["selected_event"] == "zh-detention"
    assert _rings(at) == [(ZHANAOZEN[1], ZHANAOZEN[0])]  # moved, not stale


def test_the_places_less_list_reads_texts_for_its_page_alone(tmp_path, monkeypatch):
    """Titles, claimants and dates are made for the 500 rows shown, not for every event (at
    100,000 events that took seconds on the first visit, for a list shown a page at a time)."""
    import lib.cache

    events = [make_event(id=f"zh-{i:04d}", category="protest") for i in range(300)] + [
        make_event(id=f"np-{i:04d}", geometry=None, place=None, title_en=f"Unplaced {i}")
        for i in range(502)
    ]
    folder = write_dataset(tmp_path / "data", events=events, info=make_info())
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    sizes = []
    for name in ("column_texts", "when_texts"):
        real = getattr(lib.cache, name)

        def recorded(frame, *args, real=real, **kwargs):
            sizes.append(len(frame))
            return real(frame, *args, **kwargs)

        monkeypatch.setattr(lib.cache, name, recorded)
    at = _map_page()
    assert sizes == []  # closed: only the count is shown
    at.session_state["map-unplaced-open"] = True
    at.run()
    assert len(at.dataframe[0].value) == 500
    assert sizes and max(sizes) == 500, sizes
    at.number_input(key="map_unplaced_page").set_value(2).run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Unplaced 500", "Unplaced 501"]
    assert sizes[-1] == 2


def test_long_lists_under_and_beside_the_map_come_a_page_at_a_time(tmp_path, monkeypatch):
    shared = [make_event(id=f"zh-{i:04d}", category="protest") for i in range(501)]
    unplaced = [
        make_event(id=f"np-{i:04d}", geometry=None, place=None, title_en=f"Unplaced {i}")
        for i in range(502)
    ]
    folder = write_dataset(tmp_path / "data", events=shared + unplaced, info=make_info())
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    at = _map_page()
    at.session_state["map-unplaced-open"] = True  # the list is filled once opened
    at.run()
    assert len(at.dataframe[0].value) == 500  # the places-less list: one page of 502
    assert any(c.value == "Events 1–500 of 502." for c in at.caption)
    at.number_input(key="map_unplaced_page").set_value(2).run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Unplaced 500", "Unplaced 501"]

    _click(at, _tip(at, 501))  # the group of 501 events at one place
    assert not at.exception
    group = at.dataframe[-1]
    assert len(group.value) == 500
    page = next(n for n in at.number_input if n.key.startswith("map_group_"))
    page.set_value(2).run()
    assert len(at.dataframe[-1].value) == 1


def _credit(at: AppTest) -> str:
    """The credit under the map's key (the script writes its HTML as a JSON string)."""
    return re.search(r'map-credit\\"\\u003e(.*?)\\u003c', _args(at)["script"]).group(1)


def test_the_live_maps_credit_names_the_sources_of_what_its_view_draws(tmp_path, monkeypatch):
    """On the Aktau view the credit named the publishers of every event, Zhanaozen's too."""
    events = [
        make_event(id="zh", sources=[{"source": "src-zh", "locator": "p1"}]),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="ak",
            place="Aktau",
            sources=[{"source": "src-ak", "locator": "p2"}],
        ),
    ]
    sources = [
        make_source(id="src-zh", publisher="Zhanaozen Courier"),
        make_source(id="src-ak", publisher="Aktau Herald", url="https://example.org/b"),
    ]
    folder = write_dataset(
        tmp_path / "data", events=events, sources=sources, counts=[], info=make_info()
    )
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    for view, named, left in (
        ("aktau", "Aktau Herald", "Zhanaozen Courier"),
        ("zhanaozen", "Zhanaozen Courier", "Aktau Herald"),
    ):
        at = _map_page({"view": view})
        credit = _credit(at)
        assert named in credit and left not in credit, (view, credit)
    at = _map_page()  # the region: both towns
    credit = _credit(at)
    assert "Aktau Herald" in credit and "Zhanaozen Courier" in credit, credit
