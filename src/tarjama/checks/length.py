"""Checks that compare the size of source and translation: a length ratio learned from the
catalog itself (robust statistics), and the number of sentences on each side.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tarjama.checks.base import CheckContext, Issue, LengthModel, Pair, Severity, check
from tarjama.languages import ARABIC_BASE_LETTERS
from tarjama.model import Unit

# Below this many characters a message is a label whose length says little ("OK" -> "موافق").
MIN_CHARS = 20
# Fewer usable units than this and the catalog cannot teach us its ratio: use the prior.
MIN_SAMPLES = 30
# How many robust standard deviations from the centre, and at least which factor, before a
# ratio is reported: a pair must be clearly out of line, not just terse.
SIGMAS = 4.0
MIN_FACTOR = 2.0
# Without enough data: a translation between half and twice... times e^0.35 the source.
PRIOR_SPREAD = 0.35


def _log_ratio(source: str, target: str) -> float:
    return math.log((len(target) + 1) / (len(source) + 1))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def learn_length_model(units: Iterable[Unit]) -> LengthModel:
    """The centre and spread of log(target/source length) over the translated units, by the
    median and the median absolute deviation (robust to the very outliers we look for)."""
    ratios = [
        _log_ratio(unit.source.strip(), unit.target.strip())
        for unit in units
        if unit.source_plural is None and len(unit.source) >= MIN_CHARS and unit.target
    ]
    if len(ratios) < MIN_SAMPLES:
        centre, spread = 0.0, PRIOR_SPREAD
    else:
        centre = _median(ratios)
        spread = 1.4826 * _median([abs(r - centre) for r in ratios])
        spread = max(spread, 0.1)
    width = max(SIGMAS * spread, math.log(MIN_FACTOR))
    return LengthModel(centre, spread, len(ratios), centre - width, centre + width)


@check("length-ratio", Severity.WARNING, "Translation length in line with the rest of the catalog")
def length_ratio(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A translation far shorter or longer than this catalog's translations usually are, for
    its source length, is often truncated, padded or paired with the wrong source."""
    model = ctx.length
    source = pair.source.strip()
    if model is None or pair.unit.source_plural is not None or len(source) < MIN_CHARS:
        return
    target = pair.target.strip()
    ratio = _log_ratio(source, target)
    if model.low <= ratio <= model.high:
        return
    expected = math.exp(model.centre)
    actual = (len(target) + 1) / (len(source) + 1)
    word = "short" if ratio < model.low else "long"
    yield Issue(
        f"translation unusually {word}: {actual:.2f}x the source length "
        f"(this catalog's median is {expected:.2f}x)"
    )


# A terminator followed later by more text: only then can a text hold two sentences.
_INNER_STOP_RE = re.compile(r"[.!?…؟۔][\"'”’»)\]]*\s+\S")


_START_RE = re.compile(r"[.!?…؟۔][\"'”’»)\]]*\s+(?=[\"'“«(]?[A-Z" + ARABIC_BASE_LETTERS + "])")


@lru_cache(maxsize=1)
def _splitter() -> object:
    from tarjama.segment import split_sentences

    return split_sentences


def sentence_count(text: str, lang: str) -> int:
    """How many sentences tarjama's segmenter finds in ``text``."""
    if not _INNER_STOP_RE.search(text):
        return 1 if text.strip() else 0
    split = _splitter()
    return len(split(text, lang))  # type: ignore[operator]


@check("sentence-count", Severity.WARNING, "Same number of sentences on both sides")
def sentence_count_check(pair: Pair, ctx: CheckContext) -> Iterator[Issue]:
    """A sentence missing from a translation is the commonest omission; a translation may
    also join or split sentences on purpose, hence a warning."""
    source, target = pair.source_plain, pair.target_plain
    # The segmenter is the judge, but it is only asked when a rough count of sentence starts
    # (a terminator, then a capital or an Arabic letter) differs between the two sides.
    if len(_START_RE.findall(source)) == len(_START_RE.findall(target)):
        return
    n_source = sentence_count(source, ctx.source_lang)
    n_target = sentence_count(target, ctx.target_lang)
    if n_source != n_target:
        yield Issue(f"{n_source} sentence(s) in the source, {n_target} in the translation")
