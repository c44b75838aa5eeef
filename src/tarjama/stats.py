"""Progress figures of catalogs: segments and source words by status."""

from __future__ import annotations

from dataclasses import dataclass, field

from tarjama.catalog_languages import catalog_languages
from tarjama.model import Catalog, Status, Unit

_COUNTED: tuple[Status, ...] = (Status.TRANSLATED, Status.FUZZY, Status.UNTRANSLATED)


def word_count(text: str) -> int:
    """Words as translators count them: runs of non-space characters."""
    return len(text.split())


@dataclass
class CatalogStats:
    """Segments and source words of one catalog, by status (obsolete units are not counted)."""

    path: str
    source_lang: str = ""
    target_lang: str | None = None
    segments: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in _COUNTED})
    words: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in _COUNTED})

    def add(self, unit: Unit) -> None:
        status = unit.status
        if status is Status.OBSOLETE:
            return
        self.segments[status.value] += 1
        self.words[status.value] += word_count(unit.source)

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent_translated(self) -> float:
        """Share of source words translated, 0-100."""
        total = self.total_words
        return 100.0 * self.words[Status.TRANSLATED.value] / total if total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "segments": {**self.segments, "total": self.total_segments},
            "words": {**self.words, "total": self.total_words},
            "percent_translated": round(self.percent_translated, 1),
        }


def catalog_stats(catalog: Catalog, path: str | None = None) -> CatalogStats:
    """Count the catalog's units and source words by status."""
    languages = catalog_languages(catalog)
    stats = CatalogStats(path=path or catalog.path or "<catalog>", source_lang=languages.source,
                         target_lang=languages.target)
    for unit in catalog.units:
        stats.add(unit)
    return stats


def total(all_stats: list[CatalogStats]) -> CatalogStats:
    """The sum of several catalogs' figures."""
    summed = CatalogStats(path="total")
    for stats in all_stats:
        for key in summed.segments:
            summed.segments[key] += stats.segments[key]
            summed.words[key] += stats.words[key]
    return summed


def format_table(all_stats: list[CatalogStats]) -> str:
    """A plain-text table: one row per file (and a total row for several files)."""
    rows = list(all_stats)
    if len(rows) > 1:
        rows.append(total(rows))
    header = ("file", "translated", "fuzzy", "untranslated", "total", "words %")
    body = [
        (
            s.path,
            f"{s.segments['translated']} ({s.words['translated']}w)",
            f"{s.segments['fuzzy']} ({s.words['fuzzy']}w)",
            f"{s.segments['untranslated']} ({s.words['untranslated']}w)",
            f"{s.total_segments} ({s.total_words}w)",
            f"{s.percent_translated:.1f}",
        )
        for s in rows
    ]
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
