"""One frozen configuration, built once from defaults, a config file and flags.

Lookup order: ``--config FILE``; else the nearest ``cleaner.toml`` or a
``pyproject.toml`` with a ``[tool.cleaner]`` table, searching upward from the
working directory. Unknown keys are errors, never ignored: a typo in a config
file must not silently turn a rule back on.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

SpinMode = Literal["auto", "always", "never"]
OutputFormat = Literal["md", "txt", "jsonl"]
FORMATS: tuple[str, ...] = ("md", "txt", "jsonl")
SPIN_MODES: tuple[str, ...] = ("auto", "always", "never")


class ConfigError(ValueError):
    """A configuration problem the user must fix; the CLI exits 2 with it."""


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of a cleaning run, each default with its reason."""

    #: Rule codes or prefixes to run; empty means every stable rule.
    select: tuple[str, ...] = ()
    #: Rule codes or prefixes never to run; wins over ``select``.
    ignore: tuple[str, ...] = ()
    #: Also run rules marked ``preview``: new rules earn ``stable`` on real data first.
    preview: bool = False
    #: ``auto`` repairs spin only in documents the gate calls spun; clean text is never touched.
    spin: SpinMode = "auto"
    #: Quoted speech is left alone by default: most spinners skip it, and a quote is evidence.
    spin_in_quotes: bool = False
    #: Output format; ``md`` keeps metadata in front matter so nothing lifted is lost.
    format: OutputFormat = "md"
    #: Which files a folder contributes; scraped articles arrive as ``.txt``.
    glob: str = "*.txt"
    #: A folder of dictionaries to use instead of the bundled ones (for testing new entries).
    dictionaries: str | None = None

    def rule_enabled(self, code: str, status: str = "stable") -> bool:
        """Say whether a rule runs under this configuration.

        Example: with ``ignore=("B3",)``, ``rule_enabled("B301")`` is False.
        """
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        if self.select:
            return any(code.startswith(prefix) for prefix in self.select)
        return status == "stable" or self.preview


FIELD_NAMES = tuple(f.name for f in fields(Config))


def _check_choice(name: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def build(values: dict[str, Any], origin: str = "configuration") -> Config:
    """Build a Config from plain values, rejecting unknown keys and bad choices."""
    unknown = sorted(set(values) - set(FIELD_NAMES))
    if unknown:
        raise ConfigError(
            f"{origin}: unknown key {unknown[0]!r}; valid keys: {', '.join(FIELD_NAMES)}"
        )
    clean = dict(values)
    for key in ("select", "ignore"):
        if key in clean:
            value = clean[key]
            if isinstance(value, str):
                value = [part for part in value.split(",") if part.strip()]
            clean[key] = tuple(str(part).strip().upper() for part in value)
    if "spin" in clean:
        _check_choice(f"{origin}: spin", clean["spin"], SPIN_MODES)
    if "format" in clean:
        _check_choice(f"{origin}: format", clean["format"], FORMATS)
    return Config(**clean)


def find_config_file(start: Path) -> Path | None:
    """Return the nearest cleaner.toml, or pyproject.toml with [tool.cleaner]."""
    for folder in (start, *start.parents):
        candidate = folder / "cleaner.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cleaner" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def load(path: Path | None = None, start: Path | None = None) -> tuple[Config, Path | None]:
    """Load the configuration file (explicit or found upward) into a Config."""
    if path is None:
        path = find_config_file((start or Path.cwd()).resolve())
    if path is None:
        return Config(), None
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    data = _read_toml(path)
    table = data.get("tool", {}).get("cleaner", {}) if path.name == "pyproject.toml" else data
    return build(table, origin=str(path)), path


def override(config: Config, **flags: Any) -> Config:
    """Return config with the flags that were given (not None) applied."""
    given = {key: value for key, value in flags.items() if value is not None}
    if not given:
        return config
    checked = build(given, origin="command line")
    return replace(config, **{key: getattr(checked, key) for key in given})
