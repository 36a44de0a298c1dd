"""Map page: the filtered events on an offline map, with the clicked event's detail beside it."""

from dataclasses import replace
from functools import partial

import streamlit as st

from lib.cache import built, filter_key, options_key, unplaced_rows, unplaced_table
from lib.format import format_day, md_escape
from lib.i18n import t, tn
from lib.localize import data_text, group_place_name
from lib.map_component import render_parts, show_map
from lib.map_frame import frame_map, map_frames, selection_ring
from lib.map_image import drawn_ids, groups_in_view, map_subtitle
from lib.map_view import (
    CLICK_OBJECTS,
    MapOptions,
    build_map,
    clicked_ref,
    event_ids_from_click,
    labels_from_places,
    overlaps,
    overlays_from_info,
)
from lib.presenting import projector_on
from lib.publish import credit, filters_text, shown_figure
from lib.publish_ui import publish_panel
from lib.shot import map_image
from lib.tables import column_px
from lib.ui import (
    current_view,
    data_mtimes,
    date_bounds,
    lazy_expander,
    page_choice,
    page_picker,
    select_event,
    show_event_detail,
)

MAP_KEY = "map"
VIEW_PARAM = "view"
GROUP_KEY = "_map_group"
SEEN_KEY = "_map_click_seen"
UNPLACED_OPEN = "map-unplaced-open"
LIST_ROWS = 500  # rows of a list beside or under the map shown at a time

view = current_view()
lang = view.lang
flt = view.flt
info = view.dataset.info


def _in_view(options: MapOptions) -> tuple[str, frozenset[str]]:
    """The subtitle and the events the credit names: those drawn in the view it opens on."""
    filters = filters_text(flt, date_bounds(view.dataset), lang)
    groups = groups_in_view(view.events, options)
    subtitle = map_subtitle(view.events, groups, len(view.dataset.events), filters, lang)
    return subtitle, drawn_ids(groups)


def _image(options: MapOptions, size: str, fmt: str) -> bytes:
    bounds = date_bounds(view.dataset)
    return map_image(view.dataset, view.events, options, bounds, flt, size, fmt)


@st.cache_resource(max_entries=8, show_spinner=False)
def _overlays(data_dir: str, mtimes: tuple[float, ...], lang: str):
    del data_dir, mtimes  # cache key only (with the language of the labels)
    return overlays_from_info(info, view.dataset.events, view.dataset.sources, lang)


def _select_from_list(key: str, ids: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        select_event(ids[rows[0]])


# the title beside the view choice, and on a projector the intro under the map: the map began
# 467 px down a 720 px projector screen
projector = projector_on()
# the title as wide as its word, the choice beside it or under it when there is no room: in a
# quarter of the width, the projector's "Карта" broke into "Карт / а" at 1024 px
heading = st.container(horizontal=True, vertical_alignment="bottom", gap="large")
heading.title(t("map.title", lang), anchor=False, width="content")  # no link icon
presets = {v.id: v for v in info.map.views}
with heading.container(width="stretch", key="map-view-choice"):  # the rest of the row
    preset = page_choice(
        t("map.view", lang),
        list(presets),
        VIEW_PARAM,
        format_func=lambda v: md_escape(data_text(presets[v], "label", lang)),  # plain text
    )
if not projector:
    st.caption(t("map.intro", lang))
overlays = _overlays(str(view.dataset.data_dir), data_mtimes(view.dataset.data_dir), lang)
options = MapOptions(
    lang=lang,
    title=data_text(presets[preset], "title", lang) or data_text(info.map, "title", lang),
    views=info.map.views,
    view=preset,
    credit=credit(info, lang),
    sources=view.dataset.sources,
    labels=labels_from_places(info.map.places, lang),
    overlays=overlays,
    shown_overlays=frozenset(
        o.id for o in overlays if overlaps((o.start, o.end), flt.date_from, flt.date_to)
    ),
    outlines=view.dataset.outlines,
    highlight_iso3=tuple(info.map.highlight_iso3),
    inset=view.dataset.inset,
)
drawn = (filter_key(flt), view.consent)  # with the dataset version: which events are drawn
subtitle, credited = built(
    "map-subtitle", view.key, (*drawn, options_key(options)), partial(_in_view, options)
)
options = replace(options, subtitle=subtitle, credited=credited)
# fit the preset's box (and, in the default view, every filtered event) at whatever width
first = preset == info.map.views[0].id
frame, narrow = built(  # narrow: a phone's box, the events' own
    "map-frames",
    view.key,
    (*drawn, preset),
    lambda: map_frames(presets[preset], view.events, first),
)
parts = built(  # rendered once per dataset version, filters, options and frame; then shared
    "map",
    view.key,
    (*drawn, options_key(options), frame, narrow, projector),
    lambda: render_parts(
        frame_map(build_map(view.events, options), frame, lang, projector, narrow=narrow)
    ),
)

col_map, col_side = st.columns([5, 2], gap="medium")
with col_map:
    ringed = view.selected_id
    result = show_map(
        parts,
        key=MAP_KEY,
        height=720,
        use_container_width=True,
        returned_objects=CLICK_OBJECTS,
        # the ring moves without redrawing the map; it follows the selection, never a stale click
        feature_group_to_add=selection_ring(view.events, [ringed] if ringed else []),
    )
    if projector:
        st.caption(t("map.intro", lang))
    publish_panel(
        info,
        lang,
        shown_figure(f"map-{preset}", view.filtered),
        partial(_image, options),
        "map",
        options.title,
        "map",
    )
    # Act on a click once: the component keeps returning the last click on every rerun.
    clicked = (clicked_ref(result), result.get("last_object_clicked_count") if result else None)
    if clicked[0] is None:
        st.session_state[SEEN_KEY] = None
    elif clicked != st.session_state.get(SEEN_KEY):
        st.session_state[SEEN_KEY] = clicked
        ids = event_ids_from_click(result, view.events)
        st.session_state[GROUP_KEY] = ids if len(ids) > 1 else None
        if len(ids) == 1:
            select_event(ids[0])
            if ids[0] != ringed:
                st.rerun()  # draw the ring around the new selection at once
        elif len(ids) > 1:  # a group's list replaces the detail: the two never stack
            select_event(None)

    unplaced = unplaced_rows(view.dataset, view.key, view.rows)
    if view.events.empty:
        st.info(t("map.nothing", lang))
    elif not len(unplaced):
        st.caption(t("map.no_place.none", lang))
    else:
        # filled once opened: a closed list sends no table (nor its code to the browser)
        with lazy_expander(tn("map.no_place", len(unplaced), lang), UNPLACED_OPEN) as opened:
            if opened:
                first, last = page_picker(len(unplaced), LIST_ROWS, "map_unplaced_page", lang)
                page = unplaced[first:last]  # a page at a time: bounded at any size
                shown = unplaced_table(view.dataset, view.key, page, lang, view.consent)
                ids = shown["id"].tolist()
                st.caption(t("table.pick.help", lang))  # before the table: read first
                st.dataframe(
                    {
                        t("map.col.title", lang): shown["title"],
                        t("map.col.when", lang): shown["when"],
                        t("map.col.claimant", lang): shown["claimant"],
                    },
                    hide_index=True,
                    on_select=lambda: _select_from_list("map_unplaced", ids),
                    selection_mode="single-row",
                    key="map_unplaced",
                )

with col_side:
    group = st.session_state.get(GROUP_KEY) or []
    if group:
        shown_ids = set(view.events["id"])
        group = [i for i in group if i in shown_ids]
    if len(group) > 1:
        rows = view.events.set_index("id").loc[group]
        first_event = rows.iloc[0]
        point = first_event.geometry
        shared = group_place_name(
            rows,
            None if point is None or point.is_empty else (point.y, point.x),
            info.map.places,
            lang,
        )
        with st.container(key="group-heading"):  # sized as an event's title (static/theme.css)
            st.subheader(
                tn(
                    "map.group.heading",
                    len(group),
                    lang,
                    place=md_escape(shared.marked(lang) if shared else "—"),
                    category=t(f"category.{first_event['category']}", lang),
                ),
                anchor=False,
            )
        list_key = "map_group_" + str(abs(hash(tuple(group))))
        first, last = page_picker(len(group), LIST_ROWS, list_key + "_page", lang)
        rows, page_ids = rows.iloc[first:last], group[first:last]  # a page at a time
        st.caption(t("table.pick.help", lang))
        when_header, title_header = t("map.col.when", lang), t("map.col.title", lang)
        whens = [format_day(d, lang, short=True) for d in rows["t0"]]
        st.dataframe(  # the date first and whole: after the title it was cut to "16 D"
            {
                when_header: whens,
                title_header: [data_text(e, "title", lang) for _, e in rows.iterrows()],
            },
            column_config={
                when_header: st.column_config.TextColumn(width=column_px([when_header, *whens]))
            },
            hide_index=True,
            on_select=lambda: _select_from_list(list_key, page_ids),
            selection_mode="single-row",
            key=list_key,
        )
    if view.selected_id:
        show_event_detail(view, view.selected_id, key="map")
    else:  # where the detail will stand: choosing an event moved the map and the column
        with st.container(key="detail-none"):
            st.info(t("detail.none", lang))
