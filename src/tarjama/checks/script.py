"""Checks of the characters a translation is written in: the wrong script left behind, a copy
of the source, bidi controls, tatweel, presentation forms and characters XML cannot carry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.languages import (
    ARABIC_ALPHABET,
    ARABIC_BLOCKS,
    ARABIC_INDIC_DIGITS,
    ARABIC_LETTER_MARK,
    ARABIC_LETTER_RE,
    ARABIC_LETTERS,
    ARABIC_MARKS,
    ARABIC_PRESENTATION_RE,
    BIDI_CONTROLS,
    EXTENDED_ARABIC_INDIC_DIGITS,
    RTL_CHARACTERS,
    TATWEEL,
    count_arabic_letters,
)

_ARABIC_WORD_RE = re.compile(f"[{ARABIC_LETTERS}{ARABIC_MARKS}]+")
_ARABIC_PUNCTUATION = "،؛؟٪٫٬۔"
_ARABIC_DIGITS = ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS
_ARABIC_MARKS_RE = re.compile(f"[{_ARABIC_PUNCTUATION}{_ARABIC_DIGITS}]")


_ANY_ARABIC_RE = re.compile(f"[{ARABIC_BLOCKS}]")


def _arabic_words(text: str) -> list[str]:
    return _ARABIC_WORD_RE.findall(text)


# How many words of a translation are looked for inside the source text (a search each):
# more would make a long entry cost its length squared (issue 15). Words beyond it count as
# quoted only when the source has them as words of their own.
SOURCE_SEARCHES = 64


def _not_quoted(words: list[str], source: str) -> list[str]:
    """The words (in order, as many as :func:`wrong_script` shows and one more) that the
    source does not quote: a word of the source's own is found in a set, any other is
    looked for inside the source's text while the searches last."""
    source_words = set(_arabic_words(source))
    searched: dict[str, bool] = {}
    left: list[str] = []
    for word in words:
        if word in source_words:
            continue
        quoted = searched.get(word)
        if quoted is None:
            quoted = word in source if len(searched) < SOURCE_SEARCHES else False
            searched[word] = quoted
        if not quoted:
            left.append(word)
            if len(left) > 6:
                break
    return left


@check("wrong-script", Severity.ERROR, "No Arabic letters, punctuation or digits left in a "
       "translation into a language not written in Arabic script",
       applies=lambda ctx: not ctx.target_arabic)
def wrong_script(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Arabic words the translator forgot (or an Arabic comma, question mark or digit) in an
    English target. Arabic words the source itself quotes from a third language are allowed
    when the source is not Arabic (a language menu listing "العربية")."""
    if ctx.target_arabic:
        return
    target = pair.target
    if target.isascii() or not _ANY_ARABIC_RE.search(target):
        return  # (isascii is the cheaper look at the many all-ASCII translations)
    if pair.unit.source.strip() == target.strip() and ctx.source_arabic:
        return  # the copy-of-source check reports the whole copy once
    if ARABIC_LETTER_RE.search(target):
        words = _arabic_words(target)
        if not ctx.source_arabic:
            words = _not_quoted(words, pair.source)
        if words:
            shown = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
            yield Issue(f"Arabic script left in the translation: {shown}")
    marks = {m for m in set(_ARABIC_MARKS_RE.findall(target)) if m not in pair.source or
             ctx.source_arabic}
    if marks:
        yield Issue(
            "Arabic punctuation or digits in the translation: " + " ".join(sorted(marks))
        )


_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LOWER_WORD_RE = re.compile(r"[a-z]{2,}[,.;:!?]?")


def _prose_words(text: str) -> list[str]:
    """Latin words that read as prose rather than names or codes: lower-case words standing
    between spaces (``pkg-config``, ``dd.mm.yyyy`` and ``/usr/include`` are code)."""
    return [word for word in text.split() if _LOWER_WORD_RE.fullmatch(word)]


@check("copy-of-source", Severity.ERROR, "The translation is not a copy of a source written in "
       "another script", applies=lambda ctx: ctx.source_arabic != ctx.target_arabic,
       also=(Severity.INFO,))
def copy_of_source(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """An Arabic source copied into an English target is always an error. A Latin source
    copied into an Arabic target is an error when it reads as a sentence (two or more words
    in lower case); names, codes and single words kept in Latin are reported as info."""
    if ctx.source_arabic == ctx.target_arabic:
        return
    source, target = pair.source.strip(), pair.target.strip()
    if not source or source != target:
        return
    if ctx.source_arabic:
        if count_arabic_letters(source):
            yield Issue("the translation is a copy of the Arabic source")
        return
    prose = _prose_words(pair.source_plain)
    if len(prose) >= 2:
        yield Issue("the translation is a copy of the source (untranslated)")
    elif _LATIN_WORD_RE.search(pair.source_plain):
        yield Issue("the translation is a copy of the source (a name or code?)", Severity.INFO)


# A run of Latin words (a single word too: a run that must hold two would, for a long word
# that is not followed by another, be tried again from each of its letters, n * n).
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*+(?:[ ,]+[A-Za-z][A-Za-z'’-]*+)*")


@check("untranslated-latin", Severity.WARNING, "No untranslated Latin-script prose left in an "
       "Arabic-script translation", applies=lambda ctx: ctx.target_arabic and not ctx.source_arabic)
def untranslated_latin(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Names, codes and acronyms stay in Latin script in Arabic text; a run of three or more
    lower-case words taken from the source is prose someone forgot to translate."""
    if not ctx.target_arabic or ctx.source_arabic:
        return
    target = pair.target_plain
    if pair.source.strip() == pair.target.strip() or not _LATIN_WORD_RE.search(target):
        return
    searches = 0
    for run in _LATIN_RUN_RE.findall(target):
        prose = _prose_words(run)
        if len(prose) >= 3:
            if run in pair.source_plain:
                yield Issue(f"untranslated text in the translation: {run!r}")
                return
            searches += 1
            if searches >= SOURCE_SEARCHES:
                return  # each search reads the whole source: a bound keeps the check linear


_MARKS = frozenset("\u200e\u200f" + ARABIC_LETTER_MARK)
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_OVERRIDES = frozenset("\u202d\u202e")
_RTL_RE = re.compile(f"[{RTL_CHARACTERS}]")


def _bidi_balance(text: str) -> list[str]:
    """Problems of pairing: embeddings and overrides closed by PDF, isolates by PDI."""
    problems = []
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(char)
        elif char in ("\u202c", "\u2069"):
            if stack and _OPENERS[stack[-1]] == char:
                stack.pop()
            else:
                problems.append(f"U+{ord(char):04X} closes nothing")
    problems.extend(f"U+{ord(char):04X} is never closed" for char in stack)
    return problems


@check("bidi-controls", Severity.ERROR, "Bidi control characters only where they belong",
       needs="special", also=(Severity.WARNING,))
def bidi_controls(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Bidirectional controls are invisible and change how text is displayed.

    - In a target with no right-to-left text (English) they can only have come from a paste:
      error.
    - Overrides (U+202D/202E) reverse the order in which characters are shown ("Trojan
      source"): error in any text.
    - In a right-to-left target, marks (LRM, RLM, ALM) and balanced embeddings or isolates
      that wrap a left-to-right run are the correct way to display "+1" or "." next to
      Arabic: fine. An embedding or isolate left open (or a closer with no opener) leaks its
      direction into whatever text follows the message on screen: warning.
    """
    target = pair.target
    if not pair.target_special or BIDI_CONTROLS.isdisjoint(target):
        return
    present = sorted({char for char in target if char in BIDI_CONTROLS})
    names = ", ".join(f"U+{ord(char):04X}" for char in present)
    if not ctx.target_rtl and not _RTL_RE.search(target):
        yield Issue(f"invisible bidi control characters in a left-to-right text: {names}")
        return
    if not _OVERRIDES.isdisjoint(target) and _OVERRIDES.isdisjoint(pair.source):
        yield Issue("bidi override (U+202D/U+202E) reverses the displayed text")
    problems = _bidi_balance(target)
    if problems and problems != _bidi_balance(pair.source):
        # Each problem said once, with how many times it occurs.
        counted = Counter(problems)
        said = "; ".join(problem if n == 1 else f"{problem} ({n} times)"
                         for problem, n in counted.items())
        yield Issue("unbalanced bidi controls: " + said, Severity.WARNING)


# Tatweel before an Arabic letter stretches a word ("مـرحـبـا"); at the end of a clitic
# before a quote, a placeholder or a Latin word ("بـ "%s"", "لـ Python") it is the
# typographic convention for attaching the clitic, and is fine.
_STRETCH_RE = re.compile(f"{TATWEEL}(?=[{ARABIC_ALPHABET}])")
_WORD_RE = re.compile(r"\w+")


@check("tatweel", Severity.WARNING, "No tatweel (kashida) stretching words",
       applies=lambda ctx: ctx.target_arabic, needs="special")
def tatweel(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Tatweel (U+0640) stretches a word for display only; in stored text it breaks search,
    sorting and spell-checking."""
    if not pair.target_special:
        return
    if TATWEEL in pair.target and TATWEEL not in pair.source and ctx.target_arabic:
        stretch = _STRETCH_RE.search(pair.target)
        if stretch:
            # The word around it (tatweel is a word character): found by a walk over the
            # words, as a pattern with the word on both sides is tried anew from each letter.
            at = stretch.start()
            word = next(w.group() for w in _WORD_RE.finditer(pair.target) if w.end() > at)
            yield Issue(f"tatweel (U+0640) stretching a word in the translation: {word}")


# Presentation forms that are used as symbols of their own: the rial sign and the basmala.
_PRESENTATION_OK = frozenset("\ufdfc\ufdfd\ufeff")


@check("presentation-forms", Severity.WARNING, "No Arabic presentation forms (text pasted from "
       "PDF or legacy software)", needs="special", also=(Severity.ERROR,))
def presentation_forms(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """Presentation forms (U+FB50-FDFF, U+FE70-FEFF) are glyphs, not letters: they do not
    match the ordinary letters in search and do not join correctly when edited."""
    if not pair.target_special:
        return
    found = {c for c in ARABIC_PRESENTATION_RE.findall(pair.target) if c not in _PRESENTATION_OK}
    found -= set(pair.source)
    if found:
        shown = ", ".join(f"U+{ord(c):04X}" for c in sorted(found)[:5])
        severity = None if ctx.target_arabic else Severity.ERROR
        yield Issue(f"Arabic presentation forms in the translation: {shown}", severity)


_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SUSPECT_RE = re.compile("[\x7f-\x9f\ufeff]")


@check("control-chars", Severity.ERROR, "No characters that XML (TMX, XLIFF) cannot carry",
       needs="special", also=(Severity.WARNING,))
def control_chars(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """C0 control characters other than tab and newline, unpaired surrogates and U+FFFE/FFFF
    cannot be written to TMX or XLIFF: error. C1 controls and a byte-order mark inside the
    text are mis-decoding leftovers: warning."""
    target = pair.target
    if not pair.target_special:
        return
    bad = sorted(set(_XML_ILLEGAL_RE.findall(target)))
    if bad:
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        yield Issue(f"characters XML cannot carry in the translation: {shown}")
    odd = sorted(set(_SUSPECT_RE.findall(target)) - set(pair.source))
    if odd:
        shown = ", ".join(f"U+{ord(c):04X}" for c in odd)
        yield Issue(f"control or byte-order characters in the translation: {shown}",
                    Severity.WARNING)
