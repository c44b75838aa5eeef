"""The check command's read-only fast path into PO files: one regular expression per entry,
with the line of every ``msgstr`` (where ``msgfmt -c`` reports a translation's problems).

It reads what the checks use (not references, extracted comments or previous msgids) and
nothing it is unsure of: any text outside the entries it recognises, other than blank lines
and comments, hands the file to :func:`tarjama.formats.po.parse_po`. Tests compare both
readers on every shared catalog.
"""

from __future__ import annotations

import re

from tarjama.errors import LanguageError
from tarjama.formats.po import parse_po
from tarjama.languages import normalize_tag
from tarjama.model import Catalog, Unit

_STRING = r'"[^\n]*"[ \t]*\n(?:[ \t]*"[^\n]*"[ \t]*\n)*'
_ENTRY_RE = re.compile(
    r"^(?P<comments>(?:#[^~\n][^\n]*\n|#\n)*)"
    rf"(?:msgctxt[ \t]+(?P<ctxt>{_STRING}))?"
    rf"msgid[ \t]+(?P<id>{_STRING})"
    rf"(?:msgid_plural[ \t]+(?P<plural>{_STRING}))?"
    rf"(?P<strs>(?:msgstr(?:\[\d+\])?[ \t]+{_STRING})+)",
    re.M,
)
_MSGSTR_RE = re.compile(r"^msgstr(?:\[(\d+)\])?[ \t]+", re.M)
_GAP_RE = re.compile(r"(?:[ \t]*\n|#[^\n]*\n)*")
_INNER_RE = re.compile(r'(?:[^"\\]|\\.)*')
_ESCAPE_RE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\",
            '"': '"'}


class _Unusual(Exception):
    """Something this reader does not handle: the full parser takes over."""


def _text(block: str) -> str:
    """The value of a PO string spread over one or more quoted lines."""
    if block.count("\n") == 1 and block.endswith('"\n'):
        value = block[1:-2]  # one line, the common case
        if '"' in value and not _INNER_RE.fullmatch(value):
            raise _Unusual
        if "\\" in value:
            value = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], value)
        return value
    parts = []
    for line in block.split("\n"):
        line = line.strip()
        if line:
            parts.append(line[1:-1])
    value = "".join(parts)
    if '"' in value and not _INNER_RE.fullmatch(value):
        raise _Unusual  # a quote neither escaped nor closing: let the full parser judge
    if "\\" in value:
        value = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], value)
    return value


def scan_catalog(text: str, path: str) -> tuple[Catalog, dict[int, list[int]]]:
    """The catalog in ``text`` and, by ``id(unit)``, the lines of each unit's msgstr."""
    try:
        return _scan(text, path)
    except _Unusual:
        catalog = parse_po(text, path)
        return catalog, {}


def _scan(text: str, path: str) -> tuple[Catalog, dict[int, list[int]]]:
    if not text.endswith("\n"):
        text += "\n"
    catalog = Catalog(path=path)
    lines_of: dict[int, list[int]] = {}
    units = catalog.units
    position = 0
    line = 1
    header_done = False
    for match in _ENTRY_RE.finditer(text):
        start = match.start()
        # Entries are usually one blank line apart; anything else must be blank lines and
        # comments (obsolete entries), or the file is not one this reader handles.
        if start - position != 1 or text[position] != "\n":
            gap = _GAP_RE.match(text, position, start)
            if gap is None or gap.end() != start:
                raise _Unusual
        line += text.count("\n", position, start)
        position = match.end()
        comments, ctxt, msgid, plural, strs = match.group(
            "comments", "ctxt", "id", "plural", "strs")
        unit = Unit(source=_text(msgid), line=line)
        if ctxt is not None:
            unit.context = _text(ctxt)
        first_str = line + text.count("\n", start, match.start("strs"))
        if plural is None:
            if not strs.startswith('msgstr "') or "\nmsgstr" in strs:
                raise _Unusual
            unit.target = _text(strs[7:])
            str_lines = [first_str]
        else:
            forms: list[str] = []
            str_lines = []
            pieces = _MSGSTR_RE.split(strs)
            # split gives ['', index-or-None, text, index-or-None, text, ...]
            offset = first_str
            for index in range(1, len(pieces), 2):
                body = pieces[index + 1]
                str_lines.append(offset)
                forms.append(_text(body))
                offset += body.count("\n")
            if pieces[1::2] != [str(i) for i in range(len(forms))]:
                raise _Unusual
            unit.source_plural = _text(plural)
            unit.target_plurals = forms
        if comments:
            _comments(unit, comments)
        line += text.count("\n", start, position)
        if not header_done and unit.source == "" and unit.context is None:
            header_done = True
            _header(catalog, unit)
            continue
        header_done = True
        units.append(unit)
        lines_of[id(unit)] = str_lines
    tail = _GAP_RE.match(text, position)
    if tail is None or tail.end() != len(text):
        raise _Unusual
    for unit in units:
        unit.source_lang = catalog.source_lang
        unit.target_lang = catalog.target_lang
    return catalog, lines_of


def _comments(unit: Unit, comments: str) -> None:
    """Flags and translator comments: what the checks read (fuzzy, python-brace-format, the
    ``tarjama: ignore`` comment). References, extracted comments and previous msgids are
    not read: no check uses them, and skipping them is a tenth of the reading time."""
    notes: list[str] = []
    for comment in comments.split("\n"):
        kind = comment[1:2]
        if kind == ",":
            unit.flags.extend(flag.strip() for flag in comment[2:].split(","))
        elif comment and kind not in (":", ".", "|"):
            note = comment.lstrip("#")
            notes.append(note[1:] if note.startswith(" ") else note)
    unit.translator_notes = "\n".join(notes)


def _header(catalog: Catalog, unit: Unit) -> None:
    for field_line in unit.target.split("\n"):
        key, colon, value = field_line.partition(":")
        if colon and key.strip():
            catalog.header[key.strip()] = value.strip()
    catalog.header_comment = unit.translator_notes
    catalog.header_flags = list(unit.flags)
    for attribute, key in (("target_lang", "Language"), ("source_lang", "X-Source-Language")):
        value = catalog.header.get(key, "").strip()
        if value:
            try:
                setattr(catalog, attribute, normalize_tag(value))
            except LanguageError:
                setattr(catalog, attribute, value)
