"""Plain-text documents: blocks of lines with their line numbers, one-segment-per-line files.

The segmenter reads documents through :func:`read_blocks`; the aligner and the scorer read
already segmented files (one segment per line) as catalogs through
:func:`presegmented_catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.errors import InputError
from tarjama.fileio import read_text
from tarjama.model import Catalog, Unit

BOM = "\ufeff"


@dataclass(frozen=True)
class Line:
    """One non-blank line of a document: its 1-based number and its text, stripped."""

    number: int
    text: str


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines: a paragraph as the document's blank lines delimit it."""

    lines: tuple[Line, ...]

    @property
    def line(self) -> int:
        """The 1-based line the block starts on."""
        return self.lines[0].number


def clean_text(text: str) -> str:
    """``text`` without a leading BOM and with CRLF and CR line ends turned into LF.

    :func:`tarjama.fileio.read_text` already does this for files; library callers may hand
    us raw strings, and a BOM or CRLF must never change the segments.
    """
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_blocks(text: str) -> list[Block]:
    """Split a document into blocks of non-blank lines separated by blank lines.

    Only LF separates lines (the other Unicode line separators count as white space inside a
    line, as ``str.split`` sees them); a line holding only white space is blank.
    """
    blocks: list[Block] = []
    current: list[Line] = []
    for number, raw in enumerate(clean_text(text).split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            current.append(Line(number, stripped))
        elif current:
            blocks.append(Block(tuple(current)))
            current = []
    if current:
        blocks.append(Block(tuple(current)))
    return blocks


def read_document(path: str | Path) -> str:
    """The text of a document to segment, decoded strictly; an empty one is an error.

    A translator who segments or renders an empty file has named the wrong file: say so
    rather than write an empty template.
    """
    text = read_text(path, refuse_nul=True)
    if not clean_text(text).strip():
        raise InputError("empty document", path=path)
    return text


def segments_text(paragraphs: Iterable[Sequence[str]]) -> str:
    """The ``--format text`` contract: one segment per line, a blank line between paragraphs.

    Segments never hold a line break (the segmenter turns line breaks inside a paragraph into
    spaces), so every line of the output is exactly one segment.
    """
    return "".join("\n".join(segments) + "\n\n" for segments in paragraphs if segments)[:-1]


def presegmented_catalog(
    text: str, *, lang: str | None, path: str = "<string>", merge_duplicates: bool = False
) -> Catalog:
    """A catalog of a one-segment-per-line text: every non-blank line is a unit, in order.

    Blank lines (paragraph breaks in the ``--format text`` contract) make no unit. Units keep
    their line in ``line`` and as a reference. A segment that recurs gives one unit per
    occurrence, because aligners and scorers read the file as a sequence; with
    ``merge_duplicates`` it becomes one unit with several references, as gettext keys entries.
    """
    catalog = Catalog(source_lang=lang, path=path)
    seen: dict[str, Unit] = {}
    for line in (line for block in read_blocks(text) for line in block.lines):
        if merge_duplicates and line.text in seen:
            seen[line.text].references.append((path, str(line.number)))
            continue
        unit = Unit(
            source=line.text,
            references=[(path, str(line.number))],
            source_lang=lang,
            line=line.number,
        )
        seen[line.text] = unit
        catalog.units.append(unit)
    return catalog

