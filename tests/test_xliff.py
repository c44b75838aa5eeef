"""XLIFF 1.2 and 2.x: lossless round trips of real catalogs, OASIS schema validity, the
format registry, and hostile XML refused as TMX is."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import LOCALES, REFS, corpus_po_files, need_shared, need_tool, run_tarjama
from tarjama.errors import UsageError
from tarjama.formats import registry
from tarjama.formats.po import read_po
from tarjama.formats.xliff import read_xliff, write_xliff2, write_xliff12
from tarjama.model import Unit

ARTICLE = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
SCHEMAS = {
    "1.2-strict": "xliff-core-1.2-strict.xsd",
    "1.2-transitional": "xliff-core-1.2-transitional.xsd",
    "2.0": "xliff-2.0-with-metadata.xsd",
    "2.1": "xliff-2.1-with-metadata.xsd",
}


def entry(unit: Unit) -> tuple[object, ...]:
    """What a round trip must keep of an entry (lines are where it sits, not what it is)."""
    return (unit.context, unit.source, unit.source_plural, unit.target, unit.target_plurals,
            unit.references, unit.translator_notes, unit.extracted_notes, unit.flags,
            unit.previous_source, unit.previous_source_plural, unit.previous_context)


def active(path: Path) -> list[tuple[object, ...]]:
    return [entry(unit) for unit in read_po(path).active()]


def validate(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """``xmllint --schema`` offline, as ../shared/refs/xliff/README.md says."""
    xmllint = need_tool("xmllint")
    folder = need_shared(REFS / "xliff")
    env = dict(os.environ, XML_CATALOG_FILES=str(folder / "catalog.xml"))
    return subprocess.run([xmllint, "--nonet", "--noout", "--schema", SCHEMAS[schema],
                           str(path)], cwd=folder, env=env, capture_output=True, text=True,
                          check=False)


def catalogs() -> list[Path]:
    return [ARTICLE, *corpus_po_files()]


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_po_xliff_po_keeps_every_active_entry_and_validates(path: Path, fmt: str,
                                                            tmp_path: Path) -> None:
    xlf, back = tmp_path / "out.xlf", tmp_path / "back.po"
    exported = run_tarjama("export", str(path), "--format", fmt, "-o", str(xlf))
    assert exported.exit_code == 0, exported.stderr
    imported = run_tarjama("import", str(xlf), "-o", str(back))
    assert imported.exit_code == 0, imported.stderr
    assert active(back) == active(path)
    assert read_po(back).header == read_po(path).header
    schemas = ["1.2-strict", "1.2-transitional"] if fmt == "xliff" else ["2.0", "2.1"]
    for schema in schemas:
        result = validate(xlf, schema)
        assert result.returncode == 0, result.stderr[-2000:]


def test_every_corpus_catalog_is_covered() -> None:
    if not corpus_po_files():
        need_shared(Path(REFS).parent / "corpus" / "po")
    assert len(corpus_po_files()) >= 7


@pytest.mark.parametrize(("fmt", "options", "schemas"), [
    ("xliff", ["--copy-source"], ["1.2-strict", "1.2-transitional"]),
    ("xliff2", ["--copy-source", "--xliff-version", "2.1"], ["2.1"]),
    ("xliff2", ["--xliff-version", "2.1"], ["2.1", "2.0"]),
])
def test_the_article_template_and_options_validate(fmt: str, options: list[str],
                                                   schemas: list[str], tmp_path: Path) -> None:
    xlf = tmp_path / "kit.xlf"
    for source in (LOCALES / "noonpost-191719.pot", ARTICLE):
        result = run_tarjama("export", str(source), "--target-lang", "en", "--format", fmt,
                             *options, "-o", str(xlf))
        assert result.exit_code == 0, result.stderr
        for schema in schemas:
            checked = validate(xlf, schema)
            assert checked.returncode == 0, checked.stderr[-2000:]


def test_states_and_copy_source(tmp_path: Path) -> None:
    po = tmp_path / "ar.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"X-Source-Language: en\\n"\n\n'
        '#, fuzzy\nmsgid "Open"\nmsgstr "افتح"\n\nmsgid "Close"\nmsgstr ""\n\n'
        'msgid "Save"\nmsgstr "احفظ"\n', encoding="utf-8")
    for fmt in ("xliff", "xliff2"):
        xlf = tmp_path / f"{fmt}.xlf"
        assert run_tarjama("export", str(po), "--format", fmt, "--copy-source",
                           "-o", str(xlf)).exit_code == 0
        text = xlf.read_text(encoding="utf-8")
        if fmt == "xliff":
            assert '<target state="needs-translation">Close</target>' in text
            assert 'approved="no"' in text and 'state="needs-review-translation"' in text
        else:
            assert 'subState="tarjama:copied"><source>Close</source><target>Close</target>' \
                in text
        units = {unit.source: unit for unit in read_xliff(xlf).units}
        assert units["Close"].target == "" and not units["Close"].fuzzy
        assert units["Open"].fuzzy and units["Open"].target == "افتح"
        assert units["Save"].is_translated and not units["Save"].fuzzy
        # A tool that translated the copied target without touching the state (OmegaT)
        # still gives its translation back.
        xlf.write_text(text.replace(">Close</target>", ">أغلق</target>"), encoding="utf-8")
        units = {unit.source: unit for unit in read_xliff(xlf).units}
        assert units["Close"].target == "أغلق"


def test_xliff2_refuses_two_target_languages(tmp_path: Path) -> None:
    first = read_po(ARTICLE)
    second = read_po(ARTICLE)
    second.header["Language"] = "fr"
    second.target_lang = "fr"
    with pytest.raises(UsageError, match=r"one\s+target language"):
        write_xliff2([first, second], tmp_path / "x.xlf")
    stats = write_xliff12([first, second], tmp_path / "x12.xlf")
    assert stats.languages == ["en", "fr"]
    assert run_tarjama("import", str(tmp_path / "x12.xlf"), "-o",
                       str(tmp_path / "x.po")).exit_code == 2
    picked = run_tarjama("import", str(tmp_path / "x12.xlf"), "--target-lang", "fr", "-o",
                         str(tmp_path / "fr.po"))
    assert picked.exit_code == 0, picked.stderr
    assert read_po(tmp_path / "fr.po").header["Language"] == "fr"


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.po", b"", "po"),
    ("a.tmx", b"", "tmx"),
    ("a.xlf", b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">', "xliff"),
    ("a.xliff", b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1">',
     "xliff2"),
    ("a.xml", b'<?xml version="1.0"?>\n<xliff version="2.0">', "xliff2"),
    ("noext", b'<?xml version="1.0"?>\n<tmx version="1.4">', "tmx"),
    ("memory.txt", b'<?xml version="1.0"?>\n<tmx version="1.4">', "tmx"),
    ("noext2", b'msgid ""\nmsgstr ""\n', "po"),
    ("doc.txt", b"one line\n", "text"),
])
def test_the_registry_detects_by_suffix_then_content(name: str, content: bytes,
                                                     expected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert registry.detect(path).name == expected


def test_the_registry_chooses_the_output_format() -> None:
    assert registry.output_format("x.tmx").name == "tmx"
    assert registry.output_format("x.xlf").name == "xliff"
    assert registry.output_format("x.xlf", "xliff2").name == "xliff2"
    assert registry.output_format("-").name == "tmx"
    assert set(registry.names(writable=True)) == {"tmx", "xliff", "xliff2"}


def test_catalog_commands_read_xliff(tmp_path: Path) -> None:
    xlf = tmp_path / "article.xlf"
    assert run_tarjama("export", str(ARTICLE), "-o", str(xlf)).exit_code == 0
    from_po = run_tarjama("stats", str(ARTICLE))
    from_xlf = run_tarjama("stats", str(xlf))
    assert from_xlf.exit_code == 0, from_xlf.stderr
    assert from_xlf.stdout.split("\n")[1].split()[1:] == from_po.stdout.split("\n")[1].split()[1:]
    looked = run_tarjama("lookup", "--memory", str(xlf), read_po(ARTICLE).units[1].source)
    assert looked.exit_code == 0, looked.stderr
    assert read_po(ARTICLE).units[1].target in looked.stdout


HOSTILE = {
    "xxe": '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           '<xliff version="1.2"><file original="a" source-language="en" datatype="po"><body>'
           '<trans-unit id="1"><source>&x;</source></trans-unit></body></file></xliff>\n',
    "laughs": '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY a "lol">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<xliff version="2.0" '
              'srcLang="en"><file id="f"><unit id="u"><segment><source>&b;</source>'
              '</segment></unit></file></xliff>\n',
    "external": '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://example.com/x.dtd">\n'
                '<xliff version="1.2"><file original="a" source-language="en" '
                'datatype="po"><body><trans-unit id="1"><source>&ent;</source></trans-unit>'
                '</body></file></xliff>\n',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_xliff_is_refused_with_exit_2(case: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text(HOSTILE[case], encoding="utf-8")
    out = tmp_path / "out.po"
    result = run_tarjama("import", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tarjama: error: {bad}:")
    assert "refused" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
