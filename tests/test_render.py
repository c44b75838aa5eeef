"""``render_document``: the translated article keeps the source's paragraphs (after joining),
untranslated and fuzzy segments stay in the source language and are counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LOCALES, run_tarjama
from tarjama.formats.po import read_po
from tarjama.languages import count_arabic_letters
from tarjama.model import Catalog, Unit
from tarjama.render import render_document
from tarjama.segment import document_to_catalog, segment_document

NAME = "noonpost-191719"
SOURCE = LOCALES / f"{NAME}.ar.txt"
ENGLISH_PO = LOCALES / "en" / "LC_MESSAGES" / f"{NAME}.po"


def _article() -> str:
    return SOURCE.read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _fake_translation(text: str, lang: str) -> Catalog:
    """Every segment translated into a marker naming its position, so paragraphs can be
    counted in the output without any Arabic left in it."""
    catalog = document_to_catalog(text, lang, path="doc.txt")
    for number, unit in enumerate(catalog.units, start=1):
        unit.target = f"Sentence {number}."
    return catalog


def test_render_article_keeps_the_joined_paragraph_count() -> None:
    article = _article()
    result = render_document(article, _fake_translation(article, "ar"), "ar")
    rendered = _paragraphs(result.text)
    assert len(rendered) == len(segment_document(article, "ar")) == 25
    # The source has 28 blank-line paragraphs: three were broken mid-sentence and joined.
    assert len(_paragraphs(article)) == 28
    assert count_arabic_letters(result.text) == 0
    assert (result.translated, result.untranslated, result.fuzzy) == (25, 0, 0)


def test_render_without_join_keeps_the_broken_paragraphs() -> None:
    article = _article()
    catalog = document_to_catalog(article, "ar", path="doc.txt", join_broken=False)
    result = render_document(article, catalog, "ar", join_broken=False)
    assert len(_paragraphs(result.text)) == 28
    assert result.untranslated == 28


def test_untranslated_render_reproduces_the_source_text() -> None:
    article = _article()
    result = render_document(article, Catalog(), "ar")
    assert "".join(result.text.split()) == "".join(article.split())
    assert result.untranslated == 25 and result.translated == 0


def test_context_and_obsolete_units_are_not_used() -> None:
    catalog = Catalog(units=[
        Unit(source="جملة.", target="Old.", obsolete=True),
        Unit(source="جملة.", target="Menu.", context="menu"),
    ])
    result = render_document("جملة.\n", catalog, "ar")
    assert result.text == "جملة.\n"
    assert result.untranslated == 1


@pytest.mark.parametrize("fuzzy_target", ["", "Fuzzy."], ids=["empty", "filled"])
def test_fuzzy_without_target_counts_as_untranslated(fuzzy_target: str) -> None:
    unit = Unit(source="جملة.", target=fuzzy_target)
    unit.fuzzy = True
    result = render_document("جملة.\n", Catalog(units=[unit]), "ar", include_fuzzy=True)
    if fuzzy_target:
        assert (result.text, result.translated) == ("Fuzzy.\n", 1)
    else:
        assert (result.text, result.untranslated) == ("جملة.\n", 1)


def test_render_of_the_shipped_english_translation(tmp_path: Path) -> None:
    if not ENGLISH_PO.exists():
        pytest.skip("the English PO of the article is not in locales/ yet")
    out = tmp_path / f"{NAME}.en.txt"
    result = run_tarjama("render", str(SOURCE), str(ENGLISH_PO), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    english = out.read_text(encoding="utf-8")
    assert len(_paragraphs(english)) == len(segment_document(_article(), "ar"))
    # The language came from the PO's X-Source-Language header (no --lang given).
    assert read_po(ENGLISH_PO).source_lang == "ar"
    assert "25 segments:" in result.stderr
