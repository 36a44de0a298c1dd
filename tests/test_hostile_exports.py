"""Exported map images from a dataset whose every text is hostile: text stays text, inside the image."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from lib.events import load_dataset
from lib.map_image import draw_map, render_map
from lib.map_view import OUTLINES_FILE, MapOptions, labels_from_places, overlays_from_info
from lib.publish import EXPORT_PRESETS, credit
from tests.test_browser_hostile import LONG, build_hostile_dataset


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return load_dataset(build_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data"))


def _options(dataset, view: str) -> MapOptions:
    info = dataset.info
    return MapOptions(
        title=info.map.title_en,
        views=info.map.views,
        view=view,
        labels=labels_from_places(info.map.places),
        overlays=overlays_from_info(info, dataset.events, dataset.sources),
        outlines=dataset.data_dir / OUTLINES_FILE,
        highlight_iso3=tuple(info.map.highlight_iso3),
    )


@pytest.mark.parametrize("size", EXPORT_PRESETS)
@pytest.mark.parametrize("view", ["region", "zhanaozen"])
def test_every_text_of_the_map_image_lies_inside_it(hostile, size, view):
    fig = draw_map(hostile.events, _options(hostile, view), size, LONG, credit(hostile.info))[0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # lays out the key
    renderer = canvas.get_renderer()
    outside = []
    for text in fig.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        extent = text.get_window_extent(renderer)
        if not (fig.bbox.contains(*extent.min) and fig.bbox.contains(*extent.max)):
            outside.append((text.get_text()[:40], [round(v) for v in extent.extents]))
    assert outside == [], "\n".join(map(str, outside))


def test_the_map_svg_keeps_hostile_text_as_text(hostile):
    image = render_map(hostile.events, _options(hostile, "region"), "16x9", "svg", LONG, "")
    root = ET.fromstring(image.data)  # parses: every < and & in the data is escaped
    assert "<img src=x" in " ".join(root.itertext())
    assert not re.search(rb"<(?:\w+:)?(?:script|foreignObject|img)\b", image.data)
    assert not re.search(rb"""(?:href|src)=["']\s*javascript:""", image.data)
