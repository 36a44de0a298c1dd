"""Plain-text and escaped labels for events, counts and sources."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping
from contextlib import suppress
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pandas as pd
from babel.dates import format_date, get_timezone_location
from babel.numbers import format_decimal

from lib.additions import added_to, complete_total, is_inferred
from lib.i18n import DEFAULT_LANG, N_, babel_locale, format_number, t
from lib.localize import localized, publishers
from lib.schema import parse_stated_date, parse_when

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape text so Streamlit Markdown shows it literally (no links, HTML or formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def html_escape(text: str) -> str:
    """Escape text for HTML contexts (Leaflet popups, plotly hover labels).

    Quotes become numeric references: plotly's labels decode those but not ``&quot;``.
    """
    return html.escape(str(text), quote=True).replace("&quot;", "&#34;")


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string: every character but ASCII letters and digits
    escaped (``\\HHHHHH`` and the space that ends an escape), so no text can end the string, the
    rule or the style element."""
    return (
        '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06X} " for c in text) + '"'
    )


def _day(value: datetime, lang: str = "en") -> str:
    return format_day(value, lang)


def _one_of_two(precision: str, start: str, end: Any) -> bool:
    """A ``day_range`` of two days reads "21 Dec or 22 Dec"; a longer one is a span within
    which it happened ("16 Dec – 22 Dec": "16 Dec or 22 Dec" said one of those two days)."""
    if precision != "day_range" or not isinstance(end, str) or len(end) < 10 or len(start) < 10:
        return False
    return (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days <= 1


def _precision_key(precision: str, start: str, end: Any) -> str:
    if precision == "day_range" and not _one_of_two(precision, start, end):
        return N_("time_precision.day_range_within")
    return f"time_precision.{precision}"


def event_when(event: Mapping[str, Any], lang: str = "en") -> str:
    """Return when an event happened, with its precision, e.g. ``17 December 2011, 17:00 (to the hour)``."""
    start = parse_when(event["start"])
    precision = event["time_precision"]
    if precision == "month":
        text = format_month(start, lang)
    elif precision in ("minute", "hour"):
        text = f"{_day(start, lang)}, {start:%H:%M} {t('detail.local_time', lang)}"
    elif precision == "part_of_day":
        text = f"{_day(start, lang)}, {t('part_of_day.' + str(event['part_of_day']), lang)}"
    else:
        text = _day(start, lang)
    end = event.get("end")
    if isinstance(end, str) and end:
        stop = parse_when(end)
        stop_text = format_month(stop, lang) if len(end) == 7 else _day(stop, lang)
        if len(end) > 10:
            stop_text += f", {stop:%H:%M}"
        joiner = (
            t("detail.day_range_or", lang) if _one_of_two(precision, event["start"], end) else " – "
        )
        text = f"{text}{joiner}{stop_text}"
    text += f" ({t(_precision_key(precision, event['start'], end), lang)})"
    note = localized(event, "time_note", lang)
    if isinstance(note.text, str) and note.text:
        text += f"; {note.marked(lang)}"
    return text


@lru_cache(maxsize=4096)
def _day_text(ymd: str, lang: str) -> str:
    """``format_day`` of a ``YYYY-MM-DD`` text, cached (events share few days)."""
    return format_day(date(int(ymd[:4]), int(ymd[5:7]), int(ymd[8:10])), lang)


@lru_cache(maxsize=1024)
def _month_text(ym: str, lang: str) -> str:
    return format_month(date(int(ym[:4]), int(ym[5:7]), 1), lang)


def _when_fast(
    start: str, precision: str, part: Any, end: Any, note: Any, words: Mapping[str, str]
) -> str:
    """``event_when`` for validated values, from the text itself (no date parsing)."""
    lang = words["lang"]
    day = _day_text(start[:10], lang) if len(start) >= 10 else ""
    if precision == "month":
        text = _month_text(start[:7], lang)
    elif precision in ("minute", "hour"):
        text = f"{day}, {start[11:16]} {words['local']}"
    elif precision == "part_of_day":
        text = f"{day}, {words['part_of_day.' + str(part)]}"
    else:
        text = day
    if isinstance(end, str) and end:
        stop_text = _month_text(end[:7], lang) if len(end) == 7 else _day_text(end[:10], lang)
        if len(end) > 10:
            stop_text += f", {end[11:16]}"
        joiner = words["or"] if _one_of_two(precision, start, end) else " – "
        text = f"{text}{joiner}{stop_text}"
    text += f" ({words[_precision_key(precision, start, end)]})"
    if isinstance(note, str) and note:
        text += f"; {note}"
    return text


def when_texts(events: pd.DataFrame, lang: str = "en") -> list[str]:
    """Return ``event_when`` for every row of validated events, in order, without parsing dates.

    About forty times faster than calling ``event_when`` row by row.
    """
    from lib.schema import PartOfDay, TimePrecision

    words = {"local": t("detail.local_time", lang), "part_of_day.None": "", "lang": lang}
    words["or"] = t("detail.day_range_or", lang)
    words.update({f"part_of_day.{p}": t(f"part_of_day.{p}", lang) for p in PartOfDay})
    words.update({f"time_precision.{p}": t(f"time_precision.{p}", lang) for p in TimePrecision})
    words["time_precision.day_range_within"] = t("time_precision.day_range_within", lang)
    columns = ("start", "time_precision", "part_of_day", "end")
    notes = [
        localized(row, "time_note", lang).marked(lang)
        for row in events[[c for c in events.columns if c.startswith("time_note_")]].to_dict(
            "records"
        )
    ]
    return [
        _when_fast(*values, note, words)
        for *values, note in zip(*(events[c].tolist() for c in columns), notes, strict=True)
    ]


def count_value(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a figure with its qualifier, e.g. ``more than 700``, ``700-ден астам``."""
    value = int(count["value"])
    return t(
        "qualifier." + count["qualifier"],
        lang,
        value=format_number(value, lang),
        ablative=kazakh_ablative(value),
    )


GRAMMAR_FIELDS = {"qualifier.more_than": frozenset({"ablative"})}
"""Placeholders a translation may use beyond the English ones: grammar English has no need of,
which every call of that key passes (``count_value``)."""

# the ablative ending ("from") after a number read aloud in Kazakh: it follows the last word's
# last sound and vowel (бір-ден, үш-тен, алты-дан, он-нан, қырық-тан, жүз-ден, мың-нан)
_KK_UNITS = ("", "ден", "ден", "тен", "тен", "тен", "дан", "ден", "ден", "дан")
_KK_TENS = ("", "нан", "дан", "дан", "тан", "ден", "тан", "тен", "нен", "нан")


def kazakh_ablative(number: int) -> str:
    """Return the Kazakh ablative ending of a whole number read aloud: 700 → ден, 64 → тен."""
    number = abs(number)
    if number % 10:
        return _KK_UNITS[number % 10]
    if number % 100:
        return _KK_TENS[number // 10 % 10]
    if number % 1000:
        return "ден"  # жүз
    return "нан"  # мың, миллион, нөл


def figure_text(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a figure as stated: ``43 more (64 in all)`` for a count that adds to another.

    Uses the ``in_all`` entry that `running_totals` gives (see ``lib.counts.select_counts``);
    without it, a count that adds to another reads ``43 more`` and any other ``more than 700``.
    """
    value = count_value(count, lang)
    if not added_to(count):
        return value
    total = complete_total(count)
    if total:
        return t("counts.adds_to", lang, value=value, total=count_value(total, lang))
    return t("counts.adds_to_alone", lang, value=value)


def figure_with_metric(figure: str, metric: str, lang: str = "en") -> str:
    """Return a figure as stated with what it counts: ``more than 700 detained``.

    Russian puts the metric first (``погибших: 1``): after a number its word would have to
    agree with the number's last digits and with a qualifier (``1 погибший``, ``21 тело``,
    ``более 21 погибшего``), and before a colon one form is right for every figure.
    """
    return t("count.figure_metric", lang, figure=figure, metric=t(f"metric.{metric}", lang))


def count_label(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a one-line plain description of a stated figure with its claimant and date.

    A date stated that no source gives (``stated_on_basis`` inferred) is marked as inferred.
    """
    kind = t(f"claim_type.{count['claim_type']}", lang)
    label = t(
        "count.label",
        lang,
        figure=figure_with_metric(figure_text(count, lang), count["metric"], lang),
        claimant=count["claimant"],
        kind=kind,
        date=format_stated(str(count["stated_on"]), lang),
    )
    # after the whole label: inside it, the Kazakh read "…, күні болжанған айтылған"
    return t("count.label_inferred", lang, label=label) if is_inferred(count) else label


def count_option(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a stated figure as an entry of a list: its date stated first (the list is in that
    order, and a phone's narrow list keeps the start of a line), then the figure and who said it."""
    return t(
        "count.option",
        lang,
        date=format_stated(str(count["stated_on"]), lang),
        figure=figure_with_metric(figure_text(count, lang), count["metric"], lang),
        claimant=count["claimant"],
    )


PARAGRAPHS = re.compile(r"p(\d+)(?:, p(\d+))*")
"""A locator that names paragraphs only (``p4``, ``p4, p16``): the Human Rights Watch release's."""


def _paragraph_runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Group numbers that follow each other into runs, in the order given: [7, 8, 9, 16] gives
    [(7, 9), (16, 16)]."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


@lru_cache(maxsize=4096)
def locator_text(locator: str, lang: str = "en") -> str:
    """Return a locator for the reader: paragraphs in their language, once for the list and
    with runs joined (``p7–p9, p16``, ``абз. 7–9, 16``, ``7–9, 16-абзацтар``), any other
    locator as the data writes it, marked as English in another language (it points into an
    English text: "fact base §4 (Communications)")."""
    if not PARAGRAPHS.fullmatch(locator):
        if lang == DEFAULT_LANG or not locator.strip():
            return locator
        return f"{locator} {t('data.english_marker', lang)}"
    numbers = [int(n) for n in re.findall(r"\d+", locator)]
    if len(numbers) == 1:
        return keep_numbers_whole(t("locator.paragraph", lang, n=numbers[0]))

    def number(n: int) -> str:
        return t("locator.paragraph.number", lang, n=n)

    runs = (
        number(a) if a == b else f"{number(a)}–{number(b)}" for a, b in _paragraph_runs(numbers)
    )
    return keep_numbers_whole(t("locator.paragraphs", lang, list=", ".join(runs)))


WORD_JOINER = "\u2060"
"""An invisible character that forbids a line break beside it."""
NUMBER_DASH = re.compile(r"(?<=\d)([-–])(?=\w)")


_UNIT_SPACE = re.compile(r"(?<=\d) (?=(?:°C|°|%|km|км)(?!\w))")


def keep_units(text: str) -> str:
    """Return ``text`` with a number and its unit joined by a no-break space (``−4 °C``, ``108
    km``): the Present page's Kazakh step put "−4" at one line's end and "°C" on the next."""
    return _UNIT_SPACE.sub("\u00a0", text)


def keep_numbers_whole(text: str) -> str:
    """Return ``text`` with no line break after a hyphen or dash that follows a digit:
    "16-абзац", "6–13-абзацтар", "2-жолдан" and "p16–p17" are read as one word, and a line that
    ends in "16-" leaves "абзацтар" alone on the next. A date's day, month and year are joined
    by no-break spaces ("stated 22 Dec 2011" never ends a line at "22"), as `wrappable` does for
    figures, and a number and its unit (`keep_units`). For display only, never for files."""
    joined = NUMBER_DASH.sub(rf"\1{WORD_JOINER}", str(text))
    return keep_units(_FULL_DATE.sub(_no_break, joined))


def source_link_label(
    source: Mapping[str, Any], locator: str | None = None, lang: str = "en", titled: bool = True
) -> str:
    """Return an escaped Markdown label for a source (reference): publisher, title, date, and
    the ``locator`` where one is given. Not ``titled``: its title is said to be hidden (a
    headline can describe violence as the event's description does)."""
    date = f", {source['date']}" if source.get("date") else ""
    where = f" — {locator_text(locator, lang)}" if locator else ""
    title = source["title"] if titled else t("detail.source.title_hidden", lang)
    return md_escape(f"{source['publisher']}: {title}{date}{where}")


def first_upper(text: str) -> str:
    """Return ``text`` with its first letter a capital, as a heading or a list entry begins:
    Russian and Kazakh month names are lower case ("март 2010 г." heads a list as "Март")."""
    return text[:1].upper() + text[1:]


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def collapse_spaces(text: object) -> str:
    """Return ``text`` with each run of spaces and line breaks made one space, ends trimmed;
    a no-break space (``12\u00a0345``, ``22\u00a0дек.``) stays, so a wrap never splits there."""
    return _SPACES.sub(" ", str(text)).strip()


_DAY_MONTH = r"(?<![\w.,])\d{1,2} [^\W\d_]{3,}\.?"
_DATE = re.compile(_DAY_MONTH + r"(?: \d{4})?(?!\w)")
"""A day and month, and its year if given: ``22 дек. 2011``, ``16 December``."""
_FULL_DATE = re.compile(_DAY_MONTH + r" \d{4}(?!\w)")
"""A day, month and year in running text: ``22 Dec 2011``, ``31 января 2012``."""


def _no_break(match: re.Match[str]) -> str:
    return match[0].replace(" ", "\u00a0")


def wrappable(text: object) -> str:
    """Return ``text`` as `collapse_spaces` does, with a date's day, month and year joined by
    no-break spaces (``22 дек. 2011``), so a figure's line wrapping keeps each date whole; a
    number of one or two digits keeps the word after it too (``5 раз``, ``10 events``)."""
    return _DATE.sub(_no_break, collapse_spaces(text))


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary where one is near, with an
    ellipsis; before a bracket the cut would fall inside, where that leaves a third of the text
    or more ("Emergency in Zhanaozen (17 Dec 2011 – 31…" read as a second span of dates)."""
    text = collapse_spaces(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    bracket = cut.rfind("(")
    if bracket > limit // 3 and ")" not in cut[bracket:]:
        cut = cut[:bracket]
    return cut.rstrip(" ,;:(—-") + "…"


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
"""A Russian or Kazakh letter (their texts are measured wider, ``CYRILLIC_WIDTH``)."""
CYRILLIC_WIDTH = 0.85
"""Russian and Kazakh letters run wider than Latin ones in the figures' sans-serif font: a line
wrapped at N characters in English is wrapped at this share of N in those languages."""


def wrap_width(chars: int, lang: str = "en") -> int:
    """Return the characters per line for a figure text wrapped at ``chars`` in English."""
    return chars if lang == "en" else int(chars * CYRILLIC_WIDTH)


def plotly_lines(text: str, width: int, max_lines: int | None = None) -> str:
    """Escape ``text`` and break it into ``<br>``-separated lines for a plotly label.

    With ``max_lines``, the last line is shortened to fit.
    """
    parts = textwrap.wrap(wrappable(text), width) or [""]
    if max_lines is not None and len(parts) > max_lines:
        parts = [*parts[: max_lines - 1], shorten(" ".join(parts[max_lines - 1 :]), width)]
    return "<br>".join(html_escape(part) for part in parts)


def hover_lines(text: str, width: int) -> str:
    """Return `plotly_lines` of ``text`` for a hover label: words kept whole on lines of
    ``width``, without ``textwrap`` (a timeline's 3,000 labels took 0.45 s with it, 0.24 s
    without, 0.11 s unwrapped)."""
    if len(text) <= width:  # most lines: no date to keep whole across a break
        return html_escape(collapse_spaces(text))
    text = wrappable(text)
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(html_escape(part) for part in lines)


PUBLISHER_CHARS = 50
"""A publisher's name in a credit is cut after this many characters."""


def credit_line(
    events: pd.DataFrame, sources: pd.DataFrame, lang: str = "en", limit: int = 6
) -> str:
    """Return the plain-text source credit: the publishers behind the events, most cited first.

    Each event's first source is its main one, so those are ranked before the sources cited
    alongside them (for a map position, say).
    """
    main = [ids[0] for ids in events["source_ids"] if ids]
    alongside = [s for ids in events["source_ids"] for s in ids[1:]]
    cited = pd.Series(main + alongside, dtype="object")
    if cited.empty:
        names = []
    else:
        names_of = publishers(sources, lang).set_axis(sources["id"])
        main_rank = pd.Series(main, dtype="object").map(names_of).value_counts()
        every = cited.map(names_of).dropna().value_counts()
        names = list(main_rank.index) + [n for n in every.index if n not in main_rank.index]
    # 50: every shipped publisher whole ("wiki-gateway.eudic.net (English Wikipedia mirror)")
    shown = ", ".join(shorten(name, PUBLISHER_CHARS) for name in names[:limit]) or "—"
    if len(names) > limit:
        shown += t("credit.more", lang, n=len(names) - limit)
    return t("credit.source", lang, sources=shown).replace("….", "…")  # not "eudic.net…."


_DATE_PATTERNS: dict[str, dict[str, str]] = {
    # CLDR patterns; long Kazakh and Russian dates write the year with ж. / г.
    # ("22 желтоқсан 2011 ж."), short ones do without ("22 жел. 2011")
    "en": {"day": "d MMMM y", "day_short": "d MMM y", "month": "MMMM y", "month_short": "MMM y"},
    "ru": {
        "day": "d MMMM y 'г'.",
        "day_short": "d MMM y",
        "month": "LLLL y 'г'.",
        "month_short": "LLL y",
    },
    "kk": {
        "day": "d MMMM y 'ж'.",
        "day_short": "d MMM y",
        "month": "LLLL y 'ж'.",
        "month_short": "LLL y",
    },
}


def format_day(value: date | datetime, lang: str = "en", short: bool = False) -> str:
    """Return a day in the language: ``22 December 2011``, ``22 декабря 2011 г.``,
    ``22 желтоқсан 2011 ж.`` (``short``: abbreviated month)."""
    patterns = _DATE_PATTERNS.get(lang, _DATE_PATTERNS["en"])
    return format_date(value, patterns["day_short" if short else "day"], locale=babel_locale(lang))


def format_month(value: date | datetime, lang: str = "en", short: bool = False) -> str:
    """Return a month and year in the language: ``December 2011``, ``декабрь 2011 г.``."""
    patterns = _DATE_PATTERNS.get(lang, _DATE_PATTERNS["en"])
    key = "month_short" if short else "month"
    return format_date(value, patterns[key], locale=babel_locale(lang))


def format_day_month(value: date | datetime, lang: str = "en") -> str:
    """Return a day and abbreviated month, for axis ticks: ``22 Dec``, ``22 дек.``, ``22 жел.``."""
    return format_date(value, "d MMM", locale=babel_locale(lang))


def format_ratio(value: float, lang: str = "en") -> str:
    """Return a ratio to one decimal place with the language's decimal sign: ``5.4``, ``5,4``."""
    return format_decimal(value, format="0.0", locale=babel_locale(lang))


def megabytes(size: int) -> str:
    """Return a size in bytes as whole megabytes for a sentence ("<1" below one)."""
    mb = size / 2**20
    return f"{mb:.0f}" if mb >= 1 else "<1"


def format_stated(value: str, lang: str = "en") -> str:
    """Return a date as precise as it was given (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), with
    abbreviated months: ``18 Dec 2011``, ``Dec 2011``, ``2013``; ``18 дек. 2011 г.``."""
    day = parse_stated_date(value)
    if len(value) == 4:
        return value
    if len(value) == 7:
        return format_month(day, lang, short=True)
    return format_day(day, lang, short=True)


def zone_label(info: Any, lang: str = "en") -> str:
    """Return the data's local time zone as shown: ``Asia/Aqtau (UTC+5)``, ``UTC+5:30``, ``UTC``;
    in Russian and Kazakh the zone's city in their words (``Актау (UTC+5)``, ``Ақтау (UTC+5)``),
    where the English name in Latin letters stood among theirs.

    ``info`` is a ``DatasetInfo`` as the loader returns it (``utc_offset`` always set).
    """
    offset = info.utc_offset or "+00:00"
    hours, minutes = offset[1:].split(":")
    short = "UTC" if offset[1:] == "00:00" else f"UTC{offset[0]}{int(hours)}"
    if minutes != "00":
        short += f":{minutes}"
    name = info.time_zone_en
    if name and lang != DEFAULT_LANG:
        with suppress(LookupError):  # not a zone's name: the data's own words stay
            name = get_timezone_location(name, locale=babel_locale(lang), return_city=True)
    return f"{name} ({short})" if name else short


def file_stem(title: str, limit: int = 40) -> str:
    """Return a download file name stem from a dataset title: ``zhanaozen-and-aktau-december-2011``."""
    words = re.findall(r"[a-z0-9]+", title.casefold())
    stem = "-".join(words)[:limit].strip("-")
    return stem or "events"
