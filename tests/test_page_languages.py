"""AppTest: every page in English, Russian and Kazakh; the language follows the link and the browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.format import md_escape
from lib.i18n import LANGUAGES, t
from lib.language import LANG_KEY, language_link_param, pick_language
from tests.apptest_support import frame_reruns

APP = "../app.py"
HEADING = {
    "about.py": "about.title",
    "counts.py": "counts.title",
    "map.py": "map.title",
    "overview.py": "overview.how",
    "present.py": "present.content_note",
    "sources.py": "sources.title",
    "timeline.py": "timeline.list.title",
}
ROOT_DATA = Path(__file__).resolve().parent.parent / "data"
PAGES = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "pages").glob("*.py"))


def _app(monkeypatch, locale: str | None = None, **params) -> AppTest:
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    if locale:
        at.context["locale"] = locale
    for name, value in params.items():
        at.query_params[name] = value
    return at


def _texts(at: AppTest) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning")
    return [e.value for kind in kinds for e in at.get(kind)]


PLACEHOLDER = re.compile(r"(?<![%$])\{[a-z_]+\}")
"""A catalogue's ``{name}`` left in a text because its value was not passed."""
WIDGETS = ("date_input", "multiselect", "text_input", "selectbox", "segmented_control", "toggle")


def _unformatted(at: AppTest) -> list[str]:
    """Every text, label, help and option on the page that still holds a ``{name}``."""
    said = _texts(at) + [str(e.proto) for kind in WIDGETS for e in at.get(kind)]
    return [text for text in said if PLACEHOLDER.search(text)]


def test_every_page_has_a_heading_to_check():
    assert sorted(HEADING) == PAGES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_each_language(monkeypatch, page, lang):
    with frame_reruns():
        at = _app(monkeypatch, lang=lang).run()
        at.switch_page(f"pages/{page}").run()
    assert not at.exception
    assert not at.error
    # the sidebar's date help read "(local time, {zone})" in every language
    assert _unformatted(at) == []
    if page != "present.py":  # Streamlit's "Select all" option was English in every language
        assert [m.proto.select_all for m in at.sidebar.multiselect] == [0, 0]
    if page == "map.py":
        date_help = at.sidebar.date_input(key="filter_from").help
        assert date_help.count("(") == 1 and "UTC+5" in date_help  # no brackets in brackets
    if page != "present.py":  # full width: the filters are kept, not shown
        assert at.sidebar.header[0].value == t("filter.header", lang)
    assert any(t(HEADING[page], lang) in text for text in _texts(at)), page
    if lang != "en" and page != "present.py":  # its strings are not translated yet
        assert t(HEADING[page], lang) != t(HEADING[page], "en")


def test_a_kazakh_link_opens_in_kazakh_and_keeps_the_language(monkeypatch):
    with frame_reruns():
        at = _app(monkeypatch, lang="kk").run()
    assert at.session_state[LANG_KEY] == "kk"
    assert at.sidebar.selectbox(key=LANG_KEY).value == "kk"
    assert at.sidebar.header[0].value == "Сүзгілер"
    assert at.query_params["lang"] in ("kk", ["kk"])


def test_the_sidebar_menu_switches_the_language_and_the_link(monkeypatch):
    with frame_reruns():
        at = _app(monkeypatch).run()
        assert at.sidebar.header[0].value == "Filters"
        at.sidebar.selectbox(key=LANG_KEY).set_value("ru").run()
    assert at.sidebar.header[0].value == "Фильтры"
    assert at.query_params["lang"] in ("ru", ["ru"])


def test_the_browser_language_picks_the_default_without_lang(monkeypatch):
    with frame_reruns():
        at = _app(monkeypatch, locale="ru-RU").run()
    assert at.sidebar.header[0].value == "Фильтры"
    with frame_reruns():
        at = _app(monkeypatch, locale="kk-KZ", lang="en").run()
    assert at.sidebar.header[0].value == "Filters"  # the link wins over the browser


def test_english_chosen_in_a_russian_browser_stays_in_the_link_after_the_page_sets_a_locale(
    monkeypatch,
):
    """The page-language script gives the browser the page's language (so that Streamlit's
    calendar names dates in it), and Streamlit sends that on every later run: an English page
    in a Russian browser then dropped ``lang=en`` from its link, and opened in Russian again."""
    with frame_reruns():
        at = _app(monkeypatch, locale="ru-RU", lang="en").run()
        assert at.query_params["lang"] in ("en", ["en"])
        at.context["locale"] = "en-GB"  # what the page's script makes the browser say
        at.sidebar.text_input(key="filter_q").set_value("x").run()
    assert at.sidebar.header[0].value == "Filters"
    assert at.query_params["lang"] in ("en", ["en"])


def test_an_unknown_language_in_the_link_is_ignored_with_a_notice(monkeypatch):
    with frame_reruns():
        at = _app(monkeypatch, lang="xx").run()
    assert at.sidebar.header[0].value == "Filters"
    assert any("lang" in w.value for w in at.warning)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_bad_category_in_the_link_names_the_categories_in_the_viewers_language(monkeypatch, lang):
    """The notice listed the codes alone ('ill_treatment, …'), which a Russian reader has to
    guess at; each code now comes with its name as the filters show it."""
    with frame_reruns():
        at = _app(monkeypatch, lang=lang, cat="riot", claimant="x").run()
    notices = [w.value for w in at.warning]
    assert len(notices) == 2, notices
    assert md_escape(f"ill_treatment: {t('category.ill_treatment', lang)},") in notices[0]
    assert md_escape(f"official: {t('claimant_type.official', lang)},") in notices[1]


def test_filters_work_with_translated_labels(monkeypatch):
    with frame_reruns():
        at = _app(monkeypatch, lang="ru").run()
        categories = at.sidebar.multiselect(key="filter_cat")
        assert categories.label == "Категории"
        assert t("category.detention", "ru") in categories.options  # labels shown translated
        at.sidebar.multiselect(key="filter_cat").select("detention").run()
    assert not at.exception
    shown = at.sidebar.caption[-1].value
    every = len(json.loads((ROOT_DATA / "events.geojson").read_text("utf-8"))["features"])
    assert shown.startswith("Показано") and f"из {every}" in shown
    assert at.query_params["cat"] in ("detention", ["detention"])
    total = int(shown.split()[1])
    assert 0 < total < every


def test_pick_language_and_link_value():
    assert pick_language(["kk"], "ru-RU") == "kk"
    assert pick_language(["xx"], "ru-RU") == "ru"
    assert pick_language(None, "kk_KZ") == "kk"
    assert pick_language([], "de-DE") == "en"
    assert pick_language([], None) == "en"
    assert language_link_param("en", "en-US") == []
    assert language_link_param("en", "ru-RU") == ["en"]
    assert language_link_param("ru", None) == ["ru"]


def _frames(at: AppTest) -> str:
    return "\n".join(d.value.to_csv(index=False) for d in at.dataframe)


@pytest.mark.parametrize(
    ("lang", "claimant", "note", "source_note"),
    [
        (
            "ru",
            "Генеральная прокуратура (представитель)",
            "«Ещё 60» задержанных после первых 70",
            "Язык определён только по адресу сайта",
        ),
        (
            "kk",
            "Бас прокуратура (өкілі)",
            "Алғашқы 70 адамнан кейін ұсталған «тағы 60» адам",
            "Тілі тек сайттың мекенжайы бойынша болжанды",
        ),
    ],
)
def test_counts_sources_and_about_show_the_csv_translations(
    monkeypatch, lang, claimant, note, source_note
):
    """Counts show claimant, place and note in the language; Sources the notes and descriptive
    titles (a publication's own title as published, unmarked); About lists the rows' translators."""
    at = _app(monkeypatch, lang=lang).run()
    at.switch_page("pages/counts.py").run()
    assert not at.exception
    tables = _frames(at)
    assert claimant in tables and note in tables
    assert "Prosecutor General's office (representative)" not in tables
    at.switch_page("pages/sources.py").run()
    sources = at.dataframe[0].value
    assert source_note in sources.to_csv(index=False)
    titles = sources.iloc[:, 0].tolist()  # first: a phone shows about one column
    assert sources.columns[-1] == t("sources.column.id", lang)  # the id kept, last
    assert "Kazakhstan: Protect Detainees From Torture, Ill-Treatment" in titles
    assert not any(t("data.english_marker", lang) in title for title in titles)
    at.switch_page("pages/about.py").run()
    records = _frames(at)
    assert "counts.csv:pg-2011-12-18-detained-60" in records
    assert "sources.csv:otuken-shetpe" in records and "narratives/december-2011.json" in records


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_citations_overview_figures_and_map_title_in_the_language(monkeypatch, lang):
    info = json.loads((ROOT_DATA / "dataset.json").read_text("utf-8"))
    note = info[f"citation_note_{lang}"]
    at = _app(monkeypatch, lang=lang).run()
    assert "Prosecutor General's office" not in "\n".join(c.value for c in at.caption)
    for page in ("sources.py", "about.py"):
        at.switch_page(f"pages/{page}").run()
        cite = at.code[-1].value
        assert note in cite and "Curated dataset" not in cite and "primary source" not in cite
    at.switch_page("pages/map.py").run()
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    title = info["map"]["views"][0][f"title_{lang}"]
    assert json.dumps(title)[1:-1] in script  # the map's title box, \u-escaped in its script


PLACELESS_UNDER_MAP = {"en": "under the map", "ru": "под картой", "kk": "картаның астында"}
NARROW_UNDER_MAP = {
    "en": "under it on a narrow screen",
    "ru": "на узком экране — под ней",
    "kk": "тар экранда — астында",
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_pages_say_where_the_lists_and_details_are(monkeypatch, lang):
    """The About page put the events with no place "beside the map"; their list is under it.
    On a phone the event's detail is under the map too, not beside it."""
    at = _app(monkeypatch, lang=lang).run()
    at.switch_page("pages/about.py").run()
    assert PLACELESS_UNDER_MAP[lang] in "\n".join(_texts(at))
    at.switch_page("pages/map.py").run()
    assert NARROW_UNDER_MAP[lang] in "\n".join(c.value for c in at.caption)
