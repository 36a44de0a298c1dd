"""How `make run` starts the server."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

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


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_launchers_run_the_app_once_before_the_first_viewer():
    """Without it the first viewers saw the pages/ folder's file names and an empty page while
    the first run imported (lib/warm_up.py); the replicas are warmed before the proxy opens."""
    out = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in out.replace("\\\n", " ").splitlines() if "streamlit run app.py" in x)
    before, server = line.split("streamlit run")
    assert "-m lib.warm_up http://127.0.0.1:8501 &" in before, line
    assert "--server.scriptHealthCheckEnabled true" in server, line
    script = (ROOT / "deploy" / "serve-replicas.sh").read_text("utf-8")
    replica = script[script.index('streamlit" run') : script.index('> "$RUN/replica-')]
    assert "--server.scriptHealthCheckEnabled true" in replica
    assert (
        script.index('streamlit" run')
        < script.index("-m lib.warm_up")
        < script.index('"$NGINX" -t')
    )


HEAVY = ("pandas", "geopandas", "numpy", "folium", "pyarrow", "lib.ui", "lib.events")


def test_the_frame_leaves_the_pages_listing_before_its_heavy_imports():
    """The first run flips Streamlit's server-wide listing flag at its first line, so viewers
    who arrive while it imports start under the app's pages (lib/legacy_pages.py)."""
    tree = ast.parse((ROOT / "app.py").read_text("utf-8"))
    first = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            assert ast.unparse(node.value) == "leave_legacy_pages()", ast.unparse(node)
            break
        first.append(node)
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in first
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {"streamlit", "lib.legacy_pages"}, imported
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, lib.legacy_pages; print(' '.join(sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert not [name for name in HEAVY if name in loaded]
