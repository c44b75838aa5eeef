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




# Pieces of placeholders, markup, URLs and e-mails, with the digits and letters around them
# that decide whether they match (``50%d`` is a percent sign, ``a%d`` a conversion).
_DETECTOR_PIECES = st.sampled_from([
    "%", "%%", "%d", "%1$s", "%(name)s", "% o", "%L1", "%1", "{", "}", "{{", "}}", "{0}",
    "{name}", "{n:>3}", "<", ">", "<b>", "</b>", "<br/>", '<a href="/x">', "[", "]", "[b]",
    "[/url]", "[link](http://x.org)", "@", "a@b.org", "://", "http://x.org/", "www.x.org",
    "www.", "5", "٥", "a", "Z", " ", ".", "-", "\n", "مرحبا", "&", "$", "\\",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_DETECTOR_PIECES, st.text(max_size=3)), max_size=12).map("".join))
def test_detector_shortcut_finds_what_the_pattern_finds(text: str) -> None:
    # The detector only tries the pattern where a match can start (or not at all): the
    # same matches, spans and kinds as running the pattern over every position.
    from tarjama import placeholders

    slow = [(m.span(), m.lastgroup) for m in placeholders._PLACEHOLDER_RE.finditer(text)]
    fast = [(m.span(), m.lastgroup) for m in placeholders._matches(text)]
    assert fast == slow
    expected = [key for m in placeholders._PLACEHOLDER_RE.finditer(text)
                if (key := placeholders._key(m)) is not None]
    assert placeholders.find_placeholders(text) == expected
    assert [(kind, token) for _, kind, token in placeholders.iter_placeholders(text)] == expected
    # Kinds alone (inline codes): the same matches and kinds as with their tokens.
    assert [(m.span(), kind) for m, kind in placeholders.iter_placeholder_kinds(text)] == [
        (m.span(), kind) for m, kind, _ in placeholders.iter_placeholders(text)]
