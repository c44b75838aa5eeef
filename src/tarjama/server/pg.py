"""A PostgreSQL memory served over HTTP: tarjama.memory.postgres's PostgresStore over a
connection pool whose waits are bounded, so that a database that is down is told within
:data:`UNAVAILABLE_WITHIN` seconds (503) and the pool reconnects by itself when it returns.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from tarjama.errors import LanguageError
from tarjama.memory.postgres import ImportReport, NewRecord, PostgresStore
from tarjama.memory.store import Memory, Pair
from tarjama.server.stores import CachedPairs, UnitIn, holds_pair

# Connections per worker process (and threads answering at once: a request never waits for
# a connection while another waits for a thread).
POOL_SIZE = 8
# How long a request waits for a connection, and a connection attempt for the database:
# together under two seconds, the longest a client waits to hear that the database is down.
POOL_WAIT = 1.5
CONNECT_TIMEOUT = 2  # libpq's smallest (whole seconds; 1 is taken as 2)
# A read that takes longer is stopped (it would hold a connection others need).
READ_STATEMENT_MS = 10_000
# TCP keepalives: a database host that vanished without closing its connections is noticed.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 2,
              "keepalives_count": 3}


def _pool(url: str, size: int, statement_ms: int) -> Any:
    from psycopg_pool import ConnectionPool

    kwargs = {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT,
              "application_name": "tarjama serve",
              "options": f"-c statement_timeout={statement_ms}", **KEEPALIVES}
    # check: each connection is tried before it is lent, so that the connections a restarted
    # database closed are replaced without failing a request; open with wait=False: the
    # server starts (and answers 503) while the database is down.
    pool = ConnectionPool(url, min_size=1, max_size=size, timeout=POOL_WAIT, kwargs=kwargs,
                          check=ConnectionPool.check_connection, reconnect_timeout=3600,
                          open=False, name="tarjama")
    pool.open(wait=False)
    return pool


class PostgresMemories:
    """One PostgreSQL memory: reads through a pool with short statement timeouts, writes
    (JSON units, uploads) through a small pool of their own with none."""

    writable = True
    threads: int | None = POOL_SIZE

    def __init__(self, url: str) -> None:
        self.read_pool = _pool(url, POOL_SIZE, READ_STATEMENT_MS)
        self.write_pool = _pool(url, 2, 0)
        self.store = PostgresStore(self.read_pool)
        self.writer = PostgresStore(self.write_pool)
        self.name = self.store.name
        self._pairs = CachedPairs()

    @contextlib.contextmanager
    def memory(self, source_lang: str, target_lang: str) -> Iterator[Memory]:
        """The units of one pair. The pair is checked against the pairs held (read again every
        few seconds), not counted on each request as PostgresStore.memory does."""
        held = self.pairs()
        if not holds_pair(held, source_lang, target_lang):
            held = self.pairs(missed=True)
        if not holds_pair(held, source_lang, target_lang):
            holds = ", ".join(f"{s} -> {t}" for s, t in held) or "no units"
            raise LanguageError(f"memory in another language pair: it has no units for "
                                f"{source_lang} -> {target_lang}; it holds {holds}",
                                path=self.name)
        memory = Memory([self.store.index(source_lang, target_lang)],
                        Pair(source_lang, target_lang))
        try:
            yield memory
        finally:
            memory.close()

    def pairs(self, *, missed: bool = False) -> list[tuple[str, str]]:
        # Read under a lock every request of the worker may wait on: a skip scan of the pairs'
        # index (one probe a pair), never a count of the units (seconds at millions).
        return self._pairs.get(self.store.held_pairs, missed=missed)

    def ping(self) -> None:
        self.store.ping()

    def add_units(self, units: Sequence[UnitIn], *, origin: str, source_lang: str,
                  target_lang: str) -> dict[str, int]:
        records = [NewRecord(source=unit.source, target=unit.target, context=unit.context,
                             note=unit.note or "") for unit in units]
        report = self.writer.add_units(records, origin=origin, source_lang=source_lang,
                                       target_lang=target_lang)
        self._pairs.forget()
        return _counts(report)

    def import_file(self, path: str, *, origin: str, source_lang: str | None,
                    target_lang: str | None) -> dict[str, int]:
        report = self.writer.import_file(path, origin=origin, source_lang=source_lang,
                                         target_lang=target_lang)
        self._pairs.forget()
        return _counts(report)

    def close(self) -> None:
        for pool in (self.read_pool, self.write_pool):
            with contextlib.suppress(Exception):
                pool.close(timeout=0.2)


def _counts(report: ImportReport) -> dict[str, int]:
    """An import report as the API answers it: counts only."""
    return {"read": report.read, "added": report.added, "updated": report.updated,
            "unchanged": report.unchanged, "older": report.older,
            "skipped": len(report.skipped)}
