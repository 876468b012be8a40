"""Front matter: the YAML block between two ``---`` lines that opens a Markdown article.

Static site generators (Jekyll, Hugo) and scrapers that save posts as Markdown
open each file with one, and so does ``cleaner clean --format md``. Read as
prose, its ``title: "…"`` lines would land in the body and a second run over
cleaner's own output would not be idempotent. The keys that name article
metadata (as those tools spell them) are lifted; the boilerplate stage drops
the whole block with rule B906, every line an edit.
"""

from __future__ import annotations

import re
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
#: Front matter keys are identifiers in lower case; "Update:" or "Editor's note:" opens prose.
KEY = re.compile(r"[a-z_][a-z0-9_-]*")
#: Every value as written: YAML 1.1 would read "title: No" as false and "3.10" as 3.1.
_Loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def front_matter(lines: Sequence[str]) -> tuple[int, dict[str, Any]] | None:
    """Return the index of the block's closing line and the metadata it names, or None if there is none.

    Example: ("---", 'title: "Kim visits Beijing"', "author: Jane Roe", "---", "Kim arrived …")
    gives (3, {"title": "Kim visits Beijing", "authors": ["Jane Roe"]}). A block must
    parse as a YAML mapping whose keys are all lower-case identifiers, one of them a
    metadata key or ``source`` (cleaner's own md output): a "---" rule over "Update: the
    vote was moved." is not front matter.
    """
    if not lines or lines[0].strip() != OPENING:
        return None
    end = next((index for index in range(1, min(len(lines), MAX_LINES)) if lines[index].strip() in CLOSINGS), None)
    if end is None:
        return None
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=_Loader)  # BaseLoader: strings, lists, mappings
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not all(isinstance(key, str) and KEY.fullmatch(key) for key in data):
        return None
    values = metadata_values(data)
    # cleaner's own md output always names its ``source``, even when nothing was lifted.
    return (end, values) if values or "source" in data else None


def metadata_values(data: dict[Any, Any]) -> dict[str, Any]:
    """Return the article metadata a mapping names, as metadata holds it (``source`` left out).

    Example: {"title": "Kim visits Beijing", "author": "Jane Roe", "layout": "post"} gives
    {"title": "Kim visits Beijing", "authors": ["Jane Roe"]}. Used for front matter and
    for the ``metadata`` of a JSONL record that an earlier run of cleaner wrote.
    """
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = KEYS.get(key) if isinstance(key, str) else None
        if name is not None and name not in values and (found := _value(name, value)):
            values[name] = found
    return values


def _value(name: str, value: object) -> str | list[str] | None:
    """Return a front matter value as metadata holds it: a string, or a list of strings for list keys.

    Example: ("authors", "Jane Roe") gives ["Jane Roe"]; ("authors", [{"name": "Jane Roe"}])
    gives ["Jane Roe"], the form some themes use; ("title", "") gives None.
    """
    if name in LIST_KEYS:
        items = value if isinstance(value, list) else [value]
        strings = [text for item in items if (text := _text(item))]
        return strings or None
    return _text(value)


def _text(value: object) -> str | None:
    """A value as one string: itself, or the ``name`` (or ``title``) of a mapping; None if empty."""
    if isinstance(value, dict):
        value = value.get("name", value.get("title"))
    return value.strip() or None if isinstance(value, str) else None
