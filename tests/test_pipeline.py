"""The whole pipeline on the seeds: edits replay to the output, and cleaning is stable."""

from __future__ import annotations

import pytest

from cleaner import formats
from cleaner.model import Document, replay, surviving_lines
from cleaner.pipeline import clean_text
from tests.conftest import SEEDS

SEED_PATHS = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_PATHS, ids=[p.stem[:3] for p in SEED_PATHS])
def test_edits_replay_to_output(path):
    text = path.read_text(encoding="utf-8")
    doc = clean_text(text)
    assert replay(Document.from_text(text).lines, doc.edits) == doc.lines


@pytest.mark.parametrize("path", SEED_PATHS, ids=[p.stem[:3] for p in SEED_PATHS])
def test_cleaning_twice_changes_nothing(path):
    once = formats.to_txt(clean_text(path.read_text(encoding="utf-8")))
    assert formats.to_txt(clean_text(once)) == once


def test_surviving_lines_follow_drops_and_joins():
    doc = Document.from_text("ADVERTISEMENT\nKim visited China’s\ncapital on Tuesday.\nThe end.\n")
    cleaned = clean_text(doc.text)
    assert cleaned.lines == ("Kim visited China’s capital on Tuesday.", "The end.")
    boilerplate_edits = [e for e in cleaned.edits if e.stage == "boilerplate"]
    assert surviving_lines(4, boilerplate_edits) == [1, 2, 3]
