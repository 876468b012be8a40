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


TITLED = Document(lines=("The ministry introduced it.",), metadata={"title": "Talks Resume Subsequent Week In Seoul"})


def test_a_field_edit_changes_the_metadata_value_and_no_line():
    edit = Edit("spin", "S1140", 0, "Subsequent Week", "Next Week", col=13, field="title")
    doc = TITLED.with_edits([edit])
    assert doc.metadata["title"] == "Talks Resume Next Week In Seoul"
    assert doc.lines == TITLED.lines
    assert replay(TITLED.lines, doc.edits) == TITLED.lines


def test_field_edits_apply_right_to_left_beside_line_edits():
    edits = [Edit("spin", "S1", 1, "introduced", "announced", col=13),
             Edit("spin", "S2", 0, "Talks", "Negotiations", col=0, field="title"),
             Edit("spin", "S3", 0, "Subsequent Week", "Next Week", col=13, field="title")]
    doc = TITLED.with_edits(edits)
    assert doc.metadata["title"] == "Negotiations Resume Next Week In Seoul"
    assert doc.lines == ("The ministry announced it.",)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(Edit("spin", "S1", 0, "Previous Week", "Last Week", col=13, field="title"), id="wrong-before"),
        pytest.param(Edit("spin", "S1", 0, "Dr.", "Doctor", col=0, field="authors"), id="not-a-text-value"),
    ],
)
def test_bad_field_edits_raise(edit):
    doc = Document(lines=(), metadata={"title": "Talks Resume Subsequent Week", "authors": ["Dr. Roe"]})
    with pytest.raises(EditConflict):
        doc.with_edits([edit])


def test_field_round_trips_through_json():
    edit = Edit("spin", "S1140", 0, "Subsequent Week", "Next Week", col=13, field="title")
    assert edit.to_dict()["field"] == "title"
    assert Edit.from_dict(edit.to_dict()) == edit
    assert "field" not in Edit("b", "B101", 1, "ADVERTISEMENT", None).to_dict()


def test_overlapping_field_edits_raise():
    edits = [Edit("spin", "S1", 0, "Resume Subsequent", "x", col=6, field="title"),
             Edit("spin", "S2", 0, "Subsequent Week", "Next Week", col=13, field="title")]
    with pytest.raises(EditConflict, match="overlapping"):
        TITLED.with_edits(edits)
