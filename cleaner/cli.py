"""The command line: parse flags, build one Config, call the library, print the report.

No cleaning logic lives here. Data goes to stdout, messages to stderr, and the
progress bar appears only when stderr is a terminal.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from cleaner import config as config_module
from cleaner.config import Config, ConfigError
from cleaner.report import EXIT_USAGE, Report
from cleaner.rules import RuleFileError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Clean scraped and spun news articles into canonical files.")


def fail(message: str) -> typer.Exit:
    """Print a usage or configuration error and return the exit to raise (code 2)."""
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(EXIT_USAGE)


def build_config(config_file: Path | None, **flags: object) -> Config:
    """Load the config file (explicit or found) and apply the flags; check rule codes."""
    from cleaner.rules import all_rules, check_codes

    config, _path = config_module.load(config_file)
    config = config_module.override(config, **flags)
    all_rules(config.dictionaries)
    check_codes(config.select + config.ignore, config.dictionaries)
    return config


ConfigOption = Annotated[Path | None, typer.Option("--config", help="A cleaner.toml or pyproject.toml to use.")]
SelectOption = Annotated[str | None, typer.Option(help="Only these rule codes or prefixes, comma-separated.")]
IgnoreOption = Annotated[str | None, typer.Option(help="Never these rule codes or prefixes, comma-separated.")]
SpinOption = Annotated[str | None, typer.Option(help="auto: repair only spun documents; always; never.")]


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; - reads standard input.")],
    out: Annotated[Path | None, typer.Option(
        help="Output folder (required unless reading -); - prints every output to standard output.")] = None,
    format: Annotated[str | None, typer.Option("--format", help="md, txt or jsonl.")] = None,
    glob: Annotated[str | None, typer.Option(help="Which files a folder contributes.")] = None,
    jobs: Annotated[int, typer.Option(help="Worker processes; 0 means every core.")] = 0,
    check: Annotated[bool, typer.Option(help="Exit 1 if any output would change; write nothing.")] = False,
    diff: Annotated[bool, typer.Option(help="Print unified diffs of what would change; write nothing.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    preview: Annotated[bool | None, typer.Option("--preview", help="Also run preview rules.")] = None,
    spin: SpinOption = None,
    spin_in_quotes: Annotated[bool | None, typer.Option("--spin-in-quotes", help="Repair inside quotes.")] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the id.")] = "id",
    config_file: ConfigOption = None,
    engine: Annotated[str, typer.Option(help="local (a process pool) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (default: a local cluster).")] = None,
    report_file: Annotated[Path | None, typer.Option("--report", help="Per-file and per-rule counts as JSON.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Clean articles into canonical md, txt or jsonl files (.jsonl[.gz|.zst] inputs stream record by record)."""
    if engine not in ("local", "dask"):
        raise fail(f"--engine must be local or dask, not {engine!r}")
    try:
        config = build_config(config_file, format=format, glob=glob, select=select, ignore=ignore,
                              preview=preview, spin=spin, spin_in_quotes=spin_in_quotes)
    except (ConfigError, RuleFileError) as exc:
        raise fail(str(exc)) from None
    report = Report(keep_per_file=report_file is not None)
    started = time.perf_counter()
    if [str(p) for p in paths] != ["-"]:
        if out is None:
            raise fail("--out DIR is required when cleaning files (use - to read standard input)")
        if any(str(p) == "-" for p in paths):
            raise fail("- (standard input) cannot be mixed with files")
        if str(out) == "-" and (check or diff):
            raise fail("--check and --diff compare with an output folder; --out - has none")
        if str(out) == "-" and config.format != "jsonl" and not _one_plain_file(paths):
            raise fail("--out - with several inputs needs --format jsonl: md and txt documents "
                       "printed one after another could not be told apart")
    try:
        if [str(p) for p in paths] == ["-"]:
            # Standard input may be a live feed: one record at a time unless --jobs asks for workers.
            _clean_stdin(config, report, text_field, id_field, max(1, jobs))
        else:
            _clean_files(paths, out, config, report, jobs or os.cpu_count() or 1, check, diff,
                         engine, scheduler, text_field, id_field)
    except KeyboardInterrupt:
        # Every output written so far is complete (atomic writes); say what was done.
        report.interrupted = True
    seconds = time.perf_counter() - started
    if report_file is not None:
        import json

        from cleaner.io import atomic_write

        atomic_write(report_file, (json.dumps(report.to_json(seconds), indent=1) + "\n").encode("utf-8"))
    if not quiet:
        print(report.summary(seconds), file=sys.stderr)
    raise typer.Exit(report.exit_code)


def _one_plain_file(paths: list[Path]) -> bool:
    """Say whether the inputs are one article file (not a folder, not a JSONL stream)."""
    from cleaner.compress import is_jsonl

    return len(paths) == 1 and paths[0].is_file() and not is_jsonl(paths[0])


def _clean_stdin(config: Config, report: Report, text_field: str, id_field: str, jobs: int = 1) -> None:
    from cleaner import stream

    source = sys.stdin.buffer
    if not hasattr(source, "peek"):
        source = io.BufferedReader(source)
    head = source.peek(64)
    if config.format == "jsonl" and stream.looks_like_jsonl(head):
        stream.clean_jsonl(source, sys.stdout, config, report, text_field, id_field, jobs=jobs)
    else:
        stream.clean_plain(source.read(), sys.stdout, config, report)


def _clean_files(paths: list[Path], out: Path, config: Config, report: Report, jobs: int,
                 check: bool, diff: bool, engine: str = "local", scheduler: str | None = None,
                 text_field: str = "text", id_field: str = "id") -> None:
    from cleaner.batch import Batch, WriteMode
    from cleaner.compress import is_jsonl
    from cleaner.io import JSONL_NAME, discover

    if str(out) == "-":
        _print_files(paths, config, report, jobs, engine, scheduler, text_field, id_field)
        return
    streams = [path for path in paths if path.is_file() and is_jsonl(path)]
    for path in streams:
        _clean_jsonl_file(path, out, config, report, text_field, id_field, jobs)
    others = [p for p in paths if p not in streams]
    if streams and not others:
        return  # a batch of nothing would write an empty articles.jsonl over a stream of that name
    inputs, problems = discover(others, config.glob)
    for path, reason in problems:
        report.failed(path, reason)
    if config.format == "jsonl" and any(path.name == JSONL_NAME for path in streams):
        report.failed(str(out / JSONL_NAME), f"holds the stream of the input {JSONL_NAME}; the other inputs' "
                      "records would replace it: clean them into another --out")
        return
    batch = Batch(config, out, WriteMode.from_flags(check, diff), jobs, report, engine=engine, scheduler=scheduler)
    if sys.stderr.isatty() and len(inputs) > 1:
        from rich.progress import Progress

        with Progress(transient=True, console=None) as progress:
            task = progress.add_task("cleaning", total=len(inputs))
            batch.on_progress = lambda: progress.advance(task)
            batch.run(inputs)
    else:
        batch.run(inputs)


def _print_files(paths: list[Path], config: Config, report: Report, jobs: int, engine: str,
                 scheduler: str | None, text_field: str, id_field: str) -> None:
    """``--out -``: every output on standard output, in the order the inputs were named.

    JSONL inputs stream record by record where they stand; the files and
    folders between them are cleaned as one batch each (in parallel, printed
    in order).
    """
    from cleaner.batch import Batch, WriteMode
    from cleaner.compress import is_jsonl
    from cleaner.io import discover

    group: list[Path] = []

    def print_group() -> None:
        inputs, problems = discover(group, config.glob)
        for path, reason in problems:
            report.failed(path, reason)
        Batch(config, Path("-"), WriteMode.STDOUT, jobs, report, engine=engine, scheduler=scheduler).run(inputs)
        group.clear()

    for path in paths:
        if path.is_file() and is_jsonl(path):
            if group:
                print_group()
            _clean_jsonl_file(path, None, config, report, text_field, id_field, jobs)
        else:
            group.append(path)
    if group:
        print_group()


def _clean_jsonl_file(
    path: Path, out: Path | None, config: Config, report: Report, text_field: str, id_field: str, jobs: int = 1
) -> None:
    """Stream one JSONL file (plain, .gz or .zst) into ``out`` under the same name, or to stdout."""
    from cleaner.compress import MissingCodec, atomic_open_write, open_read
    from cleaner.io import sweep_temporaries
    from cleaner.stream import clean_jsonl

    try:
        with open_read(path) as source:
            if out is None:
                clean_jsonl(source, sys.stdout, config, report, text_field, id_field, name=str(path), jobs=jobs)
                return
            sweep_temporaries(out)
            with atomic_open_write(out / path.name) as sink:
                clean_jsonl(source, sink, config, report, text_field, id_field, name=str(path), jobs=jobs)
    except (OSError, MissingCodec, EOFError) as exc:
        report.failed(str(path), str(exc))


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="An article to explain (- for standard input).")],
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    spin: SpinOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Show every edit cleaning FILE makes, grouped by stage."""
    from cleaner.explain import explain_text
    from cleaner.stages.decode import BinaryInput, decode

    try:
        config = build_config(config_file, select=select, ignore=ignore, spin=spin)
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
        text, _encoding = decode(data)
    except (ConfigError, RuleFileError) as exc:
        raise fail(str(exc)) from None
    except (OSError, BinaryInput) as exc:
        print(f"error: {file}: {exc}", file=sys.stderr)
        raise typer.Exit(3) from None
    sys.stdout.write(explain_text(text, config, str(file)))


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code (or prefix) to explain.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print README's rule table.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """List every rule, or explain the rules whose code starts with CODE."""
    from cleaner.explain import describe_rule, markdown_rule_table, rule_table
    from cleaner.rules import all_rules

    try:
        config = build_config(config_file)
        known = all_rules(config.dictionaries)
    except (ConfigError, RuleFileError) as exc:
        raise fail(str(exc)) from None
    if markdown:
        sys.stdout.write(markdown_rule_table(known))
        return
    if code is None:
        sys.stdout.write(rule_table(known))
        return
    chosen = [rule for rule in known if rule.code.startswith(code.upper())]
    if not chosen:
        raise fail(f"no rule code starts with {code!r}; `cleaner rules` lists them")
    if len(chosen) > 1:
        sys.stdout.write(rule_table(chosen))
        return
    sys.stdout.write(describe_rule(chosen[0]))


def _register_subcommands() -> None:
    from cleaner.cli_dict import dict_app

    app.add_typer(dict_app, name="dict")


_register_subcommands()


def main() -> None:
    """Entry point of the ``cleaner`` console script."""
    app()
