"""Consistency across every catalog checked together: one source translated in different
ways, and one translation given to different sources.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from tarjama.checks.base import CheckContext, Issue, Severity, check
from tarjama.languages import primary_subtag
from tarjama.model import Unit

Members = list[tuple[Unit, CheckContext]]


def _translation(unit: Unit) -> str:
    if unit.source_plural is None:
        return " ".join(unit.target.split())
    return " | ".join(" ".join(form.split()) for form in unit.target_plurals)


def _where(unit: Unit, ctx: CheckContext) -> str:
    path = ctx.options.get("path", "")
    return f"{path}:{unit.line}" if unit.line else str(path)


def _groups(
    units: Sequence[tuple[Unit, CheckContext]], by_target: bool
) -> Iterator[Members]:
    """Units sharing a language, a context and a source (or a translation), only the groups
    of two or more; one dictionary look-up per unit, as most groups have one member."""
    first: dict[tuple[str, str | None, str], tuple[Unit, CheckContext]] = {}
    more: dict[tuple[str, str | None, str], Members] = {}
    last: CheckContext | None = None
    lang = ""
    for unit, ctx in units:
        if ctx is not last:
            last, lang = ctx, primary_subtag(ctx.target_lang)
        if by_target:
            text = unit.target.strip() if unit.source_plural is None else _translation(unit)
        else:
            text = unit.source if unit.source_plural is None else unit.source + "\x00" + (
                unit.source_plural)
        key = (lang, unit.context, text)
        seen = first.get(key)
        if seen is None:
            first[key] = (unit, ctx)
        elif key in more:
            more[key].append((unit, ctx))
        else:
            more[key] = [seen, (unit, ctx)]
    yield from more.values()


@check("inconsistent-translation", Severity.WARNING, "The same source translated the same way "
       "in every file", scope="collection")
def inconsistent_translation(
    units: Sequence[tuple[Unit, CheckContext]],
) -> Iterator[tuple[Unit, Issue]]:
    """Units with the same context and source (msgctxt exists precisely to allow different
    translations) should have the same translation; each unit that differs from the most
    common one is reported with the place of that one. White space does not count."""
    for members in _groups(units, by_target=False):
        translations = [_translation(unit) for unit, _ in members]
        counts = Counter(translations)
        if len(counts) < 2:
            continue
        usual = counts.most_common(1)[0][0]
        first_unit, first_ctx = members[translations.index(usual)]
        for (unit, _ctx), translation in zip(members, translations, strict=True):
            if translation != usual:
                yield unit, Issue(
                    f"translated differently at {_where(first_unit, first_ctx)}: {usual!r}"
                )


def _same_message(source: str) -> str:
    """Sources that differ only in case, accelerator marks or end punctuation are one
    message written twice."""
    return source.casefold().replace("_", "").replace("&", "").rstrip(".:!?… ")


@check("same-translation", Severity.INFO, "One translation used for different sources",
       scope="collection")
def same_translation(
    units: Sequence[tuple[Unit, CheckContext]],
) -> Iterator[tuple[Unit, Issue]]:
    """Two sources with the same translation may be synonyms, or one of them may be a
    mistranslation: info, for a reviewer to look at."""
    for members in _groups(units, by_target=True):
        seen: dict[str, tuple[Unit, CheckContext]] = {}
        for unit, ctx in members:
            seen.setdefault(_same_message(" ".join(unit.source.split())), (unit, ctx))
        if len(seen) < 2:
            continue
        (first_unit, first_ctx), *others = seen.values()
        for unit, _ctx in others:
            yield unit, Issue(
                f"same translation as {first_unit.source!r} at {_where(first_unit, first_ctx)}"
            )
