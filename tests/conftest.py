"""Shared fixtures: the repository's folders, and a fresh default config."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import Config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OUTPUT = ROOT / "output"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture()
def config() -> Config:
    return Config()
