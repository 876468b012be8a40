"""Every example of every rule does what the rule says (the data checks itself)."""

from __future__ import annotations

import pytest

from cleaner.dictcheck import chain_problems, example_problems, key_problems
from cleaner.rules import all_rules
from cleaner.spin_dictionary import load

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_rule_examples(rule):
    assert example_problems(rule) == []


def test_every_rule_documents_itself():
    undocumented = [r.code for r in RULES if len(r.description) < 20]
    assert undocumented == []


def test_no_spin_entry_chains_into_another():
    assert chain_problems(load()) == []


def test_no_duplicate_spin_keys():
    assert key_problems(load()) == []
