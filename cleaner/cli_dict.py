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
