"""The Timeline page in Chromium: drawn, clickable, and safe with hostile titles."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import open_page, save_screenshot
from tests.factories import make_event, make_source, write_dataset

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=window.__xss=1>"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


@pytest.fixture(scope="module")
def hostile_url(start_app, tmp_path_factory):
    events = [
        make_event(
            id="only-point",
            start="2011-12-16T17:00+05:00",
            time_precision="hour",
            title_en="Prosecutor speaks at 17:00",
        ),
        make_event(
            id="hostile", start="2011-12-19", title_en=HOSTILE, claimant=f"<b>{HOSTILE}</b>"
        ),
        make_event(
            id="phones-cut",
            start="2011-12-16",
            time_precision="part_of_day",
            part_of_day="afternoon",
            end="2011-12-20",
            category="communications",
        ),
    ]
    folder = tmp_path_factory.mktemp("hostile") / "data"
    write_dataset(folder, events=events, sources=[make_source()], counts=[])
    return start_app(folder)


def _open_timeline(page, base_url: str) -> None:
    # A fresh server runs a first visit to /timeline in pages/-directory mode (no frame, no
    # view) until st.navigation has run once, so visit the root first.
    open_page(page, base_url)
    open_page(page, f"{base_url}/timeline")


def _wait_for_marks(page) -> None:
    page.wait_for_selector(f"{CHART} .scatterlayer .points path", timeout=30_000)
    page.wait_for_selector(f"{CHART} .barlayer .point path", state="attached", timeout=30_000)


def test_timeline_is_drawn_on_the_shipped_data(page, app_server):
    _open_timeline(page, app_server)
    _wait_for_marks(page)
    expect(page.locator(f"{CHART} .gtitle")).to_contain_text("Timeline of events")
    expect(page.locator(f"{CHART} .xtitle")).to_contain_text("Asia/Aqtau (UTC+5)")
    assert page.locator(f"{CHART} .scatterlayer .points path").count() > 0
    save_screenshot(page, "timeline")


def test_the_timeline_draws_in_a_font_its_camera_image_has_too(page, app_server):
    """On the screen the timeline took Streamlit's web font ("Source Sans"), which the image
    the chart's camera button makes cannot load: the legend, measured in the narrower web font,
    was cut in the image ("Foreign or international official (neither side")."""
    _open_timeline(page, app_server)
    _wait_for_marks(page)
    texts = f"{CHART} .legendtext, {CHART} .gtitle, {CHART} .gtitle-subtitle, {CHART} .ytick text"
    fonts = page.locator(texts).evaluate_all(
        "els => [...new Set(els.map(e => getComputedStyle(e).fontFamily))]"
    )
    assert fonts == ["Arial, Helvetica, sans-serif"], fonts


# each period's numbered mark (①…) that lies over an event's mark: a dot or a bar
MARKS_OVER_EVENTS = r"""chart => {
  const boxes = sel => [...chart.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.height > 0);
  const events = boxes('.scatterlayer .points path, .barlayer .point path');
  const marks = [...chart.querySelectorAll('.annotation')]
    .filter(a => /^[\u2460-\u2473]$/.test(a.textContent.trim()))
    .map(a => [a.textContent.trim(), a.querySelector('rect, text').getBoundingClientRect()]);
  const over = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  return {marks: marks.length,
          covering: marks.filter(([, m]) => events.some(e => over(m, e))).map(([n]) => n)};
}"""


@pytest.mark.parametrize("width", [390, 1024])
def test_the_periods_numbers_do_not_cover_the_first_lanes_marks(page, app_server, width):
    """The numbered marks of the shaded periods sat at the plot's top, in the first lane: ①
    covered half a dot and ⑤ sat on a bar of "Protest or strike". They have their own band."""
    page.set_viewport_size({"width": width, "height": 900})
    _open_timeline(page, app_server)
    _wait_for_marks(page)
    found = page.locator(CHART).first.evaluate(MARKS_OVER_EVENTS)
    assert found["marks"] >= 3, found
    assert found["covering"] == [], found


def test_clicking_a_mark_opens_its_detail(page, hostile_url):
    _open_timeline(page, hostile_url)
    _wait_for_marks(page)
    detail = page.locator('[data-testid="stHeading"]', has_text="Prosecutor speaks at 17:00")
    expect(detail).to_have_count(0)
    page.locator(f"{CHART} .scatterlayer .points path").first.click(force=True)
    expect(detail).to_be_visible(timeout=30_000)
    assert "event=only-point" in page.url


def test_one_tap_on_a_mark_opens_its_detail_on_a_phone(browser, hostile_url):
    """On a phone the first tap on a mark only showed its hover label and a second tap opened
    the event (a phone reader's review): plotly selects the mark under the last hover, and a
    finger gives no hover before it taps (``static/chart-tap.js``)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _open_timeline(page, hostile_url)
    _wait_for_marks(page)
    mark = page.locator(f"{CHART} .scatterlayer .points path").first
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_role("dialog")).to_contain_text("Prosecutor speaks at 17:00")
    context.close()


def test_a_mark_opens_its_detail_again_after_the_detail_is_closed(page, hostile_url):
    """Closed with Esc, the detail of a mark never opened again from that mark, however often
    it was clicked: the event was still the one selected, and only a new one opened it."""
    _open_timeline(page, hostile_url)
    _wait_for_marks(page)
    dialog = page.get_by_role("dialog")
    mark = page.locator(f"{CHART} .scatterlayer .points path").first
    mark.click(force=True)
    expect(dialog).to_contain_text("Prosecutor speaks at 17:00", timeout=30_000)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    mark.click(force=True)
    expect(dialog).to_contain_text("Prosecutor speaks at 17:00")


def test_a_shared_link_to_an_event_opens_its_detail_as_the_sender_saw_it(page, hostile_url):
    """The sender saw the detail in a dialog; the link opened the page with it far down the
    day-by-day list, and nothing on the first screen but a larger dot."""
    _open_timeline(page, hostile_url)
    open_page(page, f"{hostile_url}/timeline?event=only-point")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Prosecutor speaks at 17:00", timeout=30_000)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    page.get_by_role("link", name="Map").click()
    page.get_by_role("link", name="Timeline").click()  # a later visit: no dialog
    _wait_for_marks(page)
    expect(page.locator('[data-testid="stHeading"]', has_text="Prosecutor")).to_have_count(1)
    expect(dialog).to_have_count(0)


def test_hostile_title_shows_as_text_and_runs_nothing(page, hostile_url):
    _open_timeline(page, hostile_url)
    _wait_for_marks(page)
    expect(page.get_by_text(HOSTILE).first).to_be_visible()
    # hover the hostile event's bar: its label shows the title as text
    box = page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            for (const trace of gd.calcdata) {
                for (const point of trace) {
                    const ids = trace[0].trace.customdata || [];
                    if (ids[point.i] === 'hostile' && point.node3) {
                        const r = point.node3.node().getBoundingClientRect();
                        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
                    }
                }
            }
            return null;
        }"""
    )
    assert box is not None
    page.mouse.move(box["x"], box["y"])
    hover = page.locator(f"{CHART} .hoverlayer .hovertext")
    expect(hover).to_contain_text(HOSTILE)
    assert page.locator(f"{CHART} .hoverlayer img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => window.__xss") is None


@pytest.mark.parametrize("width", [390, 1024])
def test_the_day_by_day_entries_read_as_a_left_aligned_list(page, app_server, width):
    """Each entry is a button; Streamlit centres a button's label, so the list read as a column
    of centred paragraphs with ragged left edges. Every line of an entry now starts at its left."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{app_server}/timeline")
    entries = page.locator('.st-key-timeline-days [data-testid="stBaseButton-tertiary"]')
    expect(entries.first).to_be_visible()
    entries_lines = entries.evaluate_all(
        """buttons => buttons.map((button) => {
            const range = document.createRange();
            range.selectNodeContents(button.querySelector('p'));
            const lines = [...range.getClientRects()].filter((r) => r.width > 0);
            return {button: button.getBoundingClientRect().left,
                    lefts: lines.map((r) => Math.round(r.left)),
                    rows: new Set(lines.map((r) => Math.round(r.top))).size};
        })"""
    )
    assert len(entries_lines) > 10
    assert any(entry["rows"] > 1 for entry in entries_lines)  # long entries wrap
    for entry in entries_lines:
        assert min(entry["lefts"]) - entry["button"] <= 16, entry  # at most the button's padding
        assert len(set(entry["lefts"])) == 1, entry  # every line starts at the same x
    save_screenshot(page, f"timeline-day-list-{width}")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_claimant_lanes_leave_the_plot_room_on_a_phone(page, app_server, lang):
    """At 390 px the lanes by who makes the claim left the plot 2 px wide in Russian, 23 px in
    English and 50 px in Kazakh: the marks and dates were piled on one spot."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server)
    open_page(page, f"{app_server}/timeline?lane=claimant&lang={lang}")
    _wait_for_marks(page)
    plot = page.locator(f"{CHART} .nsewdrag").first.bounding_box()
    chart = page.locator(CHART).first.bounding_box()
    assert plot is not None and chart is not None
    assert plot["width"] >= 0.35 * chart["width"], (plot, chart)
    save_screenshot(page, f"timeline-claimant-{lang}-390")


def test_closing_a_shared_links_event_leaves_the_focus_at_its_entry(page, app_server):
    """Escape on the event a shared link opened closed it and left the focus on the page: the
    next Tab started again at "Skip to main content"."""
    event = "2011-12-17-shetpe-train-blocked"
    open_page(page, f"{app_server}/timeline?event={event}")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    page.wait_for_function("() => window.__dialogFocus === true")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.wait_for_function("() => document.activeElement !== document.body")
    focused = page.evaluate(
        "() => [!!document.activeElement.closest('.st-key-day-" + event + "'),"
        " document.activeElement.closest('[data-testid=stMain]') !== null]"
    )
    assert any(focused), focused
