"""Measure throughput: the whole pipeline, each stage, and plain ftfy on the same corpus.

Usage: ``python benchmarks/bench.py [--mb 20] [--profile]`` (``make bench``).

The corpus is generated deterministically from ``seeds/``: paragraphs shuffled
between articles (one article in ten built from the spun seed), furniture lines
inserted, and one line in a hundred (``--mojibake``) turned into mojibake
(UTF-8 read as Windows-1252), so every stage has real work. All
figures are MB of input per second on one core, measured in this process one
after another, so the ratios are fair even on a busy machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import formats, pipeline  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.io import atomic_write  # noqa: E402
from cleaner.model import Document  # noqa: E402
from cleaner.stages import boilerplate, decode, layout, spin, unicode  # noqa: E402

FURNITURE = [
    "ADVERTISEMENT", "CONTINUE READING BELOW", "hide caption", "toggle caption",
    "Follow us on X", "Tags: Politics, World", "© 2025 Bloomberg", "__",
    "ALSO READ: Markets rally as rates hold steady",
]


def build_corpus(megabytes: float, seed: int = 7, mojibake: float = 0.01) -> list[bytes]:
    """Generate news-like articles from the seeds, deterministically."""
    rng = random.Random(seed)
    clean, spun = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        pool = spun if path.name.startswith("003_") else clean
        pool.extend(p for p in path.read_text(encoding="utf-8").splitlines() if p.strip())
    articles, size = [], 0
    while size < megabytes * 1e6:
        # One article in ten is spun, as on a feed that mixes content farms with real outlets.
        paragraphs = spun if rng.random() < 0.1 else clean
        lines = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 30)))
        for _ in range(rng.randint(1, 4)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(FURNITURE))
        for i, line in enumerate(lines):
            if rng.random() < mojibake:
                lines[i] = line.encode("utf-8").decode("cp1252", errors="replace")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        articles.append(data)
        size += len(data)
    return articles


def timed(label: str, size: int, work: Callable[[], object], results: dict[str, float]) -> None:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    results[label] = size / 1e6 / seconds
    print(f"{label:<34} {results[label]:8.1f} MB/s  ({seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    parser.add_argument("--mojibake", type=float, default=0.01, help="share of lines turned into mojibake")
    parser.add_argument("--out-dir", default=None,
                        help="where the timed writes go (default: the system temp folder; /dev/shm measures "
                             "the code without the disk)")
    parser.add_argument("--profile", action="store_true", help="print the hot path's top functions")
    args = parser.parse_args()
    config = Config()
    corpus = build_corpus(args.mb, mojibake=args.mojibake)
    size = sum(map(len, corpus))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    print(f"corpus: {len(corpus)} articles, {size / 1e6:.1f} MB; {os.cpu_count()} cores, {cpu}; "
          f"Python {platform.python_version()}")
    # Warm up: load dictionaries and compile rules outside the timed runs.
    pipeline.clean_text(corpus[0].decode("utf-8"), config)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
        folder = Path(tmp)
        for index, data in enumerate(corpus):
            (folder / f"{index:06d}.txt").write_bytes(data)
        files = sorted(folder.glob("*.txt"))
        timed("read files", size, lambda: [f.read_bytes() for f in files], results)
    texts = [decode.decode(data)[0] for data in corpus]
    timed("ftfy.fix_text (baseline)", size, lambda: [ftfy.fix_text(t) for t in texts], results)
    timed("decode", size, lambda: [decode.decode(d) for d in corpus], results)
    docs = [Document.from_text(t) for t in texts]
    stage_inputs = {"unicode": docs}
    for name, run in pipeline.STAGES:
        current = stage_inputs[name]
        outputs: list[Document] = []
        timed(f"stage {name}", size, lambda run=run, current=current, outputs=outputs:
              outputs.extend(run(d, config) for d in current), results)
        next_index = [n for n, _ in pipeline.STAGES].index(name) + 1
        if next_index < len(pipeline.STAGES):
            stage_inputs[pipeline.STAGES[next_index][0]] = outputs
        final = outputs
    with tempfile.TemporaryDirectory(dir=args.out_dir) as tmp:
        out = Path(tmp)
        timed("render + atomic write (md)", size, lambda: [
            atomic_write(out / f"{i}.md", formats.to_md(d).encode("utf-8")) for i, d in enumerate(final)], results)

        def unicode_only() -> None:
            for i, data in enumerate(corpus):
                doc = unicode.run(Document.from_text(decode.decode(data)[0]), config)
                atomic_write(out / f"u{i}.txt", formats.to_txt(doc).encode("utf-8"))

        timed("decode + unicode + write", size, unicode_only, results)

        def whole() -> None:
            for i, data in enumerate(corpus):
                doc = pipeline.clean_text(decode.decode(data)[0], config)
                atomic_write(out / f"w{i}.md", formats.to_md(doc).encode("utf-8"))

        timed("whole pipeline + write", size, whole, results)
    base = results["ftfy.fix_text (baseline)"]
    print(f"\ndecode + unicode + write vs ftfy: {results['decode + unicode + write'] / base:.1f}x")
    print(f"whole pipeline + write vs ftfy:   {results['whole pipeline + write'] / base:.1f}x")
    print(f"whole pipeline vs reading alone:  {results['whole pipeline + write'] / results['read files']:.3f}x")
    if args.profile:
        profiler = cProfile.Profile()
        sample = corpus[: max(1, len(corpus) // 10)]
        profiler.enable()
        for data in sample:
            formats.to_md(pipeline.clean_text(decode.decode(data)[0], config))
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
        print("\nhot path (top 15 by own time, 10% of the corpus):")
        print("\n".join(stream.getvalue().splitlines()[4:30]))
    _ = (boilerplate, layout, spin)


if __name__ == "__main__":
    main()
