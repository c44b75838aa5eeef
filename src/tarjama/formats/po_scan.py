"""A fast reader of PO text straight into units, equal to polib's parser entry for entry.

polib's pure-Python state machine needs about 1.1 s for a 50,000-entry catalog, more than the
whole budget of ``tarjama export`` and ``tarjama check`` on such a file. This scanner follows
polib's grammar and quirks exactly (tests compare the two on every shared catalog and on
generated catalogs) and builds :class:`~tarjama.model.Unit` objects without the intermediate
entries. polib remains the writer, and the reader of last resort.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tarjama.model import Unit

# Every escape gettext's reader knows (po-lex.c): the C escapes, octal of one to three
# digits, and hexadecimal of any number of digits, each giving one byte. An unknown escape
# (``\\q``) stays as it is written, as polib keeps it.
_ESCAPE_RE = re.compile(r'\\(?:([\\ntrvbfa"])|([0-7]{1,3})|x([0-9A-Fa-f]+))')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a",
            "\\": "\\", '"': '"'}
# A byte of 0x80 or more, escaped, stands in the text as its surrogate-escape character
# until the string is complete: several of them make one UTF-8 character (\303\251 is é).
_BYTE_MARK = 0xDC00


def _unescape_match(match: re.Match[str]) -> str:
    simple, octal, hexadecimal = match.groups()
    if simple is not None:
        return _ESCAPES[simple]
    value = (int(octal, 8) if octal is not None else int(hexadecimal, 16)) & 0xFF
    return chr(value) if value < 0x80 else chr(_BYTE_MARK + value)


def _unescape(inner: str, number: int) -> str:
    text = _ESCAPE_RE.sub(_unescape_match, inner)
    if any("\udc80" <= char <= "\udcff" for char in text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScanError(number, "escaped bytes that are not UTF-8") from exc
    return text


_INNER_RE = re.compile(r'(?:[^"\\]|\\.)*')


def _string(quoted: str, number: int) -> str:
    """The text of a quoted PO string, checked as msgfmt would and unescaped as polib does."""
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ScanError(number, "unterminated string")
    inner = quoted[1:-1]
    if "\\" not in inner:
        if '"' in inner:
            raise ScanError(number, "unescaped double quote or text after the string")
        return inner
    if _INNER_RE.fullmatch(inner) is None:
        raise ScanError(number, "unescaped double quote or text after the string")
    return _unescape(inner, number)


class ScanError(Exception):
    """A line polib would refuse; carries the 1-based line number."""

    def __init__(self, line: int, detail: str = "syntax error") -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


@dataclass
class Scanned:
    """What a PO text holds: header comment and fields, and the units in file order."""

    header_comment: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    header_flags: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


class _Draft:
    __slots__ = (
        "comment",
        "ctxt",
        "flags",
        "line",
        "msgid",
        "msgid_plural",
        "msgstr",
        "obsolete",
        "occurrences",
        "plural",
        "prev_ctxt",
        "prev_id",
        "prev_plural",
        "target_lines",
        "tcomment",
    )

    def __init__(self, line: int) -> None:
        self.line = line
        self.target_lines: list[int] = []
        self.msgid = ""
        self.msgstr = ""
        self.msgid_plural = ""
        self.plural: dict[int, str] = {}
        self.ctxt: str | None = None
        self.comment = ""
        self.tcomment = ""
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.prev_id: str | None = None
        self.prev_plural: str | None = None
        self.prev_ctxt: str | None = None
        self.obsolete = False

    def unit(self) -> Unit:
        plural = self.msgid_plural or None
        # Positional arguments, in Unit's field order (UNIT_FIELDS; tests/test_check_speed.py
        # holds Unit to it): half the cost of keywords, paid once per entry.
        return Unit(
            self.msgid,
            "" if plural is not None else self.msgstr,
            plural,
            [self.plural[i] for i in sorted(self.plural)] if plural else [],
            self.ctxt,
            self.occurrences,
            self.tcomment,
            self.comment,
            self.flags,
            self.prev_id,
            self.prev_plural,
            self.prev_ctxt,
            self.obsolete,
            None,
            None,
            self.line,
            self.target_lines,
        )


# The order of the arguments of Unit that _Draft.unit passes.
UNIT_FIELDS = (
    "source", "target", "source_plural", "target_plurals", "context", "references",
    "translator_notes", "extracted_notes", "flags", "previous_source", "previous_source_plural",
    "previous_context", "obsolete", "source_lang", "target_lang", "line", "target_lines",
)


# States that end an entry when a new comment or keyword arrives (polib: 'ms', 'mx').
_CLOSED = frozenset({"ms", "mx"})
# Where each symbol may come from (polib's transition table).
_FROM = {
    "ct": frozenset({"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mi": frozenset({"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}),
    "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}),
    "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
}
_MC_FROM = _FROM["mc"]
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS = {"msgid_plural": "pp", "msgid": "pm", "msgctxt": "pc"}


def scan(text: str) -> Scanned:
    """Parse PO text as polib would (its grammar, its quirks), into units.

    Raises :class:`ScanError` where polib raises a syntax error, and where msgfmt finds an
    entry cut short that polib lets through (a msgid with no msgstr: a truncated file).

    What it keeps equal to polib's parser (``reader="polib"`` in :func:`tarjama.formats.po.
    parse_po`; tests/test_po_scan.py compares the two on every shared catalog, generated
    ones and unusual layouts): every entry's fields, its line, the header and its comment,
    and the line of every syntax error. It follows polib's state machine (the symbols and
    the ``_FROM`` transition table are polib's) but not its code.

    Why it is shaped this way: polib needs about 1.1 s for a 50,000-entry catalog. So the
    lines that make most of a catalog (a quoted string continuing a msgid or msgstr, and the
    ``#.`` and ``#:`` comments) are handled first by inlined fast paths that read them
    exactly as the general path below would; strings are unescaped only when they hold a
    backslash; and units are built positionally, without polib's intermediate entries.
    """
    result = Scanned()
    header_lines: list[str] = []
    entries = list(_drafts(text.split("\n"), header_lines))
    result.header_comment = "\n".join(header_lines)
    header = _header_entry(entries)
    if header is not None:
        entries.remove(header)
        _fill_header(result, header)
    result.units = [entry.unit() for entry in entries]
    return result


def _fill_header(result: Scanned, header: _Draft) -> None:
    result.header_flags = list(header.flags)
    key: str | None = None
    for field_line in header.msgstr.splitlines():
        name, sep, value = field_line.partition(":")
        if sep:
            key = name
            result.metadata[key] = value.strip()
        elif key is not None:
            result.metadata[key] += "\n" + field_line.strip()


def scan_stream(lines: Iterable[str], result: Scanned) -> Iterator[Unit]:
    """The units of PO text given line by line (LF-free or LF-ended lines), as they are
    read: memory stays flat whatever the catalog's size. ``result`` receives the header
    (comment, fields and flags) when the header entry has been read, before the first unit
    after it is yielded.

    The same grammar as :func:`scan`, with one difference: the header is the first active
    entry with an empty msgid and no msgctxt (polib, reading the whole file, would take the
    last of several such entries; a catalog has one).
    """
    header_lines: list[str] = []
    found = False
    for draft in _drafts(lines, header_lines):
        if not found and draft.msgid == "" and not draft.obsolete and not draft.ctxt:
            found = True
            result.header_comment = "\n".join(header_lines)
            _fill_header(result, draft)
            continue
        yield draft.unit()
    if not found:
        result.header_comment = "\n".join(header_lines)


def _drafts(lines: Iterable[str], header_lines: list[str]) -> Iterator[_Draft]:
    """The entries of PO text, one by one as they end (see :func:`scan`); the comment lines
    before the first entry go to ``header_lines``."""
    draft = _Draft(0)
    state = "st"
    plural_index = 0
    last_first_token = ""
    number = 0
    # The line of a msgid whose msgstr has not come yet: msgfmt's "missing 'msgstr' section"
    # when anything but a translator comment or the msgstr follows it (0: none pending).
    pending = 0
    for raw in lines:
        number += 1
        line = raw.strip()
        if not line:
            continue
        if line[0] == '"':
            # Continuation lines are the most frequent: the fast path first, inlined (a
            # plain string continuing a msgstr or msgid is most of a catalog's lines).
            inner = line[1:-1]
            if len(line) < 2 or line[-1] != '"' or "\\" in inner or '"' in inner:
                inner = _string(line, number)
            if state == "ms":
                draft.msgstr += inner
            elif state == "mi":
                draft.msgid += inner
            elif state in _MC_FROM:
                _continue(draft, state, plural_index, inner)
            else:
                raise ScanError(number)
            last_first_token = '"'
            continue
        if line[0] == "#" and line[2:3] == " " and line[1] in ".:":
            # Extracted comments and references (a third of a catalog's lines): the general
            # path below would read them the same way, after many more tests.
            first = line[:2]
            last_first_token = first
            if not line[3:].strip():
                continue
            if pending:
                raise _missing_msgstr(pending, draft)
            if state in _CLOSED:
                yield draft
                draft = _Draft(number)
            if first == "#.":
                value = line[3:]
                draft.comment = f"{draft.comment}\n{value}" if draft.comment else value
                state = "gc"
            else:
                for occurrence in line[3:].split():
                    path, sep, where = occurrence.rpartition(":")
                    if sep and where.isdigit():
                        draft.occurrences.append((path, where))
                    else:
                        draft.occurrences.append((occurrence, ""))
                state = "oc"
            continue
        space = line.find(" ")
        first = line[:space] if space > 0 else line
        if "\t" in first:
            first = line.split(None, 1)[0]
        obsolete = False
        if first == "#~|":
            last_first_token = first
            continue
        if first == "#~" and len(line) > 2:
            line = line[3:].strip()
            if not line:
                last_first_token = first
                continue
            first = line.split(None, 1)[0]
            obsolete = True
        last_first_token = first
        if first in _KEYWORDS and len(line) > len(first):
            symbol = _KEYWORDS[first]
            if pending and symbol in ("ct", "mi"):
                # A msgctxt is reported where it stands, as polib reports it.
                raise _missing_msgstr(pending if symbol == "mi" else number, draft)
            if state not in _FROM[symbol]:
                raise ScanError(number)
            quoted = line[len(first):].lstrip()
            value = quoted[1:-1]
            if (len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"' or "\\" in value
                    or '"' in value):
                value = _string(quoted, number)
            if symbol in ("ct", "mi") and state in _CLOSED:
                yield draft
                draft = _Draft(number)
            if symbol == "mi":
                draft.obsolete = obsolete
                draft.msgid = value
                pending = number
            elif symbol == "ct":
                draft.ctxt = value
            elif symbol == "ms":
                draft.msgstr = value
                draft.target_lines.append(number)
                pending = 0
            else:
                draft.msgid_plural = value
            state = symbol
        elif line[0] == '"':
            if state not in _FROM["mc"]:
                raise ScanError(number)
            _continue(draft, state, plural_index, _string(line, number))
        elif line.startswith("msgstr["):
            if state not in _FROM["mx"]:
                raise ScanError(number)
            quote = line.find('"')
            if quote < 0 or not line[:quote].rstrip().endswith("]"):
                raise ScanError(number)
            # polib reads one digit of the index: msgstr[10] is form 1 (never seen in practice).
            plural_index = int(line[7])
            draft.plural[plural_index] = _string(line[quote:], number)
            draft.target_lines.append(number)
            state = "mx"
            pending = 0
        elif first[0] != "#":
            raise ScanError(number)
        else:
            rest = line[len(first):].strip()
            if pending and first in ("#:", "#,", "#.", "#|") and rest:
                raise _missing_msgstr(pending, draft)
            if first in ("#:", "#,", "#.", "#|") and not rest:
                if first == "#|":
                    raise ScanError(number)
                continue
            if first == "#|":
                symbol, value_text = _previous(line, number)
                if symbol == "mc":
                    if state not in _FROM["mc"]:
                        raise ScanError(number)
                    _continue(draft, state, plural_index, _string(value_text, number))
                    continue
                if state in _CLOSED:
                    yield draft
                    draft = _Draft(number)
                value = _string(value_text, number)
                if symbol == "pm":
                    draft.prev_id = value
                elif symbol == "pp":
                    draft.prev_plural = value
                else:
                    draft.prev_ctxt = value
                state = symbol
                continue
            if first == "#" or first.startswith("##"):
                if state in ("st", "he"):
                    header_lines.append((line if line != "#" else "# ")[2:])
                    state = "he"
                    continue
                symbol = "tc"
            elif first in ("#:", "#,", "#."):
                symbol = {"#:": "oc", "#,": "fl", "#.": "gc"}[first]
            else:
                raise ScanError(number)
            if state in _CLOSED:
                yield draft
                draft = _Draft(number)
            if symbol == "tc":
                comment = line.lstrip("#")
                if comment.startswith(" "):
                    comment = comment[1:]
                draft.tcomment = f"{draft.tcomment}\n{comment}" if draft.tcomment else comment
            elif symbol == "gc":
                value = line[3:]
                draft.comment = f"{draft.comment}\n{value}" if draft.comment else value
            elif symbol == "oc":
                for occurrence in line[3:].split():
                    path, sep, where = occurrence.rpartition(":")
                    if sep and where.isdigit():
                        draft.occurrences.append((path, where))
                    else:
                        draft.occurrences.append((occurrence, ""))
            else:
                draft.flags += [flag.strip() for flag in line[3:].split(",")]
            state = symbol
    if pending:
        raise _missing_msgstr(pending, draft)
    if last_first_token and not last_first_token.startswith("#"):
        yield draft


def _missing_msgstr(line: int, draft: _Draft) -> ScanError:
    """msgfmt's fatal error for an entry cut short (a truncated file, a lost line)."""
    section = "msgstr[]" if draft.msgid_plural else "msgstr"
    return ScanError(line, f"missing '{section}' section")


def _header_entry(entries: list[_Draft]) -> _Draft | None:
    """The entry polib takes for the header: the one active entry with an empty msgid (of
    several, the last without a context, else the first)."""
    matches = [entry for entry in entries if entry.msgid == "" and not entry.obsolete]
    if len(matches) <= 1:
        return matches[0] if matches else None
    without_context = [entry for entry in matches if not entry.ctxt]
    return without_context[-1] if without_context else matches[0]


def _continue(draft: _Draft, state: str, plural_index: int, token: str) -> None:
    if state == "ct":
        draft.ctxt = (draft.ctxt or "") + token
    elif state == "mi":
        draft.msgid += token
    elif state == "mp":
        draft.msgid_plural += token
    elif state == "ms":
        draft.msgstr += token
    elif state == "mx":
        draft.plural[plural_index] += token
    elif state == "pp":
        draft.prev_plural = (draft.prev_plural or "") + token
    elif state == "pm":
        draft.prev_id = (draft.prev_id or "") + token
    elif state == "pc":
        draft.prev_ctxt = (draft.prev_ctxt or "") + token


def _previous(line: str, number: int) -> tuple[str, str]:
    """The symbol and quoted text of a ``#|`` line."""
    body = line[2:].lstrip()
    parts = body.split(None, 1)
    if parts[0].startswith('"'):
        return "mc", body
    if len(parts) == 1:
        raise ScanError(number, "invalid continuation line")
    if parts[0] not in _PREVIOUS:
        raise ScanError(number, f"unknown keyword {parts[0]}")
    return _PREVIOUS[parts[0]], body[len(parts[0]):].lstrip()
