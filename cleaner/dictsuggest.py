"""``cleaner dict suggest``: rank word n-grams of spun articles that look spun but are unknown.

A candidate n-gram (1-3 words, outside the dictionary's own matches and quotes) scores
high when English rarely prints it (symspellpy's frequency lists: an absent bigram, a rare
word) while its words are ordinary, when it recurs across the documents, and when clean
articles (``--clean``) never use it. For a two-word candidate the lists may also offer a
best guess: the most frequent bigram that keeps one of its words.
"""

from __future__ import annotations

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
#: Words of an n-gram must be separated by a single space: no punctuation in between.
GAP = regex.compile(r" ")


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


def guess(ngram: str) -> str:
    """A frequent bigram sharing one word with a two-word candidate ("final month" → "last month")."""
    words = ngram.split()
    if len(words) != 2:
        return ""
    first, second = words
    best, best_count = "", 0
    for pair, count in bigrams().items():
        left, right = pair.split(" ", 1)
        shares_one = (right == second and left != first) or (left == first and right != second)
        if count > best_count and shares_one and left not in STOP and right not in STOP:
            best, best_count = pair, count
    return best


def suggest(texts: dict[str, str], dictionary: SpinDictionary, clean_texts: list[str], top: int) -> list[Suggestion]:
    """Rank unknown spun-looking n-grams across ``texts`` (name → text)."""
    clean_grams: set[str] = set()
    for text in clean_texts:
        words = [w[0] for w in _words(text, [])]
        for n in (1, 2, 3):
            clean_grams.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    documents: dict[str, set[str]] = defaultdict(set)
    contexts: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for name, text in texts.items():
        skip = quoted_spans(text) + [(m.start, m.end) for m in dictionary.find(text)]
        words = _words(text, skip)
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                window = words[i:i + n]
                gram_words = [w[0] for w in window]
                if gram_words[0] in STOP or gram_words[-1] in STOP or any(w.isdigit() for w in gram_words):
                    continue
                # Adjacent words only, and no names: spun forms are ordinary words in odd pairs.
                if any(text[a[2]:b[1]] != " " for a, b in itertools.pairwise(window)) or any(w[3] for w in window):
                    continue
                gram = " ".join(gram_words)
                if gram in clean_grams:
                    continue
                counts[gram] += 1
                documents[gram].add(name)
                if len(contexts[gram]) < 3:
                    start = words[i][1]
                    contexts[gram].append(text[max(0, start - 40):start + 60].replace("\n", " "))
    scored = []
    for gram, count in counts.items():
        value = rarity(gram) * (1 + math.log(count)) * len(documents[gram])
        if value > 0:
            scored.append(Suggestion(gram, value, len(documents[gram]), contexts[gram]))
    scored.sort(key=lambda s: (-s.score, s.ngram))
    chosen = scored[:top]
    for suggestion in chosen:
        suggestion.guess = guess(suggestion.ngram)
    return chosen
