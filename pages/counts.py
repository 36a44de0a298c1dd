"""Counts: who said how many, and when — detainees, deaths and injuries, smaller figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.cache import built, options_key
from lib.chart_export import detainee_image, toll_image
from lib.content_note import description_covered
from lib.counts import (
    CONTEXT_METRICS,
    DEATH_METRICS,
    DETAINEE_METRICS,
    INJURY_METRICS,
    OTHER_METRICS,
    TABLE_COLUMNS,
    ChartOptions,
    build_deaths_chart,
    build_detainee_chart,
    build_injuries_chart,
    chart_config,
    detainee_ratio,
    events_behind,
    figures_table,
    hidden_counts,
    name_sources,
    select_counts,
    selected_count_ids,
    stated_label,
    table_csv,
)
from lib.figure_style import is_dark
from lib.format import (
    count_label,
    count_option,
    count_value,
    keep_numbers_whole,
    md_escape,
    source_link_label,
)
from lib.i18n import t, tn
from lib.localize import localized_tables
from lib.presenting import projector_on
from lib.publish import credit, download_citation, file_name, filters_text, shown_figure
from lib.publish_ui import publish_panel
from lib.shot import rows_in_every_language
from lib.tables import column_px
from lib.theme import on_screen
from lib.ui import View, covered_notice, current_view, date_bounds, page_address, show_event_detail


def _day(value: object) -> str:
    return stated_label(str(value), LANG) if value else "—"


def _notes(view: View, metrics: Sequence[str]) -> tuple[pd.DataFrame, bool]:
    """The figures of ``metrics`` the dates hide, and whether the table's download holds a note
    the page covers: once per dataset version, dates and consent, then shared (built on every
    run, they took a third of a first visit's run)."""
    return built(
        "counts-notes",
        view.key,
        (view.flt.date_from, view.flt.date_to, view.consent, tuple(metrics)),
        lambda: (hidden_counts(view.dataset.counts, view.counts, metrics), _covers(view, metrics)),
    )


def _hidden_notice(view: View, metrics: Sequence[str]) -> None:
    hidden, _ = _notes(view, metrics)
    if hidden.empty:
        return
    example = count_label(hidden.iloc[0], LANG)
    st.warning(
        tn(
            "counts.hidden",
            len(hidden),
            LANG,
            official=int((hidden["claim_type"] == "official").sum()),
            independent=int((hidden["claim_type"] == "independent").sum()),
            first=_day(view.flt.date_from),
            last=_day(view.flt.date_to),
            example=md_escape(example),
        ),
        icon=":material/calendar_month:",
    )


def _behind(view: View, count_ids: list[str], key: str) -> None:
    """Show the figure(s) clicked, their sources and the events that rest on them."""
    if not count_ids:
        st.caption(t("counts.behind.prompt", LANG))
        return
    counts = view.dataset.counts.set_index("id")
    sources = view.dataset.sources.set_index("id")
    with st.container(border=True, key=f"behind-{key}"):
        st.markdown(f"**{t('counts.behind.header', LANG)}**")
        for count_id in count_ids:
            if count_id not in counts.index:
                continue
            count = counts.loc[count_id].to_dict() | {"id": count_id}
            st.text(keep_numbers_whole(count_label(count, LANG)))
            if count["note"] and description_covered(count, view.consent):
                covered_notice(LANG, f"{key}-{count_id}")
            elif count["note"]:  # the sources it names as links to them
                st.markdown(name_sources(count["note"], view.dataset.sources, LANG, link=True))
            if count["source_id"] in sources.index:
                source = sources.loc[count["source_id"]]
                st.link_button(
                    source_link_label(source, count["locator"], LANG),
                    source["url"],
                    type="tertiary",
                )
            events = events_behind(view.dataset.events, count_id)
            if events.empty:
                st.caption(t("counts.behind.no_events", LANG))
            for event_id in events["id"]:
                show_event_detail(view, event_id, key=f"{key}-{count_id}-{event_id}")


def _figure_choice(view: View, metrics: Sequence[str], key: str) -> list[str]:
    """Pick a figure from a list: what a click on its marker shows, by keyboard or on a phone."""
    labels = built(  # figures stated in the dates chosen: shared by every viewer
        "counts-choice",
        view.key,
        (view.flt.date_from, view.flt.date_to, LANG, tuple(metrics)),
        lambda: {
            str(r["id"]): count_option(r, LANG)
            for r in select_counts(view.counts, metrics).to_dict("records")
        },
    )
    if not labels:
        return []
    chosen = st.selectbox(
        t("counts.behind.choose", LANG),
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=t("counts.behind.placeholder", LANG),
        key=f"behind-choice-{key}",
    )
    return [chosen] if chosen else []


def _covers(view: View, metrics: Sequence[str]) -> bool:
    """Whether the page covers a note of ``metrics`` that the table's download holds in full."""
    rows = select_counts(view.counts, metrics)
    return not view.consent and bool(rows.get("violence_described", pd.Series()).any())


def _tables(view: View, metrics: Sequence[str], cite: str) -> tuple[pd.DataFrame, bytes]:
    """The table shown (notes covered unless consented) and the CSV download (every note)."""
    shown = figures_table(view.shown_counts(view.counts), view.dataset.sources, metrics, LANG)
    full = table_csv(
        figures_table(view.counts, view.dataset.sources, metrics, LANG, for_file=True), LANG, cite
    )
    return shown, full


def _column(name: str, header: str, figure_px: int | None):
    """A counts table column's look: the source a link, the figure whole (in Kazakh it read
    'тағы 60 (барлығы 13…'; not pinned: Streamlit greys a pinned column's text)."""
    if name == "source_url":
        return st.column_config.LinkColumn(header)
    if name == "figure":
        return st.column_config.TextColumn(header, width=figure_px)
    return st.column_config.TextColumn(header, width="medium" if name == "metric" else None)


def _table(view: View, metrics: Sequence[str], key: str, heading: str | None = None) -> None:
    table, csv = built(  # the CSV's first line, CITE: the dataset's citation and dates
        "counts-table",
        view.key,
        (view.flt.date_from, view.flt.date_to, view.consent, LANG, tuple(metrics), CITE),
        lambda: _tables(view, metrics, CITE),
    )
    st.markdown(f"**{heading or t('counts.table', LANG)}**")
    headers = {c: t(f"counts.col.{c}", LANG) for c in TABLE_COLUMNS}
    figure_px = column_px([headers["figure"], *table["figure"]]) if not table.empty else None
    st.dataframe(
        table,
        key=f"table-{key}",
        hide_index=True,
        column_config={c: _column(c, headers[c], figure_px) for c in TABLE_COLUMNS},
    )
    st.download_button(  # the file sent on a click: five sent with every run were each
        t("counts.download", LANG),  # fetched back by the browser as the page opened
        data=lambda: csv,
        file_name=file_name(view.dataset.info, _figure(view, key), None, LANG, "csv"),
        mime="text/csv",
        key=f"download-{key}",
        on_click="ignore",
        disabled=table.empty,
        # the file is data: it keeps the notes the page covers, and says so beside the button
        help=t("counts.download.full", LANG) if _notes(view, metrics)[1] else None,
    )
    st.caption(keep_numbers_whole(t("sources.download_csv.help", LANG)))  # in view on a phone


def _figure(view: View, key: str) -> str:
    """Name a figure's files: ``counts-detainees``, ``counts-detainees-filtered``."""
    return shown_figure(f"counts-{key}", view.counts_filtered)


def _chart(
    view: View, fig: go.Figure, metrics: Sequence[str], key: str, image: Callable[[str, str], bytes]
) -> None:
    """Draw one figure with its hidden-by-filter notice, downloads, click panel and table."""
    _hidden_notice(view, metrics)
    info = view.dataset.info
    event = st.plotly_chart(
        on_screen(fig, projector_on(), is_dark(st.context.theme.type)),
        key=f"chart-{key}",
        on_select="rerun",
        selection_mode="points",
        config=chart_config(file_name(info, _figure(view, key), None, LANG, "png")[:-4], LANG),
        theme=None,
    )
    publish_panel(
        info,
        LANG,
        _figure(view, key),
        image,
        key,
        alt=t(f"counts.{key}.title", LANG),
        shared=f"counts-{key}",  # the screenshot link's figure, filtered or not
    )
    chosen = _figure_choice(view, metrics, key)
    _behind(view, selected_count_ids(event) or chosen, key)
    _table(view, metrics, key)


def _options(view: View, lang: str) -> ChartOptions:
    """The charts' options in ``lang``: the dates chosen, the sources and the credit."""
    return ChartOptions(
        lang=lang,
        subtitle=filters_text(view.flt, date_bounds(view.dataset), lang, dates_only=True),
        sources=view.dataset.sources,
        credit=credit(view.dataset.info, lang),
    )


def _rows_everywhere(view: View, english: View, size: str) -> int:
    """The detainee rows an image of ``size`` draws in every language (the same in each), from
    ``english``, the view whose counts hold every language's texts."""
    return built(  # a second or more of fitting, once per dataset version, dates and size
        "detainee-rows",
        view.key,
        (view.flt.date_from, view.flt.date_to, size),
        lambda: rows_in_every_language(
            english.dataset, english.counts, view.flt, date_bounds(view.dataset), size
        ),
    )


def _context(view: View) -> None:
    rows = built(
        "counts-context",
        view.key,
        (view.flt.date_from, view.flt.date_to, view.consent, LANG),
        lambda: select_counts(view.counts, CONTEXT_METRICS),
    )
    _hidden_notice(view, CONTEXT_METRICS)
    if rows.empty:
        st.caption(t("counts.context.none", LANG))
    columns = st.columns(max(1, min(3, len(rows))))
    for number, row in enumerate(rows.to_dict("records")):
        with columns[number % len(columns)], st.container(border=True):
            metric = t(f"metric.{row['metric']}", LANG)
            st.metric(md_escape(metric), count_value(row, LANG))
            if row["place"]:  # a long place would be cut in the metric's one-line label
                st.markdown(f"**{md_escape(row['place'])}**")
            if row["note"] and description_covered(row, view.consent):
                covered_notice(LANG, f"context-{row['id']}")
            elif row["note"]:
                st.markdown(name_sources(row["note"], view.dataset.sources, LANG, link=True))
            stated = t("counts.hover.stated", LANG, date=_day(row["stated_on"]))
            st.caption(md_escape(keep_numbers_whole(f"{row['claimant']} · {stated}")))
    _table(view, CONTEXT_METRICS, "context")


ENGLISH = current_view()  # read now: a download's image is made after the run, on its click
LANG = ENGLISH.lang
view = localized_tables(ENGLISH, LANG)  # claimants, places, notes in the language
st.title(t("counts.title", LANG))
st.write(t("counts.intro", LANG))
st.info(
    t(
        "counts.filter_note",
        LANG,
        first=_day(view.flt.date_from),
        last=_day(view.flt.date_to),
        shown=len(view.counts),
        total=len(view.dataset.counts),
    ),
    icon=":material/calendar_month:",
)
bounds = date_bounds(view.dataset)
CITE = download_citation(
    view.dataset.info, view.flt, bounds, LANG, dates_only=True, url=page_address()
)
options = _options(view, LANG)
counts: pd.DataFrame = view.shown_counts(view.counts)  # hover notes covered unless consented
# on screen: laid out for any width and drawn in the page's theme; the images stay light
screen = replace(options, responsive=True, dark=is_dark(st.context.theme.type))

# the three charts depend only on the figures stated in the dates chosen: built once per
# dataset version, dates, consent and options, then shared by every viewer
detainees, deaths, injuries = built(
    "counts-charts",
    view.key,
    (view.flt.date_from, view.flt.date_to, view.consent, options_key(screen)),
    lambda: (
        build_detainee_chart(counts, screen),
        build_deaths_chart(counts, screen),
        build_injuries_chart(counts, screen),
    ),
)

st.header(t("counts.detainees.header", LANG), anchor="detainees")
_chart(
    view,
    detainees,
    DETAINEE_METRICS,
    "detainees",
    lambda size, fmt: detainee_image(
        counts, options, size, fmt, _rows_everywhere(view, ENGLISH, size)
    ),
)
if built(
    "counts-no-ratio",
    view.key,
    (view.flt.date_from, view.flt.date_to, view.consent),
    lambda: detainee_ratio(counts) is None,
):
    st.caption(t("counts.ratio.none", LANG))

st.header(t("counts.deaths.header", LANG), anchor="deaths")
_chart(
    view,
    deaths,
    DEATH_METRICS,
    "deaths",
    lambda size, fmt: toll_image(build_deaths_chart(counts, options), size, fmt),
)
_chart(
    view,
    injuries,
    INJURY_METRICS,
    "injuries",
    lambda size, fmt: toll_image(build_injuries_chart(counts, options), size, fmt),
)

st.header(t("counts.context.header", LANG), anchor="context")
_context(view)

st.header(t("counts.other.header", LANG), anchor="other")
_hidden_notice(view, OTHER_METRICS)
_table(view, OTHER_METRICS, "other", heading=t("counts.other.table", LANG))
