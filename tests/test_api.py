"""The Python API: ``from cleaner import clean``."""

from __future__ import annotations

import json

from cleaner import clean

ARTICLE = (
    "Published by Jane Okafor\n"
    "Lagos state lawmakers passed the budget on Thursday after a week of debate.\n"
    "Tags: Nigeria, Budget\n"
)


def test_clean_returns_text_metadata_and_edits():
    result = clean(ARTICLE, source="lagos.txt")
    assert result.text == "Lagos state lawmakers passed the budget on Thursday after a week of debate.\n"
    assert result.metadata == {"authors": ["Jane Okafor"], "tags": ["Nigeria", "Budget"], "source": "lagos.txt"}
    assert [edit.rule for edit in result.edits] == ["B601", "B701"]
    assert result.spin.spun is False


def test_to_markdown_has_front_matter():
    assert clean(ARTICLE).to_markdown().startswith('---\nauthors:\n- "Jane Okafor"\n')


def test_front_matter_reads_back_as_the_metadata():
    import yaml

    tricky = "ALSO READ: “Kim’s” trip: what to know\nKim arrived in Beijing on Tuesday, state media said.\n"
    result = clean("The post " + tricky.splitlines()[0] + " appeared first on Newsweek.\n" + tricky, source="a: b.txt")
    front = result.to_markdown().split("---\n")[1]
    assert yaml.safe_load(front) == result.metadata


def test_to_json_round_trips():
    record = json.loads(clean(ARTICLE, source="lagos.txt").to_json())
    assert record["metadata"]["tags"] == ["Nigeria", "Budget"]


def test_bytes_are_decoded():
    assert clean("café owners said\n".encode("cp1252")).text == "café owners said\n"


def test_options_override_config():
    assert "Tags: Nigeria, Budget" in clean(ARTICLE, ignore=("B701",)).text


def test_metadata_the_caller_knows_is_kept_and_its_title_not_printed_twice():
    """A feed's title and author seed the metadata; the body's copy of that title goes, as a lifted headline would."""
    text = ("Kim visits Beijing\n"
            "By Tom Reyes\n"
            "Kim arrived in Beijing on Tuesday for talks with Xi Jinping, state media said.\n")
    result = clean(text, metadata={"title": "Kim visits Beijing", "author": "Jane Roe"})
    assert result.text == "Kim arrived in Beijing on Tuesday for talks with Xi Jinping, state media said.\n"
    assert result.metadata["title"] == "Kim visits Beijing"
    assert result.metadata["authors"] == ["Jane Roe", "Tom Reyes"]  # what the text names adds to what was known


def test_metadata_keys_cleaner_does_not_know_are_an_error():
    import pytest

    with pytest.raises(ValueError, match="unknown metadata key"):
        clean("Kim arrived in Beijing on Tuesday, state media said.\n", metadata={"url": "https://example.org"})
    with pytest.raises(TypeError, match="must be a mapping"):
        clean("Kim arrived in Beijing on Tuesday, state media said.\n", metadata=["Kim visits Beijing"])


def test_a_given_title_never_takes_a_sentence_of_prose():
    """A feed that used the lead sentence as its title: the sentence stays in the body."""
    lead = "Kim arrived in Beijing on Tuesday for talks with Xi Jinping, state media said."
    result = clean(f"{lead}\nThe visit is his first in six years.\n", metadata={"title": lead})
    assert result.text.startswith(lead)
