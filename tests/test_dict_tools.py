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


@pytest.mark.parametrize(
    ("spun", "original"),
    [
        ("Warfare", "War"),
        ("subsequent", "next"),
        ("final 12 months", "last year"),
        ("information retailers", "news outlets"),
        ("instructional group", "educational organization"),
        ("Folks’s Day by day", "People’s Daily"),
        ("Gained-shik", "Won-shik"),
    ],
)
def test_learn_proposes_what_seed_003_needs(runner, spun, original):
    result = runner.invoke(app, ["dict", "learn", str(SPUN_SEED), str(ORIGINAL)])
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines() if line.startswith("S")]
    assert any(spun in row[2] and original in row[3] for row in rows)


def test_learn_marks_forms_seen_in_clean_text_as_needing_context(runner):
    args = ["dict", "learn", str(SPUN_SEED), str(ORIGINAL)]
    for path in CLEAN_SEEDS:
        args += ["--clean", str(path)]
    rows = {row[2]: row for row in (line.split("\t") for line in runner.invoke(app, args).stdout.splitlines())
            if row[0].startswith("S")}
    assert rows["army"][1] == "word" and rows["army"][4].startswith("TODO")
    assert rows["international locations’ unfastened"][1] == "phrase"


def test_learn_writes_nothing_into_dictionaries(runner, tmp_path):
    before = {p: p.read_bytes() for p in (ROOT / "dictionaries").rglob("*") if p.is_file()}
    out = tmp_path / "proposals.tsv"
    runner.invoke(app, ["dict", "learn", str(SPUN_SEED), str(ORIGINAL), "--out", str(out)])
    assert out.read_text(encoding="utf-8").startswith("# Proposed entries")
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
