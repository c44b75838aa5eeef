"""The numbers check: the same numbers on both sides whatever the digit system (ASCII,
Arabic-Indic, Extended Arabic-Indic) and the grouping, decimal and percent signs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.checks.tokens import mask_placeholders
from tarjama.languages import ascii_digits, normalize_for_matching, numbers

# Small numbers a translation may spell out instead of writing digits ("3 files" -> "three
# files", "3 ملفات" -> "ثلاثة ملفات"). Matched on normalize_for_matching()'d text, so the
# Arabic forms are written folded (no hamza seats, teh marbuta as heh).
_SPELLED: dict[int, tuple[str, ...]] = {
    0: ("zero", "no", "none", "صفر", "لا"),
    1: ("one", "a", "an", "single", "once", "first", "واحد", "واحده", "الاول", "الاولي", "مره"),
    2: ("two", "both", "twice", "second", "اثنان", "اثنين", "اثنتان", "اثنتين", "الثاني",
        "الثانيه", "مرتين", "كلا", "كلتا"),
    3: ("three", "third", "ثلاث", "ثلاثه", "الثالث", "الثالثه"),
    4: ("four", "fourth", "اربع", "اربعه", "الرابع", "الرابعه"),
    5: ("five", "fifth", "خمس", "خمسه", "الخامس", "الخامسه"),
    6: ("six", "sixth", "ست", "سته", "السادس", "السادسه"),
    7: ("seven", "seventh", "سبع", "سبعه", "السابع", "السابعه"),
    8: ("eight", "eighth", "ثمان", "ثماني", "ثمانيه", "الثامن", "الثامنه"),
    9: ("nine", "ninth", "تسع", "تسعه", "التاسع", "التاسعه"),
    10: ("ten", "tenth", "عشر", "عشره", "العاشر", "العاشره"),
    11: ("eleven", "عشر"),
    12: ("twelve", "dozen", "عشر"),
    20: ("twenty", "عشرون", "عشرين"),
    100: ("hundred", "مايه", "ميه"),
    1000: ("thousand", "الف"),
    1000000: ("million", "مليون"),
}
_WORD_RE = re.compile(r"\w+")
_EASTERN = "\u0660-\u0669\u06f0-\u06f9"
_SLASH_DECIMAL_RE = re.compile(f"(?<=[{_EASTERN}])/(?=[{_EASTERN}])")


def _canonical(value: str) -> str:
    """``007`` and ``7`` are the same number; ``3.50`` and ``3.5`` too."""
    if "." in value:
        whole, _, fraction = value.partition(".")
        fraction = fraction.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{fraction}" if fraction else whole
    return value.lstrip("0") or "0"


def number_set(text: str) -> Counter[str]:
    """The numbers of ``text`` as canonical ASCII strings, counted."""
    return Counter(_canonical(value) for value in numbers(text))


# Digit runs with their separators in any digit system: a cheap first look.
_QUICK_RE = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*"
)



def _as_decimal_comma(values: Counter[str]) -> Counter[str]:
    """A comma that groups no thousands (``3,5``) read as a decimal sign, as some Arabic
    writers use it."""
    return Counter({re.sub(r"^(\d+),(\d{1,2})$", r"\1.\2", v): n for v, n in values.items()})


def _spelled(value: str, words: set[str]) -> bool:
    try:
        number = int(value)
    except ValueError:
        return False
    # Arabic "خمسة عشر" (fifteen) and English "fifteen" both hold the units' word.
    candidates = _SPELLED.get(number, ())
    if not candidates and 13 <= number <= 19:
        candidates = _SPELLED[number - 10] + (f"{_english_units(number - 10)}teen",)
    return any(word in words for word in candidates)


def _english_units(n: int) -> str:
    return {3: "thir", 5: "fif", 8: "eigh"}.get(n, _SPELLED[n][0])


@check("numbers", Severity.ERROR, "Same numbers on both sides, in any digit system")
def numbers_check(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A number missing from or added to the translation is an error; one the translation
    spells out in words ("3" -> "three", "٣" -> "ثلاثة") is a warning to look at.

    Digits in placeholders, tags, URLs and e-mails are not counted (the placeholders check
    owns them).
    """
    unit = pair.unit
    if unit.is_plural:
        # Forms may spell the count for one or two ("ملفان"): compare what all forms share.
        if pair.form != 0:
            return
        source = Counter(set().union(*(number_set(mask_placeholders(s)) for s in unit.sources)))
        target = Counter(set().union(*(number_set(mask_placeholders(t)) for t in unit.targets)))
    else:
        # Most pairs hold the very same digit strings: settle them without canonical forms.
        quick_source = _QUICK_RE.findall(pair.source_plain)
        quick_target = _QUICK_RE.findall(pair.target_plain)
        if quick_source == quick_target:
            return
        if len(quick_source) == len(quick_target):
            joined_source = ascii_digits("\x00".join(quick_source))
            joined_target = ascii_digits("\x00".join(quick_target))
            if joined_source == joined_target or sorted(joined_source.split("\x00")) == sorted(
                joined_target.split("\x00")
            ):
                return
        source = number_set(pair.source_plain)
        target_text = pair.target_plain
        if ctx.target_arabic and "/" in target_text:
            # Persian (and some Arabic) writing uses a slash as the decimal sign: ۲/۵ = 2.5.
            target_text = _SLASH_DECIMAL_RE.sub("\u066b", target_text)
        target = number_set(target_text)
    if source == target:
        return
    if _as_decimal_comma(source) == _as_decimal_comma(target):
        return
    missing = source - target
    extra = target - source
    spelled: list[str] = []
    # Either side may spell a number the other writes in digits.
    for values, other in ((missing, pair.target), (extra, pair.source)):
        if values:
            words = set(_WORD_RE.findall(normalize_for_matching(other)))
            for value in sorted(values):
                if _spelled(value, words):
                    spelled.append(value)
                    del values[value]
    if ctx.target_arabic:
        # Arabic says one and two with the noun itself: "سطرين" is "2 lines" (dual).
        for value in ("1", "2"):
            if missing.get(value):
                spelled.append(value)
                del missing[value]
    if spelled:
        yield Issue(
            "number written in words on one side: " + ", ".join(spelled), Severity.WARNING
        )
    if missing:
        yield Issue("missing in the translation: " + ", ".join(sorted(missing.elements())))
    if extra:
        yield Issue("not in the source: " + ", ".join(sorted(extra.elements())))
