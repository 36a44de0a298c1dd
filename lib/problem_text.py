"""The validator's problem lines in the interface language: ``file:record:field: message``
with the message translated (file, record and field names stay as they are)."""

from __future__ import annotations

import re
import string
from functools import cache
from typing import Any

from lib.i18n import DEFAULT_LANG, N_, t

PROBLEM_KEYS: tuple[str, ...] = (
    N_("problem.required_missing"),
    N_("problem.unknown_field"),
    N_("problem.empty"),
    N_("problem.blank"),
    N_("problem.unknown_value"),
    N_("problem.got"),
    N_("problem.py_string"),
    N_("problem.py_number"),
    N_("problem.py_integer"),
    N_("problem.py_integer_parse"),
    N_("problem.py_number_parse"),
    N_("problem.py_boolean"),
    N_("problem.py_list"),
    N_("problem.py_dict"),
    N_("problem.py_dict_model"),
    N_("problem.py_max_chars"),
    N_("problem.py_min_chars"),
    N_("problem.py_min_item"),
    N_("problem.py_min_items"),
    N_("problem.py_max_items"),
    N_("problem.py_gt"),
    N_("problem.py_ge"),
    N_("problem.py_le"),
    N_("problem.py_pattern"),
    N_("problem.or"),
    N_("problem.length"),
    N_("problem.pattern_slug"),
    N_("problem.pattern_slug_or_empty"),
    N_("problem.pattern_hex"),
    N_("problem.pattern_language"),
    N_("problem.pattern_country"),
    N_("problem.pattern_version"),
    N_("problem.pattern_offset"),
    N_("problem.py_finite"),
    N_("problem.py_tuple_items"),
    N_("problem.point"),
    N_("problem.coordinates"),
    N_("problem.longitude"),
    N_("problem.latitude"),
    N_("problem.json"),
    N_("problem.json_value"),
    N_("problem.json_name"),
    N_("problem.json_colon"),
    N_("problem.json_comma"),
    N_("problem.json_extra"),
    N_("problem.json_control"),
    N_("problem.json_unterminated"),
    N_("problem.json_escape"),
    N_("problem.json_u_escape"),
    N_("problem.json_cell"),
    N_("problem.flag"),
    N_("problem.neutral_only"),
    N_("problem.neutral_needs_en"),
    N_("problem.nested"),
    N_("problem.feature_collection"),
    N_("problem.features_list"),
    N_("problem.feature"),
    N_("problem.object"),
    N_("problem.csv_empty"),
    N_("problem.column_missing"),
    N_("problem.column_unknown"),
    N_("problem.cells"),
    N_("problem.duplicate"),
    N_("problem.one_of"),
    N_("problem.bbox_four"),
    N_("problem.bbox"),
    N_("problem.unknown_event"),
    N_("problem.unknown_count"),
    N_("problem.unknown_source"),
    N_("problem.unknown_view"),
    N_("problem.view_or_bbox"),
    N_("problem.window_end"),
    N_("problem.end_before_start"),
    N_("problem.file_slug"),
    N_("problem.validator_failed"),
    N_("problem.cannot_read"),
    N_("problem.utf8"),
    N_("problem.control"),
    N_("problem.csv_invalid"),
    N_("problem.not_directory"),
    N_("problem.kept_changing"),
    N_("problem.adds_to_metric"),
    N_("problem.adds_to_loop"),
    N_("problem.outline_coordinates"),
    N_("problem.no_place"),
    N_("problem.radius_needed"),
    N_("problem.approx_place_km"),
    N_("problem.approx_place_note"),
    N_("problem.when_format"),
    N_("problem.date_format"),
    N_("problem.years"),
    N_("problem.real_when"),
    N_("problem.real_date"),
    N_("problem.no_month"),
    N_("problem.month_days"),
    N_("problem.hours"),
    N_("problem.minutes"),
    N_("problem.seconds"),
    N_("problem.offset"),
    N_("problem.invisible"),
    N_("problem.url"),
    N_("problem.whole"),
    N_("problem.window_days"),
    N_("problem.south_north"),
    N_("problem.west_east"),
    N_("problem.part_of_day"),
    N_("problem.day_range_end"),
    N_("problem.approx_event"),
    N_("problem.unknown_geometry"),
    N_("problem.null_geometry"),
    N_("problem.no_translator"),
    N_("problem.no_reviewer"),
    N_("problem.period"),
    N_("problem.inferred_note"),
    N_("problem.adds_self"),
    N_("problem.upload_missing"),
    N_("problem.upload_events"),
    N_("problem.upload_entries"),
    N_("problem.upload_outside"),
    N_("problem.upload_symlink"),
    N_("problem.upload_twice"),
    N_("problem.upload_encrypted"),
    N_("problem.upload_size"),
    N_("problem.upload_unknown"),
    N_("problem.upload_zip"),
    N_("problem.upload_unpack"),
    N_("problem.upload_given_twice"),
    N_("problem.upload_unpacked"),
    N_("problem.upload_ratio"),
    N_("problem.upload_failed"),
    N_("problem.upload_cited_missing"),
)
"""Every message the validator and the upload checks write, as a key whose English text in
``locales/en`` is the message's template (``unknown event id {id}``)."""


def _pattern(template: str) -> re.Pattern[str]:
    """Return a regular expression matching the messages an English template produces."""
    parts, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
    return re.compile("".join(parts), re.DOTALL)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The keys with their patterns, the most specific first (most literal text)."""
    found = []
    for key in PROBLEM_KEYS:
        template = t(key, DEFAULT_LANG)
        literal = "".join(part[0] for part in string.Formatter().parse(template))
        found.append((len(literal), key, _pattern(template)))
    # pydantic's "<message> (got <value>)" first, so its message is translated on its own
    found.sort(key=lambda item: (item[1] != "problem.got", -item[0]))
    return tuple((key, pattern) for _, key, pattern in found)


def problem_message(message: str, lang: str = DEFAULT_LANG) -> str:
    """Return one problem message in ``lang``; English when it is no known message.

    Parameters
    ----------
    message : str
        A message as the validator writes it (English).
    lang : str
        ``en``, ``ru`` or ``kk``.

    Returns
    -------
    str
        The translated message; values quoted in it (ids, dates, field names) are kept as they
        are, and a nested message (``{message} (got ...)``) is translated too.
    """
    if lang == DEFAULT_LANG:
        return message
    for key, pattern in _patterns():
        match = pattern.fullmatch(message)
        if match:
            values: dict[str, Any] = match.groupdict()
            for nested in ("message", "detail"):  # a message inside a message
                if nested in values:
                    values[nested] = problem_message(values[nested], lang)
            for name, value in values.items():  # "120,000": grouped the language's way
                if isinstance(value, str) and _GROUPED.fullmatch(value):
                    values[name] = int(value.replace(",", ""))
            if "expected" in values:  # pydantic's "'a', 'b' or 'c'"
                values["expected"] = _OR.sub(f"' {t('problem.or', lang)} '", values["expected"])
            return _LENGTH.sub(
                lambda m: t("problem.length", lang, n=int(m[1].replace(",", ""))),
                t(key, lang, **values),
            )
    return message


_OR = re.compile(r"' or '(?=[^']*'$)")
"""The last "or" of a list of quoted values."""
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+")
"""A whole number the checks wrote with English thousands separators (``120,000``)."""
_LENGTH = re.compile(r" \(([\d,]+) characters\)")
"""How long a value cut short in a message was (``lib.schema.shown``)."""


def problem_line(problem: Any, lang: str = DEFAULT_LANG) -> str:
    """Return a ``file:record:field: message`` line with the message in ``lang``."""
    message = problem_message(problem.message, lang)
    return f"{problem.file}:{problem.record}:{problem.field}: {message}"
