"""Record models and vocabularies for the dataset: the single definition validated and documented."""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_OR_EMPTY = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$"
SOURCE_HASH = r"^[0-9a-f]{16}$"
LANGUAGE_CODE = r"^[a-z]{2}$"
COUNTRY_CODE = r"^[A-Z]{3}$"
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?[+-]\d{2}:\d{2}$")

MIN_YEAR, MAX_YEAR = 1678, 2261
"""Years the app can show: pandas keeps times in nanoseconds, from 1677-09-21 to 2262-04-11."""
MAX_COUNT = 10**12
"""The largest stated figure accepted (far above any count of people, far below 2**63)."""
MAX_RADIUS_KM = 20040
"""The largest radius accepted: about half the Earth's circumference."""


class Category(StrEnum):
    """What kind of event a record describes."""

    PROTEST = "protest"
    VIOLENCE = "violence"
    DETENTION = "detention"
    ILL_TREATMENT = "ill_treatment"
    OFFICIAL_STATEMENT = "official_statement"
    COMMUNICATIONS = "communications"
    RESTRICTION = "restriction"
    INVESTIGATION = "investigation"
    TRIAL = "trial"
    REACTION = "reaction"
    CONTEXT = "context"


class TimePrecision(StrEnum):
    """How precisely `start` is known."""

    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    DAY_RANGE = "day_range"
    MONTH = "month"


class PartOfDay(StrEnum):
    """Named parts of a day used when only those are known."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"


class LocationPrecision(StrEnum):
    """How precisely the geometry places an event."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    TOWN = "town"
    REGION = "region"
    COUNTRY = "country"
    UNKNOWN = "unknown"


class ClaimantType(StrEnum):
    """Who makes the claim an event record rests on."""

    OFFICIAL = "official"
    JOURNALIST = "journalist"
    WITNESS = "witness"
    NGO = "ngo"
    MEDIA = "media"
    FOREIGN_OFFICIAL = "foreign_official"
    UNCLEAR = "unclear"


class ClaimType(StrEnum):
    """Official figures against independently reported ones, and the figures that are neither."""

    OFFICIAL = "official"
    INDEPENDENT = "independent"
    FOREIGN_OFFICIAL = "foreign_official"
    UNCLEAR = "unclear"


class StatedOnBasis(StrEnum):
    """Where a count's ``stated_on`` comes from."""

    STATED = "stated"
    PUBLISHED = "published"
    INFERRED = "inferred"


class LanguageBasis(StrEnum):
    """How a source's ``language`` is known."""

    STATED = "stated"
    INFERRED = "inferred"


class Qualifier(StrEnum):
    """How a stated figure relates to its value ("more than 700": more_than 700)."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"


class Metric(StrEnum):
    """What a stated figure counts."""

    DETAINED = "detained"
    FACING_CHARGES = "facing_charges"
    ARRESTED = "arrested"
    HELD_TOGETHER = "held_together"
    DEATHS = "deaths"
    INJURED = "injured"
    QUESTIONED = "questioned"
    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    JAILED = "jailed"
    SUSPENDED_SENTENCE = "suspended_sentence"
    AMNESTIED = "amnestied"
    CHARGED = "charged"
    BODIES_COUNTED = "bodies_counted"
    CROWD_SIZE = "crowd_size"
    POLICE_DEPLOYED = "police_deployed"
    IDENTIFIED_SUSPECTS = "identified_suspects"
    FACILITIES_DAMAGED = "facilities_damaged"
    WORKERS_DISMISSED = "workers_dismissed"


PART_OF_DAY_HOURS: dict[PartOfDay, tuple[int, int]] = {
    PartOfDay.MORNING: (6, 12),
    PartOfDay.AFTERNOON: (12, 18),
    PartOfDay.EVENING: (18, 24),
    PartOfDay.NIGHT: (22, 30),
}
"""Local hours each part of day spans; night runs from 22:00 to 06:00 the next day."""

UTC_OFFSET = r"^[+-](0\d|1[0-4]):[0-5]\d$"
"""A UTC offset as written in the data, e.g. ``+05:00``."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]
VERSION = r"^[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4})?$"
"""A dataset version: MAJOR.MINOR or MAJOR.MINOR.PATCH."""


def _quick_day(value: str, length: int) -> datetime | None:
    """Parse ``YYYY-MM`` or ``YYYY-MM-DD`` without strptime (ten times faster); None when unsure.

    Anything unusual goes to strptime, so the error messages stay strptime's own.
    """
    if len(value) != length or not value.isascii():
        return None
    try:
        return datetime(int(value[:4]), int(value[5:7]), int(value[8:10]) if length == 10 else 1)
    except ValueError:
        return None


class _OutOfRange(ValueError):
    pass


_D = TypeVar("_D", date, datetime)


def _in_range(text: str, value: _D, quote: bool = True) -> _D:
    """Return ``value`` if its year is one the app can show, else raise naming ``text``."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        named = repr(text) if quote else text
        raise _OutOfRange(f"{named} is outside the years this app shows ({MIN_YEAR}–{MAX_YEAR})")
    return value


SHOWN_CHARS = 60
"""Characters of a value a problem message repeats: a 200,000-character title was echoed whole."""


def shown(value: Any) -> str:
    """Return ``repr(value)`` for a problem message, a long text cut to its start and length."""
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return f"{value[:SHOWN_CHARS]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS + 2 else f"{text[:SHOWN_CHARS]}…"


def _impossible(value: str) -> str | None:
    """Say which part of a well-formed date or time does not exist: the month, the day (with the
    days its month has), the hour, the minute or the second; None when all of them exist."""
    if int(value[:4]) < MIN_YEAR:  # year 0000, which Python has not either: it read "month or day"
        return f"{shown(value)} is outside the years this app shows ({MIN_YEAR}–{MAX_YEAR})"
    month = int(value[5:7])
    if not 1 <= month <= 12:
        return f"{shown(value)} is not a real date: there is no month {value[5:7]}"
    if len(value) >= 10:
        days = calendar.monthrange(int(value[:4]), month)[1]
        if not 1 <= int(value[8:10]) <= days:
            return (
                f"{shown(value)} is not a real date: month {value[5:7]} of {value[:4]} "
                f"has days 01 to {days}"
            )
    for start, unit, most in ((11, "hours", 23), (14, "minutes", 59), (17, "seconds", 59)):
        part = value[start : start + 2]
        if value[start - 1 : start] in ("T", ":") and part.isdigit() and int(part) > most:
            return f"{shown(value)} is not a real time: {unit} run from 00 to {most}"
    offset = value[-6:]
    if len(value) > 16 and offset[0] in "+-" and (int(offset[1:3]) > 23 or int(offset[4:]) > 59):
        return f"{shown(value)} is not a real time: its offset runs from -23:59 to +23:59"
    return None


@lru_cache(maxsize=1 << 16)
def parse_when(value: str) -> datetime:
    """Parse an event time: ``YYYY-MM``, ``YYYY-MM-DD`` or a datetime with its offset.

    Parameters
    ----------
    value : str
        The text from the data file.

    Returns
    -------
    datetime
        Naive local datetime for dates and months, aware for datetimes.

    Raises
    ------
    ValueError
        If the text is none of the accepted forms or names an impossible date.
    """
    try:
        if _MONTH.match(value):
            return _in_range(value, _quick_day(value, 7) or datetime.strptime(value, "%Y-%m"))
        if _DAY.match(value):
            return _in_range(value, _quick_day(value, 10) or datetime.strptime(value, "%Y-%m-%d"))
        if _DATETIME.match(value):
            if int(value[-2:]) > 59:  # Python would read +05:60 as +06:00, without an error
                raise ValueError(value)
            return _in_range(value, datetime.fromisoformat(value))
    except _OutOfRange:
        raise
    except ValueError:
        raise ValueError(
            _impossible(value)
            or f"{shown(value)} is not a real date or time: its month, day, hour or minute is out of range"
        ) from None
    raise ValueError(
        f"{shown(value)} is not YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM (a time needs its offset)"
    )


def parse_stated_date(value: str) -> date:
    """Parse a source or count date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (first day of the span)."""
    try:
        if _YEAR.match(value):
            return _in_range(value, date(int(value), 1, 1))
        if _MONTH.match(value):
            return _in_range(
                value, (_quick_day(value, 7) or datetime.strptime(value, "%Y-%m")).date()
            )
        if _DAY.match(value):
            return _in_range(
                value, (_quick_day(value, 10) or datetime.strptime(value, "%Y-%m-%d")).date()
            )
    except _OutOfRange:
        raise
    except ValueError:
        raise ValueError(
            _impossible(value)
            or f"{shown(value)} is not a real date: its month or day is out of range"
        ) from None
    raise ValueError(f"{shown(value)} is not YYYY, YYYY-MM or YYYY-MM-DD")


def zone_from_offset(offset: str) -> timezone:
    """Return the fixed time zone of a ``+HH:MM`` offset."""
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(part) for part in offset[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def naive_local(value: datetime, zone: tzinfo = UTC) -> datetime:
    """Return a datetime as naive local time in ``zone``; naive values are taken as local already."""
    return value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value


def _check_http_url(value: str) -> str:
    for char in value:
        if unicodedata.category(char) == "Cf":  # bidi overrides, zero-width characters
            raise ValueError(f"contains the invisible or direction character U+{ord(char):04X}")
    if not re.fullmatch(r"https?://[^\s/$.?#]\S*", value, flags=re.IGNORECASE):
        raise ValueError(f"{shown(value)} is not an http(s) URL")
    return value


TRANSLATED_LANGS: tuple[str, ...] = ("ru", "kk")
"""Languages a text field ``X_en`` may have siblings in (``X_ru``, ``X_kk``)."""

TranslatedLang = Literal["ru", "kk"]


class Translation(BaseModel):
    """Who translated a record's texts into one language, and whether a native speaker reviewed them."""

    model_config = ConfigDict(extra="forbid")

    translator: NonEmpty = Field(description="Who translated: a name, or e.g. 'AI draft (...)'.")
    reviewed: bool = Field(strict=True, description="Whether a native speaker has reviewed it.")
    reviewer: str | None = Field(None, description="Who reviewed (required when reviewed).")
    source_en_hash: dict[str, Annotated[str, Field(pattern=SOURCE_HASH)]] = Field(
        default_factory=dict,
        description=(
            "For each English field translated from: the first 16 hex digits of the sha256 of its "
            "UTF-8 text (a list: of its JSON, ensure_ascii=False). A different hash now means "
            "the English changed after translation."
        ),
    )


Translations = dict[TranslatedLang, Translation]


def _json_cell(value: Any) -> Any:
    """Read a CSV cell that holds a JSON object (the ``translations`` column); empty: none."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return {}
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None


CSV_TRANSLATIONS = (
    "Who translated the _ru / _kk texts, and any review: one JSON object in the cell, as an "
    "event's translations; source_en_hash keys are the English columns (note, claimant, title)."
)


class SourceRef(BaseModel):
    """A reference from an event to a source and the place in it."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    source: Slug
    locator: NonEmpty = Field(description="Where in the source: a paragraph (p4) or section.")


class EventProperties(BaseModel):
    """The properties of one event Feature in events.geojson."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)

    id: Slug
    start: str = Field(description="YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+05:00 (local time).")
    end: str | None = Field(None, description="When a lasting event ended, same forms as start.")
    time_precision: TimePrecision
    part_of_day: PartOfDay | None = None
    time_note_en: str | None = None
    time_note_ru: str | None = None
    time_note_kk: str | None = None
    title_en: NonEmpty = Field(max_length=160)
    title_ru: NonEmpty | None = Field(None, max_length=160)
    title_kk: NonEmpty | None = Field(None, max_length=160)
    title_neutral_en: NonEmpty | None = Field(
        None,
        max_length=160,
        description="A neutral title shown instead of title_en before the reader chooses to see "
        "descriptions of violence; only where the title itself describes injury or violence.",
    )
    title_neutral_ru: NonEmpty | None = Field(None, max_length=160)
    title_neutral_kk: NonEmpty | None = Field(None, max_length=160)
    description_en: NonEmpty
    description_ru: NonEmpty | None = None
    description_kk: NonEmpty | None = None
    category: Category
    place: str | None = None
    place_ru: str | None = None
    place_kk: str | None = None
    location_precision: LocationPrecision
    location_uncertainty_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM)
    location_note_en: str | None = None
    location_note_ru: str | None = None
    location_note_kk: str | None = None
    claimant_type: ClaimantType
    claimant: NonEmpty
    claimant_ru: NonEmpty | None = None
    claimant_kk: NonEmpty | None = None
    sources: list[SourceRef] = Field(min_length=1)
    violence_described: bool = Field(strict=True)
    count_ids: list[Slug] = Field(default_factory=list)
    translations: Translations = Field(
        default_factory=dict, description="Who translated the _ru / _kk texts, and any review."
    )

    @field_validator("start", "end")
    @classmethod
    def _parseable(cls, value: str | None) -> str | None:
        if value is not None:
            parse_when(value)
        return value


class Source(BaseModel):
    """One row of sources.csv."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)

    id: Slug
    title: NonEmpty
    publisher: NonEmpty
    date: str = ""
    url: str
    language: str = Field(pattern=LANGUAGE_CODE)
    language_basis: LanguageBasis = Field(
        LanguageBasis.STATED,
        description="stated: the source, its title or its address shows the language; "
        "inferred: guessed from the website alone. An empty cell means stated.",
    )
    note: str = Field("", description="Anything a reader needs about the source itself.")
    title_ru: str = Field("", description="Russian of a descriptive title; empty for a real title.")
    title_kk: str = Field("", description="Kazakh of a descriptive title; empty for a real title.")
    note_ru: str = ""
    note_kk: str = ""
    publisher_ru: str = Field("", description="The publisher as Russian readers know it (ТАСС).")
    publisher_kk: str = Field("", description="The publisher as Kazakh readers know it.")
    translations: Translations = Field(default_factory=dict, description=CSV_TRANSLATIONS)

    @field_validator("translations", mode="before")
    @classmethod
    def _translations_cell(cls, value: Any) -> Any:
        return _json_cell(value)

    @field_validator("language_basis", mode="before")
    @classmethod
    def _basis_default(cls, value: Any) -> Any:
        return LanguageBasis.STATED if value == "" else value

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        return _check_http_url(value)

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        if value:
            parse_stated_date(value)
        return value


class Count(BaseModel):
    """One row of counts.csv: a figure someone stated."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)

    id: Slug
    metric: Metric
    value: int = Field(ge=0, le=MAX_COUNT, strict=True)
    qualifier: Qualifier
    claim_type: ClaimType
    claimant: NonEmpty
    stated_on: str
    period_start: str = ""
    period_end: str = ""
    place: str = ""
    source_id: Slug
    locator: NonEmpty
    note: str = ""
    stated_on_basis: StatedOnBasis = Field(
        StatedOnBasis.STATED,
        description="stated: the date the claimant stated the figure; published: the date of the "
        "publication that relays it; inferred: not given, set by the curator (say how in note). "
        "An empty cell means stated.",
    )
    adds_to: str = Field(
        "",
        pattern=SLUG_OR_EMPTY,
        max_length=120,
        description="Id of the count this figure is in addition to ('43 more' after 21), or empty.",
    )
    violence_described: bool = Field(
        False,
        description="true when the note describes violence or injury done to people: the note "
        "is covered by the content note. An empty cell means false.",
    )
    claimant_ru: str = ""
    claimant_kk: str = ""
    place_ru: str = ""
    place_kk: str = ""
    note_ru: str = ""
    note_kk: str = ""
    translations: Translations = Field(default_factory=dict, description=CSV_TRANSLATIONS)

    @field_validator("violence_described", mode="before")
    @classmethod
    def _violence_flag(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value not in ("", "true", "false"):
                raise ValueError(f"{shown(value)} is not true, false or empty")
            return value == "true"
        return value

    @field_validator("translations", mode="before")
    @classmethod
    def _translations_cell(cls, value: Any) -> Any:
        return _json_cell(value)

    @field_validator("stated_on_basis", mode="before")
    @classmethod
    def _stated_basis_default(cls, value: Any) -> Any:
        return StatedOnBasis.STATED if value == "" else value

    @field_validator("value", mode="before")
    @classmethod
    def _whole(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(f"{shown(value)} is not a whole number")
            return int(text)
        return value

    @field_validator("stated_on")
    @classmethod
    def _stated(cls, value: str) -> str:
        parse_stated_date(value)
        return value

    @field_validator("period_start", "period_end")
    @classmethod
    def _period(cls, value: str) -> str:
        if value:
            parse_stated_date(value)
        return value


class MapView(BaseModel):
    """A preset map view: the first one a dataset lists is the default."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: Slug
    label_en: NonEmpty
    label_ru: NonEmpty | None = None
    label_kk: NonEmpty | None = None
    center: tuple[float, float] = Field(description="[latitude, longitude]")
    zoom: int = Field(ge=1, le=18)
    title_en: NonEmpty | None = Field(
        None, description="Title of the map and its images in this view (default: map.title_en)."
    )
    title_ru: NonEmpty | None = None
    title_kk: NonEmpty | None = None

    @field_validator("center")
    @classmethod
    def _center(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _check_lat_lon(value)


class Place(BaseModel):
    """A named place drawn as a label on the map, with the source of its position."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)

    name_en: NonEmpty
    name_ru: NonEmpty | None = None
    name_kk: NonEmpty | None = None
    position: tuple[float, float] = Field(description="[latitude, longitude]")
    precision: LocationPrecision
    uncertainty_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM)
    note_en: str | None = Field(
        None,
        description="How the position and its uncertainty were reached (required when approximate).",
    )
    note_ru: str | None = None
    note_kk: str | None = None
    sources: list[SourceRef] = Field(min_length=1)

    @field_validator("position")
    @classmethod
    def _position(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _check_lat_lon(value)


class OverlayKind(StrEnum):
    """How an overlay is drawn: a ring around a town, or a circle of a stated radius."""

    TOWN = "town"
    RADIUS = "radius"


class Overlay(BaseModel):
    """A period drawn on the map (a state of emergency, a blackout): its span is its event's."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)

    id: Slug
    kind: OverlayKind
    event_id: Slug = Field(description="The event whose start and end the overlay shows.")
    place: NonEmpty = Field(description="name_en of a place in map.places: the overlay's centre.")
    radius_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM)
    approximate: bool = False
    label_en: NonEmpty = Field(description="Short label for the legend and the layer menu.")
    label_ru: NonEmpty | None = None
    label_kk: NonEmpty | None = None
    description_en: NonEmpty
    description_ru: NonEmpty | None = None
    description_kk: NonEmpty | None = None
    sources: list[SourceRef] = Field(min_length=1)


class MapInfo(BaseModel):
    """What the map of a dataset shows besides its events."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    title_en: NonEmpty
    title_ru: NonEmpty | None = None
    title_kk: NonEmpty | None = None
    views: list[MapView] = Field(
        default_factory=list, description="Preset views; none: one view fitted to the events."
    )
    places: list[Place] = Field(default_factory=list)
    overlays: list[Overlay] = Field(default_factory=list)
    highlight_iso3: list[Annotated[str, Field(pattern=COUNTRY_CODE)]] = Field(
        default_factory=list, description="Countries drawn lighter in outlines.geojson (iso3)."
    )


class DatasetInfo(BaseModel):
    """dataset.json: the title, summary and map set-up of a dataset (optional file)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    title_en: NonEmpty
    title_ru: NonEmpty | None = None
    title_kk: NonEmpty | None = None
    version: str | None = Field(
        None,
        pattern=VERSION,
        description="Version of the dataset (MAJOR.MINOR or MAJOR.MINOR.PATCH), cited with it.",
    )
    slug: Slug | None = Field(
        None, description="Short name that starts exported file names, e.g. zhanaozen-2011."
    )
    licence: NonEmpty | None = Field(
        None, max_length=80, description="Licence of the data, e.g. CC BY 4.0."
    )
    summary_en: list[NonEmpty] = Field(default_factory=list)
    summary_ru: list[NonEmpty] | None = None
    summary_kk: list[NonEmpty] | None = None
    method_en: list[NonEmpty] = Field(default_factory=list)
    method_ru: list[NonEmpty] | None = None
    method_kk: list[NonEmpty] | None = None
    timeline_window: tuple[date, date] | None = Field(
        None, description="First and last day the timeline opens on."
    )
    citation_note_en: NonEmpty | None = Field(
        None, description="Added in brackets to the citation line of downloads."
    )
    citation_note_ru: NonEmpty | None = None
    citation_note_kk: NonEmpty | None = None
    translations: Translations = Field(
        default_factory=dict,
        description="Who translated the _ru / _kk texts of this file (all of them), and any review.",
    )
    utc_offset: str | None = Field(
        None,
        pattern=UTC_OFFSET,
        description=(
            "Local time of the data, e.g. +05:00: times are shown in it. Default: the offset most "
            "event times carry."
        ),
    )
    time_zone_en: NonEmpty | None = Field(
        None, description="Name of the local time zone shown with times, e.g. Asia/Aqtau."
    )
    map: MapInfo = Field(default_factory=lambda: MapInfo(title_en="Events"))

    @field_validator("timeline_window")
    @classmethod
    def _window(cls, value: tuple[date, date] | None) -> tuple[date, date] | None:
        if value is not None:
            first, last = value
            for day in value:
                _in_range(day.isoformat(), day, quote=False)
            if first > last:
                raise ValueError(f"the first day {first} is after the last {last}")
        return value


class Bbox(BaseModel):
    """A map area: ``[south, west, north, east]`` in degrees."""

    model_config = ConfigDict(extra="forbid")

    bbox: tuple[float, float, float, float] = Field(
        description="[south latitude, west longitude, north latitude, east longitude]"
    )

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        south, west, north, east = value
        _check_lat_lon((south, west))
        _check_lat_lon((north, east))
        if south >= north:
            raise ValueError(f"south {south} must be below north {north}")
        if west >= east:
            raise ValueError(f"west {west} must be west of east {east}")
        return value


class NarrativeStep(BaseModel):
    """One step of a narrative: a few sentences, what they rest on, where and when to look.

    Text fields have an ``_en`` form and optional ``_ru`` / ``_kk`` translations; a missing
    translation falls back to English.
    """

    model_config = ConfigDict(extra="forbid")

    heading_en: NonEmpty = Field(max_length=80, description="A short heading: when and where.")
    heading_ru: NonEmpty | None = Field(None, max_length=80)
    heading_kk: NonEmpty | None = Field(None, max_length=80)
    text_en: NonEmpty = Field(max_length=420, description="One to three sentences, own words.")
    text_ru: NonEmpty | None = Field(None, max_length=520)
    text_kk: NonEmpty | None = Field(None, max_length=520)
    events: list[Slug] = Field(
        min_length=1, description="Ids of the events that back every sentence of the text."
    )
    counts: list[Slug] = Field(
        default_factory=list, description="Ids of the figures the text names (counts.csv)."
    )
    view: Slug | Bbox = Field(
        description='A preset view id of dataset.json, or {"bbox": [south, west, north, east]}.'
    )
    window: tuple[str, str] = Field(
        description="[start, end] of the moment the step shows, same forms as an event's start."
    )
    violence_described: bool = Field(False, strict=True)

    @field_validator("window")
    @classmethod
    def _window(cls, value: tuple[str, str]) -> tuple[str, str]:
        for part in value:
            parse_when(part)
        return value


class Narrative(BaseModel):
    """data/narratives/<id>.json: an ordered walk through the dataset for presenting."""

    model_config = ConfigDict(extra="forbid")

    title_en: NonEmpty = Field(max_length=120)
    title_ru: NonEmpty | None = Field(None, max_length=160)
    title_kk: NonEmpty | None = Field(None, max_length=160)
    steps: list[NarrativeStep] = Field(min_length=1, max_length=40)
    translations: Translations = Field(
        default_factory=dict,
        description="Who translated the _ru / _kk texts of this narrative (all of them), and any "
        "review. source_en_hash keys are paths: title_en, steps[3].text_en.",
    )


def localized(model: BaseModel, field: str, lang: str) -> str:
    """Return ``<field>_<lang>`` of a model, or ``<field>_en`` when that translation is missing."""
    value = getattr(model, f"{field}_{lang}", None)
    return value if isinstance(value, str) and value.strip() else getattr(model, f"{field}_en")


def _check_lat_lon(value: tuple[float, float]) -> tuple[float, float]:
    lat, lon = value
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is out of range -90..90")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is out of range -180..180")
    return value


DEFAULT_INFO = DatasetInfo(title_en="Events")
"""What a data directory without dataset.json gets."""


_EVENT_TEXT_LANGS: tuple[tuple[str, str], ...] = tuple(
    (name, name.rsplit("_", 1)[-1])
    for name in EventProperties.model_fields
    if "_" in name and name.rsplit("_", 1)[-1] in TRANSLATED_LANGS
)
"""An event's translated text fields and their languages (``title_ru`` → ``ru``)."""
EVENT_TEXT_LANGS = _EVENT_TEXT_LANGS


def event_rule_problems(event: EventProperties, has_geometry: bool) -> list[tuple[str, str]]:
    """Check rules that tie an event's fields together; return ``(field, message)`` pairs."""
    problems = []
    if event.end is not None and naive_local(parse_when(event.end)) < naive_local(
        parse_when(event.start)
    ):
        problems.append(("end", f"end {event.end!r} is before start {event.start!r}"))
    if (event.time_precision == TimePrecision.PART_OF_DAY) != (event.part_of_day is not None):
        problems.append(("part_of_day", "is required exactly when time_precision is part_of_day"))
    if event.time_precision == TimePrecision.DAY_RANGE and event.end is None:
        problems.append(("end", "time_precision day_range needs an end"))
    if event.location_precision == LocationPrecision.APPROXIMATE and (
        event.location_uncertainty_km is None or not event.location_note_en
    ):
        problems.append(
            (
                "location_uncertainty_km",
                "an approximate location needs location_uncertainty_km and location_note_en",
            )
        )
    if event.title_neutral_en is not None and not event.violence_described:
        problems.append(("title_neutral_en", "is only for events whose violence_described is true"))
    for lang in ("ru", "kk"):
        if getattr(event, f"title_neutral_{lang}") is not None and event.title_neutral_en is None:
            problems.append((f"title_neutral_{lang}", "needs title_neutral_en"))
    unknown = event.location_precision == LocationPrecision.UNKNOWN
    if unknown and has_geometry:
        problems.append(("location_precision", "is unknown but the event has a geometry"))
    if not unknown and not has_geometry:
        problems.append(
            ("location_precision", f"is {event.location_precision!r} but the geometry is null")
        )
    return problems


def _languages_used(value: Any) -> set[str]:
    """Return the languages of the ``X_<lang>`` texts set anywhere in a dumped record."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "translations":
                continue
            lang = key.rsplit("_", 1)[-1] if "_" in key else ""
            if lang in TRANSLATED_LANGS and item not in (None, "", []):
                found.add(lang)
            found |= _languages_used(item)
    elif isinstance(value, list):
        for item in value:
            found |= _languages_used(item)
    return found


def _languages_of(record: BaseModel) -> set[str]:
    """Return the languages of a record's ``X_<lang>`` texts (``_languages_used`` of its dump).

    An event's texts are all top-level fields (its sources and count ids hold none), so they
    are read directly instead of dumping and walking every record.
    """
    if type(record) is EventProperties:
        return {
            lang for name, lang in _EVENT_TEXT_LANGS if getattr(record, name) not in (None, "", [])
        }
    return _languages_used(record.model_dump())


def translation_rule_problems(record: BaseModel) -> list[tuple[str, str]]:
    """Check that translated texts name their translator and that a review names its reviewer.

    Parameters
    ----------
    record : BaseModel
        An ``EventProperties``, a count or source row, a ``DatasetInfo`` or a ``Narrative``
        (the last two: one ``translations`` covers the file).

    Returns
    -------
    list of (field, message)
        Empty when the record is consistent.
    """
    problems = []
    translations = getattr(record, "translations", {})
    for lang in sorted(_languages_of(record)):
        if lang not in translations:
            problems.append(
                (
                    f"translations.{lang}",
                    f"has _{lang} texts but no translations.{lang} saying who translated them",
                )
            )
    for lang, info in translations.items():
        if info.reviewed and not (info.reviewer or "").strip():
            problems.append((f"translations.{lang}.reviewer", "reviewed is true but no reviewer"))
    return problems


def count_rule_problems(count: Count) -> list[tuple[str, str]]:
    """Check rules that tie a count's fields together; return ``(field, message)`` pairs."""
    problems = []
    if (
        count.period_start
        and count.period_end
        and parse_stated_date(count.period_end) < parse_stated_date(count.period_start)
    ):
        problems.append(
            ("period_end", f"{count.period_end!r} is before period_start {count.period_start!r}")
        )
    if count.stated_on_basis == StatedOnBasis.INFERRED and not count.note.strip():
        problems.append(("note", "an inferred stated_on needs a note saying how it was set"))
    if count.adds_to and count.adds_to == count.id:
        problems.append(("adds_to", "a count cannot add to itself"))
    return problems


SOURCE_COLUMNS = list(Source.model_fields)
COUNT_COLUMNS = list(Count.model_fields)
SOURCE_TRANSLATED_COLUMNS = frozenset(
    {"title_ru", "title_kk", "note_ru", "note_kk", "publisher_ru", "publisher_kk", "translations"}
)
COUNT_TRANSLATED_COLUMNS = frozenset(
    {"claimant_ru", "claimant_kk", "place_ru", "place_kk", "note_ru", "note_kk", "translations"}
)
"""Russian and Kazakh texts of a CSV file and who translated them (all optional)."""
SOURCE_OPTIONAL_COLUMNS = frozenset({"language_basis", "note"}) | SOURCE_TRANSLATED_COLUMNS
COUNT_OPTIONAL_COLUMNS = (
    frozenset({"stated_on_basis", "adds_to", "violence_described"}) | COUNT_TRANSLATED_COLUMNS
)
"""Columns added after the first release: a CSV file may leave them out (as if empty in every row)."""


def json_schemas() -> dict[str, Any]:
    """Return the JSON Schemas of the three record types, generated from the models."""
    return {
        "event_properties": EventProperties.model_json_schema(),
        "source": Source.model_json_schema(),
        "count": Count.model_json_schema(),
        "dataset": DatasetInfo.model_json_schema(),
        "narrative": Narrative.model_json_schema(),
    }


if __name__ == "__main__":
    print(json.dumps(json_schemas(), indent=2, ensure_ascii=False))
