"""AppTest checks of the Present page: every step, moving between steps, links, errors, theme."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.events import load_dataset
from lib.format import keep_units
from lib.map_frame import frame_of
from lib.narrative import first_narrative, resolve_step
from lib.validate import check_directory

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE = json.loads((ROOT / "data" / "narratives" / "december-2011.json").read_text("utf-8"))
STEPS = NARRATIVE["steps"]
_PLACED = {
    f["properties"]["id"]
    for f in json.loads((ROOT / "data" / "events.geojson").read_text("utf-8"))["features"]
    if f["geometry"]
}
UNPLACED_STEPS = {n for n, s in enumerate(STEPS, 1) if not set(s["events"]) <= _PLACED}


def _present(query: dict[str, str] | None = None, first: str | None = None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=90)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    if first:
        at.switch_page(first).run()
    at.switch_page("pages/present.py").run()
    assert not at.exception, at.exception
    return at


def _heading(at: AppTest) -> str:
    return at.markdown[0].value.replace("\\", "")


def _step(at: AppTest) -> str:
    value = at.query_params["step"]
    return value[0] if isinstance(value, list) else value


@pytest.fixture(autouse=True)
def _shipped_data(monkeypatch):
    monkeypatch.delenv("EVENTS_DATA_DIR", raising=False)


def test_the_shipped_narrative_validates():
    assert "december-2011" in check_directory(ROOT / "data").narratives


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_each_step_renders(number):
    at = _present({"step": str(number)})
    step = STEPS[number - 1]
    assert _heading(at) == step["heading_en"]
    assert at.markdown[1].value.replace("\\", "") == keep_units(step["text_en"])
    assert any(c.value.replace("\\", "").startswith("Sources: ") for c in at.caption)
    assert len(at.get("component_instance")) == 1  # the map
    assert len(at.get("plotly_chart")) == 1  # the timeline
    # the step's figures: a list the browser wraps to its column, one item per figure
    lists = [
        h.proto.body for h in at.get("html") if h.proto.body.startswith('<ul class="step-counts')
    ]
    assert [body.count("<li") for body in lists] == (
        [len(step["counts"])] if step.get("counts") else []
    )
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    assert frame_of(script) is not None
    # a step whose events have no coordinates says so beside its map (the last: HRW's call)
    said = any("has no place on this map" in c.value for c in at.caption)
    assert said == (number in UNPLACED_STEPS), number
    assert "has no place on this map" not in script  # on the map it hid symbols
    assert _step(at) == str(number)
    assert not at.sidebar.multiselect and not at.sidebar.date_input  # no filters beside it


def test_one_map_is_rendered_for_every_step_and_shared_between_viewers(monkeypatch):
    """Each viewer's run rendered the step's map again (folium's templates); a workshop's
    viewers now share one rendering, as the Map page's viewers do. It is the same map at every
    step (a new map's frame was blank for 0.2-0.4 s at each step): a step sends only what it
    fades and frames (``step_view``)."""
    import streamlit as st

    import lib.map_component

    rendered = []
    render = lib.map_component.render_parts

    def counting(m):
        rendered.append(m)
        return render(m)

    monkeypatch.setattr(lib.map_component, "render_parts", counting)
    st.cache_resource.clear()
    first = _present({"step": "2"})
    second = _present({"step": "2"})
    assert len(rendered) == 1
    args = [json.loads(at.get("component_instance")[0].proto.json_args) for at in (first, second)]
    assert args[0]["script"] == args[1]["script"]
    third = json.loads(_present({"step": "3"}).get("component_instance")[0].proto.json_args)
    assert len(rendered) == 1
    assert third["script"] == args[0]["script"]
    dataset = load_dataset(ROOT / "data")
    narrative = first_narrative(dataset)[1]
    for number, sent in ((2, args[0]), (3, third)):  # the town's box, then the region's
        box = resolve_step(dataset, narrative, number).bounds
        assert (
            f"window.showStep(map_div, {json.dumps([list(box[0]), list(box[1])])}, "
            in (sent["feature_group"])
        ), number


def test_next_and_previous_move_one_step_and_keep_it_in_the_link():
    at = _present()
    assert _step(at) == "1"
    assert at.button(key="present-previous").disabled
    at.button(key="present-next").click().run()
    assert _heading(at) == STEPS[1]["heading_en"] and _step(at) == "2"
    at.button(key="present-next").click().run()
    at.button(key="present-previous").click().run()
    assert _heading(at) == STEPS[1]["heading_en"] and _step(at) == "2"


def test_the_last_step_has_no_next():
    at = _present({"step": str(len(STEPS))})
    assert at.button(key="present-next").disabled
    assert not at.button(key="present-previous").disabled


def test_a_step_in_the_link_opens_that_step():
    at = _present({"step": "6"})
    assert _heading(at) == STEPS[5]["heading_en"]
    assert "6 of" in at.get("progress")[0].proto.text


def test_an_impossible_step_in_the_link_is_ignored_with_a_notice():
    at = _present({"step": "99"})
    assert _heading(at) == STEPS[0]["heading_en"]
    # the notice says which steps there are
    assert any(f"'99' is not one of 1–{len(STEPS)}" in w.value for w in at.warning), at.warning


def test_exit_goes_back_to_exploring_with_the_same_filters():
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.run()
    at.switch_page("pages/map.py").run()
    at.multiselect(key="filter_cat").set_value(["detention"]).run()
    at.switch_page("pages/present.py").run()
    assert not at.exception
    assert at.query_params["cat"] in ("detention", ["detention"])
    at.button(key="present-next").click().run()
    at.button(key="present-exit").click().run()
    assert not at.exception
    assert at.multiselect(key="filter_cat").value == ["detention"]
    assert at.query_params["cat"] in ("detention", ["detention"])
    assert "step" not in at.query_params


def test_the_projector_theme_comes_from_the_link_and_sizes_the_figures():
    at = _present({"theme": "projector", "step": "8"})
    assert at.toggle(key="theme_projector").value is True
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert spec["layout"]["font"]["size"] >= 18
        for axis in ("xaxis", "yaxis"):
            assert spec["layout"][axis]["tickfont"]["size"] >= 18
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    assert '"className": "projector compact"' in script
    at.toggle(key="theme_projector").set_value(False).run()
    assert "theme" not in at.query_params


def test_the_projector_toggle_is_on_the_other_pages_too():
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params["theme"] = "projector"
    at.run()
    assert at.toggle(key="theme_projector").value is True
    at.switch_page("pages/timeline.py").run()
    assert at.toggle(key="theme_projector").value is True
    assert at.query_params["theme"] in ("projector", ["projector"])


def test_a_broken_narrative_shows_the_validator_lines_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    broken = json.loads(json.dumps(NARRATIVE))
    broken["steps"][2]["events"] = ["no-such-event"]
    broken["steps"][4]["text_en"] = " "
    (folder / "narratives" / "december-2011.json").write_text(json.dumps(broken), "utf-8")
    monkeypatch.setenv("EVENTS_DATA_DIR", str(folder))
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.run()
    at.switch_page("pages/present.py").run()
    assert not at.exception
    shown = "\n".join(c.value for c in at.code)
    assert (
        "narratives/december-2011.json:step 3:events.0: unknown event id 'no-such-event'" in shown
    )
    assert "narratives/december-2011.json:step 5:text_en: must not be blank" in shown


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_steps_in_russian_and_kazakh_with_their_provenance(lang):
    """The shipped narrative carries ru/kk steps and says who translated them; the page shows them."""
    assert NARRATIVE["translations"][lang]["reviewed"] is False
    step = STEPS[2]
    at = _present({"step": "3", "lang": lang})
    assert _heading(at) == step[f"heading_{lang}"] != step["heading_en"]
    assert at.markdown[1].value.replace("\\", "") == step[f"text_{lang}"]


def test_a_bad_links_notice_goes_once_the_presenter_moves_on():
    """A bad ``?step=`` notice stayed on every step and pushed the timeline below a
    projector's 720 px; moving a step shows it was read."""
    at = _present({"step": "99"})
    assert at.warning
    at.button(key="present-next").click().run()
    assert _heading(at) == STEPS[1]["heading_en"]
    assert not at.warning, [w.value for w in at.warning]


def test_the_language_is_changed_from_present_and_kept_on_the_way_out():
    """Present hides the sidebar and its language menu: a presenter could change the language
    only by leaving the page or editing the link."""
    at = _present({"step": "3"})
    assert _heading(at) == STEPS[2]["heading_en"]
    at.session_state["present_lang-menu"] = True  # the menu opened
    at.button(key="present_lang-kk").click().run()
    assert not at.exception
    assert at.session_state["present_lang-menu"] is False  # closed on the choice
    assert _heading(at) == STEPS[2]["heading_kk"]
    assert _step(at) == "3"
    assert at.query_params["lang"] in ("kk", ["kk"])
    assert at.selectbox(key="ui_lang").value == "kk"  # the sidebar's menu, for the other pages
    at.session_state["present_lang-menu"] = True  # opened again, then a step on: it closes
    at.button(key="present-next").click().run()
    assert _step(at) == "4" and at.session_state["present_lang-menu"] is False
    at.button(key="present-exit").click().run()
    assert at.selectbox(key="ui_lang").value == "kk"
