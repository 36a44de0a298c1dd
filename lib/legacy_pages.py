"""Leave Streamlit's automatic listing of the ``pages/`` folder before anything else runs.

Until ``st.navigation`` has run once in the server, Streamlit (1.67) takes the ``pages/`` folder
for a legacy multipage app: a run lists that folder ("app", "about", "counts"…) in the sidebar
and runs the page's file by itself. The widgets a page creates there are lost at the next run,
and a viewer sees the file names instead of the app's pages. This module imports nothing but
Streamlit, so the frame (app.py) can leave that mode before its heavy imports: the viewers who
arrive while the first run is still importing start under the app's own pages.
"""

from __future__ import annotations

import sys

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

LISTING_RUNNER = "_mpa_v1"
"""Streamlit's function that runs a page of the ``pages/`` listing."""


def run_by_the_listing() -> bool:
    """Whether this run goes through Streamlit's ``pages/`` listing.

    Its flag is shared by the whole server, so a run that began under the listing can see it
    cleared by another viewer's run; the call stack still says how this run began.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == LISTING_RUNNER:
            return True
        frame = frame.f_back
    return False


def leave_legacy_pages() -> None:
    """Switch the server to ``st.navigation`` and rerun if this run began under the listing.

    Called first by the frame and by every page (a link straight to a page runs it without the
    frame), so widgets are only ever created under the app's pages.
    """
    if PagesManager.uses_pages_directory or run_by_the_listing():
        PagesManager.uses_pages_directory = False
        st.rerun()
