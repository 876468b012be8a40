"""The boilerplate stage: rule records, pattern safety, metadata lifts, regions, lookalikes."""

from __future__ import annotations

import pytest
import regex

from cleaner.config import Config
from cleaner.model import Document
from cleaner.pipeline import clean_text
from cleaner.rules import Rule, RuleFileError, dictionaries_dir
from cleaner.stages import boilerplate
from tests.conftest import DATA, SEEDS

RULES = boilerplate._compiled(str(dictionaries_dir(None)))
PATTERN_RULES = [c for c in RULES if c.pattern is not None]
FIELDS = ("category", "scope", "where", "action", "status")
PATTERN_FIELDS = ("pattern", "max_words")
LOOKALIKES = [line for line in (DATA / "boilerplate_lookalikes.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
BEFORE = "The council met on Tuesday to discuss the budget for next year."
AFTER = "The vote on the plan is expected in the spring, officials said."

#: Inputs built to make a careless pattern backtrack: long runs of what patterns repeat.
EVIL = {
    "long-word": "a" * 20_000,
    "capital-words": "Aa " * 3_000,
    "byline": "By " + "Aa-b " * 3_000,
    "parens": "(" * 5_000,
    "slashes": "/ " * 5_000,
    "dashes": "- " * 5_000,
    "appeared": "The post " + "x " * 3_000 + "appeared first",
    "provided": "In this photo " + "provided by " * 1_000,
    "labels": "Photo: " * 2_000,
    "and-names": "Kim And " * 2_000 + ", Reuters",
    "contributed": "contributed " * 3_000,
    "stops": ". " * 5_000,
    "years": "2025 " * 3_000,
    "crumbs": "Home » " * 3_000,
    "credit": "x" * 3_000 + " (AP Photo",
    "times": "Updated " + "1:00 " * 2_000,
}


def article(*lines: str) -> str:
    """Furniture lines placed around two prose paragraphs, as on a page."""
    return "\n".join(lines) + "\n"


def lifted(text: str) -> dict[str, object]:
    return dict(clean_text(text).metadata)


@pytest.mark.parametrize("rule", RULES, ids=[c.rule.code for c in RULES])
def test_rule_states_every_field(rule: boilerplate.CompiledRule) -> None:
    """Every record spells out its options, so a reader never needs the code's defaults."""
    wanted = FIELDS + (PATTERN_FIELDS if rule.pattern is not None else ())
    assert [f for f in wanted if f not in rule.rule.fields and f != "status"] == []
    assert rule.rule.status in ("stable", "preview")


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=[c.rule.code for c in PATTERN_RULES])
def test_rule_has_examples_and_lookalikes(rule: boilerplate.CompiledRule) -> None:
    assert len(rule.rule.examples) >= 1
    assert len(rule.rule.keep) >= 1, "every pattern rule names a clean line it must leave alone"


@pytest.mark.parametrize("text", EVIL.values(), ids=EVIL.keys())
@pytest.mark.parametrize("rule", PATTERN_RULES, ids=[c.rule.code for c in PATTERN_RULES])
def test_pattern_cannot_backtrack_catastrophically(rule: boilerplate.CompiledRule, text: str) -> None:
    """Each pattern finishes well inside its timeout on input built to make it backtrack."""
    run = rule.pattern.match if rule.scope == "prefix" else rule.pattern.fullmatch
    run(text, timeout=0.5)  # raises TimeoutError if it does not finish


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        (article("Published by Drishya Madhur", BEFORE, AFTER), "authors", ["Drishya Madhur"]),
        (article("Hyung-jin Kim And Ken Moritsugu, The Associated Press", BEFORE, AFTER),
         "authors", ["Hyung-jin Kim", "Ken Moritsugu"]),
        (article("Hyung-jin Kim And Ken Moritsugu, The Associated Press", BEFORE, AFTER),
         "publisher", "The Associated Press"),
        (article("By Jane Okafor | Reuters", BEFORE, AFTER), "publisher", "Reuters"),
        (article("BEIJING (AP) — " + BEFORE, AFTER), "dateline", "BEIJING"),
        (article("SEOUL, South Korea — " + BEFORE, AFTER), "dateline", "SEOUL, South Korea"),
        (article(BEFORE, AFTER, "The post Kim To Visit China appeared first on Newsweek."), "title",
         "Kim To Visit China"),
        (article(BEFORE, AFTER, "The post Kim To Visit China appeared first on Newsweek."), "publisher",
         "Newsweek"),
        (article(BEFORE, AFTER, "Tags: budget, council, taxes"), "tags", ["budget", "council", "taxes"]),
        (article(BEFORE, AFTER, "Categories: Local News"), "categories", ["Local News"]),
        (article(BEFORE, AFTER, "© 2025 Bloomberg"), "copyright", "© 2025 Bloomberg"),
        (article(BEFORE, AFTER, "(Reporting by Ju-min Park; Editing by Ed Davies)"), "contributors",
         ["Reporting by Ju-min Park; Editing by Ed Davies"]),
        (article(BEFORE, AFTER, "Kim reported from Seoul, South Korea."), "contributors",
         ["Kim reported from Seoul, South Korea."]),
        (article("Council passes the budget", BEFORE, AFTER), "title", "Council passes the budget"),
        (article("Council passes the budget", "The vote ends a month of talks over tax rises and cuts.",
                 "By Jane Okafor", BEFORE, AFTER), "description",
         "The vote ends a month of talks over tax rises and cuts."),
        (article("Politics", "Council passes the budget", BEFORE, AFTER), "categories", ["Politics"]),
        (article("Council passes the budget", "The vote ends a month of talks over tax rises and cuts",
                 "By Jane Okafor", BEFORE, AFTER), "title", "Council passes the budget"),
        (article("Council passes the budget", "The vote ends a month of talks over tax rises and cuts",
                 "By Jane Okafor", BEFORE, AFTER), "description",
         "The vote ends a month of talks over tax rises and cuts"),
    ],
    ids=["published-by", "wire-authors", "wire-publisher", "by-pipe-publisher", "dateline-ap",
         "dateline-city-country", "appeared-first-title", "appeared-first-publisher", "tags",
         "categories", "copyright", "reporting-editing", "reported-from", "title", "standfirst", "kicker",
         "title-over-a-dek-without-stop", "dek-without-stop"],
)
def test_metadata_is_lifted(text: str, key: str, value: object) -> None:
    assert lifted(text)[key] == value


@pytest.mark.parametrize(
    ("byline", "authors", "publisher"),
    [
        ("By ZEKE MILLER, AAMER MADHANI and COLLEEN LONG Associated Press",
         ["ZEKE MILLER", "AAMER MADHANI", "COLLEEN LONG"], "Associated Press"),
        ("BY JANE ROE, Associated Press", ["JANE ROE"], "Associated Press"),
        ("By Jane Roe, BBC News, Washington", ["Jane Roe"], "BBC News"),
        ("By Jane Roe, Political Correspondent For The Daily Mail", ["Jane Roe"], "The Daily Mail"),
        ("By Jane Roe, Senior Reporter at Business Insider", ["Jane Roe"], "Business Insider"),
        ("By Jane Roe, Senior White House Correspondent", ["Jane Roe"], None),
        ("By Jane Roe, The Washington Post", ["Jane Roe"], "The Washington Post"),
        ("By Jane Roe and Sam Poe, Reuters, London", ["Jane Roe", "Sam Poe"], "Reuters"),
        ("By Emily Post", ["Emily Post"], None),
        ("Jane Roe, BBC News", ["Jane Roe"], "BBC News"),
        ("Jane Roe, Associate Professor of Public Health, Example State University", ["Jane Roe"], None),
    ],
    ids=["ap-caps-outlet-unseparated", "caps-by", "bbc-with-place", "title-for-outlet", "title-at-outlet",
         "title-only", "the-outlet", "two-with-place", "surname-like-an-outlet", "name-comma-outlet",
         "academic"],
)
def test_byline_names_authors_and_outlet_apart(byline: str, authors: list[str], publisher: str | None) -> None:
    """Outlet words and staff titles after the names are never read as another author."""
    values = lifted(article("Council passes the budget", byline, BEFORE, AFTER))
    assert (values.get("authors"), values.get("publisher")) == (authors, publisher)


@pytest.mark.parametrize(
    "head",
    [
        ("Ukraine war", "Zelensky says talks with Washington were constructive but no deal was reached",
         "By Jane Roe and John Doe"),
        ("Council passes the budget", "The vote ends a month of talks over tax rises and cuts",
         "Updated 3:45 PM EST, Tue March 4, 2025"),
        # the standfirst reads title, dek and byline as consecutive lines; the title must too
        ("Council passes the budget", "Advertisement", "The vote ends a month of talks over tax rises and cuts",
         "By Jane Roe"),
    ],
    ids=["kicker-over-a-sentence-case-headline", "timestamp-is-no-byline", "dek-not-right-under-the-headline"],
)
def test_a_line_without_a_stop_is_a_dek_only_under_a_headline_and_over_named_authors(head: tuple[str, ...]) -> None:
    """A short kicker would make the real headline a description; a timestamp names nobody."""
    values = lifted(article(*head, BEFORE, AFTER))
    assert "title" not in values and "description" not in values


@pytest.mark.parametrize(
    ("tail", "tags", "left"),
    [
        (["Filed under:", "Senate", "Health Care"], ["Senate", "Health Care"], []),
        (["Explore more on these topics", "Water industry", "Thames Water", "Share", "Reuse this content"],
         ["Water industry", "Thames Water"], []),
        (["Tags", "Budget, Roads"], ["Budget", "Roads"], []),
        (["Tags", "Arts & Culture, Law and Order"], ["Arts & Culture", "Law and Order"], []),
        # a tag list ends at its first blank line
        (["Tags", "Senate", "", "Jane Roe"], ["Senate"], ["Jane Roe"]),
        # a sentence under the header is prose, so the header is no tail furniture; a YAML item is no tag
        (["Topics", "The council will vote again in March."], None,
         ["Topics", "The council will vote again in March."]),
        (["tags:", '- "Astronomy"'], None, ['- "Astronomy"']),
    ],
    ids=["filed-under", "guardian-topics", "comma-row", "and-belongs-to-a-tag", "blank-line-ends-it",
         "sentence-stops-it", "yaml-item-stops-it"],
)
def test_tags_printed_one_to_a_line_under_their_header_are_lifted(
    tail: list[str], tags: list[str] | None, left: list[str],
) -> None:
    doc = clean_text(article("Council passes the budget", BEFORE, AFTER, *tail))
    assert doc.metadata.get("tags") == tags
    assert [line for line in doc.lines if line and line not in (BEFORE, AFTER)] == left


@pytest.mark.parametrize(
    ("box", "left"),
    [
        (["Skip past newsletter promotion", "Sign up to Down to Earth", "Free weekly newsletter",
          "The planet's most important stories. Get all the week's environment news, good and bad",
          "after newsletter promotion"], []),
        # no closing marker near enough: only the short lines under the opener go, as under "Related"
        (["Skip past newsletter promotion", "Sign up to Down to Earth",
          "The council voted on Tuesday to repave the bridge before the winter storms."],
         ["The council voted on Tuesday to repave the bridge before the winter storms."]),
        # an unclosed box never reaches the next box's marker across the prose between them
        (["Skip past newsletter promotion", "Sign up to First Edition",
          "The council voted on Tuesday to repave the bridge before the winter storms.",
          "Skip past newsletter promotion", "Free weekly newsletter", "after newsletter promotion"],
         ["The council voted on Tuesday to repave the bridge before the winter storms."]),
    ],
    ids=["closed-box", "unclosed-box", "unclosed-then-closed"],
)
def test_a_box_the_page_closes_goes_whole(box: list[str], left: list[str]) -> None:
    doc = clean_text(article("Council passes the budget", BEFORE, *box, AFTER))
    assert [line for line in doc.lines if line and line not in (BEFORE, AFTER)] == left


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "drop", "block_lifts": "tags"},
        {"action": "block", "block_lifts": "title"},
        {"action": "block", "block_lifts": ["tags"]},
        {"action": "drop", "block_until": "after"},
        {"action": "block", "block_until": ""},
        {"action": "block", "block_until": "(unclosed"},
        {"action": "block", "block_lifts": "tags", "block_until": "after"},
    ],
    ids=["lifts-without-block", "lifts-a-scalar-key", "lifts-a-list", "until-without-block", "until-empty",
         "until-bad-pattern", "lifts-and-until"],
)
def test_block_fields_are_checked(fields: dict[str, object]) -> None:
    rule = Rule(code="B999", name="bad", stage="boilerplate", description="A header.", origin="test",
                fields={"pattern": "Tags", **fields})
    with pytest.raises(RuleFileError, match="block_"):
        boilerplate.compile_rule(rule)


def test_each_lift_is_an_edit_with_its_rule_code() -> None:
    doc = clean_text(article("Published by Drishya Madhur", BEFORE, AFTER, "© 2025 Bloomberg"))
    assert [(e.rule, e.before) for e in doc.edits if e.stage == "boilerplate"] == [
        ("B601", "Published by Drishya Madhur"), ("B704", "© 2025 Bloomberg")]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Kim reported from Seoul, South Korea.", None),
        ("Read more:", "B203"),
        ("Related", None),
    ],
    ids=["sign-off-mid-article-is-prose", "tail-header-mid-article-is-a-label", "related-mid-article-kept"],
)
def test_tail_rules_fire_only_after_the_last_paragraph(line: str, code: str | None) -> None:
    """A tail rule out of place gives way to the next rule, or to no rule at all."""
    doc = clean_text(article(BEFORE, line, AFTER))
    assert [e.rule for e in doc.edits if e.stage == "boilerplate"] == ([code] if code else [])


def test_related_block_takes_its_teasers() -> None:
    doc = clean_text(article(BEFORE, AFTER, "Related", "Budget hearing set for October",
                             "Library hours to grow in spring"))
    assert doc.lines == (BEFORE, AFTER)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("ADVERTISEMENT " + BEFORE, BEFORE),
        ("WATCH: " + BEFORE, BEFORE),
        ("This video can not be played " + BEFORE, BEFORE),
        ("Listen to this article · 4 min " + BEFORE, BEFORE),
    ],
    ids=["ad-label", "watch-label", "player-notice", "listen-badge"],
)
def test_glued_furniture_is_cut_and_the_sentence_kept(line: str, kept: str) -> None:
    doc = clean_text(article(line, AFTER))
    assert doc.lines[0] == kept


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_survives_inside_an_article(sentence: str) -> None:
    """A lookalike between two paragraphs is content: no boilerplate rule touches it."""
    doc = clean_text(article(BEFORE, sentence, AFTER))
    assert sentence in doc.lines


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_survives_at_the_start(sentence: str) -> None:
    """At the head, where navigation and bylines live, a lookalike is neither dropped nor lifted."""
    doc = clean_text(article(sentence, BEFORE, AFTER))
    assert sentence in doc.lines


@pytest.mark.parametrize("sentence", LOOKALIKES, ids=range(len(LOOKALIKES)))
def test_lookalike_survives_at_the_end(sentence: str) -> None:
    """At the tail, where trailers live, a lookalike still is not furniture."""
    doc = clean_text(article(BEFORE, AFTER, sentence))
    assert sentence in doc.lines


def test_spinner_forms_of_furniture_are_dropped_before_spin() -> None:
    """Spun captions are recognized as published, so the spin gate never scores them."""
    lines = ["disguise caption", "Korean Central Information Company/Korea Information Service by way of AP",
             "On this photograph supplied by the North Korean authorities, Kim speaks on the phone."]
    doc = boilerplate.run(Document.from_text(article(*lines, BEFORE, AFTER)), Config())
    assert doc.lines == (BEFORE, AFTER)


def test_widget_caption_needs_a_button_above_and_a_credit_below() -> None:
    """Prose after a credit and before the next photo's button is content."""
    lines = ["Enlarge this image", "Volunteers plant trees on Saturday.", "Jane Roe/NPR", "toggle caption",
             "Jane Roe/NPR", BEFORE, "Enlarge this image", AFTER]
    doc = boilerplate.run(Document.from_text(article(*lines)), Config())
    assert doc.lines == (BEFORE, AFTER)


@pytest.mark.parametrize(
    ("wrapped", "key", "value"),
    [
        pytest.param(["Kim reported from Seoul,", "and Busan."], "contributors",
                     ["Kim reported from Seoul, and Busan."], id="sign-off"),
        pytest.param(["The post Council Backs Budget appeared first", "on Newsweek."], "publisher", "Newsweek",
                     id="feed-trailer"),
        pytest.param(["© 2025 The Associated Press. All rights reserved. This material may not be",
                      "published, broadcast, rewritten or redistributed without permission."],
                     "copyright", "© 2025 The Associated Press. All rights reserved.", id="copyright-notice"),
        # A line a rule drops between the halves: layout joins the halves once it has gone.
        pytest.param(["The post Council Backs Budget appeared", "ADVERTISEMENT", "first on Newsweek."],
                     "publisher", "Newsweek", id="trailer-around-a-dropped-line"),
        pytest.param(["Your email", "Facebook", "address will not be published. Required fields are marked *"],
                     None, None, id="comment-notice-around-a-dropped-line"),
    ],
)
def test_furniture_broken_across_lines_is_taken_whole(wrapped: list[str], key: str | None, value: object) -> None:
    """Layout joins a sentence broken across lines; rules see it joined, so a second run finds nothing new."""
    first = clean_text(article(BEFORE, AFTER, *wrapped))
    assert first.text == BEFORE + "\n" + AFTER + "\n"
    metadata = {k: v for k, v in first.metadata.items() if k != "source"}
    if key is None:
        assert metadata == {}
    elif key == "copyright":  # a notice broken across lines is dropped line by line; its holder is lifted
        assert metadata[key].startswith(value)
    else:
        assert metadata[key] == value
    assert clean_text(first.text).text == first.text


@pytest.mark.parametrize(
    "wrapped",
    [
        ["This video can", "not be played The vote on the plan is expected in the spring, officials said."],
        ["Listen to this", "article · 4 min The vote on the plan is expected in the spring, officials said."],
    ],
)
def test_a_prefix_broken_across_lines_is_cut_where_it_ends(wrapped: list[str]) -> None:
    """A hard wrap inside a glued prefix: the covered line goes, the next is cut, as a second run would cut it."""
    result = clean_text(article(BEFORE, "", *wrapped))
    assert result.text == BEFORE + "\n" + AFTER + "\n"
    assert {edit.rule for edit in result.edits if edit.stage == "boilerplate"} == {"B105"}
    assert clean_text(result.text).text == result.text


def test_a_repeat_folded_after_the_last_furniture_does_not_move_the_tail() -> None:
    """The article ends at the last line layout prints: a folded repeat below "Accessibility links" is not prose."""
    result = clean_text(article(BEFORE, "ADVERTISEMENT " + AFTER, "Accessibility links", "12 Comments",
                                "ADVERTISEMENT " + AFTER))
    assert result.text == BEFORE + "\n" + AFTER + "\n"
    assert clean_text(result.text).text == result.text


def test_a_repeat_folded_later_does_not_move_the_start_of_the_article() -> None:
    """A paragraph repeated further down still starts the article where it first stands: what follows is mid-article."""
    result = clean_text(article(BEFORE, "", "Home » World » Asia", "", BEFORE, "", AFTER))
    assert "Home » World » Asia" in result.text


def test_a_first_line_cut_by_a_hard_wrap_is_not_lifted_as_the_title_on_a_second_run() -> None:
    """"… will rise for the" over "North Side, …": layout cannot join a capital, and no headline ends on "the"."""
    result = clean_text(article("Listen to this article · 4 min Water rates in the city will rise for the",
                                "North Side, the utility board decided on Thursday.", AFTER))
    assert result.text.startswith("Water rates in the city will rise for the\n")
    assert clean_text(result.text).text == result.text


def test_a_line_glued_to_prose_below_is_taken_alone() -> None:
    """"ADVERTISEMENT" over a sentence that carries on: the ad goes, the sentence stays whole."""
    result = clean_text(article("The council met on Tuesday to discuss", "ADVERTISEMENT", "the budget for next year."))
    assert result.text == "The council met on Tuesday to discuss the budget for next year.\n"


def test_a_two_word_headline_over_its_dek_is_no_kicker() -> None:
    """"Markets Rally" over a longer line could be a headline over its dek: nothing is lifted."""
    text = article("Markets Rally", "Stocks climb as inflation cools in March", BEFORE, AFTER)
    assert "categories" not in dict(clean_text(text).metadata)


@pytest.mark.parametrize(
    "lines",
    [
        ["Business", "Markets Rally Again", "September 2, 2025 · 5:00 AM ET", BEFORE, AFTER],
        ["Morning Brief", "Biden's Big Gamble", "September 2, 2025 · 5:00 AM ET", BEFORE, AFTER],
        ["Council passes the budget", "September 2, 2025 · 5:00 AM ET", "Breaking News", BEFORE, AFTER],
        ["Council passes the budget", "Jane Okafor", BEFORE, AFTER],
    ],
    ids=["headline-under-section", "headline-under-show", "label-under-date", "bare-name"],
)
def test_a_title_case_line_near_the_head_is_never_lifted_as_an_author(lines: list[str]) -> None:
    """A bare name shapes like a headline or a label ("Breaking News"): no rule takes it as a byline."""
    assert "authors" not in lifted(article(*lines))


FRONT_MATTER_CASES = [
    # Jekyll: a single author, tags as a list, keys no article metadata uses (layout, date).
    (["---", "layout: post", 'title: "Council backs the footbridge"', "author: Jane Okafor",
      "tags: [bridges, Elm River]", "date: 2025-09-03", "---"],
     {"title": "Council backs the footbridge", "authors": ["Jane Okafor"], "tags": ["bridges", "Elm River"]}),
    # Hugo: summary and a single category, closed with "...".
    (["---", "title: Water rates to rise", "summary: The board voted on Thursday.", "category: Local", "..."],
     {"title": "Water rates to rise", "description": "The board voted on Thursday.", "categories": ["Local"]}),
]


@pytest.mark.parametrize(("block", "expected"), FRONT_MATTER_CASES)
def test_front_matter_is_lifted_and_dropped(block: list[str], expected: dict[str, object]) -> None:
    """A YAML block opening a Markdown post: its metadata keys are lifted, every line is a B906 edit."""
    result = clean_text(article(*block, BEFORE, AFTER))
    assert result.text == BEFORE + "\n" + AFTER + "\n"
    assert {key: value for key, value in result.metadata.items() if key != "source"} == expected
    assert [edit.line for edit in result.edits if edit.rule == "B906"] == list(range(1, len(block) + 1))


@pytest.mark.parametrize("block", [
    ["---", "Note: this story was updated on Friday.", "---"],
    ["---", "Update: the vote was moved to Thursday.", "Summary: the council will meet again.", "---"],
    ["---", 'title: "Unclosed block"'],
    ["---", "title: [unbalanced", "---"],
    ["Kim arrived at the station on Monday morning.", "---", "title: Late block", "---"],
], ids=["no-metadata-key", "capitalized-keys", "unclosed", "not-yaml", "not-at-the-top"])
def test_what_is_not_front_matter_stays(block: list[str]) -> None:
    """A "---" rule over prose, an unclosed or broken block, a block below the top: none is lifted or dropped."""
    result = clean_text(article(*block, BEFORE, AFTER))
    assert not [edit for edit in result.edits if edit.rule == "B906"]
    assert "title" not in result.metadata and "description" not in result.metadata
    assert BEFORE in result.text and AFTER in result.text


def test_front_matter_keeps_values_as_written_and_reads_nested_authors() -> None:
    """"title: No" is a title, "3.10" a tag; authors as mappings (a theme's form) keep their names; the
    indentation that carries them survives the space repairs that run before boilerplate."""
    block = ["---", "title: No", "tags: [NO, on, 3.10]", "authors:", "  - name: Jane Roe", "    url: /jane", "---"]
    result = clean_text(article(*block, BEFORE, AFTER))
    assert result.text == BEFORE + "\n" + AFTER + "\n"
    assert (result.metadata["title"], result.metadata["tags"], result.metadata["authors"]) == (
        "No", ["NO", "on", "3.10"], ["Jane Roe"])


@pytest.mark.parametrize("repeat", ["Council delays budget", "# Council delays budget", "COUNCIL DELAYS BUDGET"])
def test_a_title_front_matter_names_is_not_kept_twice(repeat: str) -> None:
    """The post prints its title again over the body: the copy goes, as a detected headline would."""
    result = clean_text(article("---", "title: Council delays budget", "---", repeat, BEFORE, AFTER))
    assert result.text == BEFORE + "\n" + AFTER + "\n"
    assert result.metadata["title"] == "Council delays budget"


def test_front_matter_values_are_repaired_as_a_line_would_be() -> None:
    """Mojibake in a front matter title is repaired, value by value, while the block itself is left as written."""
    result = clean_text(article("---", 'title: "CafÃ© owners protest"', "---", BEFORE, AFTER))
    assert result.metadata["title"] == "Café owners protest"


# --- spun furniture: a content farm spins a page's furniture with its prose --------------------

SWAPS = [tuple(line.split("\t")) for line in (DATA / "spinner_swaps.tsv").read_text(encoding="utf-8").splitlines()
         if line and not line.startswith("#")]
#: Furniture whose spun form is left on purpose, and why.
SPUN_FURNITURE_KEPT = {
    "Comments": "a bare 'Feedback' may be a section heading",
    "Related": "a bare 'Associated' may be a heading, and B202 takes the teasers after its header",
    "Follow Moneyweb’s in-depth finance and business news on WhatsApp here.":
        "'Comply with …' opens clean sentences too ('Comply with the new rules …')",
    "This article originally appeared on The Conversation.": "'This text first appeared …' opens clean sentences",
    "Council approves new bridge": "a teaser headline, taken only under its 'Related' header",
    "Council approves new cycle lanes": "a teaser headline, taken only under its 'Recent Posts' header",
    "The post Town Library Extends Weekend Hours appeared first": "half of a hard-wrapped trailer",
    "on Uppsala Daily.": "half of a hard-wrapped trailer",
}


def spun(line: str) -> str:
    """The line as the spinner prints it: each swap applied to whole words, in file order."""
    for original, spinner_form in SWAPS:
        line = regex.sub(rf"\b{regex.escape(original)}\b", spinner_form, line)
    return line


def _furniture_lines() -> list[str]:
    """Every short furniture line a fixture or seed drops by a pattern rule, the spinner's swaps changing it."""
    found: set[str] = set()
    for path in sorted((DATA / "articles").glob("*.txt")) + sorted(SEEDS.glob("*.txt")):
        doc = clean_text(path.read_text(encoding="utf-8").split("\n# output\n")[0])
        found.update(edit.before for edit in doc.edits if edit.stage == "boilerplate" and edit.col is None
                     and edit.rule < "B9" and len(edit.before.split()) <= 12)
    return sorted(line for line in found if spun(line) != line)


@pytest.mark.parametrize("line", [
    pytest.param(line, marks=[pytest.mark.xfail(strict=True, reason=SPUN_FURNITURE_KEPT[line])]
                 if line in SPUN_FURNITURE_KEPT else []) for line in _furniture_lines()])
def test_spun_furniture_is_taken_too(line: str) -> None:
    """'Read more' arrives as 'Learn extra', 'Updated 2 hours ago' as 'Up to date 2 hours in the past'."""
    text = spun(line)
    assert text not in clean_text(article(BEFORE, AFTER, text)).text.splitlines()
