"""The memory a server serves, behind one small interface: memory files (read-only, through
the embedded index) or a PostgreSQL database (read and write, through PostgresStore).

The server holds no state of its own: every answer comes from the store, so that several
``tarjama serve`` processes or machines can serve one database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tarjama.errors import InputError, TarjamaError
from tarjama.languages import normalize_tag, same_language
from tarjama.memory.store import Memory, Pair, open_index, open_memory

# Languages held, as a lookup of amaGama's /languages/ or of an unknown language sees them,
# are read again after this many seconds (several servers share one database), and at most
# once in MISS_TTL seconds when a request asks for a pair not among them (one added since).
PAIRS_TTL = 10.0
MISS_TTL = 1.0


@dataclass(frozen=True)
class UnitIn:
    """A unit sent to the server to be added or updated."""

    source: str
    target: str
    context: str | None = None
    note: str | None = None


class ReadOnly(TarjamaError):
    """A write to a memory the server cannot change (memory files)."""


class ServedMemory(Protocol):
    """What the HTTP layer needs of a memory."""

    name: str
    writable: bool
    # Requests answered at once by a worker (its thread pool), when the store has a bound.
    threads: int | None

    def memory(self, source_lang: str, target_lang: str) -> Any:
        """A context manager giving a :class:`Memory` in this pair."""

    def pairs(self, *, missed: bool = False) -> list[tuple[str, str]]:
        """The language pairs held, ``(source, target)`` (read again sooner when ``missed``:
        the caller did not find the pair it wanted)."""

    def ping(self) -> None:
        """Raise DatabaseUnavailable (or another TarjamaError) when the store cannot answer."""

    def add_units(self, units: Sequence[UnitIn], *, origin: str, source_lang: str,
                  target_lang: str) -> dict[str, int]:
        """Add or update units in one transaction; how many were added, updated, unchanged."""

    def import_file(self, path: str, *, origin: str, source_lang: str | None,
                    target_lang: str | None) -> dict[str, int]:
        """Import a PO or TMX file as :meth:`add_units` does."""

    def close(self) -> None:
        """Release connections."""


class CachedPairs:
    """The pairs a store holds, read again after :data:`PAIRS_TTL` seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._at = -PAIRS_TTL
        self._pairs: list[Any] = []

    def get(self, read: Any, *, missed: bool = False) -> list[Any]:
        """The pairs, read again when older than PAIRS_TTL (MISS_TTL when ``missed``: the
        caller did not find what it looked for)."""
        with self._lock:
            if time.monotonic() - self._at >= (MISS_TTL if missed else PAIRS_TTL):
                self._pairs = list(read())
                self._at = time.monotonic()
            return self._pairs

    def forget(self) -> None:
        """Read the pairs again next time (after a write)."""
        with self._lock:
            self._at = -PAIRS_TTL


def holds_source(store: ServedMemory, source_lang: str) -> bool:
    """Whether any pair has this source language (``en`` holds ``en-GB`` and the reverse)."""
    return any(same_language(source, source_lang)
               for source, _ in store.pairs()) or any(
        same_language(source, source_lang) for source, _ in store.pairs(missed=True))


def holds_pair(pairs: Sequence[tuple[str, str]], source_lang: str, target_lang: str) -> bool:
    return any(same_language(source, source_lang) and same_language(target, target_lang)
               for source, target in pairs)


class FileMemories:
    """PO, TMX and index files served read-only, each request through the cached index."""

    writable = False
    threads: int | None = None

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = list(paths)
        self.name = ", ".join(self.paths)
        self._pairs = CachedPairs()
        self.ping()

    @contextmanager
    def memory(self, source_lang: str, target_lang: str) -> Iterator[Memory]:
        """The files of this pair (a file of unknown languages serves any) as one memory."""
        wanted = (source_lang, target_lang)
        paths = [path for path, pair in self._pairs.get(self._read_pairs)
                 if pair is None or all(map(same_language, pair, wanted))]
        # SQLite connections belong to the thread that opened them: each request opens the
        # (cached) indexes anew, which costs a stat and a small read.
        with open_memory(paths or self.paths, source_lang=source_lang,
                         target_lang=target_lang) as memory:
            yield memory

    def _read_pairs(self) -> list[tuple[str, tuple[str, str] | None]]:
        found: list[tuple[str, tuple[str, str] | None]] = []
        for path in self.paths:
            index = open_index(path, Pair())
            try:
                pair = None
                if index.source_lang and index.target_lang:
                    pair = (normalize_tag(index.source_lang), normalize_tag(index.target_lang))
                found.append((path, pair))
            finally:
                index.close()
        return found

    def pairs(self, *, missed: bool = False) -> list[tuple[str, str]]:
        return [pair for _, pair in self._pairs.get(self._read_pairs, missed=missed)
                if pair is not None]

    def ping(self) -> None:
        for path in self.paths:
            if not Path(path).is_file():
                raise InputError("no such memory file", path=path)

    def add_units(self, units: Sequence[UnitIn], *, origin: str, source_lang: str,
                  target_lang: str) -> dict[str, int]:
        raise self._read_only()

    def import_file(self, path: str, *, origin: str, source_lang: str | None,
                    target_lang: str | None) -> dict[str, int]:
        raise self._read_only()

    def _read_only(self) -> ReadOnly:
        return ReadOnly("this server serves memory files, which it never changes: serve a "
                        "PostgreSQL memory (--memory postgresql://...) to add units")

    def close(self) -> None:
        pass


def open_served(memories: Sequence[str]) -> ServedMemory:
    """The store of ``tarjama serve --memory ...``: files, or one PostgreSQL URL."""
    from tarjama.server.config import is_postgres

    if is_postgres(memories[0]):
        from tarjama.server.pg import PostgresMemories

        served: ServedMemory = PostgresMemories(memories[0])
        return served
    return FileMemories(memories)
