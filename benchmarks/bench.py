"""Measure throughput: the whole pipeline, each stage, and plain ftfy on the same corpus.

Usage: ``python benchmarks/bench.py [--mb 20] [--out-dir /dev/shm] [--no-profile] [--no-jobs]``
(``make bench``).

The corpus comes from :mod:`make_corpus` (deterministic, written under
``benchmarks/corpus/``, git-ignored). Every figure is MB of input per second,
measured in this one process one after another on one core, so the ratios are
fair even on a busy machine; only the ``--jobs`` comparison runs the real
``cleaner clean`` command, once with one worker and once with two.

It also checks the claim behind the unicode figure: on the whole corpus, the
stage's ftfy repairs are byte-identical to ``ftfy.fix_text`` run on every line
with the same configuration.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import CORPUS, build_corpus, write_corpus  # noqa: E402

from cleaner import formats, pipeline  # noqa: E402
from cleaner.batch import CHUNK  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.io import atomic_write  # noqa: E402
from cleaner.model import Document  # noqa: E402
from cleaner.stages import decode, unicode  # noqa: E402


def timed(label: str, size: int, work: Callable[[], object], results: dict[str, float]) -> None:
    """Run ``work`` once and record MB of input per second under ``label``."""
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    results[label] = size / 1e6 / seconds
    print(f"{label:<40} {results[label]:8.1f} MB/s  ({seconds:.2f} s)", flush=True)


def cpu_model() -> str:
    """The CPU's model name, for the figures' caption."""
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def check_identical_repairs(texts: list[str]) -> int:
    """Compare the unicode stage's ftfy repairs with ftfy.fix_text on every line; return lines checked.

    The whitespace rules (U2xx) are ours, not ftfy's, so they are left out of
    the comparison; everything ftfy does must come out byte for byte the same.
    """
    config = Config(ignore=("U2",))
    lines = 0
    for text in texts:
        doc = Document.from_text(text)
        expected = tuple(ftfy.fix_text(line, unicode.FTFY_CONFIG) for line in doc.lines)
        got = unicode.run(doc, config).lines
        if got != expected:
            diff = next(i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b)
            raise SystemExit(f"unicode stage differs from ftfy on line {diff + 1}: {got[diff]!r} != {expected[diff]!r}")
        lines += len(doc.lines)
    return lines


def batch_seconds(jobs: int, out: Path) -> float:
    """Time ``cleaner clean benchmarks/corpus --out OUT --jobs N`` end to end (a fresh output folder)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(CORPUS), "--out", str(out),
                    "--jobs", str(jobs), "-q"], check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    parser.add_argument("--mojibake", type=float, default=0.01, help="share of lines turned into mojibake")
    parser.add_argument("--out-dir", default=None,
                        help="where the timed writes go (default: the system temp folder; /dev/shm measures "
                             "the code without the disk)")
    parser.add_argument("--no-profile", dest="profile", action="store_false", help="skip the hot-path profile")
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-jobs", dest="jobs", action="store_false", help="skip the --jobs 1 vs 2 runs")
    args = parser.parse_args()
    config = Config()
    corpus = build_corpus(args.mb, mojibake=args.mojibake)
    files = write_corpus(corpus)
    size = sum(map(len, corpus))
    print(f"corpus: {len(corpus)} articles, {size / 1e6:.1f} MB in {CORPUS.relative_to(ROOT)}; "
          f"{os.cpu_count()} cores ({cpu_model()}); Python {platform.python_version()}, ftfy {ftfy.__version__}")
    # Warm up: load dictionaries and compile rules outside the timed runs.
    pipeline.clean_text(corpus[0].decode("utf-8"), config)
    results: dict[str, float] = {}
    timed("read files", size, lambda: [f.read_bytes() for f in files], results)
    texts = [decode.decode(data)[0] for data in corpus]
    timed("ftfy.fix_text, defaults (baseline)", size, lambda: [ftfy.fix_text(t) for t in texts], results)
    timed("ftfy.fix_text, cleaner's options", size,
          lambda: [ftfy.fix_text(t, unicode.FTFY_CONFIG) for t in texts], results)
    timed("stage decode", size, lambda: [decode.decode(d) for d in corpus], results)
    current = [Document.from_text(t) for t in texts]
    for name, run in pipeline.STAGES:
        outputs: list[Document] = []
        timed(f"stage {name}", size, lambda run=run, current=current, outputs=outputs:
              outputs.extend(run(d, config) for d in current), results)
        current = outputs
    final = current
    with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
        out = Path(tmp)
        timed("stage write (render md + atomic write)", size, lambda: [
            atomic_write(out / f"{i}.md", formats.to_md(d).encode("utf-8")) for i, d in enumerate(final)], results)

        def unicode_only() -> None:
            for i, data in enumerate(corpus):
                doc = unicode.run(Document.from_text(decode.decode(data)[0]), config)
                atomic_write(out / f"u{i}.txt", formats.to_txt(doc).encode("utf-8"))

        timed("decode + unicode + write", size, unicode_only, results)

        def whole() -> None:
            # As `cleaner clean` runs it: documents in chunks, each chunk stage by stage.
            for start in range(0, len(corpus), CHUNK):
                chunk = [Document.from_text(decode.decode(data)[0]) for data in corpus[start:start + CHUNK]]
                for i, doc in enumerate(pipeline.run_many(chunk, config), start):
                    assert isinstance(doc, Document), doc
                    atomic_write(out / f"w{i}.md", formats.to_md(doc).encode("utf-8"))

        def one_by_one() -> None:
            for i, data in enumerate(corpus):
                doc = pipeline.clean_text(decode.decode(data)[0], config)
                atomic_write(out / f"o{i}.md", formats.to_md(doc).encode("utf-8"))

        timed("whole pipeline + write", size, whole, results)
        timed("  the same, one document at a time", size, one_by_one, results)
    lines = check_identical_repairs(texts)
    print(f"\nunicode stage == ftfy.fix_text per line (same options) on all {lines} lines: yes")
    base = results["ftfy.fix_text, defaults (baseline)"]
    print(f"decode + unicode + write / ftfy:   {results['decode + unicode + write'] / base:5.1f}x  (target 8x)")
    print(f"whole pipeline + write / ftfy:     {results['whole pipeline + write'] / base:5.1f}x  (target 5x)")
    if args.jobs:
        with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
            one = batch_seconds(1, Path(tmp, "jobs1"))
            two = batch_seconds(2, Path(tmp, "jobs2"))
        print(f"cleaner clean --jobs 1: {size / 1e6 / one:.1f} MB/s, --jobs 2: {size / 1e6 / two:.1f} MB/s "
              f"(speedup {one / two:.2f}x on {os.cpu_count()} cores)")
    if args.profile:
        profiler = cProfile.Profile()
        sample = corpus[: max(1, len(corpus) // 10)]
        profiler.enable()
        for data in sample:
            formats.to_md(pipeline.clean_text(decode.decode(data)[0], config))
        profiler.disable()
        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(15)
            print(f"\nhot path, top 15 by {order} (whole pipeline on 10% of the corpus):")
            print("\n".join(line for line in stream.getvalue().splitlines()[4:] if line.strip()))


if __name__ == "__main__":
    main()
