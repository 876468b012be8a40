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
    # Real mojibake as it shows up in scraped news copies (UTF-8 read as Windows-1252).
    ("Ã‰lections in FranÃ§ais", "Élections in Français", ["U101"]),
    ("Itâ€™s Kimâ€™s second visit", "It’s Kim’s second visit", ["U101"]),
    ("the war â€” and the peace", "the war — and the peace", ["U101"]),
    ("He said â€¦ nothing", "He said … nothing", ["U101"]),
    ("costs â‚¬5 million", "costs €5 million", ["U101"]),
    ("MÃ¼ller and SchrÃ¶der met", "Müller and Schröder met", ["U101"]),
    ("naÃ¯ve diplomacy", "naïve diplomacy", ["U101"]),
    ("Donâ\x80\x99t", "Don’t", ["U101"]),
    ("l’Ã©tÃ© dernier", "l’été dernier", ["U101"]),
    ("Â£4 billion", "£4 billion", ["U101"]),
    ("100Â°C heat", "100°C heat", ["U101"]),
    ("Ã\xa0 la carte", "à la carte", ["U101"]),
    ("Ã¨ perchÃ©", "è perché", ["U101"]),
    ("æ\x97¥æ\x9c¬ and China", "日本 and China", ["U101"]),
    ("&lt;b&gt; tags", "<b> tags", ["U102"]),
    ("&#8220;quoted&#8221;", "“quoted”", ["U102"]),
    ("Â is a letter", "is a letter", ["U101", "U201", "U202"]),
]
UNCHANGED = [
    "Kim’s “special personal relationship” — as Trump put it…",
    "AT&T and Q&A sessions",
    "Zürich, São Paulo and Kraków",
    "© 2025 Bloomberg",
    "It cost €5 or £4.",
    "SÃO PAULO (Reuters) — Brazil",
    "NÃO À GUERRA",
    "Crème brûlée",
    "Kim &amp; Xi <b>",
    "naïve résumé of the café",
    "Москва and 日本",
    "Łódź, Gdańsk and Dvořák",
    "AT&T; R&D and rock &roll",
    "5 × 3 ± 1",
    "ÀÁÂÃ",
]
#: Mojibake ftfy leaves alone (too little evidence): known misses, kept visible.
KNOWN_MISSES = ["â„¢ trademark"]


@pytest.mark.parametrize(("before", "after", "codes"), CASES, ids=[c[2][0] + "-" + c[0][:12] for c in CASES])
def test_repairs_with_rule_codes(before, after, codes):
    doc = unicode.run(Document.from_text(before), Config())
    assert doc.lines == (after,)
    assert [edit.rule for edit in doc.edits] == codes


@pytest.mark.parametrize("text", UNCHANGED, ids=[text[:16] for text in UNCHANGED])
def test_clean_text_is_untouched(text):
    assert unicode.run(Document.from_text(text), Config()).edits == ()


@pytest.mark.xfail(strict=True, reason="ftfy needs more evidence than one trademark sign")
@pytest.mark.parametrize("text", KNOWN_MISSES, ids=KNOWN_MISSES)
def test_known_misses(text):
    assert unicode.run(Document.from_text(text), Config()).edits != ()


@pytest.mark.parametrize(("before", "after", "codes"), CASES, ids=[c[2][0] + "-" + c[0][:12] for c in CASES])
def test_repairs_are_stable(before, after, codes):
    assert unicode.run(Document.from_text(after), Config()).edits == ()


def _ftfy_everywhere(text: str) -> tuple[str, ...]:
    return tuple(ftfy.fix_text(line, unicode.FTFY_CONFIG) for line in Document.from_text(text).lines)


def _stage_ftfy_only(text: str) -> tuple[str, ...]:
    return unicode.run(Document.from_text(text), Config(ignore=("U2",))).lines


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
MOJIBAKE = [t.encode("utf-8").decode("cp1252", errors="replace") for t in SEED_TEXTS]
#: Generated damage on every seed line: mojibake twice over, Latin-1 instead of 1252,
#: entities, and the typographic punctuation the prefilter lets through.
GENERATED = [
    "\n".join(line.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8").decode(
        "cp1252", errors="replace") for line in SEED_TEXTS[0].splitlines()),
    "\n".join(line.encode("utf-8").decode("latin-1") for line in SEED_TEXTS[1].splitlines()),
    SEED_TEXTS[2].replace("’", "&rsquo;").replace("“", "&ldquo;").replace(" & ", " &amp; "),
    SEED_TEXTS[3].replace("'", "’").replace(" - ", " – ").replace("...", "…").replace(" ", "\u00a0", 50),
    "\n".join(CASES[i][0] for i in range(len(CASES))) + "\n" + "\n".join(UNCHANGED),
]
IDS = [f"seed{i}" for i in range(5)] + [f"moji{i}" for i in range(5)] + [
    "double-mojibake", "latin-1", "entities", "typography", "cases"]


@pytest.mark.parametrize("text", SEED_TEXTS + MOJIBAKE + GENERATED, ids=IDS)
def test_prefilter_gives_ftfy_everywhere_result(text):
    assert _stage_ftfy_only(text) == _ftfy_everywhere(text)


def test_line_longer_than_ftfy_segment_is_repaired_as_fix_text_does():
    """A multi-MB line is cut where ftfy.fix_text cuts it, so cost stays linear and the
    repair is byte-identical to ftfy on the same line."""
    unit = "North Koreaâ€™s ally &amp; the talks went “well”. "
    line = unit * (unicode.FTFY_CONFIG.max_decode_length // len(unit) + 2) + "<b> &amp;"
    doc = unicode.run(Document.from_text(line), Config(ignore=("U2",)))
    assert doc.lines == (ftfy.fix_text(line, unicode.FTFY_CONFIG),)
    assert [edit.rule for edit in doc.edits] == ["U102"]


#: Printable ASCII plus the punctuation the prefilter lets through, and a few letters that
#: mojibake is made of, so generated text both passes and fails the prefilter.
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:!?'\"()-&#\t") + list("‘’“”–—…\u00a0éÃâ€™Â"))
#: Exactly what the prefilter lets through: printable ASCII but "&", tab, and the
#: whitelisted typographic punctuation. Every such line must be a fixed point of ftfy.
WHITELISTED = st.sampled_from([chr(c) for c in range(0x20, 0x7F) if chr(c) != "&"] + list("\t‘’“”–—…\u00a0"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_prefilter_never_skips_work(text):
    if not unicode.MAY_NEED_FTFY.search(text):
        assert ftfy.fix_text(text, unicode.FTFY_CONFIG) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=WHITELISTED, max_size=80))
def test_whitelisted_text_is_a_fixed_point_of_ftfy(text):
    assert not unicode.MAY_NEED_FTFY.search(text)
    assert ftfy.fix_text(text, unicode.FTFY_CONFIG) == text
    assert _stage_ftfy_only(text) == _ftfy_everywhere(text)
