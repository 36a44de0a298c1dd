"""The scripts Streamlit runs as pages hold no bare strings: its "magic" writes them on the page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_bare_string_but_the_docstring(script):
    body = ast.parse(script.read_text("utf-8")).body
    bare = [
        f"{script.name}:{node.lineno}: {node.value.value[:60]!r}"
        for node in body[1:]  # the module docstring is not written
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]
    assert not bare, "Streamlit writes these onto the page: " + "; ".join(bare)


@pytest.mark.parametrize(
    "script", [*SCRIPTS, *sorted((ROOT / "lib").glob("*.py"))], ids=lambda p: p.name
)
def test_no_download_reruns_the_page(script):
    """A download that reruns the page takes back the files every other button was drawn with:
    a journalist's quick second and third clicks on the Sources page got nothing."""
    calls = [
        node
        for node in ast.walk(ast.parse(script.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "download_button"
    ]
    rerunning = [
        f"{script.name}:{call.lineno}"
        for call in calls
        if not any(
            k.arg == "on_click" and isinstance(k.value, ast.Constant) and k.value.value == "ignore"
            for k in call.keywords
        )
    ]
    assert not rerunning, "download_button without on_click='ignore': " + ", ".join(rerunning)
