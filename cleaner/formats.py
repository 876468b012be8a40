"""Render a cleaned document in the output formats of DESIGN.md: txt, md, jsonl.

All three are pure functions of the document, so the same input gives the same
bytes on any machine and under any ``--jobs``.
"""

from __future__ import annotations

import json
from typing import Any

from cleaner.model import Document
from cleaner.stages.layout import HEADING_MARK

#: Front matter key order: stable, so diffs of output/ stay readable.
METADATA_ORDER = ("title", "description", "authors", "publisher", "dateline", "tags",
                  "categories", "copyright", "contributors", "source")


def paragraphs(doc: Document) -> list[str]:
    """The body's paragraphs in order, headings with their md marker."""
    return [line for line in doc.lines if line.strip()]


def _plain(paragraph: str) -> str:
    return paragraph[len(HEADING_MARK):] if paragraph.startswith(HEADING_MARK) else paragraph


def to_txt(doc: Document) -> str:
    """Body only: one paragraph per line, one blank line between, trailing newline."""
    body = "\n\n".join(_plain(p) for p in paragraphs(doc))
    return body + "\n" if body else ""


def ordered_metadata(doc: Document) -> dict[str, Any]:
    """Metadata in the documented key order, empty values left out, source last."""
    data = {**doc.metadata, "source": doc.source}
    ordered = {key: data[key] for key in METADATA_ORDER if data.get(key)}
    return ordered


def _yaml_scalar(value: Any) -> str:
    """Quote a value as a JSON string, which YAML reads back exactly (YAML 1.2 ⊃ JSON).

    Characters a YAML stream may not hold raw (C1 controls, DEL, noncharacters) are
    escaped too, or a reader (cleaner's own, reading its md output back) would reject
    the whole block.
    """
    return json.dumps(str(value), ensure_ascii=False).translate(YAML_ESCAPES)


def front_matter(metadata: dict[str, Any]) -> str:
    """YAML front matter lines: every string double-quoted, lists one item per line.

    Quoting everything keeps the output exact for titles with colons, quotes or
    leading symbols ("ALSO READ: …", "© 2025 Bloomberg") without a YAML library
    on the write path.
    """
    lines = []
    for key, value in metadata.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"- {_yaml_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    return "".join(line + "\n" for line in lines)


def to_md(doc: Document) -> str:
    """YAML front matter then the body, headings as ``## Heading``."""
    front = front_matter(ordered_metadata(doc))
    body = "\n\n".join(paragraphs(doc))
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def to_record(doc: Document, record_id: str) -> dict[str, Any]:
    """The jsonl record: id, source, title, text, metadata, spin, edits (and metadata_edits).

    ``edits`` holds only edits of the text's lines, so replaying them on the input
    gives the output as the contract says; repairs of metadata values (a spun
    headline) go under ``metadata_edits``, present only when there are some.
    """
    record = {
        "id": record_id,
        "source": doc.source,
        "title": doc.metadata.get("title"),
        "text": to_txt(doc),
        "metadata": ordered_metadata(doc),
        "spin": doc.spin.to_dict(),
        "edits": [edit.to_dict() for edit in doc.edits if edit.field is None],
    }
    field_edits = [edit.to_dict() for edit in doc.edits if edit.field is not None]
    if field_edits:
        record["metadata_edits"] = field_edits
    return record


#: Characters that some line readers (Python's str.splitlines, JavaScript) treat as line
#: breaks: escaped in JSON output so one record is always one line for every reader.
LINE_BREAKING = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
#: What YAML 1.1 and 1.2 forbid in a stream, beyond the C0 controls JSON escapes already, and
#: the line breaks above: a front matter value is one line too.
YAML_ESCAPES = {**LINE_BREAKING, **{code: f"\\u{code:04x}" for code in
                                    [0x7F, *range(0x80, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF]}}


def json_line(record: dict[str, Any]) -> str:
    """Serialize a record as one JSON line (with its newline), UTF-8 kept readable."""
    return json.dumps(record, ensure_ascii=False).translate(LINE_BREAKING) + "\n"


def to_jsonl_line(doc: Document, record_id: str) -> str:
    """One jsonl line (with its newline), keys in contract order."""
    return json_line(to_record(doc, record_id))


RENDERERS = {"txt": to_txt, "md": to_md}
