"""Placeables in memory matches: numbers in every digit system and separator pair, placeholders
and tags substituted only when unambiguous, never across placeholder types; the same in
lookup, pretranslate and update; and check still catching a number that disagrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_tarjama
from tarjama.formats.po import new_header, read_po, write_po
from tarjama.memory import MatchKind
from tarjama.memory.match import FUZZY_CEILING, Grade, fold, grade
from tarjama.memory.placeables import (
    find_placeables,
    parse_number,
    write_number,
)
from tarjama.model import Catalog, Unit


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))


def graded(query: str, source: str, *targets: str, plural: bool = False) -> Grade:
    result = grade(query, fold(query), None, source, fold(source), None, targets=targets,
                   plural=plural)
    assert result is not None
    return result


def proposed(result: Grade) -> tuple[str, ...]:
    assert result.kind is MatchKind.PLACEABLE and result.adapted is not None, result
    return result.adapted.targets


# --- numbers ---------------------------------------------------------------------------------

NUMBERS = [
    # (written, whole, fraction, grouping sign, decimal sign, value)
    ("1,234.5", "1234", "5", ",", ".", "1234.5"),
    ("١٬٢٣٤٫٥", "1234", "5", "٬", "٫", "1234.5"),
    ("۱٬۲۳۴٫۵", "1234", "5", "٬", "٫", "1234.5"),
    ("1.234,5", "1234", "5", ".", ",", "1234.5"),
    ("١,٢٣٤.٥", "1234", "5", ",", ".", "1234.5"),
    ("3,5", "3", "5", None, ",", "3.5"),
    ("٣٫٥٠", "3", "50", None, "٫", "3.5"),
    ("1,000,000", "1000000", None, ",", None, "1000000"),
    ("007", "007", None, None, None, "7"),
]


@pytest.mark.parametrize(("written", "whole", "fraction", "group", "decimal", "value"), NUMBERS,
                         ids=[case[0] for case in NUMBERS])
def test_numbers_in_every_digit_system_and_separator_pair(
        written: str, whole: str, fraction: str | None, group: str | None,
        decimal: str | None, value: str) -> None:
    number = parse_number(written)
    assert number is not None
    assert (number.whole, number.fraction, number.group, number.decimal) == (
        whole, fraction, group, decimal)
    assert number.value == value


@pytest.mark.parametrize("written", ["1.2.3", "1,23,4", "12,34.5.6"])
def test_signs_that_make_no_number_leave_the_text_alone(written: str) -> None:
    assert parse_number(written) is None
    assert not [p for p in find_placeables(f"version {written} here") if p.kind == "number"]


STYLES = {"latin": "1,234.5", "arabic": "١٬٢٣٤٫٥", "persian": "۱٬۲۳۴٫۵"}
SHORT = {"latin": "7", "arabic": "٧", "persian": "۷"}


@pytest.mark.parametrize("target", sorted(STYLES))
@pytest.mark.parametrize("query", sorted(STYLES))
def test_substituted_number_is_written_as_the_target_writes_numbers(query: str,
                                                                     target: str) -> None:
    """Query in any digit system, memory target in any: the target's digits and signs win,
    grouping included when the target's number was too short to show it."""
    result = graded(f"الوزن الإجمالي {STYLES[query]} كغ", "الوزن الإجمالي 7 كغ",
                    f"Total weight: {SHORT[target]} kg")
    assert proposed(result) == (f"Total weight: {STYLES[target]} kg",)
    assert result.score > FUZZY_CEILING
    [substitution] = result.adapted.substitutions if result.adapted else ()
    assert (substitution.kind, substitution.old, substitution.new) == (
        "number", SHORT[target], STYLES[target])


def test_number_keeps_the_targets_own_grouping_and_decimal_signs() -> None:
    like = parse_number("12.500,75")
    new = parse_number("1,234,567.5")
    assert like is not None and new is not None
    assert write_number(new, like) == "1.234.567,5"
    ungrouped = parse_number("25000")
    assert ungrouped is not None and write_number(new, ungrouped) == "1234567.5"


def test_ordinal_suffix_follows_the_new_number() -> None:
    result = graded("اليوم 2 من المؤتمر", "اليوم 1 من المؤتمر", "The 1st day of the conference")
    assert proposed(result) == ("The 2nd day of the conference",)


def test_switching_the_digit_system_alone_is_folded_not_substituted() -> None:
    result = graded("الوزن ١٬٢٣٤ كغ", "الوزن 1234 كغ", "Weight: 1234 kg")
    assert (result.score, result.kind, result.adapted) == (99.0, MatchKind.FOLDED, None)


# --- placeholders, tags, URLs ------------------------------------------------------------------


def test_numbers_inside_placeholders_and_urls_are_left_alone() -> None:
    text = 'Open %2$s at https://example.org/page/12 or <font size="3"> in {0} for 5 days'
    numbers = [p.text for p in find_placeables(text) if p.kind == "number"]
    assert numbers == ["5"]
    result = graded(
        "See https://example.org/12 for 13 items", "See https://example.org/12 for 12 items",
        "انظر https://example.org/12 لمعرفة 12 عنصرا")
    assert proposed(result) == ("انظر https://example.org/12 لمعرفة 13 عنصرا",)


def test_a_changed_url_is_substituted_whole() -> None:
    result = graded("Read https://example.org/news/18.", "Read https://example.org/news/17.",
                    "اقرأ https://example.org/news/17.")
    assert proposed(result) == ("اقرأ https://example.org/news/18.",)


SAME_FAMILY = [
    ("tags", "Save <b>all</b> files", "Save <i>all</i> files", "احفظ <i>كل</i> الملفات",
     "احفظ <b>كل</b> الملفات"),
    ("positional braces", "Copy {1} to the disk", "Copy {0} to the disk", "انسخ {0} إلى القرص",
     "انسخ {1} إلى القرص"),
    ("printf, positional", "Copy %1$s now", "Copy %s now", "انسخ %s الآن", "انسخ %1$s الآن"),
    ("link target", 'Go <a href="/new">home</a>', 'Go <a href="/old">home</a>',
     'اذهب إلى <a href="/old">الرئيسية</a>', 'اذهب إلى <a href="/new">الرئيسية</a>'),
]


@pytest.mark.parametrize(("query", "source", "target", "expected"),
                         [case[1:] for case in SAME_FAMILY], ids=[c[0] for c in SAME_FAMILY])
def test_placeholders_and_tags_of_one_family_are_substituted(query: str, source: str,
                                                            target: str, expected: str) -> None:
    assert proposed(graded(query, source, target)) == (expected,)


TYPE_MISMATCHES = [
    ("printf s/d", "Open %d files", "Open %s files", "افتح %s ملفات"),
    ("brace names", "Hello {count}", "Hello {name}", "مرحبا {name}"),
    ("python names", "Hello %(count)s", "Hello %(name)s", "مرحبا %(name)s"),
    ("python types", "Hello %(name)d", "Hello %(name)s", "مرحبا %(name)s"),
    ("number for placeholder", "Delete 5 files", "Delete %d files", "احذف %d ملفات"),
    ("opening for closing tag", "a <b> b", "a </b> b", "أ </b> ب"),
]


@pytest.mark.parametrize(("query", "source", "target"), [case[1:] for case in TYPE_MISMATCHES],
                         ids=[case[0] for case in TYPE_MISMATCHES])
def test_placeholders_of_another_type_are_never_substituted(query: str, source: str,
                                                            target: str) -> None:
    result = graded(query, source, target)
    assert result.kind is MatchKind.FUZZY and result.adapted is None
    assert result.note and "not of one kind" in result.note


# --- ambiguity -----------------------------------------------------------------------------------


def test_repeated_numbers_changed_alike_are_all_substituted() -> None:
    result = graded("الصفحة 6 من 6", "الصفحة 5 من 5", "Page 5 of 5")
    assert proposed(result) == ("Page 6 of 6",)


REFUSED = [
    ("repeated, changed once", "الصفحة 5 من 6", "الصفحة 5 من 5", "Page 5 of 5",
     "not all changed"),
    ("repeated, changed apart", "الصفحة 6 من 7", "الصفحة 5 من 5", "Page 5 of 5",
     "changed to 6 and 7"),
    ("twice in the target", "قتل 4 جنود", "قتل 3 جنود", "3 soldiers killed, 3 wounded",
     "occurs 2 times"),
    ("spelled in the target", "قتل 4 جنود", "قتل 3 جنود", "Three soldiers were killed",
     "not in the translation"),
    ("no translation", "قتل 4 جنود", "قتل 3 جنود", "", "not in the translation"),
]


@pytest.mark.parametrize(("query", "source", "target", "reason"),
                         [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_ambiguous_substitutions_are_refused_and_said_why(query: str, source: str, target: str,
                                                          reason: str) -> None:
    result = graded(query, source, target)
    assert result.kind is MatchKind.FUZZY and result.adapted is None
    assert result.note and reason in result.note
    assert result.score <= FUZZY_CEILING


def test_swapped_numbers_are_substituted_in_place() -> None:
    result = graded("من 5 إلى 3 أيام", "من 3 إلى 5 أيام", "from 3 to 5 days")
    assert proposed(result) == ("from 5 to 3 days",)


def test_a_changed_number_that_cannot_be_substituted_never_outranks_a_changed_word() -> None:
    source = "أعلنت الحكومة 3 إجراءات جديدة لمواجهة الأزمة الاقتصادية في البلاد"
    word_changed = graded(source, source.replace("جديدة", "عاجلة"), "x")
    number_changed = graded(source, source.replace("3", "4"), "Three new measures")
    assert number_changed.kind is MatchKind.FUZZY
    assert number_changed.score < word_changed.score


def test_text_without_placeables_scores_as_before() -> None:
    query, source = "أعلنت الحكومة خطة قديمة", "أعلنت الحكومة خطة جديدة"
    result = graded(query, source, "The government announced a new plan")
    assert result.kind is MatchKind.FUZZY and result.note is None
    from tarjama.memory.match import blend_similarity
    assert result.score == round(blend_similarity(fold(query), fold(source)), 1)


# --- plural entries ------------------------------------------------------------------------------

FORMS = ("لم يُحذف أي ملف من <b>%s</b>", "حُذف ملف واحد من <b>%s</b>",
         "حُذف ملفان من <b>%s</b>", "حُذفت %d ملفات من <b>%s</b>",
         "حُذف %d ملفًا من <b>%s</b>", "حُذف %d ملف من <b>%s</b>")


def test_plural_forms_are_each_substituted_and_a_form_may_lack_the_number() -> None:
    result = graded("Deleted %d file from <i>%s</i>", "Deleted %d file from <b>%s</b>", *FORMS,
                    plural=True)
    assert proposed(result) == tuple(
        form.replace("<b>", "<i>").replace("</b>", "</i>") for form in FORMS)


def test_plural_form_with_the_placeable_twice_is_refused() -> None:
    forms = (*FORMS[:5], "حُذف %d ملف من <b>%s</b> <b>%s</b>")
    result = graded("Deleted %d file from <i>%s</i>", "Deleted %d file from <b>%s</b>", *forms,
                    plural=True)
    assert result.adapted is None and result.note and "occurs 2 times" in result.note


# --- the commands --------------------------------------------------------------------------------

MEMORY = [
    ("بدأ وقف إطلاق النار في 12 يناير بعد أسابيع من القتال.",
     "The ceasefire began on 12 January after weeks of fighting."),
    ("قتل 3 جنود في الهجوم على القاعدة الشمالية.",
     "Three soldiers were killed in the attack on the northern base."),
    ("افتح %s لعرض التفاصيل.", "Open %s to see the details."),
    ("بلغ عدد الإصابات 12 وعدد الوفيات 4 في المدينة.",
     "There were 12 cases and 4 deaths in the city, 3 of them children."),
]


def memory_po(path: Path) -> Path:
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"))
    catalog.units = [Unit(source=s, target=t) for s, t in MEMORY]
    catalog.units.append(Unit(source="حذف %d ملف من <b>%s</b>",
                              source_plural="حذف %d ملفات من <b>%s</b>",
                              target_plurals=["Deleted %d file from <b>%s</b>",
                                              "Deleted %d files from <b>%s</b>"],
                              flags=["c-format"]))
    write_po(catalog, path)
    return path


def test_lookup_shows_what_was_substituted(tmp_path: Path) -> None:
    memory = memory_po(tmp_path / "m.po")
    query = "بدأ وقف إطلاق النار في ١٣ يناير بعد أسابيع من القتال."
    text = run_tarjama("lookup", query, "-m", str(memory), "--limit", "1")
    assert text.exit_code == 0, text.stderr
    assert text.stdout.splitlines()[0].startswith("1. 98.9% placeable")
    assert "   proposed: The ceasefire began on 13 January after weeks of fighting." in text.stdout
    assert "   substituted: 12 → 13" in text.stdout
    found = run_tarjama("lookup", query, "-m", str(memory), "--format", "json")
    best = json.loads(found.stdout)["results"][0]
    assert best["kind"] == "placeable" and best["score"] == 98.9
    assert best["target"] == "The ceasefire began on 12 January after weeks of fighting."
    assert best["proposed_target"] == "The ceasefire began on 13 January after weeks of fighting."
    assert best["substitutions"] == [{"kind": "number", "memory": "12", "proposed": "13"}]
    refused = run_tarjama("lookup", "قتل 4 جنود في الهجوم على القاعدة الشمالية.",
                          "-m", str(memory), "--format", "json")
    best = json.loads(refused.stdout)["results"][0]
    assert best["kind"] == "fuzzy" and "proposed_target" not in best
    assert best["not_substituted"] == "3 is not in the translation"


def test_pretranslate_and_update_substitute_and_check_still_catches(tmp_path: Path) -> None:
    memory = memory_po(tmp_path / "m.po")
    template = Catalog(header=new_header(source_lang="ar", template=True))
    template.units = [
        Unit(source="بدأ وقف إطلاق النار في 13 يناير بعد أسابيع من القتال."),
        Unit(source="افتح %d لعرض التفاصيل."),  # %s -> %d: never substituted
        Unit(source="بلغ عدد الإصابات 15 وعدد الوفيات 4 في المدينة."),
        Unit(source="حذف %d ملف من <i>%s</i>", source_plural="حذف %d ملفات من <i>%s</i>",
             flags=["c-format"]),
    ]
    write_po(template, tmp_path / "t.pot")
    out = tmp_path / "out.po"
    result = run_tarjama("pretranslate", str(tmp_path / "t.pot"), "-m", str(memory),
                         "-o", str(out), "--threshold", "50")
    assert result.exit_code == 0, result.stderr
    assert "placeable 3 (" in result.stderr
    units = read_po(out).units
    ceasefire, open_, cases, plural = units
    assert ceasefire.target == "The ceasefire began on 13 January after weeks of fighting."
    assert ceasefire.fuzzy and ceasefire.previous_source == MEMORY[0][0]
    assert ceasefire.translator_notes.startswith(f"tarjama: 98.9% match (placeable) from {memory}:")
    assert ceasefire.translator_notes.endswith("; substituted 12 → 13")
    assert open_.target == "Open %s to see the details." and open_.fuzzy
    assert "not substituted: %s and %d are not of one kind" in open_.translator_notes
    assert plural.target_plurals == ["Deleted %d file from <i>%s</i>",
                                     "Deleted %d files from <i>%s</i>"]
    # The memory's own translation had a number its source lacks: substituting the one that
    # changed leaves it, and once the translator accepts the entry, check still reports it.
    assert cases.target == "There were 15 cases and 4 deaths in the city, 3 of them children."
    catalog = read_po(out)
    for unit in catalog.units:
        unit.fuzzy = False
    write_po(catalog, tmp_path / "accepted.po")
    checked = run_tarjama("check", str(tmp_path / "accepted.po"), "--select", "numbers",
                          "--format", "json")
    assert "not in the source: 3" in checked.stdout

    # update: the document changed one number; the old entry's translation follows it.
    old = Catalog(header=new_header(source_lang="ar", target_lang="en"))
    old.units = [Unit(source=MEMORY[0][0], target=MEMORY[0][1])]
    write_po(old, tmp_path / "old.po")
    (tmp_path / "doc.txt").write_text(
        "بدأ وقف إطلاق النار في 14 يناير بعد أسابيع من القتال.\n", encoding="utf-8")
    updated = run_tarjama("update", str(tmp_path / "doc.txt"), str(tmp_path / "old.po"),
                          "-o", str(tmp_path / "new.po"))
    assert updated.exit_code == 0, updated.stderr
    [entry] = [u for u in read_po(tmp_path / "new.po").units if not u.obsolete]
    assert entry.target == "The ceasefire began on 14 January after weeks of fighting."
    assert entry.fuzzy and entry.previous_source == MEMORY[0][0]
    assert "substituted 12 → 14" in entry.translator_notes
