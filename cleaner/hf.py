"""Clean a Hugging Face ``datasets`` column with ``Dataset.map``.

Example::

    from datasets import load_dataset
    import cleaner.hf

    dataset = load_dataset("json", data_files="articles.jsonl", split="train")
    cleaned = dataset.map(cleaner.hf.clean_batch, batched=True, num_proc=4)
    cleaned[0]["text"], cleaned[0]["spun"], cleaned[0]["metadata"]

Each worker process loads the dictionaries once, on its first batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cleaner import formats, pipeline
from cleaner.config import Config

Batch = dict[str, list[Any]]


def make_clean_batch(text_column: str = "text", config: Config | None = None) -> Callable[[Batch], Batch]:
    """Return a batched map function that cleans ``text_column``.

    The cleaned body replaces the column; ``title``, ``metadata`` (a JSON string, so the
    column has one type), ``spin_score``, ``spun`` and ``edits`` (a count) are added.
    """
    settings = config or Config()

    def clean_batch(batch: Batch) -> Batch:
        out: Batch = {text_column: [], "title": [], "metadata": [], "spin_score": [], "spun": [], "edits": []}
        for text in batch[text_column]:
            doc = pipeline.clean_text(text or "", settings)
            out[text_column].append(formats.to_txt(doc))
            out["title"].append(doc.metadata.get("title", ""))
            out["metadata"].append(json.dumps(formats.ordered_metadata(doc), ensure_ascii=False))
            out["spin_score"].append(round(doc.spin.score, 2))
            out["spun"].append(doc.spin.spun)
            out["edits"].append(len(doc.edits))
        return out

    return clean_batch


#: The default map function: cleans the ``text`` column with the default configuration.
clean_batch = make_clean_batch()
