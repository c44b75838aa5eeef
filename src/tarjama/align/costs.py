"""What a link costs: the Gale-Church length model and the lexical anchors two segments share.

Anchors are tokens both languages write recognisably: numbers in any digit script, Latin words
inside Arabic, name skeletons, question and exclamation marks, and lexicon entries.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from tarjama.align.lexicon import Lexicon, stem
from tarjama.align.translit import arabic_word_skeletons, latin_skeleton
from tarjama.languages import (
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


def _latin_tokens(text: str, tokens: Counter[str], *, all_skeletons: bool) -> None:
    tokens.update(token for word in _LATIN_WORD_RE.findall(text)
                  for token in _latin_word_tokens(word, all_skeletons))


@lru_cache(maxsize=131072)
def _latin_word_tokens(word: str, all_skeletons: bool) -> tuple[str, ...]:
    """The tokens of one Latin-script word: itself, and the skeletons of its parts."""
    found = []
    lowered = word.lower().strip("'-")
    if len(lowered) >= 2:
        found.append("L:" + lowered)
    # Names are capitalised; long lower-case words are often loanwords (coronavirus).
    if all_skeletons or word[0].isupper() or len(word) >= 7:
        for part in lowered.split("-"):
            skeleton = latin_skeleton(part)
            if len(skeleton) >= 3:
                found.append("S:" + skeleton)
    return tuple(found)


def base_tokens(text: str, lang: str, words: Sequence[str] | None = None) -> Counter[str]:
    """The anchor tokens of one segment that need no lexicon, counted (``words``: its
    folded words, when already known)."""
    tokens: Counter[str] = Counter()
    for number in numbers(text):
        tokens["#" + number] += 1
    punctuated = neutral_punctuation(text)
    for mark, name in _MARKS.items():
        count = punctuated.count(mark)
        if count:
            tokens[name] += count
    if is_arabic_script(lang):
        # Latin words written inside Arabic text (acronyms, product names, F-16).
        _latin_tokens(text, tokens, all_skeletons=True)
        for word in folded_words(text) if words is None else words:
            for skeleton in arabic_word_skeletons(word):
                if len(skeleton) >= 3:
                    tokens["S:" + skeleton] += 1
    else:
        _latin_tokens(text, tokens, all_skeletons=False)
    return tokens


def folded_words(text: str) -> list[str]:
    """The words of a segment in the folded form lexicons are matched in."""
    return _WORD_RE.findall(normalize_for_matching(text))


def lexicon_tokens(words: Sequence[str], lang: str, lexicon: Lexicon, side: str,
                   target_stems: frozenset[str] = frozenset()) -> Counter[str]:
    """The lexicon entries a segment (its folded words) holds, as tokens both sides of an
    entry share.

    ``side`` is ``"source"`` or ``"target"``; ``target_stems`` are the target words of the
    lexicon (needed on the target side).
    """
    tokens: Counter[str] = Counter()
    if side == "source":
        for word in words:
            for target in lexicon.words.get(stem(word, lang), ()):
                tokens["X:" + target] += 1
    else:
        for word in words:
            stemmed = stem(word, lang)
            if stemmed in target_stems:
                tokens["X:" + stemmed] += 1
    if lexicon.phrases:
        padded = f" {' '.join(words)} "
        for index, (src_phrase, tgt_phrase) in enumerate(lexicon.phrases):
            phrase = src_phrase if side == "source" else tgt_phrase
            # A phrase may carry an Arabic clitic on its first word (والحشد الشعبي).
            if f" {phrase} " in padded or (is_arabic_script(lang) and phrase in padded):
                tokens[f"P:{index}"] += 1
    return tokens


@dataclass
class Tokenized:
    """The lexicon-free tokens of both documents, computed once for every pass."""

    source: list[Counter[str]]
    target: list[Counter[str]]
    source_words: list[list[str]]
    target_words: list[list[str]]


def tokenize(source: Sequence[str], target: Sequence[str], source_lang: str,
             target_lang: str) -> Tokenized:
    """Tokens and folded words of both documents."""
    src_words = [folded_words(text) for text in source]
    tgt_words = [folded_words(text) for text in target]
    return Tokenized(
        [base_tokens(text, source_lang, words) for text, words in
         zip(source, src_words, strict=True)],
        [base_tokens(text, target_lang, words) for text, words in
         zip(target, tgt_words, strict=True)],
        src_words,
        tgt_words,
    )


def features(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str,
    target_lang: str,
    lexicon: Lexicon | None = None,
    tokenized: Tokenized | None = None,
) -> tuple[list[Features], list[Features]]:
    """Features of both documents; tokens the other document never has are dropped, so a
    segment's anchor weight counts only what could match."""
    if tokenized is None:
        tokenized = tokenize(source, target, source_lang, target_lang)
    src_counts = list(tokenized.source)
    tgt_counts = list(tokenized.target)
    if lexicon is not None and (lexicon.words or lexicon.phrases):
        stems = frozenset(t for targets in lexicon.words.values() for t in targets)
        # The tokenized counts serve every pass: a segment with lexicon tokens gets a copy.
        for k, words in enumerate(tokenized.source_words):
            extra = lexicon_tokens(words, source_lang, lexicon, "source")
            if extra:
                src_counts[k] = src_counts[k] + extra
        for k, words in enumerate(tokenized.target_words):
            extra = lexicon_tokens(words, target_lang, lexicon, "target", stems)
            if extra:
                tgt_counts[k] = tgt_counts[k] + extra
    src_df = Counter(itertools.chain.from_iterable(src_counts))
    tgt_df = Counter(itertools.chain.from_iterable(tgt_counts))
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
            )
            for text, count in zip(texts, counts, strict=True)
        ]

    return build(source, src_counts), build(target, tgt_counts)


def pair_matches(
    src: Sequence[Features], tgt: Sequence[Features], lo: npt.NDArray[np.int64], width: int
) -> list[tuple[list[int], list[float]]]:
    """For each source segment, the target segments inside its band that share anchors, and
    the shared weight (each token counted as often as it occurs on both sides)."""
    positions: dict[str, list[int]] = {}
    weights: dict[str, list[float]] = {}
    for index, feature in enumerate(tgt):
        for token, weight in feature.tokens.items():
            positions.setdefault(token, []).append(index)
            weights.setdefault(token, []).append(weight)
    result: list[tuple[list[int], list[float]]] = []
    last = len(lo) - 1
    for index, feature in enumerate(src):
        # Source segment s takes part in rows s+1 .. s+3 of the dynamic program.
        start = int(lo[index]) - 4
        end = int(lo[min(index + 3, last)]) + width + 4
        scores: dict[int, float] = {}
        for token, weight in feature.tokens.items():
            where = positions.get(token)
            if where is None:
                continue
            token_weights = weights[token]
            # Postings are sorted: only the part inside the band is visited.
            for k in range(bisect.bisect_left(where, start), bisect.bisect_left(where, end)):
                t = where[k]
                scores[t] = scores.get(t, 0.0) + min(weight, token_weights[k])
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
    # A table lookup: the dynamic program calls this for every band row, and one
    # interpolation costs less than the dozen array operations of the formula.
    result: FloatArray = np.interp(z, _Z_GRID, _Z_COST, right=np.inf)
    beyond = z > _Z_GRID[-1]
    if np.any(beyond):
        result = np.where(beyond, -log_erfc(z / np.sqrt(2.0)), result)
    return result


_Z_GRID = np.linspace(0.0, 40.0, 16001)
_Z_COST: FloatArray = -log_erfc(_Z_GRID / np.sqrt(2.0))


def match_probability(source_length: float, target_length: float, ratio: float,
                      variance: float) -> float:
    """P(length match) of one link, in [0, 1] (for confidences and reports)."""
    mean = max((source_length + target_length / ratio) / 2.0, 1.0)
    z = abs(ratio * source_length - target_length) / math.sqrt(variance * mean)
    return math.erfc(z / math.sqrt(2.0))


__all__ = ["Features", "features", "length_cost", "pair_matches", "tokenize"]
