"""Fuzz the whole pipeline and the JSONL reader for longer than CI can afford.

Usage::

    python benchmarks/fuzz.py --minutes 30          # hypothesis, the strategies of tests/test_fuzz.py
    python benchmarks/fuzz.py --atheris -- -max_total_time=1800   # coverage-guided, if atheris is installed

Both drive the same targets as ``tests/test_fuzz.py`` (which CI runs with a small
example budget): a crash, a non-UTF-8 output or a JSONL record count that
disagrees with the report is a bug; hypothesis prints the smallest input that
shows it, and keeps it in ``.hypothesis/`` so the test suite replays it.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_hypothesis(minutes: float) -> None:
    """Run every fuzz test of the suite in rounds of 2,000 examples until the time is up."""
    import os

    os.environ["CLEANER_FUZZ_EXAMPLES"] = "2000"  # read by tests/test_fuzz.py at import
    from tests import test_fuzz

    targets = [test_fuzz.test_pipeline_never_raises_on_bytes, test_fuzz.test_jsonl_reader_never_raises,
               test_fuzz.test_batch_worker_never_raises, test_fuzz.test_standard_input_never_raises]
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        for target in targets:
            target()
        rounds += 1
        print(f"round {rounds}: {len(targets)} targets x 2000 examples, no failure", file=sys.stderr)


def run_atheris(argv: list[str]) -> None:
    """Coverage-guided fuzzing of the bytes entry points with atheris."""
    import atheris

    with atheris.instrument_imports():
        from cleaner.batch import clean_bytes
        from cleaner.config import Config
        from cleaner.report import Report
        from cleaner.stream import clean_jsonl

    config = Config()

    def one_input(data: bytes) -> None:
        outcome = clean_bytes(data, "fuzz.txt", "fuzz.txt", config)
        if outcome.rendered is not None:
            outcome.rendered.encode("utf-8")
        sink = io.StringIO()
        report = Report()
        clean_jsonl(iter(data.split(b"\n")), sink, config, report)
        assert len(sink.getvalue().splitlines()) == report.files

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the hypothesis run lasts")
    parser.add_argument("--atheris", action="store_true", help="use atheris instead (pip install atheris)")
    parser.add_argument("rest", nargs="*", help="arguments passed to libFuzzer after --")
    args = parser.parse_args()
    if args.atheris:
        run_atheris(args.rest)
    else:
        run_hypothesis(args.minutes)


if __name__ == "__main__":
    main()
