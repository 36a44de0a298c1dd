"""Russian and Kazakh in real Chromium: Cyrillic axis labels, map labels and page texts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib.i18n import t
from tests.browser import open_page, save_screenshot
from tests.factories import AKTAU, ZHANAOZEN, make_event, make_info, make_source, write_dataset

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
DRAFT = {"translator": "test", "reviewed": False}


def _texts(page, selector: str) -> list[str]:
    """Text of SVG elements (plotly draws labels as SVG text, which has no inner text)."""
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


@pytest.fixture(scope="module")
def translated_url(start_app, tmp_path_factory):
    """A small dataset whose places and events carry Russian and Kazakh texts."""
    events = [
        make_event(
            id="zh",
            title_en="Strike on the square",
            title_ru="Забастовка на площади",
            title_kk="Алаңдағы ереуіл",
            translations={"ru": DRAFT, "kk": DRAFT},
        ),
        make_event(
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            id="ak",
            start="2011-12-17",
            place="Aktau",
            category="detention",
            title_en="Detentions in Aktau",
        ),
    ]
    info = make_info(translations={"ru": DRAFT, "kk": DRAFT})
    info["map"]["places"] = [
        {
            "name_en": "Zhanaozen",
            "name_ru": "Жанаозен",
            "name_kk": "Жаңаөзен",
            "position": ZHANAOZEN[::-1],
            "precision": "town",
            "sources": [{"source": "src-a", "locator": "p1"}],
        },
        {
            "name_en": "Aktau",
            "name_ru": "Актау",
            "name_kk": "Ақтау",
            "position": AKTAU[::-1],
            "precision": "town",
            "sources": [{"source": "src-a", "locator": "p1"}],
        },
    ]
    folder = write_dataset(
        tmp_path_factory.mktemp("translated"),
        events=events,
        sources=[make_source()],
        counts=[],
        info=info,
    )
    return start_app(folder)


@pytest.mark.parametrize(("lang", "town"), [("ru", "Жанаозен"), ("kk", "Жаңаөзен")])
def test_map_labels_are_cyrillic(page, translated_url, lang, town):
    open_page(page, f"{translated_url}/?lang={lang}")
    open_page(page, f"{translated_url}/map?lang={lang}&view=region")
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-container").wait_for()
    frame.locator(".town-label", has_text=town).first.wait_for()
    legend = frame.locator(".leaflet-container").inner_text()
    assert t("map.legend.title", lang) in legend
    heading = page.locator('[data-testid="stMain"] [data-testid="stHeading"]').first
    expect(heading).to_contain_text(t("map.title", lang))
    # the scale bar's unit: Leaflet wrote "km" on every page
    expect(frame.locator(".leaflet-control-scale-line")).to_have_text(re.compile(r"^\d+ км$"))
    # and its credit link's tooltip read "A JavaScript library for interactive maps"
    leaflet = frame.locator('.leaflet-control-attribution a[href*="leafletjs"]')
    expect(leaflet).to_have_attribute("title", t("map.leaflet_title", lang))
    save_screenshot(page, f"languages-map-{lang}")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_timeline_axis_labels_are_cyrillic(page, translated_url, lang):
    open_page(page, f"{translated_url}/?lang={lang}")
    open_page(page, f"{translated_url}/timeline?lang={lang}")
    page.wait_for_selector(f"{CHART} .ytick text", timeout=30_000)
    # the axis names the zone in the reader's words (lib.format.zone_label; no '{zone}' left)
    before_zone = t("timeline.axis", lang).split("{zone}")[0]
    expect(page.locator(f"{CHART} .xtitle")).to_contain_text(
        re.compile(rf"^{re.escape(before_zone)}\S*UTC")
    )
    lanes = _texts(page, f"{CHART} .ytick text")
    assert t("category.protest", lang) in lanes and all(CYRILLIC.search(x) for x in lanes)
    ticks = " ".join(_texts(page, f"{CHART} .xtick text"))
    assert not re.search(r"\b(Dec|Jan|Nov)\b", ticks), ticks  # no English month names
    assert CYRILLIC.search(" ".join(_texts(page, f"{CHART} .gtitle")))
    # the chart's toolbar names its buttons in the language (plotly wrote "Zoom", "Pan"…)
    titles = page.locator(f"{CHART} .modebar-btn[data-title]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert t("plotly.download_png", lang) in titles and t("plotly.zoom", lang) in titles, titles
    assert "Zoom" not in titles and "Download plot as a PNG" not in titles, titles
    save_screenshot(page, f"languages-timeline-{lang}")


def test_counts_axis_labels_are_cyrillic_on_the_shipped_data(page, app_server):
    open_page(page, f"{app_server}/?lang=kk")
    open_page(page, f"{app_server}/counts?lang=kk")
    # the axis names (the detainee chart's is under its x axis; the others' stand above the axis)
    page.wait_for_selector(f"{CHART} .xtitle", timeout=30_000)
    titles = _texts(page, f"{CHART} .xtitle, {CHART} .ytitle")
    assert titles and all(CYRILLIC.search(x) for x in titles), titles
    save_screenshot(page, "languages-counts-kk")


KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@pytest.mark.parametrize("path", ["counts", "timeline"])
def test_kazakh_letters_in_charts_are_drawn_in_the_charts_font(page, app_server, path):
    """Chromium draws the Kazakh letters of a chart in the font of the letters around them: on
    Linux "Arial" was Liberation Sans 1, which has no ғ қ ң ұ ү, and those came from DejaVu
    Sans, larger, like capitals in a word ("Ұсталғандар"). `make fonts` installs Liberation
    Sans 2. Only signs outside the alphabets (①, ▲) may come from another font."""
    open_page(page, f"{app_server}/?lang=kk")
    open_page(page, f"{app_server}/{path}?lang=kk")
    page.wait_for_selector(f"{CHART} .gtitle", timeout=30_000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    mixed, kazakh = [], 0
    for node, text in _chart_texts(root):
        if not KAZAKH_LETTERS.search(text):
            continue
        kazakh += 1
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        main = max(fonts, key=lambda font: font["glyphCount"])
        others = sum(font["glyphCount"] for font in fonts if font is not main)
        if others > len(SIGNS.findall(text)):
            mixed.append((text, [(font["familyName"], font["glyphCount"]) for font in fonts]))
    assert kazakh >= 5, f"only {kazakh} chart texts with a Kazakh letter on /{path}"
    assert not mixed, mixed[:5]


SIGNS = re.compile(r"[^\sA-Za-z0-9А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі.,:;()+\-–—'\"«»]")


def _chart_texts(node: dict, in_chart: bool = False, in_text: bool = False):
    """Yield (node id, text) for each text node inside an SVG text of a plotly chart."""
    attributes = node.get("attributes", [])
    classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
    in_chart = in_chart or "js-plotly-plot" in classes.split()
    in_text = in_text or (in_chart and node.get("localName") == "text")
    if node.get("nodeType") == 3 and in_text and node.get("nodeValue", "").strip():
        yield node["nodeId"], node["nodeValue"]
    for child in node.get("children", []):
        yield from _chart_texts(child, in_chart, in_text)


CUT = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent)  // Streamlit keeps hidden copies of some buttons
  .filter(e => {
    const right = e.getBoundingClientRect().right;
    const texts = [e, ...e.querySelectorAll('[data-testid=stMarkdownContainer]')];
    return right > e.closest('[data-testid=stElementContainer]').getBoundingClientRect().right + 1
      || right > document.documentElement.clientWidth + 1
      || texts.some(t => t.scrollWidth > t.clientWidth + 1);  // cut with an ellipsis
  })
  .map(e => e.innerText)"""
CHOICES = "[data-testid=stButtonGroup] button"
FIGURES = "[data-testid=stMetric] [data-testid=stMarkdownContainer]"
DOWNLOADS = "[data-testid=stDownloadButton] button"
UPLOAD_NOTE = "[data-testid=stFileUploaderDropzoneInstructions] > div"  # its text: lib/own_data.py
OWN_DATA = "[data-testid=stSidebar] [data-testid=stExpander] summary"
WHOLE = [
    # Russian and Kazakh's longer labels ran past the half width each timeline choice had
    # ("By who makes the claim" cut to "Айтушылар бой"); the choices now wrap instead
    ("timeline", CHOICES, 4, 390),
    ("timeline", CHOICES, 4, 1024),
    # four columns at 1024 px cut the period to "2009–…" and the longer labels with an ellipsis
    ("", FIGURES, 8, 1024),
    ("", FIGURES, 8, 1280),
    # half a column each cut the format off the download buttons' labels: "(Ge…"
    ("sources", DOWNLOADS, 4, 1024),  # the sources, the events twice, the field guide
    # the sidebar's uploader cut its note of the file types to "GEOJSON, JS…"
    ("", UPLOAD_NOTE, 1, 1280),
]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize(("path", "selector", "count", "width"), WHOLE)
def test_labels_are_whole_in_every_language(page, app_server, lang, path, selector, count, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{app_server}/{path}?lang={lang}")
    if selector == UPLOAD_NOTE:
        page.locator(OWN_DATA).click()
    expect(page.locator(f"{selector} >> visible=true")).to_have_count(count)
    assert page.evaluate(CUT, selector) == []


HINT = "[data-testid=stSidebar] [data-testid=InputInstructions]"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_field_being_edited_says_press_enter_in_the_viewers_language(page, app_server, lang):
    # Streamlit writes "Press Enter to apply" under a field being edited, in English only
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_server}/?lang={lang}")
    page.locator("[data-testid=stExpandSidebarButton]").click()
    page.get_by_label(t("filter.text", lang)).fill("нефть")
    hint = page.locator(HINT)
    expect(hint).to_be_visible()
    expect(hint.locator("span").first).to_be_hidden()  # Streamlit's English
    drawn = hint.evaluate("e => getComputedStyle(e, '::before').content")
    assert drawn == '"' + t("input.enter_to_apply", lang) + '"'
    assert "Press" not in hint.aria_snapshot()
    assert "/200" in hint.inner_text()  # the count of characters stays
    box = hint.bounding_box()
    assert box["height"] < 24  # one line, not wrapped over the text typed


SKIP_LINK = "[data-testid=stSkipToContent]"
LANGUAGE_MENU = "[data-testid=stSidebar] [data-testid=stSelectbox]"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_page_and_the_map_say_their_language_to_screen_readers(page, app_server, lang):
    # Streamlit's page says <html lang="en"> whatever the language: a screen reader would read
    # Russian and Kazakh with an English voice; its skip link, met first by keyboard, was English
    open_page(page, f"{app_server}/map?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    frame = page.frame_locator(FRAME)
    expect(frame.locator(".ev-badge").first).to_be_visible()
    expect(frame.locator("html")).to_have_attribute("lang", lang)
    page.keyboard.press("Tab")
    skip = page.locator(SKIP_LINK)
    expect(skip).to_be_focused()
    expect(skip).to_have_text(t("page.skip_to_main", lang))
    expect(skip).to_have_accessible_name(t("page.skip_to_main", lang))
    assert (
        page.locator(":has(> .st-key-page-language)").bounding_box() is None
    )  # no gap above the page


ENGLISH_NAMES = """names => [...document.querySelectorAll('[aria-label], [placeholder]')]
  .flatMap(e => ['aria-label', 'placeholder'].map(a => e.getAttribute(a)))
  .filter(name => name !== null && names.includes(name))"""


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/sources", ("Collapse sidebar", "Choose date", "Search", "Download as CSV")),
        ("/present", ("Expand sidebar",)),
    ],
)
def test_streamlits_own_control_names_are_read_in_the_viewers_language(
    page, app_server, lang, path, named
):
    """A screen reader read "Open", "Choose date", "Collapse sidebar" and a table's "Search" and
    "Download as CSV" in English on Russian and Kazakh pages (Streamlit's own names)."""
    from lib.language import CONTROL_NAMES

    open_page(page, f"{app_server}{path}?lang={lang}")
    for english in named:
        control = page.locator(f'[data-name-en="{english}"]').first
        expect(control).to_have_attribute("aria-label", t(CONTROL_NAMES[english], lang))
    page.wait_for_function(f"({ENGLISH_NAMES})({list(CONTROL_NAMES)!r}).length === 0")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_charts_full_screen_tool_is_named_in_the_viewers_language(page, app_server, lang):
    """Hovering the full-screen tool Streamlit adds to each chart's toolbar showed "Fullscreen"
    on Russian and Kazakh pages (its name for screen readers was translated, its tooltip not)."""
    from lib.language import CONTROL_NAMES

    open_page(page, f"{app_server}/counts?lang={lang}")
    chart = page.locator(CHART).first
    chart.locator(".modebar-btn").first.wait_for(state="attached")
    tools = chart.locator(".modebar-btn[data-title]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert t(CONTROL_NAMES["Fullscreen"], lang) in tools, tools
    assert "Fullscreen" not in tools, tools


# Streamlit's English words in whatever of its table menus and tooltips is open
ENGLISH_IN_MENUS = """([selectors, names]) => [...document.querySelectorAll(selectors)]
  .flatMap(menu => [...menu.querySelectorAll('*')].flatMap(e => [
      ...[...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.nodeValue.trim()),
      e.getAttribute('aria-label'), e.getAttribute('title')]))
  .filter(text => names.includes(text))"""


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_tables_menus_and_tooltips_are_in_the_viewers_language(page, app_server, lang):
    """A Russian reader of the sources table saw "Download as CSV" over its toolbar, "Select
    all" and "(index)" in its list of columns, and "Sort ascending" … "Hide column" and a
    column's statistics ("Values", "Distinct") in its column menu (a phone and keyboard review)."""
    from lib.language import CONTROL_NAMES, MENU_TEXTS

    english_left = f"({ENGLISH_IN_MENUS})({[', '.join(MENU_TEXTS), list(CONTROL_NAMES)]!r})"
    open_page(page, f"{app_server}/sources?lang={lang}")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.locator('button[data-name-en="Download as CSV"]').hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]')
    expect(tooltip).to_have_text(t(CONTROL_NAMES["Download as CSV"], lang))
    toolbar.locator('button[data-name-en="Show/hide columns"]').click()
    columns = page.locator('[data-testid="stDataFrameColumnVisibilityMenu"]')
    expect(columns).to_contain_text(t(CONTROL_NAMES["Select all"], lang))
    expect(columns).to_contain_text(t(CONTROL_NAMES["(index)"], lang))
    page.wait_for_function(f"{english_left}.length === 0")
    page.keyboard.press("Escape")
    expect(columns).to_have_count(0)
    # the first column ("large": 400 px) shows its menu button at its header's right end once
    # the header is hovered; the grid is drawn on a canvas
    table.hover(position={"x": 100, "y": 18})
    table.click(position={"x": 385, "y": 18})
    menu = page.locator('[data-testid="stDataFrameColumnMenu"]')
    expect(menu).to_contain_text(t(CONTROL_NAMES["Sort ascending"], lang))
    expect(menu).to_contain_text(t(CONTROL_NAMES["Hide column"], lang))
    menu.get_by_role("menuitem", name=t(CONTROL_NAMES["Statistics"], lang)).click()
    statistics = page.locator('[data-testid="stDataFrameStatisticsMenu"]')
    expect(statistics).to_contain_text(t(CONTROL_NAMES["Distinct"], lang))
    page.wait_for_function(f"{english_left}.length === 0")


def test_choosing_a_language_in_the_sidebar_changes_the_pages_language(page, app_server):
    open_page(page, f"{app_server}/map?lang=en")
    frame = page.frame_locator(FRAME)
    expect(frame.locator(".ev-badge").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(LANGUAGE_MENU).first.click()
    page.get_by_role("option", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(SKIP_LINK)).to_have_text(t("page.skip_to_main", "ru"))
    # the map is drawn again in the new language: for a moment the old frame is still there
    russian_map = f'{FRAME}[aria-label^="{t("map.frame.label", "ru", title="")}"]'
    expect(page.frame_locator(russian_map).locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(FRAME)).to_have_count(1)
    page.locator(LANGUAGE_MENU).first.click()
    page.get_by_role("option", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(SKIP_LINK)).to_have_text(t("page.skip_to_main", "en"))


def test_choosing_a_language_keeps_the_category_and_claimant_filters(page, app_server):
    """The browser kept the chosen categories as their English names; in Russian, the next
    click anywhere sent "Violence" back, which is no Russian option, and the filter was
    dropped without a word (10 events became 84)."""
    open_page(page, f"{app_server}/?cat=violence&claimant=official&lang=en")
    chip = page.locator(".st-key-filter_cat [data-tag]")
    expect(chip).to_have_text([t("category.violence", "en")])
    page.locator(LANGUAGE_MENU).first.click()
    page.get_by_role("option", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(chip).to_have_text([t("category.violence", "ru")])  # the chips follow the language
    claimant_chip = page.locator(".st-key-filter_claimant [data-tag]")
    expect(claimant_chip).to_have_text([t("claimant_type.official", "ru")])
    page.get_by_role("link", name=t("app.page.map", "ru")).click()  # any rerun from the browser
    expect(page).to_have_url(re.compile(r"/map\?.*cat=violence"))
    expect(page).to_have_url(re.compile(r"claimant=official"))
    expect(chip).to_have_text([t("category.violence", "ru")])


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_link_to_no_page_is_explained_in_the_viewers_language(page, app_server, lang):
    # Streamlit says "Page not found … Running the app's main page." in English, and names its
    # close button "Close"
    open_page(page, f"{app_server}/no-such-page?lang={lang}")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("h2")).to_have_text(t("page.not_found.title", lang))
    expect(dialog).to_contain_text(t("page.not_found.message", lang))
    expect(dialog.get_by_role("button", name=t("page.dialog.close", lang))).to_be_visible()
    expect(dialog).not_to_contain_text("Running the app")
    dialog.get_by_role("button", name=t("page.dialog.close", lang)).click()
    expect(dialog).to_be_hidden()
    expect(page.locator("h1").first).to_be_visible()  # the first page is there


# every word with a number and a hyphen or dash in it ("6–13-абзацтар", "2-жолдан", "p16–p17")
# that the page draws over two lines
NUMBERS_BROKEN = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.querySelector('[data-testid=stMain]'), NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (const m of node.textContent.matchAll(/\\S*\\d[-–]\\u2060?\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) out.push(m[0]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("lang", "width"), [("kk", 390), ("kk", 1024), ("kk", 1280), ("en", 1024)])
def test_numbers_with_a_hyphen_are_not_split_over_two_lines(page, app_server, lang, width):
    # the overview's summary ended lines with "6–13-" and "p16–", before "абзацтар" and "p17";
    # the counts page's note on opening its CSV files with "2-" before "жолдан"
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("", "counts"):
        open_page(page, f"{app_server}/{path}?lang={lang}")
        expect(page.locator("[data-testid=stMain] h1").first).to_be_visible()
        assert page.evaluate(NUMBERS_BROKEN) == [], (path, lang, width)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_events_dialog_names_its_close_button_in_the_viewers_language(page, app_server, lang):
    """The Timeline page's event dialog, opened from a shared link, named its close button
    "Close" in English on a Russian page: a screen reader read it so."""
    event = "2011-12-17-shetpe-train-blocked"
    open_page(page, f"{app_server}/timeline?lang={lang}&event={event}")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name=t("page.dialog.close", lang))).to_be_visible()
    expect(dialog.locator('button[aria-label="Close"]')).to_have_count(0)


LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_date_filters_calendar_speaks_the_viewers_language(page, app_server, lang):
    """In an English browser, a Russian page's calendar read "December", "S M T W T F S" and
    "Sunday, December 11, 2011", and a screen reader heard "Previous month", "day, С" and "Use
    arrow keys to navigate dates" in English: Streamlit's calendar takes the browser's language.
    Debian's Chromium names no date in Kazakh: a Kazakh page's calendar stayed English there
    (a keyboard reader's review); it now takes British English and the page's names."""
    from lib.language import month_names

    assert page.evaluate("navigator.language") == "en-US"
    open_page(page, f"{app_server}/?lang={lang}")
    field = page.locator("[data-testid=stSidebar] [data-testid=stDateInput]").first
    label = t("filter.from", lang)
    month = field.locator('[role="spinbutton"][data-type="month"]')
    expect(month).to_have_attribute("aria-label", t("page.control.month_of", lang, name=label))
    number = int(month.get_attribute("aria-valuenow"))
    expect(month).to_have_attribute("aria-valuetext", f"{number} – {month_names(lang)[number - 1]}")
    expect(field.locator('[data-type="day"]')).to_have_attribute(
        "aria-label", t("page.control.day_of", lang, name=label)
    )
    field.get_by_role("button", name=t("page.control.choose_date", lang)).click()
    grid = page.get_by_role("grid")
    expect(grid).to_be_visible()
    chosen = t("page.control.choose_date_in", lang, name="")
    expect(grid).to_have_accessible_name(re.compile("^" + re.escape(chosen)))
    for name in ("previous_month", "next_month"):
        expect(page.get_by_role("button", name=t(f"page.control.{name}", lang))).to_be_visible()
    calendar = page.locator('[role="application"]')
    heading = calendar.locator("h2:not([aria-hidden])")  # hidden to sight, read out
    expect(heading).to_have_text(re.compile("^" + re.escape(chosen)))
    assert "arrow keys" not in page.locator("body").inner_text()
    days = grid.locator('[role="button"][aria-label]').evaluate_all(
        "cells => cells.map(cell => cell.getAttribute('aria-label'))"
    )
    assert days
    assert [day for day in days if LATIN_WORD.search(day)] == []
    assert not LATIN_WORD.search(heading.inner_text())
    assert not LATIN_WORD.search(calendar.locator("h2[aria-hidden]").inner_text())
    letters = calendar.locator("thead th").all_inner_texts()
    monday = {"ru": "П", "kk": "Д"}[lang]  # weeks from Monday, as the page writes them
    assert letters[0] == monday and not LATIN_WORD.search("".join(letters) * 3), letters
    calendar.locator("button[aria-haspopup]").first.click()  # the list of months
    months = page.get_by_role("listbox").last.get_by_role("option").all_inner_texts()
    assert months and [m for m in months if LATIN_WORD.search(m)] == [], months


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_chosen_categorys_controls_are_named_in_the_viewers_language(page, app_server, lang):
    """A screen reader read a chosen category's × as "Remove Насилие", and "Clear all" and
    "Selected values" round it, in English on Russian and Kazakh pages."""
    open_page(page, f"{app_server}/?lang={lang}&cat=violence")
    field = page.locator(".st-key-filter_cat")
    name = t("category.violence", lang)
    remove = field.locator('[data-testid="stMultiSelectTagsContainer"] button')
    expect(remove).to_have_attribute("aria-label", t("page.control.remove", lang, name=name))
    clear = field.locator('[data-name-en="Clear all"]')
    expect(clear).to_have_attribute("aria-label", t("page.control.clear_all", lang))
    expect(field.get_by_role("group", name=t("page.control.selected_values", lang))).to_have_count(
        1
    )
    help_button = page.locator(".st-key-filter_from button[aria-label]").first
    label = t("filter.from", lang)
    expect(help_button).to_have_attribute(
        "aria-label", t("page.control.help_for", lang, name=label)
    )
