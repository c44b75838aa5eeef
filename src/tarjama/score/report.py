"""Scoring runs: paired segments in, corpus and sentence scores with signatures out.

:func:`score_files` is what ``tarjama score`` calls; :class:`ScoreReport` renders itself as
text for people and as JSON (schema ``tarjama.score/1``) for tools.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.bulk import collector_paused
from tarjama.catalog_languages import catalog_languages
from tarjama.errors import UsageError
from tarjama.fileio import STDIO, check_not_input
from tarjama.languages import count_arabic_letters, count_latin_letters, is_arabic_script
from tarjama.score.metrics import (
    METRICS,
    WIDTH,
    MetricScore,
    ScoreOptions,
    corpus_scores,
    sacrebleu_notes,
    sentence_scores,
)
from tarjama.score.pairing import (
    LeftOut,
    Pairing,
    Reason,
    Segment,
    Side,
    pair_sides,
    read_side,
)

SCHEMA = "tarjama.score/1"
# How many left-out entries the text summary names before it only counts them.
SHOWN_LEFT_OUT = 5


@dataclass
class SegmentScore:
    """One segment with its sentence-level scores; ``index`` is its 0-based position among
    the scored segments."""

    index: int
    segment: Segment
    scores: dict[str, float]

    def as_dict(self, rank: int) -> dict[str, Any]:
        seg = self.segment
        return {
            "rank": rank,
            "index": self.index,
            "hyp_line": seg.hyp_line,
            "ref_lines": list(seg.ref_lines),
            "context": seg.context,
            "form": seg.form,
            "source": seg.source,
            "hypothesis": seg.hypothesis,
            "references": list(seg.references),
            "scores": {key: self.scores[key] for key in self.scores},
        }


def worst_first_key(options: ScoreOptions) -> str:
    """The sentence metric that orders the per-segment list: chrF when chosen (it is stable
    on single sentences), else TER, else sentence BLEU."""
    for key in ("chrf", "ter", "bleu"):
        if key in options.metrics:
            return key
    raise UsageError("no metric to order segments by")  # pragma: no cover - options forbid it


def rank_segments(segment_scores: list[SegmentScore], options: ScoreOptions) -> list[SegmentScore]:
    """Worst first: lowest chrF (or highest TER), ties kept in file order."""
    key = worst_first_key(options)
    sign = 1.0 if METRICS[key].higher_is_better else -1.0
    return sorted(segment_scores, key=lambda s: (sign * s.scores[key], s.index))


@dataclass
class ScoreReport:
    """Everything a scoring run found, ready to print."""

    hypothesis: str
    references: list[str]
    options: ScoreOptions
    pairing: Pairing
    scores: list[MetricScore]
    include_fuzzy: bool = False
    per_segment: list[SegmentScore] | None = None  # ranked worst first, cut to ``worst``
    per_segment_total: int = 0
    width: int = WIDTH  # decimals printed, sacrebleu's --width
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        options = self.options.as_dict()
        options["include_fuzzy"] = self.include_fuzzy
        options["width"] = self.width
        sacrebleu_args = self.options.sacrebleu_args()
        if self.width != WIDTH:
            sacrebleu_args += ["--width", str(self.width)]
        per_segment: dict[str, Any] | None = None
        if self.per_segment is not None:
            per_segment = {
                "sorted_by": worst_first_key(self.options),
                "total": self.per_segment_total,
                "shown": len(self.per_segment),
                "segments": [s.as_dict(rank) for rank, s in enumerate(self.per_segment, 1)],
            }
        return {
            "schema": SCHEMA,
            "hypothesis": self.hypothesis,
            "references": self.references,
            "segments": len(self.pairing.segments),
            "options": options,
            "sacrebleu_args": sacrebleu_args,
            "scores": [score.as_dict(self.width) for score in self.scores],
            "left_out": {
                "counts": self.pairing.counts(),
                "entries": [item.as_dict() for item in self.pairing.left_out],
            },
            "per_segment": per_segment,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        """The score lines exactly as sacrebleu prints them, then the per-segment list."""
        lines = [score.line(self.width) for score in self.scores]
        if self.per_segment is not None:
            lines.append("")
            lines.extend(_segment_lines(self))
        return "\n".join(lines) + "\n"

    def summary(self) -> list[str]:
        """Lines for standard error: what was scored and what was left out, with examples."""
        refs = ", ".join(self.references)
        out = [f"scored {len(self.pairing.segments)} segments of {self.hypothesis} against {refs}"]
        counts = self.pairing.counts()
        if any(counts.values()):
            parts = []
            if counts[Reason.MISSING.value]:
                parts.append(f"{counts[Reason.MISSING.value]} only on one side")
            if counts[Reason.UNTRANSLATED.value]:
                parts.append(f"{counts[Reason.UNTRANSLATED.value]} untranslated")
            if counts[Reason.FUZZY.value]:
                parts.append(f"{counts[Reason.FUZZY.value]} fuzzy (--include-fuzzy scores them)")
            out.append("left out: " + ", ".join(parts))
            for item in _examples(self.pairing.left_out):
                out.append("  " + item.describe())
            hidden = len(self.pairing.left_out) - min(len(self.pairing.left_out), SHOWN_LEFT_OUT)
            if hidden:
                out.append(f"  ... and {hidden} more (--format json lists them all)")
        out.extend(self.notes)
        return out


def _examples(items: list[LeftOut]) -> list[LeftOut]:
    """A few left-out entries, missing ones first: they are the likeliest mistakes."""
    ordered = sorted(items, key=lambda item: item.reason is not Reason.MISSING)
    return ordered[:SHOWN_LEFT_OUT]


def _segment_lines(report: ScoreReport) -> list[str]:
    assert report.per_segment is not None
    key = worst_first_key(report.options)
    order = "lowest" if METRICS[key].higher_is_better else "highest"
    lines = [
        f"Per segment, {order} {METRICS[key].title} first "
        f"({len(report.per_segment)} of {report.per_segment_total}):"
    ]
    for rank, item in enumerate(report.per_segment, 1):
        seg = item.segment
        figures = "  ".join(
            f"{METRICS[k].title} {item.scores[k]:{report.width + 4}.{report.width}f}"
            for k in report.options.ordered_metrics
        )
        where = f"{report.hypothesis}:{seg.hyp_line}" if seg.hyp_line else report.hypothesis
        lines.append(f"{rank:>4}. {figures}  {where}")
        if seg.context:
            lines.append(f"      context:    {seg.context}")
        if seg.form is not None:
            lines.append(f"      form:       {seg.form}")
        if seg.source is not None:
            lines.append(f"      source:     {_one_line(seg.source)}")
        lines.append(f"      hypothesis: {seg.hypothesis}")
        for number, reference in enumerate(seg.references, 1):
            label = "reference:" if len(seg.references) == 1 else f"reference {number}:"
            lines.append(f"      {label:<11} {reference}")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def score_pairs(
    pairing: Pairing,
    options: ScoreOptions,
    *,
    per_segment: bool = False,
    worst: int | None = None,
) -> tuple[list[MetricScore], list[SegmentScore] | None]:
    """Corpus scores of the paired segments and, when asked, their sentence scores ranked
    worst first (the ``worst`` first ones only, when given)."""
    hypotheses = pairing.hypotheses
    streams = pairing.reference_streams
    scores = corpus_scores(hypotheses, streams, options)
    if not per_segment:
        return scores, None
    by_metric = sentence_scores(hypotheses, streams, options)
    items = [
        SegmentScore(index, segment, {key: values[index] for key, values in by_metric.items()})
        for index, segment in enumerate(pairing.segments)
    ]
    ranked = rank_segments(items, options)
    if worst is not None:
        ranked = ranked[:worst]
    return scores, ranked


def score_files(
    hypothesis: str | Path,
    references: Sequence[str | Path],
    options: ScoreOptions,
    *,
    include_fuzzy: bool = False,
    per_segment: bool = False,
    worst: int | None = None,
    width: int = WIDTH,
) -> ScoreReport:
    """Read the hypothesis and reference files (PO or plain text), pair them and score."""
    if not references:
        raise UsageError("no reference given (--ref FILE)")
    if worst is not None and worst < 1:
        raise UsageError("--worst needs a positive number")
    # Standard input holds one file: '-' twice would score it against nothing.
    check_not_input(STDIO, [hypothesis, *references])
    with collector_paused():
        hyp_side = read_side(hypothesis)
        ref_sides = [read_side(path) for path in references]
        pairing = pair_sides(hyp_side, ref_sides, include_fuzzy=include_fuzzy)
    hyp_path, ref_paths = hyp_side.path, [side.path for side in ref_sides]
    notes = _tokenizer_notes([hyp_side, *ref_sides], options)
    notes.extend(_script_warnings(pairing, hyp_path, ref_paths))
    # The catalogs are no longer needed: free them before sacrebleu allocates its n-grams.
    del hyp_side, ref_sides
    with sacrebleu_notes() as said:
        scores, ranked = score_pairs(pairing, options, per_segment=per_segment, worst=worst)
    notes.extend(dict.fromkeys(said))  # once each: sacrebleu repeats itself per segment
    report = ScoreReport(
        hypothesis=hyp_path,
        references=ref_paths,
        options=options,
        pairing=pairing,
        scores=scores,
        include_fuzzy=include_fuzzy,
        per_segment=ranked,
        per_segment_total=len(pairing.segments) if per_segment else 0,
        width=width,
        notes=notes,
    )
    return report


# A text is "in" a script when at least this share of its Arabic and Latin letters are.
_WHOLESALE = 0.8
_MIN_LETTERS = 20


def _script(texts: Sequence[str]) -> str | None:
    """"Arabic" or "Latin" when ``texts`` are written wholesale in that script, else None."""
    arabic = latin = 0
    for text in texts:
        arabic += count_arabic_letters(text)
        latin += count_latin_letters(text)
    total = arabic + latin
    if total < _MIN_LETTERS:
        return None
    if arabic >= _WHOLESALE * total:
        return "Arabic"
    if latin >= _WHOLESALE * total:
        return "Latin"
    return None


def _script_warnings(pairing: Pairing, hyp_path: str, ref_paths: Sequence[str]) -> list[str]:
    """A warning for each reference in another script than the hypothesis: the score of an
    English text against Arabic ones is a number with no meaning (the wrong file given)."""
    hyp_script = _script(pairing.hypotheses)
    if hyp_script is None:
        return []
    warnings = []
    for ref_path, stream in zip(ref_paths, pairing.reference_streams, strict=False):
        ref_script = _script(stream)
        if ref_script is not None and ref_script != hyp_script:
            warnings.append(
                f"warning: {hyp_path} is in {hyp_script} script but the reference {ref_path} "
                f"is in {ref_script} script: the score compares different languages"
            )
    return warnings


def _tokenizer_notes(sides: Sequence[Side], options: ScoreOptions) -> list[str]:
    """A hint when BLEU's default tokenizer meets an Arabic-script target."""
    if "bleu" not in options.metrics or options.tokenize is not None:
        return []
    for side in sides:
        lang = catalog_languages(side.catalog).target if side.catalog is not None else None
        if lang and is_arabic_script(lang):
            return [
                f"note: {side.path} is in {lang}: BLEU's default tokenizer 13a does not split "
                "Arabic punctuation (، ؛ ؟); --tokenize intl does"
            ]
    return []
