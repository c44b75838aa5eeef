"""XLIFF as other tools write it: Angular (1.2 and 2.0), Xcode exports (several <file>),
Okapi extraction kits; and files that break the schema in the usual ways, which import with a
warning, not a crash. The files are small ones in each tool's documented shape (we have no
downloads); their pairs are counted with ``xmllint --xpath``, independently of our reader.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import need_tool, run_tarjama
from tarjama.formats.po import read_po
from tarjama.formats.xliff import ReadStats, read_xliff

DATA = Path(__file__).parent / "data" / "xliff"
ANGULAR_12 = DATA / "angular-messages.ar.xlf"
ANGULAR_20 = DATA / "angular-messages.ar.2.0.xlf"
XCODE = DATA / "xcode-ar.xliff"
OKAPI = DATA / "okapi-messages.po.xlf"

# The usual ways real files break the schema: no target-language, attributes XLIFF does not
# define, inline codes nested where the schema forbids it (a <g> inside a <ph>).
BROKEN = DATA / "broken-schema.xlf"


def xpath_count(path: Path, expression: str) -> int:
    xmllint = need_tool("xmllint")
    result = subprocess.run([xmllint, "--nonet", "--xpath", expression, str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return int(float(result.stdout.strip()))


# Translated pairs: a target that is not empty and not a copy of its source.
PAIRS_12 = ("count(//*[local-name()='trans-unit'][not(ancestor::*[@restype='x-gettext-plurals'])]"
            "[*[local-name()='target'][normalize-space()]]"
            "[string(*[local-name()='target']) != string(*[local-name()='source'])])")
PAIRS_20 = ("count(//*[local-name()='segment'][*[local-name()='target'][normalize-space()]])")


def write(tmp_path: Path, name: str, source: Path) -> Path:
    """A copy of a test file under ``name`` (the suffix is part of what is tested)."""
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    return path


@pytest.mark.parametrize(("name", "text", "expression"), [
    ("messages.ar.xlf", ANGULAR_12, PAIRS_12),
    ("messages.ar.2.xlf", ANGULAR_20, PAIRS_20),
    ("ar.xliff", XCODE, PAIRS_12),
])
def test_real_tool_files_import_with_their_pair_counts(name: str, text: Path, expression: str,
                                                       tmp_path: Path) -> None:
    path = write(tmp_path, name, text)
    out = tmp_path / "out.po"
    result = run_tarjama("import", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    # Xcode's "Settings" is in two files: one entry, counted once as a duplicate.
    translated = list(read_po(out).translated())
    duplicates = 1 if name == "ar.xliff" else 0
    assert len(translated) + duplicates == xpath_count(path, expression)
    assert "tarjama: error" not in result.stderr


def test_angular_codes_meaning_and_locations_come_back(tmp_path: Path) -> None:
    for name, text in (("a12.xlf", ANGULAR_12), ("a20.xlf", ANGULAR_20)):
        units = {unit.properties["id"]: unit for unit in read_xliff(write(tmp_path, name,
                                                                          text)).units}
        header = units["introductionHeader"]
        assert header.context == "User welcome"
        assert header.extracted_notes == "An introduction header for this sample"
        assert header.references == [("src/app/app.component.html", "4")]
        assert units["5206857922697139278"].source == "Updated {{ minutes }} minutes ago"
        assert units["5206857922697139278"].target == "حُدّث قبل {{ minutes }} دقيقة"
        assert units["welcomeBold"].source == "Welcome to <b>Angular</b>"
        # state="new" holding the source, or no target at all: not translated yet.
        assert units["welcomeBold"].target == ""


def test_xcode_files_and_okapi_plurals(tmp_path: Path) -> None:
    xcode = read_xliff(write(tmp_path, "ar.xliff", XCODE))
    assert [unit.properties["original"] for unit in xcode.units] == (
        ["Noon/Base.lproj/Main.storyboard"] * 2 + ["Noon/en.lproj/Localizable.strings"] * 3
        + ["Noon/en.lproj/InfoPlist.strings"])
    assert xcode.target_lang == "ar"
    okapi = read_xliff(write(tmp_path, "okapi.xlf", OKAPI))
    first, plural, fuzzy = okapi.units
    assert (first.source, first.target) == ("Open <b>file</b>", "افتح <b>الملف</b>")
    assert plural.source_plural == "%d files"
    assert plural.target_plurals == ["ملف %d", "ملفان %d", "%d ملفات"]
    assert fuzzy.fuzzy and fuzzy.target == "احفظ %s الآن"
    assert xpath_count(tmp_path / "okapi.xlf", "count(//*[local-name()='group'])") == 1


def test_schema_breaking_files_import_with_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xlf", BROKEN)
    stats = ReadStats()
    catalog = read_xliff(path, stats=stats)
    assert [(unit.source, unit.target) for unit in catalog.units] == [
        ("Save %s", "احفظ %s"), ("Bold and nested text", "عريض ومتداخل نص")]
    warnings = "\n".join(stats.warnings)
    assert "no target-language" in warnings
    assert "'maxlength' is not XLIFF 1.2" in warnings
    assert "'product' is not XLIFF 1.2" in warnings
    assert "<g> inside <ph> is not allowed" in warnings
    out = tmp_path / "out.po"
    result = run_tarjama("import", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "tarjama: warning:" in result.stderr and "no target-language" in result.stderr
    assert read_po(out).header["Language"] == "ar"
