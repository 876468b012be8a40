"""Shared helpers for the spin tests: the spun frame and the substitution rows."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "spin"

#: A paragraph of spun prose (written for these tests, in the spinner's style) that puts any
#: document it opens over the gate threshold, so rows and lookalikes are tested in a spun document.
SPUN_FRAME = (
    "The Overseas Ministry introduced final 12 months that the World Warfare II memorial would open "
    "subsequent week, and 1000's of troopers would attend the army parade in response to officers."
)


def substitution_rows(family: str = "A") -> list[tuple[str, str]]:
    """(spun, original) pairs of one family from substitutions.tsv, in file order."""
    with (DATA / "substitutions.tsv").open(encoding="utf-8") as stream:
        rows = [row for row in csv.reader(stream, delimiter="\t") if row and not row[0].startswith("#")]
    return [(row[0], row[1]) for row in rows[1:] if row[3] == family]


def known_misses() -> dict[str, str]:
    """Spun forms the dictionary does not restore on purpose, with the reason."""
    misses = {}
    for line in (DATA / "known_misses.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            spun, reason = line.split("\t")
            misses[spun] = reason
    return misses


def row_contexts() -> dict[str, tuple[str, str]]:
    """Spun forms whose entry needs context: a sentence that gives it, and the original wording expected."""
    contexts = {}
    for line in (DATA / "row_contexts.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            spun, sentence, expected = line.split("\t")
            contexts[spun] = (sentence, expected)
    return contexts


def in_spun_document(sentence: str) -> str:
    """Put one sentence after the spun frame, as the last line of a document."""
    return f"{SPUN_FRAME}\n{sentence}\n"
