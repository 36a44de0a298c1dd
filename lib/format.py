"""Plain-text and escaped labels for events, counts and sources."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from lib.i18n import t
from lib.schema import parse_when

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape text so Streamlit Markdown shows it literally (no links, HTML or formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def html_escape(text: str) -> str:
    """Escape text for HTML contexts (Leaflet popups, plotly hover labels).

    Quotes become numeric references: plotly's labels decode those but not ``&quot;``.
    """
    return html.escape(str(text), quote=True).replace("&quot;", "&#34;")


def _day(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def event_when(event: Mapping[str, Any], lang: str = "en") -> str:
    """Return when an event happened, with its precision, e.g. ``17 December 2011, 17:00 (to the hour)``."""
    start = parse_when(event["start"])
    precision = event["time_precision"]
    if precision == "month":
        text = f"{start:%B %Y}"
    elif precision in ("minute", "hour"):
        text = f"{_day(start)}, {start:%H:%M} {t('detail.local_time', lang)}"
    elif precision == "part_of_day":
        text = f"{_day(start)}, {t('part_of_day.' + str(event['part_of_day']), lang)}"
    else:
        text = _day(start)
    end = event.get("end")
    if isinstance(end, str) and end:
        stop = parse_when(end)
        stop_text = f"{stop:%B %Y}" if len(end) == 7 else _day(stop)
        if len(end) > 10:
            stop_text += f", {stop:%H:%M}"
        joiner = " or " if precision == "day_range" else " – "
        text = f"{text}{joiner}{stop_text}"
    text += f" ({t('time_precision.' + precision, lang)})"
    note = event.get("time_note_en")
    if isinstance(note, str) and note:
        text += f"; {note}"
    return text


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _when_fast(
    start: str, precision: str, part: Any, end: Any, note: Any, words: Mapping[str, str]
) -> str:
    """``event_when`` for validated values, from the text itself (no date parsing)."""
    month = _MONTHS[int(start[5:7]) - 1]
    day = f"{int(start[8:10])} {month} {start[:4]}" if len(start) >= 10 else ""
    if precision == "month":
        text = f"{month} {start[:4]}"
    elif precision in ("minute", "hour"):
        text = f"{day}, {start[11:16]} {words['local']}"
    elif precision == "part_of_day":
        text = f"{day}, {words['part_of_day.' + str(part)]}"
    else:
        text = day
    if isinstance(end, str) and end:
        stop_month = _MONTHS[int(end[5:7]) - 1]
        if len(end) == 7:
            stop_text = f"{stop_month} {end[:4]}"
        else:
            stop_text = f"{int(end[8:10])} {stop_month} {end[:4]}"
        if len(end) > 10:
            stop_text += f", {end[11:16]}"
        joiner = " or " if precision == "day_range" else " – "
        text = f"{text}{joiner}{stop_text}"
    text += f" ({words['time_precision.' + precision]})"
    if isinstance(note, str) and note:
        text += f"; {note}"
    return text


def when_texts(events: pd.DataFrame, lang: str = "en") -> list[str]:
    """Return ``event_when`` for every row of validated events, in order, without parsing dates.

    About forty times faster than calling ``event_when`` row by row.
    """
    from lib.schema import PartOfDay, TimePrecision

    words = {"local": t("detail.local_time", lang), "part_of_day.None": ""}
    words.update({f"part_of_day.{p}": t(f"part_of_day.{p}", lang) for p in PartOfDay})
    words.update({f"time_precision.{p}": t(f"time_precision.{p}", lang) for p in TimePrecision})
    columns = ("start", "time_precision", "part_of_day", "end", "time_note_en")
    return [
        _when_fast(*values, words)
        for values in zip(*(events[c].tolist() for c in columns), strict=True)
    ]


def count_value(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a figure with its qualifier, e.g. ``more than 700``."""
    return t("qualifier." + count["qualifier"], lang, value=f"{int(count['value']):,}")


def _link(count: Mapping[str, Any]) -> str:
    """The id a count adds to, or "" (missing, empty or NaN cells)."""
    target = count.get("adds_to")
    return target if isinstance(target, str) else ""


def figure_text(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a figure as stated: ``43 more (64 in all)`` for a count that adds to another.

    Uses the ``in_all`` entry that `running_totals` gives (see ``lib.counts.select_counts``);
    without it, a count that adds to another reads ``43 more`` and any other ``more than 700``.
    """
    value = count_value(count, lang)
    if not _link(count):
        return value
    total = count.get("in_all")
    if isinstance(total, Mapping) and total.get("complete"):
        return t("counts.adds_to", lang, value=value, total=count_value(total, lang))
    return t("counts.adds_to_alone", lang, value=value)


def count_label(count: Mapping[str, Any], lang: str = "en") -> str:
    """Return a one-line plain description of a stated figure with its claimant and date.

    A date stated that no source gives (``stated_on_basis`` inferred) is marked as inferred.
    """
    metric = t(f"metric.{count['metric']}", lang)
    kind = t(f"claim_type.{count['claim_type']}", lang)
    stated = str(count["stated_on"])
    if count.get("stated_on_basis") == "inferred":
        stated = t("counts.date_inferred", lang, date=stated)
    return f"{figure_text(count, lang)} {metric} — {count['claimant']} ({kind}), stated {stated}"


def source_link_label(source: Mapping[str, Any], locator: str) -> str:
    """Return an escaped Markdown label for a source reference: publisher, title, date, locator."""
    date = f", {source['date']}" if source.get("date") else ""
    return md_escape(f"{source['publisher']}: {source['title']}{date} — {locator}")


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary where one is near, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:(—-") + "…"


def plotly_lines(text: str, width: int, max_lines: int | None = None) -> str:
    """Escape ``text`` and break it into ``<br>``-separated lines for a plotly label.

    With ``max_lines``, the last line is shortened to fit.
    """
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if max_lines is not None and len(parts) > max_lines:
        parts = [*parts[: max_lines - 1], shorten(" ".join(parts[max_lines - 1 :]), width)]
    return "<br>".join(html_escape(part) for part in parts)


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
        publishers = sources.set_index("id")["publisher"]
        main_rank = pd.Series(main, dtype="object").map(publishers).value_counts()
        every = cited.map(publishers).dropna().value_counts()
        names = list(main_rank.index) + [n for n in every.index if n not in main_rank.index]
    shown = ", ".join(shorten(name, 36) for name in names[:limit]) or "—"
    if len(names) > limit:
        shown += t("credit.more", lang, n=len(names) - limit)
    return t("credit.source", lang, sources=shown)
