"""Browser: the Counts page draws its charts, lower bounds look open-ended, a click shows the sources."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lib.tables import column_px
from tests.browser import RESULTS, open_page, save_screenshot

pytestmark = pytest.mark.browser


def _open_counts(page: Page, app_server: str) -> None:
    # Open the app's root first: on a fresh server, a direct link to a page in pages/ runs that
    # page without the frame (Streamlit's legacy multipage path) until st.navigation has run once.
    open_page(page, app_server)
    open_page(page, f"{app_server}/counts")


def _charts(page: Page):
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')


def test_counts_charts_are_drawn(page: Page, app_server: str) -> None:
    _open_counts(page, app_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Counts")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    charts = _charts(page)
    expect(charts).to_have_count(3, timeout=20_000)
    headline = charts.nth(0)
    # Bars, the open ends of the lower bounds and their labels are in the drawn SVG.
    expect(headline.locator(".barlayer .point path").first).to_be_visible()
    expect(
        headline.locator(".annotation-text", has_text=re.compile(r"^more than 700$"))
    ).to_have_count(1)
    expect(
        headline.locator(".annotation-text", has_text=re.compile(r"^more than 400$"))
    ).to_have_count(1)
    expect(headline.locator(".annotation-text", has_text="at least 5 times")).to_have_count(1)
    expect(headline.locator(".gtitle")).to_contain_text("Detainees")
    expect(headline.locator(".annotation-text", has_text="Source:")).to_have_count(1)
    for n in (1, 2):
        expect(charts.nth(n).locator(".scatterlayer .point").first).to_be_visible()
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    # a table per chart, the smaller figures, and every other figure stated
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(5)
    save_screenshot(page, "page-counts")


def test_clicking_a_bar_shows_the_sources_behind_it(page: Page, app_server: str) -> None:
    _open_counts(page, app_server)
    headline = _charts(page).nth(0)
    bar = headline.locator(".barlayer .trace").first.locator(".point path").first
    expect(bar).to_be_visible(timeout=20_000)
    # Plotly's drag layer lies over the bars: click where the bar is, as a person would.
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.locator('[class*="st-key-behind-detainees"]')
    expect(panel).to_be_visible(timeout=20_000)
    expect(panel).to_contain_text("stated")
    expect(panel.get_by_role("link").first).to_be_visible()
    # after a click the other figures' labels keep full strength (a screenshot still reads)
    label = (
        _charts(page).nth(0).locator(".annotation-text", has_text=re.compile(r"^more than 700$"))
    )
    expect(label).to_be_visible()
    assert label.evaluate("e => getComputedStyle(e).opacity") == "1"
    save_screenshot(page, "page-counts-clicked")


def test_a_keyboard_reaches_what_is_behind_a_figure(page: Page, app_server: str) -> None:
    """Markers take a pointer; after the figure's export panel, Tab reaches a list of the
    figures, and choosing one by typing and Enter opens the same panel a click does."""
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: markers are small
    _open_counts(page, app_server)
    summary = page.locator("summary", has_text="Download, screenshot or embed this figure").first
    summary.focus()
    page.keyboard.press("Tab")
    chooser = page.get_by_role("combobox", name="The events and sources behind a figure").first
    expect(chooser).to_be_focused()
    page.keyboard.type("more than 700")
    page.keyboard.press("Enter")
    panel = page.locator('[class*="st-key-behind-detainees"]')
    expect(panel).to_be_visible(timeout=20_000)
    expect(panel).to_contain_text("Elena Kostyuchenko")
    expect(panel.get_by_role("link").first).to_be_visible()
    save_screenshot(page, "page-counts-chosen-by-keyboard")


def test_a_figures_note_names_its_other_sources_as_links(page: Page, app_server: str) -> None:
    """Under "about 70 detained" an advocate read "Same figure also reported by abai-kz-11981",
    an id no page names, and the event below it had a 28 px title, larger than the figure's line
    (a review): the note names abai.kz as a link to it, and the title is sized as on the map."""
    page.set_viewport_size({"width": 1024, "height": 900})
    _open_counts(page, app_server)
    chooser = page.get_by_role("combobox", name="The events and sources behind a figure").first
    chooser.click()
    page.keyboard.type("about 70 detained")
    page.keyboard.press("Enter")
    panel = page.locator('[class*="st-key-behind-detainees"]')
    note = panel.locator("p", has_text="Same figure also reported by")
    expect(note).to_have_text("Same figure also reported by abai.kz.")
    expect(note.get_by_role("link", name="abai.kz")).to_have_attribute(
        "href", "https://abai.kz/post/11981"
    )
    title = panel.locator('[class*="st-key-detail-"] h3').first
    size, text = (
        e.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") for e in (title, note)
    )
    assert text < size <= 1.2 * text, (size, text)  # a step above the text, not 28 px


LABEL_BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(
    (chart) => [...chart.querySelectorAll('.textpoint text')].map((el) => {
        const r = el.getBoundingClientRect();
        return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    }))"""


@pytest.mark.parametrize(
    ("width", "lang", "scheme"),
    [(390, "en", "light"), (390, "ru", "dark"), (390, "kk", "light"), (1280, "ru", "light")],
)
def test_toll_chart_labels_do_not_overlap(
    page: Page, app_server: str, width: int, lang: str, scheme: str
) -> None:
    """On a phone the deaths chart's labels collided ("at least 16" over "at least 12", "21
    bodies" over "17"; in Russian at 1280 px too): every marker's label stands clear, and every
    figure is still labelled."""
    from tests.figure_boxes import wait_charts

    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, app_server)
    open_page(page, f"{app_server}/counts?lang={lang}")
    wait_charts(page, count=3)
    charts = page.evaluate(LABEL_BOXES)
    deaths = charts[1]
    assert len(deaths) >= 10 and all(re.search(r"\d", b["text"]) for b in deaths)
    for labels in charts[1:]:
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                apart = (
                    a["right"] <= b["left"] or b["right"] <= a["left"]
                    or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
                )  # fmt: skip
                assert apart, f'"{a["text"]}" over "{b["text"]}" at {width} px ({lang})'
    page.locator('[data-testid="stPlotlyChart"]').nth(1).screenshot(
        path=str(RESULTS / f"counts-deaths-{lang}-{width}-{scheme}.png")
    )


DATE_TICKS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(
    (chart) => [...chart.querySelectorAll('.xtick text')]
        .filter((el) => !/rotate\\((?!0)/.test(el.getAttribute('transform') || ''))
        .map((el) => {
            const r = el.getBoundingClientRect();
            return {text: el.textContent, left: r.left, right: r.right};
        }))"""


@pytest.mark.parametrize(("lang", "scheme"), [("en", "light"), ("kk", "dark"), ("ru", "light")])
def test_level_dates_stand_apart_on_a_phone(
    page: Page, app_server: str, lang: str, scheme: str
) -> None:
    """At 390 px the injuries chart's dates stood level a space apart, "17 жел. 2011 20 жел.
    2011 12 қаң. 2012 25 қаң. 2012", the last one against the edge: which year went with which
    day? Level dates now leave a clear gap between them (the year on a line of its own)."""
    from tests.figure_boxes import wait_charts

    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server)
    open_page(page, f"{app_server}/counts?lang={lang}")
    wait_charts(page, count=3)
    level = [ticks for ticks in page.evaluate(DATE_TICKS) if len(ticks) > 1]
    assert level, "no chart with its dates standing level"  # the injuries chart's four
    for ticks in level:
        ticks.sort(key=lambda tick: tick["left"])
        for before, after in zip(ticks, ticks[1:], strict=False):
            gap = after["left"] - before["right"]
            assert gap >= 16, f'"{before["text"]}" and "{after["text"]}" {gap:.0f} px apart'


def test_a_tables_toolbar_leaves_its_heading_readable_on_a_phone(page: Page, app_server: str):
    """The toolbar (44 px, drawn above the table on hover or touch) covered the end of the
    heading before it: "Every figure drawn above, with its sou…"."""
    page.set_viewport_size({"width": 390, "height": 844})
    _open_counts(page, app_server)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').filter(has=page.locator("button"))
    heading = page.get_by_text("Every figure drawn above, with its source").first
    expect(heading).to_be_visible()
    page.wait_for_function(  # shown, and done sliding in
        """() => { const bar = document.querySelector(
                '[data-testid="stDataFrame"]').closest('[data-testid="stElementContainer"]')
                .querySelector('[data-testid="stElementToolbar"]');
            return bar && getComputedStyle(bar).opacity === '1'
                && !document.getAnimations().some(a => bar.contains(a.effect.target)); }"""
    )
    boxes = page.evaluate(
        """() => { const d = document.querySelector('[data-testid="stDataFrame"]');
            const host = d.closest('[data-testid="stElementContainer"]');
            const bar = host.querySelector('[data-testid="stElementToolbar"]');
            const head = host.previousElementSibling;
            return [head.getBoundingClientRect().bottom, bar.getBoundingClientRect().top,
                    bar.getBoundingClientRect().height]; }"""
    )
    assert toolbar.count() >= 1
    bottom, top, height = boxes
    assert height > 0 and bottom <= top + 0.5, f"heading ends at {bottom}, toolbar starts at {top}"


GRID_TEXTS = """async () => {
  await document.fonts.ready;
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `14px ${getComputedStyle(document.body).fontFamily}`;
  return [...document.querySelectorAll('[data-testid="stDataFrame"] table')].map(table =>
    [...table.querySelectorAll('tr')].map(row => row.children[0]?.textContent || '')
      .filter(Boolean).map(text => [text, measure.measureText(text).width]));
}"""
"""Each table's first-column texts (the grid's accessible copy of its drawn rows) and their
widths as the browser draws them in the grid's font."""


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_figure_in_the_tables_is_drawn_whole(page: Page, app_server: str, lang: str):
    """The figure column is as wide as its longest figure, measured in the grid's own font: by
    a character count it was 349 px for a figure drawn 238 px wide, and on a phone the table
    showed the figures alone ('70', '8') without what they count or who states them. Narrower,
    a figure must still be whole: 'тағы 60 (барлығы 13…' once lost its total."""
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, app_server)
    open_page(page, f"{app_server}/counts?lang={lang}")
    page.wait_for_function(  # the five tables' rows, drawn
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] table')]
                   .filter(t => t.querySelector('tr')).length === 5"""
    )
    tables = page.evaluate(GRID_TEXTS)
    assert len(tables) == 5 and all(tables), tables
    for rows in tables:
        texts = [text for text, _ in rows]
        width = column_px(texts)  # the page's width takes every row: at least this
        assert max(drawn for _, drawn in rows) + 16 <= width, (lang, width, max(rows))
    longest = max((row for rows in tables for row in rows), key=lambda row: row[1])
    assert column_px([longest[0]]) <= longest[1] + 60, longest  # not a phone's whole table
