"""Interface strings from gettext catalogues (``locales/<lang>/LC_MESSAGES/messages.po``).

How to add a string (details in ``docs/i18n.md``):

1. Call ``t("area.name", lang, **values)`` in the code (``tn("area.name", n, lang, **values)``
   when the text depends on a number). The key is the msgid; use ``{name}`` placeholders.
   A key built at run time (``t(f"category.{c}", lang)``) must be listed in ``lib/i18n_keys.py``.
2. ``make i18n`` extracts the keys and adds the new ones to every catalogue.
3. Write the English text as the ``msgstr`` in ``locales/en/LC_MESSAGES/messages.po``
   (``msgstr[0]`` singular, ``msgstr[1]`` plural); translate it in ``ru`` and ``kk`` or leave it
   empty: an empty translation falls back to English.

``tests/test_i18n.py`` fails when a catalogue lacks a key the code uses or keeps one it no longer
uses. Compiled ``.mo`` files are built by ``make`` and never committed; without them the ``.po``
files are compiled in memory.
"""

from __future__ import annotations

import gettext
import io
import time
from functools import lru_cache
from numbers import Integral
from pathlib import Path

from babel.numbers import format_decimal

DEFAULT_LANG = "en"
LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")
"""Interface languages, in the order the language menu lists them."""
BABEL_LOCALES = {"en": "en", "ru": "ru_RU", "kk": "kk_KZ"}
"""Babel locale of each interface language (its dates put the day first)."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
"""Each language's name in that language (the language menu shows these)."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

EXTRACT_KEYWORDS: dict[str, tuple[int, ...] | None] = {"t": None, "tn": (1, 1), "N_": None}
"""Functions whose first argument is a msgid (``tn``'s is msgid and msgid_plural); the Makefile
passes the same to ``pybabel extract``."""


def _read_catalogue(lang: str) -> gettext.GNUTranslations | None:
    """Return ``lang``'s compiled catalogue: the ``.mo`` if up to date, else the ``.po`` compiled in memory."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.exists():
        return None
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


_STAMPS: dict[str, tuple[float, float]] = {}
"""Per language: (when the ``.po`` file was last looked at, its modification time)."""
STAMP_SECONDS = 1.0
"""How long a look at a ``.po`` file's modification time holds (a page calls ``t`` hundreds of
times per run: one ``stat`` per call cost more than the lookups themselves)."""


def _mtime(lang: str) -> float:
    now = time.monotonic()
    seen = _STAMPS.get(lang)
    if seen is not None and now - seen[0] < STAMP_SECONDS:
        return seen[1]
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        stamp = po.stat().st_mtime
    except OSError:
        stamp = 0.0
    _STAMPS[lang] = (now, stamp)
    return stamp


@lru_cache(maxsize=16)
def _catalogue(lang: str, _stamp: float) -> gettext.NullTranslations:
    """Return ``lang``'s catalogue (cached until its ``.po`` changes); empty if there is none."""
    return _read_catalogue(lang) or gettext.NullTranslations()


def _chain(lang: str) -> tuple[gettext.NullTranslations, ...]:
    """Return the catalogues to look in: ``lang``'s, then English."""
    english = _catalogue(DEFAULT_LANG, _mtime(DEFAULT_LANG))
    if lang == DEFAULT_LANG or lang not in LANGUAGES:
        return (english,)
    return (_catalogue(lang, _mtime(lang)), english)


def babel_locale(lang: str) -> str:
    """Return the Babel locale for an interface language (English for an unknown one)."""
    return BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANG])


def format_number(value: float, lang: str = DEFAULT_LANG) -> str:
    """Return a whole number grouped the language's way: ``12,345``, ``12 345``."""
    return format_decimal(value, locale=babel_locale(lang))


def _grouped(values: dict[str, object], lang: str) -> dict[str, object]:
    """Return ``values`` with whole numbers grouped the language's way (`format_number`)."""
    return {
        name: format_number(value, lang)
        if isinstance(value, Integral) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the string for ``key`` in ``lang`` (English when missing), formatted with ``values``
    (whole numbers grouped the language's way).

    Raises
    ------
    KeyError
        If no catalogue holds the key.
    """
    for catalogue in _chain(lang):
        text = catalogue.gettext(key)
        if text != key:  # gettext answers the msgid itself when it has no translation
            return text.format(**_grouped(values, lang)) if values else text
    raise KeyError(key)


def tn(key: str, n: int, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the form of ``key`` for the number ``n`` in ``lang``, formatted with ``n`` and
    ``values`` (Russian has three forms: 1 событие, 2 события, 5 событий).

    Raises
    ------
    KeyError
        If no catalogue holds the key.
    """
    for catalogue in _chain(lang):
        text = catalogue.ngettext(key, key, n)
        if text != key:
            return text.format(**_grouped({"n": n, **values}, lang))
    raise KeyError(key)


def N_(key: str) -> str:
    """Mark ``key`` for extraction without translating it (for keys built at run time)."""
    return key
