"""The projector theme's figure restyling and page CSS (lib/theme.py)."""

from __future__ import annotations

import plotly.graph_objects as go

from lib.theme import MIN_FIGURE_PX, input_hint_css, on_screen, theme_css


def _figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers+text", text=["a", "b"]))
    fig.update_layout(height=400, margin={"t": 100, "b": 60}, font={"size": 11})
    fig.add_annotation(text="note", x=0, y=0, xref="paper", yref="paper", yshift=-40)
    # a note that starts at the figure's left edge: shifted by the left margin into it
    fig.update_layout(margin={"l": 80})
    fig.add_annotation(text="period", x=0, y=1, xref="paper", yref="paper", xshift=-80)
    return fig


def test_on_screen_restyles_a_taller_copy_and_leaves_the_export_figure_alone():
    fig = _figure()
    shown = on_screen(fig, projector=True)
    assert shown is not fig
    assert shown.layout.font.size >= MIN_FIGURE_PX
    assert shown.layout.height == 600 and shown.layout.margin.t == 150
    assert shown.layout.annotations[0].yshift == -60
    left = shown.layout.annotations[1]
    assert shown.layout.margin.l + left.xshift >= 0  # still inside the figure, not cut off
    assert fig.layout.height == 400 and fig.layout.font.size == 11  # unchanged for exports
    assert fig.layout.annotations[0].yshift == -40


def test_on_screen_without_the_projector_is_the_figure_itself():
    fig = _figure()
    assert on_screen(fig, projector=False) is fig


def test_the_projector_page_rules_are_injected_only_while_chosen():
    assert "html { font-size: 24px; }" in theme_css(projector=True)
    assert "html { font-size: 24px; }" not in theme_css(projector=False)
    assert theme_css().startswith("<style>")
    assert "stBaseButton-primary" in theme_css(dark=True)  # dark text on the light blue
    assert "stBaseButton-primary" not in theme_css()


def test_the_enter_hint_is_drawn_in_the_given_words_and_cannot_end_its_rule():
    hostile = 'Enter"; } body { display: none } </style><script>x</script>'
    css = input_hint_css(hostile)
    assert "InputInstructions" in css
    value = css.split("content: ", 1)[1].rsplit("; }", 1)[0]
    assert value[0] == value[-1] == '"'
    assert not set(value[1:-1]) & set('"<>{};')  # the text cannot end the string or the rule
    assert css.count("{") == css.count("}") == 2  # two rules, nothing the text opened
    assert input_hint_css("Enter — применить") in theme_css(enter_hint="Enter — применить")
    assert "InputInstructions" not in theme_css()
