"""Content notes: violent titles, descriptions and count notes covered until the reader consents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.content_note import (
    description_covered,
    graphic_title,
    masked_counts,
    masked_events,
    null_where,
    shown_title,
    taken_where,
)
from lib.events import load_dataset
from lib.schema import Count, EventProperties, count_rule_problems, event_rule_problems
from tests.factories import make_count, make_event, write_dataset

GRAPHIC = "Detainees with broken limbs in the cell"
NEUTRAL = "Account of the cell"


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": "graphic",
                "title_en": GRAPHIC,
                "title_ru": "Задержанные со сломанными руками",
                "title_kk": None,
                "title_neutral_en": NEUTRAL,
                "title_neutral_ru": "Рассказ о камере",
                "title_neutral_kk": None,
                "description_en": "Graphic description.",
                "description_ru": "Описание.",
                "violence_described": True,
            },
            {
                "id": "described",
                "title_en": "Clashes on the square",
                "title_ru": None,
                "title_kk": None,
                "title_neutral_en": None,
                "title_neutral_ru": None,
                "title_neutral_kk": None,
                "description_en": "Who hit whom.",
                "description_ru": None,
                "violence_described": True,
            },
            {
                "id": "plain",
                "title_en": "A rally",
                "title_ru": None,
                "title_kk": None,
                "title_neutral_en": None,
                "title_neutral_ru": None,
                "title_neutral_kk": None,
                "description_en": "People gathered.",
                "description_ru": None,
                "violence_described": False,
            },
        ],
        index=[10, 11, 12],
    )


def test_a_graphic_title_is_replaced_by_its_neutral_title_until_consent():
    event = _events().loc[10]
    assert graphic_title(event)
    assert shown_title(event, "en", consent=False) == NEUTRAL
    assert shown_title(event, "ru", consent=False) == "Рассказ о камере"
    assert shown_title(event, "en", consent=True) == GRAPHIC
    # no Kazakh neutral title: the English one, marked, never the graphic title
    assert shown_title(event, "kk", consent=False).startswith(NEUTRAL)
    assert GRAPHIC not in shown_title(event, "kk", consent=False)


def test_a_title_that_is_not_graphic_shows_as_it_is():
    events = _events()
    for row in (11, 12):
        assert not graphic_title(events.loc[row])
        assert shown_title(events.loc[row], "en", consent=False) == events.loc[row, "title_en"]


def test_only_flagged_descriptions_are_covered_and_only_without_consent():
    events = _events()
    assert description_covered(events.loc[10], consent=False)
    assert description_covered(events.loc[11], consent=False)
    assert not description_covered(events.loc[12], consent=False)
    assert not description_covered(events.loc[10], consent=True)
    assert description_covered({"violence_described": np.True_}, consent=False)
    assert not description_covered({"violence_described": float("nan")}, consent=False)
    assert not description_covered({}, consent=False)


def test_masked_events_cover_titles_and_descriptions_in_every_language():
    events = _events()
    out = masked_events(events, consent=False)
    assert list(out.index) == [10, 11, 12]
    assert list(out.columns) == list(events.columns)
    assert out.loc[10, "title_en"] == NEUTRAL
    assert out.loc[10, "title_ru"] == "Рассказ о камере"
    assert pd.isna(out.loc[10, "title_kk"])  # falls back to the English neutral title
    assert out.loc[11, "title_en"] == "Clashes on the square"
    assert pd.isna(out.loc[10, "description_en"]) and pd.isna(out.loc[10, "description_ru"])
    assert pd.isna(out.loc[11, "description_en"])
    assert out.loc[12, "description_en"] == "People gathered."
    text = out.astype(str).to_string()
    assert GRAPHIC not in text and "сломанными" not in text and "Graphic description" not in text
    # the shared frame is left as it was
    assert events.loc[10, "title_en"] == GRAPHIC
    assert events.loc[10, "description_en"] == "Graphic description."


@pytest.mark.parametrize("dtype", ["str", object])
def test_taken_where_takes_the_other_cells_where_the_mask_holds(dtype):
    column = pd.Series(["a", "b", None, "d"], index=[5, 6, 7, 8], dtype=dtype)
    other = pd.Series(["A", None, "C", "D"], index=[5, 6, 7, 8], dtype=dtype)
    mask = np.array([True, True, True, False])
    out = taken_where(column, mask, other)
    assert out.dtype == column.dtype and list(out.index) == [5, 6, 7, 8]
    assert out[5] == "A" and pd.isna(out[6]) and out[7] == "C" and out[8] == "d"
    gone = taken_where(column, mask, None)
    assert gone.isna().tolist() == [True, True, True, False] and gone[8] == "d"
    assert column.tolist()[:2] == ["a", "b"]  # left as it was


def test_masked_events_copy_nothing_when_nothing_is_covered():
    events = _events()
    assert masked_events(events, consent=True) is events
    plain = events.loc[[12]]
    assert masked_events(plain, consent=False) is plain
    assert masked_events(events.iloc[:0], consent=False).empty
    bare = pd.DataFrame({"id": ["a"], "title_en": ["A"]})  # columns it lacks are left alone
    assert masked_events(bare, consent=False) is bare


def test_masked_counts_cover_the_notes_of_flagged_rows():
    counts = pd.DataFrame(
        {
            "id": ["a", "b"],
            "note": ["hands broken in beatings", "people gathered"],
            "violence_described": [True, False],
        }
    )
    out = masked_counts(counts, consent=False, placeholder="[hidden]")
    assert list(out["note"]) == ["[hidden]", "people gathered"]
    assert counts.loc[0, "note"] == "hands broken in beatings"
    assert masked_counts(counts, consent=True) is counts
    older = counts.drop(columns="violence_described")  # a counts.csv without the column
    assert masked_counts(older, consent=False) is older


def test_the_shipped_data_gives_every_graphic_title_a_neutral_one_in_three_languages():
    from lib.events import DEFAULT_DATA_DIR

    events = load_dataset(DEFAULT_DATA_DIR).events
    graphic = events[events["title_neutral_en"].notna()]
    assert len(graphic) >= 6
    assert graphic["violence_described"].all()
    assert "2011-12-16-aa-cell-with-22-detainees" in set(graphic["id"])
    for lang in ("en", "ru", "kk"):
        shown = masked_events(events, consent=False)[f"title_{lang}"]
        assert not shown.fillna("").str.contains("broken limbs|сломаны|сынған", regex=True).any()
    counts = load_dataset(DEFAULT_DATA_DIR).counts
    assert counts.set_index("id").loc["aa-cell-held-together-22", "violence_described"]
    assert not counts.set_index("id").loc["pg-2011-12-18-detained-70", "violence_described"]


def test_a_neutral_title_needs_violence_described_and_an_english_neutral_title():
    ok = EventProperties.model_validate(
        make_event(violence_described=True, title_neutral_en=NEUTRAL)["properties"]
    )
    assert event_rule_problems(ok, True) == []
    loose = EventProperties.model_validate(make_event(title_neutral_en=NEUTRAL)["properties"])
    assert ("title_neutral_en", "is only for events whose violence_described is true") in (
        event_rule_problems(loose, True)
    )
    orphan = EventProperties.model_validate(
        make_event(violence_described=True, title_neutral_ru="Рассказ")["properties"]
    )
    assert ("title_neutral_ru", "needs title_neutral_en") in event_rule_problems(orphan, True)


@pytest.mark.parametrize(("cell", "value"), [("", False), ("false", False), ("true", True)])
def test_a_count_flag_is_true_false_or_empty(cell, value):
    count = Count.model_validate(make_count(violence_described=cell))
    assert count.violence_described is value
    assert count_rule_problems(count) == []


def test_a_count_flag_refuses_other_words():
    with pytest.raises(ValueError, match="'yes' is not true, false or empty"):
        Count.model_validate(make_count(violence_described="yes"))


def test_a_counts_file_without_the_flag_column_still_loads(tmp_path):
    folder = write_dataset(tmp_path / "data")
    lines = (folder / "counts.csv").read_text("utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("violence_described")  # the translation columns follow it
    assert all(line.count(",") == len(header) - 1 for line in lines)  # no quoted commas
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i != column) for line in lines]
    (folder / "counts.csv").write_text("\n".join(cut) + "\n", "utf-8")
    counts = load_dataset(folder).counts
    assert not counts["violence_described"].any()


@pytest.mark.parametrize("dtype", ["str", object])
def test_null_where_blanks_the_masked_cells_and_nothing_else(dtype):
    column = pd.Series(["a", "bb", None, "ccc", "dddd"] * 3, dtype=dtype, index=range(10, 25))
    mask = np.array([True, False, False, True, False] * 3)
    for start in (0, 3):  # a slice starts inside its Arrow buffers
        part, where = column.iloc[start:], mask[start:]
        got = null_where(part, where)
        assert got.dtype == part.dtype and list(got.index) == list(part.index)
        assert got.isna().tolist() == (part.isna().to_numpy() | where).tolist()
        assert got[~where].tolist() == part[~where].tolist()


def test_null_where_shares_the_text_of_arrow_columns():
    column = pd.Series(["one", "two", "three"], dtype="str")
    got = null_where(column, np.array([False, True, False]))
    data = [c.buffers()[2].address for c in (column, got) for c in c.array._pa_array.chunks]
    assert data[0] == data[1]
