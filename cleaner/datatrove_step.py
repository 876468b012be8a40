"""A datatrove pipeline step that cleans each document's text.

Example (``pip install 'cleaner[datatrove]'``: datatrove and orjson, which its JSONL
reader and writer need)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove_step import CleanerStep

    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), CleanerStep(), JsonlWriter("out/")],
                          logging_dir="logs/").run()

The cleaned body replaces ``doc.text``; the lifted metadata and the spin verdict go under
``doc.metadata["cleaner"]``. Counts follow datatrove's filters: ``total`` documents in,
``forwarded`` out, ``dropped`` and ``dropped_empty`` for bodies left empty (an article that
was all furniture), plus ``spun`` and one ``rule_CODE`` counter per rule code, so the
per-rule totals in ``logs/stats.json`` add up across tasks and workers. The step never
drops a document for any other reason, and never without counting it.
"""

from __future__ import annotations

from cleaner import formats, pipeline
from cleaner.config import Config

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - exercised only without datatrove
    raise ImportError("cleaner.datatrove_step needs datatrove: pip install 'cleaner[datatrove]'") from exc


class CleanerStep(PipelineStep):
    """Clean ``doc.text`` in place; drop (and count) documents whose body is empty after cleaning."""

    name = "🧽 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config | None = None, drop_empty: bool = True) -> None:
        super().__init__()
        self.config = config or Config()
        self.drop_empty = drop_empty

    def clean_document(self, doc: Document) -> Document | None:
        """Clean one Document in place; return it, or None when its body is empty and ``drop_empty``.

        Example: a document "ADVERTISEMENT\\nThe council voted on Tuesday…" comes back as
        "The council voted on Tuesday…\\n" with ``rule_B101`` counted once.
        """
        cleaned = pipeline.clean_text(doc.text, self.config, source=str(doc.id))
        doc.text = formats.to_txt(cleaned)
        doc.metadata["cleaner"] = {"metadata": formats.ordered_metadata(cleaned), "spin": cleaned.spin.to_dict()}
        for edit in cleaned.edits:
            self.stat_update(f"rule_{edit.rule}")
        if cleaned.spin.spun:
            self.stat_update("spun")
        if self.drop_empty and not doc.text.strip():
            self.stat_update(StatHints.dropped, "dropped_empty")
            return None
        return doc

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Yield the cleaned documents of ``data``, in order."""
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                cleaned = self.clean_document(doc)
            if cleaned is not None:
                self.stat_update(StatHints.forwarded)
                yield cleaned
