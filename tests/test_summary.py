"""Overview key figures: statements grouped by claimant and date, lower bounds marked."""

from __future__ import annotations

from lib.events import load_dataset
from lib.summary import largest_statement, statements
from tests.factories import make_count, write_dataset


def _counts(tmp_path, rows):
    return load_dataset(write_dataset(tmp_path, counts=rows)).counts


def test_parts_of_one_statement_add_up_and_a_lower_bound_is_marked(tmp_path):
    counts = _counts(
        tmp_path,
        [
            make_count(id="a", value=70, stated_on="2011-12-17", claimant="Officials"),
            make_count(
                id="b",
                value=60,
                qualifier="more_than",
                stated_on="2011-12-17",
                claimant="Officials",
            ),
            make_count(id="c", value=70, stated_on="2011-12-18"),
            make_count(id="d", value=60, stated_on="2011-12-18"),
        ],
    )
    first, second = statements(counts, "detained")
    assert (first.text(), first.total_text()) == ("70 + more than 60", "130+")
    assert (second.text(), second.total_text()) == ("70 + 60", "130")
    # equal totals: the later statement is the headline
    assert largest_statement(counts, "detained", "official") == second
    assert largest_statement(counts, "detained", "independent") is None
