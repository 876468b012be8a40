"""``cleaner dict suggest``: rank word n-grams of spun articles that look spun but are unknown.

A candidate n-gram (1-3 words, outside the dictionary's own matches and quotes) scores
high when English rarely prints it (symspellpy's frequency lists: an absent bigram, a rare
word) while its words are ordinary, when it recurs across the documents, and when clean
articles (``--clean``) never use it. For a two-word candidate the lists may also offer a
best guess: the most frequent bigram that keeps one of its words.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import regex

from cleaner.frequencies import bigrams, unigrams
from cleaner.spin_dictionary import SpinDictionary, normalize, quoted_spans

WORD = regex.compile(r"[\p{L}][\p{L}'’-]*|\p{N}+(?:['’]s)?")
STOP = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or", "but", "is",
    "are", "was", "were", "be", "been", "it", "its", "this", "that", "with", "as", "from", "he", "she",
    "they", "we", "i", "you", "his", "her", "their", "our", "not", "no", "has", "have", "had", "will",
    "would", "could", "may", "can", "said", "says",
))


@dataclass
class Suggestion:
    """One candidate spun form with its score, evidence and a guess at the original."""

    ngram: str
    score: float
    documents: int
    contexts: list[str] = field(default_factory=list)
    guess: str = ""


def _words(text: str, skip: list[tuple[int, int]]) -> list[tuple[str, int, int, bool]]:
    """(lowercase word, start, end, capitalized mid-sentence) for words outside ``skip``."""
    found = []
    for m in WORD.finditer(text):
        if any(s <= m.start() < e for s, e in skip):
            continue
        before = text[max(0, m.start() - 2):m.start()]
        sentence_start = m.start() == 0 or before.endswith(("\n", ". ", "“", "\"")) or before.strip() == ""
        found.append((m.group().lower(), m.start(), m.end(), m.group()[:1].isupper() and not sentence_start))
    return found


def rarity(ngram: str) -> float:
    """How unexpected an n-gram is in English: high for absent bigrams made of common words."""
    words = ngram.split()
    counts = [unigrams().get(normalize(w), 0) for w in words]
    if len(words) == 1:
        return 12.0 - math.log10(counts[0] + 10) if counts[0] else 3.0
    common_parts = sum(math.log10(c + 10) for c in counts) / len(words)
    pair_counts = [bigrams().get(normalize(f"{x} {y}"), 0) for x, y in itertools.pairwise(words)]
    missing = sum(1 for c in pair_counts if c == 0)
    return common_parts * missing / len(pair_counts)


@functools.cache
def _neighbors() -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Index the bigram list both ways: word → {following word: count}, word → {preceding word: count}."""
    following: dict[str, dict[str, int]] = defaultdict(dict)
    preceding: dict[str, dict[str, int]] = defaultdict(dict)
    for pair, count in bigrams().items():
        left, _, right = pair.partition(" ")
        following[left][right] = count
        preceding[right][left] = count
    return following, preceding


def guess(ngram: str, before: str | None = None, after: str | None = None) -> str:
    """Return the most frequent form the lists offer in the n-gram's place, or "".

    Why: a spun form sits where English has a frequent wording; for one word that is the
    word x with both "before x" and "x after" listed, for two words the listed bigram that
    keeps one of them ("final month" → "last month", "subsequent week" → "next week").

    Example: ``guess("subsequent week")`` gives "next week"; ``guess("checklist", "the", ".")``
    gives a word the lists print after "the".
    """
    following, preceding = _neighbors()
    words = [normalize(w) for w in ngram.split()]
    options: dict[str, int] = {}
    if len(words) == 1 and before:
        after_before = following.get(normalize(before), {})
        if after:
            into_after = preceding.get(normalize(after), {})
            options = {x: min(c, into_after[x]) for x, c in after_before.items() if x in into_after}
        else:
            options = dict(after_before)
        options = {f"{x}": c for x, c in options.items() if x != words[0] and x not in STOP}
    elif len(words) == 2:
        first, second = words
        options = {f"{x} {second}": c for x, c in preceding.get(second, {}).items() if x != first and x not in STOP}
        options.update({f"{first} {x}": c for x, c in following.get(first, {}).items()
                        if x != second and x not in STOP})
    if not options:
        return ""
    return max(sorted(options), key=lambda form: options[form])


def _gram_at(words: list[tuple[str, int, int, bool]], text: str, i: int, n: int) -> str | None:
    """The n-gram starting at word ``i`` if it is a candidate, else None.

    Candidates are adjacent ordinary words (one space apart, no names, no digits) that
    neither start nor end with a function word: spun forms are ordinary words in odd pairs.
    """
    window = words[i:i + n]
    gram_words = [w[0] for w in window]
    if gram_words[0] in STOP or gram_words[-1] in STOP or any(w[:1].isdigit() for w in gram_words):
        return None
    if any(text[a[2]:b[1]] != " " for a, b in itertools.pairwise(window)) or any(w[3] for w in window):
        return None
    return " ".join(gram_words)


def _adjacent(words: list[tuple[str, int, int, bool]], text: str, i: int, j: int) -> str | None:
    """Word ``j`` if it exists and is one space from word ``i``, else None (punctuation, a line edge)."""
    if not 0 <= j < len(words):
        return None
    a, b = sorted((words[i], words[j]), key=lambda w: w[1])
    return words[j][0] if text[a[2]:b[1]] == " " else None


def fits(gram: str, before: str | None, after: str | None) -> int:
    """Count the listed bigrams joining the n-gram to its neighbours: natural wording scores 1 or 2."""
    words = gram.split()
    pairs = [f"{before} {words[0]}" if before else "", f"{words[-1]} {after}" if after else ""]
    return sum(1 for pair in pairs if pair and bigrams().get(normalize(pair), 0))


def suggest(texts: dict[str, str], dictionary: SpinDictionary, clean_texts: list[str], top: int) -> list[Suggestion]:
    """Rank unknown spun-looking n-grams across the spun ones of ``texts`` (name → text).

    Why each factor: rarity finds odd wording, a listed bigram at either edge of a single word
    says it sits naturally in its sentence (halves the score), a frequent wording in its place
    (``guess``) hints at the near-synonym a spinner swapped out, and repetition across
    spun documents separates a spinner's habit from one writer's choice. A guess is shown,
    never scored: the lists offer some frequent neighbour for almost any word. N-grams the
    dictionary already matches, quoted speech and anything in ``clean_texts`` are skipped.

    Example: with "subsequent week" removed from the dictionary, seed 003 ranks
    "subsequent week" (absent from the bigram list, guess "next week") in its top 20.
    """
    from cleaner.stages.spin import judge

    clean_grams: set[str] = set()
    for text in clean_texts:
        words = [w[0] for w in _words(text, [])]
        for n in (1, 2, 3):
            clean_grams.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    documents: dict[str, set[str]] = defaultdict(set)
    contexts: dict[str, list[str]] = defaultdict(list)
    places: dict[str, tuple[str | None, str | None]] = {}
    natural: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for name, text in texts.items():
        matches = dictionary.find(text)
        if not judge([m for m in matches if m.entry.tier != "word"], dictionary.count_words(text), "auto").spun:
            continue
        words = _words(text, quoted_spans(text) + [(m.start, m.end) for m in matches])
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                gram = _gram_at(words, text, i, n)
                if gram is None or gram in clean_grams:
                    continue
                before, after = _adjacent(words, text, i, i - 1), _adjacent(words, text, i + n - 1, i + n)
                counts[gram] += 1
                documents[gram].add(name)
                natural[gram] += fits(gram, before, after) > 0
                places.setdefault(gram, (before, after))
                if len(contexts[gram]) < 3:
                    start = words[i][1]
                    line_start = text.rfind("\n", 0, start) + 1
                    line_end = text.find("\n", start)
                    line_end = len(text) if line_end < 0 else line_end
                    contexts[gram].append(text[max(line_start, start - 40):min(line_end, start + 60)])
    scored = []
    for gram, count in counts.items():
        value = rarity(gram) * (1 + math.log(count)) * len(documents[gram])
        if " " not in gram and natural[gram] * 2 > count:
            value /= 2
        if value > 0:
            scored.append(Suggestion(gram, value, len(documents[gram]), contexts[gram]))
    # Guesses cost a look-up each: only the shown suggestions get one.
    scored.sort(key=lambda s: (-s.score, s.ngram))
    shortlist = scored[:top]
    for suggestion in shortlist:
        suggestion.guess = guess(suggestion.ngram, *places[suggestion.ngram])
    return shortlist[:top]
