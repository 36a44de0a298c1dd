"""A dataset whose every text carries script, markup, links and odd characters: nothing runs, every page draws."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lib.validate import check_directory
from tests.browser import RESULTS, open_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'

SHORT = (
    "<img src=x onerror=alert(1)><b id=pwned>`${alert(2)}`"
    "\u202eRTL\u202c zero\u200bwidth [j](javascript:alert(3))"
)
"""Fits a title (160 characters at most) after a part of the original."""
LONG = (
    SHORT
    + " <script>alert(4)</script></script>`+alert(5)+`\\` **bold** javascript:alert(6) \u2028"
    + " lorem ipsum" * 830
)
"""About 10,000 characters."""

SHORT_KEYS = {"title_en", "claimant", "place", "name_en", "label_en", "publisher"}
LONG_KEYS = {
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


def _hostile(value: Any, key: str = "") -> Any:
    """Return ``value`` with every free text made hostile (structure, ids and links kept)."""
    if isinstance(value, dict):
        # translation provenance is bookkeeping (hashes of the English), not text a reader sees
        return {k: v if k == "translations" else _hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if not isinstance(value, str) or not value:
        return value
    if key in SHORT_KEYS or key == "place":
        return value[:60] + " " + SHORT
    if key in LONG_KEYS or key == "description_en":
        return value[:60] + " " + LONG
    return value


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
        if name == "dataset.json":
            hostile["title_en"] = doc["title_en"][:60] + " " + SHORT
            hostile["map"]["title_en"] = doc["map"]["title_en"][:60] + " " + SHORT
        (folder / name).write_text(json.dumps(hostile, ensure_ascii=False), "utf-8")
    outlines = json.loads((DATA / "outlines.geojson").read_text("utf-8"))
    for feature in outlines["features"]:
        feature["properties"] = {**feature["properties"], "name": LONG, "iso3_note": SHORT}
    (folder / "outlines.geojson").write_text(json.dumps(outlines), "utf-8")
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


@pytest.mark.parametrize("path", ["", "timeline", "counts", "sources", "about"])
def test_every_page_draws_and_nothing_runs(page: Page, hostile: str, dialogs, path):
    open_page(page, hostile)
    open_page(page, f"{hostile}/{path}", timeout=90_000)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    assert "did not pass validation" not in page.inner_text("body")
    _assert_inert(page, dialogs)
    _shot(page, f"hostile-{path or 'overview'}")


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
    expect(frame.locator(".leaflet-tooltip", has_text="RTL").first).to_be_visible()
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
