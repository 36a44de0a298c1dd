"""Browser: a figure's publish panel opens from the keyboard and then offers its downloads."""

from __future__ import annotations

import codecs
import io
import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser import download_by_click, open_page

VERSION = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "dataset.json").read_text("utf-8")
)["version"]
"""The shipped dataset's version, in every file name and citation."""

pytestmark = pytest.mark.browser

LABEL = "Download, screenshot or embed this figure"


@pytest.mark.parametrize(
    ("query", "figure"), [("", "timeline"), ("?cat=detention", "timeline-filtered")]
)
def test_the_publish_panel_fills_when_opened_and_downloads_an_svg(
    page: Page, app_server: str, query: str, figure: str
) -> None:
    """A filtered timeline's image is named so (both were "timeline")."""
    open_page(page, app_server)
    open_page(page, f"{app_server}/timeline{query}")
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=LABEL)
    expect(panel).to_have_count(1)
    # closed, it holds nothing: no download buttons and no embed code were sent
    expect(page.locator('[data-testid="stDownloadButton"]')).to_have_count(0)
    summary = panel.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    svg = page.get_by_role("button", name="SVG").first
    expect(svg).to_be_visible(timeout=30_000)
    expect(panel.locator('[data-testid="stCode"]')).to_have_count(2)
    download = download_by_click(page, svg)
    assert re.fullmatch(
        rf"zhanaozen-2011-v{re.escape(VERSION)}-{figure}-\d+x\d+-en\.svg",
        download.suggested_filename,
    )
    head = download.path().read_bytes()[:400]
    assert b"<svg" in head


CUT_BUTTONS = """els => els.filter(b => b.offsetParent).filter(b => {  // Streamlit hides a copy
  const text = b.querySelector('[data-testid=stMarkdownContainer]');
  return b.getBoundingClientRect().right
      > b.closest('[data-testid=stElementContainer]').getBoundingClientRect().right + 1
    || (text && text.scrollWidth > text.clientWidth + 1);  // cut with an ellipsis
}).map(b => b.innerText)"""


def test_the_map_panel_names_each_download_and_links_back_to_the_map(
    page: Page, app_server: str
) -> None:
    # beside the map at 1024 px, a column per download once cut each label to "P…" or "S…",
    # and the embed code linked back to ".../map/map"
    page.set_viewport_size({"width": 1024, "height": 900})
    open_page(page, f"{app_server}/map")
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=LABEL)
    panel.locator("summary").click()
    for name in ("PNG 16:9", "SVG 16:9", "PNG 4:5", "SVG 4:5"):
        expect(panel.get_by_role("button", name=name)).to_be_visible(timeout=30_000)
    buttons = panel.locator('[data-testid="stDownloadButton"] button')
    assert buttons.evaluate_all(CUT_BUTTONS) == []
    image_code = panel.locator('[data-testid="stCode"]').nth(1)
    expect(image_code).to_contain_text(f'href="{app_server}/map"')


def test_a_downloaded_png_carries_its_title_and_credit_inside(page: Page, app_server: str):
    """A picture desk files an image by the text inside it: the PNGs carried none. The map's
    PNG in Russian carries the map's title, the dataset and the credit, whole."""
    from PIL import Image

    from lib.events import load_dataset
    from lib.i18n import t
    from lib.publish import credit

    info = load_dataset(Path(__file__).resolve().parent.parent / "data").info
    open_page(page, f"{app_server}/map?lang=ru")
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=t("publish.expander", "ru"))
    panel.locator("summary").click()
    name = t("publish.download.png", "ru", size=t("publish.size.16x9", "ru"))
    button = panel.get_by_role("button", name=name)
    expect(button).to_be_visible(timeout=30_000)
    download = download_by_click(page, button)
    with Image.open(io.BytesIO(download.path().read_bytes())) as image:
        assert image.format == "PNG"
        title = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
            ".map-title"
        )
        assert image.text["Title"] == title.inner_text().strip()
        assert image.text["Title"].lang == "ru"
        assert image.text["Copyright"] == credit(info, "ru")
        assert info.licence in image.text["Source"]


@pytest.mark.parametrize(
    ("path", "button", "name"),
    [
        ("sources", "Download all events (CSV)", f"zhanaozen-2011-v{VERSION}-events-en.csv"),
        (
            "sources?cat=detention",
            "Download filtered events (CSV)",
            f"zhanaozen-2011-v{VERSION}-events-filtered-en.csv",
        ),
        ("sources", "Download the sources (CSV)", f"zhanaozen-2011-v{VERSION}-sources-en.csv"),
        (
            "counts",
            "Download these figures (CSV)",
            f"zhanaozen-2011-v{VERSION}-counts-detainees-en.csv",
        ),
        (  # a file of some of the figures says so (it had the whole set's name)
            "counts?from=2011-12-20",
            "Download these figures (CSV)",
            f"zhanaozen-2011-v{VERSION}-counts-detainees-filtered-en.csv",
        ),
    ],
)
def test_data_downloads_are_named_like_the_images(page: Page, app_server: str, path, button, name):
    """The dataset, its version and the language in the name, as every image's (a newsroom keeps
    many files); they were "events-filtered_en.csv" and "counts-detainees.csv"."""
    open_page(page, f"{app_server}/{path}")
    target = page.get_by_role("button", name=button).first
    expect(target).to_be_visible(timeout=30_000)
    download = download_by_click(page, target)
    assert download.suggested_filename == name
    # each file starts with its citation line, which says what it holds (the counts' had none)
    data = Path(download.path()).read_bytes()
    if name.endswith(".csv"):  # marked UTF-8, so a spreadsheet reads the Cyrillic texts
        assert data.startswith(codecs.BOM_UTF8), data[:20]
    first = data.decode("utf-8-sig").splitlines()[0]
    assert first.lstrip('"').startswith("# ") and f"dataset v{VERSION}" in first, first
    # the citation says where it was taken from (it had no address): the view's own link, its
    # filters in the query, so the view can be opened again (it was the page alone)
    assert f" {app_server}/{path} " in first, first
    said = {"sources": "No filters", "sources?cat=detention": "Filtered to Detention"}
    if "-sources-" not in name:  # the list of sources is the whole list
        assert said.get(path, "") in first, first
    if path == "counts":  # a spreadsheet sums the figures and sorts the dates
        table = pd.read_csv(io.BytesIO(data), skiprows=1, encoding="utf-8-sig")
        assert pd.api.types.is_integer_dtype(table["Value (number)"]), table.dtypes
        assert table["Stated on"].str.fullmatch(r"\d{4}(-\d{2}){0,2}").all(), table["Stated on"]


def test_three_quick_clicks_download_three_files(page: Page, app_server: str):
    """A journalist clicked the events' GeoJSON, then at once their CSV and the field guide: 3
    times in 8 a file never came, and nothing said so. The first two buttons reran the page,
    which took back the files the other buttons were drawn with."""
    open_page(page, f"{app_server}/sources")
    names = []
    page.on("download", lambda download: names.append(download.suggested_filename))
    for key in ("download_geojson", "download_csv", "download_guide"):
        page.locator(f".st-key-{key} button").click()
    deadline = time.monotonic() + 30
    while len(names) < 3 and time.monotonic() < deadline:  # polling the downloads reported
        page.wait_for_timeout(100)  # lets Playwright deliver its download events
    assert sorted(name.rsplit(".", 1)[1] for name in names) == ["csv", "geojson", "md"], names


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_detainee_image_draws_the_same_rows_from_every_languages_page(
    page: Page, app_server: str, lang: str
) -> None:
    """The English counts page fitted every language's image with English names: its 4:5
    image drew 6 rows where the Russian and Kazakh pages' drew 5, and where the screenshot
    view's drew 5 in every language."""
    from lib.events import EventFilter, load_dataset
    from lib.i18n import t
    from lib.shot import figure_image
    from lib.ui import date_bounds

    dataset = load_dataset(Path(__file__).resolve().parent.parent / "data")
    shot = figure_image(
        dataset,
        dataset.events,
        dataset.counts,
        EventFilter(),
        date_bounds(dataset),
        "counts-detainees",
        "4x5",
        "svg",
        lang=lang,
    ).decode("utf-8")
    open_page(page, app_server)
    open_page(page, f"{app_server}/counts?lang={lang}")
    label = t("publish.expander", lang)
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=label).first
    panel.locator("summary").click()
    svg = panel.get_by_role("button", name=re.compile(r"SVG 4:5"))
    expect(svg).to_be_visible(timeout=30_000)
    drawn = download_by_click(page, svg).path().read_text(encoding="utf-8")
    rows = drawn.count('class="ytick"')
    # the same rows as the screenshot view's, in every language (7 since the note and credit
    # hang from the image's edge: 5 before)
    assert rows == shot.count('class="ytick"') >= 5, (rows, shot.count('class="ytick"'))
