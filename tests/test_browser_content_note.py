"""In Chromium: a violent title shows in no tooltip, popup, hover or list until the reader consents."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import open_page, save_screenshot, wait_for_app
from tests.factories import AKTAU, make_event, make_info, make_source, write_dataset

pytestmark = pytest.mark.browser

GRAPHIC = "Detainees with broken limbs in the cell"
NEUTRAL = "Account of the cell"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
TOGGLE = "Show descriptions of violence"


@pytest.fixture(scope="module")
def violent_url(start_app, tmp_path_factory):
    events = [
        make_event(
            id="cell",
            start="2011-12-17",
            title_en=GRAPHIC,
            title_neutral_en=NEUTRAL,
            description_en="Officers trod on the backs of heads.",
            category="ill_treatment",
            claimant_type="witness",
            claimant="AA, as relayed",
            violence_described=True,
        ),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="aktau",
            place="Aktau",
            title_en="Aktau protest",
        ),
    ]
    folder = write_dataset(
        tmp_path_factory.mktemp("violent") / "data",
        events=events,
        sources=[make_source()],
        counts=[],
        info=make_info(),
    )
    return start_app(folder)


def _consent(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(TOGGLE).click()
    wait_for_app(page)


def _map_tooltip(page) -> str:
    # a rerun that redraws the map mounts the new frame before the old one goes (a CI run under
    # load found both): wait for the one
    expect(page.locator(FRAME)).to_have_count(1, timeout=30_000)
    frame = page.frame_locator(FRAME)
    badge = frame.locator(".ev-badge").first
    badge.wait_for()
    badge.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for()
    return tooltip.inner_text()


def test_the_map_tooltip_and_popup_wait_for_consent(page, violent_url):
    open_page(page, violent_url)
    open_page(page, f"{violent_url}/map?view=zhanaozen")
    text = _map_tooltip(page)
    assert NEUTRAL in text and GRAPHIC not in text
    frame = page.frame_locator(FRAME)
    frame.locator(".ev-badge").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert NEUTRAL in popup.inner_text() and GRAPHIC not in popup.inner_text()
    expect(page.locator('[data-testid="stHeading"]', has_text=NEUTRAL)).to_be_visible(
        timeout=30_000
    )
    assert GRAPHIC not in page.locator('[data-testid="stMain"]').inner_text()
    save_screenshot(page, "content-note-map-before")

    _consent(page)
    expect(page.locator('[data-testid="stHeading"]', has_text=GRAPHIC)).to_be_visible()
    assert GRAPHIC in _map_tooltip(page)


def _hover_event(page, event_id: str) -> str:
    box = page.wait_for_function(
        """(wanted) => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            for (const trace of (gd && gd.calcdata) || []) {
                for (const point of trace) {
                    const ids = trace[0].trace.customdata || [];
                    const id = Array.isArray(ids[point.i]) ? ids[point.i][0] : ids[point.i];
                    if (id === wanted && point.node3) {
                        const r = point.node3.node().getBoundingClientRect();
                        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
                    }
                }
            }
            return null;
        }""",
        arg=event_id,
        timeout=30_000,
    ).json_value()
    page.mouse.move(box["x"], box["y"])
    hover = page.locator(f"{CHART} .hoverlayer .hovertext")
    hover.first.wait_for()
    return hover.first.text_content() or ""


def test_the_timeline_hover_and_day_list_wait_for_consent(page, violent_url):
    open_page(page, violent_url)
    open_page(page, f"{violent_url}/timeline")
    hover = _hover_event(page, "cell")
    assert NEUTRAL in hover and GRAPHIC not in hover
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("button", name=NEUTRAL)).to_have_count(1)  # the day list
    assert GRAPHIC not in main.inner_text()
    page.mouse.move(1, 1)

    _consent(page)
    expect(main.get_by_role("button", name=GRAPHIC)).to_have_count(1)
    hover = _hover_event(page, "cell")
    assert GRAPHIC in hover
