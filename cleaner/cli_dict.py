"""``cleaner dict ...``: check and grow the dictionaries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cleaner.report import EXIT_USAGE

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
    return {str(item.path): decode(item.path.read_bytes())[0] for item in inputs}


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
    """Align spun and original text and propose dictionary entries (never edits dictionaries/)."""
    from cleaner.dictlearn import learn
    from cleaner.spin_dictionary import COLUMNS, load

    for path in (spun, original):
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE)
    clean_texts = list(_read_texts(clean).values()) if clean else []
    lines = learn(spun, original, clean_texts, load(str(dictionaries) if dictionaries else None))
    header = ("# Proposed entries: review each, fill TODO contexts, then move it into the right file.\n"
              + "\t".join(COLUMNS) + "\n")
    text = header + "".join(line + "\n" for line in lines)
    if out is None:
        sys.stdout.write(text)
    else:
        from cleaner.io import atomic_write

        atomic_write(out, text.encode("utf-8"))
        print(f"{len(lines)} proposals written to {out}", file=sys.stderr)


@dict_app.command("suggest")
def dict_suggest(
    files: Annotated[list[Path], typer.Argument(help="Spun articles (files or folders).")],
    top: Annotated[int, typer.Option(help="How many suggestions to show.")] = 20,
    clean: CleanOption = None,
    dictionaries: DictionariesOption = None,
) -> None:
    """Rank word n-grams of spun articles that look spun but are not in the dictionary."""
    from cleaner.dictsuggest import suggest
    from cleaner.spin_dictionary import load

    texts = _read_texts(files)
    clean_texts = list(_read_texts(clean).values()) if clean else []
    for rank, item in enumerate(suggest(texts, load(str(dictionaries) if dictionaries else None),
                                        clean_texts, top), start=1):
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
    from cleaner.spin_dictionary import load

    folder = str(dictionaries) if dictionaries else None
    dictionary = load(folder)
    texts = list(_read_texts(corpus).values()) if corpus else []
    sys.stdout.write(report(collect(dictionary, texts, Config(dictionaries=folder)), dictionary))
