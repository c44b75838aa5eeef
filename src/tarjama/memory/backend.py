"""What a memory store gives :class:`~tarjama.memory.store.Memory`: candidate units.

:class:`~tarjama.memory.store.Memory` grades candidates itself (:mod:`tarjama.memory.match`,
placeables, context, the 100 / 99 / at most 98 scale), so every store answers alike for the
same units: one matching module, several stores. A store only finds candidates, cheaply,
through its own indexes: the SQLite n-gram index of a memory file
(:class:`~tarjama.memory.index.MemoryIndex`) or a PostgreSQL database
(:class:`~tarjama.memory.postgres.PostgresIndex`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from tarjama.memory.index import MemoryUnit


@runtime_checkable
class CandidateIndex(Protocol):
    """The units of one language pair, searched by their folded source text (see
    :func:`tarjama.memory.match.fold`). Ids are the store's own, stable while it is open."""

    @property
    def size(self) -> int:
        """How many units the store holds for its language pair."""

    def same_text(self, folded: str) -> list[int]:
        """Ids of the units whose folded source is exactly ``folded``."""

    def candidates(self, folded: str, limit: int) -> list[int]:
        """Ids of up to ``limit`` units most like ``folded``, best first as the store judges
        them, and every unit identical to it once folded."""

    def units(self, ids: Sequence[int]) -> list[MemoryUnit]:
        """The units with these ids, in the order given (unknown ids left out)."""

    def containing(self, folded_phrase: str, limit: int) -> list[MemoryUnit]:
        """Up to ``limit`` units whose folded source contains ``folded_phrase``."""

    def close(self) -> None:
        """Release what the store holds open."""
