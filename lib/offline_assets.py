"""Serve folium's Leaflet, jQuery and plugin files from static/vendor/ so the map draws offline."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR = "vendor"
URL_PREFIX = f"/app/static/{VENDOR}/"
STAMP = ".folium-offline.json"
PACKAGE = "folium-offline"

_done: set[Path] = set()


def _file_name(url: str) -> str:
    """Return a stable, readable file name for a CDN URL (hash prefix keeps names unique)."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", url.rstrip("/").rsplit("/", 1)[-1]) or "asset"
    return f"{hashlib.sha256(url.encode()).hexdigest()[:10]}-{base}"


def local_url(url: str) -> str:
    """Return the ``/app/static/vendor/...`` address the app serves a CDN file from.

    Parameters
    ----------
    url : str
        A CDN address as folium 0.20 lists it in ``default_js`` / ``default_css``.

    Returns
    -------
    str
        The local address; already-local addresses are returned unchanged.
    """
    return url if url.startswith("/") else URL_PREFIX + _file_name(url)


@cache
def _resources() -> dict[str, str]:
    from offlinefolium.elements import _res  # 3.5 MB module: import only when needed

    return dict(_res)


def local_asset_urls() -> dict[str, str]:
    """Return every CDN URL folium-offline can serve, mapped to its local address."""
    return {url: local_url(url) for url in _resources()}


def localize_links(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rewrite ``(name, url)`` pairs (``default_js`` / ``default_css``) to local addresses.

    Raises
    ------
    KeyError
        If a URL is one folium-offline does not carry (it would need the internet).
    """
    known = _resources()
    out = []
    for name, url in pairs:
        if not url.startswith("/") and url not in known:
            raise KeyError(
                f"{url!r} ({name}) is not bundled by {PACKAGE}; it cannot be served offline"
            )
        out.append((name, local_url(url)))
    return out


def localize(element: Any, keep: Iterable[str] | None = None) -> Any:
    """Point one folium element's scripts and styles at the local copies (instance attributes only).

    Parameters
    ----------
    element : folium element with ``default_js`` / ``default_css``
        A ``folium.Map`` or plugin; the class attributes are left alone.
    keep : iterable of str, optional
        Names of the links to keep (e.g. ``{"leaflet", "leaflet_css"}``); all when omitted.

    Returns
    -------
    The same element, for chaining.
    """
    names = None if keep is None else set(keep)
    for attr in ("default_js", "default_css"):
        pairs = [p for p in getattr(type(element), attr, []) if names is None or p[0] in names]
        setattr(element, attr, localize_links(pairs))
    return element


def _stamp(files: list[str]) -> dict[str, Any]:
    return {"package": PACKAGE, "version": importlib.metadata.version(PACKAGE), "files": files}


def ensure_static_assets(static_dir: str | Path = STATIC_DIR) -> Path:
    """Write the vendor files into ``static_dir/vendor`` unless they are already there.

    Idempotent and cheap after the first call: it reads one stamp file (and remembers the
    folder for the life of the process).

    Parameters
    ----------
    static_dir : str or Path
        The folder Streamlit serves at ``/app/static`` (``static/`` beside ``app.py``).

    Returns
    -------
    Path
        The vendor folder.
    """
    vendor = Path(static_dir) / VENDOR
    if vendor in _done:
        return vendor
    stamp = vendor / STAMP
    try:
        current = json.loads(stamp.read_text("utf-8"))
        fresh = current == _stamp(current["files"]) and all(
            (vendor / name).is_file() for name in current["files"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        fresh = False
    if not fresh:
        resources = _resources()
        vendor.mkdir(parents=True, exist_ok=True)
        for url, text in resources.items():
            target = vendor / _file_name(url)
            data = text.encode("utf-8")
            if not target.exists() or target.read_bytes() != data:
                temp = target.with_suffix(target.suffix + ".tmp")
                temp.write_bytes(data)
                temp.replace(target)
        names = sorted(_file_name(url) for url in resources)
        stamp.write_text(json.dumps(_stamp(names)), "utf-8")
    _done.add(vendor)
    return vendor


if __name__ == "__main__":
    folder = ensure_static_assets(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR)
    print(f"{folder}: {sum(1 for p in folder.iterdir() if p.name != STAMP)} files from {PACKAGE}")
