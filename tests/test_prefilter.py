"""The literal prefilter: atoms read off patterns, and a filter that never hides a match."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.lineshape import word_count
from cleaner.prefilter import Prefilter, atoms, bits, is_selective
from cleaner.rules import dictionaries_dir, enabled_codes
from cleaner.stages import boilerplate
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
MATCHER = boilerplate.matcher(str(dictionaries_dir(None)), enabled_codes(Config(), "boilerplate"))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\W*advertisements?\W*", {"advertisement"}),
        (r"\W*(?:also read|read more)\s*:", {"also read", "read more"}),
        (r"(?:By|BY) (?P<authors>[A-Z]\w+)", {"by "}),  # a case pair is one letter
        (r"The post .{1,120} appeared first on .{1,80}", {" appeared first on "}),
        (r"(?:photo|image)s?\s*[:|/]\s*.+", {"photo", "image"}),
        (r"with (?:inputs|reporting) (?:from|by) .+",  # alternations spelled out, not "with " alone
         {"with inputs from ", "with inputs by ", "with reporting from ", "with reporting by "}),
        (r"\((?:AP|Reuters)\)", {"(ap)", "(reuters)"}),  # far rarer in prose than "ap"
        (r"ADVERTISEMENT", {"advertisement"}),  # case-folded: the text is folded the same way
        (r"\d+ ?/ ?\d+", {"/"}),
        (r"(?:watch|video)?\s*\d+", None),  # nothing literal is required
        (r"[\s_*=~#•·—–-]{2,}", None),
        (r"(?:a|\d)bc", {"bc"}),  # one branch without a literal spoils the branch, not the sequence
        (r"\p{Lu}+ caption", None),  # syntax only the regex module knows: tried on every line
        (r"\W*[[:upper:]]+\W*", None),  # a POSIX class the standard parser would read as "]"
    ],
)
def test_atoms_read_off_the_pattern(pattern: str, expected: set[str] | None) -> None:
    found = atoms(pattern)
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize(
    ("found", "selective"),
    [({"getty", "/"}, True), ({"—"}, True), ({"ago", ":"}, False), ({"x"}, False), (None, False)],
)
def test_single_common_characters_do_not_filter(found: set[str] | None, selective: bool) -> None:
    assert is_selective(frozenset(found) if found is not None else None) is selective


def test_masks_name_the_lines_that_hold_an_atom() -> None:
    prefilter = Prefilter([frozenset({"advertisement"}), frozenset({"caption"}), None])
    lines = ["Kim arrived in Beijing.", "ADVERTISEMENT", "", "hide caption", "ſtraße ADVERTISEMENT caption"]
    assert prefilter.masks(lines) == [0b100, 0b101, 0b100, 0b110, 0b111]
    assert list(bits(0b1011)) == [0, 1, 3]


def brute_force(line: str) -> str | None:
    """The rule the stage must pick, found by trying every pattern on the line."""
    stripped, words = line.strip(), word_count(line)
    if not stripped:
        return None
    for compiled in MATCHER.patterns:
        if compiled.scope == "line" and words <= compiled.max_words and compiled.pattern.fullmatch(stripped):
            return compiled.rule.code
    for compiled in MATCHER.patterns:
        match = compiled.pattern.match(stripped) if compiled.scope == "prefix" else None
        if match and match.end() < len(stripped):
            return compiled.rule.code
    return None


def filtered(lines: list[str]) -> list[str | None]:
    masks = MATCHER.prefilter.masks(lines)
    hits = [MATCHER.resolve(line, mask, word_count(line)) for line, mask in zip(lines, masks, strict=True)]
    return [hit.rule.rule.code if hit else None for hit in hits]


def corpus_lines() -> list[str]:
    lines = [line for path in sorted((ROOT / "seeds").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [line for path in sorted((DATA / "articles").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines()]
    lines += (DATA / "boilerplate_lookalikes.txt").read_text(encoding="utf-8").splitlines()
    for compiled in MATCHER.patterns:
        lines += list(compiled.rule.examples) + list(compiled.rule.keep)
    return lines


def _dotted_capital_i(line: str) -> str:
    return line.upper().replace("I", "İ")


@pytest.mark.parametrize("variant", [str, str.upper, str.title, _dotted_capital_i],
                         ids=["as-is", "upper", "title", "dotted-capital-i"])
def test_prefilter_finds_what_trying_every_rule_finds(variant) -> None:
    changed = [variant(line) for line in corpus_lines()]
    assert filtered(changed) == [brute_force(line) for line in changed]


FRAGMENTS = sorted({atom for found in (atoms(c.pattern.pattern) for c in MATCHER.patterns) if found
                    for atom in found} | {"By ", "AP", "Photo: ", "(", ")", "/", "—", " ", ", ", "2025", "Kim"})


@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=12).map("".join))
def test_prefilter_never_hides_a_match_on_generated_lines(line: str) -> None:
    for variant in (line, line.upper(), line.title()):
        assert filtered([variant]) == [brute_force(variant)]


def test_prose_lines_skip_every_filtered_rule() -> None:
    """A sentence with no furniture words is tried only against the rules nothing can filter."""
    prose = "The council voted on Tuesday to repave the bridge before the winter storms."
    assert MATCHER.prefilter.masks([prose]) == [MATCHER.prefilter.always]
    unfiltered = [MATCHER.patterns[index].rule.code for index in bits(MATCHER.prefilter.always)]
    assert len(unfiltered) <= 3, f"rules tried on every line: {unfiltered}"


@pytest.mark.parametrize("line", ["ſponſored", "SPONSORED", "Sponsored by İstanbul Tourism"])
def test_every_case_folding_of_an_atom_is_found(line: str) -> None:
    """Case folding, not lower-casing: "ſ" (long s) matches "s" in a case-insensitive pattern."""
    pattern = regex.compile(r"\W*sponsored(?: by .+)?\W*", regex.IGNORECASE)
    assert pattern.fullmatch(line)
    prefilter = Prefilter([atoms(pattern.pattern)])
    assert prefilter.masks([line]) == [1]


def test_dotted_capital_i_is_a_plain_i() -> None:
    """The regex module matches "İ" as "i"; case folding alone would make it "i" and a combining dot."""
    pattern = regex.compile(r"\W*advertisement\W*", regex.IGNORECASE)
    assert pattern.fullmatch("ADVERTİSEMENT")
    assert Prefilter([atoms(pattern.pattern)]).masks(["ADVERTİSEMENT"]) == [1]
