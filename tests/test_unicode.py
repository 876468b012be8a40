"""The unicode stage: real mojibake repaired with the right rule code, clean text left alone,
and the cheap prefilter never skipping a line ftfy would change."""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.model import Document
from cleaner.stages import unicode
from tests.conftest import SEEDS

CASES = [
    ("North Koreaâ€™s steadfast ally", "North Korea’s steadfast ally", ["U101"]),
    ("â€œWe warmly welcome General Secretary Kim,â€\x9d said Hong Lei.",
     "“We warmly welcome General Secretary Kim,” said Hong Lei.", ["U101"]),
    ("SÃ£o Paulo mayor Ricardo Nunes said", "São Paulo mayor Ricardo Nunes said", ["U101"]),
    ("Smith &amp; Wesson shares rose", "Smith & Wesson shares rose", ["U102"]),
    ("\x1b[1mBREAKING:\x1b[0m Markets fell", "BREAKING: Markets fell", ["U103"]),
    ("The vote\x07 passed\ufeff", "The vote passed", ["U104"]),
    ("the ﬁnal ﬂight", "the final flight", ["U105"]),
    ("ＧＤＰ grew", "GDP grew", ["U106"]),
    ("Poke\u0301mon", "Pokémon", ["U108"]),
    ("September 3.\u00a0", "September 3.", ["U201", "U202"]),
    ("  Kim  arrived. ", "Kim arrived.", ["U202"]),
]
UNCHANGED = [
    "Kim’s “special personal relationship” — as Trump put it…",
    "AT&T and Q&A sessions",
    "Zürich, São Paulo and Kraków",
    "© 2025 Bloomberg",
    "It cost €5 or £4.",
]


@pytest.mark.parametrize(("before", "after", "codes"), CASES, ids=[c[2][0] + "-" + c[0][:12] for c in CASES])
def test_repairs_with_rule_codes(before, after, codes):
    doc = unicode.run(Document.from_text(before), Config())
    assert doc.lines == (after,)
    assert [edit.rule for edit in doc.edits] == codes


@pytest.mark.parametrize("text", UNCHANGED, ids=range(len(UNCHANGED)))
def test_clean_text_is_untouched(text):
    assert unicode.run(Document.from_text(text), Config()).edits == ()


def _ftfy_everywhere(text: str) -> tuple[str, ...]:
    return tuple(ftfy.fix_text(line, unicode.FTFY_CONFIG) for line in Document.from_text(text).lines)


def _stage_ftfy_only(text: str) -> tuple[str, ...]:
    return unicode.run(Document.from_text(text), Config(ignore=("U2",))).lines


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
MOJIBAKE = [t.encode("utf-8").decode("cp1252", errors="replace") for t in SEED_TEXTS]


IDS = [f"seed{i}" for i in range(5)] + [f"moji{i}" for i in range(5)]


@pytest.mark.parametrize("text", SEED_TEXTS + MOJIBAKE, ids=IDS)
def test_prefilter_gives_ftfy_everywhere_result(text):
    assert _stage_ftfy_only(text) == _ftfy_everywhere(text)


#: Printable ASCII plus the punctuation the prefilter lets through, and a few letters that
#: mojibake is made of, so generated text both passes and fails the prefilter.
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:!?'\"()-&#\t") + list("‘’“”–—…\u00a0éÃâ€™Â"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_prefilter_never_skips_work(text):
    text = text.replace("\n", " ")
    if not unicode.MAY_NEED_FTFY.search(text):
        assert ftfy.fix_text(text, unicode.FTFY_CONFIG) == text
