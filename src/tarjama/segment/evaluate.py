"""Evaluation of document segmentation: news-like documents built from line-parallel corpora
with a headline above them or a sentence broken across two paragraphs, scored by boundaries.

A boundary is the offset, in the document with all white space removed, where one gold
segment ends and the next begins; precision and recall compare a segmenter's boundaries with
the gold ones. Each corpus line is one gold segment (about one FLORES line in ten holds two
sentences: splitting those costs precision, before and after alike).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tarjama.segment.rules import CLOSERS, TERMINATORS

Segmenter = Callable[[str, str], list[str]]

# Headlines run to 10-25 words (the definition of the documents to score).
HEADLINE_WORDS = (10, 25)


@dataclass(frozen=True)
class GoldDocument:
    """A document's text, its language and its gold boundaries."""

    text: str
    lang: str
    boundaries: frozenset[int]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    documents: int
    gold: int

    def __str__(self) -> str:
        return (f"precision {self.precision:.4f} recall {self.recall:.4f} "
                f"({self.gold} gold boundaries, {self.documents} documents)")


def _length(text: str) -> int:
    return len("".join(text.split()))


def headline_from(line: str) -> str | None:
    """A corpus line as a headline: one sentence without its final punctuation, 10-25 words,
    without quotation marks (a headline made by cutting them off would be unbalanced)."""
    headline = line.strip().rstrip(TERMINATORS + " ")
    low, high = HEADLINE_WORDS
    if not low <= len(headline.split()) <= high:
        return None
    if any(mark in headline for mark in CLOSERS + TERMINATORS):
        return None  # two sentences, or a quotation: not a headline's shape
    if line.strip() == headline:
        return None  # a line without final punctuation is no sentence to learn from
    return headline


def _document(lang: str, headline: str | None, paragraphs: Sequence[Sequence[str]],
              broken_at: tuple[int, int] | None = None) -> GoldDocument:
    """Paragraphs of lines (one gold segment each) under an optional headline; ``broken_at``
    is (line, word) where a paragraph break is put in the middle of a sentence."""
    parts: list[str] = []
    gold: set[int] = set()
    offset = 0
    if headline is not None:
        parts.append(headline)
        offset = _length(headline)
        gold.add(offset)
    number = 0
    for paragraph in paragraphs:
        pieces = []
        for line in paragraph:
            if broken_at is not None and broken_at[0] == number:
                words = line.split()
                line = " ".join(words[:broken_at[1]]) + "\n\n" + " ".join(words[broken_at[1]:])
            pieces.append(line)
            offset += _length(line)
            gold.add(offset)
            number += 1
        parts.append(" ".join(pieces))
    gold.discard(offset)  # the end of the document is no boundary
    return GoldDocument("\n\n".join(parts) + "\n", lang, frozenset(gold))


def _paragraphs(lines: Sequence[str], size: int) -> list[list[str]]:
    return [list(lines[i:i + size]) for i in range(0, len(lines), size)]


def headline_documents(documents: Sequence[Sequence[tuple[str, str]]], *,
                       paragraph_lines: int = 2) -> list[GoldDocument]:
    """Each corpus document in each language under a headline of its own language: the
    first line of a later document that makes a 10-25-word headline (see
    :func:`headline_from`), standing as its own paragraph before the first sentence."""
    built = []
    for side, lang in ((0, "ar"), (1, "en")):
        texts = [[pair[side] for pair in doc] for doc in documents]
        candidates = [h for doc in texts for h in map(headline_from, doc) if h is not None]
        if not candidates:
            continue
        for number, lines in enumerate(texts):
            headline = candidates[(number * 7) % len(candidates)]
            built.append(_document(lang, headline, _paragraphs(lines, paragraph_lines)))
    return built


def broken_documents(documents: Sequence[Sequence[tuple[str, str]]], seed: int, *,
                     paragraph_lines: int = 2) -> list[GoldDocument]:
    """Each corpus document in each language with one sentence broken across two paragraphs
    at a random word, as scraping breaks them (the break is no gold boundary)."""
    rng = random.Random(seed)
    built = []
    for side, lang in ((0, "ar"), (1, "en")):
        for doc in documents:
            lines = [pair[side] for pair in doc]
            number = rng.randrange(len(lines))
            words = len(lines[number].split())
            if words < 4:
                continue
            at = rng.randrange(2, words - 1)
            built.append(_document(lang, None, _paragraphs(lines, paragraph_lines),
                                   (number, at)))
    return built


def score(documents: Sequence[GoldDocument], segmenter: Segmenter) -> Scores:
    """Boundary precision and recall of ``segmenter`` (text, lang -> segments)."""
    found = predicted = gold = 0
    for doc in documents:
        offsets = set()
        offset = 0
        for segment in segmenter(doc.text, doc.lang)[:-1]:
            offset += _length(segment)
            offsets.add(offset)
        found += len(offsets & doc.boundaries)
        predicted += len(offsets)
        gold += len(doc.boundaries)
    return Scores(found / predicted if predicted else 1.0, found / gold if gold else 1.0,
                  len(documents), gold)
