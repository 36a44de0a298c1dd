"""Babel extraction method that reads Python with ``ast``, so it also finds ``t(...)`` inside f-strings."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def extract(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """Yield ``(lineno, funcname, messages, comments)`` for each call of a keyword function.

    Parameters
    ----------
    fileobj : IO[bytes]
        The Python source.
    keywords : Collection[str]
        Function names whose string arguments are msgids (``t``, ``tn``, ``N_``).
    comment_tags, options
        Unused; part of Babel's extraction interface.

    Returns
    -------
    Iterator
        One tuple per call; a non-literal argument is ``None`` (Babel then skips the call).
    """
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in keywords or not node.args:
            continue
        messages = tuple(
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        )
        yield node.lineno, name, messages, []
