"""Properties on arbitrary text: never raises, nothing lost without a record, idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import formats
from cleaner.model import Document, replay
from cleaner.pipeline import clean_text
from tests.conftest import SEEDS

#: Lines built from real furniture, prose fragments and damage, so generated documents
#: reach every stage (arbitrary Unicode alone almost never looks like a byline).
FRAGMENTS = [
    "ADVERTISEMENT", "hide caption", "Tags: Kim Jong Un", "© 2025 Bloomberg", "__",
    "Published by Drishya Madhur", "BEIJING (AP) — Kim arrived on Tuesday.",
    "Kim last visited China in early 2019, officials said.", "What Happens Next",
    "the event commemorates China’s victory", "over “Japanese aggression.”",
    "The Folks’s Day by day newspaper quoted chief Xi Jinping final month.",
    "North Koreaâ€™s ally", "  double  spaces ", "\u00a0", "&amp;", "\x1b[31m", "",
]
LINE = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40))
DOCUMENT = st.lists(LINE, max_size=12).map("\n".join)
SEED_LINES = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
DAMAGED_SEED = st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=15).map("\n".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(DOCUMENT, DAMAGED_SEED))
def test_edits_replay_to_the_output(text):
    doc = clean_text(text)
    assert replay(Document.from_text(text).lines, doc.edits) == doc.lines


@SETTINGS
@given(st.one_of(DOCUMENT, DAMAGED_SEED))
def test_cleaning_is_idempotent(text):
    once = formats.to_txt(clean_text(text))
    assert formats.to_txt(clean_text(once)) == once


@SETTINGS
@given(st.one_of(DOCUMENT, DAMAGED_SEED))
def test_output_is_canonical_text(text):
    body = formats.to_txt(clean_text(text))
    assert body == "" or body.endswith("\n")
    assert "\r" not in body and "\n\n\n" not in body
    body.encode("utf-8")
