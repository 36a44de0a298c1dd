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


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_launchers_validate_the_data_while_the_server_starts():
    """The data is validated beside the server's start (``lib.store.prepare``), not after the
    first viewer arrives; the replicas' script does it once for all of them."""
    out = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = out.replace("\\\n", " ").splitlines()
    line = next(x for x in lines if "streamlit run app.py" in x)
    assert "-m lib.store --prepare &" in line.split("streamlit run")[0], line
    script = (ROOT / "deploy" / "serve-replicas.sh").read_text("utf-8")
    assert script.index("-m lib.store --prepare") < script.index('streamlit" run')
