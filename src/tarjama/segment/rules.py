"""Where sentences end inside one chunk of running text, for Arabic and English alike.

One linear pass: candidate terminators are found by a regular expression, then each is judged
by bounded looks at the word before and the word after it (abbreviations, initials, list
numbers, letter case, URLs, e-mails and markdown links), so the cost never grows faster
than the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from tarjama.languages import DIGITS

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
# Every alternative starts at a fixed anchor or a token boundary, so a long token is scanned
# once, not once per position.
_PROTECTED_RE = re.compile(
    r"!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)"
    r"|(?<![\w])(?:https?|ftp)://[^\s<>\"\[\]]+"
    r"|(?<![\w.])www\.[^\s<>\"\[\]]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?'\"»”’؟،؛…)"

ARABIC_LETTER_CLASS = "\u0621-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff"
_ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTER_CLASS}]")
# Single Arabic letters (with an optional tatweel, as in هـ) and dotted runs of them: د. م.
# أ. ص.ب. أ.د. ق.م. are abbreviations, never sentence ends.
_ARABIC_ABBREV_RE = re.compile(
    f"(?:[{ARABIC_LETTER_CLASS}]\u0640?\\.)*[{ARABIC_LETTER_CLASS}]\u0640?"
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
     "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Abbreviations that stand before a number: No. 5, p. 12, vol. 2, fig. 3.
NUMERIC_ABBREVIATIONS = frozenset(
    {"no", "nos", "nr", "p", "pp", "vol", "vols", "fig", "figs", "ch", "chap", "sec", "art",
     "op", "tel", "ed", "ex", "par", "para", "pt"}
)
# Words that start sentences: after a dotted acronym (U.S., a.m.) they show a new sentence.
SENTENCE_STARTERS = frozenset(
    {"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but",
     "this", "that", "there", "these", "those", "however", "what", "when", "where", "why",
     "how", "his", "her", "its", "their", "our", "my", "if", "as", "after", "before", "for",
     "and", "also", "so", "yet", "then", "while", "since", "some", "many", "most", "one"}
)
_DOTTED_ACRONYM_RE = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ROMAN_RE = re.compile(r"[IVXLC]{1,6}")
_NUMBER_RE = re.compile(f"[{DIGITS}]{{1,3}}")
_LOOK = 64  # how far a judgement looks back or ahead, in characters: keeps the pass linear


def protected_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of markdown links, URLs and e-mail addresses, in order."""
    spans = []
    for match in _PROTECTED_RE.finditer(text):
        start, end = match.span()
        if not text.startswith("[", start) and not text.startswith("![", start):
            # A URL's trailing punctuation belongs to the sentence; a closing bracket stays
            # when the URL opened one (Wikipedia addresses).
            while end > start and text[end - 1] in _URL_TRAILING:
                if text[end - 1] == ")" and text.count("(", start, end) >= text.count(
                    ")", start, end
                ):
                    break
                end -= 1
        if end > start:
            spans.append((start, end))
    return spans


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
    return parts[0].lstrip(OPENERS) if parts else ""


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
            before, _ = _word_before(text, word_start)
            before = before.rstrip()
            if before and before[-1].isdigit():
                return False  # "عام 1950 م." ends a sentence
        return True
    if word in ARABIC_SPELLED_LETTERS:
        return True
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
    return (
        before[-2:].isalpha() and before[-2:].islower()
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
