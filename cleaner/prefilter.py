"""Literal prefilter: find the few lines a set of patterns could match in one automaton pass.

Most lines of an article are prose that no furniture rule can take, and trying
every rule's regex on every line costs more than all the other work of the
boilerplate stage. Every rule's pattern, though, needs some literal text to
match: "advertisement", "caption", " appeared first on ". ``atoms`` reads such
a set of literals off the pattern's syntax tree (the idea of RE2's
FilteredRE2): any line the pattern matches contains at least one of them. One
Aho-Corasick pass over the case-folded document then tells, per line, which
rules are worth trying; a line that contains no atom of any rule costs nothing
more.

The filter is sound by construction (it only ever discards lines a pattern
cannot match), and ``tests/test_prefilter.py`` checks that against matching
every rule on every line. Patterns it cannot read, or whose only literals are
too common to filter on ("-", "."), are tried on every line.
"""

from __future__ import annotations

import re._constants as sre  # the standard library's regular-expression parser (Python 3.11+)
import re._parser as sre_parse
import warnings
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

import ahocorasick

#: An atom set is a set of case-folded literals; one of them is in every match.
Atoms = frozenset[str]


def atoms(pattern: str) -> Atoms | None:
    """Return literals one of which every match of ``pattern`` contains, or None if none can be read.

    Example: ``\\W*(?:also read|read more)\\s*:`` gives {"also read", "read more"}.
    Literals are case-folded, so the set holds for case-insensitive patterns
    too when the text is case-folded the same way.
    """
    try:
        with warnings.catch_warnings():
            # The standard parser warns where it reads syntax differently from the regex
            # module ("[[:upper:]]", a nested set): no atoms rather than wrong ones.
            warnings.simplefilter("error")
            tree = sre_parse.parse(pattern)
    except (Exception, FutureWarning):  # syntax of the regex module that the standard parser does not know
        return None
    return _required(list(tree))


def fold(text: str) -> str:
    """Case-fold text the way atoms are folded.

    "İ" (capital I with dot) folds to "i" plus a combining dot, but the regex
    module's case-insensitive match takes it for a plain "i": it is mapped to
    "i" first, so "ADVERTİSEMENT" still holds the atom "advertisement".
    """
    return text.replace("İ", "i").casefold()


#: The most strings a run of literals, alternations and optional parts may spell out before
#: the run is cut into separate candidates.
MAX_SPELLINGS = 64


def _required(items: Sequence[tuple[object, object]]) -> Atoms | None:
    """Atoms of a sequence: its best run of literal spellings, or its best element's atoms.

    A run grows through literals and through alternations and optional parts
    that spell out a few strings: "\\((?:AP|Reuters)\\)" gives {"(ap)", "(reuters)"},
    far rarer in prose than "ap" alone.
    """
    candidates: list[Atoms] = []
    run: frozenset[str] = frozenset({""})
    for op, arg in items:
        spelled = _spellings(op, arg)
        if spelled is not None and len(run) * len(spelled) <= MAX_SPELLINGS:
            run = frozenset(left + right for left in run for right in spelled)
            continue
        if "" not in run:
            candidates.append(run)
        run = frozenset({""})
        if spelled is not None:  # too many to join the run: it may start the next one
            run = spelled
            continue
        found = _element(op, arg)
        if found is not None:
            candidates.append(found)
    if "" not in run:
        candidates.append(run)
    if not candidates:
        return None
    return _minimal(max(candidates, key=_selectivity))


def _minimal(found: Atoms) -> Atoms:
    """Drop atoms that contain another: a line holding "advertisements" holds "advertisement"."""
    return frozenset(atom for atom in found if not any(other != atom and other in atom for other in found))


def _spellings(op: object, arg: object) -> Atoms | None:
    """Every case-folded string an element can match, if they are few (None otherwise).

    Zero-width anchors spell the empty string; an optional part adds it.
    """
    if op is sre.AT:
        return frozenset({""})
    char = _literal(op, arg)
    if char is not None:
        return frozenset({char})
    if op is sre.IN and arg and all(kind is sre.LITERAL for kind, _ in arg):  # type: ignore[union-attr]
        return frozenset(fold(chr(value)) for _, value in arg)  # type: ignore[union-attr]
    if op is sre.SUBPATTERN:
        return _sequence_spellings(arg[3])  # type: ignore[index]
    if op is sre.BRANCH:
        spelled: set[str] = set()
        for branch in arg[1]:  # type: ignore[index]
            found = _sequence_spellings(branch)
            if found is None:
                return None
            spelled |= found
        return frozenset(spelled) if len(spelled) <= MAX_SPELLINGS else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, most, body = arg  # type: ignore[misc]
        if most > 1:
            return None
        found = _sequence_spellings(body)
        if found is None:
            return None
        return found | {""} if least == 0 else found
    return None


def _sequence_spellings(items: Sequence[tuple[object, object]]) -> Atoms | None:
    spelled: frozenset[str] = frozenset({""})
    for op, arg in items:
        found = _spellings(op, arg)
        if found is None or len(spelled) * len(found) > MAX_SPELLINGS:
            return None
        spelled = frozenset(left + right for left in spelled for right in found)
    return spelled


#: Words so common in prose that an atom made of one alone finds nearly every line.
COMMON_WORDS = frozenset({
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "has", "have", "he", "her", "his", "in",
    "is", "it", "more", "most", "not", "of", "on", "or", "our", "said", "she", "that", "the", "their",
    "they", "this", "to", "was", "we", "were", "which", "who", "will", "with", "you", "your",
})


def _selectivity(found: Atoms) -> tuple[bool, bool, int, int]:
    """Rank an atom set: selective first, then no lone common word, the longest shortest atom, fewest atoms."""
    common = any(atom.strip() in COMMON_WORDS for atom in found)
    return (is_selective(found), not common, min(map(len, found)), -len(found))


def _literal(op: object, arg: object) -> str | None:
    """The case-folded character an element matches, if it matches exactly one (up to case)."""
    if op is sre.LITERAL:
        return fold(chr(arg))  # type: ignore[arg-type]
    if op is sre.IN and arg:
        folded = {fold(chr(value)) for kind, value in arg if kind is sre.LITERAL}  # type: ignore[union-attr]
        if len(folded) == 1 and all(kind is sre.LITERAL for kind, _ in arg):  # type: ignore[union-attr]
            return folded.pop()
    return None


def _element(op: object, arg: object) -> Atoms | None:
    """Atoms of one non-literal element: a group, an alternation or a repeat of at least one."""
    if op is sre.SUBPATTERN:
        return _required(arg[3])  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return _required(arg)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        branches = [_required(branch) for branch in arg[1]]  # type: ignore[index]
        if any(found is None for found in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, body = arg  # type: ignore[misc]
        return _required(body) if least >= 1 else None
    if op is sre.IN and arg and all(kind is sre.LITERAL for kind, _ in arg):  # type: ignore[union-attr]
        # a class of a few literal characters: [:|/]
        return frozenset(fold(chr(value)) for _, value in arg)  # type: ignore[union-attr]
    return None


#: Characters of almost every prose line: a rule whose atoms include one of them filters nothing.
PROSE_CHARACTERS = frozenset(" .,;:-'\"()!?")


def is_selective(found: Atoms | None) -> bool:
    """Say whether an atom set is worth filtering on: no letter, digit or common punctuation alone.

    Example: {"getty", "/"} is selective ("/" is rare in prose); {"ago", ":"} is not.
    """
    return found is not None and all(
        len(atom) > 1 or not (atom.isalnum() or atom in PROSE_CHARACTERS) for atom in found
    )


class Prefilter:
    """Per-line masks of the patterns that could match, from one Aho-Corasick pass.

    Pattern ``i`` is bit ``1 << i``. Patterns without selective atoms are in
    every line's mask (``always``).
    """

    def __init__(self, atom_sets: Iterable[Atoms | None]) -> None:
        self.always = 0
        by_atom: dict[str, int] = {}
        for index, found in enumerate(atom_sets):
            if not is_selective(found):
                self.always |= 1 << index
                continue
            for atom in found:  # type: ignore[union-attr]
                by_atom[atom] = by_atom.get(atom, 0) | 1 << index
        self.automaton: ahocorasick.Automaton | None = None
        if by_atom:
            self.automaton = ahocorasick.Automaton()
            for atom, mask in by_atom.items():
                self.automaton.add_word(atom, mask)
            self.automaton.make_automaton()

    def masks(self, lines: Sequence[str]) -> list[int]:
        """The mask of every line, from one pass over the case-folded text."""
        masks = [self.always] * len(lines)
        if self.automaton is None or not lines:
            return masks
        folded = fold("\n".join(lines))
        parts = folded.split("\n")
        if len(parts) != len(lines):  # a caller's line holds a newline: no atom spans one, so blank it
            return self.masks([line.replace("\n", "\0") for line in lines])
        # Case folding can change a line's length but never its newlines: line i ends before ends[i].
        ends = list(accumulate(len(part) + 1 for part in parts))
        for end, mask in self.automaton.iter(folded):
            index = bisect_right(ends, end)
            masks[index] |= mask
        return masks

    def mask(self, line: str) -> int:
        """The mask of one line."""
        return self.masks([line])[0]


def bits(mask: int) -> Iterator[int]:
    """The indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
