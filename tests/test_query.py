"""Link parameters: each bad parameter gives one notice, however often a link repeats it."""

from __future__ import annotations

import re

from lib.query import check_query
from lib.validate import INVISIBLE


def _check(params: dict[str, list[str]], lang: str = "en"):
    return check_query(
        params, categories=["protest"], claimant_types=["ngo"], event_ids=["e1"], lang=lang
    )


def test_a_repeated_bad_parameter_gives_one_notice() -> None:
    kept, notices = _check(
        {"cat": ["riot"] * 40 + ["protest"] + ["looting"] * 39, "event": ["nope"] * 5}
    )
    assert kept == {"cat": ["protest"]}
    assert [n.name for n in notices] == ["cat", "event"]


def test_different_bad_parameters_each_give_a_notice() -> None:
    _, notices = _check({"cat": ["riot"], "claimant": ["x"], "zzz": ["1", "2"]})
    assert [n.name for n in notices] == ["cat", "claimant", "zzz"]


def test_every_bad_value_of_a_parameter_is_named_in_its_notice() -> None:
    """``?cat=alien&cat=<b>x</b>`` named 'alien' only; the second bad value went unmentioned."""
    _, notices = _check({"cat": ["alien", "protest", "<b>x</b>", "alien"]})
    assert [n.name for n in notices] == ["cat"]
    assert "'alien', '<b>x</b>' are not among protest" in notices[0].text()


def test_a_badly_written_date_and_a_long_search_say_what_a_link_needs() -> None:
    """They read "is not a valid value", with no word of the form or the limit."""
    _, notices = _check({"to": ["2011-02-30"], "from": ["2011-12-16T10:00"], "q": ["x" * 300]})
    texts = {n.name: n.text() for n in notices}
    assert "'2011-02-30' is not a real date: month 02 of 2011 has days 01 to 28" in texts["to"]
    assert "is not a date written YYYY-MM-DD" in texts["from"]
    assert "is longer than 200 characters" in texts["q"]


def test_year_zero_says_the_year_is_out_of_range_not_the_month_or_day() -> None:
    """``?from=0000-01-01`` read "its month or day is out of range" (an advocate's review)."""
    _, notices = _check({"from": ["0000-01-01"]})
    assert "'0000-01-01' is outside the years this app shows (1678–2261)" in notices[0].text()
    _, notices = _check({"from": ["0000-01-01"]}, "ru")
    assert "month" not in notices[0].text() and "месяц" not in notices[0].text()


def test_an_impossible_day_says_whether_its_month_or_its_day_is_wrong_in_the_readers_language():
    _, notices = _check({"from": ["2011-13-01"], "to": ["2011-12-32"]}, "ru")
    texts = {n.name: n.text() for n in notices}
    assert "месяца 13 нет" in texts["from"]
    assert "в месяце 12 2011 года дни с 01 по 31" in texts["to"]


def test_many_unknown_parameters_give_one_notice() -> None:
    """A link with 300 unknown parameters stacked 300 warnings, 14,000 px of them."""
    _, notices = _check({f"p{i}": ["1"] for i in range(300)} | {"cat": ["riot"]})
    assert len(notices) == 2
    assert notices[0].text() == (
        "Ignored the link parameter “p0, p1, p2, p3, p4, …”: this dashboard does not use them"
        " (300 in all)."
    )
    assert notices[1].name == "cat"
    assert [n.text() for n in _check({"utm_source": ["x"]})[1]] == [
        "Ignored the link parameter “utm_source”: this dashboard does not use it."
    ]


def test_a_search_with_a_character_no_text_holds_is_refused() -> None:
    """``?q=%00%ff%fe`` searched for a NUL and two replacement characters: "0 of 84", unsaid."""
    for value, char in (
        ("\x00\ufffd\ufffd", "U+0000"),
        ("a\ufffdb", "U+FFFD"),
        ("\u202eab", "U+202E"),
    ):
        kept, notices = _check({"q": [value]})
        assert "q" not in kept
        assert notices[0].text() == (
            f"Ignored the link parameter “q”: it holds a character no search can use ({char})."
        )
    assert _check({"q": ["Жаңаөзен"]}) == ({"q": ["Жаңаөзен"]}, [])


def test_a_search_refuses_every_character_the_validator_refuses_as_invisible() -> None:
    """The query kept its own copy of the validator's invisible characters; one added there
    (U+2067, say) would search for what no event can hold."""
    invisible = [chr(c) for c in range(0x2000, 0x10000) if re.fullmatch(f"[{INVISIBLE}]", chr(c))]
    assert len(invisible) == 12
    for char in invisible:
        assert "q" not in _check({"q": [f"a{char}b"]})[0], f"U+{ord(char):04X}"


def test_a_parameter_given_twice_says_which_value_is_used() -> None:
    """``?from=2011-12-01&from=2011-12-20`` used the last date and said nothing (an advocate's
    review); a repeated category adds to the filter, and the same value twice changes nothing."""
    kept, notices = _check({"from": ["2011-12-01", "2011-12-20"], "cat": ["protest", "protest"]})
    assert kept["from"] == ["2011-12-01", "2011-12-20"]
    assert [n.text() for n in notices] == [
        "Changed the link parameter “from”: the link gives it 2 times; the last, '2011-12-20', "
        "is used."
    ]
    assert _check({"q": ["strike", "strike"], "event": ["e1", "e1"]})[1] == []
    assert "(2)" in _check({"q": ["a", "b"]}, "ru")[1][0].text("ru")


def _on_page(params: dict[str, list[str]], page: str, lang: str = "en"):
    return check_query(
        params, categories=[], claimant_types=[], event_ids=["e1"], lang=lang, page=page,
        extra_choices={"view": ["region"], "step": ["1", "2"]},
    )  # fmt: skip


def test_another_pages_parameter_is_kept_for_it_with_a_notice_that_names_its_pages() -> None:
    """``/counts?event=e1`` left the event out of the page and said nothing; the map then
    opened with it selected, which the notice now says."""
    params = {"event": ["e1"], "view": ["region"], "step": ["2"]}
    kept, notices = _on_page(params, "counts")
    assert kept == params
    assert [n.text() for n in notices] == [
        "The link parameter “event” is kept for another page: only the pages “Map”, “Timeline” "
        "use it.",
        "The link parameter “view” is kept for another page: only the “Map” page uses it.",
        "The link parameter “step” is kept for another page: only the “Present” page uses it.",
    ]
    _, notices = _on_page({"event": ["e1"]}, "", "kk")
    assert notices[0].text("kk").endswith("оны тек «Карта», «Хронология» беттері пайдаланады.")


def test_a_page_keeps_its_own_parameters_and_a_screenshot_link_its_figures() -> None:
    assert _on_page({"event": ["e1"], "view": ["region"]}, "map") == (
        {"event": ["e1"], "view": ["region"]},
        [],
    )
    assert _on_page({"step": ["2"]}, "present") == ({"step": ["2"]}, [])
    # a screenshot link points at the app's root and carries its figure's choices
    kept, notices = _on_page({"shot": ["map"], "view": ["region"]}, "")
    assert kept["view"] == ["region"] and notices == []
