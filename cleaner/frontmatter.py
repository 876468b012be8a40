"""Front matter: the YAML block between two ``---`` lines that opens a Markdown article.

Static site generators (Jekyll, Hugo) and scrapers that save posts as Markdown
open each file with one, and so does ``cleaner clean --format md``. Read as
prose, its ``title: "…"`` lines would land in the body and a second run over
cleaner's own output would not be idempotent. The keys that name article
metadata (as those tools spell them) are lifted; the boilerplate stage drops
the whole block with rule B906, every line an edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import yaml

#: A block longer than this is not front matter but a document that happens to start with "---".
MAX_LINES = 200
OPENING = "---"
CLOSINGS = frozenset({"---", "..."})
#: Front matter keys, lowercased, and the metadata key each names.
KEYS = {
    "title": "title",
    "description": "description",
    "summary": "description",
    "author": "authors",
    "authors": "authors",
    "publisher": "publisher",
    "dateline": "dateline",
    "tags": "tags",
    "categories": "categories",
    "category": "categories",
    "copyright": "copyright",
    "contributors": "contributors",
}
LIST_KEYS = frozenset({"authors", "tags", "categories", "contributors"})
SCALARS = (str, int, float, datetime.date)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(lines: Sequence[str]) -> tuple[int, dict[str, Any]] | None:
    """Return the index of the block's closing line and the metadata it names, or None if there is none.

    Example: ("---", 'title: "Kim visits Beijing"', "author: Jane Roe", "---", "Kim arrived …")
    gives (3, {"title": "Kim visits Beijing", "authors": ["Jane Roe"]}). A block must
    parse as a YAML mapping and name at least one metadata key: a "---" rule over
    "Note: this story was updated" is not front matter.
    """
    if not lines or lines[0].strip() != OPENING:
        return None
    end = next((index for index in range(1, min(len(lines), MAX_LINES)) if lines[index].strip() in CLOSINGS), None)
    if end is None:
        return None
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=_Loader)  # a safe loader: no Python objects
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = KEYS.get(str(key).lower())
        if name is not None and name not in values and (found := _value(name, value)):
            values[name] = found
    return (end, values) if values else None


def _value(name: str, value: object) -> str | list[str] | None:
    """A front matter value as metadata holds it: a string, or a list of strings for list keys."""
    if name in LIST_KEYS:
        items = value if isinstance(value, list) else [value]
        strings = [str(item).strip() for item in items if isinstance(item, SCALARS) and str(item).strip()]
        return strings or None
    if isinstance(value, SCALARS) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None
