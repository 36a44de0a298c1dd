"""AppTest: every page runs; filters and link parameters drive what is shown; bad data is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.format import md_escape
from tests.factories import make_count, make_event, make_source, write_dataset

APP = "../app.py"
PAGES = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "pages").glob("*.py"))


def _app(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path | None = None, page: str = "", **params
) -> AppTest:
    """Run the app as a link to ``page`` (a script under ``pages/``; the overview if empty)."""
    if data_dir is not None:
        monkeypatch.setenv("EVENTS_DATA_DIR", str(data_dir))
    else:
        monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    if page:
        at.switch_page(f"pages/{page}")
    return at.run()


def _param(at: AppTest, name: str) -> list[str]:
    value = at.query_params[name]
    return value if isinstance(value, list) else [value]


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    events = [
        make_event(id="protest-16", title_en="Rally on the square", category="protest"),
        make_event(
            id="beating-19",
            start="2011-12-19",
            title_en="Beaten at the station",
            category="ill_treatment",
            claimant_type="witness",
            claimant="BB, as relayed",
            violence_described=True,
            count_ids=["count-a"],
        ),
        make_event(
            id="unplaced", geometry=None, start="2011-12-20", title_en="Statement in the capital"
        ),
    ]
    counts = [
        make_count(),
        make_count(id="count-b", value="60", period_start="", period_end=""),
        make_count(
            id="count-c", value="700", qualifier="more_than", claim_type="independent", claimant="Journalist",
            stated_on="2011-12-22", period_start="", period_end="",
        ),
    ]  # fmt: skip
    return write_dataset(tmp_path / "data", events=events, counts=counts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_shipped_data(monkeypatch, page):
    at = _app(monkeypatch)
    at.switch_page(f"pages/{page}").run()
    assert not at.exception
    assert not at.error


def test_overview_figures_follow_the_filters(monkeypatch, small_data):
    at = _app(monkeypatch, small_data)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events shown"] == "3 / 3"
    assert metrics["Date span"] == "2011"
    # a date's words are joined by no-break spaces: one line each (keep_numbers_whole)
    assert at.caption[1].value == "16\xa0Dec\xa02011 to 20\xa0Dec\xa02011"
    assert metrics["Detained, official figure"] == "130"
    assert at.caption[2].value.startswith(
        md_escape("70 + 60: Prosecutor General's office, stated 18\xa0Dec\xa02011")
    )
    assert metrics["Detained, independent lists"] == "700+"

    at.multiselect(key="filter_cat").select("ill_treatment").run()
    assert {m.label: m.value for m in at.metric}["Events shown"] == "1 / 3"
    assert _param(at, "cat") == ["ill_treatment"]

    at.multiselect(key="filter_cat").set_value([]).run()
    at.date_input(key="filter_to").set_value(at.date_input(key="filter_from").value).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events shown"] == "1 / 3"
    assert metrics["Detained, official figure"] == "—"


def test_text_search_filters_titles_and_descriptions(monkeypatch, small_data):
    at = _app(monkeypatch, small_data)
    at.text_input(key="filter_q").input("STATION").run()
    assert {m.label: m.value for m in at.metric}["Events shown"] == "1 / 3"
    assert _param(at, "q") == ["STATION"]


def test_link_parameters_reopen_the_same_view(monkeypatch, small_data):
    at = _app(
        monkeypatch, small_data, "map.py", cat=["ill_treatment"], claimant=["witness"],
        **{"from": "2011-12-16"}, to="2011-12-19", event="beating-19",
    )  # fmt: skip
    assert not at.warning
    assert at.multiselect(key="filter_cat").value == ["ill_treatment"]
    assert at.multiselect(key="filter_claimant").value == ["witness"]
    assert str(at.date_input(key="filter_to").value) == "2011-12-19"
    assert at.session_state["selected_event"] == "beating-19"
    assert _param(at, "event") == ["beating-19"]
    assert _param(at, "cat") == ["ill_treatment"]
    # the selection belongs to the map and the timeline: the overview's link does not carry it
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Events shown"] == "1 / 3"
    assert "event" not in at.query_params


def test_page_parameters_stay_on_their_page(monkeypatch, small_data):
    at = _app(monkeypatch, small_data, event="beating-19", lane="claimant")
    at.switch_page("pages/timeline.py").run()
    assert _param(at, "lane") == ["claimant"]
    assert _param(at, "event") == ["beating-19"]
    at.switch_page("pages/counts.py").run()
    assert "lane" not in at.query_params
    assert "event" not in at.query_params
    at.switch_page("pages/timeline.py").run()
    assert _param(at, "lane") == ["claimant"]  # kept in the session for when the reader returns


def test_back_to_an_earlier_link_restores_its_selection(monkeypatch, small_data):
    """The browser's Back reruns the app with the earlier URL; the app follows that URL."""
    at = _app(monkeypatch, small_data, event="protest-16")
    at.switch_page("pages/map.py").run()
    assert at.session_state["selected_event"] == "protest-16"
    monkeypatch.setattr("lib.ui.history_move", lambda: True)  # Streamlit marks Back's rerun
    at.query_params["event"] = "beating-19"  # as the browser does on Back or Forward
    at.run()
    assert at.session_state["selected_event"] == "beating-19"
    assert _param(at, "event") == ["beating-19"]
    at.query_params["q"] = "station"
    at.run()
    assert at.text_input(key="filter_q").value == "station"


def test_a_rerun_sent_with_an_older_url_is_not_taken_for_back(monkeypatch, small_data):
    """A rerun asked for before the browser had the app's latest URL carries the older URL: a
    presenter's second quick press of Page Down was taken for Back, and went a step back."""
    at = _app(monkeypatch, small_data, event="protest-16")
    at.switch_page("pages/map.py").run()
    at.query_params["event"] = "beating-19"  # an older URL, in a rerun the browser did not mark
    at.run()
    assert at.session_state["selected_event"] == "protest-16"
    assert _param(at, "event") == ["protest-16"]


def test_a_selection_the_filters_hide_is_cleared_with_a_notice(monkeypatch, small_data):
    at = _app(monkeypatch, small_data, event="beating-19")
    at.switch_page("pages/map.py").run()
    assert at.session_state["selected_event"] == "beating-19"
    at.multiselect(key="filter_cat").select("protest").run()
    assert at.session_state["selected_event"] is None
    assert "event" not in at.query_params
    assert any("hidden by the current filters" in i.value for i in at.info)
    assert not at.exception


LONG = "x" * 5000
CATEGORIES = (
    "communications, context, detention, ill_treatment, investigation, official_statement, "
    "protest: Protest or strike, reaction, restriction: Restriction of access, trial, violence"
)
"""What a notice lists as the values ``cat`` allows: a code, and its name where that reads
differently."""


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        (
            {"cat": ["riot"]},
            f"Ignored the link parameter “cat”: 'riot' is not one of {CATEGORIES}.",
        ),
        (
            {"from": "2011-13-45"},
            "Ignored the link parameter “from”: '2011-13-45' is not a real date: "
            "there is no month 13.",
        ),
        (
            {"to": "1999-01-01"},
            "Ignored the link parameter “to”: '1999-01-01' is outside the data's dates "
            "(2011-12-16 to 2011-12-22).",
        ),
        (
            {"lane": "sideways"},
            "Ignored the link parameter “lane”: 'sideways' is not one of category, claimant.",
        ),
        (
            {"utm_source": "x"},
            "Ignored the link parameter “utm_source”: this dashboard does not use it.",
        ),
        (
            {"event": "<script>"},
            "Ignored the link parameter “event”: no event has the id '<script>'.",
        ),
        (
            {"cat": "**bold** [x](javascript:alert(1))"},
            "Ignored the link parameter “cat”: '**bold** [x](javascript:alert(1))' is not one of "
            f"{CATEGORIES}.",
        ),
        (
            {"q": LONG},
            f"Ignored the link parameter “q”: '{LONG[:59]}…' is longer than 200 characters.",
        ),
    ],
)
def test_bad_link_parameters_are_ignored_with_a_notice(monkeypatch, small_data, params, notice):
    at = _app(monkeypatch, small_data, **params)
    assert not at.exception
    # shown as plain text: Markdown in a link parameter is escaped, long values are cut
    assert [w.value for w in at.warning] == [md_escape(notice)]
    assert {m.label: m.value for m in at.metric}["Events shown"] == "3 / 3"
    for name in params:
        assert name not in at.query_params


def test_a_link_to_counts_with_an_event_says_the_event_is_for_another_page(monkeypatch, small_data):
    """``/counts?event=…`` showed no event and said nothing, and the map then opened with it
    selected; ``from`` given twice used the last date unsaid (an advocate's review)."""
    monkeypatch.setenv("EVENTS_DATA_DIR", str(small_data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = "beating-19"
    at.query_params["from"] = ["2011-12-16", "2011-12-19"]
    at.switch_page("pages/counts.py").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert (
        md_escape(
            "The link parameter “event” is kept for another page: only the pages “Map”, “Timeline” "
            "use it."
        )
        in warnings
    )
    assert (
        md_escape(
            "Changed the link parameter “from”: the link gives it 2 times; the last, '2011-12-19', "
            "is used."
        )
        in warnings
    )
    assert "event" not in at.query_params and _param(at, "from") == ["2011-12-19"]
    at.switch_page("pages/map.py").run()
    assert at.session_state["selected_event"] == "beating-19"
    assert _param(at, "event") == ["beating-19"]


def test_dates_given_backwards_are_swapped_with_a_notice(monkeypatch, small_data):
    """A link from 22 to 16 December showed 16 to 22 December and said nothing."""
    at = _app(monkeypatch, small_data, **{"from": "2011-12-22", "to": "2011-12-16"})
    assert not at.exception
    assert [w.value for w in at.warning] == [
        md_escape(
            "Changed the link parameter “from”: it came after “to” (2011-12-22 after "
            "2011-12-16); the two dates were swapped."
        )
    ]
    assert {m.label: m.value for m in at.metric}["Events shown"] == "3 / 3"


def test_invalid_data_shows_every_problem_and_no_traceback(monkeypatch, tmp_path):
    folder = write_dataset(
        tmp_path,
        events=[make_event(category="riot"), make_event(id="b", title_en="")],
        sources=[make_source(url="javascript:alert(1)")],
    )
    for page in PAGES:
        at = _app(monkeypatch, folder)
        at.switch_page(f"pages/{page}").run()
        assert not at.exception
        assert at.error[0].value.startswith("The data in")
        listing = at.code[0].value
        assert "events.geojson:event-a:category: unknown value 'riot'" in listing
        assert "events.geojson:b:title_en: must not be empty" in listing
        assert "sources.csv:src-a:url: 'javascript:alert(1)' is not an http(s) URL" in listing


def test_broken_json_is_reported_by_file(monkeypatch, tmp_path):
    folder = write_dataset(tmp_path)
    (folder / "events.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    at = _app(monkeypatch, folder)
    assert not at.exception
    assert "events.geojson:-:-: invalid JSON" in at.code[0].value


def test_sources_page_lists_sources_and_offers_downloads(monkeypatch, small_data):
    at = _app(monkeypatch, small_data)
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    sources, events = at.dataframe[0].value, at.dataframe[1].value
    assert list(sources["Id"]) == ["src-a"]
    assert len(events) == 3
    # the whole dataset, not a selection: the buttons said "filtered events" here too
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the sources (CSV)",  # what the events' source ids point to
        "Download all events (GeoJSON)",
        "Download all events (CSV)",
        "What the columns mean (Markdown)",
    ]
    assert "All events" in [h.value for h in at.subheader]
    at.multiselect(key="filter_cat").select("protest").run()
    assert list(at.dataframe[1].value["id"]) == ["protest-16", "unplaced"]
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the sources (CSV)",
        "Download filtered events (GeoJSON)",
        "Download filtered events (CSV)",
        "What the columns mean (Markdown)",
    ]
    assert "Filtered events" in [h.value for h in at.subheader]


def test_hostile_text_is_not_rendered_as_markdown(monkeypatch, tmp_path):
    hostile = '<img src=x onerror="window.__xss=1"> [click](javascript:alert(1))'
    folder = write_dataset(tmp_path, events=[make_event(title_en=hostile)])
    at = _app(monkeypatch, folder)
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert at.dataframe[1].value.iloc[0]["Event"] == hostile
    assert all(hostile not in m.value for m in at.markdown)


def test_geojson_download_round_trips(small_data):
    from lib.events import load_dataset
    from lib.export import events_to_geojson

    events = load_dataset(small_data).events
    doc = json.loads(events_to_geojson(events, "cite me"))
    assert doc["citation"] == "cite me"
    assert [f["properties"]["id"] for f in doc["features"]] == list(events["id"])
    assert doc["features"][-1]["geometry"] is None


@pytest.mark.parametrize("page", ["timeline.py", "map.py"])
def test_a_description_of_violence_waits_behind_the_content_note(monkeypatch, small_data, page):
    at = _app(monkeypatch, small_data, event="beating-19")
    at.switch_page(f"pages/{page}").run()
    assert not at.exception
    description = "A test description."
    assert description not in [x.value for x in at.text]
    at.button(key="content_note_show-" + page.removesuffix(".py")).click().run()
    assert description in [x.value for x in at.text]
    # once per session: another page shows it straight away
    at.switch_page("pages/timeline.py" if page == "map.py" else "pages/map.py").run()
    assert not at.exception
    assert description in [x.value for x in at.text]


def test_no_page_changes_the_data_files(monkeypatch, tmp_path):
    import hashlib
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", folder)

    def digest() -> dict[str, str]:
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    before = digest()
    at = _app(monkeypatch, folder, event="2011-12-17-aa-moved-to-the-garage")
    for page in PAGES:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception
    assert digest() == before


def test_choosing_every_category_is_no_restriction(monkeypatch, small_data):
    from lib.schema import Category

    at = _app(monkeypatch, small_data)
    at.multiselect(key="filter_cat").set_value([c.value for c in Category]).run()
    assert {m.label: m.value for m in at.metric}["Events shown"] == "3 / 3"
    assert "cat" not in at.query_params


@pytest.mark.parametrize(
    ("lang", "category", "empty", "url"),
    [
        (
            "ru",
            "неизвестное значение 'riot'; ожидается",
            "не должно быть пустым",
            "'javascript:alert(1)' — не адрес http(s)",
        ),
        (
            "kk",
            "белгісіз мән 'riot'; күтілетіні:",
            "бос болмауы керек",
            "'javascript:alert(1)' — http(s) мекенжайы емес",
        ),
    ],
)
def test_invalid_data_listing_in_russian_and_kazakh(
    monkeypatch, tmp_path, lang, category, empty, url
):
    """The problem lines keep ``file:record:field:``; only the message is translated."""
    folder = write_dataset(
        tmp_path,
        events=[make_event(category="riot"), make_event(id="b", title_en="")],
        sources=[make_source(url="javascript:alert(1)")],
    )
    at = _app(monkeypatch, folder, lang=lang)
    assert not at.exception
    listing = at.code[0].value
    assert f"events.geojson:event-a:category: {category}" in listing
    assert f"events.geojson:b:title_en: {empty}" in listing
    assert f"sources.csv:src-a:url: {url}" in listing
    assert "unknown value" not in listing and "must not be" not in listing


def test_the_overviews_dates_say_month_where_the_first_event_gives_only_its_month(monkeypatch):
    """The shipped data begins with "December 2009 (month only)": the overview said "1 Dec
    2009", a day no source gives."""
    at = _app(monkeypatch)
    assert not at.exception
    spans = [c.value for c in at.caption if "2012" in c.value and " to " in c.value]
    assert spans == ["Dec\xa02009 to 6\xa0Aug\xa02012"], [c.value for c in at.caption]


def test_a_bad_links_notices_can_be_hidden(monkeypatch, small_data):
    """A bad link's notices stayed on every page for the whole session; a button hides them
    (in the reader's language), and they stay hidden."""
    at = _app(monkeypatch, small_data, cat="riot", lang="ru")
    assert len(at.warning) == 1
    hide = at.button(key="link-notices-hide")
    assert hide.label == "Скрыть это уведомление"
    hide.click().run()
    assert not at.warning and not at.exception
    at.run()
    assert not at.warning
