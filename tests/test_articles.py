"""Whole articles laid out as scraped pages: expected output, nothing lost, stable.

Each file under tests/data/articles/ holds an article as a scraper delivers it, a
line ``# output``, and the md that cleaner must make of it. The furniture copies
real pages' formulas; the article prose was written for these tests.
"""

from __future__ import annotations

import pytest

from cleaner import clean, formats
from cleaner.config import Config
from cleaner.model import Document, replay
from cleaner.pipeline import clean_text
from cleaner.stages import unicode
from tests.conftest import DATA

MARKER = "\n# output\n"
CASES = sorted((DATA / "articles").glob("*.txt"))
LOOKALIKES = [line for line in (DATA / "boilerplate_lookalikes.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]


def split_case(path):
    text = path.read_text(encoding="utf-8")
    source, expected = text.split(MARKER, 1)
    return source, expected


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_article_gives_expected_output(path):
    source, expected = split_case(path)
    assert clean(source, source=path.name).to_markdown() == expected


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_article_edits_replay(path):
    source, _expected = split_case(path)
    doc = clean_text(source)
    assert replay(Document.from_text(source).lines, doc.edits) == doc.lines


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_article_is_stable(path):
    source, _expected = split_case(path)
    once = formats.to_txt(clean_text(source))
    assert formats.to_txt(clean_text(once)) == once


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_no_line_disappears_without_a_record(path):
    source, _expected = split_case(path)
    repaired = unicode.run(Document.from_text(source), Config())
    doc = clean_text(source, Config(spin="never"))  # spin rewords on purpose; this is about lines
    body = " ".join(doc.lines)
    dropped = [e.before for e in doc.edits if e.stage in ("boilerplate", "layout") and e.col is None]
    cut = [e.before for e in doc.edits if e.stage == "boilerplate" and e.col == 0]
    lost = []
    for line in (line.strip() for line in repaired.lines):
        kept = next((line[len(prefix):] for prefix in cut if line.startswith(prefix.strip())), line).strip()
        if line and kept not in body and not any(line in before for before in dropped):
            lost.append(line)
    assert lost == []


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_sentence_survives(sentence):
    result = clean(sentence + "\n")
    assert result.text == sentence + "\n"
    assert result.edits == ()
