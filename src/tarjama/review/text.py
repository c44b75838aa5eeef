"""How a text is shown on the review page: cut into spans of prose, placeables (placeholders,
tags, links: as the checks find them), numbers (in any digit system) and invisible characters,
and word-level differences between two texts.

Spans are plain ``(kind, text, label)`` tuples; the template escapes every text it prints.
"""

from __future__ import annotations

import difflib
import re

from tarjama.languages import ARABIC_LETTER_MARK, NUMBER_RE, TATWEEL
from tarjama.placeholders import iter_placeholders

# Kinds of span.
TEXT, PLACEABLE, NUMBER, INVISIBLE = "t", "p", "n", "i"
# Kinds of diff span.
SAME, DELETED, INSERTED = "=", "-", "+"

Span = tuple[str, str, str]

# Characters a reviewer cannot see but that change how a text is read or shown, with the name
# the page shows for each when invisible characters are made visible.
INVISIBLE_NAMES: dict[str, str] = {
    "\u200e": "LRM", "\u200f": "RLM", ARABIC_LETTER_MARK: "ALM",
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u00a0": "NBSP", "\u202f": "NNBSP", "\u2007": "FIGSP", "\u2060": "WJ", "\ufeff": "BOM",
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u00ad": "SHY",
    TATWEEL: "TATWEEL",
}
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE_NAMES)) + "]")
_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


def _prose(text: str, spans: list[Span]) -> None:
    """Prose, with its invisible characters as spans of their own."""
    if not _INVISIBLE_RE.search(text):
        if text:
            spans.append((TEXT, text, ""))
        return
    start = 0
    for match in _INVISIBLE_RE.finditer(text):
        if match.start() > start:
            spans.append((TEXT, text[start:match.start()], ""))
        spans.append((INVISIBLE, match.group(), INVISIBLE_NAMES[match.group()]))
        start = match.end()
    if start < len(text):
        spans.append((TEXT, text[start:], ""))


def _with_numbers(text: str, spans: list[Span]) -> None:
    start = 0
    for match in NUMBER_RE.finditer(text):
        _prose(text[start:match.start()], spans)
        spans.append((NUMBER, match.group(), ""))
        start = match.end()
    _prose(text[start:], spans)


def spans(text: str) -> list[Span]:
    """``text`` cut into prose, placeables, numbers and invisible characters, in order; the
    texts of the spans put together give ``text`` back exactly."""
    result: list[Span] = []
    start = 0
    for match, kind, _ in iter_placeholders(text):
        _with_numbers(text[start:match.start()], result)
        result.append((PLACEABLE, match.group(), kind))
        start = match.end()
    _with_numbers(text[start:], result)
    return result


def word_diff(old: str, new: str) -> list[Span]:
    """The word-level changes from ``old`` to ``new``: kept, deleted and inserted runs (words,
    punctuation marks and white space are the units), in reading order."""
    a, b = _WORD_RE.findall(old), _WORD_RE.findall(new)
    result: list[Span] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result.append((SAME, "".join(a[a1:a2]), ""))
            continue
        if a2 > a1:
            result.append((DELETED, "".join(a[a1:a2]), ""))
        if b2 > b1:
            result.append((INSERTED, "".join(b[b1:b2]), ""))
    return result
