"""Make AppTest rerun app.py the way a server does (shared by the tests and the benchmarks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.runtime.pages_manager import PagesManager


@contextmanager
def frame_reruns() -> Iterator[None]:
    """Within the block, every AppTest run goes through app.py (the frame), not the page alone.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run, so with a ``pages/``
    folder its reruns take the legacy multipage path and run the page script alone, without the
    frame (sidebar, filters). A server sets the flag to False once ``st.navigation`` has run;
    this does the same before each AppTest run.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        PagesManager.uses_pages_directory = False
        original(self, *args, **kwargs)

    PagesManager.__init__ = init
    try:
        yield
    finally:
        PagesManager.__init__ = original
