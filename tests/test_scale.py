"""Streams and engines: compressed JSONL, --report, flat memory, Dask, Hugging Face datasets and datatrove."""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.config import Config
from cleaner.report import Report
from cleaner.stream import clean_jsonl
from tests.conftest import ROOT, SEEDS

PARAGRAPH = "Officials said the new bridge would open to traffic next spring after two years of work. " * 8


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _records(count: int) -> list[dict[str, str]]:
    return [{"id": f"r{i}", "text": f"ADVERTISEMENT\n{PARAGRAPH}\n", "url": f"https://example.org/{i}"}
            for i in range(count)]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_files_stream_through_in_their_compression(runner, tmp_path, suffix):
    if suffix.endswith(".zst"):
        zstandard = pytest.importorskip("zstandard")
        opener = lambda path, mode: zstandard.open(path, mode)  # noqa: E731
    elif suffix.endswith(".gz"):
        opener = gzip.open
    else:
        opener = open
    source = tmp_path / f"feed{suffix}"
    with opener(source, "wt") as stream:
        stream.write("".join(json.dumps(r) + "\n" for r in _records(3)))
    result = runner.invoke(app_cli(), ["clean", str(source), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.stderr
    with opener(tmp_path / "out" / source.name, "rt") as stream:
        records = [json.loads(line) for line in stream]
    assert [r["id"] for r in records] == ["r0", "r1", "r2"]
    assert records[0]["url"] == "https://example.org/0"
    assert "ADVERTISEMENT" not in records[0]["text"]


def app_cli():
    from cleaner.cli import app

    return app


def test_report_json_has_per_file_and_per_rule_counts(runner, tmp_path):
    report = tmp_path / "report.json"
    result = runner.invoke(app_cli(), ["clean", str(SEEDS), "--out", str(tmp_path / "out"), "--report", str(report)])
    assert result.exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["files"] == 5 and data["spun"] == 1
    assert data["rules"]["B101"] == 2
    assert sorted(Path(row["source"]).name for row in data["per_file"]) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_a_long_stream_runs_in_flat_memory():
    class Source:
        def __iter__(self):
            for i in range(20_000):  # about 14 MB of text
                yield (json.dumps({"id": str(i), "text": PARAGRAPH + "\nADVERTISEMENT\n" + PARAGRAPH}) + "\n").encode()

    class CountingSink:
        written = 0

        def write(self, text: str) -> None:
            self.written += len(text)

    clean_jsonl(iter([json.dumps({"id": "warm", "text": PARAGRAPH}).encode()]), CountingSink(), Config(), Report())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sink = CountingSink()
    clean_jsonl(Source(), sink, Config(), Report())
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert sink.written > 14_000_000
    # Holding the stream (14 MB of text, twice that as output records) would grow far past this.
    assert growth_mb < 12


def test_dask_engine_gives_the_bytes_of_a_local_run(runner, tmp_path):
    pytest.importorskip("distributed")
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / engine
        result = runner.invoke(app_cli(), ["clean", str(SEEDS), "--out", str(out), "--format", "jsonl",
                                           "--engine", engine, "--jobs", "2", "-q"])
        assert result.exit_code == 0, result.stderr
        outputs.append((out / "articles.jsonl").read_bytes())
    assert outputs[0] == outputs[1]


def test_hf_clean_batch_on_a_plain_batch():
    from cleaner.hf import clean_batch

    batch = {"text": [f"ADVERTISEMENT\n{PARAGRAPH}\n", "The end of World Warfare II came in 1945.\n"]}
    out = clean_batch(batch)
    assert out["text"][0] == PARAGRAPH.strip() + "\n"
    assert out["spun"] == [False, False]
    assert json.loads(out["metadata"][0]) == {"source": "-"}


# Three short articles written for these tests: a clean one with a headline and furniture, a spun
# one, and one that is nothing but furniture.
ARTICLES = [
    "ADVERTISEMENT\n"
    "Harbour Tram Extension Approved\n"
    "The city council voted on Tuesday to extend the tram line to the harbour district, ending a dispute "
    "that has run for most of the decade.\n"
    "Read more: Tram fares to rise again in January\n"
    "Residents who had campaigned against the route said they would study the plans before deciding "
    "whether to appeal.\n",
    "The regional museum reopened its gallery on World Warfare II on Saturday; work on it began final 12 months.\n"
    "Curators said the 1000's of letters in the collection had been moved to a cooler room.\n"
    "ADVERTISEMENT\n"
    "The director said the gallery would keep away from showing the letters in direct light.\n",
    "ADVERTISEMENT\nFollow us on X\n",
]
TRAM = ("The city council voted on Tuesday to extend the tram line to the harbour district, ending a dispute that "
        "has run for most of the decade.\n\nResidents who had campaigned against the route said they would study "
        "the plans before deciding whether to appeal.\n")
MUSEUM = ("The regional museum reopened its gallery on World War II on Saturday; work on it began last year.\n\n"
          "Curators said the thousands of letters in the collection had been moved to a cooler room.\n\n"
          "The director said the gallery would avoid showing the letters in direct light.\n")


@pytest.fixture()
def article_dataset():
    datasets = pytest.importorskip("datasets")
    return datasets.Dataset.from_dict({"id": ["tram", "museum", "furniture"], "text": ARTICLES,
                                       "url": [f"https://news.example.org/{i}" for i in range(3)]})


@pytest.mark.parametrize("num_proc", [None, 2], ids=["one-process", "two-processes"])
def test_hf_clean_batch_with_dataset_map(article_dataset, num_proc):
    from cleaner.hf import clean_batch

    cleaned = article_dataset.map(clean_batch, batched=True, batch_size=2, num_proc=num_proc)
    assert cleaned.column_names == ["id", "text", "url", "title", "metadata", "spin_score", "spun", "edits"]
    assert list(cleaned["text"]) == [TRAM, MUSEUM, ""]
    assert list(cleaned["url"]) == [f"https://news.example.org/{i}" for i in range(3)]
    assert list(cleaned["title"]) == ["Harbour Tram Extension Approved", "", ""]
    assert [json.loads(m) for m in cleaned["metadata"]] == [
        {"title": "Harbour Tram Extension Approved", "source": "tram"}, {"source": "museum"}, {"source": "furniture"}]
    assert list(cleaned["spun"]) == [False, True, False]
    assert cleaned["spin_score"][0] == 0.0 and cleaned["spin_score"][1] >= 30
    assert list(cleaned["edits"]) == [3, 5, 2]


def test_hf_make_clean_batch_keeps_a_datasets_own_title(article_dataset):
    from cleaner.hf import make_clean_batch

    dataset = article_dataset.rename_column("text", "body").add_column("title", ["Old", "Museum reopens", "Ads"])
    cleaned = dataset.map(make_clean_batch("body", Config(spin="never")), batched=True)
    assert list(cleaned["title"]) == ["Harbour Tram Extension Approved", "Museum reopens", "Ads"]
    assert list(cleaned["spun"]) == [False, False, False]
    assert "World Warfare II" in cleaned["body"][1]


def _datatrove_run(tmp_path, files: dict[str, list[dict[str, str]]], tasks: int):
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")  # datatrove's JSONL reader and writer need it
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.datatrove_step import CleanerStep

    source = tmp_path / "in"
    source.mkdir()
    for name, rows in files.items():
        (source / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(source)), CleanerStep(), JsonlWriter(str(tmp_path / "out"))],
        tasks=tasks, workers=tasks, logging_dir=str(tmp_path / "logs"))
    executor.run()
    written = []
    for path in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            written.extend(json.loads(line) for line in stream)
    steps = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    stats = next(step["stats"] for step in steps if "cleaner" in step["name"])
    counts = {key: value["total"] if isinstance(value, dict) else value for key, value in stats.items()}
    return written, counts


def test_datatrove_pipeline_writes_cleaned_records_and_counts_rules(tmp_path):
    rows = [{"id": i, "text": t} for i, t in zip(("tram", "museum", "furniture"), ARTICLES, strict=True)]
    written, counts = _datatrove_run(tmp_path, {"feed.jsonl": rows}, tasks=1)
    assert [(r["id"], r["text"]) for r in written] == [("tram", TRAM), ("museum", MUSEUM)]
    assert written[0]["metadata"]["cleaner"] == {
        "metadata": {"title": "Harbour Tram Extension Approved", "source": "tram"},
        "spin": {"score": 0.0, "spun": False, "markers": []}}
    assert written[1]["metadata"]["cleaner"]["spin"]["spun"] is True
    assert counts == {"total": 3, "forwarded": 2, "dropped": 1, "dropped_empty": 1, "spun": 1,
                      "rule_B101": 3, "rule_B201": 1, "rule_B401": 1, "rule_B901": 1,
                      "rule_S0103": 1, "rule_S0144": 1, "rule_S0253": 1, "rule_S1088": 1}


def test_datatrove_counts_add_up_across_workers(tmp_path):
    rows = [{"id": i, "text": t} for i, t in zip(("tram", "museum", "furniture"), ARTICLES, strict=True)]
    files = {"a.jsonl": rows[:2], "b.jsonl": [*rows[2:], {"id": "tram2", "text": ARTICLES[0]}]}
    written, counts = _datatrove_run(tmp_path, files, tasks=2)
    assert sorted(r["id"] for r in written) == ["museum", "tram", "tram2"]
    assert counts["total"] == 4 and counts["forwarded"] == 3 and counts["dropped_empty"] == 1
    assert counts["rule_B101"] == 4 and counts["rule_B901"] == 2


def test_datatrove_step_on_documents():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleaner.datatrove_step import CleanerStep

    step = CleanerStep()
    docs = list(step.run([Document(text=ARTICLES[0], id="tram"), Document(text=ARTICLES[2], id="furniture")]))
    assert [(d.id, d.text) for d in docs] == [("tram", TRAM)]
    kept = list(CleanerStep(drop_empty=False).run([Document(text=ARTICLES[2], id="furniture")]))
    assert [(d.id, d.text) for d in kept] == [("furniture", "")]


def test_readme_script_for_datasets_and_datatrove_runs_as_written(tmp_path):
    for module in ("datasets", "datatrove", "orjson"):
        pytest.importorskip(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\n", readme.index("Both libraries, as a script")) + len("```python\n")
    script = readme[start:readme.index("```", start)]
    rows = "".join(json.dumps({"id": i, "text": t}) + "\n"
                   for i, t in zip(("tram", "museum", "furniture"), ARTICLES, strict=True))
    (tmp_path / "feed.jsonl").write_text(rows, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text(rows, encoding="utf-8")
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    mapped = [json.loads(line) for line in (tmp_path / "clean.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"], r["spun"]) for r in mapped] == [
        ("tram", TRAM, False), ("museum", MUSEUM, True), ("furniture", "", False)]
    written = []
    for path in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            written.extend(json.loads(line)["id"] for line in stream)
    assert written == ["tram", "museum"]


def test_duplicate_ids_are_remembered_within_a_bounded_window(monkeypatch):
    """Flat memory on any stream: the duplicate-id check forgets ids older than its window."""
    from cleaner import stream

    monkeypatch.setattr(stream, "ID_WINDOW", 3)
    lines = [json.dumps({"id": name, "text": "Kim arrived on Tuesday."}).encode() for name in "abcadeafa"]
    items = list(stream.read_records(lines, "text", "id"))
    kept = [item.id for item in items if isinstance(item, stream.Record)]
    # "a" at line 4 is within three ids of line 1: a duplicate; at line 7 it has left the window.
    assert kept == ["a", "b", "c", "d", "e", "a", "f"]
    assert [(item.line, item.reason) for item in items if isinstance(item, stream.Rejected)] == [
        (4, "duplicate id 'a'"), (9, "duplicate id 'a'")]


def _mixed_stream(count: int) -> bytes:
    """Seed articles as records, with a bad JSON line and a duplicate id among them."""
    lines = [json.dumps(record).encode() for record in _records(count)]
    lines.insert(7, b"{not json")
    lines.insert(20, lines[3])  # a duplicate id
    return b"\n".join(lines) + b"\n"


def test_a_parallel_stream_gives_the_serial_streams_bytes_and_counts(layout_times_out_on_poison):
    import io

    stream = _mixed_stream(150).replace(b'"r120", "text": "', b'"r120", "text": "poison ')
    outputs, reports = [], []
    for jobs in (1, 2):
        sink, report = io.StringIO(), Report()
        clean_jsonl(io.BytesIO(stream), sink, Config(), report, jobs=jobs)
        outputs.append(sink.getvalue())
        reports.append(report)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 149
    # Failures in input order whatever --jobs: a cleaning failure late in the stream comes after
    # the bad lines read before it, not when its chunk happens to finish.
    assert reports[0].failures == reports[1].failures
    assert [where for where, _reason in reports[0].failures] == ["<stdin>:8", "<stdin>:21", "<stdin>:123"]
    assert reports[0].rules == reports[1].rules


def _dies_on_poison(texts, config):
    from cleaner import stream

    if any("poison" in text for _id, text, _prior in texts):
        os._exit(9)  # a worker killed mid-chunk
    return stream.__dict__["_real_clean_records"](texts, config)


def test_a_worker_dying_in_a_parallel_stream_fails_its_records_and_the_stream_goes_on(monkeypatch):
    import io

    from cleaner import stream

    monkeypatch.setattr(stream, "_real_clean_records", stream.clean_records, raising=False)
    monkeypatch.setattr(stream, "clean_records", _dies_on_poison)
    monkeypatch.setattr(stream, "CHUNK", 4)
    records = [{"id": f"r{i}", "text": f"Story {i} was filed on Tuesday, the editors said.\n"} for i in range(40)]
    records[17]["text"] = "poison " + records[17]["text"]
    sink, report = io.StringIO(), Report()
    data = "".join(json.dumps(record) + "\n" for record in records).encode()
    clean_jsonl(io.BytesIO(data), sink, Config(), report, jobs=2)
    written = [json.loads(line)["id"] for line in sink.getvalue().splitlines()]
    assert report.failures == [("<stdin>:18", "the worker cleaning this record died (killed or crashed)")]
    assert written == [f"r{i}" for i in range(40) if i != 17]  # everything else, in order


def test_cleaning_the_jsonl_output_again_keeps_every_record(runner, tmp_path):
    """articles.jsonl cleaned again into another folder: same texts, titles and metadata (its source aside)."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(app_cli(), ["clean", str(SEEDS), "--out", str(first), "--format", "jsonl"]).exit_code == 0
    jsonl = str(first / "articles.jsonl")
    result = runner.invoke(app_cli(), ["clean", jsonl, "--out", str(second), "--format", "jsonl"])
    assert result.exit_code == 0
    before = [json.loads(line) for line in (first / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    after = [json.loads(line) for line in (second / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(after) == len(before) == 5

    def kept(record):
        return record["text"], record["title"], {k: v for k, v in record["metadata"].items() if k != "source"}

    assert [kept(record) for record in after] == [kept(record) for record in before]


def test_a_stream_named_articles_jsonl_is_never_overwritten_by_a_batch(runner, tmp_path):
    """Other inputs' records cleaned into the same folder would replace it: that is a failure, not a silent loss."""
    first, second = tmp_path / "first", tmp_path / "second"
    runner.invoke(app_cli(), ["clean", str(SEEDS), "--out", str(first), "--format", "jsonl", "-q"])
    result = runner.invoke(app_cli(), ["clean", str(first / "articles.jsonl"), str(SEEDS), "--out", str(second),
                                 "--format", "jsonl", "-q"])
    assert result.exit_code == 3
    assert "holds the stream of the input articles.jsonl" in result.output
    assert len((second / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_only_cleaners_own_records_lend_their_metadata():
    """Another dataset's title column passes through as before; a lone surrogate in a title never stops the stream."""
    import io

    from cleaner.stream import prior_metadata

    assert prior_metadata({"title": "Dataset title", "url": "https://example.org"}) == {}
    own = {"title": "Kim \ud800 visits", "metadata": {"authors": ["Jane Roe"], "source": "x"}, "edits": [], "spin": {}}
    assert prior_metadata(own) == {"authors": ["Jane Roe"], "title": "Kim \ufffd visits"}
    line = json.dumps({"id": "a", "text": f"{PARAGRAPH}\n", **own}) + "\n"
    sink = io.StringIO()
    report = Report()
    clean_jsonl(io.BytesIO(line.encode("utf-8")), sink, Config(), report)
    assert json.loads(sink.getvalue())["title"] == "Kim \ufffd visits" and not report.failures
