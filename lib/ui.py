"""Streamlit pieces shared by the pages: the current view, the event detail and the content note."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from lib.cache import (
    DatasetKey,
    data_stamp,
    event_ids,
    positions,
    shared_dataset,
    shown_events,
    take,
)
from lib.content_note import description_covered, masked_counts, shown_title
from lib.events import Dataset, EventFilter, filter_counts
from lib.format import (
    count_label,
    event_when,
    keep_numbers_whole,
    md_escape,
    megabytes,
    source_link_label,
)
from lib.i18n import LANGUAGES, t, tn
from lib.legacy_pages import leave_legacy_pages
from lib.localize import COUNT_TEXTS, SOURCE_TEXTS, data_text, localized_frame, place_name
from lib.problem_text import problem_line
from lib.publish import SHOT_FIGURES, SHOT_SIZES
from lib.query import (
    FILTER_KEYS,
    KEPT_PARAMS,
    LINK_WIDE_PARAMS,
    PAGE_PARAM_KEYS,
    PAGE_PARAMS,
    SEARCH_LIMIT,
    SELECTION_KEY,
    check_query,
    filter_params,
    seed_values,
)
from lib.schema import Category, ClaimantType
from lib.timeline import LANES
from lib.validate import DataError

VIEW_KEY = "_view"
SELECTED_KEY = "selected_event"
LINKED_KEY = "_linked_event"
"""The event a link just opened names, for the run that opens it (its page shows it first)."""
CONTENT_NOTE_KEY = "show_violence"
PAGE_PARAMS_KEY = "_page_params"


@dataclass(frozen=True, eq=False)
class View:
    """What every page draws from: the shared dataset, the filters and the rows they select.

    The session keeps only the filters and the selected rows' positions; ``events`` (the
    selected rows as a frame) is taken once per run and dropped by ``release`` when the run
    ends, so no viewer holds a copy of the data between runs.
    """

    dataset: Dataset
    flt: EventFilter
    rows: np.ndarray | None
    """Positions of the selected events in ``dataset.events``; None when all are selected."""
    counts: pd.DataFrame
    lang: str = "en"
    key: DatasetKey = ("", ())
    consent: bool = False
    """Whether the reader chose to see descriptions of violence (``content_note_toggle``)."""

    @cached_property
    def events(self) -> gpd.GeoDataFrame:
        """The events the filters select, violent titles and descriptions covered unless the
        reader consented (``lib.content_note``); never for downloads, which keep every text."""
        return take(self.all_events, self.rows)

    @property
    def filtered(self) -> bool:
        """Whether the filters leave events out (a download's name and label say so)."""
        return self.rows is not None

    @property
    def counts_filtered(self) -> bool:
        """Whether the dates chosen leave figures out (the counts follow the dates alone)."""
        return len(self.counts) < len(self.dataset.counts)

    @property
    def all_events(self) -> gpd.GeoDataFrame:
        """Every event of the dataset as ``events`` shows them (shared, read-only)."""
        return shown_events(self.dataset, self.key, self.consent)

    def shown_counts(self, counts: pd.DataFrame) -> pd.DataFrame:
        """Return ``counts`` with the notes that describe violence covered unless consented."""
        return masked_counts(counts, self.consent, t("content_note.cell", self.lang))

    @cached_property
    def all_ids(self) -> frozenset[str]:
        """Every event id of the dataset (shared, built once per dataset version).

        Looked up once per run: a page asks for ``selected_id`` once per listed event, and
        each cache lookup hashes its key.
        """
        return event_ids(self.dataset, self.key)

    @property
    def selected_id(self) -> str | None:
        """The id of the selected event, if it is among the whole dataset's events."""
        value = st.session_state.get(SELECTED_KEY)
        return value if value in self.all_ids else None

    def release(self) -> None:
        """Drop this run's frame of selected events (taken again if a later run needs it)."""
        self.__dict__.pop("events", None)


def make_view(
    dataset: Dataset, key: DatasetKey, flt: EventFilter, lang: str = "en", consent: bool = False
) -> View:
    """Return the view of ``dataset`` through ``flt``, from the shared caches."""
    return View(
        dataset=dataset,
        flt=flt,
        rows=positions(dataset, key, flt),
        counts=filter_counts(dataset.counts, flt),
        lang=lang,
        key=key,
        consent=consent,
    )


CONTENT_TOGGLE_KEY = "content_note_toggle"


def consented() -> bool:
    """Return whether the reader chose, in this session, to see descriptions of violence."""
    return bool(st.session_state.get(CONTENT_NOTE_KEY))


def _consent(value: bool = True) -> None:
    st.session_state[CONTENT_NOTE_KEY] = value


def _toggle_changed() -> None:
    _consent(bool(st.session_state.get(CONTENT_TOGGLE_KEY)))


def content_note_toggle(lang: str = "en") -> bool:
    """Show the one consent control (a toggle) and return whether descriptions of violence show.

    The choice is kept for the session, not in the link: whoever opens a shared link decides
    for themselves. The detail's "Show" button and this toggle set the same state.
    """
    st.session_state[CONTENT_TOGGLE_KEY] = consented()  # follows a "Show" button clicked elsewhere
    st.toggle(
        t("content_note.toggle", lang),
        key=CONTENT_TOGGLE_KEY,
        on_change=_toggle_changed,
        help=t("content_note.toggle.help", lang),
    )
    return consented()


def covered_notice(lang: str, key: str) -> None:
    """Say that a text describing violence is covered, with a button that shows all of them."""
    st.caption(t("content_note.hidden", lang))
    st.button(t("content_note.show", lang), key=f"content_note_show-{key}", on_click=_consent)


def cached_dataset(data_dir: str, mtimes: Hashable, lang: str | None = None) -> Dataset:
    """Load a data directory once for every viewer, per set of file stamps (``data_mtimes``).

    With ``lang``, a load that takes more than half a second (files opened for the first time
    being checked, here or by another process) shows a spinner saying so: at 100,000 events the
    viewer would otherwise look at an empty page for many seconds. (Streamlit shows it after
    0.5 s only; its ``show_time`` is left off because it says "seconds" in English.)
    """
    if lang is None:
        return shared_dataset(data_dir, mtimes)
    with st.spinner(loading_text(mtimes, lang)):
        return shared_dataset(data_dir, mtimes)


def loading_text(stamps: Iterable[tuple[str, int, int]], lang: str = "en") -> str:
    """Return the spinner's text while the data loads: its size and why it can take a while."""
    return t("app.loading", lang, mb=megabytes(sum(size for _, _, size in stamps)))


def data_mtimes(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Return (name, modification time in ns, size) of each data file (zeros for a missing one)."""
    return data_stamp(data_dir)


def show_data_error(error: DataError, data_dir: Path, lang: str = "en", limit: int = 200) -> None:
    """Show the validator's problems as a readable list instead of the page."""
    st.error(md_escape(t("app.data_error.title", lang, path=str(data_dir))))
    st.write(t("app.data_error.body", lang))
    lines = [problem_line(p, lang) for p in error.problems]  # the message in ``lang``
    st.code("\n".join(lines[:limit]), language=None, wrap_lines=True)
    if len(lines) > limit:
        st.caption(tn("app.data_error.more", len(lines) - limit, lang))


def current_view() -> View:
    """Return the view the frame (app.py) prepared for this run (see ``leave_legacy_pages``)."""
    leave_legacy_pages()
    if VIEW_KEY not in st.session_state:
        st.rerun()  # the frame has not run in this session yet
    return st.session_state[VIEW_KEY]


def select_event(event_id: str | None) -> None:
    """Make ``event_id`` the selected event, shared by pages and kept in the URL.

    Changing the URL adds one browser history step, so Back returns to the previous selection.
    """
    st.session_state[SELECTED_KEY] = event_id
    if event_id:
        st.query_params[SELECTION_KEY] = event_id
    elif SELECTION_KEY in st.query_params:
        del st.query_params[SELECTION_KEY]
    remember_link()


def clear_hidden_selection(view: View) -> None:
    """Clear a selected event that the filters now hide, with a notice saying so."""
    selected = view.selected_id
    if selected is None or view.rows is None:
        return
    shown = view.dataset.events["id"].to_numpy()[view.rows]
    if selected not in set(shown):
        select_event(None)
        st.info(t("selection.hidden", view.lang), icon=":material/filter_alt:")


def show_event_detail(view: View, event_id: str, key: str) -> None:
    """Show one event's detail: when, where, who says so, description, sources and figures.

    All text from the data is shown as plain text, never as HTML or Markdown.
    """
    lang = view.lang
    events = view.dataset.events
    row = events[events["id"] == event_id]
    if row.empty:
        st.info(t("detail.none", lang))
        return
    event = row.iloc[0]
    consent = consented()
    with st.container(border=True, key=f"detail-{key}"):
        st.subheader(md_escape(shown_title(event, lang, consent)), anchor=False)
        # display text keeps each date on one line (keep_numbers_whole)
        st.text(keep_numbers_whole(f"{t('detail.when', lang)}: {event_when(event, lang)}"))
        place = place_name(event, view.dataset.info.map.places, lang).marked(lang) or "—"
        precision = t(f"location_precision.{event['location_precision']}", lang)
        st.text(f"{t('detail.where', lang)}: {place} — {precision}")
        note = data_text(event, "location_note", lang)  # NaN and None read as no note
        if note:
            st.text(keep_numbers_whole(note))  # "108 km" on one line
        who = t(f"claimant_type.{event['claimant_type']}", lang)
        st.text(f"{t('detail.claimant', lang)}: {data_text(event, 'claimant', lang)} ({who})")
        covered = description_covered(event, consent)
        if covered:
            covered_notice(lang, key)
        else:
            st.text(keep_numbers_whole(data_text(event, "description", lang)))
        st.markdown(f"**{t('detail.sources', lang)}**")
        sources = localized_frame(view.dataset.sources, SOURCE_TEXTS, lang).set_index("id")
        for ref in event["sources"]:
            source = sources.loc[ref["source"]]
            # a headline read as the description ("1 person killed, 11 wounded in clashes…")
            label = source_link_label(source, ref["locator"], lang, titled=not covered)
            st.link_button(label, source["url"], type="tertiary")
        related = view.dataset.counts[view.dataset.counts["id"].isin(event["count_ids"])]
        if not related.empty:
            st.markdown(f"**{t('detail.counts', lang)}**")
            for _, count in localized_frame(related, COUNT_TEXTS, lang).iterrows():
                st.text(keep_numbers_whole(count_label(count, lang)))


def show_source_links(sources: pd.DataFrame, lang: str) -> None:
    """Show a link to every source, by publisher: in the sources table a link opens by mouse
    only (Enter shows its address), so a keyboard reaches each one here."""
    with lazy_expander(t("sources.links", lang), "sources_links") as opened:
        if opened:
            shown = localized_frame(sources, SOURCE_TEXTS, lang)
            order = shown["publisher"].str.casefold() + "\n" + shown["title"].str.casefold()
            for _, source in shown.loc[order.sort_values().index].iterrows():
                st.link_button(source_link_label(source), source["url"], type="tertiary")


def page_address() -> str | None:
    """Return the address the reader opened, without its query: a citation's URL (None where
    there is none, as in AppTest)."""
    return (st.context.url or "").split("?")[0] or None


def date_bounds(dataset: Dataset) -> tuple[date, date]:
    """Return the first and last day the dataset's events touch or its figures were stated."""
    events, counts = dataset.events, dataset.counts
    days = [*counts["stated_from"], *counts["stated_to"]]
    if not events.empty:
        days += [
            events["t0"].min().date(),
            (events["t1"].max() - pd.Timedelta(microseconds=1)).date(),
        ]
    if not days:
        today = date.today()
        return today, today
    return min(days), max(days)


def page_bounds(total: int, per_page: int, key: str) -> tuple[int, int]:
    """Return the first and the end row of the page of a long list that ``key`` holds
    (``page_picker`` draws its input); the whole list when it fits one page."""
    pages = max(1, math.ceil(total / per_page))
    try:
        page = min(max(int(st.session_state.get(key, 1)), 1), pages)
    except (TypeError, ValueError):
        page = 1
    first = (page - 1) * per_page
    return first, min(first + per_page, total)


@contextmanager
def lazy_expander(label: str, key: str, **kwargs: Any) -> Iterator[bool]:
    """An expander whose content is built only once it is opened: yields whether it is open.

    Opening it runs the page again (``on_change="rerun"``), so a closed one sends nothing.
    """
    with st.expander(label, key=key, on_change="rerun", **kwargs):
        yield bool(st.session_state.get(key))


def page_picker(
    total: int,
    per_page: int,
    key: str,
    lang: str,
    label_key: str = "list.page",
    rows_key: str = "list.rows",
) -> tuple[int, int]:
    """Show a page number and which rows it holds when a list needs more than one page.

    A list of 100,000 rows would be tens of MB to the browser; a page of it is bounded.
    Returns ``page_bounds``: the first and the end row to show.
    """
    if total <= per_page:
        return 0, total
    pages = math.ceil(total / per_page)
    st.number_input(t(label_key, lang, pages=pages), min_value=1, max_value=pages, value=1, key=key)
    first, last = page_bounds(total, per_page, key)
    st.caption(t(rows_key, lang, first=first + 1, last=last, total=total))
    return first, last


def page_choice(
    label: str,
    options: Sequence[str],
    param: str,
    format_func: Callable[[str], str],
) -> str:
    """Show a segmented choice kept in the URL as ``param``; the first option is the default.

    The frame rewrites the URL on every run from the filters and the page parameters it holds in
    session state, so a page's own link parameters are kept there rather than bound to the widget.
    """
    page_params = st.session_state.setdefault(PAGE_PARAMS_KEY, {})
    default = options[0]
    if param not in st.session_state:
        wanted = (page_params.get(param) or [default])[-1]
        st.session_state[param] = wanted if wanted in options else default
    choice = st.segmented_control(
        label, options=list(options), format_func=format_func, required=True, key=param
    )
    choice = choice if choice in options else default
    if choice == default:
        page_params.pop(param, None)
        if param in st.query_params:
            del st.query_params[param]
    else:
        page_params[param] = [choice]
        if st.query_params.get_all(param) != [choice]:
            st.query_params[param] = choice
    remember_link()
    return choice


def _most_steps(dataset: Dataset) -> int:
    return max((len(n.steps) for n in dataset.narratives.values()), default=0)


NOTICES_KEY = "_query_notices"
CHECKED_KEY = "_query_checked"
LINK_KEY = "_link_written"


def _link_now() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def remember_link() -> None:
    """Note the URL as the app left it, so a later change can be told apart (Back, Forward)."""
    st.session_state[LINK_KEY] = _link_now()


def history_move() -> bool:
    """Return whether this run is the browser's Back or Forward (Streamlit marks the rerun it
    asks for then).

    A rerun asked for before the browser had the app's latest URL (a presenter's second press
    of Page Down, sent before the first one's rerun had written ``step=2``) carries the older
    URL too: taken for Back, it put the presenter on the step before.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def read_link(
    dataset: Dataset, bounds: tuple[date, date], lang: str = "en", page: str | None = None
) -> None:
    """Seed the filters, selection and page choices from the URL when the app did not write it.

    That is on a session's first run (a shared link) and after the browser's Back or Forward,
    which rerun the app with an earlier URL (`history_move`). Parameters the dashboard does not know, or values
    it cannot use, are dropped, with a notice for each kept for ``show_link_notices``. Another
    page's parameters on ``page`` (its URL path) are kept for that page, with a notice.
    """
    first = CHECKED_KEY not in st.session_state
    now = _link_now()
    # A page switch clears the URL: only a URL that carries a view is the browser's history.
    moved = (
        now != st.session_state.get(LINK_KEY)
        and any(name not in (*LINK_WIDE_PARAMS, *KEPT_PARAMS) for name in now)
        and history_move()
    )
    if first or moved:
        st.session_state[CHECKED_KEY] = True
        kept, notices = check_query(
            _link_now(),
            categories=[c.value for c in Category],
            claimant_types=[c.value for c in ClaimantType],
            event_ids=dataset.events["id"],
            date_bounds=bounds,
            extra_choices={
                "lane": LANES,
                "span": ("window", "all"),
                "view": [v.id for v in dataset.info.map.views],
                "lang": LANGUAGES,
                "step": [str(n) for n in range(1, 1 + _most_steps(dataset))],
                "theme": ("standard", "projector"),
                "shot": SHOT_FIGURES,
                "size": SHOT_SIZES,
            },
            choice_names={
                "cat": {c.value: t(f"category.{c.value}", lang) for c in Category},
                "claimant": {c.value: t(f"claimant_type.{c.value}", lang) for c in ClaimantType},
            },
            lang=lang,
            page=page,
        )
        if first:
            st.session_state[NOTICES_KEY] = [n.text(lang) for n in notices]
        else:  # the browser moved through its history: the URL's view replaces the session's
            for name in FILTER_KEYS:
                st.session_state.pop(f"filter_{name}", None)
            st.session_state.pop("filter_from", None)
            st.session_state.pop("filter_to", None)
            for name in PAGE_PARAM_KEYS:
                st.session_state.pop(name, None)
        for name, value in seed_values(kept).items():
            st.session_state[f"filter_{name}"] = value
        st.session_state[SELECTED_KEY] = kept.get(SELECTION_KEY, [None])[-1]
        if first:  # a link opened (not Back or Forward): app.py drops it after this run
            st.session_state[LINKED_KEY] = st.session_state[SELECTED_KEY]
        st.session_state[PAGE_PARAMS_KEY] = {
            k: v for k, v in kept.items() if k in (*PAGE_PARAM_KEYS, *LINK_WIDE_PARAMS)
        }
        remember_link()
    st.session_state.setdefault("filter_from", bounds[0])
    st.session_state.setdefault("filter_to", bounds[1])


DATE_INPUT_FORMAT = {"ru": "DD.MM.YYYY", "kk": "DD.MM.YYYY"}
"""How the date inputs write a day in languages that do not use Streamlit's YYYY/MM/DD."""


FILTERS_LANG_KEY = "_filters_lang"
"""The language the sidebar's filters were last drawn in."""


def sidebar_filters(bounds: tuple[date, date], lang: str = "en", zone: str = "UTC") -> EventFilter:
    """Show the shared filters (keyed, so they keep their values across pages) and return them."""
    st.header(t("filter.header", lang))
    state = st.session_state
    if state.get(FILTERS_LANG_KEY) != lang:
        # the browser keeps a multiselect's choices as their names: after a change of language
        # it sent "Violence" back, no Russian option, and the filter was dropped. Setting the
        # values sends them again, named in the new language.
        for key in ("filter_cat", "filter_claimant"):
            if key in state:
                state[key] = list(state[key])
        state[FILTERS_LANG_KEY] = lang
    date_from = st.date_input(
        t("filter.from", lang),
        min_value=bounds[0],
        max_value=bounds[1],
        key="filter_from",
        help=t("filter.dates.help", lang, zone=zone),
        format=DATE_INPUT_FORMAT.get(lang, "YYYY/MM/DD"),
    )
    date_to = st.date_input(
        t("filter.to", lang),
        min_value=bounds[0],
        max_value=bounds[1],
        key="filter_to",
        format=DATE_INPUT_FORMAT.get(lang, "YYYY/MM/DD"),
    )
    categories = st.multiselect(
        t("filter.categories", lang),
        options=[c.value for c in Category],
        format_func=lambda v: t(f"category.{v}", lang),
        key="filter_cat",
        placeholder=t("filter.all", lang),
        select_all=False,  # Streamlit's "Select all" is English only, and all is no filter
    )
    claimants = st.multiselect(
        t("filter.claimants", lang),
        options=[c.value for c in ClaimantType],
        format_func=lambda v: t(f"claimant_type.{v}", lang),
        key="filter_claimant",
        placeholder=t("filter.all", lang),
        select_all=False,  # Streamlit's "Select all" is English only, and all is no filter
    )
    text = st.text_input(t("filter.text", lang), key="filter_q", max_chars=SEARCH_LIMIT)
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        # none chosen and all chosen both mean no restriction (and keep the link short)
        categories=tuple(categories) if 0 < len(categories) < len(Category) else None,
        claimant_types=tuple(claimants) if 0 < len(claimants) < len(ClaimantType) else None,
        text=text or "",
    )


FILTER_STATE_KEYS = ("filter_from", "filter_to", "filter_cat", "filter_claimant", "filter_q")


def kept_filters(bounds: tuple[date, date]) -> EventFilter:
    """Return the filters in force without drawing them, and keep their values for later.

    A page without the sidebar (Present) would otherwise lose them: Streamlit forgets the
    value of a widget that is not drawn in a run, unless the script sets it itself.
    """
    state = st.session_state
    for key in FILTER_STATE_KEYS:
        if key in state:
            state[key] = state[key]
    categories = state.get("filter_cat") or []
    claimants = state.get("filter_claimant") or []
    return EventFilter(
        date_from=state.get("filter_from", bounds[0]),
        date_to=state.get("filter_to", bounds[1]),
        categories=tuple(categories) if 0 < len(categories) < len(Category) else None,
        claimant_types=tuple(claimants) if 0 < len(claimants) < len(ClaimantType) else None,
        text=state.get("filter_q") or "",
    )


def write_link(flt: EventFilter, bounds: tuple[date, date], page: str = "") -> None:
    """Keep the URL in step with the filters, and with the selection and choices of ``page``.

    The selected event and the page choices go into the URL only on the page that uses them
    (``PAGE_PARAMS``), so they do not leak into the links of other pages.
    """
    wanted = link_params(flt, bounds, page)
    if _link_now() != wanted:
        st.query_params.from_dict(wanted)
    remember_link()


def link_params(
    flt: EventFilter, bounds: tuple[date, date], page: str = ""
) -> dict[str, list[str]]:
    """Return the URL's parameters for ``page``: the filters, and the selection and choices
    ``page`` uses (see `write_link`)."""
    params = filter_params(flt, bounds)
    own = PAGE_PARAMS.get(page, ())
    if st.session_state.get(SELECTED_KEY) and SELECTION_KEY in own:
        params[SELECTION_KEY] = st.session_state[SELECTED_KEY]
    params.update(
        {
            k: v
            for k, v in st.session_state.get(PAGE_PARAMS_KEY, {}).items()
            if k in own or k in LINK_WIDE_PARAMS
        }
    )
    params.update({k: st.query_params.get_all(k) for k in KEPT_PARAMS if k in st.query_params})
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def drop_link_notices() -> None:
    """Forget the notices of the link the session opened with (read, or the view moved on)."""
    st.session_state[NOTICES_KEY] = []


def show_link_notices(lang: str = "en") -> None:
    """Show a notice for each link parameter that was ignored, and a button that hides them.

    They stayed on every page and step of the session: on the Present page a bad ``?step=``
    pushed each step's timeline below a projector's 720 px.
    """
    notices = st.session_state.get(NOTICES_KEY, [])
    for notice in notices:
        st.warning(md_escape(notice), icon=":material/warning:")
    if notices:
        st.button(
            tn("link.notices.hide", len(notices), lang),
            key="link-notices-hide",
            icon=":material/close:",
            type="tertiary",
            on_click=drop_link_notices,
        )
