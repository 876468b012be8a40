"""Rule records: the data every stage runs on, loaded once and checked on load.

Each rule is a record in a file under ``dictionaries/`` with a stable code
(U unicode, B boilerplate, S spin, L layout), a name, a description and
examples. Files are read when first asked for, never at import, and a broken
file raises :class:`RuleFileError` naming the file and line: a missing or
malformed dictionary must stop a run before any output is touched.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from cleaner.config import Config

STAGE_OF_PREFIX = {"U": "unicode", "B": "boilerplate", "S": "spin", "L": "layout"}
STATUSES = ("stable", "preview")


class RuleFileError(ValueError):
    """A dictionary or rule file is malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: identity, documentation, examples, and stage-specific fields."""

    code: str
    name: str
    stage: str
    description: str
    origin: str
    status: str = "stable"
    examples: tuple[Any, ...] = ()
    keep: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)


@functools.cache
def dictionaries_dir(override: str | None = None) -> Path:
    """Return the dictionaries folder: an override, the packaged copy, or the repo's."""
    if override:
        path = Path(override)
        if not path.is_dir():
            raise RuleFileError(f"{path}: dictionaries folder not found")
        return path
    here = Path(__file__).resolve().parent
    for candidate in (here / "dictionaries", here.parent / "dictionaries"):
        if candidate.is_dir():
            return candidate
    raise RuleFileError(f"no dictionaries folder beside {here}; reinstall cleaner")


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that remembers the line each mapping starts on.

    It parses with libyaml when PyYAML was built with it: ten times faster than
    the pure-Python parser, which was most of every worker's start-up.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


REQUIRED = ("code", "name", "description")
COMMON = {"code", "name", "description", "status", "examples", "keep", "__line__"}


def load_rule_file(path: Path, allowed: frozenset[str]) -> list[Rule]:
    """Read one YAML rule file: a list of records with the keys ``allowed`` adds."""
    try:
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise RuleFileError(f"{path}{where}: not valid YAML: {problem}") from exc
    if not isinstance(records, list):
        raise RuleFileError(f"{path}:1: expected a list of rule records")
    rules = []
    for record in records:
        if not isinstance(record, dict):
            raise RuleFileError(f"{path}: every item must be a mapping of rule fields")
        rules.append(_rule_from_record(path, record, allowed))
    return rules


def _rule_from_record(path: Path, record: dict[str, Any], allowed: frozenset[str]) -> Rule:
    origin = f"{path.name}:{record.get('__line__', '?')}"
    missing = [key for key in REQUIRED if not record.get(key)]
    if missing:
        raise RuleFileError(f"{path}:{record.get('__line__')}: missing {', '.join(missing)}")
    unknown = sorted(set(record) - COMMON - allowed)
    if unknown:
        raise RuleFileError(
            f"{origin}: unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}"
        )
    code = str(record["code"])
    stage = STAGE_OF_PREFIX.get(code[:1])
    if stage is None or not code[1:].isdigit():
        raise RuleFileError(f"{origin}: code {code!r} must be a letter of UBSL and digits")
    status = record.get("status", "stable")
    if status not in STATUSES:
        raise RuleFileError(f"{origin}: status must be stable or preview, not {status!r}")
    extra = {key: value for key, value in record.items() if key not in COMMON}
    return Rule(
        code=code,
        name=str(record["name"]),
        stage=stage,
        description=" ".join(str(record["description"]).split()),
        origin=f"{path.parent.name}/{origin}",
        status=status,
        examples=tuple(record.get("examples") or ()),
        keep=tuple(record.get("keep") or ()),
        fields=extra,
    )


def check_unique(rules: list[Rule]) -> None:
    """Raise if two rules share a code."""
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise RuleFileError(
                f"{rule.origin}: duplicate code {rule.code} (first at {seen[rule.code].origin})"
            )
        seen[rule.code] = rule


@functools.cache
def all_rules(dictionaries: str | None = None) -> tuple[Rule, ...]:
    """Every rule of every stage, sorted by code; loaded once per folder."""
    from cleaner.stages import boilerplate, layout, spin, unicode

    rules: list[Rule] = []
    for module in (unicode, boilerplate, spin, layout):
        rules.extend(module.rules(dictionaries))
    check_unique(rules)
    return tuple(sorted(rules, key=lambda rule: rule.code))


@functools.lru_cache(maxsize=256)
def enabled_codes(config: Config, stage: str) -> frozenset[str]:
    """Codes of one stage's rules that ``config`` runs; computed once per config."""
    return frozenset(
        rule.code for rule in all_rules(config.dictionaries)
        if rule.stage == stage and config.rule_enabled(rule.code, rule.status)
    )


def check_codes(codes: tuple[str, ...], dictionaries: str | None = None) -> None:
    """Raise if a selected or ignored code or prefix names no rule."""
    known = [rule.code for rule in all_rules(dictionaries)]
    for code in codes:
        if not any(k.startswith(code) for k in known):
            stages = ", ".join(f"{p} ({s})" for p, s in STAGE_OF_PREFIX.items())
            raise RuleFileError(
                f"unknown rule code {code!r}: no rule starts with it; prefixes are {stages}; "
                "`cleaner rules` lists every code"
            )
