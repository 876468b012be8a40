"""layout: one paragraph per line, broken lines joined, repeats folded, headings marked.

Headings are marked in the text itself with a ``"## "`` prefix (an L201 edit),
so the decision is visible in ``cleaner explain`` and replayable like any other
edit; the txt and jsonl formats print the heading without the marker.

It must never reword: it only removes line breaks, blank lines and exact
repeats, and adds heading markers.
"""

from __future__ import annotations

import functools
from pathlib import Path

from cleaner.config import Config
from cleaner.lineshape import breaks_mid_sentence, is_heading, is_prose, word_count
from cleaner.model import LINE_BREAK, Document, Edit
from cleaner.rules import Rule, dictionaries_dir, enabled_codes, load_rule_file

STAGE = "layout"
HEADING_MARK = "## "
#: Repeated paragraphs shorter than this are kept: short lines recur legitimately.
MIN_REPEAT_WORDS = 6


def rules(dictionaries: str | None = None) -> list[Rule]:
    """The layout stage's rule records."""
    return _rules(str(dictionaries_dir(dictionaries)))


@functools.cache
def _rules(folder: str) -> list[Rule]:
    return load_rule_file(Path(folder) / "layout.yaml", frozenset())


def run(doc: Document, config: Config) -> Document:
    """Lay the document out as paragraphs; see the module docstring."""
    enabled = enabled_codes(config, STAGE)
    drop_blank, join, fold = "L101" in enabled, "L102" in enabled, "L103" in enabled
    lines = doc.lines
    edits: list[Edit] = []
    paragraphs: list[list[int]] = []
    after_blank = True
    previous_line = None
    for index, line in enumerate(lines):
        if not line or line.isspace():
            if drop_blank:
                edits.append(Edit(STAGE, "L101", index + 1, line, None))
                after_blank = True
            else:
                paragraphs.append([index])
            continue
        if fold and line == previous_line:
            # A line printed twice in a row (headline, caption) is a scrape artifact; it is
            # dropped before joining so a second run sees the same paragraphs.
            edits.append(Edit(STAGE, "L103", index + 1, line, None))
            continue
        previous_line = line
        previous = paragraphs[-1] if paragraphs and not after_blank else None
        if (
            join
            and previous is not None
            and lines[previous[-1]].strip()
            and breaks_mid_sentence(lines[previous[-1]], line)
        ):
            previous.append(index)
        else:
            paragraphs.append([index])
        after_blank = False
    seen: set[str] = set()
    kept: list[list[int]] = []
    last_text = None
    for paragraph in paragraphs:
        text = lines[paragraph[0]] if len(paragraph) == 1 else " ".join(lines[i] for i in paragraph)
        # A paragraph repeating the one just kept is folded whatever its length; repeats
        # further away only when prose-length: a short line such as "Q." may recur.
        repeat = text == last_text or (text in seen and word_count(text) >= MIN_REPEAT_WORDS)
        if fold and repeat and text.strip():
            edits.extend(Edit(STAGE, "L103", i + 1, lines[i], None) for i in paragraph)
            continue
        seen.add(text)
        last_text = text if text.strip() else last_text
        kept.append(paragraph)
        edits.extend(
            Edit(STAGE, "L102", i + 1, LINE_BREAK, " ", col=len(lines[i])) for i in paragraph[:-1]
        )
    if "L201" in enabled:
        for position, paragraph in enumerate(kept):
            if 0 < position < len(kept) - 1 and len(paragraph) == 1:
                line = lines[paragraph[0]]
                if line.startswith(HEADING_MARK) or not is_heading(line):
                    continue
                if is_prose(" ".join(lines[i] for i in kept[position + 1])):
                    edits.append(Edit(STAGE, "L201", paragraph[0] + 1, "", HEADING_MARK, col=0))
    return doc.with_edits(edits)
