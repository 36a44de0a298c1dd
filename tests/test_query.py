"""Link parameters: each bad parameter gives one notice, however often a link repeats it."""

from __future__ import annotations

from lib.query import check_query


def _check(params: dict[str, list[str]]):
    return check_query(
        params, categories=["protest"], claimant_types=["ngo"], event_ids=["e1"], lang="en"
    )


def test_a_repeated_bad_parameter_gives_one_notice() -> None:
    kept, notices = _check(
        {"cat": ["riot"] * 40 + ["protest"] + ["looting"] * 39, "event": ["nope"] * 5}
    )
    assert kept == {"cat": ["protest"]}
    assert [n.name for n in notices] == ["cat", "event"]


def test_different_bad_parameters_each_give_a_notice() -> None:
    _, notices = _check({"cat": ["riot"], "claimant": ["x"], "zzz": ["1", "2"]})
    assert [n.name for n in notices] == ["cat", "claimant", "zzz"]
