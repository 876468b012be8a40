"""English word and bigram frequencies from symspellpy's bundled lists, loaded once when asked.

They tell a common form ("last year") from a rare one ("final year"); the dictionary
tools use them to rank and guess, never to edit text.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def unigrams() -> dict[str, int]:
    """Word → count (Google Books, lowercase)."""
    return _load("frequency_dictionary_en_82_765.txt")


@functools.cache
def bigrams() -> dict[str, int]:
    """"word word" → count (only bigrams seen more than 6.4 million times)."""
    return _load("frequency_bigramdictionary_en_243_342.txt")


def _load(name: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    text = resources.files("symspellpy").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        *words, count = line.split()
        if words and count.isdigit():
            counts[" ".join(words)] = int(count)
    return counts


def frequency(phrase: str) -> int:
    """The count of a one- or two-word phrase (0 when the lists do not have it)."""
    words = phrase.lower().split()
    if len(words) == 1:
        return unigrams().get(words[0], 0)
    if len(words) == 2:
        return bigrams().get(" ".join(words), 0)
    return 0
