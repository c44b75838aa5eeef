"""Where sentences end inside one chunk of running text, for Arabic and English alike.

One linear pass: candidate terminators are found by a regular expression, then each is judged
by bounded looks at the word before and the word after it (abbreviations, initials, list
numbers, letter case, URLs, e-mails and markdown links), so the cost never grows faster
than the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from tarjama.languages import (
    ARABIC_BASE_LETTERS,
    ARABIC_EXTENDED_LETTERS,
    ARABIC_LETTER_MARK,
    DIGITS,
    TATWEEL,
)

# Sentence terminators. The Arabic semicolon ends a segment (the issue lists it, and Arabic
# writers use it between full clauses); the Latin semicolon and both commas never do.
TERMINATORS = ".!?…؟؛۔‼⁇⁈⁉"
# What may follow a terminator and still belong to the sentence it ends.
CLOSERS = "\"'”’»›)]}"
OPENERS = "\"'“‘«‹([{-—–"
# Characters that, seen first after a terminator, show the sentence goes on.
CONTINUERS = ",،;:"
# Punctuation a finished clause ends with (used by the paragraph heuristics too).
CLAUSE_END = TERMINATORS + CONTINUERS

_CANDIDATE_RE = re.compile(f"[{re.escape(TERMINATORS)}]+[{re.escape(CLOSERS)}]*")

# Spans whose dots and question marks are not punctuation: markdown links, URLs, e-mails.
# Each kind is found from a literal anchor ("[", "://", "www.", "@") that the regular
# expression engine or str.find scans for quickly, then grown with a bounded pattern: a text
# without links costs four fast scans, and a long token is never rescanned per position.
_MARKDOWN_LINK_RE = re.compile(r"\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)")
_SCHEME_RE = re.compile(r"(?:https?|ftp)$", re.IGNORECASE)
_URL_BODY_RE = re.compile(r"[^\s<>\"\[\]]+")
_MAIL_DOMAIN_RE = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_URL_TRAILING = ".,;:!?'\"»”’؟،؛…)"


def _find_all(text: str, needle: str) -> list[int]:
    found = []
    position = text.find(needle)
    while position >= 0:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _trim_url(text: str, start: int, end: int) -> int:
    """A URL's trailing punctuation belongs to the sentence; a closing bracket stays when the
    URL opened one (Wikipedia addresses)."""
    if text[end - 1:end] not in _URL_TRAILING:
        return end
    # Counted once, then kept up to date (counting again at each ")" was n * n).
    opened, closed = text.count("(", start, end), text.count(")", start, end)
    while end > start and text[end - 1] in _URL_TRAILING:
        if text[end - 1] == ")":
            if opened >= closed:
                break
            closed -= 1
        end -= 1
    return end


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of markdown links, URLs and e-mail addresses, in order, disjoint."""
    spans = [match.span() for match in _MARKDOWN_LINK_RE.finditer(text)]
    # A "://" or "www." inside the body of the URL before it would give a URL ending where
    # that one ends, inside its span: skipped, so that a run of them is read once, not n times.
    covered = 0
    for colon in _find_all(text, "://"):
        if colon < covered:
            continue
        scheme = _SCHEME_RE.search(text, max(0, colon - 5), colon)
        body = _URL_BODY_RE.match(text, colon + 3)
        if scheme is None or body is None:
            continue
        start = scheme.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        covered = body.end()
        spans.append((start, _trim_url(text, start, body.end())))
    covered = 0
    for start in sorted(_find_all(text, "www.") + _find_all(text, "WWW.")):
        if start < covered or (start > 0 and (
                text[start - 1].isalnum() or text[start - 1] in "._/")):
            continue  # inside a URL or a word, already covered or not a web address
        body = _URL_BODY_RE.match(text, start)
        if body is not None:
            covered = body.end()
            spans.append((start, _trim_url(text, start, body.end())))
    for at in _find_all(text, "@"):
        start = at
        while start > max(0, at - 64) and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        domain = _MAIL_DOMAIN_RE.match(text, at)
        if start < at and domain is not None:
            spans.append((start, domain.end()))
    if len(spans) < 2:
        return [span for span in spans if span[1] > span[0]]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


ARABIC_LETTER_CLASS = ARABIC_BASE_LETTERS + ARABIC_EXTENDED_LETTERS
_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTER_CLASS}]")
# Single Arabic letters (with an optional tatweel, as in هـ) and dotted runs of them: د. م.
# أ. ص.ب. أ.د. ق.م. are abbreviations, never sentence ends.
_ARABIC_ABBREV_RE = re.compile(
    f"(?:[{ARABIC_LETTER_CLASS}]{TATWEEL}?\\.)*[{ARABIC_LETTER_CLASS}]{TATWEEL}?"
)
# Latin letters spelled in Arabic (بي. سي. آر. for B.C.R.): initials, not sentence ends.
ARABIC_SPELLED_LETTERS = frozenset(
    {"إيه", "بي", "سي", "دي", "إف", "جي", "إتش", "آي", "جاي", "كي", "إل", "إم", "إن", "كيو",
     "آر", "إس", "تي", "يو", "دبليو", "إكس", "واي", "زد"}
)
# After a year, م. (AD) and هـ. (AH) often do end the sentence.
_ERA_LETTERS = frozenset({"م", "هـ", "ه"})

# English abbreviations that are never followed by a sentence break: titles before a name,
# and the Latin ones that introduce what follows.
TITLE_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "ft", "gen", "sen", "rep", "gov", "col",
     "lt", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "rev", "hon", "pres", "fr", "sr", "jr",
     "messrs", "mme", "mlle", "e.g", "i.e", "eg", "ie", "cf", "viz", "vs", "v", "al", "approx",
     "ca", "esp", "incl", "dept", "univ", "assn", "bros", "jan", "feb", "mar", "apr", "jun",
     "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "figs", "eq", "ref", "refs"}
)
# Abbreviations that stand before a number: No. 5, p. 12, vol. 2, fig. 3.
NUMERIC_ABBREVIATIONS = frozenset(
    {"no", "nos", "nr", "p", "pp", "vol", "vols", "ch", "chap", "sec", "art",
     "op", "tel", "ed", "ex", "par", "para", "pt"}
)
# Words that start sentences: after a dotted acronym (U.S., a.m.) they show a new sentence.
SENTENCE_STARTERS = frozenset(
    {"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but",
     "this", "that", "there", "these", "those", "however", "what", "when", "where", "why",
     "how", "his", "her", "its", "their", "our", "my", "if", "as", "after", "before", "for",
     "and", "also", "so", "yet", "then", "while", "since", "some", "many", "most", "one",
     "such", "although", "because", "despite", "during", "from", "moreover", "furthermore",
     "meanwhile", "to", "with", "by", "each", "all", "both", "no", "not", "now", "other",
     "according", "further", "additionally", "several", "until", "unlike", "thus",
     "therefore", "here", "today", "your", "officials", "experts"}
)
_DOTTED_ACRONYM_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ROMAN_RE = re.compile(r"[IVXLC]{1,6}")
_NUMBER_RE = re.compile(f"[{DIGITS}]{{1,3}}")
_FORMAT_CHARS = ("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f" + ARABIC_LETTER_MARK
                 + "\u202a\u202b\u202c\u202d\u202e")
_LOOK = 64  # how far a judgement looks back or ahead, in characters: keeps the pass linear


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """The run of non-space characters ending at ``pos`` without its opening punctuation,
    and where it starts."""
    window_start = max(0, pos - _LOOK)
    window = text[window_start:pos]
    if not window or window[-1].isspace():
        return "", pos
    parts = window.split()
    word = parts[-1] if parts else ""
    start = pos - len(word)
    stripped = word.lstrip(OPENERS)
    return stripped, start + (len(word) - len(stripped))


def _word_after(text: str, pos: int) -> str:
    """The first word after ``pos``, without leading white space and opening punctuation."""
    window = text[pos:pos + _LOOK].lstrip()
    if window and window[0] in CONTINUERS:
        return window[0]
    parts = window.split(maxsplit=1)
    # Invisible format characters (zero-width space, bidi marks) are not the next word.
    return parts[0].lstrip(OPENERS + _FORMAT_CHARS) if parts else ""


def _is_period_abbreviation(
    text: str, run: str, word: str, word_start: int, next_word: str, line_starts: Collection[int]
) -> bool:
    """True when the period ending ``word`` marks an abbreviation, an initial or a list number
    rather than the end of a sentence."""
    if run != "." or not word:
        return False
    at_line_start = word_start == 0 or word_start in line_starts
    if at_line_start and (_NUMBER_RE.fullmatch(word) or _ROMAN_RE.fullmatch(word)):
        return True  # a numbered list item: "1. ", "١. ", "IV. "
    if _ARABIC_ABBREV_RE.fullmatch(word):
        if word in _ERA_LETTERS:
            before = text[max(0, word_start - _LOOK):word_start].split()
            if before and before[-1][-1].isdigit():
                return False  # "عام 1950 م." ends a sentence
        return True
    if word in ARABIC_SPELLED_LETTERS:
        # Initials only in a dotted run (بي. سي. آر.): alone, "سي." may end a name (كيو في سي.).
        before = text[max(0, word_start - _LOOK):word_start].split()
        return next_word.rstrip(".") in ARABIC_SPELLED_LETTERS or (
            bool(before) and before[-1].endswith(".")
            and before[-1].rstrip(".") in ARABIC_SPELLED_LETTERS
        )
    if len(word) == 1 and word.isalpha():
        return True  # an initial: J. R. R. Tolkien
    lowered = word.lower()
    if lowered in TITLE_ABBREVIATIONS:
        return True
    if lowered in NUMERIC_ABBREVIATIONS:
        return bool(next_word[:1].isdigit())
    if _DOTTED_ACRONYM_RE.fullmatch(word):
        # U.S., a.m.: an abbreviation unless a typical sentence opener follows.
        return next_word.lower().strip(CLOSERS) not in SENTENCE_STARTERS
    return False


def _no_space_break(text: str, start: int, end: int) -> bool:
    """A terminator glued to the next sentence (``days.The``, ``أسابيع.وتم``), as scraped
    and machine-joined text has them: break only between two real words."""
    before, _ = _word_before(text, start)
    after = text[end:end + _LOOK].split(maxsplit=1)[0] if end < len(text) else ""
    if len(before) < 2 or len(after) < 2:
        return False
    if _ARABIC_LETTER_RE.fullmatch(before[-1]) and _ARABIC_LETTER_RE.fullmatch(after[0]):
        # Arabic has no case to tell; three letters exclude spelled initials (آر.سي).
        return len(before) >= 3 and bool(_ARABIC_LETTER_RE.fullmatch(after[1]))
    # Latin: a lower-case letter, a digit or a closing bracket before (days.The, SARS-CoV.The,
    # 2020).Other), a capitalised word after; acronyms (ASP.NET) and domains stay whole.
    last = before[-1]
    return (
        (last.islower() or last.isdigit() or last in CLOSERS)
        and after[0].isupper() and after[1].islower()
    )


def boundaries(text: str, line_starts: Collection[int] = ()) -> list[int]:
    """Offsets in ``text`` where a sentence ends (after its terminator and closing marks).

    ``line_starts`` are offsets where a line of the source began (a list number there is not
    a sentence end). The end of the text is not included.
    """
    spans = protected_spans(text)
    span_index = 0
    found: list[int] = []
    length = len(text)
    for match in _CANDIDATE_RE.finditer(text):
        start, end = match.span()
        while span_index < len(spans) and spans[span_index][1] <= start:
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= start:
            continue  # inside a link, URL or address
        if end >= length:
            continue
        if not text[end].isspace():
            if text[end].isalpha() and _no_space_break(text, start, end):
                found.append(end)
            continue
        next_word = _word_after(text, end)
        if not next_word:
            continue
        first = next_word[0]
        if first.islower() or first in CONTINUERS:
            continue  # the sentence goes on: "e.g. the", "“Why?” he asked"
        run = match.group().rstrip(CLOSERS)
        word, word_start = _word_before(text, start)
        if _is_period_abbreviation(text, run, word, word_start, next_word, line_starts):
            continue
        found.append(end)
    return found


def split_text(text: str, line_starts: Collection[int] = ()) -> list[tuple[int, str]]:
    """The sentences of ``text`` with their start offsets, stripped, empty ones dropped."""
    pieces = []
    previous = 0
    for cut in [*boundaries(text, line_starts), len(text)]:
        piece = text[previous:cut]
        stripped = piece.strip()
        if stripped:
            pieces.append((previous + len(piece) - len(piece.lstrip()), stripped))
        previous = cut
    return pieces
