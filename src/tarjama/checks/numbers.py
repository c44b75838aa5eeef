"""The numbers check: the same numbers on both sides whatever the digit system (ASCII,
Arabic-Indic, Extended Arabic-Indic) and the grouping, decimal and percent signs.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from tarjama.checks.base import CheckContext, Issue, Pair, Severity, check
from tarjama.languages import (
    ARABIC_CLITIC_PREFIXES,
    ARABIC_DECIMAL_SEPARATOR,
    ARABIC_THOUSANDS_SEPARATOR,
    EASTERN_DIGITS,
    MULTIPLIER_WORDS,
    NUMBER_WORDS,
    TEEN_WORDS,
    TENS_WORDS,
    ascii_digits,
    normalize_for_matching,
    numbers,
)
from tarjama.placeholders import mask_placeholders

# "N thousand" and "N million" phrases ("10 آلاف" = 10,000), with the multiplier words of
# tarjama.languages, on folded text.
# Each starts at the first digit of a run only: a start inside the run finds nothing the run's
# first digit does not, and trying every digit of a run of n costs n * n (issue 15).
_MULTIPLIED_RE = re.compile(
    r"(?<!\d)(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(MULTIPLIER_WORDS, key=len, reverse=True))
    + r")\b"
)
# A clock time ("12:00", "12.00", "15،00") is read as one number, "1200", so that it matches
# a translation that writes the time another way.
_TIME_RE = re.compile(r"(?<!\d)(?<!\d[.,:])(\d{1,2})[:.،](\d{2})(?!\d)(?![.,:]\d)")


def _words(text: str) -> set[str]:
    words = set(_WORD_RE.findall(normalize_for_matching(text)))
    for word in list(words):
        for prefix in ARABIC_CLITIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                words.add(word[len(prefix):])
    return words


def _spelled(value: str, words: set[str]) -> bool:
    """Whether ``words`` spell the number ``value`` (units, teens, tens and "X and Y"), with
    the number-word tables of tarjama.languages ("3" -> "three", "ثلاثة", "type II")."""
    try:
        number = int(value)
    except ValueError:
        return False
    if any(word in words for word in NUMBER_WORDS.get(number, ())):
        return True
    tens, units = divmod(number, 10)
    if tens == 1 and units:
        return any(w in words for w in NUMBER_WORDS[units]) and any(w in words for w in TEEN_WORDS)
    if 2 <= tens <= 9:
        has_tens = any(word in words for word in TENS_WORDS[tens])
        return has_tens and (units == 0 or any(word in words for word in NUMBER_WORDS[units]))
    return False


def _multiplied(text: str) -> set[str]:
    """Values of "N thousand/million" phrases, as canonical strings."""
    found = set()
    for digits, word in _MULTIPLIED_RE.findall(normalize_for_matching(text)):
        found.add(_canonical(str(round(float(digits) * MULTIPLIER_WORDS[word]))))
    return found


_DOT_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")


_DECADE_OR_CODE_RE = re.compile(r"(?<=[A-Za-z])\d+(?:\.\d+)?|(?<!\d)\d+(?='?s\b)")


def _decades_and_codes(text: str) -> set[str]:
    if not _DECADE_OR_CODE_RE.search(text):
        return set()
    return {_canonical(v) for v in _DECADE_OR_CODE_RE.findall(ascii_digits(text))}


_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")


def _readings(value: str) -> set[str]:
    """The other ways ``value`` may be read: grouping written with dots ("42.000" is 42000,
    or 42 with a decimal point) and a decimal comma ("3,5" is 3.5). Two numbers are the same
    value when either is one of the other's readings."""
    found = set()
    if _DOT_GROUPED_RE.fullmatch(value):
        found.add(value.replace(".", ""))
        found.add(_canonical(value.replace(".", "", value.count(".") - 1)))
    if _DECIMAL_COMMA_RE.fullmatch(value):
        found.add(value.replace(",", "."))
    return found


class _Ascending:
    """Keys in ascending order, those whose count has fallen to zero skipped: once skipped, a
    key is never looked at again (the next live key is found by path halving), so that
    walking the keys again and again costs no more than once in all."""

    def __init__(self, keys: Iterable[str], counts: Counter[str]) -> None:
        self.keys = sorted(keys)
        self.counts = counts
        self.next = list(range(len(self.keys) + 1))

    def live(self, index: int) -> int:
        """The first index from ``index`` on whose key still has a count (or the end)."""
        keys, counts, following = self.keys, self.counts, self.next
        while index < len(keys):
            if following[index] != index:
                following[index] = following[following[index]]
                index = following[index]
            elif counts[keys[index]] > 0:
                return index
            else:
                following[index] = index + 1
                index += 1
        return index

    def __iter__(self) -> Iterator[str]:
        index = self.live(0)
        while index < len(self.keys):
            yield self.keys[index]
            index = self.live(index + 1)


def _settle_equivalents(missing: Counter[str], extra: Counter[str], source_products: set[str],
                        target_products: set[str]) -> None:
    """Take out of ``missing`` and ``extra`` the pairs that are the same number written
    another way ("10 آلاف" = 10,000, "42.000" = 42000, "3,5" = 3.5): each missing value, in
    ascending order, takes one count from each extra value it matches, in ascending order,
    while it lasts.

    Every look costs one count, or skips a key for good, so the pairing takes time in
    proportion to the numbers of the entry, not their square (issue 15)."""
    everything = _Ascending(extra, extra)
    products = _Ascending([other for other in extra if other in source_products], extra)
    read_as: dict[str, list[str]] = {}
    for other in extra:
        for reading in _readings(other):
            read_as.setdefault(reading, []).append(other)
    for value in sorted(missing):
        if value in target_products:
            candidates: Iterable[str] = everything
        else:
            same = {other for other in _readings(value) if other in extra}
            same.update(read_as.get(value, ()))
            candidates = heapq.merge(products, sorted(same))
        last = None
        for other in candidates:
            if not missing[value]:
                break
            if other != last and extra[other] > 0:
                missing[value] -= 1
                extra[other] -= 1
            last = other


_WORD_RE = re.compile(r"\w+")
_SLASH_DECIMAL_RE = re.compile(f"(?<=[{EASTERN_DIGITS}])/(?=[{EASTERN_DIGITS}])")


def _canonical(value: str) -> str:
    """``007`` and ``7`` are the same number; ``3.50`` and ``3.5`` too. ``42.000`` is kept
    as written: it may be 42 thousand with dots for grouping (see ``_readings``)."""
    if "." in value and not _DOT_GROUPED_RE.fullmatch(value):
        whole, _, fraction = value.partition(".")
        fraction = fraction.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{fraction}" if fraction else whole
    return value.lstrip("0") or "0"


def number_set(text: str) -> Counter[str]:
    """The numbers of ``text`` as canonical ASCII strings, counted (a clock time as one)."""
    text = ascii_digits(text)
    if (":" in text or "." in text or "،" in text) and _TIME_RE.search(text):
        text = _TIME_RE.sub(r"\1\2", text)  # a search costs half a substitution
    return Counter(_canonical(value) for value in numbers(text))


# Digit runs with their separators in any digit system: a cheap first look (a run may end
# with a separator; the exact comparison below reads numbers properly when runs differ).
_QUICK_RE = re.compile(f"\\d[\\d.,{ARABIC_DECIMAL_SEPARATOR}{ARABIC_THOUSANDS_SEPARATOR}]*")



@check("numbers", Severity.ERROR, "Same numbers on both sides, in any digit system",
       also=(Severity.WARNING,))
def numbers_check(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A number of the source missing from the translation is an error; one the
    translation spells out in words ("3" -> "three", "٣" -> "ثلاثة", "type 2" -> "type II")
    and one only the translation has are warnings to look at. Documented equivalents are
    fine: digit systems, grouping ("3,500" = "3500" = "٣٬٥٠٠", "42.000" = 42000), decimal
    signs ("3.5" = "٣٫٥" = "3,5", Persian "۲/۵"), clock times ("12:00" = "12.00" = "1200")
    and multiplier words ("10 آلاف" = "10,000").

    Digits in placeholders, tags, URLs and e-mails are not counted (the placeholders check
    owns them).
    """
    unit = pair.unit
    if unit.source_plural is not None:
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
            target_text = _SLASH_DECIMAL_RE.sub(ARABIC_DECIMAL_SEPARATOR, target_text)
        target = number_set(target_text)
    if source == target:
        return
    missing = source - target
    extra = target - source
    # Documented equivalents: "10 آلاف" = 10,000, "42.000" = 42000, "3,5" = 3.5.
    source_products = _multiplied(pair.source_plain)
    target_products = _multiplied(pair.target_plain)
    _settle_equivalents(missing, extra, source_products, target_products)
    missing = +missing
    extra = +extra
    spelled: list[str] = []
    # Either side may spell a number the other writes in digits. Decades ("the 1960s",
    # "in his 20s") and numbers inside codes ("R0", "ACE2", "H1N1") are also often written in
    # words in Arabic ("الستينيات", "العشرينيات") or expanded: warnings too.
    wordable = _decades_and_codes(pair.source_plain) | _decades_and_codes(pair.target_plain)
    for values, other_text in ((missing, pair.target), (extra, pair.source)):
        if values:
            words = _words(other_text)
            for value in sorted(values):
                if (_spelled(value, words) or value in source_products | target_products
                        or value in wordable):
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
        # A number only the translation has is most often one the source spells in words
        # ("الخمسينيات" -> "the 1950s"): worth a look, not an error.
        yield Issue("not in the source: " + ", ".join(sorted(extra.elements())),
                    Severity.WARNING)
