"""Screenshot mode (``?shot=<figure>&size=16x9``): one figure alone, with title, key and credit."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode, urlsplit

import pandas as pd

from lib.chart_export import (
    detainee_image,
    detainee_rows_everywhere,
    export_figure,
    timeline_credit,
    timeline_figure,
    timeline_subtitle,
    toll_image,
)
from lib.counts import ChartOptions, build_deaths_chart, build_injuries_chart
from lib.events import Dataset, EventFilter
from lib.format import zone_label
from lib.i18n import LANGUAGES, t
from lib.localize import COUNT_TEXTS, data_text, localized_frame
from lib.map_image import drawn_events, image_groups, map_credit, map_subtitle, render_map
from lib.map_view import (
    OUTLINES_FILE,
    MapOptions,
    labels_from_places,
    overlaps,
    overlays_from_info,
)
from lib.publish import SHOT_FIGURES, credit, filters_text
from lib.query import SHOT_PARAM
from lib.timeline import LANES, TimelineOptions, window_from_days

SIZE_PARAM = "size"
PAGE_PATHS = ("map", "timeline", "counts", "sources", "about")
"""The pages' URL paths: a screenshot link points at the app's root, not a page."""


def shot_url(page_url: str, params: Mapping[str, list[str]], figure: str, size: str) -> str:
    """Return the screenshot-mode link of a figure, keeping the view's filters and choices.

    ``embed=true`` also asks Streamlit to leave out its own header and toolbar.
    """
    parts = urlsplit(page_url)
    query = [
        (k, v)
        for k, values in params.items()
        if k not in (SHOT_PARAM, SIZE_PARAM, "embed")
        for v in values
    ]
    query += [(SHOT_PARAM, figure), (SIZE_PARAM, size), ("embed", "true")]
    return f"{parts.scheme}://{parts.netloc}{_app_root(parts.path)}/?{urlencode(query)}"


def _app_root(path: str) -> str:
    """The app's own path (without a trailing slash) from a page's: its page dropped."""
    segments = path.rstrip("/").split("/")
    if segments and segments[-1] in PAGE_PATHS:
        segments = segments[:-1]
    return "/".join(segments).rstrip("/")


def back_url(page_url: str, params: Mapping[str, list[str]], figure: str) -> str:
    """Return the interactive page a screenshot came from, with the same filters."""
    parts = urlsplit(page_url)
    root = _app_root(parts.path)  # from the map page, not ".../map/map"
    page = "counts" if figure.startswith("counts") else figure
    query = urlencode(
        [
            (k, v)
            for k, values in params.items()
            if k not in (SHOT_PARAM, SIZE_PARAM, "embed")
            for v in values
        ]
    )
    return f"{parts.scheme}://{parts.netloc}{root}/{page}" + (f"?{query}" if query else "")


def map_options(
    dataset: Dataset, flt: EventFilter, view_id: str | None, lang: str = "en"
) -> MapOptions:
    """Return the map's options for a view as the map page sets them (title from the view)."""
    info = dataset.info
    presets = {v.id: v for v in info.map.views}
    preset = presets.get(view_id or "", info.map.views[0])
    overlays = overlays_from_info(info, dataset.events, dataset.sources, lang)
    return MapOptions(
        lang=lang,
        title=data_text(preset, "title", lang) or data_text(info.map, "title", lang),
        views=info.map.views,
        view=preset.id,
        sources=dataset.sources,
        labels=labels_from_places(info.map.places, lang),
        overlays=overlays,
        shown_overlays=frozenset(
            o.id for o in overlays if overlaps((o.start, o.end), flt.date_from, flt.date_to)
        ),
        outlines=dataset.data_dir / OUTLINES_FILE,
        highlight_iso3=tuple(info.map.highlight_iso3),
        inset=dataset.inset,
        credit=credit(info, lang),
    )


def map_image(
    dataset: Dataset,
    events: pd.DataFrame,
    options: MapOptions,
    bounds: tuple[date, date],
    flt: EventFilter,
    size: str,
    fmt: str,
) -> bytes:
    """Return the map image for the filters and view, with its subtitle and credit."""
    lang = options.lang
    groups = image_groups(events, options, size)
    filters = filters_text(flt, bounds, lang)
    subtitle = map_subtitle(events, groups, len(dataset.events), filters, lang)
    text = map_credit(drawn_events(events, groups), dataset.sources, dataset.info, lang)
    return render_map(events, options, size, fmt, subtitle=subtitle, credit=text).data


def timeline_options(
    dataset: Dataset,
    events: pd.DataFrame,
    flt: EventFilter,
    bounds: tuple[date, date],
    lane: str = "category",
    span: str = "window",
    lang: str = "en",
) -> TimelineOptions:
    """Return the timeline's options as the timeline page sets them."""
    info = dataset.info
    window = window_from_days(*info.timeline_window) if info.timeline_window else None
    window = window if span == "window" else None
    return TimelineOptions(
        lang=lang,
        lane=lane if lane in LANES else LANES[0],
        title=t("timeline.title", lang),
        subtitle=timeline_subtitle(
            events, len(dataset.events), window, filters_text(flt, bounds, lang), lang
        ),
        credit=timeline_credit(events, window, dataset.events, dataset.sources, info, lang),
        period_events=dataset.events,
        sources=dataset.sources,
        window=window,
        zone=zone_label(info, lang),
        dates=flt.dates,
    )


def chart_options(
    dataset: Dataset, flt: EventFilter, bounds: tuple[date, date], lang: str = "en"
) -> ChartOptions:
    """Return the counts charts' options as the counts page sets them."""
    return ChartOptions(
        lang=lang,
        subtitle=filters_text(flt, bounds, lang, dates_only=True),
        sources=dataset.sources,
        credit=credit(dataset.info, lang),
    )


def rows_in_every_language(
    dataset: Dataset,
    counts: pd.DataFrame,
    flt: EventFilter,
    bounds: tuple[date, date],
    size: str,
) -> int:
    """Return the detainee rows an image of ``size`` draws, the same in every language: the
    fewest that each language, with its own claimants and places, has room for (``counts`` in
    English: the English page fitted every language's image with English names, and its 4:5
    image drew 6 rows where the Russian and Kazakh drew 5)."""
    return detainee_rows_everywhere(
        (
            (localized_frame(counts, COUNT_TEXTS, lang), chart_options(dataset, flt, bounds, lang))
            for lang in LANGUAGES
        ),
        size,
    )


def figure_image(
    dataset: Dataset,
    events: pd.DataFrame,
    counts: pd.DataFrame,
    flt: EventFilter,
    bounds: tuple[date, date],
    figure: str,
    size: str,
    fmt: str = "svg",
    page_params: Mapping[str, list[str]] | None = None,
    lang: str = "en",
) -> bytes:
    """Return one figure as an image for the filters and page choices of a link.

    Raises
    ------
    KeyError
        If ``figure`` is not one of `SHOT_FIGURES`.
    """
    params = page_params or {}
    raw_counts = counts
    counts = localized_frame(counts, COUNT_TEXTS, lang)  # claimants and places in the language

    def choice(name: str, default: str) -> str:
        values = params.get(name) or [default]
        return values[-1]

    if figure == "map":
        options = map_options(dataset, flt, choice("view", ""), lang)
        return map_image(dataset, events, options, bounds, flt, size, fmt)
    if figure == "timeline":
        options = timeline_options(
            dataset, events, flt, bounds, choice("lane", "category"), choice("span", "window"), lang
        )
        fig, scale = timeline_figure(events, options, size)
        return export_figure(fig, size, fmt, scale)
    if figure not in SHOT_FIGURES:
        raise KeyError(f"figure {figure!r} is not one of {SHOT_FIGURES}")
    options = chart_options(dataset, flt, bounds, lang)
    if figure == "counts-detainees":
        most = rows_in_every_language(dataset, raw_counts, flt, bounds, size)
        return detainee_image(counts, options, size, fmt, most)
    if figure == "counts-deaths":
        fig = build_deaths_chart(counts, options)
    else:
        fig = build_injuries_chart(counts, options)
    return toll_image(fig, size, fmt)


SHOT_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: none !important; }
[data-testid="stMain"] { overflow: hidden; }
.shot { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center;
  background: #FFFFFF; }
.shot img { max-width: 100vw; max-height: 100vh; width: auto; height: auto; display: block; }
/* a link notice (a bad size) stays in view above the figure, which makes room for it */
[data-testid="stAlert"] { position: fixed; top: 0; left: 0; right: 0; z-index: 2; }
.stApp:has([data-testid="stAlert"]) .shot { top: 4.5rem; }
.stApp:has([data-testid="stAlert"]) .shot img { max-height: calc(100vh - 4.5rem); }
</style>
"""


def shot_html(svg: bytes, alt: str, back: str) -> str:
    """Return the screenshot page's HTML: the figure as large as the window allows, and a link
    back to the interactive page on the figure itself."""
    data = base64.b64encode(svg).decode("ascii")
    return (
        f'{SHOT_CSS}<div class="shot" data-testid="shot-figure">'
        f'<a href="{html.escape(back, quote=True)}" target="_blank" rel="noopener">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt, quote=True)}"></a></div>'
    )
