"""The committed output/ is exactly what cleaner makes of seeds/ now."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.batch import Batch
from cleaner.config import Config
from cleaner.io import discover
from tests.conftest import OUTPUT, ROOT, SEEDS

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("output")
    inputs, problems = discover([Path("seeds")], "*.txt")
    assert problems == []
    report = Batch(Config(), out).run(inputs)
    assert report.exit_code == 0
    return out


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_output_is_in_sync(regenerated, name):
    committed = (OUTPUT / f"{name}.md").read_bytes()
    assert (regenerated / f"{name}.md").read_bytes() == committed, (
        "output/ is stale: run `make run`, read the diff, commit it"
    )


def test_no_stray_outputs():
    assert sorted(p.stem for p in OUTPUT.glob("*.md")) == SEED_NAMES
