"""Placeholders and markup found in the text itself (printf, Python, Qt, XML tags, BBCode,
markdown links, URLs, e-mails), and the check that both sides carry the same set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.placeholders import find_placeholders


def _difference(source: Counter[str], target: Counter[str]) -> Iterator[str]:
    missing = source - target
    extra = target - source
    if missing:
        yield "missing in the translation: " + ", ".join(sorted(missing.elements()))
    if extra:
        yield "not in the source: " + ", ".join(sorted(extra.elements()))


@check("placeholders", Severity.ERROR, "Same placeholders, tags, links, URLs and e-mails",
       also=(Severity.WARNING,))
def placeholders(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Printf, Python, Qt and brace placeholders, tags, BBCode, links, URLs and e-mails must
    be the same multiset on both sides (their order may change: languages reorder phrases).

    A plural unit is compared once, all forms together: a language may leave the count out of
    a form used for exactly one number (Arabic writes "ملف واحد" for one file), as gettext's
    ``msgfmt -c`` allows.
    """
    unit = pair.unit
    brace_ok = "python-brace-format" in unit.flags
    if unit.source_plural is not None:
        sources = {t for text in unit.sources for t in _tokens(text, brace_ok)}
        targets = {t for text in unit.targets for t in _tokens(text, brace_ok)}
        if pair.form == 0:
            for message in _difference(Counter(sources), Counter(targets)):
                yield Issue(message)
        lacking = sorted((sources & targets) - set(_tokens(pair.target, brace_ok)))
        damaged = _damaged(lacking, pair.target)
        if damaged:
            yield Issue(f"msgstr[{pair.form}] has a damaged placeholder: "
                        + ", ".join(damaged))
            lacking = [t for t in lacking if t not in damaged]
        if lacking:
            yield Issue(
                f"msgstr[{pair.form}] lacks {', '.join(lacking)}, which other forms have "
                "(right only if this form is used for one number alone)",
                Severity.WARNING,
            )
        return
    if not pair.source_tokens and not pair.target_tokens:
        return
    source = Counter(token for _, token in pair.source_tokens if brace_ok or token != "{}")
    target = Counter(token for _, token in pair.target_tokens if brace_ok or token != "{}")
    if source != target:
        for message in _difference(source, target):
            yield Issue(message)


# What is left of ``%(name)s`` without its ``%``, tried at each "(" of a text.
_WITHOUT_PERCENT_RE = re.compile(
    r"\([^)\n]{1,60}\)[-#0 +]*+(?:\d++|\*)?(?:\.(?:\d++|\*))?[diouxXeEfFgGcrsa]")


def _damaged(tokens: list[str], target: str) -> list[str]:
    """The ``%(name)s`` of ``tokens`` whose ``%`` was lost or replaced in ``target``
    ("6(name)s"): the rest is still there, not after a ``%``.

    The rest of a placeholder is read once at each "(" of the target and the tokens looked
    up in what was read (one search per token was the tokens times the text, issue 15): as a
    conversion letter is never a flag, width or precision, a token's rest is found at a "("
    exactly when it is what is read there."""
    named = [token for token in tokens if token.startswith("%(")]
    if not named or "(" not in target:
        return []
    present = set()
    at = target.find("(")
    while at != -1:
        if at == 0 or target[at - 1] != "%":
            found = _WITHOUT_PERCENT_RE.match(target, at)
            if found:
                present.add(found.group())
        at = target.find("(", at + 1)
    return [token for token in named if token[1:] in present]


def _tokens(text: str, brace_ok: bool = True) -> list[str]:
    # ``{}`` is a placeholder only in messages flagged python-brace-format; elsewhere it is
    # more often a pair of braces shown to the user ("Curly brackets { }").
    return [token for _, token in find_placeholders(text) if brace_ok or token != "{}"]
