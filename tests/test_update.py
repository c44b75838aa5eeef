"""``tarjama update``: the shipped article's PO carried across an edit of its Arabic source,
keeping every unchanged translation and losing none."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LOCALES, need_tool, run_tarjama
from tarjama.formats.po import new_header, read_po, write_po
from tarjama.memory.update import merge
from tarjama.model import Catalog, Status
from tarjama.segment import document_to_catalog

ARTICLE = LOCALES / "noonpost-191719.ar.txt"
ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"

ADDED = "وأكد مسؤول عراقي أن المفاوضات ستستأنف الشهر المقبل."


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def edited_article(path: Path) -> tuple[Path, str, str]:
    """The article with one sentence changed, one paragraph removed, one sentence added and
    two paragraphs swapped; returns the file and the changed and removed paragraphs."""
    if not ARTICLE.exists() or not ARTICLE_PO.exists():
        pytest.skip("the shipped article is not in locales/ yet")
    paragraphs = _paragraphs(ARTICLE.read_text(encoding="utf-8"))
    changed = paragraphs[10]
    paragraphs[10] = changed.replace("السوداني", "رئيس الوزراء", 1)
    assert paragraphs[10] != changed
    removed = paragraphs.pop(16)
    paragraphs.insert(20, ADDED)
    paragraphs[12], paragraphs[13] = paragraphs[13], paragraphs[12]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path, changed, removed


def test_article_update_keeps_every_unchanged_translation(tmp_path: Path) -> None:
    source, changed, removed = edited_article(tmp_path / "noonpost-191719.ar.txt")
    before = ARTICLE_PO.read_bytes()
    out = tmp_path / "updated.po"
    result = run_tarjama("update", str(source), str(ARTICLE_PO), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert ARTICLE_PO.read_bytes() == before

    old = read_po(ARTICLE_PO)
    new = read_po(out)
    template = document_to_catalog(source.read_text(encoding="utf-8"), "ar", path=str(source))
    old_by_key = {u.key: u for u in old.units if not u.obsolete}
    active = [u for u in new.units if not u.obsolete]
    # The active entries are the new segmentation, in its order, with its positions.
    assert [u.source for u in active] == [u.source for u in template.units]
    assert [u.references for u in active] == [u.references for u in template.units]
    assert [u.extracted_notes for u in active] == [u.extracted_notes for u in template.units]

    unchanged = [u for u in active if u.key in old_by_key]
    assert len(unchanged) >= len(old_by_key) - 3
    for unit in unchanged:
        was = old_by_key[unit.key]
        assert (unit.target, unit.status, unit.translator_notes, unit.flags) == (
            was.target, was.status, was.translator_notes, was.flags)

    fuzzy = [u for u in active if u.status is Status.FUZZY]
    assert len(fuzzy) == 1
    assert fuzzy[0].previous_source is not None
    assert fuzzy[0].previous_source in changed
    assert fuzzy[0].target == old_by_key[(None, fuzzy[0].previous_source)].target

    added = [u for u in active if u.source == ADDED]
    assert len(added) == 1 and added[0].status is Status.UNTRANSLATED

    obsolete = {u.source: u for u in new.units if u.obsolete}
    # As msgmerge: the changed entry lives on as the fuzzy one, not also as an obsolete copy.
    assert fuzzy[0].previous_source not in obsolete
    assert any(source in removed for source in obsolete)
    assert all(u.target and not u.references for u in obsolete.values())

    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("tarjama: update: unchanged ")
    assert "fuzzy 1 " in summary and "new 1 " in summary


def test_no_translation_is_lost(tmp_path: Path) -> None:
    source, _, _ = edited_article(tmp_path / "noonpost-191719.ar.txt")
    out = tmp_path / "updated.po"
    assert run_tarjama("update", str(source), str(ARTICLE_PO), "-o", str(out)).exit_code == 0
    old_targets = {t for u in read_po(ARTICLE_PO).units for t in u.targets if t}
    new = read_po(out)
    kept = {t for u in new.units for t in u.targets if t}
    assert old_targets and old_targets <= kept


def test_updated_article_passes_msgfmt(tmp_path: Path) -> None:
    msgfmt = need_tool("msgfmt")
    source, _, _ = edited_article(tmp_path / "noonpost-191719.ar.txt")
    out = tmp_path / "updated.po"
    assert run_tarjama("update", str(source), str(ARTICLE_PO), "-o", str(out)).exit_code == 0
    checked = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(out)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_update_of_an_unchanged_document_changes_no_entry(tmp_path: Path) -> None:
    if not ARTICLE.exists() or not ARTICLE_PO.exists():
        pytest.skip("the shipped article is not in locales/ yet")
    out = tmp_path / "same.po"
    result = run_tarjama("update", str(ARTICLE), str(ARTICLE_PO), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    old, new = read_po(ARTICLE_PO), read_po(out)
    assert [(u.key, u.targets, u.status) for u in old.units] == [
        (u.key, u.targets, u.status) for u in new.units]


def test_in_place(tmp_path: Path) -> None:
    source = tmp_path / "doc.ar.txt"
    source.write_text("قال الوزير إن الخطة جاهزة.\n\nوأضاف أن التنفيذ يبدأ غدا.\n",
                      encoding="utf-8")
    po = tmp_path / "doc.po"
    write_po(_translated(document_to_catalog(source.read_text(encoding="utf-8"), "ar",
                                             path=str(source))), po)
    source.write_text("قال الوزير إن الخطة جاهزة تماما.\n\nوأضاف أن التنفيذ يبدأ غدا.\n",
                      encoding="utf-8")
    result = run_tarjama("update", str(source), str(po), "--in-place")
    assert result.exit_code == 0, result.stderr
    updated = read_po(po)
    assert [u.status for u in updated.units] == [Status.FUZZY, Status.TRANSLATED]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--in-place", "-o", "x.po"], "either -o/--output or --in-place"),
        (["-o", "{source}"], "overwrite an input"),
        (["-o", "{po}"], "overwrite an input"),
    ],
    ids=["both-outputs", "over-source", "over-po"],
)
def test_bad_options_exit_2_nothing_written(tmp_path: Path, args: list[str],
                                            message: str) -> None:
    source = tmp_path / "doc.ar.txt"
    source.write_text("قال الوزير إن الخطة جاهزة.\n", encoding="utf-8")
    po = tmp_path / "doc.po"
    write_po(_translated(document_to_catalog("قال الوزير إن الخطة جاهزة.\n", "ar",
                                             path=str(source))), po)
    before = (source.read_bytes(), po.read_bytes())
    filled = [a.format(source=source, po=po) for a in args]
    result = run_tarjama("update", str(source), str(po), *filled)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (source.read_bytes(), po.read_bytes()) == before


def _translated(template: Catalog) -> Catalog:
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"),
                      source_lang="ar", target_lang="en")
    for number, unit in enumerate(template.units):
        unit.target = f"translation {number}"
        catalog.units.append(unit)
    return catalog


SENTENCES = [
    "قال الوزير إن الخطة جاهزة.", "وأضاف أن التنفيذ يبدأ غدا.", "رفض البرلمان مشروع القانون.",
    "ناقشت اللجنة الميزانية السنوية.", "هل وقعت الحكومة الاتفاق؟", "أعلن الجيش انسحابه.",
    "وصل الوفد إلى بغداد مساء الاثنين.", "انتهى الاجتماع دون اتفاق.",
]


@settings(max_examples=40, deadline=None)
@given(
    old_order=st.permutations(range(len(SENTENCES))),
    kept=st.integers(min_value=0, max_value=len(SENTENCES)),
    edits=st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.sampled_from(
        ["جديد", "كبير", "أيضا"])), max_size=3),
    fuzzy=st.sets(st.integers(0, len(SENTENCES) - 1), max_size=2),
)
def test_merge_never_loses_a_translation(old_order: list[int], kept: int,
                                         edits: list[tuple[int, str]], fuzzy: set[int]) -> None:
    """Whatever the edit, every old translation is in the result (kept, proposed as fuzzy with
    its source as #|, or obsolete), and every segment left as it was keeps its translation
    and status."""
    old_doc = "\n\n".join(SENTENCES[i] for i in old_order)
    old = _translated(document_to_catalog(old_doc, "ar", path="doc.ar.txt"))
    for number in fuzzy:
        old.units[number].fuzzy = True
    new_sentences = [SENTENCES[i] for i in old_order[:kept]]
    for position, word in edits:
        if new_sentences:
            index = position % len(new_sentences)
            new_sentences[index] = new_sentences[index].replace(" ", f" {word} ", 1)
    new_doc = "\n\n".join([*new_sentences, "جملة جديدة تماما هنا."])
    merged, _ = merge(old, document_to_catalog(new_doc, "ar", path="doc.ar.txt"))
    assert {t for u in old.units for t in u.targets} <= {t for u in merged.units
                                                         for t in u.targets}
    before = {u.key: u for u in old.units}
    for unit in merged.units:
        if not unit.obsolete and unit.key in before:
            assert unit.targets == before[unit.key].targets
            assert unit.status == before[unit.key].status
    kept_keys = {u.key for u in merged.units if not u.obsolete and u.key in before}
    proposed = {(u.previous_context, u.previous_source) for u in merged.units
                if not u.obsolete and u.fuzzy and u.key not in before} - kept_keys
    assert len([u for u in merged.units if u.obsolete]) + len(kept_keys) + len(proposed) == len(
        old.units)


def test_merge_revives_an_obsolete_entry() -> None:
    old = _translated(document_to_catalog("قال الوزير إن الخطة جاهزة.\n", "ar", path="d.txt"))
    old.units[0].obsolete = True
    merged, stats = merge(old, document_to_catalog("قال الوزير إن الخطة جاهزة.\n", "ar",
                                                   path="d.txt"))
    assert [(u.obsolete, u.target) for u in merged.units] == [(False, "translation 0")]
    assert stats.unchanged.segments == 1


def test_fuzzy_match_carries_the_translator_comment() -> None:
    old = _translated(document_to_catalog("قال الوزير إن الخطة جاهزة.\n", "ar", path="d.txt"))
    old.units[0].translator_notes = "checked with the desk"
    new = document_to_catalog("قال الوزير إن الخطة جاهزة الآن.\n", "ar", path="d.txt")
    merged, _ = merge(old, new)
    assert merged.units[0].fuzzy and merged.units[0].translator_notes == "checked with the desk"
    assert merged.units[0].previous_source == "قال الوزير إن الخطة جاهزة."
    assert len(merged.units) == 1  # no obsolete copy beside the fuzzy entry, as msgmerge
