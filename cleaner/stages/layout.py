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

import regex

from cleaner.config import Config
from cleaner.model import LINE_BREAK, Document, Edit
from cleaner.rules import Rule, dictionaries_dir, enabled_codes, load_rule_file
from cleaner.stages.boilerplate import is_prose, is_title_like, word_count

STAGE = "layout"
HEADING_MARK = "## "
#: Headings in the seeds run to 8 words ("North Korea rebalances ties with Moscow and
#: Beijing"); past 14 a line without a stop is more likely a caption or a teaser.
MAX_HEADING_WORDS = 14
OPEN_END = regex.compile(r"[\p{L}\p{N},]$")
LOWER_START = regex.compile(r"\p{Ll}")


def rules(dictionaries: str | None = None) -> list[Rule]:
    """The layout stage's rule records."""
    return _rules(str(dictionaries_dir(dictionaries)))


@functools.cache
def _rules(folder: str) -> list[Rule]:
    return load_rule_file(Path(folder) / "layout.yaml", frozenset())


def breaks_mid_sentence(line: str, following: str) -> bool:
    """Say whether ``line`` stops mid-sentence and ``following`` carries on.

    Example: "commemorates China’s victory" + "over “Japanese aggression.”" is True.
    """
    return bool(OPEN_END.search(line)) and bool(LOWER_START.match(following))


def is_heading(text: str) -> bool:
    """Say whether a one-line paragraph reads as a section heading."""
    return is_title_like(text) and word_count(text) <= MAX_HEADING_WORDS


def run(doc: Document, config: Config) -> Document:
    """Lay the document out as paragraphs; see the module docstring."""
    enabled = enabled_codes(config, STAGE)
    lines = doc.lines
    edits: list[Edit] = []
    paragraphs: list[list[int]] = []
    after_blank = True
    for index, line in enumerate(lines):
        if not line.strip():
            if "L101" in enabled:
                edits.append(Edit(STAGE, "L101", index + 1, line, None))
                after_blank = True
            else:
                paragraphs.append([index])
            continue
        previous = paragraphs[-1] if paragraphs and not after_blank else None
        if (
            "L102" in enabled
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
    for paragraph in paragraphs:
        text = " ".join(lines[i] for i in paragraph)
        if "L103" in enabled and text.strip() and text in seen:
            edits.extend(Edit(STAGE, "L103", i + 1, lines[i], None) for i in paragraph)
            continue
        seen.add(text)
        kept.append(paragraph)
        edits.extend(
            Edit(STAGE, "L102", i + 1, LINE_BREAK, " ", col=len(lines[i])) for i in paragraph[:-1]
        )
    if "L201" in enabled:
        for position, paragraph in enumerate(kept):
            if 0 < position < len(kept) - 1 and len(paragraph) == 1:
                line = lines[paragraph[0]]
                following = " ".join(lines[i] for i in kept[position + 1])
                if is_heading(line) and is_prose(following) and not line.startswith(HEADING_MARK):
                    edits.append(Edit(STAGE, "L201", paragraph[0] + 1, "", HEADING_MARK, col=0))
    return doc.with_edits(edits)
