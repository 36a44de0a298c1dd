"""The Map page in real Chromium, offline: drawn, clickable, hostile text inert."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import RESULTS, open_page, save_screenshot, wait_for_app
from tests.factories import AKTAU, make_event, make_info, make_source, write_dataset

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=window.__xss=1> \u27e6e:aktau\u27e7"  # and another event's reference
FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _offline(page) -> list[str]:
    """Refuse every request that leaves the machine; return the list of refused URLs."""
    refused: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
            r.continue_()
        else:
            refused.append(url)
            r.abort()

    page.route("**/*", route)
    return refused


@pytest.fixture(scope="module")
def hostile_server(start_app, tmp_path_factory):
    events = [
        make_event(id="hostile", title_en=HOSTILE, category="violence"),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="aktau",
            place="Aktau",
            title_en="Aktau protest",
        ),
        make_event(
            geometry={"type": "Point", "coordinates": [52.1, 44.34]},
            id="shetpe",
            place="Shetpe",
            location_precision="approximate",
            location_uncertainty_km=15,
            location_note_en="Derived from a stated distance",
            title_en="Shetpe event",
        ),
    ]
    folder = write_dataset(
        tmp_path_factory.mktemp("hostile"),
        events=events,
        sources=[make_source()],
        counts=[],
        info=make_info(),
    )
    return start_app(folder)


def test_map_draws_offline_on_the_shipped_data(page, app_server):
    refused = _offline(page)
    open_page(page, app_server)  # the frame first, as a reader arrives
    open_page(page, f"{app_server}/map")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container").wait_for()
    frame.locator(".ev-badge").first.wait_for()
    assert frame.locator(".ev-badge").count() > 3
    assert frame.locator(".leaflet-overlay-pane path").count() > 3  # land outlines
    assert page.locator(FRAME).bounding_box()["height"] > 300
    save_screenshot(page, "map-shipped")
    assert not [u for u in refused if "tile" not in u], refused


def test_the_map_page_runs_once_when_opened(page, app_server):
    """The map's first value is the page's default: drawing it starts no second run of the page
    (streamlit-folium's default click counter was None, the frame's 0, so every visit ran twice)."""
    from tests.test_browser_a11y import COUNT_RUNS

    open_page(page, app_server)
    page.add_init_script(COUNT_RUNS)
    open_page(page, f"{app_server}/map")
    page.frame_locator(FRAME).locator(".ev-badge").first.wait_for()
    wait_for_app(page)  # a second run would start as soon as the map was drawn
    assert page.evaluate("window.__runs") == 1


def test_clicking_a_symbol_shows_its_detail_and_hostile_text_stays_text(page, hostile_server):
    _offline(page)
    open_page(page, hostile_server)
    open_page(page, f"{hostile_server}/map?view=zhanaozen")
    frame = page.frame_locator(FRAME)
    badge = frame.locator(".ev-badge").first
    badge.wait_for()
    assert frame.locator(".ev-badge").count() == 3  # symbols stay DOM markers, one per group
    # uncertainty circles go on one canvas, in a pane the mouse passes through
    canvas = frame.locator(".leaflet-ev-uncertainty-pane canvas")
    assert canvas.count() == 1
    assert canvas.evaluate("c => getComputedStyle(c.parentElement).pointerEvents") == "none"
    badge.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert HOSTILE in tooltip.inner_text()  # tooltip HTML is assembled in the browser
    # a real mouse click: Leaflet -> streamlit-folium -> rerun -> detail beside the map
    badge.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE in popup.inner_text()
    # the popup takes the tooltip's place: on a phone the wider tooltip stuck out behind it
    expect(frame.locator(".leaflet-tooltip")).to_have_count(0)
    detail = page.locator('[data-testid="stHeading"]', has_text=HOSTILE)
    detail.wait_for()
    assert page.evaluate("window.__xss") is None
    assert frame.locator("body").evaluate("() => window.__xss") is None
    assert "event=hostile" in page.url
    assert page.locator('[data-testid="stAlert"]').count() == 0  # view=zhanaozen is a known view
    # no empty optional field shows as "nan" in the detail
    assert "nan" not in page.locator(".st-key-detail-map").inner_text().split()
    save_screenshot(page, "map-hostile-click")


def _boxes_apart(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_map_controls_leave_its_texts_readable(page, app_server, width, lang):
    """A phone, a small laptop: the scale bar stays, and never lies over the source credit (it
    did in the bottom-right corner, where the credit box reaches at these widths); the title
    box wraps before the layers button (on a phone the Russian title ran under it); the credit
    and the legend read at 12 px."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server)
    open_page(page, f"{app_server}/map?lang={lang}")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    credit = frame.locator(".map-credit")
    scale = frame.locator(".leaflet-control-scale")
    credit.scroll_into_view_if_needed()
    for part in (credit, scale):
        assert part.is_visible()
    credit_box, scale_box = credit.bounding_box(), scale.bounding_box()
    assert credit_box is not None and scale_box is not None
    assert scale_box["width"] > 20  # the bar is drawn
    assert _boxes_apart(credit_box, scale_box), (credit_box, scale_box)
    head = frame.locator(".map-head").bounding_box()
    layers = frame.locator(".leaflet-control-layers").bounding_box()
    assert head is not None and layers is not None
    assert _boxes_apart(head, layers), (head, layers)
    page.locator(FRAME).screenshot(path=str(RESULTS / f"map-credit-{lang}-{width}.png"))
    # the credit and the opened legend at 12 px at least (10.5 and 11 px were the page's
    # smallest text on a phone)
    frame.locator(".map-legend-box summary").click()
    frame.locator(".map-legend .row").first.wait_for()
    sizes = frame.locator(".map-credit, .map-legend, .map-legend *").evaluate_all(
        "els => els.filter(e => e.textContent.trim())"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 12, sorted(sizes)[:3]


@pytest.mark.parametrize(("width", "beside"), [(1024, False), (1280, True)])
def test_the_event_detail_is_readable_beside_or_under_the_map(page, app_server, width, beside):
    # at 1024 px with the sidebar open the detail column beside the map was 145 px wide: its
    # heading took four lines of two words; it now goes under the map where it would be narrower
    # than 200 px, and stays beside it where it has room
    page.set_viewport_size({"width": width, "height": 900})
    event = "2011-12-18-shetpe-suspects-detained"
    open_page(page, f"{app_server}/map?event={event}")
    detail = page.locator(".st-key-detail-map")
    expect(detail.locator('[data-testid="stHeading"]')).to_be_visible()
    panel, frame = detail.bounding_box(), page.locator(FRAME).bounding_box()
    assert panel is not None and frame is not None
    assert panel["width"] >= 200, panel
    assert (panel["x"] >= frame["x"] + frame["width"]) == beside, (panel, frame)


@pytest.mark.parametrize(("width", "beside"), [(1024, False), (1280, True)])
def test_choosing_an_event_leaves_the_map_and_the_column_where_they_were(
    page, app_server, width, beside
):
    """At 1024 px the note "Select an event…" stood beside a 387 px map; choosing an event (by
    Enter on a symbol, or a click) widened the map to 564 px and put the detail under it, below
    the fold. The note now stands where the detail will."""
    page.set_viewport_size({"width": width, "height": 768})
    open_page(page, f"{app_server}/map")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    note = page.locator(".st-key-detail-none")
    expect(note).to_be_visible()
    before, map_before = note.bounding_box(), page.locator(FRAME).bounding_box()
    assert before is not None and map_before is not None
    assert (before["x"] >= map_before["x"] + map_before["width"]) == beside, (before, map_before)
    symbol = frame.locator(".ev-badge:not([aria-label*=' events'])").first
    symbol.focus()
    page.keyboard.press("Enter")
    detail = page.locator(".st-key-detail-map")
    expect(detail.locator('[data-testid="stHeading"]')).to_be_visible()
    after, map_after = detail.bounding_box(), page.locator(FRAME).bounding_box()
    assert after is not None and map_after is not None
    assert map_after["width"] == pytest.approx(map_before["width"], abs=1), (map_before, map_after)
    assert after["x"] == pytest.approx(before["x"], abs=1), (before, after)


@pytest.mark.parametrize(("width", "beside"), [(1024, False), (1280, True)])
def test_choosing_from_a_groups_list_leaves_the_list_where_it_was(page, app_server, width, beside):
    """At 1024 px a group's list stood beside the map, 145 px wide; choosing one of its events
    moved the list under the map and the event's detail 800 px further down, out of sight. The
    list now stands where the detail will (under the map at 1024 px, beside it at 1280 px)."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server)
    open_page(page, f"{app_server}/map")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    frame.locator(".ev-badge[aria-label*=' events']").first.click()
    heading = page.locator(".st-key-group-heading")
    expect(heading).to_be_visible()
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').last
    before = table.bounding_box()
    map_box = page.locator(FRAME).bounding_box()
    assert before is not None and map_box is not None
    assert (before["x"] >= map_box["x"] + map_box["width"]) == beside, (before, map_box)
    assert before["width"] >= 200, before
    table.scroll_into_view_if_needed()
    before = table.bounding_box()
    page.mouse.click(before["x"] + 20, before["y"] + 35 + 17)  # the first row
    detail = page.locator(".st-key-detail-map")
    expect(detail.locator('[data-testid="stHeading"]')).to_be_visible()
    wait_for_app(page)
    after = table.bounding_box()
    assert after is not None
    assert abs(after["x"] - before["x"]) < 2 and abs(after["y"] - before["y"]) < 2, (before, after)
    panel = detail.bounding_box()
    assert panel is not None and panel["y"] >= after["y"] + after["height"] - 1


PANNED = """c => new Promise(done => {
    const map = Object.values(window).find(v => v instanceof L.Map && v.getContainer() === c);
    (function check() {
        if (map._panAnim && map._panAnim._inProgress) requestAnimationFrame(check);
        else done();
    })();
})"""
"""Resolves once the map's pan (a popup opening pans it into view) has ended."""


def test_a_popup_on_a_phone_fits_the_map_and_clears_its_title(page, app_server):
    """At 390 px the map is 358 px wide: a group's popup (340 px of text) ran off its right
    edge, and the title box and zoom buttons (controls lie above popups) hid its lines."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_server}/map?cat=detention")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    badges = frame.locator(".ev-badge")
    rightmost = max(range(badges.count()), key=lambda i: badges.nth(i).bounding_box()["x"])
    badges.nth(rightmost).scroll_into_view_if_needed()
    badges.nth(rightmost).click()
    popup = frame.locator(".leaflet-popup")
    popup.wait_for()
    wait_for_app(page)
    container = frame.locator(".leaflet-container")
    container.evaluate(PANNED)
    box, area = popup.bounding_box(), container.bounding_box()
    assert box["x"] >= area["x"] and box["x"] + box["width"] <= area["x"] + area["width"], (
        box,
        area,
    )
    for control in (".map-head", ".leaflet-control-zoom"):
        over = frame.locator(control).bounding_box()
        assert _boxes_apart(box, over), (control, box, over)
    save_screenshot(page, "map-popup-390")


HEADING_LOOK = """() => {
  const h = document.querySelector('h1');
  const lines = Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight));
  const cut = [...document.querySelectorAll('[data-testid=stButtonGroup] button')]
    .filter(b => b.offsetParent)
    .map(b => b.querySelector('[data-testid=stMarkdownContainer]') || b)
    .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent);
  return {lines, cut, text: h.textContent};
}"""


@pytest.mark.parametrize(
    ("viewport", "query"),
    [
        ({"width": 1024, "height": 768}, "lang=kk&theme=projector"),
        ({"width": 1024, "height": 768}, "lang=ru&theme=projector"),
        ({"width": 390, "height": 844}, "lang=ru"),
        ({"width": 390, "height": 844}, "lang=kk"),
    ],
)
def test_the_map_title_is_one_word_and_its_view_choice_whole(page, app_server, viewport, query):
    """In a quarter of the row, the projector's "Карта" broke into "Карт / а" at 1024 px; the
    view choice beside the title now takes the rest of the row, and on a phone goes under the
    title rather than cutting "Мангистауская обла…"."""
    page.set_viewport_size(viewport)
    open_page(page, f"{app_server}/map?{query}")
    page.locator("[data-testid=stButtonGroup] button").first.wait_for()
    look = page.evaluate(HEADING_LOOK)
    assert look["lines"] == 1 and not look["cut"], look


LEGEND_LOOK = """l => { const s = getComputedStyle(l);
  return {size: parseFloat(s.fontSize), columns: s.gridTemplateColumns.split(' ').length,
          scrolls: l.scrollHeight > l.clientHeight + 1, wide: l.scrollWidth > l.clientWidth + 1,
          shades: (s.backgroundImage.match(/radial-gradient/g) || []).length,
          attachment: s.backgroundAttachment}; }"""


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_legend_on_a_phone_is_readable_and_shows_that_it_scrolls(page, app_server, lang):
    """At 390 px the opened legend was 11 px text in three columns, and its last rows were cut
    at the box's edge with nothing to say that it scrolls."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_server}/map?lang={lang}")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    page.locator(FRAME).scroll_into_view_if_needed()
    frame.locator(".map-legend-box summary").click()
    look = frame.locator(".map-legend").evaluate(LEGEND_LOOK)
    assert look["size"] >= 13 and look["columns"] == 2 and not look["wide"], look
    if look["scrolls"]:  # a shade at the edge with more; the white covers move with the text
        assert look["shades"] == 2 and "local" in look["attachment"], look
    save_screenshot(page, f"map-legend-390-{lang}")


def test_a_finger_beside_a_symbol_on_a_phone_still_opens_it(browser, app_server):
    """Symbols are drawn 22 px wide, under the 24 px a finger needs: on a touch screen the point
    4 px beside one was the map's. (Chromium moves a tap onto a nearby target by itself, so the
    target under the point is asked directly, as a browser without that help finds it.)"""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        open_page(page, f"{app_server}/map")
        frame = page.frame_locator(FRAME)
        frame.locator(".leaflet-container[data-framed]").wait_for()
        page.locator(FRAME).scroll_into_view_if_needed()
        beside = frame.locator(".leaflet-container").evaluate(
            """c => [...c.querySelectorAll('.ev-badge')].map(b => {
                 const r = b.getBoundingClientRect();
                 const points = [[r.left - 4, r.top + r.height / 2], [r.right + 4, r.top + r.height / 2],
                                 [r.left + r.width / 2, r.top - 4], [r.left + r.width / 2, r.bottom + 4]];
                 return points.map(([x, y]) => {
                   const hit = document.elementFromPoint(x, y);
                   return hit ? (hit.closest('.ev-badge') === b ? 'own' : hit.closest('.ev-badge') ? 'other' : 'map') : 'none';
                 });
               })"""
        )
        assert beside and all(all(s in ("own", "other") for s in sides) for sides in beside), beside
        badge = frame.locator(".ev-badge").first
        box = badge.bounding_box()
        page.touchscreen.tap(box["x"] - 4, box["y"] + box["height"] / 2)
        expect(frame.locator(".leaflet-popup")).to_be_visible(timeout=15_000)
    finally:
        context.close()


def test_the_event_title_beside_the_map_is_sized_for_its_column(page, app_server):
    """Beside the map the column is about 220 px wide; the title at the page's 28 px ran to
    nine lines of two words in Russian."""
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"{app_server}/map?lang=ru&event=2011-05-24-sokolova-jailed")
    title = page.locator(".st-key-detail-map h3").first
    title.wait_for()
    size = title.evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    body = page.locator(".st-key-detail-map p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert body < size <= 1.2 * body, (size, body)
    lines = title.evaluate(
        "h => { const s = getComputedStyle(h); return (h.getBoundingClientRect().height"
        " - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight); }"
    )
    assert lines <= 6, lines
    save_screenshot(page, "map-detail-title-ru-1280")


TOWN_BOXES = """c => {
    const box = e => { const r = e.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
    const boxes = {Aktau: [], Zhanaozen: []};
    for (const b of c.querySelectorAll('.ev-badge')) {
        const m = / in (Aktau|Zhanaozen)\\b/.exec(b.getAttribute('aria-label') || '');
        if (m) boxes[m[1]].push(box(b));
    }
    boxes.map = box(c);
    boxes.label = box([...c.querySelectorAll('.town-label')].find(e => /Aktau/.test(e.textContent)));
    return boxes;
}"""
"""The map's, Aktau's name's and each Aktau and Zhanaozen symbol's box, in the frame."""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("width", [390, 1024])
def test_the_first_view_keeps_the_towns_apart_on_a_narrow_map(page, app_server, width):
    """The region's preset is a landscape box: fitted into a phone's 358 px map (or a laptop's
    387 px beside the sidebar) it left Aktau's and Zhanaozen's rings of symbols over each other
    and over Aktau's name. A narrow map fits the events' own box instead."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{app_server}/map")
    frame = page.frame_locator(FRAME)
    container = frame.locator(".leaflet-container[data-framed]")
    container.wait_for()
    boxes = container.evaluate(TOWN_BOXES)
    aktau, zhanaozen, area = boxes["Aktau"], boxes["Zhanaozen"], boxes["map"]
    assert aktau and zhanaozen, boxes
    crossed = [(a, z) for a in aktau for z in zhanaozen if _overlap(a, z)]
    assert not crossed, crossed  # no symbol of one town on one of the other
    covered = [z for z in zhanaozen if _overlap(boxes["label"], z)]
    assert not covered, (boxes["label"], covered)  # Aktau's name clear of Zhanaozen's symbols
    for symbol in aktau + zhanaozen:  # every symbol inside the map
        assert area["left"] <= symbol["left"] and symbol["right"] <= area["right"], symbol
    save_screenshot(page, f"map-first-view-{width}")


COVERED_COUNTS = """c => {
    const frame = c.getBoundingClientRect(), covered = [];
    let seen = 0;
    for (const badge of c.querySelectorAll('.ev-badge')) {
        const n = badge.querySelector('.ev-n'), r = n && n.getBoundingClientRect();
        if (!r || r.left < frame.left || r.right > frame.right || r.top < frame.top
            || r.bottom > frame.bottom) continue;  // no count, or outside the map's view
        seen += 1;
        const points = [[r.left + 3, r.top + 3], [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3],
                        [r.right - 3, r.bottom - 3], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
        const under = points.filter(([x, y]) => !n.contains(document.elementFromPoint(x, y)));
        if (under.length) covered.push(badge.getAttribute('aria-label') + ': ' + under.length);
    }
    return {seen, covered};
}"""
"""How many symbols' counts the map's view holds, and those with a corner or their middle under
something else (another symbol, its count)."""


@pytest.mark.parametrize(
    ("path", "width", "height"),
    [
        ("map?theme=projector", 1280, 720),
        ("map?theme=projector&view=zhanaozen", 1024, 768),
        ("map", 1024, 768),
        ("present?step=3&theme=projector", 1280, 720),
    ],
)
def test_every_count_on_the_symbols_is_in_full_view(page, app_server, path, width, height):
    """On a projector the symbols are drawn larger: on Zhanaozen's ring of seven the count of
    one symbol lay under the next one ("4" half hidden under the circle beside it), on the
    map page and on Present's steps. Neighbours on a ring now lie a symbol and its count
    apart, and a symbol lies over those up and to the right of it, where its count reaches."""
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, f"{app_server}/{path}", 60_000)
    container = page.frame_locator(FRAME).locator(".leaflet-container[data-framed]")
    container.wait_for(timeout=60_000)
    found = container.evaluate(COVERED_COUNTS)
    assert found["seen"] >= 7, found  # at least Zhanaozen's ring is in view
    assert not found["covered"], found["covered"]


PAN_DONE = """() => new Promise(done => {
  const map = window.map, frames = () => requestAnimationFrame(() => requestAnimationFrame(done));
  if (map._panAnim && map._panAnim._inProgress) map.once("moveend", frames); else frames();
})"""
"""Resolve once the map's pan to fit an opened popup has ended (at once if it did not pan)."""


def test_a_popup_panned_into_view_leaves_no_other_symbols_tooltip_under_it(page, app_server):
    """Clicking the Communications symbol in Aktau panned the map to fit its popup, which left
    the pointer over the Trial symbol: its tooltip opened, half under the popup (a review in
    the journalist's seat)."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, f"{app_server}/map")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container[data-framed]").wait_for()
    page.locator(FRAME).scroll_into_view_if_needed()
    symbol = frame.locator(".leaflet-marker-icon[aria-label^='Communications in Aktau']")
    box = symbol.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    frame.locator(".leaflet-popup").wait_for()
    frame.locator(".leaflet-container").evaluate(f"c => ({PAN_DONE})()")
    page.mouse.move(x, y)  # the browser's own move after the pan, at the pointer's place
    under = frame.locator(".leaflet-marker-icon").evaluate_all(
        f"els => els.some(e => {{ const r = e.getBoundingClientRect(), f = window.frameElement"
        f".getBoundingClientRect(); return r.left <= {x} - f.left && {x} - f.left <= r.right"
        f" && r.top <= {y} - f.top && {y} - f.top <= r.bottom; }})"
    )
    assert under, "the pan no longer leaves the pointer over another symbol: choose another"
    expect(frame.locator(".leaflet-tooltip")).to_have_count(0)
