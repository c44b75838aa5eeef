"""Recall and precision on real sentence pairs: FLORES-200 and TICO-19 Arabic-English pairs
become catalogs (both directions) in which some entries get one error injected on purpose;
each injected error must be found by the right check, and no other entry may get an error.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CORPUS, need_shared
from tarjama.checks import Severity, run_checks
from tarjama.model import Catalog, Unit

pytestmark = pytest.mark.corpus

# Reference translations that are themselves wrong, found by the checks and confirmed by eye:
# (direction, 1-based pair number over FLORES devtest then TICO-19 test, check).
REAL_PROBLEMS = {
    # FLORES line 673: the Arabic reads "(Angel (2006،" for "Angel (2006),": a bracket
    # moved to the start of the line and the closing one lost.
    ("en-ar", 673, "brackets"),
}


def _pairs() -> list[tuple[str, str]]:
    flores = need_shared(CORPUS / "parallel" / "flores200-devtest-ar-en")
    tico = need_shared(CORPUS / "parallel" / "tico19-test-ar-en")

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines()

    return list(zip(lines(flores / "arb_Arab.devtest"), lines(flores / "eng_Latn.devtest"),
                    strict=True)) + list(zip(lines(tico / "tico19-test.ar"),
                                             lines(tico / "tico19-test.en"), strict=True))


_NUMBER_RE = re.compile(r"(?<![\d.,])\d{2,4}(?![\d.,])")
_WORD_RE = re.compile(r"(?<![\w-])[a-z]{4,}(?![\w-])")
Injector = Callable[[str, str, random.Random], tuple[str, str] | None]


def _change_number(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    found = [m for m in _NUMBER_RE.finditer(target) if m.group() in source]
    if not found:
        return None
    match = rng.choice(found)
    changed = str(int(match.group()) + 7)
    return source, target[:match.start()] + changed + target[match.end():]


def _drop_number(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    found = [m for m in _NUMBER_RE.finditer(target) if m.group() in source]
    if not found:
        return None
    match = rng.choice(found)
    return source, target[:match.start()] + target[match.end():].lstrip()


def _alter_url(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    url = f"https://example.org/report-{rng.randint(10, 99)}"
    return f"{source} ({url})", f"{target} ({url}x)"


def _drop_placeholder(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    return f"{source} {{count}}", target


def _arabic_left(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    """ar->en: an Arabic word of the source left in the English; en->ar: English prose of
    the source left in the Arabic."""
    if re.search("[\u0600-\u06ff]", source):
        words = re.findall("[\u0621-\u064a]{3,}", source)
        english = _WORD_RE.findall(target)
        if not words or not english:
            return None
        return source, target.replace(english[0], rng.choice(words), 1)
    english = re.findall(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", source)
    if not english:
        return None
    return source, f"{target} {english[0]}"


def _copy_source(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    return source, source


def _unbalance_bracket(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    if "(" in target or ")" in target:
        return None
    words = target.split(" ")
    if len(words) < 4:
        return None
    at = rng.randint(1, len(words) - 2)
    return source, " ".join([*words[:at], "(" + words[at], *words[at + 1:]])


def _wrong_end(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    if not (source.endswith(".") and target.endswith(".")):
        return None
    return source, target[:-1] + rng.choice("?!")


def _double_word(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    words = target.split(" ")
    # Not a doubling grammar allows ("that that", "had had"): those are not errors.
    candidates = [i for i, word in enumerate(words) if re.fullmatch(r"\w{3,}", word)
                  and word.casefold() not in ("that", "had")]
    if not candidates:
        return None
    at = rng.choice(candidates)
    return source, " ".join([*words[:at + 1], words[at], *words[at + 1:]])


def _bidi_control(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    if re.search("[\u0600-\u06ff]", target):
        return source, target.replace(" ", " \u202e", 1) + "\u202c"  # an override in Arabic
    return source, target.replace(" ", rng.choice("\u200f\u202b\u2067") + " ", 1)


def _control_char(source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
    return source, target.replace(" ", rng.choice("\x07\x0b\x1b\x00") + " ", 1)


INJECTIONS: dict[str, tuple[Injector, str]] = {
    "changed-number": (_change_number, "numbers"),
    "dropped-number": (_drop_number, "numbers"),
    "altered-url": (_alter_url, "placeholders"),
    "dropped-placeholder": (_drop_placeholder, "placeholders"),
    "wrong-script-left": (_arabic_left, "wrong-script"),
    "copy-of-source": (_copy_source, "copy-of-source"),
    "unbalanced-bracket": (_unbalance_bracket, "brackets"),
    "wrong-end-punctuation": (_wrong_end, "end-punctuation"),
    "doubled-word": (_double_word, "repeated-word"),
    "bidi-control": (_bidi_control, "bidi-controls"),
    "control-character": (_control_char, "control-chars"),
}
PER_KIND = 40


def _build(direction: str) -> tuple[Catalog, dict[int, tuple[str, str]]]:
    """All pairs as one catalog, with PER_KIND entries per error kind injected; returns the
    injected entries by line as (kind, expected check)."""
    rng = random.Random(20240113)
    pairs = _pairs()
    if direction == "en-ar":
        pairs = [(english, arabic) for arabic, english in pairs]
    order = list(range(len(pairs)))
    rng.shuffle(order)
    injected: dict[int, tuple[str, str]] = {}
    texts = list(pairs)
    free = iter(order)
    for kind, (inject, check_id) in INJECTIONS.items():
        wanted = check_id
        if kind == "wrong-script-left" and direction == "en-ar":
            wanted = "untranslated-latin"
        done = 0
        while done < PER_KIND:
            index = next(free)
            result = inject(*pairs[index], rng)
            if result is None:
                continue
            texts[index] = result
            injected[index + 1] = (kind, wanted)
            done += 1
    source_lang, target_lang = direction.split("-")
    catalog = Catalog(
        units=[Unit(source=s, target=t, line=i + 1) for i, (s, t) in enumerate(texts)],
        header={"Language": target_lang, "X-Source-Language": source_lang},
        source_lang=source_lang,
        target_lang=target_lang,
        path=f"{direction}.po",
    )
    return catalog, injected


@pytest.mark.parametrize("direction", ["ar-en", "en-ar"])
def test_injected_errors_are_found_and_clean_entries_stay_clean(direction: str) -> None:
    catalog, injected = _build(direction)
    report = run_checks([catalog])
    by_line: dict[int, set[str]] = {}
    errors: set[tuple[int, str]] = set()
    for finding in report.findings:
        by_line.setdefault(finding.line or 0, set()).add(finding.check)
        if finding.severity is Severity.ERROR:
            errors.add((finding.line or 0, finding.check))

    missed = sorted((line, kind) for line, (kind, wanted) in injected.items()
                    if wanted not in by_line.get(line, set()))
    assert missed == []

    false_errors = sorted((line, check) for line, check in errors if line not in injected
                          and (direction, line, check) not in REAL_PROBLEMS)
    assert false_errors == []
    # The known problems of the references are still seen (the pin must not go stale).
    assert {(d, line, c) for d, line, c in REAL_PROBLEMS if d == direction} <= {
        (direction, line, check) for line, check in errors}
