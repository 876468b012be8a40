"""Line shape judgements shared by boilerplate and layout."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner.lineshape import ends_sentence, is_prose, is_title_like

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


@pytest.mark.parametrize("line", ["Water rates in the city will rise by 6% in", "The council voted to cut the",
                                  "Officials met representatives of", "Kim will travel to Beijing with"])
def test_a_line_cut_mid_phrase_is_no_headline(line: str) -> None:
    """A hard wrap that leaves a line on "in" or "the" cut a sentence: neither a title nor a heading."""
    assert not is_title_like(line)
    assert is_title_like(line.rsplit(" ", 1)[0] + " Beijing")
