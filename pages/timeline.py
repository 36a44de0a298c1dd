"""Timeline page: the filtered events along local time, in lanes, with the selected event's detail."""

import streamlit as st

from lib.cache import built, filter_key, options_key
from lib.chart_export import export_figure, timeline_credit, timeline_figure, timeline_subtitle
from lib.figure_style import is_dark, plotly_locale
from lib.format import format_day, keep_numbers_whole, md_escape, zone_label
from lib.i18n import N_, t
from lib.localize import data_text
from lib.presenting import projector_on
from lib.publish import chosen_figure, file_name, filters_text, shown_figure
from lib.publish_ui import publish_panel
from lib.theme import on_screen
from lib.timeline import (
    LANES,
    TimelineOptions,
    build_timeline,
    day_entries,
    lane_column,
    lane_labels,
    parse_aggregate,
    window_from_days,
    window_label,
)
from lib.ui import (
    LINKED_KEY,
    current_view,
    date_bounds,
    page_bounds,
    page_choice,
    page_picker,
    select_event,
    show_event_detail,
)

CHART_KEY = "timeline_chart"
LANE_KEY = "lane"
SPAN_KEY = "span"
SPANS = ("window", "all")
PICK_KEY = "_timeline_pick"
DIALOG_KEY = "_timeline_dialog"
LIST_LIMIT = 50  # buttons a page of the list holds: each one costs the browser ~4-8 ms to mount
LIST_PAGE_KEY = "timeline_list_page"

view = current_view()
info = view.dataset.info
lang = view.lang

st.title(t("app.page.timeline", lang), anchor=False)
# one row of choices; the second goes under the first where both do not fit (a phone, Kazakh)
choices = st.container(horizontal=True, gap="medium")
with choices:
    lane = page_choice(
        t("timeline.lane.label", lang),
        LANES,
        LANE_KEY,
        format_func=lambda v: t(f"timeline.lane.{v}", lang),
    )
window = window_from_days(*info.timeline_window) if info.timeline_window else None
span = SPANS[0]  # no choice of span without a window: the name says nothing of it
if window is not None:
    with choices:
        span = page_choice(
            t("timeline.span.label", lang),
            SPANS,
            SPAN_KEY,
            format_func=lambda v: (
                window_label(window, lang) if v == "window" else t("timeline.button.all", lang)
            ),
        )
    window = window if span == "window" else None

options = TimelineOptions(
    lang=lang,
    lane=lane,
    title=t("timeline.title", lang),
    subtitle=timeline_subtitle(
        view.events,
        len(view.dataset.events),
        window,
        filters_text(view.flt, date_bounds(view.dataset), lang),
        lang,
    ),
    credit=built(  # 0.4 s at 100,000 events: once per dataset version, filters and span
        "timeline-credit",
        view.key,
        (filter_key(view.flt), window, lang),
        lambda: timeline_credit(
            view.events, window, view.all_events, view.dataset.sources, info, lang
        ),
    ),
    selected_id=view.selected_id,
    period_events=view.all_events,
    sources=view.dataset.sources,
    window=window,
    zone=zone_label(info, lang),
    responsive=True,
    dark=is_dark(st.context.theme.type),
    dates=view.flt.dates,
)
figure = built(  # once per dataset version, filters, consent and options; then shared
    "timeline",
    view.key,
    (filter_key(view.flt), view.consent, options_key(options)),
    lambda: build_timeline(view.events, options),
)


def _image(size: str, fmt: str) -> bytes:
    fig, scale = timeline_figure(view.events, options, size)
    return export_figure(fig, size, fmt, scale)


chosen = chosen_figure("timeline", lane=(lane, LANES[0]), span=(span, SPANS[0]))
figure_name = shown_figure(chosen, view.filtered)  # a filtered file says so in its name
state = st.plotly_chart(
    on_screen(figure, projector_on(), is_dark(st.context.theme.type)),
    key=CHART_KEY,
    on_select="rerun",
    selection_mode="points",
    config={
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "scale": 3,
            "filename": file_name(info, figure_name, None, lang, "png")[:-4],
        },
        **plotly_locale(lang),  # the toolbar's names in the reader's language
    },
)
publish_panel(info, lang, figure_name, _image, "timeline", alt=options.title, shared="timeline")
st.caption(t("timeline.help", lang, zone=zone_label(info, lang)))

points = state["selection"]["points"] if state else []
picked = points[0].get("customdata") if points else None
if isinstance(picked, list):
    picked = picked[0] if picked else None
if picked != st.session_state.get(PICK_KEY):
    # act only on a new click, so a selection made on the map is not overridden
    st.session_state[PICK_KEY] = picked
    if isinstance(picked, str) and parse_aggregate(picked) is None:
        # open the detail where the reader is looking, also for the event already selected:
        # closed, its detail never opened again from its mark
        st.session_state[DIALOG_KEY] = picked
        if picked != view.selected_id:
            select_event(picked)
            st.rerun()

aggregate = parse_aggregate(picked) if isinstance(picked, str) else None
if aggregate is not None:
    day, lane_value = aggregate
    events = view.events
    chosen = events[
        (events["t0"].dt.date == day) & (events[lane_column(lane)] == lane_value)
    ].sort_values(["t0", "id"])
    label = lane_labels(lane, lang).get(lane_value, lane_value)
    st.subheader(
        t("timeline.aggregate.picked", lang, day=format_day(day, lang), lane=label), anchor=False
    )
    st.caption(t("table.pick.help", lang))
    table = st.dataframe(
        {
            "id": list(chosen["id"]),
            t("map.col.title", lang): [data_text(e, "title", lang) for _, e in chosen.iterrows()],
            t("map.col.claimant", lang): [
                data_text(e, "claimant", lang) for _, e in chosen.iterrows()
            ],
        },
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="timeline_day_table",
    )
    rows = table["selection"]["rows"] if table else []
    if rows and chosen.iloc[rows[0]]["id"] != view.selected_id:
        select_event(chosen.iloc[rows[0]]["id"])
        st.rerun()

first, last = page_bounds(len(view.events), LIST_LIMIT, LIST_PAGE_KEY)  # a page at a time
listed = view.events.iloc[first:last]
if st.session_state.get(LINKED_KEY) and st.session_state[LINKED_KEY] == view.selected_id:
    # a shared link's event opens as its sender saw it, not far down the day-by-day list
    st.session_state[DIALOG_KEY] = view.selected_id
opened = st.session_state.pop(DIALOG_KEY, None)
if opened is not None and opened == view.selected_id:
    st.dialog(t("timeline.detail.dialog", lang), width="large")(show_event_detail)(
        view, opened, key="timeline-dialog"
    )
elif view.selected_id and view.selected_id not in set(listed["id"]):
    show_event_detail(view, view.selected_id, key="timeline")

st.subheader(t("timeline.list.title", lang), anchor=False)
st.caption(t("timeline.list.help", lang))
page_picker(
    len(view.events),
    LIST_LIMIT,
    LIST_PAGE_KEY,
    lang,
    N_("timeline.list.page"),
    N_("timeline.list.rows"),
)
days = day_entries(listed, lang)
if not days:
    st.text(t("timeline.list.empty", lang))
with st.container(key="timeline-days"):  # its entries read as a list (static/theme.css)
    for heading, lines in days:
        st.markdown(f"**{md_escape(keep_numbers_whole(heading))}**")
        for event_id, line in lines:
            st.button(
                md_escape(keep_numbers_whole(line)),
                key=f"day-{event_id}",
                type="tertiary",
                on_click=select_event,
                args=(event_id,),
            )
            if event_id == view.selected_id and opened != event_id:
                show_event_detail(view, event_id, key="timeline")
