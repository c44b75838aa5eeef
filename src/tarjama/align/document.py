"""Aligning two files: reading and segmenting them, the alignment as a PO catalog, the links
and TSV listings, and the summary ``tarjama align`` prints.

Entries follow the source; a 1-0 link is an untranslated entry, a 0-1 target sentence is kept
in a translator comment of its neighbour, a link under the confidence threshold is fuzzy.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.align import (
    DEFAULT_MIN_CONFIDENCE,
    Link,
    align,
    check_languages,
    length_ratio_prior,
)
from tarjama.align.lexicon import Lexicon, read_lexicon
from tarjama.errors import InputError, LanguageError, UsageError
from tarjama.fileio import check_not_input, read_text, write_text
from tarjama.formats.po import new_header, po_text
from tarjama.languages import is_arabic_script, normalize_tag
from tarjama.model import Catalog, Unit
from tarjama.segment import segment_document

FORMATS = ("po", "links", "tsv")
LINK_KINDS = ("1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-0", "0-1")


@dataclass
class Document:
    """A segmented document: its segments, where they start, and where paragraphs end."""

    path: str
    segments: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    paragraph_ends: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_document(path: str, lang: str, *, presegmented: bool = False) -> Document:
    """Read and segment a document; with ``presegmented`` every non-empty line is a segment
    (blank lines still end paragraphs)."""
    text = read_text(path, refuse_nul=True)
    doc = Document(path)
    if presegmented:
        for number, line in enumerate(text.split("\n"), start=1):
            stripped = line.strip()
            if stripped:
                doc.segments.append(stripped)
                doc.lines.append(number)
                doc.paragraph_ends.append(False)
                doc.notes.append(f"line {number}")
            elif doc.paragraph_ends:
                doc.paragraph_ends[-1] = True
        if doc.paragraph_ends:
            doc.paragraph_ends[-1] = True
        return doc
    for paragraph in segment_document(text, lang):
        for segment in paragraph.segments:
            doc.segments.append(segment.text)
            doc.lines.append(segment.line)
            doc.paragraph_ends.append(False)
            doc.notes.append(segment.note)
        if doc.paragraph_ends:
            doc.paragraph_ends[-1] = True
    return doc


@dataclass
class Summary:
    """What an alignment produced, for the message on standard error."""

    links: Counter[str] = field(default_factory=Counter)
    fuzzy: int = 0
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    unaligned_targets: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        total = sum(self.links.values())
        kinds = ", ".join(f"{self.links[kind]} {kind}" for kind in LINK_KINDS
                          if self.links[kind])
        parts = [f"{total} links ({kinds})" if total else "no links",
                 f"{self.fuzzy} fuzzy (confidence under {self.min_confidence:g})"]
        if self.unaligned_targets:
            shown = ", ".join(str(line) for line in self.unaligned_targets[:10])
            more = ", ..." if len(self.unaligned_targets) > 10 else ""
            parts.append(f"{len(self.unaligned_targets)} target sentences without a source "
                         f"(kept in translator comments; target lines {shown}{more})")
        return "; ".join(parts)


def _join(texts: Sequence[str], indices: Sequence[int]) -> str:
    return " ".join(texts[k] for k in indices)


def alignment_to_catalog(
    source: Document,
    target: Document,
    links: Sequence[Link],
    *,
    source_lang: str,
    target_lang: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    summary: Summary | None = None,
) -> Catalog:
    """The alignment as a PO catalog in source order.

    msgid is the source segment (segments of a 2-1 link joined by a space), msgstr the
    aligned target text. A source segment that recurs is one entry, as gettext keys entries
    by msgid, with a reference per occurrence; a different translation of a recurring
    segment is kept in a translator comment and the entry made fuzzy, for the translator to
    choose. Links under ``min_confidence`` are fuzzy with their score in a comment.
    """
    summary = summary if summary is not None else Summary(min_confidence=min_confidence)
    header = new_header(source_lang=source_lang, target_lang=target_lang,
                        project=Path(source.path).name.split(".", 1)[0] or "alignment")
    catalog = Catalog(
        header=header,
        header_comment=f"Alignment of {source.path} with {target.path}, made by tarjama align.",
        source_lang=source_lang,
        target_lang=target_lang,
    )
    by_source: dict[str, Unit] = {}
    pending: list[str] = []  # target sentences seen before any entry
    last: Unit | None = None

    def add_comment(unit: Unit, comment: str) -> None:
        unit.translator_notes = (f"{unit.translator_notes}\n{comment}"
                                 if unit.translator_notes else comment)

    for link in links:
        summary.links[link.kind] += 1
        if not link.source_indices:
            for k in link.target_indices:
                summary.unaligned_targets.append(target.lines[k])
                comment = (f"Target sentence with no source ({target.path}:{target.lines[k]}): "
                           f"{target.segments[k]}")
                if last is None:
                    pending.append(comment)
                else:
                    add_comment(last, comment)
            continue
        text = _join(source.segments, link.source_indices)
        translation = _join(target.segments, link.target_indices)
        first = link.source_indices[0]
        unit = by_source.get(text)
        if unit is None:
            unit = Unit(source=text, target=translation, source_lang=source_lang,
                        target_lang=target_lang, line=source.lines[first])
            by_source[text] = unit
            catalog.units.append(unit)
            if link.target_indices and link.confidence < min_confidence:
                unit.fuzzy = True
                add_comment(unit, f"alignment {link.kind}, confidence {link.confidence:.2f}")
        elif translation and translation != unit.target:
            if not unit.target:
                unit.target = translation
            else:
                add_comment(unit, f"Also translated as: {translation}")
                unit.fuzzy = True
        unit.references.append((source.path, str(source.lines[first])))
        notes = "\n".join(source.notes[k] for k in link.source_indices)
        unit.extracted_notes = f"{unit.extracted_notes}\n{notes}" if unit.extracted_notes \
            else notes
        for comment in pending:
            add_comment(unit, comment)
        pending.clear()
        last = unit
    if pending:
        catalog.header_comment += "\n" + "\n".join(pending)
    summary.fuzzy = sum(1 for unit in catalog.units if unit.fuzzy)
    return catalog


def links_text(links: Sequence[Link]) -> str:
    """``--format links``: one ``[i,j]:[k]`` line per link, in order."""
    return "".join(link.as_contract() + "\n" for link in links)


def _cell(text: str) -> str:
    return " ".join(text.split())


def tsv_text(source: Document, target: Document, links: Sequence[Link]) -> str:
    """``--format tsv``: source, target and confidence per link (tabs and line breaks in the
    text become spaces)."""
    return "".join(
        f"{_cell(_join(source.segments, link.source_indices))}\t"
        f"{_cell(_join(target.segments, link.target_indices))}\t{link.confidence:.3f}\n"
        for link in links
    )


def _check_usable(source: Document, target: Document, source_lang: str,
                  target_lang: str, summary: Summary) -> None:
    """Refuse what cannot be aligned; note what can but looks wrong."""
    if not source.segments:
        raise InputError("the source document has no text to align", path=source.path)
    if not target.segments:
        summary.warnings.append(f"{target.path}: the target document is empty: every source "
                                "segment is left untranslated")
        return
    problems = check_languages(source.segments, target.segments, source_lang, target_lang)
    if problems:
        swapped = (is_arabic_script(source_lang) != is_arabic_script(target_lang)
                   and len(problems) == 2)
        hint = " (are SOURCE and TARGET swapped?)" if swapped else \
            " (check the files and --source-lang/--target-lang)"
        where = source.path if "source" in problems[0] else target.path
        raise LanguageError(problems[0] + hint, path=where)
    n, m = len(source.segments), len(target.segments)
    src_chars = sum(len(text) for text in source.segments)
    tgt_chars = sum(len(text) for text in target.segments)
    ratio = tgt_chars / max(src_chars, 1) / length_ratio_prior(source_lang, target_lang)
    if max(n, m) > 2 * min(n, m) or not 1 / 2 <= ratio <= 2:
        summary.warnings.append(
            f"the documents differ widely in length ({n} and {m} segments, {src_chars} and "
            f"{tgt_chars} characters): expect many segments without a counterpart")


def align_files(
    source_path: str,
    target_path: str,
    *,
    source_lang: str,
    target_lang: str,
    output: str = "-",
    fmt: str = "po",
    presegmented: bool = False,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    lexicon_path: str | None = None,
) -> Summary:
    """``tarjama align``: segment both files, align them and write the PO, links or TSV."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not 0.0 <= min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {min_confidence:g}")
    source_lang, target_lang = normalize_tag(source_lang), normalize_tag(target_lang)
    check_not_input(output, [source_path, target_path,
                             *([lexicon_path] if lexicon_path is not None else [])])
    lexicon: Lexicon | None = None
    if lexicon_path is not None:
        lexicon = read_lexicon(lexicon_path, source_lang, target_lang)
    source = read_document(source_path, source_lang, presegmented=presegmented)
    target = read_document(target_path, target_lang, presegmented=presegmented)
    summary = Summary(min_confidence=min_confidence)
    _check_usable(source, target, source_lang, target_lang, summary)
    with warnings.catch_warnings():
        # Script problems were turned into errors above; nothing else is expected here.
        warnings.simplefilter("ignore", UserWarning)
        links = align(source.segments, target.segments, source_lang=source_lang,
                      target_lang=target_lang, lexicon=lexicon, min_confidence=min_confidence,
                      source_paragraph_ends=source.paragraph_ends,
                      target_paragraph_ends=target.paragraph_ends)
    catalog = alignment_to_catalog(source, target, links, source_lang=source_lang,
                                   target_lang=target_lang, min_confidence=min_confidence,
                                   summary=summary)
    if fmt == "links":
        write_text(output, links_text(links))
    elif fmt == "tsv":
        write_text(output, tsv_text(source, target, links))
    else:
        write_text(output, po_text(catalog))
    return summary
