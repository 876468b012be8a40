"""A datatrove pipeline step that cleans each document's text.

Example (datatrove installed)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove_step import CleanerStep

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), CleanerStep(), JsonlWriter("out/")]).run()

The step stores the metadata and the spin verdict in ``doc.metadata`` and counts edits
per rule with datatrove's stats, so the per-rule totals add up across its workers.
"""

from __future__ import annotations

from typing import Any

from cleaner import formats, pipeline
from cleaner.config import Config


def _base() -> type:
    try:
        from datatrove.pipeline.base import PipelineStep
    except ImportError:
        return object
    return PipelineStep


class CleanerStep(_base()):  # type: ignore[misc]
    """Clean ``doc.text`` in place; drop documents whose body is empty after cleaning."""

    name = "🧽 cleaner"
    type = "🔧 - FORMAT"

    def __init__(self, config: Config | None = None, drop_empty: bool = True) -> None:
        if _base() is not object:
            super().__init__()
        self.config = config or Config()
        self.drop_empty = drop_empty

    def clean_document(self, doc: Any) -> Any | None:
        """Clean one datatrove Document; return it, or None to drop it."""
        cleaned = pipeline.clean_text(doc.text, self.config, source=str(getattr(doc, "id", "-")))
        doc.text = formats.to_txt(cleaned)
        doc.metadata["cleaner"] = {"metadata": formats.ordered_metadata(cleaned), "spin": cleaned.spin.to_dict()}
        for edit in cleaned.edits:
            self._stat(f"rule_{edit.rule}")
        if self.drop_empty and not doc.text.strip():
            self._stat("dropped_empty")
            return None
        return doc

    def _stat(self, key: str) -> None:
        if hasattr(self, "stat_update"):
            self.stat_update(key)

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        """Yield the cleaned documents of ``data``."""
        for doc in data:
            cleaned = self.clean_document(doc)
            if cleaned is not None:
                yield cleaned
