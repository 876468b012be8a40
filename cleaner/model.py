"""The document that flows through the pipeline, and the edits that explain it.

A stage never rewrites text directly: it proposes :class:`Edit` records and
:func:`apply_edits` turns them into the next document. Replaying the same edits
on the input therefore reproduces the output by construction, and
:func:`replay` lets tests and users check that nothing changed without a record.

Edit positions refer to the lines the stage received (1-based ``line``,
0-based ``col``), so a stage's edits read naturally in ``cleaner explain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

#: The text that stands for a line break in an edit that joins two lines.
LINE_BREAK = "\n"


@dataclass(frozen=True, slots=True)
class Edit:
    """One recorded change: which stage, which rule, where, and what.

    ``col is None`` means the whole line: ``after is None`` deletes it (with its
    line break), a string replaces its content. With a column, ``before`` is
    the exact text found at ``line``/``col`` and ``after`` replaces it; a
    ``before`` of ``"\\n"`` at the end of a line joins it to the next.

    With a ``field``, the edit changes that metadata value instead (a spun
    headline the boilerplate stage lifted into ``title``): ``before`` is the
    text found at ``col`` in the value and ``line`` is 0, as the value is no
    line of the text. Replaying edits on lines passes over these.
    """

    stage: str
    rule: str
    line: int
    before: str
    after: str | None
    col: int | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used in jsonl output (``col`` and ``field`` only when set)."""
        data: dict[str, Any] = {
            "stage": self.stage,
            "rule": self.rule,
            "line": self.line,
            "before": self.before,
            "after": self.after,
        }
        if self.col is not None:
            data["col"] = self.col
        if self.field is not None:
            data["field"] = self.field
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edit:
        """Build an edit back from its JSON form."""
        return cls(
            stage=data["stage"],
            rule=data["rule"],
            line=data["line"],
            before=data["before"],
            after=data["after"],
            col=data.get("col"),
            field=data.get("field"),
        )


class EditConflict(ValueError):
    """Raised when a stage proposes edits that overlap or do not fit the text."""


@dataclass(frozen=True, slots=True)
class SpinVerdict:
    """Whether a document was judged synonym-spun, with the evidence."""

    score: float = 0.0
    spun: bool = False
    markers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "spun": self.spun, "markers": list(self.markers)}


@dataclass(frozen=True, slots=True)
class Document:
    """An article between stages: its lines, metadata and the edits so far."""

    lines: tuple[str, ...]
    source: str = "-"
    metadata: Mapping[str, Any] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()
    spin: SpinVerdict = SpinVerdict()

    @classmethod
    def from_text(cls, text: str, source: str = "-") -> Document:
        """Split decoded text into lines on LF, CRLF and CR only.

        ``str.splitlines`` would also split on form feeds and U+2028, which
        are characters for the unicode stage to judge, not line breaks.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return cls(lines=tuple(lines), source=source)

    @property
    def text(self) -> str:
        """The lines joined, each ending in a line break."""
        return "\n".join(self.lines) + "\n" if self.lines else ""

    def with_edits(self, stage_edits: Iterable[Edit], **changes: Any) -> Document:
        """Return the next document: these edits applied and appended."""
        new_edits = tuple(stage_edits)
        on_lines = [edit for edit in new_edits if edit.field is None]
        lines = apply_edits(self.lines, on_lines) if on_lines else self.lines
        if len(on_lines) < len(new_edits):
            changes["metadata"] = apply_field_edits(changes.get("metadata", self.metadata), new_edits)
        return replace(self, lines=lines, edits=self.edits + new_edits, **changes)

    def with_metadata(self, **values: Any) -> Document:
        """Return a copy with metadata keys set: a text value set first stays, a list gains new items.

        Metadata known before cleaning (front matter, a JSONL record's, the API's)
        is set first, so what the stages lift adds to it and never replaces it.
        Example: authors ["Jane Roe"] and then ["JANE ROE", "Tom Reyes"] give ["Jane
        Roe", "Tom Reyes"]: an item already there in another case is not added again.
        """
        merged = dict(self.metadata)
        for key, value in values.items():
            existing = merged.get(key)
            if isinstance(existing, list) and isinstance(value, list):
                seen = {str(item).casefold() for item in existing}
                added = [item for item in value if str(item).casefold() not in seen]
                merged[key] = existing + list(dict.fromkeys(added))
            else:
                merged.setdefault(key, value)
        return replace(self, metadata=merged)


def apply_field_edits(metadata: Mapping[str, Any], edits: Iterable[Edit]) -> dict[str, Any]:
    """Apply the edits that name a metadata field to those values (spans, right to left)."""
    result = dict(metadata)
    by_field: dict[str, list[Edit]] = {}
    for edit in edits:
        if edit.field is not None:
            by_field.setdefault(edit.field, []).append(edit)
    for name, field_edits in by_field.items():
        value = result.get(name)
        if not isinstance(value, str):
            raise EditConflict(f"{field_edits[0].rule}: metadata {name!r} is not text")
        cursor = len(value)
        for edit in sorted(field_edits, key=lambda e: e.col or 0, reverse=True):
            start = edit.col or 0
            end = start + len(edit.before)
            if end > cursor:
                raise EditConflict(f"{edit.rule}: overlapping edits of {name} at {start}")
            if value[start:end] != edit.before:
                raise EditConflict(f"{edit.rule}: {name} has {value[start:end]!r} at {start}, not {edit.before!r}")
            value = value[:start] + (edit.after or "") + value[end:]
            cursor = start
        result[name] = value
    return result


def line_starts(lines: tuple[str, ...]) -> list[int]:
    """Offset of each line in the flat text, where every line ends in a line break."""
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _span(edit: Edit, lines: tuple[str, ...], starts: list[int]) -> tuple[int, int]:
    """Locate an edit in the flat text (every line followed by a break)."""
    if not 1 <= edit.line <= len(lines):
        raise EditConflict(f"{edit.rule}: line {edit.line} is outside 1..{len(lines)}")
    index = edit.line - 1
    line = lines[index]
    start = starts[index]
    if edit.col is None:
        if edit.before != line:
            raise EditConflict(f"{edit.rule}: line {edit.line} is {line!r}, not {edit.before!r}")
        end = start + len(line) + (1 if edit.after is None else 0)
        return start, end
    found = (line + LINE_BREAK)[edit.col : edit.col + len(edit.before)]
    if found != edit.before:
        raise EditConflict(
            f"{edit.rule}: line {edit.line} col {edit.col} has {found!r}, not {edit.before!r}"
        )
    return start + edit.col, start + edit.col + len(edit.before)


def apply_edits(lines: tuple[str, ...], edits: Iterable[Edit]) -> tuple[str, ...]:
    """Apply one stage's edits to the lines that stage received.

    Edits must not overlap, except whole-line replacements of the same line,
    which chain in order (each ``before`` is the previous ``after``): that is
    how a line fixed in several steps is recorded.
    """
    edits = list(edits)
    if all(edit.col is None for edit in edits):
        return _replace_lines(lines, edits)
    starts = line_starts(lines)
    chosen: dict[tuple[int, int], str] = {}
    for edit in edits:
        span = _span_chained(edit, lines, starts, chosen)
        chosen[span] = "" if edit.after is None else edit.after
    flat = "".join(line + "\n" for line in lines)
    pieces = []
    cursor = len(flat)
    for (start, end), after in sorted(chosen.items(), reverse=True):
        if end > cursor:
            raise EditConflict(f"overlapping edits at offset {start}")
        pieces.append(flat[end:cursor])
        pieces.append(after)
        cursor = start
    pieces.append(flat[:cursor])
    result = "".join(reversed(pieces))
    return tuple(result.split("\n")[:-1]) if result else ()


def _replace_lines(lines: tuple[str, ...], edits: list[Edit]) -> tuple[str, ...]:
    """Apply whole-line replacements and deletions by index (unicode's repairs, boilerplate's dropped lines)."""
    result: list[str | None] = list(lines)
    for edit in edits:
        if not 1 <= edit.line <= len(lines):
            raise EditConflict(f"{edit.rule}: line {edit.line} is outside 1..{len(lines)}")
        current = result[edit.line - 1]
        if current is None:
            raise EditConflict(f"{edit.rule}: line {edit.line} was already deleted")
        if current != edit.before:
            raise EditConflict(f"{edit.rule}: line {edit.line} is {current!r}, not {edit.before!r}")
        result[edit.line - 1] = edit.after
    return tuple(line for line in result if line is not None)


def _span_chained(
    edit: Edit, lines: tuple[str, ...], starts: list[int], chosen: dict[tuple[int, int], str]
) -> tuple[int, int]:
    if edit.col is None and 1 <= edit.line <= len(lines):
        start = starts[edit.line - 1]
        line = lines[edit.line - 1]
        earlier = chosen.get((start, start + len(line)))
        if earlier is not None:
            if earlier != edit.before:
                raise EditConflict(f"{edit.rule}: chained edit expects {edit.before!r}")
            if edit.after is None:
                del chosen[(start, start + len(line))]
                return start, start + len(line) + 1
            return start, start + len(line)
    return _span(edit, lines, starts)


def surviving_lines(line_count: int, edits: Iterable[Edit]) -> list[int]:
    """Map one stage's output lines to its input lines (0-based).

    A deleted line has no successor and a line joined to the one above lives
    on in it, so ``cleaner explain`` can cite every edit by its line number in
    the original input.
    """
    edits = list(edits)
    gone = {edit.line - 1 for edit in edits if edit.col is None and edit.after is None}
    for edit in edits:
        if edit.col is not None and edit.before == LINE_BREAK:
            following = edit.line  # 0-based index of the next line
            while following in gone:
                following += 1
            gone.add(following)  # it continues the joined line
    return [index for index in range(line_count) if index not in gone]


def replay(lines: tuple[str, ...], edits: Iterable[Edit]) -> tuple[str, ...]:
    """Reapply recorded edits stage by stage, as the pipeline did."""
    current = lines
    batch: list[Edit] = []
    stage = None
    for edit in edits:
        if edit.field is not None:
            continue  # a metadata value's edit: no line of the text changes
        if batch and edit.stage != stage:
            current = apply_edits(current, batch)
            batch = []
        stage = edit.stage
        batch.append(edit)
    if batch:
        current = apply_edits(current, batch)
    return current
