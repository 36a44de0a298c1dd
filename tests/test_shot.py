"""Screenshot links, embed code, and the screenshot page (AppTest)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from lib.format import md_escape
from lib.publish import shot_request
from lib.publish_ui import embed_snippets
from lib.shot import back_url, shot_url


def test_shot_request_reads_figure_and_size():
    assert shot_request({}) is None
    assert shot_request({"shot": ["map"], "size": ["1x1"]}) == ("map", "1x1")
    assert shot_request({"shot": ["timeline"], "size": ["9x9"]}) == ("timeline", "16x9")


def test_shot_url_keeps_the_filters_and_points_at_the_root():
    url = shot_url(
        "http://example.test:8501/map?cat=violence",
        {"cat": ["violence"], "view": ["zhanaozen"], "shot": ["old"]},
        "map",
        "1x1",
    )
    parts = urlsplit(url)
    assert parts.path == "/"
    query = parse_qs(parts.query)
    assert query == {
        "cat": ["violence"],
        "view": ["zhanaozen"],
        "shot": ["map"],
        "size": ["1x1"],
        "embed": ["true"],
    }
    back = back_url(
        "http://example.test:8501/", {"cat": ["violence"], "shot": ["map"]}, "counts-deaths"
    )
    assert back == "http://example.test:8501/counts?cat=violence"


@pytest.mark.parametrize(
    ("page_url", "root"),
    [
        ("http://example.test:8501/", "http://example.test:8501"),
        ("http://example.test:8501/map", "http://example.test:8501"),
        ("http://example.test:8501/timeline/", "http://example.test:8501"),
        ("https://example.test/dash/counts", "https://example.test/dash"),
        ("https://example.test/dash/", "https://example.test/dash"),
    ],
)
def test_links_from_any_page_point_at_the_app(page_url, root):
    # the embed code's link back once kept the page it was copied on: ".../map/map"
    params = {"lang": ["kk"]}
    assert back_url(page_url, params, "map") == f"{root}/map?lang=kk"
    assert back_url(page_url, params, "counts-detained") == f"{root}/counts?lang=kk"
    assert shot_url(page_url, params, "timeline", "16x9").startswith(f"{root}/?lang=kk&shot=")


def test_embed_code_has_an_iframe_and_a_still_image_linking_back():
    code = embed_snippets(
        "http://h/?shot=map&size=16x9&embed=true",
        "http://h/map?cat=violence",
        "x-v1.3-map-16x9-en.png",
        'Events "in" Zhanaozen',
        "16x9",
    )
    assert code["iframe"].startswith(
        '<iframe src="http://h/?shot=map&amp;size=16x9&amp;embed=true"'
    )
    assert 'title="Events &quot;in&quot; Zhanaozen"' in code["iframe"]
    assert "aspect-ratio:1600/900" in code["iframe"]
    assert code["image"].startswith(
        '<a href="http://h/map?cat=violence"><img src="x-v1.3-map-16x9-en.png"'
    )


def _drawn_html(at: AppTest) -> list:
    """The page's HTML elements but the page-language script, which draws nothing."""
    return [e for e in at.get("html") if "markPageLanguage" not in e.proto.body]


def test_screenshot_page_draws_only_the_figure():
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["shot"] = "counts-deaths"
    at.query_params["size"] = "1x1"
    at.run()
    assert not at.exception
    assert len(at.sidebar) == 0  # no filters, no navigation
    html = _drawn_html(at)
    assert len(html) == 1
    body = html[0].proto.body
    assert "data:image/svg+xml;base64," in body and 'data-testid="shot-figure"' in body
    assert not at.get("plotly_chart") and not at.get("component_instance")


@pytest.mark.parametrize("size", ["abc", "0x0"])
def test_a_bad_size_draws_the_default_and_says_so(size):
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params["shot"] = "counts-deaths"
    at.query_params["size"] = size
    at.run()
    assert not at.exception
    notice = f"Ignored the link parameter “size”: '{size}' is not one of 16x9, 1x1."
    assert [w.value for w in at.warning] == [md_escape(notice)]
    assert 'data-testid="shot-figure"' in _drawn_html(at)[0].proto.body  # drawn at 16:9


def test_the_screenshot_timeline_names_the_datasets_time_zone():
    """The exported timeline's axis says the local zone, as the page's does (not "UTC")."""
    from datetime import date
    from pathlib import Path

    from lib.events import EventFilter, load_dataset
    from lib.format import zone_label
    from lib.shot import timeline_options

    dataset = load_dataset(Path(__file__).resolve().parent.parent / "data")
    bounds = (date(2011, 12, 1), date(2012, 12, 31))
    options = timeline_options(dataset, dataset.events, EventFilter(), bounds)
    assert options.zone == zone_label(dataset.info) != "UTC"
