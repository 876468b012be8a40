"""Shared fixtures: the repository's folders, and a fresh default config."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from cleaner.config import Config

# The suite is deterministic: hypothesis derives its examples from each test, so CI and a
# laptop run the same cases. Exploration (CLEANER_FUZZ_EXAMPLES=…) draws fresh random ones.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile("explore" if os.environ.get("CLEANER_FUZZ_EXAMPLES") else "deterministic")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OUTPUT = ROOT / "output"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture()
def config() -> Config:
    return Config()


@pytest.fixture()
def layout_times_out_on_poison(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the layout stage raise TimeoutError on any document holding the word "poison".

    A rule that runs too long is one document's failure; tests of batches and
    streams use this to check that the others are still cleaned, in order.
    """
    from cleaner import pipeline

    layout = dict(pipeline.STAGES)["layout"]

    def layout_that_times_out(doc, config):
        if "poison" in doc.text:
            raise TimeoutError("a rule ran too long")
        return layout(doc, config)

    monkeypatch.setattr(pipeline, "STAGES", tuple(
        (name, layout_that_times_out if name == "layout" else run) for name, run in pipeline.STAGES))
