"""What a published figure says about itself: sizes, file names, subtitles, credits, contrast."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlencode

import pandas as pd

from lib.events import EventFilter
from lib.export import citation
from lib.format import format_day, format_day_month, format_month
from lib.i18n import DEFAULT_LANG, t
from lib.localize import localized
from lib.query import LANG_PARAM, filter_params
from lib.schema import DatasetInfo

PRESETS: dict[str, tuple[int, int]] = {
    "16x9": (1600, 900),
    "4x5": (1200, 1500),
    "1x1": (1080, 1080),
}
"""Image sizes in pixels, by the name used in file names and links."""
EXPORT_PRESETS: tuple[str, ...] = ("16x9", "4x5")
"""Sizes offered as downloads (a newsroom's landscape and portrait)."""
SHOT_SIZES: tuple[str, ...] = ("16x9", "1x1")
"""Sizes of the screenshot mode (``?shot=...&size=...``)."""
SHOT_FIGURES: tuple[str, ...] = (
    "map",
    "timeline",
    "counts-detainees",
    "counts-deaths",
    "counts-injuries",
)
"""The figures screenshot mode can show, as named in links and file names."""
CHART_SCALE = 1.6
"""Charts are laid out at the preset size divided by this and exported at this scale."""

CODE_LICENCE = "MIT"
"""Licence of the dashboard's code (LICENSE)."""

INK = "#1A1A1A"
MUTED = "#595959"
"""Text colours of exported figures: both over 7:1 on white."""
TEXT_ON_WHITE: dict[str, str] = {"official": "#0072B2", "independent": "#9A5B00"}
"""Label colours for official and independent figures: Okabe–Ito blue, and a darker shade of
its orange (the orange itself is 2.3:1 on white, too faint for text)."""

AA_TEXT = 4.5
"""WCAG 2 AA minimum contrast for text."""


def preset_size(name: str) -> tuple[int, int]:
    """Return the ``(width, height)`` in pixels of a preset.

    Raises
    ------
    KeyError
        If ``name`` is not one of `PRESETS`.
    """
    if name not in PRESETS:
        raise KeyError(f"size {name!r} is not one of {list(PRESETS)}")
    return PRESETS[name]


def dataset_slug(info: DatasetInfo) -> str:
    """Return the dataset's short name for file names: ``slug`` or one made from its title."""
    if info.slug:
        return info.slug
    made = re.sub(r"[^a-z0-9]+", "-", info.title_en.lower()).strip("-")
    return made[:60].strip("-") or "dataset"


def file_name(info: DatasetInfo, figure: str, size: str | None, lang: str, ext: str) -> str:
    """Return a file name that says what the file is.

    ``zhanaozen-2011-v1.0-counts-detainees-16x9-en.svg``: dataset, version, figure, size and
    language; the version is left out when the dataset has none.
    """
    parts = [dataset_slug(info)]
    if info.version:
        parts.append(f"v{info.version}")
    parts.append(figure)
    if size:
        parts.append(size)
    parts.append(lang)
    return "-".join(parts) + f".{ext}"


def chosen_figure(figure: str, **choices: tuple[str, str]) -> str:
    """Return the figure with the page's choices that are not their defaults, each given as
    ``name=(value, default)``: ``timeline-lane-claimant-span-all``. Two different timelines
    (by claimant; the whole dataset) both downloaded as ``…-timeline-16x9-en.png``."""
    parts = [f"{name}-{value}" for name, (value, default) in choices.items() if value != default]
    return "-".join([figure, *parts])


def shown_figure(figure: str, filtered: bool) -> str:
    """Return the figure as a file name names it: ``timeline-filtered`` when the filters leave
    events out, so a filtered file is not taken for the whole (both were ``timeline``)."""
    return f"{figure}-filtered" if filtered else figure


def dataset_label(info: DatasetInfo, lang: str = "en") -> str:
    """Return the dataset's name with its version, e.g. ``Zhanaozen and Aktau…, dataset v1.0``."""
    title = localized(info, "title", lang).text
    if info.version:
        return t("publish.dataset_version", lang, title=title, version=info.version)
    return title


def cited_name(info: DatasetInfo, lang: str = "en") -> str:
    """Return the dataset as cited: title, version and licence."""
    data = dataset_label(info, lang)
    if info.licence:
        data = t("publish.with_licence", lang, what=data, licence=info.licence)
    return data


def dataset_citation(info: DatasetInfo, lang: str = "en", url: str | None = None) -> str:
    """Return the line to cite the dataset with: its name, ``url``, the day, and
    ``dataset.json``'s citation note in brackets (the About and Sources pages show it)."""
    note = localized(info, "citation_note", lang).text or None
    return citation(cited_name(info, lang), url=url, lang=lang, note=note)


def download_citation(
    info: DatasetInfo,
    flt: EventFilter,
    bounds: tuple[date, date],
    lang: str = "en",
    dates_only: bool = False,
    url: str | None = None,
) -> str:
    """Return a download's first line: the dataset's citation (with the ``url`` it was taken
    from, its query the filters the file follows, as a shared link's) and those filters in
    words (``filters_text``), so a filtered file is not read as the whole dataset and its view
    can be opened again."""
    if url:
        params = filter_params(flt, bounds, dates_only)
        if lang != DEFAULT_LANG:  # the view opens in the file's language, whatever the browser's
            params[LANG_PARAM] = lang
        url = f"{url}?{urlencode(params, doseq=True)}" if params else url
    cite = dataset_citation(info, lang, url)
    return join_parts([cite, filters_text(flt, bounds, lang, dates_only)])


def credit(info: DatasetInfo, lang: str = "en") -> str:
    """Return the credit every figure carries: the dataset with its version and licence, and the
    dashboard with its licence."""
    return t("publish.credit", lang, data=cited_name(info, lang), licence=CODE_LICENCE)


def image_fields(info: DatasetInfo, title: str, lang: str = "en") -> dict[str, str]:
    """Return the text an exported image carries inside its file: its title, the dataset it
    shows and the credit (PNG's standard keywords), for a picture desk's catalogue."""
    return {"Title": title, "Source": cited_name(info, lang), "Copyright": credit(info, lang)}


def png_with_text(png: bytes, fields: Mapping[str, str], lang: str = "") -> bytes:
    """Return ``png`` with ``fields`` as UTF-8 text chunks (iTXt: Russian and Kazakh whole),
    each tagged with the language ``lang`` they are written in.

    Only the text is added: the pixels and their size are as given.
    """
    from PIL import Image, PngImagePlugin  # the image downloads alone need it

    info = PngImagePlugin.PngInfo()
    for key, value in fields.items():
        if value:
            info.add_itxt(key, value, lang=lang)
    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def day_text(day: date, lang: str = "en") -> str:
    """Return a day as ``16 Dec 2011`` (``16 дек. 2011``, ``16 жел. 2011``)."""
    return format_day(day, lang, short=True)


def end_text(day: date, month_only: bool, lang: str = "en") -> str:
    """Return one end of a span: the day (``16 Dec 2011``), or its month where that is all that
    is known of it (``Dec 2009``)."""
    if month_only:  # one word on screen and in a figure's wrapped subtitle
        return format_month(day, lang, short=True).replace(" ", "\xa0")
    return day_text(day, lang)


def span_text(
    first: date, last: date, lang: str = "en", months: tuple[bool, bool] = (False, False)
) -> str:
    """Return a span of days as briefly as it reads unambiguously: ``15–23 Dec 2011``,
    ``16 Dec 2011 – 31 Jan 2012``, or one day (months in ``lang``).

    ``months``: whether the first and the last day are known only as their month
    (`month_only_ends`); such an end reads as its month (``Dec 2009 – 6 Aug 2012``).
    """
    if any(months):
        ends = [
            end_text(day, month, lang) for day, month in zip((first, last), months, strict=True)
        ]
        return ends[0] if ends[0] == ends[1] else f"{ends[0]} – {ends[1]}"
    if first == last:
        return day_text(first, lang)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{day_text(last, lang)}"
    if first.year == last.year:
        return f"{format_day_month(first, lang)} – {day_text(last, lang)}"
    return f"{day_text(first, lang)} – {day_text(last, lang)}"


def month_only_ends(events: pd.DataFrame, first: date, last: date) -> tuple[bool, bool]:
    """Return whether ``first`` and ``last`` are known only as their month: every event that
    starts on ``first`` (ends on ``last``) is dated to its month alone. A span drawn from
    "December 2009 (month only)" then reads "Dec 2009", not "1 Dec 2009"."""
    if events.empty or "time_precision" not in events:
        return False, False
    day = pd.Timedelta(days=1)
    first_day, last_day = pd.Timestamp(first), pd.Timestamp(last)
    t0, t1 = events["t0"], events["t1"]
    month = (events["time_precision"] == "month").to_numpy()
    # compared as times, not as dates (which builds a Python object per event on every rerun)
    starts = ((t0 >= first_day) & (t0 < first_day + day)).to_numpy()
    ends = ((t1 > last_day) & (t1 <= last_day + day)).to_numpy()
    return (
        bool(starts.any() and month[starts].all()),
        bool(ends.any() and month[ends].all()),
    )


def drawn_days(events: pd.DataFrame) -> tuple[date, date] | None:
    """Return the first and last day the events touch (their ``t0``/``t1`` span), or None."""
    if events.empty:
        return None
    first = events["t0"].min()
    last = events["t1"].max() - pd.Timedelta(microseconds=1)
    return first.date(), last.date()


def _dates_filtered(flt: EventFilter, bounds: tuple[date, date] | None) -> bool:
    if flt.date_from is None and flt.date_to is None:
        return False
    if bounds is None:
        return True
    return (flt.date_from or bounds[0]) > bounds[0] or (flt.date_to or bounds[1]) < bounds[1]


def filters_text(
    flt: EventFilter,
    bounds: tuple[date, date] | None = None,
    lang: str = "en",
    dates_only: bool = False,
) -> str:
    """Return the filters in force in plain words, for a subtitle.

    Parameters
    ----------
    flt : EventFilter
        The filters.
    bounds : tuple of date, optional
        The dataset's first and last day: a date filter spanning them is no filter.
    lang : str
        Language.
    dates_only : bool
        Name only the date filter (figures of counts are filtered by date alone).

    Returns
    -------
    str
        ``Not filtered`` or e.g. ``Filtered to 16–18 Dec 2011; Violence, Detention; claimed
        by Officials; matching “garage”``.
    """
    parts = []
    if _dates_filtered(flt, bounds):
        first = flt.date_from or (bounds[0] if bounds else None)
        last = flt.date_to or (bounds[1] if bounds else None)
        if first and last:
            parts.append(span_text(first, last, lang))
        elif first:
            parts.append(t("publish.filter.from", lang, day=day_text(first, lang)))
        elif last:
            parts.append(t("publish.filter.to", lang, day=day_text(last, lang)))
    if not dates_only:
        if flt.categories:
            parts.append(", ".join(t(f"category.{c}", lang) for c in flt.categories))
        if flt.claimant_types:
            who = ", ".join(t(f"claimant_type.{c}", lang) for c in flt.claimant_types)
            parts.append(t("publish.filter.claimants", lang, who=who))
        if flt.text.strip():
            text = " ".join(flt.text.split())
            text = text if len(text) <= 40 else text[:39] + "…"
            parts.append(t("publish.filter.text", lang, text=text))
    if not parts:
        key = "publish.filter.none_dates" if dates_only else "publish.filter.none"
        return t(key, lang)
    return t("publish.filter.some", lang, filters="; ".join(parts))


def join_parts(parts: Iterable[str]) -> str:
    """Join the non-empty parts of a subtitle with a middle dot."""
    return " · ".join(p for p in parts if p)


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a ``#RRGGBB`` colour."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def shot_request(params: Mapping[str, list[str]]) -> tuple[str, str] | None:
    """Return ``(figure, size)`` when the link asks for screenshot mode, else None.

    An unknown figure is still returned (the caller says so); an unknown size falls back to 16:9.
    """
    figures = params.get("shot") or []
    if not figures:
        return None
    sizes = [s for s in params.get("size") or [] if s in SHOT_SIZES]
    return figures[-1], (sizes[-1] if sizes else SHOT_SIZES[0])
