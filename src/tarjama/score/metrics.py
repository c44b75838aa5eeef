"""sacrebleu's BLEU, chrF and TER behind one registry, configured as sacrebleu's command is.

The numbers come from sacrebleu itself; tarjama only chooses the options and keeps every
score together with the signature that makes it reproducible.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics.base import Metric
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from tarjama.errors import UsageError

# sacrebleu's command prints one decimal unless --width says otherwise; so do we, so that
# the lines can be compared character for character.
WIDTH = 1
TOKENIZERS: tuple[str, ...] = tuple(BLEU.TOKENIZERS)


@dataclass(frozen=True)
class ScoreOptions:
    """The options that change a score; each one appears in the metric's signature.

    ``tokenize`` is BLEU's tokenizer (None: sacrebleu's default, ``13a``). ``lowercase``
    makes BLEU and chrF case-insensitive (sacrebleu's ``--lowercase --chrf-lowercase``); TER
    is case-insensitive unless ``ter_case_sensitive``, as TERCOM and sacrebleu are.
    ``chrf_word_order`` 2 gives chrF++.
    """

    metrics: tuple[str, ...] = ("bleu", "chrf", "ter")
    tokenize: str | None = None
    lowercase: bool = False
    chrf_word_order: int = 0
    ter_case_sensitive: bool = False

    def __post_init__(self) -> None:
        unknown = [name for name in self.metrics if name not in METRICS]
        if unknown or not self.metrics:
            raise UsageError(
                f"unknown metric {', '.join(unknown) or '(none given)'}: choose from "
                + ", ".join(METRICS)
            )
        if self.tokenize is not None and self.tokenize not in TOKENIZERS:
            raise UsageError(f"unknown tokenizer {self.tokenize!r}: choose from "
                             + ", ".join(TOKENIZERS))
        if self.chrf_word_order < 0:
            raise UsageError("the chrF word order cannot be negative")

    @property
    def ordered_metrics(self) -> list[str]:
        """The chosen metrics in registry order (BLEU, chrF, TER), each once."""
        return [name for name in METRICS if name in self.metrics]

    def sacrebleu_args(self) -> list[str]:
        """The options of sacrebleu's own command that give the same scores."""
        args = ["-m", *self.ordered_metrics]
        if self.tokenize is not None:
            args += ["--tokenize", self.tokenize]
        if self.lowercase:
            args += ["--lowercase", "--chrf-lowercase"]
        if self.chrf_word_order:
            args += ["--chrf-word-order", str(self.chrf_word_order)]
        if self.ter_case_sensitive:
            args.append("--ter-case-sensitive")
        return args

    def as_dict(self) -> dict[str, Any]:
        return {
            "metrics": self.ordered_metrics,
            "tokenize": self.tokenize,
            "lowercase": self.lowercase,
            "chrf_word_order": self.chrf_word_order,
            "ter_case_sensitive": self.ter_case_sensitive,
        }


def _bleu(options: ScoreOptions, sentence: bool) -> Metric:
    # Sentence BLEU needs effective order, or one missing 4-gram zeroes every short segment;
    # sacrebleu's --sentence-level switches it on the same way.
    return BLEU(tokenize=options.tokenize, lowercase=options.lowercase, effective_order=sentence)


def _chrf(options: ScoreOptions, sentence: bool) -> Metric:
    return CHRF(word_order=options.chrf_word_order, lowercase=options.lowercase)


def _ter(options: ScoreOptions, sentence: bool) -> Metric:
    return TER(case_sensitive=options.ter_case_sensitive)


@dataclass(frozen=True)
class MetricSpec:
    """One metric of the registry: how to build it and which way is better."""

    key: str
    title: str
    higher_is_better: bool
    build: Callable[[ScoreOptions, bool], Metric]


METRICS: dict[str, MetricSpec] = {
    "bleu": MetricSpec("bleu", "BLEU", True, _bleu),
    "chrf": MetricSpec("chrf", "chrF", True, _chrf),
    "ter": MetricSpec("ter", "TER", False, _ter),
}


class _Collector(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(f"sacrebleu: {' '.join(record.getMessage().split())}")


@contextlib.contextmanager
def sacrebleu_notes() -> Iterator[list[str]]:
    """Collect what sacrebleu logs or warns while scoring, for tarjama to print as its own
    notes: left alone, its logger prints bare lines on standard error ("Tokenizer 'spm' has
    been changed ...") beside tarjama's prefixed ones."""
    notes: list[str] = []
    logger = logging.getLogger("sacrebleu")
    handler = _Collector(notes)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes.extend(f"sacrebleu: {warning.message}" for warning in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def build_metric(key: str, options: ScoreOptions, *, sentence: bool = False) -> Metric:
    """The sacrebleu metric ``key`` with ``options``; a tokenizer that cannot load is a
    usage error (flores200 needs sentencepiece and its model, ja-mecab needs MeCab)."""
    try:
        return METRICS[key].build(options, sentence)
    except (ImportError, OSError, RuntimeError) as exc:
        raise UsageError(f"sacrebleu cannot set up {METRICS[key].title}: {exc}") from exc


@dataclass
class MetricScore:
    """A corpus score as sacrebleu computes it; :meth:`line` prints it as sacrebleu does."""

    key: str
    name: str
    score: float
    signature: str
    result: Any = field(repr=False)  # sacrebleu's Score object
    details: dict[str, Any] = field(default_factory=dict)

    def formatted(self, width: int = WIDTH) -> str:
        return f"{self.score:.{width}f}"

    def line(self, width: int = WIDTH) -> str:
        """``NAME|signature = score [details]``, character for character sacrebleu's line."""
        return str(self.result.format(width, False, self.signature))

    def as_dict(self, width: int = WIDTH) -> dict[str, Any]:
        return {
            "metric": self.key,
            "name": self.name,
            "score": self.score,
            "formatted": self.formatted(width),
            "signature": self.signature,
            "line": self.line(width),
            "details": self.details,
        }


def _details(result: Any) -> dict[str, Any]:
    """The parts of a sacrebleu score a tool may want besides the number."""
    if hasattr(result, "precisions"):
        return {
            "precisions": [round(p, 4) for p in result.precisions],
            "bp": result.bp,
            "hyp_len": result.sys_len,
            "ref_len": result.ref_len,
        }
    if hasattr(result, "num_edits"):
        return {"edits": result.num_edits, "ref_length": result.ref_length}
    return {}


def check_streams(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    """Refuse what sacrebleu would refuse: no segment, no reference, unequal lengths."""
    if not hypotheses:
        raise UsageError("nothing to score: no segment")
    if not references:
        raise UsageError("nothing to score: no reference")
    for stream in references:
        if len(stream) != len(hypotheses):
            raise UsageError(
                f"{len(hypotheses)} hypotheses but a reference stream of {len(stream)} segments"
            )


def corpus_scores(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], options: ScoreOptions
) -> list[MetricScore]:
    """Corpus-level scores of ``hypotheses`` against reference streams, as sacrebleu's
    ``corpus_score(hyps, [refs_1, refs_2, ...])``: one stream per reference translation."""
    check_streams(hypotheses, references)
    scores = []
    for key in options.ordered_metrics:
        metric = build_metric(key, options)
        result = metric.corpus_score(list(hypotheses), [list(s) for s in references])
        # The signature knows the number of references only after scoring.
        signature = metric.get_signature().format(short=False)
        scores.append(
            MetricScore(
                key=key,
                name=result.name,
                score=float(result.score),
                signature=signature,
                result=result,
                details=_details(result),
            )
        )
    return scores


def sentence_scores(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], options: ScoreOptions
) -> dict[str, list[float]]:
    """Sentence-level scores per metric, one per segment, as ``sacrebleu --sentence-level``
    prints them (BLEU with effective order)."""
    check_streams(hypotheses, references)
    per_metric: dict[str, list[float]] = {}
    for key in options.ordered_metrics:
        metric = build_metric(key, options, sentence=True)
        per_metric[key] = [
            float(metric.sentence_score(hyp, list(refs)).score)
            for hyp, *refs in zip(hypotheses, *references, strict=True)
        ]
    return per_metric

