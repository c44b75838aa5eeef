"""Queries for evaluating placeable matches on real sentences, shared by
tests/test_placeables_eval.py and benchmarks/bench_placeables.py.

Each case is a memory sentence revised the way real revisions go: a number changed (also
with the query's digits switched to Arabic-Indic or Persian digits), a placeholder renumbered,
a tag or a link changed, or a placeholder changed to another type. Its gold is found without
tarjama's placeable code: the exact target text when the revised placeable appears once, as
written, in the source and in the translation; otherwise the case is one where no
substitution may be made.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tarjama.languages import ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS
from tarjama.placeholders import find_placeholders

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FLORES = CORPUS / "parallel" / "flores200-devtest-ar-en"
TICO = CORPUS / "parallel" / "tico19-test-ar-en"
CATALOGS = [CORPUS / "po" / name for name in ("geany-ar.po", "thunar-ar.po",
                                             "django-allauth-ar.po", "gnome-calculator-ar.po")]
OMEGAT = CORPUS / "tmx" / "omegat-l10n-ar_3.1_aligned.tmx"

# A number as the evaluation sees it, in a text whose digits were made ASCII: not glued after
# a letter, nor part of a longer number, nor of a code ("H1N1", "COVID-19"); a unit may
# follow ("35mm", "7th"). Written without tarjama's placeable code.
_STANDALONE = (r"(?<![A-Za-z_\u0600-\u06ff0-9,])(?<![0-9]\.)(?<![A-Za-z\u0600-\u06ff]-)"
               r"(?:{})(?![0-9]|[.,][0-9])")
_NUMBER_RE = re.compile(_STANDALONE.format(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?"))
INDIC = str.maketrans("0123456789", ARABIC_INDIC_DIGITS)
PERSIAN = str.maketrans("0123456789", EXTENDED_ARABIC_INDIC_DIGITS)


@dataclass(frozen=True)
class Case:
    """A revised memory sentence: the query, the memory unit it came from, and the
    translation it should get (None: no substitution may be made)."""

    kind: str
    query: str
    source: str
    target: str
    expected: str | None


def parallel_pairs(*folders: Path) -> list[tuple[str, str]]:
    """Arabic -> English pairs of FLORES-200 devtest and TICO-19 test, each source once."""
    names = {FLORES: ("arb_Arab.devtest", "eng_Latn.devtest"),
             TICO: ("tico19-test.ar", "tico19-test.en")}
    pairs, seen = [], set()
    for folder in folders or (FLORES, TICO):
        source_name, target_name = names[folder]
        sources = (folder / source_name).read_text(encoding="utf-8").splitlines()
        targets = (folder / target_name).read_text(encoding="utf-8").splitlines()
        for source, target in zip(sources, targets, strict=True):
            source, target = source.strip(), target.strip()
            if source and target and source not in seen:
                seen.add(source)
                pairs.append((source, target))
    return pairs


def _digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits made ASCII (the same length)."""
    return text.translate(str.maketrans(ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS,
                                        "0123456789" * 2))


def _spans(text: str, number: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(_STANDALONE.format(re.escape(number)), _digits(text))]


def _revised_number(number: str, taken: set[str], rng: random.Random) -> str:
    """Another number written like ``number`` (its width, grouping and decimals), not in
    ``taken``."""
    whole, dot, fraction = number.replace(",", "").partition(".")
    while True:
        value = max(0, int(whole) + rng.choice([-3, -2, -1, 1, 2, 5, 10]))
        new_whole = str(value).zfill(len(whole)) if whole.startswith("0") else str(value)
        if "," in number and len(new_whole) > 3:
            new_whole = f"{value:,}"
        new = new_whole + dot + fraction
        if new.replace(",", "") not in taken and new != number:
            return new


def _replaced(text: str, span: tuple[int, int], new: str) -> str:
    """``new`` (ASCII) put at ``span``, in the digit system the text had there."""
    start, end = span
    old = text[start:end]
    table = INDIC if any(ch in ARABIC_INDIC_DIGITS for ch in old) else PERSIAN if any(
        ch in EXTENDED_ARABIC_INDIC_DIGITS for ch in old) else None
    rest = text[end:]
    suffix = re.match(r"(st|nd|rd|th)(?![A-Za-z])", rest)
    if suffix and new.isdigit():  # "3rd", not "3th"
        value = int(new)
        ordinal = "th" if 11 <= value % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(
            value % 10, "th")
        rest = ordinal + rest[2:]
    return text[:start] + (new.translate(table) if table else new) + rest


def number_cases(pairs: list[tuple[str, str]], rng: random.Random) -> Iterator[Case]:
    """One number of each sentence that has one changed, in three digit systems: the
    source's own digits, and every digit of the query switched to Arabic-Indic or Persian
    digits (the target keeps its own)."""
    for source, target in pairs:
        found = _NUMBER_RE.findall(_digits(source))
        if not found:
            continue
        number = rng.choice(found)
        taken = {m.replace(",", "") for m in _NUMBER_RE.findall(_digits(source + " " + target))}
        new = _revised_number(number, taken, rng)
        in_source, in_target = _spans(source, number), _spans(target, number)
        query = _replaced(source, in_source[0], new)
        if len(in_source) == 1 and len(in_target) == 1:
            expected: str | None = _replaced(target, in_target[0], new)
        elif len(in_source) > 1 or number.replace(",", "") not in {
                m.replace(",", "") for m in _NUMBER_RE.findall(_digits(target))}:
            # Repeated in the source and changed once, or not in the translation as a
            # number: no substitution may be made.
            expected = None
        else:
            continue  # in the translation, but twice or written another way: no gold
        for kind, table in (("number", None), ("number, Arabic-Indic digits", INDIC),
                            ("number, Persian digits", PERSIAN)):
            yield Case(kind, _digits(query).translate(table) if table else query, source,
                       target, expected)


# Placeholder and tag revisions on decorated corpus pairs: (name, source and target made from
# a sentence, query made from the memory source, expected from the memory target).
DECORATIONS: list[tuple[str, str, str]] = [
    # (kind, memory pattern, query pattern); {s} is the sentence, {n} a serial.
    ("tag renamed", "<b>{s}</b>", "<strong>{s}</strong>"),
    ("link changed", '<a href="https://example.org/news/{n}">{s}</a>',
     '<a href="https://example.org/news/{n}-update">{s}</a>'),
    ("URL changed", "{s} https://example.org/story/{n}", "{s} https://example.org/story/{n}b"),
    ("printf made positional", "%s: {s}", "%1$s: {s}"),
    ("braces renumbered", "{s} {{0}}", "{s} {{1}}"),
    ("bbcode changed", "[b]{s}[/b]", "[i]{s}[/i]"),
]
TYPE_CHANGES: list[tuple[str, str, str]] = [
    ("printf %s to %d", "%s: {s}", "%d: {s}"),
    ("brace name changed", "{{name}}: {s}", "{{count}}: {s}"),
    ("python name changed", "%(name)s: {s}", "%(count)s: {s}"),
]


def decorated_cases(pairs: list[tuple[str, str]], count: int,
                    rng: random.Random) -> tuple[list[tuple[str, str]], list[Case]]:
    """Memory pairs carrying placeholders and tags, and their revisions: ``count`` sentences
    per kind of revision, and as many changing a placeholder's type (never substituted)."""
    memory, cases = [], []
    plain = [pair for pair in pairs if not find_placeholders(pair[0] + pair[1])
             and "{" not in pair[0] + pair[1] and "%" not in pair[0] + pair[1]]
    chosen = rng.sample(plain, count * (len(DECORATIONS) + len(TYPE_CHANGES)))
    serial = 0
    for kind, pattern, revision in DECORATIONS + TYPE_CHANGES:
        for source, target in chosen[serial:serial + count]:
            serial += 1
            src = pattern.format(s=source, n=serial)
            tgt = pattern.format(s=target, n=serial)
            memory.append((src, tgt))
            expected = None if (kind, pattern, revision) in TYPE_CHANGES else (
                revision.format(s=target, n=serial))
            cases.append(Case(kind, revision.format(s=source, n=serial), src, tgt, expected))
    return memory, cases


# Revisions of the real placeholders of real catalogs: (kind, pattern, replacement).
_REAL_REVISIONS: list[tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    ("printf made positional", re.compile(r"%([sd])(?![\w$])"), "positional"),
    ("braces renumbered", re.compile(r"\{(\d)\}"), lambda m: f"{{{int(m.group(1)) + 1}}}"),
    ("tag renamed", re.compile(r"<(/?)b>"), r"<\1strong>"),
    ("link changed", re.compile(r'href="([^"]+)"'), r'href="\1/new"'),
    ("number", re.compile(_STANDALONE.format(r"\d+")),
     lambda m: str(int(m.group()) + 1)),
    ("printf %s to %d", re.compile(r"%s(?![\w$])"), "%d"),
]


def _fresh(replacement: str | Callable[[re.Match[str]], str]
           ) -> str | Callable[[re.Match[str]], str]:
    """The replacement to apply to one text: ``positional`` numbers ``%s %s`` as
    ``%1$s %2$s``, counting from 1 in each text."""
    if replacement != "positional":
        return replacement
    numbers = iter(range(1, 100))
    return lambda match: f"%{next(numbers)}${match.group(1)}"


def real_cases(units: list[tuple[str, str]]) -> Iterator[Case]:
    """Real catalog and TMX units (English -> Arabic) revised: printf made positional, braces
    renumbered, bold made strong, a link's target or a number changed, ``%s`` made ``%d``.
    The gold replaces what changed in the translation when each changed token appears in the
    translation exactly as often as in the source, and once at most per token kind."""
    for source, target in units:
        for kind, pattern, replacement in _REAL_REVISIONS:
            tokens = pattern.findall(source)
            if not tokens:
                continue
            query = pattern.sub(_fresh(replacement), source)
            if query == source:
                continue
            # Numbers are compared in ASCII digits (the translation may write ٥ for 5);
            # the translation's own digits are put back after the revision.
            seen = _digits(target) if kind == "number" else target
            changed = [m.group() for m in pattern.finditer(source)]
            def count(token: str, text: str, number: bool = kind == "number") -> int:
                return len(re.findall(_STANDALONE.format(re.escape(token)), text)) if (
                    number) else text.count(token)

            # A repeated token is one to one when every copy changes alike (a number made
            # one more), not when the copies are numbered apart (%s %s -> %1$s %2$s).
            one_to_one = (len(set(changed)) == len(changed) or replacement != "positional"
                          ) and all(count(t, seen) == count(t, source) for t in changed)
            if kind == "printf %s to %d":
                yield Case(kind, query, source, target, None)
            elif one_to_one:
                revised = pattern.sub(_fresh(replacement), seen)
                if seen != target:  # back to the translation's digits, where it had its own
                    if len(revised) != len(target):
                        continue
                    revised = "".join(new.translate(INDIC) if old in ARABIC_INDIC_DIGITS
                                      else new for old, new in zip(target, revised, strict=True))
                yield Case(kind, query, source, target, revised)
            else:
                yield Case(kind + " (not one to one)", query, source, target, None)
            break


@dataclass
class Tally:
    """How the proposals for one kind of revision came out."""

    cases: int = 0
    right: int = 0  # the expected translation proposed, exactly
    refused: int = 0  # no substitution, as required where the gold is None
    wrong: int = 0  # a substitution that is not the expected text, or where none was allowed

    def rate(self) -> float:
        return (self.right + self.refused) / self.cases if self.cases else 1.0


def judge(case: Case, proposed: str | None, substituted: bool, tally: Tally) -> None:
    """Count one proposal (``proposed`` None: nothing proposed)."""
    tally.cases += 1
    if case.expected is None:
        if substituted:
            tally.wrong += 1
        else:
            tally.refused += 1
    elif proposed == case.expected:
        tally.right += 1
    elif substituted:
        tally.wrong += 1


def family(case: Case) -> str:
    """The group a case is reported in: numbers, placeholders and tags, type changed (never
    substituted) or not one to one (no substitution allowed)."""
    if case.kind in {k for k, _, _ in TYPE_CHANGES} or case.kind == "printf %s to %d":
        return "type changed"
    if case.expected is None:
        return "not one to one"
    return "numbers" if case.kind.startswith("number") else "placeholders and tags"
