"""Bad input and faults: each bad file is that file's problem, and nothing is lost.

Every case runs the real command (typer's CliRunner) or the real function, on inputs built
here byte by byte.
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import batch as batch_module
from cleaner import clean
from cleaner.cli import app
from cleaner.rules import Rule
from cleaner.stages import boilerplate
from cleaner.stages.decode import BinaryInput, decode

PROSE = "Kim arrived in Beijing on Tuesday for talks with Xi Jinping, state media said."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        pytest.param(f"{PROSE}\n".encode(), f"{PROSE}\n", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + "café\n".encode(), "café\n", id="utf-8-bom"),
        pytest.param("\ufeffcafé “quoted”\n".encode("utf-16-le"), "café “quoted”\n", id="utf-16-le-bom"),
        pytest.param("\ufeffcafé “quoted”\n".encode("utf-16-be"), "café “quoted”\n", id="utf-16-be-bom"),
        pytest.param("café “quoted” — 5€\n".encode("cp1252"), "café “quoted” — 5€\n", id="cp1252"),
        pytest.param("Zürich and Kraków\n".encode("latin-1"), "Zürich and Kraków\n", id="latin-1"),
        pytest.param("São Paulo\n".encode() + "café\n".encode("cp1252"), "São Paulo\ncafé\n", id="mixed"),
        pytest.param(b"bad \xff\xfe byte\n", "bad ÿþ byte\n", id="invalid-utf-8"),
        pytest.param(b"", "", id="empty"),
    ],
)
def test_decode(data, text):
    assert decode(data)[0] == text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), id="zip"),
        pytest.param(bytes(range(32)) * 20, id="control-bytes"),
    ],
)
def test_binary_input_is_refused(data):
    with pytest.raises(BinaryInput):
        decode(data)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_bad_files_fail_alone_and_the_batch_goes_on(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(PROSE + "\n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(100))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 3
    assert result.stderr.count("error: ") == 1
    assert "image.txt: skipped: binary file (NUL bytes), not text" in result.stderr
    assert (tmp_path / "out" / "good.md").exists()
    assert (tmp_path / "out" / "empty.md").read_text(encoding="utf-8") == '---\nsource: "' + str(
        folder / "empty.txt") + '"\n---\n'


def test_all_boilerplate_gives_empty_body_and_the_edits():
    result = clean("ADVERTISEMENT\nhide caption\nTags: Kim Jong Un\n© 2025 Bloomberg\n")
    assert result.text == ""
    assert [e.rule for e in result.edits] == ["B101", "B301", "B701", "B704"]


def test_one_huge_line_is_cleaned(tmp_path):
    line = ("Kim said the talks went well and that both sides agreed to meet again. " * 290_000).strip()
    assert len(line) > 20_000_000
    result = clean(line + "\n")
    assert result.text == line + "\n"


def test_many_short_lines_are_cleaned():
    text = "".join(f"Line {i} of the report was read aloud.\n" for i in range(50_000))
    assert clean(text).text.count("\n\n") == 49_999


def test_control_and_escape_characters_are_removed():
    assert clean("\x1b[31mKim\x1b[0m arrived\x07 in Beijing.\n").text == "Kim arrived in Beijing.\n"


PATHOLOGICAL = [
    "a" * 3000, " " * 3000, "via " * 20, "- " * 20, "By " + "A " * 20, "(" * 500, "©" * 500,
    "Photo: " + "x" * 2000, "In this photo " + "provided " * 12, "The post " + "a " * 30 + "appeared",
    "Tags: " + ", ".join(["a"] * 400), "_" * 5000, "ALSO READ: " + "x" * 3000,
]


#: A generous bound: linear patterns take microseconds on these lines, a backtracking one
#: takes hours, so the margin absorbs any slow CI machine without hiding a real problem.
GENEROUS_TIMEOUT = 10 * boilerplate.REGEX_TIMEOUT


def _own_pathological_lines(rule: Rule) -> list[str]:
    """Long runs of every character the rule's pattern names, and its examples repeated,
    each ending in a character that makes the match fail late (the backtracking trigger)."""
    pattern = str(rule.fields.get("pattern", ""))
    runs = [char * 3000 + "\x00" for char in sorted(set(pattern) - set("\\()[]{}?*+|^$"))]
    repeats = [" ".join([example] * 100) + " \x00" for example in rule.examples]
    return runs + repeats


@pytest.mark.parametrize("rule", boilerplate.rules(), ids=lambda r: r.code)
def test_no_rule_backtracks_on_pathological_lines(rule):
    compiled = boilerplate.compile_rule(rule)
    if compiled.pattern is None:
        pytest.skip("structural rule without a pattern")
    for line in PATHOLOGICAL + _own_pathological_lines(rule):
        # regex raises TimeoutError past the bound; returning at all is the assertion.
        compiled.pattern.fullmatch(line, timeout=GENEROUS_TIMEOUT)
        compiled.pattern.match(line, timeout=GENEROUS_TIMEOUT)


def test_pathological_document_finishes():
    # Every pattern runs under boilerplate.REGEX_TIMEOUT: a backtracking one would raise
    # TimeoutError here (and fail the file) instead of running for hours.
    result = clean("\n".join(PATHOLOGICAL) + "\n")
    assert result.text.endswith("\n")


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_bad_lines_are_named_and_good_records_written(runner):
    stream = _jsonl(
        {"id": "a", "text": PROSE},
        "{not json",
        [1, 2],
        {"id": "b"},
        {"id": "c", "text": 5},
        {"id": "a", "text": PROSE},
        {"id": "d", "text": "Lone \ud800 surrogate in a sentence that goes on."},
    )
    result = runner.invoke(app, ["clean", "-", "--format", "jsonl", "-q"], input=stream)
    assert result.exit_code == 3
    assert "<stdin>:2: not valid JSON" in result.stderr
    assert "<stdin>:3: a JSON list, not an object" in result.stderr
    assert "<stdin>:4: field 'text' is missing or not a string" in result.stderr
    assert "<stdin>:5: field 'text' is missing or not a string" in result.stderr
    assert "<stdin>:6: duplicate id 'a'" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "d"]
    assert records[1]["text"] == "Lone \ufffd surrogate in a sentence that goes on.\n"


def test_same_names_in_different_folders_do_not_overwrite(runner, tmp_path):
    for name in ("world", "local"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"{name.title()} news was read aloud today, officials said.\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(tmp_path / "world" / "story.txt"),
                                 str(tmp_path / "local" / "story.txt"), "--out", str(out)])
    assert result.exit_code == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert len(written) == 2
    assert {"World", "Local"} == {p.read_text().split("\n\n")[-1].split()[0] for p in out.rglob("*.md")}


def test_symlink_loop_does_not_trap_the_walk(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PROSE + "\n")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    result = runner.invoke(app, ["clean", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "out").rglob("*.md")] == ["a.md"]


def test_output_folder_that_is_a_file_fails_each_input(runner, tmp_path):
    (tmp_path / "a.txt").write_text(PROSE + "\n")
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "--out", str(blocker)])
    assert result.exit_code == 3
    assert "cannot write" in result.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("call", ["write", "replace"], ids=["disk-full-mid-write", "failed-rename"])
def test_a_failed_write_keeps_the_earlier_output_and_no_temporary(runner, tmp_path, monkeypatch, call):
    """A full disk, whether it strikes while the temporary file is written or as it is renamed over the output."""
    source = tmp_path / "a.txt"
    source.write_text(PROSE + "\n")
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(source), "--out", str(out)]).exit_code == 0
    before = (out / "a.md").read_bytes()
    source.write_text(PROSE + "\nA second paragraph was added by the editors later.\n")

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, no_space)
    result = runner.invoke(app, ["clean", str(source), "--out", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 3
    assert "cannot write: No space left on device" in result.stderr
    assert (out / "a.md").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["a.md"], "no temporary file is left behind"


def test_interrupt_ends_with_a_summary_and_exit_130(runner, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PROSE + "\n")

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("cleaner.batch.Batch.run", interrupted)
    result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert "interrupted: rerun to finish" in result.stderr


def test_jobs_give_the_same_bytes(runner, tmp_path):
    folder = Path(__file__).resolve().parent.parent / "seeds"
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["clean", str(folder), "--out", str(out), "--format", "jsonl", "--jobs", jobs])
        assert result.exit_code == 0
        outputs.append((out / "articles.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def _dies_on_poison(item, _clean_one=batch_module.clean_one):
    if item[0].endswith("poison.txt"):
        os._exit(9)  # a worker killed mid-file (out of memory, a crash in native code)
    return _clean_one(item)  # the real one, bound before the test patches the module


def _chunk_dies_on_poison(items, _clean_chunk=batch_module.clean_chunk):
    if any(item[0].endswith("poison.txt") for item in items):
        os._exit(9)
    return _clean_chunk(items)


def test_a_dying_worker_fails_only_its_file(tmp_path, monkeypatch):
    from cleaner.batch import Batch
    from cleaner.config import Config
    from cleaner.io import discover

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "poison", "c", "d"):
        (folder / f"{name}.txt").write_text(f"Story {name} was filed on Tuesday, the editors said.\n")
    monkeypatch.setattr("cleaner.batch.clean_one", _dies_on_poison)
    monkeypatch.setattr("cleaner.batch.clean_chunk", _chunk_dies_on_poison)
    inputs, _problems = discover([folder], "*.txt")
    report = Batch(Config(), tmp_path / "out", jobs=2).run(inputs)
    assert [source.rsplit("/", 1)[-1] for source, _reason in report.failures] == ["poison.txt"]
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.md")) == ["a", "b", "c", "d"]
    # Files written before the worker died count once, as changed, not again as unchanged.
    assert (report.changed, report.unchanged) == (4, 0)


BROKEN_RULES = [
    pytest.param("boilerplate/ads.yaml", "  pattern: '(?:unclosed'\n", "pattern does not compile", id="bad-pattern"),
    pytest.param("boilerplate/ads.yaml",
                 "- code: B101\n  name: twin\n  description: 'A second rule with a used code.'\n  pattern: 'x'\n",
                 "duplicate code B101", id="duplicate-code"),
    pytest.param("boilerplate/ads.yaml", "  colour: red\n", "unknown field 'colour'", id="unknown-field"),
    pytest.param("layout.yaml", "- {code: L9, name: [unclosed\n", "not valid YAML", id="malformed-yaml"),
    pytest.param("spin/markers.tsv", "S0999\tmarker\tonly three\tcolumns\n", "expected 7 tab-separated columns",
                 id="short-tsv-row"),
]


@pytest.mark.parametrize(("file", "addition", "message"), BROKEN_RULES)
def test_broken_dictionary_stops_the_run_before_any_file(runner, tmp_path, file, addition, message):
    import shutil

    folder = tmp_path / "dictionaries"
    shutil.copytree(Path(__file__).resolve().parent.parent / "dictionaries", folder)
    with (folder / file).open("a", encoding="utf-8") as stream:
        stream.write(addition)
    (tmp_path / "cleaner.toml").write_text(f'dictionaries = "{folder}"\n')
    (tmp_path / "a.txt").write_text(PROSE + "\n")
    result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                 "--config", str(tmp_path / "cleaner.toml")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert Path(file).name in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, whatever its mode")
def test_unreadable_file_fails_alone(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(PROSE + "\n")
    locked = tmp_path / "in" / "locked.txt"
    locked.write_text(PROSE + "\n")
    locked.chmod(0)
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 3
    assert "locked.txt: cannot read" in result.stderr
    assert (tmp_path / "out" / "a.md").exists()


def test_ids_that_look_like_paths_stay_inside_the_output(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "../../etc/x", "text": PROSE}) + "\n")
    out = tmp_path / "deep" / "out"
    result = runner.invoke(app, ["clean", str(feed), "--out", str(out), "-q"])
    assert result.exit_code == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "deep/out/feed.jsonl", "feed.jsonl"]
    assert json.loads((out / "feed.jsonl").read_text())["id"] == "../../etc/x"


def _start_batch(tmp_path: Path, count: int) -> tuple[object, Path]:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:04d}.txt").write_text(f"ADVERTISEMENT\nStory {i}: {PROSE}\n" * 40)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(folder), "--out", str(out),
                                "--jobs", "1"], stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.md"))) < 5:
        time.sleep(0.05)
    return process, out


def test_sigkill_never_leaves_a_torn_output(tmp_path):
    import signal

    process, out = _start_batch(tmp_path, 1000)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    written = sorted(out.glob("*.md"))
    assert written, "the batch had started writing"
    for path in written:
        source = tmp_path / "in" / f"{path.stem}.txt"
        expected = clean(source.read_text(), source=str(source))
        assert path.read_text(encoding="utf-8") == expected.to_markdown()


def test_sigint_ends_with_a_summary_and_a_rerun_finishes(tmp_path, runner):
    import signal

    process, out = _start_batch(tmp_path, 1000)
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted: rerun to finish" in stderr
    result = runner.invoke(app, ["clean", str(tmp_path / "in"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0
    assert len(list(out.glob("*.md"))) == 1000


def test_missing_input_is_named_and_the_rest_cleaned(runner, tmp_path):
    (tmp_path / "a.txt").write_text(PROSE + "\n")
    result = runner.invoke(app, ["clean", str(tmp_path / "gone.txt"), str(tmp_path / "a.txt"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert f"error: {tmp_path / 'gone.txt'}: no such file or folder" in result.stderr
    assert (tmp_path / "out" / "a.md").exists()


def test_binary_on_stdin_is_refused_without_a_traceback(runner):
    result = runner.invoke(app, ["clean", "-", "-q"], input=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert result.exit_code == 3
    assert result.stderr == "error: -: skipped: binary file (NUL bytes), not text\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param("bom.txt", b"\xef\xbb\xbf" + PROSE.encode(), PROSE, id="utf-8-bom"),
        pytest.param("le.txt", ("\ufeff" + PROSE + " Café.").encode("utf-16-le"), PROSE + " Café.", id="utf-16-le"),
        pytest.param("be.txt", ("\ufeff" + PROSE + " Café.").encode("utf-16-be"), PROSE + " Café.", id="utf-16-be"),
        pytest.param("cp.txt", "The café’s “owner” said — twice.".encode("cp1252"),
                     "The café’s “owner” said — twice.", id="cp1252"),
        pytest.param("latin.txt", "Zürich and Kraków shared the prize.".encode("latin-1"),
                     "Zürich and Kraków shared the prize.", id="latin-1"),
        pytest.param("mixed.txt", "São Paulo’s mayor spoke.\n".encode() + "The café’s owner agreed.".encode("cp1252"),
                     "São Paulo’s mayor spoke.\n\nThe café’s owner agreed.", id="mixed"),
        pytest.param("bad.txt", b"Bad \xff\xfe bytes in a line of text.", "Bad ÿþ bytes in a line of text.",
                     id="invalid-utf-8"),
        pytest.param("ctrl.txt", b"\x1b[31mKim\x1b[0m arrived\x07 in Beijing.", "Kim arrived in Beijing.",
                     id="terminal-escapes"),
    ],
)
def test_every_encoding_comes_out_as_utf8_text(runner, tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    result = runner.invoke(app, ["clean", str(tmp_path / name), "--out", str(tmp_path / "out"), "--format", "txt"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / name).read_bytes() == (expected + "\n").encode("utf-8")


def test_jsonl_file_bad_lines_are_named_by_file_and_line(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_jsonl({"id": "a", "text": PROSE}, "{oops", {"id": "b", "text": None},
                           {"id": "c", "text": PROSE + " Again."}))
    result = runner.invoke(app, ["clean", str(feed), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 3
    assert f"error: {feed}:2: not valid JSON" in result.stderr
    assert f"error: {feed}:3: field 'text' is missing or not a string" in result.stderr
    written = [json.loads(line)["id"] for line in (tmp_path / "out" / "feed.jsonl").read_text().splitlines()]
    assert written == ["a", "c"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder, whatever its mode")
def test_output_folder_without_write_permission_fails_each_input(runner, tmp_path):
    (tmp_path / "a.txt").write_text(PROSE + "\n")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = runner.invoke(app, ["clean", str(tmp_path / "a.txt"), "--out", str(out)])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 3
    assert f"error: {out / 'a.md'}: cannot write" in result.stderr
    assert list(out.iterdir()) == []


def test_sigint_to_the_process_group_with_workers(tmp_path):
    """Ctrl-C in a terminal signals the parent and every worker at once."""
    import signal
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(1500):
        (folder / f"{i:04d}.txt").write_text(f"ADVERTISEMENT\nStory {i}: {PROSE}\n" * 40)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(folder), "--out", str(out),
                                "--jobs", "2"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.md"))) < 5:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted: rerun to finish" in stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file is left behind"
    # Chunks that were running when Ctrl-C came finish; the summary counts every file they wrote.
    reported = int(stderr.split(" file(s)")[0].rsplit("\n", 1)[-1])
    assert reported == len(list(out.glob("*.md"))) < 1500


def test_a_rerun_sweeps_the_temporary_files_of_a_killed_run(tmp_path, runner):
    """A SIGKILL mid-write leaves ``.NAME.HOST.PID.tmp``; the next run into that folder removes it."""
    import subprocess
    import sys

    from cleaner.io import temporary_path

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kim.txt").write_text(f"ADVERTISEMENT\n{PROSE}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    ours = temporary_path(out / "kim.md")
    left = ours.with_name(ours.name.replace(f".{os.getpid()}.", f".{dead.pid}."))
    young = ours.with_name(ours.name.replace("kim", "young").replace(f".{os.getpid()}.", f".{dead.pid}."))
    live = temporary_path(out / "other.md")  # this process: a writer still running
    elsewhere = out / f".far.md.otherhost.{dead.pid}.tmp"  # another machine's: not ours to judge
    for path in (left, young, live, elsewhere):
        path.write_text("half an arti", encoding="utf-8")
    hour_ago = time.time() - 3600
    for path in (left, live, elsewhere):
        os.utime(path, (hour_ago, hour_ago))
    result = runner.invoke(app, ["clean", str(folder), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert not left.exists()
    assert young.exists() and live.exists() and elsewhere.exists()
    assert (out / "kim.md").read_text(encoding="utf-8").endswith(PROSE + "\n")


def test_inputs_sharing_an_output_name_leave_the_last_one_whatever_jobs(tmp_path, runner):
    """"a.e01" … "a.e30" all become out/a.md: the parent writes them in input order, so the last wins."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(1, 31):
        (folder / f"a.e{number:02d}").write_text(f"Story number {number} was filed on Tuesday, the desk said.\n")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["clean", str(folder), "--out", str(out), "--glob", "*", "--jobs", jobs])
        assert result.exit_code == 0, result.stderr
        assert "Story number 30 " in (out / "a.md").read_text(encoding="utf-8")


def test_jsonl_output_sweeps_only_its_own_folder(tmp_path, runner):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kim.txt").write_text(f"{PROSE}\n", encoding="utf-8")
    stranger = tmp_path / ".notes.txt.otherhost.999999.tmp"
    stranger.write_text("not ours", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "--out", str(tmp_path / "out"), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert stranger.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_existing_output_fails_only_its_file(tmp_path, runner, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a1", "a2", "a3"):
        (folder / f"{name}.txt").write_text(f"Story {name}: {PROSE}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a2.md").symlink_to(out / "a2.md")  # a symlink loop where an output would be
    result = runner.invoke(app, ["clean", str(folder), "--out", str(out), "--jobs", jobs])
    assert result.exit_code == 3
    assert "a2.md" in result.stderr and "Traceback" not in result.stderr
    assert (out / "a1.md").exists() and (out / "a3.md").exists()


def test_a_jsonl_batch_that_cannot_be_written_still_counts_every_input(tmp_path, monkeypatch):
    """A full disk or a read-only folder fails articles.jsonl, not the report of the inputs."""
    from cleaner.batch import Batch
    from cleaner.config import Config
    from cleaner.io import discover

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Story {name}: {PROSE}\n", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(".tmp"):
            raise OSError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    inputs, _problems = discover([folder], "*.txt")
    report = Batch(Config(format="jsonl"), tmp_path / "out", jobs=1).run(inputs)
    failures = dict(report.failures)
    assert any(source.endswith("articles.jsonl") for source in failures)
    assert any(source.endswith("bin.txt") for source in failures)
    assert report.files == 3 and not list((tmp_path / "out").glob(".*.tmp"))
