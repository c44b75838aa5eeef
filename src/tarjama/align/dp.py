"""The banded dynamic program that finds the cheapest sequence of links between two documents.

Rows are source positions; each row keeps only a band of target positions around the expected
diagonal, so time and memory grow linearly with the documents. The band widens when the best
path touches its edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tarjama.align.costs import Features, FloatArray, length_cost, pair_matches

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Move:
    """A link shape: ``source`` segments to ``target`` segments, with its prior cost."""

    source: int
    target: int
    prior: float


@dataclass
class Model:
    """Everything the dynamic program weighs, with defaults tuned on held-out documents."""

    moves: Sequence[Move]
    ratio: float = 1.0
    variance: float = 6.8
    # Cost of leaving one segment unaligned (the length model says nothing about it).
    skip_cost: float = 2.0
    # How much shared anchors are worth (multiplies the anchor weights).
    lexical_weight: float = 1.0
    # Paragraph ends: a link crossing one costs, links ending on both sides together gain.
    paragraph_cross_cost: float = 0.0
    paragraph_match_bonus: float = 0.0
    # Gale and Church counted a deletion's length against it; hunalign-style aligners do not.
    skip_length_cost: bool = False
    # Cost of a merged segment that shares no anchor with the other side (see _orphan).
    orphan_cost: float = 8.0
    # A second length model on word counts: words and characters err differently.
    word_weight: float = 0.0
    word_ratio: float = 1.0
    word_variance: float = 1.0


@dataclass
class Step:
    """One link of the best path with the evidence behind it."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    cost: float
    shared: float = 0.0
    anchor_weight: float = 0.0


@dataclass
class Path:
    steps: list[Step] = field(default_factory=list)
    band: int = 0


def _orphan(shared: FloatArray, own: FloatArray | float, model: Model) -> FloatArray:
    """The cost of merging a segment that shares none of its anchors with the other side:
    a legitimate merge usually carries over something, a dropped segment nothing."""
    result: FloatArray = model.orphan_cost * (shared <= 0.0) * np.minimum(own, 2.0) / 2.0
    return result


def _band_lows(src: Sequence[Features], tgt: Sequence[Features], half_width: int,
               width: int) -> IntArray:
    """The first target position of each row's band, centred on the length diagonal."""
    n, m = len(src), len(tgt)
    src_cum = np.concatenate([[0.0], np.cumsum([f.length + 1.0 for f in src])])
    tgt_cum = np.concatenate([[0.0], np.cumsum([f.length + 1.0 for f in tgt])])
    src_frac = src_cum / max(src_cum[-1], 1.0)
    tgt_frac = tgt_cum / max(tgt_cum[-1], 1.0)
    centre = np.searchsorted(tgt_frac, src_frac).astype(np.int64)
    centre[0], centre[-1] = 0, m
    lows: IntArray = np.clip(centre - half_width, 0, max(m + 1 - width, 0)).astype(np.int64)
    del n
    return lows


def align_path(
    src: Sequence[Features],
    tgt: Sequence[Features],
    model: Model,
    *,
    half_width: int = 30,
    src_par_end: Sequence[bool] | None = None,
    tgt_par_end: Sequence[bool] | None = None,
) -> Path:
    """The cheapest path through the band, widened until it no longer touches the edge."""
    n, m = len(src), len(tgt)
    while True:
        width = min(m + 1, 2 * half_width + 1)
        path, touched = _run(src, tgt, model, half_width, width, src_par_end, tgt_par_end)
        if not touched or width >= m + 1:
            path.band = width
            return path
        half_width *= 2
        del n


def _run(
    src: Sequence[Features],
    tgt: Sequence[Features],
    model: Model,
    half_width: int,
    width: int,
    src_par_end: Sequence[bool] | None,
    tgt_par_end: Sequence[bool] | None,
) -> tuple[Path, bool]:
    n, m = len(src), len(tgt)
    lows = _band_lows(src, tgt, half_width, width)
    src_len = np.array([f.length for f in src], dtype=np.float64)
    tgt_len = np.array([f.length for f in tgt], dtype=np.float64)
    src_cum = np.concatenate([[0.0], np.cumsum(src_len)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_len)])
    src_words = np.concatenate([[0.0], np.cumsum([f.words for f in src])])
    tgt_words = np.concatenate([[0.0], np.cumsum([f.words for f in tgt])])
    src_w = np.concatenate([[0.0], np.cumsum([sum(f.tokens.values()) for f in src])])
    tgt_w = np.concatenate([[0.0], np.cumsum([sum(f.tokens.values()) for f in tgt])])
    use_par = src_par_end is not None and tgt_par_end is not None and (
        model.paragraph_cross_cost or model.paragraph_match_bonus)
    if use_par:
        assert src_par_end is not None and tgt_par_end is not None
        s_end = np.array(list(src_par_end), dtype=np.float64)
        t_end = np.array(list(tgt_par_end), dtype=np.float64)
        t_end_cum = np.concatenate([[0.0], np.cumsum(t_end)])
    else:
        s_end = np.zeros(n)
        t_end = np.zeros(m)
        t_end_cum = np.zeros(m + 1)

    # Shared anchor weight of source segment s with each target, as cumulative sums over the
    # target positions of a window that covers every band the segment can take part in.
    matches = pair_matches(src, tgt, lows, width)
    win_lo = lows[:-1] - 4
    reach = lows[np.minimum(np.arange(n) + 3, n)] - lows[:-1] if n else np.zeros(0)
    win = int(reach.max(initial=0)) + width + 8
    shared_cum = np.zeros((n, win + 1))
    for s, (targets, weights) in enumerate(matches):
        if targets:
            row = np.zeros(win)
            offsets = np.array(targets, dtype=np.int64) - win_lo[s]
            keep = (offsets >= 0) & (offsets < win)
            np.add.at(row, offsets[keep], np.array(weights)[keep])
            shared_cum[s, 1:] = np.cumsum(row)

    def shared_upto(s: int, cols: IntArray) -> FloatArray:
        index = np.clip(cols - win_lo[s], 0, win)
        result: FloatArray = shared_cum[s, index]
        return result

    inf = np.inf
    cost = np.full((n + 1, width), inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    moves = list(model.moves)
    skip_target = next((k for k, mv in enumerate(moves) if mv.source == 0), None)
    offsets_in_row = np.arange(width, dtype=np.int64)

    def skip_costs(lengths: FloatArray, prior: float) -> FloatArray:
        if model.skip_length_cost:
            return length_cost(lengths, np.zeros_like(lengths), model.ratio, model.variance) + prior
        return np.full_like(lengths, model.skip_cost + prior)

    tgt_skip = skip_costs(tgt_len / model.ratio, moves[skip_target].prior if skip_target is not
                          None else 0.0) if m else np.zeros(0)
    tgt_skip_cum = np.concatenate([[0.0], np.cumsum(tgt_skip)])

    for i in range(n + 1):
        cols = lows[i] + offsets_in_row
        best = np.full(width, inf)
        best_move = np.full(width, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0  # lows[0] is 0: the start of both documents
        for k, move in enumerate(moves):
            a, b = move.source, move.target
            if a == 0 or a > i:
                continue
            prev_cols = cols - b
            prev_k = prev_cols - lows[i - a]
            valid = (prev_cols >= 0) & (prev_k >= 0) & (prev_k < width) & (cols <= m)
            if not valid.any():
                continue
            prev = np.where(valid, cost[i - a, np.clip(prev_k, 0, width - 1)], inf)
            src_span = src_cum[i] - src_cum[i - a]
            if b == 0:
                step = skip_costs(np.array([src_span]), move.prior)[0] + np.zeros(width)
            else:
                safe = np.clip(cols, b, m)
                tgt_span = tgt_cum[safe] - tgt_cum[safe - b]
                step = length_cost(src_span, tgt_span, model.ratio, model.variance) + move.prior
                if model.word_weight:
                    step = step + model.word_weight * length_cost(
                        src_words[i] - src_words[i - a], tgt_words[safe] - tgt_words[safe - b],
                        model.word_ratio, model.word_variance)
                shared = np.zeros(width)
                orphans = np.zeros(width)
                per_target = [np.zeros(width) for _ in range(b)] if b > 1 else []
                for s in range(i - a, i):
                    row_shared = shared_upto(s, safe) - shared_upto(s, safe - b)
                    shared += row_shared
                    if a > 1:
                        orphans += _orphan(row_shared, src_w[s + 1] - src_w[s], model)
                    for offset, column in enumerate(per_target, start=1):
                        # Target segment j - offset alone.
                        column += shared_upto(s, safe - offset + 1) - shared_upto(s, safe - offset)
                for offset, column in enumerate(per_target, start=1):
                    own = tgt_w[safe - offset + 1] - tgt_w[safe - offset]
                    orphans += _orphan(column, own, model)
                cap = np.minimum(src_w[i] - src_w[i - a], tgt_w[safe] - tgt_w[safe - b])
                step = step - model.lexical_weight * np.minimum(shared, cap) + orphans
                if use_par:
                    inner_src = float(s_end[i - a:i - 1].sum())
                    inner_tgt = t_end_cum[safe - 1] - t_end_cum[safe - b]
                    step = step + model.paragraph_cross_cost * (inner_src + inner_tgt)
                    both = s_end[i - 1] * t_end[safe - 1]
                    step = step - model.paragraph_match_bonus * both
            total = prev + step
            better = total < best
            best = np.where(better, total, best)
            best_move[better] = k
        if skip_target is not None:
            # Skipping target segments inside a row: cost[j] = min(best[j], cost[j-1] + skip),
            # a running minimum once the cumulative skip cost is taken out.
            skip_cum = tgt_skip_cum[np.clip(cols, 0, m)]
            running = np.minimum.accumulate(best - skip_cum) + skip_cum
            running[cols > m] = inf
            # Rounding in the subtraction must not pass for a cheaper skip.
            from_skip = running < best - 1e-9
            best_move[from_skip] = skip_target
            best = np.where(from_skip, running, best)
        cost[i] = best
        back[i] = best_move

    # Follow the back pointers from the end of both documents.
    steps: list[Step] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        k_col = j - lows[i]
        if (lows[i] > 0 and k_col == 0) or (k_col == width - 1 and lows[i] + width - 1 < m):
            touched = True
        move = moves[int(back[i, k_col])]
        a, b = move.source, move.target
        here = float(cost[i, k_col])
        before = float(cost[i - a, j - b - lows[i - a]])
        shared = 0.0
        if a and b:
            cols = np.array([j], dtype=np.int64)
            shared = float(sum((shared_upto(s, cols) - shared_upto(s, cols - b))[0]
                               for s in range(i - a, i)))
        weight = float(src_w[i] - src_w[i - a] + tgt_w[j] - tgt_w[j - b])
        steps.append(Step(i - a, i, j - b, j, here - before, shared, weight))
        i, j = i - a, j - b
    steps.reverse()
    return Path(steps), touched
