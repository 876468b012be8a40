"""Standard input to standard output: plain text, or JSONL records streamed one by one.

Records are cleaned and written as they arrive, so memory does not grow with the
stream: the duplicate-id check remembers the last ``ID_WINDOW`` ids only (a set
of every id would grow by about 90 bytes a record, 23 MB over a 1 GB stream of
276,000 articles; ``benchmarks/stream_memory.py``). Repeats in a feed sit close
together (a page crawled twice in one run), and the window catches those.
Fields other than the text are passed through untouched under their own names. A
bad line is named by its line number on stderr and skipped; the good records are
still written.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import IO, Any

from cleaner import formats, pipeline
from cleaner.batch import interrupts_held, run_alone, worker_pool
from cleaner.config import Config
from cleaner.frontmatter import metadata_values
from cleaner.model import Document
from cleaner.report import Report, edit_counts
from cleaner.stages.decode import BinaryInput, decode

#: How many recent ids the duplicate-id check remembers (about 9 MB at most).
ID_WINDOW = 100_000


@dataclass(frozen=True, slots=True)
class Record:
    """One input record: its line number, id, text and the fields to pass through."""

    line: int
    id: str
    text: str
    extra: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line that is not a record: its line number and why."""

    line: int
    reason: str


def read_records(lines: Iterable[bytes], text_field: str, id_field: str) -> Iterator[Record | Rejected]:
    """Parse JSONL lines into records, and bad lines into rejections, in input order."""
    seen: set[str] = set()
    recent: deque[str] = deque()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(decode(raw)[0])
        except (json.JSONDecodeError, ValueError) as exc:
            yield Rejected(number, f"not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})")
            continue
        if not isinstance(value, dict):
            yield Rejected(number, f"a JSON {type(value).__name__}, not an object")
            continue
        text = value.get(text_field)
        if not isinstance(text, str):
            yield Rejected(number, f"field {text_field!r} is missing or not a string")
            continue
        record_id = str(value.get(id_field, number))
        if record_id in seen:
            yield Rejected(number, f"duplicate id {record_id!r}")
            continue
        seen.add(record_id)
        recent.append(record_id)
        if len(recent) > ID_WINDOW:
            seen.discard(recent.popleft())
        text = _without_lone_surrogates(text)
        extra = {k: v for k, v in value.items() if k not in (text_field, id_field)}
        yield Record(number, record_id, text, extra)


def clean_jsonl(source: IO[bytes], sink: IO[str], config: Config, report: Report,
                text_field: str = "text", id_field: str = "id", name: str = "<stdin>", jobs: int = 1) -> None:
    """Clean a JSONL stream into jsonl records on ``sink``; records and failures in input order.

    With one job each record is written as soon as it is cleaned. With more,
    records go to worker processes in chunks of ``CHUNK``, at most two chunks
    per worker in flight, so memory stays bounded; output then trails input by
    up to that window, which suits files and fast pipes rather than live feeds.
    """
    items = read_records(source, text_field, id_field)
    results = _cleaned(items, config) if jobs <= 1 else _cleaned_in_parallel(items, config, jobs)
    for item, cleaned in results:
        if isinstance(cleaned, str):
            report.failed(f"{name}:{item.line}", cleaned)
            continue
        assert isinstance(item, Record)
        data, rule_counts, stage_counts, spun = cleaned
        for key, value in item.extra.items():
            data.setdefault(key, value)
        sink.write(formats.json_line(data))
        report.done(True, len(item.text.encode("utf-8", errors="replace")), rule_counts, stage_counts,
                    spun, source=f"{name}#{item.id}")


#: What cleaning one record gives: its jsonl record, counts per rule and stage, and the spin
#: verdict; or the reason it failed.
Cleaned = tuple[dict[str, Any], dict[str, int], dict[str, int], bool] | str

#: Records sent to a worker at once in a parallel stream.
CHUNK = 64


def clean_records(texts: list[tuple[str, str, dict[str, Any]]], config: Config) -> list[Cleaned]:
    """Clean (id, text, metadata) records, stage by stage across them (in a worker for parallel streams).

    The metadata a record already carries (``prior_metadata``) is kept: what the
    stages lift adds to it and never replaces it.
    """
    docs = [Document.from_text(text, source=record_id).with_metadata(**prior) for record_id, text, prior in texts]
    cleaned: list[Cleaned] = []
    for (record_id, _text, _prior), doc in zip(texts, pipeline.run_many(docs, config), strict=True):
        if isinstance(doc, Exception):
            cleaned.append(f"{type(doc).__name__}: {doc}")
        else:
            cleaned.append((formats.to_record(doc, record_id), *edit_counts(doc), doc.spin.spun))
    return cleaned


def _cleaned(items: Iterable[Record | Rejected], config: Config) -> Iterator[tuple[Record | Rejected, Cleaned]]:
    for item in items:
        if isinstance(item, Rejected):
            yield item, item.reason
        else:
            yield item, clean_records([(item.id, item.text, prior_metadata(item.extra))], config)[0]


def _cleaned_in_parallel(
    items: Iterable[Record | Rejected], config: Config, jobs: int
) -> Iterator[tuple[Record | Rejected, Cleaned]]:
    """Clean records in a process pool, a bounded window of chunks in flight, results in order.

    Finished chunks at the head are written before more input is read. When a
    worker dies, the records of the chunks in flight are redone one at a time,
    each in its own one-worker process, so only the record that kills its worker
    fails, with a message; the stream goes on in a fresh pool.
    """
    chunks = _chunks(items, CHUNK)
    pending: deque[tuple[list[Record | Rejected], Future[list[Cleaned]] | None]] = deque()
    pipeline.warm(config)
    pool = worker_pool(jobs)
    try:
        while True:
            try:
                while len(pending) < 2 * jobs and not (pending and _done(pending[0][1])):
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    records = [(item.id, item.text, prior_metadata(item.extra)) for item in chunk
                               if isinstance(item, Record)]
                    with interrupts_held():  # a submit may fork the workers
                        future = pool.submit(clean_records, records, config) if records else None
                    pending.append((chunk, future))
                if not pending:
                    return
                chunk, future = pending.popleft()
                yield from zip(chunk, _in_order(chunk, future.result() if future is not None else []), strict=True)
            except BrokenProcessPool:
                lost = [chunk, *(waiting for waiting, _future in pending)]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = worker_pool(jobs)
                for chunk_lost in lost:
                    for item in chunk_lost:
                        yield item, item.reason if isinstance(item, Rejected) else _isolated(item, config)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def prior_metadata(extra: dict[str, Any]) -> dict[str, Any]:
    """Return the metadata a record of cleaner's own output carries: its ``metadata`` and ``title``.

    Example: {"title": "Kim visits Beijing", "metadata": {"authors": ["Jane Roe"]}, "edits":
    [], "spin": {...}} gives {"authors": ["Jane Roe"], "title": "Kim visits Beijing"}.
    Only a record cleaner wrote (one with ``edits`` and ``spin``) counts: re-cleaning
    ``articles.jsonl`` then keeps each title and author, while another dataset's
    ``title`` column passes through untouched as before. Lone surrogates are
    repaired as in the text.
    """
    if not ("edits" in extra and "spin" in extra):
        return {}
    found = metadata_values(extra["metadata"]) if isinstance(extra.get("metadata"), dict) else {}
    if isinstance(extra.get("title"), str) and extra["title"].strip():
        found.setdefault("title", extra["title"].strip())
    return {key: _repaired(value) for key, value in found.items()}


def _repaired(value: Any) -> Any:
    """A metadata value (text or a list of texts) with its lone surrogates replaced."""
    if isinstance(value, list):
        return [_repaired(item) for item in value]
    return _without_lone_surrogates(value)


def _without_lone_surrogates(text: str) -> str:
    """Replace each lone surrogate ("\\ud800"), which JSON may carry and no UTF-8 file can hold, with U+FFFD.

    As any UTF-16 decoder does: "Kim \\ud800 visits" gives "Kim \ufffd visits".
    """
    return text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")


def _done(future: Future[list[Cleaned]] | None) -> bool:
    return future is None or future.done()


def _in_order(chunk: list[Record | Rejected], cleaned: list[Cleaned]) -> list[Cleaned]:
    """Each item's result: a rejection's reason, or the next record's cleaning."""
    results = iter(cleaned)
    return [item.reason if isinstance(item, Rejected) else next(results) for item in chunk]


def _isolated(record: Record, config: Config) -> Cleaned:
    """Clean one record in its own worker process; a dying worker fails only this record."""
    cleaned = run_alone(clean_records, [(record.id, record.text, prior_metadata(record.extra))], config)
    return cleaned[0] if cleaned is not None else "the worker cleaning this record died (killed or crashed)"


def _chunks(records: Iterable[Record | Rejected], size: int) -> Iterator[list[Record | Rejected]]:
    chunk: list[Record | Rejected] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def clean_plain(data: bytes, sink: IO[str], config: Config, report: Report) -> None:
    """Clean one plain-text article from ``data`` in the configured format.

    Binary input or a failing rule is reported as the failure of ``-`` (exit
    3, nothing on stdout), never a traceback in the middle of a pipeline.
    """
    try:
        text, _encoding = decode(data)
        doc = pipeline.clean_text(text, config, source="-")
    except BinaryInput as exc:
        report.failed("-", f"skipped: {exc}")
        return
    except Exception as exc:
        report.failed("-", f"{type(exc).__name__}: {exc}")
        return
    if config.format == "jsonl":
        sink.write(formats.to_jsonl_line(doc, "-"))
    else:
        sink.write(formats.RENDERERS[config.format](doc))
    report.done(True, len(data), *edit_counts(doc), doc.spin.spun)


def looks_like_jsonl(head: bytes) -> bool:
    """Say whether a stream's first bytes start a JSON object."""
    return head.lstrip()[:1] == b"{"
