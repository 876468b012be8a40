"""Configuration: defaults, files found upward, overrides, and errors for unknown keys."""

from __future__ import annotations

import pytest

from cleaner.config import Config, ConfigError, build, load, override


def test_pyproject_table_is_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nspin = "never"\nignore = ["B7"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config, path = load(start=nested)
    assert (config.spin, config.ignore, path) == ("never", ("B7",), tmp_path / "pyproject.toml")


def test_cleaner_toml_wins_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nspin = "never"\n')
    (tmp_path / "cleaner.toml").write_text('spin = "always"\n')
    assert load(start=tmp_path)[0].spin == "always"


def test_unknown_key_names_the_valid_ones():
    with pytest.raises(ConfigError, match="unknown key 'selct'; valid keys: select, ignore"):
        build({"selct": ["B1"]})


@pytest.mark.parametrize(
    ("config", "code", "enabled"),
    [
        pytest.param(Config(), "B101", True, id="default-stable"),
        pytest.param(Config(ignore=("B1",)), "B101", False, id="ignored-prefix"),
        pytest.param(Config(select=("U",)), "B101", False, id="not-selected"),
        pytest.param(Config(select=("B",), ignore=("B101",)), "B101", False, id="ignore-wins"),
    ],
)
def test_rule_enabled(config, code, enabled):
    assert config.rule_enabled(code) is enabled


def test_preview_rules_need_preview():
    assert not Config().rule_enabled("B999", "preview")
    assert Config(preview=True).rule_enabled("B999", "preview")


def test_override_applies_only_given_flags():
    base = Config(spin="never")
    assert override(base, spin=None, select="b1,u") == Config(spin="never", select=("B1", "U"))
