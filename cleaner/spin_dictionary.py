"""The spin dictionary: entries as data, one Aho-Corasick automaton to find them.

Files under ``dictionaries/spin/`` are tab-separated, one entry per line:
``code, tier, spun, canonical, context, example, seen``. Tiers:

* ``marker``: a form edited news almost never prints; proves a document spun.
* ``phrase``: safe to restore once a document is known to be spun.
* ``word``: ambiguous; restored only in a spun document where ``context`` pins it.

``(s)``-style optional parts expand into both forms ("retailer(s)" → "outlet(s)").
Context conditions, separated by ``;``: ``before=``/``after=`` (the adjacent word is
one of ``a|b|@class``), ``!before=``/``!after=`` (it is not), and ``before2=``/``after2=``
(and their ``!`` forms) for the word beyond it: "the tip of the month" and "the tip of
the iceberg" differ only there. Classes live in
``classes.tsv``; ``@Cap`` (a capitalized word, not a sentence-opening function word
such as "The" or "In"), ``@num``, ``@poss`` (a possessive like "Kim's"; "1990's" is a plural) and ``@end``
(punctuation or a line end comes first) are built in.

Matching is case-insensitive for lowercase entries (the case of the source is
restored on the replacement) and requires the entry's capitals for entries
that have them ("Home Speaker" never matches "home speaker").
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import regex

from cleaner.rules import Rule, RuleFileError, dictionaries_dir

TIERS = ("marker", "phrase", "word")
COLUMNS = ("code", "tier", "spun", "canonical", "context", "example", "seen")
OPTIONAL = regex.compile(r"\(([^()]*)\)")
WORD_CHAR = regex.compile(r"[\p{L}\p{N}_-]")
EDGE_CHAR = regex.compile(r"[\p{L}\p{N}]")
QUOTED = regex.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", regex.MULTILINE)
BUILTIN_CLASSES = ("@Cap", "@num", "@end", "@poss")
#: Context sides: the adjacent word, or (with a 2) the word beyond it.
SIDES = ("before", "after", "before2", "after2")
#: Words capitalized only because they open a sentence: not names, so never ``@Cap``
#: ("The Basis of the claim" is no "Heritage Basis").
SENTENCE_STARTERS = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your",
    "in", "on", "at", "for", "but", "and", "or", "as", "if", "when", "while", "after", "before", "with",
    "from", "to", "by", "of", "it", "he", "she", "they", "we", "i", "you", "there", "here", "so", "yet",
    "then", "also", "still", "however", "meanwhile", "some", "many", "most", "all", "both", "each", "every",
})
#: The word after a match: spaces, then letters, digits and "'’-" (the standard library's ``[^\W_]``
#: is exactly ``str.isalnum``). Group 1 is the word; no match means punctuation or a line end comes first.
NEXT_WORD = re.compile(r"[ \t]+((?:[^\W_]|['’-])*)")
#: The word before a match, read forwards in the reversed text; "." belongs to it ("U.S.", "Jr.").
PREVIOUS_WORD_REVERSED = re.compile(r"[ \t]+((?:[^\W_]|['’.-])*)")
#: The last code point of the Basic Multilingual Plane: the word-character table covers the BMP and
#: anything above it asks ``WORD_CHAR`` directly.
BMP_LAST = "\uffff"
_BY_POSITION = operator.attrgetter("start", "end")


@dataclass(frozen=True, slots=True)
class Condition:
    """One context condition: which side, which words, and whether negated."""

    #: "before" or "after" for the adjacent word, "before2" or "after2" for the word beyond it.
    side: str
    words: frozenset[str]
    classes: tuple[str, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry (a spun form and its canonical wording)."""

    code: str
    tier: str
    spun: str
    canonical: str
    conditions: tuple[Condition, ...]
    example: str
    seen: str
    origin: str
    context: str = "-"
    case_sensitive: bool = field(default=False)


class Match(NamedTuple):
    """An entry found in the text at [start, end), with the canonical form it maps to.

    A named tuple, not a dataclass: a spun article yields a hundred matches, and a
    frozen dataclass costs four times as much to build.
    """

    entry: Entry
    start: int
    end: int
    found: str
    canonical: str

    @property
    def replacement(self) -> str:
        """The canonical form in the case of the text it replaces (computed when asked)."""
        return _restored(self.found, self.canonical, self.entry.case_sensitive)


@dataclass(frozen=True, slots=True)
class _Test:
    """One context condition compiled for the scan: a set lookup and a few flags.

    ``words`` holds the condition's words and the words of every class it names;
    the built-in classes become flags, so a check never walks the class list.
    """

    before: bool
    negated: bool
    words: frozenset[str]
    end: bool
    cap: bool
    num: bool
    poss: bool
    #: The word beyond the adjacent one ("before2=", "after2=").
    second: bool

    def holds(self, word: str, first: str) -> bool:
        """Say whether the word the condition reads (adjacent, or the one beyond) satisfies it, negation applied.

        ``word`` is the word normalized ("" when punctuation or a line edge comes
        first), ``first`` its first character as printed (for ``@Cap`` and ``@num``).
        """
        if not word or (self.end and word.endswith(".")):
            return self.end != self.negated
        low = word.rstrip(".")
        hit = (low in self.words
               or (low.endswith("'") and low.rstrip("'") in self.words)  # a plural possessive: "markets'"
               or (self.cap and first.isupper() and low not in SENTENCE_STARTERS)
               or (self.num and first.isdigit())
               # "1000's" and "1990's" are plurals, and the first a spun form itself
               or (self.poss and (low.endswith("'s") or low.endswith("s'")) and not first.isdigit()))
        return hit != self.negated


def expand_optional(spun: str, canonical: str) -> list[tuple[str, str]]:
    """Expand "(s)"-style optional parts into aligned pairs of forms.

    Example: ``expand_optional("retailer(s)", "outlet(s)")`` gives
    ``[("retailer", "outlet"), ("retailers", "outlets")]``.
    """
    spun_parts = OPTIONAL.findall(spun)
    canonical_parts = OPTIONAL.findall(canonical)
    if not spun_parts:
        return [(spun, canonical)]
    if len(spun_parts) != len(canonical_parts):
        raise ValueError("spun and canonical need the same number of (optional) parts")
    return [
        (OPTIONAL.sub("", spun), OPTIONAL.sub("", canonical)),
        (OPTIONAL.sub(r"\1", spun), OPTIONAL.sub(r"\1", canonical)),
    ]


def normalize(text: str) -> str:
    """Lowercase without changing length, with ’ as '; offsets stay valid."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low.replace("’", "'")


def restore_case(found: str, canonical: str, case_sensitive: bool) -> str:
    """Give the canonical form the case pattern of the text it replaces.

    Example: "However" → "But"; "WORLD WARFARE" → "WORLD WAR"; "Day By Day" → "Daily".
    """
    letters = [ch for ch in found if ch.isalpha()]
    result = canonical
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        result = canonical.upper()
    elif not case_sensitive:
        words = found.split()
        if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
            result = " ".join(w[:1].upper() + w[1:] for w in canonical.split())
        elif found[:1].isupper():
            result = canonical[:1].upper() + canonical[1:]
    if "’" in found:
        result = result.replace("'", "’")
    return result


@functools.lru_cache(maxsize=4096)
def _restored(found: str, canonical: str, case_sensitive: bool) -> str:
    """:func:`restore_case`, remembered: a spun article repeats the same few forms."""
    return restore_case(found, canonical, case_sensitive)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return [start, end) spans of quoted speech (curly or straight double quotes)."""
    if "“" not in text and '"' not in text:
        return []
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


class SpinDictionary:
    """All spin entries, their rule records and the automaton over their forms."""

    def __init__(self, entries: list[Entry], classes: dict[str, frozenset[str]]) -> None:
        self.entries = entries
        self.classes = classes
        self.rules = tuple(_rule_of(entry) for entry in entries)
        # Two automata: the gate needs markers and phrases only, so a clean article never
        # pays for the hits of common ambiguous words ("on the", "final", "chief").
        self.gate_automaton = _automaton([e for e in entries if e.tier != "word"], classes)
        self.word_automaton = _automaton([e for e in entries if e.tier == "word"], classes)

    @staticmethod
    def count_words(text: str) -> int:
        """Count whitespace-separated words (the gate's denominator)."""
        return len(text.split())

    def find(self, text: str, words: bool = True, gate: bool = True) -> list[Match]:
        """Every entry occurrence on word boundaries whose case and context fit.

        With ``words=False`` ambiguous word entries are skipped: the gate needs
        only markers and phrases, so a clean article pays no context checks.
        """
        low = normalize(text)
        matches: list[Match] = []
        if gate:
            _scan(self.gate_automaton, text, low, matches)
        if words:
            _scan(self.word_automaton, text, low, matches)
        return matches

    @staticmethod
    def select(text: str, matches: list[Match]) -> list[Match]:
        """Choose non-overlapping matches, longest first, then leftmost; return them in text order.

        A match competes only with the matches it overlaps, so each run of overlapping
        matches is resolved on its own and a match that overlaps nothing (most of them)
        is kept without a contest: the same choice as one greedy pass over them all.
        """
        ordered = sorted(matches, key=_BY_POSITION)
        chosen: list[Match] = []
        index, count = 0, len(ordered)
        while index < count:
            reach = ordered[index].end
            following = index + 1
            while following < count and ordered[following].start < reach:
                reach = max(reach, ordered[following].end)
                following += 1
            if following == index + 1:
                chosen.append(ordered[index])
            else:
                chosen.extend(_resolve(ordered[index:following]))
            index = following
        return chosen


def _resolve(overlapping: list[Match]) -> list[Match]:
    """Choose among overlapping matches: longest first, then leftmost, never two that overlap."""
    picked: list[Match] = []
    for match in sorted(overlapping, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= other.start or other.end <= match.start for other in picked):
            picked.append(match)
    return sorted(picked, key=_BY_POSITION)


def previous_word_span(reversed_text: str, start: int) -> tuple[int, int]:
    """Where the word before ``start`` lies when only spaces separate them, else (start, start).

    ``reversed_text`` is the text reversed, made once per document: the word is
    read backwards with one forward regex match. Example: in "met Kim’s chief
    Xi", the word before "chief" is "Kim’s".
    """
    size = len(reversed_text)
    word = PREVIOUS_WORD_REVERSED.match(reversed_text, size - start)
    return (size - word.end(1), size - word.start(1)) if word else (start, start)


def next_word_span(text: str, end: int) -> tuple[int, int]:
    """Where the word after ``end`` lies when only spaces separate them, else (end, end)."""
    word = NEXT_WORD.match(text, end)
    return word.span(1) if word else (end, end)


@functools.cache
def _word_chars() -> frozenset[str]:
    """Every character of the Basic Multilingual Plane that ``WORD_CHAR`` accepts (built once, in ms)."""
    return frozenset(WORD_CHAR.findall("".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))))


def _scan(automaton: ahocorasick.Automaton | None, text: str, low: str, matches: list[Match]) -> None:
    """Add the automaton's hits that sit on word boundaries and fit case and context.

    Everything a hit needs is precomputed per key when the automaton is built (see
    :func:`_automaton`): whether each edge needs a boundary check, the positions of the
    entry's capitals, its context conditions compiled to sets. What is left per hit is
    a set lookup per edge and, for word entries, one regex match per neighbouring word read,
    read from the normalized text (normalizing keeps every character's length and
    class, so its words are the printed words normalized; the one exception, the
    context-dependent lowercase of a final "Σ", is handled by normalizing the word).
    """
    if automaton is None:
        return
    word_chars = _word_chars()
    size = len(low)
    sigma = "Σ" in text
    reversed_low = ""
    for last, (length, check_start, check_end, candidates) in automaton.iter(low):
        start = last - length + 1
        end = last + 1
        if check_start and start > 0:
            char = low[start - 1]
            if char in word_chars or (char > BMP_LAST and WORD_CHAR.match(char)):
                continue
        if check_end and end < size:
            char = low[end]
            if char in word_chars or (char > BMP_LAST and WORD_CHAR.match(char)):
                continue
        found = text[start:end]
        before = after = before2 = after2 = None
        before_span, after_span = (start, start), (end, end)
        for entry, canonical, capitals, tests in candidates:
            if capitals and not found.isupper() and not all(found[i].isupper() for i in capitals):
                continue
            for test in tests:
                if test.before:
                    if before is None:
                        if not reversed_low:
                            reversed_low = low[::-1]
                        before_span = previous_word_span(reversed_low, start)
                        before = _word_at(text, low, before_span, sigma)
                    neighbour = before
                    if test.second:
                        if before2 is None:  # none beyond punctuation or a sentence's end ("by."): it reads as @end
                            before2 = (_word_at(text, low, previous_word_span(reversed_low, before_span[0]), sigma)
                                       if before[0] and not before[0].endswith(".") else ("", ""))
                        neighbour = before2
                else:
                    if after is None:
                        after_span = next_word_span(low, end)
                        after = _word_at(text, low, after_span, sigma)
                    neighbour = after
                    if test.second:
                        if after2 is None:
                            after2 = (_word_at(text, low, next_word_span(low, after_span[1]), sigma)
                                      if after[0] else ("", ""))
                        neighbour = after2
                if not test.holds(*neighbour):
                    break
            else:
                matches.append(Match(entry, start, end, found, canonical))
                break


def _word_at(text: str, low: str, span: tuple[int, int], sigma: bool) -> tuple[str, str]:
    """A neighbouring word as a context test reads it: its normalized form and its first character.

    ``low`` is already the normalized text unless it holds a capital sigma, whose lower
    case depends on its place in a word; then the word is normalized on its own.
    """
    first, last = span
    return (normalize(text[first:last]) if sigma else low[first:last], text[first:first + 1])


def _automaton(entries: list[Entry], classes: dict[str, frozenset[str]]) -> ahocorasick.Automaton | None:
    """Build one automaton over every form of the entries (None when there are none).

    Each key's value carries what a hit needs, worked out here once: the key's length,
    whether its first and last characters need a word-boundary check (a key that begins
    or ends in punctuation, "-12 months-old", needs none there), and per entry the
    canonical form, the positions of the entry's capitals and its compiled context.
    """
    keyed: dict[str, list[tuple[Entry, str, tuple[int, ...], tuple[_Test, ...]]]] = {}
    for entry in entries:
        tests = tuple(_compile(condition, classes) for condition in entry.conditions)
        for spun, canonical in expand_optional(entry.spun, entry.canonical):
            key = normalize(spun)
            capitals = tuple(i for i, ch in enumerate(spun) if ch.isupper())  # of this form, "(s)" expanded
            keyed.setdefault(key, []).append((entry, canonical, capitals, tests))
    if not keyed:
        return None
    automaton = ahocorasick.Automaton()
    for key, values in keyed.items():
        check_start = EDGE_CHAR.match(key[0]) is not None
        check_end = EDGE_CHAR.match(key[-1]) is not None
        automaton.add_word(key, (len(key), check_start, check_end, tuple(values)))
    automaton.make_automaton()
    return automaton


def _compile(condition: Condition, classes: dict[str, frozenset[str]]) -> _Test:
    """Turn a context condition into a set lookup and flags for the built-in classes."""
    words = set(condition.words)
    for name in condition.classes:
        words |= classes.get(name, frozenset())
    return _Test(before=condition.side.startswith("before"), negated=condition.negated, words=frozenset(words),
                 end="@end" in condition.classes, cap="@Cap" in condition.classes,
                 num="@num" in condition.classes, poss="@poss" in condition.classes,
                 second=condition.side.endswith("2"))


def _rule_of(entry: Entry) -> Rule:
    context = "" if entry.context == "-" else f" when {entry.context}"
    return Rule(
        code=entry.code,
        name=f"{entry.spun} → {entry.canonical}",
        stage="spin",
        description=f"{entry.tier}: restore “{entry.canonical}” for the spun “{entry.spun}”{context}.",
        origin=entry.origin,
        examples=(entry.example,) if entry.example != "-" else (),
        fields={"tier": entry.tier, "spun": entry.spun, "canonical": entry.canonical,
                "context": entry.context, "seen": entry.seen},
    )


def parse_context(text: str, origin: str, classes: dict[str, frozenset[str]]) -> tuple[Condition, ...]:
    """Parse a context column like ``after=@Cap;!before=the``."""
    if text in ("", "-"):
        return ()
    conditions = []
    for part in text.split(";"):
        key, sep, value = part.strip().partition("=")
        negated = key.startswith("!")
        side = key.lstrip("!")
        if not sep or side not in SIDES or not value:
            raise RuleFileError(f"{origin}: bad context {part!r}; use "
                                f"{', '.join(side + '=' for side in SIDES)} (or their ! forms)")
        words, names = set(), []
        for item in value.split("|"):
            if item.startswith("@"):
                if item not in classes and item not in BUILTIN_CLASSES:
                    raise RuleFileError(f"{origin}: unknown class {item}; define it in classes.tsv")
                names.append(item)
            else:
                words.add(normalize(item).rstrip("."))
        conditions.append(Condition(side, frozenset(words), tuple(names), negated))
    return tuple(conditions)


def load_classes(path: Path) -> dict[str, frozenset[str]]:
    """Read ``classes.tsv``: a class name and its words separated by |."""
    classes: dict[str, frozenset[str]] = {}
    if not path.exists():
        return classes
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, words = line.partition("\t")
        if not sep or not name.startswith("@"):
            raise RuleFileError(f"{path}:{number}: expected '@name<TAB>word|word'")
        classes[name] = frozenset(normalize(w.strip()) for w in words.split("|") if w.strip())
    return classes


def load_entries(path: Path, classes: dict[str, frozenset[str]]) -> list[Entry]:
    """Read one dictionary TSV file; errors name the file and line."""
    entries = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "code":
            continue
        origin = f"spin/{path.name}:{number}"
        if len(cells) != len(COLUMNS):
            raise RuleFileError(f"{path}:{number}: expected {len(COLUMNS)} tab-separated columns "
                                f"({', '.join(COLUMNS)}), found {len(cells)}")
        code, tier, spun, canonical, context, example, seen = (c.strip() for c in cells)
        if not (code.startswith("S") and code[1:].isdigit()):
            raise RuleFileError(f"{path}:{number}: code {code!r} must be S and digits")
        if tier not in TIERS:
            raise RuleFileError(f"{path}:{number}: tier must be one of {TIERS}, not {tier!r}")
        if tier == "word" and context in ("", "-"):
            raise RuleFileError(f"{path}:{number}: a word entry needs a context that pins it")
        try:
            expand_optional(spun, canonical)
        except ValueError as exc:
            raise RuleFileError(f"{path}:{number}: {exc}") from exc
        entries.append(Entry(
            code=code, tier=tier, spun=spun, canonical=canonical,
            conditions=parse_context(context, f"{path}:{number}", classes),
            example=example, seen=seen, origin=origin, context=context or "-",
            case_sensitive=any(ch.isupper() for ch in spun),
        ))
    return entries


@functools.cache
def _load(folder: str) -> SpinDictionary:
    spin_folder = Path(folder) / "spin"
    classes = load_classes(spin_folder / "classes.tsv")
    entries: list[Entry] = []
    for path in sorted(spin_folder.glob("*.tsv")):
        if path.name != "classes.tsv":
            entries.extend(load_entries(path, classes))
    return SpinDictionary(entries, classes)


def load(dictionaries: str | None = None) -> SpinDictionary:
    """The spin dictionary of a dictionaries folder, loaded once per process."""
    return _load(str(dictionaries_dir(dictionaries)))
