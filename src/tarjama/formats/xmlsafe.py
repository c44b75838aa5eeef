"""The one hardened way tarjama reads XML (TMX, TBX): no entities, no DTD loading, no network.

Every XML reader of the project goes through :func:`parse` or :func:`iterparse`; both refuse a
document that declares entities or carries an internal DTD subset, before any content is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from tarjama.errors import FormatError
from tarjama.fileio import head_bytes, open_input, read_bytes

# The options of every parser we build: entities are never expanded (XXE, billion laughs),
# nothing is fetched from the network, a DOCTYPE's external DTD is never loaded, and libxml2's
# limits on text size and tree depth stay on.
PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}

# How much of a file's start we read to look at its prolog (the DOCTYPE comes before the root).
PROLOG_BYTES = 64 * 1024
# The longest text node libxml2 reads without XML_PARSE_HUGE (its XML_MAX_TEXT_LENGTH), in
# bytes: our reader (and most XML tools) refuse a longer one, so our writers refuse to write
# one (what we write, we read back).
XML_TEXT_LIMIT = 10_000_000


def refuse_huge_text(text: str, what: str, path: str | Path, line: int | None) -> None:
    """Raise :class:`FormatError` when ``text`` is too long for an XML text node that
    libxml2 reads with its default limits (see :data:`XML_TEXT_LIMIT`)."""
    if len(text) * 4 <= XML_TEXT_LIMIT:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > XML_TEXT_LIMIT:
        raise FormatError(
            f"{what} is {size / 1e6:.1f} MB, over the 10 MB a text in an XML file may have "
            "for libxml2 and the tools built on it (ours included) to read it back; split it",
            path=path, line=line)

_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_DOCTYPE_RE = re.compile(
    rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_QUOTED}|PUBLIC\s+{_QUOTED}\s+{_QUOTED}))?\s*(\[)?",
    re.S,
)
_DECLARATION_RE = re.compile(r"<!(ENTITY|ELEMENT|ATTLIST|NOTATION)\b")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def hardened_parser() -> etree.XMLParser:
    """A new lxml parser with the project's safe options (the same as ``PARSER_OPTIONS``)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False,
    )


def _decode_head(head: bytes) -> str:
    """Enough of a decoding of a file's first bytes to find ASCII markup in it."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return head.decode("utf-16-le", "replace")
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return head.decode("utf-16-be", "replace")
    # UTF-8 and the single-byte encodings agree on ASCII, which is all markup needs.
    return head.decode("latin-1")


def check_prolog(head: bytes, path: str | Path) -> None:
    """Refuse a document whose start declares entities or has an internal DTD subset.

    ``head`` is the first bytes of the file (``PROLOG_BYTES`` is plenty). A plain
    ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` is accepted: its DTD is never loaded.
    Raises :class:`FormatError` naming the line of the offending declaration.
    """
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), _decode_head(head))
    doctype = _DOCTYPE_RE.search(text)
    if doctype and doctype.group(1):
        line = text.count("\n", 0, doctype.start(1)) + 1
        raise FormatError(
            "refused: the DOCTYPE has an internal DTD subset (entity and DTD declarations are "
            "not allowed, for safety)",
            path=path,
            line=line,
        )
    root = re.search(r"<[A-Za-z_]", text)
    declaration = _DECLARATION_RE.search(text, 0, root.start() if root else len(text))
    if declaration:
        line = text.count("\n", 0, declaration.start()) + 1
        raise FormatError(
            f"refused: <!{declaration.group(1)} declarations are not allowed, for safety",
            path=path,
            line=line,
        )


def _check_docinfo(element: Any, path: str | Path) -> None:
    """Second line of defence, after lxml read the prolog: no declared entity or element."""
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and (dtd.entities() or dtd.elements()):
        raise FormatError(
            "refused: the document declares entities or DTD elements (not allowed, for safety)",
            path=path,
            line=1,
        )


def refuse_entity_references(element: Any, path: str | Path) -> None:
    """Raise :class:`FormatError` if ``element`` holds an entity reference left unexpanded.

    A document whose DOCTYPE names an external DTD may use entities declared there; we never
    load that DTD, so such a reference would silently lose text. Call this on the elements
    whose text you read (the TMX reader does it on every ``seg``, ``note`` and ``prop``).
    """
    for entity in element.iter(etree.Entity):
        raise FormatError(
            f"refused: entity reference {entity.text} (external DTDs and their entities are "
            "not loaded, for safety)",
            path=path,
            line=entity.sourceline or element.sourceline,
        )


def syntax_error(exc: etree.XMLSyntaxError, path: str | Path) -> FormatError:
    """The :class:`FormatError` for a syntax error lxml reported, with its line."""
    message = str(exc.msg or exc).strip()
    # libxml2 appends ", line N, column M" to its messages: the location goes in front instead.
    message = re.sub(r",? line \d+, column \d+$", "", message)
    return FormatError(f"malformed XML: {message}", path=path, line=exc.lineno or None)


def _read_head(path: str | Path) -> bytes:
    # A pipe's first bytes stay for the parse that follows (fileio keeps a stream's bytes).
    return head_bytes(path, PROLOG_BYTES)


def parse(source: str | Path | bytes, *, path: str | Path | None = None) -> Any:
    """Parse a whole XML document safely; returns an lxml ``ElementTree``.

    ``source`` is a file path (``-`` for standard input) or the document's bytes (then
    ``path`` names it in messages). Entity declarations, internal subsets, entity references
    and syntax errors raise :class:`FormatError` with the file and line.
    """
    if isinstance(source, bytes):
        data, name = source, path or "<bytes>"
    else:
        data, name = read_bytes(source), path or source
    check_prolog(data[:PROLOG_BYTES], name)
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, name) from exc
    _check_docinfo(root, name)
    refuse_entity_references(root, name)
    return root.getroottree()


class _ReadCounter:
    """A binary file that tells ``on_read`` how many bytes each read returned."""

    def __init__(self, handle: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.handle = handle
        self.on_read = on_read

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.on_read(len(data))
        return data


def iterparse(
    path: str | Path,
    *,
    events: tuple[str, ...] = ("end",),
    tag: str | tuple[str, ...] | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Generator[tuple[str, Any], None, None]:
    """Stream ``(event, element)`` pairs from an XML file with the hardened options.

    The prolog is checked (:func:`check_prolog`) before parsing starts. The caller clears
    the elements it has finished with (``element.clear()``) to keep memory bounded, and calls
    :func:`refuse_entity_references` on the elements whose text it reads. Syntax errors raise
    :class:`FormatError` with the file and line. ``-`` reads standard input. ``on_read``
    hears how many bytes the parser read, chunk by chunk (for a progress bar).
    """
    check_prolog(_read_head(path), path)
    # Standard input and pipes (``<(...)``) come from the bytes fileio kept of them.
    handle: IO[bytes] = open_input(path)
    # We own the file so that it is closed as soon as the caller stops iterating.
    with handle:
        checked = False
        source: Any = handle if on_read is None else _ReadCounter(handle, on_read)
        try:
            for event, element in etree.iterparse(source, events=events, tag=tag,
                                                  **PARSER_OPTIONS):
                if not checked:
                    # The prolog has been read by now, whatever the first event is.
                    _check_docinfo(element, path)
                    checked = True
                yield event, element
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc, path) from exc


__all__ = [
    "PARSER_OPTIONS",
    "XML_TEXT_LIMIT",
    "check_prolog",
    "hardened_parser",
    "iterparse",
    "parse",
    "refuse_entity_references",
    "refuse_huge_text",
    "syntax_error",
]
