"""Check the URL query parameters a shared link carries, before widgets read them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lib.i18n import N_, t
from lib.problem_text import problem_message
from lib.schema import parse_stated_date
from lib.validate import INVISIBLE

if TYPE_CHECKING:
    from lib.events import EventFilter

FILTER_KEYS = ("from", "to", "cat", "claimant", "q")
SEARCH_LIMIT = 200
"""Characters a search in a link may have (the sidebar's search box takes as many)."""
SELECTION_KEY = "event"
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "map": (SELECTION_KEY, "view"),
    "timeline": (SELECTION_KEY, "lane", "span"),
    "present": ("step",),
}
"""The link parameters each page (by its url path) owns; no other page's link carries them."""
PAGE_PARAM_KEYS = ("view", "lane", "span", "step")
LANG_PARAM = "lang"
LINK_WIDE_PARAMS = (LANG_PARAM, "theme")
"""Choices kept in the session that every page's link carries."""
KEPT_PARAMS = ("embed", "shot", "size")
"""Parameters the frame leaves in the URL as they are, on every page."""
KNOWN_KEYS = frozenset(
    (*FILTER_KEYS, SELECTION_KEY, *PAGE_PARAM_KEYS, *LINK_WIDE_PARAMS, *KEPT_PARAMS)
)
MANY_VALUED = frozenset(("cat", "claimant"))
"""Parameters a link may repeat to give several values; the others take one."""
SHOT_PARAM = "shot"
"""The parameter of a screenshot link (`lib.shot`)."""


@dataclass(frozen=True)
class Notice:
    """A query parameter that was ignored, and why."""

    name: str
    reason: str
    kept: bool = False
    """The value was used after a change (dates swapped), not ignored."""
    later: bool = False
    """The value is another page's: kept in the session for that page, not used on this one."""

    def text(self, lang: str = "en") -> str:
        """Return the notice as a sentence for the interface."""
        if self.later:
            return t("query.later", lang, name=self.name, reason=self.reason)
        if self.kept:
            return t("query.changed", lang, name=self.name, reason=self.reason)
        return t("query.ignored", lang, name=self.name, reason=self.reason)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_NOT_TEXT = re.compile(f"[\x00-\x1f\x7f\ufffd{INVISIBLE}]")
"""Characters no search can mean: controls, the replacement character a malformed ``%ff``
decodes to, and the invisible ones the validator refuses in the data."""


def _impossible_day(value: str) -> str | None:
    """Return the validator's message for a ``YYYY-MM-DD`` that names no day, saying whether its
    month or its day is wrong; None when the validator reads it as a day."""
    try:
        parse_stated_date(value)
    except ValueError as error:
        return str(error)
    return None


def _as_date(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if len(value) == 10 else None


def _shown(value: str, limit: int = 60) -> str:
    """Quote a value for a notice, cut to ``limit`` characters."""
    cut = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(cut)


def _choices(values: set[str], names: Mapping[str, str] | None = None, limit: int = 12) -> str:
    """Name the values a parameter allows: ``1–12`` for a run of numbers, else each one (the
    first ``limit``), with its name in the viewer's language where ``names`` gives one that
    reads differently: ``ill_treatment: Жестокое обращение``."""
    if values and all(v.isdigit() for v in values):
        numbers = sorted(int(v) for v in values)
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
            return f"{numbers[0]}–{numbers[-1]}"
        return ", ".join(str(n) for n in numbers[:limit])
    codes = sorted(values)
    shown = [_with_name(code, (names or {}).get(code)) for code in codes[:limit]]
    return ", ".join(shown) + (", …" if len(codes) > limit else "")


def _with_name(code: str, name: str | None) -> str:
    """``code: name``, or the code alone when the name only spells it out (``ill_treatment``)."""
    if not name or _letters(name) == _letters(code):
        return code
    return f"{code}: {name}"


def _letters(text: str) -> str:
    return re.sub(r"[\W_]", "", text).casefold()


def check_query(
    params: Mapping[str, list[str]],
    *,
    categories: Iterable[str],
    claimant_types: Iterable[str],
    event_ids: Iterable[str],
    date_bounds: tuple[date, date] | None = None,
    extra_choices: Mapping[str, Iterable[str]] | None = None,
    choice_names: Mapping[str, Mapping[str, str]] | None = None,
    lang: str = "en",
    page: str | None = None,
) -> tuple[dict[str, list[str]], list[Notice]]:
    """Split query parameters into the valid ones and notices for the rest.

    Parameters
    ----------
    params : mapping of str to list of str
        Every value of every parameter, as ``st.query_params.to_dict`` would give them all.
    categories, claimant_types, event_ids : iterable of str
        The values the data allows for ``cat``, ``claimant`` and ``event``.
    extra_choices : mapping, optional
        Allowed values for page parameters such as ``view`` or ``lane``.
    choice_names : mapping, optional
        Per parameter, each allowed value's name in ``lang``, shown beside the code in a notice.
    lang : str
        Language of the notices.
    page : str, optional
        The URL path of the page the link opens: another page's parameters (``/counts?event=``)
        are kept for that page, with a notice that this one does not use them. None checks no
        page.

    Returns
    -------
    tuple of (dict, list of Notice)
        The parameters to keep, and one notice per parameter with an ignored value.
    """
    allowed = {
        "cat": set(categories),
        "claimant": set(claimant_types),
        SELECTION_KEY: set(event_ids),
        **{k: set(v) for k, v in (extra_choices or {}).items()},
    }
    keep: dict[str, list[str]] = {}
    notices: list[Notice] = []
    unknown = [name for name in params if name not in KNOWN_KEYS]
    for name, values in params.items():
        if name not in KNOWN_KEYS:
            if len(unknown) == 1:
                notices.append(Notice(_shown(name, 40).strip("'"), t("query.unknown_param", lang)))
            elif name == unknown[0]:  # one notice for all (300 pushed the page 14,000 px down)
                names = ", ".join(_shown(n, 40).strip("'") for n in unknown[:5])
                reason = t("query.unknown_params", lang, n=len(unknown))
                notices.append(Notice(names + (", …" if len(unknown) > 5 else ""), reason))
            continue
        good, rejected = [], []
        for value in values:
            if name in ("from", "to"):
                day = _as_date(value)
                ok = day is not None and (
                    date_bounds is None or date_bounds[0] <= day <= date_bounds[1]
                )
                if day is not None and not ok:
                    notices.append(
                        Notice(
                            name,
                            t(
                                "query.out_of_range",
                                lang,
                                value=_shown(value),
                                first=date_bounds[0].isoformat(),
                                last=date_bounds[1].isoformat(),
                            ),
                        )
                    )
                    continue
                if day is None and _DAY.match(value):  # no such day: say which part is wrong
                    reason = _impossible_day(value)
                    notices.append(
                        Notice(
                            name,
                            problem_message(reason, lang)
                            if reason
                            else t(N_("query.no_such_day"), lang, value=_shown(value)),
                        )
                    )
                    continue
                if day is None:
                    notices.append(Notice(name, t("query.bad_date", lang, value=_shown(value))))
                    continue
            elif name == "q":
                ok = len(value) <= SEARCH_LIMIT
                if not ok:
                    reason = t("query.too_long", lang, value=_shown(value), limit=SEARCH_LIMIT)
                    notices.append(Notice(name, reason))
                    continue
                if bad := _NOT_TEXT.search(value):  # "%00%ff" searched for nothing, unsaid
                    char = f"U+{ord(bad.group()):04X}"
                    notices.append(Notice(name, t("query.bad_character", lang, char=char)))
                    continue
            elif name in allowed:
                ok = value in allowed[name]
            else:
                ok = True
            (good if ok else rejected).append(value)
        if rejected:  # every bad value of a parameter, in one notice
            distinct = list(dict.fromkeys(rejected))
            shown = ", ".join(_shown(v) for v in distinct[:5]) + (
                ", …" if len(distinct) > 5 else ""
            )
            several = len(distinct) > 1  # "'a', 'b' are not…"
            if name == SELECTION_KEY:
                key = N_("query.unknown_events") if several else N_("query.unknown_event")
                notices.append(Notice(name, t(key, lang, value=shown)))
            elif name in allowed and allowed[name]:
                choices = _choices(allowed[name], (choice_names or {}).get(name))
                key = N_("query.bad_choices") if several else N_("query.bad_choice")
                notices.append(Notice(name, t(key, lang, value=shown, choices=choices)))
            else:
                key = N_("query.bad_values") if several else N_("query.bad_value")
                notices.append(Notice(name, t(key, lang, value=shown)))
        if good:
            keep[name] = good
        if name not in MANY_VALUED and len(set(good)) > 1:  # the last one is used, unsaid
            reason = t("query.repeated", lang, n=len(good), value=_shown(good[-1]))
            notices.append(Notice(name, reason, kept=True))
    if page is not None and SHOT_PARAM not in params:  # a screenshot link takes them at the root
        for name in (SELECTION_KEY, *PAGE_PARAM_KEYS):
            if name in keep and name not in PAGE_PARAMS.get(page, ()):
                notices.append(Notice(name, _used_on(name, lang), later=True))
    if "from" in keep and "to" in keep and keep["from"][-1] > keep["to"][-1]:
        reason = t("query.swapped", lang, first=keep["from"][-1], last=keep["to"][-1])
        notices.append(Notice("from", reason, kept=True))
    return keep, _one_per_name(notices)


def _used_on(name: str, lang: str) -> str:
    """Why a page ignores another page's parameter: the pages that use it, by their titles."""
    pages = [t(f"app.page.{page}", lang) for page, names in PAGE_PARAMS.items() if name in names]
    key = N_("query.other_pages") if len(pages) > 1 else N_("query.other_page")
    return t(key, lang, pages=", ".join(t("query.page_name", lang, page=p) for p in pages))


def _one_per_name(notices: list[Notice]) -> list[Notice]:
    """Keep the first notice of each parameter: a link repeating a bad value gets one warning."""
    seen: set[str] = set()
    first = []
    for notice in notices:
        if notice.name not in seen:
            seen.add(notice.name)
            first.append(notice)
    return first


def seed_values(kept: Mapping[str, list[str]]) -> dict[str, object]:
    """Turn checked query parameters into initial filter values keyed by parameter name."""
    values: dict[str, object] = {}
    if "from" in kept:
        values["from"] = date.fromisoformat(kept["from"][-1])
    if "to" in kept:
        values["to"] = date.fromisoformat(kept["to"][-1])
    if "from" in values and "to" in values and values["from"] > values["to"]:
        values["from"], values["to"] = values["to"], values["from"]
    for name in ("cat", "claimant"):
        if name in kept:
            values[name] = list(dict.fromkeys(kept[name]))
    if "q" in kept:
        values["q"] = kept["q"][-1]
    return values


def filter_params(
    flt: EventFilter, bounds: tuple[date, date], dates_only: bool = False
) -> dict[str, str | list[str]]:
    """Return the query parameters that reproduce the filters (the dates alone if
    ``dates_only``); defaults are left out."""
    params: dict[str, str | list[str]] = {}
    if flt.date_from is not None and flt.date_from != bounds[0]:
        params["from"] = flt.date_from.isoformat()
    if flt.date_to is not None and flt.date_to != bounds[1]:
        params["to"] = flt.date_to.isoformat()
    if dates_only:
        return params
    if cats := list(flt.categories or ()):
        params["cat"] = cats
    if claimants := list(flt.claimant_types or ()):
        params["claimant"] = claimants
    if flt.text.strip():
        params["q"] = flt.text.strip()
    return params
