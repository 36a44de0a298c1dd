"""The projector theme on every page, and the navigation's icons, in real Chromium at 1280 x 720."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import RESULTS, open_page

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PAGES = ["", "map", "timeline", "counts", "sources", "about"]
MIN_TEXT_PX = 24
MIN_FIGURE_PX = 18
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# every visible text of the page (not figures, not icon glyphs): its computed size and where
PAGE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('svg')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (style.fontFamily.includes('Material')) continue;  // icon ligatures, sized as icons
    const owner = el.closest('[data-testid]');
    out.push([parseFloat(style.fontSize), owner ? owner.dataset.testid : el.tagName,
              text.slice(0, 40)]);
  }
  return out;
}"""
FIGURE_TEXT = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg text'))
  .filter(e => e.textContent.trim() && e.getBoundingClientRect().width)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.slice(0, 40)])"""
CUT_OFF = """() => [
  ...Array.from(document.querySelectorAll('.stButtonGroup > div'))
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => 'choice: ' + e.textContent.slice(0, 60)),
  ...Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(plot => {
    const box = plot.getBoundingClientRect();
    return Array.from(plot.querySelectorAll('svg text')).filter(t => {
      const r = t.getBoundingClientRect();
      return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
    }).map(t => 'figure: ' + t.textContent.slice(0, 60));
  }),
]"""
"""Choices whose options run past their box, and figure texts that run past their figure."""
MAP_TEXT = """els => els.filter(e => e.textContent.trim() && e.getBoundingClientRect().width)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.slice(0, 40)])"""


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_the_projector_theme_makes_every_text_readable_from_the_back(page, app_server, path):
    """Body text, captions, sidebar, widgets: at least 24 px; figure text at least 18 px."""
    page.set_viewport_size(PROJECTOR)
    # the frame first, as a reader arrives (a fresh server's first load can drop link params)
    open_page(page, app_server, timeout=90_000)
    open_page(page, f"{app_server}/{path}?theme=projector", timeout=90_000)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
    page.locator('[data-testid="stSidebarNavLink"]').nth(6).wait_for(timeout=90_000)
    if path in ("timeline", "counts"):
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
    texts = page.evaluate(PAGE_TEXT)
    assert len(texts) > 20, texts
    small = [row for row in texts if row[0] < MIN_TEXT_PX]
    assert not small, small[:10]
    figures = page.evaluate(FIGURE_TEXT)
    if path in ("timeline", "counts"):
        assert figures
    small = [row for row in figures if row[0] < MIN_FIGURE_PX]
    assert not small, small[:10]
    assert not page.evaluate(CUT_OFF)  # larger text still fits: nothing cut at an edge
    if path == "map":
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".leaflet-container[data-framed]").wait_for()
        frame.locator(".town-label").first.wait_for()
        sizes = frame.locator(
            ".town-label, .map-title, .map-subtitle, .map-credit, .leaflet-control-attribution"
        ).evaluate_all(MAP_TEXT)
        assert sizes
        assert min(size for size, _ in sizes) >= MIN_FIGURE_PX, sizes
        # every town's symbols and name above the fold: the title and intro put the map's top
        # 467 px down, Zhanaozen under the screen's edge
        top = page.locator(MAP_FRAME).bounding_box()["y"]
        bottoms = frame.locator(".town-label").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().bottom)"
        )
        assert top + max(bottoms) <= PROJECTOR["height"], (top, bottoms)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"projector-{path or 'overview'}.png"))


NAV_CUT = r"""() => Array.from(document.querySelectorAll('[data-testid=stSidebarNavLink]'))
  .filter(a => {
    const name = a.querySelector('span[label]') || a;  // not the icon's ligature
    const text = document.createRange();
    text.selectNodeContents(name);
    const clipped = [...a.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
      && getComputedStyle(e).overflow !== 'visible');
    // a word broken over two lines ('Таныстырылы / м'): more lines than words
    const tops = new Set();
    const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const run = document.createRange();
      run.selectNodeContents(walker.currentNode);
      [...run.getClientRects()].forEach(r => tops.add(Math.round(r.top)));
    }
    const lines = tops.size;
    const words = name.textContent.trim().split(/\s+/).length;
    return clipped || lines > words
      || text.getBoundingClientRect().right > a.getBoundingClientRect().right + 1;
  })
  .map(a => a.innerText)"""
"""Page names cut with an ellipsis, broken inside a word or running out of their link."""


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_projector_sidebar_names_every_page_whole(page, app_server, lang):
    """Kazakh 'Дереккөздер мен деректер' and 'Таныстырылым' were cut to 'Дереккөзде…'."""
    page.set_viewport_size(PROJECTOR)
    open_page(page, f"{app_server}/?lang={lang}", timeout=90_000)
    open_page(page, f"{app_server}/about?theme=projector&lang={lang}", timeout=90_000)
    page.locator('[data-testid="stSidebarNavLink"]').nth(6).wait_for(timeout=90_000)
    page.wait_for_function("getComputedStyle(document.documentElement).fontSize === '24px'")
    assert page.evaluate(NAV_CUT) == []


BROKEN_WORDS = """els => els.flatMap(e => {
  const broken = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    // a word drawn on two lines; a compound may break after its hyphen ('Зорлық- / зомбылық')
    for (const m of node.textContent.matchAll(/[^\\s-]+-?/g)) {
      const word = document.createRange();
      word.setStart(node, m.index);
      word.setEnd(node, m.index + m[0].length);
      const tops = new Set([...word.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
})"""


def test_the_projector_sidebars_labels_keep_their_words_whole(page, app_server):
    """At 1024 px in Kazakh with the projector's 24 px text, the sidebar's "Өз деректеріңізді
    ашу" broke into "деректеріңіз / ді" (the sidebar kept 30 px margins each side), and the
    content note's toggle "сипаттамаларын" into "сипаттамалар / ын" (the toggle's gap and its
    help sign's margin)."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, f"{app_server}/map?theme=projector&lang=kk", timeout=90_000)
    page.wait_for_function("getComputedStyle(document.documentElement).fontSize === '24px'")
    summary = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary')
    summary.first.wait_for(timeout=90_000)
    toggle = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]')
    expect(toggle.first).to_contain_text("сипаттамаларын")
    page.wait_for_function("document.fonts.status === 'loaded'")
    labels = page.locator('[data-testid="stSidebar"] [data-testid="stWidgetLabel"]')
    assert summary.evaluate_all(BROKEN_WORDS) == []
    assert labels.evaluate_all(BROKEN_WORDS) == []


def test_the_standard_theme_keeps_the_usual_text_size(page, app_server):
    """The projector rules apply only while the theme is chosen."""
    page.set_viewport_size(PROJECTOR)
    open_page(page, f"{app_server}/sources", timeout=90_000)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
    sizes = [size for size, _, _ in page.evaluate(PAGE_TEXT)]
    assert min(sizes) < MIN_TEXT_PX


def test_every_navigation_icon_is_a_drawn_material_symbol(page, app_server):
    """No emoji (Debian's Chromium has no emoji font: a missing-glyph box); each icon is a
    Material Symbols ligature, drawn as one glyph about as wide as it is high, not its name."""
    page.set_viewport_size(PROJECTOR)
    open_page(page, app_server, timeout=90_000)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    links.first.wait_for()
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    icons = links.evaluate_all(
        """els => els.map(a => {
            const icon = a.querySelector('[data-testid="stIconMaterial"]');
            if (!icon) return [a.innerText, null, 0, 0, a.querySelector('[data-testid="stIconEmoji"]') !== null];
            const style = getComputedStyle(icon);
            return [a.innerText, style.fontFamily, icon.getBoundingClientRect().width,
                    parseFloat(style.fontSize), false];
        })"""
    )
    assert len(icons) == 7, icons
    for label, family, width, size, emoji in icons:
        assert not emoji and family, (label, "no Material icon")
        assert "Material Symbols" in family, (label, family)
        assert 0 < width <= size * 1.5, (label, width, size)  # a glyph, not the icon's name
    assert page.evaluate("() => document.fonts.check('16px \"Material Symbols Rounded\"')")


FIRST_LOADS = ["sources", "timeline?lang=kk", "present?step=3", ""]


@pytest.mark.parametrize("link", FIRST_LOADS, ids=lambda p: p.split("?")[0] or "overview")
def test_the_projector_link_survives_a_fresh_servers_first_load(page, start_app, link):
    """A presenter's link is the first thing a freshly started server serves: the first run goes
    through the legacy pages/ listing and reruns (lib/legacy_pages.py); the theme
    and the other link parameters must come through that rerun."""
    url = start_app()  # a server of this test's own: nothing has loaded a page on it yet
    joiner = "&" if "?" in link else "?"
    page.set_viewport_size(PROJECTOR)
    open_page(page, f"{url}/{link}{joiner}theme=projector", timeout=90_000)
    page.locator('[data-testid="stMain"] h1, .st-key-present').first.wait_for(timeout=90_000)
    # the projector's page rules arrive with the run after the legacy listing's: wait for them
    # (a lost parameter never brings them, and the wait fails)
    page.wait_for_function(
        "(px) => parseFloat(getComputedStyle(document.documentElement).fontSize) === px",
        arg=MIN_TEXT_PX,
        timeout=30_000,
    )
    assert "theme=projector" in page.url, page.url
    for name in link.split("?")[1:]:
        assert name in page.url, page.url
    # and the theme stays once the script has settled
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'"
    )
    root = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == MIN_TEXT_PX, (page.url, root)
