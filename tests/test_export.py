"""Downloads: one CSV writer that quotes text and defuses spreadsheet formulas, for every table."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re

import pandas as pd
import pytest

from lib.counts import figures_table, table_csv
from lib.events import load_dataset
from lib.export import EXPORT_COLUMNS, citation, events_to_csv, sources_to_csv
from tests.factories import make_count, make_event, make_source, write_dataset

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\u00a0=1+1",
    "plain\r=cmd|' /C calc'!A0",
    "plain\n@SUM(1)",
    "plain\r\n  -1+1",
    "a, b\n\n=2",
    "\uff1d1+1",
]


def _live(cell: str) -> bool:
    """Whether a spreadsheet could read any line of ``cell`` as a formula."""
    if cell.startswith(("\t", "\r")):
        return True
    return any(line.lstrip().startswith(TRIGGERS) for line in re.split(r"\r\n|\r|\n", cell))


def _physical_lines_live(text: str) -> list[str]:
    """Lines of the file a naive reader (breaking rows at any CR or LF) would start with a formula."""
    live = []
    for line in re.split(r"\r\n|\r|\n", text):
        head = line.lstrip().removeprefix('"').lstrip()
        if head.startswith(TRIGGERS):
            live.append(line)
    return live


def _check_safe(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert not [cell for row in rows for cell in row if _live(cell)]
    assert not _physical_lines_live(text)
    return rows


def test_write_csv_defuses_every_formula_and_keeps_the_rest() -> None:
    from lib.export import write_csv

    plain = ["plain", "a, b", 'say "hi"', "line one\nline two", "¿Qué? — ✓", "", "a=b", "x-1"]
    data = write_csv(["text", "n"], [[v, i] for i, v in enumerate(FORMULAS + plain)])
    rows = _check_safe(data)
    assert rows[0] == ["text", "n"]
    cells = [r[0] for r in rows[1:]]
    assert cells[len(FORMULAS) :] == plain  # text without a formula round-trips unchanged
    for original, written in zip(FORMULAS, cells, strict=False):
        # defused by an apostrophe where a line starts, the text itself kept
        assert written.replace("'", "") == original.replace("'", "")
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(FORMULAS) + len(plain))]


def test_write_csv_quotes_text_and_leaves_numbers_bare() -> None:
    from lib.export import write_csv

    data = write_csv(["a", "b", "c", "d"], [["x", 1, 2.5, None], ["=1", -3, float("nan"), True]])
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == '"a","b","c","d"'
    assert lines[1] == '"x",1,2.5,""'
    assert lines[2] == '"\'=1",-3,"","true"'


def test_write_csv_puts_a_preamble_in_quoted_cells() -> None:
    from lib.export import write_csv

    data = write_csv(["a"], [["x"]], preamble=["# Title, with =HYPERLINK(1)\r=2"])
    rows = _check_safe(data)
    assert rows[0][0].startswith("# Title, with =HYPERLINK(1)")
    assert len(rows[0]) == 1 and rows[1] == ["a"]


@pytest.fixture
def hostile_dataset(tmp_path):
    events = [
        make_event(
            id=f"e-{i}",
            title_en=f"Title {text}"[:160] if i % 2 else text,
            description_en=text,
            claimant=text,
            place=text,
            time_note_en=text,
            sources=[{"source": "src-a", "locator": text}],
        )
        for i, text in enumerate(FORMULAS)
        if text.strip()
    ]
    sources = [make_source(title="=1+1", publisher="\r@SUM(1)")]
    counts = [
        make_count(claimant=text, note=text, locator=text, id=f"c-{i}")
        for i, text in enumerate(FORMULAS)
    ]
    return load_dataset(write_dataset(tmp_path, events=events, sources=sources, counts=counts))


def test_events_csv_has_no_live_formula(hostile_dataset) -> None:
    cite = citation('=HYPERLINK("http://x","title"), with a comma\r=1+1')
    rows = _check_safe(events_to_csv(hostile_dataset.events, cite))
    assert rows[0][0].startswith("# ") and len(rows[0]) == 1  # the citation is one cell
    header = rows[1]
    assert "title_en" in header and len(rows) == 2 + len(hostile_dataset.events)


def test_sources_csv_names_every_source_an_events_file_cites_and_has_no_live_formula(
    hostile_dataset,
) -> None:
    """An events file cited sources by id ('src-a (p3)') with no list of them to download."""
    rows = _check_safe(sources_to_csv(hostile_dataset.sources, citation("Test dataset")))
    assert rows[0] == ["# " + citation("Test dataset")]
    frame = pd.read_csv(io.BytesIO(sources_to_csv(hostile_dataset.sources, "x")), skiprows=1)
    assert list(frame.columns[:5]) == ["id", "title", "publisher", "date", "url"]
    cited = {ref["source"] for refs in hostile_dataset.events["sources"] for ref in refs}
    assert cited <= set(frame["id"])


def test_the_shipped_sources_csv_reads_back_as_the_data_directory_holds_it() -> None:
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    dataset = load_dataset(data)
    made = pd.read_csv(
        io.BytesIO(sources_to_csv(dataset.sources, "x")),
        skiprows=1,
        dtype=str,
        keep_default_na=False,
    )
    shipped = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    assert list(made.columns) == list(shipped.columns)
    assert made.drop(columns="translations").equals(shipped.drop(columns="translations"))
    assert [json.loads(v or "{}") for v in made["translations"]] == [
        json.loads(v or "{}") for v in shipped["translations"]
    ]


def test_counts_csv_has_no_live_formula(hostile_dataset) -> None:
    table = figures_table(hostile_dataset.counts, hostile_dataset.sources, ["detained"])
    rows = _check_safe(table_csv(table))
    assert len(rows) == 1 + len(hostile_dataset.counts)
    frame = pd.read_csv(io.BytesIO(table_csv(table)))
    assert "Stated by" in frame.columns


def test_a_csv_download_says_it_is_utf8_so_a_spreadsheet_reads_its_cyrillic() -> None:
    """Opened by a double click, a spreadsheet read the Russian and Kazakh texts of a file
    without a byte-order mark in the computer's own code page, as garbage."""
    from lib.export import write_csv

    data = write_csv(["title_ru"], [["Жаңаөзен: забастовка"]], preamble=["# cite"])
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(codecs.BOM_UTF8) == 1
    # what a spreadsheet that guesses from the mark reads: the text, the mark gone
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["# cite"], ["title_ru"], ["Жаңаөзен: забастовка"]]


def test_the_field_guide_offered_with_the_downloads_explains_every_column() -> None:
    """The CSV's headers are field names ('location_precision'); the guide named no
    'longitude' or 'latitude' column, and the page offered no guide."""
    from lib.export import field_guide
    from lib.schema import Source

    guide = field_guide().decode("utf-8")
    columns = [*EXPORT_COLUMNS, "sources", "count_ids", "longitude", "latitude"]
    assert not [c for c in [*columns, *Source.model_fields] if f"`{c}`" not in guide]
