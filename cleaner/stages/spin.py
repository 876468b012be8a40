"""spin: decide whether a document was synonym-spun, and only then restore its wording.

Detection and repair share one Aho-Corasick pass over the document (see
:mod:`cleaner.spin_dictionary`). Markers (forms edited news never prints,
"World Warfare", "final 12 months") and phrase hits per 1,000 words give
``spin.score``; below the threshold the stage makes no edit at all, so a clean
article costs one automaton pass and comes through untouched.

In a spun document, entries apply in one pass, longest match first, never to
the output of another entry; ambiguous words apply only where their context
pins them. Quoted speech is skipped unless ``spin_in_quotes`` is set: most
spinners leave quotes alone, so a quote is original wording.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from typing import Any

from cleaner.config import Config
from cleaner.lineshape import breaks_mid_sentence
from cleaner.model import Document, Edit, SpinVerdict, line_starts
from cleaner.rules import Rule, enabled_codes
from cleaner.spin_dictionary import Match, SpinDictionary, load, normalize, quoted_spans

STAGE = "spin"
#: Metadata values the boilerplate stage lifts that a spun page spun too.
REPAIRED_FIELDS = ("title", "description", "publisher", "copyright")
#: What ends a sentence: the next word opens one ("… fell. 1000's of homes" → "Thousands").
SENTENCE_STOPS = ".!?…"
#: What may close a sentence after its stop: 'he said.” 1000's of …' still opens one.
CLOSERS = "'\"’”)]"
#: What may open the next sentence before its first word: '(1000's left.)' → '(Thousands left.)'.
OPENERS = "'\"‘“(["

#: Weight of a marker in the score: one marker is as telling as three phrase hits.
MARKER_WEIGHT = 3.0
#: Score (weighted distinct forms per 1,000 words) above which a document counts as spun.
#: Clean news carries 2-10 spin-looking forms per 1,000 words, spun text over 100 (the
#: spin data's notes); the four clean seeds score 0 and seed 003 scores far above.
THRESHOLD = 30.0
#: A short text needs this much evidence too, so one stray phrase never flips a brief.
MIN_WEIGHT = 6.0
#: Word counts below this are scored as if this long, so short texts are not over-scored.
MIN_WORDS = 150


def rules(dictionaries: str | None = None) -> list[Rule]:
    """The spin stage's rule records: one per dictionary entry."""
    return list(load(dictionaries).rules)


def score(matches: list[Match], words: int) -> tuple[float, float]:
    """Return (score per 1,000 words, total weight) for the gate.

    Each distinct form counts once: a clean article that names "Nationwide Children’s
    Hospital" five times has one odd-looking form, while a spun one has dozens.
    """
    forms = {(m.entry.tier, normalize(m.found)) for m in matches if m.entry.tier != "word"}
    weight = sum(MARKER_WEIGHT if tier == "marker" else 1.0 for tier, _form in forms)
    return 1000.0 * weight / max(words, MIN_WORDS), weight


def judge(matches: list[Match], words: int, mode: str) -> SpinVerdict:
    """Turn the gate's evidence into a verdict under ``--spin auto|always|never``."""
    value, weight = score(matches, words)
    markers = tuple(sorted({m.found.lower() for m in matches if m.entry.tier == "marker"}))
    if mode == "never":
        spun = False
    elif mode == "always":
        spun = True
    else:
        spun = value >= THRESHOLD and weight >= MIN_WEIGHT
    return SpinVerdict(score=value, spun=spun, markers=markers)


def run(doc: Document, config: Config) -> Document:
    """Score the document; in a spun one, restore standard wording.

    A clean article costs one automaton pass and nothing else: quoted speech is
    located and words are counted only once the gate has evidence to weigh.
    """
    dictionary: SpinDictionary = load(config.dictionaries)
    enabled = enabled_codes(config, STAGE)
    layout = enabled_codes(config, "layout")
    joins, folds = "L102" in layout, "L103" in layout
    repeats = repeats_a_line(doc.lines)
    text = joined_view(doc.lines, folds and repeats, doc.text) if joins else doc.text
    gate_text = _unique_lines(doc.lines, joins) if repeats else text
    gate_skip = None
    evidence = dictionary.find(gate_text, words=False)
    if evidence:
        gate_skip = _quotes(gate_text, config)
        evidence = _usable(evidence, enabled, gate_skip)
    chosen = dictionary.select(gate_text, evidence)
    # Without evidence the score is 0 whatever the length, so the words need no counting.
    verdict = judge(chosen, dictionary.count_words(gate_text) if chosen else 0, config.spin)
    if not verdict.spun:
        return doc.with_edits((), spin=verdict)
    skip = gate_skip if gate_text is text and gate_skip is not None else _quotes(text, config)
    if gate_text is text:  # the gate's evidence is reused; only the word entries remain to find
        candidates = evidence + _usable(dictionary.find(text, gate=False), enabled, skip)
    else:
        candidates = _usable(dictionary.find(text), enabled, skip)
    edits = _edits(dictionary.select(text, candidates), doc.lines)
    return doc.with_edits(edits + _field_edits(dictionary, doc.metadata, enabled, config), spin=verdict)


def _field_edits(dictionary: SpinDictionary, metadata: Mapping[str, Any], enabled: frozenset[str],
                 config: Config) -> list[Edit]:
    """Repair the metadata the boilerplate stage lifted out of a spun page before spin ran.

    The page spun its headline, standfirst, outlet and copyright line with the rest
    ("Flood defences rebuilt after storm, native officers say"; "The Related Press"),
    and the headline is the first thing a reader of the output sees. In a Title Case
    value only markers and lower-case phrases apply: Title Case gives every word the
    capital that a word entry's context may read as a name, and that a capitalized
    phrase ("U.S. Lawyer" for "U.S. Attorney") needs as its proof.
    """
    edits = []
    for name in REPAIRED_FIELDS:
        value = metadata.get(name)
        if not isinstance(value, str) or not value:
            continue
        title_case = is_title_case(value)
        found = _usable(dictionary.find(value, words=not title_case), enabled, _quotes(value, config))
        if title_case:
            found = [m for m in found if m.entry.tier == "marker" or not m.entry.case_sensitive]
        for match in dictionary.select(value, found):
            replacement = _cased(match, value[:match.start])
            if title_case and not match.found[:1].isalpha():
                replacement = " ".join(word[:1].upper() + word[1:] for word in replacement.split(" "))
            edits.append(Edit(STAGE, match.entry.code, 0, match.found, replacement, col=match.start, field=name))
    return edits


def is_title_case(value: str) -> bool:
    """Say whether most of a value's longer words are capitalized, as in a headline.

    Example: "Storm Leaves 1000's Without Power" is Title Case; "Storm leaves
    thousands without power" is not. Words of three letters or fewer ("of", "the")
    are left out, since headline styles differ on them.
    """
    words = [word for word in value.split() if len(word) > 3 and word[:1].isalpha()]
    return bool(words) and sum(word[:1].isupper() for word in words) >= 0.6 * len(words)


def _unique_lines(lines: tuple[str, ...], joins: bool) -> str:
    """The text with repeated lines counted once, as the layout stage will print it.

    Scoring the text with its repeats would let a second run (after layout has
    folded them) reach a different verdict: cleaning must be idempotent. Blank
    lines all stay: they keep paragraphs apart, so dropping one would join lines
    that layout never joins.
    """
    seen: set[str] = set()
    unique = tuple(line for line in lines if not line.strip() or (line not in seen and not seen.add(line)))
    return joined_view(unique, folds=False) if joins else "\n".join(unique) + "\n"  # nothing left to fold


def repeats_a_line(lines: tuple[str, ...]) -> bool:
    """Say whether a line that is not empty occurs twice (empty lines repeat in every article).

    Example: ("Kim arrived.", "", "He left.", "") repeats none; ("Sign in", "Sign in") does.
    """
    empty = lines.count("")
    return len(set(lines)) != len(lines) - empty + (1 if empty else 0)


def joined_view(lines: tuple[str, ...], folds: bool, text: str | None = None) -> str:
    """Return the text with a space, not a line break, where layout will join a sentence broken across lines.

    Offsets are those of the plain text (one character for one), so matches map
    back to lines as before: "till additional" / "discover." reads "till
    additional discover.", found on the first run, not only on a second run over
    the joined output. Only neighbours are joined, as layout joins them
    (tests/test_spin.py checks the two agree): neither blank, neither a repeat
    that layout folds. ``text`` is the lines' plain text, when the caller has it.
    """
    if text is None:
        text = "\n".join(lines) + "\n" if lines else ""
    if folds and repeats_a_line(lines):
        return _joined_with_folds(lines)
    return _joined_without_folds(lines, text)


#: A line break after a word or a comma and before a line that is not empty: only there can
#: layout join two lines (``breaks_mid_sentence`` needs a letter, digit or comma to end the first).
#: The line break comes first in the pattern so that the regex engine skips ahead to each one.
JOIN_CANDIDATE = re.compile(r"\n(?<=[\w,]\n)(?=[^\n])")


def _joined_without_folds(lines: tuple[str, ...], text: str) -> str:
    """Judge only the line breaks a regex finds after a word or a comma (no line repeats, so none folds).

    Most articles separate paragraphs with blank lines or end each line with a
    stop, so judging every line in Python would cost a call per line for nothing.
    Example: ("He went to", "Seoul.") gives "He went to Seoul.\n".
    """
    joins: list[int] = []
    line, position = 0, 0
    for candidate in JOIN_CANDIDATE.finditer(text):
        at = candidate.start()
        line += text.count("\n", position, at)
        position = at
        following = lines[line + 1]
        if following.strip() and breaks_mid_sentence(lines[line], following):
            joins.append(at)
    if not joins:
        return text
    pieces, start = [], 0
    for at in joins:
        pieces.append(text[start:at])
        pieces.append(" ")
        start = at + 1
    pieces.append(text[start:])
    return "".join(pieces)


def _joined_with_folds(lines: tuple[str, ...]) -> str:
    """Judge every line break, folding a line that repeats the last line layout keeps.

    Example: ("He went to", "He went to", "Seoul.") gives "He went to\nHe went to\nSeoul.\n":
    layout folds the copy and joins "Seoul." to the first line, not a neighbour.
    """
    parts: list[str] = []
    last_kept: str | None = None  # the last line layout keeps (not blank, not folded)
    previous_kept = False  # whether the line just before was that line
    for line in lines:
        blank = not line.strip()
        folded = not blank and line == last_kept
        joined = previous_kept and not blank and not folded and breaks_mid_sentence(parts[-1], line)
        parts.append(" " if joined else "\n")
        parts.append(line)
        if not blank and not folded:
            last_kept = line
        previous_kept = not blank and not folded
    parts.append("\n")
    return "".join(parts[1:])


def _quotes(text: str, config: Config) -> list[tuple[int, int]]:
    """The spans of quoted speech to leave alone (none under ``spin_in_quotes``)."""
    return [] if config.spin_in_quotes else quoted_spans(text)


def _usable(matches: list[Match], enabled: frozenset[str], skip: list[tuple[int, int]]) -> list[Match]:
    """Keep matches of enabled entries outside quoted speech."""
    if not skip:
        return [m for m in matches if m.entry.code in enabled]
    starts = [start for start, _end in skip]
    return [m for m in matches if m.entry.code in enabled and not _inside(m, skip, starts)]


def _inside(match: Match, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Say whether a match lies within a quoted span (spans sorted and disjoint)."""
    index = bisect.bisect_right(starts, match.start) - 1
    return index >= 0 and match.end <= spans[index][1]


def _edits(chosen: list[Match], lines: tuple[str, ...]) -> list[Edit]:
    """One span edit per chosen match (in text order), located by line and column."""
    starts = line_starts(lines)
    edits: list[Edit] = []
    line = 0
    for match in chosen:
        line = bisect.bisect_right(starts, match.start, line) - 1
        col = match.start - starts[line]
        before = lines[line][:col]
        if not before.strip() and line > 0:
            before = lines[line - 1]  # a sentence broken across lines goes on here; layout will join them
        replacement = _cased(match, before)
        if col + len(match.found) <= len(lines[line]):
            edits.append(Edit(STAGE, match.entry.code, line + 1, match.found, replacement, col=col))
        elif line + 1 < len(lines):
            broken = _broken_edits(match, replacement, col, lines[line], lines[line + 1], line + 1)
            if not any(_overlap(new, old) for new in broken for old in edits[-2:]):
                edits.extend(broken)
    return edits


def _broken_edits(match: Match, replacement: str, col: int, first: str, second: str, number: int) -> list[Edit]:
    """Two edits for a match broken across the join of line ``number`` and the next.

    Layout joins the two lines with one space, so the edits must leave them
    joinable. A replacement of as many words as the match is shared word for word
    ("Subsequent" / "week Kim …" gives "Next" / "week Kim …"). Another goes on the
    second line when the first keeps text before the match ("… residents to keep
    away" / "from the riverbank." gives "… residents to" / "avoid the riverbank."),
    else on the first line when the second keeps text after it. A match is left
    as it is when neither way lets layout join the lines (a line left empty or
    ending in a stop, a capital after the break): the sentence stays one
    paragraph, spun, rather than two.
    """
    code = match.entry.code
    head = first[col:]
    tail_length = len(match.found) - len(head) - 1  # the joining space is on neither line
    if tail_length <= 0 or tail_length > len(second):
        return []
    tail = second[:tail_length]
    words, replaced = head.split(" "), replacement.split(" ")
    if len(words) + len(tail.split(" ")) == len(replaced):  # word for word: each line keeps its share
        edits = [Edit(STAGE, code, number, head, " ".join(replaced[:len(words)]), col=col),
                 Edit(STAGE, code, number + 1, tail, " ".join(replaced[len(words):]), col=0)]
        return [edit for edit in edits if edit.before != edit.after]
    kept_before, kept_after = first[:col - 1], second[tail_length + 1:]
    if first[col - 1:col] == " " and breaks_mid_sentence(kept_before, replacement + second[tail_length:]):
        return [Edit(STAGE, code, number, first[col - 1:], "", col=col - 1),
                Edit(STAGE, code, number + 1, tail, replacement, col=0)]
    if second[tail_length:tail_length + 1] == " " and breaks_mid_sentence(first[:col] + replacement, kept_after):
        return [Edit(STAGE, code, number, head, replacement, col=col),
                Edit(STAGE, code, number + 1, tail + " ", "", col=0)]
    return []


def _overlap(one: Edit, other: Edit) -> bool:
    """Say whether two span edits touch the same characters of one line."""
    if one.line != other.line or one.col is None or other.col is None:
        return False
    return one.col < other.col + len(other.before) and other.col < one.col + len(one.before)


def _cased(match: Match, before: str) -> str:
    """The match's replacement, capitalized if its spun form had no case to copy and it opens a sentence.

    Example: "1000's" after "Rain fell. " gives "Thousands"; after "had left" (on the line
    before, which layout will join) it gives "thousands".
    """
    replacement = match.replacement
    if not match.found[:1].isalpha() and replacement[:1].islower() and _opens_sentence(before):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _opens_sentence(before: str) -> bool:
    """Say whether text following ``before`` opens a sentence (an empty or blank ``before`` does).

    A spun form that starts with a digit carries no case to copy: "1000's of homes"
    at the start of a sentence must become "Thousands of homes", not "thousands".
    """
    before = before.rstrip().rstrip(OPENERS).rstrip().rstrip(CLOSERS)
    return not before or before[-1] in SENTENCE_STOPS
