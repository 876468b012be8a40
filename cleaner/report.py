"""The Report: counts a batch's results and alone decides the exit code.

Counts are plain sums, so per-rule totals are identical whatever ``--jobs``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

from cleaner.model import Document

EXIT_OK = 0
EXIT_STALE = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
#: Interrupted by the user (SIGINT), as shells report 128 + signal number.
EXIT_INTERRUPTED = 130


def edit_counts(doc: Document) -> tuple[dict[str, int], dict[str, int]]:
    """Edits per rule and per stage of one document, for the report."""
    return (dict(Counter(edit.rule for edit in doc.edits)), dict(Counter(edit.stage for edit in doc.edits)))


@dataclass
class Report:
    """Running totals of a batch."""

    check: bool = False
    interrupted: bool = False
    files: int = 0
    changed: int = 0
    unchanged: int = 0
    spun: int = 0
    bytes_in: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    #: One row per cleaned input, for ``--report``: source, changed, spun, edits per rule.
    #: Kept only when asked for, so a stream of millions of records runs in flat memory.
    keep_per_file: bool = False
    per_file: list[dict[str, object]] = field(default_factory=list)

    def done(self, changed: bool, bytes_in: int, rule_counts: dict[str, int],
             stage_counts: dict[str, int], spun: bool, source: str = "") -> None:
        """Count one cleaned input."""
        if self.keep_per_file:
                self.per_file.append({"source": source, "changed": changed, "spun": spun,
                                  "rules": dict(sorted(rule_counts.items()))})
        self.files += 1
        self.bytes_in += bytes_in
        self.spun += spun
        if changed:
            self.changed += 1
        else:
            self.unchanged += 1
        # Plain loops: Counter.update checks its argument's type on every call, which cost
        # the parent of a large parallel batch more than the rest of its counting.
        rules, stages = self.rules, self.stages
        for code, count in rule_counts.items():
            rules[code] += count
        for stage, count in stage_counts.items():
            stages[stage] += count

    def failed(self, source: str, reason: str) -> None:
        """Count one input that could not be cleaned, and say so on stderr at once."""
        self.failures.append((source, reason))
        print(f"error: {source}: {reason}", file=sys.stderr)

    @property
    def exit_code(self) -> int:
        """130 if interrupted, 3 if any input failed, 1 if --check found stale output, else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.failures:
            return EXIT_FAILED
        if self.check and self.changed:
            return EXIT_STALE
        return EXIT_OK

    def to_json(self, seconds: float) -> dict[str, object]:
        """The report as data for ``--report FILE.json``: totals, per rule, per stage, per file."""
        return {
            "files": self.files, "changed": self.changed, "unchanged": self.unchanged, "spun": self.spun,
            "failed": [{"source": source, "reason": reason} for source, reason in self.failures],
            "bytes_in": self.bytes_in, "seconds": round(seconds, 3), "interrupted": self.interrupted,
            "stages": dict(sorted(self.stages.items())), "rules": dict(sorted(self.rules.items())),
            "per_file": self.per_file,
        }

    def summary(self, seconds: float) -> str:
        """A few lines for stderr: files, MB, MB/s, edits per stage and rule, failures."""
        megabytes = self.bytes_in / 1e6
        rate = megabytes / seconds if seconds > 0 else 0.0
        verb = "would change" if self.check else "changed"
        lines = [
            f"{self.files} file(s), {megabytes:.2f} MB in {seconds:.2f} s ({rate:.2f} MB/s): "
            f"{self.changed} {verb}, {self.unchanged} unchanged, {self.spun} spun, "
            f"{len(self.failures)} failed" + (" (interrupted: rerun to finish; finished outputs are kept)"
                                              if self.interrupted else "")
        ]
        if self.stages:
            lines.append("edits by stage: " + ", ".join(
                f"{stage} {count}" for stage, count in sorted(self.stages.items())))
            lines.append("edits by rule: " + ", ".join(
                f"{rule} {count}" for rule, count in sorted(self.rules.items())))
        return "\n".join(lines)
