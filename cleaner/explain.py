"""Human-readable views: which rule did what (``cleaner explain``) and what rules exist.

Whole-line edits are shown as their smallest changed span with a little
context, so a U201 on a long paragraph reads "…September 3.[\\xa0 → ' ']".
"""

from __future__ import annotations

from cleaner import pipeline
from cleaner.config import Config
from cleaner.model import Document, Edit, surviving_lines
from cleaner.rules import Rule, all_rules

CONTEXT = 12


def _show(text: str | None) -> str:
    if text is None:
        return "∅"
    return repr(text)


def compact(edit: Edit) -> str:
    """Render an edit as ``before → after``, trimmed to the part that changed."""
    before, after = edit.before, edit.after
    if edit.col is not None or after is None:
        return f"{_show(before)} → {_show(after)}"
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(before), len(after)) - prefix
           and before[-1 - suffix] == after[-1 - suffix]):
        suffix += 1
    start = max(0, prefix - CONTEXT)
    lead = "…" if start else ""
    tail_b = before[len(before) - suffix:][:CONTEXT] if suffix else ""
    tail = "…" if suffix > CONTEXT else ""
    old = before[prefix:len(before) - suffix]
    new = after[prefix:len(after) - suffix]
    return f"{lead}{before[start:prefix]}[{old!r} → {new!r}]{tail_b}{tail}"


def explain_text(text: str, config: Config, source: str) -> str:
    """Every edit cleaning ``text`` makes, grouped by stage, one line each.

    Line numbers are those of the input file, whatever earlier stages removed.
    """
    names = {rule.code: rule.name for rule in all_rules(config.dictionaries)}
    doc = Document.from_text(text, source=source)
    origins = list(range(1, len(doc.lines) + 1))
    sections = []
    for stage, run in pipeline.STAGES:
        before = len(doc.edits)
        doc = run(doc, config)
        edits = doc.edits[before:]
        if edits:
            sections.append(f"\n{stage} ({len(edits)})\n")
            for edit in sorted(edits, key=lambda e: (e.line, e.field or "", e.col or 0)):
                where = (f"{edit.field}:{edit.col}" if edit.field is not None else
                         f"{origins[edit.line - 1]}" + (f":{edit.col}" if edit.col is not None else ""))
                sections.append(f"  {where:>8}  {edit.rule:<6} {names.get(edit.rule, '?'):<28} {compact(edit)}\n")
        origins = [origins[i] for i in surviving_lines(len(origins), [e for e in edits if e.field is None])]
    header = (f"{source}: {len(doc.edits)} edit(s); spin score {doc.spin.score:.1f}"
              f" ({'spun' if doc.spin.spun else 'not spun'})\n")
    return header + "".join(sections)


def rule_table(rules: tuple[Rule, ...] | list[Rule]) -> str:
    """One line per rule: code, name, stage, status."""
    lines = [f"{'code':<7}{'stage':<12}{'status':<9}name\n"]
    lines.extend(f"{r.code:<7}{r.stage:<12}{r.status:<9}{r.name}\n" for r in rules)
    return "".join(lines)


def describe_rule(rule: Rule) -> str:
    """A rule's doc: what it does, where it is defined, its fields and examples."""
    out = [f"{rule.code} {rule.name} ({rule.stage}, {rule.status})\n\n{rule.description}\n",
           f"\nDefined in: dictionaries/{rule.origin}\n"]
    for key, value in rule.fields.items():
        out.append(f"{key}: {value}\n")
    if rule.examples:
        out.append("\nExamples:\n")
        out.extend(f"  {example!r}\n" for example in rule.examples)
    if rule.keep:
        out.append("\nMust not match:\n")
        out.extend(f"  {keep!r}\n" for keep in rule.keep)
    return "".join(out)


def markdown_rule_table(rules: tuple[Rule, ...]) -> str:
    """The README's rule table (generated from the data, never edited by hand).

    Spin entries are counted per tier rather than listed: they are hundreds of
    dictionary lines, and ``cleaner rules S`` lists them.
    """
    rows = ["| code | stage | status | name | description |", "| --- | --- | --- | --- | --- |"]
    tiers: dict[str, int] = {}
    for rule in rules:
        if rule.stage == "spin":
            tier = str(rule.fields.get("tier"))
            tiers[tier] = tiers.get(tier, 0) + 1
            continue
        description = rule.description.replace("|", "\\|")
        rows.append(f"| {rule.code} | {rule.stage} | {rule.status} | {rule.name} | {description} |")
    if tiers:
        counts = ", ".join(f"{count} {tier}" for tier, count in sorted(tiers.items()))
        rows.append(f"| S… | spin | stable | dictionary entries | {counts} entries; `cleaner rules S` lists them |")
    return "\n".join(rows) + "\n"
