"""Import written as it is read (flat memory): the same PO as merging in memory, alternatives
noted on entries already written, a non-UTF-8 header, and the output untouched on failure."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_tarjama
from tarjama.exchange.files import DigestTable, import_files, read_files
from tarjama.formats.po import entry_text, po_text, read_po, with_translator_notes, write_po
from tarjama.formats.xliff import read_xliff, stream_xliff, write_xliff2, write_xliff12
from tarjama.model import Catalog, Unit

HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en",
          "X-Source-Language": "ar", "Plural-Forms": "nplurals=2; plural=(n != 1);"}


def _catalog(path: Path, units: list[Unit], header: dict[str, str] | None = None) -> Path:
    write_po(Catalog(header=dict(header or HEADER), units=units), path)
    return path


def _xliff(tmp_path: Path, name: str, units: list[Unit],
           header: dict[str, str] | None = None) -> Path:
    po = _catalog(tmp_path / f"{name}.po", units, header)
    out = tmp_path / f"{name}.xlf"
    result = run_tarjama("export", str(po), "--format", "xliff", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def _first_and_second(tmp_path: Path) -> list[Path]:
    first = _xliff(tmp_path, "first", [
        Unit(source="مرحبا", target="Hello", translator_notes="keep it short"),
        Unit(source="وداعا", target="Goodbye"),
        Unit(source="ملف", source_plural="ملفات", target_plurals=["file", "files"]),
        Unit(source="قائمة", target="Menu", context="menu"),
    ])
    second = _xliff(tmp_path, "second", [
        Unit(source="مرحبا", target="Hi there"),  # an alternative, noted on the first
        Unit(source="وداعا", target="Goodbye"),  # a duplicate, kept once
        Unit(source="ملف", source_plural="ملفات", target_plurals=["a file", "files"]),
        Unit(source="قائمة", target="List"),  # no context: another entry
        Unit(source="جديد", target=""),
    ])
    return [first, second]


def test_streamed_import_writes_what_the_merge_in_memory_makes(tmp_path: Path) -> None:
    paths = _first_and_second(tmp_path)
    out = tmp_path / "out.po"
    stats = import_files(paths, out)
    catalog, expected_stats = read_files(paths)
    assert out.read_text("utf-8") == po_text(catalog)
    assert (stats.units, stats.tus, stats.duplicates, stats.alternatives, stats.plurals) == (
        expected_stats.units, expected_stats.tus, expected_stats.duplicates,
        expected_stats.alternatives, expected_stats.plurals) == (6, 9, 1, 2, 1)
    text = out.read_text("utf-8")
    assert "# keep it short\n# alternative translation (" in text
    assert "second.xlf" in text and ": Hi there\n" in text
    assert ": a file | files\n" in text


def test_streamed_import_keeps_a_non_utf8_header(tmp_path: Path) -> None:
    latin = dict(HEADER, **{"Content-Type": "text/plain; charset=ISO-8859-1",
                            "X-Source-Language": "fr"})
    xliff = _xliff(tmp_path, "latin", [Unit(source="café", target="coffee"),
                                       Unit(source="thé", target="tea")], latin)
    out = tmp_path / "out.po"
    import_files([xliff], out)
    catalog, _ = read_files([xliff])
    assert out.read_bytes() == po_text(catalog).encode("iso-8859-1")
    assert b"caf\xe9" in out.read_bytes()


def test_streamed_import_leaves_the_output_alone_when_a_later_file_fails(
        tmp_path: Path) -> None:
    paths = _first_and_second(tmp_path)
    other = _xliff(tmp_path, "german", [Unit(source="مرحبا", target="Hallo")],
                   dict(HEADER, Language="de"))
    out = tmp_path / "out.po"
    out.write_text("before\n", "utf-8")
    result = run_tarjama("import", *map(str, [*paths, other]), "-o", str(out))
    assert result.exit_code == 2
    assert "language pair" in result.stderr
    assert out.read_text("utf-8") == "before\n"


def test_stream_xliff_reads_what_read_xliff_reads(tmp_path: Path) -> None:
    units = [Unit(source=f"جملة {n}", target=f"sentence {n}") for n in range(50)]
    xliff = _xliff(tmp_path, "many", units)
    whole = read_xliff(xliff)
    stream = stream_xliff(xliff, sample=7)
    assert len(stream.catalog.units) == 7
    assert stream.catalog.header == whole.header
    assert (stream.catalog.source_lang, stream.catalog.target_lang) == (
        whole.source_lang, whole.target_lang)
    assert [u.source for u in stream.units()] == [u.source for u in whole.units]


notes = st.lists(st.text(alphabet=st.sampled_from(list("ab \n#.:%\\\"\aمر")), min_size=1,
                         max_size=12), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n#.:")), max_size=15),
       st.text(alphabet=st.sampled_from(list("ab \n#.")), max_size=10), notes,
       st.booleans())
def test_notes_added_to_written_entries_read_as_if_written_with_them(
        translator: str, extracted: str, added: list[str], plural: bool) -> None:
    # An alternative found after its entry was written is inserted into the entry's text:
    # the result is what the entry with the longer translator comment renders to.
    unit = Unit(source="مرحبا", target="Hello", translator_notes=translator,
                extracted_notes=extracted, references=[("a.txt", "3")], flags=["c-format"],
                previous_source="قديم", context="menu")
    if plural:
        unit.source_plural, unit.target, unit.target_plurals = "مرحبات", "", ["Hi", "His"]
    noted = replace(unit, translator_notes="\n".join(filter(None, [translator, *added])))
    assert with_translator_notes(entry_text(unit), added) == entry_text(noted)


def test_streamed_export_writes_what_the_whole_catalog_writes(tmp_path: Path) -> None:
    # More entries than the head read at once (300), plurals, context, obsolete ones.
    units = [Unit(source=f"جملة {n}", target=f"sentence {n}" if n % 7 else "",
                  context="menu" if n % 11 == 0 else None, obsolete=n % 97 == 0,
                  flags=["fuzzy"] if n % 13 == 0 else [])
             for n in range(700)]
    units += [Unit(source="ملف", source_plural="ملفات", target_plurals=["file", "files"])]
    po = _catalog(tmp_path / "big.po", units)
    for fmt, writer in (("xliff", write_xliff12), ("xliff2", write_xliff2)):
        streamed, whole = tmp_path / f"streamed.{fmt}", tmp_path / f"whole.{fmt}"
        result = run_tarjama("export", str(po), "--format", fmt, "-o", str(streamed))
        assert result.exit_code == 0, result.stderr
        writer([read_po(po)], str(whole))
        assert streamed.read_bytes() == whole.read_bytes()


def test_digest_table_holds_what_a_dict_holds() -> None:
    # Grown from 8 slots many times over; 200 keys share their low half (the slot they
    # start from) and probe past each other; the all-zero key (an empty slot's marker).
    table = DigestTable(capacity=8)
    reference: dict[bytes, tuple[int, int]] = {}
    keys = [(high << 64 | 12345).to_bytes(16, "big") for high in range(1, 200)]
    keys += [number.to_bytes(16, "big") for number in range(0, 30000, 7)]
    for value, key in enumerate(keys + keys[::3] + keys[::-5]):
        found = table.setdefault(key, value)
        if key in reference:
            assert found == reference[key]
        else:
            assert found is None
            reference[key] = (len(reference), value)
    assert table.size == len(reference)
