"""Streamlit pieces for publishing a figure: downloads made on click, screenshot view, embed code."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from datetime import date

import streamlit as st

from lib.chart_export import MIME
from lib.events import EventFilter, filter_counts, filter_events
from lib.i18n import t
from lib.publish import (
    EXPORT_PRESETS,
    PRESETS,
    SHOT_SIZES,
    file_name,
    image_fields,
    png_with_text,
)
from lib.schema import Category, ClaimantType, DatasetInfo
from lib.shot import back_url, figure_image, shot_html, shot_url
from lib.ui import PAGE_PARAMS_KEY, cached_dataset, lazy_expander

Maker = Callable[[str, str], bytes]
"""Makes one image: ``(size, fmt) -> bytes``."""


def publish_panel(
    info: DatasetInfo,
    lang: str,
    figure: str,
    make: Maker,
    key: str,
    alt: str,
    shared: str | None = None,
) -> None:
    """The "download, screenshot or embed" expander under a figure, filled only once opened.

    Its downloads, size choice, link and two code blocks are not sent while it is closed:
    on the Counts page (three figures) they were most of what the browser drew after the
    charts, and the code blocks load a 1.5 MB highlighter. ``figure`` names the downloaded
    files, ``shared`` (default ``figure``) the figure of the screenshot link.
    """
    label = t("publish.expander", lang)
    with lazy_expander(label, f"publish-open-{key}", icon=":material/ios_share:") as opened:
        if opened:
            download_buttons(info, lang, figure, make, key, title=alt)
            share_panel(info, lang, shared or figure, key, alt=alt, still=figure)


def _labelled(make: Maker, fields: dict[str, str], lang: str) -> Maker:
    """``make``, with a PNG's title, source and credit written into the file as text."""

    def made(size: str, fmt: str) -> bytes:
        image = make(size, fmt)
        return png_with_text(image, fields, lang) if fmt == "png" else image

    return made


def download_buttons(
    info: DatasetInfo,
    lang: str,
    figure: str,
    make: Maker,
    key: str,
    disabled: bool = False,
    title: str = "",
) -> None:
    """Show PNG and SVG downloads at each export size; each image is made only when clicked.
    A PNG carries ``title``, the dataset and the credit as text inside the file."""
    make = _labelled(make, image_fields(info, title, lang), lang)
    st.caption(t("publish.download.label", lang))
    # one row that wraps: a column each left "P…" and "S…" beside the map at 1024 px
    row = st.container(horizontal=True)
    for size in EXPORT_PRESETS:
        for fmt in ("png", "svg"):
            label = t(f"publish.download.{fmt}", lang, size=t(f"publish.size.{size}", lang))
            row.download_button(
                label,
                data=lambda size=size, fmt=fmt: make(size, fmt),
                file_name=file_name(info, figure, size, lang, fmt),
                mime=MIME[fmt],
                key=f"publish-{key}-{size}-{fmt}",
                help=t("publish.download.help", lang),
                on_click="ignore",
                icon=":material/download:",
                disabled=disabled,
            )


def embed_snippets(
    shot: str, page_link: str, image_name: str, alt: str, size: str
) -> dict[str, str]:
    """Return the HTML to embed a figure: an iframe of its screenshot view (``size``), and a
    still image (the downloaded 16:9 PNG ``image_name``, hosted by the publisher) linking back."""
    text = html.escape(alt, quote=True)
    width, height = PRESETS[size]
    iframe = (
        f'<iframe src="{html.escape(shot, quote=True)}" title="{text}" width="{width // 2}" '
        f'height="{height // 2}" style="border:0;width:100%;max-width:{width}px;'
        f'aspect-ratio:{width}/{height};height:auto" loading="lazy"></iframe>'
    )
    still_w, still_h = PRESETS["16x9"]
    image = (
        f'<a href="{html.escape(page_link, quote=True)}"><img src="{html.escape(image_name)}" '
        f'alt="{text}" width="{still_w // 2}" height="{still_h // 2}" '
        'style="width:100%;max-width:1600px;height:auto"></a>'
    )
    return {"iframe": iframe, "image": image}


def share_panel(
    info: DatasetInfo, lang: str, figure: str, key: str, alt: str, still: str | None = None
) -> None:
    """Show the screenshot-view link and the embed code of a figure for the current view.

    ``still`` (default ``figure``) names the downloaded 16:9 PNG the still image's code points to.
    """
    url = st.context.url or "http://localhost:8501/"
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    size = (
        st.segmented_control(
            t("publish.shot.size", lang),
            options=list(SHOT_SIZES),
            format_func=lambda s: t(f"publish.size.{s}", lang),
            default=SHOT_SIZES[0],
            key=f"publish-shot-size-{key}",
            required=True,
        )
        or SHOT_SIZES[0]
    )
    link = shot_url(url, params, figure, size)
    st.link_button(
        t("publish.shot.button", lang),
        link,
        help=t("publish.shot.help", lang),
        icon=":material/fullscreen:",
    )
    still = file_name(info, still or figure, "16x9", lang, "png")
    snippets = embed_snippets(link, back_url(url, params, figure), still, alt, size)
    st.caption(t("publish.embed.title", lang) + " — " + t("publish.embed.help", lang))
    st.code(snippets["iframe"], language="html", wrap_lines=True)
    st.code(snippets["image"], language="html", wrap_lines=True)


def filters_from_state(bounds: tuple[date, date]) -> EventFilter:
    """Return the filters a link seeded, without drawing the sidebar (screenshot mode)."""
    state = st.session_state
    categories = list(state.get("filter_cat") or [])
    claimants = list(state.get("filter_claimant") or [])
    return EventFilter(
        date_from=state.get("filter_from") or bounds[0],
        date_to=state.get("filter_to") or bounds[1],
        categories=tuple(categories) if 0 < len(categories) < len(Category) else None,
        claimant_types=tuple(claimants) if 0 < len(claimants) < len(ClaimantType) else None,
        text=state.get("filter_q") or "",
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _shot_svg(
    data_dir: str,
    mtimes: Hashable,
    flt: EventFilter,
    bounds: tuple[date, date],
    figure: str,
    size: str,
    params: tuple[tuple[str, tuple[str, ...]], ...],
    lang: str,
) -> bytes:
    """Make a screenshot figure once per data, filters, figure, size and page choices."""
    dataset = cached_dataset(data_dir, mtimes)
    events = filter_events(dataset.events, flt)
    counts = filter_counts(dataset.counts, flt)
    page_params = {k: list(v) for k, v in params}
    return figure_image(
        dataset, events, counts, flt, bounds, figure, size, "svg", page_params, lang
    )


def show_shot(
    data_dir: str,
    mtimes: Hashable,
    bounds: tuple[date, date],
    figure: str,
    size: str,
    lang: str,
) -> None:
    """Show one figure alone, as large as the window allows, linked to its interactive page."""
    flt = filters_from_state(bounds)
    page_params = st.session_state.get(PAGE_PARAMS_KEY, {})
    params = tuple(sorted((k, tuple(v)) for k, v in page_params.items()))
    svg = _shot_svg(data_dir, mtimes, flt, bounds, figure, size, params, lang)
    url = st.context.url or "http://localhost:8501/"
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    st.html(shot_html(svg, figure, back_url(url, query, figure)))
