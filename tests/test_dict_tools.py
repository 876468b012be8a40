"""Dictionary tools: learn entries from aligned text, suggest unknown spun forms, report stats."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from tests.conftest import DATA, ROOT, SEEDS

SPUN_SEED = next(SEEDS.glob("003_*.txt"))
CLEAN_SEEDS = [p for p in sorted(SEEDS.glob("*.txt")) if p != SPUN_SEED]
#: Seed 003 as restored: every must_contain phrase of the acceptance expectations holds in it.
ORIGINAL = DATA / "dicttools" / "003_original.txt"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _proposals(stdout: str) -> list[list[str]]:
    """Rows of ``dict learn`` output: new entries, and the covered ones printed as comments."""
    return [line.removeprefix("# ").split("\t") for line in stdout.splitlines()
            if line.startswith("S") or line.startswith("# -\t")]


def _proposes(rows: list[list[str]], spun: str, original: str) -> bool:
    """A row restores ``spun`` to ``original``: as a phrase, or as a word whose context names the rest."""
    for _, _, row_spun, canonical, context, _, _ in rows:
        if (row_spun.lower(), canonical.lower()) == (spun.lower(), original.lower()):
            return True
        rest = spun.lower().replace(row_spun.lower(), "").split()
        if (row_spun.lower() in spun.lower() and canonical.lower() in original.lower() and rest
                and all(word in context.split("=", 1)[-1].split("|") for word in rest)):
            return True
    return False


@pytest.fixture(scope="module")
def learned() -> list[list[str]]:
    result = CliRunner().invoke(app, ["dict", "learn", str(SPUN_SEED), str(ORIGINAL)])
    assert result.exit_code == 0, result.stderr
    return _proposals(result.stdout)


@pytest.mark.parametrize(
    ("spun", "original"),
    [
        ("World Warfare", "World War"),
        ("subsequent week", "next week"),
        ("army parade", "military parade"),
        ("Overseas Ministry", "Foreign Ministry"),
        ("final 12 months", "last year"),
        ("information retailers", "news outlets"),
        ("instructional group", "educational organization"),
        ("Folks’s Day by day", "People’s Daily"),
        ("Gained-shik", "Won-shik"),
        ("Chinese language", "Chinese"),
        ("disguise caption", "hide caption"),
    ],
    ids=lambda value: value.replace(" ", "_"),
)
def test_learn_proposes_what_seed_003_needs(learned, spun, original):
    assert _proposes(learned, spun, original), spun


def test_learn_output_is_dictionary_tsv_with_free_codes(runner):
    from cleaner.spin_dictionary import COLUMNS, TIERS, load

    result = runner.invoke(app, ["dict", "learn", str(SPUN_SEED), str(ORIGINAL)])
    rows = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("S")]
    assert "\t".join(COLUMNS) in result.stdout.splitlines()
    assert rows and all(len(row) == len(COLUMNS) and row[1] in TIERS for row in rows)
    existing = {entry.code for entry in load().entries}
    codes = [row[0] for row in rows]
    assert len(set(codes)) == len(codes) and not existing & set(codes)
    assert all(row[6].startswith("learned:003_") for row in rows)


@pytest.mark.parametrize(
    ("spun", "original", "expected"),
    [
        ("The talks resume subsequent week in Geneva.", "The talks resume next week in Geneva.",
         [("subsequent", "next", "Geneva")]),
        ("Officials stated the plan was final.", "Officials said the plan was final.",
         [("stated", "said", "Officials")]),
        ("Chinese language media reported it.", "Chinese media reported it.",
         [("Chinese language", "Chinese", "media")]),
        ("The vote passed, however narrowly.", "The vote passed, but narrowly.", [("however", "but", "vote")]),
        ("The vote passed, but narrowly.", "The vote passed; but narrowly.", []),
        ("THE VOTE PASSED.", "The vote passed.", []),
    ],
    ids=["replace", "sentence-start-word", "inserted-word", "after-comma", "punctuation-only", "case-only"],
)
def test_align_finds_word_substitutions(spun, original, expected):
    from cleaner.dictlearn import align

    found = [(s.spun, s.original, s.snippet) for s in align(spun, original, "case.txt")]
    assert [(a, b) for a, b, _ in found] == [(a, b) for a, b, _ in expected]
    assert all(word in snippet for (_, _, snippet), (_, _, word) in zip(found, expected, strict=True))


def test_learn_marks_forms_seen_in_clean_text_as_needing_context(runner, tmp_path):
    spun_dir, original_dir, clean_dir = tmp_path / "spun", tmp_path / "original", tmp_path / "clean"
    for folder in (spun_dir, original_dir, clean_dir, tmp_path / "empty" / "spin"):
        folder.mkdir(parents=True)
    (spun_dir / "a.txt").write_text("The council met subsequent week to debate the bridge levy.\n", encoding="utf-8")
    (original_dir / "a.txt").write_text("The council met next week to debate the bridge levy.\n", encoding="utf-8")
    (spun_dir / "b.txt").write_text("Farmers voiced worries about the drainage levy.\n", encoding="utf-8")
    (original_dir / "b.txt").write_text("Farmers voiced concerns about the drainage levy.\n", encoding="utf-8")
    (clean_dir / "c.txt").write_text("The subsequent hearing drew few farmers.\n", encoding="utf-8")
    result = runner.invoke(app, ["dict", "learn", str(spun_dir), str(original_dir), "--clean", str(clean_dir),
                                 "--dictionaries", str(tmp_path / "empty")])
    assert result.exit_code == 0, result.stderr
    rows = {row[2]: row for row in _proposals(result.stdout)}
    assert rows["subsequent"][1] == "word" and rows["subsequent"][4] == "after=week"
    assert "in clean text x1" in rows["subsequent"][6] and "learned:a.txt" in rows["subsequent"][6]
    assert rows["worries"][1] == "word" and "learned:b.txt" in rows["worries"][6]


def test_learn_writes_nothing_into_dictionaries(runner, tmp_path):
    before = {p: p.read_bytes() for p in (ROOT / "dictionaries").rglob("*") if p.is_file()}
    out = tmp_path / "proposals.tsv"
    runner.invoke(app, ["dict", "learn", str(SPUN_SEED), str(ORIGINAL), "--out", str(out)])
    assert out.read_text(encoding="utf-8").startswith("# Proposed spin entries")
    assert {p: p.read_bytes() for p in (ROOT / "dictionaries").rglob("*") if p.is_file()} == before


REMOVED = ["subsequent week", "information retailers", "unfastened", "keep away from", "in several methods",
           "satisfy once more", "summit assembly", "making an attempt to", "instructional group",
           "missile applications", "counting on"]


def test_suggest_ranks_removed_entries_near_the_top(runner, tmp_path):
    reduced = tmp_path / "dictionaries"
    shutil.copytree(ROOT / "dictionaries", reduced)
    for path in (reduced / "spin").glob("*.tsv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if not (line.count("\t") > 3 and line.split("\t")[2] in REMOVED)]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    args = ["dict", "suggest", str(SPUN_SEED), "--top", "20", "--dictionaries", str(reduced)]
    for path in CLEAN_SEEDS:
        args += ["--clean", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    ranked = [line.split(". ", 1)[1].split("  score")[0] for line in result.stdout.splitlines()
              if line.strip()[:1].isdigit()]
    hits = [form for form in REMOVED if any(gram in form or form in gram for gram in ranked if len(gram) > 5)]
    assert len(hits) > len(REMOVED) / 2, (hits, ranked)


def test_stats_reports_tiers_and_firing(runner):
    result = runner.invoke(app, ["dict", "stats", str(SEEDS)])
    assert result.exit_code == 0, result.stderr
    assert "entries by tier: marker" in result.stdout
    assert "corpus: 5 documents, 1 spun" in result.stdout
    assert "fired in spun documents:" in result.stdout


def test_missing_input_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["dict", "learn", str(tmp_path / "nope.txt"), str(ORIGINAL)])
    assert result.exit_code == 2
    assert "nope.txt: no such file or folder" in result.stderr


def test_original_fixture_is_the_restored_seed():
    text = ORIGINAL.read_text(encoding="utf-8")
    assert "World War II" in text and "World Warfare" not in text
    assert Path(ORIGINAL).parent.name == "dicttools"
