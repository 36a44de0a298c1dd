"""The naive ways, for the benchmark to compare against, on the same data: ``?view=map|timeline|empty``.

map: one ``folium.Marker`` with a popup and tooltip per located event, through ``st_folium``.
timeline: one plotly trace per category holding every event of that category.
empty: a page with one line of text (what Streamlit itself costs).
one-chart: one small plotly figure (what loading and drawing plotly costs, whatever the data).
one-map: one folium map with one marker through ``st_folium`` (what the map component costs).
one-table: one three-row table through ``st.dataframe`` (what Streamlit's data grid costs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import folium
import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib.events import data_dir_from_env, load_dataset  # noqa: E402
from lib.offline_assets import localize  # noqa: E402


@st.cache_resource
def _dataset(path: str):
    return load_dataset(path)


view = st.query_params.get("view", "empty")
if view == "empty":
    st.write("Empty page")
    st.stop()
if view == "one-chart":
    st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])), key="one_chart")
    st.stop()
if view == "one-table":
    st.dataframe({"event": ["a", "b", "c"], "day": [1, 2, 3]}, key="one_table")
    st.stop()
if view == "one-map":
    m = folium.Map(location=[43.7, 52.0], zoom_start=8, tiles=None, max_zoom=18)
    localize(m)
    folium.Marker([43.7, 52.0], tooltip="One marker").add_to(m)
    st_folium(m, key="one_map", height=720, returned_objects=["last_object_clicked"])
    st.stop()
events = _dataset(str(data_dir_from_env())).events
if view == "map":
    m = folium.Map(location=[43.7, 52.0], zoom_start=8, tiles=None, max_zoom=18)
    localize(m)
    for row in events.itertuples():
        if row.geometry is None or row.geometry.is_empty:
            continue
        folium.Marker(
            [row.geometry.y, row.geometry.x],
            popup=folium.Popup(f"<b>{row.title_en}</b><br>{row.start}<br>{row.claimant}"),
            tooltip=row.title_en,
        ).add_to(m)
    st_folium(m, key="naive_map", height=720, returned_objects=["last_object_clicked"])
else:
    fig = go.Figure()
    for category, part in events.groupby("category"):
        fig.add_trace(
            go.Scatter(
                x=part["t0"],
                y=[category] * len(part),
                mode="markers",
                name=category,
                text=part["title_en"],
                customdata=part["id"],
            )
        )
    st.plotly_chart(fig, key="naive_timeline", on_select="rerun")
