"""The banded dynamic program that finds the cheapest sequence of links between two documents.

Rows are source positions; each row keeps only a band of target positions around the expected
diagonal, so time and memory grow linearly with the documents. The band widens when the best
path touches its edge.
"""

from __future__ import annotations

import bisect
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
    skip_cost: float = 3.0
    # How much shared anchors are worth (multiplies the anchor weights).
    lexical_weight: float = 1.0
    # Paragraph ends: a link crossing one costs, links ending on both sides together gain.
    paragraph_cross_cost: float = 0.0
    paragraph_match_bonus: float = 0.0
    # Gale and Church counted a deletion's length against it; hunalign-style aligners do not.
    skip_length_cost: bool = False
    # Cost of a merged segment that shares no anchor with the other side (see _orphan).
    orphan_cost: float = 4.0


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
    result: FloatArray = np.where(shared <= 0.0, np.minimum(own, 2.0) * (model.orphan_cost / 2),
                                  0.0)
    return result


def anchor_centre(src: Sequence[Features], tgt: Sequence[Features]) -> IntArray:
    """The expected target position of every source position: the length diagonal bent
    through rare anchors, those of the longest chain increasing on both sides."""
    n, m = len(src), len(tgt)
    src_cum = np.concatenate([[0.0], np.cumsum([f.length + 1.0 for f in src])])
    tgt_cum = np.concatenate([[0.0], np.cumsum([f.length + 1.0 for f in tgt])])
    pairs = _unique_anchor_pairs(src, tgt)
    chain = _longest_chain(pairs)
    xs = [0.0] + [float(src_cum[s + 1]) for s, _ in chain] + [float(src_cum[n])]
    ys = [0.0] + [float(tgt_cum[t + 1]) for _, t in chain] + [float(tgt_cum[m])]
    expected = np.interp(src_cum, xs, ys)
    centre = np.searchsorted(tgt_cum, expected).astype(np.int64)
    centre[0], centre[-1] = 0, m
    result: IntArray = np.clip(centre, 0, m)
    return result


def _unique_anchor_pairs(src: Sequence[Features], tgt: Sequence[Features]
                         ) -> list[tuple[int, int]]:
    """(source, target) positions of strong tokens that occur in at most two segments on
    each side (every combination: the longest chain keeps the consistent ones)."""
    def rare(features: Sequence[Features]) -> dict[str, list[int]]:
        seen: dict[str, list[int]] = {}
        for index, feature in enumerate(features):
            for token in feature.tokens:
                # Numbers, Latin words, lexicon phrases and long name skeletons are rarely
                # shared by accident.
                if token[0] in "#LP" or (token[0] == "S" and len(token) >= 6):
                    seen.setdefault(token, []).append(index)
        return {token: where for token, where in seen.items() if len(where) <= 2}

    src_rare, tgt_rare = rare(src), rare(tgt)
    return sorted({(s, t) for token, where in src_rare.items() if token in tgt_rare
                   for s in where for t in tgt_rare[token]})


def _longest_chain(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence strictly increasing on both sides (patience sorting).

    Pairs of one source segment are visited with decreasing targets, so that at most one
    of them can enter a strictly increasing chain.
    """
    ordered = sorted(pairs, key=lambda pair: (pair[0], -pair[1]))
    tails: list[int] = []  # the smallest target ending a chain of each length
    tail_index: list[int] = []
    parent = [-1] * len(ordered)
    for index, (_, target) in enumerate(ordered):
        position = bisect.bisect_left(tails, target)
        if position == len(tails):
            tails.append(target)
            tail_index.append(index)
        else:
            tails[position] = target
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    chain: list[tuple[int, int]] = []
    cursor = tail_index[-1] if tail_index else -1
    while cursor >= 0:
        chain.append(ordered[cursor])
        cursor = parent[cursor]
    chain.reverse()
    return chain


def path_centre(path: Path, n: int) -> IntArray:
    """The target position a path reaches at every source position (for a narrower band)."""
    centre = np.zeros(n + 1, dtype=np.int64)
    for step in path.steps:
        span = step.source_end - step.source_start
        for k in range(1, span + 1):
            centre[step.source_start + k] = step.target_start + round(
                k * (step.target_end - step.target_start) / span)
    return centre


def _band_lows(centre: IntArray, m: int, half_width: int, width: int) -> IntArray:
    """The first target position of each row's band."""
    lows: IntArray = np.clip(centre - half_width, 0, max(m + 1 - width, 0)).astype(np.int64)
    # Bands never move backwards, so a window per source segment stays small.
    result: IntArray = np.maximum.accumulate(lows)
    return result


def align_path(
    src: Sequence[Features],
    tgt: Sequence[Features],
    model: Model,
    *,
    half_width: int = 20,
    centre: IntArray | None = None,
    src_par_end: Sequence[bool] | None = None,
    tgt_par_end: Sequence[bool] | None = None,
) -> Path:
    """The cheapest path through a band around ``centre`` (by default the length diagonal
    bent through unique anchors), widened until the path no longer touches its edge."""
    m = len(tgt)
    if centre is None:
        centre = anchor_centre(src, tgt)
    while True:
        width = min(m + 1, 2 * half_width + 1)
        lows = _band_lows(centre, m, half_width, width)
        path, touched = _run(src, tgt, model, lows, width, src_par_end, tgt_par_end)
        if not touched or width >= m + 1:
            path.band = width
            return path
        half_width *= 2


def _padded(values: FloatArray, pad: int) -> FloatArray:
    """``values`` (indexed by target position 0..m) extended by ``pad`` copies of the edge
    values on both sides, so that band slices never need bounds checks."""
    result: FloatArray = np.pad(values, pad, mode="edge")
    return result


@dataclass
class _Links:
    """The links a band row evaluates together, with their index arrays prepared once."""

    ks: IntArray
    a_idx: IntArray
    b_idx: IntArray
    priors: FloatArray
    merged_src: FloatArray  # 1 for links of two or more source segments (links x 1)
    merged_tgt: FloatArray
    skip: int  # the row of the 1-0 link, or -1


def _lexical(
    model: Model,
    links: _Links,
    near: FloatArray,
    src_span_w: FloatArray,
    src_own: FloatArray,
    weights_by_b: FloatArray,
    own: FloatArray,
    band_cols: IntArray,
) -> FloatArray:
    """Lexical part of the cost of links ending at one row: minus the anchor weight they
    share, plus the cost of merged segments that share nothing (links x band).

    ``near[r, o, c]`` is the cumulative shared weight of the r-th last source segment up to
    band column c - o; ``own[o, c]`` the anchor weight of the target segment at c - o - 1.
    """
    a_m1, b_idx = links.a_idx - 1, links.b_idx
    spans = np.cumsum(near, axis=0)  # summed over the last r + 1 source segments
    shared = spans[a_m1, 0] - spans[a_m1, b_idx]
    cap = np.minimum(src_span_w[:, None], weights_by_b[b_idx[:, None], band_cols])
    result: FloatArray = np.minimum(shared, cap) * -model.lexical_weight
    if model.orphan_cost:
        # A source segment alone against each target span, and a target segment alone.
        src_orphans = np.cumsum(_orphan(near[:, :1, :] - near, src_own[:, None, None], model),
                                axis=0)
        result += src_orphans[a_m1, b_idx] * links.merged_src
        tgt_orphans = np.cumsum(_orphan(spans[:, :-1, :] - spans[:, 1:, :], own[None, :, :],
                                        model), axis=1)
        result += tgt_orphans[a_m1, np.maximum(b_idx - 1, 0)] * links.merged_tgt
    return result


def _run(
    src: Sequence[Features],
    tgt: Sequence[Features],
    model: Model,
    lows: IntArray,
    width: int,
    src_par_end: Sequence[bool] | None,
    tgt_par_end: Sequence[bool] | None,
) -> tuple[Path, bool]:
    """One pass of the banded dynamic program: the cheapest path through the band, and
    whether it touched the band's edge (the caller then doubles the band and runs again).

    What it keeps equal to the plain dynamic program (a full table, one cell at a time, every
    move from every cell: ``_naive_cost`` in tests/test_align.py): the cost of each cell is the
    minimum over the moves of the model of the cell the move comes from plus the move's cost
    (length, prior, lexical anchors, paragraph ends), so inside a band wide enough to hold the
    best path the cost and the path are the naive program's.

    Why it is shaped this way: a Python loop per cell costs minutes on 5,000 x 5,000 sentences.
    So the loop runs over source rows only and evaluates every move of a row for every band
    column at once as a (moves x band) numpy matrix; target arrays are padded by ``pad`` on
    both sides so that band slices need no bounds checks; cumulative sums turn the length and
    anchor weight of any span into two reads; the anchor weights of each source segment are
    precomputed in a window covering every band it takes part in; and target skips inside a
    row are a running minimum, not a loop.
    """
    n, m = len(src), len(tgt)
    pad = width + 4
    inf = np.inf
    moves = list(model.moves)
    max_b = max(move.target for move in moves)

    src_cum = np.concatenate([[0.0], np.cumsum([f.length for f in src])])
    src_w = np.concatenate([[0.0], np.cumsum([sum(f.tokens.values()) for f in src])])
    tgt_cum = _padded(np.concatenate([[0.0], np.cumsum([f.length for f in tgt])]), pad)
    tgt_w = _padded(np.concatenate([[0.0], np.cumsum([sum(f.tokens.values()) for f in tgt])]),
                    pad)
    # Target spans of b segments ending at each padded position p: cum[p] - cum[p - b].
    tgt_span = [np.zeros_like(tgt_cum)] + [
        np.concatenate([np.zeros(b), tgt_cum[b:] - tgt_cum[:-b]]) for b in range(1, max_b + 1)]
    tgt_span_w = [np.zeros_like(tgt_w)] + [
        np.concatenate([np.zeros(b), tgt_w[b:] - tgt_w[:-b]]) for b in range(1, max_b + 1)]

    use_par = src_par_end is not None and tgt_par_end is not None and bool(
        model.paragraph_cross_cost or model.paragraph_match_bonus)
    s_end = np.array(list(src_par_end) if use_par and src_par_end is not None else [0] * n,
                     dtype=np.float64)
    t_end = np.array(list(tgt_par_end) if use_par and tgt_par_end is not None else [0] * m,
                     dtype=np.float64)
    # t_end_at[p]: does the target segment ending at position p end a paragraph.
    t_end_at = _padded(np.concatenate([[0.0], t_end]), pad)
    t_end_cum = _padded(np.concatenate([[0.0], np.cumsum(t_end)]), pad)

    # Shared anchor weight of source segment s with the targets of a window that covers every
    # band the segment takes part in (rows s+1 .. s+3), as cumulative sums over the window.
    matches = pair_matches(src, tgt, lows, width)
    win_lo = lows[:-1] - 4
    reach = lows[np.minimum(np.arange(n) + 3, n)] - lows[:-1] if n else np.zeros(0, np.int64)
    # Each source segment's window, stored end to end: the total stays linear even where the
    # band jumps over a passage missing from the source.
    win_len = reach + width + 8
    win_start = np.concatenate([[0], np.cumsum(win_len + 1)]).astype(np.int64)
    shared_cum = np.zeros(int(win_start[-1]))
    pair_weight: dict[tuple[int, int], float] = {}
    for s, (targets, weights) in enumerate(matches):
        if targets:
            size = int(win_len[s])
            row = np.zeros(size)
            offsets = np.array(targets, dtype=np.int64) - win_lo[s]
            keep = (offsets >= 0) & (offsets < size)
            np.add.at(row, offsets[keep], np.array(weights)[keep])
            start = int(win_start[s])
            shared_cum[start + 1: start + size + 1] = np.cumsum(row)
            pair_weight.update(((s, t), w) for t, w in zip(targets, weights, strict=True))

    def skip_costs(lengths: FloatArray, prior: float) -> FloatArray:
        if model.skip_length_cost:
            return length_cost(lengths, np.zeros_like(lengths), model.ratio, model.variance) + prior
        return np.full_like(lengths, model.skip_cost + prior)

    skip_target = next((k for k, mv in enumerate(moves) if mv.source == 0), None)
    skip_target_prior = moves[skip_target].prior if skip_target is not None else 0.0
    tgt_len = np.array([f.length for f in tgt], dtype=np.float64)
    tgt_skip_cum = _padded(np.concatenate([[0.0], np.cumsum(
        skip_costs(tgt_len / model.ratio, skip_target_prior))]), pad)

    cost = np.full((n + 1, width + 2 * pad), inf)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    columns = np.arange(width, dtype=np.int64)
    src_own = np.diff(src_w)  # anchor weight of each source segment
    tgt_own = tgt_span_w[1]  # ... and of the target segment ending at each padded position
    spans_by_b = np.stack(tgt_span)
    weights_by_b = np.stack(tgt_span_w)
    offsets = np.arange(max_b + 1)
    origin = win_start[:-1] - win_lo
    # near[r, o, c] reads shared_cum at base(r) + grid[o, c]; own[o, c] reads tgt_own.
    grid = (columns[None, :] - offsets[:, None])[None, :, :]
    own_shift = -offsets[:-1, None]
    # The links that consume source segments, evaluated together as a (links x band) matrix;
    # rows near the start cannot take the links that need more source segments.
    max_a = max((mv.source for mv in moves), default=1)
    classes: dict[int, _Links] = {}
    for reach_a in range(max_a + 1):
        ks = np.array([k for k, mv in enumerate(moves) if 1 <= mv.source <= reach_a],
                      dtype=np.int64)
        a_idx = np.array([moves[k].source for k in ks], dtype=np.int64)
        b_idx = np.array([moves[k].target for k in ks], dtype=np.int64)
        skips = np.flatnonzero(b_idx == 0)
        classes[reach_a] = _Links(
            ks, a_idx, b_idx, np.array([[moves[k].prior] for k in ks]).reshape(-1, 1),
            (a_idx > 1).astype(np.float64)[:, None], (b_idx > 1).astype(np.float64)[:, None],
            int(skips[0]) if len(skips) else -1)
    src_skip = (skip_costs(np.diff(src_cum), 0.0) if n else np.zeros(0))
    row_len = width + 2 * pad
    flat_cost = cost.reshape(-1)
    # Rows whose band starts so far right of an earlier row's that some links cannot reach.
    far = [bool(i and int(lows[i]) - int(lows[max(i - max_a, 0)]) > pad - max_b)
           for i in range(n + 1)]
    for i in range(n + 1):
        lo = int(lows[i])
        here = slice(lo + pad, lo + pad + width)  # band columns in padded target arrays
        links = classes[min(i, max_a)]
        if i == 0 or not len(links.ks):
            best = np.full(width, inf)
            best[0] = 0.0  # lows[0] is 0: the start of both documents
            best_move = np.full(width, -1, dtype=np.int8)
        else:
            prev_rows = i - links.a_idx
            shift = lo - links.b_idx - lows[prev_rows]
            prev = flat_cost[(prev_rows * row_len + pad + np.minimum(shift, pad))[:, None]
                             + columns]
            if far[i]:
                prev[shift > pad] = inf
            spans = src_cum[i] - src_cum[prev_rows]
            band_cols = lo + pad + columns
            step = length_cost(spans[:, None], spans_by_b[links.b_idx[:, None], band_cols],
                               model.ratio, model.variance) + links.priors
            if links.skip >= 0:
                step[links.skip] = src_skip[i - 1] + links.priors[links.skip, 0]
            recent = np.arange(i - 1, max(i - 1 - max_a, -1), -1)  # nearest first
            near = shared_cum[(lo + origin[recent])[:, None, None] + grid]
            step += _lexical(model, links, near, src_w[i] - src_w[prev_rows], src_own[recent],
                             weights_by_b, tgt_own[band_cols + own_shift], band_cols)
            if use_par:
                inner_src = np.array([s_end[i - a:i - 1].sum() for a in links.a_idx])
                inner_tgt = (t_end_cum[band_cols - 1][None, :]
                             - t_end_cum[band_cols[None, :] - links.b_idx[:, None]])
                linked = (links.b_idx > 0)[:, None]
                step += linked * (model.paragraph_cross_cost * (inner_src[:, None] + inner_tgt)
                                  - model.paragraph_match_bonus * s_end[i - 1] * t_end_at[here])
            total = prev + step
            choice = np.argmin(total, axis=0)
            best = total[choice, columns]
            best_move = links.ks[choice].astype(np.int8)
        if skip_target is not None:
            # Skipping target segments inside a row: cost[j] = min(best[j], cost[j-1] + skip),
            # a running minimum once the cumulative skip cost is taken out.
            skip_cum = tgt_skip_cum[here]
            running = np.minimum.accumulate(best - skip_cum) + skip_cum
            # Rounding in the subtraction must not pass for a cheaper skip.
            from_skip = running < best - 1e-9
            best_move[from_skip] = skip_target
            best = np.where(from_skip, running, best)
        if lo + width - 1 > m:
            best[lo + columns > m] = inf
        cost[i, pad: pad + width] = best
        back[i] = best_move

    # Follow the back pointers from the end of both documents.
    steps: list[Step] = []
    if not np.isfinite(cost[n, pad + m - int(lows[n])]):
        # The band holds no complete path (documents of very different lengths): widen it.
        return Path(), True
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        k_col = j - int(lows[i])
        if (lows[i] > 0 and k_col == 0) or (k_col == width - 1 and lows[i] + width - 1 < m):
            touched = True
        move = moves[int(back[i, k_col])]
        a, b = move.source, move.target
        before = float(cost[i - a, pad + j - b - int(lows[i - a])])
        shared = sum(pair_weight.get((s, t), 0.0) for s in range(i - a, i)
                     for t in range(j - b, j))
        weight = float(src_w[i] - src_w[i - a] + tgt_w[pad + j] - tgt_w[pad + j - b])
        steps.append(Step(i - a, i, j - b, j, float(cost[i, pad + k_col]) - before, shared,
                          weight))
        i, j = i - a, j - b
    steps.reverse()
    return Path(steps), touched
