"""Real consumers of our XLIFF: translate-toolkit reads our pairs, its po2xliff output
imports into the entries our export gives, and OmegaT 3.6 translates our XLIFF 1.2.

Skipped with a reason without the tools, failing instead when TARJAMA_REQUIRE_INTEROP=1.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import LOCALES, corpus_po_files, need_module, run_tarjama
from omegat_helpers import need_omegat
from tarjama.formats.inline import split_codes
from tarjama.formats.po import read_po
from tarjama.formats.xliff import read_xliff
from tarjama.model import Unit
from xliff_helpers import omegat_translate

ARTICLE = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
TEMPLATE = LOCALES / "noonpost-191719.pot"

pytestmark = pytest.mark.interop


def catalogs() -> list[Path]:
    return [ARTICLE, *corpus_po_files()]


def converted_catalogs() -> list[Path]:
    """The article and the catalogs with what po2xliff handles worst: six-form plurals,
    msgctxt and obsolete entries (the rest of the corpus adds time, not cases)."""
    kept = ("django-allauth-ar.po", "gnome-calculator-ar.po", "thunar-ar.po")
    return [ARTICLE, *(path for path in corpus_po_files() if path.name in kept)]


def _our_pairs(path: Path) -> list[tuple[list[str], list[str], str | None]]:
    """(sources, targets, context) of every active entry, as our export writes them."""
    pairs = []
    catalog = read_po(path)
    for unit in catalog.active():
        if unit.is_plural:
            forms = len(unit.target_plurals) or catalog.nplurals or 2
            sources = [unit.source] + [unit.source_plural or ""] * (forms - 1)
            targets = list(unit.target_plurals) if any(unit.target_plurals) else [""] * forms
        else:
            sources, targets = [unit.source], [unit.target]
        pairs.append((sources, targets, unit.context))
    return pairs


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.name)
def test_translate_toolkit_reads_our_xliff12_pairs(path: Path, tmp_path: Path) -> None:
    need_module("translate")
    from translate.storage import poxliff

    xlf = tmp_path / "ours.xlf"
    assert run_tarjama("export", str(path), "--format", "xliff", "-o", str(xlf)).exit_code == 0
    with xlf.open("rb") as handle:
        parse: Any = poxliff.PoXliffFile.parsefile
        store = parse(handle)
    read = []
    for unit in store.units:
        sources = list(unit.source.strings) if unit.hasplural() else [unit.source]
        target = unit.target
        targets = (list(target.strings) if unit.hasplural() and target is not None
                   else [target or ""] * len(sources))
        contexts = [value for group in unit.getcontextgroupsbyattribute("purpose", "information")
                    for kind, value in group if kind == "x-po-msgctxt"]
        read.append((sources, targets, contexts[0] if contexts else None))
    assert read == _our_pairs(path)


def _without_codes(text: str) -> str:
    """``text`` as translate-toolkit 3.20 reads XLIFF 2: its inline codes left out (it knows
    no ``<ph>``/``<pc>``/``<sc>``/``<ec>``, and drops them with what they stand for)."""
    return "".join(piece for piece in split_codes(text) if isinstance(piece, str))


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.name)
def test_translate_toolkit_reads_our_xliff2_pairs(path: Path, tmp_path: Path) -> None:
    need_module("translate")
    from translate.storage import xliff2

    xlf = tmp_path / "ours.xlf"
    assert run_tarjama("export", str(path), "--format", "xliff2", "-o", str(xlf)).exit_code == 0
    with xlf.open("rb") as handle:
        parse: Any = xliff2.Xliff2File.parsefile
        store = parse(handle)
    # translate-toolkit has no plurals in XLIFF 2: each form's unit is a pair of its own; our
    # export writes placeholders and tags as inline codes, which it drops.
    read = [(unit.source, unit.target or "") for unit in store.units]
    expected = [(_without_codes(source), _without_codes(target))
                for sources, targets, _ in _our_pairs(path)
                for source, target in zip(sources, targets, strict=True)]
    assert read == expected
    # The context is the unit's (or plural group's) name when the entry has one.
    names = [unit.getunitelement().get("name") for unit in store.units
             if unit.getunitelement().getparent().get("type") != "gettext:plurals"]
    singular = [(s[0], c) for s, _, c in _our_pairs(path) if len(s) == 1]
    assert names == [c if c is not None else s for s, c in singular]


def _normal(unit: Unit) -> tuple[object, ...]:
    """What translate-toolkit's po2xliff keeps of an entry: it drops msgctxt and flags, and
    writes a plural entry's references in reverse order."""
    return (unit.source, unit.source_plural, tuple(unit.targets) if any(unit.targets) else (),
            unit.fuzzy, tuple(sorted(unit.references)), unit.extracted_notes,
            unit.translator_notes)


@pytest.mark.parametrize("path", converted_catalogs(), ids=lambda p: p.name)
def test_po2xliff_output_imports_into_our_exports_entries(path: Path, tmp_path: Path) -> None:
    need_module("translate")
    theirs, ours = tmp_path / "theirs.xlf", tmp_path / "ours.xlf"
    converted = subprocess.run([sys.executable, "-m", "translate.convert.po2xliff", str(path),
                                str(theirs)], capture_output=True, text=True, check=False)
    assert converted.returncode == 0, converted.stderr
    assert run_tarjama("export", str(path), "-o", str(ours)).exit_code == 0
    for xlf in (theirs, ours):
        result = run_tarjama("import", str(xlf), "-o", str(xlf.with_suffix(".po")))
        assert result.exit_code == 0, result.stderr
    from_theirs = Counter(_normal(unit) for unit in read_po(theirs.with_suffix(".po")).units)
    from_ours = Counter(_normal(unit) for unit in read_po(ours.with_suffix(".po")).units)
    # po2xliff also writes obsolete entries as live units; we leave them out. Entries told
    # apart only by msgctxt (which po2xliff drops) collapse into one on its side.
    obsolete = Counter(_normal(unit) for unit in read_po(path).units if unit.obsolete)
    assert not from_theirs - from_ours - obsolete
    contexts = sum(1 for unit in read_po(path).active() if unit.context is not None)
    assert sum((from_ours - from_theirs).values()) <= contexts


def test_omegat_translates_our_xliff_of_the_article(tmp_path: Path) -> None:
    """The article's template goes out with its sources copied into the targets; OmegaT,
    with our TMX of the translated article in tm/auto, writes a target XLIFF whose targets
    are our English, and importing it gives the translated catalog back."""
    need_omegat()
    target = omegat_translate(tmp_path, TEMPLATE, ARTICLE)
    english = {unit.key: unit.target for unit in read_po(ARTICLE).translated()}
    assert len(english) >= 20
    read = {unit.key: unit.target for unit in read_xliff(target).units}
    assert read == english
    back = tmp_path / "back.po"
    assert run_tarjama("import", str(target), "-o", str(back)).exit_code == 0
    assert {unit.key: unit.target for unit in read_po(back).translated()} == english
