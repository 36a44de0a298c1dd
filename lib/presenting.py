"""Streamlit pieces of the Present page and of the theme choice: step, buttons, keys, toggle."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from lib.i18n import t
from lib.language import close_language_switch
from lib.theme import THEME_KEY, THEME_PARAM
from lib.ui import PAGE_PARAMS_KEY, drop_link_notices, remember_link

STEP_KEY = "step"
"""The step shown, in the session: named as its link parameter, so the browser's Back and Forward
(``lib.ui.read_link``) drop it and the link's step is read again."""
STEP_PARAM = "step"
# registered once, when the module is first imported (Streamlit's advice), not on every run
_present_keys = st.components.v2.component(
    "present_keys",
    js=(Path(__file__).resolve().parent.parent / "static" / "present-keys.js").read_text("utf-8"),
)
PRESENT_PARAMS = (STEP_PARAM,)
"""Link parameters only the Present page uses (dropped on the way out)."""


def _set_param(name: str, value: str | None) -> None:
    """Keep a page parameter in the frame's page parameters and in the URL."""
    params = st.session_state.setdefault(PAGE_PARAMS_KEY, {})
    if value is None:
        params.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]
    else:
        params[name] = [value]
        if st.query_params.get_all(name) != [value]:
            st.query_params[name] = value
    remember_link()  # the app's own change, not the browser's Back or Forward


THEME_STATE = "_projector"
"""The theme choice itself; the toggle (one per page) is seeded from it on every run."""


def projector_on() -> bool:
    """Return whether the projector theme is chosen (by the toggle or ``?theme=projector``)."""
    if THEME_STATE not in st.session_state:
        params = st.session_state.get(PAGE_PARAMS_KEY, {})
        st.session_state[THEME_STATE] = (params.get(THEME_PARAM) or [""])[-1] == "projector"
    return bool(st.session_state[THEME_STATE])


def _store_theme() -> None:
    st.session_state[THEME_STATE] = bool(st.session_state.get(THEME_KEY))


def theme_toggle(lang: str = "en") -> bool:
    """Show the projector toggle and keep the choice in the link.

    The toggle is drawn by the frame on most pages and by the Present page on its own; Streamlit
    treats those as two widgets, so the choice lives in ``THEME_STATE`` and seeds either.
    """
    st.session_state[THEME_KEY] = projector_on()
    on = st.toggle(
        t("theme.projector", lang),
        key=THEME_KEY,
        help=t("theme.projector.help", lang),
        on_change=_store_theme,
    )
    _set_param(THEME_PARAM, "projector" if on else None)
    return on


def current_step(total: int) -> int:
    """Return the step to show (from the session, else ``?step=``) and keep it in the link."""
    from lib.narrative import step_number  # figures and maps: only the Present page needs them

    if STEP_KEY not in st.session_state:
        params = st.session_state.get(PAGE_PARAMS_KEY, {})
        st.session_state[STEP_KEY] = step_number((params.get(STEP_PARAM) or ["1"])[-1], total)
    number = step_number(st.session_state[STEP_KEY], total)
    st.session_state[STEP_KEY] = number
    _set_param(STEP_PARAM, str(number))
    return number


def _move(delta: int, total: int) -> None:
    from lib.narrative import step_number

    drop_link_notices()  # read by now: a bad link's notice pushed every step below the fold
    close_language_switch()  # an open language menu lay over the next step's map
    st.session_state[STEP_KEY] = step_number(st.session_state.get(STEP_KEY, 1) + delta, total)


def previous_button(number: int, total: int, lang: str = "en") -> None:
    """Show the Previous button (keyed ``present-previous``: the keys script presses it).

    Page Up presses it from its first paint (Streamlit's own shortcut): the keys script mounts
    up to two seconds later, and a presenter's first key would have reached nothing.
    """
    st.button(
        t("present.previous", lang),
        key="present-previous",
        icon=":material/arrow_back:",
        disabled=number <= 1,
        on_click=_move,
        args=(-1, total),
        width="stretch",
        shortcut="PageUp",
    )


def next_button(number: int, total: int, lang: str = "en") -> None:
    """Show the Next button (keyed ``present-next``: the keys script presses it; Page Down
    from its first paint, as Page Up the Previous button)."""
    st.button(
        t("present.next", lang),
        key="present-next",
        icon=":material/arrow_forward:",
        type="primary",
        disabled=number >= total,
        on_click=_move,
        args=(1, total),
        width="stretch",
        shortcut="PageDown",
    )


KEYS_KEY = "present-keys"
ASKED_KEY = "_present_asked"
"""The number of the keys script's latest request done (``seq``), sent back to it."""


def _go(total: int) -> None:
    """Go to the step the keys script asks for (``{"step": n, "seq": s}``, from the browser: a
    step out of range is brought in, anything else is ignored)."""
    from lib.narrative import step_number

    state = st.session_state.get(KEYS_KEY)
    asked = state.get("go") if hasattr(state, "get") else getattr(state, "go", None)
    if not isinstance(asked, dict):
        return
    number, seq = asked.get("step"), asked.get("seq")
    if isinstance(number, int) and not isinstance(number, bool):
        drop_link_notices()
        close_language_switch()
        st.session_state[STEP_KEY] = step_number(number, total)
    if isinstance(seq, int | float) and not isinstance(seq, bool):
        st.session_state[ASKED_KEY] = seq


def listen_for_keys(number: int, total: int) -> None:
    """Mount the keys script (``static/present-keys.js``): clicker keys, and clicks on Previous
    and Next, ask for a step by its number.

    Two presses before the rerun of the first clicked Next twice, and Streamlit merged the two
    clicks into one: a presenter's double press went one step, and the count could show step 2
    while the link said 3. A number asked for is not merged away: the latest wins. The script
    counts a press from the step it last asked for until the page shows that request done.
    """
    _present_keys(
        key=KEYS_KEY,
        data={"step": number, "total": total, "seq": st.session_state.get(ASKED_KEY)},
        on_go_change=partial(_go, total),
    )


def leave_present() -> None:
    """Keep the Present page's own link parameters out of the next page's link (the filters
    and theme stay).

    The step stays in the session: the page switch puts a ``/present`` without its step in the
    browser's history, and Back (or the menu) returns to the step the presenter left rather
    than to step 1.
    """
    params = st.session_state.setdefault(PAGE_PARAMS_KEY, {})
    for name in PRESENT_PARAMS:
        params.pop(name, None)
