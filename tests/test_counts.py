"""Unit tests of lib.counts on small in-memory counts."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib.counts import (
    DETAINEE_METRICS,
    TABLE_COLUMNS,
    ChartOptions,
    build_deaths_chart,
    build_detainee_chart,
    build_injuries_chart,
    chart_config,
    combine_qualifiers,
    detainee_ratio,
    events_behind,
    figures_table,
    hidden_counts,
    name_sources,
    selected_count_ids,
    stated_label,
    statements,
    table_csv,
)
from lib.format import keep_numbers_whole, md_escape
from lib.i18n import t
from lib.schema import COUNT_COLUMNS
from tests.factories import make_count, make_source
from tests.plotly_data import decode

KOST = "Elena Kostyuchenko (Novaya Gazeta)"


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COUNT_COLUMNS)
    frame["value"] = frame["value"].astype("int64")
    return frame


def _independent(**overrides: str) -> dict[str, str]:
    row = {
        "value": "700",
        "qualifier": "more_than",
        "claim_type": "independent",
        "claimant": KOST,
        "stated_on": "2011-12-22",
        "period_start": "",
        "period_end": "",
    }
    row.update(overrides)
    return make_count(**row)


@pytest.fixture
def counts() -> pd.DataFrame:
    return _frame(
        [
            make_count(id="pg-70", value=70),
            make_count(id="pg-60", value=60, period_start="", period_end=""),
            _independent(id="lists-700"),
            _independent(id="lists-400", metric="facing_charges", value=400),
            make_count(id="later-19", value=19, claimant="Minister", stated_on="2011-12-20"),
            make_count(id="d-10", metric="deaths", value=10, stated_on="2011-12-16"),
            make_count(id="d-15", metric="deaths", value=15, stated_on="2011-12-18"),
            make_count(id="d-13", metric="deaths", value=13, stated_on="2011-12-18"),
            _independent(
                id="d-12",
                metric="deaths",
                value=12,
                qualifier="at_least",
                stated_on="2012-09",
                place="",
            ),
            make_count(id="d-1", metric="deaths", value=1, stated_on="2011-12-16", place="Shetpe"),
            make_count(id="inj-86", metric="injured", value=86, stated_on="2011-12-17"),
        ]
    )


@pytest.fixture
def options() -> ChartOptions:
    sources = pd.DataFrame([make_source(id="src-a", publisher="Human Rights Watch")])
    return ChartOptions(subtitle="Dates stated: 16 Dec 2011 – 31 Dec 2013", sources=sources)


def _bars(fig: go.Figure, name: str) -> dict[str, float]:
    for trace in fig.data:
        if trace.type == "bar" and trace.name == name:
            return dict(zip(trace.customdata, trace.x, strict=True))
    return {}


def _labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == "label"]


def _annotations(fig: go.Figure) -> str:
    text = " ".join(a.text for a in fig.layout.annotations)
    return text.replace("<br>", " ").replace("\xa0", " ")  # dates and "5 times" kept whole


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        (["exact", "exact"], "exact"),
        (["exact", "about"], "about"),
        (["exact", "at_most"], "about"),
        (["exact", "at_least"], "at_least"),
        (["about", "more_than", "at_least"], "more_than"),
    ],
)
def test_combine_qualifiers(qualifiers: list[str], expected: str) -> None:
    assert combine_qualifiers(qualifiers) == expected


def test_stated_label_keeps_the_precision_given() -> None:
    assert stated_label("2011-12-18") == "18 Dec 2011"
    assert stated_label("2012-09") == "Sep 2012"
    assert stated_label("2013") == "2013"


def test_statements_group_parts_of_one_statement(counts: pd.DataFrame) -> None:
    groups = statements(counts, DETAINEE_METRICS)
    pg = next(g for g in groups if g.claimant == "Prosecutor General's office")
    assert pg.ids == ("pg-70", "pg-60")  # the part with a period comes first
    assert (pg.total, pg.qualifier) == (130, "exact")
    assert [g.claim_type for g in groups] == ["official", "official", "independent", "independent"]


def test_statements_from_different_sources_are_not_summed(counts: pd.DataFrame) -> None:
    again = _frame(
        [*counts.to_dict("records"), make_count(id="pg-70-b", value=70, source_id="src-b")]
    )
    totals = sorted(g.total for g in statements(again) if g.claimant.startswith("Prosecutor"))
    assert totals == [70, 130]


def test_ratio_is_computed_from_the_data(counts: pd.DataFrame) -> None:
    ratio = detainee_ratio(counts)
    assert ratio is not None
    assert ratio.value == pytest.approx(700 / 130)
    assert ratio.floor == 5 and ratio.lower_bound
    text = ratio.text()
    assert "at least 5 times" in text and "700 ÷ 130 ≈ 5.4" in text
    assert "more than 700 is a lower bound" in text


def test_ratio_changes_with_the_data(counts: pd.DataFrame) -> None:
    more = counts.copy()
    more.loc[more["id"] == "lists-700", "value"] = 1300
    assert detainee_ratio(more).floor == 10


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (700, "ru", "не менее чем в 5 раз больше официального итога 130 (pg, названо"),
        (300, "ru", "не менее чем в 2 раза больше"),
        (2800, "ru", "не менее чем в 21 раз больше"),
        (700, "kk", "кемінде 5 есе көп"),
        (300, "en", "at least 2 times the official total"),
        (200, "en", "at least as many as the official total of 130"),
    ],
)
def test_ratio_says_how_many_times_in_the_languages_grammar(
    counts: pd.DataFrame, value: int, lang: str, expected: str
) -> None:
    changed = counts.copy()
    changed.loc[changed["id"] == "lists-700", "value"] = value
    changed.loc[changed["claim_type"] == "official", "claimant"] = "pg"
    text = detainee_ratio(changed).text(lang)
    assert expected in text
    assert "(а)" not in text and "1 times" not in text


@pytest.mark.parametrize(("lang", "ratio"), [("en", "5.4"), ("ru", "5,4"), ("kk", "5,4")])
def test_ratio_is_written_with_the_languages_decimal_sign(
    counts: pd.DataFrame, lang: str, ratio: str
) -> None:
    assert f"700 ÷ 130 ≈ {ratio}." in detainee_ratio(counts).text(lang)


def test_ratio_is_not_a_floor_when_the_official_total_is_approximate(counts: pd.DataFrame) -> None:
    rough = counts.copy()
    rough.loc[rough["id"] == "pg-60", "qualifier"] = "about"
    ratio = detainee_ratio(rough)
    assert not ratio.lower_bound
    assert "at least" not in ratio.text().split("“At least”")[0]
    assert "indicative" in ratio.text()


def test_no_ratio_without_both_sides(counts: pd.DataFrame) -> None:
    assert detainee_ratio(counts[counts["claim_type"] == "official"]) is None
    assert detainee_ratio(counts[counts["claim_type"] == "independent"]) is None


def test_detainee_chart_draws_parts_and_lower_bounds(
    counts: pd.DataFrame, options: ChartOptions
) -> None:
    fig = build_detainee_chart(counts, options)
    assert _bars(fig, "Official figure") == {"pg-70": 70, "pg-60": 60, "later-19": 19}
    assert _bars(fig, "Independent figure") == {"lists-700": 700, "lists-400": 400}
    official = next(t for t in fig.data if t.name == "Official figure")
    assert list(official.base)[:2] == [0, 70]  # 60 starts where 70 ends
    labels = _labels(fig)
    assert "<b>130 in all<br>(70 + 60)</b>" in labels
    assert "<b>more than 700</b>" in labels and "<b>700</b>" not in labels
    # The open end: three fading hatched chunks after each lower bound, then an arrow head.
    chunks = [t for t in fig.data if t.legendgroup == "open"]
    assert len(chunks) == 3
    assert all(set(t.customdata) == {"lists-700", "lists-400"} for t in chunks)
    assert all(t.marker.pattern.shape == "/" for t in chunks)
    assert [t.opacity for t in chunks] == sorted((t.opacity for t in chunks), reverse=True)
    starts = dict(zip(chunks[0].customdata, chunks[0].base, strict=True))
    assert starts == {"lists-700": 700, "lists-400": 400}
    arrows = next(t for t in fig.data if t.name == "open-end-arrow")
    assert arrows.marker.symbol == "triangle-right"


def test_detainee_chart_rows_name_claimant_and_date(
    counts: pd.DataFrame, options: ChartOptions
) -> None:
    fig = build_detainee_chart(counts, options)
    ticks = [tick.replace("\xa0", " ") for tick in fig.layout.yaxis.ticktext]
    # The compared official total first, then the independent lists, then other official figures.
    assert "Prosecutor General" in ticks[0] and "stated 18 Dec 2011" in ticks[0]
    assert "Kostyuchenko" in ticks[1] and "stated 22 Dec 2011" in ticks[1]
    assert "to face charges" in ticks[2]
    assert "Minister" in ticks[3]
    assert list(fig.layout.yaxis.categoryarray) == list(fig.layout.yaxis.tickvals)


def test_figure_carries_title_subtitle_span_and_credit(
    counts: pd.DataFrame, options: ChartOptions
) -> None:
    fig = build_detainee_chart(counts, options)
    assert "Detainees" in fig.layout.title.text
    subtitle = fig.layout.title.subtitle.text
    assert "Dates stated: 16 Dec 2011 – 31 Dec 2013" in subtitle
    assert "as stated between 18 Dec 2011 and 22 Dec 2011" in subtitle
    text = _annotations(fig)
    assert "Source: Human Rights Watch" in text
    assert "at least 5 times" in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "Figures as stated on 18 Dec 2011"), ("ru", "Цифры, названные 18 дек. 2011")],
)
def test_figures_stated_on_one_day_say_on_that_day(
    counts: pd.DataFrame, options: ChartOptions, lang: str, said: str
) -> None:
    """Filtered to one day, an injuries image read "as stated between 17 Dec 2011 and 17 Dec
    2011"."""
    one_day = counts[counts["id"].isin(["pg-70", "pg-60"])]
    subtitle = build_detainee_chart(one_day, replace(options, lang=lang)).layout.title.subtitle.text
    assert said in subtitle.replace("\xa0", " ")
    assert "2011 and" not in subtitle and " по " not in subtitle


@pytest.mark.parametrize("responsive", [False, True])
def test_a_chart_of_official_figures_only_keeps_its_key(
    counts: pd.DataFrame, options: ChartOptions, responsive: bool
) -> None:
    """Filtered to dates with official figures only, the detainee image lost its key (plotly
    hides a key of one entry): nothing said that blue meant an official figure."""
    official = counts[counts["id"].isin(["pg-70", "pg-60"])]
    fig = build_detainee_chart(official, replace(options, responsive=responsive))
    named = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    assert named == ["Official figure"]
    assert fig.layout.showlegend is True
    said = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    # an image says why no independent figure stands beside them; the page says it itself
    assert ("No comparison: the official total and the independent lists" in said) is not responsive


def test_data_text_is_escaped(options: ChartOptions) -> None:
    hostile = _frame(
        [
            make_count(id="x", claimant="<script>alert(1)</script>", note="<b>x</b>"),
            _independent(id="y", claimant="A & B <i>"),
            make_count(id="z", metric="deaths", claimant="<img src=x>", stated_on="2011-12-17"),
        ]
    )
    sources = pd.DataFrame([make_source(id="src-a", publisher="<a href=x>P</a>")])
    opts = ChartOptions(subtitle="<b>sub</b>", sources=sources)
    for fig in (build_detainee_chart(hostile, opts), build_deaths_chart(hostile, opts)):
        raw = fig.to_json()
        for bad in ("<script>", "<img", "<a href", "<b>x</b>", "<b>sub</b>", '<i>"'):
            assert bad not in raw
        assert "&lt;script&gt;" in raw or "&lt;img" in raw


def test_deaths_chart_steps_by_date_stated(counts: pd.DataFrame, options: ChartOptions) -> None:
    fig = build_deaths_chart(counts, options)
    step = next(t for t in fig.data if t.mode == "lines")
    assert step.line.shape == "hv"
    assert list(step.x) == ["16 Dec 2011", "18 Dec 2011"]
    assert list(step.y) == [10, 15]  # the highest official figure of each date
    official = next(t for t in fig.data if t.name == "Official figure")
    assert set(official.customdata) == {"d-10", "d-15", "d-13", "d-1"}
    positions = dict(zip(official.customdata, official.textposition, strict=True))
    # 13 lies on the line's rise from 10 to 15: its label beside it, not under it on the line
    assert positions["d-13"] == "middle right" and positions["d-15"] == "top center"
    # A local figure near the axis is labelled to the right and names its place.
    assert positions["d-1"] == "middle right"
    texts = dict(zip(official.customdata, official.text, strict=True))
    assert texts["d-1"] == "1 (Shetpe)"
    bound = next(t for t in fig.data if t.name and "Independent lower bound" in t.name)
    assert list(bound.customdata) == ["d-12"] and bound.marker.symbol == "triangle-up"
    assert list(bound.text) == ["at least 12"]
    assert list(fig.layout.xaxis.categoryarray) == ["16 Dec 2011", "18 Dec 2011", "Sep 2012"]


def test_toll_line_takes_a_figure_on_top_of_another_as_their_total(options: ChartOptions) -> None:
    """The injured of 25 Jan 2012: 64 with gunshot wounds and 35 police "in addition": the
    official line stood at 64 there, below the 110 stated before, instead of at the 99 in all."""
    rows = _frame(
        [
            make_count(id="inj-110", metric="injured", value=110, stated_on="2011-12-20"),
            make_count(id="inj-64", metric="injured", value=64, stated_on="2012-01-25"),
            make_count(
                id="inj-35", metric="injured", value=35, stated_on="2012-01-25", adds_to="inj-64"
            ),
        ]
    )
    step = next(t for t in build_injuries_chart(rows, options).data if t.mode == "lines")
    assert list(step.y) == [110, 99]
    # a total whose other part is filtered away is not one: the figure itself counts
    alone = next(
        t
        for t in build_injuries_chart(rows[rows["id"] != "inj-64"], options).data
        if t.mode == "lines"
    )
    assert list(alone.y) == [110, 35]


def test_a_figure_on_top_of_another_stands_at_the_total_its_label_gives(options) -> None:
    """A journalist read the independent morgue count as 64 → 21 → 43: "43 more (64 in all)"
    was drawn at 43. A part that completes a total stands at that total, as its label reads."""
    rows = _frame(
        [
            _independent(id="b-21", metric="bodies_counted", value=21),
            _independent(id="b-43", metric="bodies_counted", value=43, adds_to="b-21"),
        ]
    )
    heights = {
        c: y
        for t in build_deaths_chart(rows, options).data
        if t.customdata is not None and t.mode and "markers" in t.mode
        for c, y in zip(t.customdata, t.y, strict=True)
    }
    assert heights == {"b-21": 21, "b-43": 64}
    alone = build_deaths_chart(rows[rows["id"] != "b-21"], options)  # no total without its part
    assert [list(t.y) for t in alone.data if t.customdata is not None] == [[43]]


@pytest.mark.parametrize(("lang", "deaths"), [("ru", "погиб"), ("kk", "құрбан")])
def test_the_injuries_line_is_not_called_a_death_toll(counts: pd.DataFrame, lang, deaths) -> None:
    """The injuries chart shares the deaths chart's line: its Russian legend read "Официальное
    число погибших" (the official number of dead) above the injured."""
    fig = build_injuries_chart(counts, ChartOptions(lang=lang))
    step = next(t for t in fig.data if t.mode == "lines")
    assert deaths not in step.name.lower(), step.name


def test_injuries_and_empty_charts(counts: pd.DataFrame, options: ChartOptions) -> None:
    fig = build_injuries_chart(counts, options)
    assert any(t.customdata is not None and "inj-86" in t.customdata for t in fig.data)
    empty = build_detainee_chart(counts[counts["metric"] == "deaths"], options)
    assert "No figure" in _annotations(empty)


def test_table_lists_every_figure_with_its_link(counts: pd.DataFrame) -> None:
    sources = pd.DataFrame([make_source(id="src-a")])
    table = figures_table(counts, sources, DETAINEE_METRICS)
    assert set(table["id"]) == {"pg-70", "pg-60", "lists-700", "lists-400", "later-19"}
    row = table.set_index("id").loc["lists-700"]
    assert row["figure"] == "more than 700" and row["claim"] == "Independent"
    assert row["source_url"] == "https://example.org/a"
    assert table.set_index("id").loc["pg-70", "period"] == "2011-12-16 – 2011-12-17"


def test_table_file_gives_a_spreadsheet_numbers_and_dates() -> None:
    """The CSV's "Figure" read "more than 400" and its "Stated on" "2011-12-17, date inferred":
    neither could be summed or sorted. The file also has the number, its qualifier, the date
    as stated, how it is known and the count it adds to; the page's table keeps its words."""
    rows = _frame(
        [
            make_count(id="pg-70", value=70),
            make_count(id="pg-60", value=60, qualifier="more_than", adds_to="pg-70"),
            make_count(id="night-8", value=8, stated_on="2011-12-17", stated_on_basis="inferred"),
        ]
    )
    sources = pd.DataFrame([make_source(id="src-a")])
    table = figures_table(rows, sources, DETAINEE_METRICS, "ru", for_file=True)
    frame = pd.read_csv(io.BytesIO(table_csv(table, "ru"))).set_index("ID")
    assert frame["Значение (число)"].to_dict() == {"pg-70": 70, "pg-60": 60, "night-8": 8}
    assert frame.loc["pg-60", "Уточнение (код)"] == "more_than"
    assert frame.loc["pg-60", "Добавляется к (ID)"] == "pg-70"
    assert frame.loc["night-8", "Когда названа"] == "2011-12-17"
    assert frame.loc["night-8", "Откуда известна дата (код)"] == "inferred"
    assert frame.loc["pg-70", "Откуда известна дата (код)"] == "stated"
    page = figures_table(rows, sources, DETAINEE_METRICS, "en").set_index("id")
    assert list(page.columns) == [c for c in TABLE_COLUMNS if c != "id"]
    assert page.loc["night-8", "stated_on"] == "2011-12-17, date inferred"


def test_table_csv_defuses_formulas() -> None:
    table = pd.DataFrame({"claimant": ["=HYPERLINK(1)", "plain"], "id": ["a", "b"]})
    frame = pd.read_csv(io.BytesIO(table_csv(table)))
    assert list(frame.columns) == ["Stated by", "ID"]
    assert frame["Stated by"].tolist() == ["'=HYPERLINK(1)", "plain"]


def test_table_csv_starts_with_its_citation_line() -> None:
    table = pd.DataFrame({"claimant": ["Officials"], "id": ["a"]})
    text = table_csv(table, cite="Data: Test, v1 (CC BY 4.0)").decode("utf-8-sig")
    assert text.splitlines()[0].strip('"') == "# Data: Test, v1 (CC BY 4.0)"
    assert list(pd.read_csv(io.StringIO(text), skiprows=1).columns) == ["Stated by", "ID"]


def test_selected_count_ids_reads_plotly_selection() -> None:
    event = {
        "selection": {
            "points": [{"customdata": "a"}, {"customdata": ["b"]}, {"customdata": "a"}, {}]
        }
    }
    assert selected_count_ids(event) == ["a", "b"]
    assert selected_count_ids(None) == []
    assert selected_count_ids({"selection": {"points": []}}) == []


def test_events_behind_and_hidden_counts(counts: pd.DataFrame) -> None:
    events = pd.DataFrame({"id": ["e1", "e2"], "count_ids": [["pg-70"], []]})
    assert events_behind(events, "pg-70")["id"].tolist() == ["e1"]
    shown = counts[counts["stated_on"] != "2011-12-18"]
    assert set(hidden_counts(counts, shown, DETAINEE_METRICS)["id"]) == {"pg-70", "pg-60"}


def test_chart_config_exports_high_resolution_png() -> None:
    config = chart_config("detainees")
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["scale"] >= 2


def test_values_survive_json(counts: pd.DataFrame, options: ChartOptions) -> None:
    spec = build_detainee_chart(counts, options).to_plotly_json()
    bars = [t for t in spec["data"] if t.get("name") == "Independent figure"]
    assert decode(bars[0]["x"]) == [700, 400]


def test_a_click_does_not_fade_the_other_figures(counts: pd.DataFrame) -> None:
    for build in (build_detainee_chart, build_deaths_chart, build_injuries_chart):
        fig = build(counts)
        marks = [tr for tr in fig.data if tr.type in ("bar", "scatter")]
        assert marks
        assert all(tr.unselected.marker.opacity == 1 for tr in marks), build.__name__


def test_quotes_in_hover_text_use_references_plotly_decodes() -> None:
    from lib.format import html_escape

    assert html_escape('the "garage" & <b>') == "the &#34;garage&#34; &amp; &lt;b&gt;"


def test_crowded_lower_bounds_read_short_and_keep_every_figure() -> None:
    """Three independent lower bounds on neighbouring dates: at a phone's width their full
    labels ("at least 16" over "at least 12") cannot all sit clear, so each reads ``≥16`` (the
    same figure and qualifier); none is dropped, and a lone lower bound keeps its words."""
    rows = [
        make_count(id="d-10", metric="deaths", value=10, stated_on="2011-12-16"),
        make_count(id="d-17", metric="deaths", value=17, stated_on="2012-01-25"),
        _independent(id="b-21", metric="bodies_counted", value=21, qualifier="exact",
                     stated_on="2012-01-12"),
        _independent(id="b-43", metric="bodies_counted", value=43, qualifier="exact",
                     stated_on="2012-01-12"),
        _independent(id="a-12", metric="deaths", value=12, qualifier="at_least", stated_on="2012-09"),
        _independent(id="a-16", metric="deaths", value=16, qualifier="at_least", stated_on="2013"),
        _independent(id="m-15", metric="deaths", value=15, qualifier="more_than",
                     stated_on="2013-07"),
    ]  # fmt: skip
    for lang, words in (("en", "at least"), ("ru", "не менее")):
        opts = ChartOptions(lang=lang, responsive=True)
        fig = build_deaths_chart(_frame(rows), opts)
        texts = {
            i: s for tr in fig.data if tr.text is not None
            for i, s in zip(tr.customdata, tr.text, strict=True)
        }  # fmt: skip
        assert set(texts) == {r["id"] for r in rows}  # every figure labelled
        assert (texts["a-12"], texts["a-16"], texts["m-15"]) == ("≥12", "≥16", "&gt;15")
        lone = build_deaths_chart(_frame([rows[0], rows[4]]), opts)
        bound = next(
            tr for tr in lone.data if tr.customdata is not None and "a-12" in tr.customdata
        )
        assert bound.text[0].startswith(f"{words} 12")  # (its place follows)


def test_a_bodies_figure_reads_as_bodies_in_russian() -> None:
    """The deaths chart's Russian labels read "тел: 64", taken for an abbreviation of
    "телефон"; they read "тела: 64"."""
    rows = [
        make_count(id="d-10", metric="deaths", value=10, stated_on="2011-12-16"),
        _independent(id="b-64", metric="bodies_counted", value=64, qualifier="exact",
                     stated_on="2011-12-17"),
    ]  # fmt: skip
    fig = build_deaths_chart(_frame(rows), ChartOptions(lang="ru", responsive=True))
    texts = {
        i: s for tr in fig.data if tr.text is not None
        for i, s in zip(tr.customdata, tr.text, strict=True)
    }  # fmt: skip
    assert texts["b-64"].startswith("тела: 64"), texts


def test_a_figure_on_a_rise_of_the_line_is_labelled_beside_it_in_the_shipped_data() -> None:
    """In the shipped deaths chart "13" (18 Dec 2011) sits on the line's rise from 11 to 15;
    placed for a phone's plot its label went under it, and in the taller plot of a portrait
    image the line then ran through it. A figure on a rise is labelled beside it."""
    from pathlib import Path

    from lib.events import load_dataset

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    fig = build_deaths_chart(shipped.counts, ChartOptions())
    official = next(t for t in fig.data if t.name == "Official figure")
    positions = dict(zip(official.text, official.textposition, strict=False))
    assert not positions["13"].endswith("center"), positions


def test_a_figure_near_zero_is_labelled_clear_of_the_zero_line_in_the_shipped_data() -> None:
    """In the shipped deaths chart "1 (Shetpe)" sat beside its marker on the zero line, the
    axis through its letters; in the injuries chart "11 (Shetpe)" the same. A label near zero
    goes above its marker."""
    from pathlib import Path

    from lib.events import load_dataset

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    for build, text in ((build_deaths_chart, "1 (Shetpe)"), (build_injuries_chart, "11 (Shetpe)")):
        official = next(
            t for t in build(shipped.counts, ChartOptions()).data if t.name == "Official figure"
        )
        positions = dict(zip(official.text, official.textposition, strict=True))
        assert positions[text].startswith("top"), positions


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_figures_hover_label_is_short_enough_for_a_phone(lang) -> None:
    """Tapped on a phone, a Russian figure's label ran off the chart ("…(Официальные"): its
    lines were wrapped at 60 characters in every language, its last not at all; its period
    read in ISO dates ("2011-12-16 – 2011-12-17") beside the page's own."""
    import html
    import re
    from pathlib import Path

    from lib.events import load_dataset
    from lib.figure_style import HOVER_CHARS
    from lib.format import wrap_width
    from lib.i18n import t

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    options = ChartOptions(lang=lang, sources=shipped.sources)
    covers = t("counts.hover.period", lang, period="").strip()
    for build in (build_detainee_chart, build_deaths_chart, build_injuries_chart):
        for trace in build(shipped.counts, options).data:
            for hover in trace.hovertext or ():
                lines = re.sub(r"</?[bi]>", "", hover).split("<br>")
                longest = max(len(html.unescape(line)) for line in lines)
                assert longest <= wrap_width(HOVER_CHARS, lang), hover
                period = [line for line in lines if line.startswith(covers)]
                assert not any(re.search(r"\d{4}-\d\d", line) for line in period), hover


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_images_toll_note_names_who_gave_each_figure_not_from_officials(lang) -> None:
    """The deaths image labelled its markers "73", "≥12", "64 bodies" alone: only their colour
    said they were not an official's, and the credit hid novgaz.com under "and 3 more" (found by
    a journalist's review). The screen has each figure's claimant in its table and hover."""
    from lib.events import DEFAULT_DATA_DIR, load_dataset
    from lib.format import html_escape
    from lib.localize import COUNT_TEXTS, localized_frame

    counts = localized_frame(load_dataset(DEFAULT_DATA_DIR).counts, COUNT_TEXTS, lang)
    note = next(
        a.text
        for a in build_deaths_chart(counts, ChartOptions(lang=lang)).layout.annotations
        if a.name == "note"
    )
    said = note.replace("<br>", " ")
    # on a line of its own, not half way along the note's last line
    who = t("counts.toll.who", lang, figures="").split(":")[0]
    assert note.split("<br><br>")[1].startswith(who), note
    others = counts[
        (counts["metric"].isin(["deaths", "bodies_counted"])) & (counts["claim_type"] != "official")
    ]
    assert len(others) == 7
    for claimant in set(others["claimant"]):
        assert f"— {html_escape(claimant)}" in said, (claimant, said)
    assert "73 — novgaz.com" in said
    screen = build_deaths_chart(counts, ChartOptions(lang=lang, responsive=True))
    assert "novgaz.com" not in "".join(a.text or "" for a in screen.layout.annotations)


def _sources() -> pd.DataFrame:
    return pd.DataFrame(
        [
            make_source(id="abai-kz-11981", publisher="abai.kz", url="https://abai.kz/post/11981"),
            make_source(id="abai-kz-1198", publisher="Other [x](javascript:alert(1))"),
            make_source(id="wire", publisher="Wire", url="javascript:alert(1)"),
        ]
    ).assign(publisher_ru=["Абай", None, None])


def test_a_notes_source_ids_read_as_their_publishers():
    """An advocate read "Same figure also reported by abai-kz-11981." under a figure: an id no
    page names. The note names the publisher, in the reader's language."""
    note = (
        "Same figure also reported by abai-kz-11981. Also cited: abai-kz-1198, not abai-kz-11981x."
    )
    assert name_sources(note, _sources()) == (
        "Same figure also reported by abai.kz. Also cited: Other [x](javascript:alert(1)),"
        " not abai-kz-11981x."
    )
    assert name_sources("Также в abai-kz-11981.", _sources(), "ru") == "Также в Абай."
    assert name_sources("No id here.", _sources()) == "No id here."


def test_a_notes_sources_are_links_and_the_rest_stays_text():
    note = "*Also* cited: abai-kz-11981, abai-kz-1198 and wire."
    other = md_escape("Other [x](javascript:alert(1))")
    assert name_sources(note, _sources(), link=True) == (
        f"{md_escape('*Also* cited: ')}[{md_escape('abai.kz')}](<https://abai.kz/post/11981>)"
        f"{md_escape(', ')}[{other}](<https://example.org/a>){md_escape(' and ')}Wire"
        f"{md_escape('.')}"
    )  # a source whose address is not a web page's is named, not linked


def test_the_figures_table_names_sources_in_notes_and_its_file_keeps_the_ids():
    counts = _frame([make_count(note="Also cited: abai-kz-11981.")])
    shown = figures_table(counts, _sources(), list(counts["metric"]))
    kept = figures_table(counts, _sources(), list(counts["metric"]), for_file=True)
    assert list(shown["note"]) == ["Also cited: abai.kz."]
    assert list(kept["note"]) == ["Also cited: abai-kz-11981."]


def test_the_figures_table_says_where_in_the_source_in_the_readers_language():
    """The Russian and Kazakh tables showed the data's "p4" where hovers say "4-абзац", and a
    fact-base locator unmarked as English (a keyboard reader's review)."""
    counts = _frame([make_count(), make_count(id="count-b", locator="fact base §2 (Detained)")])
    shown = figures_table(counts, _sources(), list(counts["metric"]), "kk").set_index("id")
    kept = figures_table(counts, _sources(), list(counts["metric"]), "kk", for_file=True)
    assert shown.loc["count-a", "locator"] == keep_numbers_whole("4-абзац")
    assert shown.loc["count-b", "locator"] == "fact base §2 (Detained) (ағылшынша)"
    assert list(kept["locator"]) == ["p4", "fact base §2 (Detained)"]
