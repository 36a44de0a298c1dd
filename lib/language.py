"""The interface language: chosen in the sidebar, kept in the link (``?lang=ru``), and on a first
visit without ``lang`` taken from the browser's language."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from lib.i18n import DEFAULT_LANG, LANGUAGE_NAMES, LANGUAGES, N_, babel_locale, t
from lib.query import LANG_PARAM

BROWSER_LOCALE_KEY = "_browser_locale"
"""The browser's language as the session's first run received it (see `browser_locale`)."""
MENU_LABEL = "Language · Язык · Тіл"
"""The language menu's label, in all three languages: whoever cannot read the page finds it."""
LANG_KEY = "ui_lang"
LANG_STATE = "_ui_lang"
"""The language itself. Streamlit forgets every widget's value on ``st.switch_page``, so the
menu (``LANG_KEY``) is seeded from this on every run, as the projector toggle is."""
PAGE_LANGUAGE_JS = Path(__file__).resolve().parent.parent / "static" / "page-language.js"
PAGE_LANGUAGE_KEY = "page-language"
KEEP_FOCUS_JS = Path(__file__).resolve().parent.parent / "static" / "keep-focus.js"
CHART_TAP_JS = Path(__file__).resolve().parent.parent / "static" / "chart-tap.js"


def language_of_locale(locale: str | None) -> str | None:
    """Return the interface language for a browser locale (``ru-RU`` → ``ru``), or None."""
    if not locale:
        return None
    code = locale.replace("_", "-").split("-")[0].strip().lower()
    return code if code in LANGUAGES else None


def pick_language(link: Sequence[str] | None, locale: str | None) -> str:
    """Return the language for a first run: the link's ``lang`` when valid, else the browser's,
    else English.

    Parameters
    ----------
    link : sequence of str or None
        Every ``lang`` value in the link (the last valid one wins).
    locale : str or None
        ``st.context.locale`` (``navigator.language``), e.g. ``kk-KZ``.
    """
    for value in reversed(list(link or ())):
        if value in LANGUAGES:
            return value
    return language_of_locale(locale) or DEFAULT_LANG


def browser_locale() -> str | None:
    """Return the browser's language (``st.context.locale``) as the session's first run received
    it: the page-language script then gives the browser the page's language, so that
    Streamlit's calendar names dates in it, and later runs receive that."""
    if BROWSER_LOCALE_KEY not in st.session_state:
        st.session_state[BROWSER_LOCALE_KEY] = st.context.locale
    return st.session_state[BROWSER_LOCALE_KEY]


def language_menu() -> str:
    """Show the language menu at the top of the sidebar and return the chosen language.

    On a session's first run the choice is seeded from ``?lang=`` or the browser's language.
    """
    if LANG_STATE not in st.session_state:
        st.session_state[LANG_STATE] = pick_language(
            st.query_params.get_all(LANG_PARAM), browser_locale()
        )
    if st.session_state.get(LANG_KEY) not in LANGUAGES:  # first run, or after st.switch_page
        st.session_state[LANG_KEY] = st.session_state[LANG_STATE]
    lang = st.sidebar.selectbox(
        MENU_LABEL,
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANG_KEY,
    )
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    st.session_state[LANG_STATE] = lang
    return lang


SWITCH_KEY = "present_lang"
SWITCH_MENU_KEY = f"{SWITCH_KEY}-menu"
"""The switch's menu (a popover): open or closed, in the session; closed on a choice and on a
step change (lib/presenting.py), as it lay over the map with the clicker's keys caught in it."""


def close_language_switch() -> None:
    """Close the language switch's menu (a callback's work: before the menu is drawn)."""
    if st.session_state.get(SWITCH_MENU_KEY):
        st.session_state[SWITCH_MENU_KEY] = False


def _choose_language(lang: str) -> None:
    st.session_state[LANG_STATE] = lang
    st.session_state[LANG_KEY] = lang  # the sidebar's menu follows on the next run
    close_language_switch()


SWITCH_BUTTON = f".st-key-{SWITCH_MENU_KEY} [data-testid=stPopoverButton]"
"""The switch's button, which the page-language script names (Streamlit names it by its text)."""


def switch_name(lang: str) -> str:
    """Return the name a screen reader gives the language switch: its code alone ("EN") said
    nothing of what the button does. The code first, as it is seen; then the menu's label in
    the three languages, and the language shown."""
    return f"{lang.upper()} · {MENU_LABEL}: {LANGUAGE_NAMES[lang]}"


def language_switch(lang: str) -> None:
    """Show a compact language switch for a page without the sidebar (Present): a button with
    the language's code that opens the three languages, each a button named in its own language.

    Buttons, not a radio group: a clicker's arrow keys moved the choice instead of the step. The
    choice lives in ``LANG_STATE``, which seeds the sidebar's menu as well.
    """
    with st.popover(
        lang.upper(), icon=":material/translate:", key=SWITCH_MENU_KEY, on_change="rerun"
    ):
        st.caption(MENU_LABEL)
        for code in LANGUAGES:
            st.button(
                LANGUAGE_NAMES[code],
                key=f"{SWITCH_KEY}-{code}",
                type="primary" if code == lang else "secondary",
                on_click=_choose_language,
                args=(code,),
                width="stretch",
            )


def language_link_param(lang: str, locale: str | None) -> list[str]:
    """Return the ``lang`` link value to keep: none for English when the browser would pick
    English anyway, else the language, so a shared link opens in the same language."""
    browser = language_of_locale(locale) or DEFAULT_LANG
    return [] if lang == DEFAULT_LANG and browser == DEFAULT_LANG else [lang]


def keep_language_in_link(lang: str) -> None:
    """Record ``lang`` among the page's link parameters, so the frame writes it to the URL."""
    from lib.ui import PAGE_PARAMS_KEY

    params = st.session_state.setdefault(PAGE_PARAMS_KEY, {})
    value = language_link_param(lang, browser_locale())
    if value:
        params[LANG_PARAM] = value
    else:
        params.pop(LANG_PARAM, None)


CONTROL_NAMES = {
    "Open": N_("page.control.open"),
    "Choose date": N_("page.control.choose_date"),
    "Collapse sidebar": N_("page.control.collapse_sidebar"),
    "Expand sidebar": N_("page.control.expand_sidebar"),
    "Sidebar": N_("page.control.sidebar"),
    "App pages": N_("page.control.app_pages"),
    "Fullscreen": N_("page.control.fullscreen"),
    "Show/hide columns": N_("page.control.columns"),
    "Download as CSV": N_("page.control.download_csv"),
    "Search": N_("page.control.search"),
    "Copy to clipboard": N_("page.control.copy"),
    "Link to heading": N_("page.control.heading_link"),
    "Decrement": N_("page.control.decrement"),
    "Increment": N_("page.control.increment"),
    "Choose an option": N_("page.control.choose"),
    "Previous month": N_("page.control.previous_month"),
    "Next month": N_("page.control.next_month"),
    "month": N_("page.control.month"),
    "year": N_("page.control.year"),
    "progress": N_("page.control.progress"),
    "Clear all": N_("page.control.clear_all"),
    "Clear value": N_("page.control.clear_value"),
    "Selected values": N_("page.control.selected_values"),
    "Close fullscreen": N_("page.control.close_fullscreen"),
    "Select all": N_("page.control.select_all"),
    "(index)": N_("page.control.index"),
    "Dataframe column menu": N_("page.control.column_menu"),
    "Copy column name": N_("page.control.copy_column_name"),
    "Sort ascending": N_("page.control.sort_ascending"),
    "Sort descending": N_("page.control.sort_descending"),
    "Statistics": N_("page.control.statistics"),
    "Autosize": N_("page.control.autosize"),
    "Pin column": N_("page.control.pin_column"),
    "Unpin column": N_("page.control.unpin_column"),
    "Hide column": N_("page.control.hide_column"),
    "Previous Result": N_("page.control.previous_result"),
    "Next Result": N_("page.control.next_result"),
    "Close Search": N_("page.control.close_search"),
    "Values": N_("page.control.stat.values"),
    "Empty": N_("page.control.stat.empty"),
    "Distinct": N_("page.control.stat.distinct"),
    "Minimum length": N_("page.control.stat.min_length"),
    "Maximum length": N_("page.control.stat.max_length"),
    "Average length": N_("page.control.stat.average_length"),
    "Top values frequency chart": N_("page.control.stat.top_values"),
}
"""Streamlit's own English names for its controls (``aria-label``, ``title``, a select's
placeholder, the ``data-title`` of the full-screen button it adds to a chart's tools), which a
screen reader read out on Russian and Kazakh pages, and the words of its tables' menus and
tooltips (``MENU_TEXTS``), with their catalogue keys."""

MENU_TEXTS = (
    '[data-testid="stTooltipContent"]',
    '[data-testid="stDataFrameColumnMenu"]',
    '[data-testid="stDataFrameColumnVisibilityMenu"]',
    '[data-testid="stDataFrameStatisticsMenu"]',
)
"""Where Streamlit writes words of its own that a reader sees: a table's toolbar tooltips
("Download as CSV"), its column menu ("Sort ascending"), its list of columns ("Select all") and
a column's statistics ("Values"). Only a text that is one of ``CONTROL_NAMES`` is replaced."""


CALENDAR_LOCALES = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}
"""The browser language each interface language gives Streamlit's calendar (English with the
day before the month and weeks from Monday, as the app writes dates)."""

CONTROL_NAME_PATTERNS = {
    "Help for {name}": N_("page.control.help_for"),
    "day, {name}": N_("page.control.day_of"),
    "month, {name}": N_("page.control.month_of"),
    "year, {name}": N_("page.control.year_of"),
    "Choose date, {name}": N_("page.control.choose_date_in"),
    "Shortcut {name}": N_("page.control.shortcut"),
    "Remove {name}": N_("page.control.remove"),
}
"""Streamlit's English names that hold a name of ours ("Help for Проектор", a date field's
"day, С") or the calendar's month, and their catalogue keys: ``{name}`` is kept as it is."""

CONTROL_TEXTS = {
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": N_(
        "page.control.calendar_keys"
    ),
}
"""Streamlit's English texts read out by a screen reader (the calendar's description)."""


CALENDAR_PHRASES = {
    "selected": N_("page.control.date_selected"),
    "First available date": N_("page.control.first_available_date"),
    "Last available date": N_("page.control.last_available_date"),
    "Today": N_("page.control.today"),
}
"""The calendar's own words in a day's name ("Tuesday, 1 December 2009 selected, First
available date"), English where the browser names no date in the page's language."""


def calendar_dates(lang: str) -> dict[str, Any]:
    """Return the names the calendar needs where the browser names no date in ``lang`` (Debian's
    Chromium has no Kazakh), beside the months alone (`month_names`): months in a date
    ("желтоқсан"), days of the week and their letters from Monday, and the calendar's own
    words."""
    from babel.dates import get_day_names, get_month_names

    locale = babel_locale(lang)
    in_text = get_month_names("wide", "format", locale=locale)
    days = get_day_names("wide", "format", locale=locale)
    letters = get_day_names("narrow", "stand-alone", locale=locale)
    return {
        "monthsInText": [in_text[n] for n in range(1, 13)],
        "days": [days[n] for n in range(7)],  # Babel counts from Monday
        "letters": [letters[n] for n in range(7)],
        "phrases": {english: t(key, lang) for english, key in CALENDAR_PHRASES.items()},
    }


def control_names(lang: str) -> dict[str, str]:
    """Return each of Streamlit's English control names in ``lang``."""
    return {english: t(key, lang) for english, key in CONTROL_NAMES.items()}


def control_name_patterns(lang: str) -> dict[str, str]:
    """Return each of Streamlit's English names that hold a name, in ``lang``, with ``{name}``
    where the name goes."""
    return {english: t(key, lang, name="{name}") for english, key in CONTROL_NAME_PATTERNS.items()}


def control_texts(lang: str) -> dict[str, str]:
    """Return each of Streamlit's English texts for screen readers in ``lang``."""
    return {english: t(key, lang) for english, key in CONTROL_TEXTS.items()}


def month_names(lang: str) -> list[str]:
    """Return the twelve months' names in ``lang`` as a name stands alone ("декабрь")."""
    from babel.dates import get_month_names

    names = get_month_names("wide", "stand-alone", locale=babel_locale(lang))
    return [names[number] for number in range(1, 13)]


@lru_cache(maxsize=len(LANGUAGES))
def page_language_html(lang: str) -> str:
    """Return the page-language script (``static/page-language.js``) called with the viewer's
    language and Streamlit's own words in it, and a rule that hides its container: the words as
    JSON with ``<`` escaped, so no text closes the script."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANG
    words = {
        "lang": lang,
        "locale": CALENDAR_LOCALES[lang],
        "skip": t("page.skip_to_main", lang),
        "notFoundTitle": t("page.not_found.title", lang),
        "notFoundMessage": t("page.not_found.message", lang),
        "close": t("page.dialog.close", lang),
        "labels": {} if lang == DEFAULT_LANG else control_names(lang),
        "menus": ", ".join(MENU_TEXTS),
        "patterns": {} if lang == DEFAULT_LANG else control_name_patterns(lang),
        "texts": {} if lang == DEFAULT_LANG else control_texts(lang),
        "months": [] if lang == DEFAULT_LANG else month_names(lang),
        "dates": {} if lang == DEFAULT_LANG else calendar_dates(lang),
        "names": {SWITCH_BUTTON: switch_name(lang)},
    }
    data = json.dumps(words).replace("<", "\\u003c")
    return (
        # the container and the wrapper Streamlit puts around it: the page's gap is the wrapper's
        f"<style>:has(> .st-key-{PAGE_LANGUAGE_KEY}) {{ display: none; }}</style>"
        f"<script>{PAGE_LANGUAGE_JS.read_text('utf-8')}({data});</script>"
    )


@lru_cache(maxsize=2)
def _inline_script(path: Path) -> str:
    return f"<script>{path.read_text('utf-8')}</script>"


def keep_focus_html() -> str:
    """Return the script that keeps the keyboard focus where it was (``static/keep-focus.js``):
    on a download button while Streamlit makes its file (it disables the button, and the focus
    fell to the page), near the event whose dialog was closed, and in view after a change."""
    return _inline_script(KEEP_FOCUS_JS)


def chart_tap_html() -> str:
    """Return the script that makes a tap on a chart's mark do what a click does
    (``static/chart-tap.js``): on a phone the first tap only showed the mark's hover label."""
    return _inline_script(CHART_TAP_JS)


def mark_page_language(lang: str) -> None:
    """Set the page's ``lang`` to the viewer's language, so a screen reader reads the page with
    the right voice, and put Streamlit's own English in it: the skip link and the "Page not
    found" dialog. An inline script: as a component it made every page wait 0.17 s longer
    (measured, ``docs/performance.md``). Beside it, the script that keeps the keyboard focus on
    a download button while its file is made, and after a dialog closes
    (``static/keep-focus.js``), and the one that opens a chart's mark at the first tap
    (``static/chart-tap.js``)."""
    with st.container(key=PAGE_LANGUAGE_KEY):
        st.html(
            page_language_html(lang) + keep_focus_html() + chart_tap_html(),
            unsafe_allow_javascript=True,
        )
