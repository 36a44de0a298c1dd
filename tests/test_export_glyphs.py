"""Exported images (plotly + kaleido in Chromium) draw Cyrillic and the Kazakh letters, not boxes."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image, ImageDraw, ImageFont

from lib.events import EventFilter, load_dataset
from lib.i18n import t
from lib.timeline import TimelineOptions, build_timeline, figure_filename

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
KAZAKH = "әғқңөұүһі"
REFERENCE = "Ж"
MISSING = "\U0010fffd"  # no font has it: drawn as the missing-glyph box
KNOWN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # `make fonts`


def _cells(png: bytes, n: int) -> list[np.ndarray]:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    width = image.shape[1] // n
    return [image[:, i * width : (i + 1) * width] for i in range(n)]


def _ink_width(cell: np.ndarray) -> int:
    columns = np.flatnonzero((cell < 128).any(axis=0))
    return int(columns[-1] - columns[0] + 1) if columns.size else 0


@pytest.fixture(scope="module")
def letters_png() -> bytes:
    """One exported PNG: each Kazakh letter, a Cyrillic reference and a missing glyph, in cells."""
    cells = [*KAZAKH, REFERENCE, MISSING]
    fig = go.Figure()
    for i, char in enumerate(cells):
        fig.add_annotation(
            x=(i + 0.5) / len(cells), y=0.5, xref="paper", yref="paper", text=char,
            showarrow=False, font={"size": 60, "color": "black"},
        )  # fmt: skip
    fig.update_layout(
        width=160 * len(cells), height=140, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis_visible=False, yaxis_visible=False, paper_bgcolor="white", plot_bgcolor="white",
    )  # fmt: skip
    return fig.to_image(format="png", scale=1)


def test_kazakh_letters_are_drawn_not_as_missing_glyph_boxes(letters_png):
    cells = _cells(letters_png, len(KAZAKH) + 2)
    box = cells[-1]
    assert (box < 128).sum() > 0, "the missing-glyph reference should draw a box"
    for char, cell in zip(KAZAKH + REFERENCE, cells, strict=False):
        assert (cell < 128).sum() > 0, f"{char!r} drew nothing"
        assert not np.array_equal(cell, box), f"{char!r} drew the missing-glyph box"
    drawn = {cell.tobytes() for cell in cells[:-1]}
    assert len(drawn) == len(KAZAKH) + 1, "two letters drew the same shape (boxes?)"


def test_kazakh_letters_match_a_known_font(letters_png):
    """Each letter's ink width, relative to Ж, is the one DejaVu Sans gives it."""
    if not KNOWN_FONT.exists():
        pytest.fail(f"{KNOWN_FONT} missing: run `make fonts` (fonts-dejavu-core)")
    font = ImageFont.truetype(str(KNOWN_FONT), 60)
    cells = _cells(letters_png, len(KAZAKH) + 2)
    drawn = {c: _ink_width(cell) for c, cell in zip(KAZAKH + REFERENCE, cells, strict=False)}

    def known(char: str) -> int:
        canvas = Image.new("L", (160, 140), 255)
        ImageDraw.Draw(canvas).text((40, 30), char, font=font, fill=0)
        return _ink_width(np.asarray(canvas))

    for char in KAZAKH:
        ratio_drawn = drawn[char] / drawn[REFERENCE]
        ratio_known = known(char) / known(REFERENCE)
        assert ratio_drawn == pytest.approx(ratio_known, rel=0.3, abs=0.06), char


def test_a_kazakh_timeline_exports_as_png():
    dataset = load_dataset(ROOT / "data")
    flt = EventFilter()
    title = t("timeline.title", "kk")
    fig = build_timeline(dataset.events, TimelineOptions(lang="kk", title=title))
    png = fig.to_image(format="png", width=900, height=700)
    image = Image.open(io.BytesIO(png))
    assert image.size == (900, 700)
    assert "Оқиғалар хронологиясы" in fig.layout.title.text
    assert figure_filename(flt, "kk").endswith("_kk")
