"""How a line reads: prose, a headline, a heading, or a sentence broken across lines.

Boilerplate (which lifts titles and measures the article's head and tail) and
layout (which marks headings and joins broken lines) must agree on these
judgements, or a second run would see a different article than the first.
"""

from __future__ import annotations

#: A sentence ends in one of these, perhaps followed by closing quotes or a bracket.
STOPS = frozenset(".!?…:;")
CLOSERS = "'\"’”)"
#: Headings in the seeds run to 8 words ("North Korea rebalances ties with Moscow and
#: Beijing"); past 14 a line without a stop is more likely a caption or a teaser.
MAX_HEADING_WORDS = 14


def ends_sentence(line: str) -> bool:
    """Say whether a line ends like a sentence: a stop, then only closing quotes or brackets.

    Example: 'He left.”' ends a sentence; "He left. " (trailing space) and "Why It Matters" do not.
    Only the line's end is read, so a long paragraph costs no more than a short one.
    """
    body = line.rstrip(CLOSERS)
    return bool(body) and body[-1] in STOPS


def word_count(line: str) -> int:
    """Count whitespace-separated words."""
    return len(line.split())


def is_prose(line: str, words: int | None = None) -> bool:
    """Say whether a line reads like article prose: a sentence of some length.

    ``words`` is the line's word count when the caller has it already.
    Example: "Kim last visited China in early 2019." is prose; "Why It Matters" is not.
    """
    return (word_count(line) if words is None else words) >= 6 and ends_sentence(line)


def is_dek(line: str) -> bool:
    """Say whether a line reads like a dek (standfirst): a sentence-case summary, stop or no stop.

    Example: "The measure sends $40 billion to states for roads and bridges" is a dek;
    "Senate Passes Spending Bill After Long Debate" (Title Case) is a headline.
    Whether it is one depends on where it stands: boilerplate asks only of the
    line under a headline and over a byline.
    """
    words = line.split()
    if not 8 <= len(words) <= 60 or not line[:1].isupper() or line.rstrip().endswith((",", ":")):
        return False
    capitalized = sum(1 for word in words[1:] if word[:1].isupper())
    return capitalized * 2 < len(words) - 1


#: Words no headline ends on, in lower case: a line ending in one is a sentence cut by a hard
#: wrap ("Fares will rise for the" over "North Side, the board decided."). Prepositions are
#: left out: headings strand them ("Where the money comes from", "The results are in"), and a
#: capital is a name ("Champions of Serie A").
DANGLING = frozenset({"a", "an", "and", "or", "the"})


def is_title_like(line: str) -> bool:
    """Say whether a line looks like a headline: short, capitalized, no final stop, not cut mid-phrase."""
    words = line.split()
    if not 2 <= len(words) <= 20 or ends_sentence(line) or not line[:1].isupper():
        return False
    return not line.rstrip().endswith(",") and words[-1] not in DANGLING


def is_heading(text: str) -> bool:
    """Say whether a one-line paragraph reads as a section heading."""
    return is_title_like(text) and word_count(text) <= MAX_HEADING_WORDS


#: What the bytes 0x80–0xBF (UTF-8 continuation bytes) print as when read as Windows-1252 or Latin-1.
MOJIBAKE_CONTINUATIONS = frozenset(
    bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xC0)
) | frozenset(chr(byte) for byte in range(0x80, 0xC0))


def breaks_mid_sentence(line: str, following: str) -> bool:
    """Say whether ``line`` stops mid-sentence and ``following`` carries on.

    Example: "commemorates China’s victory" + "over “Japanese aggression.”" is True.
    A line ending in what could be the start of a mojibake sequence is never joined: a
    Latin-1 letter from Â to ô (a UTF-8 lead byte read as Windows-1252), perhaps followed
    by continuation characters ("áƒ"). The joining space would read to ftfy as a broken
    no-break space ("áƒ" + " " is the Georgian "რ"), and a second run would differ.
    """
    last = line[-1:]
    if not last or not (last.isalnum() or last == ","):
        return False
    tail = line.rstrip("".join(MOJIBAKE_CONTINUATIONS))[-1:] if last in MOJIBAKE_CONTINUATIONS else last
    if tail and "\u00c2" <= tail <= "\u00f4":
        return False
    return following[:1].islower()
