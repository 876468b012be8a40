"""Build the benchmark corpus: news-like articles generated from ``seeds/``, deterministically.

Usage: ``python benchmarks/make_corpus.py [--mb 20]`` writes ``benchmarks/corpus/NNNNNN.txt``
(git-ignored). The same arguments always give the same bytes, so figures taken on
different days or machines measure the same work.

Each article is 12–30 paragraphs drawn from the seeds (one article in ten from the
spun seed, as on a feed that mixes content farms with real outlets), with 1–4
furniture lines (ads, captions, promos, credits) inserted, and one line in a
hundred (``mojibake``) turned into mojibake (UTF-8 read as Windows-1252), so
every stage has real work and the unicode stage's prefilter is exercised both ways.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"

FURNITURE = [
    "ADVERTISEMENT", "CONTINUE READING BELOW", "hide caption", "toggle caption",
    "Follow us on X", "Tags: Politics, World", "© 2025 Bloomberg", "__",
    "ALSO READ: Markets rally as rates hold steady",
]


def build_corpus(megabytes: float, seed: int = 7, mojibake: float = 0.01) -> list[bytes]:
    """Generate news-like articles (UTF-8 bytes) from the seeds, deterministically."""
    rng = random.Random(seed)
    clean: list[str] = []
    spun: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        pool = spun if path.name.startswith("003_") else clean
        pool.extend(p for p in path.read_text(encoding="utf-8").splitlines() if p.strip())
    articles: list[bytes] = []
    size = 0
    while size < megabytes * 1e6:
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


def write_corpus(articles: list[bytes], folder: Path = CORPUS) -> list[Path]:
    """Write the articles as ``folder/NNNNNN.txt``, replacing an older corpus."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    paths = []
    for index, data in enumerate(articles):
        path = folder / f"{index:06d}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    parser.add_argument("--mojibake", type=float, default=0.01, help="share of lines turned into mojibake")
    args = parser.parse_args()
    articles = build_corpus(args.mb, mojibake=args.mojibake)
    write_corpus(articles)
    print(f"{len(articles)} articles, {sum(map(len, articles)) / 1e6:.1f} MB in {CORPUS}")


if __name__ == "__main__":
    main()
