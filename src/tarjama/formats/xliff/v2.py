"""XLIFF 2.0 and 2.1: a streaming writer of PO catalogs and a streaming reader of any tool's.

The mapping (docs/xliff.md has the reasons): ``srcLang``/``trgLang`` on the document (one
target language per file: XLIFF 2 has no per-file language); one ``<file>`` per catalog with
the PO header in a Metadata-module group; one ``<unit>`` per singular entry with one
``<segment>``; a plural entry is a ``<group type="gettext:plurals">`` of one unit per form;
msgctxt, flags, references and previous msgids as ``<mda:meta>`` of the ``po-entry`` group;
comments as ``<note category="developer|translator">``. States: translated ``translated``,
fuzzy ``initial`` with its target and ``subState="gettext:fuzzy"``, untranslated ``initial``
with no target (or the source copied, ``subState="tarjama:copied"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tarjama.bulk import collector_paused
from tarjama.errors import FormatError, UsageError
from tarjama.fileio import atomic_open
from tarjama.formats import xmlsafe
from tarjama.formats.inline import inline_text, mark_unit, original_data_xml
from tarjama.formats.xliff.common import (
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
    localname,
    release,
    unit_id,
)
from tarjama.formats.xliff.v12 import FileInfo
from tarjama.model import Catalog, Unit
from tarjama.progress import Progress, quiet

NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
VERSIONS = ("2.0", "2.1")
PLURALS = "gettext:plurals"
SUB_FUZZY = "gettext:fuzzy"
SUB_COPIED = "tarjama:copied"
GROUP_ENTRY = "po-entry"
GROUP_HEADER = "po-header"
GROUP_HEADER_EXTRA = "po-header-extra"
STATES = ("initial", "translated", "reviewed", "final")
# meta type -> the Unit field holding it (references and flags are lists, handled apart).
META_FIELDS = {"msgctxt": "context", "msgid_plural": "source_plural",
               "previous-msgctxt": "previous_context",
               "previous-msgid": "previous_source",
               "previous-msgid_plural": "previous_source_plural"}
_LINE_LIMIT = 65535


def _line(element: Any) -> int | None:
    line: int | None = element.sourceline
    return None if line is None or line >= _LINE_LIMIT else line


# --- writing -------------------------------------------------------------------------------------


def _metadata(category: str, metas: list[tuple[str, str]]) -> str:
    if not metas:
        return ""
    inner = "".join(f'<mda:meta type="{attribute(kind)}">{escape(value)}</mda:meta>'
                    for kind, value in metas)
    return f'<mda:metadata><mda:metaGroup category="{category}">{inner}</mda:metaGroup>' \
           "</mda:metadata>\n"


def _entry_metadata(unit: Unit) -> str:
    metas: list[tuple[str, str]] = []
    for kind, name in META_FIELDS.items():
        value = getattr(unit, name)
        if value is not None:
            metas.append((kind, value))
    flags = [flag for flag in unit.flags if flag != "fuzzy"]
    if flags:
        metas.append(("flags", ", ".join(flags)))
    metas.extend(("reference", f"{path}:{line}" if line else path)
                 for path, line in unit.references)
    notes = [(kind, text) for kind, text in (("developer", unit.extracted_notes),
                                               ("translator", unit.translator_notes)) if text]
    out = _metadata(GROUP_ENTRY, metas)
    if notes:
        out += "<notes>" + "".join(f'<note category="{kind}">{escape(text)}</note>'
                                   for kind, text in notes) + "</notes>\n"
    return out


@dataclass
class _Writer:
    cleaner: Cleaner
    copy_source: bool
    stats: ExportStats

    def file_start(self, catalog: Catalog, index: int) -> str:
        original = catalog.path or f"catalog-{index + 1}.po"
        clean = self.cleaner.text
        header = _metadata(GROUP_HEADER, [(name, clean(value))
                                          for name, value in catalog.header.items()])
        extra = [(kind, clean(value)) for kind, value in (
            ("comment", catalog.header_comment), ("flags", ", ".join(catalog.header_flags)))
            if value]
        if extra:
            group = _metadata(GROUP_HEADER_EXTRA, extra)
            header = (header.replace("</mda:metadata>\n", group[len("<mda:metadata>"):])
                      if header else group)
        return f'<file id="f{index + 1}" original="{attribute(original)}">\n{header}'

    def unit(self, unit: Unit, catalog: Catalog) -> str:
        unit = self.cleaner.unit(unit, catalog)
        stats = self.stats
        stats.units += 1
        # Every translation goes out, even the forms of a plural entry not translated in
        # all its forms; empty ones get no target (or the copied source).
        sub = None
        targets = unit.targets
        if unit.fuzzy:
            stats.fuzzy += 1
            state, sub = "initial", SUB_FUZZY
        elif unit.is_translated:
            stats.translated += 1
            state = "translated"
        else:
            stats.untranslated += 1
            state = "translated"
        if self.copy_source and any(not text for text in targets):
            stats.copied += 1
        name = unit.context if unit.context is not None else unit.source
        if unit.source_plural is None:
            segment = self._segment(unit.source, targets[0] if targets else None, state, sub)
            return (f'<unit id="{unit_id(unit)}" name="{attribute(name)}">\n'
                    f"{_entry_metadata(unit)}{segment}</unit>\n")
        ident = unit_id(unit)
        out = [f'<group id="{ident}" name="{attribute(name)}" type="{PLURALS}">\n'
               f"{_entry_metadata(unit)}"]
        for form in range(max(form_count(unit, catalog), len(targets))):
            source = unit.source if form == 0 else unit.source_plural or ""
            text = targets[form] if form < len(targets) else None
            out.append(f'<unit id="{ident}-{form}">\n'
                       f"{self._segment(source, text, state, sub)}</unit>\n")
        out.append("</group>\n")
        return "".join(out)

    def _segment(self, source: str, target: str | None, state: str, sub: str | None) -> str:
        """The unit's ``originalData`` (when its texts hold codes) and its ``segment``:
        placeholders and tags as inline codes pointing at their original text. An empty
        target is none (or the copied source, initial + copied)."""
        if not target:
            if self.copy_source:
                target, state, sub = source, "initial", SUB_COPIED
            else:
                target, state = None, "initial"
        marked = mark_unit(source, [] if target is None else [target], "xliff2")
        attributes = f'state="{state}"' + (f' subState="{sub}"' if sub else "")
        text = f"<target>{marked.targets[0]}</target>" if target is not None else ""
        return (f"{original_data_xml(marked.data)}<segment {attributes}>"
                f"<source>{marked.source}</source>{text}</segment>\n")


def write_xliff2(
    catalogs: Sequence[Catalog],
    output: str | Path | IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    copy_source: bool = False,
    invalid_chars: str = "error",
    version: str = "2.0",
    progress: Progress | None = None,
    units: Sequence[Iterable[Unit]] | None = None,
) -> ExportStats:
    """Write PO catalogs of one language pair as one XLIFF 2.0 or 2.1 file, streaming.

    Every active entry goes out (see the module for the mapping); ``copy_source`` pre-fills
    untranslated targets with the source. Catalogs in several target languages are a
    :class:`UsageError`: an XLIFF 2 document has one ``trgLang``. ``units`` gives each
    catalog's units as they are read (see ``catalog_entries``).
    """
    if version not in VERSIONS:
        raise UsageError(f"XLIFF version {version} is not one of {', '.join(VERSIONS)}")
    stats = ExportStats(format="xliff2", catalogs=len(catalogs))
    source, _ = export_languages(catalogs, source_lang, target_lang, stats,
                                 "an XLIFF 2 document")
    if len(stats.languages) > 1:
        raise UsageError(
            f"the catalogs are in {', '.join(stats.languages)}, and an XLIFF 2 document has one "
            "target language (trgLang): export each language to its own file")
    target = stats.languages[0] if stats.languages else None
    writer = _Writer(Cleaner(invalid_chars, stats), copy_source, stats)
    total = entry_count(catalogs, units)
    sink: AbstractContextManager[Any]
    sink = atomic_open(output) if isinstance(output, str | Path) else nullcontext(output)
    trg = f' trgLang="{attribute(target)}"' if target else ""
    with collector_paused(), sink as handle, (progress or quiet)(
            catalog_entries(catalogs, units), length=total, label="Exporting") as entries:
        handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NS}" '
                     f'xmlns:mda="{MDA}" version="{version}" srcLang="{attribute(source)}"'
                     f'{trg} xml:space="preserve">\n'.encode())
        batch: list[str] = []
        current, written = -1, 0
        for index, catalog, unit in entries:
            if index != current:
                if current >= 0:
                    batch.append(_close_file(written))
                current, written = index, 0
                batch.append(writer.file_start(catalog, index))
            if unit is None:
                continue
            if unit.obsolete:
                stats.skipped_obsolete += 1
                continue
            batch.append(writer.unit(unit, catalog))
            written += 1
            if len(batch) >= 512:
                handle.write("".join(batch).encode("utf-8"))
                batch.clear()
        if current >= 0:
            batch.append(_close_file(written))
        batch.append("</xliff>\n")
        handle.write("".join(batch).encode("utf-8"))
    return stats


def _close_file(written: int) -> str:
    # The schema wants a unit or a group in every file: an empty group says "nothing here".
    return ("" if written else '<group id="empty"/>\n') + "</file>\n"


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One unit of an XLIFF 2 file: its joined texts, lowest state and metadata."""

    source: str
    target: str | None
    state: str
    sub_state: str | None
    translate: bool
    element: Any
    notes: list[tuple[str, str]] = field(default_factory=list)


def _state_rank(state: str) -> int:
    return STATES.index(state) if state in STATES else 0


class _Reader:
    def __init__(self, path: str, stats: ReadStats) -> None:
        self.path = path
        self.stats = stats

    def part(self, element: Any) -> _Part:
        data: dict[str, str] = {}
        sources: list[str] = []
        targets: list[str | None] = []
        states: list[str] = []
        kinds: list[str] = []
        sub_state: str | None = None
        notes: list[tuple[str, str]] = []
        for child in element:
            name = localname(child)
            if name == "originalData":
                for item in child:
                    if localname(item) == "data":
                        data[item.get("id", "")] = inline_text(item, path=self.path)
            elif name == "notes":
                notes = [(note.get("category") or "", inline_text(note, path=self.path))
                         for note in child if localname(note) == "note"]
            elif name in ("segment", "ignorable"):
                source, target = self._texts(child, data)
                sources.append(source)
                kinds.append(name)
                # An ignorable without a target is the same in both languages.
                targets.append(source if target is None and name == "ignorable" else target)
                if name == "segment":
                    states.append(child.get("state") or "initial")
                    sub_state = sub_state or child.get("subState")
        if not sources:
            raise FormatError("<unit> without a <segment>", path=self.path, line=_line(element))
        translated = [t for t, kind in zip(targets, kinds, strict=True) if kind == "segment"]
        target = None
        if any(t is not None for t in translated):
            target = "".join(t or "" for t in targets)
        state = min(states, key=_state_rank) if states else "initial"
        return _Part("".join(sources), target, state, sub_state,
                     element.get("translate", "yes").lower() != "no", element, notes)

    def _texts(self, segment: Any, data: dict[str, str]) -> tuple[str, str | None]:
        source, target = "", None
        for child in segment:
            name = localname(child)
            if name == "source":
                source = inline_text(child, data=data, path=self.path)
            elif name == "target":
                target = inline_text(child, data=data, path=self.path)
        return source, target


def _status(part: _Part) -> tuple[str, bool]:
    """The translation a unit holds and whether it is fuzzy: ``initial`` with a target is
    fuzzy (translate-toolkit's reading too) unless the target is the copied source."""
    target = part.target or ""
    if part.state != "initial":
        return target, False
    if part.sub_state == SUB_FUZZY:
        return target, True
    if not target or target == part.source:
        return "", False
    return target, True


def _reference(text: str) -> tuple[str, str]:
    head, sep, tail = text.rpartition(":")
    return (head, tail) if sep and tail.isdigit() else (text, "")


def _apply_notes(unit: Unit, notes: list[tuple[str, str]]) -> None:
    developer: list[str] = []
    translator: list[str] = []
    for category, text in notes:
        if category == "translator":
            translator.append(text)
        elif category == "location":
            unit.references.append(_reference(text))
        elif category == "meaning" and unit.context is None:
            unit.context = text  # Angular's meaning tells identical texts apart, as msgctxt
        elif category in ("developer", "description", ""):
            developer.append(text)
        else:
            developer.append(f"{category}: {text}")
    unit.extracted_notes = "\n".join(developer)
    unit.translator_notes = "\n".join(translator)


def _apply(unit: Unit, metadata: Any, notes: list[tuple[str, str]], path: str) -> None:
    _apply_notes(unit, notes)
    if metadata is None:
        return
    for group in metadata.iter(f"{{{MDA}}}metaGroup"):
        if group.get("category") != GROUP_ENTRY:
            continue
        for meta in group:
            if localname(meta) != "meta":
                continue
            kind, value = meta.get("type", ""), inline_text(meta, path=path)
            if kind in META_FIELDS:
                setattr(unit, META_FIELDS[kind], value)
            elif kind == "flags":
                unit.flags.extend(f.strip() for f in value.split(",") if f.strip())
            elif kind == "reference":
                unit.references.append(_reference(value))


def _metadata_of(element: Any) -> Any:
    for child in element:
        if child.tag == f"{{{MDA}}}metadata":
            return child
    return None


def _notes_of(element: Any, path: str) -> list[tuple[str, str]]:
    for child in element:
        if localname(child) == "notes":
            return [(note.get("category") or "", inline_text(note, path=path))
                    for note in child if localname(note) == "note"]
    return []


def _unit(part: _Part, info: FileInfo, path: str) -> Unit:
    target, fuzzy = _status(part)
    unit = Unit(source=part.source, target=target, line=_line(part.element),
                source_lang=info.source_lang, target_lang=info.target_lang)
    _apply(unit, _metadata_of(part.element), part.notes, path)
    for name in ("id", "name"):
        value = part.element.get(name)
        if value is not None:
            unit.properties[name] = value
    if fuzzy:
        unit.fuzzy = True
    return unit


def _plural(group: Any, parts: list[_Part], info: FileInfo, path: str) -> Unit:
    statuses = [_status(part) for part in parts]
    unit = Unit(source=parts[0].source,
                source_plural=parts[1].source if len(parts) > 1 else parts[0].source,
                target_plurals=[target for target, _ in statuses], line=_line(group),
                source_lang=info.source_lang, target_lang=info.target_lang)
    _apply(unit, _metadata_of(group), _notes_of(group, path), path)
    unit.properties["id"] = group.get("id", "")
    if any(fuzzy for _, fuzzy in statuses):
        unit.fuzzy = True
    return unit


def _file_header(element: Any, info: FileInfo, path: str) -> None:
    metadata = _metadata_of(element)
    if metadata is None:
        return
    for group in metadata.iter(f"{{{MDA}}}metaGroup"):
        category = group.get("category")
        for meta in group:
            if localname(meta) != "meta":
                continue
            kind, value = meta.get("type", ""), inline_text(meta, path=path)
            if category == GROUP_HEADER:
                info.header[kind] = value
            elif category == GROUP_HEADER_EXTRA and kind == "comment":
                info.header_comment = value
            elif category == GROUP_HEADER_EXTRA and kind == "flags":
                info.header_flags = [f.strip() for f in value.split(",") if f.strip()]


class _Stream:
    """The state of a pass over an XLIFF 2 file: the document's languages, the current
    ``<file>`` and the plural groups open around the current element."""

    def __init__(self, path: str, stats: ReadStats) -> None:
        self.path = path
        self.stats = stats
        self.reader = _Reader(path, stats)
        self.info: FileInfo | None = None
        self.languages: tuple[str | None, str | None] = (None, None)
        self.plural_parts: list[list[_Part]] = []

    def start(self, tag: str, element: Any) -> None:
        name = self.path
        warn = self.stats.warnings.append
        if element.getparent() is None:
            if tag != "xliff":
                raise FormatError(f"not an XLIFF file: the root is <{tag}>", path=name,
                                  line=_line(element))
            self.languages = (canonical_lang(element.get("srcLang"), name, "srcLang", warn),
                              canonical_lang(element.get("trgLang"), name, "trgLang", warn))
            if self.languages[1] is None:
                warn(f"{name}:{_line(element)}: <xliff> has no trgLang; the target language "
                     "is taken from elsewhere")
        elif tag == "file":
            self.info = FileInfo(element.get("original") or element.get("id") or "",
                                 self.languages[0], self.languages[1], _line(element))
            self.stats.files += 1
        elif tag == "group" and element.get("type") == PLURALS:
            self.plural_parts.append([])

    def end(self, tag: str, element: Any) -> Unit | None:
        info = self.info
        if tag == "metadata":
            parent = element.getparent()
            if parent is not None and localname(parent) == "file" and info is not None:
                _file_header(parent, info, self.path)
            return None
        if info is None or tag not in ("unit", "group", "file"):
            return None
        unit = None
        if tag == "unit":
            part = self.reader.part(element)
            parent = element.getparent()
            if self.plural_parts and parent is not None and parent.get("type") == PLURALS:
                self.plural_parts[-1].append(part)
                return None
            if not part.translate:
                self.stats.skipped.append(f'{self.path}:{_line(element)}: translate="no"; '
                                          "left out")
            else:
                self.stats.units += 1
                unit = _unit(part, info, self.path)
        elif tag == "group":
            if element.get("type") != PLURALS:
                return None
            parts = self.plural_parts.pop()
            if parts:
                self.stats.units += 1
                unit = _plural(element, parts, info, self.path)
        release(element)
        return unit


def iter_xliff2(
    path: str | Path,
    stats: ReadStats | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[tuple[FileInfo, Unit]]:
    """Stream the entries of an XLIFF 2.x file, each with the ``<file>`` it is in.

    A unit's segments and ignorables join into one text (a segmenting tool's units come
    back whole); its state is its lowest segment's. A ``<group type="gettext:plurals">``
    gives one plural entry. Units with ``translate="no"`` are left out (said in ``stats``).
    """
    stats = stats if stats is not None else ReadStats()
    stream = _Stream(str(path), stats)
    for event, element in xmlsafe.iterparse(
            path, events=("start", "end"), on_read=on_read,
            tag=("{*}xliff", "{*}file", "{*}group", "{*}unit", f"{{{MDA}}}metadata")):
        tag = localname(element)
        if event == "start":
            stream.start(tag, element)
            continue
        unit = stream.end(tag, element)
        if unit is not None and stream.info is not None:
            yield stream.info, unit
    if stats.files == 0:
        raise FormatError("not an XLIFF file: no <xliff> with a <file>", path=path, line=1)


__all__ = ["NS", "VERSIONS", "iter_xliff2", "write_xliff2"]
