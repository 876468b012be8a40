"""README's rule table is generated from the rule files and must not drift from them."""

from __future__ import annotations

from cleaner.explain import markdown_rule_table
from cleaner.rules import all_rules
from tests.conftest import ROOT

START, END = "<!-- rules:start -->\n", "<!-- rules:end -->"


def readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)]


def test_readme_rule_table_matches_the_rule_files():
    assert readme_table() == markdown_rule_table(all_rules()), (
        "README's rule table is stale: run `cleaner rules --markdown` and paste it between the markers"
    )
