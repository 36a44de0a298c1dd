"""A dataset whose every text carries script, markup, links and odd characters: nothing runs, every page draws."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lib.localize import _resolve, en_hash
from lib.validate import check_directory
from tests.browser import RESULTS, open_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'

SHORT = "<img src=x onerror=alert(1)><b id=pwned>`${alert(2)}` [j](javascript:alert(3)) " + "W" * 40
"""Fits a title (160 characters at most) after a part of the original. (Direction overrides and
zero-width characters are refused by the validator: ``tests/test_validate.py``.)"""
LONG = (
    SHORT
    + " <script>alert(4)</script></script>`+alert(5)+`\\` **bold** javascript:alert(6) \u2028"
    + " lorem ipsum" * 800
    + " "
    + "Unbroken" * 60
)
"""About 10,000 characters."""

SHORT_KEYS = {"title_en", "claimant", "place", "name_en", "label_en", "publisher", "heading_en"}
LONG_KEYS = {
    "text_en",
    "description_en",
    "time_note_en",
    "location_note_en",
    "locator",
    "title",
    "note",
    "note_en",
    "summary_en",
    "method_en",
}


COMPACT = "<img src=x onerror=alert(1)> " + "W" * 40
"""For fields of 80 characters."""
LIMITS = {"title_en": 120, "heading_en": 80, "text_en": 420}


def _english_key(key: str) -> str:
    """``title_ru`` → ``title_en``, ``place_kk`` → ``place``: the field a translation renders."""
    if key[-3:] in ("_ru", "_kk"):
        stem = key[:-3]
        return f"{stem}_en" if f"{stem}_en" in SHORT_KEYS | LONG_KEYS else stem
    return key


def _hostile_text(value: str, key: str) -> str:
    key = _english_key(key)
    if key not in SHORT_KEYS | LONG_KEYS:
        return value
    limit = LIMITS.get(key)
    payload = SHORT if key in SHORT_KEYS else LONG
    if limit is not None:
        payload = SHORT if len(SHORT) < limit - 10 else COMPACT
        return value[: max(0, limit - len(payload) - 1)] + " " + payload
    if key == "claimant":  # first: Present's figures show a claimant up to its first "(" or ","
        return payload + " " + value[:60]
    return value[:60] + " " + payload


def _hostile(value: Any, key: str = "") -> Any:
    """Return ``value`` with every free text made hostile (structure, ids and links kept).

    Translations are made hostile too, and their provenance hashes follow the hostile English,
    so the Russian and Kazakh texts show (a stale translation would fall back to English).
    """
    if isinstance(value, dict):
        out = {k: v if k == "translations" else _hostile(v, k) for k, v in value.items()}
        if isinstance(value.get("translations"), dict):
            out["translations"] = {
                lang: {
                    **info,
                    "source_en_hash": {
                        path: en_hash(english) if (english := _resolve(out, path)) else digest
                        for path, digest in (info.get("source_en_hash") or {}).items()
                    },
                }
                for lang, info in value["translations"].items()
            }
        return out
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if not isinstance(value, str) or not value:
        return value
    return _hostile_text(value, key)


def _hostile_csv(path: Path, target: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{k: _hostile(v, k) for k, v in row.items()} for row in reader]
        columns = reader.fieldnames
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def build_hostile_dataset(folder: Path) -> Path:
    """Write a copy of the shipped data with every text field hostile into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("events.geojson", "dataset.json"):
        doc = json.loads((DATA / name).read_text("utf-8"))
        hostile = _hostile(doc)
        (folder / name).write_text(json.dumps(hostile, ensure_ascii=False), "utf-8")
    for narrative in sorted((DATA / "narratives").glob("*.json")):
        target = folder / "narratives" / narrative.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(_hostile(json.loads(narrative.read_text("utf-8")))), "utf-8")
    for name in ("outlines.geojson", "inset.geojson"):
        if not (DATA / name).exists():
            continue
        outlines = json.loads((DATA / name).read_text("utf-8"))
        for feature in outlines["features"]:
            feature["properties"] = {**feature["properties"], "name": LONG, "iso3_note": SHORT}
        (folder / name).write_text(json.dumps(outlines), "utf-8")
    for name in ("sources.csv", "counts.csv"):
        _hostile_csv(DATA / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def hostile(start_app, tmp_path_factory) -> str:
    folder = build_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data")
    problems = check_directory(folder).problems
    assert not problems, problems[:5]  # the hostile dataset is valid: pages show it
    return start_app(folder)


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    seen: list[str] = []

    def record(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def _shot(page: Page, name: str) -> None:
    """Save what the viewport shows (the pages run to tens of thousands of pixels here)."""
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), timeout=90_000)


def _assert_inert(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.locator("img[src='x'], #pwned").count() == 0
    assert page.evaluate("() => document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
    for frame in page.frames:
        assert (
            frame.evaluate("() => document.querySelectorAll('img[src=\"x\"], #pwned').length") == 0
        )
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


OVERFLOW = """() => {
    const skip = '[data-testid="stDataFrame"], iframe, .js-plotly-plot, pre, [data-testid="stCode"]';
    const texts = 'p, li, h1, h2, h3, h4, h5, a, label, td, th, summary, button, '
        + '[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], '
        + '[data-testid="stAlertContainer"], [data-testid="stExpander"]';
    const out = [];
    for (const [root, name] of [
        [document.querySelector('[data-testid="stMainBlockContainer"]'), 'main'],
        [document.querySelector('[data-testid="stSidebarContent"]'), 'sidebar'],
    ]) {
        const box = root && root.getBoundingClientRect();
        if (!box || box.right <= 0) continue;  // a folded sidebar lies off screen
        for (const el of root.querySelectorAll(texts)) {
            if (el.closest(skip)) continue;
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height) continue;
            const style = getComputedStyle(el);
            const clipped = style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis'
                && el.scrollWidth > el.clientWidth + 2;
            if (r.right > box.right + 2 || r.left < box.left - 2 || clipped) {
                out.push(name + ' ' + el.tagName + ' ' + Math.round(r.left) + '..'
                    + Math.round(r.right) + ' in ' + Math.round(box.left) + '..'
                    + Math.round(box.right) + ': ' + el.textContent.slice(0, 40));
            }
        }
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 2) out.push('page scrolls sideways ' + doc.scrollWidth);
    return out;
}"""
"""Text elements that lie outside their column (main or sidebar) or are cut inside their box."""


TRANSLATED_PAGES = ("", "timeline") + (
    ("present",)
    if '"heading_ru"' in (DATA / "narratives" / "december-2011.json").read_text()
    else ()
)
"""Pages whose data texts are translated in the shipped data (so hostile ru/kk text shows)."""

FIRST_EVENT = json.loads((DATA / "events.geojson").read_text("utf-8"))["features"][0]["properties"]
SELECTED = f"timeline?event={FIRST_EVENT['id']}"
"""The timeline with an event's detail open (its 10,000-character description)."""
PAGES = [(path, "en") for path in ("", SELECTED, "counts", "sources", "about", "present")] + [
    ("", "ru"),
    (SELECTED, "ru"),
    ("counts", "kk"),
    ("sources", "ru"),
    ("present", "kk"),
    ("present?step=8", "en"),  # the step's figures beside the map: hostile claimants
]


@pytest.mark.parametrize(("path", "lang"), PAGES)
def test_every_page_draws_nothing_runs_and_nothing_overflows(
    page: Page, hostile: str, dialogs, path, lang
):
    open_page(page, hostile)
    joiner = "&" if "?" in path else "?"
    open_page(page, f"{hostile}/{path}{joiner}lang={lang}", timeout=90_000)
    expect(page.locator('[data-testid="stMainBlockContainer"]')).to_contain_text("<img src=x")
    body = page.inner_text("body")
    assert "did not pass validation" not in body
    if (
        lang != "en" and path.split("?")[0] in TRANSLATED_PAGES
    ):  # the translated data shows, not English
        assert re.search(r"[\u0400-\u04ff][^\n<]{0,3} <img src=x", body)
    if path == SELECTED:  # the long description, with its unbroken word, is on the page
        assert "Unbroken" * 10 in body
    _assert_inert(page, dialogs)
    assert page.evaluate(OVERFLOW) == []
    _shot(page, f"hostile-{path.split('?')[0] or 'overview'}-{lang}")


def test_the_map_draws_and_its_hover_popup_layers_and_detail_stay_text(
    page: Page, hostile: str, dialogs
):
    open_page(page, hostile)
    open_page(page, f"{hostile}/map?view=zhanaozen", timeout=90_000)
    frame = page.frame_locator(FRAME)
    badge = frame.locator(".ev-badge").first
    badge.wait_for(timeout=60_000)
    assert frame.locator(".leaflet-overlay-pane path").count() > 3  # outlines and overlays
    expect(frame.locator(".map-title")).to_contain_text("<img src=x onerror=alert(1)>")
    # hover: the event tooltip
    badge.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for()
    expect(tooltip.first).to_contain_text("<img src=x")
    # every overlay's tooltip (the period labels, descriptions and publishers)
    map_frame = page.locator(FRAME).element_handle().content_frame()
    count = map_frame.evaluate(
        """() => { let n = 0;
            Object.values(window.map._layers).forEach(l => {
                if (l.getTooltip && l.getTooltip() && !l.feature && l.getLatLng) {
                    l.openTooltip(l.getLatLng()); n += 1; } });
            return n; }"""
    )
    assert count >= 1
    expect(frame.locator(".leaflet-tooltip", has_text="<b id=pwned>").first).to_be_visible()
    # the layer menu lists the overlays by their labels, as text
    frame.locator(".leaflet-control-layers").hover()
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text("<b id=pwned>")
    # click: popup in the map, detail beside it
    badge.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    expect(popup).to_contain_text("<img src=x")
    # beside the map: a group's list (its heading names the place), or the event's detail
    beside = page.locator('.st-key-detail-map, [data-testid="stHeading"]', has_text="<img src=x")
    beside.first.wait_for(timeout=60_000)
    single = frame.locator(".ev-badge:not(:has(.ev-n))")
    if single.count():  # the reframed map may hold it outside its visible box: click it there
        single.first.dispatch_event("click")
        detail = page.locator(".st-key-detail-map")
        detail.wait_for(timeout=60_000)
        expect(detail).to_contain_text("<img src=x onerror=alert(1)>")
    _assert_inert(page, dialogs)
    _shot(page, "hostile-map")


def test_an_event_detail_from_a_link_stays_text(page: Page, hostile: str, dialogs):
    first = json.loads((DATA / "events.geojson").read_text("utf-8"))["features"][0]
    event_id = first["properties"]["id"]
    open_page(page, hostile)
    open_page(page, f"{hostile}/timeline?event={event_id}", timeout=90_000)
    heading = page.locator('[data-testid="stHeading"]', has_text="<img src=x")
    expect(heading.first).to_be_visible()
    expect(heading.first.locator("strong, em, img, a")).to_have_count(0)
    _assert_inert(page, dialogs)


def test_the_counts_list_of_figures_and_what_it_opens_stay_text(page: Page, hostile: str, dialogs):
    """The list under a chart names each figure by its claimant: opened, and a figure chosen,
    the hostile claimant is text in the options and in the panel it opens."""
    open_page(page, hostile)
    open_page(page, f"{hostile}/counts", timeout=90_000)
    chooser = page.locator('[data-testid="stMain"] [role="combobox"]').first
    chooser.scroll_into_view_if_needed()
    chooser.click()
    options = page.get_by_role("option")
    expect(options.filter(has_text="<img src=x").first).to_be_visible()
    _assert_inert(page, dialogs)
    options.filter(has_text="<img src=x").first.click()
    panel = page.locator('[class*="st-key-behind-detainees"]')
    expect(panel).to_contain_text("<img src=x", timeout=30_000)
    _assert_inert(page, dialogs)
