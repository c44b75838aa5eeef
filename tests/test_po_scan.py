"""The fast PO scanner reads exactly what polib reads: shared catalogs, generated text, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, corpus_po_files, need_shared
from tarjama.errors import FormatError
from tarjama.fileio import read_text
from tarjama.formats.po import parse_po
from tarjama.model import Catalog


def assert_same(fast: Catalog, slow: Catalog) -> None:
    assert fast.header == slow.header
    assert fast.header_comment == slow.header_comment
    assert fast.header_flags == slow.header_flags
    assert len(fast.units) == len(slow.units)
    for mine, theirs in zip(fast.units, slow.units, strict=True):
        assert mine == theirs


@pytest.mark.parametrize(
    "path",
    corpus_po_files() or [CORPUS / "po" / "absent.po"],
    ids=[p.name for p in corpus_po_files()] or ["absent"],
)
def test_scanner_equals_polib_on_real_catalogs(path: Path) -> None:
    text = read_text(need_shared(path))
    assert_same(parse_po(text, reader="scan"), parse_po(text, reader="polib"))


LAYOUTS = [
    # Header comment, fuzzy header, entry comments of every kind, previous msgid, plural.
    '# Title\n# Copyright\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: ar\\n"\n"X-A: b\\n"\n\n'
    '# translator\n#. extracted\n#: a.c:1 b.c:2 weird\n#, c-format, fuzzy\n'
    '#| msgctxt "old"\n#| msgid "old "\n#| "text"\nmsgctxt "ctx"\nmsgid "%d thing"\n'
    'msgid_plural "%d things"\nmsgstr[0] "a"\nmsgstr[1] ""\n"b"\n',
    # Obsolete entries, #~| lines (which polib drops), no header, trailing comment.
    'msgid "x"\nmsgstr "y"\n\n#~ msgid "gone"\n#~ msgstr "parti"\n\n'
    '#~| msgid "older"\n#~ msgid "gone2"\n#~ msgstr ""\n#~ "z"\n# trailing\n',
    # Escapes of every kind, empty lines inside, multi-line header field.
    'msgid ""\nmsgstr "Language: en\\n"\n"Plural-Forms: nplurals=2;\\n"\n" plural=(n != 1);\\n"\n\n'
    'msgid "tab\\there \\"q\\" back\\\\slash \\f feed"\nmsgstr "\\n"\n',
    # Comments only.
    "# just a comment\n",
]


@pytest.mark.parametrize("text", LAYOUTS, ids=["full", "obsolete", "escapes", "comment-only"])
def test_scanner_equals_polib_on_unusual_layouts(text: str) -> None:
    assert_same(parse_po(text, reader="scan"), parse_po(text, reader="polib"))


BROKEN = [
    ('msgid "a"\nmsgctxt "late"\nmsgstr "b"\n', 2),
    ('msgstr "no msgid"\n', 1),
    ('msgid "a"\nmsgstr "b"\n#| msgid\n', 3),
    ('msgid "a"\nmsgstr "b"\n#~\n', 3),
]


@pytest.mark.parametrize(("text", "line"), BROKEN, ids=["ctxt-after-id", "str-first",
                                                         "empty-previous", "bare-obsolete-mark"])
def test_scanner_refuses_what_polib_refuses_at_the_same_line(text: str, line: int) -> None:
    for reader in ("scan", "polib"):
        with pytest.raises(FormatError) as caught:
            parse_po(text, "x.po", reader=reader)
        assert caught.value.line == line, reader


string = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30
).map(lambda s: s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
      .replace("\r", "\\r").replace("\t", "\\t"))
comment = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=20)


@st.composite
def po_documents(draw: st.DrawFn) -> str:
    parts = ['msgid ""\nmsgstr ""\n"Language: ar\\n"\n']
    for number in range(draw(st.integers(1, 6))):
        lines = []
        if draw(st.booleans()):
            lines.append(f"# {draw(comment)}")
        if draw(st.booleans()):
            lines.append(f"#. {draw(comment)}")
        if draw(st.booleans()):
            lines.append(f"#: src/f{number}.c:{number + 1} other.py")
        if draw(st.booleans()):
            lines.append("#, fuzzy, python-format")
        if draw(st.booleans()):
            lines.append(f'#| msgid "{draw(string)}"')
        prefix = "#~ " if draw(st.integers(0, 5)) == 0 else ""
        if draw(st.booleans()):
            lines.append(f'{prefix}msgctxt "{draw(string)}"')
        lines.append(f'{prefix}msgid "{draw(string)}{number}"')
        if draw(st.booleans()):
            lines.append(f'{prefix}msgid_plural "{draw(string)}"')
            for index in range(draw(st.integers(1, 6))):
                lines.append(f'{prefix}msgstr[{index}] "{draw(string)}"')
                if draw(st.booleans()):
                    lines.append(f'{prefix}"{draw(string)}"')
        else:
            lines.append(f'{prefix}msgstr ""')
            lines.append(f'{prefix}"{draw(string)}"')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


@settings(max_examples=200, deadline=None)
@given(po_documents())
def test_scanner_equals_polib_on_generated_catalogs(text: str) -> None:
    assert_same(parse_po(text, reader="scan"), parse_po(text, reader="polib"))


def test_units_know_the_line_of_their_translation() -> None:
    text = (
        'msgid ""\nmsgstr "Language: ar\\n"\n\n'
        '#: a.c:1\nmsgid "one"\nmsgstr "واحد"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "ملف"\nmsgstr[1] "ملفان"\n'
    )
    singular, plural = parse_po(text).units
    assert (singular.line, singular.target_line) == (4, 6)
    assert (plural.line, plural.target_line) == (8, 10)
    assert plural.target_lines == [10, 11]


def test_target_line_is_where_msgfmt_reports_a_translation_error() -> None:
    catalog = parse_po(read_text(need_shared(CORPUS / "po" / "sphinx-fa.po")))
    # msgfmt -c: "sphinx-fa.po:599: a format specification for argument 'default.__name__'
    # doesn't exist in 'msgstr'"
    unit = next(u for u in catalog.units if "`{default.__name__}'" in u.source)
    assert unit.target_line == 599


@pytest.mark.parametrize(
    "path",
    corpus_po_files() or [CORPUS / "po" / "absent.po"],
    ids=[p.name for p in corpus_po_files()] or ["absent"],
)
def test_target_lines_point_at_msgstr_keywords_in_real_catalogs(path: Path) -> None:
    text = read_text(need_shared(path))
    lines = text.split("\n")
    for unit in parse_po(text).units:
        assert len(unit.target_lines) == len(unit.targets)
        for number in unit.target_lines:
            assert lines[number - 1].lstrip("#~ ").startswith("msgstr"), (path.name, number)
