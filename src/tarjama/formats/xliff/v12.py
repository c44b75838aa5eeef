"""XLIFF 1.2: a streaming writer of PO catalogs and a streaming reader of any tool's files.

The mapping (docs/xliff.md has the reasons): one ``<file datatype="po">`` per catalog; one
``trans-unit`` per entry with a stable ``id`` and a ``resname`` (msgctxt, else msgid); plural
entries as ``<group restype="x-gettext-plurals">`` of one trans-unit per form, as
translate-toolkit and Okapi write them; ``#.`` as ``<note from="developer">``, ``#`` as
``<note from="translator">``, ``#:`` as location context groups, msgctxt, flags and previous
msgids as ``x-po-*`` contexts; translated as ``approved="yes" state="translated"``, fuzzy as
``approved="no" state="needs-review-translation"``, untranslated with no target (or the
source copied into it with ``state="needs-translation"`` for tools that translate targets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tarjama import __version__
from tarjama.bulk import collector_paused
from tarjama.errors import FormatError
from tarjama.fileio import atomic_open
from tarjama.formats import xmlsafe
from tarjama.formats.inline import mark_unit
from tarjama.formats.xliff.common import (
    XML_LANG,
    Cleaner,
    ExportStats,
    ReadStats,
    attribute,
    canonical_lang,
    catalog_entries,
    entry_count,
    escape,
    export_languages,
    form_count,
    header_text,
    localname,
    parse_header_text,
    release,
    segment_text,
    unit_id,
)
from tarjama.model import Catalog, Unit
from tarjama.progress import Progress, quiet

NS = "urn:oasis:names:tc:xliff:document:1.2"
PLURALS = "x-gettext-plurals"
DOMAIN_HEADER = "x-gettext-domain-header"

# context-type values of the contexts that carry PO fields XLIFF has no element for.
CTX_MSGCTXT = "x-po-msgctxt"
CTX_FLAGS = "x-po-flags"
# msgid_plural too: a language with one plural form (nplurals=1) has a single trans-unit.
CTX_PREVIOUS = {"x-po-msgid_plural": "source_plural",
                "x-po-previous-msgctxt": "previous_context",
                "x-po-previous-msgid": "previous_source",
                "x-po-previous-msgid_plural": "previous_source_plural"}
# translate-toolkit's po2xliff repeats comments as contexts beside its notes.
CTX_TOOLKIT_NOTES = {"x-po-autocomment": "developer", "x-po-trancomment": "translator"}
# Notes in the file header that keep the PO header.
NOTE_HEADER = "x-po-header"
NOTE_HEADER_COMMENT = "x-po-header-comment"
NOTE_HEADER_FLAGS = "x-po-header-flags"

STATE_TRANSLATED = "translated"
STATE_FUZZY = "needs-review-translation"
STATE_COPIED = "needs-translation"
# States saying the target is not the translation yet: the source copied, or nothing.
UNTOUCHED_STATES = frozenset({"new", "needs-translation"})
FINAL_STATES = frozenset({"translated", "signed-off", "final"})

# The attributes XLIFF 1.2 defines (transitional schema): others are warned of once.
_KNOWN_ATTRIBUTES = {
    "file": {"original", "source-language", "target-language", "datatype", "tool-id", "date",
             "category", "product-name", "product-version", "build-num", "tool", "ts"},
    "trans-unit": {"id", "approved", "translate", "reformat", "datatype", "phase-name",
                   "restype", "resname", "extradata", "extype", "help-id", "menu",
                   "menu-option", "menu-name", "coord", "font", "css-style", "style",
                   "exstyle", "size-unit", "maxwidth", "minwidth", "maxheight", "minheight",
                   "maxbytes", "minbytes", "charclass", "merged-trans", "ts"},
}
_LINE_LIMIT = 65535
# Codes whose content is the original native code: only <sub> may sit inside them.
_NATIVE_CODES = frozenset({"ph", "bpt", "ept", "it", "ut"})


def _line(element: Any) -> int | None:
    line: int | None = element.sourceline
    return None if line is None or line >= _LINE_LIMIT else line


# --- writing -------------------------------------------------------------------------------------


@dataclass
class _Writer:
    cleaner: Cleaner
    copy_source: bool
    stats: ExportStats

    def file_start(self, catalog: Catalog, index: int, source: str, target: str | None) -> str:
        original = catalog.path or f"catalog-{index + 1}.po"
        lang = f' target-language="{attribute(target)}"' if target else ""
        out = [f'<file original="{attribute(original)}" source-language="{attribute(source)}"'
               f'{lang} datatype="po">\n<header>\n'
               f'<tool tool-id="tarjama" tool-name="tarjama" tool-version="{__version__}"/>\n']
        clean = self.cleaner.text
        for kind, text in ((NOTE_HEADER, header_text(catalog)),
                           (NOTE_HEADER_COMMENT, catalog.header_comment),
                           (NOTE_HEADER_FLAGS, ", ".join(catalog.header_flags))):
            if text:
                out.append(f'<note from="{kind}">{escape(clean(text))}</note>\n')
        out.append("</header>\n<body>\n")
        return "".join(out)

    def unit(self, unit: Unit, catalog: Catalog) -> str:
        unit = self.cleaner.unit(unit, catalog)
        stats = self.stats
        stats.units += 1
        # Every translation goes out, even the forms of a plural entry not translated in
        # all its forms; empty ones get no target (or the copied source).
        targets = unit.targets
        if unit.fuzzy:
            stats.fuzzy += 1
            approved, state = ' approved="no"', STATE_FUZZY
        elif unit.is_translated:
            stats.translated += 1
            approved, state = ' approved="yes"', STATE_TRANSLATED
        else:
            stats.untranslated += 1
            approved, state = "", STATE_TRANSLATED
        if self.copy_source and any(not text for text in targets):
            stats.copied += 1
        name = unit.context if unit.context is not None else unit.source
        resname = f' resname="{attribute(name)}"'
        if unit.source_plural is None:
            source, target = self._pair(unit.source, targets[0] if targets else None, state)
            return (f'<trans-unit id="{unit_id(unit)}"{resname}{approved} xml:space="preserve">'
                    f"\n<source>{source}</source>\n{target}"
                    f"{_meta(unit)}</trans-unit>\n")
        out = [f'<group id="{unit_id(unit)}"{resname} restype="{PLURALS}" xml:space="preserve">'
               f"\n{_meta(unit)}"]
        for form in range(max(form_count(unit, catalog), len(targets))):
            source = unit.source if form == 0 else unit.source_plural
            text = targets[form] if form < len(targets) else None
            marked, target = self._pair(source, text, state)
            out.append(f'<trans-unit id="{unit_id(unit, form)}"{approved} xml:space="preserve">'
                       f"\n<source>{marked}</source>\n{target}</trans-unit>\n")
        out.append("</group>\n")
        return "".join(out)

    def _pair(self, source: str, text: str | None, state: str) -> tuple[str, str]:
        """The content of a ``source`` and the whole ``target`` (empty when there is none),
        placeholders and tags as inline codes whose ids match between the two. An empty
        target is none (or the copied source, as needs-translation)."""
        if not text:
            if not self.copy_source:
                return mark_unit(source, [], "xliff12").source, ""
            text, state = source, STATE_COPIED
        marked = mark_unit(source, [text], "xliff12")
        return marked.source, f'<target state="{state}">{marked.targets[0]}</target>\n'


def _meta(unit: Unit) -> str:
    """The context groups and notes of an entry (after the target: the schema's order)."""
    out = []
    for path, line in unit.references:
        number = (f'<context context-type="linenumber">{escape(line)}</context>'
                  if line else "")
        out.append(f'<context-group purpose="location"><context context-type="sourcefile">'
                   f"{escape(path)}</context>{number}</context-group>\n")
    contexts = []
    if unit.context is not None:
        contexts.append((CTX_MSGCTXT, unit.context))
    flags = [flag for flag in unit.flags if flag != "fuzzy"]
    if flags:
        contexts.append((CTX_FLAGS, ", ".join(flags)))
    for kind, name in CTX_PREVIOUS.items():
        value = getattr(unit, name)
        if value is not None:
            contexts.append((kind, value))
    if contexts:
        inner = "".join(f'<context context-type="{kind}">{escape(value)}</context>'
                        for kind, value in contexts)
        out.append(f'<context-group purpose="information">{inner}</context-group>\n')
    if unit.extracted_notes:
        out.append(f'<note from="developer">{escape(unit.extracted_notes)}</note>\n')
    if unit.translator_notes:
        out.append(f'<note from="translator">{escape(unit.translator_notes)}</note>\n')
    return "".join(out)


def write_xliff12(
    catalogs: Sequence[Catalog],
    output: str | Path | IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    copy_source: bool = False,
    invalid_chars: str = "error",
    progress: Progress | None = None,
    units: Sequence[Iterable[Unit]] | None = None,
) -> ExportStats:
    """Write PO catalogs as one XLIFF 1.2 file (one ``<file>`` each), streaming.

    Every active entry goes out: translated, fuzzy and untranslated (obsolete ones are left
    out). ``copy_source`` pre-fills untranslated targets with the source, marked
    ``state="needs-translation"``, for tools that translate the target text (OmegaT).
    ``output`` is a path (written atomically, ``-`` for standard output) or a binary file.
    ``units`` gives each catalog's units as they are read (see ``catalog_entries``).
    """
    stats = ExportStats(format="xliff", catalogs=len(catalogs))
    source, targets = export_languages(catalogs, source_lang, target_lang, stats, "an XLIFF")
    writer = _Writer(Cleaner(invalid_chars, stats), copy_source, stats)
    total = entry_count(catalogs, units)
    sink: AbstractContextManager[Any]
    sink = atomic_open(output) if isinstance(output, str | Path) else nullcontext(output)
    with collector_paused(), sink as handle, (progress or quiet)(
            catalog_entries(catalogs, units), length=total, label="Exporting") as entries:
        handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                     f'xmlns="{NS}">\n'.encode())
        batch: list[str] = []
        current = -1
        for index, catalog, unit in entries:
            if index != current:
                if current >= 0:
                    batch.append("</body>\n</file>\n")
                current = index
                batch.append(writer.file_start(catalog, index, source, targets[index]))
            if unit is None:
                continue
            if unit.obsolete:
                stats.skipped_obsolete += 1
                continue
            batch.append(writer.unit(unit, catalog))
            if len(batch) >= 512:
                handle.write("".join(batch).encode("utf-8"))
                batch.clear()
        if current >= 0:
            batch.append("</body>\n</file>\n")
        batch.append("</xliff>\n")
        handle.write("".join(batch).encode("utf-8"))
    return stats


# --- reading -------------------------------------------------------------------------------------


@dataclass
class FileInfo:
    """A ``<file>`` of an XLIFF document: its languages and the PO header it keeps."""

    original: str
    source_lang: str | None
    target_lang: str | None
    line: int | None
    header: dict[str, str] = field(default_factory=dict)
    header_comment: str = ""
    header_flags: list[str] = field(default_factory=list)


@dataclass
class _Form:
    """What one trans-unit says: its texts, its state, and the element for its metadata."""

    source: str
    target: str | None
    approved: str | None
    state: str | None
    translate: bool
    element: Any


class _Reader:
    def __init__(self, path: str, stats: ReadStats) -> None:
        self.path = path
        self.stats = stats
        self.warned: set[str] = set()

    def warn_once(self, key: str, message: str) -> None:
        if key not in self.warned:
            self.warned.add(key)
            self.stats.warnings.append(message)

    def file_info(self, element: Any) -> FileInfo:
        self._unknown_attributes(element, "file")
        warn = self.stats.warnings.append
        info = FileInfo(
            original=element.get("original", ""),
            source_lang=canonical_lang(element.get("source-language"), self.path,
                                       "source-language", warn),
            target_lang=canonical_lang(element.get("target-language"), self.path,
                                       "target-language", warn),
            line=_line(element),
        )
        if info.source_lang is None:
            self.warn_once("no-source", f"{self.path}:{info.line}: <file> has no "
                           "source-language (the schema requires it)")
        if info.target_lang is None:
            self.warn_once("no-target", f"{self.path}:{info.line}: <file> has no "
                           "target-language; the language is taken from the targets' xml:lang, "
                           "--target-lang or the script of the translations")
        return info

    def header(self, element: Any, info: FileInfo) -> None:
        for note in element:
            if localname(note) != "note":
                continue
            kind = note.get("from")
            text = segment_text(note, self.path)
            if kind == NOTE_HEADER:
                info.header = parse_header_text(text)
            elif kind == NOTE_HEADER_COMMENT:
                info.header_comment = text
            elif kind == NOTE_HEADER_FLAGS:
                info.header_flags = [f.strip() for f in text.split(",") if f.strip()]

    def form(self, element: Any, info: FileInfo) -> _Form:
        self._unknown_attributes(element, "trans-unit")
        source = target = None
        state = None
        for child in element:
            name = localname(child)
            if name in ("source", "target") and len(child):
                self._nesting(child)
            if name == "source":
                source = segment_text(child, self.path)
            elif name == "target":
                target = segment_text(child, self.path)
                state = child.get("state")
                if info.target_lang is None and child.get(XML_LANG):
                    info.target_lang = canonical_lang(child.get(XML_LANG), self.path,
                                                      "xml:lang", self.stats.warnings.append)
        if source is None:
            raise FormatError("<trans-unit> without a <source>", path=self.path,
                              line=_line(element))
        return _Form(source, target, element.get("approved"), state,
                     element.get("translate", "yes").lower() != "no", element)

    def _nesting(self, element: Any) -> None:
        """Warn of codes nested where XLIFF 1.2 forbids it (a ``<g>`` inside a ``<ph>``):
        tools write them, and their text is read all the same."""
        for code in element.iter():
            if localname(code) in _NATIVE_CODES and any(
                    localname(inner) not in ("sub", "") for inner in code):
                inner = next(localname(i) for i in code if localname(i) not in ("sub", ""))
                self.warn_once(f"nesting-{localname(code)}-{inner}",
                               f"{self.path}:{_line(code)}: <{inner}> inside "
                               f"<{localname(code)}> is not allowed by XLIFF 1.2; its text "
                               "is kept")

    def _unknown_attributes(self, element: Any, name: str) -> None:
        for attribute_name in element.attrib:
            if attribute_name.startswith("{"):
                continue  # another namespace's extension: allowed by the schema
            if attribute_name not in _KNOWN_ATTRIBUTES[name]:
                self.warn_once(f"{name}@{attribute_name}",
                               f"{self.path}:{_line(element)}: attribute {attribute_name!r} "
                               f"is not XLIFF 1.2 on <{name}>; ignored")


def _status(form: _Form) -> tuple[str, bool]:
    """The translation a trans-unit holds and whether it is fuzzy.

    ``approved="no"`` is fuzzy (translate-toolkit and us); a target still holding the copied
    source under ``new``/``needs-translation`` is no translation; a target a tool changed
    without updating the state (OmegaT) is one; ``needs-review-*``, ``needs-adaptation`` and
    ``needs-l10n`` are fuzzy; ``translated``, ``signed-off``, ``final`` or no state are done.
    """
    target = form.target or ""
    state = (form.state or "").strip()
    if state in UNTOUCHED_STATES and target == form.source:
        target = ""
    if form.approved == "no":
        return target, True
    if not target:
        return "", False
    if state.startswith("needs-") and state not in UNTOUCHED_STATES:
        return target, True
    return target, False


def apply_meta(unit: Unit, element: Any, path: str) -> None:
    """Fill ``unit`` with what the context groups and notes of ``element`` say."""
    notes: dict[str, list[str]] = {"developer": [], "translator": []}
    toolkit: dict[str, list[str]] = {"developer": [], "translator": []}
    for child in element:
        name = localname(child)
        if name == "note":
            _note(unit, child, path, notes)
        elif name == "context-group":
            _context_group(unit, child, path, toolkit)
    for kind in ("developer", "translator"):
        texts = notes[kind] or toolkit[kind]
        if kind == "developer":
            unit.extracted_notes = "\n".join(texts)
        else:
            unit.translator_notes = "\n".join(texts)


def _note(unit: Unit, note: Any, path: str, notes: dict[str, list[str]]) -> None:
    kind = (note.get("from") or "").strip()
    text = segment_text(note, path)
    if kind in ("translator", "po-translator"):
        notes["translator"].append(text)
    elif kind == "meaning" and unit.context is None:
        unit.context = text  # Angular's meaning tells identical texts apart, as msgctxt does
    elif kind in ("developer", "description", ""):
        notes["developer"].append(text)
    else:
        notes["developer"].append(f"{kind}: {text}")


def _context_group(unit: Unit, group: Any, path: str,
                   toolkit: dict[str, list[str]]) -> None:
    contexts = [(child.get("context-type", ""), segment_text(child, path))
                for child in group if localname(child) == "context"]
    if group.get("purpose") == "location":
        files = [value for kind, value in contexts if kind == "sourcefile"]
        lines = [value for kind, value in contexts if kind == "linenumber"]
        if files:
            unit.references.append((files[0], lines[0] if lines else ""))
        return
    for kind, value in contexts:
        if kind == CTX_MSGCTXT:
            unit.context = value
        elif kind == CTX_FLAGS:
            unit.flags.extend(f.strip() for f in value.split(",") if f.strip())
        elif kind in CTX_PREVIOUS:
            setattr(unit, CTX_PREVIOUS[kind], value)
        elif kind in CTX_TOOLKIT_NOTES:
            toolkit[CTX_TOOLKIT_NOTES[kind]].append(value)
        elif value:
            unit.properties.setdefault(kind, value)


def _singular(form: _Form, info: FileInfo, path: str) -> Unit:
    target, fuzzy = _status(form)
    unit = Unit(source=form.source, target=target, line=_line(form.element),
                source_lang=info.source_lang, target_lang=info.target_lang)
    apply_meta(unit, form.element, path)
    _properties(unit, form.element, info)
    if fuzzy:
        unit.fuzzy = True
    return unit


def _properties(unit: Unit, element: Any, info: FileInfo) -> None:
    for name in ("id", "resname"):
        value = element.get(name)
        if value is not None:
            unit.properties[name] = value
    if info.original:
        unit.properties["original"] = info.original


def _plural(group: Any, forms: list[_Form], info: FileInfo, path: str) -> Unit:
    statuses = [_status(form) for form in forms]
    unit = Unit(source=forms[0].source,
                source_plural=forms[1].source if len(forms) > 1 else forms[0].source,
                target_plurals=[target for target, _ in statuses], line=_line(group),
                source_lang=info.source_lang, target_lang=info.target_lang)
    holder = group if any(localname(c) in ("note", "context-group") for c in group) else (
        forms[0].element)
    apply_meta(unit, holder, path)
    _properties(unit, group, info)
    if any(fuzzy for _, fuzzy in statuses):
        unit.fuzzy = True
    return unit


_TAGS = ("xliff", "file", "header", "group", "trans-unit")


class _Stream:
    """The state of a pass over an XLIFF 1.x file: the current ``<file>`` and the plural
    groups open around the current element."""

    def __init__(self, path: str, stats: ReadStats) -> None:
        self.path = path
        self.stats = stats
        self.reader = _Reader(path, stats)
        self.info: FileInfo | None = None
        self.plural_forms: list[list[_Form]] = []

    def start(self, tag: str, element: Any) -> None:
        if element.getparent() is None:
            if tag != "xliff":
                raise FormatError(f"not an XLIFF file: the root is <{tag}>", path=self.path,
                                  line=_line(element))
        elif tag == "xliff":
            raise FormatError("not an XLIFF file: <xliff> is not the root", path=self.path,
                              line=_line(element))
        elif tag == "file":
            self.info = self.reader.file_info(element)
            self.stats.files += 1
        elif tag == "group" and element.get("restype") == PLURALS:
            self.plural_forms.append([])

    def end(self, tag: str, element: Any) -> Unit | None:
        info = self.info
        if tag == "xliff":
            return None
        if info is None:
            raise FormatError(f"<{tag}> outside a <file>", path=self.path, line=_line(element))
        unit = None
        if tag == "header":
            self.reader.header(element, info)
        elif tag == "trans-unit":
            if self._in_plural(element):
                self.plural_forms[-1].append(self.reader.form(element, info))
                return None
            unit = self._trans_unit(element, info)
        elif tag == "group":
            if element.get("restype") != PLURALS:
                return None
            forms = self.plural_forms.pop()
            if forms:
                self.stats.units += 1
                unit = _plural(element, forms, info, self.path)
        release(element)
        return unit

    def _in_plural(self, element: Any) -> bool:
        parent = element.getparent()
        return bool(self.plural_forms) and parent is not None and (
            parent.get("restype") == PLURALS)

    def _trans_unit(self, element: Any, info: FileInfo) -> Unit | None:
        form = self.reader.form(element, info)
        if element.get("restype") == DOMAIN_HEADER:
            # translate-toolkit keeps the PO header as a unit of its own.
            if not info.header:
                info.header = parse_header_text(form.target or form.source)
            return None
        if not form.translate:
            self.stats.skipped.append(f'{self.path}:{_line(element)}: translate="no"; left out')
            return None
        self.stats.units += 1
        return _singular(form, info, self.path)


def iter_xliff12(
    path: str | Path,
    stats: ReadStats | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[tuple[FileInfo, Unit]]:
    """Stream the entries of an XLIFF 1.0-1.2 file, each with the ``<file>`` it is in.

    A ``<group restype="x-gettext-plurals">`` gives one plural entry; any other trans-unit
    one entry (those with ``translate="no"`` are left out, and said so in ``stats``).
    Odd but readable input (unknown attributes, no ``target-language``) is warned of in
    ``stats.warnings``. Memory stays bounded: each unit is freed once read.
    """
    stats = stats if stats is not None else ReadStats()
    stream = _Stream(str(path), stats)
    tags = tuple(f"{{*}}{tag}" for tag in _TAGS) + _TAGS
    for event, element in xmlsafe.iterparse(path, events=("start", "end"), on_read=on_read,
                                            tag=tags):
        tag = localname(element)
        if event == "start":
            stream.start(tag, element)
            continue
        unit = stream.end(tag, element)
        if unit is not None and stream.info is not None:
            yield stream.info, unit
    if stats.files == 0:
        raise FormatError("not an XLIFF file: no <xliff> with a <file>", path=path, line=1)


__all__ = ["NS", "FileInfo", "apply_meta", "iter_xliff12", "write_xliff12"]
