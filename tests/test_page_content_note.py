"""AppTest: a violent title, description or count note is in no page until the reader consents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import make_count, make_event, write_dataset

APP = str(Path(__file__).resolve().parent.parent / "app.py")
GRAPHIC = "Detainees with broken limbs in the cell"
NEUTRAL = "Account of the cell"
DESCRIPTION = "Officers trod on the backs of heads"
NOTE = "hands broken in beatings"
UNPLACED_GRAPHIC = "Bloodied men seen in a corridor"


@pytest.fixture
def violent_data(tmp_path: Path) -> Path:
    events = [
        make_event(id="rally", title_en="Rally on the square"),
        make_event(
            id="cell",
            start="2011-12-17",
            title_en=GRAPHIC,
            title_neutral_en=NEUTRAL,
            description_en=DESCRIPTION,
            category="ill_treatment",
            claimant_type="witness",
            claimant="AA, as relayed",
            violence_described=True,
            count_ids=["cell-22"],
        ),
        make_event(
            id="corridor",
            geometry=None,
            start="2011-12-19",
            title_en=UNPLACED_GRAPHIC,
            title_neutral_en="What reporters saw",
            category="ill_treatment",
            violence_described=True,
        ),
    ]
    counts = [
        make_count(),
        make_count(
            id="cell-22", metric="held_together", value="22", claim_type="independent",
            claimant="AA", note=f"Detainees in the cell; {NOTE}.", violence_described="true",
        ),
    ]  # fmt: skip
    return write_dataset(tmp_path / "data", events=events, counts=counts)


def _protos(node) -> Iterator[bytes]:
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        yield proto.SerializeToString()
    for child in getattr(node, "children", {}).values():
        yield from _protos(child)


def _page_holds(at: AppTest, text: str) -> bool:
    """Whether ``text`` is anywhere in what the page sent: texts, tables, charts, map scripts."""
    needle = text.encode("utf-8")
    return any(needle in data for data in _protos(at._tree))


def _app(monkeypatch, data: Path, **params) -> AppTest:
    monkeypatch.setenv("EVENTS_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


PAGES = ["map.py", "timeline.py", "sources.py", "counts.py", "present.py", "overview.py"]


def test_violent_texts_wait_for_consent_on_every_page(monkeypatch, violent_data):
    at = _app(monkeypatch, violent_data, event="cell")
    at.session_state["map-unplaced-open"] = True  # the map's list of events with no place, open
    for page in PAGES:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, page
        for text in (GRAPHIC, UNPLACED_GRAPHIC, DESCRIPTION, NOTE):
            assert not _page_holds(at, text), (page, text)
    at.switch_page("pages/timeline.py").run()
    assert _page_holds(at, NEUTRAL)  # the neutral title stands in (day list, hover, detail)

    at.toggle(key="content_note_toggle").set_value(True).run()
    assert not at.exception
    for text in (GRAPHIC, DESCRIPTION):
        assert _page_holds(at, text), text
    at.switch_page("pages/map.py").run()  # the choice holds for the session, on every page
    assert _page_holds(at, GRAPHIC) and _page_holds(at, UNPLACED_GRAPHIC)
    at.switch_page("pages/sources.py").run()
    assert _page_holds(at, GRAPHIC)
    at.switch_page("pages/counts.py").run()
    assert _page_holds(at, NOTE)
    assert "violence" not in at.query_params  # consent is never put in the link


def test_the_counts_card_offers_its_covered_note(monkeypatch, violent_data):
    at = _app(monkeypatch, violent_data)
    at.switch_page("pages/counts.py").run()
    assert not _page_holds(at, NOTE)
    download = next(b for b in at.get("download_button") if b.proto.id.endswith("download-context"))
    assert "holds every note in full" in download.proto.help  # the file is the data
    at.button(key="content_note_show-context-cell-22").click().run()
    assert not at.exception
    assert NOTE in "".join(x.value for x in at.markdown)  # a note names its sources as links
    assert at.toggle(key="content_note_toggle").value  # the sidebar switch follows the button


def test_the_downloads_keep_the_full_texts(monkeypatch, violent_data):
    from lib.cache import download_bytes

    at = _app(monkeypatch, violent_data)
    at.switch_page("pages/sources.py").run()
    assert not _page_holds(at, GRAPHIC)
    assert any("hold every text in full" in c.value for c in at.caption)
    view = at.session_state["_view"]
    for kind in ("csv", "geojson"):
        data = download_bytes(view.dataset, view.key, view.flt, kind, "cite").decode("utf-8-sig")
        assert GRAPHIC in data and DESCRIPTION in data


@pytest.mark.parametrize(
    ("lang", "graphic", "neutral"),
    [
        (
            "ru",
            "у многих сломаны руки или ноги",
            "в его камере 22 задержанных; ни еды, ни воды",
        ),
        ("kk", "сынған; не тамақ", "камерасында 22 ұсталған болған; не тамақ, не су"),
    ],
)
def test_the_shipped_neutral_titles_show_in_russian_and_kazakh(monkeypatch, lang, graphic, neutral):
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert not _page_holds(at, graphic)
    assert _page_holds(at, neutral)
    at.toggle(key="content_note_toggle").set_value(True).run()
    assert _page_holds(at, graphic)


def test_an_events_source_headline_waits_for_consent_in_its_detail(monkeypatch, tmp_path):
    """With descriptions of violence hidden, an event's detail still named its source by its
    headline ("Tengrinews: 1 person killed, 11 wounded in clashes…"), which told what the
    hidden description would have."""
    from tests.factories import make_source

    headline = "Men beaten with batons in the yard"
    events = [
        make_event(
            id="yard", title_en=GRAPHIC, title_neutral_en=NEUTRAL, description_en=DESCRIPTION,
            category="ill_treatment", violence_described=True,
            sources=[{"source": "src-b", "locator": "p2"}],
        ),
    ]  # fmt: skip
    sources = [make_source(), make_source(id="src-b", title=headline, url="https://example.org/b")]
    data = write_dataset(tmp_path / "data", events=events, sources=sources)
    at = _app(monkeypatch, data, event="yard")
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("link_button")]
    assert any(label.startswith("Test Publisher\\: title hidden") for label in labels), labels
    assert not _page_holds(at, headline)
    at.toggle(key="content_note_toggle").set_value(True).run()
    assert _page_holds(at, headline)
