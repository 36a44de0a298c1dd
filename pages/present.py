"""Present page: a narrative one step at a time, full width, for a projected screen."""

import streamlit as st

from lib.cache import built, options_key
from lib.content_note import masked_events
from lib.figure_style import is_dark, palette
from lib.format import md_escape
from lib.i18n import t
from lib.language import language_switch
from lib.localize import COUNT_TEXTS, localized, localized_frame
from lib.map_component import render_parts, show_map
from lib.map_frame import frame_map, selection_ring, step_view
from lib.map_view import OUTLINES_FILE, MapOptions, build_map, labels_from_places
from lib.narrative import (
    first_narrative,
    map_events,
    narrative_events,
    narrative_window,
    resolve_step,
    sources_line,
    step_counts_html,
    step_key_html,
    step_sources,
    step_timeline,
    unplaced_note,
)
from lib.presenting import (
    current_step,
    leave_present,
    listen_for_keys,
    next_button,
    previous_button,
    theme_toggle,
)
from lib.theme import INK, projector_figure
from lib.ui import current_view, date_bounds, link_params

MAP_PX, FIGURE_PX = 335, 190
STATIC_CHART = {"displayModeBar": False, "staticPlot": False}

st.set_page_config(initial_sidebar_state="collapsed")  # full width: the language menu folds away
view = current_view()
lang = view.lang
dark = is_dark(st.context.theme.type)  # the figures follow Streamlit's light or dark theme
ink = palette(dark).ink if dark else INK
dataset = view.dataset
view_bounds = date_bounds(dataset)
found = first_narrative(dataset)

with st.container(key="present"):
    if found is None:
        st.info(t("present.none", lang))
        st.stop()
    _, narrative = found
    number = current_step(len(narrative.steps))
    step = resolve_step(dataset, narrative, number, lang)
    span = narrative_window(narrative)

    header = st.container(key="present-header")
    bar, back, forward, theme, language, leave = header.columns(
        [1.4, 1.8, 1.5, 2.3, 1.0, 2.0], gap="small", vertical_alignment="center"
    )
    bar.progress(number / step.total, text=t("present.step_of", lang, n=number, total=step.total))
    with back:
        previous_button(number, step.total, lang)
    with forward:
        next_button(number, step.total, lang)
    with theme:
        projector = theme_toggle(lang)
    with language:  # the sidebar's menu is folded away here, with Streamlit's header
        language_switch(lang)
    if leave.button(t("present.exit", lang), key="present-exit", width="stretch"):
        leave_present()
        # the map's link given at once: cleared, then written again, it took two more steps
        # in the browser's history, and Back from the map could land on the map again
        st.switch_page("pages/map.py", query_params=link_params(view.flt, view_bounds, "map"))
    listen_for_keys(number, step.total)

    words, where = st.columns([2, 3], gap="medium")
    with words, st.container(key="present-words"):
        with st.container(key="present-heading"):
            st.markdown(md_escape(step.heading))
        if step.violence_described:
            st.caption(t("present.content_note", lang))
        with st.container(key="present-text"):
            st.markdown(md_escape(step.text))
        credit = f"{sources_line(step_sources(dataset, step, lang), lang)}. {t('map.credit.outlines', lang)}"
        unplaced = unplaced_note(step, lang)  # said here: on the map it hid symbols
        if unplaced:
            with st.container(key="present-unplaced"):
                st.caption(f":material/location_off: {md_escape(unplaced)}")
        with st.container(key="present-sources"):
            st.caption(md_escape(credit))
    with where:
        shown = masked_events(map_events(dataset, narrative), view.consent)
        info = dataset.info
        options = MapOptions(
            lang=lang,
            title=localized(info.map, "title", lang).text,
            views=info.map.views,
            sources=dataset.sources,
            labels=labels_from_places(info.map.places, lang),
            outlines=dataset.data_dir / OUTLINES_FILE,
            highlight_iso3=tuple(info.map.highlight_iso3),
        )
        # one map for every step, rendered once per dataset version, consent and options and
        # shared; each step fades the other symbols and frames its box (step_view) in it
        parts = built(
            "present-map",
            view.key,
            (view.consent, options_key(options), projector),
            lambda: render_parts(
                frame_map(
                    build_map(shown, options),
                    resolve_step(dataset, narrative, 1, lang).bounds,  # then the step's
                    lang,
                    projector,
                    compact=True,
                )
            ),
        )
        counts = None
        if step.count_ids:
            counts = step_counts_html(
                view.shown_counts(localized_frame(dataset.counts, COUNT_TEXTS, lang)),
                step.count_ids,
                lang,
            )
        # the same two columns at every step, the figures' hidden when it holds none
        # (static/theme.css): narrowed to a sliver, the last step's figures stood 970 px tall
        # there until replaced, and pushed the timeline down for a moment
        place, figures = st.container(key="present-stage").columns([3, 2], gap="small")
        with figures:
            if counts is None:
                st.empty()
            else:
                with st.container(key="present-counts"):
                    st.html(counts)
        with place, st.container(key="present-map"):
            show_map(
                parts,
                key="present_map",
                height=MAP_PX,
                use_container_width=True,
                returned_objects=[],
                feature_group_to_add=[
                    selection_ring(shown, step.event_ids),
                    step_view(shown, step.event_ids, step.bounds),
                ],
            )
        timeline = step_timeline(
            masked_events(narrative_events(dataset, narrative), view.consent),
            step,
            span,
            lang,
            FIGURE_PX,
            dark,
        )
        with st.container(key="present-timeline"):
            st.plotly_chart(
                projector_figure(timeline, ink=ink) if projector else timeline,
                key="present-timeline-chart",
                config=STATIC_CHART,
            )
            st.html(step_key_html(lang))  # what its marks, band, faded marks and shading say
