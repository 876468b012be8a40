"""Clean a Hugging Face ``datasets`` column with ``Dataset.map``.

Example (``pip install 'cleaner[hf]'``)::

    from datasets import load_dataset
    import cleaner.hf

    dataset = load_dataset("json", data_files="articles.jsonl", split="train")
    cleaned = dataset.map(cleaner.hf.clean_batch, batched=True, num_proc=4)
    cleaned[0]["text"], cleaned[0]["spun"], cleaned[0]["metadata"]

The cleaned body replaces the text column; ``title``, ``metadata`` (a JSON string, so the
column has one type whatever keys an article lifts), ``spin_score``, ``spun`` and
``edits`` (a count) are added; every other column passes through. Each worker process
loads the dictionaries once, on its first batch.

``datasets`` caches ``map`` results of file-backed datasets by a hash of the function,
which sees the configuration but not the dictionary files: after editing
``dictionaries/``, map with ``load_from_cache_file=False``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cleaner import formats, pipeline
from cleaner.config import Config

Batch = dict[str, list[Any]]


def make_clean_batch(text_column: str = "text", config: Config | None = None,
                     id_column: str = "id") -> Callable[[Batch], Batch]:
    """Return a batched map function that cleans ``text_column``.

    The ``id_column``, when the dataset has one, becomes the metadata's ``source``, as in
    the JSONL stream. A dataset that already has a ``title`` column keeps its value where
    the article lifts no headline of its own: a title is never replaced by an empty one.
    Example: ``dataset.map(make_clean_batch("body", Config(spin="never")), batched=True)``.
    """
    settings = config or Config()

    def clean_batch(batch: Batch) -> Batch:
        texts = batch[text_column]
        ids = batch.get(id_column) or [None] * len(texts)
        titles = batch.get("title") or [None] * len(texts)
        out: Batch = {text_column: [], "title": [], "metadata": [], "spin_score": [], "spun": [], "edits": []}
        for text, record_id, title in zip(texts, ids, titles, strict=True):
            doc = pipeline.clean_text(text or "", settings, source="-" if record_id is None else str(record_id))
            out[text_column].append(formats.to_txt(doc))
            out["title"].append(doc.metadata.get("title") or title or "")
            out["metadata"].append(json.dumps(formats.ordered_metadata(doc), ensure_ascii=False))
            out["spin_score"].append(round(doc.spin.score, 2))
            out["spun"].append(doc.spin.spun)
            out["edits"].append(len(doc.edits))
        return out

    return clean_batch


#: The default map function: cleans the ``text`` column with the default configuration.
clean_batch = make_clean_batch()
