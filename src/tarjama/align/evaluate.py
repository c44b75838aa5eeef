"""Evaluation of sentence alignment: gold documents built from line-parallel corpora and the
strict and lax precision, recall and F1 that Vecalign's scorer defines.

Documents come from FLORES-200 (URL runs) and TICO-19 (document ids); adjacent lines are merged
and dropped at random with a seed, so the gold holds 1-1, 1-2, 2-1, 1-0 and 0-1 links.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.fileio import read_text

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class GoldDocument:
    """Two documents and the links between them."""

    name: str
    source: list[str]
    target: list[str]
    gold: list[Pair]


@dataclass(frozen=True)
class Noise:
    """Per-line probabilities of each corruption."""

    merge_source: float = 0.08
    merge_target: float = 0.08
    drop_source: float = 0.03
    drop_target: float = 0.03


def flores_documents(folder: Path) -> list[list[tuple[str, str]]]:
    """FLORES-200 devtest as documents: runs of lines sharing a URL (Arabic, English)."""
    arabic = read_text(folder / "arb_Arab.devtest").splitlines()
    english = read_text(folder / "eng_Latn.devtest").splitlines()
    urls = [row.split("\t", 1)[0] for row in read_text(folder / "metadata_devtest.tsv")
            .splitlines()[1:]]
    return _runs(urls, arabic, english)


def tico_documents(folder: Path) -> list[list[tuple[str, str]]]:
    """TICO-19 test as documents: runs of lines sharing the id before ':' (Arabic, English)."""
    arabic = read_text(folder / "tico19-test.ar").splitlines()
    english = read_text(folder / "tico19-test.en").splitlines()
    ids = [row.split("\t", 1)[0].split(":", 1)[0] for row in
           read_text(folder / "tico19-test.en.info").splitlines()]
    return _runs(ids, arabic, english)


def _runs(keys: Sequence[str], arabic: Sequence[str], english: Sequence[str]
          ) -> list[list[tuple[str, str]]]:
    if not len(keys) == len(arabic) == len(english):
        raise ValueError("the parallel files and their metadata differ in length")
    documents: list[list[tuple[str, str]]] = []
    previous = None
    for key, ar, en in zip(keys, arabic, english, strict=True):
        if key != previous:
            documents.append([])
            previous = key
        documents[-1].append((ar, en))
    return documents


def corrupt(name: str, lines: Sequence[tuple[str, str]], rng: random.Random,
            noise: Noise = Noise()) -> GoldDocument:
    """Merge adjacent lines on one side and drop lines, keeping the gold links."""
    doc = GoldDocument(name, [], [], [])
    k = 0
    while k < len(lines):
        ar, en = lines[k]
        roll = rng.random()
        pair_left = k + 1 < len(lines)
        s, t = len(doc.source), len(doc.target)
        if roll < noise.drop_source:
            doc.target.append(en)
            doc.gold.append(((), (t,)))
            k += 1
        elif roll < noise.drop_source + noise.drop_target:
            doc.source.append(ar)
            doc.gold.append(((s,), ()))
            k += 1
        elif pair_left and roll < noise.drop_source + noise.drop_target + noise.merge_source:
            doc.source.append(ar + " " + lines[k + 1][0])
            doc.target.extend([en, lines[k + 1][1]])
            doc.gold.append(((s,), (t, t + 1)))
            k += 2
        elif pair_left and roll < (noise.drop_source + noise.drop_target + noise.merge_source
                                   + noise.merge_target):
            doc.source.extend([ar, lines[k + 1][0]])
            doc.target.append(en + " " + lines[k + 1][1])
            doc.gold.append(((s, s + 1), (t,)))
            k += 2
        else:
            doc.source.append(ar)
            doc.target.append(en)
            doc.gold.append(((s,), (t,)))
            k += 1
    return doc


def build_documents(documents: Iterable[Sequence[tuple[str, str]]], seed: int, prefix: str,
                    noise: Noise = Noise()) -> list[GoldDocument]:
    """Corrupt every document with one seeded generator (the same seed, the same gold)."""
    rng = random.Random(seed)
    return [corrupt(f"{prefix}{n}", lines, rng, noise) for n, lines in enumerate(documents)]


@dataclass
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _counts(gold: Iterable[Pair], test: Iterable[Pair]) -> tuple[int, int, int, int]:
    """True and false positives of ``test`` against ``gold``, strict and lax."""
    gold_set = {pair for pair in gold if pair[0] or pair[1]}
    test_set = {pair for pair in test if pair[0] or pair[1]}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            gold_targets[s].update(tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set().union(*(gold_targets[s] for s in src)) if src else set()
        if reachable & set(tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def score(golds: Sequence[Sequence[Pair]], tests: Sequence[Sequence[Pair]]) -> Scores:
    """Strict and lax P/R/F1 over several documents, as Vecalign's ``score_multiple``:
    precision over every test link, recall over the links that are not 1-0 or 0-1."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        p = [x + y for x, y in zip(p, _counts(gold, test), strict=True)]
        gold_kept = [pair for pair in gold if pair[0] and pair[1]]
        test_kept = [pair for pair in test if pair[0] and pair[1]]
        r = [x + y for x, y in zip(r, _counts(test_kept, gold_kept), strict=True)]

    def ratio(good: int, bad: int) -> float:
        return good / (good + bad) if good + bad else 0.0

    def f1(a: float, b: float) -> float:
        return 2 * a * b / (a + b) if a + b else 0.0

    ps, pl = ratio(p[0], p[1]), ratio(p[2], p[3])
    rs, rl = ratio(r[0], r[1]), ratio(r[2], r[3])
    return Scores(ps, rs, f1(ps, rs), pl, rl, f1(pl, rl))


Aligner = Callable[[GoldDocument], list[Pair]]


def evaluate(documents: Sequence[GoldDocument], aligner: Aligner) -> Scores:
    """Score ``aligner`` on every document."""
    return score([doc.gold for doc in documents], [aligner(doc) for doc in documents])
