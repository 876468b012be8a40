"""Line shape judgements shared by boilerplate and layout."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner.lineshape import ends_sentence, is_dek, is_prose, is_title_like

#: The definition ``ends_sentence`` implements by reading only the end of the line.
SENTENCE_END = regex.compile(r"[.!?…:;]['\"’”)]*$")


@pytest.mark.parametrize(
    ("line", "expected"),
    [("He left.", True), ("He left.”", True), ("(He left.)", True), ("Why?'\"", True), ("He left. ", False),
     ("Why It Matters", False), ("", False), ("”", False), ("Kim arrived…", True), ("Note:", True)],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert ends_sentence(line) is expected


@given(st.text(alphabet=st.sampled_from(list("ab .!?…:;'\"’”)(\n\t")), max_size=12))
def test_ends_sentence_agrees_with_its_definition(line: str) -> None:
    if not line.endswith("\n"):  # lines never hold a newline; "$" would also match before one
        assert ends_sentence(line) is bool(SENTENCE_END.search(line))


def test_prose_and_titles() -> None:
    assert is_prose("Kim last visited China in early 2019.")
    assert not is_prose("Why It Matters")
    assert is_title_like("Kim Jong Un to attend parade in Beijing")
    assert not is_title_like("Kim Jong Un will attend the parade in Beijing.")


@pytest.mark.parametrize("line", ["Fares on the harbor ferry will rise for the", "The council voted to cut a",
                                  "Officials met lawmakers and", "Voters can choose one or"])
def test_a_line_cut_mid_phrase_is_no_headline(line: str) -> None:
    """A hard wrap that leaves a line on "the" or "and" cut a sentence: neither a title nor a heading."""
    assert not is_title_like(line)
    assert is_title_like(line.rsplit(" ", 1)[0] + " Beijing")


@pytest.mark.parametrize("line", ["The results are in", "Where the money comes from", "Who the new rules apply to",
                                  "Napoli crowned champions of Serie A", "Companies Musk does business with"])
def test_a_headline_may_strand_a_preposition(line: str) -> None:
    """Headlines and section headings end on "in", "from", "to" or a name's capital "A"; only a lower-case
    article or conjunction marks a cut."""
    assert is_title_like(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The measure sends $40 billion to states for roads and bridges", True),
        ("Officials say the bridge will reopen by March, two years late.", True),
        ("Lawmakers Cheer As Measure Heads To States For Final Approval", False),
        ("Senate passes spending bill", False),
        ("the measure sends $40 billion to states for roads and bridges", False),
        ("The measure sends $40 billion to states for roads and,", False),
    ],
    ids=["no-stop", "with-stop", "title-case", "too-short", "lower-case-start", "cut-at-comma"],
)
def test_dek(line: str, expected: bool) -> None:
    assert is_dek(line) is expected
