"""The map without a mouse: symbol names, control names, no tab stops on marks, a zoomable page."""

from __future__ import annotations

import json
import re

import folium
import pytest

from lib.events import load_dataset
from lib.map_access import STATIC_CSS, STATIC_JS, symbol_label
from lib.map_frame import frame_map, selection_ring
from lib.map_view import MapOptions, MapOverlay, build_map, drawn_groups, labels_from_places
from lib.offline_assets import STATIC_DIR
from tests.factories import AKTAU, make_event, make_source, write_dataset
from tests.test_map_view import INFO

HOSTILE = "<img src=x onerror=window.__xss=1>"


@pytest.fixture
def dataset(tmp_path):
    events = [
        make_event(id="zh-1", category="detention", title_en=HOSTILE),
        make_event(id="zh-2", category="detention", title_en="Second"),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="aktau-1",
            category="detention",
            place="Aktau",
            start="2011-12-17",
            title_en="Aktau detention, many hurt",
        ),
    ]
    return load_dataset(write_dataset(tmp_path, events=events, sources=[make_source()], counts=[]))


def _labels(m) -> dict[str, str]:
    html = m.get_root().render()
    return {f["properties"]["ref"]: f["properties"]["label"] for f in drawn_groups(html)}


def test_each_symbol_is_named_by_category_place_and_count_or_day(dataset):
    labels = _labels(build_map(dataset.events, MapOptions()))
    assert labels["e:aktau-1"] == "Detention in Aktau, 17 December 2011 (day only)"
    group = next(label for ref, label in labels.items() if ref.startswith("g:"))
    assert group == "Detention: 2 events in Zhanaozen"
    # the names never carry titles (which may be graphic or hostile): a title is read in the detail
    assert not any("hurt" in label or "<img" in label for label in labels.values())


def test_symbol_names_take_the_place_names_of_the_data_in_the_readers_language(dataset):
    labels = _labels(
        build_map(dataset.events, MapOptions(lang="ru", labels=labels_from_places(INFO.map.places)))
    )
    group = next(label for ref, label in labels.items() if ref.startswith("g:"))
    assert group == "Задержание: 2 события, Zhanaozen"  # INFO names the place in English only
    assert labels["e:aktau-1"].startswith("Задержание, Aktau, 17 декабря 2011")


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("en", 1, "Trial: 1 event in X"),
        ("en", 4, "Trial: 4 events in X"),
        ("ru", 21, "Суд: 21 событие, X"),
        ("ru", 3, "Суд: 3 события, X"),
        ("ru", 5, "Суд: 5 событий, X"),
        ("kk", 5, "Сот: X, 5 оқиға"),
    ],
)
def test_group_names_use_the_plural_forms_of_the_language(lang, n, text):
    # n == 1 with no date only happens for a cell; the group form is asked for directly here
    if n == 1:
        assert symbol_label("trial", n, "X", lang, when="1 May") == "Trial in X, 1 May"
    else:
        assert symbol_label("trial", n, "X", lang) == text
    assert symbol_label("trial", n, "X", lang, cell_km=20).count("20") == 1


def test_the_page_may_be_zoomed(dataset):
    m = build_map(dataset.events)
    m.render()
    header = m.get_root().header.render()
    (viewport,) = re.findall(r'<meta name="viewport"[^>]*>', header)
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    assert "initial-scale=1" in viewport


def test_the_map_is_a_named_region_with_named_buttons_in_the_readers_language(dataset):
    m = frame_map(build_map(dataset.events, MapOptions(lang="kk", title="T")), ((0, 0), (1, 1)))
    html = m.get_root().render()
    start = html.index(",", html.index("window.mapAccess.frame(")) + 1
    texts, _ = json.JSONDecoder().raw_decode(html[start:].lstrip())
    assert texts == {
        "region": "Карта: T",
        "zoomIn": "Жақындату",
        "zoomOut": "Алыстату",
        "layers": "Қабаттар",
        "close": "Жабу",
        "toEvent": "Оқиға мәліметтері картаның жанында (тар экранда — астында) көрсетілді.",
        "toGroup": "Осы оқиғалардың тізімі картаның жанында (тар экранда — астында) көрсетілді.",
        "leaflet": "Интерактивті карталарға арналған JavaScript кітапханасы",
        "lang": "kk",  # the frame's page says its language (static/map-access.js)
    }
    js_links = [
        url for element in m._children.values() for _, url in getattr(element, "default_js", [])
    ]
    assert STATIC_JS in js_links
    css_links = [
        url for element in m._children.values() for _, url in getattr(element, "default_css", [])
    ]
    assert STATIC_CSS in css_links
    for url in (STATIC_JS, STATIC_CSS):
        assert (STATIC_DIR / url.removeprefix("/app/static/")).exists()
    # symbols hand their name to static/map-access.js, which also makes Enter and Space click
    assert "mapAccess.symbol(marker, p.label, p.n > 1)" in html
    script = (STATIC_DIR / "map-access.js").read_text()
    assert 'marker.fire("click"' in script and '"Enter"' in script and '" "' in script


def _marker_options(html: str) -> list[str]:
    """Return the options of every marker folium declares (``L.marker([...], {...})``)."""
    return re.findall(r"L\.marker\(\s*\[[^\]]*\],\s*(\{[^}]*\})", html)


def test_marks_that_do_nothing_are_no_tab_stops(dataset):
    holder = folium.Map()
    selection_ring(dataset.events, ["aktau-1"]).add_to(holder)
    overlay = MapOverlay(
        id="o",
        kind="radius",
        lat=43.3,
        lon=52.8,
        label="Ring",
        description="d",
        source_names=("S",),
        start=dataset.events["t0"].min().to_pydatetime(),
        end=dataset.events["t1"].max().to_pydatetime(),
        radius_km=10,
    )
    overlay_map = build_map(dataset.events, MapOptions(overlays=(overlay,)))
    for html in (holder.get_root().render(), overlay_map.get_root().render()):
        options = _marker_options(html)
        assert options  # the ring; the overlay's label
        assert all('"keyboard": false' in o for o in options), options
