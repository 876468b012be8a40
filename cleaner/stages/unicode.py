"""unicode: ftfy's repairs, NFC and whitespace, line by line.

Each changed line gets one edit per repair, in the order ftfy applied them,
so ``cleaner explain`` can say "U101 mojibake" rather than "ftfy changed it".
ftfy runs only on lines that a cheap pattern says it could change; every
other line is a fixed point of ftfy under :data:`FTFY_CONFIG` (the test suite
checks that claim on a corpus and on generated text).

It must never change wording: curly quotes stay curly, line breaks are the
layout stage's business.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import ftfy
import regex

from cleaner.config import Config
from cleaner.frontmatter import front_matter
from cleaner.model import Document, Edit
from cleaner.rules import Rule, dictionaries_dir, enabled_codes, load_rule_file

STAGE = "unicode"

#: Every ftfy option set on purpose (ftfy's defaults are tuned for chat text, not news).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html="auto",  # scraped text carries &amp; and &quot;; skipped when real tags are present
    remove_terminal_escapes=True,  # console colour codes are never article text
    fix_encoding=True,  # the main job: mojibake from UTF-8 read as Windows-1252
    restore_byte_a0=True,  # "Â " mojibake of a no-break space
    replace_lossy_sequences=True,  # mojibake that lost a byte is repaired as far as it can be
    decode_inconsistent_utf8=True,  # one bad paragraph among good ones is common in copies
    fix_c1_controls=True,  # C1 controls are Windows-1252 punctuation read as Latin-1
    fix_latin_ligatures=True,  # "ﬁ" from PDF copies breaks search and spin matching
    fix_character_width=True,  # fullwidth letters from East Asian sources
    uncurl_quotes=False,  # news typography is part of the text; quotes stay as published
    fix_line_breaks=False,  # lines are already split; the layout stage decides joins
    fix_surrogates=True,  # JSON-escaped surrogate pairs are one character
    remove_control_chars=True,  # invisible controls never belong in article text
    normalization="NFC",  # composed form: equal-looking words compare equal
    max_decode_length=1_000_000,
    explain=True,
)

#: Rule codes for ftfy's plan steps; "encode"/"decode"/"transcode" steps are mojibake.
FIXER_CODES = {
    "unescape_html": "U102",
    "remove_terminal_escapes": "U103",
    "remove_control_chars": "U104",
    "fix_latin_ligatures": "U105",
    "fix_character_width": "U106",
    "fix_surrogates": "U107",
}
FTFY_OPTION_OF_CODE = {
    "U101": ("fix_encoding", "restore_byte_a0", "replace_lossy_sequences",
             "decode_inconsistent_utf8", "fix_c1_controls"),
    "U102": ("unescape_html",),
    "U103": ("remove_terminal_escapes",),
    "U104": ("remove_control_chars",),
    "U105": ("fix_latin_ligatures",),
    "U106": ("fix_character_width",),
    "U107": ("fix_surrogates",),
}

#: A line ftfy could change contains something outside printable ASCII and the
#: typographic punctuation of clean news, or an "&" that may start an entity.
#: (Python's re: several times faster than regex on a plain character class.)
#: Mojibake always contains a lead-byte letter (Â..ô) or a C1 control, never
#: only these quotes and dashes.
MAY_NEED_FTFY = re.compile(r"[^\n\t\x20-\x25\x27-\x7e‘’“”–—…\u00a0]")
UNUSUAL_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: ftfy judges mojibake by its neighbours, so trimming a no-break space can expose some
#: ("\u00a0Æƒ" stays, "Æƒ" is "ƃ" read as Windows-1252): after a space repair ftfy looks
#: again, so a second run of the stage finds nothing. Each round only removes characters
#: or repairs mojibake; three rounds covered every case the property tests found.
MAX_ROUNDS = 3
SPACE_RUN = regex.compile(r"(?<= ) +|^ +| +$")
#: The same, over the whole text at once (line ends are "\n" there).
SPACE_RUN_TEXT = regex.compile(r"  |^ | $", regex.MULTILINE)


def rules(dictionaries: str | None = None) -> list[Rule]:
    """The unicode stage's rule records."""
    return _rules(str(dictionaries_dir(dictionaries)))


@functools.cache
def _rules(folder: str) -> list[Rule]:
    return load_rule_file(Path(folder) / "unicode.yaml", frozenset())


@functools.cache
def ftfy_config(disabled: frozenset[str]) -> ftfy.TextFixerConfig:
    """Return FTFY_CONFIG with the fixers of disabled rule codes turned off."""
    changes: dict[str, object] = {}
    for code in disabled:
        for option in FTFY_OPTION_OF_CODE.get(code, ()):
            changes[option] = False
    if "U108" in disabled:
        changes["normalization"] = None
    return FTFY_CONFIG._replace(**changes)


def _step_code(step: tuple[str, str]) -> str:
    kind, name = step
    if kind == "normalize":
        return "U108"
    if kind == "apply" and name in FIXER_CODES:
        return FIXER_CODES[name]
    return "U101"


def _apply_step(text: str, step: tuple[str, str]) -> str:
    """Replay one step of ftfy's plan (ftfy's own apply_plan has no "normalize")."""
    kind, name = step
    if kind == "normalize":
        return unicodedata.normalize(name, text)
    return ftfy.apply_plan(text, [step])


def _fix_long_line(line: str, number: int, config: ftfy.TextFixerConfig) -> tuple[list[Edit], str]:
    """Repair a line longer than ftfy's segment bound in segments, exactly as ``ftfy.fix_text`` does.

    One fix_and_explain over tens of MB would be unbounded work and could
    repair across what fix_text treats as separate segments; cutting at
    ``max_decode_length`` keeps the cost linear and the result byte-identical
    to ftfy on the same line. The whole change is recorded as one edit, coded
    by the first repair made (a line this long is a scrape accident, not
    prose to explain step by step).
    """
    size = config.max_decode_length
    pieces: list[str] = []
    code: str | None = None
    for start in range(0, len(line), size):
        segment = line[start : start + size]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)  # as fix_text: for this and every later segment
        fixed, plan = ftfy.fix_and_explain(segment, config)
        if code is None and fixed != segment:
            code = _step_code(plan[0]) if plan else "U101"
        pieces.append(fixed)
    result = "".join(pieces)
    if result == line:
        return [], line
    return [Edit(STAGE, code or "U101", number, line, result)], result


def ftfy_edits(line: str, number: int, config: ftfy.TextFixerConfig) -> tuple[list[Edit], str]:
    """Repair one line with ftfy; return one chained edit per rule and the result.

    The result always equals ``ftfy.fix_text(line, config)``: lines longer than
    ftfy's segment bound are repaired in the same segments fix_text uses.
    """
    if not MAY_NEED_FTFY.search(line):
        return [], line
    if len(line) > config.max_decode_length:
        return _fix_long_line(line, number, config)
    fixed, plan = ftfy.fix_and_explain(line, config)
    if fixed == line:
        return [], line
    edits: list[Edit] = []
    current = line
    value = line
    for index, step in enumerate(plan):
        value = _apply_step(value, step)
        code = _step_code(step)
        next_code = _step_code(plan[index + 1]) if index + 1 < len(plan) else None
        if code != next_code and value != current:
            edits.append(Edit(STAGE, code, number, current, value))
            current = value
    if current != fixed:  # ftfy's plan did not replay exactly: record the rest as mojibake
        edits.append(Edit(STAGE, "U101", number, current, fixed))
    return edits, fixed


def _may_have_space_runs(text: str) -> bool:
    """Cheap test before the space-run search: str.find runs at memory speed."""
    return "  " in text or " \n" in text or "\n " in text or text.startswith(" ")


@functools.cache
def _character_scan(run_ftfy: bool, spaces: bool) -> re.Pattern[str] | None:
    """One character class for every character the enabled rules could touch.

    One pass of Python's re over a class runs at hundreds of MB/s; a pass per
    rule, or an alternation, is several times slower. With both ftfy and U201
    on, the class is the prefilter's without its two allowed spaces (tab, NBSP).
    """
    if run_ftfy and spaces:
        return re.compile(r"[^\n\x20-\x25\x27-\x7e‘’“”–—…]")
    if run_ftfy:
        return MAY_NEED_FTFY
    return UNUSUAL_SPACE if spaces else None


def lines_to_check(text: str, patterns: list[re.Pattern[str] | regex.Pattern[str]]) -> list[int]:
    """Return the (0-based) lines of ``text`` where any pattern matches, in order.

    Clean news is mostly lines no rule can touch; finding the few that need
    work with whole-text searches keeps the per-line Python loop off them.
    Each search resumes after the line it hit, so a line full of accented
    names costs one search, not one per letter. ``text`` ends in a line break.
    """
    found: set[int] = set()
    for pattern in patterns:
        position = line = 0
        while (match := pattern.search(text, position)) is not None:
            start = match.start()
            line += text.count("\n", position, start)
            found.add(line)
            position = text.find("\n", start) + 1
            line += 1
            if position == 0:
                break
    return sorted(found)


def run(doc: Document, config: Config) -> Document:
    """Repair every line of the document; see the module docstring."""
    enabled = enabled_codes(config, STAGE)
    all_codes = {rule.code for rule in rules(config.dictionaries)}
    fix_config = ftfy_config(frozenset(all_codes - enabled))
    run_ftfy = bool(enabled & set(FTFY_OPTION_OF_CODE) | ({"U108"} & enabled))
    text = doc.text
    scan = _character_scan(run_ftfy, "U201" in enabled)
    patterns: list[re.Pattern[str] | regex.Pattern[str]] = [scan] if scan is not None else []
    if "U202" in enabled and _may_have_space_runs(text):
        patterns.append(SPACE_RUN_TEXT)
    edits: list[Edit] = []
    # A YAML front matter block that boilerplate lifts (B906) is left as written: indentation is
    # its syntax, and its values are metadata a page (or cleaner's own md output) already
    # holds; repaired again out of their first context, ftfy could read them differently.
    reads_front_matter = doc.lines and doc.lines[0].strip() == "---" and "B906" in enabled_codes(config, "boilerplate")
    block = front_matter(doc.lines) if reads_front_matter else None
    first_line = block[0] + 1 if block is not None else 0
    for index in lines_to_check(text, patterns):
        if index < first_line:
            continue
        number, line = index + 1, doc.lines[index]
        current = line
        for _round in range(MAX_ROUNDS):
            if run_ftfy:
                line_edits, current = ftfy_edits(current, number, fix_config)
                edits.extend(line_edits)
            spaced = current
            if "U201" in enabled and UNUSUAL_SPACE.search(current):
                after = UNUSUAL_SPACE.sub(" ", current)
                edits.append(Edit(STAGE, "U201", number, current, after))
                current = after
            if "U202" in enabled and SPACE_RUN.search(current):
                after = SPACE_RUN.sub("", current)
                edits.append(Edit(STAGE, "U202", number, current, after))
                current = after
            if current == spaced or not run_ftfy:
                break
    return doc.with_edits(edits)


def repair(value: str, config: Config) -> str:
    """Return one value (a line's worth of text) as this stage repairs a line that holds it alone.

    Example: "CafÃ© owners" gives "Café owners". Front matter is left as written in
    the text (YAML needs its indentation, and a value repaired once could read
    differently out of its line), so boilerplate repairs each lifted value on its
    own: the same context as the headline or byline line it once came from.
    """
    lines = run(Document.from_text(value + "\n"), config).lines
    return lines[0] if lines else value
