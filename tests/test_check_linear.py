"""Every check takes time in proportion to the entry's length (issue 15): inputs that were
quadratic are pinned, and random and adversarial strings up to 100,000 characters are fed to
every registered check with the time per character compared between a length and eight times
it. A quadratic check grows eightfold; the threshold is three.

The measurements are ratios of times taken in the same test (see tests/linear_helpers.py).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linear_helpers import PROSE, check_entry, growth, prose_time, sized
from tarjama.checks import CHECKS, run_checks
from tarjama.checks.numbers import _canonical, _settle_equivalents
from tarjama.model import Catalog, Unit

# Per-character time may grow this much from a length to eight times it (linear: 1).
ALLOWED = 3.0
SCALE = 8
# Against ordinary prose of the same length, a hostile input may cost this many times more
# (digits are rewritten and compared; prose mostly passes the quick looks).
AGAINST_PROSE = 25.0

# The inputs issue 15 found, as (name, target of length n, source of length n or None).
PINNED: dict[str, tuple[Callable[[int], str], Callable[[int], str] | None]] = {
    "digits": (lambda n: "1" * n, None),
    "bbcode-openers": (lambda n: sized("[b=", n), None),
    "letters-then-at": (lambda n: "a" * (n - 1) + "@", None),
    "brace-then-letters": (lambda n: "{" + "a" * (n - 1), None),
    "full-stops-against-questions": (lambda n: sized(". ", n), lambda n: sized("? ", n)),
    "repeated-word": (lambda n: sized("be ", n), None),
    # The segmenter, asked by sentence-count: a run of URLs, a URL closed by a run of ")".
    "urls": (lambda n: "Go. " + sized("http://", n - 4), None),
    "url-brackets": (lambda n: "See http://x" + ")" * (n - 20) + ". Then go.", None),
}
DIRECTIONS = [("en", "ar"), ("ar", "en"), ("en", "de")]


def _said(seconds: float | None) -> str:
    return "stopped: far longer than linear" if seconds is None else f"{seconds:.4f}s"


@pytest.mark.parametrize("direction", DIRECTIONS, ids="->".join)
@pytest.mark.parametrize("name", list(PINNED))
def test_pinned_inputs_take_linear_time(name: str, direction: tuple[str, str]) -> None:
    make_target, make_source = PINNED[name]
    source_lang, target_lang = direction
    small, large = 2_500, 20_000

    def args(n: int) -> tuple[str, str, str, str]:
        source = make_source(n) if make_source else sized(PROSE[source_lang], n)
        return source, make_target(n), source_lang, target_lang

    baseline = prose_time(source_lang, target_lang, large)
    ratio, small_time, large_time = growth(check_entry, args(small), args(large), SCALE,
                                           floor=baseline / SCALE, allowed=ALLOWED)
    assert ratio <= ALLOWED, (
        f"time per character grew {ratio:.1f}x from {small} to {large} characters "
        f"({small_time:.4f}s, then {_said(large_time)})")
    assert large_time is not None and large_time <= AGAINST_PROSE * baseline, (
        f"{_said(large_time)}, against {baseline:.4f}s for ordinary prose")


@pytest.mark.parametrize("name", ["digits", "repeated-word", "letters-then-at"])
def test_plural_forms_take_linear_time(name: str) -> None:
    make_target, _ = PINNED[name]
    small, large = 2_500, 20_000
    baseline = prose_time("en", "ar", large)

    def args(n: int) -> tuple[str, str, str, str, bool]:
        return sized(PROSE["en"], n), make_target(n), "en", "ar", True

    ratio, small_time, large_time = growth(check_entry, args(small), args(large), SCALE,
                                           floor=baseline / SCALE, allowed=ALLOWED)
    assert ratio <= ALLOWED, (
        f"{name}: {ratio:.1f}x ({small_time:.4f}s, then {_said(large_time)})")


def test_a_repeated_finding_is_one_finding_with_a_count() -> None:
    target = "be " * 13_333
    catalog = Catalog(units=[Unit(source="Hello", target=target, line=1)],
                      source_lang="en", target_lang="de")
    findings = run_checks([catalog], select=["repeated-word"]).findings
    assert [(f.message, f.count) for f in findings] == [("repeated word: 'be be'", 6_666)]
    assert findings[0].as_dict()["count"] == 6_666


def _plural_placeholders(n: int) -> None:
    """A plural entry whose source has n/8 named placeholders, whose first form keeps them
    and whose second form lost every ``%`` (each one then a damaged placeholder)."""
    names = [f"%(n{index})s" for index in range(n // 8)]
    source = " ".join(names)
    unit = Unit(source=source, source_plural=source, line=1,
                target_plurals=[source, source.replace("%", "")])
    catalog = Catalog(units=[unit], source_lang="en", target_lang="ar")
    run_checks([catalog], select=["placeholders"])


def test_damaged_placeholders_take_linear_time() -> None:
    baseline = prose_time("en", "ar", 20_000)
    ratio, small_time, large_time = growth(_plural_placeholders, (2_500,), (20_000,), SCALE,
                                           floor=baseline / SCALE, allowed=ALLOWED)
    assert ratio <= ALLOWED, f"{ratio:.1f}x ({small_time:.4f}s, then {_said(large_time)})"


# --- random and adversarial strings -----------------------------------------------------------

# Characters the checks' patterns treat specially, and the pieces of the tokens they look for.
SPECIAL = list("aZ1٣۳ .,:;?!؟،@{}[]()<>%/=-_'\"\n\t«»*#+$\\ـ\u200f\u202b\u202c\u2067\u2069\x07"
               "ابتﻷ")
PIECES = ["http://", "www.", "%(", "%0", "%1$", "[b=", "[url=", "](", "<a ", "{0", "1.", "1,",
          ":00", " million", " آلاف", "be ", "the ", "tarjama", "s ", "'s", "a@", "&"]
TOKENS = st.sampled_from(SPECIAL + PIECES)


def _joined(most: int, least: int = 0) -> st.SearchStrategy[str]:
    return st.lists(TOKENS, min_size=least, max_size=most).map("".join)


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, str, str]:
    """A prefix, a short unit repeated to the length, and a suffix: the shape on which a
    backtracking pattern shows its cost."""
    return draw(_joined(2)), draw(_joined(3, 1)), draw(_joined(2))


def _pumped(shape: tuple[str, str, str], length: int) -> str:
    prefix, unit, suffix = shape
    return prefix + sized(unit, length - len(prefix) - len(suffix)) + suffix


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(hostile(), hostile(), st.sampled_from(DIRECTIONS), st.booleans())
def test_every_check_takes_linear_time_on_adversarial_strings(
        target_shape: tuple[str, str, str], source_shape: tuple[str, str, str],
        direction: tuple[str, str], prose_source: bool) -> None:
    source_lang, target_lang = direction
    small, large = 12_500, 100_000

    def args(n: int) -> tuple[str, str, str, str]:
        source = sized(PROSE[source_lang], n) if prose_source else _pumped(source_shape, n)
        return source, _pumped(target_shape, n), source_lang, target_lang

    floor = prose_time(source_lang, target_lang, small)
    ratio, small_time, large_time = growth(check_entry, args(small), args(large), SCALE,
                                           floor=floor, allowed=ALLOWED, large_runs=1)
    assert ratio <= ALLOWED, (
        f"time per character grew {ratio:.1f}x from {small} to {large} characters "
        f"({small_time:.4f}s, then {_said(large_time)}); slowest checks: {_slowest(*args(large))}")


def _slowest(source: str, target: str, source_lang: str, target_lang: str) -> str:
    """Which checks the time goes to (for the failure message)."""
    catalog = Catalog(units=[Unit(source=source, target=target, line=1)],
                      source_lang=source_lang, target_lang=target_lang)
    times = {}
    for check in CHECKS:
        start = time.perf_counter()
        run_checks([catalog], select=[check])
        times[check] = time.perf_counter() - start
    return ", ".join(f"{check} {seconds:.2f}s" for check, seconds in
                     sorted(times.items(), key=lambda item: -item[1])[:3])


# --- the pairing of numbers written another way, against the way it was done before ----------

def _settled_the_old_way(missing: Counter[str], extra: Counter[str], source_products: set[str],
                         target_products: set[str]) -> None:
    """Every missing value against every extra one (n * n): the reference."""
    def same_value(a: str, b: str) -> bool:
        for x, y in ((a, b), (b, a)):
            if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", x) and (x.replace(".", "") == y or _canonical(
                    x.replace(".", "", x.count(".") - 1)) == y):
                return True
            if re.fullmatch(r"\d+,\d{1,2}", x) and x.replace(",", ".") == y:
                return True
        return False

    for value in sorted(missing):
        for other in sorted(extra):
            if extra[other] and missing[value] and (
                    same_value(value, other) or other in source_products
                    or value in target_products):
                missing[value] -= 1
                extra[other] -= 1


VALUES = st.sampled_from(["1", "2", "42", "42000", "42.000", "42.0", "3.5", "3,5", "1000",
                          "1.000", "10000", "10.000", "7", "1.5", "15", "1,5"])


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, max_size=8), st.lists(VALUES, max_size=8),
       st.sets(VALUES, max_size=3), st.sets(VALUES, max_size=3))
def test_numbers_are_paired_as_before(missing: list[str], extra: list[str],
                                      source_products: set[str],
                                      target_products: set[str]) -> None:
    expected = (Counter(missing), Counter(extra))
    _settled_the_old_way(*expected, source_products, target_products)
    found = (Counter(missing), Counter(extra))
    _settle_equivalents(*found, source_products, target_products)
    assert (+found[0], +found[1]) == (+expected[0], +expected[1])
