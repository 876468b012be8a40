"""Compare boilerplate removal with jusText and the C4 line filter on the article fixtures.

Usage: ``python benchmarks/compare_boilerplate.py`` (needs ``pip install justext
lxml_html_clean`` for the jusText column; without it that column is skipped).

Ground truth comes from each fixture's expected output under ``tests/data/articles``:
an input line is content if its text is in the expected body, boilerplate otherwise
(lines lifted into metadata count as boilerplate: they leave the body); a spun copy's line
also counts as content if its restored form is. For each tool
the table gives boilerplate lines removed (of all boilerplate lines) and content lines
lost (of all content lines).

The C4 column runs datatrove's own ``C4QualityFilter`` when datatrove is installed
(``pip install datatrove``), with its default line rules (``split_paragraph=True``,
``remove_citations=True``, ``filter_no_terminal_punct=True``, ``min_words_per_line=3``,
``max_word_length=1000``, ``filter_javascript=True``, ``filter_policy=True``) and
``min_num_sentences=-1``: the 5-sentence minimum drops whole documents, which would lose
every line of a short article and say nothing about line filtering. Without datatrove
the same line rules are re-implemented below (``c4_keeps``): a line is kept only if it
ends in terminal punctuation (and not in an ellipsis), has at least 3 words, has no word
over 1,000 characters, does not mention "javascript", and contains none of the
cookie/terms-of-use policy phrases.

Neither optional package is needed by the test suite.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.model import Document  # noqa: E402
from cleaner.stages import unicode  # noqa: E402

CASES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
#: datatrove's END_PUNCTUATION and POLICY_SUBSTRINGS (pipeline/filters/c4_filters.py).
TERMINAL = (".", "?", "!", '"', "'")
ELLIPSIS = "..."
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_keeps(line: str) -> bool:
    """C4's line rules, as datatrove's C4QualityFilter applies them by default."""
    line = line.strip()
    words = line.split()
    low = line.lower()
    return (line.endswith(TERMINAL) and not line.endswith(ELLIPSIS) and len(words) >= 3
            and max(map(len, words), default=0) <= 1000
            and "javascript" not in low and not any(p in low for p in POLICY))


def c4_kept(lines: list[str]) -> tuple[str, set[int]]:
    """Indices of lines the C4 line filter keeps: datatrove's filter if installed, else ``c4_keeps``."""
    try:
        from datatrove.data import Document as DatatroveDocument
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError:
        return "C4 line rules (re-implemented)", {i for i, line in enumerate(lines) if c4_keeps(line)}
    doc = DatatroveDocument(text="\n".join(lines), id="case")
    verdict = C4QualityFilter(min_num_sentences=-1).filter(doc)
    if verdict is not True:  # a whole-document rule fired (lorem ipsum, a curly bracket)
        return "C4QualityFilter (datatrove)", set()
    kept_texts = set(doc.text.split("\n"))
    return "C4QualityFilter (datatrove)", {i for i, line in enumerate(lines) if line.strip() in kept_texts}


def justext_kept(lines: list[str], **options: int) -> set[int] | None:
    """Indices of lines jusText classifies as content (None when it is not installed)."""
    try:
        import justext
    except ImportError:
        return None
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"), **options)
    kept_texts = [p.text for p in paragraphs if not p.is_boilerplate]
    return {i for i, line in enumerate(lines) if line.strip() in kept_texts}


def cleaner_kept(lines: list[str], restored: list[str], body: str) -> set[int]:
    """Indices of lines whose text, as published or as spin repair restores it, survives in cleaner's body."""
    return {i for i, line in enumerate(lines) if _in_body(line, body) or _in_body(restored[i], body)}


def _in_body(line: str, body: str) -> bool:
    tail = line.strip()[-60:]
    return bool(tail) and tail in body


def main() -> None:
    totals: dict[str, list[int]] = {}
    boilerplate_total = content_total = 0
    for path in CASES:
        source, expected = path.read_text(encoding="utf-8").split("\n# output\n", 1)
        lines = [line for line in unicode.run(Document.from_text(source), Config()).lines if line.strip()]
        expected_body = expected.split("---\n", 2)[2]
        # A content-farm copy's prose comes out restored by spin repair, so each line is also
        # looked for as restored on its own; the truth still comes from the expected body alone.
        restored = [clean(line + "\n", spin="always").text for line in lines]
        truth = {i for i, line in enumerate(lines)
                 if _in_body(line, expected_body) or _in_body(restored[i], expected_body)}
        boilerplate_total += len(lines) - len(truth)
        content_total += len(truth)
        tools: dict[str, Callable[[], set[int] | None]] = {
            "cleaner": lambda lines=lines, source=source, restored=restored: cleaner_kept(
                lines, restored, clean(source).text),
            "jusText (defaults)": lambda lines=lines: justext_kept(lines),
            # Scraped text has one short paragraph per line; jusText's defaults expect long
            # HTML paragraphs (200+ characters for "good"), so it is also run with lower bounds.
            "jusText (length_low=30, length_high=100)": lambda lines=lines: justext_kept(
                lines, length_low=30, length_high=100),
        }
        c4_name, c4_lines = c4_kept(lines)
        tools[c4_name] = lambda c4_lines=c4_lines: c4_lines
        for name, run in tools.items():
            kept = run()
            if kept is None:
                continue
            removed = len([i for i in range(len(lines)) if i not in truth and i not in kept])
            lost = len([i for i in truth if i not in kept])
            counts = totals.setdefault(name, [0, 0])
            counts[0] += removed
            counts[1] += lost
    print(f"{len(CASES)} articles, {boilerplate_total} boilerplate lines, {content_total} content lines\n")
    print("| tool | boilerplate removed | content lines lost |")
    print("| --- | --- | --- |")
    for name, (removed, lost) in totals.items():
        print(f"| {name} | {removed} / {boilerplate_total} ({100 * removed / boilerplate_total:.0f}%) "
              f"| {lost} / {content_total} ({100 * lost / content_total:.0f}%) |")


if __name__ == "__main__":
    main()
