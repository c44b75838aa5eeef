"""Inline codes: the placeholders and markup of a text as TMX and XLIFF inline elements, and back.

A CAT tool counts ``%s`` and ``<b>`` written as escaped text as words, lets a translator break
them, and leverages them badly. Written as inline codes they are protected, carried across,
and not counted. Every code written here carries the original text (TMX and XLIFF 1.2 as the
element's native content, XLIFF 2 in ``<originalData>`` and ``disp``), so reading it back
restores the exact string.

The codes are what :mod:`tarjama.placeholders` finds (the one detector the checks and the
memory use): printf, Python, Qt, brace/ICU arguments, XML/HTML tags and BBCode. URLs, e-mail
addresses and markdown links stay text: a translator may have to adapt them.

Dialects written (see docs/tmx.md and docs/xliff.md for the reasons):

``tmx`` (TMX 1.4b level 2)
    ``<ph x>`` for a placeholder, ``<bpt i x>``/``<ept i>`` for a pair of tags, ``<it pos>``
    for a tag whose partner is not in the text. ``x`` matches a code between source and target.
``xliff12``
    The same native-content elements in XLIFF 1.2 (``<ph id>``, ``<bpt id>``/``<ept id>`` with
    one id, ``<it id pos>``): ``<g>`` and ``<x/>`` cannot hold an original code.
``xliff2``
    ``<ph>``, ``<pc>`` for a well-nested pair, ``<sc>``/``<ec>`` for overlapping pairs and
    (``isolated="yes"``) for an unpaired tag, each pointing to its original text in the unit's
    ``<originalData>`` and showing it in ``disp``.

:func:`inline_text` reads the inline content of any of these, and what other tools write
(OmegaT, Okapi, Angular, Xcode, Trados), back into text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from tarjama.formats import xmlsafe
from tarjama.formats.xmlescape import escape_attribute, escape_text
from tarjama.placeholders import iter_placeholder_kinds

Dialect = Literal["tmx", "xliff12", "xliff2"]
DIALECTS: tuple[Dialect, ...] = ("tmx", "xliff12", "xliff2")
Role = Literal["open", "close", "placeholder"]

# The detector's kinds written as codes; links, URLs and e-mails stay text.
CODE_KINDS = frozenset({"printf", "pyformat", "qt", "brace", "tag", "bbcode"})
# HTML elements that never have a closing tag: ``<br>`` is a placeholder, not an open tag.
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "param", "source", "track", "wbr"})
_BBCODE_RE = re.compile(r"\[(/?)([A-Za-z*]+)")
# Formatting a tag stands for, as TMX ``type`` / XLIFF 1.2 ``ctype`` / XLIFF 2 ``subType``.
_FORMATTING = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "ulined",
               "a": "link"}
_XLIFF12_CTYPE = {"bold": "bold", "italic": "italic", "ulined": "underlined", "link": "link"}
_XLIFF2_TYPE = {"bold": ("fmt", "xlf:b"), "italic": ("fmt", "xlf:i"),
                "ulined": ("fmt", "xlf:u"), "link": ("link", None)}


@dataclass(frozen=True, slots=True)
class Code:
    """An inline code found in a text.

    ``role`` is ``open``/``close`` for the two tags of a pair (or a tag whose partner is
    missing: ``paired`` False) and ``placeholder`` for a standalone code. ``id`` numbers the
    codes of a text from 1; an open tag and its close share it. ``text`` is the code exactly
    as it stands in the text; ``kind`` the detector's kind; ``name`` a tag's lower-cased name
    (``b``, ``url``), empty for other kinds.
    """

    role: Role
    text: str
    id: int
    kind: str
    paired: bool = True
    name: str = ""


Piece = str | Code


def _tag_role(kind: str, text: str, match: re.Match[str]) -> tuple[Role, str]:
    """Whether a tag opens, closes or stands alone, and its name."""
    if kind == "tag":
        name = match.group("tagname").lower()
        if text.startswith("</"):
            return "close", name
        if text.endswith("/>") or name in VOID_ELEMENTS:
            return "placeholder", name
        return "open", name
    if kind == "bbcode":
        found = _BBCODE_RE.match(text)
        name = found.group(2).lower() if found else ""
        if name == "*":
            return "placeholder", name
        return ("close" if found and found.group(1) else "open"), name
    return "placeholder", ""


def split_codes(text: str) -> list[Piece]:
    """``text`` as its runs of text and its inline codes, in order.

    Tags pair by name (the nearest open tag of the same name, so overlapping pairs pair too);
    an open or close tag left without a partner has ``paired`` False. Ids count from 1 in the
    order codes open. :func:`join_pieces` gives ``text`` back, always.
    """
    found: list[tuple[int, int, Role, str, str]] = []
    for match, kind in iter_placeholder_kinds(text):
        if kind not in CODE_KINDS:
            continue
        code_text = match.group()
        role, name = _tag_role(kind, code_text, match)
        found.append((match.start(), match.end(), role, kind, name))
    if not found:
        return [text] if text else []
    partner = _pairs(found)
    pieces: list[Piece] = []
    ids: dict[int, int] = {}
    count = 0
    position = 0
    for index, (start, end, role, kind, name) in enumerate(found):
        if start > position:
            pieces.append(text[position:start])
        other = partner.get(index)
        if role == "close" and other is not None:
            ids[index] = ids[other]
        else:
            count += 1
            ids[index] = count
        pieces.append(Code(role, text[start:end], ids[index], kind,
                           paired=role == "placeholder" or other is not None, name=name))
        position = end
    if position < len(text):
        pieces.append(text[position:])
    return pieces


def _pairs(found: list[tuple[int, int, Role, str, str]]) -> dict[int, int]:
    """Which open tag each close tag closes, both ways: the nearest open tag of the same
    kind and name still open (so overlapping pairs pair too)."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, (_, _, role, kind, name) in enumerate(found):
        if role == "open":
            stack.append(index)
        elif role == "close":
            for depth in range(len(stack) - 1, -1, -1):
                opened = found[stack[depth]]
                if opened[3] == kind and opened[4] == name:
                    partner[index] = stack.pop(depth)
                    partner[partner[index]] = index
                    break
    return partner


def join_pieces(pieces: Iterable[Piece]) -> str:
    """The text the pieces make: ``join_pieces(split_codes(text)) == text``."""
    return "".join(piece if isinstance(piece, str) else piece.text for piece in pieces)


# --- writing ----------------------------------------------------------------------------------


@dataclass
class Marked:
    """A unit's source and targets as XML fragments with inline codes (see :func:`mark_unit`).

    ``data`` is XLIFF 2's ``<originalData>`` (data id -> original text), empty for the other
    dialects; write it with :func:`original_data_xml`.
    """

    source: str
    targets: list[str] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)


def _renumber(pieces: list[Piece], source: list[Piece]) -> list[Piece]:
    """A target's codes numbered as the source's: a code with the text and role of a source
    code takes its id (each source code once); others take ids after the source's."""
    free: dict[tuple[str, str], list[int]] = {}
    for piece in source:
        if isinstance(piece, Code) and not (piece.role == "close" and piece.paired):
            free.setdefault((piece.text, piece.role), []).append(piece.id)
    following = max((p.id for p in source if isinstance(p, Code)), default=0)
    new_ids: dict[int, int] = {}
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        if piece.role == "close" and piece.paired:
            number = new_ids[piece.id]
        else:
            candidates = free.get((piece.text, piece.role))
            if candidates:
                number = candidates.pop(0)
            else:
                following += 1
                number = following
            new_ids[piece.id] = number
        out.append(Code(piece.role, piece.text, number, piece.kind, piece.paired, piece.name))
    return out


def _formatting(code: Code) -> str | None:
    return _FORMATTING.get(code.name) if code.kind in ("tag", "bbcode") else None


def _tmx_code(code: Code) -> str:
    content = escape_text(code.text)
    kind = _formatting(code) or f"x-{code.kind}"
    if code.role == "placeholder":
        return f'<ph x="{code.id}" type="{kind}">{content}</ph>'
    if not code.paired:
        pos = "begin" if code.role == "open" else "end"
        return f'<it pos="{pos}" x="{code.id}" type="{kind}">{content}</it>'
    if code.role == "open":
        return f'<bpt i="{code.id}" x="{code.id}" type="{kind}">{content}</bpt>'
    return f'<ept i="{code.id}">{content}</ept>'


def _xliff12_code(code: Code) -> str:
    content = escape_text(code.text)
    formatting = _formatting(code)
    ctype = _XLIFF12_CTYPE[formatting] if formatting else f"x-{code.kind}"
    if code.role == "placeholder":
        return f'<ph id="{code.id}" ctype="{ctype}">{content}</ph>'
    if not code.paired:
        pos = "open" if code.role == "open" else "close"
        return f'<it id="{code.id}" pos="{pos}" ctype="{ctype}">{content}</it>'
    if code.role == "open":
        return f'<bpt id="{code.id}" ctype="{ctype}">{content}</bpt>'
    return f'<ept id="{code.id}">{content}</ept>'


def _well_nested(pieces: list[Piece]) -> set[int]:
    """The ids of the pairs that enclose only whole pairs (written as XLIFF 2 ``<pc>``)."""
    opens: dict[int, int] = {}
    closes: dict[int, int] = {}
    for index, piece in enumerate(pieces):
        if isinstance(piece, Code) and piece.paired and piece.role != "placeholder":
            (opens if piece.role == "open" else closes)[piece.id] = index
    nested = set()
    for number, start in opens.items():
        end = closes[number]
        inside = {p.id for p in pieces[start + 1:end]
                  if isinstance(p, Code) and p.paired and p.role != "placeholder"}
        if all(start < opens[other] and closes[other] < end for other in inside):
            nested.add(number)
    return nested


class _Data:
    """XLIFF 2 ``<originalData>`` of a unit: one data id per distinct original text."""

    def __init__(self, data: dict[str, str]) -> None:
        self.data = data
        self.ids = {text: key for key, text in data.items()}

    def ref(self, text: str) -> str:
        key = self.ids.get(text)
        if key is None:
            key = self.ids[text] = f"d{len(self.ids) + 1}"
            self.data[key] = text
        return key


def _xliff2_type(code: Code) -> str:
    formatting = _formatting(code)
    if formatting:
        kind, sub = _XLIFF2_TYPE[formatting]
        return f' type="{kind}"' + (f' subType="{sub}"' if sub else "")
    if code.kind in ("tag", "bbcode"):
        return ' type="fmt"'
    return ' type="other" subType="xlf:var"'


def _xliff2_markup(pieces: list[Piece], data: _Data) -> str:
    nested = _well_nested(pieces)
    ends = {p.id: p.text for p in pieces
            if isinstance(p, Code) and p.role == "close" and p.paired and p.id in nested}
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(escape_text(piece))
            continue
        if piece.id in ends:
            if piece.role == "open":
                start, end = data.ref(piece.text), data.ref(ends[piece.id])
                out.append(f'<pc id="c{piece.id}" dataRefStart="{start}" dataRefEnd="{end}" '
                           f'dispStart="{escape_attribute(piece.text)}" '
                           f'dispEnd="{escape_attribute(ends[piece.id])}"{_xliff2_type(piece)}>')
            else:
                out.append("</pc>")
            continue
        ref = data.ref(piece.text)
        shown = f'dataRef="{ref}" disp="{escape_attribute(piece.text)}"'
        if piece.role == "placeholder":
            out.append(f'<ph id="c{piece.id}" {shown}{_xliff2_type(piece)}/>')
        elif piece.role == "open":
            isolated = "" if piece.paired else ' isolated="yes"'
            out.append(f'<sc id="c{piece.id}"{isolated} {shown}{_xliff2_type(piece)}/>')
        elif piece.paired:
            out.append(f'<ec startRef="c{piece.id}" {shown}/>')
        else:
            out.append(f'<ec id="c{piece.id}" isolated="yes" {shown}{_xliff2_type(piece)}/>')
    return "".join(out)


def _markup(pieces: list[Piece], dialect: Dialect, data: _Data) -> str:
    if dialect == "xliff2":
        return _xliff2_markup(pieces, data)
    code = _tmx_code if dialect == "tmx" else _xliff12_code
    return "".join(escape_text(p) if isinstance(p, str) else code(p) for p in pieces)


def mark_unit(source: str, targets: Sequence[str] = (), dialect: Dialect = "tmx") -> Marked:
    """The source and targets of a unit as XML fragments with their codes as inline elements.

    Codes in a target that stand in the source (same text, same role) carry the source code's
    id (TMX ``x``, XLIFF ``id``), so tools can match them; the others get ids of their own.
    The fragments are escaped XML to write inside ``<seg>``, ``<source>`` or ``<target>``
    (no namespace prefixes: they sit in the document's default namespace).
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown inline-code dialect {dialect!r}")
    data = _Data({})
    source_pieces = split_codes(source)
    marked = Marked(_markup(source_pieces, dialect, data))
    for target in targets:
        pieces = _renumber(split_codes(target), source_pieces)
        marked.targets.append(_markup(pieces, dialect, data))
    marked.data = data.data
    return marked


def original_data_xml(data: Mapping[str, str]) -> str:
    """XLIFF 2's ``<originalData>`` for :attr:`Marked.data` (empty when there is none)."""
    if not data:
        return ""
    entries = "".join(f'<data id="{escape_attribute(key)}">{escape_text(text)}</data>'
                      for key, text in data.items())
    return f"<originalData>{entries}</originalData>"


def plain_xml(text: str) -> str:
    """``text`` as an XML fragment without inline codes (escaped character data)."""
    return escape_text(text)


# --- reading ----------------------------------------------------------------------------------

# Elements whose content is the native code they stand for (TMX, XLIFF 1.2).
_NATIVE = frozenset({"bpt", "ept", "it", "ph", "ut"})
# Elements that wrap text and add nothing of their own.
_WRAPPERS = frozenset({"g", "mrk", "hi", "sub"})
# Markers that stand for no text.
_SILENT = frozenset({"sm", "em"})


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _marker(element: Any, local: str, closing: bool = False) -> str:
    """An element no text stands for (Trados' ``<x id="1"/>``), kept visible as written."""
    if closing:
        return f"</{local}>"
    attributes = "".join(f' {_local(name)}="{value}"' for name, value in element.attrib.items())
    end = ">" if local in ("g", "pc") else "/>"
    return f"<{local}{attributes}{end}"


def _stand_in(element: Any, local: str, data: Mapping[str, str], suffix: str = "") -> str:
    """The text of an empty code: its original data, else what it displays, else its text
    equivalent, else a visible marker."""
    ref = element.get("dataRef" + suffix)
    if ref is not None and ref in data:
        return data[ref]
    for name in ("disp" + suffix, "equiv-text", "equiv" + suffix):
        value = element.get(name)
        if value:
            return str(value)
    return _marker(element, local, closing=suffix == "End")


def _code_text(element: Any, data: Mapping[str, str], path: str | Path) -> str:
    local = _local(element.tag)
    if not local:
        return ""  # a comment or processing instruction
    if local in _NATIVE and (element.text or len(element)):
        return "".join(element.itertext())
    if local == "cp":
        try:
            return chr(int(element.get("hex", ""), 16))
        except ValueError:
            return ""
    if local in _SILENT:
        return ""
    if local == "pc":
        inner = inline_text(element, data=data, path=path)
        return (_stand_in(element, local, data, "Start") + inner
                + _stand_in(element, local, data, "End"))
    if local in _WRAPPERS:
        return inline_text(element, data=data, path=path)
    return _stand_in(element, local, data)


def inline_text(element: Any, *, data: Mapping[str, str] | None = None,
                path: str | Path = "") -> str:
    """The text of a ``<seg>``, ``<source>`` or ``<target>``, its inline codes read back.

    A code's text is its native content (``bpt``, ``ept``, ``it``, ``ph``, ``ut`` of TMX and
    XLIFF 1.2, ``sub`` included), else the XLIFF 2 original data it points to (``data``: the
    unit's :func:`original_data`), else its ``disp``, ``equiv-text`` (Angular's XLIFF 1.2) or
    ``equiv``; ``<g>``, ``<mrk>``, ``<hi>`` give their content, ``<pc>`` its start, content and
    end, ``<cp>`` its character, ``<sm>``/``<em>`` nothing. A code that says nothing of its
    text (``<x id="1"/>``) is kept as a visible marker of itself, never dropped.
    """
    if len(element) == 0:
        return element.text or ""
    xmlsafe.refuse_entity_references(element, path)
    known = data or {}
    out = [element.text or ""]
    for child in element:
        out.append(_code_text(child, known, path))
        out.append(child.tail or "")
    return "".join(out)


def original_data(unit: Any) -> dict[str, str]:
    """An XLIFF 2 ``<unit>``'s ``<originalData>``: data id -> original text."""
    data: dict[str, str] = {}
    for child in unit:
        if _local(child.tag) == "originalData":
            for entry in child:
                if _local(entry.tag) == "data" and entry.get("id") is not None:
                    data[str(entry.get("id"))] = inline_text(entry)
    return data


__all__ = [
    "CODE_KINDS",
    "DIALECTS",
    "Code",
    "Dialect",
    "Marked",
    "Piece",
    "inline_text",
    "join_pieces",
    "mark_unit",
    "original_data",
    "original_data_xml",
    "plain_xml",
    "split_codes",
]
