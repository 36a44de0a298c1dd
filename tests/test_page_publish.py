"""AppTest: the publish panel under each figure is built only once it is opened."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.events import load_dataset
from lib.publish import EXPORT_PRESETS, file_name
from tests.conftest import ROOT

APP = "../app.py"
# page, the panels it holds (their keys)
PANELS = {
    "pages/counts.py": ("detainees", "deaths", "injuries"),
    "pages/timeline.py": ("timeline",),
    "pages/map.py": ("map",),
}


def _page(monkeypatch: pytest.MonkeyPatch, page: str, opened: tuple[str, ...] = ()) -> AppTest:
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)  # the shipped data
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key in opened:
        at.session_state[f"publish-open-{key}"] = True
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _publish_downloads(at: AppTest) -> list[str]:
    return [b.proto.id for b in at.get("download_button") if "publish-" in b.proto.id]


@pytest.mark.parametrize("page", sorted(PANELS))
def test_a_closed_panel_sends_no_buttons_or_code(monkeypatch, page):
    at = _page(monkeypatch, page)
    assert len(at.expander) >= len(PANELS[page])
    assert _publish_downloads(at) == []
    assert not any("<iframe" in c.value for c in at.code)


@pytest.mark.parametrize("page", sorted(PANELS))
def test_an_open_panel_holds_its_downloads_link_and_embed_code(monkeypatch, page):
    keys = PANELS[page]
    at = _page(monkeypatch, page, opened=keys[:1])
    downloads = _publish_downloads(at)
    assert len(downloads) == 2 * len(EXPORT_PRESETS)  # PNG and SVG at each size, one panel
    assert all(f"publish-{keys[0]}-" in d for d in downloads)
    assert sum("<iframe" in c.value for c in at.code) == 1
    assert sum("<img" in c.value for c in at.code) == 1


@pytest.mark.parametrize(("page", "figure"), [("pages/map.py", "map-region")])
def test_the_still_image_code_names_the_png_the_panel_downloads(monkeypatch, page, figure):
    """The map's downloads are named for the view shown (``map-region``); the embed code
    named the screenshot link's figure (``map``), a file no download made."""
    at = _page(monkeypatch, page, opened=PANELS[page][:1])
    info = load_dataset(ROOT / "data").info
    still = file_name(info, figure, "16x9", "en", "png")
    assert f"publish-{PANELS[page][0]}-16x9-png" in " ".join(_publish_downloads(at))
    image = next(c.value for c in at.code if "<img" in c.value)
    assert f'src="{still}"' in image, image
