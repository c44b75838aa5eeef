"""Gettext PO/POT catalogs through polib, to and from the unit model, losslessly.

Everything polib keeps survives a read-write cycle: comments, flags, references, previous
msgid/msgctxt, obsolete entries, plural forms and the header with its comment and flags.
"""

from __future__ import annotations

import io
import itertools
import re
import tempfile
import textwrap
import warnings
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import polib

from tarjama import __version__
from tarjama.bulk import collector_paused
from tarjama.errors import FormatError, InputError, LanguageError, TarjamaWarning
from tarjama.fileio import (
    atomic_open,
    decode,
    head_bytes,
    open_input,
    read_bytes,
    write_all,
    write_text,
)
from tarjama.formats.po_scan import ScanError, Scanned, scan, scan_stream
from tarjama.languages import normalize_tag, plural_rule
from tarjama.model import Catalog, Unit

WRAP_WIDTH = 78
_SYNTAX_RE = re.compile(r"line (\d+)\)?:?\s*(.*)", re.S)
_CHARSET_RE = re.compile(rb'charset=([A-Za-z0-9_.:-]+)')


def _charset(data: bytes) -> str:
    """The charset the PO header declares, UTF-8 when none (or the CHARSET placeholder)."""
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return "utf-8"
    name = match.group(1).decode("ascii").lower()
    return "utf-8" if name == "charset" else name


def _lang_or_raw(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return normalize_tag(value)
    except LanguageError:
        return value.strip()


def unit_from_entry(entry: polib.POEntry) -> Unit:
    """A :class:`Unit` holding everything a polib entry holds."""
    plural = entry.msgid_plural if entry.msgid_plural else None
    return Unit(
        source=entry.msgid,
        target="" if plural is not None else entry.msgstr,
        source_plural=plural,
        target_plurals=(
            [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if plural is not None
            else []
        ),
        context=entry.msgctxt,
        references=[(str(path), str(line)) for path, line in entry.occurrences],
        translator_notes=entry.tcomment or "",
        extracted_notes=entry.comment or "",
        flags=list(entry.flags),
        previous_source=entry.previous_msgid,
        previous_source_plural=entry.previous_msgid_plural,
        previous_context=entry.previous_msgctxt,
        obsolete=bool(entry.obsolete),
        line=entry.linenum,
    )


class _Entry(polib.POEntry):
    """A polib entry that writes comments line for line, in gettext's order.

    polib re-wraps long ``#.`` and ``#`` comment lines at the wrap width, which turns one
    line into two when the file is read again; gettext's msgcat keeps them as they are.
    polib also drops the ``#.`` comments of obsolete entries; we keep them. The order is
    gettext's (translator ``#``, extracted ``#.``, then ``#:``, ``#,``, ``#|``), so msgcat
    and PO editors rewrite our files without moving comments around.
    """

    def __unicode__(self, wrapwidth: int = WRAP_WIDTH) -> str:
        lines = []
        for value, prefix in ((self.tcomment, "# "), (self.comment, "#. ")):
            if value:
                lines += [(prefix + part).rstrip() for part in value.split("\n")]
        saved = self.comment, self.tcomment
        self.comment = self.tcomment = ""
        try:
            body: str = super().__unicode__(wrapwidth)
        finally:
            self.comment, self.tcomment = saved
        return "\n".join([*lines, body]) if lines else body


def entry_from_unit(unit: Unit) -> polib.POEntry:
    """A polib entry holding everything the unit holds that PO can express."""
    entry = _Entry(
        msgid=unit.source,
        msgctxt=unit.context,
        occurrences=list(unit.references),
        tcomment=unit.translator_notes,
        comment=unit.extracted_notes,
        flags=list(unit.flags),
        previous_msgid=unit.previous_source,
        previous_msgid_plural=unit.previous_source_plural,
        previous_msgctxt=unit.previous_context,
        obsolete=unit.obsolete,
    )
    if unit.source_plural is not None:
        entry.msgid_plural = unit.source_plural
        entry.msgstr_plural = dict(enumerate(unit.target_plurals or ["", ""]))
    else:
        entry.msgstr = unit.target
    return entry


# The first line that is not blank, a comment, or a keyword and/or a complete quoted string.
# polib accepts an unterminated string such as `msgstr "abc` and silently changes its text.
_BAD_LINE_RE = re.compile(
    r'^(?![ \t]*$|[ \t]*#(?!~)|[ \t]*(?:#~\|?[ \t]*)?'
    r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?'
    r'"(?:[^"\\\n]|\\.)*"[ \t]*$).*',
    re.M,
)


def _check_syntax(text: str, path: str | Path) -> None:
    bad = _BAD_LINE_RE.search(text)
    if bad is None:
        return
    line = text.count("\n", 0, bad.start()) + 1
    shown = bad.group()[:60]
    if '"' in shown and not shown.rstrip().endswith('"'):
        detail = "unterminated string"
    elif shown.lstrip().startswith(("msg", "#~")) or shown.lstrip().startswith('"'):
        detail = "unescaped double quote or text after the string"
    else:
        detail = f"unexpected text {shown.strip()!r}"
    raise FormatError(f"invalid PO: {detail}", path=path, line=line)


def _polib_parse(text: str) -> polib.POFile:
    # polib splits string content with str.splitlines(), which also breaks lines at U+2028,
    # U+0085, form feeds and other characters that are legal inside a PO string; gettext
    # only ends lines at LF. So we hand polib's parser the lines ourselves.
    parser: Any = polib._POFileParser("\n", check_for_duplicates=False)
    parser.fhandle = text.split("\n")
    pofile: polib.POFile = parser.parse()
    pofile.wrapwidth = WRAP_WIDTH
    return pofile


def parse_po(text: str, path: str | Path = "<string>", *, reader: str = "scan") -> Catalog:
    """Parse PO text into a :class:`Catalog`; syntax errors name the line.

    ``reader="scan"`` uses our fast scanner (:mod:`tarjama.formats.po_scan`), which reads
    exactly what polib reads; ``reader="polib"`` uses polib's own parser.
    """
    if not text.strip():
        return Catalog(path=str(path))
    if reader == "scan":
        try:
            with collector_paused():
                scanned = scan(text)
        except ScanError as exc:
            raise FormatError(f"invalid PO: {exc.detail}", path=path, line=exc.line) from exc
        catalog = Catalog(
            units=scanned.units,
            header=scanned.metadata,
            header_comment=scanned.header_comment,
            header_flags=scanned.header_flags,
            path=str(path),
        )
    else:
        _check_syntax(text, path)
        catalog = _catalog_from_polib(text, path)
    _set_languages(catalog)
    return catalog


def _set_languages(catalog: Catalog) -> None:
    catalog.target_lang = _lang_or_raw(catalog.header.get("Language"))
    catalog.source_lang = _lang_or_raw(catalog.header.get("X-Source-Language"))
    for unit in catalog.units:
        unit.source_lang = catalog.source_lang
        unit.target_lang = catalog.target_lang


def _catalog_from_polib(text: str, path: str | Path) -> Catalog:
    try:
        pofile = _polib_parse(text)
    except (OSError, ValueError) as exc:
        message = str(exc)
        match = _SYNTAX_RE.search(message)
        if match:
            detail = match.group(2).strip() or "syntax error"
            raise FormatError(f"invalid PO: {detail}", path=path, line=int(match.group(1))) from exc
        raise FormatError(f"invalid PO: {message}", path=path) from exc
    # polib keeps the header entry's flags in metadata_is_fuzzy (typed as a bool).
    header_flags: Any = pofile.metadata_is_fuzzy
    return Catalog(
        units=[unit_from_entry(entry) for entry in pofile],
        header={str(k): str(v) for k, v in pofile.metadata.items()},
        header_comment=pofile.header or "",
        header_flags=list(header_flags) if isinstance(header_flags, list) else [],
        path=str(path),
    )


def read_po(path: str | Path) -> Catalog:
    """Read a PO or POT file strictly in the charset its header declares."""
    data = read_bytes(path)
    charset = _charset(data)
    text = decode(data, path, charset, refuse_nul=True)
    _warn_mislabelled_utf8(data, text, charset, path)
    return parse_po(text, path)


@dataclass
class PoStream:
    """A PO catalog being read: its header and first units in ``catalog`` (enough to tell
    its languages), the units after them in ``rest``, read as they are consumed."""

    catalog: Catalog
    rest: Iterator[Unit]
    handle: IO[bytes] | None = None

    def units(self) -> Iterator[Unit]:
        """Every unit, in file order (once: the rest is read as it goes); the file is
        closed at the end, or when the iteration is abandoned."""
        try:
            yield from self.catalog.units
            yield from self.rest
        finally:
            self.close()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


# Charsets whose bytes may be split at LF before decoding (all but UTF-16 and UTF-32).
_LINE_SAFE_RE = re.compile(r"utf-?(16|32)|ucs-?[24]", re.I)
# How many bytes of the start the mislabelled-UTF-8 check looks at when streaming.
_HEAD_BYTES = 1 << 20
# How many bytes are decoded at a time when streaming.
_BLOCK_BYTES = 1 << 20


def stream_po(path: str | Path, *, sample: int = 300) -> PoStream:
    """Read a PO file as :func:`read_po` does, but unit by unit: memory stays flat whatever
    its size (a memory of a million entries). The header and the first ``sample`` units are
    read at once. Errors raise :class:`FormatError` with their line, when they are met.

    A catalog in UTF-16 or UTF-32, or behind a BOM of those, is read whole."""
    head = head_bytes(path, _HEAD_BYTES)
    charset = _charset(head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _LINE_SAFE_RE.match(charset):
        catalog = read_po(path)
        return PoStream(Catalog(header=catalog.header, header_comment=catalog.header_comment,
                                header_flags=catalog.header_flags, units=catalog.units,
                                source_lang=catalog.source_lang,
                                target_lang=catalog.target_lang, path=str(path)), iter(()))
    cut = head.rfind(b"\n") + 1 if len(head) == _HEAD_BYTES else len(head)
    start = head[:cut]
    _warn_mislabelled_utf8(start, decode(start, path, charset, refuse_nul=True), charset, path)
    scanned = Scanned()
    handle = open_input(path)
    try:
        units = scan_stream(_decoded_lines(handle, path, charset), scanned)
        first = list(itertools.islice(units, sample))
    except ScanError as exc:
        handle.close()
        raise FormatError(f"invalid PO: {exc.detail}", path=path, line=exc.line) from exc
    except BaseException:
        handle.close()
        raise
    catalog = Catalog(units=first, header=scanned.metadata,
                      header_comment=scanned.header_comment,
                      header_flags=scanned.header_flags, path=str(path))
    _set_languages(catalog)
    return PoStream(catalog, _rest(units, path, catalog), handle)


def _rest(units: Iterator[Unit], path: str | Path, catalog: Catalog) -> Iterator[Unit]:
    for unit in _scan_errors(units, path):
        unit.source_lang, unit.target_lang = catalog.source_lang, catalog.target_lang
        yield unit


def _scan_errors(units: Iterator[Unit], path: str | Path) -> Iterator[Unit]:
    try:
        yield from units
    except ScanError as exc:
        raise FormatError(f"invalid PO: {exc.detail}", path=path, line=exc.line) from exc


def _decoded_lines(handle: IO[bytes], path: str | Path, charset: str) -> Iterator[str]:
    """The lines of a PO file decoded strictly, a block of about a megabyte at a time, as
    :func:`decode` decodes a whole file (a BOM dropped, CRLF and CR as LF, invalid bytes and
    NUL refused with their line)."""
    before = 0  # lines in the blocks already decoded
    carry = b""
    while True:
        block = handle.read(_BLOCK_BYTES)
        data = carry + block
        cut = data.rfind(b"\n") + 1 if block else len(data)
        if not data:
            return
        if cut == 0:
            carry = data
            continue
        carry, data = data[cut:], data[:cut]
        try:
            text = decode(data, path, charset, refuse_nul=True)
        except InputError as exc:
            raise InputError(exc.message, path=path,
                             line=before + (exc.line or 1)) from exc
        lines = text.split("\n")
        if block:
            lines.pop()  # the empty string after the block's last LF
        before += len(lines)
        yield from lines
        if not block:
            return


def refuse_empty(catalog: Catalog, path: str | Path) -> Catalog:
    """``catalog`` as it is, unless it has no header and no entry (a 0-byte or blank file,
    empty standard input): that is the wrong file, not a catalog with nothing to do."""
    if not catalog.header and not catalog.units:
        raise InputError("the catalog is empty (no header, no entry)", path=path)
    return catalog


def _warn_mislabelled_utf8(data: bytes, text: str, charset: str, path: str | Path) -> None:
    """Warn when a PO declares an 8-bit charset but its bytes are UTF-8 (Arabic saved as
    UTF-8 under a stale ``charset=ISO-8859-1``): read as declared, every entry is mojibake
    ("Ø¹Ù...") and matches nothing. Text in a real 8-bit charset is almost never valid
    UTF-8 once it has non-ASCII bytes, so the test is cheap and sure enough to warn."""
    if (charset.replace("_", "-") in ("utf-8", "utf8") or data.isascii()
            or data.startswith(b"\xef\xbb\xbf")):  # a BOM decides, whatever the header says
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    line = next(number for number, row in enumerate(text.split("\n"), 1) if not row.isascii())
    row = next(row for row in text.split("\n") if not row.isascii())
    sample = "".join(char for char in row if char.isprintable()).strip()[:24]
    warnings.warn(TarjamaWarning(
        f"{path}:{line}: declares charset={charset} but its bytes are UTF-8, so its text "
        f"reads as mojibake ({sample!r}); correct the Content-Type header"), stacklevel=2)


def to_pofile(catalog: Catalog) -> polib.POFile:
    """A polib file holding the catalog (obsolete units go last, as gettext writes them)."""
    pofile = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    pofile.header = catalog.header_comment
    pofile.metadata = dict(catalog.header)
    pofile.metadata_is_fuzzy = "fuzzy" in catalog.header_flags
    for unit in catalog.units:
        pofile.append(entry_from_unit(unit))
    return pofile


# Lines that hold strings (not comments): their BEL characters are written as gettext
# writes them, \a (polib writes the other C escapes itself).
_STRING_LINE_RE = re.compile(r'^(?:#[~|] *)?(?:msg\w*(?:\[\d+\])? +)?".*$', re.M)


def _bel(text: str) -> str:
    if "\a" in text:
        text = _STRING_LINE_RE.sub(lambda line: line.group().replace("\a", "\\a"), text)
    return text


# The characters polib escapes in a string (and counts when it decides to wrap one).
_SPECIAL_RE = re.compile(r'[\\\t\r\n\v\b\f"]')
_SPECIALS = ("\\", "\n", "\r", "\t", "\v", "\b", "\f", '"')
# A string with none of these is written as it is: nothing to escape, and nothing
# ``str.splitlines`` breaks at (polib writes a string with line breaks one line each).
_PLAIN_RE = re.compile(r'[\\\t\r\n\v\b\f"\x1c-\x1e\x85\u2028\u2029]')


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)``, as
    polib wraps an escaped string, without textwrap's cost when ``text`` has no hyphen.

    textwrap cuts a text into chunks (runs of spaces, runs of anything else: its pattern
    only differs around hyphens, and an escaped string has no other whitespace) and fills
    each line with as many whole chunks as fit; a chunk longer than the width stands alone.
    So a line ends at the last chunk boundary within the width, found here by searching
    for spaces instead of walking the chunks."""
    if "-" in text or "\t" in text:
        return textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)
    lines: list[str] = []
    pos = 0
    size = len(text)
    while size - pos > width:
        edge = pos + width  # the first character past the line
        before, after = text[edge - 1] == " ", text[edge] == " "
        if before != after:
            cut = edge
        else:
            # The chunk holding text[edge - 1] and text[edge] starts at ``start``.
            if before:
                start = pos + len(text[pos:edge].rstrip(" "))
            else:
                space = text.rfind(" ", pos, edge)
                start = space + 1 if space >= 0 else pos
            if start > pos:
                cut = start
            elif before:  # a run of spaces longer than the width, alone on its line
                cut = size - len(text[edge:].lstrip(" "))
            else:  # a word longer than the width, alone on its line
                space = text.find(" ", edge)
                cut = size if space < 0 else space
        lines.append(text[pos:cut])
        pos = cut
    if pos < size:
        lines.append(text[pos:])
    return lines


def _string_lines(keyword: str, prefix: str, index: str, value: str) -> list[str]:
    """The lines of one string field as polib's ``_str_field`` writes them (same wrapping,
    same escapes): ``keyword`` is polib's field name (``previous_msgid`` for ``#| msgid``)."""
    name = keyword[9:] if keyword.startswith("previous_") else keyword
    if _PLAIN_RE.search(value) is None:
        # Most strings: nothing to escape, no line break; one line, or wrapped at spaces.
        if len(value) <= WRAP_WIDTH - (len(keyword) + 3 + len(index)):
            return [f'{prefix}{name}{index} "{value}"']
        return [f'{prefix}{name}{index} ""',
                *(f'{prefix}"{line}"' for line in _wrap(value, WRAP_WIDTH - 2))]
    lines = value.splitlines(True)
    if len(lines) > 1:
        lines = ["", *lines]
    else:
        special = _SPECIAL_RE.search(value) is not None
        count = sum(value.count(c) for c in _SPECIALS) if special else 0
        limit = WRAP_WIDTH - (len(keyword) + 3 + len(index)) + count
        if len(value) > limit:
            if special:
                lines = ["", *(polib.unescape(item)
                               for item in _wrap(polib.escape(value), WRAP_WIDTH - 2))]
            else:
                lines = ["", *_wrap(value, WRAP_WIDTH - 2)]
        else:
            lines = [value]
    escape = polib.escape
    first = lines[0]
    out = [f'{prefix}{name}{index} "{escape(first) if _SPECIAL_RE.search(first) else first}"']
    for line in lines[1:]:
        out.append(f'{prefix}"{escape(line) if _SPECIAL_RE.search(line) else line}"')
    return out


def entry_text(unit: Unit) -> str:
    """One entry as PO text (no blank line around it), exactly as polib writes the entry
    :func:`entry_from_unit` makes (comments line for line, see ``_Entry``), without polib:
    the writer of every PO file (:func:`po_text`) and of streamed ones (:class:`PoWriter`)."""
    lines: list[str] = []
    for value, comment in ((unit.translator_notes, "# "), (unit.extracted_notes, "#. ")):
        if value:
            lines += [(comment + part).rstrip() for part in value.split("\n")]
    obsolete = unit.obsolete
    if not obsolete and unit.references:
        files = " ".join(f"{path}:{line}" if line else path for path, line in unit.references)
        if len(files) + 3 > WRAP_WIDTH:
            # polib's hack: textwrap breaks words at hyphens, file names must not be broken.
            lines += [line.replace("*", "-") for line in textwrap.wrap(
                files.replace("-", "*"), WRAP_WIDTH, initial_indent="#: ",
                subsequent_indent="#: ", break_long_words=False)]
        else:
            lines.append("#: " + files)
    if unit.flags:
        lines.append("#, " + ", ".join(unit.flags))
    prefix = "#~| " if obsolete else "#| "
    for keyword, previous in (("previous_msgctxt", unit.previous_context),
                              ("previous_msgid", unit.previous_source),
                              ("previous_msgid_plural", unit.previous_source_plural)):
        if previous is not None:
            lines += _string_lines(keyword, prefix, "", previous)
    flag = "#~ " if obsolete else ""
    if unit.context is not None:
        lines += _string_lines("msgctxt", flag, "", unit.context)
    lines += _string_lines("msgid", flag, "", unit.source)
    if unit.source_plural is not None:
        if unit.source_plural:
            lines += _string_lines("msgid_plural", flag, "", unit.source_plural)
        for index, text in enumerate(unit.target_plurals or ["", ""]):
            lines += _string_lines("msgstr", flag, f"[{index}]", text)
    else:
        lines += _string_lines("msgstr", flag, "", unit.target)
    lines.append("")
    return _bel("\n".join(lines))


def header_block(catalog: Catalog) -> str:
    """The header comment and header entry of a catalog as PO text (polib writes it: one
    entry), ending in a newline."""
    header = Catalog(header=catalog.header, header_comment=catalog.header_comment,
                     header_flags=catalog.header_flags)
    return _bel(str(to_pofile(header)))


def po_text(catalog: Catalog) -> str:
    """The catalog as PO text, ending in a newline: the header, the active entries, then
    the obsolete ones (as gettext writes them), a blank line between entries."""
    parts = [header_block(catalog)]
    parts += [entry_text(unit) for unit in catalog.units if not unit.obsolete]
    parts += [entry_text(unit) for unit in catalog.units if unit.obsolete]
    text = "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"


def _encodable(catalog: Catalog, text: Callable[[], str]) -> tuple[str, str]:
    """``text()`` and the charset to write it in: the one the header declares, else UTF-8
    with the header's Content-Type corrected (a catalog we changed may hold characters its
    old charset cannot carry) and ``text()`` made again."""
    written = text()
    charset = _charset(written.encode("utf-8", "surrogateescape"))
    try:
        written.encode(charset)
    except (LookupError, UnicodeEncodeError):
        charset = "utf-8"
        content_type = catalog.header.get("Content-Type", "")
        if content_type:
            catalog.header["Content-Type"] = re.sub(
                r"charset=[A-Za-z0-9_.:-]+", "charset=UTF-8", content_type
            )
        written = text()
    return written, charset


def write_po(catalog: Catalog, path: str | Path) -> None:
    """Write the catalog to ``path`` atomically in UTF-8 (``-`` for standard output)."""
    text, charset = _encodable(catalog, lambda: po_text(catalog))
    write_text(path, text, charset)


def with_translator_notes(text: str, notes: Sequence[str]) -> str:
    """An entry's text (:func:`entry_text`) as it is with ``notes`` added after its
    translator comments, each a paragraph of its own: what :func:`entry_text` writes for
    the unit whose ``translator_notes`` are joined with them by newlines."""
    lines = text.split("\n")
    kept = 0
    while kept < len(lines) and (lines[kept] == "#" or lines[kept].startswith("# ")):
        kept += 1
    added = [("# " + part).rstrip() for note in notes for part in note.split("\n")]
    return "\n".join([*lines[:kept], *added, *lines[kept:]])


# Charsets the spool's UTF-8 is copied in as it is.
_UTF8 = frozenset({"utf-8", "utf8"})
_COPY_BYTES = 1 << 20


class PoSpool:
    """A PO catalog written entry by entry, in flat memory whatever its size: the entries
    go to a temporary file as they come, then :meth:`write` puts the header before them.
    An entry already written can still get a translator comment (:meth:`note`): an import
    notes other translations of a source on its first entry. Entries are written in the
    order given (give obsolete ones last, as gettext does)."""

    def __init__(self) -> None:
        # Closed by __exit__: the spool lives as long as the import that fills it.
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._offsets = array("q")
        self._size = 0
        self._notes: dict[int, list[str]] = {}

    def __enter__(self) -> PoSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._offsets)

    def add(self, unit: Unit) -> int:
        """Write an entry; its index (for :meth:`note`)."""
        data = ("\n" + entry_text(unit)).encode("utf-8")
        self._offsets.append(self._size)
        self._file.write(data)
        self._size += len(data)
        return len(self._offsets) - 1

    def note(self, index: int, text: str) -> None:
        """Add ``text`` to the translator comments of the entry ``add`` numbered ``index``."""
        self._notes.setdefault(index, []).append(text)

    def _entry(self, index: int) -> bytes:
        start = self._offsets[index]
        end = self._offsets[index + 1] if index + 1 < len(self._offsets) else self._size
        self._file.seek(start)
        data = self._file.read(end - start)
        text = with_translator_notes(data.decode("utf-8")[1:], self._notes[index])
        return ("\n" + text).encode("utf-8")

    def _copy(self, handle: IO[bytes], start: int, end: int) -> None:
        self._file.seek(start)
        while start < end:
            block = self._file.read(min(_COPY_BYTES, end - start))
            write_all(handle, block)
            start += len(block)

    def _body(self, handle: IO[bytes]) -> None:
        """The entries, noted ones changed, into ``handle``."""
        self._file.flush()
        position = 0
        for index in sorted(self._notes):
            self._copy(handle, position, self._offsets[index])
            write_all(handle, self._entry(index))
            position = (self._offsets[index + 1] if index + 1 < len(self._offsets)
                        else self._size)
        self._copy(handle, position, self._size)

    def write(self, header: Catalog, path: str | Path) -> None:
        """Write the PO file to ``path`` atomically: ``header``'s header (its units are not
        written), then the entries. A header declaring another charset than UTF-8 has the
        file read back whole and written as :func:`write_po` writes (rare: we make UTF-8)."""
        head = header_block(header)
        if _charset(head.encode("utf-8", "surrogateescape")) in _UTF8:
            with atomic_open(path) as handle:
                write_all(handle, head.encode("utf-8"))
                self._body(handle)
            return
        body = io.BytesIO()
        self._body(body)
        entries = body.getvalue().decode("utf-8")
        text, charset = _encodable(header, lambda: header_block(header) + entries)
        write_text(path, text, charset)


def po_date(moment: datetime | None = None) -> str:
    """A date as gettext writes it in headers: ``2024-01-13 09:30+0000``."""
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def new_header(
    *,
    source_lang: str,
    target_lang: str | None = None,
    project: str = "PACKAGE VERSION",
    template: bool = False,
) -> dict[str, str]:
    """Header fields for a catalog tarjama creates (a template when ``template``)."""
    now = po_date()
    header = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE" if template else now,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>" if template else "",
        "Language-Team": "",
        "Language": "" if template or target_lang is None else target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_lang,
        "X-Generator": f"tarjama {__version__}",
    }
    # A template has no target language, hence no plural rule: xgettext's placeholder
    # "nplurals=INTEGER; plural=EXPRESSION;" is a fatal error for msgfmt -c, so we leave the
    # field out and let the PO made from the template (msginit, pretranslate) set it.
    if not template and target_lang is not None:
        header["Plural-Forms"] = plural_rule(target_lang).header()
    return header


def read_catalogs(paths: Iterable[str | Path]) -> list[Catalog]:
    """Read several PO files; the first error stops the reading."""
    return [read_po(path) for path in paths]


__all__ = [
    "InputError",
    "PoSpool",
    "entry_from_unit",
    "entry_text",
    "new_header",
    "parse_po",
    "po_text",
    "read_catalogs",
    "read_po",
    "to_pofile",
    "unit_from_entry",
    "with_translator_notes",
    "write_po",
]
