"""lib/tables.py: a table column's width for its longest text."""

from __future__ import annotations

import pytest

import lib.tables as tables
from lib.tables import CELL_PADDING_PX, column_px

LONGEST = "тағы 60-тан астам (барлығы 130-дан астам)"
"""The Counts table's longest figure, in Kazakh: 263 px as Chromium draws it at 14 px."""


def test_a_column_is_as_wide_as_its_longest_text_in_the_tables_font():
    assert tables._grid_font(14) is not None  # Streamlit's Source Sans, shipped with it
    width = column_px(["8", LONGEST, "шамамен 70"])
    assert 263 + 16 <= width <= 263 + 50, width  # whole, and not half a phone's table more
    assert column_px([LONGEST]) == width  # the longest text alone decides


def test_a_column_stays_within_its_bounds():
    assert column_px([]) == 80
    assert column_px(["8"]) == 80
    assert column_px(["x" * 200]) == 420
    assert column_px(["x" * 200], high=300) == 300


def test_without_the_font_the_width_is_estimated_by_letters(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tables, "_grid_font", lambda size: None)
    estimated = column_px([LONGEST])
    assert estimated >= 263 + CELL_PADDING_PX  # an upper estimate: never cut
