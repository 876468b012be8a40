"""Streams and engines: compressed JSONL, --report, flat memory, Dask, datasets and datatrove helpers."""

from __future__ import annotations

import gzip
import json
import resource
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.config import Config
from cleaner.report import Report
from cleaner.stream import clean_jsonl
from tests.conftest import SEEDS

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


def test_hf_clean_batch_with_datasets():
    datasets = pytest.importorskip("datasets")
    from cleaner.hf import clean_batch

    dataset = datasets.Dataset.from_dict({"text": [f"ADVERTISEMENT\n{PARAGRAPH}\n"]})
    assert dataset.map(clean_batch, batched=True)[0]["text"] == PARAGRAPH.strip() + "\n"


def test_datatrove_step():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleaner.datatrove_step import CleanerStep

    docs = list(CleanerStep().run([Document(text=f"ADVERTISEMENT\n{PARAGRAPH}\n", id="a")]))
    assert docs[0].text == PARAGRAPH.strip() + "\n"
    assert docs[0].metadata["cleaner"]["spin"]["spun"] is False
