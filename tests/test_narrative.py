"""Narratives: the validator's messages, resolving steps, framing the map, the projector theme."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import escape, unescape
from pathlib import Path

import pytest

from lib.counts import OPEN_END_SHARE
from lib.events import DEFAULT_DATA_DIR as DATA
from lib.events import load_dataset
from lib.figure_style import contrast, palette
from lib.format import (
    WORD_JOINER,
    collapse_spaces,
    keep_numbers_whole,
    locator_text,
    plotly_lines,
    wrappable,
)
from lib.i18n import t
from lib.localize import COUNT_TEXTS, localized_frame
from lib.map_frame import (
    frame_map,
    frame_of,
    map_frames,
    preset_bounds,
    ring_positions,
    selection_ring,
)
from lib.map_view import MapOptions, build_map
from lib.narrative import (
    first_narrative,
    resolve_step,
    sources_line,
    step_counts_html,
    step_key_html,
    step_number,
    step_sources,
    step_timeline,
    step_window,
    unplaced_note,
)
from lib.schema import MapView, NarrativeStep, localized
from lib.theme import MIN_FIGURE_PX, projector_figure
from lib.timeline import pale
from lib.validate import check_directory
from tests.factories import AKTAU, ZHANAOZEN, make_count, make_event, make_info, write_dataset

ROOT = Path(__file__).resolve().parent.parent
NAME = "narratives/walk.json"


def make_step(**overrides) -> dict:
    """Return a valid narrative step on the factories' dataset."""
    step = {
        "heading_en": "16 December",
        "text_en": "Something happened.",
        "events": ["event-a"],
        "counts": ["count-a"],
        "view": "zhanaozen",
        "window": ["2011-12-16", "2011-12-16"],
    }
    step.update(overrides)
    return step


def write_narrative(folder: Path, doc: dict | str, name: str = "walk") -> Path:
    target = folder / "narratives"
    target.mkdir(exist_ok=True)
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    (target / f"{name}.json").write_text(text, "utf-8")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    events = [
        make_event(),
        make_event(
            id="event-b",
            start="2011-12-18",
            geometry={"type": "Point", "coordinates": list(AKTAU)},
            place="Aktau",
        ),
    ]
    return write_dataset(tmp_path / "data", events=events, counts=[make_count()], info=make_info())


def problems(folder: Path) -> list[str]:
    return [str(p) for p in check_directory(folder).problems]


def test_the_shipped_narrative_validates_and_tells_16_to_22_december():
    checked = check_directory(ROOT / "data")
    assert not checked.problems
    narrative = checked.narratives["december-2011"]
    assert 9 <= len(narrative.steps) <= 14
    windows = [step_window(s) for s in narrative.steps]
    assert windows[0][0].day == 16 and windows[-1][1].day in (22, 23)
    assert all(s.events for s in narrative.steps)  # every step rests on events


def test_the_shipped_narrative_keeps_pseudonyms():
    text = (ROOT / "data" / "narratives" / "december-2011.json").read_text("utf-8")
    assert "Kanat K. (a pseudonym)" in text
    for step in json.loads(text)["steps"]:
        assert "Aida A." not in step["text_en"] or "pseudonym" in step["text_en"]


def test_a_valid_narrative_is_loaded(folder):
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step()]})
    assert problems(folder) == []
    assert list(load_dataset(folder).narratives) == ["walk"]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (make_step(events=["nope"]), f"{NAME}:step 1:events.0: unknown event id 'nope'"),
        (make_step(counts=["gone"]), f"{NAME}:step 1:counts.0: unknown count id 'gone'"),
        (make_step(text_en="   "), f"{NAME}:step 1:text_en: must not be blank"),
        (make_step(text_en=""), f"{NAME}:step 1:text_en: must not be empty"),
        (make_step(events=[]), f"{NAME}:step 1:events: "),
        (make_step(view="moon"), f"{NAME}:step 1:view: unknown view 'moon'"),
        (
            make_step(view={"bbox": [44, 50, 43, 53]}),
            f"{NAME}:step 1:view: bbox: south 44.0 must be",
        ),
        (make_step(view={"bbox": [43, 50, 44]}), f"{NAME}:step 1:view: bbox: needs four"),
        (make_step(view={"box": 1}), f"{NAME}:step 1:view: must be a preset view id or"),
        (make_step(view=7), f"{NAME}:step 1:view: must be a preset view id or"),
        (
            make_step(window=["2011-12-17", "2011-12-16"]),
            f"{NAME}:step 1:window: end '2011-12-16' is before start",
        ),
        (make_step(window=["16 Dec", "2011-12-16"]), f"{NAME}:step 1:window"),
        (make_step(colour="red"), f"{NAME}:step 1:colour: unknown field"),
    ],
)
def test_a_broken_step_is_reported_as_file_step_field(folder, step, expected):
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step(), step]})
    found = problems(folder)
    assert any(p.startswith(expected.replace("step 1", "step 2")) for p in found), found
    assert len(found) == 1, found


def test_a_broken_narrative_file_is_reported(folder):
    write_narrative(folder, "{not json", name="broken")
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step()]}, name="Bad Name")
    write_narrative(folder, {"steps": []}, name="empty")
    found = problems(folder)
    assert any(p.startswith("narratives/broken.json:-:-: invalid JSON") for p in found)
    assert any(p.startswith("narratives/Bad Name.json:-:-: file name") for p in found)
    assert "narratives/empty.json:-:title_en: required field is missing" in found
    assert any(p.startswith("narratives/empty.json:-:steps:") for p in found)


def test_the_command_line_prints_narrative_problems(folder):
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step(events=["x"])]})
    result = subprocess.run(
        [sys.executable, "-m", "lib.validate", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{NAME}:step 1:events.0: unknown event id 'x'" in result.stdout


def test_translations_fall_back_to_english():
    step = NarrativeStep.model_validate(make_step(text_ru="Что-то случилось."))
    assert localized(step, "text", "ru") == "Что-то случилось."
    assert localized(step, "text", "kk") == "Something happened."
    assert localized(step, "heading", "ru") == "16 December"


@pytest.mark.parametrize(
    ("raw", "expected"), [("3", 3), ("0", 1), ("99", 12), ("x", 1), (None, 1), (" 2 ", 2)]
)
def test_a_step_number_from_a_link_is_kept_in_range(raw, expected):
    assert step_number(raw, 12) == expected


def test_a_step_resolves_to_text_box_window_and_sources(folder):
    view = {"bbox": [43.0, 50.5, 44.0, 53.5]}
    write_narrative(
        folder,
        {"title_en": "Walk", "steps": [make_step(), make_step(view=view, events=["event-b"])]},
    )
    dataset = load_dataset(folder)
    _, narrative = first_narrative(dataset)
    first = resolve_step(dataset, narrative, 1)
    (south, west), (north, east) = first.bounds
    assert south < ZHANAOZEN[1] < north and west < ZHANAOZEN[0] < east
    assert not (west < AKTAU[0] < east)
    assert (first.window[1] - first.window[0]).days == 1
    assert sources_line(step_sources(dataset, first)) == "Sources: Test Publisher (p4)"
    # a paragraph in the reader's language: Russian and Kazakh readers saw "(p4)"
    assert sources_line(step_sources(dataset, first), "ru") == "Источники: Test Publisher (абз. 4)"
    kk = sources_line(step_sources(dataset, first), "kk")
    assert kk == f"Дереккөздер: Test Publisher (4-{WORD_JOINER}абзац)"
    second = resolve_step(dataset, narrative, 2)
    assert second.bounds == ((43.0, 50.5), (44.0, 53.5))


def test_a_step_says_on_its_map_which_of_its_events_have_no_place(tmp_path):
    events = [
        make_event(),
        make_event(geometry=None, id="event-c", place="not stated"),
    ]
    folder = write_dataset(
        tmp_path / "data", events=events, counts=[make_count()], info=make_info()
    )
    steps = [
        make_step(),
        make_step(events=["event-a", "event-c"]),
        make_step(events=["event-c"], view="region"),
    ]
    write_narrative(folder, {"title_en": "Walk", "steps": steps})
    dataset = load_dataset(folder)
    _, narrative = first_narrative(dataset)
    placed, mixed, none = (resolve_step(dataset, narrative, n) for n in (1, 2, 3))
    assert placed.unplaced == () and unplaced_note(placed) is None
    assert mixed.unplaced == ("event-c",)
    assert unplaced_note(mixed) == "1 of this step's events has no place on this map."
    assert unplaced_note(none) == "This step's event has no place on this map."
    assert unplaced_note(none, "ru") == "У 1 события этого шага нет места на этой карте."


def test_the_step_timeline_marks_the_moment_and_fades_the_rest(folder):
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step()]})
    dataset = load_dataset(folder)
    _, narrative = first_narrative(dataset)
    step = resolve_step(dataset, narrative, 1)
    fig = step_timeline(dataset.events, step, (step.window[0], step.window[1]), height=200)
    assert fig.layout.height == 200
    rects = [s for s in fig.layout.shapes if s.type == "rect" and s.line.width == 2]
    assert len(rects) == 1
    # the band pale and its frame whole, in the text's colour: black on the dark theme's paper
    # was 1.1:1, and the shape's opacity had faded the frame too
    assert rects[0].fillcolor == pale("#F0E442", 0.45) and rects[0].opacity in (None, 1)
    dark = step_timeline(dataset.events, step, (step.window[0], step.window[1]), dark=True)
    (band,) = [s for s in dark.layout.shapes if s.type == "rect" and s.line.width == 2]
    assert contrast(band.line.color, palette(True).paper) >= 3
    picked = [
        str(trace.customdata[i] if isinstance(trace.customdata[i], str) else trace.customdata[i][0])
        for trace in fig.data
        if trace.selectedpoints is not None
        for i in trace.selectedpoints
    ]
    assert picked and set(picked) <= {"event-a"}


def test_the_step_counts_list_has_one_item_per_named_figure_in_order(folder):
    dataset = load_dataset(folder)
    html = step_counts_html(dataset.counts, ["unknown", "count-a"])
    assert html.count("<li") == 1  # the unknown id is skipped
    assert "<strong>70 detained</strong>" in html
    assert "Official: Prosecutor General" in html
    assert "width: 100.0%" in html  # the step's largest figure spans the column


STEP_8 = [
    "pg-2011-12-18-detained-70",
    "pg-2011-12-18-detained-60",
    "kostyuchenko-lists-detained-700",
    "kostyuchenko-lists-facing-charges-400",
]


def _items(html: str) -> list[str]:
    return re.findall(r"<li.*?</li>", html)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_step_counts_list_says_who_makes_each_claim_whole(lang):
    """Step 8's four figures: the kind of claim, then the whole name of who made it (the plotly
    panel, wrapped for its narrowest column, cut "Elena Kostyuchenko" to "Elena..." at 1280 px)."""
    counts = localized_frame(load_dataset(DATA).counts, COUNT_TEXTS, lang)
    items = _items(step_counts_html(counts, STEP_8, lang))
    kinds = ["official", "official", "independent", "independent"]
    for item, kind, count_id in zip(items, kinds, STEP_8, strict=True):
        claimant = counts.set_index("id").at[count_id, "claimant"]
        who = re.search(r'class="step-count-who">(.*?)</span>', item).group(1)
        assert who.startswith(escape(f"{t(f'claim_type.{kind}', lang)}: ")), who
        assert escape(re.split(r"[,(]", claimant)[0].strip()) in who, (who, claimant)
        assert "…" not in who


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "60 more detained"), ("ru", "задержанных: ещё 60"), ("kk", "тағы 60 ұсталған")],
)
def test_a_step_figure_on_top_of_another_says_so(lang, said):
    """Step 8 said "60 detained" beside "70 detained", as if a second count of the same people;
    the Prosecutor General's office said "another 60", as the Counts page reads it."""
    counts = load_dataset(DATA).counts
    figures = re.findall(r"<strong>(.*?)</strong>", step_counts_html(counts, STEP_8, lang))
    assert figures[1].replace("\xa0", " ") == said, figures


def test_the_step_counts_bars_share_one_scale():
    """One scale, with room at its end for the open end of a lower bound (the 700's)."""
    counts = load_dataset(DATA).counts
    widths = re.findall(r"width: ([0-9.]+)%", step_counts_html(counts, STEP_8))
    open_end = 700 * OPEN_END_SHARE
    most = 700 + open_end
    expected = [70 / most, 60 / most, 700 / most, open_end / most, 400 / most, open_end / most]
    assert [float(w) for w in widths] == [pytest.approx(100 * e, abs=0.05) for e in expected]


def test_a_lower_bound_goes_on_past_its_bar_and_an_exact_figure_does_not():
    """Step 8 drew "more than 700" as a solid bar that ended at 700, like the exact 70 beside
    it; the Counts page draws a lower bound's open end."""
    items = _items(step_counts_html(load_dataset(DATA).counts, STEP_8))
    opens = ['class="step-count-open"' in item for item in items]
    assert opens == [False, False, True, True]


def test_the_step_counts_list_escapes_every_text(folder):
    hostile = '<img src=x onerror="alert(1)">'
    write_dataset(folder, counts=[make_count(claimant=hostile, metric="detained")])
    html = step_counts_html(load_dataset(folder).counts, ["count-a"])
    assert "<img" not in html and "&lt;img" in html


def test_a_preset_box_is_centred_on_the_preset():
    view = MapView(id="z", label_en="Z", center=(ZHANAOZEN[1], ZHANAOZEN[0]), zoom=11)
    (south, west), (north, east) = preset_bounds(view)
    assert south < ZHANAOZEN[1] < north and west < ZHANAOZEN[0] < east
    assert (east - west) == pytest.approx(960 * 360 / (256 * 2**11))


def test_the_default_view_also_frames_the_events(folder):
    dataset = load_dataset(folder)
    zhanaozen = MapView(id="z", label_en="Z", center=(ZHANAOZEN[1], ZHANAOZEN[0]), zoom=11)
    (south, west), (north, east) = map_frames(zhanaozen, dataset.events, first=True)[0]
    assert west < AKTAU[0] < east and west < ZHANAOZEN[0] < east
    assert map_frames(zhanaozen, dataset.events, first=False)[0] == preset_bounds(zhanaozen)
    none = dataset.events.iloc[0:0]  # no located event: the preset's box alone
    assert map_frames(zhanaozen, none, first=True)[0] == preset_bounds(zhanaozen)


def test_a_narrow_map_fits_the_events_of_several_towns_never_one_town_point(folder):
    dataset = load_dataset(folder)  # events at Zhanaozen and Aktau
    region = MapView(id="r", label_en="R", center=(43.75, 51.95), zoom=8)
    (south, west), (north, east) = map_frames(region, dataset.events, first=True)[1]
    assert (west, east) == (AKTAU[0], ZHANAOZEN[0]) or (west, east) == (ZHANAOZEN[0], AKTAU[0])
    assert south == min(AKTAU[1], ZHANAOZEN[1]) and north == max(AKTAU[1], ZHANAOZEN[1])
    one_town = dataset.events[dataset.events["id"] == "event-a"]
    assert (
        map_frames(region, one_town, first=True)[1] is None
    )  # a phone would zoom on a town-level point
    assert map_frames(region, dataset.events.iloc[0:0], first=True)[1] is None
    assert map_frames(region, dataset.events, first=False)[1] is None  # a town view keeps its box
    m = frame_map(
        build_map(dataset.events, MapOptions()), preset_bounds(region), narrow=((1, 2), (3, 4))
    )
    assert '"narrow": [[1, 2], [3, 4]]' in m.get_root().render()


def test_the_framed_map_fits_its_box_and_has_a_local_fullscreen_control(folder):
    dataset = load_dataset(folder)
    box = ((43.0, 50.0), (44.0, 54.0))
    m = frame_map(build_map(dataset.events, MapOptions()), box, projector=True)
    script = m.get_root().render()
    assert frame_of(script) == [[43.0, 50.0], [44.0, 54.0]]
    assert "L.control.fullscreen" in script
    assert "/app/static/map-frame.js" in script
    assert "cdn.jsdelivr.net" not in script
    assert '"className": "projector"' in script


def test_the_ring_sits_on_the_selected_events_symbol(folder):
    dataset = load_dataset(folder)
    assert ring_positions(selection_ring(dataset.events, [])) == []
    ring = selection_ring(dataset.events, ["event-b"])
    assert ring_positions(ring) == [(AKTAU[1], AKTAU[0])]
    assert ring_positions(selection_ring(dataset.events, ["unknown"])) == []


def test_highlighting_dims_the_other_symbols(folder):
    dataset = load_dataset(folder)
    from lib.map_view import drawn_groups

    m = build_map(dataset.events, MapOptions(highlight=frozenset({"event-a"})))
    groups = drawn_groups(m.get_root().render())
    dims = {g["properties"]["ref"]: g["properties"].get("dim") for g in groups}
    assert dims == {"e:event-a": None, "e:event-b": 1}


def test_projector_figures_have_large_text_and_thick_lines(folder):
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step()]})
    dataset = load_dataset(folder)
    _, narrative = first_narrative(dataset)
    step = resolve_step(dataset, narrative, 1)
    for fig in (step_timeline(dataset.events, step, step.window),):
        projector_figure(fig)
        assert fig.layout.font.size >= MIN_FIGURE_PX
        assert fig.layout.xaxis.tickfont.size >= MIN_FIGURE_PX
        assert fig.layout.yaxis.tickfont.size >= MIN_FIGURE_PX
        for annotation in fig.layout.annotations:
            assert annotation.font.size >= MIN_FIGURE_PX


@pytest.mark.parametrize(
    ("locator", "lang", "text"),
    [
        ("p4", "en", "p4"),
        ("p4", "ru", "абз. 4"),
        ("p16, p17", "kk", "16–17-абзацтар"),
        # a list says "paragraphs" once and joins runs, as the data's own texts do ("p16–p17")
        ("p7, p8, p9, p10, p16", "en", "p7–p10, p16"),
        ("p7, p8, p9, p10, p16", "ru", "абз. 7–10, 16"),
        ("p7, p8, p9, p10, p16", "kk", "7–10, 16-абзацтар"),
        ("p4, p16", "ru", "абз. 4, 16"),
        ("p16, p4", "en", "p16, p4"),  # the data's order kept
        # any other locator points into an English text: the data's own words, marked as English
        ("fact base §2 (Deaths)", "en", "fact base §2 (Deaths)"),
        ("fact base §2 (Deaths)", "ru", "fact base §2 (Deaths) (на английском)"),
        (
            "fact base §1 (2011-12-18 Shetpe row)",
            "kk",
            "fact base §1 (2011-12-18 Shetpe row) (ағылшынша)",
        ),
        ("p4; §2", "ru", "p4; §2 (на английском)"),
    ],
)
def test_a_paragraph_locator_reads_in_the_readers_language(locator, lang, text):
    """Event details, hover labels and the map's popups wrote "p4" to Russian and Kazakh readers,
    and "fact base §1 (2011-12-18 Shetpe row)" unmarked, where every other English text says it is
    English."""
    assert locator_text(locator, lang).replace(WORD_JOINER, "") == text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_paragraph_locator_does_not_break_after_its_hyphens(lang):
    """Present's step 4 in Kazakh ended a line with "16-" and put "абзацтар" on the next."""
    for locator in ("p16", "p16, p17", "p7, p8, p9, p10, p16"):
        assert not re.search(rf"[-–](?!{WORD_JOINER})", locator_text(locator, lang))


def test_a_steps_sources_line_names_paragraphs_once():
    """Present's step 4 read "7-абзац, 8-абзац, 9-абзац, 10-абзац, 16-абзац" on a projector."""
    sources = [("Human Rights Watch", "p7, p8; p9, p10; p16", "https://example.org")]
    kk, ru = (sources_line(sources, lang).replace(WORD_JOINER, "") for lang in ("kk", "ru"))
    assert kk == "Дереккөздер: Human Rights Watch (7–10, 16-абзацтар)"
    assert ru == "Источники: Human Rights Watch (абз. 7–10, 16)"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("(HRW, 6–13-абзацтар)", "(HRW, 6–\u206013-\u2060абзацтар)"),
        ("2-жолдан бастаңыз", "2-\u2060жолдан бастаңыз"),
        ("(HRW, p16–p17)", "(HRW, p16–\u2060p17)"),
        ("зорлық-зомбылық, 2011 - 2012", "зорлық-зомбылық, 2011 - 2012"),  # words and spaced dashes
        ("stated 22 Dec 2011. The", "stated 22\xa0Dec\xa02011. The"),  # a date stays on one line
        ("в 07:00 31 января 2012 года", "в 07:00 31\xa0января\xa02012 года"),
        ("lies 108 km north-east, at −4 °C", "lies 108\xa0km north-east, at −4\xa0°C"),  # units
        ("108 kmh, 5 kilos", "108 kmh, 5 kilos"),
    ],
)
def test_numbers_with_a_hyphen_stay_whole(text, kept):
    assert keep_numbers_whole(text) == kept


def test_a_figure_line_never_breaks_at_a_no_break_space():
    text = "Показано событий: 6\xa0331 из 12\xa0345 · Без фильтров"
    for width in range(8, 40):
        lines = plotly_lines(text, width).split("<br>")
        assert all("\xa0" not in line or not line.endswith("6") for line in lines)
        assert "6\xa0331" in plotly_lines(text, width) and "12\xa0345" in plotly_lines(text, width)
    assert collapse_spaces(" a \n\t b\xa0c ") == "a b\xa0c"


def test_a_figure_line_keeps_each_date_whole():
    text = "Elena Kostyuchenko, задержанных · названо 22 дек. 2011 · Жанаозен, 16 December"
    for width in range(12, 60):
        wrapped = plotly_lines(text, width)
        assert "22\xa0дек.\xa02011" in wrapped and "16\xa0December" in wrapped, wrapped
    assert wrappable("p16 Dec, 700 ÷ 130, 2011 ж.") == "p16 Dec, 700 ÷ 130, 2011 ж."


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_step_figure_gives_no_covered_days_as_if_stated_then(lang):
    """Step 8's 70 read "Prosecutor General's office, 16–17 Dec" under a heading of 18 December:
    the days the figure covers, read as the day it was stated (the Counts page: stated 18 Dec).
    A step's figure names who stated it and no date."""
    counts = localized_frame(load_dataset(DATA).counts, COUNT_TEXTS, lang)
    whos = [
        re.search(r'class="step-count-who">(.*?)</span>', item).group(1)
        for item in _items(step_counts_html(counts, STEP_8, lang))
    ]
    assert not [who for who in whos if re.search(r"\d", unescape(who))], whos


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_steps_number_keeps_its_unit_on_its_line(lang):
    """The shipped Kazakh step 5 put "−4" at one line's end and "°C" on the next."""
    from pathlib import Path

    shipped = load_dataset(Path(__file__).resolve().parent.parent / "data")
    _, narrative = first_narrative(shipped)
    texts = [
        resolve_step(shipped, narrative, n, lang).text for n in range(1, len(narrative.steps) + 1)
    ]
    assert any("−4\u00a0°C" in text for text in texts)
    assert not any(re.search(r"\d (°C|%|km|км)(?!\w)", text) for text in texts)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_step_timeline_has_a_key_and_days_without_the_year(folder, lang):
    """Present's timeline had no key: its dots, light and solid bars, the step's framed band and
    the faded marks went unexplained to a room. The key took the line the year's ticks took."""
    html = step_key_html(lang)
    assert html.count("<li>") == 6 and "<script" not in html
    for key in ("dot", "day", "lasted", "step", "faded", "period"):
        assert f'class="step-key-mark {key}"' in html
        assert t(f"present.key.{key}", lang) in html
    assert t("present.key", lang) in html
    write_narrative(folder, {"title_en": "Walk", "steps": [make_step()]})
    dataset = load_dataset(folder)
    _, narrative = first_narrative(dataset)
    step = resolve_step(dataset, narrative, 1, lang)
    fig = step_timeline(dataset.events, step, (step.window[0], step.window[1]), lang)
    days = [s.value for s in fig.layout.xaxis.tickformatstops if s.dtickrange[0] == 86_400_000]
    assert days and "%Y" not in days[0] and "<br>" not in days[0]
