"""Sources & data: every source, the filtered events as a table, downloads with a citation."""

import streamlit as st

from lib.cache import download_bytes, events_table_rows
from lib.export import field_guide, sources_to_csv
from lib.format import keep_numbers_whole
from lib.i18n import N_, t
from lib.publish import dataset_citation, download_citation, file_name, shown_figure
from lib.tables import sources_table
from lib.ui import current_view, date_bounds, page_address, page_picker, show_source_links

PAGE_ROWS = 1000

view = current_view()
lang = view.lang

st.title(t("sources.title", lang), anchor=False)
st.caption(t("sources.intro", lang))

st.subheader(t("sources.list", lang), anchor=False)
st.dataframe(
    sources_table(view.dataset.sources, lang),
    hide_index=True,
    column_config={
        t("sources.column.title", lang): st.column_config.TextColumn(width="large"),
        t("sources.column.url", lang): st.column_config.LinkColumn(),
    },
    key="sources_table",
)
show_source_links(view.dataset.sources, lang)
here = page_address()
sources = view.dataset.sources  # the ids an events file's 'sources' column names
st.download_button(
    t("sources.download_sources", lang),
    lambda: sources_to_csv(sources, dataset_citation(view.dataset.info, lang, here)),
    file_name=file_name(view.dataset.info, "sources", None, lang, "csv"),
    mime="text/csv",
    key="download_sources",
    on_click="ignore",
)

events_heading = t("sources.events.filtered", lang) if view.filtered else t("sources.events", lang)
st.subheader(events_heading, anchor=False)
if view.events.empty:
    st.info(t("sources.empty", lang))
else:
    span = page_picker(  # a page at a time: 100,000 rows would be tens of MB
        len(view.events),
        PAGE_ROWS,
        "events_page",
        lang,
        N_("sources.page"),
        N_("sources.page.rows"),
    )
    table = events_table_rows(view.dataset, view.key, view.rows, span, lang, view.consent)
    st.dataframe(  # dates' notes cut short (a double click or Enter reads them): the title in view
        table,
        hide_index=True,
        column_config={
            t("sources.column.when", lang): st.column_config.TextColumn(width="medium"),
            t("sources.column.event", lang): st.column_config.TextColumn(width="large"),
        },
        key="events_table",
    )

cite = dataset_citation(view.dataset.info, lang, here)
# a file says which events it holds: a filtered one read like the whole dataset
cite_file = download_citation(
    view.dataset.info, view.flt, date_bounds(view.dataset), lang, url=here
)
what = shown_figure("events", view.filtered)  # every event, or a selection
dataset, key, flt = view.dataset, view.key, view.flt  # files are built on a click, then cached
downloads = st.container(horizontal=True)  # wraps: half a column cut "(GeoJSON)" in Kazakh
downloads.download_button(
    t("sources.download_geojson.filtered", lang)
    if view.filtered
    else t("sources.download_geojson", lang),
    lambda: download_bytes(dataset, key, flt, "geojson", cite_file),
    file_name=file_name(dataset.info, what, None, lang, "geojson"),
    mime="application/geo+json",
    key="download_geojson",
    on_click="ignore",  # a rerun took the other buttons' files: a quick second click got none
)
downloads.download_button(
    t("sources.download_csv.filtered", lang) if view.filtered else t("sources.download_csv", lang),
    lambda: download_bytes(dataset, key, flt, "csv", cite_file),
    file_name=file_name(dataset.info, what, None, lang, "csv"),
    mime="text/csv",
    key="download_csv",
    on_click="ignore",  # a rerun took the other buttons' files: a quick second click got none
)
downloads.download_button(  # what each column holds (the CSV's headers are the field names)
    t("sources.download_guide", lang),
    field_guide,  # English only, and named so; with the dataset and its version as every file
    file_name=file_name(dataset.info, "field-guide", None, "en", "md"),
    mime="text/markdown",
    key="download_guide",
    on_click="ignore",
)
# in view on a phone too (a button's help shows on hover only): the CSV's first line is the citation
st.caption(
    keep_numbers_whole(
        t("sources.download_full", lang) + " " + t("sources.download_csv.help", lang)
    )
)
st.subheader(t("sources.cite", lang), anchor=False)
st.code(cite, language=None, wrap_lines=True)
