"""Browser: the map by keyboard only: Tab reaches each symbol, Enter or Space acts as a click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import AKTAU, make_event, make_info, make_source, write_dataset

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAX_TABS = 150
ACTIVE = """() => {
    const a = document.activeElement;
    if (!a || !a.classList.contains('ev-badge')) return null;
    const style = getComputedStyle(a);
    return {label: a.getAttribute('aria-label'), outline: style.outlineStyle,
            width: parseFloat(style.outlineWidth)};
}"""


@pytest.fixture(scope="module")
def keys_server(start_app, tmp_path_factory):
    events = [
        make_event(id="zh-1", category="detention", title_en="First Zhanaozen detention"),
        make_event(id="zh-2", category="detention", title_en="Second Zhanaozen detention"),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="aktau-1",
            category="detention",
            place="Aktau",
            start="2011-12-17",
            title_en="Aktau detention",
        ),
    ]
    folder = write_dataset(
        tmp_path_factory.mktemp("keys"),
        events=events,
        sources=[make_source()],
        counts=[],
        info=make_info(),
    )
    return start_app(folder)


def _open_map(page, url: str):
    page.goto(f"{url}/map")
    page.locator(FRAME).wait_for()
    frame = page.locator(FRAME).element_handle().content_frame()
    frame.locator(".ev-badge").first.wait_for()
    frame.wait_for_function("() => window.mapAccess !== undefined")
    return frame


def _tab_to(page, frame, label: re.Pattern) -> dict:
    """Press Tab until a map symbol whose name matches ``label`` has focus; return its state."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = frame.evaluate(ACTIVE)
        if state and label.search(state["label"] or ""):
            return state
    pytest.fail(f"no symbol named {label.pattern!r} within {MAX_TABS} Tab presses")


def test_enter_on_an_event_symbol_opens_its_detail_and_link(page, keys_server):
    frame = _open_map(page, keys_server)
    state = _tab_to(page, frame, re.compile(r"^Detention in Aktau, 17 December 2011"))
    assert state["outline"] != "none" and state["width"] >= 2  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]event=aktau-1(&|$)"))
    page.locator('[data-testid="stHeading"]', has_text="Aktau detention").wait_for()
    close = frame.locator(".leaflet-popup-close-button")  # the popup opens too, as on a click
    assert close.get_attribute("aria-label") == "Close"
    # a screen reader hears where the detail went; the page's frame is named after the map
    assert (
        "beside the map (under it on a narrow screen)"
        in frame.locator(".ev-live[role=status]").inner_text()
    )
    assert page.locator(FRAME).get_attribute("aria-label") == "Map: Test map"


def test_space_on_a_group_symbol_lists_its_events(page, keys_server):
    frame = _open_map(page, keys_server)
    state = _tab_to(page, frame, re.compile(r"^Detention: 2 events in "))
    assert state["outline"] != "none"
    page.keyboard.press(" ")
    page.locator('[data-testid="stHeading"]', has_text="2 events (Detention)").wait_for()
    assert "event=" not in page.url
    # sized as an event's title beside the map: at the page's 28 px its ")" took a line alone
    size = page.locator(".st-key-group-heading h3").evaluate(
        "h => parseFloat(getComputedStyle(h).fontSize)"
    )
    assert size <= 19, size
    live = frame.locator(".ev-live[role=status]").inner_text()
    assert "list of these events" in live and "(under it on a narrow screen)" in live


GRID_FOCUSED = """() => document.activeElement.getAttribute('data-testid') === 'data-grid-canvas'
    && !!document.activeElement.closest('[class*="st-key-map_group_"]')"""


def test_a_row_of_a_groups_list_is_chosen_by_keyboard(page, keys_server):
    frame = _open_map(page, keys_server)
    _tab_to(page, frame, re.compile(r"^Detention: 2 events in "))
    page.keyboard.press(" ")
    table = page.locator('[class*="st-key-map_group_"] [data-testid="stDataFrame"]')
    table.wait_for()
    help_text = page.locator('[data-testid="stCaptionContainer"]', has_text="Shift+Space")
    expect(help_text).to_be_visible()  # the list says how a keyboard chooses a row
    for _ in range(MAX_TABS):  # out of the map, through the table's toolbar, into its rows
        page.keyboard.press("Tab")
        if page.evaluate(GRID_FOCUSED):
            break
    else:
        pytest.fail("Tab never reached the rows of the group's list")
    page.keyboard.press("ArrowDown")  # the first cell has focus; the second row
    page.keyboard.press("Shift+Space")
    page.wait_for_url(re.compile(r"[?&]event=zh-\d(&|$)"))
    chosen = re.search(r"event=(zh-\d)", page.url).group(1)
    title = {"zh-1": "First", "zh-2": "Second"}[chosen] + " Zhanaozen detention"
    page.locator('[data-testid="stHeading"]', has_text=title).wait_for()


IN_POPUP = """() => !!document.activeElement.closest('.leaflet-popup')"""


def test_a_popup_opened_by_key_takes_the_focus_and_escape_gives_it_back(page, keys_server):
    """Its links and close button came after every other symbol in Tab order, and Escape did
    not close it."""
    frame = _open_map(page, keys_server)
    _tab_to(page, frame, re.compile(r"^Detention in Aktau, 17 December 2011"))
    page.keyboard.press("Enter")
    page.locator('[data-testid="stHeading"]', has_text="Aktau detention").wait_for()
    frame.locator(".leaflet-popup-content").wait_for()
    assert frame.evaluate(IN_POPUP)
    page.keyboard.press("Tab")  # the next stop is the popup's own: a source link or Close
    assert frame.evaluate(IN_POPUP)
    page.keyboard.press("Escape")
    expect(frame.locator(".leaflet-popup")).to_have_count(0)
    state = frame.evaluate(ACTIVE)  # back on the symbol it came from
    assert state and state["label"].startswith("Detention in Aktau, 17 December 2011")


NAMED = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return null;
    return {tag: a.tagName, name: (a.getAttribute('aria-label') || '').trim(),
            badge: a.classList.contains('ev-badge')};
}"""


def test_every_tab_stop_in_the_map_has_a_name(page, app_server):
    """The rings of periods (a state of emergency, a cut-off) have tooltips, which make Leaflet
    shapes Tab stops: they were the map's first three stops and had no name."""
    frame = _open_map(page, app_server)
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = frame.evaluate(NAMED)
        if stop is None:
            continue
        stops.append(stop)
        if stop["badge"]:
            break
    rings = [s for s in stops if s["tag"] == "path"]
    assert rings, stops  # the shipped data draws period rings before the symbols
    assert all(s["name"] for s in stops), stops
    assert any(s["name"].startswith("State of emergency") for s in rings), rings


def test_a_period_rings_tooltip_opened_by_focus_lies_inside_the_map(page, app_server):
    """Opened by Tab, the state of emergency's tooltip was 100 px wide and 593 px tall (its
    width shrank to the longest word), running past the map's bottom edge."""
    page.set_viewport_size({"width": 1280, "height": 800})
    frame = _open_map(page, app_server)
    frame.locator("path[aria-label^='State of emergency']").first.focus()
    tip = frame.locator(".leaflet-tooltip").first
    tip.wait_for()
    box = tip.evaluate(
        """t => { const r = t.getBoundingClientRect();
                  const m = t.closest('.leaflet-container').getBoundingClientRect();
                  return {w: r.width, h: r.height, inside: r.top >= m.top && r.bottom <= m.bottom
                          && r.left >= m.left && r.right <= m.right}; }"""
    )
    assert box["w"] >= 200 and box["h"] <= 240 and box["inside"], box


TIP_PLACE = """t => { const r = t.getBoundingClientRect();
  const m = t.closest('.leaflet-container').getBoundingClientRect();
  const a = document.activeElement.getBoundingClientRect();
  return {label: document.activeElement.getAttribute('aria-label'),
          clear: r.bottom <= a.top + 1,
          inside: r.left >= m.left - 0.5 && r.right <= m.right + 0.5}; }"""


def test_a_symbols_tooltip_stands_above_it_and_inside_the_map(page, app_server):
    """At 1024 px, Tab to "Violence: 7 events in Zhanaozen" opened its tooltip over the symbol
    and its focus ring (anchored at the town's centre, not at the symbol on the town's ring),
    and cut at the map's right edge. Every symbol's tooltip now stands above it, in the map."""
    page.set_viewport_size({"width": 1024, "height": 900})
    frame = _open_map(page, app_server)
    badges = frame.locator(".ev-badge")
    assert badges.count() > 10
    for i in range(badges.count()):
        badges.nth(i).focus()
        tip = frame.locator(".leaflet-tooltip")
        tip.last.wait_for()
        place = tip.last.evaluate(TIP_PLACE)
        assert place["clear"] and place["inside"], place
        badges.nth(i).blur()
        expect(tip).to_have_count(0)


# every Tab stop of the map (symbols, period rings): its box, the map's, and its name
MAP_STOPS = """() => {
  const m = document.querySelector('.leaflet-container').getBoundingClientRect();
  return [...document.querySelectorAll('.leaflet-container [tabindex]')]
    .filter(e => e.tabIndex >= 0 && (e.classList.contains('leaflet-marker-icon') || e.tagName === 'path'))
    .map(e => { const r = e.getBoundingClientRect();
      return {name: e.getAttribute('aria-label'), inside: r.right > m.left && r.left < m.right
              && r.bottom > m.top && r.top < m.bottom}; });
}"""


@pytest.mark.parametrize("view", ["zhanaozen", "aktau"])
def test_tab_reaches_only_the_symbols_in_the_maps_view(page, app_server, view):
    """In the Zhanaozen view Tab went to Aktau's and Shetpe's symbols, out of sight (one at
    y = -214 px); the map slid to show each and was left cut off, the title still saying
    "Events in Zhanaozen". Tab reaches what the view shows; a moved map reaches what it shows."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_server}/map?view={view}")
    page.locator(FRAME).wait_for()
    frame = page.locator(FRAME).element_handle().content_frame()
    frame.locator(".ev-badge").first.wait_for()
    frame.wait_for_function("() => window.mapAccess !== undefined")
    stops = frame.evaluate(MAP_STOPS)
    assert any(s["inside"] for s in stops), stops
    frame.wait_for_function(f"() => ({MAP_STOPS})().every(s => s.inside)")
    # zoomed out to the region, the other towns' symbols are Tab stops again
    frame.evaluate(
        "() => { const c = document.querySelector('.leaflet-container');"
        " for (const k in window) { if (window[k] instanceof L.Map) window[k].setZoom(6); } }"
    )
    frame.wait_for_function(
        f"() => ({MAP_STOPS})().filter(s => s.inside).length > {len([s for s in stops if s['inside']])}"
    )
