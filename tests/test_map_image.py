"""The map as a still image: size, marks, words, contrast, offline."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lib.events import EventFilter, filter_events, load_dataset
from lib.map_image import TEXT_PAIRS, draw_map, image_groups, map_subtitle, render_map
from lib.map_view import (
    OUTLINES_FILE,
    MapOptions,
    labels_from_places,
    overlays_from_info,
)
from lib.publish import AA_TEXT, EXPORT_PRESETS, PRESETS, contrast_ratio, credit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


def _options(dataset, view="region"):
    info = dataset.info
    overlays = overlays_from_info(info, dataset.events, dataset.sources)
    preset = next(v for v in info.map.views if v.id == view)
    return MapOptions(
        title=preset.title_en or info.map.title_en,
        views=info.map.views,
        view=view,
        labels=labels_from_places(info.map.places),
        overlays=overlays,
        outlines=dataset.data_dir / OUTLINES_FILE,
        highlight_iso3=tuple(info.map.highlight_iso3),
        inset=dataset.inset,
    )


def _svg_text(svg: bytes) -> str:
    return " ".join(" ".join(ET.fromstring(svg).itertext()).split())


@pytest.mark.parametrize("text, background", TEXT_PAIRS)
def test_map_text_colours_pass_aa(text, background):
    assert contrast_ratio(text, background) >= AA_TEXT


@pytest.mark.parametrize("size", EXPORT_PRESETS)
def test_map_png_has_the_preset_size_and_is_drawn(dataset, size):
    image = render_map(dataset.events, _options(dataset), size, "png", "sub", credit(dataset.info))
    picture = Image.open(io.BytesIO(image.data))
    assert picture.size == PRESETS[size]
    pixels = np.asarray(picture.convert("RGB"), dtype=float)
    assert pixels.std() > 20
    # the land, the sea and the symbols' colours are all there
    assert (np.abs(pixels - [0xD4, 0xE4, 0xEE]).sum(axis=2) < 6).mean() > 0.05  # sea
    assert (np.abs(pixels - [0xD5, 0x5E, 0x00]).sum(axis=2) < 30).sum() > 50  # violence, rings


@pytest.mark.parametrize("size", EXPORT_PRESETS)
def test_map_svg_has_one_mark_per_group_title_and_credit(dataset, size):
    import cairosvg

    events = filter_events(dataset.events, EventFilter(categories=("violence", "detention")))
    options = _options(dataset)
    groups = image_groups(events, options, size)
    subtitle = map_subtitle(events, groups, len(dataset.events), "Filtered to Violence, Detention")
    image = render_map(events, options, size, "svg", subtitle, credit(dataset.info))
    root = ET.fromstring(image.data)
    assert (int(root.get("width")), int(root.get("height"))) == PRESETS[size]
    marks = re.findall(rb'id="event-group-\d+"', image.data)
    assert len(marks) == len(image.groups) == len(groups) > 0
    located = events[events.geometry.notna()]
    assert {i for g in groups for i in g.ids} == set(located["id"])  # every located event drawn
    text = _svg_text(image.data)
    assert "Events in the Mangystau region" in text
    assert "Filtered to Violence, Detention" in text
    assert f"dataset v{dataset.info.version}" in text and "CC BY 4.0" in text
    assert "Violence" in text and "Detention" in text and "Protest or strike" not in text  # key
    assert not re.search(rb'(?:href|src)="https?://', image.data)
    # every text names fallbacks for a reader without DejaVu Sans (a serif face came instead)
    families = set(re.findall(rb"font-family: ([^;\"]+)", image.data))
    assert families == {b"'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif"}, families
    raster = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=image.data)))
    assert raster.size == PRESETS[size]
    assert np.asarray(raster.convert("L"), dtype=float).std() > 20


def test_the_keys_period_samples_show_their_dashes(dataset):
    """The key drew "State of emergency" (a dashed ring) and "No SMS or mobile internet" (a
    dash-dot ring) as solid lines: one dash at the ring's scale was longer than the sample."""
    image = render_map(dataset.events, _options(dataset), "16x9", "svg", "", "")
    key = image.data.decode()[image.data.decode().index('id="legend_1"') :]
    samples = re.findall(
        r'<path d="M ([\d.]+) [\d.]+ \n(?:L [\d.]+ [\d.]+ \n)*L ([\d.]+) [\d.]+ \n" '
        r'style="[^"]*stroke-dasharray: ([\d.,]+);',
        key,
    )
    assert len(samples) >= 3, samples  # the shipped region view draws three periods
    for start, end, dashes in samples:
        period = sum(float(v) for v in dashes.split(","))
        assert float(end) - float(start) >= 2 * period, (start, end, dashes)


def test_zhanaozen_view_has_its_own_title_and_only_its_marks(dataset):
    options = _options(dataset, "zhanaozen")
    image = render_map(dataset.events, options, "16x9", "svg", "", "")
    assert "Events in Zhanaozen" in _svg_text(image.data)
    west, east, south, north = image.extent
    assert all(west <= g.lon <= east and south <= g.lat <= north for g in image.groups)
    assert 0 < len(image.groups) < len(image_groups(dataset.events, _options(dataset), "16x9"))


def test_map_subtitle_gives_the_dates_drawn(dataset):
    options = _options(dataset)
    groups = image_groups(dataset.events, options, "16x9")
    text = map_subtitle(dataset.events, groups, len(dataset.events), "No filters")
    assert re.match(r"Events dated .+ · \d+ of \d+ events drawn in this view", text)
    assert "2009" not in text


@pytest.mark.parametrize("view", ["region", "zhanaozen"])
@pytest.mark.parametrize("size", EXPORT_PRESETS)
def test_the_inset_shows_the_whole_country_and_the_view_in_it(dataset, view, size):
    """The locator inset draws all of Kazakhstan (from inset.geojson, not the clipped
    outlines) with the view's box inside it."""
    assert dataset.inset is not None
    kaz = [f for f in dataset.inset["features"] if f["properties"]["iso3"] == "KAZ"]
    lons = [p[0] for f in kaz for ring in _rings(f["geometry"]) for p in ring]
    lats = [p[1] for f in kaz for ring in _rings(f["geometry"]) for p in ring]
    assert min(lons) < 47 and max(lons) > 87 and min(lats) < 41 and max(lats) > 55  # all of it
    image = render_map(dataset.events, _options(dataset, view), size, "png", "", "")
    assert image.inset_extent is not None
    west, east, south, north = image.inset_extent
    assert west <= min(lons) and max(lons) <= east and south <= min(lats) and max(lats) <= north
    v_west, v_east, v_south, v_north = image.extent
    assert west <= v_west and v_east <= east and south <= v_south and v_north <= north


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Kazakhstan"), ("ru", "Казахстан"), ("kk", "Қазақстан")]
)
def test_the_inset_names_the_country_in_the_language(dataset, lang, name):
    # a Russian or Kazakh image once labelled its inset "Kazakhstan"
    options = replace(_options(dataset), lang=lang)
    fig = draw_map(dataset.events, options, "16x9", "", "")[0]
    (inset,) = fig.axes[0].child_axes
    assert [text.get_text() for text in inset.texts] == [name]


def test_the_map_image_reads_outlines_given_as_the_loaded_document(dataset):
    """The map page passes the validated outlines (a dict), the screenshot mode a file."""
    options = replace(_options(dataset), outlines=dataset.outlines)
    image = render_map(dataset.events, options, "16x9", "png", "", "")
    assert image.inset_extent is not None
    picture = np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB"))
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 50


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _drawn(dataset, view: str, size: str, lang: str):
    """The shipped map image's figure for a view, drawn as a download draws it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from lib.shot import map_options

    options = map_options(dataset, EventFilter(), view, lang)
    fig = draw_map(dataset.events, options, size, "subtitle", credit(dataset.info, lang))[0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, canvas.get_renderer()


def _overlap(one, other) -> bool:
    return min(one.x1, other.x1) > max(one.x0, other.x0) and min(one.y1, other.y1) > max(
        one.y0, other.y0
    )


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("size", PRESETS)
@pytest.mark.parametrize("view", ["region", "zhanaozen", "aktau"])
def test_the_key_stands_beside_or_under_the_map_whole(dataset, view, size, lang):
    """The key covered Aktau's name in the landscape image once its text was made readable at
    an article's width; it now stands beside a landscape map and under any other, inside the
    image, clear of the title and credit, with no entry's name cut short."""
    fig, renderer = _drawn(dataset, view, size, lang)
    (key,) = fig.legends
    box = key.get_window_extent(renderer)
    ax = fig.axes[0].get_window_extent(renderer)
    page = fig.bbox
    assert not _overlap(box, ax), (box, ax)
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    for text in fig.texts:
        assert not _overlap(box, text.get_window_extent(renderer)), text.get_text()
    names = [entry.get_text() for entry in key.get_texts()]
    assert len(names) > 4
    assert not [name for name in names if "…" in name], names


ARTICLE_PX = 700
"""A news article's column: an image is shown this wide in most."""


@pytest.mark.parametrize("lang", ["en", "kk"])
@pytest.mark.parametrize("size", PRESETS)
def test_every_word_on_the_map_image_is_readable_at_an_articles_width(dataset, size, lang):
    """Drawn at 1600 px with 9.5-point counts, a map shown 700 px wide in an article had its
    key and counts 6 px high. Every text, the key's and the inset's too, is now at least 7.5 px
    high at that width."""
    from matplotlib.text import Text

    fig, _ = _drawn(dataset, "region", size, lang)
    image_px_per_pt = PRESETS[size][0] / (fig.get_figwidth() * 72)
    shown = ARTICLE_PX / PRESETS[size][0]
    sizes = {
        round(text.get_fontsize() * image_px_per_pt * shown, 2): text.get_text()
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    }
    assert len(sizes) > 3
    assert min(sizes) >= 7.5, sorted(sizes.items())[:3]


def test_a_map_images_text_never_breaks_at_a_no_break_space():
    from lib.map_image import _fit

    text = "Показано событий: 6\xa0331 из 12\xa0345 · Без фильтров · Мангистауская область"
    for max_px in range(60, 400, 20):
        fitted = _fit(text, max_px, 11, lines=6)
        assert not re.search(r"(?<!\d)\d{1,3}\n\d{3}(?!\d)", fitted), fitted
    assert _fit("", 100, 11) == ""


def _publishers(dataset, events) -> set[str]:
    publisher = dataset.sources.set_index("id")["publisher"]
    return {publisher[s] for ids in events["source_ids"] for s in ids}


def test_a_map_image_credits_the_sources_of_what_it_draws_not_of_every_event(dataset):
    """The Aktau image's credit named the publishers of every event ("… and 29 more")."""
    from lib.map_image import drawn_events
    from lib.shot import map_image
    from lib.ui import date_bounds

    options = _options(dataset, "aktau")
    drawn = drawn_events(dataset.events, image_groups(dataset.events, options, "4x5"))
    cited = _publishers(dataset, drawn)
    elsewhere = _publishers(dataset, dataset.events) - cited
    assert len(cited) > 4 and elsewhere  # the test can tell the two apart
    svg = map_image(
        dataset, dataset.events, options, date_bounds(dataset), EventFilter(), "4x5", "svg"
    )
    text = _svg_text(svg)
    assert not [name for name in elsewhere if name in text], text
    assert f"and {len(cited) - 4} more" in text, text


def test_drawn_ids_are_every_group_s_events_once():
    from lib.map_image import drawn_ids
    from lib.map_view import Group

    def group(*ids: str) -> Group:
        return Group(43.3, 52.9, "protest", ids, ("town",) * len(ids), (0, 0))

    assert drawn_ids((group("a", "b"), group("b", "c"))) == frozenset({"a", "b", "c"})
    assert drawn_ids(()) == frozenset()


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_key_says_what_the_number_beside_a_symbol_counts(dataset, lang):
    """The key named every symbol, ring and disc but not the boxed number beside many symbols
    (the live map's key does); it now has that entry, drawn as the map draws the number."""
    from matplotlib.text import Text

    from lib.i18n import t

    fig, _ = _drawn(dataset, "region", "16x9", lang)
    (key,) = fig.legends
    names = [entry.get_text().replace("\n", " ") for entry in key.get_texts()]
    assert t("map.legend.count", lang) in names, names
    samples = [
        text
        for text in key.findobj(Text)
        if text.get_text() == "3" and text.get_bbox_patch() is not None
    ]
    assert len(samples) == 1
    badges = [text for text in fig.axes[0].texts if text.get_text().isdigit()]
    assert badges and all(b.get_bbox_patch() is not None for b in badges)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_long_key_beside_a_landscape_map_is_set_smaller_to_stay_beside_it(dataset, lang):
    """With six periods the landscape key ran below the map into the credit; it is set
    smaller, down to `KEY_LEAST_PT`, to stand beside the map whole."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from lib.map_image import KEY_LEAST_PT, KEY_PT
    from lib.shot import map_options

    options = map_options(dataset, EventFilter(), "region", lang)
    copies = tuple(replace(o, id=f"{o.id}-b", label=f"{o.label} (2)") for o in options.overlays)
    options = replace(options, overlays=(*options.overlays, *copies), shown_overlays=None)
    fig = draw_map(dataset.events, options, "16x9", "subtitle", credit(dataset.info, lang))[0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (key,) = fig.legends
    names = key.get_texts()
    assert len(names) == 17
    assert KEY_LEAST_PT <= names[0].get_fontsize() < KEY_PT
    box = key.get_window_extent(renderer)
    assert box.y0 >= fig.axes[0].get_window_extent(renderer).y0
    assert not _overlap(box, fig.axes[0].get_window_extent(renderer))


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("size", PRESETS)
def test_place_names_stay_in_the_map_and_off_the_discs(dataset, size, lang):
    """In the Kazakh portrait image "Шетпе (шамамен)" was set on two lines whose second crossed
    the disc of Shetpe's uncertainty, and in the square image it crossed the map's top; a name
    now stands beyond its place's disc, in the map's frame."""
    from matplotlib.patches import Ellipse

    from lib.i18n import t
    from lib.map_image import PLACE_PT

    fig, renderer = _drawn(dataset, "region", size, lang)
    ax = fig.axes[0]
    frame = ax.get_window_extent(renderer)
    discs = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Ellipse)]
    names = [text for text in ax.texts if text.get_fontsize() == PLACE_PT]
    assert len(names) >= 3
    approx = [n for n in names if f"({t('map.approx_short', lang)})" in n.get_text()]
    assert approx
    for name in names:
        box = name.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, name.get_text()
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, name.get_text()
    for name in approx:
        box = name.get_window_extent(renderer)
        assert not [d for d in discs if _overlap(box, d)], name.get_text()


def test_a_periods_key_sample_is_drawn_as_its_ring_in_every_view(dataset):
    """The Aktau view's key drew "No SMS or mobile internet: Aktau" orange and dashed while the
    map drew its ring black, dash-dot (the key styled only the rings in view, so their order
    changed): each period's sample is its ring's style, the same in every view."""
    samples: dict[str, set] = {}
    for view in ("region", "zhanaozen", "aktau"):
        fig, _ = _drawn(dataset, view, "16x9", "en")
        (key,) = fig.legends
        for handle, text in zip(key.legend_handles, key.get_texts(), strict=True):
            if getattr(handle, "get_marker", lambda: "o")() in (None, "None", ""):
                name = text.get_text().replace("\n", " ")
                samples.setdefault(name, set()).add(
                    (handle.get_color(), str(handle.get_linestyle()))
                )
    assert len(samples) == 3
    assert all(len(styles) == 1 for styles in samples.values()), samples
