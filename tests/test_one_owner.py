"""Each shared rule has one home: the source is searched for second copies.

Where a rule lives: catalog languages in ``tarjama.catalog_languages``, "is this unit
translated" in ``Unit.is_translated``, Arabic code points in ``tarjama.languages``, progress
displays in ``tarjama.progress``, warnings through ``tarjama.errors.warn`` and the command
line's ``tarjama.cli.params.warn``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_tarjama
from tarjama.formats.po import parse_po
from tarjama.model import Unit

SRC = ROOT / "src" / "tarjama"
SOURCES = sorted(SRC.rglob("*.py"))


def _files(excluded: set[str]) -> list[Path]:
    return [path for path in SOURCES if path.relative_to(SRC).as_posix() not in excluded]


# An escape of a code point of the Arabic blocks, Supplement, Extended-A or presentation forms.
_ARABIC_ESCAPE_RE = re.compile(r"\\u(?:0[678][0-9a-fA-F]{2}|0590|f[bBeE][0-9a-fA-F]{2}|"
                               r"f[cCdD][0-9a-fA-F]{2})")
# Single characters with a meaning of their own (a rial sign, a BOM) are not ranges.
_SINGLE_CHARACTERS = {r"\ufdfc", r"\ufdfd", r"\ufeff"}


def test_arabic_code_points_are_spelled_only_in_languages() -> None:
    found = []
    for path in _files({"languages.py"}):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            escapes = set(_ARABIC_ESCAPE_RE.findall(line)) - _SINGLE_CHARACTERS
            if escapes:
                found.append(f"{path.relative_to(SRC)}:{number}: {sorted(escapes)}")
    assert not found, "Arabic ranges belong in tarjama/languages.py:\n" + "\n".join(found)


def test_no_module_imports_another_modules_private_names() -> None:
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tarjama"):
                private = [alias.name for alias in node.names
                               if alias.name.startswith("_") and not alias.name.startswith("__")]
                if private:
                    found.append(f"{path.relative_to(SRC)}: {node.module} {private}")
    assert not found


def test_progress_types_and_no_ops_live_in_the_progress_module() -> None:
    pattern = re.compile(r"^(?:Progress|ByteProgress)\s*=|def _no_(?:byte_)?progress",
                         re.M)
    found = [str(path.relative_to(SRC)) for path in _files({"progress.py"})
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert not found


def test_is_translated_is_not_rewritten() -> None:
    # The shapes the five copies had: all(targets), all(unit.target_plurals)...
    pattern = re.compile(r"all\((?:unit\.)?target(?:_plural)?s\)")
    found = [str(path.relative_to(SRC)) for path in _files({"model.py"})
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert not found


def test_catalog_languages_are_decided_in_one_place() -> None:
    pattern = re.compile(r"def (?:infer_source_lang|guess_target_lang|catalog_target_lang|"
                         r"export_source_lang|_guess_lang)\b")
    found = [str(path.relative_to(SRC)) for path in SOURCES
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert not found


# --- is this unit translated? --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "translated"),
    [
        (Unit("a", "b"), True),
        (Unit("a", ""), False),
        (Unit("a", "b", flags=["fuzzy"]), True),  # translated, though not trusted
        (Unit("a", source_plural="as", target_plurals=["b", "bs"]), True),
        (Unit("a", source_plural="as", target_plurals=["b", ""]), False),
        (Unit("a", source_plural="as", target_plurals=[]), False),
        (Unit("", "b", context="menu"), False),  # msgctxt with an empty msgid
    ],
    ids=["singular", "empty", "fuzzy", "plural", "one-form-missing", "no-forms", "empty-msgid"],
)
def test_is_translated(unit: Unit, translated: bool) -> None:
    assert unit.is_translated is translated


EMPTY_MSGID = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ar\\n"
"X-Source-Language: en\\n"

msgctxt "menu"
msgid ""
msgstr "قائمة"

msgid "File"
msgstr "ملف"
"""


def test_an_entry_with_context_and_empty_msgid_is_counted_as_export_treats_it(
        tmp_path: Path) -> None:
    """stats counted it translated, export dropped it as untranslated: one rule now."""
    po = tmp_path / "ar.po"
    po.write_text(EMPTY_MSGID, encoding="utf-8")
    catalog = parse_po(EMPTY_MSGID, po)
    assert [unit.is_translated for unit in catalog.units] == [False, True]
    stats = run_tarjama("stats", str(po), "--format", "json")
    segments = json.loads(stats.stdout)["files"][0]["segments"]
    assert (segments["translated"], segments["untranslated"]) == (1, 1)
    exported = run_tarjama("export", str(po), "-o", str(tmp_path / "o.tmx"))
    assert exported.exit_code == 0, exported.stderr
    assert "exported 1 units" in exported.stderr and "left out 1 untranslated" in exported.stderr


# --- one warning route ---------------------------------------------------------------------------


def test_every_warning_has_one_prefix(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "The coalition was formed in the year 2014."\n'
                  'msgstr "تشكّل التحالف الدولي في عام 2014."\n', encoding="utf-8")
    source = tmp_path / "a.ar.txt"
    source.write_text("تشكّل التحالف الدولي في عام 2014.\n", encoding="utf-8")
    target = tmp_path / "a.en.txt"
    target.write_text("", encoding="utf-8")
    runs = [
        run_tarjama("check", str(po)),
        run_tarjama("export", str(po), "-o", str(tmp_path / "o.tmx")),
        run_tarjama("align", str(source), str(target), "--source-lang", "ar",
                    "--target-lang", "en", "-o", str(tmp_path / "o.po")),
    ]
    for result in runs:
        lines = [line for line in result.stderr.splitlines() if "warning" in line]
        assert lines, result.stderr
        assert all(line.startswith("tarjama: warning: ") for line in lines), result.stderr
    for result in runs:
        assert not re.search(r"^tarjama \w+:", result.stderr, re.M), result.stderr


def test_test_modules_do_not_import_each_other() -> None:
    """Shared test helpers live in conftest.py or a helper module (score_helpers, unhappy)."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [])
            found += [f"{path.name}: {name}" for name in names if name.startswith("test_")]
    assert not found
