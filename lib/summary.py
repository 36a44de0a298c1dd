"""Key figures for the overview: what the filtered data shows at a glance."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from lib.format import count_value, format_number


@dataclass(frozen=True)
class Statement:
    """One claimant's figures for a metric on one date, e.g. 70 + 60 detained (PG office, 18 Dec)."""

    claim_type: str
    claimant: str
    stated_on: str
    parts: tuple[str, ...]
    total: int
    lower_bound: bool
    source_ids: tuple[str, ...]

    def text(self) -> str:
        """Return the figure as stated: parts joined with ``+``, e.g. ``70 + more than 60``."""
        return " + ".join(self.parts)

    def total_text(self, lang: str = "en") -> str:
        """Return the total, marked ``+`` when any part is a lower bound (``130+``)."""
        return f"{format_number(self.total, lang)}{'+' if self.lower_bound else ''}"


def statements(counts: pd.DataFrame, metric: str, lang: str = "en") -> list[Statement]:
    """Group the figures of ``metric`` by claim type, claimant and date stated, in date order."""
    rows = counts[counts["metric"] == metric]
    out = []
    for (claim_type, claimant, stated_on), group in rows.groupby(
        ["claim_type", "claimant", "stated_on"], sort=False
    ):
        out.append(
            Statement(
                claim_type=claim_type,
                claimant=claimant,
                stated_on=stated_on,
                parts=tuple(count_value(row, lang) for _, row in group.iterrows()),
                total=int(group["value"].sum()),
                lower_bound=bool(group["qualifier"].isin(["more_than", "at_least"]).any()),
                source_ids=tuple(dict.fromkeys(group["source_id"])),
            )
        )
    return sorted(out, key=lambda s: s.stated_on)


def largest_statement(
    counts: pd.DataFrame, metric: str, claim_type: str, lang: str = "en"
) -> Statement | None:
    """Return the statement of ``claim_type`` with the largest total for ``metric``, if any.

    Used for the overview's headline pair only; the Counts page shows every statement.
    """
    candidates = [s for s in statements(counts, metric, lang) if s.claim_type == claim_type]
    # equal totals: the later statement
    return max(candidates, key=lambda s: (s.total, s.stated_on), default=None)


def date_span(events: gpd.GeoDataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Return the first and last local moments the events cover, or None when there are none."""
    if events.empty:
        return None
    return events["t0"].min(), events["t1"].max()
