"""Case tables for the quality checks, one unit at a time, in both directions."""

from __future__ import annotations

import pytest

from tarjama.checks import CHECKS, Finding, Severity, run_checks
from tarjama.model import Catalog, Unit
from tarjama.placeholders import find_placeholders, mask_placeholders


def findings(
    source: str, target: str, src: str = "ar", tgt: str = "en", **unit: object
) -> list[Finding]:
    catalog = Catalog(
        units=[Unit(source=source, target=target, line=7, **unit)],  # type: ignore[arg-type]
        header={"Language": tgt, "X-Source-Language": src},
        source_lang=src,
        target_lang=tgt,
        path="t.po",
    )
    return run_checks([catalog]).findings


def by_severity(source: str, target: str, src: str = "ar", tgt: str = "en") -> dict[str, str]:
    """The worst severity each check reported."""
    worst: dict[str, Severity] = {}
    for found in findings(source, target, src, tgt):
        worst[found.check] = max(worst.get(found.check, Severity.INFO), found.severity)
    return {check_id: str(severity) for check_id, severity in worst.items()}


# Correct translations that a source-is-English tool flags: none of these may say anything.
CLEAN = [
    ("arabic-indic-digits", "وصل ٣ وزراء إلى بغداد.", "3 ministers reached Baghdad.", "ar", "en"),
    ("extended-digits", "۲۵ پرونده حذف شد.", "25 files were deleted.", "fa", "en"),
    ("grouping-and-decimal", "بلغت الميزانية ٣٬٥٠٠ دينار بنسبة ٣٫٥٪.",
     "The budget reached 3,500 dinars, a rate of 3.5%.", "ar", "en"),
    ("question-mark", "هل وصل الوزير؟", "Has the minister arrived?", "ar", "en"),
    ("arabic-comma-semicolon", "قال الوزير، ثم غادر؛ وانتهى الاجتماع.",
     "The minister spoke, then left; and the meeting ended.", "ar", "en"),
    ("guillemets", "قال «نعم» للخطة.", 'He said "yes" to the plan.', "ar", "en"),
    ("caseless-source", "الحكومة تعلن خطة جديدة", "the government announces a new plan", "ar",
     "en"),
    ("english-to-arabic", "You have 3 new messages.", "لديك ٣ رسائل جديدة.", "en", "ar"),
    ("en-ar-question", "Delete this file?", "هل تريد حذف هذا الملف؟", "en", "ar"),
    ("en-ar-placeholders", "Hello %(name)s, you have {count} items",
     "مرحبًا %(name)s، لديك {count} عناصر", "en", "ar"),
    ("clock-time", "بدأ البرنامج في الساعة 12:00.", "The programme began at 12.00.", "ar", "en"),
    ("thousands-word", "شارك 10 آلاف شخص.", "10,000 people took part.", "ar", "en"),
    ("clitic-tatweel", 'Open with "%s"', 'افتح بـ "%s"', "en", "ar"),
    ("bidi-wrapping-ltr-run", "Dial +1 for the US.", "اطلب \u202a+1\u202c للولايات المتحدة.",
     "en", "ar"),
    ("rlm-in-arabic", "Version 2.0.", "الإصدار 2.0\u200f.", "en", "ar"),
]


@pytest.mark.parametrize(("source", "target", "src", "tgt"), [c[1:] for c in CLEAN],
                         ids=[c[0] for c in CLEAN])
def test_correct_translations_are_quiet(source: str, target: str, src: str, tgt: str) -> None:
    assert by_severity(source, target, src, tgt) == {}


# (id, source, target, src, tgt, check, severity)
FOUND = [
    ("changed-number", "قُتل ٤ جنود.", "5 soldiers were killed.", "ar", "en", "numbers", "error"),
    ("dropped-number", "قُتل ٤ جنود.", "Soldiers were killed.", "ar", "en", "numbers", "error"),
    ("spelled-number", "Delete 3 files?", "هل تريد حذف ثلاثة ملفات؟", "en", "ar", "numbers",
     "warning"),
    ("missing-printf", "Cannot open %s: %d", "تعذر فتح %s", "en", "ar", "placeholders", "error"),
    ("positional-printf", "%1$s of %2$s", "%1$s من %3$s", "en", "ar", "placeholders", "error"),
    ("qt-placeholder", "Copy %1 to %2", "انسخ %1 إلى", "en", "ar", "placeholders", "error"),
    ("python-brace", "Hello {name}", "مرحبا {nom}", "en", "ar", "placeholders", "error"),
    ("tag", "<b>Bold</b> text", "نص <b>عريض", "en", "ar", "placeholders", "error"),
    ("bbcode", "[b]Note[/b]", "[b]ملاحظة", "en", "ar", "placeholders", "error"),
    ("markdown-link", "See [docs](https://a.org/x)", "انظر [الوثائق](https://a.org/y)", "en",
     "ar", "placeholders", "error"),
    ("altered-url", "زر https://example.org/a للمزيد.", "Visit https://example.org/b for more.",
     "ar", "en", "placeholders", "error"),
    ("email", "Write to help@example.org", "اكتب إلى help@example.com", "en", "ar",
     "placeholders", "error"),
    ("arabic-left", "وصل الوزير إلى بغداد.", "The minister arrived in بغداد.", "ar", "en",
     "wrong-script", "error"),
    ("arabic-comma-left", "قال الوزير، ثم غادر.", "The minister spoke، then left.", "ar", "en",
     "wrong-script", "error"),
    ("copy-of-arabic", "وصل الوزير إلى بغداد.", "وصل الوزير إلى بغداد.", "ar", "en",
     "copy-of-source", "error"),
    ("copy-of-english", "Save the file now", "Save the file now", "en", "ar", "copy-of-source",
     "error"),
    ("untranslated-english", "Could not save the file", "تعذر save the file", "en", "ar",
     "untranslated-latin", "warning"),
    ("unbalanced-bracket", "قال (في بيان) إنه سيعود.", "He said (in a statement that he would "
     "return.", "ar", "en", "brackets", "error"),
    ("mirrored-brackets", "Name (optional)", "الاسم )اختياري(", "en", "ar", "brackets", "error"),
    ("end-punctuation", "هل وصل الوزير؟", "The minister has arrived.", "ar", "en",
     "end-punctuation", "warning"),
    ("doubled-word", "وصل الوزير.", "The the minister arrived.", "ar", "en", "repeated-word",
     "warning"),
    ("bidi-in-english", "وصل الوزير.", "The minister\u200f arrived.", "ar", "en",
     "bidi-controls", "error"),
    ("bidi-override", "Name", "\u202eالاسم\u202c", "en", "ar", "bidi-controls", "error"),
    ("bidi-unclosed", "Try again.", "حاول مرة أخرى\u202a.", "en", "ar", "bidi-controls",
     "warning"),
    ("control-char", "وصل الوزير.", "The minister\x07 arrived.", "ar", "en", "control-chars",
     "error"),
    ("stretched-word", "Hello", "مـرحـبـا", "en", "ar", "tatweel", "warning"),
    ("presentation-form", "Toolbar", "شريط \ufef7دوات", "en", "ar", "presentation-forms",
     "warning"),
    ("leading-newline", "\nDone", "تم", "en", "ar", "newlines", "error"),
    ("trailing-space", "Name: ", "الاسم:", "en", "ar", "whitespace", "warning"),
    ("double-space", "Open file", "افتح  الملف", "en", "ar", "double-space", "warning"),
    ("space-before-question", "هل وصل؟", "Has he arrived ?", "ar", "en",
     "space-before-punctuation", "warning"),
    ("capital", "Open the file", "open the file", "en", "fr", "start-capital", "warning"),
    ("sentences", "وصل الوزير. ثم غادر. وانتهى الاجتماع.", "The minister arrived.", "ar", "en",
     "sentence-count", "warning"),
]


@pytest.mark.parametrize(("source", "target", "src", "tgt", "check_id", "severity"),
                         [c[1:] for c in FOUND], ids=[c[0] for c in FOUND])
def test_each_error_kind_is_found_by_its_check(
    source: str, target: str, src: str, tgt: str, check_id: str, severity: str
) -> None:
    found = by_severity(source, target, src, tgt)
    assert found.get(check_id) == severity, found


def test_every_check_is_declared_once_with_a_title() -> None:
    assert len(CHECKS) >= 25
    for check_id, declared in CHECKS.items():
        assert declared.id == check_id
        assert declared.title and isinstance(declared.severity, Severity)


def test_capital_check_never_fires_for_caseless_scripts() -> None:
    assert by_severity("open the file", "افتح الملف", "en", "ar") == {}
    assert by_severity("افتح الملف", "open the file", "ar", "en") == {}


def test_placeholders_are_found_in_the_text_without_flags() -> None:
    text = ("%s %1$s %(name)s {0} {name} %2 <a href='x'> [b] [t](https://a.b/c) "
            "https://x.org/p. me@x.org 100% of")
    kinds = [kind for kind, _ in find_placeholders(text)]
    assert kinds == ["printf", "printf", "pyformat", "brace", "brace", "qt", "tag", "bbcode",
                     "link", "url", "email"]
    masked = mask_placeholders("Open %s now")
    assert "%s" not in masked and masked.startswith("Open ")


def test_plural_forms_may_drop_the_count_for_one_number() -> None:
    unit = Unit(source="%d file", source_plural="%d files",
                target_plurals=["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا",
                                "%d ملف"])
    catalog = Catalog(units=[unit], header={"Plural-Forms": "nplurals=6; plural=n;"},
                      source_lang="en", target_lang="ar")
    report = run_checks([catalog])
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    wrong = Unit(source="%d file", source_plural="%d files", target_plurals=["%d ملف", "ملفات"])
    catalog.units = [wrong]
    errors = [f.check for f in run_checks([catalog]).findings if f.severity is Severity.ERROR]
    assert errors == ["plural-forms"]


def test_fuzzy_and_untranslated_units_are_info_and_skip_content_checks() -> None:
    fuzzy = findings("وصل ٤ جنود.", "5 soldiers", flags=["fuzzy"])
    assert [(f.check, str(f.severity)) for f in fuzzy] == [("fuzzy", "info")]
    empty = findings("وصل ٤ جنود.", "")
    assert [(f.check, str(f.severity)) for f in empty] == [("untranslated", "info")]


def test_suppression_comment_silences_named_checks_only() -> None:
    noisy = findings("قُتل ٤ جنود؟", "5 soldiers were killed.")
    assert {f.check for f in noisy} == {"numbers", "end-punctuation"}
    quiet = findings("قُتل ٤ جنود؟", "5 soldiers were killed.",
                     translator_notes="reviewed\ntarjama: ignore numbers")
    assert {f.check for f in quiet} == {"end-punctuation"}
    silent = findings("قُتل ٤ جنود؟", "5 soldiers were killed.",
                      translator_notes="tarjama: ignore all")
    assert silent == []


def test_consistency_across_catalogs() -> None:
    def catalog(path: str, target: str) -> Catalog:
        return Catalog(units=[Unit(source="Save", target=target, line=3),
                              Unit(source="Keep", target="احفظ", line=5)],
                       source_lang="en", target_lang="ar", path=path)

    report = run_checks([catalog("a.po", "احفظ"), catalog("b.po", "حفظ"),
                         catalog("c.po", "احفظ")])
    inconsistent = [(f.file, f.line) for f in report.findings
                    if f.check == "inconsistent-translation"]
    assert inconsistent == [("b.po", 3)]
    same = [f for f in report.findings if f.check == "same-translation"]
    assert same and all(f.severity is Severity.INFO for f in same)


def test_length_ratio_is_learned_from_the_catalog() -> None:
    units = [Unit(source=f"هذه جملة عربية طويلة نسبيا رقم {i}", target=f"This is a fairly long "
                  f"English sentence number {i}", line=i) for i in range(40)]
    units.append(Unit(source="هذه جملة عربية طويلة نسبيا رقم 99", target="This 99.", line=99))
    catalog = Catalog(units=units, source_lang="ar", target_lang="en")
    flagged = [f.line for f in run_checks([catalog]).findings if f.check == "length-ratio"]
    assert flagged == [99]
