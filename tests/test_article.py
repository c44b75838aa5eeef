"""The article as a translation project: the English PO of noonpost-191719 against its template.

Checks that the translation is complete and current, accepted by msgfmt, faithful to the
Arabic's numbers and consistent with the project glossary's names and terms.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import LOCALES, need_tool, run_tarjama
from tarjama.formats.po import read_po
from tarjama.languages import (
    count_arabic_letters,
    neutral_punctuation,
    numbers,
    plural_rule,
)
from tarjama.model import Catalog, Status

NAME = "noonpost-191719"
POT = LOCALES / f"{NAME}.pot"
PO = LOCALES / "en" / "LC_MESSAGES" / f"{NAME}.po"
GLOSSARY = LOCALES / "glossary.ar-en.csv"

# Numbers the English spells out, as English news style does for one to nine.
SPELLED_OUT: dict[str, tuple[str, str]] = {
    "3": ("three", "news style spells out numbers below ten ('three main military forces')"),
}

# Slips in the scraped Arabic that the translation corrects: each entry holding one must say
# so in a translator comment (the word quoted is what the comment has to mention).
SOURCE_SLIPS: list[tuple[str, str, str]] = [
    ("أمر لواء", "أمر لواء", "typo for آمر لواء (brigade commander)"),
    ("أستهزفت", "أستهزفت", "typo for استنزفت (depleted)"),
    ("حكومة السودان(?!ي)", "حكومة السودان", "'government of Sudan' for al-Sudani's government"),
    ("التداخيات", "التداخيات", "typo for التداعيات (repercussions)"),
    ("يتترك", "يتترك", "typo for يُترك (be left)"),
    ("باتريك رايد(?!ر)", "رايد", "Patrick Ryder's name missing its last letter"),
    ("أبو تقوى السعيد(?!ي)", "السعيد", "Abu Taqwa al-Saidi's name missing its last letter"),
    ("عثرت", "عثرت", "unvocalised, reads as 'found'; meant عثّرت (set back)"),
]

# Spellings the translation avoids, so that one name or term keeps one English form.
AVOIDED: list[tuple[str, str]] = [
    ("Daesh", "Islamic State throughout, as Reuters writes it"),
    ("ISIL", "Islamic State throughout, as Reuters writes it"),
    ("ISIS", "Islamic State throughout: the agencies do not write ISIS"),
    ("Mobilisation", "American spelling: Popular Mobilization Forces"),
    ("defence", "American spelling: defense"),
    ("Sudanese", "al-Sudani is the prime minister; Sudan is not in the article"),
    ("Ryde ", "Patrick Ryder"),
    ("Nujabaa", "Harakat al-Nujaba"),
    # The review of a professional news translator, by entry.
    ("attack by US forces", "#3 and #10 are one event, the strike: one term"),
    ("begun steps", "#5: the collocation is 'begun the process of'"),
    ("badly", "#10: not in the Arabic"),
    ("much of that effort", "#10: كثيرًا من is 'many of'"),
    ("the Iraqi scene", "#19: الساحة العراقية is Iraq, as الساحة السورية is Syria"),
    ("concerned with", "#20: معنيًا بتوجهات is 'on board with', not 'worried about'"),
    ("withdrawal and departure", "#23: a synonym pair, rendered once"),
]

# Relative dates a reader could misread: each entry must date them in a translator comment.
RELATIVE_DATES: list[tuple[str, str]] = [
    ("الخميس الماضي", "4 January 2024"),
    ("الاثنين الماضي", "8 January 2024"),
]
# The longest English sentence the review accepts (#22 was one sentence of 112 words).
LONGEST_SENTENCE_WORDS = 80


def _active(catalog: Catalog) -> list[tuple[str | None, str]]:
    return [unit.key for unit in catalog.active()]


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return read_po(POT)


@pytest.fixture(scope="module")
def po() -> Catalog:
    return read_po(PO)


def _glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_po_has_exactly_the_templates_entries_in_order(pot: Catalog, po: Catalog) -> None:
    assert pot.units, "the template is empty"
    assert _active(po) == _active(pot)
    assert not [unit for unit in po.units if unit.obsolete], "stale obsolete entries"


def test_po_keeps_the_templates_references_and_notes(pot: Catalog, po: Catalog) -> None:
    ours = [(unit.references, unit.extracted_notes) for unit in po.active()]
    template = [(unit.references, unit.extracted_notes) for unit in pot.active()]
    assert ours == template


def test_every_entry_is_translated_and_not_fuzzy(po: Catalog) -> None:
    not_done = [(unit.source[:40], unit.status) for unit in po.active()
                if unit.status is not Status.TRANSLATED]
    assert not not_done
    assert "fuzzy" not in po.header_flags


@pytest.mark.parametrize("path", [PO, POT], ids=["po", "pot"])
def test_msgfmt_accepts_the_catalog(path: Path) -> None:
    msgfmt = need_tool("msgfmt")
    done = subprocess.run(
        [msgfmt, "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    if path == PO:
        # A template keeps placeholder header values (msgfmt warns); a translation may not.
        assert "warning" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Language", "en"),
        ("X-Source-Language", "ar"),
        ("Plural-Forms", plural_rule("en").header()),
        ("Project-Id-Version", NAME),
        ("Last-Translator", "tarjama developers"),
        ("Language-Team", "English"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("MIME-Version", "1.0"),
    ],
    ids=lambda value: str(value),
)
def test_header_declares_a_real_english_translation(po: Catalog, field: str, expected: str) -> None:
    assert po.header.get(field) == expected


def test_header_revision_date_is_a_real_date(po: Catalog) -> None:
    revision = po.header.get("PO-Revision-Date", "")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}", revision), revision
    # A translation is revised after its template was created.
    assert revision[:16] >= po.header.get("POT-Creation-Date", "")[:16]


def test_no_arabic_letters_remain_in_the_translation(po: Catalog) -> None:
    left = [unit.target for unit in po.active() if count_arabic_letters(unit.target)]
    assert not left


def test_every_number_of_the_arabic_is_in_the_english(po: Catalog) -> None:
    missing: list[tuple[str, list[str]]] = []
    for unit in po.active():
        wanted = Counter(numbers(unit.source))
        for number, (word, _reason) in SPELLED_OUT.items():
            if wanted[number] and word in unit.target.lower():
                wanted[number] -= 1
        lost = wanted - Counter(numbers(unit.target))
        if lost:
            missing.append((unit.target[:50], sorted(lost.elements())))
    assert not missing


def test_spelled_out_exceptions_are_used(po: Catalog) -> None:
    """Each exception must still be needed, or it would hide a lost number later."""
    sources = " ".join(unit.source for unit in po.active())
    for number in SPELLED_OUT:
        assert number in numbers(sources), f"{number} no longer occurs in the article"


def test_sentences_end_as_the_arabic_ends(po: Catalog) -> None:
    wrong = []
    for unit in po.active():
        # An empty target is the completeness test's finding, not this one's.
        source_end = neutral_punctuation(unit.source.rstrip()[-1:])
        target_end = unit.target.rstrip()[-1:] or source_end
        heading_with_period = (unit.extracted_notes in ("title", "byline", "heading")
                               and target_end == ".")
        if heading_with_period or (source_end in ".?!" and target_end != source_end):
            wrong.append(unit.target)
    assert not wrong


def test_translation_notes_explain_corrected_source_slips(po: Catalog) -> None:
    unexplained = []
    for pattern, quoted, _what in SOURCE_SLIPS:
        holders = [unit for unit in po.active() if re.search(pattern, unit.source)]
        assert holders, f"{pattern} is no longer in the article: drop it from SOURCE_SLIPS"
        unexplained += [unit.source[:40] for unit in holders if quoted not in unit.translator_notes]
    assert not unexplained


@pytest.mark.parametrize(("phrase", "date"), RELATIVE_DATES, ids=[d for _, d in RELATIVE_DATES])
def test_relative_dates_are_dated_in_a_translator_comment(
    po: Catalog, phrase: str, date: str
) -> None:
    holders = [unit for unit in po.active() if phrase in unit.source]
    assert holders
    assert all(date in unit.translator_notes and "13 January 2024" in unit.translator_notes
               for unit in holders)


def test_no_english_sentence_is_overloaded(po: Catalog) -> None:
    # One Arabic segment may hold several English sentences; the pairing stays one to one.
    sentences = [sentence for unit in po.active()
                 for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z])", unit.target)]
    longest = max(sentences, key=lambda sentence: len(sentence.split()))
    assert len(longest.split()) <= LONGEST_SENTENCE_WORDS, longest


@pytest.mark.parametrize(("variant", "reason"), AVOIDED, ids=[v for v, _ in AVOIDED])
def test_avoided_spellings_do_not_occur(po: Catalog, variant: str, reason: str) -> None:
    assert not [unit.target for unit in po.active() if variant in unit.target], reason


def test_glossary_is_well_formed() -> None:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["source", "target", "note"]
    body = rows[1:]
    assert body
    assert all(len(row) == 3 for row in body)
    assert all(count_arabic_letters(row[0]) and not count_arabic_letters(row[1]) for row in body)
    assert len({row[0] for row in body}) == len(body), "a source term is listed twice"


def test_every_glossary_term_occurs_in_the_article(po: Catalog) -> None:
    sources = " ".join(unit.source for unit in po.active())
    assert not [row["source"] for row in _glossary() if row["source"] not in sources]


def test_names_and_terms_follow_the_glossary(po: Catalog) -> None:
    inconsistent = [
        (row["source"], row["target"], unit.target[:50])
        for row in _glossary()
        for unit in po.active()
        if row["source"] in unit.source and row["target"] not in unit.target
    ]
    assert not inconsistent


def test_stats_reports_the_article_fully_translated(pot: Catalog) -> None:
    result = run_tarjama("stats", "--format", "json", str(PO))
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["files"][0]
    assert figures["percent_translated"] == 100.0
    assert figures["segments"]["translated"] == len(_active(pot))
    assert figures["segments"]["fuzzy"] == figures["segments"]["untranslated"] == 0
