"""``cleaner dict check``: every rule file loads, every example does what it says.

The same checks run in the test suite, so a dictionary change that breaks an
example or creates a chain fails CI with the file and line.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.model import Document
from cleaner.rules import Rule, RuleFileError, all_rules
from cleaner.spin_dictionary import SpinDictionary, load


def example_problems(rule: Rule, dictionaries: str | None = None) -> list[str]:
    """Check one rule's examples and counter-examples; return what failed."""
    if rule.stage == "boilerplate":
        return _boilerplate_problems(rule, dictionaries)
    if rule.stage == "spin":
        return _spin_problems(rule, dictionaries)
    return _replay_problems(rule, dictionaries)


def _boilerplate_problems(rule: Rule, dictionaries: str | None) -> list[str]:
    from cleaner.stages.boilerplate import compile_rule, word_count

    compiled = compile_rule(rule)
    if compiled.pattern is None:
        return []

    def takes(line: str) -> bool:
        if compiled.scope == "prefix":
            match = compiled.pattern.match(line)
            return bool(match) and match.end() < len(line)
        return word_count(line) <= compiled.max_words and bool(compiled.pattern.fullmatch(line))

    problems = [f"{rule.origin}: {rule.code} does not match its example {ex!r}"
                for ex in rule.examples if not takes(str(ex))]
    problems += [f"{rule.origin}: {rule.code} matches its counter-example {keep!r}"
                 for keep in rule.keep if takes(keep)]
    return problems


def _spin_problems(rule: Rule, dictionaries: str | None) -> list[str]:
    dictionary = load(dictionaries)
    problems = []
    for example in rule.examples:
        found = [m for m in dictionary.find(example) if m.entry.code == rule.code]
        if not found:
            problems.append(f"{rule.origin}: {rule.code} is not found in its example {example!r}")
    return problems


def _replay_problems(rule: Rule, dictionaries: str | None) -> list[str]:
    from cleaner.pipeline import STAGES

    run = dict(STAGES)[rule.stage]
    config = Config(select=(rule.code,), dictionaries=dictionaries)
    problems = []
    for example in rule.examples:
        doc = run(Document.from_text(example["before"]), config)
        if doc.text != example["after"] + "\n":
            problems.append(f"{rule.origin}: {rule.code} gives {doc.text!r}, "
                            f"not {example['after']!r}")
    for keep in rule.keep:
        doc = run(Document.from_text(keep), config)
        if doc.edits:
            problems.append(f"{rule.origin}: {rule.code} changes its counter-example {keep!r}")
    return problems


def chain_problems(dictionary: SpinDictionary) -> list[str]:
    """Entries whose canonical form another context-free entry would rewrite again."""
    problems = []
    for entry in dictionary.entries:
        for match in dictionary.find(entry.canonical):
            if not match.entry.conditions and match.entry.code != entry.code:
                problems.append(
                    f"{entry.origin}: canonical {entry.canonical!r} contains "
                    f"{match.found!r}, the spun form of {match.entry.code} ({match.entry.origin}); "
                    "a second run would rewrite it"
                )
    return problems


def key_problems(dictionary: SpinDictionary) -> list[str]:
    """Two entries with the same spun form and the same context conflict."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for entry in dictionary.entries:
        key = (entry.spun.lower(), entry.context)
        if key in seen:
            problems.append(f"{entry.origin}: duplicate spun form {entry.spun!r} "
                            f"(first at {seen[key]})")
        else:
            seen[key] = entry.origin
    return problems


def check_all(dictionaries: str | None = None) -> list[str]:
    """Run every check; return the problems, each naming file and line."""
    try:
        rules = all_rules(dictionaries)
    except RuleFileError as exc:
        return [str(exc)]
    problems: list[str] = []
    for rule in rules:
        problems.extend(example_problems(rule, dictionaries))
    dictionary = load(dictionaries)
    problems.extend(key_problems(dictionary))
    problems.extend(chain_problems(dictionary))
    return problems
