"""The review page's view model, built from catalogs through the library's own reports: the
checks (the runner and the JSON contract of ``tarjama check``), the figures of ``tarjama
stats``, the scores of ``tarjama score``, the changes of ``tarjama diff`` and the matches of
the memory. Nothing is worked out here that one of those already says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.bulk import collector_paused
from tarjama.catalog_languages import catalog_languages
from tarjama.checks import check_paths
from tarjama.checks.base import Finding, Severity
from tarjama.errors import LanguageError, UsageError
from tarjama.fileio import STDIO, check_not_input
from tarjama.formats.po import read_po, refuse_empty
from tarjama.languages import is_rtl, plural_categories, primary_subtag
from tarjama.model import Catalog, Status, Unit
from tarjama.progress import Progress
from tarjama.progress import quiet as quiet_progress
from tarjama.review.text import Span, spans, word_diff
from tarjama.stats import catalog_stats

SEVERITIES = tuple(str(severity) for severity in reversed(Severity))  # error, warning, info
# The language of a catalog that does not say (a template): BCP 47's "undetermined".
UNKNOWN = "und"
# Memory matches scoring below this are not shown (``tarjama lookup``'s default).
MIN_MATCH_SCORE = 50.0
STATUSES = (Status.TRANSLATED.value, Status.FUZZY.value, Status.UNTRANSLATED.value)


@dataclass
class Text:
    """One text in one cell: its label (a plural category, "singular"...), its spans."""

    label: str
    spans: list[Span]
    score: float | None = None  # the form's sentence chrF against the reference


@dataclass
class Change:
    """What ``tarjama diff`` says of an entry against the previous revision."""

    kind: str  # changed, status, added
    ter: float | None
    diffs: list[list[Span]]
    old_status: str | None


@dataclass
class MemoryMatch:
    score: float
    kind: str
    source: list[Span]
    targets: list[list[Span]]
    origin: str


@dataclass
class Entry:
    """One active entry of a catalog, as a row of the page."""

    number: int  # 1-based among the catalog's active entries: the #entry-N anchor
    anchor: str
    line: int | None
    status: str
    context: str | None
    references: list[str]
    extracted: str
    translator: str
    flags: list[str]
    sources: list[Text]
    targets: list[Text]
    previous: list[Span] | None  # fuzzy: the #| msgid against the msgid, word by word
    previous_context: str | None
    findings: list[Finding] = field(default_factory=list)
    change: Change | None = None
    match: MemoryMatch | None = None

    @property
    def severities(self) -> list[str]:
        return sorted({str(f.severity) for f in self.findings}, key=SEVERITIES.index)

    @property
    def checks(self) -> list[str]:
        return sorted({f.check for f in self.findings})

    @property
    def worst(self) -> str:
        return self.severities[0] if self.findings else "none"


@dataclass
class Score:
    name: str
    formatted: str
    line: str  # sacrebleu's line, with its signature


@dataclass
class Bar:
    """One horizontal bar of the summary: parts in percent of the width."""

    label: str
    parts: list[tuple[str, int, float, float]]  # status, count, x, width (0-100)
    total: int


@dataclass
class CatalogView:
    key: str
    path: str
    source_lang: str
    target_lang: str
    source_dir: str
    target_dir: str
    stats: dict[str, Any]
    bars: list[Bar]
    findings: dict[str, int]  # per severity
    by_check: dict[str, dict[str, int]]  # check -> severity -> findings
    entries: list[Entry]
    scores: list[Score] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    previous: str | None = None
    diff_summary: dict[str, Any] | None = None
    revision: Score | None = None
    memory: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The units behind ``entries``, one for one (not shown: what the entries were made from).
    units: list[Unit] = field(default_factory=list, repr=False)

    def entry_counts(self) -> dict[str, int]:
        """Entries per filter value: status, severity (``none`` for no finding) and check."""
        counts: Counter[str] = Counter()
        for entry in self.entries:
            counts[f"status:{entry.status}"] += 1
            if not entry.findings:
                counts["severity:none"] += 1
            for severity in entry.severities:
                counts[f"severity:{severity}"] += 1
            for check in entry.checks:
                counts[f"check:{check}"] += 1
        return dict(counts)


@dataclass
class ReviewPage:
    title: str
    catalogs: list[CatalogView]
    checks_summary: dict[str, Any]
    check_warnings: list[str] = field(default_factory=list)


@dataclass
class ReviewOptions:
    references: Sequence[str] = ()
    previous: Sequence[str] = ()
    glossary: str | None = None
    memories: Sequence[str] = ()
    title: str | None = None
    config: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None


def _cell_texts(unit: Unit, lang: str, nplurals: int | None) -> tuple[list[Text], list[Text]]:
    if unit.source_plural is None:
        return [Text("", spans(unit.source))], [Text("", spans(unit.target))]
    sources = [Text("singular", spans(unit.source)), Text("plural", spans(unit.source_plural))]
    labels = plural_categories(lang, nplurals or len(unit.target_plurals) or None)
    forms = max(len(unit.target_plurals), len(labels))
    targets = []
    for index in range(forms):
        text = unit.target_plurals[index] if index < len(unit.target_plurals) else ""
        label = labels[index] if index < len(labels) else f"form {index}"
        targets.append(Text(f"[{index}] {label}", spans(text)))
    return sources, targets


def _entry(unit: Unit, number: int, anchor: str, lang: str, nplurals: int | None) -> Entry:
    sources, targets = _cell_texts(unit, lang, nplurals)
    previous = None
    if unit.previous_source is not None:
        previous = word_diff(unit.previous_source, unit.source)
    return Entry(
        number=number,
        anchor=anchor,
        line=unit.line,
        status=unit.status.value,
        context=unit.context,
        references=[f"{file}:{line}" if line else file for file, line in unit.references],
        extracted=unit.extracted_notes,
        translator=unit.translator_notes,
        flags=[flag for flag in unit.flags if flag != "fuzzy"],
        sources=sources,
        targets=targets,
        previous=previous,
        previous_context=unit.previous_context,
    )


def _bars(stats: dict[str, Any]) -> list[Bar]:
    bars = []
    for label, key in (("entries", "segments"), ("source words", "words")):
        figures = stats[key]
        total = figures["total"]
        parts, x = [], 0.0
        for status in STATUSES:
            width = 100.0 * figures[status] / total if total else 0.0
            parts.append((status, figures[status], round(x, 3), round(width, 3)))
            x += width
        bars.append(Bar(label, parts, total))
    return bars


def _unique_keys(langs: list[str]) -> list[str]:
    """A short key per catalog for its anchors: its language, numbered when repeated."""
    seen: Counter[str] = Counter()
    keys = []
    for lang in langs:
        seen[lang] += 1
        keys.append(lang if seen[lang] == 1 else f"{lang}-{seen[lang]}")
    return keys


def _assign(extra: Sequence[str], catalogs: list[Catalog], langs: list[str],
            option: str) -> list[list[str]]:
    """Which catalog each ``--ref`` or ``--previous`` file goes with: the one catalog, or the
    catalog in the file's target language."""
    assigned: list[list[str]] = [[] for _ in catalogs]
    for path in extra:
        if len(catalogs) == 1:
            assigned[0].append(path)
            continue
        lang = catalog_languages(read_po(path)).target
        matches = [i for i, cat_lang in enumerate(langs)
                   if lang is not None and primary_subtag(cat_lang) == primary_subtag(lang)]
        if len(matches) != 1:
            raise UsageError(
                f"{option} {path}: its language ({lang or 'unknown'}) matches "
                f"{len(matches)} of the catalogs ({', '.join(langs)}); give one catalog per "
                "target language", path=path)
        assigned[matches[0]].append(path)
    return assigned


def _entry_key(context: str | None, source: str) -> tuple[str | None, str]:
    return (context, source)


def _add_scores(view: CatalogView, path: str, references: list[str]) -> None:
    """Corpus scores exactly as ``tarjama score PO --ref REF`` prints them, and each entry's
    sentence chrF as ``--per-segment`` lists it."""
    from tarjama.score import ScoreOptions, score_files, sentence_scores

    report = score_files(path, references, ScoreOptions())
    view.references = list(report.references)
    view.scores = [Score(s.name, s.formatted(report.width), s.line(report.width))
                   for s in report.scores]
    view.warnings.extend(line for line in report.notes if line.startswith("warning"))
    pairing = report.pairing
    chrf = sentence_scores(pairing.hypotheses, pairing.reference_streams,
                           ScoreOptions(metrics=("chrf",)))["chrf"]
    by_key = {(seg.context, seg.source, seg.form): value
              for seg, value in zip(pairing.segments, chrf, strict=True)}
    for entry, unit in _pairs(view):
        if unit.source_plural is None:
            entry.targets[0].score = by_key.get((unit.context, unit.source, None))
            continue
        for index, text in enumerate(entry.targets):
            source = unit.source if index == 0 else unit.source_plural
            text.score = by_key.get((unit.context, source, index))


def _add_changes(view: CatalogView, path: str, previous: str) -> None:
    """The changes ``tarjama diff OLD NEW`` lists, each at its entry."""
    from tarjama.score import diff_files

    report = diff_files(previous, path)
    view.previous = previous
    summary = report.as_dict()["summary"]
    view.diff_summary = summary
    if report.revision is not None:
        view.revision = Score(report.revision.name, report.revision.formatted(report.width),
                              report.revision.line(report.width))
    changes = {(c.context, c.source): c for c in report.changes if c.kind != "removed"}
    for entry, unit in _pairs(view):
        change = changes.get((unit.context, unit.source))
        if change is None:
            continue
        diffs = [word_diff(old, new) for old, new in zip(change.old, change.new, strict=False)]
        if change.kind == "added":
            diffs = []
        view_change = Change(change.kind, change.ter, diffs, change.old_status)
        entry.change = view_change


def _add_matches(view: CatalogView, memories: Sequence[str], progress: Progress) -> None:
    """The best memory match of each untranslated or fuzzy entry (``tarjama lookup``)."""
    from tarjama.memory import open_memory

    target = None if view.target_lang == UNKNOWN else view.target_lang
    with open_memory(memories, source_lang=view.source_lang, target_lang=target) as memory:
        view.memory = list(memories)
        todo = [(e, u) for e, u in _pairs(view) if e.status != Status.TRANSLATED.value]
        with progress(todo, length=len(todo), label="Looking up") as shown:
            for entry, unit in shown:
                found = memory.lookup(unit.source, context=unit.context, limit=1,
                                      min_score=MIN_MATCH_SCORE, plural=unit.is_plural)
                if not found:
                    continue
                best = found[0]
                targets = list(best.target_plurals) if best.unit.is_plural else [best.target]
                entry.match = MemoryMatch(best.score, best.kind.value, spans(best.unit.source),
                                          [spans(text) for text in targets],
                                          _origin(best.unit.origin, best.unit.line))


def _origin(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def _pairs(view: CatalogView) -> list[tuple[Entry, Unit]]:
    return list(zip(view.entries, view.units, strict=True))


def _catalog_view(catalog: Catalog, path: str, key: str, single: bool,
                  findings: list[Finding], options: ReviewOptions) -> CatalogView:
    languages = catalog_languages(catalog, source_lang=options.source_lang,
                                  target_lang=options.target_lang)
    source = languages.source
    target = languages.target or UNKNOWN
    stats = catalog_stats(catalog, path).as_dict()
    nplurals = catalog.nplurals
    units = [unit for unit in catalog.units if not unit.obsolete]
    entries = []
    for number, unit in enumerate(units, 1):
        anchor = f"entry-{number}" if single else f"{key}-entry-{number}"
        entries.append(_entry(unit, number, anchor, target, nplurals))
    by_unit = {_entry_key(u.context, u.source): e for u, e in zip(units, entries, strict=True)}
    severity_counts = dict.fromkeys(SEVERITIES, 0)
    by_check: dict[str, dict[str, int]] = {}
    for finding in findings:
        severity = str(finding.severity)
        severity_counts[severity] += 1
        by_check.setdefault(finding.check, dict.fromkeys(SEVERITIES, 0))[severity] += 1
        entry = by_unit.get(_entry_key(finding.msgctxt, finding.msgid))
        if entry is not None:
            entry.findings.append(finding)
    view = CatalogView(
        key=key, path=path, source_lang=source, target_lang=target,
        source_dir="rtl" if is_rtl(source) else "ltr",
        target_dir="rtl" if is_rtl(target) else "ltr",
        stats=stats, bars=_bars(stats), findings=severity_counts,
        by_check=dict(sorted(by_check.items())), entries=entries,
        warnings=list(languages.warnings), units=units,
    )
    return view


def build_review(
    paths: Sequence[str],
    options: ReviewOptions | None = None,
    *,
    progress: Progress = quiet_progress,
) -> ReviewPage:
    """Read the catalogs and everything said about them into the page's view model."""
    options = options or ReviewOptions()
    if not paths:
        raise UsageError("no catalog given")
    check_not_input(STDIO, [*paths, *options.references, *options.previous])
    run = check_paths(paths, fmt="json", glossary_path=options.glossary,
                      config_path=options.config, source_lang=options.source_lang,
                      target_lang=options.target_lang, progress=progress)
    with collector_paused():
        catalogs = [refuse_empty(read_po(path), path) for path in paths]
    langs = [catalog_languages(c, source_lang=options.source_lang,
                               target_lang=options.target_lang).target or UNKNOWN
             for c in catalogs]
    keys = _unique_keys(langs)
    refs = _assign(options.references, catalogs, langs, "--ref")
    olds = _assign(options.previous, catalogs, langs, "--previous")
    views = []
    for index, (catalog, path) in enumerate(zip(catalogs, paths, strict=True)):
        findings = [f for f in run.report.findings if f.file == (catalog.path or path)]
        view = _catalog_view(catalog, path, keys[index], len(paths) == 1, findings, options)
        views.append(view)
        if refs[index]:
            _add_scores(view, path, refs[index])
        if len(olds[index]) > 1:
            raise UsageError(f"one --previous per catalog ({path} has {len(olds[index])})")
        if olds[index]:
            _add_changes(view, path, olds[index][0])
        if options.memories:
            try:
                _add_matches(view, options.memories, progress)
            except LanguageError:
                if len(paths) == 1:
                    raise
                view.warnings.append(
                    f"no memory match shown for {path}: the memory is in another "
                    "language pair")
    title = options.title or (Path(paths[0]).name if len(paths) == 1
                              else f"{len(paths)} catalogs")
    return ReviewPage(title=title, catalogs=views, checks_summary=run.report.summary(),
                      check_warnings=list(run.report.warnings))
