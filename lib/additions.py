"""Counts that add to another ("43 more" after 21), and how a count's date stated is known."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from lib.schema import StatedOnBasis


def combine_qualifiers(qualifiers: Iterable[str]) -> str:
    """Return the qualifier of a sum of figures.

    A lower bound anywhere makes the sum a lower bound (``more_than`` if any part is "more
    than", else ``at_least``); otherwise an approximate or upper-bounded part makes it ``about``;
    a sum of exact figures is exact.

    Parameters
    ----------
    qualifiers : iterable of str
        The parts' qualifiers.

    Returns
    -------
    str
        One of the schema's qualifiers.
    """
    found = set(qualifiers)
    if "more_than" in found:
        return "more_than"
    if "at_least" in found:
        return "at_least"
    if found & {"about", "at_most"}:
        return "about"
    return "exact"


def running_totals(counts: pd.DataFrame) -> list[dict[str, Any] | None]:
    """Return, row by row, the total a count that adds to another makes with it, or None.

    The total follows ``adds_to`` through the counts given (43 more after 21 gives 64); a link to
    a count that is not among them ends the chain there. A row that adds to nothing gets None.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts with the counts.csv columns (``adds_to`` may be missing: then every row is None).

    Returns
    -------
    list of dict or None
        ``{"value": int, "qualifier": str, "complete": bool}`` per row, in the frame's order;
        ``complete`` is False when a linked count is not among ``counts``.
    """
    if "adds_to" not in counts.columns:
        return [None] * len(counts)
    by_id = {str(r["id"]): r for r in counts.to_dict("records")}
    out: list[dict[str, Any] | None] = []
    for row in counts.to_dict("records"):
        if not added_to(row):
            out.append(None)
            continue
        value, qualifiers, seen, step = 0, [], set(), row
        complete = True
        while step is not None and str(step["id"]) not in seen:
            seen.add(str(step["id"]))
            value += int(step["value"])
            qualifiers.append(str(step["qualifier"]))
            target = added_to(step)
            if not target:
                break
            step = by_id.get(str(target))
            complete = complete and step is not None
        out.append(
            {"value": value, "qualifier": combine_qualifiers(qualifiers), "complete": complete}
        )
    return out


def added_to(count: Mapping[str, Any]) -> str:
    """The id a count adds to, or "" (missing, empty or NaN cells)."""
    target = count.get("adds_to")
    return target if isinstance(target, str) else ""


def complete_total(count: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The total a count makes with those it adds to (its ``in_all``), when all of them are
    given; otherwise None."""
    total = count.get("in_all")
    return total if isinstance(total, Mapping) and total.get("complete") else None


def stated_on_basis(count: Mapping[str, Any]) -> str:
    """Where a count's ``stated_on`` comes from; an empty or missing cell means ``stated``."""
    basis = count.get("stated_on_basis")
    return basis if isinstance(basis, str) and basis else StatedOnBasis.STATED.value


def is_inferred(count: Mapping[str, Any]) -> bool:
    """Whether a count's ``stated_on`` was set by the curator rather than given by a source."""
    return stated_on_basis(count) == StatedOnBasis.INFERRED
