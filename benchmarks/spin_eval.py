"""Score spin restoration on line-aligned spun/original pairs.

Usage::

    python benchmarks/spin_eval.py SPUN.txt ORIGINAL.txt      # line i of one is line i of the other
    python benchmarks/spin_eval.py --substitutions tests/data/spin/substitutions.tsv [--family A]

Each spun line is cleaned inside a spun document (so the gate fires, as it would
on the article it came from) and compared with the original token by token:

* restored: a token the spinner changed is back to the original;
* wrong: a token the spinner changed was edited, but not to the original;
* missed: a token the spinner changed is still spun;
* false edits: a token the spinner left alone was changed by cleaning.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import clean
from tests.spin_support import SPUN_FRAME


@dataclass
class Score:
    """Token counts over all pairs."""

    restored: int = 0
    wrong: int = 0
    missed: int = 0
    false_edits: int = 0
    correct_tokens: int = 0

    def add_pair(self, spun: str, original: str, cleaned: str) -> None:
        """Count one aligned line."""
        spun_tokens, original_tokens, cleaned_tokens = spun.split(), original.split(), cleaned.split()
        spun_same = _matched(original_tokens, spun_tokens)
        cleaned_same = _matched(original_tokens, cleaned_tokens)
        cleaned_spun_same = _matched(spun_tokens, cleaned_tokens)
        spun_positions = _positions(original_tokens, spun_tokens)
        for index in range(len(original_tokens)):
            if index in spun_same:
                self.correct_tokens += 1
                if index not in cleaned_same:
                    self.false_edits += 1
            elif index in cleaned_same:
                self.restored += 1
            elif spun_positions.get(index) in cleaned_spun_same:
                self.missed += 1
            else:
                self.wrong += 1

    def report(self) -> str:
        """A few lines: counts and rates."""
        changed = self.restored + self.wrong + self.missed
        rate = 100 * self.restored / changed if changed else 0.0
        false_rate = 100 * self.false_edits / self.correct_tokens if self.correct_tokens else 0.0
        return (f"spun tokens: {changed}; restored {self.restored} ({rate:.1f}%), wrong {self.wrong}, "
                f"missed {self.missed}\nfalse edits on correct tokens: {self.false_edits} of "
                f"{self.correct_tokens} ({false_rate:.2f}%)")


def _matched(reference: list[str], other: list[str]) -> set[int]:
    """Positions of ``reference`` tokens that ``other`` has unchanged."""
    matcher = difflib.SequenceMatcher(a=reference, b=other, autojunk=False)
    return {block.a + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def _positions(reference: list[str], other: list[str]) -> dict[int, int]:
    """Map each changed ``reference`` position to the first position of its replacement in ``other``."""
    mapping = {}
    matcher = difflib.SequenceMatcher(a=reference, b=other, autojunk=False)
    for tag, a0, a1, b0, _b1 in matcher.get_opcodes():
        if tag != "equal":
            for index in range(a0, a1):
                mapping[index] = b0
    return mapping


def clean_line(spun: str) -> str:
    """Clean one spun line inside a spun document and return it."""
    return clean(f"{SPUN_FRAME}\n{spun}\n").text.splitlines()[-1]


def pairs_from_substitutions(path: Path, family: str) -> list[tuple[str, str]]:
    """Turn substitution rows into sentence pairs with a neutral frame."""
    with path.open(encoding="utf-8") as stream:
        rows = [r for r in csv.reader(stream, delimiter="\t") if r and not r[0].startswith("#")][1:]
    return [(f"Reporters noted {r[0]} in the report.", f"Reporters noted {r[1]} in the report.")
            for r in rows if family == "all" or r[3] == family]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="SPUN.txt ORIGINAL.txt")
    parser.add_argument("--substitutions", type=Path, help="a substitutions.tsv file instead of two files")
    parser.add_argument("--family", default="A", help="family of rows to use (A, other, all)")
    args = parser.parse_args()
    if args.substitutions:
        pairs = pairs_from_substitutions(args.substitutions, args.family)
    elif len(args.files) == 2:
        spun_lines = args.files[0].read_text(encoding="utf-8").splitlines()
        original_lines = args.files[1].read_text(encoding="utf-8").splitlines()
        pairs = list(zip(spun_lines, original_lines, strict=True))
    else:
        parser.error("give SPUN.txt ORIGINAL.txt or --substitutions FILE")
    score = Score()
    for spun, original in pairs:
        score.add_pair(spun, original, clean_line(spun))
    print(f"{len(pairs)} line pairs")
    print(score.report())


if __name__ == "__main__":
    main()
