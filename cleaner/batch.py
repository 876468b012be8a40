"""Run the pipeline over many inputs, in parallel, with results in input order.

Workers read, decode, clean and render chunks of inputs. With ``--jobs`` above
one they also compare and write md and txt outputs, each its own file, and send
back only whether it changed; everything else (JSONL, ``--check``, ``--diff``,
standard output, Dask, two inputs that map to one output) is written by the
parent in input order. The parent alone counts, so the outputs and the report
never depend on ``--jobs``. A file that fails (bad bytes, a rule timeout, a
dying worker) is that file's failure; the batch goes on.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import hashlib
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from cleaner import formats, pipeline
from cleaner.config import Config
from cleaner.io import (
    JSONL_NAME,
    InputFile,
    atomic_write,
    output_name,
    read_existing,
    sweep_temporaries,
    temporary_path,
)
from cleaner.model import Document
from cleaner.report import Report, edit_counts
from cleaner.stages.decode import BinaryInput, decode

T = TypeVar("T")


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
    #: Set when the worker wrote the output itself: whether the file changed.
    changed: bool | None = None


def record_id(relative: str) -> str:
    """The jsonl id of an input: its relative path without the suffix."""
    return relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative


#: One input for a worker: path, path relative to its folder, configuration, and the output
#: file the worker writes itself (None: it sends the rendered text back instead).
Item = tuple[str, str, Config, str | None]


def clean_one(item: Item) -> Outcome:
    """Read, decode, clean and render one file, and write it when the item names a target (in a worker)."""
    return clean_chunk([item])[0]


def clean_chunk(items: list[Item]) -> list[Outcome]:
    """``clean_one`` for several items, the pipeline run stage by stage across them (``pipeline.run_many``).

    Every item fails or succeeds on its own: a file that cannot be read or
    decoded, or whose cleaning raises, is that file's outcome.
    """
    outcomes: list[Outcome | None] = [None] * len(items)
    docs: list[Document] = []
    placed: list[tuple[int, int]] = []  # (item index, input size) of each document in ``docs``
    for index, (path, _relative, _config, _target) in enumerate(items):
        try:
            data = Path(path).read_bytes()
            text, _encoding = decode(data)
        except OSError as exc:
            outcomes[index] = Outcome(path, error=f"cannot read: {exc.strerror or exc}")
            continue
        except BinaryInput as exc:
            outcomes[index] = Outcome(path, error=f"skipped: {exc}")
            continue
        except Exception as exc:  # reported as this file's failure
            outcomes[index] = Outcome(path, error=f"{type(exc).__name__}: {exc}")
            continue
        docs.append(Document.from_text(text, source=path))
        placed.append((index, len(data)))
    if docs:
        cleaned = pipeline.run_many(docs, items[0][2])  # a batch shares one configuration
        for (index, size), result in zip(placed, cleaned, strict=True):
            try:
                outcomes[index] = _finish(items[index], result, size)
            except Exception as exc:  # reported as this file's failure, never the chunk's
                outcomes[index] = Outcome(items[index][0], error=f"{type(exc).__name__}: {exc}")
    return [outcome for outcome in outcomes if outcome is not None]


def clean_bytes(data: bytes, source: str, relative: str, config: Config) -> Outcome:
    """Decode, clean and render raw bytes into an Outcome; never raises."""
    try:
        text, _encoding = decode(data)
    except BinaryInput as exc:
        return Outcome(source, error=f"skipped: {exc}")
    except Exception as exc:  # reported as this input's failure
        return Outcome(source, error=f"{type(exc).__name__}: {exc}")
    result = pipeline.run_many([Document.from_text(text, source=source)], config)[0]
    return _finish((source, relative, config, None), result, len(data))


def _finish(item: Item, result: Document | Exception, size: int) -> Outcome:
    """Render a cleaned document (or report its failure), writing it when the item names a target."""
    source, relative, config, target = item
    if isinstance(result, TimeoutError):
        return Outcome(source, error=f"a rule timed out ({result}); report the input")
    if isinstance(result, Exception):
        return Outcome(source, error=f"{type(result).__name__}: {result}")
    try:
        if config.format == "jsonl":
            rendered = formats.to_jsonl_line(result, record_id(relative))
        else:
            rendered = formats.RENDERERS[config.format](result)
    except Exception as exc:
        return Outcome(source, error=f"{type(exc).__name__}: {exc}")
    rule_counts, stage_counts = edit_counts(result)
    outcome = Outcome(source, rendered=rendered, bytes_in=size, spun=result.spin.spun,
                      rule_counts=rule_counts, stage_counts=stage_counts)
    if target is None:
        return outcome
    try:
        changed = write_if_changed(Path(target), rendered.encode("utf-8"))
    except OSError as exc:
        return replace(outcome, rendered=None, error=f"cannot write: {exc.strerror or exc}", source=target)
    return replace(outcome, rendered=None, changed=changed)


def write_if_changed(target: Path, new: bytes) -> bool:
    """Write ``new`` to ``target`` atomically unless it already holds it; return whether it changed."""
    if read_existing(target) == new:
        return False
    atomic_write(target, new)
    return True


#: Documents cleaned together, stage by stage: big enough to keep a stage's data in the CPU
#: caches across documents, small enough that a worker holds little (64 articles' bytes and
#: text at once) and reports often.
CHUNK = 64


def outcomes(items: list[Item], jobs: int) -> Iterator[Outcome]:
    """Clean items in input order, in chunks, in a process pool when jobs > 1."""
    size = CHUNK if jobs <= 1 else max(1, min(CHUNK, len(items) // (jobs * 4)))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    if jobs <= 1 or len(items) <= 1:
        for chunk in chunks:
            yield from clean_chunk(chunk)
        return
    pipeline.warm(items[0][2])
    futures: list[Future[list[Outcome]]] = []
    position = 0  # the chunk whose outcomes come next
    delivered = 0  # how many of that chunk's outcomes were handed on
    pool = worker_pool(jobs)
    try:
        with interrupts_held():  # the first submit forks the workers
            for chunk in chunks:  # one at a time: an interrupt mid-loop keeps those submitted
                futures.append(pool.submit(clean_chunk, chunk))
        for future in futures:
            for outcome in future.result():
                delivered += 1  # counted before the yield: Ctrl-C thrown in there means it was handed on
                yield outcome
            position, delivered = position + 1, 0
    except KeyboardInterrupt:
        # Ctrl-C, here or thrown in by the caller (Batch.run): chunks not started are dropped,
        # running ones finish, and every outcome finished is still handed on, so the report
        # counts every file the workers wrote.
        pool.shutdown(wait=True, cancel_futures=True)
        for offset, future in enumerate(futures[position:]):
            if _finished(future):
                yield from future.result()[delivered if offset == 0 else 0:]
        raise
    except BrokenProcessPool:
        # A worker died (killed, out of memory, a crash in native code). Chunks that finished
        # keep their outcomes (their files are written); the items of the others are redone one
        # at a time, each in a fresh one-worker pool, so only the input that kills its worker
        # fails, with a message, and this process never runs it itself.
        for chunk, future in zip(chunks[position:], futures[position:], strict=True):
            if _finished(future):
                yield from future.result()
            else:
                for item in chunk:
                    yield _isolated(item)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(future: Future[list[Outcome]]) -> bool:
    """Say whether a chunk's worker finished it: its files are written and its outcomes are to be counted."""
    return future.done() and not future.cancelled() and future.exception() is None


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers leave Ctrl-C to this process.

    A terminal sends SIGINT to the whole process group. A worker that took it
    while waiting for work died with a traceback; now only this process stops
    the batch: it drops the chunks not started, lets the running ones finish
    (their files are written whole and counted) and reports the interruption.
    """
    return ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_the_parent)


def _leave_interrupts_to_the_parent() -> None:
    """Ignore SIGINT in a worker (its pool's initializer): the parent decides what an interrupt stops.

    The worker was forked with SIGINT held (``interrupts_held``), so a Ctrl-C between
    the fork and this call waits, and is dropped here instead of killing the worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold SIGINT in this thread while workers are forked, so each starts with it held.

    Signal masks are per thread: another thread of this process (a progress bar's)
    may still take a Ctrl-C meanwhile, and the main thread then raises
    KeyboardInterrupt at once; callers keep what they submitted before it.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _isolated(item: Item) -> Outcome:
    """Clean one item in its own worker process; a dying worker fails only this item."""
    outcome = run_alone(clean_one, item)
    if outcome is None:
        return Outcome(item[0], error="the worker cleaning this file died (killed or crashed)")
    return outcome


def run_alone(function: Callable[..., T], *args: Any) -> T | None:
    """Run ``function(*args)`` in a one-worker process of its own; None if that worker dies.

    After a pool breaks, the inputs it held are redone this way, one at a time,
    so only the input that kills its worker fails and this process never runs it.
    """
    try:
        with worker_pool(1) as pool:
            return pool.submit(function, *args).result()
    except BrokenProcessPool:
        return None


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

    def _outcomes(self, items: list[Item]) -> Iterator[Outcome]:
        if self.engine == "dask":
            from cleaner.dask_engine import outcomes_on_dask

            return outcomes_on_dask(items, self.scheduler, max(1, self.jobs))
        return outcomes(items, self.jobs)

    def run(self, inputs: list[InputFile]) -> Report:
        """Clean every input, then write, check or diff the results."""
        self.report.check = self.mode in (WriteMode.CHECK, WriteMode.DIFF)
        per_file = self.config.format != "jsonl"  # jsonl: one articles.jsonl for the whole batch
        out = str(self.out)
        fmt = self.config.format
        # Strings, not Paths: naming 27,000 outputs with pathlib cost the parent a third of a
        # second before the first worker had anything to do.
        targets = [output_name(out, i.relative, fmt) for i in inputs] if per_file else [out] * len(inputs)
        # Local workers write md and txt outputs themselves, so the parent only counts: with
        # the parent writing every file, --jobs 2 gained 1.5x on 2 cores; writing in the
        # workers it gains more. JSONL (one file, in input order), --check, --diff, stdout and
        # Dask (workers on other machines) send the text back instead.
        workers_write = self.mode is WriteMode.WRITE and per_file and self.engine == "local" and self.jobs > 1
        if self.mode is WriteMode.WRITE:
            for folder in {out, *(os.path.dirname(target) for target in targets if per_file)}:
                sweep_temporaries(Path(folder))
        # Two inputs that map to one output file ("a.html", "a.txt" with --glob '*') are written by
        # the parent, in input order, so the last one wins whatever --jobs is.
        shared = {target for target, count in Counter(targets).items() if count > 1} if per_file else set()
        items: list[Item] = [(i.path, i.relative, self.config, t if workers_write and t not in shared else None)
                             for i, t in zip(inputs, targets, strict=True)]
        started = time.perf_counter()
        if self.mode is WriteMode.STDOUT:
            self._print(self._outcomes(items))
        elif self.config.format == "jsonl":
            self._jsonl(inputs, self._outcomes(items))
        else:
            results = self._outcomes(items)
            settled = 0
            try:
                for target, outcome in zip(targets, results, strict=False):
                    settled += 1
                    self._settle(outcome, target)
            except KeyboardInterrupt:
                self._settle_finished(results, targets[settled:])
                raise
        self.seconds = time.perf_counter() - started
        return self.report

    def _tick(self) -> None:
        if self.on_progress is not None:
            self.on_progress()

    def _settle(self, outcome: Outcome, target: str) -> None:
        self._tick()
        if outcome.changed is not None:  # the worker wrote it
            changed = outcome.changed
        elif outcome.error is not None or outcome.rendered is None:
            self.report.failed(outcome.source, outcome.error or "no output")
            return
        else:
            try:
                changed = self._compare_and_write(Path(target), outcome.rendered.encode("utf-8"))
            except WriteFailed:
                return
        self.report.done(changed, outcome.bytes_in, outcome.rule_counts,
                         outcome.stage_counts, outcome.spun, source=outcome.source)

    def _settle_finished(self, results: Iterator[Outcome], targets: list[str]) -> None:
        """After Ctrl-C, count the outcomes the workers finished: they wrote those files.

        The interrupt is thrown into the engine, which stops what has not
        started and hands on what has finished, then raises it again.
        """
        throw = getattr(results, "throw", None)
        if throw is None:
            return
        remaining = iter(targets)
        try:
            outcome = throw(KeyboardInterrupt())
            while True:
                self._settle(outcome, next(remaining))
                outcome = next(results)
        except (KeyboardInterrupt, StopIteration):
            return

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
        """All records into one ``articles.jsonl``, in input order.

        Written, the records stream into a temporary file beside the target, so
        memory does not grow with the batch; the file replaces the target only if
        its bytes differ. ``--check`` and ``--diff`` compare in memory.
        """
        target = self.out / JSONL_NAME
        if self.mode is not WriteMode.WRITE:
            lines = [rendered for rendered in self._records(results)]
            try:
                if self._compare_and_write(target, "".join(lines).encode("utf-8")):
                    self.report.changed, self.report.unchanged = self.report.files, 0
            except WriteFailed:
                return
            return
        temporary = temporary_path(target)
        digest = hashlib.sha256()
        records = self._records(results)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "wb") as sink:
                for rendered in records:
                    data = rendered.encode("utf-8")
                    digest.update(data)
                    sink.write(data)
            if _sha256_of(target) == digest.digest():
                temporary.unlink()
                return
            os.replace(temporary, target)
        except OSError as exc:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            self.report.failed(str(target), f"cannot write: {exc.strerror or exc}")
            for _rendered in records:  # every input is still counted, and its own failure reported
                pass
            return
        self.report.changed, self.report.unchanged = self.report.files, 0

    def _records(self, results: Iterable[Outcome]) -> Iterator[str]:
        """The rendered records of the outcomes that succeeded, each counted as it passes."""
        for outcome in results:
            self._tick()
            if outcome.error is not None or outcome.rendered is None:
                self.report.failed(outcome.source, outcome.error or "no output")
                continue
            self.report.done(False, outcome.bytes_in, outcome.rule_counts,
                             outcome.stage_counts, outcome.spun, source=outcome.source)
            yield outcome.rendered

    def _compare_and_write(self, target: Path, new: bytes) -> bool:
        """Write (or check, or diff) one output; return whether it differs.

        A failed write (full disk, no permission) is that output's failure: the
        earlier version of the file stays as it was and the batch goes on.
        """
        try:
            old = read_existing(target)
        except OSError as exc:  # an output path that cannot be read (a symlink loop, no permission)
            self.report.failed(str(target), f"cannot read the existing output: {exc.strerror or exc}")
            raise WriteFailed from exc
        if old == new:
            return False
        if self.mode is WriteMode.WRITE:
            try:
                atomic_write(target, new)
            except OSError as exc:
                self.report.failed(str(target), f"cannot write: {exc.strerror or exc}")
                raise WriteFailed from exc
        elif self.mode is WriteMode.DIFF:
            sys.stdout.write(unified_diff(old, new, target))
        return True


def _sha256_of(path: Path) -> bytes | None:
    """The SHA-256 of a file's bytes, read in blocks, or None if there is no such file."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return digest.digest()


class WriteFailed(Exception):
    """An output could not be written; already reported, the input counts as failed."""


def unified_diff(old: bytes | None, new: bytes, target: Path) -> str:
    """A unified diff between an output file and its new content, without timestamps."""
    name = target.as_posix()
    before = (old or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    after = new.decode("utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
