"""The layout stage: broken lines joined, repeats folded, headings marked, nothing reworded."""

from __future__ import annotations

import pytest

from cleaner.config import Config
from cleaner.model import Document, replay
from cleaner.stages import layout

P1 = "Kim last visited China in early 2019, when he met Xi in Beijing."
P2 = "China is likely to release more details of the visit this week."
P3 = "Analysts said the trip would be watched closely in Seoul and Tokyo."


def laid_out(*lines: str) -> tuple[str, ...]:
    return layout.run(Document.from_text("\n".join(lines) + "\n"), Config()).lines


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("the event commemorates China’s victory", "over “Japanese aggression.”"),
         ("the event commemorates China’s victory over “Japanese aggression.”",)),
        (("The parade, which marks the end of the war,", "will be held on Wednesday."),
         ("The parade, which marks the end of the war, will be held on Wednesday.",)),
        (("Officials said the county would buy the", "cottage next month, and", "open it in May."),
         ("Officials said the county would buy the cottage next month, and open it in May.",)),
    ],
    ids=["lowercase-continuation", "comma-continuation", "three-pieces"],
)
def test_broken_lines_are_joined(lines: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert laid_out(*lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        (P1, P2),
        ("Why It Matters", P1),
        ("Kim arrived by train", "Xi met him at the station."),
    ],
    ids=["two-sentences", "heading-then-prose", "capital-after-no-stop"],
)
def test_lines_that_do_not_continue_stay_apart(lines: tuple[str, ...]) -> None:
    assert len([line for line in laid_out(*lines) if line.strip()]) == len(lines)


@pytest.mark.xfail(strict=True, reason="a line broken before a number is not joined: 'automated in' + '1968.'")
def test_line_broken_before_a_number_is_joined() -> None:
    assert laid_out("The light was automated in", "1968.") == ("The light was automated in 1968.",)


def test_blank_lines_are_dropped_one_paragraph_per_line() -> None:
    assert laid_out(P1, "", "", P2) == (P1, P2)


def test_heading_between_paragraphs_is_marked() -> None:
    assert laid_out(P1, "What Happens Next", P2) == (P1, "## What Happens Next", P2)


@pytest.mark.parametrize(
    "lines",
    [
        (P1, "What Happens Next"),
        ("What Happens Next", P1),
        (P1, "What Happens Next", "Key Dates"),
        (P1, "Kim and Xi have met five times since 2018, most recently in Beijing during a parade in September", P2),
    ],
    ids=["at-the-end", "at-the-start", "followed-by-no-prose", "too-long-for-a-heading"],
)
def test_line_that_is_not_between_paragraphs_is_not_a_heading(lines: tuple[str, ...]) -> None:
    assert not any(line.startswith(layout.HEADING_MARK) for line in laid_out(*lines))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((P1, P1, P2), (P1, P2)),
        ((P1, P2, P1), (P1, P2)),
        (("Volunteers plant trees on Saturday at the orchard.", P1,
          "Volunteers plant trees on Saturday at the orchard.", P2),
         ("Volunteers plant trees on Saturday at the orchard.", P1, P2)),
        (("Q.", P1, "Q.", P2), ("Q.", P1, "Q.", P2)),
    ],
    ids=["adjacent-repeat", "distant-repeat", "repeated-caption", "short-line-may-recur"],
)
def test_repeats_are_folded(lines: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert laid_out(*lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        (P1, "", P2, "", P3),
        ("Read more about the policy in the report, officials said on Monday.", P1),
        (P1, "Photo: the new policy was praised by teachers, who said it would cut paperwork.", P2),
    ],
    ids=["clean-paragraphs", "lookalike-first", "lookalike-middle"],
)
def test_layout_never_rewords(lines: tuple[str, ...]) -> None:
    """Layout only removes breaks, blanks and repeats and adds heading marks: words are untouched."""
    out = laid_out(*lines)
    assert " ".join(line.removeprefix(layout.HEADING_MARK) for line in out).split() == \
        " ".join(line for line in lines).split()


@pytest.mark.parametrize(
    "lines",
    [
        (P1, "What Happens Next", P2),
        ("the event commemorates China’s victory", "over “Japanese aggression.”", P2),
        (P1, P1, "", P2),
    ],
    ids=["heading", "join", "repeat"],
)
def test_layout_edits_replay(lines: tuple[str, ...]) -> None:
    doc = layout.run(Document.from_text("\n".join(lines) + "\n"), Config())
    assert replay(Document.from_text("\n".join(lines) + "\n").lines, doc.edits) == doc.lines


@pytest.mark.parametrize(
    "lines",
    [
        (P1, "What Happens Next", P2),
        ("the event commemorates China’s victory", "over “Japanese aggression.”", P2),
        (P1, P1, "", P2, P1),
    ],
    ids=["heading", "join", "repeat"],
)
def test_layout_twice_changes_nothing(lines: tuple[str, ...]) -> None:
    once = laid_out(*lines)
    assert laid_out(*once) == once
