"""The whole pipeline on the seeds: edits replay to the output, and cleaning is stable."""

from __future__ import annotations

import pytest

from cleaner import formats
from cleaner.model import Document, replay, surviving_lines
from cleaner.pipeline import clean_text
from tests.conftest import DATA, SEEDS

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


def test_run_many_gives_what_run_gives_one_by_one():
    """Stage by stage across a chunk (for the CPU caches), document by document the same result."""
    from cleaner.config import Config
    from cleaner.model import Document
    from cleaner.pipeline import run, run_many

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8").split("\n# output\n")[0]
              for path in sorted((DATA / "articles").glob("*.txt"))]
    docs = [Document.from_text(text, source=str(i)) for i, text in enumerate(texts)]
    assert run_many(docs, Config()) == [run(doc, Config()) for doc in docs]


def test_run_many_carries_one_documents_failure_and_cleans_the_rest(layout_times_out_on_poison):
    from cleaner import pipeline
    from cleaner.config import Config
    from cleaner.model import Document

    docs = [Document.from_text(f"Story {word} was filed on Tuesday, the editors said.\n") for word in
            ("one", "poison", "three")]
    results = pipeline.run_many(docs, Config())
    assert isinstance(results[1], TimeoutError)
    assert [r.text for r in (results[0], results[2])] == ["Story one was filed on Tuesday, the editors said.\n",
                                                          "Story three was filed on Tuesday, the editors said.\n"]
