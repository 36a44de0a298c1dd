"""How `make run` starts the server."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_starts_the_server_with_two_malloc_arenas():
    """glibc reads MALLOC_ARENA_MAX when the process starts (set later, from the app, it left
    memory after five viewers left 30-46 MB above one viewer's at 20,000 events; set here, it
    came back to it: docs/performance.md)."""
    out = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in out.splitlines() if "streamlit run app.py" in x)
    assert line.startswith("MALLOC_ARENA_MAX=2 "), line
