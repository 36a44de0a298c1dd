"""Browser: axe-core finds no critical or serious accessibility violation, light and dark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from lib.events import DEFAULT_DATA_DIR, load_dataset
from tests.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAGES = ("", "map", "timeline", "counts", "sources", "about", "present", "present?step=8")
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: '
                        + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200))}));
}"""


STYLED = """() => [...document.querySelectorAll('style')].some(
        s => s.textContent.includes('.st-key-present-header'))"""
"""The page's own style (static/theme.css) is in."""


COUNT_RUNS = """(() => {
    window.__runs = 0;
    let last = null;
    new MutationObserver(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app && app.getAttribute('data-test-script-state');
        if (state !== last) {
            if (state === 'running') window.__runs += 1;
            last = state;
        }
    }).observe(document, {subtree: true, childList: true, attributes: true,
                          attributeFilter: ['data-test-script-state']});
})();"""
SETTLED_AFTER_MAP = """() => window.__runs >= 1 && document.querySelector(
    '[data-testid="stApp"]').getAttribute('data-test-script-state') === 'notRunning'"""


def settle_map_page(page) -> None:
    """Wait until the Map page has drawn its map and finished running: while a run lasts,
    Streamlit fades the page, and axe would measure the faded colours. (The map's first value
    starts no second run: ``tests/test_browser_map.py``.) Needs ``COUNT_RUNS`` as an init script."""
    map_frame(page)
    page.wait_for_function(SETTLED_AFTER_MAP, timeout=90_000)  # slow on a loaded machine
    wait_for_app(page)


def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/axe)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(target) -> list[dict]:
    """Run axe-core in a page or frame and return its critical and serious violations."""
    target.evaluate(_axe_source())
    return target.evaluate(RUN_AXE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_violations(browser: Browser, app_server: str, path: str, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.add_init_script(COUNT_RUNS)
        open_page(page, f"{app_server}/{path}")
        if path == "map":
            settle_map_page(page)
        # the page's own style comes about a second after the title: until then Streamlit's
        # badge of Present's Page Down key shows, in colours that fail contrast
        page.wait_for_function(STYLED)
        assert serious_violations(page) == []
    finally:
        context.close()


def map_frame(page):
    """Open the Map page and return its drawn map frame (streamlit-folium's iframe)."""
    frame = page.locator(FRAME).element_handle().content_frame()
    frame.locator(".ev-badge").first.wait_for()
    return frame


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_frame_has_no_serious_violations(browser: Browser, app_server: str, scheme: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_page(page, f"{app_server}/map")
        page.locator(FRAME).wait_for()
        frame = map_frame(page)
        assert serious_violations(frame) == []
        # and with a symbol's popup open (its links and close button), opened from the keyboard
        frame.locator(".ev-badge").first.focus()
        page.keyboard.press("Enter")
        frame.locator(".leaflet-popup-content").wait_for()
        wait_for_app(page)  # the selection reruns the page
        # Leaflet fades a popup in: axe would measure the half-transparent text
        frame.wait_for_function(
            "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        )
        assert serious_violations(frame) == []
    finally:
        context.close()


FOCUSED = """() => { const a = document.activeElement;
    const r = (a.closest('[data-testid=stDataFrame]') || a).getBoundingClientRect();
    return {inSidebar: !!a.closest('[data-testid=stSidebar]'), x: r.x, width: r.width,
            name: (a.getAttribute('aria-label') || a.innerText || a.outerHTML).slice(0, 80)}; }"""
"""Where the keyboard focus is. A table's selected cell takes the focus in the table's hidden
copy for screen readers (0 × 0) while the cell is ringed on the drawn table: its place is the
table's."""


SETTLED = f"""() => ({STYLED})()
    && !document.querySelector('[data-testid=stSidebar]').getAnimations().length"""
"""The page's own style is in (static/theme.css, about a second after the title) and the
sidebar has stopped sliding."""


def test_tab_skips_a_folded_sidebar_and_reaches_an_unfolded_one(page, app_server: str):
    """On a phone the sidebar starts folded, off screen; Tab went through its twenty controls
    with the focus out of sight. Unfolded, its controls are reached as before."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_server}/about")
    page.locator('[data-testid="stMain"] h1').wait_for()
    page.locator('[data-testid="stSidebar"][data-collapsed="true"]').wait_for(state="attached")
    page.wait_for_function(SETTLED)
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    hidden = [s for s in stops if s["inSidebar"] or s["x"] + s["width"] <= 0]
    assert not hidden, hidden
    assert any(s["name"] == "Expand sidebar" for s in stops), stops
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function(SETTLED)
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
    inside = [s for s in reached if s["inSidebar"]]
    assert inside and all(s["x"] >= 0 for s in inside), reached


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_link_with_keyboard_focus_is_ringed(browser: Browser, app_server: str, scheme: str):
    """The focused page link had only the grey fill the page shown has too: which link Enter
    would open could not be seen."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/about")
    page.locator('[data-testid="stMain"] h1').wait_for()
    page.wait_for_function(SETTLED)
    link = page.locator('[data-testid="stSidebarNavLink"]', has_text="Timeline")
    for _ in range(10):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    ring = link.evaluate(
        "a => { const s = getComputedStyle(a); return [a === document.activeElement,"
        " s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0], "Tab never reached the Timeline link"
    assert ring[1] != "none" and ring[2] >= 2, ring
    current = page.locator('[data-testid="stSidebarNavLink"]', has_text="About")
    assert current.evaluate("a => getComputedStyle(a).outlineStyle") == "none"  # not focused
    context.close()


def test_a_keyboard_opens_every_source_from_the_sources_page(page, app_server: str):
    """In the sources table a link opens by mouse only: Enter on its cell showed the address,
    and the page had no other link to a source. The list under the table has one per source."""
    open_page(page, f"{app_server}/sources")
    summary = page.locator(".st-key-sources_links summary")
    summary.focus()  # where Tab from the table's last cell arrives
    page.keyboard.press("Enter")
    links = page.locator(".st-key-sources_links a[href^='http']")
    expect(links).to_have_count(len(load_dataset(DEFAULT_DATA_DIR).sources))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.href]")
    assert focused == ["A", links.first.get_attribute("href")], focused
    # it reads as a link before it has the focus: underlined, not in the body text's colour
    look = links.nth(1).evaluate(
        "a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).color,"
        " getComputedStyle(document.querySelector('[data-testid=stMain] p')).color]"
    )
    assert look[0] == "underline" and look[1] != look[2], look


@pytest.mark.parametrize(
    ("path", "button"),
    [("sources", "Download the sources (CSV)"), ("counts", "Download these figures (CSV)")],
)
def test_the_keyboard_focus_stays_on_a_download_button_pressed(page, app_server, path, button):
    """Streamlit disables a download button while it makes the file: the focus fell to the page,
    and the next Tab started again at "Skip to main content", thirty stops back."""
    open_page(page, f"{app_server}/{path}")
    target = page.get_by_role("button", name=button).first
    expect(target).to_be_enabled()
    page.keyboard.press("Tab")  # a keyboard user
    target.focus()
    with page.expect_download():
        page.keyboard.press("Enter")
    page.wait_for_function(
        """name => { const a = document.activeElement;
            return a && a.tagName === 'BUTTON' && a.textContent.trim() === name && !a.disabled; }""",
        arg=button,
        timeout=15_000,
    )
    page.keyboard.press("Tab")  # on from the button, not from the top of the page
    assert page.evaluate(
        "!document.activeElement.closest('[data-testid=stSidebar], [data-testid=stSkipToContent]')"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "present"])
def test_the_pages_scrolling_area_is_ringed_when_tab_reaches_it(browser, app_server, path, scheme):
    """Streamlit makes the page's scrolling area a tab stop (the arrow keys scroll it) and drew
    no ring round it: one Tab on every page seemed to go nowhere."""
    from lib.figure_style import contrast

    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/{path}")
    page.locator('[data-testid="stMain"]').focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back onto it by keyboard: the skip link is the stop before it
    ring = page.evaluate(
        """() => { const a = document.activeElement, s = getComputedStyle(a);
            return {testid: a.dataset.testid, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    color: s.outlineColor,
                    background: getComputedStyle(document.querySelector('.stApp')).backgroundColor}; }"""
    )
    context.close()
    assert ring["testid"] == "stMain", ring
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(ring["color"], ring["background"]) >= 3, ring


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_charts_tool_button_with_keyboard_focus_is_ringed(
    browser: Browser, app_server: str, scheme: str
):
    """Plotly rings a focused tool button (camera, zoom) 1 px black: 1.1:1 on the dark
    theme's background, so a keyboard user could not see which button Enter would press."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/timeline")
    button = page.locator('[data-testid="stPlotlyChart"] .modebar-btn').first
    button.wait_for(state="attached")
    page.wait_for_function(SETTLED)
    button.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # back to it from the keyboard: focus-visible
    ring = button.evaluate(
        "b => { const s = getComputedStyle(b); return [b === document.activeElement,"
        " b.matches(':focus-visible'), s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,"
        " getComputedStyle(document.querySelector('.stApp')).getPropertyValue('--focus-ring')]; }"
    )
    assert ring[0] and ring[1], ring
    assert ring[2] == "solid" and ring[3] >= 2, ring
    context.close()


FIELD_RINGS = {
    "search": '.st-key-filter_q [data-testid="stTextInputRootElement"]',
    "categories": '.st-key-filter_cat [role="group"]',
    "from": '.st-key-filter_from [data-testid="stDateInputField"]',
}
"""Each kind of sidebar field and the box its keyboard focus ring is drawn round."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("field", sorted(FIELD_RINGS))
def test_a_field_with_keyboard_focus_is_ringed(browser, app_server, scheme, field):
    """Tab into the sidebar's search box, category list or date changed only the field's thin
    border to a pale blue: a keyboard user could not see where the focus was."""
    from lib.figure_style import contrast

    context = browser.new_context(viewport={"width": 1024, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/about")
    page.wait_for_function(SETTLED)
    box = page.locator(FIELD_RINGS[field])
    target = box.locator('input, [role="spinbutton"]').first
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # into it from the keyboard: focus-visible
    ring = box.evaluate(
        """b => { const s = getComputedStyle(b);
            const sidebar = getComputedStyle(document.querySelector('[data-testid=stSidebar]'));
            return {focused: b.contains(document.activeElement), style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), color: s.outlineColor,
                    background: sidebar.backgroundColor}; }"""
    )
    assert ring["focused"], ring
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(ring["color"], ring["background"]) >= 3, ring
    context.close()


def test_a_chosen_categorys_remove_button_can_be_tapped(browser, app_server):
    """On a phone, the × that removes a chosen category was 15 × 7 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    open_page(page, f"{app_server}/?cat=violence")
    page.locator("[data-testid=stExpandSidebarButton]").click()
    remove = page.locator('.st-key-filter_cat [data-testid="stMultiSelectTagsContainer"] button')
    expect(remove).to_have_count(1)
    size = remove.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, size
    remove.tap()
    expect(remove).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"cat=violence"))
    context.close()


def test_an_events_dialog_close_button_can_be_tapped(browser, app_server):
    """On a phone, the × that closes an event's details on the Timeline page was 18 × 18 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    open_page(page, f"{app_server}/timeline?event=2011-12-17-shetpe-train-blocked")
    dialog = page.get_by_role("dialog")
    close = dialog.get_by_role("button", name="Close")
    expect(close).to_be_visible()
    size = close.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, size
    close.tap()
    expect(dialog).to_be_hidden()
    context.close()


def _over(colour: str, background: str) -> str:
    """``colour`` as it shows over ``background`` (CSS rgba() blended; both as getComputedStyle
    gives them)."""
    from lib.figure_style import _channels

    r, g, b, alpha = _channels(colour)
    under = _channels(background)
    mixed = (alpha * c + (1 - alpha) * u for c, u in zip((r, g, b), under[:3], strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


CONTRASTS = """() => {
  const style = e => getComputedStyle(e);
  const page = style(document.querySelector('.stApp')).backgroundColor;
  const tag = document.querySelector('.st-key-filter_cat [data-tag]');
  const icon = document.querySelector('[data-testid=stPlotlyChart] .modebar-btn path');
  const date = document.querySelector('.st-key-filter_from [role=spinbutton]:focus');
  return {page, tag: [style(tag).color, style(tag).backgroundColor],
          icon: style(icon).fill, date: [style(date).color, style(date).backgroundColor]};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chosen_values_and_chart_tools_stand_out_from_what_is_behind_them(
    browser, app_server, scheme
):
    """In the dark theme a chosen category and the part of a date being typed were white on
    light blue (2.3:1); a chart's tool buttons were drawn at 30 % of their ink, 1.7:1 on white
    and 2.4:1 on the dark theme (a keyboard and phone reader's review)."""
    from lib.figure_style import contrast

    context = browser.new_context(viewport={"width": 1024, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/counts?cat=violence")
    page.locator('[data-testid="stPlotlyChart"] .modebar-btn path').first.wait_for(state="attached")
    page.wait_for_function(SETTLED)
    page.locator('.st-key-filter_from [role="spinbutton"]').first.focus()
    seen = page.evaluate(CONTRASTS)
    context.close()
    assert contrast(*seen["tag"]) >= 4.5, seen
    assert contrast(*seen["date"]) >= 4.5, seen
    assert contrast(_over(seen["icon"], seen["page"]), seen["page"]) >= 3, seen


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("target", ["summary", "skip"])
def test_a_section_heading_and_the_skip_link_are_ringed_on_keyboard_focus(
    browser, app_server, scheme, target
):
    """Streamlit rings them with a half-transparent blue shadow: 2.9:1 on the dark theme."""
    from lib.figure_style import contrast

    context = browser.new_context(viewport={"width": 1024, "height": 768}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/about")
    page.wait_for_function(SETTLED)
    if target == "skip":
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press("Tab")  # the page's first stop
    else:
        page.locator("[data-testid=stSidebar] details > summary").first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # back onto it by keyboard: focus-visible
    ring = page.evaluate(
        """() => { const a = document.activeElement, s = getComputedStyle(a);
            return {tag: a.tagName, testid: a.dataset.testid, style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), color: s.outlineColor,
                    background: getComputedStyle(document.querySelector('.stApp')).backgroundColor}; }"""
    )
    context.close()
    assert ring["tag"] == "SUMMARY" if target == "summary" else ring["testid"] == "stSkipToContent"
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(ring["color"], ring["background"]) >= 3, ring


def test_the_projector_switch_keeps_its_keyboard_focus_in_view(browser, app_server):
    """Space on the sidebar's Projector switch made the sidebar's text larger above it: at 1024
    x 768 the focused switch ended at 1,209 px, off the screen (a keyboard reader's review)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    open_page(page, f"{app_server}/about")
    page.wait_for_function(SETTLED)
    switch = page.locator('[data-testid="stSidebar"] .st-key-theme_projector input')
    switch.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # onto it by keyboard
    page.keyboard.press("Space")
    seen = page.wait_for_function(
        """() => { const a = document.activeElement, check = a.closest('[data-testid=stCheckbox]');
            if (!check || getComputedStyle(document.documentElement).fontSize !== '24px') return null;
            const box = check.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= innerHeight ? [box.top, box.bottom] : null; }""",
        timeout=15_000,
    ).json_value()
    context.close()
    assert seen, seen


SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(
    document.querySelector('[data-testid=stApp]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (text && box.width && box.height && style.visibility !== 'hidden'
        && parseFloat(style.fontSize) < 12) small.push([text.slice(0, 40), style.fontSize]);
  }
  return small;
}"""
"""Texts drawn under 12 px on the page (not in a frame: the map's are measured in its tests)."""


@pytest.mark.parametrize("path", ["counts", "sources"])
def test_no_text_on_a_phone_is_under_12_px(page, app_server: str, path: str):
    """The note under each CSV download showed its `read_csv(..., skiprows=1)` at 10.5 px
    (Streamlit draws code in a caption at three quarters of its size)."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server)
    open_page(page, f"{app_server}/{path}")
    expect(page.get_by_text("skiprows=1").first).to_be_attached()
    assert page.evaluate(SMALL_TEXT) == []
