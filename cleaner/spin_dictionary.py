"""The spin dictionary: entries as data, one Aho-Corasick automaton to find them.

Files under ``dictionaries/spin/`` are tab-separated, one entry per line:
``code, tier, spun, canonical, context, example, seen``. Tiers:

* ``marker``: a form edited news almost never prints; proves a document spun.
* ``phrase``: safe to restore once a document is known to be spun.
* ``word``: ambiguous; restored only in a spun document where ``context`` pins it.

``(s)``-style optional parts expand into both forms ("retailer(s)" → "outlet(s)").
Context conditions, separated by ``;``: ``before=``/``after=`` (the adjacent word is
one of ``a|b|@class``), ``!before=``/``!after=`` (it is not). Classes live in
``classes.tsv``; ``@Cap`` (a capitalized word), ``@num``, ``@poss`` (a possessive
like "Kim's") and ``@end`` (punctuation or a line end comes first) are built in.

Matching is case-insensitive for lowercase entries (the case of the source is
restored on the replacement) and requires the entry's capitals for entries
that have them ("Home Speaker" never matches "home speaker").
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import regex

from cleaner.rules import Rule, RuleFileError, dictionaries_dir

TIERS = ("marker", "phrase", "word")
COLUMNS = ("code", "tier", "spun", "canonical", "context", "example", "seen")
OPTIONAL = regex.compile(r"\(([^()]*)\)")
WORD_CHAR = regex.compile(r"[\p{L}\p{N}_-]")
EDGE_CHAR = regex.compile(r"[\p{L}\p{N}]")
#: Characters that belong to a word for context purposes ("Kim’s", "U.S.", "Hyung-jin").
WORD_PUNCTUATION = "'’.-"
QUOTED = regex.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", regex.MULTILINE)
BUILTIN_CLASSES = ("@Cap", "@num", "@end", "@poss")


@dataclass(frozen=True, slots=True)
class Condition:
    """One context condition: which side, which words, and whether negated."""

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


@dataclass(frozen=True, slots=True)
class Match:
    """An entry found in the text at [start, end), with the canonical form it maps to."""

    entry: Entry
    start: int
    end: int
    found: str
    canonical: str

    @property
    def replacement(self) -> str:
        """The canonical form in the case of the text it replaces (computed when asked)."""
        return restore_case(self.found, self.canonical, self.entry.case_sensitive)


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


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return [start, end) spans of quoted speech (curly or straight double quotes)."""
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


class SpinDictionary:
    """All spin entries, their rule records and the automaton over their forms."""

    def __init__(self, entries: list[Entry], classes: dict[str, frozenset[str]]) -> None:
        self.entries = entries
        self.classes = classes
        self.rules = tuple(_rule_of(entry) for entry in entries)
        # Two automata: the gate needs markers and phrases only, so a clean article never
        # pays for the hits of common ambiguous words ("on the", "final", "chief").
        self.gate_automaton = _automaton([e for e in entries if e.tier != "word"])
        self.word_automaton = _automaton([e for e in entries if e.tier == "word"])

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
            self._scan(self.gate_automaton, text, low, matches)
        if words:
            self._scan(self.word_automaton, text, low, matches)
        return matches

    def _scan(self, automaton: ahocorasick.Automaton | None, text: str, low: str, matches: list[Match]) -> None:
        """Add the automaton's hits that sit on word boundaries and fit case and context."""
        if automaton is None:
            return
        for last, (length, values) in automaton.iter(low):
            start, end = last - length + 1, last + 1
            # A key that begins or ends in punctuation ("-12 months-old") needs no boundary there.
            if start > 0 and EDGE_CHAR.match(low, start) and WORD_CHAR.match(low, start - 1):
                continue
            if end < len(low) and EDGE_CHAR.match(low, last) and WORD_CHAR.match(low, end):
                continue
            found = text[start:end]
            for entry, canonical in values:
                if entry.case_sensitive and not _capitals_agree(found, entry.spun):
                    continue
                if entry.conditions and not self._context_holds(entry, text, start, end):
                    continue
                matches.append(Match(entry, start, end, found, canonical))
                break

    def _context_holds(self, entry: Entry, text: str, start: int, end: int) -> bool:
        before = after = None
        for condition in entry.conditions:
            if condition.side == "before":
                before = before if before is not None else previous_word(text, start)
                word = before or None
            else:
                after = after if after is not None else next_word(text, end)
                word = after or None
            if self._word_in(condition, word) == condition.negated:
                return False
        return True

    def _word_in(self, condition: Condition, word: str | None) -> bool:
        if word is None or (word.endswith(".") and "@end" in condition.classes):
            return "@end" in condition.classes
        low = normalize(word).rstrip(".")
        if low in condition.words:
            return True
        for name in condition.classes:
            if name == "@Cap" and word[:1].isupper():
                return True
            if name == "@num" and word[:1].isdigit():
                return True
            if name == "@poss" and (low.endswith("'s") or low.endswith("s'")):
                return True
            if low in self.classes.get(name, frozenset()):
                return True
        return False

    @staticmethod
    def select(text: str, matches: list[Match]) -> list[Match]:
        """Choose non-overlapping matches, longest first, then leftmost."""
        chosen_starts: list[int] = []
        chosen: dict[int, Match] = {}
        for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
            i = bisect.bisect_left(chosen_starts, match.start)
            if i > 0 and chosen[chosen_starts[i - 1]].end > match.start:
                continue
            if i < len(chosen_starts) and chosen_starts[i] < match.end:
                continue
            chosen_starts.insert(i, match.start)
            chosen[match.start] = match
        return [chosen[s] for s in chosen_starts]


def previous_word(text: str, start: int) -> str:
    """The word before ``start`` when only spaces separate them, else "" (punctuation, line start).

    Example: in "met Kim’s chief Xi", the word before "chief" is "Kim’s".
    """
    index = start
    while index > 0 and text[index - 1] in " \t":
        index -= 1
    if index == start:
        return ""
    first = index
    while first > 0 and (text[first - 1].isalnum() or text[first - 1] in WORD_PUNCTUATION):
        first -= 1
    return text[first:index]


def next_word(text: str, end: int) -> str:
    """The word after ``end`` when only spaces separate them, else ""."""
    index = end
    while index < len(text) and text[index] in " \t":
        index += 1
    if index == end:
        return ""
    last = index
    while last < len(text) and (text[last].isalnum() or text[last] in "'’-"):
        last += 1
    return text[index:last]


def _automaton(entries: list[Entry]) -> ahocorasick.Automaton | None:
    """Build one automaton over every form of the entries (None when there are none)."""
    keyed: dict[str, list[tuple[Entry, str]]] = {}
    for entry in entries:
        for spun, canonical in expand_optional(entry.spun, entry.canonical):
            keyed.setdefault(normalize(spun), []).append((entry, canonical))
    if not keyed:
        return None
    automaton = ahocorasick.Automaton()
    for key, values in keyed.items():
        automaton.add_word(key, (len(key), tuple(values)))
    automaton.make_automaton()
    return automaton


def _capitals_agree(found: str, spun: str) -> bool:
    """Each capital of the entry is a capital in the text (all-caps text agrees too)."""
    if found.isupper():
        return True
    return all(not s.isupper() or f.isupper() for f, s in zip(found, spun, strict=False))


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
        if not sep or side not in ("before", "after") or not value:
            raise RuleFileError(f"{origin}: bad context {part!r}; use before=, after=, !before=, !after=")
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
