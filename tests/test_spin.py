"""The spin stage: the gate, restorations from real substitutions, and lookalikes left alone."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean, formats
from cleaner.config import Config
from cleaner.explain import explain_text
from cleaner.pipeline import clean_text
from cleaner.rules import RuleFileError
from cleaner.spin_dictionary import (
    Entry,
    Match,
    SpinDictionary,
    next_word_span,
    normalize,
    parse_context,
    previous_word_span,
)
from cleaner.stages import spin
from tests.conftest import DATA, SEEDS
from tests.spin_support import SPUN_FRAME, in_spun_document, known_misses, row_contexts, substitution_rows

SEED_PATHS = sorted(SEEDS.glob("*.txt"))
SPUN_SEED = next(p for p in SEED_PATHS if p.name.startswith("003_"))
CLEAN_SEEDS = [p for p in SEED_PATHS if p is not SPUN_SEED]
LOOKALIKES = [line for line in (DATA / "spin" / "lookalikes.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
MISSES = known_misses()
CONTEXTS = row_contexts()
ROWS = substitution_rows("A")


@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=[p.stem[:3] for p in CLEAN_SEEDS])
def test_clean_seeds_stay_below_the_gate(path):
    result = clean(path.read_text(encoding="utf-8"))
    assert result.spin.score < spin.THRESHOLD
    assert [e for e in result.edits if e.stage == "spin"] == []


def test_spun_seed_is_judged_spun_with_markers():
    result = clean(SPUN_SEED.read_text(encoding="utf-8"))
    assert result.spin.spun and result.spin.score > 3 * spin.THRESHOLD
    assert "world warfare" in result.spin.markers


def test_spin_never_leaves_the_text_alone_in_never_mode():
    result = clean(SPUN_SEED.read_text(encoding="utf-8"), spin="never")
    assert not result.spin.spun and "World Warfare" in result.text


def test_always_mode_repairs_a_short_text():
    assert clean("The end of World Warfare II came in 1945.\n", spin="always").text == (
        "The end of World War II came in 1945.\n")


def test_quoted_speech_is_left_alone_unless_asked():
    text = in_spun_document("“We will meet subsequent week,” he stated.")
    assert clean(text).text.splitlines()[-1] == "“We will meet subsequent week,” he said."
    assert clean(text, spin_in_quotes=True).text.splitlines()[-1] == "“We will meet next week,” he said."


@pytest.mark.parametrize(
    ("spun", "expected"),
    [
        pytest.param("WORLD WARFARE II", "WORLD WAR II", id="upper"),
        pytest.param("World Warfare II", "World War II", id="title"),
        pytest.param("Subsequent week the talks resume.", "Next week the talks resume.", id="sentence-start"),
        pytest.param("The Folks’s Day by day newspaper", "The People’s Daily newspaper", id="curly-apostrophe"),
        pytest.param("The Folks's Day by day newspaper", "The People's Daily newspaper", id="straight-apostrophe"),
        pytest.param("South Korean information retailers reported", "South Korean news outlets reported", id="plural"),
        pytest.param("a local information retailer reported", "a local news outlet reported", id="singular"),
        # A sentence-opening "The" is no name: "!before=@Cap" still holds after it.
        pytest.param("The Financial institution of England held charges.", "The Bank of England held charges.",
                     id="sentence-start-the-is-not-a-name"),
        # A form that opens with a digit has no case to copy; the sentence gives it one.
        pytest.param("1000's of properties flooded.", "Thousands of properties flooded.",
                     id="digit-form-opens-a-sentence"),
        pytest.param("Rain fell. 1000's of properties flooded.", "Rain fell. Thousands of properties flooded.",
                     id="digit-form-after-a-stop"),
        pytest.param("Then: 1000's of properties flooded.", "Then: thousands of properties flooded.",
                     id="digit-form-after-a-colon"),
        pytest.param("Officials said 1000's of properties flooded.", "Officials said thousands of properties flooded.",
                     id="digit-form-mid-sentence"),
    ],
)
def test_case_apostrophes_and_plurals(spun, expected):
    assert clean(in_spun_document(spun)).text.splitlines()[-1] == expected


def _row_param(spun: str, original: str):
    marks = [pytest.mark.xfail(strict=True, reason=MISSES[spun])] if spun in MISSES else []
    return pytest.param(spun, original, marks=marks, id=spun[:40])


@pytest.mark.parametrize(("spun", "original"), [_row_param(s, o) for s, o in ROWS if s not in CONTEXTS])
def test_family_a_row_is_restored(spun, original):
    line = clean(in_spun_document(f"Reporters noted {spun} in the report.")).text.splitlines()[-1]
    assert original.lower() in line.lower()
    assert spun.lower() in original.lower() or spun.lower() not in line.lower()


@pytest.mark.parametrize(("spun", "original"), [(s, o) for s, o in ROWS if s in CONTEXTS])
def test_family_a_row_is_restored_in_the_context_its_entry_needs(spun, original):
    """A row whose entry is pinned by context, in a sentence that gives that context (row_contexts.tsv)."""
    sentence, expected = CONTEXTS[spun]
    assert spun.split(" (")[0].lower() in sentence.lower() and original.lower() in expected.lower()
    line = clean(in_spun_document(sentence)).text.splitlines()[-1]
    assert expected.lower() in line.lower()


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_untouched_in_a_clean_document(sentence):
    result = clean(sentence + "\n")
    assert result.text == sentence + "\n"
    assert not result.spin.spun


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_untouched_inside_a_spun_document(sentence):
    result = clean(in_spun_document(sentence))
    assert result.spin.spun
    assert result.text.splitlines()[-1] == sentence


#: Line breaks twice over, so hard-wrapped forms and joins come up often.
SPUN_WORDS = st.sampled_from([*SPUN_FRAME.split(), "chief", "stated", "final", "12", "months", "army", "the", "one",
                              "\n", "\n"])


@settings(max_examples=100, deadline=None)
@given(st.lists(SPUN_WORDS, min_size=5, max_size=60).map(" ".join))
def test_repair_is_idempotent_on_spun_text(text):
    once = formats.to_txt(clean_text(SPUN_FRAME + "\n" + text + "\n", Config(spin="always")))
    assert formats.to_txt(clean_text(once, Config(spin="always"))) == once


def test_a_repeated_odd_name_does_not_tip_the_gate():
    text = "".join(
        f"Doctors at Nationwide Children’s Hospital said on day {i} that the trial would expand next year.\n"
        for i in range(8)
    )
    result = clean(text)
    assert not result.spin.spun
    assert result.text.count("Nationwide Children’s Hospital") == 8


def test_normalizing_keeps_every_characters_word_class():
    """The scan reads adjacent words from the normalized text; that is exact only if this holds."""
    changed = [hex(code) for code in range(sys.maxunicode + 1)
               if _word_class(chr(code)) != _word_class(normalize(chr(code)))]
    assert changed == []


def _word_class(char: str) -> tuple[bool, bool, bool, bool]:
    return char.isalnum(), char.isdigit(), char in " \t", char in "'’.-"


@pytest.mark.parametrize(
    ("text", "start", "end", "before", "after"),
    [
        pytest.param("met Kim’s chief Xi", 10, 15, "Kim’s", "Xi", id="possessive"),
        pytest.param("the U.S. army said", 9, 13, "U.S.", "said", id="abbreviation"),
        pytest.param("(chief) of staff", 1, 6, "", "", id="punctuation"),
        pytest.param("x\tchief  Hyung-jin’s.", 2, 7, "x", "Hyung-jin’s", id="tab-and-spaces"),
        pytest.param("chief", 0, 5, "", "", id="edges"),
    ],
)
def test_adjacent_words(text, start, end, before, after):
    first, last = previous_word_span(text[::-1], start)
    assert text[first:last] == before
    first, last = next_word_span(text, end)
    assert text[first:last] == after


SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6), st.integers(0, 3)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(SPANS)
def test_select_is_one_greedy_pass_longest_then_leftmost(spans):
    entries = [Entry(f"S{i}", "phrase", "x", "y", (), "-", "-", "-") for i in range(4)]
    matches = [Match(entries[e], s, s + n, "x" * n, "y") for s, n, e in spans]
    expected: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= o.start or o.end <= match.start for o in expected):
            expected.append(match)
    assert SpinDictionary.select("", matches) == sorted(expected, key=lambda m: m.start)



@pytest.mark.parametrize(
    ("context", "word", "holds"),
    [
        ("after=markets", "markets'", True),  # a plural possessive is still the word
        ("after=markets", "markets", True),
        ("after=markets", "market", False),
        ("after=@Cap", "Heritage", True),
        ("after=@Cap", "The", False),  # capitalized only because it opens a sentence
        ("!before=@Cap", "The", True),
        ("after=@poss", "Kim's", True),
    ],
)
def test_context_conditions(context, word, holds):
    from cleaner.spin_dictionary import _compile

    (condition,) = parse_context(context, "test", {})
    assert _compile(condition, {}).holds(word.lower(), word[0]) is holds


@pytest.mark.parametrize(
    ("context", "text", "found"),
    [
        pytest.param("after2=month", "Prices doubled by the tip of the month.", True, id="after2-holds"),
        pytest.param("after2=month", "It is only the tip of the iceberg.", False, id="after2-fails"),
        pytest.param("!after2=iceberg", "It is only the tip of the iceberg.", False, id="negated-after2"),
        pytest.param("after2=@end", "Prices doubled by the tip of the, month.", True, id="punctuation-reads-as-end"),
        pytest.param("after2=month", "Prices doubled by the tip of\nthe month.", False, id="no-word-across-a-line"),
        pytest.param("after2=month", "Prices doubled by the tip of the\nmonth.", False,
                     id="no-second-word-across-a-line"),
        pytest.param("after2=@end", "Prices doubled by the tip of the\nmonth.", True, id="line-end-reads-as-end"),
        pytest.param("!after2=iceberg", "Prices doubled by the tip of the month.", True, id="negated-after2-holds"),
        pytest.param("before2=@end", "The tip of the month came.", True, id="text-start-reads-as-end"),
        pytest.param("before2=@end", "Prices rose by. The tip of the month came.", True, id="no-word-beyond-a-stop"),
        pytest.param("before2=prices", "Prices rose by the tip of the month.", False, id="before2-is-two-back"),
        pytest.param("before2=rose", "Prices rose by the tip of the month.", True, id="before2-holds"),
        pytest.param("before=by;before2=rose;after=the;after2=month", "Prices rose by the tip of the month.", True,
                     id="all-four"),
    ],
)
def test_second_word_context(context, text, found):
    """``before2=``/``after2=`` read the word beyond the adjacent one ("the tip of the month", not "… the iceberg")."""
    entry = Entry("S9", "word", "the tip of", "the end of", parse_context(context, "test", {}), "-", "-", "-")
    assert bool(SpinDictionary([entry], {}).find(text + "\n")) is found


def test_a_bad_context_side_names_the_sides_there_are():
    """A typo in a context column fails loudly, naming the file, the line and the sides there are."""
    with pytest.raises(RuleFileError, match="before2="):
        parse_context("after3=month", "words.tsv:9", {})


def test_capitals_are_required_where_the_expanded_form_has_them():
    """An optional plural before a capital shifts it: "retailers Xyz" needs its capital at 10, not 12."""
    entry = Entry("S9", "phrase", "retailer(s) Xyz", "outlet(s) Abc", (), "-", "-", "-", case_sensitive=True)
    dictionary = SpinDictionary([entry], {})
    text = "Two retailers Xyz and one retailer Xyz opened.\n"
    assert [(m.found, m.replacement) for m in dictionary.find(text)] == [("retailers Xyz", "outlets Abc"),
                                                                         ("retailer Xyz", "outlet Abc")]
    assert dictionary.find("Two retailers xyz opened.\n") == []


HEADLINE = "Kim Jong Un To Visit China Subsequent Week For World Warfare II Parade"


def test_a_spun_documents_headline_is_repaired_in_the_metadata():
    result = clean(f"{HEADLINE}\n{SPUN_FRAME}\n")
    assert result.metadata["title"] == "Kim Jong Un To Visit China Next Week For World War II Parade"
    fixes = [(e.field, e.before, e.after) for e in result.edits if e.field is not None]
    assert fixes == [("title", "Subsequent Week", "Next Week"), ("title", "World Warfare", "World War")]


def test_a_clean_documents_headline_is_left_alone():
    result = clean(f"{HEADLINE}\nThe talks resume on Tuesday, officials said, after a week of delays in Seoul.\n")
    assert result.metadata["title"] == HEADLINE
    assert [e for e in result.edits if e.stage == "spin"] == []


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # Title Case gives every word a capital: capitalized phrases and context-pinned words
        # would read it as proof ("U.S. Lawyer" is a spun "U.S. Attorney" only in body text).
        pytest.param("U.S. Lawyer For Victims’ Families Vows Appeal", "U.S. Lawyer For Victims’ Families Vows Appeal",
                     id="capitalized-phrase-not-applied"),
        pytest.param("Toy Company For Worldwide Growth Opens Store", "Toy Company For Worldwide Growth Opens Store",
                     id="name-like-phrase-not-applied"),
        # A form with no case of its own takes the headline's.
        pytest.param("Storm Leaves 1000's Without Power In Coastal Cities",
                     "Storm Leaves Thousands Without Power In Coastal Cities", id="digit-form-title-cased"),
    ],
)
def test_title_case_headlines(headline, expected):
    result = clean(f"{headline}\n{SPUN_FRAME}\n")
    assert result.metadata["title"] == expected
    assert all(not e.rule.startswith("S3") for e in result.edits if e.field is not None)


def test_a_sentence_broken_across_lines_keeps_its_lower_case():
    """Layout joins "had left" / "1000's of …": the restored word goes on the sentence, not a new one."""
    result = clean(f"{SPUN_FRAME}\nThe storm had left\n1000's of properties without power on Sunday.\n")
    assert result.text.splitlines()[-1] == "The storm had left thousands of properties without power on Sunday."


@pytest.mark.parametrize(("lines", "expected"), [
    # The first line keeps text before the match: the replacement goes on the second line.
    (["The council urged residents to stay off the riverbank till additional", "discover, officials said."],
     "The council urged residents to stay off the riverbank until further notice, officials said."),
    # The first line is all match: the replacement goes there, and the second line keeps its rest.
    (["Subsequent", "week the Overseas Ministry will publish its report."],
     "Next week the Foreign Ministry will publish its report."),
    (["Some 35 million troopers had been killed or wounded, in", "response to official figures."],
     "Some 35 million soldiers were killed or wounded, according to official figures."),
])
def test_a_form_broken_across_lines_is_restored_as_layout_joins_it(lines, expected):
    """Hard-wrapped text breaks forms across lines; layout joins them, so spin reads them joined too."""
    once = formats.to_txt(clean_text(in_spun_document("\n".join(lines)), Config()))
    assert once.splitlines()[-1] == expected
    assert formats.to_txt(clean_text(once, Config())) == once


@pytest.mark.parametrize(("text", "expected"), [
    # A replacement of as many words shares them out, so each line keeps text and layout still joins.
    ("Subsequent\nweek Kim Jong Un will visit Seoul.", "Next week Kim Jong Un will visit Seoul."),
    ("The mayor said: till additional\ndiscover, the roads stay shut.",
     "The mayor said: until further notice, the roads stay shut."),
    # One line ends a match and starts the next: the two repairs must not claim the same space.
    ("Subsequent\nweek till additional\ndiscover the roads stay shut.",
     "Next week until further notice the roads stay shut."),
    # Fewer words: the replacement goes on the line that keeps the sentence going.
    ("The council urged residents to keep away\nfrom the riverbank, officials said.",
     "The council urged residents to avoid the riverbank, officials said."),
    # Neither line can take "last year" without being left empty or starting with a stop: left spun.
    ("Prices rose sharply.\nfinal 12\nmonths.", "final 12 months."),
])
def test_a_broken_form_leaves_one_paragraph(text, expected):
    """Whatever is repaired over a line break, layout still joins the lines, and a second run changes nothing."""
    once = formats.to_txt(clean_text(in_spun_document(text), Config()))
    assert once.splitlines()[-1] == expected
    assert formats.to_txt(clean_text(once, Config())) == once


LAYOUT_LINES = st.sampled_from(["The council met on", "Tuesday and voted,", "the mayor said.", "Sport", "",
                                "  ", "and then", "It rained.", "the mayor said."])


@settings(max_examples=300, deadline=None)
@given(st.lists(LAYOUT_LINES, min_size=1, max_size=12), st.booleans())
def test_spin_joins_lines_where_layout_joins_them(lines, folds):
    """Spin reads a sentence broken across lines only where layout will join it, repeats and blanks included."""
    from cleaner.model import Document
    from cleaner.stages import layout, spin

    view = spin.joined_view(tuple(lines), folds)
    ends = [sum(len(line) + 1 for line in lines[:i + 1]) - 1 for i in range(len(lines) - 1)]
    spin_joins = {i for i, end in enumerate(ends) if view[end] == " "}
    edits = layout.run(Document.from_text("\n".join(lines) + "\n"), Config(ignore=() if folds else ("L103",))).edits
    folded = {edit.line - 1 for edit in edits if edit.rule == "L103"}
    layout_joins = {edit.line - 1 for edit in edits if edit.rule == "L102" and edit.line not in folded}
    assert layout_joins <= spin_joins  # every join of neighbours layout makes, spin reads
    # and spin reads no other, but inside a paragraph layout folds whole as a repeat
    assert spin_joins - layout_joins <= {i for i in folded if i + 1 in folded}


WRAPPED_LINES = ["The council met on", "Tuesday and voted,", "the mayor said.", "Sport", "up 2²", "rose 4",
                 "and then", "It rained.", "Café", "naïve", "½", "क", "x_", "  ", "Rain fell;", "(see below)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WRAPPED_LINES), unique=True, max_size=10), st.lists(st.booleans(), max_size=10))
def test_the_fast_join_equals_the_line_by_line_join_when_no_line_repeats(lines, blanks):
    """The regex-led join judges the same breaks as judging every line, blank lines between or not."""
    from cleaner.stages import spin

    blanks = (blanks + [False] * len(lines))[:len(lines)]
    with_blanks = tuple(part for line, blank in zip(lines, blanks, strict=True) for part in
                        ((line, "") if blank else (line,)))
    assert not spin.repeats_a_line(with_blanks)
    text = "\n".join(with_blanks) + "\n" if with_blanks else ""
    assert spin._joined_without_folds(with_blanks, text) == spin._joined_with_folds(with_blanks)


@pytest.mark.parametrize(("word", "possessive"), [("Kim's", True), ("markets'", True), ("1000's", False),
                                                    ("1990's", False), ("Kim", False)])
def test_a_digit_plural_is_not_a_possessive(word, possessive):
    """@poss reads "Kim's", not "1000's": that is a plural, and itself a spun form that repair rewrites."""
    from cleaner.spin_dictionary import _Test

    test = _Test(before=False, negated=False, words=frozenset(), end=False, cap=False, num=False, poss=True,
                 second=False)
    assert test.holds(word.lower(), word[:1]) is possessive


def test_metadata_repairs_stay_out_of_the_replayable_edits():
    record = json.loads(clean(f"{HEADLINE}\n{SPUN_FRAME}\n").to_json())
    assert all("field" not in edit for edit in record["edits"])
    assert [(e["field"], e["before"]) for e in record["metadata_edits"]] == [
        ("title", "Subsequent Week"), ("title", "World Warfare")]
    assert "metadata_edits" not in json.loads(clean(f"{SPUN_FRAME}\n").to_json())


def test_explain_names_the_field_of_a_metadata_repair():
    shown = explain_text(f"{HEADLINE}\n{SPUN_FRAME}\n", Config(), "page.txt").splitlines()
    title_rows = [row.split()[0] for row in shown if row.strip().startswith("title:")]
    assert title_rows == ["title:27", "title:47"]
