"""Scoring translations with sacrebleu (BLEU, chrF, TER) over PO catalogs and plain text,
and comparing two revisions of a catalog entry by entry with their TER."""

from __future__ import annotations

from tarjama.score.diff import Change, DiffReport, diff_catalogs, diff_files
from tarjama.score.metrics import (
    METRICS,
    TOKENIZERS,
    MetricScore,
    ScoreOptions,
    corpus_scores,
    sentence_scores,
)
from tarjama.score.pairing import (
    LeftOut,
    Pairing,
    Reason,
    Segment,
    Side,
    pair_catalogs,
    pair_sides,
    read_side,
    segment_text,
    text_lines,
)
from tarjama.score.report import SCHEMA, ScoreReport, SegmentScore, score_files, score_pairs

__all__ = [
    "METRICS",
    "SCHEMA",
    "TOKENIZERS",
    "Change",
    "DiffReport",
    "LeftOut",
    "MetricScore",
    "Pairing",
    "Reason",
    "ScoreOptions",
    "ScoreReport",
    "Segment",
    "SegmentScore",
    "Side",
    "corpus_scores",
    "diff_catalogs",
    "diff_files",
    "pair_catalogs",
    "pair_sides",
    "read_side",
    "score_files",
    "score_pairs",
    "segment_text",
    "sentence_scores",
    "text_lines",
]
