"""``cleaner dict stats``: what the dictionary holds and how it behaves on a corpus.

Entries per tier and code range; on a corpus, which entries fired in spun documents,
which never fired, and which would match in documents the gate called unspun (they made
no edit there: a list to review for precision).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaner.config import Config
from cleaner.model import Document
from cleaner.pipeline import run
from cleaner.spin_dictionary import SpinDictionary


@dataclass
class Stats:
    """Counts for ``cleaner dict stats``."""

    tiers: Counter[str] = field(default_factory=Counter)
    ranges: Counter[str] = field(default_factory=Counter)
    fired: Counter[str] = field(default_factory=Counter)
    would_fire_unspun: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    spun_documents: int = 0


def collect(dictionary: SpinDictionary, texts: list[str], config: Config) -> Stats:
    """Count entries by tier and code range, and their use on ``texts``."""
    stats = Stats()
    for entry in dictionary.entries:
        stats.tiers[entry.tier] += 1
        stats.ranges[f"{entry.code[:3]}xx"] += 1
    for text in texts:
        doc = run(Document.from_text(text), config)
        stats.documents += 1
        if doc.spin.spun:
            stats.spun_documents += 1
            stats.fired.update(edit.rule for edit in doc.edits if edit.stage == "spin")
        else:
            stats.would_fire_unspun.update(m.entry.code for m in dictionary.find(doc.text))
    return stats


def report(stats: Stats, dictionary: SpinDictionary) -> str:
    """The stats as text for the terminal."""
    by_code = {entry.code: entry for entry in dictionary.entries}
    lines = ["entries by tier: " + ", ".join(f"{tier} {n}" for tier, n in sorted(stats.tiers.items())),
             "entries by code range: " + ", ".join(f"{r} {n}" for r, n in sorted(stats.ranges.items()))]
    if stats.documents:
        never = sorted(code for code in by_code if code not in stats.fired)
        lines.append(f"corpus: {stats.documents} documents, {stats.spun_documents} spun")
        lines.append(f"fired in spun documents: {len(stats.fired)} entries, {sum(stats.fired.values())} edits")
        lines.extend(f"  {code} {by_code[code].spun} → {by_code[code].canonical}: {n}"
                     for code, n in stats.fired.most_common(20))
        lines.append(f"never fired: {len(never)} entries" + (":" if never else ""))
        # Codes only, wrapped: a growing dictionary has hundreds; `cleaner rules CODE` explains one.
        lines.extend("  " + " ".join(never[i:i + 12]) for i in range(0, len(never), 12))
        lines.append(f"would match in unspun documents (no edit made): {len(stats.would_fire_unspun)} entries")
        lines.extend(f"  {code} {by_code[code].spun}: {n}" for code, n in stats.would_fire_unspun.most_common(20))
    return "\n".join(lines) + "\n"
