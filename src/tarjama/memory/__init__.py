"""The translation memory: PO and TMX files indexed once, searched by n-grams, scored 0-100.

Commands use :func:`open_memory` and :class:`Memory`; ``pretranslate`` and ``update`` fill
catalogs from it.
"""

from __future__ import annotations

from tarjama.memory.index import FORMAT_VERSION, MemoryIndex, MemoryUnit
from tarjama.memory.match import SCORERS, MatchKind, fold
from tarjama.memory.store import Match, Memory, Pair, build_index, cache_dir, open_memory

__all__ = [
    "FORMAT_VERSION",
    "SCORERS",
    "Match",
    "MatchKind",
    "Memory",
    "MemoryIndex",
    "MemoryUnit",
    "Pair",
    "build_index",
    "cache_dir",
    "fold",
    "open_memory",
]
