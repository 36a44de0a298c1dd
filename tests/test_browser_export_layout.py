"""Browser: every text of an exported chart lies inside the image and clear of the key.

The images are made as a download makes them (`lib/shot.py: figure_image`) and measured in
Chromium, which lays out their text as a journalist's browser or editor would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from lib.events import EventFilter, load_dataset
from lib.publish import PRESETS
from lib.shot import figure_image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("counts-detainees", "counts-deaths", "counts-injuries", "timeline")
EDGE = 6
"""The least room between a text and the image's left and right edges, in layout pixels ("24
Dec 2011" ended 2 px from the right edge of the timeline image, "Dead, as stated" began 3 px
from the left of the deaths image)."""
SMALLEST_LINE = 8.5
"""The least height of a line of text at an article's 700 px (7.5 px type)."""
MEASURE = """(EDGE) => {
    const svg = document.querySelector('svg');
    const box = svg.getBoundingClientRect();
    const outside = [];
    for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        const m = EDGE * box.width / svg.viewBox.baseVal.width;  // image px per layout px
        if (r.width && (r.left < box.left + m || r.right > box.right - m
                        || r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
            outside.push(text.textContent.slice(0, 60));
        }
    }
    const axis = svg.querySelector('.ytitle');
    const keys = [...svg.querySelectorAll('.legend .traces')].map(e => e.getBoundingClientRect());
    let over = 0;
    if (axis) {
        const a = axis.getBoundingClientRect();
        over = keys.filter(k => !(k.right < a.left || k.left > a.right
                                  || k.bottom < a.top || k.top > a.bottom)).length;
    }
    const rows = [...svg.querySelectorAll('.ytick text')].map(
        e => [e.getBoundingClientRect(), e.textContent.slice(0, 40)]).filter(([r]) => r.height);
    const crossing = [];  // a row's label running into another's (plotly draws them as laid out)
    rows.forEach(([a, at], i) => rows.slice(i + 1).forEach(([b, bt]) => {
        if (a.top < b.bottom - 1 && b.top < a.bottom - 1 && a.left < b.right && b.left < a.right) {
            crossing.push([at, bt]);
        }
    }));
    const texts = [...svg.querySelectorAll('text')].filter(e => !e.closest('.legend'))
        .map(e => [e.getBoundingClientRect(), e.textContent.slice(0, 40)]).filter(([r]) => r.height);
    const keyOverText = [];  // a key's line laid over a note under it (the square timeline's)
    svg.querySelectorAll('.legend text').forEach(k => {
        const a = k.getBoundingClientRect();
        texts.forEach(([b, bt]) => {
            if (a.top < b.bottom - 1 && b.top < a.bottom - 1 && a.left < b.right - 1
                && b.left < a.right - 1) {
                keyOverText.push([k.textContent.slice(0, 40), bt]);
            }
        });
    });
    // the smallest text as drawn, a line's height at an article's 700 px: plotly shrinks a
    // number to fit its bar by a transform, which no font size in the file shows
    let smallest = Infinity;
    for (const text of svg.querySelectorAll('text')) {
        const r = text.getBoundingClientRect();
        if (!r.height || !text.textContent.trim()) continue;
        const lines = Math.max(1, text.querySelectorAll(':scope > tspan.line').length);
        smallest = Math.min(smallest, r.height / lines * 700 / box.width);
    }
    return {outside, axisOverKey: over, crossing, keyOverText, smallest};
}"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("figure", FIGURES)
def test_an_exported_charts_text_stays_inside_the_image_and_off_the_key(
    page: Page, dataset, figure, lang
):
    """A Kazakh deaths title ran 47 px off the square image, the Russian and Kazakh names
    of its axis ran up into the key of the 16:9 one, and the Russian detainee rows' four-line
    labels ran into each other in the 4:5 one. The square English timeline's key took two
    lines and its second lay over the first period's note."""
    bounds = (dataset.events["t0"].min().date(), dataset.events["t0"].max().date())
    for size in PRESETS:
        svg = figure_image(
            dataset,
            dataset.events,
            dataset.counts,
            EventFilter(),
            bounds,
            figure,
            size,
            "svg",
            {},
            lang,
        )
        page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
        found = page.evaluate(MEASURE, EDGE)
        # a line 8.5 px high at 700 px: 7.5 px type (the Kazakh square detainee image's "60" in
        # its bar was 6.9 px)
        assert found.pop("smallest") >= SMALLEST_LINE, (size, figure, lang)
        assert found == {"outside": [], "axisOverKey": 0, "crossing": [], "keyOverText": []}, (
            size,
            found,
        )
