"""Pipe a long JSONL stream through ``cleaner clean -`` and watch the child's memory.

Usage: ``python benchmarks/stream_memory.py [--mb 1024] [--corpus-mb 20] [--every 0.5]``

The stream is generated on the fly, never held whole: the articles of
``benchmarks/make_corpus.py`` (``build_corpus``, deterministic) are cycled, each
record with its own id and a ``url`` field the cleaner must pass through, until
``--mb`` megabytes (10^6 bytes) have been written to the child's standard input.
The child is ``python -m cleaner clean - --format jsonl``; its output is read
and counted, not kept. Its resident memory is sampled from ``/proc/PID/status``
(VmRSS) every ``--every`` seconds; its peak is VmHWM, checked after the run
against ``getrusage(RUSAGE_CHILDREN).ru_maxrss``.

The report gives MB in and out, MB/s, and RSS at the start (the first output
record: dictionaries loaded), after 10% of the input, after 50%, at the end and
the peak. Flat memory means the last three stay within a few MB of the 10% figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import ROOT, build_corpus

MB = 1_000_000


def records(corpus_mb: float) -> Iterator[bytes]:
    """Yield JSONL lines forever, cycling the corpus articles with fresh ids."""
    bodies = [json.dumps(article.decode("utf-8"), ensure_ascii=False).encode("utf-8")
              for article in build_corpus(corpus_mb)]
    number = 0
    while True:
        for body in bodies:
            number += 1
            yield b'{"id": "a%d", "url": "https://news.example.org/%d", "text": %s}\n' % (number, number, body)


def status(pid: int) -> dict[str, float]:
    """Read VmRSS and VmHWM of a process, in MB; empty once it has exited."""
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) * 1024 / MB
    except OSError:
        pass
    return values


class Feeder(threading.Thread):
    """Write records into the child's stdin until ``limit`` bytes are written."""

    def __init__(self, sink, limit: int, corpus_mb: float) -> None:
        super().__init__(daemon=True)
        self.sink, self.limit, self.corpus_mb = sink, limit, corpus_mb
        self.written = 0
        self.records = 0

    def run(self) -> None:
        try:
            for line in records(self.corpus_mb):
                if self.written >= self.limit:
                    break
                self.sink.write(line)
                self.written += len(line)
                self.records += 1
        except BrokenPipeError:
            pass
        finally:
            self.sink.close()


class Drain(threading.Thread):
    """Read the child's stdout, counting bytes and lines, keeping nothing."""

    def __init__(self, source) -> None:
        super().__init__(daemon=True)
        self.source = source
        self.read = 0
        self.lines = 0
        self.first_output: float | None = None

    def run(self) -> None:
        while chunk := self.source.read1(1 << 20):
            if self.first_output is None:
                self.first_output = time.perf_counter()
            self.read += len(chunk)
            self.lines += chunk.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1024.0, help="stream size in MB (10^6 bytes)")
    parser.add_argument("--corpus-mb", type=float, default=20.0, help="size of the article pool that is cycled")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between memory samples")
    parser.add_argument("--jobs", type=int, default=1,
                        help="worker processes for the stream (RSS is then the parent's; workers hold one chunk each)")
    args = parser.parse_args()

    limit = int(args.mb * MB)
    feeder_corpus = args.corpus_mb
    command = [sys.executable, "-m", "cleaner", "clean", "-", "--format", "jsonl", "--jobs", str(args.jobs)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=ROOT)
    feeder = Feeder(child.stdin, limit, feeder_corpus)
    drain = Drain(child.stdout)
    stderr: list[bytes] = []
    errors = threading.Thread(target=lambda: stderr.append(child.stderr.read()), daemon=True)
    for thread in (feeder, drain, errors):
        thread.start()

    samples: list[tuple[float, float, float]] = []  # (seconds, MB written, RSS MB)
    marks: dict[str, float] = {}
    peak_hwm = 0.0
    next_report = 0.1
    while child.poll() is None:
        values = status(child.pid)
        if values:
            now = time.perf_counter() - started
            samples.append((now, feeder.written / MB, values["VmRSS"]))
            peak_hwm = max(peak_hwm, values["VmHWM"])
            if "start" not in marks and drain.first_output is not None:
                marks["start"] = values["VmRSS"]
            for share, name in ((0.1, "10%"), (0.5, "50%")):
                if name not in marks and feeder.written >= share * limit:
                    marks[name] = values["VmRSS"]
            if feeder.written >= next_report * limit:
                print(f"  {feeder.written / MB:8.0f} MB in, {now:6.0f} s, RSS {values['VmRSS']:.1f} MB", flush=True)
                next_report += 0.1
            marks["end"] = values["VmRSS"]
        time.sleep(args.every)
    seconds = time.perf_counter() - started
    for thread in (feeder, drain, errors):
        thread.join()
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MB  # KiB on Linux

    print(f"command: {' '.join(command[1:])}  (python {sys.version.split()[0]})")
    print(f"exit code: {child.returncode}")
    print(f"records: {feeder.records} in, {drain.lines} out")
    print(f"MB in: {feeder.written / MB:.1f}   MB out: {drain.read / MB:.1f}   seconds: {seconds:.1f}   "
          f"MB/s: {feeder.written / MB / seconds:.2f}")
    points = "   ".join(f"{name} {marks[name]:.1f}" for name in ("start", "10%", "50%", "end") if name in marks)
    print(f"RSS MB: {points}   peak (VmHWM) {peak_hwm:.1f}   peak (ru_maxrss) {children_peak:.1f}")
    if len(samples) > 1:
        steady = [rss for _, mb, rss in samples if mb >= 0.1 * limit / MB]
        if steady and "10%" in marks:
            # The stream keeps each id it has seen (the duplicate-id check): growth per record shows it.
            per_record = (max(steady) - marks["10%"]) * MB / (0.9 * feeder.records)
            print(f"RSS from 10% to the end: min {min(steady):.1f}, max {max(steady):.1f} MB "
                  f"(about {per_record:.0f} bytes per record after the first 10%)")
    summary = b"".join(stderr).decode("utf-8", errors="replace").strip().splitlines()
    print("cleaner's summary: " + (summary[0] if summary else "(none)"))
    if child.returncode != 0:
        sys.exit(child.returncode)


if __name__ == "__main__":
    main()
