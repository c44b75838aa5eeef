"""Finding placeholders and markup in a text (printf, Python, Qt, braces, XML tags, BBCode,
markdown links, URLs, e-mails) and masking them so checks read only the prose.

The one detector of the project, in the core so that every layer shares it: the checks compare
and mask with it, the memory substitutes placeables with it, and the exchange formats write
what it finds as inline codes (:mod:`tarjama.formats.inline`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarjama.languages import ARABIC_BLOCK, DIGITS

_DIGIT = DIGITS
# URLs end at space, quotes, brackets and Arabic script (an Arabic word glued to a link).
_URL_STOP = r"\s<>\"'«»()\[\]{}" + ARABIC_BLOCK

# One alternation, tried left to right at each position; the group name is the kind. Escapes
# (``%%``, ``{{``, ``}}``) are matched so that they are skipped, never reported.
_PLACEHOLDER_RE = re.compile(
    r"(?P<escape>%%|\{\{|\}\})"
    r"|(?P<mdlink>\[[^\[\]\n]{0,200}\]\((?P<mdurl>[^)\[\]\s]++)\))"
    rf"|(?P<url>(?:https?|ftp)://[^{_URL_STOP}]+|www\.[A-Za-z0-9-]++\.[^{_URL_STOP}]+)"
    r"|(?P<email>[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}+(?:\.[A-Za-z0-9-]{1,63}+)+)"
    r"|(?P<tag></?(?P<tagname>[A-Za-z][A-Za-z0-9:-]*+)(?P<attrs>\s[^<>]*+)?/?>)"
    r"|(?P<bbcode>\[/?(?:b|i|u|s|url|img|quote|code|color|size|list|center|\*)(?:=[^\[\]\n]*+)?\])"
    r"|(?P<pyformat>%\([^)\n]{1,60}\)[-#0 +]*+(?:\d++|\*)?(?:\.(?:\d++|\*))?[diouxXeEfFgGcrsa])"
    # A % right after a digit is a percent sign (``50%d`` is rare, ``50% done`` is common), and
    # a space flag is not accepted, so ``100% of`` is not read as the conversion ``% o``.
    rf"|(?<![{_DIGIT}])(?P<printf>%(?:\d++\$)?[-+#0']*+(?:\d++|\*)?(?:\.(?:\d++|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn])"
    rf"|(?<![{_DIGIT}])(?P<qt>%L?\d{{1,2}})"
    r"|(?P<brace>\{(?:[A-Za-z_][A-Za-z0-9_.\[\]]*+|\d++)?(?:![rsa])?(?::[^{}\s]{0,20})?\})"
)
_GATE_RE = re.compile(r"[%{}<\[@]")
# Where a match can start when the text has no "@", "://" or "www." (no e-mail or URL can
# match then): every other alternative starts with one of these characters.
_START_RE = re.compile(r"[%{}<\[]")
_TRAILING = ".,;:!?،؛؟…"
_HREF_RE = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.I)


# The kind of a match whose group name is not its kind.
_KIND_OF_GROUP = {"mdlink": "link", "tagname": "tag", "attrs": "tag", "mdurl": "link"}


def _kind(match: re.Match[str]) -> str | None:
    """The kind of a match (its group's name), None for an escape, which is never reported."""
    group = match.lastgroup
    if group is None or group == "escape":
        return None
    return _KIND_OF_GROUP.get(group, group)


def _key(match: re.Match[str]) -> tuple[str, str] | None:
    kind = _kind(match)
    if kind is None:
        return None
    if kind == "tag":
        name = match.group("tagname").lower()
        text = match.group("tag")
        closing = "/" if text.startswith("</") else ""
        selfclosing = "/" if text.endswith("/>") else ""
        href = _HREF_RE.search(match.group("attrs") or "")
        where = f" {href.group(1)}" if href else ""
        return "tag", f"<{closing}{name}{where}{selfclosing}>"
    if kind == "link":
        return "link", f"[...]({match.group('mdurl')})"
    if kind == "url":
        # A final slash names the same page ("example.org/" = "example.org").
        return "url", match.group("url").rstrip(_TRAILING).rstrip("/")
    if kind == "email":
        return "email", match.group("email").rstrip(".")
    if kind == "bbcode":
        return "bbcode", match.group("bbcode").lower()
    return kind, match.group(kind)  # pyformat, printf, qt, brace: the text as written


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_PLACEHOLDER_RE.finditer(text)``, cheaply: a text with none of the characters every
    alternative needs gives nothing without running the pattern (most texts), and one with no
    e-mail or URL is only tried where a match can start, not at every position (the pattern's
    alternatives cannot tell the regex engine where to look)."""
    if not _GATE_RE.search(text):
        if "://" not in text and "www." not in text:
            return
    elif "@" not in text and "://" not in text and "www." not in text:
        search, match = _START_RE.search, _PLACEHOLDER_RE.match
        start = search(text)
        while start is not None:
            found = match(text, start.start())  # lookbehinds still see the text before
            if found is None:
                start = search(text, start.start() + 1)
            else:
                yield found
                start = search(text, found.end())
        return
    yield from _PLACEHOLDER_RE.finditer(text)


def find_placeholders(text: str) -> list[tuple[str, str]]:
    """``(kind, token)`` for every placeholder, tag, link, URL and e-mail in ``text``, in order.

    Tokens are normalised for comparison: tags by name (and ``href``/``src``), URLs without the
    sentence punctuation that follows them.
    """
    found = []
    for match in _matches(text):
        key = _key(match)
        if key is not None:
            found.append(key)
    return found


def iter_placeholders(text: str) -> Iterator[tuple[re.Match[str], str, str]]:
    """The matches of :func:`find_placeholders` with their ``(kind, token)``, for callers that
    need where each one is (the memory substitutes placeables in place)."""
    for match in _matches(text):
        key = _key(match)
        if key is not None:
            yield match, key[0], key[1]


def iter_placeholder_kinds(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """The matches of :func:`iter_placeholders` with their kind alone, for callers that need
    no token (inline codes): the tokens' normalising is skipped."""
    for match in _matches(text):
        kind = _kind(match)
        if kind is not None:
            yield match, kind


# What a placeholder is replaced by in the masked text: a symbol, neither letter, digit nor
# space, so "في %s." does not look like a space before the full stop.
MASK = "\ufffc"


def mask_placeholders(text: str) -> str:
    """``text`` with every placeholder, tag, link, URL and e-mail replaced by U+FFFC, so that
    the numbers and words inside them are not read as prose."""
    if not _GATE_RE.search(text) and "://" not in text and "www." not in text:
        return text  # every alternative needs one of these: nothing to mask (most texts)
    return _PLACEHOLDER_RE.sub(lambda m: m.group() if m.lastgroup == "escape" else MASK, text)
