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

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cleaner import formats, pipeline
from cleaner.config import Config, override
from cleaner.frontmatter import KEYS, metadata_values
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
          metadata: Mapping[str, Any] | None = None, **options: Any) -> Result:
    """Clean one article given as text or raw bytes.

    ``metadata`` is what the caller knows already (a feed's title, its authors):
    its article keys are kept, and what the stages lift only adds to them, as
    with front matter or a JSONL record's ``metadata``. ``options`` override
    fields of ``config`` by name, e.g. ``clean(text, spin="never")``.
    """
    config = override(config or Config(), **options)
    if isinstance(text, bytes):
        text, _encoding = decode(text)
    doc = Document.from_text(text, source=source)
    if metadata:
        doc = doc.with_metadata(**_known(metadata))
    return Result(pipeline.run(doc, config))


def _known(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Return the article metadata a caller gave, or raise on keys no article metadata has.

    Example: {"title": "Kim visits Beijing", "author": "Jane Roe"} gives {"title": …,
    "authors": ["Jane Roe"]}; {"url": …} raises, naming the keys cleaner knows.
    """
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping of metadata keys to values, not {type(metadata).__name__}")
    unknown = sorted(str(key) for key in metadata if key not in KEYS)
    if unknown:
        raise ValueError(f"unknown metadata key(s) {unknown}; known: {sorted(KEYS)}")
    return metadata_values(dict(metadata))
