"""Write the fingerprints of the sources' 10-word runs, so tests can tell a copied sentence
without the repository holding the sources' text.

``python tools/source_shingles.py SOURCE [SOURCE ...] > tests/source_shingles.txt``
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 10
"""Words in a row that make a sentence copied rather than quoted in a short phrase."""


def words(text: str) -> list[str]:
    """Return the text's words, lower case, without punctuation or paragraph markers."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", re.sub(r"\[p\d+\]", " ", text.lower()))


def fingerprints(text: str, run: int = RUN) -> set[str]:
    """Return the first 12 hex digits of the sha256 of every ``run`` words in a row."""
    found = words(text)
    return {
        hashlib.sha256(" ".join(found[i : i + run]).encode()).hexdigest()[:12]
        for i in range(len(found) - run + 1)
    }


if __name__ == "__main__":
    shingles = set().union(
        *(fingerprints(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:])
    )
    sys.stdout.write("".join(f"{s}\n" for s in sorted(shingles)))
