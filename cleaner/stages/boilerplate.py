"""boilerplate: drop lines that are not article content; lift what is worth keeping.

Rules are records in ``dictionaries/boilerplate/*.yaml``. A rule's pattern must
match the *whole* line (``scope: line``) or a furniture prefix glued to a
content line (``scope: prefix``, the rest of the line is kept). ``where``
limits a rule to the head (before the first content paragraph) or the tail
(after the last one): a sign-off like "Kim reported from Seoul." is furniture
at the end and prose in the middle. ``action`` is ``drop``, ``lift`` (named
groups that are metadata keys go into metadata) or ``block`` (the line and the
teaser headlines right after it).

This stage runs before spin repair and its rules know the spinner's forms of
furniture ("disguise caption", "by way of AP"): the edit then records the line
as published, and the spin gate measures article prose, not captions.

It must never drop a content sentence: line rules are anchored, capped in
length by ``max_words``, and every drop is an edit with the rule's code.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from cleaner.config import Config
from cleaner.frontmatter import front_matter
from cleaner.lineshape import breaks_mid_sentence, ends_sentence, is_dek, is_prose, is_title_like, word_count
from cleaner.model import Document, Edit
from cleaner.prefilter import Prefilter, atoms, bits, fold
from cleaner.rules import Rule, RuleFileError, dictionaries_dir, enabled_codes, load_rule_file
from cleaner.stages import unicode

STAGE = "boilerplate"
FIELDS = frozenset(
    {"category", "pattern", "ignore_case", "scope", "where", "action", "max_words", "detector", "requires",
     "block_lifts", "block_until"}
)
SCOPES = ("line", "prefix")
WHERES = ("anywhere", "head", "tail", "edge", "first")
ACTIONS = ("drop", "lift", "block")
LIST_KEYS = frozenset({"authors", "tags", "categories", "contributors"})
#: List keys whose captured text names several items; a contributor credit is one item.
SPLIT_KEYS = frozenset({"authors", "tags", "categories"})
METADATA_KEYS = frozenset(
    {"title", "description", "authors", "publisher", "dateline", "tags", "categories",
     "copyright", "contributors"}
)
#: Matching stops after this long on one line; pathological input then fails loudly.
REGEX_TIMEOUT = 1.0
#: Lines up to this long are matched without a timeout: arming it costs more than the match
#: itself (about 1.5 µs a call), and every pattern is tested to stay linear on 3,000-character
#: pathological lines (tests/test_reliability.py), so a short line cannot make one run long.
UNTIMED_CHARS = 500
#: Distinct prefilter masks whose rule lists are kept (a few hundred occur in practice).
MAX_PLANS = 4096
#: Furniture lines are short; longer lines skip line rules unless a rule says otherwise.
DEFAULT_MAX_WORDS = 25
#: Kickers are section names ("Museums", "Opinion"). Only one word is taken: a line of two
#: ("Markets Rally") over a longer one may itself be a headline over its dek.
MAX_KICKER_WORDS = 1
#: Widget captions run one or two sentences; 40 words covers the longest in the fixtures twice over.
MAX_CAPTION_WORDS = 40
#: Rules that mark a photo widget's button, and the credit lines printed under a caption.
CAPTION_BUTTONS = frozenset({"B307"})
CAPTION_CREDITS = frozenset({"B302", "B304"})
#: Rules that take a widget's "hide caption" / "toggle caption" button, after which the credit repeats.
CAPTION_TOGGLES = frozenset({"B301"})
#: A photo credit: a name, a slash, an outlet ("Jane Roe/WXYZ", "Ng Han Guan/AP").
CREDIT = regex.compile(r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3} ?/ ?[A-Z][\w&.’' -]{0,40}")
MAX_CREDIT_WORDS = 8
LIST_SPLIT = regex.compile(r"\s*(?:,|;|\||&|\band\b|\bAnd\b|\bAND\b)\s*")


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A boilerplate rule with its pattern compiled and options resolved."""

    rule: Rule
    pattern: regex.Pattern[str] | None
    scope: str
    where: str
    action: str
    max_words: int
    detector: str | None
    #: Lowercase words one of which a line must contain before the pattern is tried.
    requires: tuple[str, ...] = ()
    #: For a block header over a list of tags ("Tags", "Filed under:"): the list key its items are lifted into.
    block_lifts: str | None = None
    #: For a block header that a page closes with a marker ("Skip past newsletter promotion" …
    #: "after newsletter promotion"): the marker; every line up to it goes, whatever its shape.
    block_until: regex.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that matched a line, with its match."""

    rule: CompiledRule
    match: regex.Match[str] | None
    #: Where a prefix cut ends on this line, when the prefix began on a line above
    #: (hard-wrapped "This video can" / "not be played Crews dropped …"); the match is the joined text's.
    cut: int | None = None
    #: An item under a tag header ("Senate" under "Filed under:"), to be lifted into the rule's list key.
    item: bool = False

    @property
    def drops_line(self) -> bool:
        """Say whether the hit removes its whole line: any line rule, or a prefix rule that leaves nothing."""
        return self.rule.scope != "prefix" or (self.match is None and self.cut is None)

    def cut_end(self, line: str) -> int | None:
        """The column of ``line`` where the text a prefix rule leaves starts, or None if it leaves none."""
        if self.rule.scope != "prefix":
            return None
        if self.cut is not None:
            return self.cut
        if self.match is None:
            return None
        return len(line) - len(line.lstrip()) + self.match.end()


def rules(dictionaries: str | None = None) -> list[Rule]:
    """The boilerplate stage's rule records, from every file of the folder."""
    return [compiled.rule for compiled in _compiled(str(dictionaries_dir(dictionaries)))]


@functools.cache
def _compiled(folder: str) -> tuple[CompiledRule, ...]:
    compiled = []
    for path in sorted(Path(folder, "boilerplate").glob("*.yaml")):
        for rule in load_rule_file(path, FIELDS):
            compiled.append(compile_rule(rule))
    return tuple(sorted(compiled, key=lambda c: c.rule.code))


def compile_rule(rule: Rule) -> CompiledRule:
    """Check a rule's fields and compile its pattern; raise RuleFileError if bad."""
    fields = rule.fields
    scope = fields.get("scope", "line")
    where = fields.get("where", "anywhere")
    action = fields.get("action", "drop")
    for name, value, choices in (("scope", scope, SCOPES), ("where", where, WHERES),
                                 ("action", action, ACTIONS)):
        if value not in choices:
            raise RuleFileError(f"{rule.origin}: {name} must be one of {choices}, not {value!r}")
    detector = fields.get("detector")
    known = {*DETECTORS, *LINE_DETECTORS, FRONT_MATTER}
    if detector is not None and detector not in known:
        raise RuleFileError(f"{rule.origin}: unknown detector {detector!r}; known: {sorted(known)}")
    pattern = None
    if "pattern" in fields:
        source = str(fields["pattern"])
        flags = regex.IGNORECASE if fields.get("ignore_case") else 0
        try:
            pattern = regex.compile(source, flags | regex.VERSION0)
        except regex.error as exc:
            raise RuleFileError(f"{rule.origin}: pattern does not compile: {exc}") from exc
        unknown = set(pattern.groupindex) - METADATA_KEYS
        if unknown:
            raise RuleFileError(f"{rule.origin}: group {sorted(unknown)[0]!r} is not a metadata key")
    elif detector is None:
        raise RuleFileError(f"{rule.origin}: a rule needs a pattern or a detector")
    requires = tuple(str(word).lower() for word in fields.get("requires") or ())
    block_lifts = fields.get("block_lifts")
    if block_lifts is not None and (action != "block" or not isinstance(block_lifts, str)
                                    or block_lifts not in SPLIT_KEYS):
        raise RuleFileError(f"{rule.origin}: block_lifts needs action block and one of {sorted(SPLIT_KEYS)}")
    block_until = None
    if "block_until" in fields:
        source = fields["block_until"]
        if action != "block" or block_lifts is not None or not isinstance(source, str) or not source.strip():
            raise RuleFileError(f"{rule.origin}: block_until needs action block, a pattern, and no block_lifts")
        try:
            block_until = regex.compile(source, (regex.IGNORECASE if fields.get("ignore_case") else 0)
                                        | regex.VERSION0)
        except regex.error as exc:
            raise RuleFileError(f"{rule.origin}: block_until does not compile: {exc}") from exc
    return CompiledRule(rule, pattern, scope, where, action,
                        int(fields.get("max_words", DEFAULT_MAX_WORDS)), detector, requires, block_lifts,
                        block_until)


# --- detectors: structural rules that a single pattern cannot express ----------------------

Detector = Callable[[list[str], int, list["Hit | None"]], dict[str, Any] | None]


def _paragraph_lines(lines: list[str], index: int, hits: list[Hit | None]) -> list[int]:
    """Line ``index`` and the lines that continue it (a sentence broken across lines)."""
    members = [index]
    for i in range(index + 1, len(lines)):
        if _dropped(hits[i]) or lines[i] == lines[members[-1]]:
            continue  # gone before layout joins lines (dropped, or a repeat layout folds)
        if not lines[i].strip() or not breaks_mid_sentence(lines[members[-1]], lines[i]):
            break
        members.append(i)
    return members


def _dropped(hit: Hit | None) -> bool:
    """Say whether a hit removes its whole line (a cut prefix leaves the sentence)."""
    return hit is not None and hit.drops_line


def _kept_text(line: str, hit: Hit | None) -> str | None:
    """What layout receives of a line: nothing if dropped, the rest if a prefix is cut."""
    if hit is None:
        return line
    end = hit.cut_end(line)
    return None if end is None else line[end:]


#: A paragraph as layout will print it: its line indices, joined text, word count, and the
#: index of its last line that layout prints (a repeat it folds may come later).
Paragraph = tuple[list[int], str, int, int]


def _paragraphs(lines: list[str], hits: list[Hit | None], counts: list[int], across_dropped: bool = True
                ) -> list[Paragraph]:
    """The paragraphs layout will make of the lines left: their line indices, joined text and words.

    A line layout folds as a repeat of the one before it counts among the
    indices of the paragraph holding that line, but not in its text nor as its
    end: the article ends at the last line layout prints, so a repeat folded
    after a page's last furniture ("Accessibility links") does not make that
    furniture mid-article on the first run and tail on the second.

    Mirrors layout's own reading: a blank line ends a paragraph, a line
    repeating the one before is folded, a line broken mid-sentence is joined
    to the next one with a space, and dropped lines vanish, so the lines
    either side of them meet. Rules matched against these paragraphs see a
    hard-wrapped trailer ("The post … appeared first" / "on Newsweek.") the way
    a second run over the output would.
    """
    paragraphs: list[tuple[list[int], list[str], int, int]] = []
    previous_line: str | None = None
    after_blank = True
    for index, line in enumerate(lines):
        text = _kept_text(line, hits[index])
        if text is None:
            after_blank = after_blank or not across_dropped
            continue
        if not text.strip():
            after_blank = True
            continue
        if text == previous_line:  # layout folds it; it goes wherever the line it repeats goes
            if paragraphs:
                paragraphs[-1][0].append(index)
            continue
        previous_line = text
        words = counts[index] if text is line else word_count(text)
        if paragraphs and not after_blank and breaks_mid_sentence(paragraphs[-1][1][-1], text):
            indices, texts, total, _end = paragraphs[-1]
            indices.append(index)
            texts.append(text)
            paragraphs[-1] = (indices, texts, total + words, index)
        else:
            paragraphs.append(([index], [text], words, index))
        after_blank = False
    return [(indices, texts[0] if len(texts) == 1 else " ".join(texts), words, end)
            for indices, texts, words, end in paragraphs]


def detect_title(lines: list[str], index: int, hits: list[Hit | None]) -> dict[str, Any] | None:
    """Lift a headline that opens the article (only furniture or nothing above it)."""
    members = _paragraph_lines(lines, index, hits)
    line = " ".join(lines[i].strip() for i in members)
    if not is_title_like(line):
        return None
    following = _next_paragraph(lines, members[-1], hits, repeat_of=line.strip())
    # Bylines in between are skipped. A heading after it is not enough: a live blog's page
    # headline over its first post's heading stays in the body, or a second run of the
    # plain-text output would lift that heading as the title. A dek printed without a stop
    # counts when a byline follows it, as on most news pages.
    if not is_prose(following) and (word_count(line) < MIN_TITLE_OVER_DEK_WORDS
                                    or not _has_dek_over_byline(lines, members[-1], hits)):
        return None
    return {"title": line.strip()}


#: A headline over a dek runs to four words or more; a shorter line is a kicker ("Ukraine war")
#: over a sentence-case headline, which a dek rule would demote to a description.
MIN_TITLE_OVER_DEK_WORDS = 4


def _has_dek_over_byline(lines: list[str], index: int, hits: list[Hit | None]) -> bool:
    """Say whether the line after line ``index`` is a dek with a byline naming people right under it.

    A dek (standfirst) is a sentence-case line of 8 to 60 words that many pages
    print without a final stop ("The measure sends $40 billion to states for roads
    and bridges"); told from a second headline by its lower-case words and from
    prose by the byline under it. Title, dek and byline must be consecutive lines,
    as ``detect_standfirst`` reads them, so the dek is lifted in the same run as
    the title and a second run finds no new headline.
    """
    start = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
    if start is None or hits[start] is not None:
        return False
    members = _paragraph_lines(lines, start, hits)
    if not is_dek(" ".join(lines[i].strip() for i in members)):
        return False
    after = next((i for i in range(members[-1] + 1, len(lines)) if lines[i].strip()), None)
    byline = hits[after] if after is not None else None
    # A byline that names people: a timestamp or a desk credit under a caption proves nothing.
    return byline is not None and byline.match is not None and "authors" in byline.match.re.groupindex


def _next_paragraph(lines: list[str], index: int, hits: list[Hit | None], repeat_of: str = "") -> str:
    """The paragraph after line ``index`` as layout will print it (broken lines joined).

    A line repeating the line before it is skipped, and so is a paragraph
    repeating ``repeat_of``: layout folds both.
    A line whose only hit is a cut prefix (a dateline) is content.
    """
    parts: list[str] = []
    previous = lines[index].strip()
    for i in range(index + 1, len(lines)):
        line = lines[i].strip()
        if _dropped(hits[i]) or line == previous:
            continue  # gone before layout joins: dropped, or a repeat of the line before it
        if line:
            previous = line
        if parts and (not line or not breaks_mid_sentence(parts[-1], line)):
            if " ".join(parts) != repeat_of:
                break
            parts = []
        if line:
            parts.append(line)
    joined = " ".join(parts)
    return "" if joined == repeat_of else joined


def detect_standfirst(lines: list[str], index: int, hits: list[Hit | None]) -> dict[str, Any] | None:
    """Lift a standfirst: the one paragraph between a lifted title and a byline."""
    before = [i for i in range(index) if lines[i].strip()]
    members = _paragraph_lines(lines, index, hits)
    text = " ".join(lines[i].strip() for i in members)
    if not before or not (is_prose(text) or is_dek(text)):
        return None
    previous = hits[before[-1]]
    if previous is None or previous.rule.detector != "title":
        return None
    after = [i for i in range(members[-1] + 1, len(lines)) if lines[i].strip()]
    if not after or hits[after[0]] is None:
        return None
    if hits[after[0]].rule.rule.fields.get("category") != "byline":
        return None
    return {"description": text}


def detect_kicker(lines: list[str], index: int, hits: list[Hit | None]) -> dict[str, Any] | None:
    """Lift a section kicker printed above the headline into categories.

    Culture and opinion pages print their section over the headline
    ("Museums", then "City museum returns carved panels…"); left in place
    it hides the headline from the title detector. Only a one-word line,
    directly above a line that the title detector would lift, counts.
    """
    line = lines[index].strip()
    if word_count(line) > MAX_KICKER_WORDS or ends_sentence(line) or not line[:1].isupper():
        return None
    # Copies of the kicker under it are folded by layout: the headline is the first other line.
    following = next((i for i in range(index + 1, len(lines))
                      if not _dropped(hits[i]) and lines[i].strip() and lines[i].strip() != line), None)
    if following is None or detect_title(lines, following, hits) is None:
        return None
    return {"categories": [line]}


def is_widget_caption(lines: list[str], index: int, hits: list[Hit | None]) -> bool:
    """Say whether a line is the caption text of a photo widget.

    NPR-style pages print "Enlarge this image", the caption sentence, the
    credit, then "toggle caption" and the credit again: the caption is the
    line between the enlarge button (B307) and a credit line (B302, B304).
    "toggle caption" (B301) does not count: it comes after the caption, and
    what follows it and its credit is the article (seed 003). Prose between
    two photos follows a credit and precedes a button, so it never qualifies.
    Example: "Volunteers plant apple trees in the orchard on Saturday."
    between "Enlarge this image" and "Jane Roe/NPR".
    """
    if hits[index] is not None:
        return False
    before = _neighbour_hit(lines, hits, index, -1)
    if before is None or before.rule.rule.code not in CAPTION_BUTTONS:
        return False
    after = _neighbour_hit(lines, hits, index, 1)
    return (after is not None and after.rule.rule.code in CAPTION_CREDITS
            and word_count(lines[index]) <= MAX_CAPTION_WORDS)


def _neighbour_hit(lines: list[str], hits: list[Hit | None], index: int, step: int) -> Hit | None:
    """The hit of the nearest non-blank line before (``step`` -1) or after (``step`` 1) line ``index``.

    Widgets print their parts on consecutive lines, perhaps with blank lines between:
    a caption is judged by the button above it and the credit below it.
    """
    stop = -1 if step < 0 else len(lines)
    return next((hits[i] for i in range(index + step, stop, step) if lines[i].strip()), None)


def _first_open_line(lines: list[str], hits: list[Hit | None]) -> int | None:
    """The first non-blank line no rule has taken: where the head detectors and a title's copy look."""
    return next((i for i, line in enumerate(lines) if hits[i] is None and line.strip()), None)


def _next_to_hits(hits: list[Hit | None], counts: list[int]) -> list[int]:
    """Lines no rule took next to a line a rule took (blank lines aside): the only ones line detectors judge."""
    found = set()
    previous: int | None = None  # the last non-blank line
    for index, hit in enumerate(hits):
        if not counts[index]:
            continue
        if previous is not None and (hit is None) != (hits[previous] is None):
            found.add(index if hit is None else previous)
        previous = index
    return sorted(found)


def is_widget_credit(lines: list[str], index: int, hits: list[Hit | None]) -> bool:
    """Say whether a line is the credit a photo widget repeats under its caption toggle.

    NPR-style pages print "toggle caption" and then the credit again; credits
    name outlets no rule can list ("Jane Roe/WXYZ"), so a short "Name/Outlet"
    line counts only right after the toggle. Example: "Jane Roe/WXYZ" after
    "toggle caption".
    """
    if hits[index] is not None or word_count(lines[index]) > MAX_CREDIT_WORDS:
        return False
    before = _neighbour_hit(lines, hits, index, -1)
    return (before is not None and before.rule.rule.code in CAPTION_TOGGLES
            and CREDIT.fullmatch(lines[index].strip()) is not None)


#: Head detectors, in the order they run: a kicker sits above the title, a standfirst below it.
DETECTORS: dict[str, Detector] = {"kicker": detect_kicker, "title": detect_title, "standfirst": detect_standfirst}
#: Detectors that judge a line by its neighbours, run before the head detectors. They are
#: offered only lines next to a line a rule took (blank lines aside); one that returns a
#: match lifts its named groups.
LINE_DETECTORS: dict[str, Callable[[list[str], int, list[Hit | None]], bool | regex.Match[str] | None]] = {
    "widget-caption": is_widget_caption,
    "widget-credit": is_widget_credit,
}
#: The detector of a YAML front matter block opening the file (cleaner.frontmatter), run first.
FRONT_MATTER = "front-matter"
#: The rules one of which must have taken a line for a line detector to have anything to judge.
LINE_DETECTOR_NEEDS: dict[str, frozenset[str]] = {
    "widget-caption": CAPTION_BUTTONS,
    "widget-credit": CAPTION_TOGGLES,
}


class Matcher:
    """All enabled pattern rules behind one literal prefilter (``cleaner.prefilter``).

    A line is tried only against the rules whose literals it contains, lowest
    code first; most prose lines contain none and cost nothing beyond the
    document's one automaton pass.
    """

    def __init__(self, compiled: tuple[CompiledRule, ...]) -> None:
        order = list(DETECTORS)
        self.detectors = sorted((c for c in compiled if c.detector in DETECTORS),
                                key=lambda c: order.index(c.detector))
        self.line_detectors = [c for c in compiled if c.detector in LINE_DETECTORS]
        self.front_matter = next((c for c in compiled if c.detector == FRONT_MATTER), None)
        self.patterns = sorted((c for c in compiled if c.pattern is not None), key=lambda c: c.rule.code)
        # Rules that can match anywhere in a line ("… via AP", "… contributed to this report")
        # name the words they need; the others' literals are read off their patterns.
        self.prefilter = Prefilter(_atoms_of(c) for c in self.patterns)
        self._plans: dict[int, _Plan] = {}

    def resolve(self, line: str, mask: int, words: int, skip: frozenset[str] = frozenset()) -> Hit | None:
        """The lowest-coded line rule of ``mask`` that takes the whole line, else the first prefix rule.

        ``mask`` is the line's prefilter mask and ``words`` its word count. ``skip``
        names rules already tried and found out of their region, so the next rule
        gets its turn: "Read more:" mid-article is not the tail header B202 but
        still the bare link label B203.
        """
        plan = self._plans.get(mask)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:  # masks are combinations of rules: keep the cache bounded
                self._plans.clear()
            plan = self._plans[mask] = self._plan(mask)
        if words > plan.max_words or not words:
            return None
        stripped = line.strip()
        timeout = REGEX_TIMEOUT if len(stripped) > UNTIMED_CHARS else None
        prefix: Hit | None = None
        for compiled in plan.rules:
            if compiled.rule.code in skip:
                continue
            pattern: regex.Pattern[str] = compiled.pattern  # type: ignore[assignment]
            if compiled.scope == "line":
                if words <= compiled.max_words:
                    match = pattern.fullmatch(stripped, timeout=timeout)
                    if match:
                        return Hit(compiled, match)
            elif prefix is None:  # a glued prefix counts only when no rule takes the whole line
                match = pattern.match(stripped, timeout=timeout)
                if match and match.end() < len(stripped):
                    prefix = Hit(compiled, match)
        return prefix

    def _plan(self, mask: int) -> _Plan:
        rules = tuple(self.patterns[index] for index in bits(mask))
        # Prefix rules take lines of any length; line rules only up to their max_words.
        longest = max((c.max_words if c.scope == "line" else 10**9 for c in rules), default=-1)
        return _Plan(rules, longest)


def _atoms_of(compiled: CompiledRule) -> frozenset[str] | None:
    """The literals a line must hold for the rule to be tried, checked against the rule's examples.

    ``requires`` names them for rules that match anywhere in a line; otherwise
    they are read off the pattern. If an example lacks them all (a pattern the
    reader misjudged), the rule is tried on every line instead.
    """
    assert compiled.pattern is not None
    found = frozenset(compiled.requires) if compiled.requires else atoms(compiled.pattern.pattern)
    examples = [fold(example) for example in compiled.rule.examples]
    if found is not None and not all(any(atom in example for atom in found) for example in examples):
        return None
    return found


@dataclass(frozen=True, slots=True)
class _Plan:
    """The rules a prefilter mask names, in code order, and the longest line any of them takes."""

    rules: tuple[CompiledRule, ...]
    max_words: int


@functools.cache
def matcher(folder: str, enabled: frozenset[str]) -> Matcher:
    """The compiled matcher for a dictionaries folder and a set of enabled codes."""
    return Matcher(tuple(c for c in _compiled(folder) if c.rule.code in enabled))


def _lift_values(match: regex.Match[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in match.groupdict().items():
        if not value:
            continue
        value = value.strip()
        if key in SPLIT_KEYS:
            values[key] = [part for part in LIST_SPLIT.split(value) if part]
        elif key in LIST_KEYS:
            values[key] = [value]
        else:
            values[key] = value
    return values


def _content_paragraphs(paragraphs: list[Paragraph], match_rules: Matcher) -> list[Paragraph]:
    """The prose paragraphs, repeats left out (layout folds them).

    Head and tail are measured from these, so a repeated paragraph after a
    sign-off cannot make the sign-off look like mid-article prose on one run
    and like a tail on the next; and a sentence broken across lines counts as
    the one prose paragraph layout will print, unless a line rule takes it
    whole (a sign-off broken across lines is no more content than one line).
    """
    seen: set[str] = set()
    content = []
    for paragraph in paragraphs:
        indices, text, words, _end = paragraph
        if text not in seen and is_prose(text, words) and not (len(indices) > 1 and _line_hit(match_rules, text)):
            content.append(paragraph)
        seen.add(text)
    return content


def _line_hit(match_rules: Matcher, text: str) -> Hit | None:
    """The line rule that takes a paragraph's whole text, if any (prefix rules do not count)."""
    hit = match_rules.resolve(text, match_rules.prefilter.mask(text), word_count(text))
    return hit if hit is not None and hit.rule.scope == "line" else None


@dataclass(frozen=True, slots=True)
class _Region:
    """Where the article's prose starts and ends, for rules limited to head, tail or first paragraph.

    ``first_lines`` are the lines of the first prose paragraph: a dateline cut
    from a line that layout joins to the one above is still in it.
    """

    first: int
    last: int
    first_lines: frozenset[int]
    first_text: str

    @classmethod
    def of(cls, content: list[Paragraph], lines: list[str]) -> _Region:
        if not content:
            return cls(len(lines), -1, frozenset(), "")
        first = content[0][0]
        return cls(first[0], content[-1][3], frozenset(first), lines[first[0]])

    def holds(self, where: str, index: int, text: str) -> bool:
        """Say whether a line (or a paragraph starting at ``index``) stands where a rule applies."""
        if where == "head":
            return index < self.first
        if where == "tail":
            return index > self.last
        if where == "first":
            # A repeat of the first paragraph counts as the first paragraph too (layout folds it).
            return index in self.first_lines or (bool(self.first_text) and text == self.first_text)
        if where == "edge":
            return index < self.first or index > self.last
        return True


def _hit_in_region(match_rules: Matcher, line: str, hit: Hit | None, place: _Place) -> Hit | None:
    """Return the first rule that takes the line where it stands, trying the next when one is out of place.

    A tail rule that fires mid-article gives way instead of leaving the line
    untouched: "Read more:" between paragraphs is a link label (B203), not the
    header of the teaser block at the end (B202).
    """
    skipped: frozenset[str] = frozenset()
    while hit is not None and not place.region.holds(hit.rule.where, place.index, line):
        skipped |= {hit.rule.rule.code}
        hit = match_rules.resolve(line, place.mask, place.words, skipped)
    return hit


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a line stands in the article, and what the prefilter knows of it."""

    index: int
    region: _Region
    mask: int
    words: int


def run(doc: Document, config: Config) -> Document:
    """Drop and lift furniture lines; see the module docstring."""
    folder = str(dictionaries_dir(config.dictionaries))
    match_rules = matcher(folder, enabled_codes(config, STAGE))
    lines = list(doc.lines)
    masks = match_rules.prefilter.masks(lines)
    counts = [word_count(line) for line in lines]
    found = [match_rules.resolve(line, mask, words) if mask else None
             for line, mask, words in zip(lines, masks, counts, strict=True)]
    front = front_matter(lines) if match_rules.front_matter is not None else None
    if front is not None:  # the page's own metadata: its lines go, its values are lifted first
        front = (front[0], _repaired_values(front[1], config))
        for index in range(front[0] + 1):
            found[index] = Hit(match_rules.front_matter, None)  # type: ignore[arg-type]
    # Line detectors judge a line by the rules its neighbours matched (a caption between a
    # widget's button and its credit); they run before the article's edges are measured, so a
    # caption that reads like prose is not counted as the article's last paragraph.
    present = {hit.rule.rule.code for hit in found if hit is not None}
    for detector_rule in match_rules.line_detectors:
        if not LINE_DETECTOR_NEEDS[detector_rule.detector] & present:
            continue  # the rule whose neighbour it judges took no line here
        detector = LINE_DETECTORS[detector_rule.detector]
        taken = [(i, result) for i in _next_to_hits(found, counts) if (result := detector(lines, i, found))]
        for index, result in taken:
            found[index] = Hit(detector_rule, result if isinstance(result, regex.Match) else None)
    joins = "L102" in enabled_codes(config, "layout")
    measure = functools.partial(_measure, match_rules, lines, counts, joins)
    # A page whose front matter (or JSONL record) names its title has no headline left to find:
    # a second run over cleaner's own output must not lift its first heading as another title.
    head = (front is None or "title" not in front[1]) and "title" not in doc.metadata
    settle = functools.partial(_settle, match_rules, lines, found, masks, counts, joins, head_detectors=head)
    region = measure(found)
    hits, lifted, moved = settle(region)
    gone = [hit if hit is not None else later for hit, later in zip(found, hits, strict=True)]
    if moved and gone != found:
        # A rule out of place gave way, and lines no rule had taken (a headline the title
        # detector lifted, a joined paragraph) were counted as prose when the article's edges
        # were measured: measure them again without those lines, as a second run would, and
        # settle again if the edges moved.
        remeasured = measure(gone)
        if remeasured != region:
            hits, lifted, _moved = settle(remeasured)
    if front is not None:
        lifted = _merged(front[1], lifted)
        if "title" in front[1]:
            _drop_title_repeat(lines, hits, front[1]["title"], Hit(match_rules.front_matter, None))  # type: ignore[arg-type]
    elif "title" in doc.metadata and (title_rule := _detector(match_rules, "title")) is not None:
        # A title the caller gave (a JSONL record's, the API's metadata): its copy over the body goes.
        _drop_title_repeat(lines, hits, str(doc.metadata["title"]), Hit(title_rule, None))
    edits: list[Edit] = []
    index = 0
    while index < len(lines):
        hit = hits[index]
        if hit is None:
            index += 1
            continue
        code = hit.rule.rule.code
        if hit.match is not None and hit.rule.action == "lift":
            _merge(lifted, _lift_values(hit.match))
        elif hit.item and hit.rule.block_lifts is not None:  # an item under a "Tags" header
            _merge(lifted, {hit.rule.block_lifts: [part for part in TAG_SPLIT.split(lines[index].strip()) if part]})
        end = hit.cut_end(lines[index])
        if end is not None:
            edits.append(Edit(STAGE, code, index + 1, lines[index][:end], "", col=0))
            index += 1
            continue
        edits.append(Edit(STAGE, code, index + 1, lines[index], None))
        index += 1
    return doc.with_edits(edits).with_metadata(**lifted)


def _measure(
    match_rules: Matcher, lines: list[str], counts: list[int], joins: bool, gone: list[Hit | None],
) -> _Region:
    """The article's edges, measured on the paragraphs the lines ``gone`` leaves.

    A dropped line ends a paragraph here (layout would join across it), so which of
    two rules takes a line seldom moves the edges: a second settle runs on 10 of the
    5,529 benchmark documents instead of 552.
    """
    paragraphs = (_paragraphs(lines, gone, counts, across_dropped=False) if joins else
                  [([i], line, counts[i], i) for i, line in enumerate(lines) if _kept_text(line, gone[i]) is not None])
    return _Region.of(_content_paragraphs(paragraphs, match_rules), lines)


def _settle(
    match_rules: Matcher, lines: list[str], found: list[Hit | None], masks: list[int], counts: list[int],
    joins: bool, region: _Region, head_detectors: bool = True,
) -> tuple[list[Hit | None], dict[str, Any], bool]:
    """Decide every line's rule where it stands, then lift the head; return hits, lifted values, and
    whether a rule out of place gave way.

    ``region`` holds the article's edges (head, first paragraph, tail, see
    :func:`_measure`); rules in ``found`` that fall outside their region give way to
    the next rule or to none. Hard-wrapped furniture is then matched on the
    paragraphs layout will print (:func:`_match_joined`).
    """
    hits = list(found)
    moved = False
    for index, hit in enumerate(hits):
        if hit is not None and hit.rule.where != "anywhere":  # a rule for anywhere holds wherever it stands
            place = _Place(index, region, masks[index], counts[index])
            hits[index] = _hit_in_region(match_rules, lines[index], hit, place)
            moved = moved or hits[index] is not hit
    _take_teasers(lines, hits)
    if joins:
        # As layout will print them: the lines either side of a dropped line meet.
        _match_joined(match_rules, lines, hits, region, _paragraphs(lines, hits, counts))
    lifted: dict[str, Any] = {}
    for detector_rule in match_rules.detectors if head_detectors else ():
        # Detectors look at the head only: the first paragraph no rule has taken yet.
        head = _first_open_line(lines, hits)
        if head is not None:
            detected = DETECTORS[detector_rule.detector](lines, head, hits)
            if detected:
                for index in _paragraph_lines(lines, head, hits):
                    hits[index] = Hit(detector_rule, None)
                _merge(lifted, detected)
                _drop_repeats(lines, hits, head, Hit(detector_rule, None))
    return hits, lifted, moved


def _match_joined(
    match_rules: Matcher, lines: list[str], hits: list[Hit | None], region: _Region, paragraphs: list[Paragraph],
) -> None:
    """Take a paragraph broken across lines when a line rule takes it whole.

    Lines no rule took that layout will print as one line: a second run would
    take that line, so matching the joined text now keeps cleaning idempotent
    and catches hard-wrapped furniture ("The post … appeared first" / "on
    Newsweek."). The paragraphs are layout's own, so the lines either side of a
    dropped line meet ("The post … appeared" / "ADVERTISEMENT" / "first on
    Newsweek."). A line a rule took is not joined to the lines after it: a
    rule with an open tail ("ALSO READ: …") would take the prose that follows.
    """
    for indices, text, words, _end in paragraphs:
        if len(indices) < 2 or any(hits[i] is not None for i in indices):
            continue
        place = _Place(indices[0], region, match_rules.prefilter.mask(text), words)
        hit = _hit_in_region(match_rules, text, match_rules.resolve(text, place.mask, words), place)
        if hit is not None and hit.rule.scope == "line":
            hits[indices[0]] = hit
            for index in indices[1:]:
                hits[index] = Hit(hit.rule, None)
        elif hit is not None and hit.match is not None:
            _cut_joined_prefix(lines, hits, indices, text, hit)


def _cut_joined_prefix(lines: list[str], hits: list[Hit | None], indices: list[int], text: str, hit: Hit) -> None:
    """Cut a furniture prefix that a hard wrap broke across lines ("This video can" / "not be played Crews …").

    The lines the prefix covers whole are dropped and the line where it ends is
    cut there, as a second run would cut the joined line. A prefix that ends on
    the paragraph's first line is left to the line's own matching, and one that
    ends exactly at a line's end is not cut (that line rule's business).
    """
    assert hit.match is not None
    end = len(text) - len(text.lstrip()) + hit.match.end()  # in the joined text
    members = [index for position, index in enumerate(indices)
               if position == 0 or lines[index] != lines[indices[position - 1]]]  # folded repeats add no text
    start = 0
    for position, index in enumerate(members):
        line_end = start + len(lines[index])
        if end < line_end:
            if position == 0 or not lines[index][end - start:].strip():
                return
            for covered in members[:position]:
                hits[covered] = Hit(hit.rule, None)
            hits[index] = Hit(hit.rule, hit.match, cut=end - start)
            return
        start = line_end + 1


def _drop_repeats(lines: list[str], hits: list[Hit | None], head: int, hit: Hit) -> None:
    """Take the copies of a lifted headline that follow it before any prose.

    Pages often print the headline twice (page title, then article title); a
    copy left in the body would be lifted as the title on a second run.
    """
    for index in range(head + 1, len(lines)):
        if hits[index] is not None or not lines[index].strip():
            continue
        if lines[index].strip() != lines[head].strip():
            return
        hits[index] = hit


def _detector(match_rules: Matcher, name: str) -> CompiledRule | None:
    """Return the enabled head-detector rule of that name ("title", "kicker"), if any."""
    return next((rule for rule in match_rules.detectors if rule.detector == name), None)


def _drop_title_repeat(lines: list[str], hits: list[Hit | None], title: str, hit: Hit) -> None:
    """Take the body's first paragraph when it repeats a title known before cleaning.

    A post printing its title again as the first line ("Council delays budget", or
    "# Council delays budget" in Markdown) would keep a copy in the body, since no
    headline is detected once the title is known. A sentence of prose is never
    taken, even when a feed used the article's first sentence as its title.
    """
    head = _first_open_line(lines, hits)
    if head is None or is_prose(lines[head]):
        return
    if lines[head].strip().lstrip("#").strip().casefold() == title.casefold():
        hits[head] = hit


def _take_teasers(lines: list[str], hits: list[Hit | None]) -> None:
    """Give the teaser headlines under each block header ("Related", "Most Read from Bloomberg") to its rule.

    They are taken before the head is read, so a headline over a partner's list
    ("Most Read from Bloomberg", then five teasers, then the article) is seen
    right above the article's prose and lifted on the first run, not the second.
    Blank lines between teasers stay for layout. Items under a tag header are
    marked as items, to be lifted; a box the page closes itself goes whole.
    """
    index = 0
    while index < len(lines):
        hit = hits[index]
        index += 1
        if hit is None or hit.rule.action != "block":
            continue
        closing = _closing_marker(lines, index, hits, hit.rule)
        if closing is not None:  # everything up to the box's marker goes, the marker too
            for inside in range(index, closing + 1):
                if lines[inside].strip() and hits[inside] is None:
                    hits[inside] = Hit(hit.rule, None)
            index = closing + 1
            continue
        tags = hit.rule.block_lifts is not None
        taken = False
        while index < len(lines) and _is_teaser(lines[index], hits[index], tags):
            if lines[index].strip():
                hits[index] = Hit(hit.rule, None, item=tags)
                taken = True
            elif tags and taken:
                break  # a tag list ends at its first blank line: what follows is no tag
            index += 1


#: How many non-blank lines below its opening line a box's closing marker may stand.
MAX_BOX_LINES = 10
#: A box's pitch is a sentence or two; a longer line is the article going on, not the box.
MAX_BOX_LINE_WORDS = 40


def _closing_marker(lines: list[str], start: int, hits: list[Hit | None], rule: CompiledRule) -> int | None:
    """The index of the line closing a box opened above ``start``, if it is near and nothing breaks the box.

    A second opener, a long line or MAX_BOX_LINES non-blank lines end the search:
    an unclosed box must not reach the marker of the next one and take the prose between.
    """
    if rule.block_until is None:
        return None
    seen = 0
    for index in range(start, len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        if rule.block_until.fullmatch(line):
            return index
        seen += 1
        opener = hits[index] is not None and hits[index].rule is rule
        if opener or seen > MAX_BOX_LINES or word_count(line) > MAX_BOX_LINE_WORDS:
            return None
    return None


#: A teaser headline under a "Related" header runs to 20 words; a tag under "Tags", to 6.
MAX_TEASER_WORDS = 20
MAX_TAG_WORDS = 6


#: A tag as a page prints it under "Tags": words, perhaps with "&", "/", "-" or "'", no quote or bullet.
TAG_ITEM = regex.compile(r"\w[\w .&’'/-]*")
#: Tags on one line are separated by commas, semicolons or bars; "&" and "and" belong to a tag ("Arts & Culture").
TAG_SPLIT = regex.compile(r"\s*[,;|]\s*")


def _is_teaser(line: str, hit: Hit | None, tags: bool = False) -> bool:
    """Say whether a line is a teaser under a block header: blank, or a headline without a full stop.

    Under a tag header (``tags``) each comma-separated part must read as a tag of
    up to MAX_TAG_WORDS words, so a YAML list ('- "Astronomy"') under a "tags:" key
    is not taken for one.
    """
    if hit is not None:
        return False
    stripped = line.strip()
    if not stripped:
        return True
    if ends_sentence(stripped):
        return False
    if not tags:
        return word_count(line) <= MAX_TEASER_WORDS
    return all(TAG_ITEM.fullmatch(part) is not None and word_count(part) <= MAX_TAG_WORDS
               for part in TAG_SPLIT.split(stripped) if part)


def _repaired_values(values: dict[str, Any], config: Config) -> dict[str, Any]:
    """Return front matter values repaired as the unicode stage repairs a line ("CafÃ©" gives "Café")."""
    def repaired(value: str) -> str:
        return unicode.repair(value, config)

    return {key: [repaired(item) for item in value] if isinstance(value, list) else repaired(value)
            for key, value in values.items()}


def _merged(first: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    """``first``'s values, then those of ``then`` it lacks (list items added, scalars kept)."""
    merged = {key: list(value) if isinstance(value, list) else value for key, value in first.items()}
    _merge(merged, then)
    return merged


def _merge(lifted: dict[str, Any], values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in LIST_KEYS:
            existing = lifted.setdefault(key, [])
            existing.extend(v for v in value if v not in existing)
        else:
            lifted.setdefault(key, value)
