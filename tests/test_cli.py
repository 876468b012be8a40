"""The command line through typer's CliRunner: exit codes, --check, --diff, stdin, explain, rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from tests.conftest import SEEDS

ARTICLE = (
    "ADVERTISEMENT\n"
    "Kim Jong Un arrived in Beijing on Tuesday for talks with Xi Jinping, state media said.\n"
    "The two leaders last met in 2019, when Xi visited Pyongyang for two days.\n"
)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kim.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_clean_writes_md_and_exits_0(runner, articles, tmp_path):
    result = runner.invoke(app, ["clean", str(articles), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / "kim.md").read_text(encoding="utf-8")
    assert "ADVERTISEMENT" not in written
    assert written.endswith("Xi visited Pyongyang for two days.\n")


def test_txt_format_is_body_only(runner, articles, tmp_path):
    runner.invoke(app, ["clean", str(articles), "--out", str(tmp_path / "out"), "--format", "txt"])
    assert (tmp_path / "out" / "kim.txt").read_text(encoding="utf-8") == (
        "Kim Jong Un arrived in Beijing on Tuesday for talks with Xi Jinping, state media said.\n\n"
        "The two leaders last met in 2019, when Xi visited Pyongyang for two days.\n"
    )


def test_jsonl_record_has_contract_keys(runner, articles, tmp_path):
    runner.invoke(app, ["clean", str(articles), "--out", str(tmp_path / "out"), "--format", "jsonl"])
    record = json.loads((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8"))
    assert list(record) == ["id", "source", "title", "text", "metadata", "spin", "edits"]
    assert record["edits"][0] == {"stage": "boilerplate", "rule": "B101", "line": 1,
                                  "before": "ADVERTISEMENT", "after": None}


def test_check_fresh_exits_0_and_stale_exits_1(runner, articles, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(articles), "--out", str(out), "--check"]).exit_code == 1
    assert not out.exists(), "--check must write nothing"
    runner.invoke(app, ["clean", str(articles), "--out", str(out)])
    assert runner.invoke(app, ["clean", str(articles), "--out", str(out), "--check"]).exit_code == 0


def test_unchanged_output_is_not_rewritten(runner, articles, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(articles), "--out", str(out)])
    target = out / "kim.md"
    before = target.stat().st_mtime_ns
    target.touch()
    touched = target.stat().st_mtime_ns
    runner.invoke(app, ["clean", str(articles), "--out", str(out)])
    assert target.stat().st_mtime_ns == touched and touched >= before


def test_diff_shows_relative_paths_without_timestamps(runner, articles, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["clean", "in", "--out", "out", "--diff"])
    assert result.exit_code == 1
    assert "--- a/out/kim.md\n+++ b/out/kim.md\n" in result.stdout
    assert not (tmp_path / "out").exists()


def test_stdin_to_stdout_txt(runner):
    result = runner.invoke(app, ["clean", "-", "--format", "txt", "-q"], input=ARTICLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("Kim Jong Un arrived in Beijing")


def test_stdin_jsonl_passes_other_fields_through(runner):
    line = json.dumps({"id": "a1", "text": ARTICLE, "url": "https://example.org/a1"})
    result = runner.invoke(app, ["clean", "-", "--format", "jsonl", "-q"], input=line + "\n")
    record = json.loads(result.stdout)
    assert (record["id"], record["url"]) == ("a1", "https://example.org/a1")
    assert "ADVERTISEMENT" not in record["text"]


def test_missing_input_exits_3_and_still_cleans_the_rest(runner, articles, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(articles), str(tmp_path / "nope.txt"), "--out", str(out)])
    assert result.exit_code == 3
    assert "nope.txt: no such file or folder" in result.stderr
    assert (out / "kim.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--select", "Z9"], "unknown rule code 'Z9'", id="unknown-code"),
        pytest.param(["--spin", "sometimes"], "spin must be one of auto, always, never", id="bad-spin"),
        pytest.param(["--format", "html"], "format must be one of md, txt, jsonl", id="bad-format"),
    ],
)
def test_usage_errors_exit_2(runner, articles, tmp_path, args, message):
    result = runner.invoke(app, ["clean", str(articles), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_files_need_out(runner, articles):
    result = runner.invoke(app, ["clean", str(articles)])
    assert result.exit_code == 2
    assert "--out DIR is required" in result.stderr


def test_ignore_keeps_a_rule_from_running(runner, articles, tmp_path):
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(articles), "--out", str(out), "--ignore", "B101"])
    assert "ADVERTISEMENT" in (out / "kim.md").read_text(encoding="utf-8")


def test_config_file_unknown_key_exits_2(runner, articles, tmp_path):
    config = tmp_path / "cleaner.toml"
    config.write_text('spin_mode = "never"\n', encoding="utf-8")
    result = runner.invoke(app, ["clean", str(articles), "--out", str(tmp_path / "o"), "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown key 'spin_mode'" in result.stderr


def test_explain_lists_edits_by_stage(runner, tmp_path):
    seed = tmp_path / "004.txt"
    shutil.copy(next(SEEDS.glob("004_*.txt")), seed)
    result = runner.invoke(app, ["explain", str(seed)])
    assert result.exit_code == 0
    assert "boilerplate" in result.stdout
    assert "B101   advertisement-label" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["rules"], "B101   boilerplate stable   advertisement-label", id="list"),
        pytest.param(["rules", "B101"], "B101 advertisement-label (boilerplate, stable)", id="one"),
        pytest.param(["rules", "U"], "U101   unicode", id="prefix"),
    ],
)
def test_rules(runner, args, expected):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert expected in result.stdout


def test_dict_check_passes_on_bundled_dictionaries(runner):
    result = runner.invoke(app, ["dict", "check"])
    assert result.exit_code == 0, result.stderr


def test_out_dash_prints_each_input_in_the_order_named(runner, articles, tmp_path, monkeypatch):
    (articles / "later.txt").write_text(ARTICLE.replace("Tuesday", "Friday"), encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "j1", "text": ARTICLE}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["clean", str(articles / "kim.txt"), str(feed), str(articles / "later.txt"),
                                 "--out", "-", "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["kim", "j1", "later"]
    assert "Friday" in records[2]["text"] and "ADVERTISEMENT" not in records[0]["text"]
    assert not (tmp_path / "-").exists()  # no folder called "-"


def test_out_dash_prints_one_article_as_md(runner, articles):
    result = runner.invoke(app, ["clean", str(articles / "kim.txt"), "--out", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\n") and result.stdout.endswith("for two days.\n")


def test_out_dash_with_several_md_outputs_is_refused(runner, articles):
    result = runner.invoke(app, ["clean", str(articles), "--out", "-"])
    assert result.exit_code == 2
    assert "needs --format jsonl" in result.stderr


def test_out_dash_streams_a_jsonl_file(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a1", "text": ARTICLE, "lang": "en"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(feed), "--out", "-", "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["id"], record["lang"]) == ("a1", "en")
    assert not record["text"].startswith("ADVERTISEMENT")


def test_out_dash_cannot_be_checked(runner, articles):
    result = runner.invoke(app, ["clean", str(articles), "--out", "-", "--check"])
    assert result.exit_code == 2
    assert "--out - has none" in result.stderr


def test_jsonl_batch_is_rewritten_only_when_it_changes(runner, articles, tmp_path):
    out = tmp_path / "out"
    first = runner.invoke(app, ["clean", str(articles), "--out", str(out), "--format", "jsonl", "--jobs", "1"])
    assert first.exit_code == 0, first.stderr
    target = out / "articles.jsonl"
    written = target.stat().st_mtime_ns
    again = runner.invoke(app, ["clean", str(articles), "--out", str(out), "--format", "jsonl", "--jobs", "1"])
    assert "0 changed, 1 unchanged" in again.stderr
    assert target.stat().st_mtime_ns == written and not list(out.glob(".*.tmp"))
    (articles / "kim.txt").write_text(ARTICLE.replace("Tuesday", "Friday"), encoding="utf-8")
    changed = runner.invoke(app, ["clean", str(articles), "--out", str(out), "--format", "jsonl", "--jobs", "1"])
    assert "1 changed" in changed.stderr
    assert "Friday" in json.loads(target.read_text(encoding="utf-8"))["text"]
