"""Regenerate README's rule table from the rule files (``make readme``)."""

from __future__ import annotations

from pathlib import Path

from cleaner.explain import markdown_rule_table
from cleaner.rules import all_rules

START, END = "<!-- rules:start -->\n", "<!-- rules:end -->"


def main() -> None:
    """Replace the text between the README markers with the generated table."""
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    readme.write_text(head + START + markdown_rule_table(all_rules()) + END + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
