"""``cleaner dict learn``: propose spin dictionary entries from spun articles and their originals.

Each spun text is aligned word by word with its original (difflib over tokens); every run
of replaced words becomes a candidate substitution, counted across files with the
contexts it was seen in. Each candidate is then judged on evidence:

* covered: an existing entry already restores it in the context it was seen in;
* safe as a ``phrase``: its spun form never occurs in clean text (the original side and
  any ``--clean`` articles) and English does not commonly print it (symspellpy's lists);
* otherwise a ``word`` entry, with a context proposed from the words seen next to it
  ("army" seen before "parade", "cooperation", "drills" → ``after=cooperation|drills|parade``).

The result is text in the dictionary's own TSV format, sorted, for a person to review.
This module never writes a file: merging an entry is a reviewer's decision.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter
from dataclasses import dataclass, field

import regex

from cleaner.frequencies import bigrams, frequency
from cleaner.spin_dictionary import COLUMNS, TIERS, SpinDictionary, normalize

TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*|[^\s\p{L}\p{N}]")
#: Longer replaced runs are rewritten clauses, not dictionary material.
MAX_PHRASE_TOKENS = 5
#: A word printed this often in Google Books is everyday English ("army" 44 M, "warfare" 5 M),
#: while spinner oddities are rarer ("unfastened" 43 k, "embody" 0.6 M).
COMMON_WORD = 1_000_000
#: Words of context kept on each side of a substitution.
CONTEXT_WORDS = 4
#: Function words: a poor pin for a context condition (seed 003: "a army parade" is pinned by "parade").
FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "it", "its", "this", "that", "with", "as", "from", "he", "she", "they", "we",
    "his", "her", "their", "not", "has", "have", "had", "will", "would", "could", "may", "can",
))
#: First free code per tier when a dictionary has no entry of that tier yet (the bundled files' ranges).
TIER_BASE = {"marker": 100, "phrase": 1000, "word": 3000}


@dataclass(frozen=True, slots=True)
class Sighting:
    """One place a substitution was seen: the file, a snippet, and the words next to it."""

    source: str
    spun: str
    original: str
    snippet: str
    span: tuple[int, int]
    before: str | None
    after: str | None
    sentence_start: bool


@dataclass
class Candidate:
    """A spun → original substitution with every sighting of it."""

    spun: str
    original: str
    sightings: list[Sighting] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A candidate judged: the TSV cells to print, and the evidence behind them."""

    tier: str
    spun: str
    canonical: str
    context: str
    example: str
    seen: str
    covered_by: tuple[str, ...]


def align(spun: str, original: str, source: str) -> list[Sighting]:
    """Return every replaced run of words between a spun text and its original.

    Why word tokens: spinners swap words and phrases, never letters, and difflib over
    tokens keeps each swap whole ("making an attempt" → "trying"). Runs that only change
    punctuation or case are skipped; so are runs longer than ``MAX_PHRASE_TOKENS``
    (a rewritten clause teaches nothing reusable).

    Example: ``align("visits China subsequent week", "visits China next week", "003")``
    gives one sighting, "subsequent" → "next", with ``after="week"``.
    """
    a, b = list(TOKEN.finditer(spun)), list(TOKEN.finditer(original))
    matcher = difflib.SequenceMatcher(a=[normalize(t.group()) for t in a], b=[normalize(t.group()) for t in b],
                                      autojunk=False)
    found = []
    for a0, a1, b0, b1 in _runs(a, b, matcher.get_opcodes(), spun):
        if a0 >= a1 or b0 >= b1 or max(a1 - a0, b1 - b0) > MAX_PHRASE_TOKENS:
            continue
        spun_form = spun[a[a0].start():a[a1 - 1].end()]
        original_form = original[b[b0].start():b[b1 - 1].end()]
        if _words_of(spun_form) == _words_of(original_form) or "\n" in spun_form or "\n" in original_form:
            continue
        # The snippet stays on the line of the run: an entry never matches across lines.
        line_start = spun.rfind("\n", 0, a[a0].start()) + 1
        line_end = spun.find("\n", a[a1 - 1].end())
        line_end = len(spun) if line_end < 0 else line_end
        left = max(line_start, a[max(0, a0 - CONTEXT_WORDS)].start())
        right = min(line_end, a[min(len(a), a1 + CONTEXT_WORDS) - 1].end())
        before, after = _neighbor(a, a0 - 1, a0, spun), _neighbor(a, a1, a1 - 1, spun)
        found.append(Sighting(
            source=source, spun=spun_form, original=original_form, snippet=spun[left:right],
            span=(a[a0].start() - left, a[a1 - 1].end() - left), before=before, after=after,
            sentence_start=before is None,
        ))
    return found


def _runs(a: list[regex.Match[str]], b: list[regex.Match[str]], opcodes: list[tuple[str, int, int, int, int]],
          spun: str) -> list[tuple[int, int, int, int]]:
    """Turn difflib's opcodes into token runs (spun start, end, original start, end) worth proposing.

    Why widen deletions and insertions: "Chinese language media" → "Chinese media" has no
    replaced word, yet "Chinese language" → "Chinese" is the spinner's habit; taking in the
    word before gives an entry that can match. Why split: once a text shows such an
    inserted word, a replaced run that starts with it after the same word is two habits,
    "Chinese language chief" → "Chinese leader" is "Chinese language" → "Chinese" and
    "chief" → "leader", each worth an entry of its own.
    """
    runs: list[tuple[int, int, int, int]] = []
    inserted: set[tuple[str, str]] = set()
    for tag, a0, a1, b0, b1 in opcodes:
        if tag == "equal":
            continue
        if tag in ("delete", "insert"):
            if max(a1 - a0, b1 - b0) > 2:
                continue
            # Take in the word before, unless it is a function word and a word follows on the same line.
            left = _neighbor(a, a0 - 1, a0 if a1 > a0 else a0 - 1, spun) if a0 > 0 and b0 > 0 else None
            right = _neighbor(a, a1, a1 - 1 if a1 > a0 else a1, spun) if a1 < len(a) and b1 < len(b) else None
            if left is not None and (right is None or normalize(left) not in FUNCTION_WORDS):
                a0, b0 = a0 - 1, b0 - 1
                if tag == "delete" and a1 - a0 == 2:
                    inserted.add((normalize(a[a0].group()), normalize(a[a0 + 1].group())))
            elif right is not None:
                a1, b1 = a1 + 1, b1 + 1
            else:
                continue
        a0, a1 = _trim(a, a0, a1)
        b0, b1 = _trim(b, b0, b1)
        runs.append((a0, a1, b0, b1))
    split = []
    for a0, a1, b0, b1 in runs:
        if (a1 - a0 > 1 and a0 > 0 and b0 > 0 and normalize(a[a0 - 1].group()) == normalize(b[b0 - 1].group())
                and (normalize(a[a0 - 1].group()), normalize(a[a0].group())) in inserted):
            split.append((a0 - 1, a0 + 1, b0 - 1, b0))
            a0 += 1
        split.append((a0, a1, b0, b1))
    return split


def _trim(tokens: list[regex.Match[str]], start: int, end: int) -> tuple[int, int]:
    """Drop punctuation at the edges of a replaced run: it is alignment noise, not spin."""
    while start < end and not _is_word(tokens[start].group()):
        start += 1
    while end > start and not _is_word(tokens[end - 1].group()):
        end -= 1
    return start, end


def _neighbor(tokens: list[regex.Match[str]], index: int, edge: int, text: str) -> str | None:
    """The word at ``index`` if it sits next to token ``edge`` on the same line, else None.

    None stands for punctuation or a line edge, which a context spells ``@end``.
    """
    if not 0 <= index < len(tokens) or not _is_word(tokens[index].group()):
        return None
    left, right = sorted((tokens[index], tokens[edge]), key=lambda t: t.start())
    return None if "\n" in text[left.end():right.start()] else tokens[index].group()


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _words_of(text: str) -> list[str]:
    return [normalize(t) for t in TOKEN.findall(text) if _is_word(t)]


def collect(pairs: list[tuple[str, str, str]]) -> list[Candidate]:
    """Group the sightings of every (source, spun text, original text) pair into candidates.

    Why merge by lowercase: "However" at a sentence start and "however" mid-sentence are one
    entry (lowercase entries match any case). A form capitalized mid-sentence keeps its
    capitals, since an entry with capitals matches only them ("Overseas Ministry").
    """
    grouped: dict[tuple[str, str], list[Sighting]] = {}
    for source, spun, original in pairs:
        for sighting in align(spun, original, source):
            grouped.setdefault((normalize(sighting.spun), normalize(sighting.original)), []).append(sighting)
    candidates = []
    for sightings in grouped.values():
        named = any(not s.sentence_start and s.spun[:1].isupper() for s in sightings)
        if named and not any(s.spun[:1].islower() for s in sightings):
            spun_form, original_form = sightings[0].spun, sightings[0].original
        else:
            spun_form = _lower_first(sightings[0].spun)
            original_form = _lower_first(sightings[0].original)
        candidates.append(Candidate(spun_form, original_form, sightings))
    return candidates


def _lower_first(text: str) -> str:
    """Lowercase a sentence-initial capital only ("Along with" → "along with", "U.S." kept)."""
    if len(text) > 1 and text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def judge(candidate: Candidate, dictionary: SpinDictionary, clean: list[str]) -> Proposal:
    """Decide tier, context and evidence for one candidate.

    Why both checks: clean text shows a form is real English in this domain ("army of
    occupation"), the frequency lists show it is real English at large ("subsequent",
    15 M); either one means the bare form must not be restored everywhere.

    Example: "army" → "military", seen in "a army parade" and "trilateral army drills",
    becomes ``word`` with ``after=drills|parade``.
    """
    sources = Counter(s.source for s in candidate.sightings)
    notes = [f"learned:{','.join(sorted(sources))} x{len(candidate.sightings)}"]
    covered = _covered_by(candidate, dictionary)
    pattern = _form_pattern(candidate.spun)
    in_clean = sum(len(pattern.findall(text)) for text in clean)
    common = _is_common(candidate.spun)
    if in_clean:
        notes.append(f"in clean text x{in_clean}")
    if common:
        notes.append("common English")
    tier, context = "phrase", "-"
    if in_clean or common:
        tier, context = "word", suggest_context(candidate)
        also = _context_matches_clean(candidate, context, clean)
        if also:
            notes.append(f"context also matches clean text x{also}")
    if covered:
        notes.append("covered by " + ",".join(covered))
    example = max((s.snippet for s in candidate.sightings), key=len).replace("\t", " ")
    return Proposal(tier, candidate.spun, candidate.original, context, example, "; ".join(notes), covered)


def _form_pattern(form: str) -> regex.Pattern[str]:
    """Match a spun form on word boundaries, in any case unless it has capitals of its own."""
    flags = 0 if any(ch.isupper() for ch in form[1:]) else regex.IGNORECASE
    body = regex.escape(form).replace("’", "['’]").replace("'", "['’]")
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}_-]){body}(?![\p{{L}}\p{{N}}_-])", flags)


def _is_common(form: str) -> bool:
    """Everyday English by the frequency lists: a frequent word, or every word pair a listed bigram."""
    words = [w.replace("’", "'") for w in _words_of(form)]
    if len(words) == 1:
        return frequency(words[0]) >= COMMON_WORD
    return all(frequency(f"{x} {y}") > 0 for x, y in itertools.pairwise(words))


def suggest_context(candidate: Candidate) -> str:
    """Propose a context condition from the words seen next to the spun form.

    Why pick one side: a condition that pins the collocation the original belongs to
    ("next week", "World War") is what makes a word entry precise, so a side scores for
    each neighbour that forms a listed bigram with the canonical form but not with the
    spun one, and for each content word; function words and line ends pin little.

    Example: "Warfare" → "War" seen in "World Warfare II" gives ``before=world``
    ("world war" is a frequent bigram, "war ii" is not listed).
    """
    canonical = _words_of(candidate.original)
    spun = _words_of(candidate.spun)
    best: tuple[float, str, list[str]] = (-1.0, "", [])
    for side in ("after", "before"):
        neighbors = [getattr(s, side) for s in candidate.sightings]
        score = 0.0
        for word in neighbors:
            if word is None or normalize(word) in FUNCTION_WORDS:
                continue
            low = normalize(word)
            score += 1
            pair_canonical = f"{canonical[-1]} {low}" if side == "after" else f"{low} {canonical[0]}"
            pair_spun = f"{spun[-1]} {low}" if side == "after" else f"{low} {spun[0]}"
            if bigrams().get(pair_canonical, 0) > bigrams().get(pair_spun, 0):
                score += 2
        words = sorted({"@end" if w is None else normalize(w) for w in neighbors})
        if score > best[0]:
            best = (score, side, words)
    return f"{best[1]}={'|'.join(best[2])}"


def _context_matches_clean(candidate: Candidate, context: str, clean: list[str]) -> int:
    """Count clean-text occurrences of the spun form whose neighbour satisfies the context."""
    side, _, value = context.partition("=")
    allowed = set(value.split("|"))
    pattern = _form_pattern(candidate.spun)
    hits = 0
    for text in clean:
        for match in pattern.finditer(text):
            if side == "after":
                near = regex.match(r"[ \t]+([\p{L}\p{N}][\p{L}\p{N}'’-]*)", text[match.end():match.end() + 60])
            else:
                near = regex.search(r"([\p{L}\p{N}][\p{L}\p{N}'’-]*)[ \t]+$",
                                    text[max(0, match.start() - 60):match.start()])
            word = normalize(near.group(1)) if near else "@end"
            hits += word in allowed
    return hits


def _covered_by(candidate: Candidate, dictionary: SpinDictionary) -> tuple[str, ...]:
    """Codes of existing entries that restore the original in a context the form was seen in.

    Why per sighting: entries carry contexts, so coverage is a property of the context, not
    of the spun form alone; the snippet keeps enough words on each side for them to apply.
    """
    codes: set[str] = set()
    for sighting in candidate.sightings:
        start, end = sighting.span
        chosen = SpinDictionary.select(sighting.snippet, dictionary.find(sighting.snippet))
        overlapping = [m for m in chosen if m.start < end and m.end > start]
        if not overlapping:
            continue
        left = min(start, *(m.start for m in overlapping))
        right = max(end, *(m.end for m in overlapping))
        restored, cursor = "", left
        for match in overlapping:
            restored += sighting.snippet[cursor:match.start] + match.replacement
            cursor = match.end
        restored += sighting.snippet[cursor:right]
        expected = sighting.snippet[left:start] + sighting.original + sighting.snippet[end:right]
        if normalize(restored) == normalize(expected):
            codes.update(m.entry.code for m in overlapping)
    return tuple(sorted(codes))


def propose(pairs: list[tuple[str, str, str]], clean: list[str], dictionary: SpinDictionary) -> list[Proposal]:
    """Align every (source, spun, original) pair and judge each substitution found.

    The original sides count as clean text too: a spun form that the original also prints
    unchanged is real English there.
    """
    clean_texts = [original for _, _, original in pairs] + clean
    return [judge(candidate, dictionary, clean_texts) for candidate in collect(pairs)]


def render(proposals: list[Proposal], dictionary: SpinDictionary) -> str:
    """Write proposals as dictionary TSV: new ones first with the next free codes, covered ones after.

    Why per-tier codes: each dictionary file numbers its tier in its own range ("S1xxx" for
    phrases, "S3xxx" for words), so a proposal's code is the next one free in its tier and
    never clashes with an existing entry. Covered proposals are evidence for review, not
    entries to merge, so they are printed commented out.
    """
    used = {int(e.code[1:]) for e in dictionary.entries}
    next_code = {tier: max((int(e.code[1:]) for e in dictionary.entries if e.tier == tier),
                           default=TIER_BASE[tier] - 1) + 1 for tier in TIERS}

    def code_for(tier: str) -> str:
        while next_code[tier] in used:
            next_code[tier] += 1
        used.add(next_code[tier])
        return f"S{next_code[tier]:04d}"

    order = {tier: i for i, tier in enumerate(TIERS)}
    ranked = sorted(proposals, key=lambda p: (order[p.tier], p.spun.lower(), p.canonical.lower()))
    fresh = [p for p in ranked if not p.covered_by]
    covered = [p for p in ranked if p.covered_by]
    lines = ["# Proposed spin entries: review each one, then move it into the file of its tier.",
             "# A word entry's context is a first guess from the words seen next to it; widen it with classes.",
             "\t".join(COLUMNS)]
    lines += ["\t".join((code_for(p.tier), p.tier, p.spun, p.canonical, p.context, p.example, p.seen)) for p in fresh]
    if covered:
        lines.append(f"# Already restored by existing entries ({len(covered)}), for reference:")
        lines += ["# " + "\t".join(("-", p.tier, p.spun, p.canonical, p.context, p.example, p.seen)) for p in covered]
    return "\n".join(lines) + "\n"
