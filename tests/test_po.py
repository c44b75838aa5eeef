"""The PO adapter: lossless read-write cycles over real catalogs, msgfmt, and property tests."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, corpus_po_files, need_shared, need_tool
from tarjama.errors import FormatError, InputError
from tarjama.formats import po as po_module
from tarjama.formats.po import (
    entry_from_unit,
    entry_text,
    parse_po,
    po_text,
    read_po,
    write_po,
)
from tarjama.model import Catalog, Status, Unit

ENTRY_FIELDS = (
    "msgid", "msgid_plural", "msgstr", "msgstr_plural", "msgctxt", "comment", "tcomment",
    "occurrences", "flags", "previous_msgid", "previous_msgid_plural", "previous_msgctxt",
    "obsolete",
)


def entry_record(entry: polib.POEntry) -> dict[str, Any]:
    record = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    record["msgstr_plural"] = dict(sorted(entry.msgstr_plural.items()))
    record["obsolete"] = bool(entry.obsolete)
    record["occurrences"] = [tuple(o) for o in entry.occurrences]
    return record


CORPUS_IDS = [path.name for path in corpus_po_files()] or ["absent"]


@pytest.fixture(params=corpus_po_files() or [CORPUS / "po" / "absent.po"], ids=CORPUS_IDS)
def corpus_po(request: pytest.FixtureRequest) -> Path:
    return need_shared(Path(request.param))


def test_corpus_catalog_survives_read_write_entry_by_entry(corpus_po: Path, tmp_path: Path) -> None:
    original = polib.pofile(str(corpus_po), wrapwidth=78)
    out = tmp_path / corpus_po.name
    write_po(read_po(corpus_po), out)
    written = polib.pofile(str(out), wrapwidth=78)

    assert dict(written.metadata) == dict(original.metadata)
    assert written.header == original.header
    assert bool(written.metadata_is_fuzzy) == bool(original.metadata_is_fuzzy)
    assert len(written) == len(original)
    before = sorted((entry_record(e) for e in original), key=repr)
    after = sorted((entry_record(e) for e in written), key=repr)
    for old, new in zip(before, after, strict=True):
        assert new == old


def test_corpus_catalog_units_carry_status_and_lines(corpus_po: Path) -> None:
    catalog = read_po(corpus_po)
    original = polib.pofile(str(corpus_po))
    assert [u.line for u in catalog.units] == [e.linenum for e in original]
    for unit, entry in zip(catalog.units, original, strict=True):
        if entry.obsolete:
            assert unit.status is Status.OBSOLETE
        elif "fuzzy" in entry.flags:
            assert unit.status is Status.FUZZY
        elif entry.translated():
            assert unit.status is Status.TRANSLATED
        else:
            assert unit.status is Status.UNTRANSLATED


def _msgfmt_ok(path: Path) -> tuple[bool, str]:
    done = subprocess.run(
        [need_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)],
        capture_output=True, text=True, check=False,
    )
    return done.returncode == 0, done.stderr


def test_msgfmt_accepts_what_we_write_wherever_it_accepted_the_original(
    corpus_po: Path, tmp_path: Path
) -> None:
    out = tmp_path / corpus_po.name
    write_po(read_po(corpus_po), out)
    original_ok, _ = _msgfmt_ok(corpus_po)
    ours_ok, errors = _msgfmt_ok(out)
    assert ours_ok == original_ok, errors
    if corpus_po.name == "sphinx-fa.po":
        # The one real placeholder error of the corpus must stay an error, not get lost.
        assert not original_ok


def test_plural_entry_keeps_every_form_even_when_fewer_than_nplurals() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
        'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "ملف"\nmsgstr[1] "ملفات"\n'
    )
    catalog = parse_po(text)
    unit = catalog.units[0]
    assert unit.is_plural and unit.target_plurals == ["ملف", "ملفات"]
    assert catalog.nplurals == 6
    assert catalog.target_lang == "ar"
    assert parse_po(po_text(catalog)).units[0].target_plurals == ["ملف", "ملفات"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "invalid PO"),
        ('msgid "a"\nmsgstr "b"\nmsgid "c" extra "d"\nmsgstr ""\n', 3, "unescaped double quote"),
        ('msgid "a"\nmsgstr "b"\n\nnonsense here\n', 4, "invalid PO"),
    ],
    ids=["unterminated-string", "stray-quote", "unknown-keyword"],
)
def test_malformed_po_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        parse_po(text, "x.po")
    assert caught.value.path == "x.po"
    assert caught.value.line == line


def test_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgid "ok"\nmsgstr "\xff"\n')
    with pytest.raises(InputError, match="invalid UTF-8") as caught:
        read_po(path)
    assert caught.value.line == 6


def test_bom_and_crlf_read_like_clean_utf8(tmp_path: Path) -> None:
    clean = 'msgid ""\nmsgstr "Language: ar\\n"\n\nmsgid "Hello"\nmsgstr "مرحبا"\n'
    odd = tmp_path / "odd.po"
    odd.write_bytes(b"\xef\xbb\xbf" + clean.replace("\n", "\r\n").encode())
    assert read_po(odd).units == parse_po(clean).units


def test_latin1_catalog_is_read_in_its_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        b'msgid "coffee"\nmsgstr "caf\xe9"\n'
    )
    assert read_po(path).units[0].target == "café"


# Text a PO string can carry: anything but NUL and surrogates (gettext strings are C strings).
po_text_strategy = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=40,
)
ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة ؟،؛٠١٢٣٤٥ـ\u200f\u061c"
arabic = st.text(alphabet=st.sampled_from(list(ARABIC_ALPHABET)), min_size=1, max_size=30)


@st.composite
def units(draw: st.DrawFn) -> Unit:
    source = draw(st.one_of(po_text_strategy, arabic).filter(bool))
    plural = draw(st.booleans())
    unit = Unit(
        source=source,
        context=draw(st.one_of(st.none(), po_text_strategy)),
        translator_notes=draw(st.text(alphabet=st.characters(
            exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=20)).strip(),
        extracted_notes=draw(st.sampled_from(["", "paragraph 1, sentence 2", "heading"])),
        flags=draw(st.lists(st.sampled_from(["fuzzy", "c-format", "python-format"]), unique=True)),
        references=draw(st.lists(st.tuples(st.from_regex(r"[a-z]{1,8}\.txt", fullmatch=True),
                                           st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True)),
                                 max_size=3)),
    )
    if plural:
        unit.source_plural = draw(po_text_strategy.filter(bool))
        unit.target_plurals = draw(st.lists(po_text_strategy, min_size=2, max_size=6))
    else:
        unit.target = draw(st.one_of(po_text_strategy, arabic))
    return unit


@settings(max_examples=150, deadline=None)
@given(st.lists(units(), min_size=1, max_size=5, unique_by=lambda u: (u.context, u.source)))
def test_any_unit_survives_po_write_and_read(generated: list[Unit]) -> None:
    catalog = Catalog(units=generated, header={"Language": "ar", "X-Source-Language": "en"})
    again = parse_po(po_text(catalog))
    assert len(again.units) == len(generated)
    for before, after in zip(generated, again.units, strict=True):
        assert after.source == before.source
        assert after.source_plural == before.source_plural
        assert after.targets == before.targets
        assert after.context == before.context
        assert after.flags == before.flags
        assert after.references == before.references
        assert after.translator_notes == before.translator_notes
        assert after.extracted_notes == before.extracted_notes
        assert after.status == before.status


# Long strings of words, hyphens, escapes and spaces: every way polib wraps a line.
wrapped_text = st.lists(st.one_of(
    st.sampled_from([" ", "  ", "-", "--", "well-known", "a-b-c", '"', "\\", "\t", "\n",
                     "\a", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "مرحبا", "x" * 90,
                     "%s", "<b>"]),
    st.text(alphabet="abcdefghij ABCD.,!?-", min_size=1, max_size=12),
), max_size=40).map("".join)


@st.composite
def long_units(draw: st.DrawFn) -> Unit:
    unit = draw(units())
    for name in ("source", "target", "context", "previous_source", "previous_context",
                 "previous_source_plural"):
        if name in ("source", "target") or draw(st.booleans()):
            setattr(unit, name, draw(wrapped_text) or ("x" if name == "source" else ""))
    if unit.source_plural is not None:
        unit.source_plural = draw(st.one_of(st.just(""), wrapped_text))
        unit.target_plurals = draw(st.lists(wrapped_text, max_size=4))
    unit.references = draw(st.lists(st.tuples(
        st.from_regex(r"[a-z/-]{1,30}\.txt", fullmatch=True),
        st.sampled_from(["", "1", "42"])), max_size=6))
    unit.obsolete = draw(st.booleans())
    return unit


@settings(max_examples=300, deadline=None)
@given(long_units())
def test_entry_text_is_polib_text(unit: Unit) -> None:
    # The PO writer renders entries without polib: it must write exactly what polib writes
    # (wrapping at 78 columns, escapes, \a, previous fields, obsolete entries).
    polib_text = str(entry_from_unit(unit))
    if "\a" in polib_text:
        polib_text = po_module._bel(polib_text)
    assert entry_text(unit) == polib_text


def test_entry_text_wraps_at_polib_boundaries() -> None:
    # Words ending exactly at, one before and one after the wrap width, a word longer than
    # the width, runs of spaces at the edge: each line as polib breaks it.
    for first in range(60, 80):
        for second in (1, 2, 5, 20, 80):
            for gap in (" ", "   "):
                for tail in ("", " end", "-end", ' "q"'):
                    text = "a" * first + gap + "b" * second + gap + "c" * 3 + tail
                    unit = Unit(source=text, target=text[::-1], context=text[:70])
                    assert entry_text(unit) == str(entry_from_unit(unit)), text


def _commented_catalog() -> Catalog:
    catalog = Catalog(header={"Content-Type": "text/plain; charset=UTF-8", "Language": "en"})
    catalog.units += [
        Unit(source="مرحبا", target="Hello", translator_notes="a translator's note\nsecond line",
             extracted_notes="paragraph 1, sentence 1", references=[("doc.txt", "3")],
             flags=["fuzzy"], previous_source="مرحبا يا"),
        Unit(source="قديم", target="Old", translator_notes="old note", extracted_notes="heading",
             obsolete=True),
    ]
    return catalog


def test_comments_are_written_in_gettext_order() -> None:
    # Translator comments, extracted comments, references, flags, previous msgid: the order
    # gettext writes, so that PO editors and msgcat do not move our comments around.
    text = po_text(_commented_catalog())
    entry = text.split("\n\n")[1].split("\n")
    assert [line.split(" ", 1)[0] for line in entry] == [
        "#", "#", "#.", "#:", "#,", "#|", "msgid", "msgstr"]


@pytest.mark.interop
def test_msgcat_leaves_our_comment_order_as_it_is(tmp_path: Path) -> None:
    ours = tmp_path / "ours.po"
    write_po(_commented_catalog(), ours)
    theirs = tmp_path / "theirs.po"
    subprocess.run([need_tool("msgcat"), str(ours), "-o", str(theirs)], check=True)
    assert theirs.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")
