"""The "Open your own data" control: a viewer's upload, validated and shown in that session only."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.cache import data_stamp, shared_dataset
from lib.format import css_string, md_escape, megabytes
from lib.i18n import t, tn
from lib.problem_text import problem_line
from lib.ui import CHECKED_KEY, CONTENT_NOTE_KEY, NOTICES_KEY, lazy_expander
from lib.upload import (
    LIMITS,
    UploadError,
    explain_missing,
    prune_uploads,
    read_upload,
    unpack,
    upload_root,
)
from lib.validate import DataError, Problem

OWN_DIR_KEY = "own_data_dir"
OWN_PROBLEMS_KEY = "own_data_problems"
OWN_MISSING_KEY = "own_data_missing"
UPLOADER_KEY = "own_data_files"
OPEN_KEY = "own_data_open"
BACK_KEY = "own_data_back"
PENDING_KEY = "own_data_pending"
SECTION_KEY = "own_data_section"
"""Whether the section is open: its control is drawn only then (the page loads less code)."""
KEEP_KEYS = frozenset(
    {OWN_DIR_KEY, OWN_PROBLEMS_KEY, OWN_MISSING_KEY, UPLOADER_KEY, OPEN_KEY, BACK_KEY}
)
"""Session keys that survive a change of dataset; filters, selection and page choices do not."""
PROBLEM_LIMIT = 200


def uploader_css(button: str, note: str) -> str:
    """Return a style element that shows the upload control's button label and its note (the
    size limit and file types) in the viewer's language: Streamlit writes them in English.

    The English text is removed (from screen readers too); the given text is drawn in its
    place, names the button, and the note keeps Streamlit's small, faded look.
    """
    zone = f".st-key-{UPLOADER_KEY} [data-testid='stFileUploaderDropzone']"
    label = f"{zone} button [data-testid='stMarkdownContainer']"
    limits = f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] > div"
    return (
        "<style>\n"
        f"{label} > *, {limits} > * {{ display: none; }}\n"
        f"{label}::after {{ content: {css_string(button)}; }}\n"
        f"{limits}::after {{ content: {css_string(note)}; font-size: 0.875rem; opacity: 0.7; }}\n"
        "</style>"
    )


def upload_limit_mb() -> int:
    """Return the upload limit in MB: the smaller of ``server.maxUploadSize`` and the code's."""
    configured = int(st.get_option("server.maxUploadSize"))
    return max(1, min(configured, LIMITS.max_bytes // (1024 * 1024)))


def session_data_dir(default: Path) -> Path:
    """Return this session's data directory: its own upload if it opened one, else ``default``."""
    value = st.session_state.get(OWN_DIR_KEY)
    if value and Path(value).is_dir():
        return Path(value)
    return default


def _fresh_view_state() -> None:
    """Forget filters, selection and page choices, which belong to the dataset left behind."""
    for key in list(st.session_state):
        if key not in KEEP_KEYS and key not in (CHECKED_KEY, CONTENT_NOTE_KEY):
            del st.session_state[key]
    st.session_state[NOTICES_KEY] = []
    st.query_params.clear()


def checking_text(sizes: list[int], lang: str = "en") -> str:
    """Return the spinner's text while an upload is checked: its size, and that every event is."""
    return t("own.checking", lang, mb=megabytes(sum(sizes)))


def _request_open() -> None:
    st.session_state[PENDING_KEY] = True


def _open(lang: str = "en") -> None:
    """Read, unpack and check the uploaded files; switch to them only if they load.

    Called where the "Open" button is drawn (not in its callback, whose elements go to the top
    of the page, under the sidebar on a phone): a check that takes more than half a second (a
    few thousand events) shows a spinner there, in the button's place, saying what is going on.
    """
    files = st.session_state.get(UPLOADER_KEY) or []
    st.session_state[OWN_PROBLEMS_KEY] = None
    missing: tuple[str, ...] = ()
    try:
        with st.spinner(checking_text([f.size for f in files], lang)):
            upload = read_upload((f.name, f.getvalue()) for f in files)
            missing = upload.missing
            root = upload_root()
            prune_uploads(root)
            folder = unpack(upload, root)
            shared_dataset(str(folder), data_stamp(folder))
    except (UploadError, DataError) as exc:
        st.session_state[OWN_PROBLEMS_KEY] = explain_missing(exc.problems, missing)
        return
    except Exception as exc:  # noqa: BLE001 - anything else is reported, never shown as a trace
        problem = Problem("upload", "-", "-", f"could not be loaded ({type(exc).__name__})")
        st.session_state[OWN_PROBLEMS_KEY] = [problem]
        return
    _fresh_view_state()
    st.session_state[OWN_DIR_KEY] = str(folder)
    st.session_state[OWN_MISSING_KEY] = list(upload.missing)


def _back() -> None:
    _fresh_view_state()
    st.session_state[OWN_DIR_KEY] = None
    st.session_state[OWN_PROBLEMS_KEY] = None
    st.session_state[OWN_MISSING_KEY] = []


def own_data_control(title: str, events: int, lang: str = "en") -> None:
    """Show the upload control (in the sidebar), and what is shown when it is the viewer's data.

    Its content is built only once the section is opened: a closed section sends no upload
    control, whose code every page's first visit loaded for nothing (about 0.2 s).
    """
    own = bool(st.session_state.get(OWN_DIR_KEY))
    with lazy_expander(t("own.header", lang), SECTION_KEY, expanded=own) as opened:
        if not opened:
            return
        if own:
            st.info(md_escape(t("own.showing", lang, title=title, n=events)))
            missing = st.session_state.get(OWN_MISSING_KEY) or []
            if missing:
                st.caption(t("own.missing", lang, files=", ".join(missing)))
            st.button(t("own.back", lang), key=BACK_KEY, on_click=_back)
        mb = upload_limit_mb()
        st.html(uploader_css(t("own.browse", lang), t("own.limits", lang, mb=mb)))
        files = st.file_uploader(
            t("own.upload", lang),
            type=["geojson", "json", "csv", "zip"],
            accept_multiple_files=True,
            key=UPLOADER_KEY,
            help=t("own.help", lang, mb=mb, events=LIMITS.max_events),
            max_upload_size=mb,
        )
        if st.session_state.pop(PENDING_KEY, False):
            _open(lang)  # its spinner takes the button's place, where the reader looks
            st.rerun()  # the page drawn again with what was opened, or its problems
        st.button(t("own.open", lang), key=OPEN_KEY, on_click=_request_open, disabled=not files)
        problems = st.session_state.get(OWN_PROBLEMS_KEY)
        if problems:  # beside the button too: on a phone the open sidebar covers the page's list
            st.error(tn("own.refused", len(problems), lang), icon=":material/error:")


def show_own_data_problems(title: str, lang: str = "en") -> None:
    """Above the page: every problem of an upload that was refused, and what is still shown."""
    problems = st.session_state.get(OWN_PROBLEMS_KEY)
    if not problems:
        return
    st.error(md_escape(tn("own.invalid", len(problems), lang, title=title)))
    lines = [problem_line(p, lang) if isinstance(p, Problem) else str(p) for p in problems]
    st.code("\n".join(lines[:PROBLEM_LIMIT]), language=None, wrap_lines=True)
    if len(problems) > PROBLEM_LIMIT:
        st.caption(t("app.data_error.more", lang, n=len(problems) - PROBLEM_LIMIT))
