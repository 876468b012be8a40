"""``cleaner dict ...``: check and grow the dictionaries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cleaner.report import EXIT_USAGE

if TYPE_CHECKING:
    from cleaner.spin_dictionary import SpinDictionary

dict_app = typer.Typer(no_args_is_help=True, help="Check and grow the spin dictionary.")


@dict_app.command("check")
def dict_check(
    dictionaries: Annotated[Path | None, typer.Option(help="A dictionaries folder to check.")] = None,
) -> None:
    """Validate every rule and dictionary file: codes, chains, conflicts, examples."""
    from cleaner.dictcheck import check_all

    problems = check_all(str(dictionaries) if dictionaries else None)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise typer.Exit(EXIT_USAGE)
    print("dictionaries OK", file=sys.stderr)


def _read_texts(paths: list[Path]) -> dict[str, str]:
    from cleaner.io import discover
    from cleaner.stages.decode import decode

    inputs, problems = discover(paths, "*.txt")
    for path, reason in problems:
        print(f"error: {path}: {reason}", file=sys.stderr)
    if problems:
        raise typer.Exit(EXIT_USAGE)
    return {item.path: decode(Path(item.path).read_bytes())[0] for item in inputs}


def _dictionary(folder: Path | None) -> SpinDictionary:
    """Load the spin dictionary of ``folder`` (or the bundled one); a broken folder is a usage error."""
    from cleaner.rules import RuleFileError
    from cleaner.spin_dictionary import load

    try:
        return load(str(folder) if folder else None)
    except RuleFileError as exc:
        print(f"error: {exc}; run `cleaner dict check --dictionaries {folder}` for details", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from exc


DictionariesOption = Annotated[Path | None, typer.Option(help="A dictionaries folder instead of the bundled one.")]
CleanOption = Annotated[
    list[Path] | None, typer.Option("--clean", help="Clean articles: forms found there need context.")
]


@dict_app.command("learn")
def dict_learn(
    spun: Annotated[Path, typer.Argument(help="A spun article, or a folder of them.")],
    original: Annotated[Path, typer.Argument(help="Its original, or a folder of same-named originals.")],
    out: Annotated[Path | None, typer.Option(help="Write the proposals here instead of stdout.")] = None,
    clean: CleanOption = None,
    dictionaries: DictionariesOption = None,
) -> None:
    """Align spun and original text and propose dictionary entries (never edits dictionaries/).

    Example: cleaner dict learn spun/ originals/ --clean seeds/ --out proposals.tsv
    """
    from cleaner.dictlearn import propose, render

    pairs = _pairs(spun, original)
    clean_texts = list(_read_texts(clean).values()) if clean else []
    dictionary = _dictionary(dictionaries)
    proposals = propose(pairs, clean_texts, dictionary)
    text = render(proposals, dictionary)
    fresh = sum(1 for p in proposals if not p.covered_by)
    summary = f"{len(proposals)} substitutions in {len(pairs)} pair(s): {fresh} new, {len(proposals) - fresh} covered"
    if out is None:
        sys.stdout.write(text)
        print(summary, file=sys.stderr)
    else:
        from cleaner.io import atomic_write

        atomic_write(out, text.encode("utf-8"))
        print(f"{summary}; written to {out}", file=sys.stderr)


def _pairs(spun: Path, original: Path) -> list[tuple[str, str, str]]:
    """Read (name, spun text, original text) for two files or two folders of same-named files."""
    from cleaner.stages.decode import decode

    for path in (spun, original):
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE)
    if spun.is_dir() != original.is_dir():
        print(f"error: {spun} and {original} must both be files or both be folders", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE)
    if spun.is_dir():
        files = sorted(p for p in spun.iterdir() if p.is_file())
        missing = [p.name for p in files if not (original / p.name).is_file()]
        for name in missing:
            print(f"warning: {original / name}: no original for {spun / name}; skipped", file=sys.stderr)
        couples = [(p, original / p.name) for p in files if p.name not in missing]
        if not couples:
            print(f"error: no same-named files in {spun} and {original}", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE)
    else:
        couples = [(spun, original)]
    return [(a.name, decode(a.read_bytes())[0], decode(b.read_bytes())[0]) for a, b in couples]


@dict_app.command("suggest")
def dict_suggest(
    files: Annotated[list[Path], typer.Argument(help="Spun articles (files or folders).")],
    top: Annotated[int, typer.Option(help="How many suggestions to show.")] = 20,
    clean: CleanOption = None,
    dictionaries: DictionariesOption = None,
) -> None:
    """Rank word n-grams of spun articles that look spun but are not in the dictionary."""
    from cleaner.dictsuggest import suggest

    texts = _read_texts(files)
    clean_texts = list(_read_texts(clean).values()) if clean else []
    for rank, item in enumerate(suggest(texts, _dictionary(dictionaries), clean_texts, top), start=1):
        guess = f"  (guess: {item.guess})" if item.guess else ""
        print(f"{rank:>3}. {item.ngram}  score {item.score:.1f}, {item.documents} document(s){guess}")
        for context in item.contexts[:2]:
            print(f"       …{context}…")


@dict_app.command("stats")
def dict_stats(
    corpus: Annotated[list[Path] | None, typer.Argument(help="Articles to run the dictionary on.")] = None,
    dictionaries: DictionariesOption = None,
) -> None:
    """Entries per tier and code range; on a corpus, what fired and what never did."""
    from cleaner.config import Config
    from cleaner.dictstats import collect, report
    folder = str(dictionaries) if dictionaries else None
    dictionary = _dictionary(dictionaries)
    texts = list(_read_texts(corpus).values()) if corpus else []
    sys.stdout.write(report(collect(dictionary, texts, Config(dictionaries=folder)), dictionary))
