"""Reading a PO memory unit by unit (tarjama.formats.po.stream_po): the units, header and
errors of reading it whole, with memory that stays flat (issue 15, streaming PO memories)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LOCALES, corpus_po_files
from robust_helpers import po_text
from tarjama.errors import InputError
from tarjama.formats import po
from tarjama.formats.po import read_po, stream_po

CATALOGS = [*corpus_po_files(), LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"]


def _same(path: Path) -> None:
    whole = read_po(path)
    stream = stream_po(path, sample=3)
    assert stream.catalog.header == whole.header
    assert stream.catalog.header_comment == whole.header_comment
    assert stream.catalog.source_lang == whole.source_lang
    assert list(stream.units()) == whole.units


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_streamed_units_are_the_units_read_whole(path: Path) -> None:
    _same(path)


TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
               max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=12), st.sampled_from(["\n", "\r\n"]),
       st.integers(1, 64))
def test_streamed_in_small_blocks(entries: list[tuple[str, str]], newline: str, block: int,
                                  ) -> None:
    """Whatever the block size, lines cut at block ends come out whole."""
    import tempfile

    from tarjama.formats.po import po_text as write_text_of
    from tarjama.model import Catalog, Unit

    catalog = Catalog(units=[Unit(source=f"{i} {a}", target=b) for i, (a, b) in
                             enumerate(entries)], header={"Language": "en"})
    data = write_text_of(catalog).replace("\n", newline).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.po"
        path.write_bytes(data)
        saved = po._BLOCK_BYTES
        po._BLOCK_BYTES = block
        try:
            _same(path)
        finally:
            po._BLOCK_BYTES = saved


def test_an_invalid_byte_far_in_is_reported_on_its_line(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(po, "_BLOCK_BYTES", 100)
    text = po_text([(f"الجملة {i}", f"Sentence {i}") for i in range(50)])
    lines = text.split("\n")
    lines[120] = 'msgstr "bad \xff byte"'
    path = tmp_path / "m.po"
    path.write_bytes("\n".join(lines).encode("utf-8").replace("\xff".encode(), b"\xff"))
    with pytest.raises(InputError) as caught:
        list(stream_po(path).units())
    assert caught.value.line == 121
    with pytest.raises(InputError) as whole:
        read_po(path)
    assert whole.value.line == 121
