"""Property tests of the checks: any text is checked without failing, a translation that only
changes the digit system is never a numbers problem, and the check command's fast PO reader
reads whatever the PO writer writes exactly as the PO adapter does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjama.checks import run_checks
from tarjama.languages import ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS
from tarjama.model import Catalog, Unit

TEXT = st.text(
    alphabet=st.sampled_from(
        list("abc XYZ 0123456789 .,;:!?()[]{}%$<>/@\"'\n\t«»؟،؛ـ")
        + list("ابتثجحخدذرسشصضطظعغفقكلمنهوي")
        + list(ARABIC_INDIC_DIGITS + "\u200f\u202a\u202c\u2067\u2069\x07\ufef7")
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT)
def test_any_pair_is_checked_without_failing(source: str, target: str) -> None:
    for src, tgt in (("ar", "en"), ("en", "ar")):
        catalog = Catalog(units=[Unit(source=source or "x", target=target, line=1)],
                          source_lang=src, target_lang=tgt)
        report = run_checks([catalog])
        assert report.units == 1
        assert all(f.line == 1 and f.message for f in report.findings)


WORDS = st.lists(st.sampled_from(["وصل", "الوزير", "إلى", "بغداد", "في", "عام", "جنديا"]),
                 min_size=1, max_size=6)
NUMBERS = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(WORDS, NUMBERS, st.sampled_from([ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS]),
       st.booleans())
def test_digit_system_and_grouping_never_matter(words: list[str], values: list[int],
                                                digits: str, grouped: bool) -> None:
    table = str.maketrans("0123456789,", digits + "\u066c")
    source = " ".join(words) + " " + " و ".join(
        (f"{v:,}" if grouped else str(v)).translate(table) for v in values)
    target = "They counted " + " and ".join(f"{v:,}" for v in values) + "."
    catalog = Catalog(units=[Unit(source=source, target=target)], source_lang="ar",
                      target_lang="en")
    assert run_checks([catalog], select=["numbers"]).findings == []


UNIT_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"],
                                           exclude_characters="\r\x00"), max_size=30)


