"""Placeables: the numbers, placeholders and tags of a segment, which a memory match carries
over from the query into the memory's translation instead of scoring them as words.

:func:`analyse` finds them; :func:`adapt` writes a memory translation with the query's
placeables, or says why it cannot; :func:`rendered` gives the texts a fuzzy score compares.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz.distance import Levenshtein

from tarjama.languages import (
    ARABIC_DECIMAL_SEPARATOR,
    ARABIC_INDIC_DIGITS,
    ARABIC_THOUSANDS_SEPARATOR,
    EXTENDED_ARABIC_INDIC_DIGITS,
    ascii_digits,
    normalize_for_matching,
)

_DIGITS = "0-9" + ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS
_SEPARATORS = ",." + ARABIC_DECIMAL_SEPARATOR + ARABIC_THOUSANDS_SEPARATOR
# A number in any digit system with grouping and decimal signs of either script. Digits glued
# to a Latin letter or after "word-" belong to a code ("H1N1", "ACE2", "COVID-19", "F-16"),
# not to a quantity; an Arabic clitic glued to a number ("و5", "ب10") does not.
_NUMBER_RE = re.compile(
    rf"(?<![{_DIGITS}A-Za-z_])(?<![^\W\d_]-)[{_DIGITS}]+(?:[{_SEPARATORS}][{_DIGITS}]+)*"
    rf"(?![{_DIGITS}])"
)
_ANY_DIGIT_RE = re.compile(f"[{_DIGITS}]")
_TO_ASCII = str.maketrans(ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS, "0123456789" * 2)
_ZEROS = {"0": "0123456789", ARABIC_INDIC_DIGITS[0]: ARABIC_INDIC_DIGITS,
          EXTENDED_ARABIC_INDIC_DIGITS[0]: EXTENDED_ARABIC_INDIC_DIGITS}
# The signs a digit system is written with when the text shows none of its own.
_DEFAULT_GROUP = {"0": ","}
_DEFAULT_DECIMAL = {"0": "."}
_ORDINAL_RE = re.compile(r"(st|nd|rd|th)(?![A-Za-z])", re.I)
_GATE_RE = re.compile(r"[%{}<\[@]|://|www\.")

# Placeable i of a segment stands in its template as the private-use character SLOT + i.
SLOT = 0xE000
MAX_SLOTS = 256
# A placeable that differs is scored as a word as long as the query's longest one, written
# with one of these (letters, so that word-level scorers see one word).
_QUERY_MARK, _MEMORY_MARK = "\u4e00", "\u4e01"


@dataclass(frozen=True)
class Number:
    """A number as written: ASCII digits of its parts, its signs and its digit system."""

    whole: str
    fraction: str | None
    group: str | None
    decimal: str | None
    zero: str  # "0", "٠" or "۰"

    @property
    def value(self) -> str:
        """The canonical value: ``007`` is ``7``, ``3.50`` is ``3.5``; ``12.00`` keeps its
        point (``12.``): a clock time or a price is not the count 12."""
        whole = self.whole.lstrip("0") or "0"
        if self.fraction is None:
            return whole
        return f"{whole}.{self.fraction.rstrip('0')}"


def parse_number(text: str) -> Number | None:
    """Read a number written with any digits and signs (``1,234.5``, ``١٬٢٣٤٫٥``,
    ``۱٬۲۳۴٫۵``, ``3,5``); None when its signs make no number (``1.2.3``, ``1,23,4``)."""
    zero = next(z for z, digits in _ZEROS.items() if text[0] in digits)
    plain = text.translate(_TO_ASCII)
    signs = [ch for ch in plain if ch in _SEPARATORS]
    parts = re.split(f"[{_SEPARATORS}]", plain)
    if not signs:
        return Number(plain, None, None, None, zero)
    kinds = set(signs)
    decimal: str | None = None
    if ARABIC_DECIMAL_SEPARATOR in kinds:
        decimal = ARABIC_DECIMAL_SEPARATOR
    elif ARABIC_THOUSANDS_SEPARATOR in kinds:
        decimal = signs[-1] if signs[-1] != ARABIC_THOUSANDS_SEPARATOR else None
    elif kinds == {",", "."}:
        decimal = signs[-1]
    elif len(signs) == 1 and (signs[0] == "." or len(parts[1]) != 3):
        decimal = signs[0]  # "3.5", "3,5"; a lone comma before three digits groups them
    if decimal is not None and (signs.count(decimal) != 1 or signs[-1] != decimal):
        return None
    grouping = [sign for sign in signs if sign != decimal]
    group = grouping[0] if grouping else None
    if len(set(grouping)) > 1:
        return None
    groups = parts[:-1] if decimal else parts
    if group and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return Number("".join(groups), parts[-1] if decimal else None, group, decimal, zero)


def write_number(new: Number, like: Number) -> str:
    """``new``'s value written the way ``like`` is: its digit system, grouping and decimal
    signs (``13`` like ``١٢`` is ``١٣``; ``1234.5`` like ``٣٬٥٠٠`` is ``١٬٢٣٤٫٥``)."""
    group = like.group
    if group is None and len(like.whole) < 4 and new.group is not None:
        # Too short to show its grouping: group as the query did, in the target's signs.
        group = _DEFAULT_GROUP.get(like.zero, ARABIC_THOUSANDS_SEPARATOR)
    whole = new.whole
    if group and len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = group.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    if new.fraction is not None:
        decimal = like.decimal or _DEFAULT_DECIMAL.get(like.zero, ARABIC_DECIMAL_SEPARATOR)
        whole = f"{whole}{decimal}{new.fraction}"
    return whole.translate(str.maketrans("0123456789", _ZEROS[like.zero]))


@dataclass(frozen=True)
class Placeable:
    """A number, placeholder or tag in a segment."""

    start: int
    end: int
    text: str
    kind: str  # "number", "placeholder", "tag" or "link"
    key: str  # what makes two the same: a number's value, anything else's text
    family: str  # what may stand in for what: "number", "printf d", "brace #", "tag open"...
    number: Number | None = None


_PRINTF_TYPE_RE = re.compile(r"%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(.+)")
_PYFORMAT_RE = re.compile(r"%\(([^)]*)\).*?([a-zA-Z])$")


def _family(kind: str, token: str) -> tuple[str, str]:
    """``(kind, family)`` of a detected placeholder: two placeholders of one family may stand
    in for each other, never two of different families (``%s``/``%d``, ``{name}``/``{count}``)."""
    if kind == "printf":
        conversion = _PRINTF_TYPE_RE.fullmatch(token)
        letters = conversion.group(1) if conversion else token
        return "placeholder", "printf " + (letters[:-1] + "d" if letters[-1] == "i" else letters)
    if kind == "pyformat":
        named = _PYFORMAT_RE.fullmatch(token)
        return "placeholder", "pyformat " + (" ".join(named.groups()) if named else token)
    if kind == "brace":
        name = re.split(r"[!:]", token[1:-1], maxsplit=1)[0]
        return "placeholder", "brace " + ("#" if not name or name.isdigit() else name)
    if kind == "qt":
        return "placeholder", "qt"
    if kind in ("tag", "bbcode"):
        role = "close" if token.startswith(("</", "[/")) else "empty" if token.endswith(
            "/>") else "open"
        return "tag", f"{kind} {role}"
    return "link", kind  # url, email


def _placeholders(text: str) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, kind, family)`` of the checks' placeholders, tags, URLs and e-mails."""
    if not _GATE_RE.search(text):
        return
    # Imported here: the checks package takes a while to load, and most segments have no
    # placeholder to look for.
    from tarjama.placeholders import iter_placeholders

    for match, kind, _token in iter_placeholders(text):
        start, end = match.span()
        if kind == "link":  # a markdown link: its text is prose, its URL a placeable
            start, end = match.span("mdurl")
            kind = "url"
        elif kind in ("url", "email"):
            while end > start and text[end - 1] in ".,;:!?،؛؟…":
                end -= 1  # the sentence's punctuation after a link is not the link's
        yield (start, end, *_family(kind, text[start:end]))


def find_placeables(text: str) -> list[Placeable]:
    """The placeables of ``text`` in order: placeholders and tags as the checks find them,
    then numbers outside them (the digits of ``%2$s`` or of a URL are not numbers)."""
    found: list[Placeable] = []
    taken: list[tuple[int, int]] = []
    for start, end, kind, family in _placeholders(text):
        found.append(Placeable(start, end, text[start:end], kind, "p" + text[start:end], family))
        taken.append((start, end))
    if _ANY_DIGIT_RE.search(text):
        for match in _NUMBER_RE.finditer(text):
            start, end = match.span()
            if any(a <= start < b or a < end <= b for a, b in taken):
                continue
            number = parse_number(match.group())
            if number is not None:
                found.append(Placeable(start, end, match.group(), "number", "n" + number.value,
                                       "number", number))
    found.sort(key=lambda p: p.start)
    return found


class Analysis:
    """A segment's placeables, each as it is compared (``shown``), and its folded text with
    placeable i written as SLOT + i (``template``, made when first asked for)."""

    def __init__(self, text: str, placeables: Sequence[Placeable]) -> None:
        self.text = text
        self.placeables = tuple(placeables)
        self.shown = tuple(ascii_digits(p.text) if p.number else normalize_for_matching(p.text)
                           for p in placeables)

    @cached_property
    def template(self) -> str:
        if not self.placeables:
            return ""
        pieces, last = [], 0
        for slot, placeable in enumerate(self.placeables):
            pieces += [self.text[last:placeable.start], chr(SLOT + slot)]
            last = placeable.end
        pieces.append(self.text[last:])
        return normalize_for_matching("".join(pieces))

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """The folded text around the placeables: one piece more than placeables."""
        return tuple(_SLOT_RE.split(self.template))


_NONE = Analysis("", ())
_SLOT_RE = re.compile(f"[{chr(SLOT)}-{chr(SLOT + MAX_SLOTS - 1)}]")


@lru_cache(maxsize=1 << 16)
def analyse(text: str) -> Analysis:
    """The placeables of a segment and its template (cached: memory units recur)."""
    if not _ANY_DIGIT_RE.search(text) and not _GATE_RE.search(text):
        return _NONE  # most segments: nothing to find
    placeables = find_placeables(text)
    if not placeables or len(placeables) > MAX_SLOTS:
        return _NONE
    return Analysis(text, placeables)


# --- scoring -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _longest_word(folded: str) -> int:
    return max((len(word) for word in re.findall(r"\w+", folded)), default=1)


def rendered(query: Analysis, source: Analysis, query_folded: str,
             source_folded: str) -> tuple[str, str]:
    """The folded query and memory source as a fuzzy score compares them: placeables both have
    are written alike (``12`` and ``١٢``, ``1,000`` and ``1000``), and each one that differs
    counts as a word as long as the query's longest, so that a changed number never costs
    less than a changed word."""
    if query.shown == source.shown:
        return query_folded, source_folded  # the same placeables, written alike
    mine = [p.key for p in query.placeables]
    theirs = [p.key for p in source.placeables]
    width = max(3, _longest_word(query_folded))
    query_marks = [_QUERY_MARK * width] * len(mine)
    source_marks = [_MEMORY_MARK * width] * len(theirs)
    if mine and theirs:
        for block in Levenshtein.opcodes(mine, theirs).as_matching_blocks():
            for offset in range(block.size):
                i, j = block.a + offset, block.b + offset
                query_marks[i] = source_marks[j] = query.shown[i]
    return _joined(query, query_marks, query_folded), _joined(source, source_marks,
                                                              source_folded)


def _joined(analysis: Analysis, marks: list[str], folded: str) -> str:
    if not marks:
        return folded
    parts = [analysis.pieces[0]]
    for mark, piece in zip(marks, analysis.pieces[1:], strict=True):
        parts += [mark, piece]
    return "".join(parts)


# --- substitution --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Substitution:
    """One placeable of the memory's translation replaced by the query's."""

    kind: str
    old: str  # as the memory's translation has it
    new: str  # as the proposed translation has it

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


@dataclass(frozen=True)
class Adapted:
    """A memory translation (each plural form) with the query's placeables in it."""

    targets: tuple[str, ...]
    substitutions: tuple[Substitution, ...]


def _ordinal(value: str) -> str:
    number = int(value)
    if 11 <= number % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _written(old: Placeable, new: Placeable) -> str:
    """What replaces ``old``: ``new``'s text, or for a number its value in ``old``'s style."""
    if old.number is not None and new.number is not None:
        return write_number(new.number, old.number)
    return new.text


def _rewrite(form: str, spots: list[tuple[Placeable, Placeable]]) -> str:
    """``form`` with each ``(old, new)`` placeable replaced, numbers in the form's own style
    (and an English ordinal suffix made to agree: 1st -> 2nd)."""
    for old, new in sorted(spots, key=lambda spot: -spot[0].start):
        text, end = _written(old, new), old.end
        suffix = _ORDINAL_RE.match(form, end) if old.number is not None else None
        if suffix and new.number is not None and new.number.fraction is None:
            ordinal = _ordinal(new.number.whole)
            text += ordinal.upper() if suffix.group().isupper() else ordinal
            end = suffix.end()
        form = form[:old.start] + text + form[end:]
    return form


def _replacements(pairs: list[tuple[Placeable, Placeable]]) -> dict[str, Placeable] | str | None:
    """What replaces each placeable of the memory's source that the query changed (by key);
    a reason when that is ambiguous, None when nothing changed."""
    changed = {old.key for new, old in pairs if new.key != old.key}
    if not changed:
        return None
    replacement: dict[str, Placeable] = {}
    for new, old in pairs:
        if old.key not in changed:
            continue
        if new.family != old.family:
            return f"{old.text} and {new.text} are not of one kind"
        if new.key == old.key:
            return f"{old.text} occurs more than once in the memory's source, not all changed"
        earlier = replacement.setdefault(old.key, new)
        if earlier.key != new.key:
            return f"{old.text} occurs more than once, changed to {earlier.text} and {new.text}"
    return replacement


def adapt(query: Analysis, source: Analysis, targets: Sequence[str], *,
          plural: bool = False) -> Adapted | str | None:
    """The memory translation ``targets`` (one, or each plural form) with the placeables the
    query changed substituted; a reason when that is not unambiguous; None when no
    placeable changed. Both sides must have the same template (the same text around the
    same number of placeables).

    A placeable is substituted only by one of its family (never ``%s`` by ``%d``), when
    every place the memory's source has it changes the same way, and when the translation has
    it exactly as often as that source does (a plural form may lack it: Arabic writes one file
    without the number).
    """
    pairs = list(zip(query.placeables, source.placeables, strict=True))
    replacement = _replacements(pairs)
    if replacement is None or isinstance(replacement, str):
        return replacement
    occurs = Counter(old.key for _, old in pairs if old.key in replacement)
    if not targets:
        return "no translation to substitute into"
    forms: list[str] = []
    substitutions: dict[str, Substitution] = {}
    found: Counter[str] = Counter()
    for form in targets:
        spots = [(p, replacement[p.key]) for p in analyse(form).placeables
                 if p.key in replacement and p.family == replacement[p.key].family]
        here = Counter(old.key for old, _ in spots)
        for key, count in occurs.items():
            if here[key] != count and not (plural and here[key] == 0):
                what = next(old.text for _, old in pairs if old.key == key)
                return (f"{what} is not in the translation" if here[key] == 0 else
                        f"{what} occurs {here[key]} times in the translation, "
                        f"{count} in its source")
        found.update(here)
        rewritten = _rewrite(form, spots)
        forms.append(rewritten)
        for old, new in spots:
            substitutions.setdefault(old.key, Substitution(old.kind, old.text,
                                                           _written(old, new)))
    for key in occurs:
        if not found[key]:
            what = next(old.text for _, old in pairs if old.key == key)
            return f"{what} is not in the translation"
    return Adapted(tuple(forms), tuple(substitutions.values()))
