"""What a link costs: the Gale-Church length model and the lexical anchors two segments share.

Anchors are tokens both languages write recognisably: numbers in any digit script, Latin words
inside Arabic, name skeletons, question and exclamation marks, and lexicon entries.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tarjama.align.lexicon import Lexicon, stem
from tarjama.align.translit import arabic_word_skeletons, arabic_words, latin_skeleton
from tarjama.languages import (
    LATIN_LETTER_RE,
    is_arabic_script,
    neutral_punctuation,
    normalize_for_matching,
    numbers,
)

FloatArray = npt.NDArray[np.float64]

# Weights of one shared anchor of each kind, in the units of the length cost (nats). Numbers and
# Latin words survive translation almost always; a skeleton match can be a coincidence.
WEIGHTS = {"#": 3.0, "L": 2.5, "S": 1.5, "X": 1.2, "P": 2.0, "?": 1.0, "!": 1.0}

_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'\-]*")
_WORD_RE = re.compile(r"\w+")
_MARKS = {"?": "?", "!": "!"}


@dataclass
class Features:
    """One segment as the aligner sees it: its length and its anchor tokens with weights."""

    length: float
    tokens: dict[str, float]
    words: float = 0.0


def _latin_tokens(text: str, tokens: Counter[str], *, all_skeletons: bool) -> None:
    for word in _LATIN_WORD_RE.findall(text):
        lowered = word.lower().strip("'-")
        if len(lowered) >= 2:
            tokens["L:" + lowered] += 1
        # Names are capitalised; long lower-case words are often loanwords (coronavirus).
        if all_skeletons or word[0].isupper() or len(word) >= 7:
            for part in lowered.split("-"):
                skeleton = latin_skeleton(part)
                if len(skeleton) >= 3:
                    tokens["S:" + skeleton] += 1


def segment_tokens(text: str, lang: str, lexicon: Lexicon | None, side: str) -> Counter[str]:
    """The anchor tokens of one segment, counted.

    ``side`` is ``"source"`` or ``"target"``: lexicon entries are looked up on the matching
    side of ``lexicon`` and both sides produce the same ``X:`` token for a translation pair.
    """
    tokens: Counter[str] = Counter()
    for number in numbers(text):
        tokens["#" + number] += 1
    punctuated = neutral_punctuation(text)
    for mark, name in _MARKS.items():
        count = punctuated.count(mark)
        if count:
            tokens[name] += count
    folded = normalize_for_matching(text)
    if is_arabic_script(lang):
        # Latin words written inside Arabic text (acronyms, product names, F-16).
        _latin_tokens(text, tokens, all_skeletons=True)
        for word in arabic_words(folded):
            for skeleton in arabic_word_skeletons(word):
                if len(skeleton) >= 3:
                    tokens["S:" + skeleton] += 1
    else:
        _latin_tokens(text, tokens, all_skeletons=False)
    if lexicon is not None and len(lexicon):
        words = _WORD_RE.findall(folded)
        if side == "source":
            for word in words:
                for target in lexicon.words.get(stem(word, lang), ()):
                    tokens["X:" + target] += 1
        else:
            targets = _target_stems(lexicon)
            for word in words:
                stemmed = stem(word, lang)
                if stemmed in targets:
                    tokens["X:" + stemmed] += 1
        padded = f" {' '.join(words)} "
        for index, (src_phrase, tgt_phrase) in enumerate(lexicon.phrases):
            phrase = src_phrase if side == "source" else tgt_phrase
            # A phrase may carry an Arabic clitic on its first word (والحشد الشعبي).
            if f" {phrase} " in padded or (is_arabic_script(lang) and phrase in padded):
                tokens[f"P:{index}"] += 1
    return tokens


_TARGET_STEMS: dict[int, frozenset[str]] = {}


def _target_stems(lexicon: Lexicon) -> frozenset[str]:
    key = id(lexicon)
    cached = _TARGET_STEMS.get(key)
    if cached is None:
        cached = frozenset(t for targets in lexicon.words.values() for t in targets)
        _TARGET_STEMS.clear()
        _TARGET_STEMS[key] = cached
    return cached


def features(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str,
    target_lang: str,
    lexicon: Lexicon | None = None,
) -> tuple[list[Features], list[Features]]:
    """Features of both documents; tokens the other document never has are dropped, so a
    segment's anchor weight counts only what could match."""
    src_counts = [segment_tokens(text, source_lang, lexicon, "source") for text in source]
    tgt_counts = [segment_tokens(text, target_lang, lexicon, "target") for text in target]
    src_df: Counter[str] = Counter()
    tgt_df: Counter[str] = Counter()
    for count in src_counts:
        src_df.update(count.keys())
    for count in tgt_counts:
        tgt_df.update(count.keys())
    # A token found in many segments (COVID-19 in a COVID paper) says little about which
    # segment pairs belong together, and adjacent repeats would make merged links look good.
    weights = {
        tok: WEIGHTS[tok[0]] / (1.0 + math.log(max(src_df[tok], tgt_df[tok])))
        for tok in src_df.keys() & tgt_df.keys()
    }

    def build(texts: Sequence[str], counts: list[Counter[str]]) -> list[Features]:
        return [
            Features(
                float(len(text)),
                {tok: n * weights[tok] for tok, n in count.items() if tok in weights},
                float(len(text.split())),
            )
            for text, count in zip(texts, counts, strict=True)
        ]

    return build(source, src_counts), build(target, tgt_counts)


def text_length(text: str) -> int:
    """Characters that count for the length model (white space runs count as one)."""
    return len(" ".join(text.split()))


def pair_matches(
    src: Sequence[Features], tgt: Sequence[Features], lo: npt.NDArray[np.int64], width: int
) -> list[tuple[list[int], list[float]]]:
    """For each source segment, the target segments inside its band that share anchors, and
    the shared weight (each token counted as often as it occurs on both sides)."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for index, feature in enumerate(tgt):
        for token, weight in feature.tokens.items():
            postings.setdefault(token, []).append((index, weight))
    result: list[tuple[list[int], list[float]]] = []
    for index, feature in enumerate(src):
        # Source segment s takes part in rows s+1 .. s+3 of the dynamic program.
        start = int(lo[index]) - 4
        end = int(lo[min(index + 3, len(lo) - 1)]) + width + 4
        scores: dict[int, float] = {}
        for token, weight in feature.tokens.items():
            for t, t_weight in postings.get(token, ()):
                if start <= t < end:
                    scores[t] = scores.get(t, 0.0) + min(weight, t_weight)
        result.append((list(scores), list(scores.values())))
    return result


def log_erfc(x: FloatArray) -> FloatArray:
    """log(erfc(x)) for x >= 0 without underflow (Numerical Recipes' erfc fit, 1e-7)."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    result: FloatArray = np.log(t) - x * x + poly
    return result


def length_cost(
    source_length: float | FloatArray, target_length: FloatArray, ratio: float, variance: float
) -> FloatArray:
    """Gale and Church's -log P(length match): how unlikely the two lengths are as
    translations, with ``ratio`` target characters per source character."""
    mean = np.maximum((source_length + target_length / ratio) / 2.0, 1.0)
    z = np.abs(ratio * source_length - target_length) / np.sqrt(variance * mean)
    result: FloatArray = -log_erfc(z / np.sqrt(2.0))
    return result


def match_probability(source_length: float, target_length: float, ratio: float,
                      variance: float) -> float:
    """P(length match) of one link, in [0, 1] (for confidences and reports)."""
    cost = length_cost(source_length, np.array([target_length], dtype=np.float64), ratio,
                       variance)
    return float(np.exp(-cost[0]))


__all__ = ["LATIN_LETTER_RE", "Features", "features", "length_cost", "pair_matches"]
