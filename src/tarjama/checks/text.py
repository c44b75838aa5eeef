"""Checks of the shape of the translated text: newlines and spaces, end punctuation with
script-aware equivalents, capitals where the script has case, brackets, repeated words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.languages import BIDI_CONTROLS, neutral_punctuation, strip_bidi_controls

# --- newlines and spaces -------------------------------------------------------------------------


@check("newlines", Severity.ERROR, "Same leading and trailing newlines, same number of lines",
       needs="multiline", also=(Severity.WARNING,))
def newlines(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A leading or trailing newline present on one side only is an error (``msgfmt -c``
    rejects it: the program prints the text as a line of its own); a different number of
    inner line breaks is a warning (a translation may rewrap a long message)."""
    source, target = pair.source, pair.target
    if "\n" not in source and "\n" not in target:
        return
    for where, test in (("start", str.startswith), ("end", str.endswith)):
        if test(source, "\n") != test(target, "\n"):
            side = "the source" if test(source, "\n") else "the translation"
            yield Issue(f"only {side} has a newline at the {where}")
    inner_source = source.strip("\n").count("\n")
    inner_target = target.strip("\n").count("\n")
    if inner_source != inner_target:
        yield Issue(
            f"{inner_source} line breaks in the source, {inner_target} in the translation",
            Severity.WARNING,
        )


_SPACES = " \t\u00a0"


@check("whitespace", Severity.WARNING, "Same leading and trailing spaces")
def whitespace(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Spaces at either end usually join the message to another one: they must stay."""
    source = pair.source.strip("\n")
    target = pair.target
    if pair.target_special:
        target = strip_bidi_controls(target)
    target = target.strip("\n")
    if not source or not target:
        return
    if (source[0] in _SPACES) != (target[0] in _SPACES):
        yield Issue("leading space differs from the source")
    if (source[-1] in _SPACES) != (target[-1] in _SPACES):
        yield Issue("trailing space differs from the source")


@check("double-space", Severity.WARNING, "No double spaces in the translation")
def double_space(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    target = pair.target.strip()
    if "  " in target and "  " not in pair.source:
        yield Issue("double space in the translation")


# Languages whose typography puts a space before some marks (French "Quoi ?").
_SPACE_BEFORE_OK = frozenset({"fr", "br"})
_SPACE_BEFORE_ANY_RE = re.compile(" [,.;:!?،؛؟]")
_SPACE_BEFORE_RE = re.compile(r"(?<=\S) +([,.;:!?])(?=\s|$)")


@check("space-before-punctuation", Severity.WARNING, "No space before , . ; : ! ? in the target")
def space_before_punctuation(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Neither English nor Arabic puts a space before a comma or a question mark (``؟`` and
    ``،`` count as ``?`` and ``,``); the source having the same space excuses it."""
    if ctx.target_primary in _SPACE_BEFORE_OK:
        return
    if not _SPACE_BEFORE_ANY_RE.search(pair.target_plain):
        return
    found = _SPACE_BEFORE_RE.findall(neutral_punctuation(pair.target_plain))
    in_source = set(_SPACE_BEFORE_RE.findall(neutral_punctuation(pair.source_plain)))
    extra = [mark for mark in found if mark not in in_source]
    if extra:
        # Each mark named once, in the order met; the count says how many spaces there are.
        marks = " ".join(repr(mark) for mark in dict.fromkeys(extra))
        yield Issue(f"space before {marks}", count=len(extra))


# --- punctuation ---------------------------------------------------------------------------

_CLOSERS = "\"'”’»)]}›>" + "".join(sorted(BIDI_CONTROLS))
_END_MARKS = frozenset(".!?:;,")


def _end_mark(text: str) -> str:
    """The neutral end mark of ``text`` (``؟`` -> ``?``, ``…`` -> ``.``), or '' if it ends
    with something else; closing quotes, brackets and bidi controls are looked through."""
    text = text.rstrip()
    stripped = text.rstrip(_CLOSERS).rstrip()
    if not stripped:
        return ""
    last = neutral_punctuation(stripped[-1])[-1]
    return last if last in _END_MARKS else ""


_MARK_NAMES = {".": "a full stop", "!": "!", "?": "?", ":": ":", ";": ";", ",": ","}


@check("end-punctuation", Severity.WARNING, "Same end punctuation (؟ = ?, ، = ,, ؛ = ;, … = .)")
def end_punctuation(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """The mark a message ends with says what it is (question, sentence, label): it must
    survive, in the target script's form."""
    last = pair.source[-1:]
    if last == pair.target[-1:] and last not in _CLOSERS and not last.isspace():
        return  # the very same last character: the same mark, or none on either side
    source_mark = _end_mark(pair.source)
    target_mark = _end_mark(pair.target)
    if source_mark == target_mark:
        return
    if not pair.target.strip() or not pair.source.strip():
        return
    if not source_mark:
        yield Issue(f"the translation ends with {_MARK_NAMES[target_mark]}, the source does not")
    elif not target_mark:
        yield Issue(f"the source ends with {_MARK_NAMES[source_mark]}, the translation does not")
    else:
        yield Issue(
            f"the source ends with {_MARK_NAMES[source_mark]}, "
            f"the translation with {_MARK_NAMES[target_mark]}"
        )


_FIRST_LETTER_RE = re.compile(r"[^\W\d_]")


@check("start-capital", Severity.WARNING,
       "Same initial capital (only where both scripts have case)",
       applies=lambda ctx: ctx.source_cased and ctx.target_cased)
def start_capital(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Never fires for Arabic or any caseless script on either side."""
    if not (ctx.source_cased and ctx.target_cased):
        return
    first_source = _FIRST_LETTER_RE.search(pair.source_plain)
    first_target = _FIRST_LETTER_RE.search(pair.target_plain)
    if not first_source or not first_target:
        return
    s, t = first_source.group(), first_target.group()
    if s.isupper() and t.islower():
        yield Issue("the source starts with a capital, the translation does not")
    elif s.islower() and t.isupper() and first_source.start() == 0 and first_target.start() == 0:
        yield Issue("the translation starts with a capital, the source does not")


_BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))


_BRACKET_RE = re.compile("[()\\[\\]{}«»“”]")


def _imbalance(marks: list[str]) -> dict[str, tuple[int, bool]]:
    """Per bracket pair, over the bracket characters of a text in order: opened minus
    closed, and whether a closer came before its opener."""
    result = {}
    for opener, closer in _BRACKET_PAIRS:
        if opener not in marks and closer not in marks:
            continue
        depth, dipped = 0, False
        for char in marks:
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth < 0:
                    dipped = True
        result[opener] = (depth, dipped)
    return result


@check("brackets", Severity.ERROR, "Balanced brackets and quotes in the translation",
       also=(Severity.WARNING,))
def brackets(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Brackets and curly or angle quotes must open and close in the translation, unless the
    source is unbalanced the same way (a fragment like ``(optional``). Arabic text is stored in
    logical order: ``)text(`` typed to make it look right is an error too. An odd number of
    straight double quotes is a warning (it may be an inch sign)."""
    target = pair.target_plain
    target_marks = _BRACKET_RE.findall(target)
    if not target_marks and '"' not in target:
        return
    source = pair.source_plain
    source_marks = _BRACKET_RE.findall(source)
    if ctx.target_rtl and ("“" in target_marks or "”" in target_marks):
        # Curly quotes do not mirror: right-to-left writers often type ” to open and “ to
        # close so that they look right. Only their number is judged, as for straight ones.
        curly = [m for m in target_marks if m in "“”"]
        target_marks = [m for m in target_marks if m not in "“”"]
        source_marks = [m for m in source_marks if m not in "“”"]
        if len(curly) % 2:
            yield Issue("odd number of curly double quotes", Severity.WARNING)
    if target.count('"') % 2 and not source.count('"') % 2:
        yield Issue('odd number of straight double quotes (")', Severity.WARNING)
    if target_marks == source_marks:
        return  # the very brackets of the source, in its order: nothing new
    source_state = _imbalance(source_marks)
    for opener, (depth, dipped) in _imbalance(target_marks).items():
        if (depth, dipped) == (0, False):
            continue
        if source_state.get(opener, (0, False)) == (depth, dipped):
            continue
        closer = dict(_BRACKET_PAIRS)[opener]
        if depth > 0:
            yield Issue(f"{opener} opened {depth} more time(s) than {closer} closes it")
        elif depth < 0:
            yield Issue(f"{closer} closes {-depth} more time(s) than {opener} opens")
        else:
            yield Issue(f"{closer} comes before its {opener} (text is stored in logical order)")


# --- words ---------------------------------------------------------------------------------

_REPEATED_RE = re.compile(r"(?<!\w)([^\W\d_]+)\s+\1(?!\w)", re.IGNORECASE)
# Doublings that grammar allows ("he had had enough", "that that is so"), the Arabic
# transliteration of C++ ("سي بلس بلس"), and Persian and Arabic reduplication ("تک تک": one by
# one, "رويدا رويدا": little by little).
_REPEAT_OK = frozenset({"had", "that", "is", "bye", "ha", "no", "very", "so", "knock", "bla",
                        "بلس", "تک", "رويدا", "رویدا", "شيئا", "قليلا", "كل", "هر"})


@check("repeated-word", Severity.WARNING, "No doubled word in the translation (the the)")
def repeated_word(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    words = pair.target_plain.lower().split()
    # A cheap look at neighbouring words first; the regex (with its word boundaries) after.
    if not any(map(str.__eq__, words, words[1:])):
        return
    # One finding per doubled word, with how many times it is doubled; the source is read
    # once for the words it doubles itself (a regex per doubling was n * n, issue 15).
    doubled: dict[str, tuple[str, int]] = {}
    for found in _REPEATED_RE.finditer(pair.target_plain):
        word = found.group(1).lower()
        if word.casefold() in _REPEAT_OK:
            continue
        first, count = doubled.get(word, (found.group(), 0))
        doubled[word] = (first, count + 1)
    if not doubled:
        return
    in_source = {found.group(1).lower() for found in _REPEATED_RE.finditer(pair.source)}
    for word, (first, count) in doubled.items():
        if word not in in_source:
            yield Issue(f"repeated word: {first!r}", count=count)
