"""The bulk posting lists an import computes are those of terms(), unit by unit."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjama.memory.index import bulk_postings, terms
from tarjama.memory.match import fold

TEXTS = st.text(alphabet=st.sampled_from(
    [*"ابتثجحخدذرزسشصضطظعغفقكلمنهوي ة أإآ 0123456789 abcXYZ ,.!؟،\t", "\u4e00", "😀"]),
    max_size=60)


def _one_by_one(units: list[tuple[int, str]]) -> dict[str, list[int]]:
    lists: defaultdict[str, list[int]] = defaultdict(list)
    for uid, folded in units:
        for term in terms(folded):
            lists[term].append(uid)
    return dict(lists)


def _bulk(units: list[tuple[int, str]]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for term, ids in bulk_postings(units):
        assert term not in found  # each term once
        found[term] = [int(uid) for uid in ids]
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=25), st.integers(min_value=1, max_value=2**40))
def test_bulk_postings_are_the_terms_of_each_unit(texts: list[str], first: int) -> None:
    units = [(first + 3 * n, fold(text)) for n, text in enumerate(texts)]
    assert _bulk(units) == _one_by_one(units)


def test_a_batch_of_many_scripts_and_a_nul_take_the_slow_road_to_the_same_lists() -> None:
    wide = "".join(chr(0x4E00 + n) for n in range(3000))
    units = [(n + 1, fold(wide[n * 30:(n + 1) * 30] + " نص")) for n in range(100)]
    assert _bulk(units) == _one_by_one(units)
    with_nul = [(1, "a\0bc"), (2, "bc d")]
    assert _bulk(with_nul) == _one_by_one(with_nul)


def test_posting_rows_keep_ids_past_2_32_as_high_and_low_halves() -> None:
    from tarjama.memory.postgres import PostingsBatch, _bytes_ids

    batch = PostingsBatch("ar>en")
    for uid in (2**32 + 5, 7, 3 * 2**32):
        batch.add(uid, "كتب")
    found: defaultdict[bytes, set[int]] = defaultdict(set)
    for pair, term, n, hi, ids in batch.rows():
        assert pair == "ar>en" and len(ids) == 4 * n
        found[term].update(_bytes_ids(hi, ids))
    assert dict(found) == {term.encode("utf-8"): {7, 2**32 + 5, 3 * 2**32}
                           for term in terms("كتب")}
