"""Figure colours: every text of the on-screen figures reads at 4.5:1 or more in both themes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.events import load_dataset
from lib.figure_style import (
    DARK,
    LIGHT,
    MODEBAR_TEXTS,
    chars_for,
    contrast,
    figure_texts,
    plotly_locale,
    text_px,
)
from lib.i18n import t
from lib.timeline import TimelineOptions, build_timeline

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def test_contrast_matches_wcag() -> None:
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("rgb(255, 255, 255)", "white") == pytest.approx(1.0)


@pytest.mark.parametrize("pal", [LIGHT, DARK], ids=lambda p: p.name)
def test_palette_text_colours_read_on_the_paper(pal) -> None:
    for colour in (pal.ink, pal.muted, *pal.labels.values(), *pal.periods.values()):
        assert contrast(colour, pal.paper) >= 4.5, colour


def _weak(fig) -> list:
    return [
        (what, fg, bg, round(contrast(fg, bg), 2))
        for what, fg, bg in figure_texts(fig)
        if contrast(fg, bg) < 4.5
    ]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_timeline_text_reads_in_both_themes(dataset, dark: bool) -> None:
    options = TimelineOptions(
        title="Timeline", subtitle="Every event", credit="Source: X", responsive=True, dark=dark
    )
    fig = build_timeline(dataset.events, options)
    assert fig.layout.paper_bgcolor == (DARK if dark else LIGHT).paper
    texts = list(figure_texts(fig))
    assert len(texts) > 10
    assert not _weak(fig)


def test_exported_timeline_stays_light(dataset) -> None:
    from lib.chart_export import timeline_figure

    options = TimelineOptions(title="Timeline", responsive=True, dark=True)
    fig, _ = timeline_figure(dataset.events, options, "16x9")
    assert fig.layout.plot_bgcolor == LIGHT.plot
    assert fig.layout.paper_bgcolor is None  # plotly's white, as before


def test_wrapping_widths_fit_a_phone() -> None:
    # a 358 px chart on a 390 px phone: a line of the chosen length stays inside NARROW_PX
    assert text_px("x" * chars_for(330, 11), 11) <= 330
    assert text_px("<b>" + "x" * chars_for(330, 18, bold=True) + "</b>", 18, bold=True) <= 330


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("build", ["detainee", "deaths", "injuries"])
def test_counts_text_reads_in_both_themes(dataset, build: str, dark: bool) -> None:
    from lib import counts as c

    builder = {
        "detainee": c.build_detainee_chart,
        "deaths": c.build_deaths_chart,
        "injuries": c.build_injuries_chart,
    }[build]
    options = c.ChartOptions(subtitle="Every date", responsive=True, dark=dark)
    fig = builder(dataset.counts, options)
    assert fig.layout.paper_bgcolor == (DARK if dark else LIGHT).paper
    assert len(list(figure_texts(fig))) > 5
    assert not _weak(fig)


def test_stacked_detainee_rows_keep_their_words_above_the_bars(dataset) -> None:
    from lib.counts import ChartOptions, build_detainee_chart

    fig = build_detainee_chart(dataset.counts, ChartOptions(responsive=True))
    rows = [a for a in fig.layout.annotations if a.name == "row"]
    assert len(rows) >= 3 and fig.layout.yaxis.visible is False
    # every line of the words fits a phone's chart
    for row in rows:
        assert text_px(row.text, 13) <= 330, row.text
    # the figures' labels are inside long bars (contrasting) or beside short ones
    labels = [a for a in fig.layout.annotations if a.name == "label"]
    assert {a.xanchor for a in labels} <= {"left", "right"}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_projector_timeline_text_reads_in_both_themes(dataset, dark: bool) -> None:
    """The projector restyling inks the text for the theme: not black on the dark plot."""
    from lib.theme import on_screen

    options = TimelineOptions(title="Timeline", subtitle="Every event", responsive=True, dark=dark)
    fig = on_screen(build_timeline(dataset.events, options), projector=True, dark=dark)
    assert len(list(figure_texts(fig))) > 10
    assert not _weak(fig)


def test_projector_page_rules_keep_the_dark_themes_text() -> None:
    from lib.theme import theme_css

    assert "color: #000" in theme_css(projector=True)
    assert "color: #000" not in theme_css(projector=True, dark=True)
    assert "font-size: 24px" in theme_css(projector=True, dark=True)


def test_the_toolbar_words_are_plotlys_own_and_translated() -> None:
    """plotly translates a text only when the dictionary holds its exact English: each key's
    English must be a string the plotly.js that Streamlit ships writes."""
    import streamlit

    bundles = Path(streamlit.__file__).parent / "static" / "static" / "js"
    code = "".join(p.read_text("utf-8") for p in bundles.glob("PlotlyChart*.js"))
    assert code, "Streamlit's plotly bundle was not found"
    for key in MODEBAR_TEXTS:
        assert f"`{t(key, 'en')}`" in code, key
    assert plotly_locale("en") == {}
    for lang in ("ru", "kk"):
        config = plotly_locale(lang)
        words = config["locales"][lang]["dictionary"]
        assert config["locale"] == lang and len(words) == len(MODEBAR_TEXTS)
        assert all(english != translated for english, translated in words.items()), words
