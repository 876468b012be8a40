"""``cleaner dict learn``: propose dictionary entries from a spun article and its original.

The two texts are aligned word by word; every run of replaced words is a candidate
substitution, counted with the contexts it was seen in. A candidate whose spun form
also occurs in clean text (the original side, or ``--clean`` files) or is common English
is proposed as an ambiguous ``word`` entry that needs a context; otherwise as a
``phrase``. Output is in the dictionary's own TSV format, sorted, for a person to review:
nothing is ever written into ``dictionaries/``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from cleaner.frequencies import frequency
from cleaner.spin_dictionary import SpinDictionary, normalize

TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*|[^\s\p{L}\p{N}]")
#: Longer replaced runs are rewrites of a whole clause, not dictionary material.
MAX_PHRASE_TOKENS = 5
#: A spun form seen this often in English (Google Books counts) is everyday language.
COMMON = 5_000_000
CONTEXT_WORDS = 3


@dataclass
class Candidate:
    """One spun → original substitution with its evidence."""

    spun: str
    original: str
    count: int = 0
    contexts: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


def tokens(text: str) -> list[str]:
    """Split text into word and punctuation tokens."""
    return TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def align(spun: str, original: str, source: str, found: dict[tuple[str, str], Candidate]) -> None:
    """Add the substitutions between two versions of a text to ``found``."""
    a, b = tokens(spun), tokens(original)
    matcher = difflib.SequenceMatcher(a=[t.lower() for t in a], b=[t.lower() for t in b], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "replace" or max(a1 - a0, b1 - b0) > MAX_PHRASE_TOKENS:
            continue
        spun_part, original_part = a[a0:a1], b[b0:b1]
        if not any(map(_is_word, spun_part)) or not any(map(_is_word, original_part)):
            continue
        spun_text, original_text = _join(spun_part), _join(original_part)
        if normalize(spun_text) == normalize(original_text):
            continue
        key = (spun_text, original_text)
        candidate = found.setdefault(key, Candidate(spun_text, original_text))
        candidate.count += 1
        candidate.sources.add(source)
        left = " ".join(a[max(0, a0 - CONTEXT_WORDS):a0])
        right = " ".join(a[a1:a1 + CONTEXT_WORDS])
        candidate.contexts.append(f"{left} [{spun_text}] {right}".strip())


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        text += part if not text or (not _is_word(part) and part not in "(“\"") else " " + part
    return text


def pairs(spun: Path, original: Path) -> list[tuple[Path, Path]]:
    """Two files, or same-named files of two folders."""
    if spun.is_dir():
        return [(path, original / path.name) for path in sorted(spun.glob("*")) if (original / path.name).is_file()]
    return [(spun, original)]


def learn(spun: Path, original: Path, clean_texts: list[str], dictionary: SpinDictionary) -> list[str]:
    """Return proposed TSV entry lines (sorted), each with evidence in its columns."""
    found: dict[tuple[str, str], Candidate] = {}
    originals = []
    for spun_path, original_path in pairs(spun, original):
        original_text = original_path.read_text(encoding="utf-8")
        originals.append(original_text)
        align(spun_path.read_text(encoding="utf-8"), original_text, spun_path.name, found)
    clean_corpus = normalize(" ".join(originals + clean_texts))
    next_code = 1 + max((int(e.code[1:]) for e in dictionary.entries), default=0)
    lines = []
    for candidate in sorted(found.values(), key=lambda c: (c.spun.lower(), c.original.lower())):
        covered = _covered(candidate, dictionary)
        in_clean = regex.search(rf"(?<![\w-]){regex.escape(normalize(candidate.spun))}(?![\w-])", clean_corpus)
        common = frequency(candidate.spun) >= COMMON
        tier = "word" if in_clean or common else "phrase"
        context = "-" if tier == "phrase" else "TODO: before=…/after=… (seen in clean text)" if in_clean else (
            "TODO: before=…/after=… (common English)")
        seen = f"learned:{','.join(sorted(candidate.sources))} x{candidate.count}" + ("; covered" if covered else "")
        example = candidate.contexts[0].replace("[", "").replace("]", "")
        lines.append("\t".join([f"S{next_code:04d}", tier, candidate.spun, candidate.original, context, example, seen]))
        next_code += 1
    return lines


def _covered(candidate: Candidate, dictionary: SpinDictionary) -> bool:
    """Say whether an existing entry already restores this substitution in one of its contexts."""
    for context in candidate.contexts:
        plain = context.replace("[", "").replace("]", "")
        spun, original = normalize(candidate.spun), normalize(candidate.original)
        for match in dictionary.find(plain):
            found, canonical = normalize(match.found), normalize(match.canonical)
            if (spun in found or found in spun) and (original in canonical or canonical in original):
                return True
    return False
