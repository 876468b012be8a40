"""Open JSONL streams by suffix: ``.gz`` (gzip), ``.zst`` (zstandard, optional), else plain.

Writing goes through a temporary file and a rename, as every output does.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cleaner.io import temporary_path

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")


class MissingCodec(RuntimeError):
    """A ``.zst`` file without the zstandard package installed."""


def is_jsonl(path: Path) -> bool:
    """Say whether a path names a JSONL stream (plain or compressed)."""
    return path.name.endswith(JSONL_SUFFIXES)


def _zstandard(path: Path):
    try:
        import zstandard
    except ImportError as exc:
        raise MissingCodec(f"{path}: reading .zst needs the zstandard package: pip install 'cleaner[zstd]'") from exc
    return zstandard


def open_read(path: Path) -> IO[bytes]:
    """Open a JSONL file for reading bytes line by line, decompressing by suffix."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.name.endswith(".zst"):
        reader = _zstandard(path).ZstdDecompressor().stream_reader(path.open("rb"))
        return io.BufferedReader(reader)
    return path.open("rb")


@contextlib.contextmanager
def atomic_open_write(path: Path) -> Iterator[IO[str]]:
    """Yield a text stream that lands at ``path`` (compressed by suffix) only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(path)
    raw = temporary.open("wb")
    try:
        if path.name.endswith(".gz"):
            # mtime=0: the same records give the same bytes on any day.
            binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)
        elif path.name.endswith(".zst"):
            binary = _zstandard(path).ZstdCompressor().stream_writer(raw, closefd=False)
        else:
            binary = raw
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        yield text
        text.flush()
        if binary is not raw:
            binary.close()
        raw.close()
        os.replace(temporary, path)
    except BaseException:
        raw.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
