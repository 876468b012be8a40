"""Run the pipeline over many inputs, in parallel, with results in input order.

Workers read, decode, clean and render; the parent alone compares, writes and
counts, so output order and the report never depend on ``--jobs``. A file that
fails (bad bytes, a rule timeout, a dying worker) is that file's failure; the
batch goes on.
"""

from __future__ import annotations

import difflib
import enum
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from cleaner import formats, pipeline
from cleaner.config import Config
from cleaner.io import JSONL_NAME, InputFile, atomic_write, output_path, read_existing, sweep_temporaries
from cleaner.report import Report, edit_counts
from cleaner.stages.decode import BinaryInput, decode


class WriteMode(enum.Enum):
    """What to do with results, built once from --check and --diff (as black does)."""

    WRITE = "write"
    CHECK = "check"
    DIFF = "diff"
    #: ``--out -``: every output printed to standard output, in input order, as it is done.
    STDOUT = "stdout"

    @classmethod
    def from_flags(cls, check: bool, diff: bool) -> WriteMode:
        if diff:
            return cls.DIFF
        return cls.CHECK if check else cls.WRITE


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker made of one input: the rendered output, or why it failed."""

    source: str
    rendered: str | None = None
    error: str | None = None
    bytes_in: int = 0
    spun: bool = False
    rule_counts: dict[str, int] = field(default_factory=dict)
    stage_counts: dict[str, int] = field(default_factory=dict)


def record_id(relative: str) -> str:
    """The jsonl id of an input: its relative path without the suffix."""
    return relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative


def clean_one(item: tuple[str, str, Config]) -> Outcome:
    """Read, decode, clean and render one file (runs in a worker)."""
    path, relative, config = item
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Outcome(path, error=f"cannot read: {exc.strerror or exc}")
    return clean_bytes(data, path, relative, config)


def clean_bytes(data: bytes, source: str, relative: str, config: Config) -> Outcome:
    """Decode, clean and render raw bytes into an Outcome; never raises."""
    try:
        text, _encoding = decode(data)
        doc = pipeline.clean_text(text, config, source=source)
        if config.format == "jsonl":
            rendered = formats.to_jsonl_line(doc, record_id(relative))
        else:
            rendered = formats.RENDERERS[config.format](doc)
    except BinaryInput as exc:
        return Outcome(source, error=f"skipped: {exc}")
    except TimeoutError as exc:
        return Outcome(source, error=f"a rule timed out ({exc}); report the input")
    except Exception as exc:
        return Outcome(source, error=f"{type(exc).__name__}: {exc}")
    rule_counts, stage_counts = edit_counts(doc)
    return Outcome(source, rendered=rendered, bytes_in=len(data), spun=doc.spin.spun,
                   rule_counts=rule_counts, stage_counts=stage_counts)


def outcomes(items: list[tuple[str, str, Config]], jobs: int) -> Iterator[Outcome]:
    """Clean items in input order, in a process pool when jobs > 1."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(clean_one, items)
        return
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for outcome in pool.map(clean_one, items, chunksize=chunk):
                done += 1
                yield outcome
    except BrokenProcessPool:
        # A worker died (killed, out of memory, a crash in native code). Redo the rest one
        # at a time, each in a fresh one-worker pool, so only the input that kills its
        # worker fails, with a message, and this process never runs it itself.
        for item in items[done:]:
            yield _isolated(item)


def _isolated(item: tuple[str, str, Config]) -> Outcome:
    """Clean one item in its own worker process; a dying worker fails only this item."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(clean_one, item).result()
    except BrokenProcessPool:
        return Outcome(item[0], error="the worker cleaning this file died (killed or crashed)")


@dataclass
class Batch:
    """One run of ``cleaner clean`` over files into an output folder."""

    config: Config
    out: Path
    mode: WriteMode = WriteMode.WRITE
    jobs: int = 1
    report: Report = field(default_factory=Report)
    on_progress: Callable[[], None] | None = None
    #: "local" (a process pool of ``jobs``) or "dask" (a Dask cluster, local unless ``scheduler``).
    engine: str = "local"
    scheduler: str | None = None
    #: Output folders already cleared of a killed run's temporary files.
    _swept: set[Path] = field(default_factory=set, init=False, repr=False)

    def _outcomes(self, items: list[tuple[str, str, Config]]) -> Iterator[Outcome]:
        if self.engine == "dask":
            from cleaner.dask_engine import outcomes_on_dask

            return outcomes_on_dask(items, self.scheduler, max(1, self.jobs))
        return outcomes(items, self.jobs)

    def run(self, inputs: list[InputFile]) -> Report:
        """Clean every input, then write, check or diff the results."""
        self.report.check = self.mode in (WriteMode.CHECK, WriteMode.DIFF)
        if self.mode is WriteMode.WRITE:
            self._swept.add(self.out)
            sweep_temporaries(self.out)
        items = [(str(i.path), i.relative.as_posix(), self.config) for i in inputs]
        started = time.perf_counter()
        if self.mode is WriteMode.STDOUT:
            self._print(self._outcomes(items))
        elif self.config.format == "jsonl":
            self._jsonl(inputs, self._outcomes(items))
        else:
            for item, outcome in zip(inputs, self._outcomes(items), strict=False):
                self._settle(outcome, output_path(self.out, item.relative, self.config.format))
        self.seconds = time.perf_counter() - started
        return self.report

    def _tick(self) -> None:
        if self.on_progress is not None:
            self.on_progress()

    def _settle(self, outcome: Outcome, target: Path) -> None:
        self._tick()
        if outcome.error is not None or outcome.rendered is None:
            self.report.failed(outcome.source, outcome.error or "no output")
            return
        new = outcome.rendered.encode("utf-8")
        try:
            changed = self._compare_and_write(target, new)
        except WriteFailed:
            return
        self.report.done(changed, outcome.bytes_in, outcome.rule_counts,
                         outcome.stage_counts, outcome.spun, source=outcome.source)

    def _print(self, results: Iterable[Outcome]) -> None:
        """Write each output to standard output as it comes (jsonl: one record per line)."""
        for outcome in results:
            self._tick()
            if outcome.error is not None or outcome.rendered is None:
                self.report.failed(outcome.source, outcome.error or "no output")
                continue
            sys.stdout.write(outcome.rendered)
            sys.stdout.flush()
            self.report.done(True, outcome.bytes_in, outcome.rule_counts,
                             outcome.stage_counts, outcome.spun, source=outcome.source)

    def _jsonl(self, inputs: list[InputFile], results: Iterable[Outcome]) -> None:
        lines = []
        for outcome in results:
            self._tick()
            if outcome.error is not None or outcome.rendered is None:
                self.report.failed(outcome.source, outcome.error or "no output")
                continue
            lines.append(outcome.rendered)
            self.report.done(False, outcome.bytes_in, outcome.rule_counts,
                             outcome.stage_counts, outcome.spun, source=outcome.source)
        target = self.out / JSONL_NAME
        try:
            if self._compare_and_write(target, "".join(lines).encode("utf-8")):
                self.report.changed, self.report.unchanged = self.report.files, 0
        except WriteFailed:
            return

    def _compare_and_write(self, target: Path, new: bytes) -> bool:
        """Write (or check, or diff) one output; return whether it differs.

        A failed write (full disk, no permission) is that output's failure: the
        earlier version of the file stays as it was and the batch goes on.
        """
        old = read_existing(target)
        if old == new:
            return False
        if self.mode is WriteMode.WRITE:
            if target.parent not in self._swept:  # once per folder written into
                self._swept.add(target.parent)
                sweep_temporaries(target.parent)
            try:
                atomic_write(target, new)
            except OSError as exc:
                self.report.failed(str(target), f"cannot write: {exc.strerror or exc}")
                raise WriteFailed from exc
        elif self.mode is WriteMode.DIFF:
            sys.stdout.write(unified_diff(old, new, target))
        return True


class WriteFailed(Exception):
    """An output could not be written; already reported, the input counts as failed."""


def unified_diff(old: bytes | None, new: bytes, target: Path) -> str:
    """A unified diff between an output file and its new content, without timestamps."""
    name = target.as_posix()
    before = (old or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    after = new.decode("utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
