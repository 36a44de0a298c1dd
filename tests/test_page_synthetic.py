"""AppTest: every page on the synthetic second example (another place, year and time zone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.plotly_data import decode

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "examples" / "synthetic-town"
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def synthetic(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("EVENTS_DATA_DIR", str(SYNTHETIC))
    return AppTest.from_file("../app.py", default_timeout=60).run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_synthetic_example(synthetic, page):
    at = synthetic.switch_page(f"pages/{page}").run()
    assert not at.exception
    assert not at.error
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.title, *at.text))
    for place in ("Zhanaozen", "Aktau", "Mangystau", "Asia/Aqtau", "UTC+5"):
        assert place not in shown, f"{page} shows {place!r} on another dataset"


def test_the_synthetic_example_says_it_is_synthetic():
    title = json.loads((SYNTHETIC / "dataset.json").read_text("utf-8"))["title_en"]
    assert "synthetic" in title.casefold() and "invented" in title.casefold()


def test_the_map_fits_the_synthetic_extent(synthetic):
    at = synthetic.switch_page("pages/map.py").run()
    assert not at.exception and at.get("component_instance")
    fitted = at.session_state["_view"].dataset.info.map.views[0]  # the map opens on this view
    lat, lon = fitted.center
    # the invented towns lie between 0.1-0.9 N and 0.3-1.2 E
    assert fitted.id == "all" and 0.1 < lat < 0.9 and 0.3 < lon < 1.2
    assert fitted.zoom >= 8


def test_the_timeline_opens_on_its_dates_in_its_local_time(synthetic):
    at = synthetic.switch_page("pages/timeline.py").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == "Local time, UTC+1"
    low, high = spec["layout"]["xaxis"]["range"]
    assert low.startswith("2023-02") and high.startswith("2023-04")
    # the rally at 10:30+01:00 is drawn at 10:30 local time, not shifted to another zone
    rally = [
        decode(trace["x"])[list(trace["customdata"]).index("2023-03-03-rally-on-the-square")]
        for trace in spec["data"]
        if "2023-03-03-rally-on-the-square" in (trace.get("customdata") or [])
    ]
    assert rally == ["2023-03-03T10:30:00"]


def test_the_counts_page_shows_every_metric_of_the_dataset(synthetic):
    at = synthetic.switch_page("pages/counts.py").run()
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any("Detainees" in t for t in titles)
    assert any("Deaths" in t for t in titles)
    assert any("Injured" in t for t in titles)
    assert [h.value for h in at.header][-2] == "Other figures"
    other = at.dataframe[-1].value
    # the crowd and the trial figures, which no chart draws, are listed with their sources
    assert list(other["id"]) == ["gazette-2023-03-03-crowd-500", "court-2023-04-12-charged-5"]
