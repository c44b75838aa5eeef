"""The TMX reader: units of one language pair streamed out of TMX 1.1-1.4b files of any size,
through the hardened parser, with tarjama's props read back into PO fields."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tarjama.errors import FormatError, LanguageError, UsageError
from tarjama.formats import xmlsafe
from tarjama.formats.inline import inline_text
from tarjama.formats.tmx.props import (
    PROP_CONTEXT,
    PROP_FLAGS,
    PROP_FUZZY,
    PROP_MSGID,
    PROP_MSGID_PLURAL,
    PROP_REFERENCE,
    TARJAMA_PROPS,
    XML_LANG,
)
from tarjama.languages import normalize_tag, primary_subtag
from tarjama.model import Unit


@lru_cache(maxsize=256)
def _lang_key(code: str) -> str:
    return code.strip().replace("_", "-").lower()


# libxml2 keeps element lines in 16 bits: from line 65,535 on, lxml's ``sourceline`` falls
# back to the line of the element's first child node, and a text node's line is where it
# ends. A big TMX (one unit every ten lines) passes that line within 6,500 units.
_BIG_LINE = 65535


def element_line(element: Any) -> int | None:
    """The line of an element's start tag, correct past line 65,535 (see ``_BIG_LINE``)."""
    line: int | None = element.sourceline
    if line is None or line < _BIG_LINE:
        return line
    if element.text is not None:
        # The fallback took the text node after the start tag, which ends its newlines later.
        newlines: int = element.text.count("\n")
        return line - newlines
    if len(element) and isinstance(element[0].tag, str):
        return element_line(element[0])
    return line


@dataclass
class TmxHeader:
    """What the reader needs from a TMX header."""

    version: str
    srclang: str | None
    attributes: dict[str, str]


def read_header(path: str | Path) -> TmxHeader:
    """The ``header`` of a TMX file (only the start of the file is parsed)."""
    version = ""
    with closing(xmlsafe.iterparse(path, events=("start",))) as events:
        for _, element in events:
            if element.tag == "tmx" and element.getparent() is None:
                version = element.get("version", "")
                continue
            if element.tag != "header":
                raise FormatError(
                    f"not a TMX file: <{element.tag}> where <header> was expected",
                    path=path, line=element.sourceline,
                )
            attributes = {str(k): str(v) for k, v in element.attrib.items()}
            srclang = attributes.get("srclang", "").strip()
            if srclang.lower() in ("", "*all*"):
                srclang = ""
            return TmxHeader(version, srclang or None, attributes)
    raise FormatError("not a TMX file: no <tmx> and <header> elements", path=path, line=1)


def tmx_languages(path: str | Path) -> Counter[str]:
    """How many ``tuv`` elements each language has (codes as written, lower-cased)."""
    counts: Counter[str] = Counter()
    for _, tu in xmlsafe.iterparse(path, events=("end",), tag="tu"):
        for tuv in tu.iterchildren("tuv"):
            counts[_lang_key(tuv.get(XML_LANG) or tuv.get("lang") or "")] += 1
        _release(tu)
    return counts


def _release(tu: Any) -> None:
    """Free a tu that has been read, and the siblings before it, to keep memory bounded."""
    tu.clear(keep_tail=False)
    parent = tu.getparent()
    if parent is not None:
        while tu.getprevious() is not None:
            del parent[0]


def canonical_tag(code: str, path: str | Path, what: str) -> str:
    try:
        return normalize_tag(code)
    except LanguageError as exc:
        raise LanguageError(f"{what}: {exc.message}", path=path) from exc


def _listing(counts: Counter[str]) -> str:
    """The languages of a file's variants and their counts (:func:`tmx_languages`), for
    messages."""
    listing = ", ".join(f"{code or '(none)'} ({n} variants)" for code, n in counts.items())
    return listing or "none: the file has no translation units"


def _no_single_target(path: str | Path, source: str) -> UsageError:
    return UsageError(
        f"cannot tell the target language, give --target-lang (source {source}; "
        f"languages in the file: {_listing(tmx_languages(path))})",
        path=path,
    )


def resolve_pair(path: str | Path, source_lang: str | None,
                 target_lang: str | None) -> tuple[str, str]:
    """The (source, target) codes to read from a TMX: given ones, else the header's srclang
    and the one other language of the file (an error lists them when there are several)."""
    source = source_lang
    if source is None:
        source = read_header(path).srclang
    if source is None or target_lang is None:
        counts = tmx_languages(path)
        listing = _listing(counts)
        if source is None:
            raise UsageError(
                f"the header names no srclang; give --source-lang (languages in the file: "
                f"{listing})",
                path=path,
            )
        others = [code for code in counts if code and _lang_key(code) != _lang_key(source)]
        if len(others) != 1:
            raise UsageError(
                f"cannot tell the target language, give --target-lang (source {source}; "
                f"languages in the file: {listing})",
                path=path,
            )
        target_lang = others[0]
    return source, target_lang


def _pick(tuvs: list[tuple[str, Any]], wanted: str, taken: Any = None) -> Any:
    """The tuv in language ``wanted``: an exact (case-insensitive) match first, else one with
    the same primary subtag (``ar-SA`` for ``ar``)."""
    key = _lang_key(wanted)
    for lang, tuv in tuvs:
        if lang == key and tuv is not taken:
            return tuv
    primary = primary_subtag(key)
    for lang, tuv in tuvs:
        if tuv is not taken and primary_subtag(lang) == primary:
            return tuv
    return None


def seg_text(seg: Any, path: str | Path) -> str:
    """The text of a ``seg``: level-2 inline codes read back into the text they stand for.

    ``bpt``, ``ept``, ``it``, ``ph`` (and the deprecated ``ut``) contribute the original
    code they hold (``<b>``, ``</b>``, ``%s``), ``sub`` included; ``hi`` its text; a code that
    holds nothing is kept as a visible marker (:func:`tarjama.formats.inline.inline_text`).
    Comments and processing instructions are dropped.
    """
    return inline_text(seg, path=path)


def _text(element: Any, path: str | Path) -> str:
    return seg_text(element, path)


def _parse_reference(value: str) -> tuple[str, str]:
    head, sep, tail = value.rpartition(":")
    if sep and tail.isdigit():
        return head, tail
    return value, ""


def _unit_from_tu(tu: Any, source_tuv: Any, target_tuv: Any, source: str, target: str,
                  path: str | Path) -> Unit:
    """A unit with the seg texts and what the tu's props and notes say."""
    unit = Unit(source=source, target=target, line=element_line(tu))
    extracted: list[str] = []
    properties = unit.properties
    for name in ("tuid", "creationdate", "changedate", "creationid", "changeid", "usagecount"):
        value = tu.get(name)
        if value is not None:
            properties[name] = value
    for name in ("creationdate", "changedate", "creationid", "changeid"):
        value = target_tuv.get(name)
        if value is not None:
            properties[name] = value
    for holder in (tu, source_tuv):
        for child in holder:
            tag = child.tag
            if tag == "note":
                extracted.append(_text(child, path))
            elif tag == "prop":
                kind = child.get("type", "")
                value = _text(child, path)
                if kind == PROP_CONTEXT:
                    unit.context = value
                elif kind == PROP_REFERENCE:
                    unit.references.append(_parse_reference(value))
                elif kind == PROP_FLAGS:
                    unit.flags.extend(f.strip() for f in value.split(",") if f.strip())
                elif kind in TARJAMA_PROPS:
                    properties[kind] = value
                else:
                    # Another tool's metadata: kept as an extracted comment a translator sees.
                    extracted.append(f"{kind}: {value}")
                    properties.setdefault(kind, value)
    translator: list[str] = []
    for child in target_tuv:
        tag = child.tag
        if tag == "note":
            translator.append(_text(child, path))
        elif tag == "prop":
            kind = child.get("type", "")
            value = _text(child, path)
            if kind == PROP_FUZZY:
                if value.strip().lower() not in ("false", "no", "0"):
                    unit.fuzzy = True
            else:
                extracted.append(f"{kind}: {value}")
                properties.setdefault(kind, value)
    unit.extracted_notes = "\n".join(extracted)
    unit.translator_notes = "\n".join(translator)
    return unit


def iter_tmx(
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    on_skip: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[Unit]:
    """Stream the units of one language pair out of a TMX 1.1-1.4b file.

    One :class:`Unit` per ``tu`` holding both languages (``lang`` or ``xml:lang``, matched
    case-insensitively, then by primary subtag: ``AR`` and ``ar-SA`` match ``ar``); the pair
    defaults to the header's ``srclang`` and the file's one other language. ``Unit.line`` is
    the line of the ``tu``; ``source_lang``/``target_lang`` are canonical tags. Props and notes
    tarjama writes come back as context, references, flags and comments; other tools' props
    become extracted comments. A plural form's tu yields its own unit with
    ``properties["x-plural-form"]`` (:func:`read_tmx` joins the forms). ``on_skip`` hears of
    every unit left out and why; ``on_warning`` of odd but accepted input (``ar_SA``);
    ``on_read`` of the bytes read (for a progress bar). Memory stays bounded: each ``tu`` is
    cleared once read.
    """
    source_code = source_lang or read_header(path).srclang
    if source_code is None:
        # No srclang to go by: a census of the file names its languages in the error.
        source_code, target_lang = resolve_pair(path, source_lang, target_lang)
    source_tag = canonical_tag(source_code, path, "source language")
    # Without a target language, the first unit with another language names it, and any
    # unit with a third language is an error: one pass over the file, not two.
    target_code = target_lang
    target_tag = "" if target_code is None else canonical_tag(target_code, path, "target language")
    if target_code is not None and _lang_key(source_code) == _lang_key(target_code):
        raise UsageError(f"source and target language are both {source_tag}", path=path)
    skip = on_skip or (lambda message: None)
    warned: set[str] = set()
    ignored: Counter[str] = Counter()
    # Units read, and units left out because a language of the pair is missing: when that is
    # every unit, the file holds another pair than the one asked for.
    read = lacking = 0
    for _, tu in xmlsafe.iterparse(path, events=("end",), tag="tu", on_read=on_read):
        read += 1
        tuvs: list[tuple[str, Any]] = []
        for tuv in tu.iterchildren("tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang") or ""
            if "_" in code and code not in warned and on_warning is not None:
                warned.add(code)
                on_warning(
                    f"{path}:{element_line(tuv)}: language code {code!r} uses '_' where BCP 47 "
                    f"has '-'; read as {code.replace('_', '-')!r}"
                )
            tuvs.append((_lang_key(code), tuv))
        if target_lang is None:
            picked = _pick(tuvs, source_code)
            others = {lang for lang, tuv in tuvs if tuv is not picked and lang}
            if target_code is not None:
                others.discard(_lang_key(target_code))
            if target_code is None and len(others) == 1:
                target_code = others.pop()
                target_tag = canonical_tag(target_code, path, "target language")
            if others:
                raise _no_single_target(path, source_code)
        if target_code is None:
            skip(f"{path}:{element_line(tu)}: no variant besides {source_tag}; unit skipped")
            lacking += 1
            _release(tu)
            continue
        source_tuv = _pick(tuvs, source_code)
        target_tuv = _pick(tuvs, target_code, taken=source_tuv)
        line = element_line(tu)
        if source_tuv is None or target_tuv is None:
            missing = source_tag if source_tuv is None else target_tag
            skip(f"{path}:{line}: no {missing} variant; unit skipped")
            lacking += 1
        else:
            for lang, tuv in tuvs:
                if tuv is not source_tuv and tuv is not target_tuv:
                    ignored[lang] += 1
            source_seg = source_tuv.find("seg")
            target_seg = target_tuv.find("seg")
            source = "" if source_seg is None else seg_text(source_seg, path)
            target = "" if target_seg is None else seg_text(target_seg, path)
            if not source:
                skip(f"{path}:{line}: empty {source_tag} segment; unit skipped")
            elif not target:
                skip(f"{path}:{line}: empty {target_tag} segment; unit skipped")
            else:
                unit = _unit_from_tu(tu, source_tuv, target_tuv, source, target, path)
                unit.source_lang = source_tag
                unit.target_lang = target_tag
                yield unit
        _release(tu)
    if read and lacking == read:
        pair = f"{source_tag} and {target_tag}" if target_tag else f"{source_tag} and another"
        raise LanguageError(
            f"no unit has both {pair} language variants (languages in the file: "
            f"{_listing(tmx_languages(path))}); check --source-lang and --target-lang",
            path=path,
        )
    if ignored:
        listing = ", ".join(f"{lang} ({n})" for lang, n in ignored.items())
        skip(f"{path}: variants in other languages ignored: {listing}")





def fold_plural_form(unit: Unit, groups: dict[tuple[str | None, str, str], Unit],
                     form: int) -> Unit | None:
    """Fold the unit of one plural form (a tu tarjama wrote with ``x-plural-form``) into the
    plural unit of its entry in ``groups``; the entry when this made it, None when the form
    joined an entry already made."""
    props = unit.properties
    if form == 0:
        msgid, msgid_plural = unit.source, props.get(PROP_MSGID_PLURAL, "")
    else:
        msgid, msgid_plural = props.get(PROP_MSGID, ""), unit.source
    key = (unit.context, msgid, msgid_plural)
    entry = groups.get(key)
    fresh = entry is None
    if entry is None:
        entry = Unit(
            source=msgid, source_plural=msgid_plural, context=unit.context,
            references=list(unit.references), translator_notes=unit.translator_notes,
            extracted_notes=unit.extracted_notes, flags=list(unit.flags),
            source_lang=unit.source_lang, target_lang=unit.target_lang, line=unit.line,
            properties={k: v for k, v in props.items() if k not in TARJAMA_PROPS},
        )
        groups[key] = entry
    while len(entry.target_plurals) <= form:
        entry.target_plurals.append("")
    entry.target_plurals[form] = unit.target
    if unit.fuzzy:
        entry.fuzzy = True
    return entry if fresh else None
