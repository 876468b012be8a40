"""Compare boilerplate removal with jusText and the C4 line filter on the article fixtures.

Usage: ``python benchmarks/compare_boilerplate.py`` (needs ``pip install justext
lxml_html_clean`` for the jusText column; without it that column is skipped).

Ground truth comes from each fixture's expected output under ``tests/data/articles``:
an input line is content if its text is in the expected body, boilerplate otherwise
(lines lifted into metadata count as boilerplate: they leave the body). For each tool
the table gives boilerplate lines removed (of all boilerplate lines) and content lines
lost (of all content lines).

The C4 column re-implements the line rules of the C4 filter as datatrove's
``C4QualityFilter`` applies them by default: a line is kept only if it ends in
terminal punctuation, has at least 3 words, has no word over 1,000 characters, does
not mention "javascript", and contains none of the cookie/terms-of-use policy phrases.
(Its document-level rules, such as a minimum of 5 sentences, drop whole documents and
are left out: they would lose every line of a short article.)
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
TERMINAL = (".", "!", "?", '"', "”", "’", "'")
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_keeps(line: str) -> bool:
    """C4's line rules, as datatrove's C4QualityFilter applies them by default."""
    words = line.split()
    low = line.lower()
    return (line.rstrip().endswith(TERMINAL) and len(words) >= 3 and max(map(len, words), default=0) <= 1000
            and "javascript" not in low and not any(p in low for p in POLICY))


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


def cleaner_kept(lines: list[str], body: str) -> set[int]:
    """Indices of lines whose text survives in cleaner's body."""
    return {i for i, line in enumerate(lines) if _in_body(line, body)}


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
        truth = {i for i, line in enumerate(lines) if _in_body(line, expected_body)}
        boilerplate_total += len(lines) - len(truth)
        content_total += len(truth)
        tools: dict[str, Callable[[], set[int] | None]] = {
            "cleaner": lambda lines=lines, source=source: cleaner_kept(lines, clean(source).text),
            "jusText (defaults)": lambda lines=lines: justext_kept(lines),
            # Scraped text has one short paragraph per line; jusText's defaults expect long
            # HTML paragraphs (200+ characters for "good"), so it is also run with lower bounds.
            "jusText (length_low=30, length_high=100)": lambda lines=lines: justext_kept(
                lines, length_low=30, length_high=100),
            "C4 line filter": lambda lines=lines: {i for i, line in enumerate(lines) if c4_keeps(line)},
        }
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
