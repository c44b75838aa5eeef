"""Memory contents and lookups shared by the PostgreSQL memory tests and benchmarks: the
FLORES-200 / TICO-19 sentences as a memory, and lookups of three kinds (edited, exact and
unrelated sentences)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from placeable_eval import parallel_pairs
from tarjama.formats.po import new_header, write_po
from tarjama.model import Catalog, Unit

__all__ = ["Lookup", "equal_answer_lookups", "memory_catalog", "parallel_pairs", "write_memory"]


@dataclass(frozen=True)
class Lookup:
    kind: str  # "edited", "exact" or "unrelated"
    text: str
    source: str | None  # the memory sentence it came from (None: unrelated)


def memory_catalog(pairs: list[tuple[str, str]]) -> Catalog:
    """Arabic -> English pairs as a translated catalog."""
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"),
                      source_lang="ar", target_lang="en")
    catalog.header["PO-Revision-Date"] = "2024-05-01 10:00+0000"
    catalog.units = [Unit(source=s, target=t, line=n) for n, (s, t) in enumerate(pairs, 1)]
    return catalog


def write_memory(pairs: list[tuple[str, str]], path: Path) -> Path:
    write_po(memory_catalog(pairs), path)
    return path


def _edited(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """One word changed, inserted or deleted."""
    words = text.split()
    where = rng.randrange(len(words))
    how = rng.choice(("change", "insert", "delete") if len(words) > 3 else ("change", "insert"))
    if how == "change":
        words[where] = rng.choice(vocabulary)
    elif how == "insert":
        words.insert(where, rng.choice(vocabulary))
    else:
        del words[where]
    return " ".join(words)


def equal_answer_lookups(count: int = 1000, seed: int = 11,
                         ) -> tuple[list[tuple[str, str]], list[Lookup]]:
    """The memory (the corpus less 300 held-out sentences) and ``count`` lookups: 40% edited
    memory sentences, 30% memory sentences as they are, 30% held-out sentences."""
    rng = random.Random(seed)
    pairs = parallel_pairs()
    rng.shuffle(pairs)
    held_out, memory = pairs[:300], pairs[300:]
    vocabulary = sorted({w for s, _ in memory for w in s.split() if len(w) > 2})
    edited = count * 4 // 10
    exact = count * 3 // 10
    lookups = [Lookup("edited", _edited(s, rng, vocabulary), s)
               for s, _ in rng.sample(memory, edited)]
    lookups += [Lookup("exact", s, s) for s, _ in rng.sample(memory, exact)]
    lookups += [Lookup("unrelated", s, None)
                for s, _ in rng.sample(held_out, min(len(held_out), count - edited - exact))]
    return memory, lookups
