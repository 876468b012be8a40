"""Edits and their replay: the record that makes 'no silent loss' checkable."""

from __future__ import annotations

import pytest

from cleaner.model import Document, Edit, EditConflict, apply_edits, replay

LINES = ("ADVERTISEMENT", "Kim visited China’s", "capital on Tuesday.", "", "Tags: Kim")


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param([Edit("b", "B101", 1, "ADVERTISEMENT", None)], LINES[1:], id="drop-line"),
        pytest.param([Edit("l", "L102", 2, "\n", " ", col=19)],
                     ("ADVERTISEMENT", "Kim visited China’s capital on Tuesday.", "", "Tags: Kim"),
                     id="join-lines"),
        pytest.param([Edit("s", "S1", 3, "capital", "city", col=0)],
                     ("ADVERTISEMENT", "Kim visited China’s", "city on Tuesday.", "", "Tags: Kim"),
                     id="replace-span"),
        pytest.param([Edit("l", "L201", 2, "", "## ", col=0)],
                     ("ADVERTISEMENT", "## Kim visited China’s", "capital on Tuesday.", "", "Tags: Kim"),
                     id="insert-heading-mark"),
        pytest.param([Edit("u", "U101", 2, LINES[1], "a"), Edit("u", "U202", 2, "a", "b")],
                     ("ADVERTISEMENT", "b", "capital on Tuesday.", "", "Tags: Kim"),
                     id="chained-whole-line"),
        pytest.param([Edit("b", "B701", 5, "Tags: Kim", None)], LINES[:4], id="drop-last-line"),
    ],
)
def test_apply_edits(edits, expected):
    assert apply_edits(LINES, edits) == expected


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([Edit("s", "S1", 3, "capitol", "city", col=0)], id="wrong-before"),
        pytest.param([Edit("s", "S1", 9, "x", "y", col=0)], id="line-out-of-range"),
        pytest.param([Edit("s", "S1", 3, "capital on", "x", col=0),
                      Edit("s", "S2", 3, "on Tuesday", "y", col=8)], id="overlap"),
    ],
)
def test_bad_edits_raise(edits):
    with pytest.raises(EditConflict):
        apply_edits(LINES, edits)


def test_replay_runs_stage_by_stage():
    edits = [Edit("boilerplate", "B101", 1, "ADVERTISEMENT", None),
             Edit("layout", "L102", 1, "\n", " ", col=19)]
    assert replay(LINES, edits) == ("Kim visited China’s capital on Tuesday.", "", "Tags: Kim")


def test_from_text_splits_all_line_ends():
    doc = Document.from_text("a\r\nb\rc\nd\u2028e\n")
    assert doc.lines == ("a", "b", "c", "d\u2028e")
