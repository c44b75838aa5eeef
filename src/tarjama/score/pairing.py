"""Pairing hypothesis and reference segments from PO catalogs and plain-text files.

PO entries pair by (msgctxt, msgid) and plural forms by index; plain-text lines pair by
order. Whatever cannot be paired is left out and recorded with its reason, never mismatched.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.errors import InputError, UsageError
from tarjama.fileio import STDIO, decode, read_bytes
from tarjama.formats import registry
from tarjama.formats.po import parse_po
from tarjama.model import Catalog

PO_SUFFIXES = frozenset({".po", ".pot"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
_PO_START_RE = re.compile(r"^(?:msgctxt|msgid)\s+\"", re.M)
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def segment_text(text: str) -> str:
    """A translation as one sacrebleu segment: line breaks become spaces and trailing
    whitespace goes, exactly as sacrebleu's command reads one segment per line."""
    if "\n" in text or "\r" in text:
        text = _LINE_BREAK_RE.sub(" ", text)
    return text.rstrip()


def text_lines(text: str) -> list[str]:
    """The lines of a plain-text file as sacrebleu's command reads them: split at newlines
    only (not at U+2028 or form feeds), the final newline ending the last line, each line
    right-stripped."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def looks_like_po(path: str, head: str) -> bool:
    """True for a ``.po``/``.pot`` file, False for ``.txt``; otherwise decided by content:
    a PO file has a ``msgid "`` (or ``msgctxt "``) keyword at the start of a line."""
    suffix = Path(path).suffix.lower() if path != STDIO else ""
    if suffix in PO_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    return bool(_PO_START_RE.search(head)) and bool(re.search(r"^msgstr", head, re.M))


@dataclass
class Side:
    """One input of a scoring run: a PO catalog, or the lines of a plain-text file."""

    path: str
    catalog: Catalog | None = None
    lines: list[str] | None = None

    @property
    def is_po(self) -> bool:
        return self.catalog is not None

    @property
    def kind(self) -> str:
        return "PO" if self.is_po else "text"


def read_side(path: str | Path) -> Side:
    """Read a catalog (PO, XLIFF, TMX: any bilingual format of the registry) or a plain-text
    file (``-`` is standard input), refusing empty ones."""
    name = str(path)
    fmt = registry.detect(name)
    if fmt.bilingual:
        catalog = registry.read_catalog(name, format=fmt.name)
        if not any(unit.source for unit in catalog.active()):
            raise InputError("empty catalog: no entry to score", path=name)
        return Side(name, catalog=catalog)
    data = read_bytes(name)
    # A NUL is no text (UTF-16 without a BOM, a binary file): refuse it, naming its line.
    text = decode(data, name, refuse_nul=True)
    if looks_like_po(name, text[:65536]):
        catalog = parse_po(text, name)
        if not any(unit.source for unit in catalog.active()):
            raise InputError("empty catalog: no entry to score", path=name)
        return Side(name, catalog=catalog)
    lines = text_lines(text)
    if not any(lines):
        raise InputError("empty file: no text to score", path=name)
    return Side(name, lines=lines)


class Reason(enum.Enum):
    """Why a segment was left out of the score."""

    MISSING = "missing"  # the entry (or this plural form) is absent from another file
    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class LeftOut:
    """An entry (or one plural form of it) that was not scored, and why; ``source`` is the
    entry's msgid."""

    reason: Reason
    path: str  # the file holding the entry (untranslated, fuzzy, or where it is not missing)
    line: int | None
    source: str
    context: str | None = None
    form: int | None = None
    missing_from: str | None = None  # for MISSING: the file that lacks it

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        entry = _short(self.source)
        if self.context:
            entry = f"[{_short(self.context, 20)}] {entry}"
        if self.form is not None:
            entry += f" (plural form {self.form})"
        if self.reason is Reason.MISSING:
            return f"{where}: not in {self.missing_from}: {entry}"
        return f"{where}: {self.reason.value}: {entry}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason.value,
            "path": self.path,
            "line": self.line,
            "context": self.context,
            "source": self.source,
            "form": self.form,
            "missing_from": self.missing_from,
        }


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(slots=True)
class Segment:
    """A hypothesis with its reference(s), one per reference file, ready for sacrebleu."""

    hypothesis: str
    references: tuple[str, ...]
    source: str | None = None
    context: str | None = None
    form: int | None = None  # the plural form index of a plural entry, else None
    hyp_line: int | None = None
    ref_lines: tuple[int | None, ...] = ()


@dataclass
class Pairing:
    """The segments to score and what was left out."""

    segments: list[Segment] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def hypotheses(self) -> list[str]:
        return [segment.hypothesis for segment in self.segments]

    @property
    def reference_streams(self) -> list[list[str]]:
        """One stream per reference file, as sacrebleu's ``corpus_score`` takes them."""
        count = len(self.segments[0].references) if self.segments else 0
        return [[segment.references[i] for segment in self.segments] for i in range(count)]

    def counts(self) -> dict[str, int]:
        counts = {reason.value: 0 for reason in Reason}
        for item in self.left_out:
            counts[item.reason.value] += 1
        return counts


# A scorable piece of a PO: (context, msgid, plural form or None) -> (text, source, line).
_Key = tuple[str | None, str, int | None]


@dataclass
class _PoSegments:
    usable: dict[_Key, tuple[str, str, int | None]]
    unusable: dict[_Key, tuple[Reason, str, int | None]]


def _po_segments(catalog: Catalog, include_fuzzy: bool) -> _PoSegments:
    """The catalog's segments split into those that can be scored and those that cannot."""
    result = _PoSegments({}, {})
    usable, unusable = result.usable, result.unusable
    for unit in catalog.units:
        if unit.obsolete or not unit.source:
            continue  # obsolete entries and the header
        plural = unit.source_plural is not None
        targets = unit.target_plurals if plural else [unit.target]
        reason: Reason | None = None
        if not unit.is_translated:
            reason = Reason.UNTRANSLATED
        elif not include_fuzzy and "fuzzy" in unit.flags:
            reason = Reason.FUZZY
        for index, target in enumerate(targets):
            form = index if plural else None
            source = unit.source if index == 0 else (unit.source_plural or unit.source)
            key = (unit.context, unit.source, form)
            if key in usable or key in unusable:
                continue  # a duplicate entry: msgfmt refuses it, the first one counts
            if reason is None:
                usable[key] = (segment_text(target), source, unit.line)
            else:
                unusable[key] = (reason, source, unit.line)
    return result


def _no_translation_error(side: Side, segments: _PoSegments) -> InputError:
    fuzzy = sum(1 for r, _, _ in segments.unusable.values() if r is Reason.FUZZY)
    untranslated = len(segments.unusable) - fuzzy
    hint = f" ({untranslated} untranslated, {fuzzy} fuzzy"
    hint += "; --include-fuzzy scores fuzzy ones)" if fuzzy else ")"
    return InputError("no translated entry to score" + hint, path=side.path)


def pair_sides(
    hypothesis: Side, references: Sequence[Side], *, include_fuzzy: bool = False
) -> Pairing:
    """Pair the hypothesis with each reference.

    All plain text: line i with line i, and the files must have as many lines. With PO files:
    the first PO given (the hypothesis if it is one) sets the order, every other PO is joined
    to it by (msgctxt, msgid, plural form), and a plain-text file pairs its lines, in order,
    with that first PO's scorable segments (translated entries, one per plural form, fuzzy
    ones with ``include_fuzzy``), whose number it must match.
    """
    if not references:
        raise UsageError("no reference given (--ref FILE)")
    sides = [hypothesis, *references]
    po_sides = [side for side in sides if side.is_po]
    if not po_sides:
        return _pair_texts(hypothesis, references)

    segments = {id(side): _po_segments(side.catalog, include_fuzzy) for side in po_sides
                if side.catalog is not None}
    for side in po_sides:
        if not segments[id(side)].usable:
            raise _no_translation_error(side, segments[id(side)])
    anchor = po_sides[0]
    anchor_segments = segments[id(anchor)]
    order = list(anchor_segments.usable)
    for side in sides:
        if side.lines is not None and len(side.lines) != len(order):
            raise InputError(
                f"has {len(side.lines)} lines but {anchor.path} has {len(order)} scorable "
                f"segments (plain-text lines pair in order with the PO's translated entries, "
                f"one per plural form{', fuzzy included' if include_fuzzy else ''})",
                path=side.path,
            )

    pairing = Pairing()
    for key, (reason, _, anchor_line) in anchor_segments.unusable.items():
        pairing.left_out.append(LeftOut(reason, anchor.path, anchor_line, key[1], key[0], key[2]))
    anchor_keys = set(anchor_segments.usable) | set(anchor_segments.unusable)
    for side in po_sides[1:]:
        other = segments[id(side)]
        for key, (_, _, line) in other.usable.items():
            if key not in anchor_keys:
                pairing.left_out.append(
                    LeftOut(Reason.MISSING, side.path, line, key[1], key[0], key[2], anchor.path)
                )

    # One column of texts (None where the segment is left out) per side, in ``order``.
    columns: list[list[str | None]] = []
    line_columns: list[list[int | None]] = []
    for side in sides:
        if side is anchor:
            columns.append([anchor_segments.usable[key][0] for key in order])
            line_columns.append([anchor_segments.usable[key][2] for key in order])
        elif side.lines is not None:
            columns.append(list(side.lines))
            line_columns.append(list(range(1, len(order) + 1)))
        else:
            texts, lines = _join(side, segments[id(side)], anchor, anchor_segments, order,
                                 pairing.left_out)
            columns.append(texts)
            line_columns.append(lines)
    for position, key in enumerate(order):
        row = [column[position] for column in columns]
        if any(text is None for text in row):
            continue
        row_texts = [text or "" for text in row]
        row_lines = [column[position] for column in line_columns]
        pairing.segments.append(
            Segment(
                hypothesis=row_texts[0],
                references=tuple(row_texts[1:]),
                source=anchor_segments.usable[key][1],
                context=key[0],
                form=key[2],
                hyp_line=row_lines[0],
                ref_lines=tuple(row_lines[1:]),
            )
        )
    pairing.left_out = _per_entry(pairing.left_out)
    if not pairing.segments:
        raise UsageError(
            "no segment is translated in the hypothesis and every reference",
            path=hypothesis.path,
        )
    return pairing


def _join(
    side: Side,
    other: _PoSegments,
    anchor: Side,
    anchor_segments: _PoSegments,
    order: list[_Key],
    left_out: list[LeftOut],
) -> tuple[list[str | None], list[int | None]]:
    """The texts of another PO for the anchor's segments, recording those it cannot give."""
    texts: list[str | None] = []
    lines: list[int | None] = []
    for key in order:
        found = other.usable.get(key)
        if found is not None:
            texts.append(found[0])
            lines.append(found[2])
            continue
        texts.append(None)
        lines.append(None)
        anchor_line = anchor_segments.usable[key][2]
        if key in other.unusable:
            reason, _, other_line = other.unusable[key]
            left_out.append(LeftOut(reason, side.path, other_line, key[1], key[0], key[2]))
        else:
            left_out.append(
                LeftOut(Reason.MISSING, anchor.path, anchor_line, key[1], key[0], key[2],
                        side.path)
            )
    return texts, lines


def _per_entry(items: list[LeftOut]) -> list[LeftOut]:
    """One record per entry left out: the forms of a plural entry left out for the same
    reason collapse into one (form None); a single missing plural form keeps its index."""
    groups: dict[tuple[Reason, str, str | None, str | None, str], list[LeftOut]] = {}
    for item in items:
        groups.setdefault(
            (item.reason, item.path, item.missing_from, item.context, item.source), []
        ).append(item)
    result = []
    for group in groups.values():
        first = group[0]
        if len(group) > 1:
            first = LeftOut(first.reason, first.path, first.line, first.source, first.context,
                            None, first.missing_from)
        result.append(first)
    return result


def _pair_texts(hypothesis: Side, references: Sequence[Side]) -> Pairing:
    hyp_lines = hypothesis.lines or []
    for reference in references:
        ref_lines = reference.lines or []
        if len(ref_lines) != len(hyp_lines):
            raise InputError(
                f"has {len(ref_lines)} lines but {hypothesis.path} has {len(hyp_lines)} "
                "(plain-text files pair line by line)",
                path=reference.path,
            )
    pairing = Pairing()
    for index, hyp in enumerate(hyp_lines):
        pairing.segments.append(
            Segment(
                hypothesis=hyp,
                references=tuple((ref.lines or [])[index] for ref in references),
                hyp_line=index + 1,
                ref_lines=tuple(index + 1 for _ in references),
            )
        )
    return pairing


def pair_catalogs(
    hypothesis: Catalog, references: Sequence[Catalog], *, include_fuzzy: bool = False
) -> Pairing:
    """Pair a hypothesis catalog with reference catalogs by (msgctxt, msgid, plural form)."""
    return pair_sides(
        Side(hypothesis.path or "HYP", catalog=hypothesis),
        [Side(ref.path or f"REF{i + 1}", catalog=ref) for i, ref in enumerate(references)],
        include_fuzzy=include_fuzzy,
    )
