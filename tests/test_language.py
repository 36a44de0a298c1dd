"""lib/language.py: the page-language script sent to every page."""

from __future__ import annotations

import json
import re

import pytest

import lib.language as language
from lib.i18n import t

SCRIPT = re.compile(r"<script>(.*)</script>", re.S)
CALL = re.compile(r"\}\)\s*\((\{.*\})\);$", re.S)
"""The call at the script's end: ``})({...});``."""


def _script(html: str) -> str:
    (body,) = SCRIPT.findall(html)
    return body


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_script_carries_the_language_and_streamlits_words(lang):
    words = json.loads(CALL.search(_script(language.page_language_html(lang))).group(1))
    assert words == {
        "lang": lang,
        "locale": language.CALENDAR_LOCALES[lang],
        "skip": t("page.skip_to_main", lang),
        "notFoundTitle": t("page.not_found.title", lang),
        "notFoundMessage": t("page.not_found.message", lang),
        "close": t("page.dialog.close", lang),
        "labels": {} if lang == "en" else language.control_names(lang),
        "menus": ", ".join(language.MENU_TEXTS),
        "patterns": {} if lang == "en" else language.control_name_patterns(lang),
        "texts": {} if lang == "en" else language.control_texts(lang),
        "months": [] if lang == "en" else language.month_names(lang),
        "dates": {} if lang == "en" else language.calendar_dates(lang),
        "names": {language.SWITCH_BUTTON: language.switch_name(lang)},
    }
    if lang != "en":  # every control name Streamlit gives in English, in the viewer's language
        assert words["labels"]["Choose date"] == t("page.control.choose_date", lang)
        assert all(name != english for english, name in words["labels"].items())
        assert words["patterns"]["Help for {name}"] == t(
            "page.control.help_for", lang, name="{name}"
        )
        assert all(name.count("{name}") == 1 for name in words["patterns"].values())
        assert words["months"][11] == {"ru": "декабрь", "kk": "Желтоқсан"}[lang]
        dates = words["dates"]  # for a browser that names no date in the page's language
        assert dates["days"][0] == {"ru": "понедельник", "kk": "дүйсенбі"}[lang]  # Monday first
        assert dates["monthsInText"][11] == {"ru": "декабря", "kk": "желтоқсан"}[lang]
        assert len(dates["letters"]) == 7 and dates["phrases"]["selected"] != "selected"


def test_the_language_switch_is_named_by_its_code_then_what_it_does():
    assert language.switch_name("ru") == "RU · Language · Язык · Тіл: Русский"
    assert language.SWITCH_BUTTON.startswith(f".st-key-{language.SWITCH_MENU_KEY} ")


def test_an_unknown_language_gets_english():
    assert '"lang": "en"' in _script(language.page_language_html("xx"))


def test_the_script_survives_streamlits_sanitizer():
    # DOMPurify drops a whole <script> whose text has "<" before a letter, "/" or "!": the first
    # version of this script said <html lang="en"> in a comment and never ran
    assert not re.search(r"<[/\w!]", _script(language.page_language_html("ru")))


def test_the_keep_focus_script_survives_streamlits_sanitizer():
    body = _script(language.keep_focus_html())
    assert "keepDownloadFocus" in body and not re.search(r"<[/\w!]", body)


def test_the_chart_tap_script_survives_streamlits_sanitizer():
    body = _script(language.chart_tap_html())
    assert "chartTap" in body and not re.search(r"<[/\w!]", body)


def test_a_hostile_word_cannot_close_the_script(monkeypatch):
    language.page_language_html.cache_clear()
    hostile = '</script><img src=x onerror="alert(1)"><!--'
    monkeypatch.setattr(language, "t", lambda key, lang, **_: hostile)
    try:
        html = language.page_language_html("ru")
        script = _script(html)
        assert "<" not in CALL.search(script).group(1)
        assert json.loads(CALL.search(script).group(1))["skip"] == hostile  # as text, whole
        assert html.count("<script>") == 1 and html.count("</script>") == 1
    finally:
        language.page_language_html.cache_clear()


def test_the_scripts_container_is_hidden_by_its_own_rule():
    # the data-error page stops before the theme's CSS: the rule travels with the script
    assert ":has(> .st-key-page-language) { display: none; }" in language.page_language_html("kk")
