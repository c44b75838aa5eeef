"""The article's segmentation: pinned by a golden file reviewed by eye, its POT in locales/
kept current and accepted by msgfmt, and its text reproduced by the POT's msgids."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import LOCALES, ROOT, need_tool, run_tarjama
from tarjama.formats.po import read_po
from tarjama.segment import document_to_catalog, segment_document

NAME = "noonpost-191719"
SOURCE = LOCALES / f"{NAME}.ar.txt"
POT = LOCALES / f"{NAME}.pot"
GOLDEN = ROOT / "tests" / "golden" / f"{NAME}.segments.txt"
RELATIVE_SOURCE = f"locales/{NAME}.ar.txt"


def _article() -> str:
    return SOURCE.read_text(encoding="utf-8")


def _no_space(text: str) -> str:
    return "".join(text.split())


def test_locales_copy_is_the_seed_byte_for_byte(seed: Path) -> None:
    assert SOURCE.read_bytes() == (seed / f"{NAME}.ar.txt").read_bytes()


def test_article_matches_the_golden_file() -> None:
    # The golden file is the --format text listing, reviewed sentence by sentence.
    result = run_tarjama("segment", str(SOURCE), "--lang", "ar", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_article_structure_as_read_by_eye() -> None:
    paragraphs = segment_document(_article(), "ar")
    texts = [[s.text for s in p.segments] for p in paragraphs]
    assert len(paragraphs) == 25
    assert [p.line for p in paragraphs if p.heading] == [5, 23]
    assert texts[1] == ["كتبه فراس إلياس | 13 يناير, 2024"]
    assert texts[0] == ["ما مستقبل التحالف الدولي في العراق؟"]
    # The three paragraphs scraping broke in the middle of a sentence are joined back.
    joined = [s for p in texts for s in p if "للبنتاغون بشأن قرار" in s or "حديثة، ولا يمتلك" in s
              or "على اعتبار أن ضبط الأمن" in s]
    assert len(joined) == 3
    assert texts[-1][0].startswith("رابط المقال : [/https://www.noonpost.com/191719]")


def test_no_join_changes_the_article_paragraph_count() -> None:
    joined = segment_document(_article(), "ar")
    apart = segment_document(_article(), "ar", join_broken=False)
    assert len(apart) == len(joined) + 3
    result = run_tarjama("segment", str(SOURCE), "--format", "text", "--no-join")
    assert result.stdout.count("\n\n") == len(apart) - 1


def test_msgids_in_order_reproduce_the_article() -> None:
    # Equal once all white space is removed: segments are stripped, line breaks inside a
    # paragraph become one space and broken paragraphs are joined with one space. No other
    # character is added or dropped; the markdown link line is a msgid as it stands. A
    # sentence that recurs would be one msgid (gettext keys by msgid): the article has none,
    # so the POT's unit count equals the segment count and the concatenation is exact.
    catalog = read_po(POT)
    segments = [s for p in segment_document(_article(), "ar") for s in p.segments]
    assert len(catalog.units) == len(segments)
    assert _no_space("".join(u.source for u in catalog.units)) == _no_space(_article())


def test_committed_pot_is_current() -> None:
    committed = read_po(POT)
    fresh = document_to_catalog(_article(), "ar", path=RELATIVE_SOURCE)
    assert [(u.source, u.references, u.extracted_notes) for u in committed.units] == [
        (u.source, u.references, u.extracted_notes) for u in fresh.units
    ]
    assert committed.header["X-Source-Language"] == "ar"
    assert committed.units[2].references == [(RELATIVE_SOURCE, "9")]


def test_notes_label_each_segment_by_its_role() -> None:
    notes = [u.extracted_notes for u in read_po(POT).units]
    assert notes[:3] == ["title", "byline", "paragraph 1, sentence 1"]
    # The two subheadings: a phrase, and a question between body paragraphs.
    assert [i for i, note in enumerate(notes) if note == "heading"] == [8, 17]
    body = [note for note in notes if note.startswith("paragraph")]
    assert body == [f"paragraph {n}, sentence 1" for n in range(1, 22)]


@pytest.mark.interop
def test_msgfmt_accepts_the_pot(tmp_path: Path) -> None:
    msgfmt = need_tool("msgfmt")
    written = tmp_path / "article.pot"
    result = run_tarjama("segment", str(SOURCE), "--lang", "ar", "-o", str(written))
    assert result.exit_code == 0, result.stderr
    for pot in (written, POT):
        check = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(pot)],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stderr
