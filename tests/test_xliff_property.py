"""Property: PO -> XLIFF 1.2 -> PO and PO -> XLIFF 2.x -> PO keep every active entry (source,
translations, plural forms, context, comments, references, fuzzy state and flags), whatever
the text holds: Arabic, bidi controls, newlines, tabs, carriage returns, placeholders, tags."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjama.exchange.files import read_files
from tarjama.formats.po import parse_po, po_text
from tarjama.formats.xliff import write_xliff2, write_xliff12
from tarjama.model import Catalog, Unit

PIECES = ["قال", " التحالف", "؟", "،", "٢٥٠٠", "ـ", "\u200f", "\u200e", "\u2067", "\u2069",
          "\u202b", "\u202c", "\n", "\t", "\r", " ", "%s", "%(name)s", "%d", "{0}", "{count}",
          "<b>", "</b>", '<a href="x">', "&amp;", "&", "<", ">", '"', "'", "Iraq", "]]>"]
text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
maybe = st.one_of(st.just(""), text)
line = st.sampled_from(["", "1", "42"])
reference = st.tuples(st.sampled_from(["a.c", "src/قال.py", "doc/x.txt"]), line)
FLAGS = ["c-format", "python-format", "python-brace-format", "no-wrap"]


@st.composite
def units(draw: st.DrawFn) -> Unit:
    plural = draw(st.booleans())
    forms = draw(st.integers(min_value=1, max_value=6))
    unit = Unit(
        source=draw(text),
        source_plural=draw(text) if plural else None,
        context=draw(st.one_of(st.none(), st.just(""), text)),
        references=draw(st.lists(reference, max_size=3)),
        translator_notes=draw(maybe),
        extracted_notes=draw(maybe),
        flags=draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True)),
    )
    if plural:
        unit.target_plurals = draw(st.lists(maybe, min_size=forms, max_size=forms))
    else:
        unit.target = draw(maybe)
    if draw(st.booleans()) and any(unit.targets):
        unit.fuzzy = True
    return unit


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    drawn = draw(st.lists(units(), min_size=1, max_size=6))
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for unit in drawn:
        if unit.key not in seen:
            seen.add(unit.key)
            kept.append(unit)
    header = {"Language": "ar", "X-Source-Language": "en",
              "Content-Type": "text/plain; charset=UTF-8",
              "Plural-Forms": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                              "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"}
    # The catalog as PO gives it back: what the round trips start from.
    return parse_po(po_text(Catalog(units=kept, header=header)), "generated.po")


def entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(u.context, u.source, u.source_plural, u.target, u.target_plurals, u.references,
             u.translator_notes, u.extracted_notes, u.flags) for u in catalog.active()]


def round_trip(catalog: Catalog, fmt: str) -> Catalog:
    with TemporaryDirectory() as folder:
        xlf = Path(folder) / "out.xlf"
        if fmt == "xliff":
            write_xliff12([catalog], xlf)
        else:
            write_xliff2([catalog], xlf, version="2.1")
        back, _ = read_files([xlf])
    return parse_po(po_text(back), "back.po")


@settings(max_examples=80, deadline=None)
@given(catalogs())
def test_po_xliff12_po_is_lossless(catalog: Catalog) -> None:
    back = round_trip(catalog, "xliff")
    assert entries(back) == entries(catalog)
    assert back.header == catalog.header


@settings(max_examples=80, deadline=None)
@given(catalogs())
def test_po_xliff2_po_is_lossless(catalog: Catalog) -> None:
    back = round_trip(catalog, "xliff2")
    assert entries(back) == entries(catalog)
    assert back.header == catalog.header
