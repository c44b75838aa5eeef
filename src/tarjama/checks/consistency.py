"""Consistency across every catalog checked together: one source translated in different
ways, and one translation given to different sources.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from tarjama.checks.base import CheckContext, Issue, Severity, check
from tarjama.languages import primary_subtag
from tarjama.model import Unit


def _folded(text: str) -> str:
    return " ".join(text.split())


def _where(unit: Unit, ctx: CheckContext) -> str:
    path = ctx.options.get("path", "")
    return f"{path}:{unit.line}" if unit.line else str(path)


def _most_common(counter: Counter[str]) -> str:
    return counter.most_common(1)[0][0]


@check("inconsistent-translation", Severity.WARNING, "The same source translated the same way "
       "in every file", scope="collection")
def inconsistent_translation(
    units: Sequence[tuple[Unit, CheckContext]],
) -> Iterator[tuple[Unit, Issue]]:
    """Units with the same context and source (msgctxt exists precisely to allow different
    translations) should have the same translation; each unit that differs from the most
    common one is reported with the place of that one."""
    groups: dict[tuple[str, str | None, str], list[tuple[Unit, CheckContext, str]]] = (
        defaultdict(list)
    )
    for unit, ctx in units:
        key = (primary_subtag(ctx.target_lang), unit.context, "\x00".join(unit.sources))
        groups[key].append((unit, ctx, "\x00".join(_folded(t) for t in unit.targets)))
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(target for _, _, target in members)
        if len(counts) < 2:
            continue
        usual = _most_common(counts)
        first = next((u, c) for u, c, target in members if target == usual)
        for unit, _ctx, target in members:
            if target != usual:
                shown = usual.replace("\x00", " | ")
                yield unit, Issue(
                    f"translated differently at {_where(*first)}: {shown!r}"
                )


@check("same-translation", Severity.INFO, "One translation used for different sources",
       scope="collection")
def same_translation(
    units: Sequence[tuple[Unit, CheckContext]],
) -> Iterator[tuple[Unit, Issue]]:
    """Two sources with the same translation may be synonyms, or one of them may be a
    mistranslation: info, for a reviewer to look at. Sources that differ only in case,
    accelerator marks or end punctuation are the same message written twice."""
    groups: dict[tuple[str, str | None, str], dict[str, tuple[Unit, CheckContext]]] = (
        defaultdict(dict)
    )
    for unit, ctx in units:
        target = "\x00".join(_folded(t) for t in unit.targets).casefold()
        if len(target) < 2:
            continue
        source = _folded(unit.source).casefold().replace("_", "").replace("&", "")
        source = source.rstrip(".:!?… ")
        key = (primary_subtag(ctx.target_lang), unit.context, target)
        groups[key].setdefault(source, (unit, ctx))
    for members in groups.values():
        if len(members) < 2:
            continue
        (first_unit, first_ctx), *others = members.values()
        for unit, _ctx in others:
            yield unit, Issue(
                f"same translation as {first_unit.source!r} at {_where(first_unit, first_ctx)}"
            )
