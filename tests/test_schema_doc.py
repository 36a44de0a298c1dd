"""The documentation cannot drift from the schema: docs/schema.json and docs/data.md."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pytest

from lib import schema
from lib.schema import Count, EventProperties, Source, json_schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_JSON = ROOT / "docs" / "schema.json"
DATA_MD = ROOT / "docs" / "data.md"
REGENERATE = "regenerate it: .venv/bin/python -m lib.schema > docs/schema.json"

VOCABULARIES = [
    member
    for _, member in inspect.getmembers(schema, inspect.isclass)
    if issubclass(member, StrEnum) and member.__module__ == schema.__name__
]


def test_vocabularies_are_found():
    names = {v.__name__ for v in VOCABULARIES}
    assert {
        "Category",
        "TimePrecision",
        "PartOfDay",
        "LocationPrecision",
        "ClaimantType",
        "ClaimType",
        "Qualifier",
        "Metric",
    } <= names


def test_committed_schema_json_equals_the_generated_one():
    expected = json.dumps(json_schemas(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_JSON.read_text(encoding="utf-8") == expected, REGENERATE


def test_the_documented_command_writes_the_committed_file():
    result = subprocess.run(
        [sys.executable, "-m", "lib.schema"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout == SCHEMA_JSON.read_text(encoding="utf-8"), REGENERATE


def test_schema_json_lists_every_vocabulary_value():
    """Each enum appears in the JSON Schema with exactly the values of the model."""
    document = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    enums = {
        name: definition["enum"]
        for part in document.values()
        for name, definition in part.get("$defs", {}).items()
        if "enum" in definition
    }
    for vocabulary in VOCABULARIES:
        assert enums[vocabulary.__name__] == [m.value for m in vocabulary]


@pytest.fixture(scope="module")
def guide() -> str:
    return DATA_MD.read_text(encoding="utf-8")


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_data_md_explains_every_vocabulary_value(guide, vocabulary):
    """Every allowed value is written as code in a table row that explains it."""
    rows = [line for line in guide.splitlines() if line.startswith("|")]
    missing = [
        m.value
        for m in vocabulary
        if not any(re.match(rf"\|\s*`{re.escape(m.value)}`\s*\|\s*\S", row) for row in rows)
    ]
    assert missing == [], f"docs/data.md has no table row explaining {missing}"


@pytest.mark.parametrize("model", [EventProperties, Source, Count], ids=lambda m: m.__name__)
def test_data_md_describes_every_field(guide, model):
    missing = [name for name in model.model_fields if f"`{name}`" not in guide]
    assert missing == [], f"docs/data.md does not mention {missing}"


def test_data_md_names_the_files_and_the_command(guide):
    for text in (
        "events.geojson",
        "sources.csv",
        "counts.csv",
        "make validate",
        "python -m lib.validate data",
        "file:record:field: message",
        "[52.85528, 43.33778]",
        "[51.15, 43.65]",
    ):
        assert text in guide


def test_data_md_explains_every_column_of_the_counts_download(guide):
    """The Counts page's CSV has headers of its own ("Qualifier (code)", "Adds to (ID)"): the
    guide explained the events' CSV and not this one. Each header, in the file's order, is a
    row of the table under counts.csv's "In the downloads"."""
    from lib.counts import FILE_COLUMNS
    from lib.i18n import t

    part = guide[guide.index("## counts.csv") : guide.index("## dataset.json")]
    part = part[part.index("### In the downloads") :]
    rows = [re.match(r"\|\s*([^|]+?)\s*\|", line) for line in part.splitlines()]
    headers = [m.group(1) for m in rows if m and m.group(1) not in ("Header", "---")]
    assert headers == [t(f"counts.col.{c}", "en") for c in FILE_COLUMNS]
