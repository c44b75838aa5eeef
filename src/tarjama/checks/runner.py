"""Running the registered checks over catalogs: languages resolved per catalog, the length
model learned, suppression comments honoured, every finding collected into one report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tarjama.catalog_languages import catalog_languages
from tarjama.checks.base import (
    CHECKS,
    Check,
    CheckContext,
    Finding,
    Issue,
    Pair,
    Severity,
)
from tarjama.checks.config import CheckConfig
from tarjama.checks.length import learn_length_model
from tarjama.errors import UsageError
from tarjama.languages import plural_rule
from tarjama.model import Catalog, Unit
from tarjama.progress import Progress

if TYPE_CHECKING:
    from tarjama.formats.glossary import Glossary

# ``# tarjama: ignore numbers, end-punctuation`` in a translator comment (``#`` lines). The
# leading blanks stop at the line's end: ``\s*`` there would rescan every following empty
# line from each line start (n * n for a comment of n empty lines, issue 15).
SUPPRESS_RE = re.compile(r"^[^\S\n]*tarjama\s*:\s*ignore\b[:\s]*(?P<ids>.*)$", re.M | re.I)
# GNOME and Xfce list the translators under this msgid: names and e-mails, not a translation.
CREDITS_MSGIDS = frozenset({"translator-credits", "translator_credits", "translator-credits\n"})


@dataclass
class Report:
    """Every finding of a run, in file and line order, with what was checked."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    units: int = 0
    # How a catalog's language was guessed (no Language header), one line each.
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {str(severity): 0 for severity in reversed(Severity)}
        for finding in self.findings:
            counts[str(finding.severity)] += 1
        return counts

    def worst(self) -> Severity | None:
        return max((finding.severity for finding in self.findings), default=None)

    def fails(self, threshold: Severity) -> bool:
        """True when a finding is at or above ``threshold`` (the command then exits 1)."""
        worst = self.worst()
        return worst is not None and worst >= threshold

    def summary(self) -> dict[str, Any]:
        by_check: dict[str, int] = {}
        for finding in self.findings:
            by_check[finding.check] = by_check.get(finding.check, 0) + 1
        return {
            "files": len(self.files),
            "units": self.units,
            **self.counts(),
            "checks": dict(sorted(by_check.items())),
        }


def resolve_ids(ids: Iterable[str] | None, what: str) -> list[str] | None:
    """Check ids as given by a user (comma- or space-separated), validated."""
    if ids is None:
        return None
    result: list[str] = []
    for item in ids:
        for part in re.split(r"[,\s]+", item.strip()):
            if not part:
                continue
            if part == "all":
                result.extend(CHECKS)
            elif part not in CHECKS:
                known = ", ".join(sorted(CHECKS))
                raise UsageError(f"unknown check id {part!r} in {what} (known: {known})")
            else:
                result.append(part)
    return result


def catalog_context(
    catalog: Catalog,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    glossary: Glossary | None = None,
    warnings: list[str] | None = None,
) -> CheckContext:
    """The languages (:func:`tarjama.catalog_languages.catalog_languages`), plural count and
    learned length model of one catalog; ``warnings`` hears how a language was guessed."""
    languages = catalog_languages(catalog, source_lang=source_lang, target_lang=target_lang)
    if warnings is not None:
        warnings.extend(languages.warnings)
    source = languages.source
    # A catalog with no translation and no language anywhere: the checks have nothing to
    # look at, and English is as good a stand-in as any.
    target = languages.target or "en"
    nplurals = catalog.nplurals
    if nplurals is None and languages.target_from in ("option", "header"):
        nplurals = plural_rule(target).nplurals
    translated = [unit for unit in catalog.units if not unit.obsolete and _checkable(unit)]
    ctx = CheckContext(
        source_lang=source,
        target_lang=target,
        nplurals=nplurals,
        length=learn_length_model(translated),
        options={"path": catalog.path or "<catalog>"},
    )
    if glossary is not None:
        from tarjama.checks.glossary import TermMatcher
        from tarjama.formats.glossary import for_languages

        ctx.glossary = for_languages(glossary, source, target)
        ctx.options["terms"] = TermMatcher(ctx.glossary, source, target)
    return ctx


def suppressed_ids(unit: Unit) -> frozenset[str]:
    """The check ids a translator comment silences for this unit (``all`` for every one)."""
    notes = unit.translator_notes
    if "tarjama" not in notes:
        return frozenset()
    ids: set[str] = set()
    for match in SUPPRESS_RE.finditer(notes):
        ids.update(part for part in re.split(r"[,\s]+", match.group("ids")) if part)
    return frozenset(ids)


def _pairs(unit: Unit) -> list[Pair]:
    if unit.source_plural is None:
        return [Pair(unit, unit.source, unit.target)]
    plural = unit.source_plural or unit.source
    return [
        Pair(unit, unit.source if index == 0 else plural, form, index)
        for index, form in enumerate(unit.target_plurals)
    ]


def _line(unit: Unit, form: int | None) -> int | None:
    """The line of the translation: its ``msgstr`` (``msgstr[form]``) line when the reader
    recorded it, as ``msgfmt -c`` reports, else the entry's first line."""
    lines = unit.target_lines
    if lines:
        return lines[form] if form is not None and form < len(lines) else lines[0]
    return unit.line


def _checkable(unit: Unit) -> bool:
    """Translated, not fuzzy, and not the translator-credits pseudo-message."""
    return unit.is_translated and "fuzzy" not in unit.flags and unit.source not in CREDITS_MSGIDS


class _Slicer:
    """Runs the unit and pair checks over a slice of the work and makes the findings.

    What it keeps equal to the plain loop (for each unit: skip what the translator silenced,
    run every unit check whose ``needs`` holds, then, for a checkable unit, every pair check
    that applies to the catalog's languages and whose ``needs`` holds, on each singular or
    plural pair): the findings, in the same order, with the same severities.

    Why it is shaped this way: 26 checks over 50,000 units are 1.3 million calls, and the
    loop's own tests cost as much as the checks. So the lists of functions to call are worked
    out once per (catalog context, unit or pair properties) and cached; the tests of
    :func:`suppressed_ids` and :func:`_checkable` are inlined for the common unit (no
    suppression comment, singular, not fuzzy); and :class:`Finding` objects are only made when
    a check says something.
    """

    def __init__(
        self,
        pair_checks: list[Check],
        unit_checks: list[Check],
        overrides: Mapping[str, Severity],
    ) -> None:
        self.pair_checks = pair_checks
        self.unit_checks = unit_checks
        self.overrides = overrides
        # The functions to call, by catalog context and the pair properties checks need.
        self._chosen: dict[tuple[int, tuple[bool, bool]], list[tuple[Check, Any]]] = {}
        self._unit_chosen: dict[tuple[bool, bool, bool], list[tuple[Check, Any]]] = {}
        self.checked: list[tuple[Unit, CheckContext]] = []

    def findings(self, check: Check, unit: Unit, issues: list[Issue], path: str,
                 pair: Pair | None = None) -> Iterator[Finding]:
        """The findings of what one call of a check said: the same message said twice is one
        finding, its counts added up."""
        if len(issues) > 1:
            merged: dict[tuple[str, Severity | None], Issue] = {}
            for issue in issues:
                key = (issue.message, issue.severity)
                seen = merged.get(key)
                merged[key] = issue if seen is None else replace(
                    seen, count=seen.count + issue.count)
            issues = list(merged.values())
        for issue in issues:
            yield self.finding(check, unit, issue, path, pair)

    def finding(self, check: Check, unit: Unit, issue: Issue, path: str,
                pair: Pair | None = None) -> Finding:
        severity = self.overrides.get(check.id)
        if severity is None:
            severity = check.severity if issue.severity is None else issue.severity
        return Finding(
            file=path,
            line=_line(unit, pair.form if pair is not None else None),
            msgctxt=unit.context,
            msgid=unit.source,
            check=check.id,
            severity=severity,
            message=issue.message,
            source=pair.source if pair is not None else unit.source,
            target=pair.target if pair is not None else (unit.targets or [""])[0],
            count=issue.count,
        )

    def run(self, work: Iterable[tuple[Unit, CheckContext, str]]) -> list[Finding]:
        findings: list[Finding] = []
        # The units the content checks ran on, for the checks across catalogs.
        self.checked = []
        checked = self.checked.append
        findings_of = self.findings
        by_context: dict[int, list[Check]] = {}
        chosen = self._chosen
        unit_chosen = self._unit_chosen
        nothing: frozenset[str] = frozenset()
        for unit, ctx, path in work:
            # Most units carry no suppression comment and are plain translated messages: the
            # tests below are those of suppressed_ids and _checkable, inlined for them.
            silenced = suppressed_ids(unit) if "tarjama" in unit.translator_notes else nothing
            everything = "all" in silenced if silenced else False
            plural = unit.source_plural is not None
            fuzzy = "fuzzy" in unit.flags
            checkable = (unit.is_translated and not fuzzy
                         and unit.source not in CREDITS_MSGIDS)
            state = (plural, fuzzy, not checkable)
            unit_functions = unit_chosen.get(state)
            if unit_functions is None:
                present = {"plural": state[0], "fuzzy": state[1], "unfinished": state[2]}
                unit_functions = unit_chosen[state] = [
                    (c, c.function) for c in self.unit_checks
                    if c.needs is None or present[c.needs]
                ]
            for check, function in unit_functions:
                if everything or check.id in silenced:
                    continue
                said: list[Issue] | None = None
                for issue in function(unit, ctx):  # most calls say nothing: no list made
                    if said is None:
                        said = [issue]
                    else:
                        said.append(issue)
                if said:
                    findings.extend(findings_of(check, unit, said, path))
            if not checkable:
                continue
            checked((unit, ctx))
            applicable = by_context.get(id(ctx))
            if applicable is None:
                # Checks that cannot apply to this language pair are left out once here.
                applicable = by_context[id(ctx)] = [
                    c for c in self.pair_checks if c.applies is None or c.applies(ctx)
                ]
            for pair in _pairs(unit) if plural else (Pair(unit, unit.source, unit.target),):
                flags = (pair.target_special, "\n" in pair.source or "\n" in pair.target)
                key = (id(ctx), flags)
                functions = chosen.get(key)
                if functions is None:
                    present = {"special": flags[0], "multiline": flags[1]}
                    functions = chosen[key] = [
                        (c, c.function) for c in applicable
                        if c.needs is None or present[c.needs]
                    ]
                if silenced:
                    functions = [(c, f) for c, f in functions
                                 if not everything and c.id not in silenced]
                for check, function in functions:
                    said = None
                    for issue in function(pair, ctx):  # most calls say nothing: no list made
                        if said is None:
                            said = [issue]
                        else:
                            said.append(issue)
                    if said:
                        findings.extend(findings_of(check, unit, said, path, pair))
        return findings


def run_checks(
    catalogs: Sequence[Catalog],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    glossary: Glossary | None = None,
    config: CheckConfig | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run the selected checks over every active unit of ``catalogs`` and collect every
    finding (collect, then report: nothing stops at the first problem).

    ``select``/``ignore`` take check ids (``None`` selects all); ``config`` supplies the
    defaults of a project (its selection, severities, languages) that explicit arguments
    override; ``progress`` (:mod:`tarjama.progress`) shows the units going by.
    Fuzzy and untranslated units only go through the status checks. Findings
    point at the translation's line (``Unit.target_lines``), as ``msgfmt -c`` reports.
    """
    config = config or CheckConfig()
    chosen = resolve_ids(select, "--select") if select is not None else resolve_ids(
        config.select, "the configuration's select")
    dropped = set(resolve_ids(ignore, "--ignore") or []) | set(
        resolve_ids(config.ignore, "the configuration's ignore") or [])
    active = [c for c in CHECKS.values() if (chosen is None or c.id in chosen)
              and c.id not in dropped]
    source_lang = source_lang or config.source_lang
    target_lang = target_lang or config.target_lang

    pair_checks = [c for c in active if c.scope == "pair"]
    unit_checks = [c for c in active if c.scope == "unit"]
    collection_checks = [c for c in active if c.scope == "collection"]

    report = Report()
    work: list[tuple[Unit, CheckContext, str]] = []
    for catalog in catalogs:
        path = catalog.path or "<catalog>"
        report.files.append(path)
        ctx = catalog_context(catalog, source_lang=source_lang, target_lang=target_lang,
                              glossary=glossary, warnings=report.warnings)
        work.extend((unit, ctx, path) for unit in catalog.units if not unit.obsolete)
    report.units = len(work)
    slicer = _Slicer(pair_checks, unit_checks, config.severity)
    if progress is None:
        report.findings = slicer.run(work)
    else:
        with progress(work, length=len(work), label="Checking") as shown:
            report.findings = slicer.run(shown)

    if collection_checks:
        collected = slicer.checked
        # Built at the first finding only: most runs find nothing across catalogs.
        paths: dict[int, str] = {}
        for check in collection_checks:
            for unit, issue in check.function(collected):
                silenced = suppressed_ids(unit)
                if "all" in silenced or check.id in silenced:
                    continue
                if not paths:
                    paths = {id(unit): path for unit, _, path in work}
                report.findings.append(slicer.finding(check, unit, issue, paths[id(unit)]))

    findings = report.findings
    order = {path: index for index, path in enumerate(report.files)}
    findings.sort(key=lambda f: (order.get(f.file, 0), f.line or 0))
    return report
