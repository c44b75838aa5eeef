"""Two revisions of a catalog compared entry by entry: what the translator changed, and how
much (sentence-level TER from sacrebleu), for reviewing a revision or a post-edit."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.bulk import collector_paused
from tarjama.display import for_terminal
from tarjama.fileio import STDIO, check_not_input
from tarjama.formats.po import refuse_empty
from tarjama.formats.registry import read_bilingual
from tarjama.model import Catalog, Unit
from tarjama.score.metrics import WIDTH, MetricScore, ScoreOptions, build_metric, corpus_scores
from tarjama.score.pairing import segment_text

DIFF_SCHEMA = "tarjama.diff/1"
_TER_ONLY = ScoreOptions(metrics=("ter",))


@dataclass
class Change:
    """One entry that differs between OLD and NEW.

    ``kind`` is ``changed`` (the translation text differs), ``status`` (same text, but the
    fuzzy flag or completeness changed), ``added`` (only in NEW) or ``removed`` (only in
    OLD; an entry that became obsolete counts as removed). ``ter`` is the TER of the OLD
    translation against the NEW one, the post-edit distance (HTER direction).
    """

    kind: str
    source: str
    context: str | None
    old: list[str]
    new: list[str]
    old_status: str | None
    new_status: str | None
    old_line: int | None
    new_line: int | None
    ter: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "context": self.context,
            "source": self.source,
            "old": self.old,
            "new": self.new,
            "old_status": self.old_status,
            "new_status": self.new_status,
            "old_line": self.old_line,
            "new_line": self.new_line,
            "ter": self.ter,
        }


def _entries(catalog: Catalog) -> dict[tuple[str | None, str], Unit]:
    entries: dict[tuple[str | None, str], Unit] = {}
    for unit in catalog.active():
        if unit.source:  # not the header
            entries.setdefault(unit.key, unit)
    return entries


def _texts(unit: Unit) -> list[str]:
    return [segment_text(target) for target in unit.targets]


def _ter(metric: Any, old: list[str], new: list[str]) -> float:
    """Sentence TER for a singular entry; for a plural one, the corpus TER over its forms
    (edits summed over forms, per reference word summed over forms)."""
    if len(old) == 1 and len(new) == 1:
        return float(metric.sentence_score(old[0], [new[0]]).score)
    size = max(len(old), len(new))
    old = old + [""] * (size - len(old))
    new = new + [""] * (size - len(new))
    return float(metric.corpus_score(old, [new]).score)


def diff_catalogs(old: Catalog, new: Catalog) -> list[Change]:
    """Entries whose translation changed (largest TER first), then status-only changes,
    entries added and entries removed (each in file order). Entries pair by msgctxt and msgid;
    obsolete entries count as absent."""
    metric = build_metric("ter", _TER_ONLY, sentence=True)
    old_entries, new_entries = _entries(old), _entries(new)
    changed: list[Change] = []
    status_only: list[Change] = []
    added: list[Change] = []
    removed: list[Change] = []
    for key, new_unit in new_entries.items():
        old_unit = old_entries.get(key)
        if old_unit is None:
            added.append(_change("added", None, new_unit))
            continue
        old_texts, new_texts = _texts(old_unit), _texts(new_unit)
        if old_texts != new_texts:
            change = _change("changed", old_unit, new_unit)
            change.ter = _ter(metric, old_texts, new_texts)
            changed.append(change)
        elif old_unit.status is not new_unit.status:
            status_only.append(_change("status", old_unit, new_unit))
    for key, old_unit in old_entries.items():
        if key not in new_entries:
            removed.append(_change("removed", old_unit, None))
    changed.sort(key=lambda change: -(change.ter or 0.0))  # stable: file order within ties
    return changed + status_only + added + removed


def _change(kind: str, old: Unit | None, new: Unit | None) -> Change:
    unit = new if new is not None else old
    assert unit is not None
    return Change(
        kind=kind,
        source=unit.source,
        context=unit.context,
        old=list(old.targets) if old is not None else [],
        new=list(new.targets) if new is not None else [],
        old_status=old.status.value if old is not None else None,
        new_status=new.status.value if new is not None else None,
        old_line=old.line if old is not None else None,
        new_line=new.line if new is not None else None,
    )


@dataclass
class DiffReport:
    """The changes between two catalogs, with the revision's overall TER."""

    old_path: str
    new_path: str
    changes: list[Change]
    common: int  # entries present in both
    revision: MetricScore | None  # corpus TER of OLD against NEW, entries translated in both
    revision_segments: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    width: int = WIDTH  # decimals printed, sacrebleu's --width

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": DIFF_SCHEMA,
            "old": self.old_path,
            "new": self.new_path,
            "summary": {
                "common": self.common,
                "unchanged": self.common - self.counts["changed"] - self.counts["status"],
                **self.counts,
                "revision_segments": self.revision_segments,
            },
            "revision_ter": self.revision.as_dict(self.width) if self.revision else None,
            "changes": [change.as_dict() for change in self.changes],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        lines: list[str] = []
        for kind, title in (("changed", "Changed translations, largest TER first"),
                            ("status", "Same translation, new status"),
                            ("added", f"Added (only in {self.new_path})"),
                            ("removed", f"Removed (only in {self.old_path})")):
            items = [change for change in self.changes if change.kind == kind]
            if not items:
                continue
            lines.append(f"{title} ({len(items)}):")
            for change in items:
                lines.extend(self._change_lines(change))
            lines.append("")
        unchanged = self.common - self.counts["changed"] - self.counts["status"]
        lines.append(
            f"{self.common} entries in both: {unchanged} unchanged, {self.counts['changed']} "
            f"changed, {self.counts['status']} changed status only; "
            f"{self.counts['added']} added, {self.counts['removed']} removed"
        )
        if self.revision is not None:
            lines.append(
                f"revision TER over the {self.revision_segments} segments translated in both "
                f"(OLD against NEW):"
            )
            lines.append(self.revision.line(self.width))
        return "\n".join(lines) + "\n"

    def _change_lines(self, change: Change) -> list[str]:
        line = change.new_line if change.new_line is not None else change.old_line
        path = self.new_path if change.new_line is not None else self.old_path
        figure = ""
        if change.ter is not None:
            figure = f"TER {change.ter:{self.width + 4}.{self.width}f}  "
        status = ""
        if change.old_status and change.new_status and change.old_status != change.new_status:
            status = f"  [{change.old_status} -> {change.new_status}]"
        out = [f"  {figure}{path}:{line}{status}"]
        if change.context:
            out.append(f"      context: {for_terminal(change.context, newlines=False)}")
        out.append(f"      source:  {' '.join(change.source.split())}")
        if change.kind == "status":
            out.extend(_text_lines("=", change.new))
        else:
            out.extend(_text_lines("-", change.old))
            out.extend(_text_lines("+", change.new))
        return out


def _text_lines(mark: str, texts: list[str]) -> list[str]:
    """One line per translation (plural forms numbered), an empty one shown as such."""
    lines = []
    for index, text in enumerate(texts):
        form = f"[{index}] " if len(texts) > 1 else ""
        lines.append(f"    {mark} {form}{segment_text(text) or '(untranslated)'}")
    return lines


def diff_files(old_path: str | Path, new_path: str | Path, *, width: int = WIDTH) -> DiffReport:
    """Read two PO catalogs and compare them (see :func:`diff_catalogs`)."""
    # Standard input holds one file: '-' twice would compare it with nothing, "0 entries".
    check_not_input(STDIO, [old_path, new_path])
    with collector_paused():
        # An empty file is the wrong file, not a catalog whose entries were all removed.
        old = refuse_empty(read_bilingual(old_path), old_path)
        new = refuse_empty(read_bilingual(new_path), new_path)
    changes = diff_catalogs(old, new)
    counts = dict.fromkeys(("changed", "status", "added", "removed"), 0)
    for change in changes:
        counts[change.kind] += 1
    old_entries, new_entries = _entries(old), _entries(new)
    common = [key for key in new_entries if key in old_entries]
    hyps: list[str] = []
    refs: list[str] = []
    for key in common:
        old_unit, new_unit = old_entries[key], new_entries[key]
        if old_unit.is_translated and new_unit.is_translated:
            for old_text, new_text in zip(_texts(old_unit), _texts(new_unit), strict=False):
                hyps.append(old_text)
                refs.append(new_text)
    revision = corpus_scores(hyps, [refs], _TER_ONLY)[0] if hyps else None
    return DiffReport(
        old_path=str(old_path),
        new_path=str(new_path),
        changes=changes,
        common=len(common),
        revision=revision,
        revision_segments=len(hyps),
        counts=counts,
        width=width,
    )
