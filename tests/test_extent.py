"""The fitted map view, the data's local time and download names follow the dataset, not one place."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lib.events import local_offset
from lib.extent import fit_view
from lib.format import file_stem, zone_label
from lib.schema import DEFAULT_INFO, DatasetInfo, EventProperties
from tests.factories import make_event


def test_fit_view_centres_on_the_extent_and_zooms_to_show_it():
    near = fit_view([(0.1, 0.3), (0.9, 1.2)])
    wide = fit_view([(-30.0, -60.0), (50.0, 100.0)])
    assert near.center == pytest.approx((0.5, 0.75))
    assert 8 <= near.zoom <= 10
    assert wide.zoom <= 3 < near.zoom
    # a single point gets a close, not infinite, zoom
    assert 12 <= fit_view([(10.0, 10.0)]).zoom <= 14


def test_fit_view_without_positions_shows_the_world():
    view = fit_view([])
    assert view.center == (20.0, 0.0) and view.zoom == 2


def _event(**props) -> EventProperties:
    return EventProperties.model_validate(make_event(**props)["properties"])


def test_local_offset_from_dataset_json_else_the_event_times():
    events = [
        _event(id="a", start="2023-03-03T10:30+01:00", time_precision="minute"),
        _event(id="b", start="2023-03-03T11:30+01:00", time_precision="minute"),
        _event(id="c", start="2023-03-03T12:30+02:00", time_precision="minute"),
    ]
    assert local_offset(DEFAULT_INFO, events) == "+01:00"
    assert local_offset(DatasetInfo(title_en="x", utc_offset="-03:30"), events) == "-03:30"
    assert local_offset(DEFAULT_INFO, [_event(start="2023-03-03")]) == "+00:00"


@pytest.mark.parametrize(
    ("offset", "name", "lang", "expected"),
    [
        ("+05:00", "Asia/Aqtau", "en", "Asia/Aqtau (UTC+5)"),
        # the timeline's axis read "Местное время, Asia/Aqtau (UTC+5)"
        ("+05:00", "Asia/Aqtau", "ru", "Актау (UTC+5)"),
        ("+05:00", "Asia/Aqtau", "kk", "Ақтау (UTC+5)"),
        ("+05:00", "Aktau time", "ru", "Aktau time (UTC+5)"),  # no zone's name: kept as written
        ("+01:00", None, "ru", "UTC+1"),
        ("-03:30", None, "en", "UTC-3:30"),
        ("+00:00", None, "en", "UTC"),
    ],
)
def test_zone_label(offset, name, lang, expected):
    assert zone_label(SimpleNamespace(utc_offset=offset, time_zone_en=name), lang) == expected


def test_file_stem_from_the_title():
    assert file_stem("Zhanaozen and Aktau, December 2011") == "zhanaozen-and-aktau-december-2011"
    assert (
        file_stem("Synthetic example: Nulltown, March 2023")
        == "synthetic-example-nulltown-march-2023"
    )
    assert file_stem("«»") == "events"
