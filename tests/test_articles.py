"""Golden cases for the boilerplate and layout stages: whole articles as scraped pages.

Each file under ``tests/data/articles/`` holds an article as a scraper delivers it,
a line ``# output``, then the md cleaner must make of it. Files under
``tests/data/articles/unchanged/`` have no marker: they are clean articles in txt
form that must come out exactly as they went in. The furniture copies real pages'
formulas; the article prose was written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cleaner import clean
from cleaner.config import Config
from cleaner.formats import to_md, to_txt
from cleaner.lineshape import is_prose
from cleaner.model import Document, replay
from cleaner.pipeline import clean_text
from cleaner.stages import unicode
from tests.conftest import DATA

MARKER = "\n# output\n"
LOOKALIKES = [line for line in (DATA / "boilerplate_lookalikes.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
ARTICLES = DATA / "articles"
CASES = sorted(ARTICLES.glob("*.txt"))
UNCHANGED = sorted((ARTICLES / "unchanged").glob("*.txt"))
ALL = CASES + UNCHANGED
#: Boilerplate and layout only drop, join and fold; with spin repair off no word may change.
NO_SPIN = Config(spin="never")
SENTENCE_END = regex.compile(r"(?<=[.!?…][’”\"')]*)\s+(?=[“\"‘(]?[A-Z0-9])")


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.stem}" if p.parent != ARTICLES else p.stem for p in paths]


def source_of(path: Path) -> str:
    """The input part of a case file (the whole file when it has no marker)."""
    return path.read_text(encoding="utf-8").split(MARKER, 1)[0]


def body_of(md: str) -> str:
    """The md body, front matter removed."""
    return md.split("---\n", 2)[2] if md.startswith("---\n") else md


def sentences(text: str) -> list[str]:
    """Split prose into sentences at a stop followed by a capital (good enough for fixtures)."""
    return [s for line in text.splitlines() for s in SENTENCE_END.split(line.removeprefix("## ")) if s.strip()]


@pytest.mark.parametrize("path", CASES, ids=_ids(CASES))
def test_case_gives_expected_md(path: Path) -> None:
    source, expected = path.read_text(encoding="utf-8").split(MARKER, 1)
    assert to_md(clean_text(source, source=path.name)) == expected


@pytest.mark.parametrize("path", UNCHANGED, ids=_ids(UNCHANGED))
def test_clean_article_comes_out_unchanged(path: Path) -> None:
    source = source_of(path)
    assert to_txt(clean_text(source)) == source


@pytest.mark.parametrize("path", UNCHANGED, ids=_ids(UNCHANGED))
def test_clean_article_gets_no_boilerplate_edit(path: Path) -> None:
    doc = clean_text(source_of(path))
    assert [e.rule for e in doc.edits if e.stage == "boilerplate"] == []


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_replaying_the_edits_reproduces_the_output(path: Path) -> None:
    source = source_of(path)
    doc = clean_text(source)
    assert replay(Document.from_text(source).lines, doc.edits) == doc.lines


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_cleaning_twice_changes_nothing_in_txt(path: Path) -> None:
    once = to_txt(clean_text(source_of(path)))
    assert to_txt(clean_text(once)) == once


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_cleaning_twice_keeps_the_md_body(path: Path) -> None:
    once = to_md(clean_text(source_of(path)))
    assert body_of(to_md(clean_text(body_of(once)))) == body_of(once)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_cleaning_the_md_output_again_changes_nothing(path: Path) -> None:
    """cleaner's md output, front matter and all, is a fixed point: its metadata is read back, not printed."""
    once = to_md(clean_text(source_of(path), source="page.txt"))
    assert to_md(clean_text(once, source="page.txt")) == once


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_no_sentence_is_reworded(path: Path) -> None:
    """Every output sentence is found verbatim in the (unicode-repaired) input.

    Spin repair, the one stage that rewords, is off: a content-farm copy's
    sentences are restored on purpose, and its golden file shows how.
    """
    source = source_of(path)
    repaired = " ".join(unicode.run(Document.from_text(source), Config()).lines)
    flat = " ".join(repaired.split())
    output = body_of(to_md(clean_text(source, NO_SPIN)))
    assert [s for s in sentences(output) if s not in flat] == []


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_every_prose_line_kept_or_dropped_by_a_rule(path: Path) -> None:
    """A prose line of the input is in the output unless an edit with a rule code took it."""
    source = source_of(path)
    repaired = unicode.run(Document.from_text(source), Config()).lines
    doc = clean_text(source, NO_SPIN)
    body = " ".join(" ".join(doc.lines).split())
    recorded = {e.before.strip() for e in doc.edits if e.stage == "boilerplate" and e.col is None}
    cut = [e.before.strip() for e in doc.edits if e.stage == "boilerplate" and e.col == 0]
    lost = []
    for line in (line.strip() for line in repaired):
        rest = next((line[len(p):].strip() for p in cut if line.startswith(p)), line)
        if is_prose(line) and line not in recorded and rest not in body:
            lost.append(line)
    assert lost == []


@pytest.mark.parametrize("path", CASES, ids=_ids(CASES))
def test_no_furniture_rule_drops_multi_sentence_prose(path: Path) -> None:
    """Rules for short furniture never take a paragraph of three sentences or more."""
    doc = clean_text(source_of(path))
    # Captions, feed trailers and legal notices run long by nature (AP's copyright line is
    # three sentences, and so are Newsweek's request for tips and AP's funding note); every
    # other rule is for short furniture. A short caption ending in an agency credit (B302,
    # 18 words at most) reads as three sentences to this splitter when it abbreviates a
    # state and a month ("Tracy, Calif., on Aug. 16, 2024. (AP Photo/…)").
    # News18's comment disclaimer (B705) is five sentences of house rules.
    long_rules = {"B302", "B303", "B305", "B306", "B407", "B501", "B704", "B705", "B706", "B712"}
    dropped = [e.before for e in doc.edits
               if e.stage == "boilerplate" and e.col is None and e.rule not in long_rules]
    assert [d for d in dropped if len(sentences(d)) >= 3] == []


@pytest.mark.parametrize("path", CASES, ids=_ids(CASES))
def test_no_line_disappears_without_a_record(path: Path) -> None:
    """Every input line is in the output or in a boilerplate or layout edit that dropped it."""
    source = source_of(path)
    repaired = unicode.run(Document.from_text(source), Config())
    doc = clean_text(source, NO_SPIN)
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
def test_lookalike_sentence_survives(sentence: str) -> None:
    result = clean(sentence + "\n")
    assert result.text == sentence + "\n"
    assert result.edits == ()
