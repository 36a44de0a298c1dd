"""Browser: on a phone and a laptop every chart keeps its text inside its box and clear of the
toolbar, at 12 px or more, and in the dark theme the chart text is light on the dark plot."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from lib.figure_style import SMALL_PX, contrast
from tests.browser import open_page, save_screenshot
from tests.figure_boxes import MEASURE_JS, wait_charts

pytestmark = pytest.mark.browser

SIZES = ((390, 844), (1024, 768))
PAGES = {
    # page: the problems that count (text over text is checked where the layout is ours alone)
    "timeline": ("outside", "under the modebar", "overlap"),
    "counts": ("outside", "under the modebar"),
    "present": ("outside", "under the modebar", "overlap"),
}
CHARTS = {"timeline": 1, "counts": 3, "present": 1}


def _open(
    browser: Browser,
    app_server: str,
    name: str,
    size: tuple[int, int],
    scheme: str,
    query: str = "",
):
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
    )
    page = context.new_page()
    # the app's root first: a fresh server runs a direct page link without the frame once
    open_page(page, app_server, timeout=90_000)
    page.goto(f"{app_server}/{name}{query}")
    wait_charts(page, timeout=90_000, count=CHARTS[name])
    return context, page


SIZES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
  .filter(t => t.textContent.trim() && !t.closest('.hoverlayer'))
  .map(t => [parseFloat(getComputedStyle(t).fontSize), t.textContent.trim().slice(0, 30)])"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(PAGES))
def test_chart_text_stays_inside_and_clear_of_the_toolbar(
    browser: Browser, app_server: str, name: str, size: tuple[int, int]
) -> None:
    context, page = _open(browser, app_server, name, size, "light")
    try:
        charts = page.evaluate(MEASURE_JS)
        assert charts, f"no chart drawn on {name}"
        problems = [
            f"chart {c['index']}: {p}"
            for c in charts
            for p in c["problems"]
            if p.startswith(PAGES[name])
        ]
        if problems:
            save_screenshot(page, f"figures-{name}-{size[0]}")
        assert not problems, "\n".join(problems)
        # the measure saw the text: a chart of a few texts would pass for the wrong reason
        assert all(c["texts"] >= 5 for c in charts), charts
        # no text a phone's reader must squint at (axis ticks and credits were 11 px)
        small = [(size, text) for size, text in page.evaluate(SIZES_JS) if size < SMALL_PX]
        assert not small, small
    finally:
        context.close()


READ_FILLS_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => {
  const bg = c.querySelector('.main-svg .bglayer .bg');
  const paper = getComputedStyle(c.querySelector('.main-svg')).backgroundColor;
  const behind = (t) => {
    // an annotation with a box of its own (a label inside a bar) is read against that box
    const box = t.closest('.annotation') && t.closest('.annotation').querySelector('rect.bg');
    if (box) {
      const style = getComputedStyle(box);
      if (parseFloat(style.fillOpacity) > 0.8 && !style.fill.startsWith('rgba')) return style.fill;
    }
    return null;
  };
  return {
    plot: bg ? getComputedStyle(bg).fill : paper,
    paper,
    texts: [...c.querySelectorAll('.main-svg text')]
      .filter(t => !t.closest('.hoverlayer') && (t.textContent || '').trim()
                   && !t.closest('.barlayer'))
      .map(t => [t.textContent.trim().slice(0, 40), getComputedStyle(t).fill, behind(t)]),
  };
})"""


def _rgb(css: str) -> str:
    inside = css[css.index("(") + 1 : css.index(")")]
    r, g, b = (int(float(v)) for v in inside.split(",")[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


@pytest.mark.parametrize("query", ["", "?theme=projector"], ids=["standard", "projector"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_dark_theme_chart_text_reads_on_the_dark_plot(
    browser: Browser, app_server: str, name: str, query: str
) -> None:
    """Also in the projector theme, whose restyling inks every text: light, not black."""
    context, page = _open(browser, app_server, name, (1024, 768), "dark", query)
    try:
        for chart in page.evaluate(READ_FILLS_JS):
            plot = _rgb(chart["plot"])
            # the plot follows the dark theme: no white card on a dark page
            assert contrast(plot, "#000000") < 2, chart["plot"]
            weak = [
                (text, fill, round(contrast(_rgb(fill), _rgb(box or chart["plot"])), 2))
                for text, fill, box in chart["texts"]
                if contrast(_rgb(fill), _rgb(box or chart["plot"])) < 4.5
            ]
            assert not weak, weak
    finally:
        context.close()
