"""AppTest checks of the Counts page: what the headline figure draws, its table and the date filter."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.counts import DETAINEE_METRICS
from lib.events import EventFilter, filter_counts, load_dataset
from lib.tables import column_px
from tests.factories import make_count, make_event, make_source, write_dataset
from tests.plotly_data import decode

APP = "../app.py"
PAGE = "pages/counts.py"
SHIPPED = Path(__file__).resolve().parent.parent / "data"
KOST = "Elena Kostyuchenko (Novaya Gazeta), relayed by HRW"
PG = "Prosecutor General's office"


def _counts() -> list[dict[str, str]]:
    return [
        make_count(id="pg-70", value=70),
        make_count(id="pg-60", value=60, period_start="", period_end="", note="another 60"),
        make_count(
            id="lists-700",
            value=700,
            qualifier="more_than",
            claim_type="independent",
            claimant=KOST,
            stated_on="2011-12-22",
            period_start="",
            period_end="",
        ),
        make_count(
            id="lists-400",
            metric="facing_charges",
            value=400,
            qualifier="more_than",
            claim_type="independent",
            claimant=KOST,
            stated_on="2011-12-22",
            period_start="",
            period_end="",
        ),
        make_count(
            id="later-19",
            value=19,
            claimant="Interior Minister",
            stated_on="2011-12-20",
            period_start="",
            period_end="",
        ),
        make_count(
            id="cell-22",
            metric="held_together",
            value=22,
            claim_type="independent",
            claimant="AA, via Kostyuchenko",
            stated_on="2011-12-22",
            note="Detainees held in one cell.",
        ),
        make_count(
            id="deaths-10",
            metric="deaths",
            value=10,
            claimant="Prosecutor General",
            stated_on="2011-12-16",
        ),
        make_count(
            id="deaths-12",
            metric="deaths",
            value=12,
            qualifier="at_least",
            claim_type="independent",
            claimant="Human Rights Watch",
            stated_on="2012-09",
        ),
    ]


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_dataset(
        tmp_path / "data",
        events=[
            make_event(id="first", start="2011-12-16", count_ids=["pg-70", "pg-60"]),
            make_event(id="last", start="2012-09-17", title_en="Later report"),
        ],
        sources=[make_source(id="src-a")],
        counts=_counts(),
    )
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    return folder


def _app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _date_input(at: AppTest, end: str):
    """Return the sidebar's date input for ``end`` ("from" or "to"), whatever app.py prefixes it with."""
    for widget in at.date_input:
        if widget.key in (end, f"filter_{end}"):
            return widget
    raise AssertionError(f"no sidebar date input keyed {end!r}")


def _figure(at: AppTest, title_word: str) -> dict:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if title_word in spec["layout"]["title"]["text"]:
            return spec
    raise AssertionError(f"no chart titled with {title_word!r}")


def _bars(spec: dict, name: str) -> dict[str, float]:
    """Return {count id: drawn length} for the bar trace called ``name``."""
    for trace in spec["data"]:
        if trace["type"] == "bar" and trace.get("name") == name:
            return dict(zip(trace["customdata"], decode(trace["x"]), strict=True))
    return {}


def _annotations(spec: dict) -> str:
    text = " ".join(a["text"] for a in spec["layout"].get("annotations", []))
    return text.replace("<br>", " ").replace("\xa0", " ")  # dates and "5 times" kept whole


def _labels(spec: dict) -> list[str]:
    return [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "label"]


def test_headline_figure_draws_official_and_independent_lower_bounds(dataset: Path) -> None:
    spec = _figure(_app(), "Detainees")
    assert _bars(spec, "Official figure") == {"pg-70": 70, "pg-60": 60, "later-19": 19}
    assert _bars(spec, "Independent figure") == {"lists-700": 700, "lists-400": 400}
    labels = _labels(spec)
    assert "<b>130 in all<br>(70 + 60)</b>" in labels
    assert "<b>more than 700</b>" in labels
    assert "<b>more than 400</b>" in labels
    open_ends = {
        cid
        for trace in spec["data"]
        if trace.get("legendgroup") == "open"
        for cid in trace["customdata"]
    }
    assert open_ends == {"lists-700", "lists-400"}
    text = _annotations(spec)
    assert "at least 5 times" in text and "700 ÷ 130 ≈ 5.4" in text
    # on screen each row's words stand above its bar (a stacked layout that fits a phone)
    rows = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "row"]
    ticks = " ".join(rows).replace("<br>", " ").replace("\xa0", " ")
    assert "stated 18 Dec 2011" in ticks and "stated 22 Dec 2011" in ticks


def test_headline_figures_ratio_reads_in_russian(dataset: Path) -> None:
    text = _annotations(_figure(_app("ru"), "Задержанные"))
    assert "не менее чем в 5 раз больше" in text and "700 ÷ 130 ≈ 5,4" in text
    assert "раз(а)" not in text


def test_headline_table_lists_every_detainee_figure(dataset: Path) -> None:
    at = _app()
    table = at.dataframe[0].value
    expected = {r["id"] for r in _counts() if r["metric"] in DETAINEE_METRICS}
    assert set(table["id"]) == expected
    row = table.set_index("id").loc["lists-700"]
    assert row["figure"] == "more than 700"
    assert row["claimant"] == KOST
    assert row["source_url"] == "https://example.org/a"


def test_date_filter_excluding_18_december_removes_official_bars(dataset: Path) -> None:
    at = _app()
    _date_input(at, "from").set_value(date(2011, 12, 19)).run()
    assert not at.exception
    spec = _figure(at, "Detainees")
    assert _bars(spec, "Official figure") == {"later-19": 19}
    assert "lists-700" in _bars(spec, "Independent figure")
    warnings = " ".join(w.value for w in at.warning)
    assert "2 figures" in warnings and "2 official" in warnings
    assert "19 Dec 2011" in warnings
    notes = " ".join(i.value for i in at.info)
    assert "by the date they were stated" in notes


def test_the_hidden_figures_notice_agrees_with_its_numbers_in_russian(dataset: Path) -> None:
    """ "(2 официальных, 1 независимых)": the parts' nouns did not agree with their numbers
    (one would read "1 независимая"). They are written "официальных: 2", which agrees with any."""
    at = _app("ru")
    _date_input(at, "from").set_value(date(2011, 12, 19)).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "(официальных: 2, независимых: 0)" in warnings, warnings
    assert "2 официальных" not in warnings


def test_no_comparison_when_one_side_is_filtered_out(dataset: Path) -> None:
    at = _app()
    _date_input(at, "to").set_value(date(2011, 12, 20)).run()
    spec = _figure(at, "Detainees")
    assert _bars(spec, "Independent figure") == {}
    assert "times" not in _annotations(spec)
    assert any("No comparison" in c.value for c in at.caption)


def test_data_text_is_escaped_in_the_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    folder = write_dataset(
        tmp_path / "data",
        counts=[make_count(id="x-1", claimant=hostile, note="<b>bold</b>")],
    )
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    at = _app()
    raw = at.get("plotly_chart")[0].proto.spec
    assert "<img" not in raw and "&lt;img src=x" in raw
    assert "<b>bold</b>" not in raw


@pytest.mark.skipif(not (SHIPPED / "counts.csv").exists(), reason="data/counts.csv not curated yet")
def test_shipped_data_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    with (SHIPPED / "counts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    detainee_ids = {r["id"] for r in rows if r["metric"] in DETAINEE_METRICS}
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    # Widen the filter to every date the widgets allow, so the table holds every row.
    at.switch_page(PAGE).run()
    assert not at.exception
    spec = _figure(at, "Detainees")
    official = _bars(spec, "Official figure")
    pg = {
        r["id"]: int(r["value"])
        for r in rows
        if r["metric"] == "detained"
        and r["claim_type"] == "official"
        and r["stated_on"] == "2011-12-18"
    }
    assert {70, 60} <= set(pg.values())
    assert all(official.get(cid) == value for cid, value in pg.items())
    independent = _bars(spec, "Independent figure")
    assert 700 in independent.values() and 400 in independent.values()
    labels = " ".join(_labels(spec))
    assert "more than 700" in labels and "more than 400" in labels
    table = at.dataframe[0].value
    flt = EventFilter(date_from=_date_input(at, "from").value, date_to=_date_input(at, "to").value)
    expected = filter_counts(load_dataset(SHIPPED).counts, flt)
    expected_ids = set(expected[expected["metric"].isin(DETAINEE_METRICS)]["id"])
    assert set(table["id"]) == expected_ids
    hidden = detainee_ids - expected_ids
    warnings = " ".join(w.value for w in at.warning)
    assert (f"Not drawn: {len(hidden)} figure" in warnings) == bool(hidden)


@pytest.mark.parametrize(
    ("lang", "title", "made_with"),
    [
        ("en", "Detainees", "Made with"),
        ("ru", "Задержанные", "панели событий"),
        ("kk", "Ұсталғандар", "тақтасымен"),
    ],
)
def test_the_figures_credit_names_the_dashboard_once(dataset: Path, lang, title, made_with) -> None:
    text = _annotations(_figure(_app(lang), title))
    assert text.count(made_with) == 1, text


def test_a_figure_chosen_from_the_list_shows_what_is_behind_it(dataset: Path) -> None:
    """A marker can only be clicked with a pointer: a keyboard reaches the same panel (its
    source and the events resting on the figure) by choosing the figure from a list."""
    at = _app()
    choice = at.selectbox(key="behind-choice-detainees")
    assert choice.value is None
    # each entry starts with its date stated, in that order: a phone's narrow list cuts the end
    assert choice.options[:2] == [
        "18 Dec 2011 · 60 detained — Prosecutor General's office",
        "18 Dec 2011 · 70 detained — Prosecutor General's office",
    ], choice.options
    choice.set_value("pg-70").run()
    assert not at.exception, at.exception
    texts = [x.value for x in at.text]
    assert any(x.startswith("70 detained — Prosecutor General's office") for x in texts), texts
    assert "Test event" in [h.value for h in at.subheader]  # the event citing the figure
    assert "**Behind the figure you chose**" in [m.value for m in at.markdown]
    # the other charts' lists are untouched
    assert at.selectbox(key="behind-choice-deaths").value is None


def test_a_tables_figures_are_shown_whole_in_every_language(monkeypatch) -> None:
    """The figure column was 200 px ("medium"): the Kazakh 'тағы 60-тан астам (барлығы
    130-дан астам)' read 'тағы 60-тан астам (ба…'. It is as wide as its longest figure."""
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)  # the shipped figures
    for lang in ("en", "ru", "kk"):
        at = _app(lang)
        frame = at.dataframe[0]
        width = json.loads(frame.proto.columns)["figure"]["width"]
        longest = max(frame.value["figure"], key=len)
        assert isinstance(width, int) and width >= column_px([longest]), (lang, width, longest)
        if lang == "kk":  # drawn 263 px wide by Chromium, with 8 px of padding each side
            assert width >= 279, width  # (tests/test_browser_counts.py measures every figure)


def test_a_rerun_with_the_same_dates_builds_no_figures_again(
    dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notices and the download's note under each figure were built with pandas on every
    run (about half of a counts rerun); the counts follow the dates alone, so a category
    change builds nothing again."""
    import lib.counts

    at = _app()
    called: list[str] = []
    for name in ("select_counts", "hidden_counts", "detainee_ratio", "figures_table"):
        real = getattr(lib.counts, name)
        monkeypatch.setattr(
            lib.counts, name, lambda *a, _n=name, _f=real, **k: called.append(_n) or _f(*a, **k)
        )
    at.multiselect(key="filter_cat").set_value(["violence"]).run()
    assert not at.exception, at.exception
    assert called == []
    assert any(
        "Detainees" in json.loads(c.proto.spec)["layout"]["title"]["text"]
        for c in at.get("plotly_chart")
    )


def test_the_tables_files_are_made_on_a_click_not_sent_with_every_run(dataset: Path) -> None:
    """Five CSV files went to the media store on every run, and the browser fetched each back
    as the page opened (Streamlit checks a download's address): they are deferred now."""
    at = _app()
    downloads = [b.proto for b in at.get("download_button") if "download-" in b.proto.id]
    assert len(downloads) == 5
    for proto in downloads:
        assert not proto.url, proto.id  # no file sent; an empty table's button is disabled
        assert proto.deferred_file_id or proto.disabled, proto.id
    assert any(proto.deferred_file_id for proto in downloads)
