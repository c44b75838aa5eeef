"""Sentence segmentation of documents, Arabic first: paragraphs, headings, broken paragraphs
joined back, and the gettext template (POT) a translator starts from.

:func:`split_sentences` cuts one chunk of running text; :func:`segment_document` adds the
document structure (blank-line paragraphs, headings, list items, paragraphs broken in the
middle of a sentence); :func:`document_to_catalog` turns that into a POT catalog.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from tarjama.errors import LanguageError, UsageError
from tarjama.fileio import check_not_input, write_text
from tarjama.formats.po import new_header, write_po
from tarjama.formats.text import Block, Line, read_blocks, read_document, segments_text
from tarjama.languages import ARABIC_BASE_LETTERS, DIGITS, contradicting_script, normalize_tag
from tarjama.model import Catalog, Unit
from tarjama.segment.headlines import ends_open, headline_shaped, opens_story, starts_dependent
from tarjama.segment.rules import (
    CLAUSE_END,
    CLOSERS,
    OPENERS,
    TERMINATORS,
    protected_spans,
    split_text,
)

__all__ = [
    "Paragraph",
    "Segment",
    "check_script",
    "document_to_catalog",
    "paragraphs_to_catalog",
    "segment_document",
    "segment_file",
    "split_sentences",
]


@dataclass(frozen=True)
class Segment:
    """One sentence of a document.

    ``text`` is stripped; a line break inside a paragraph (and the indentation around it)
    counts as one space, and paragraphs joined back are joined with one space; any other
    white space is as in the source.
    """

    text: str
    line: int  # 1-based line of the source where the segment starts
    paragraph: int  # 1-based paragraph number (after joining broken paragraphs)
    index: int  # 1-based sentence number within the paragraph
    heading: bool
    role: str = "paragraph"  # title, byline, heading or paragraph (see ROLES)
    body_paragraph: int = 0  # 1-based among the paragraphs of role "paragraph", else 0

    @property
    def note(self) -> str:
        """Where the segment sits, for a translator: ``title``, ``byline``, ``heading`` or
        ``paragraph N, sentence M`` (N counts the body's paragraphs only)."""
        if self.role == PARAGRAPH:
            return f"paragraph {self.body_paragraph}, sentence {self.index}"
        return self.role


@dataclass(frozen=True)
class Paragraph:
    """The segments of one paragraph, the line it starts on, whether it is a heading, and
    its role in the document."""

    segments: tuple[Segment, ...]
    line: int
    heading: bool
    role: str = "paragraph"


# What a paragraph is in a news document or an article, for the translator's notes.
TITLE, BYLINE, HEADING, PARAGRAPH = "title", "byline", "heading", "paragraph"
ROLES = (TITLE, BYLINE, HEADING, PARAGRAPH)
# A byline opens with one of these: "By Firas Elias", "كتبه فراس إلياس | 13 يناير, 2024".
_BYLINE_RE = re.compile(
    r"(?:By|BY|Written by|Reporting by|Posted by|كتبه|كتبته|كتب|بقلم|بواسطة|إعداد|تحرير)[\s:]"
)
_QUESTION_MARKS = "?؟"


# A heading is a short line without final punctuation: at most this many words and characters.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
# ... and, above text in the same block, shorter than this share of the longest line below.
HEADING_WIDTH_RATIO = 0.75

# A list item at the start of a line: 1. 1) (1) ١. a) أ. - * • # (markdown headings too).
_LIST_ITEM_RE = re.compile(
    rf"(?:\(?[{DIGITS}]{{1,3}}[.)]|\(?[A-Za-z{ARABIC_BASE_LETTERS}][.)]|[IVXLC]{{1,6}}\.|[-*•·▪–—])\s"
)
_MARKDOWN_HEADING_RE = re.compile(r"#{1,6}\s")


def _is_list_item(text: str) -> bool:
    return _LIST_ITEM_RE.match(text) is not None


def _trailing_mark(text: str) -> str:
    """The last character of ``text`` that is not a closing quote or bracket."""
    stripped = text.rstrip(CLOSERS + " ")
    return stripped[-1] if stripped else ""


def _ends_with_link(text: str) -> bool:
    spans = protected_spans(text[-2100:])
    return bool(spans) and spans[-1][1] >= len(text[-2100:]) - 1


def _heading_like(text: str) -> bool:
    """A short line without final punctuation that is no list item and no link line."""
    if _MARKDOWN_HEADING_RE.match(text):
        return True
    if len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if _trailing_mark(text) in CLAUSE_END or _is_list_item(text):
        return False
    return not protected_spans(text)


def _first_letter(text: str) -> str:
    stripped = text.lstrip(OPENERS + " ")
    return stripped[:1]


def _heads_block(block: Block) -> bool:
    """True when the first line of a block of several lines is a heading above its text."""
    first, second = block.lines[0].text, block.lines[1].text
    if _heading_like(first):
        # A heading above its text is clearly shorter than the text's lines; the first
        # line of a hard-wrapped paragraph is as long as the lines below it.
        longest = max(len(other.text) for other in block.lines[1:])
        return len(first) < HEADING_WIDTH_RATIO * longest and not _first_letter(second).islower()
    # A headline of any length directly above its story's dateline.
    return (_trailing_mark(first) not in CLAUSE_END and opens_story(second)
            and headline_shaped(first))


@dataclass
class _Raw:
    """A paragraph before sentence splitting: its lines, and whether it is a heading."""

    lines: list[Line]
    heading: bool = False
    list_item: bool = False

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def _split_block(block: Block) -> list[_Raw]:
    """A block's paragraphs: list items and markdown headings start their own; a heading-like
    first line followed by a line that does not continue it (lower case) is a heading."""
    raws: list[_Raw] = []
    for position, line in enumerate(block.lines):
        item = _is_list_item(line.text)
        marked_heading = _MARKDOWN_HEADING_RE.match(line.text) is not None
        if not raws or item or marked_heading or raws[-1].heading:
            raws.append(_Raw([line], heading=marked_heading, list_item=item))
        else:
            raws[-1].lines.append(line)
        if position == 0 and len(block.lines) > 1 and not item and not marked_heading:
            raws[-1].heading = _heads_block(block)
    if len(raws) == 1 and len(raws[0].lines) == 1 and not raws[0].list_item:
        raws[0].heading = _heading_like(raws[0].lines[0].text)
    return raws


# How a paragraph break without final punctuation before it is read.
JOIN, APART, HEADLINE = "join", "apart", "headline"


def _break_kind(previous: _Raw, following: _Raw) -> str:
    """JOIN when ``following`` carries on the sentence ``previous`` left unfinished (the
    scraping artefact of a paragraph break in the middle of a sentence), HEADLINE when
    ``previous`` is a headline standing above its story, APART otherwise."""
    if following.list_item or _MARKDOWN_HEADING_RE.match(following.text):
        return APART
    text = previous.text
    if _MARKDOWN_HEADING_RE.match(text):
        return APART
    mark = _trailing_mark(text)
    if mark in TERMINATORS or mark in ":;" or _ends_with_link(text):
        return APART
    if opens_story(following.text):
        # A dateline (WASHINGTON (AP) —, بغداد (رويترز) -) starts a story, never a continuation.
        return HEADLINE if not previous.heading and headline_shaped(text) else APART
    if mark in ",،" or _first_letter(following.text).islower():
        return JOIN  # even after a short line: a heading never runs on in lower case
    if ends_open(text) or starts_dependent(following.text):
        return JOIN  # "... على اعتبار" / "أن ضبط ...", "... notice sent to" / "Baghdad ..."
    if previous.heading or following.heading:
        return APART
    return HEADLINE if headline_shaped(text) else JOIN


def _paragraphs(text: str, join_broken: bool) -> list[_Raw]:
    raws: list[_Raw] = []
    for block in read_blocks(text):
        pieces = _split_block(block)
        kind = _break_kind(raws[-1], pieces[0]) if raws else APART
        if kind == HEADLINE:
            raws[-1].heading = True  # with or without --no-join: a headline is a heading
        elif kind == JOIN and join_broken:
            raws[-1].lines.extend(pieces[0].lines)
            raws[-1].heading = False
            pieces = pieces[1:]
        raws.extend(pieces)
    return raws


def segment_document(text: str, lang: str, *, join_broken: bool = True) -> list[Paragraph]:
    """The paragraphs of a plain-text document and their sentence segments.

    Paragraphs are separated by blank lines; list items and headings are paragraphs of their
    own. With ``join_broken``, a paragraph that ends in the middle of a sentence (no final
    punctuation, or a comma) is joined with the next one when that one continues it.
    """
    normalize_tag(lang)  # an unknown language is the caller's error, reported early
    raws = _paragraphs(text, join_broken)
    split = [_pieces(raw) for raw in raws]
    paragraphs: list[Paragraph] = []
    body = 0
    roles = _roles(raws, split)
    for number, (raw, pieces, role) in enumerate(zip(raws, split, roles, strict=True), 1):
        body += role == PARAGRAPH
        starts = _line_starts(raw)
        segments = tuple(
            Segment(
                text=piece,
                line=raw.lines[bisect.bisect_right(starts, start) - 1].number,
                paragraph=number,
                index=index,
                heading=raw.heading,
                role=role,
                body_paragraph=body if role == PARAGRAPH else 0,
            )
            for index, (start, piece) in enumerate(pieces, start=1)
        )
        paragraphs.append(Paragraph(segments, raw.lines[0].number, raw.heading, role))
    return paragraphs


def _line_starts(raw: _Raw) -> list[int]:
    """Where each of the paragraph's lines starts in its joined text."""
    starts = []
    offset = 0
    for line in raw.lines:
        starts.append(offset)
        offset += len(line.text) + 1
    return starts


def _pieces(raw: _Raw) -> list[tuple[int, str]]:
    """A paragraph's sentences with their offsets; a heading is one piece."""
    if raw.heading:
        return [(0, raw.text)]
    return split_text(raw.text, frozenset(_line_starts(raw)[1:]))


def _between_body(raws: list[_Raw], roles: list[str], position: int) -> bool:
    """True when the paragraph at ``position`` follows body text and precedes a body
    paragraph more than twice its length: where a subheading stands."""
    if not roles or roles[-1] != PARAGRAPH or position + 1 >= len(raws):
        return False
    following = raws[position + 1]
    words = len(raws[position].text.split())
    return not following.heading and len(following.text.split()) > 2 * words


def _roles(raws: list[_Raw], split: list[list[tuple[int, str]]]) -> list[str]:
    """Each paragraph's role (see :func:`_role`)."""
    roles: list[str] = []
    for position, pieces in enumerate(split):
        roles.append(_role(raws, roles, position, len(pieces)))
    return roles


def _role(raws: list[_Raw], roles: list[str], position: int, pieces: int) -> str:
    """The role of the paragraph at ``position`` (``roles`` holds those before it): the first
    one-sentence paragraph is the title when it is a heading, a headline or a short question
    or exclamation; a heading opening with "By"/"كتبه" at the top is the byline; headings are
    headings, and so is a short one-question paragraph between two body paragraphs (a
    subheading such as "هل هناك رغبة حقيقية؟"); the rest is body text."""
    raw = raws[position]
    single = pieces == 1 and not raw.list_item
    short = single and len(raw.text.split()) <= HEADING_MAX_WORDS
    mark = _trailing_mark(raw.text)
    if raw.heading and set(roles) <= {TITLE} and _BYLINE_RE.match(raw.text):
        return BYLINE
    if position == 0 and len(raws) > 1 and single and (
            raw.heading or (short and mark in _QUESTION_MARKS + "!")
            or (mark not in CLAUSE_END and headline_shaped(raw.text))):
        return TITLE
    if raw.heading or (short and mark in _QUESTION_MARKS
                       and _between_body(raws, roles, position)):
        return HEADING
    return PARAGRAPH


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of one chunk of running text (line breaks count as spaces)."""
    normalize_tag(lang)
    return [piece for _, piece in split_text(text)]


def document_to_catalog(
    text: str, lang: str, *, path: str, join_broken: bool = True
) -> Catalog:
    """The template (POT) of a document: one unit per distinct segment, in document order.

    A segment that recurs is one unit (gettext keys entries by msgid) with a reference and a
    position note for each occurrence.
    """
    lang = normalize_tag(lang)
    return paragraphs_to_catalog(
        segment_document(text, lang, join_broken=join_broken), lang, path=path
    )


def _project_name(path: str) -> str:
    """The document's name without folders and suffixes: ``noonpost-191719``."""
    name = Path(path).name
    return name.split(".", 1)[0] or name


def paragraphs_to_catalog(paragraphs: list[Paragraph], lang: str, *, path: str) -> Catalog:
    """The POT catalog of segmented paragraphs (see :func:`document_to_catalog`)."""
    # A template declares no plural rule (new_header leaves it out): msgfmt -c rejects the
    # "nplurals=INTEGER" placeholder, and msginit writes the target's rule anyway.
    header = new_header(source_lang=lang, template=True, project=_project_name(path))
    catalog = Catalog(
        header=header,
        header_comment=f"Sentence segments of {path}, made by tarjama segment.",
        header_flags=["fuzzy"],
        source_lang=lang,
    )
    by_source: dict[str, Unit] = {}
    for paragraph in paragraphs:
        for segment in paragraph.segments:
            unit = by_source.get(segment.text)
            if unit is None:
                unit = Unit(source=segment.text, source_lang=lang, line=segment.line)
                by_source[segment.text] = unit
                catalog.units.append(unit)
            unit.references.append((path, str(segment.line)))
            note = segment.note
            unit.extracted_notes = (
                f"{unit.extracted_notes}\n{note}" if unit.extracted_notes else note
            )
    return catalog


FORMATS = ("pot", "text")
# How much of a document the script check looks at: enough to judge, cheap on any size.
SCRIPT_SAMPLE = 20_000


def check_script(text: str, lang: str, path: str | Path, *, given_by: str = "--lang",
                 hint: str = "give the document's language with --lang") -> None:
    """Refuse a document mostly written in a script ``lang`` is not written in (an English
    file under the default ``--lang ar``): its template would carry the wrong source
    language into every PO and TMX made from it. ``given_by`` says where ``lang`` came from,
    ``hint`` what to do.
    """
    script = contradicting_script(text[:SCRIPT_SAMPLE], lang)
    if script is not None:
        raise LanguageError(
            f"the document is mostly in {script} script, which {lang} ({given_by}) is not "
            f"written in: {hint}",
            path=path,
        )


def segment_file(
    source: str | Path,
    lang: str,
    output: str | Path = "-",
    *,
    fmt: str = "pot",
    join_broken: bool = True,
) -> list[Paragraph]:
    """``tarjama segment``: read a document, write its POT or its ``--format text`` listing.

    The output is written atomically and never over the source.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    check_not_input(output, [source])
    lang = normalize_tag(lang)
    text = read_document(source)
    check_script(text, lang, source)
    paragraphs = segment_document(text, lang, join_broken=join_broken)
    if fmt == "text":
        write_text(output, segments_text([s.text for s in p.segments] for p in paragraphs))
    else:
        write_po(paragraphs_to_catalog(paragraphs, lang, path=str(source)), output)
    return paragraphs
