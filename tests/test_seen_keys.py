"""An import keeps the first occurrence of a unit across its batches: SeenKeys says which
keys of a batch no earlier batch had, exactly as a set of every key seen would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjama.memory.postgres import SeenKeys

# Few distinct keys, so that batches repeat each other's keys (and their own) often; the first
# 8 bytes are what SeenKeys compares.
KEYS = st.binary(min_size=8, max_size=8).map(lambda head: head + b"\x00" * 8)
SMALL_KEYS = st.integers(0, 40).map(lambda n: n.to_bytes(8, "little") + b"tail....")
BATCHES = st.lists(st.lists(st.one_of(SMALL_KEYS, KEYS), max_size=30), max_size=40)


@settings(max_examples=300, deadline=None)
@given(BATCHES)
def test_fresh_is_what_no_earlier_batch_had(batches: list[list[bytes]]) -> None:
    seen = SeenKeys()
    everything: set[bytes] = set()
    for batch in batches:
        expected = [key[:8] not in everything for key in batch]
        assert seen.fresh(batch) == expected
        everything.update(key[:8] for key in batch)


def test_many_batches_keep_few_runs() -> None:
    seen = SeenKeys()
    for start in range(0, 200_000, 1_000):
        batch = [(start + i).to_bytes(8, "little") for i in range(1_000)]
        # Repeats within a batch are all fresh: the upsert keeps the first of them.
        assert seen.fresh(batch + batch[:10]) == [True] * 1_010
        assert seen.fresh(batch[:5]) == [False] * 5
    # Sorted runs whose sizes halve at least at each step: their number grows as log2(n).
    assert len(seen.runs) <= 9
    assert sum(len(run) for run in seen.runs) >= 200_000
