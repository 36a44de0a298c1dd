"""AppTest: counts of a thousand and more are grouped the language's way; years are not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synth import synthetic

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 1234
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(EVENTS, tmp_path_factory.mktemp("large"))


def _texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.title, *at.text, *at.info, *at.metric]
    parts += [*at.sidebar.caption, *at.expander]
    return " ".join(f"{getattr(e, 'label', '')} {getattr(e, 'value', '')}" for e in parts)


def _app(data_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str, page: str) -> AppTest:
    monkeypatch.setenv("EVENTS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"pages/{page}").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "grouped"), [("en", "1,234 of 1,234 events"), ("ru", "Показано 1\xa0234 из 1\xa0234")]
)
def test_the_sidebar_groups_the_number_of_events(data_dir, monkeypatch, lang, grouped):
    at = _app(data_dir, monkeypatch, lang, "overview.py")
    assert grouped in " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_writes_a_count_ungrouped_or_a_year_grouped(data_dir, monkeypatch, lang, page):
    text = _texts(_app(data_dir, monkeypatch, lang, page))
    assert str(EVENTS) not in text  # 1234 would be "1,234" or "1 234"
    assert not re.search(r"\b(19|20)\d[,\xa0 ]\d\d\d\b(?! (events|событ|оқиға))", text), text


def test_a_year_given_as_a_number_is_not_grouped(data_dir, monkeypatch):
    at = _app(data_dir, monkeypatch, "en", "overview.py")
    spans = [m.value for m in at.metric if "–" in str(m.value) or str(m.value).isdigit()]
    assert spans and all("," not in str(value) for value in spans), spans


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("page", ["timeline.py", "counts.py"])
def test_no_figure_breaks_a_number_or_a_date_over_two_lines(data_dir, monkeypatch, lang, page):
    at = _app(data_dir, monkeypatch, lang, page)
    for chart in at.get("plotly_chart"):
        text = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        split = re.search(r".{0,40}(?<!\d)\d{1,3}<br>\s*\d{3}(?!\d).{0,20}", text)  # "6<br>331"
        assert not split, split
        split = re.search(
            r".{0,40}(?<![\w.])\d{1,2}<br>\s*[^\W\d_]{3,}\..{0,10}", text
        )  # "22<br>дек."
        assert not split, split
    if page == "timeline.py":
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        total = {"en": "1,234", "ru": "1\xa0234", "kk": "1\xa0234"}[lang]
        assert total in spec["layout"]["title"]["subtitle"]["text"]
