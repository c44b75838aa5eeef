"""What ``tarjama memory build`` and ``tarjama memory info`` do: build indexes and describe
them, as lines of text (or JSON) for the command to print."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from tarjama.display import for_terminal
from tarjama.errors import UsageError
from tarjama.fileio import check_not_input
from tarjama.memory.index import MemoryIndex, MemoryUnit
from tarjama.memory.match import DEFAULT_SCORER, MatchKind, diff_words
from tarjama.memory.store import (
    Match,
    Memory,
    Pair,
    Report,
    build_index,
    open_index,
    open_memory,
)
from tarjama.progress import ByteProgress, quiet_bytes


def _describe(index: MemoryIndex, name: str) -> dict[str, object]:
    return {
        "memory": name,
        "index": index.path,
        "units": index.size,
        "source_lang": index.source_lang,
        "target_lang": index.target_lang,
        "index_bytes": index.file_size(),
        "built_from": [
            {"path": origin.path, "units": origin.units, "bytes": origin.size}
            for origin in index.origins.values()
        ],
    }


def _line(info: dict[str, object]) -> str:
    sources = info["built_from"]
    assert isinstance(sources, list)
    origin = ", ".join(f"{s['path']} ({s['units']} units)" for s in sources)
    size = int(str(info["index_bytes"])) / 1e6
    return (f"{info['memory']}: {info['units']} units, {info['source_lang'] or '?'} -> "
            f"{info['target_lang'] or '?'}, index {info['index']} ({size:.1f} MB); "
            f"built from {origin}")




def _total_bytes(paths: Sequence[str]) -> int | None:
    """The memories' size together; None when one cannot be measured."""
    try:
        return sum(Path(path).stat().st_size for path in paths)
    except OSError:
        return None


def build_command(
    memories: Sequence[str],
    output: str | None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    report: Report,
    progress: ByteProgress = quiet_bytes,
) -> list[str]:
    """Index ``memories`` into ``output`` (one index for all) or each into the cache;
    ``progress`` is a byte progress display (:mod:`tarjama.progress`)."""
    pair = Pair(source_lang, target_lang)
    start = time.perf_counter()
    lines = []
    if output is not None:
        check_not_input(output, memories)
    with progress(_total_bytes(memories), label="Indexing") as advance:
        if output is not None:
            index = build_index(memories, output, pair=pair, on_read=advance)
            lines.append(_line(_describe(index, output)))
            index.close()
        else:
            for path in memories:
                index = open_index(path, pair, report, on_read=advance, rebuild=True)
                lines.append(_line(_describe(index, path)))
                index.close()
    lines.append(f"done in {time.perf_counter() - start:.1f} s")
    return lines


def describe_indexes(memories: Sequence[str], *, fmt: str, report: Report) -> str:
    """Describe the index of each memory (building cached ones that are missing)."""
    pair = Pair()
    infos = []
    for path in memories:
        index = open_index(path, pair, report)
        infos.append(_describe(index, path))
        index.close()
    if fmt == "json":
        return json.dumps(infos, ensure_ascii=False, indent=2) + "\n"
    return "".join(_line(info) + "\n" for info in infos)




def _match_dict(match: Match | None, unit: MemoryUnit) -> dict[str, object]:
    found: dict[str, object] = {}
    if match is not None:
        found = {"score": match.score, "kind": match.kind.value}
    found.update({
        "source": unit.source,
        "target": unit.target,
        "context": unit.context,
        "memory": unit.origin,
        "line": unit.line,
    })
    if unit.is_plural:
        found["source_plural"] = unit.source_plural
        found["target_plurals"] = list(unit.target_plurals)
    if match is not None and match.adapted is not None:
        found["proposed_target"] = match.target
        if unit.is_plural:
            found["proposed_target_plurals"] = list(match.target_plurals)
        found["substitutions"] = [{"kind": s.kind, "memory": s.old, "proposed": s.new}
                                  for s in match.substitutions]
    if match is not None and match.note:
        found["not_substituted"] = match.note
    return found


def _diff_line(query: str, unit: MemoryUnit) -> str:
    """The words that differ, wdiff-style: ``[-memory-]{+query+}``."""
    parts = []
    for op, old, new in diff_words(query, unit.source):
        if op == "equal":
            parts.append(old)
            continue
        if old:
            parts.append(f"[-{old}-]")
        if new:
            parts.append(f"{{+{new}+}}")
    return " ".join(parts)


def _field(text: str) -> str:
    """A field of a match on its line: a msgstr's newlines and control characters shown as
    escapes, so that it can neither drive the terminal nor forge another match's lines."""
    return for_terminal(text, newlines=False)


def _text_block(number: int, query: str, match: Match | None, unit: MemoryUnit) -> str:
    origin = _field(unit.origin)
    where = origin if unit.line is None else f"{origin}:{unit.line}"
    head = f"{number}. {where}"
    if match is not None:
        head = f"{number}. {match.score:g}% {match.kind.value}  {where}"
    lines = [head]
    if unit.context is not None:
        lines.append(f"   context: {_field(unit.context)}")
    lines.append(f"   source:  {_field(unit.source)}")
    lines.append(f"   target:  {_field(unit.target)}")
    if unit.is_plural:
        lines.append(f"   plural:  {_field(unit.source_plural or '')}")
        for form, text in enumerate(unit.target_plurals):
            lines.append(f"   form {form}:  {_field(text)}")
    if match is not None and match.adapted is not None:
        lines.append(f"   proposed: {_field(match.target)}")
        if unit.is_plural:
            for form, text in enumerate(match.target_plurals):
                lines.append(f"   form {form}:  {_field(text)}")
        lines.append("   substituted: " + ", ".join(str(s) for s in match.substitutions))
    if match is not None and match.kind in (MatchKind.FUZZY, MatchKind.PLACEABLE):
        lines.append(f"   changes: {_diff_line(query, unit)}")
    if match is not None and match.note:
        lines.append(f"   not substituted: {match.note}")
    return "\n".join(lines) + "\n"


def refuse_empty_query(text: str) -> None:
    """An empty query matches nothing (or, as a concordance, everything): a slip of the
    shell ("$word" unset) or of a client, not a question."""
    if not text.strip():
        raise UsageError("nothing to look up: the text is empty")


def find(
    memory: Memory,
    text: str,
    *,
    where: str,
    limit: int = 5,
    min_score: float = 0.0,
    concordance: bool = False,
    context: str | None = None,
) -> list[tuple[Match | None, MemoryUnit]]:
    """The best matches of ``text`` in an open memory (or, with ``concordance``, the units
    containing it), each with its unit; ``where`` names the memory in errors. The one search
    behind ``tarjama lookup`` and the server's lookup and concordance."""
    refuse_empty_query(text)
    memory.pair.refuse_query(where, text)
    if concordance:
        return [(None, unit) for unit in memory.concordance(text, limit=limit)]
    return [(match, match.unit) for match in
            memory.lookup(text, context=context, limit=limit, min_score=min_score)]


def lookup_payload(text: str, found: Sequence[tuple[Match | None, MemoryUnit]], *,
                   concordance: bool = False) -> dict[str, object]:
    """What ``tarjama lookup --format json`` prints (and the server's ``/api/v1/lookup``
    answers): the query, the mode and each result."""
    return {"query": text, "mode": "concordance" if concordance else "match",
            "results": [_match_dict(match, unit) for match, unit in found]}


def lookup_command(
    text: str,
    memories: Sequence[str],
    *,
    limit: int = 5,
    min_score: float = 0.0,
    concordance: bool = False,
    context: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    scorer: str = DEFAULT_SCORER,
    fmt: str = "text",
    report: Report,
) -> tuple[str, int]:
    """The best matches of ``text`` (or, with ``concordance``, the units containing it),
    formatted, and how many were found."""
    refuse_empty_query(text)
    with open_memory(memories, source_lang=source_lang, target_lang=target_lang,
                     scorer=scorer, report=report) as memory:
        found = find(memory, text, where=memories[0], limit=limit, min_score=min_score,
                     concordance=concordance, context=context)
    if fmt == "json":
        payload = lookup_payload(text, found, concordance=concordance)
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n", len(found)
    return "".join(_text_block(number, text, match, unit)
                   for number, (match, unit) in enumerate(found, 1)), len(found)
