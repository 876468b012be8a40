"""Clean scrambled articles twice and count the documents a second run still changes.

Usage: ``python benchmarks/idempotence.py [--docs 3000] [--seed 1]``

Cleaning cleaned text must change nothing. ``tests/test_properties.py`` checks that
on generated and damaged text; this script stresses the structural decisions
(head and tail regions, titles, joins of broken lines) harder: each document is a
run of lines from the seeds and the article fixtures, some hard-wrapped at a
random word, some doubled, some after a blank line, and a third of the
documents shuffled, so furniture lands in the middle of prose and sentences
break across furniture. It prints the count and the first few failures as
diffs between the first and the second run.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import formats  # noqa: E402
from cleaner.pipeline import clean_text  # noqa: E402

MARKER = "\n# output\n"


def source_lines() -> list[str]:
    """Every input line of the seeds and of the article fixtures (their expected outputs left out)."""
    lines: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/data/articles").glob("*.txt")):
        lines += path.read_text(encoding="utf-8").split(MARKER)[0].split("\n")
    return lines


def scrambled(lines: list[str], rng: random.Random) -> str:
    """One document: a run of source lines, wrapped, doubled and spaced at random, maybe shuffled."""
    start = rng.randrange(len(lines))
    document: list[str] = []
    for line in lines[start:start + rng.randrange(3, 25)]:
        roll = rng.random()
        words = line.split(" ")
        if roll < 0.15 and len(words) >= 4:
            cut = rng.randrange(1, len(words))
            document += [" ".join(words[:cut]), " ".join(words[cut:])]
        elif roll < 0.2:
            document += [line, line]
        elif roll < 0.25:
            document += ["", line]
        else:
            document.append(line)
    if rng.random() < 0.3:
        rng.shuffle(document)
    return "\n".join(document) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=3000, help="how many documents to clean twice")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed gives the same documents)")
    parser.add_argument("--show", type=int, default=3, help="how many failures to print")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = source_lines()
    failures = []
    for _ in range(args.docs):
        text = scrambled(lines, rng)
        once = formats.to_txt(clean_text(text))
        twice = formats.to_txt(clean_text(once))
        if twice != once:
            failures.append((text, once, twice))
    print(f"{args.docs} documents, {len(failures)} changed by a second run "
          f"({100 * len(failures) / max(1, args.docs):.2f}%)")
    for text, once, twice in failures[: args.show]:
        print("\n--- input\n" + text.rstrip("\n"))
        print("--- first run -> second run")
        print("\n".join(difflib.unified_diff(once.split("\n"), twice.split("\n"), lineterm="", n=0)))


if __name__ == "__main__":
    main()
