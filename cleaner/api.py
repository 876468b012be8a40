"""The Python API: ``from cleaner import clean``.

Example::

    >>> from cleaner import clean
    >>> result = clean("ADVERTISEMENT\\nKim arrived in Beijing on Tuesday, state media said.\\n")
    >>> result.text
    'Kim arrived in Beijing on Tuesday, state media said.\\n'
    >>> [edit.rule for edit in result.edits]
    ['B101']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cleaner import formats, pipeline
from cleaner.config import Config, override
from cleaner.model import Document, Edit, SpinVerdict
from cleaner.stages.decode import decode


@dataclass(frozen=True, slots=True)
class Result:
    """A cleaned article: body text, metadata, spin verdict and every edit."""

    document: Document

    @property
    def text(self) -> str:
        """The body as in ``--format txt``."""
        return formats.to_txt(self.document)

    @property
    def metadata(self) -> dict[str, Any]:
        """The lifted metadata, in the documented key order."""
        return formats.ordered_metadata(self.document)

    @property
    def edits(self) -> tuple[Edit, ...]:
        return self.document.edits

    @property
    def spin(self) -> SpinVerdict:
        return self.document.spin

    def to_markdown(self) -> str:
        """The article as in ``--format md``."""
        return formats.to_md(self.document)

    def to_json(self, record_id: str | None = None) -> str:
        """The jsonl record (without the newline)."""
        record = formats.to_record(self.document, record_id or self.document.source)
        return formats.json_line(record).rstrip("\n")


def clean(text: str | bytes, config: Config | None = None, *, source: str = "-",
          **options: Any) -> Result:
    """Clean one article given as text or raw bytes.

    ``options`` override fields of ``config`` by name, e.g. ``clean(text, spin="never")``.
    """
    config = override(config or Config(), **options)
    if isinstance(text, bytes):
        text, _encoding = decode(text)
    return Result(pipeline.clean_text(text, config, source=source))
