"""A shared translation memory in PostgreSQL: the store behind ``--memory postgresql://...``.

:class:`PostgresStore` holds units of any number of language pairs and origins (the files or
projects that contributed them). :class:`PostgresIndex` is one pair of it seen as a
:class:`~tarjama.memory.backend.CandidateIndex`: it finds candidates through PostgreSQL's own
indexes (a btree on the folded text's key for exact matches, pg_trgm's GIN index on the folded
text for fuzzy ones) and :class:`~tarjama.memory.store.Memory` grades them exactly as it grades
the units of a memory file, so both stores answer alike.

psycopg (``pip install 'tarjama[server]'``) is imported only when a database is used. Every
statement is parametrized; texts, language codes and origins never become SQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit, urlunsplit

from tarjama.errors import (
    DatabaseError,
    DatabaseUnavailable,
    InputError,
    LanguageError,
    TarjamaError,
    UsageError,
)
from tarjama.languages import (
    ARABIC_INDIC_DIGITS,
    EXTENDED_ARABIC_INDIC_DIGITS,
    normalize_tag,
    primary_subtag,
)
from tarjama.memory.index import (
    MemoryUnit,
    bulk_postings,
    containing_ids,
    count_candidates,
    most_counted,
    terms,
    text_key,
)
from tarjama.memory.match import DEFAULT_SCORER, fold
from tarjama.memory.pg_schema import BACKFILLS, MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE
from tarjama.memory.placeables import analyse
from tarjama.memory.store import Memory, Pair, is_database_url
from tarjama.progress import Progress

if TYPE_CHECKING:
    from tarjama.formats.tmx import ExportStats, InvalidChars, StoredTranslation

__all__ = ["ImportReport", "NewRecord", "PostgresIndex", "PostgresStore", "is_database_url"]

# The environment variable naming the default memory database.
MEMORY_URL_VARIABLE = "TARJAMA_MEMORY_URL"
EXTRA_HINT = "pip install 'tarjama[server]'"
# Units an import stages, upserts and indexes at a time (one transaction per file all the
# same): memory use is bounded by a batch, whatever the size of the file.
IMPORT_BATCH = 5_000
# An import that adds this many units has tm_posting vacuumed and analysed when it commits.
VACUUM_AFTER = 50_000
# Files of this size or more are read and prepared by a second process (pg_import).
WORKER_BYTES = 8 << 20
# Compaction: when a term of a pair has more than COMPACT_ROWS posting rows of fewer than
# SMALL_ROW ids each (many small imports, POST /api/v1/units), those rows are merged into one.
COMPACT_ROWS = 16
SMALL_ROW = 2_048


def redact(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://..."
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}{port}", parts.path, parts.query,
                       parts.fragment))


def _psycopg() -> Any:
    """The psycopg module, or an error saying which extra to install."""
    try:
        import psycopg
    except ImportError as exc:
        raise InputError(
            f"a PostgreSQL memory needs psycopg: {EXTRA_HINT}") from exc
    return psycopg


def _unit_key(origin: str, source_lang: str, target_lang: str, context: str | None,
              source: str, source_plural: str | None) -> bytes:
    """What makes a unit the same unit: one origin's translation of one (context, source,
    plural source) in one language pair (the translation itself may change)."""
    parts = [origin, source_lang, target_lang,
             "\x00" if context is None else "\x01" + context, source,
             "\x00" if source_plural is None else "\x01" + source_plural]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).digest()


@dataclass
class ImportReport:
    """What importing one or more files did to the database."""

    files: int = 0
    read: int = 0  # units read from the files
    added: int = 0
    updated: int = 0  # a changed translation (or notes): the unit updated
    unchanged: int = 0  # already there as they are (and repeats within a file)
    older: int = 0  # another translation dated before the one stored: the stored one kept
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: ImportReport) -> None:
        self.files += other.files
        self.read += other.read
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.older += other.older
        self.skipped.extend(other.skipped)

    def summary(self) -> str:
        text = (f"imported {self.read} units from {self.files} file(s): {self.added} added, "
                f"{self.updated} updated, {self.unchanged} already there")
        if self.older:
            text += f", {self.older} older than the stored translation (kept the stored one)"
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        return text + f" ({self.seconds:.1f} s)"


@dataclass(frozen=True)
class NewRecord:
    """A unit on its way into the database, with what the store keeps about it."""

    source: str
    target: str
    context: str | None = None
    source_plural: str | None = None
    target_plurals: tuple[str, ...] = ()
    note: str = ""
    translator_note: str = ""
    refs: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    line: int | None = None
    created_at: datetime | None = None
    changed_at: datetime | None = None
    created_by: str | None = None
    changed_by: str | None = None


@dataclass(frozen=True)
class PairCount:
    """How many units one origin holds in one language pair."""

    source_lang: str
    target_lang: str
    origin: str
    units: int
    last_change: datetime | None


_STAGE_COLUMNS = (
    "seq", "ukey", "source_lang", "target_lang", "source_primary", "target_primary",
    "context", "source", "source_plural", "target", "target_plurals", "folded", "fkey", "tkey",
    "note", "translator_note", "refs", "flags", "line", "created_at", "changed_at",
    "created_by", "changed_by",
)
_STAGE = """
CREATE TEMPORARY TABLE tm_stage (
    seq bigint NOT NULL, ukey bytea NOT NULL, source_lang text NOT NULL,
    target_lang text NOT NULL, source_primary text NOT NULL, target_primary text NOT NULL,
    context text, source text NOT NULL, source_plural text, target text NOT NULL,
    target_plurals text[], folded text NOT NULL, fkey bigint NOT NULL, tkey bigint,
    note text NOT NULL,
    translator_note text NOT NULL, refs text[] NOT NULL, flags text[] NOT NULL, line integer,
    created_at timestamptz NOT NULL, changed_at timestamptz NOT NULL, created_by text,
    changed_by text
) ON COMMIT DROP
"""
_UNIT_VALUES = (
    "ukey, source_lang, target_lang, source_primary, target_primary, context, source, "
    "source_plural, target, target_plurals, folded, fkey, tkey, note, translator_note, refs, "
    "flags, "
    "line, created_at, changed_at, created_by, changed_by"
)
# The first of repeated units of a file wins (as `tarjama import` keeps the first), and units
# go in in file order. A unit already stored is updated when its translation or notes
# changed, unless the file dates the change before the stored one (an older export); its
# change date is the file's, or now when the file gives no later one. (A file is staged in
# batches within its one transaction; repeats of units of earlier batches are dropped before
# staging, see SeenKeys.)
_UPSERT = f"""
WITH chosen AS (
    SELECT * FROM (SELECT DISTINCT ON (ukey) * FROM tm_stage ORDER BY ukey, seq) AS first
    ORDER BY seq
)
INSERT INTO tm_unit AS u (origin_id, {_UNIT_VALUES})
SELECT %(origin)s, {_UNIT_VALUES} FROM chosen
ON CONFLICT (ukey) DO UPDATE SET
    target = EXCLUDED.target, target_plurals = EXCLUDED.target_plurals,
    note = EXCLUDED.note, translator_note = EXCLUDED.translator_note,
    refs = EXCLUDED.refs, flags = EXCLUDED.flags, line = EXCLUDED.line,
    changed_at = CASE
        WHEN (u.target, u.target_plurals) IS NOT DISTINCT FROM
             (EXCLUDED.target, EXCLUDED.target_plurals) THEN u.changed_at
        WHEN EXCLUDED.changed_at > u.changed_at THEN EXCLUDED.changed_at
        ELSE greatest(now(), u.changed_at) END,
    changed_by = CASE
        WHEN (u.target, u.target_plurals) IS NOT DISTINCT FROM
             (EXCLUDED.target, EXCLUDED.target_plurals) THEN u.changed_by
        ELSE EXCLUDED.changed_by END
WHERE (u.target, u.target_plurals, u.note, u.translator_note, u.refs, u.flags)
      IS DISTINCT FROM (EXCLUDED.target, EXCLUDED.target_plurals, EXCLUDED.note,
                        EXCLUDED.translator_note, EXCLUDED.refs, EXCLUDED.flags)
  AND EXCLUDED.changed_at >= u.changed_at
RETURNING u.id, u.ukey, (u.xmax = 0) AS inserted
"""
_OLDER = """
SELECT count(*) FROM tm_stage s JOIN tm_unit u ON u.ukey = s.ukey
WHERE s.changed_at < u.changed_at
  AND (u.target, u.target_plurals) IS DISTINCT FROM (s.target, s.target_plurals)
"""
_POSTING_COLUMNS = "pair, term, n, hi, ids"
# A term's small posting rows merged into one (see COMPACT_ROWS): the ids of rows of one
# ``hi`` are concatenated (their order within a row does not matter to counting).
_COMPACT = """
WITH crowded AS (
    SELECT term FROM tm_posting
    WHERE pair = %(pair)s AND term = ANY(%(terms)s) AND n < %(small)s
    GROUP BY term HAVING count(*) > %(rows)s
), merged AS (
    DELETE FROM tm_posting p USING crowded c
    WHERE p.pair = %(pair)s AND p.term = c.term AND p.n < %(small)s
    RETURNING p.term, p.n, p.hi, p.ids
)
INSERT INTO tm_posting (pair, term, n, hi, ids)
SELECT %(pair)s, term, sum(n), hi, string_agg(ids, ''::bytea) FROM merged GROUP BY term, hi
"""


def pair_key(source_primary: str, target_primary: str) -> str:
    """How postings name a language pair: its primary subtags (what lookups select on)."""
    return f"{source_primary}>{target_primary}"


def _bytes_ids(hi: int, blob: bytes) -> Sequence[int]:
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder != "little":  # pragma: no cover
        ids.byteswap()
    if hi:
        base = hi << 32
        return [base | low for low in ids]
    return ids


class PostingsBatch:
    """The posting lists of the units one batch adds to one pair: term -> ids, as rows of
    tm_posting (computed in bulk when the rows are asked for)."""

    def __init__(self, pair: str) -> None:
        self.pair = pair
        self.added: list[tuple[int, str]] = []

    @property
    def units(self) -> int:
        return len(self.added)

    def add(self, uid: int, folded: str) -> None:
        self.added.append((uid, folded))

    def rows(self) -> Iterator[tuple[str, bytes, int, int, bytes]]:
        """The rows (once: the units are let go)."""
        import numpy as np

        self.added.sort()
        by_high: dict[int, list[tuple[int, str]]] = {}
        for uid, folded in self.added:  # ids past 2**32 are kept as (high, low) halves
            by_high.setdefault(uid >> 32, []).append((uid, folded))
        self.added = []
        for hi, units in by_high.items():
            base = hi << 32
            for term, ids in bulk_postings(units):
                low = np.asarray(ids, dtype=np.int64) - base
                yield self.pair, term.encode("utf-8"), len(low), hi, low.astype("<u4").tobytes()


class SeenKeys:
    """The units of a file staged so far (the first 8 bytes of their keys): a repeat of one
    of them in a later batch is dropped, so the first occurrence wins as it does within a
    batch. 8 bytes a unit: 8 MB for a million.

    The keys are kept in sorted runs whose sizes at least double down the list (as a binary
    counter carries): a batch is looked up in each run by binary search and becomes a run of
    its own, merged with the runs before it no longer than twice its size. Each key is thus
    merged O(log n) times in all; re-sorting every key for every batch (numpy's ``union1d``)
    cost 125 s of the 210 s of a 1,000,000-unit import.
    """

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self.runs: list[Any] = []

    def fresh(self, ukeys: Sequence[bytes]) -> list[bool]:
        np = self._np
        found = np.frombuffer(b"".join(key[:8] for key in ukeys), dtype="<u8")
        if not len(found):
            return []
        seen = np.zeros(len(found), dtype=bool)
        for run in self.runs:
            at = np.minimum(np.searchsorted(run, found), len(run) - 1)
            seen |= run[at] == found
        self.runs.append(np.sort(found))
        while len(self.runs) > 1 and 2 * len(self.runs[-1]) >= len(self.runs[-2]):
            last = self.runs.pop()
            self.runs[-1] = np.sort(np.concatenate((self.runs[-1], last)), kind="stable")
        return [not flag for flag in seen.tolist()]


def _copy_postings(conn: Any, rows: Iterable[tuple[str, bytes, int, int, bytes]]) -> None:
    """COPY posting rows in (binary: ids are bytes)."""
    with conn.cursor() as cursor, cursor.copy(
            f"COPY tm_posting ({_POSTING_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["text", "bytea", "int4", "int4", "bytea"])
        for row in rows:
            copy.write_row(row)


class PostingsWriter:
    """Writes the posting lists of one import, batch by batch. A batch's list of SMALL_ROW ids
    or more is written at once; shorter ones (most terms are rare) are held back and merged
    with the same term's lists of the next batches, up to a bound, so that an import writes
    about one row per rare term instead of one per batch (and leaves compaction nothing to
    delete). :meth:`finish` writes what is held and compacts the terms it wrote."""

    PENDING_IDS = 4_000_000  # 16 MB of ids held back at most
    PENDING_TERMS = 100_000

    def __init__(self, conn: Any, pair: str) -> None:
        self.conn = conn
        self.pair = pair
        self.pending: dict[tuple[bytes, int], list[bytes]] = {}
        self.pending_ids = 0
        self.touched: set[bytes] = set()

    def add(self, batch: PostingsBatch) -> None:
        if not batch.units:
            return
        pending = self.pending
        big: list[tuple[str, bytes, int, int, bytes]] = []
        for row in batch.rows():
            _, term, n, hi, ids = row
            if n >= SMALL_ROW:
                big.append(row)
                continue
            held = pending.get((term, hi))
            if held is None:
                pending[(term, hi)] = [ids]
            else:
                held.append(ids)
            self.pending_ids += n
        if big:
            _copy_postings(self.conn, big)
        if self.pending_ids > self.PENDING_IDS or len(pending) > self.PENDING_TERMS:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            _copy_postings(self.conn, (
                (self.pair, term, sum(len(part) for part in parts) // 4, hi, b"".join(parts))
                for (term, hi), parts in self.pending.items()))
            self.touched.update(term for term, _ in self.pending)
        self.pending = {}
        self.pending_ids = 0
        if len(self.touched) > 100_000:  # bounded memory: compact what is known so far
            self._compact()

    def _compact(self) -> None:
        compact_postings(self.conn, self.pair, self.touched)
        self.touched = set()

    def finish(self) -> None:
        self._flush()
        self._compact()


def compact_postings(conn: Any, pair: str, touched: Iterable[bytes]) -> None:
    """Merge the small posting rows of the ``touched`` terms of ``pair`` that have too many."""
    wanted = list(touched)
    for start in range(0, len(wanted), 50_000):
        conn.execute(_COMPACT, {"pair": pair, "terms": wanted[start:start + 50_000],
                                "small": SMALL_ROW, "rows": COMPACT_ROWS})


# The distinct (source, target) pairs by a skip scan of their index: one probe per pair,
# where GROUP BY would read every unit.
_HELD_PAIRS = """
WITH RECURSIVE pairs(s, t) AS (
    (SELECT source_lang, target_lang FROM tm_unit ORDER BY 1, 2 LIMIT 1)
    UNION ALL
    SELECT next.source_lang, next.target_lang FROM pairs, LATERAL (
        SELECT source_lang, target_lang FROM tm_unit
        WHERE (source_lang, target_lang) > (pairs.s, pairs.t) ORDER BY 1, 2 LIMIT 1) AS next
)
SELECT s, t FROM pairs
"""


class PostgresStore:
    """A memory database: give it a URL (one connection, opened when first needed) or a
    psycopg_pool ``ConnectionPool`` (a connection borrowed for each request).

    Every failure to reach the database is a :class:`~tarjama.errors.DatabaseUnavailable`
    naming the URL (its password hidden).
    """

    def __init__(self, url_or_pool: Any, *, connect_timeout: float = 5.0) -> None:
        self._psycopg = _psycopg()
        self.pool: Any = None
        self.url: str | None = None
        if isinstance(url_or_pool, str):
            self.url = url_or_pool
            self.name = redact(url_or_pool)
        else:
            self.pool = url_or_pool
            self.name = redact(str(getattr(url_or_pool, "conninfo", "postgresql://pool")))
        self.connect_timeout = connect_timeout
        self._connection: Any = None
        self._schema_checked = False

    # --- connections -----------------------------------------------------------------------------

    def _open(self) -> Any:
        psycopg = self._psycopg
        try:
            return psycopg.connect(self.url, autocommit=True,
                                   connect_timeout=max(1, int(self.connect_timeout)),
                                   application_name="tarjama")
        except psycopg.OperationalError as exc:
            raise self.unavailable(exc) from exc
        except psycopg.ProgrammingError as exc:  # a malformed URL
            raise UsageError(f"not a usable PostgreSQL URL: {_first_line(exc)}",
                             path=self.name) from exc

    def unavailable(self, exc: BaseException) -> DatabaseUnavailable:
        return DatabaseUnavailable(f"the memory database cannot be reached: {_first_line(exc)}",
                                   path=self.name)

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        """A connection in autocommit mode (``with conn.transaction()`` for more than one
        statement); failures to reach the database become DatabaseUnavailable, other
        database errors DatabaseError."""
        psycopg = self._psycopg
        try:
            if self.pool is not None:
                with self.pool.connection() as conn:
                    yield conn
                return
            if self._connection is None or self._connection.closed:
                self._connection = self._open()
            yield self._connection
        except TarjamaError:
            raise
        except (psycopg.OperationalError, psycopg.errors.ConnectionTimeout) as exc:
            self._drop_broken()
            raise self.unavailable(exc) from exc
        except psycopg.Error as exc:
            self._drop_broken()
            raise DatabaseError(f"the memory database refused a request: {_first_line(exc)}",
                                path=self.name) from exc
        except Exception as exc:
            if type(exc).__name__ == "PoolTimeout":
                raise self.unavailable(exc) from exc
            raise

    def _drop_broken(self) -> None:
        if self._connection is not None and self._connection.broken:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ping(self) -> None:
        """Raise DatabaseUnavailable unless the database answers."""
        with self.connection() as conn:
            conn.execute("SELECT 1").fetchone()

    # --- schema ----------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of the database; 0 when it has no tarjama schema."""
        with self.connection() as conn:
            found = conn.execute("SELECT to_regclass('tarjama_schema')").fetchone()[0]
            if found is None:
                return 0
            version = conn.execute("SELECT max(version) FROM tarjama_schema").fetchone()[0]
            return int(version or 0)

    def init_schema(self) -> tuple[int, int]:
        """Create or upgrade the schema; returns the versions before and after. Safe to run
        again, and by several processes at once (they wait for each other)."""
        from tarjama import __version__

        with self.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('tarjama_schema'))")
            conn.execute(VERSION_TABLE)
            before = int(conn.execute(
                "SELECT coalesce(max(version), 0) FROM tarjama_schema").fetchone()[0])
            if before > SCHEMA_VERSION:
                raise self._newer(before)
            for version, sql in MIGRATIONS:
                if version <= before:
                    continue
                conn.execute(sql)
                if version in BACKFILLS and before > 0:
                    _BACKFILL[BACKFILLS[version]](conn)
                conn.execute("INSERT INTO tarjama_schema (version, applied_by) VALUES (%s, %s)",
                             (version, f"tarjama {__version__}"))
        self._schema_checked = True
        return before, SCHEMA_VERSION

    def _newer(self, version: int) -> DatabaseError:
        return DatabaseError(
            f"the memory database has schema version {version}, newer than this tarjama's "
            f"{SCHEMA_VERSION}: upgrade tarjama", path=self.name)

    def require_schema(self) -> None:
        """Refuse a database without the schema, or with another version of it."""
        if self._schema_checked:
            return
        version = self.schema_version()
        if version == 0:
            raise DatabaseError(
                "no tarjama memory in this database: create it with "
                f"'tarjama memory init --to {self.name}'", path=self.name)
        if version > SCHEMA_VERSION:
            raise self._newer(version)
        if version < SCHEMA_VERSION:
            raise DatabaseError(
                f"the memory database has schema version {version}, this tarjama needs "
                f"{SCHEMA_VERSION}: upgrade it with 'tarjama memory init --to {self.name}'",
                path=self.name)
        self._schema_checked = True

    # --- reading ---------------------------------------------------------------------------------

    def pairs(self) -> list[tuple[str, str, int]]:
        """The language pairs held, as (source, target, units), most units first."""
        self.require_schema()
        with self.connection() as conn:
            rows = conn.execute(
                "SELECT source_lang, target_lang, count(*) FROM tm_unit "
                "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2").fetchall()
        return [(str(s), str(t), int(n)) for s, t, n in rows]

    def held_pairs(self) -> list[tuple[str, str]]:
        """The language pairs held, cheaply at any size (a skip scan of their index)."""
        self.require_schema()
        with self.connection() as conn:
            rows = conn.execute(_HELD_PAIRS).fetchall()
        return [(str(s), str(t)) for s, t in rows]

    def resolve_pair(self, source_lang: str | None,
                     target_lang: str | None) -> tuple[str, str]:
        """The pair to search: the languages given, and what the database holds for the
        rest (when it holds one such pair), else a LanguageError listing what it holds."""
        held = self.held_pairs()
        fitting = [
            (s, t) for s, t in held
            if (source_lang is None or primary_subtag(s) == primary_subtag(source_lang))
            and (target_lang is None or primary_subtag(t) == primary_subtag(target_lang))
        ]
        holds = ", ".join(f"{s} -> {t}" for s, t in held)
        if not fitting:
            if not held:
                raise InputError("empty memory: no units in the database yet "
                                 "(tarjama memory import FILES --to URL)", path=self.name)
            wanted = f"{source_lang or '?'} -> {target_lang or '?'}"
            raise LanguageError(
                f"memory in another language pair: it has no units for {wanted}; it holds "
                f"{holds}", path=self.name)
        primaries = {(primary_subtag(s), primary_subtag(t)) for s, t in fitting}
        if len(primaries) > 1:
            raise UsageError(
                f"the database holds several language pairs ({holds}); give --source-lang "
                "and --target-lang", path=self.name)
        source, target = fitting[0]
        return source_lang or source, target_lang or target

    def index(self, source_lang: str, target_lang: str, *, owned: bool = False) -> PostgresIndex:
        """The units of one language pair as a candidate index (``owned``: closing the
        index closes the store)."""
        self.require_schema()
        return PostgresIndex(self, source_lang, target_lang, owned=owned)

    def memory(self, source_lang: str | None = None, target_lang: str | None = None,
               scorer: str = DEFAULT_SCORER) -> Memory:
        """A :class:`~tarjama.memory.store.Memory` over this database's units of one pair
        (languages not given are taken from what the database holds)."""
        source, target = self.resolve_pair(source_lang, target_lang)
        return Memory([self.index(source, target)], Pair(source, target), scorer)

    def stats(self) -> list[PairCount]:
        """Units per language pair and origin."""
        self.require_schema()
        with self.connection() as conn:
            rows = conn.execute(
                "SELECT u.source_lang, u.target_lang, o.name, count(*), max(u.changed_at) "
                "FROM tm_unit u JOIN tm_origin o ON o.id = u.origin_id "
                "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()
        return [PairCount(str(s), str(t), str(o), int(n), c) for s, t, o, n, c in rows]

    def origins(self) -> list[str]:
        self.require_schema()
        with self.connection() as conn:
            return [str(name) for (name,) in
                    conn.execute("SELECT name FROM tm_origin ORDER BY name").fetchall()]

    # --- writing ---------------------------------------------------------------------------------

    def delete_origin(self, origin: str) -> int:
        """Remove every unit ``origin`` contributed (and the origin); returns how many."""
        self.require_schema()
        with self.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (origin,))
            row = conn.execute("SELECT id FROM tm_origin WHERE name = %s", (origin,)).fetchone()
            if row is None:
                known = ", ".join(repr(name) for name in self._origin_names(conn)) or "none"
                raise UsageError(f"no origin {origin!r} in the memory (origins: {known})",
                                 path=self.name)
            deleted = conn.execute("DELETE FROM tm_unit WHERE origin_id = %s",
                                   (row[0],)).rowcount
            conn.execute("DELETE FROM tm_origin WHERE id = %s", (row[0],))
        return int(deleted)

    @staticmethod
    def _origin_names(conn: Any) -> list[str]:
        return [str(n) for (n,) in
                conn.execute("SELECT name FROM tm_origin ORDER BY name LIMIT 20").fetchall()]

    def _check_pair(self, source_lang: str, target_lang: str) -> tuple[str, str]:
        """The pair's canonical tags; refused when both are one language."""
        self.require_schema()
        source_lang, target_lang = normalize_tag(source_lang), normalize_tag(target_lang)
        if primary_subtag(source_lang) == primary_subtag(target_lang):
            raise LanguageError(f"source and target language are both {source_lang}")
        return source_lang, target_lang

    def add_units(self, units: Iterable[NewRecord], *, origin: str, source_lang: str,
                  target_lang: str, on_unit: Callable[[], None] | None = None) -> ImportReport:
        """Add or update units of one pair from one origin, in one transaction: all of them
        or, when reading them fails, none. Importing the same units again adds nothing."""
        source_lang, target_lang = self._check_pair(source_lang, target_lang)
        stager = Stager(origin, source_lang, target_lang, datetime.now(UTC))
        numbered = enumerate(units)

        def batches() -> Iterator[StagedBatch]:
            while batch := list(itertools.islice(numbered, IMPORT_BATCH)):
                if on_unit is not None:
                    for _ in batch:
                        on_unit()
                yield stager.stage(batch)

        return self.write_batches(batches(), origin=origin, source_lang=source_lang,
                                  target_lang=target_lang)

    def write_batches(self, batches: Iterable[StagedBatch], *, origin: str,
                      source_lang: str, target_lang: str) -> ImportReport:
        """Add or update the staged units (:class:`Stager`, batch by batch, in the order
        read) of one origin and pair, in one transaction."""
        start = time.perf_counter()
        report = ImportReport(files=1)
        pair = pair_key(primary_subtag(source_lang), primary_subtag(target_lang))
        with self.connection() as conn, conn.transaction():
            # Imports of one origin wait for each other (two at once would race on the same
            # units); imports of different origins never touch the same rows.
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (origin,))
            origin_id = conn.execute(
                "INSERT INTO tm_origin (name) VALUES (%s) ON CONFLICT (name) "
                "DO UPDATE SET name = EXCLUDED.name RETURNING id", (origin,)).fetchone()[0]
            conn.execute(_STAGE)
            conn.execute("SET LOCAL work_mem = '64MB'")
            conn.execute("SET LOCAL synchronous_commit = off")
            conn.execute("SET LOCAL client_encoding = 'UTF8'")  # staged rows are UTF-8
            # An origin without units yet has none a unit of this import could be older than
            # (and the file's own repeats never reach the database).
            has_units = conn.execute("SELECT EXISTS (SELECT 1 FROM tm_unit WHERE origin_id = %s)",
                                     (origin_id,)).fetchone()[0]
            postings = PostingsWriter(conn, pair)
            for batch in batches:
                report.read += batch.read
                self._import_batch(conn, batch, origin_id, pair, report, postings,
                                   older=bool(has_units))
            postings.finish()
            report.unchanged = report.read - report.added - report.updated - report.older
        if report.added >= VACUUM_AFTER:
            # Now rather than at autovacuum's next round: the planner's statistics of the
            # postings (a lookup planned on the empty table's scanned what it should probe:
            # 26 ms for the document frequencies at 1M units), and the visibility map that
            # lets them be read from the index alone (then 1.2 ms; the vacuum took 1 s).
            # tm_unit needs neither: lookups probe it by unique-enough keys.
            with self.connection() as conn:
                conn.execute("VACUUM (ANALYZE) tm_posting")
        report.seconds = time.perf_counter() - start
        return report

    @staticmethod
    def _import_batch(conn: Any, batch: StagedBatch, origin_id: int, pair: str,
                      report: ImportReport, writer: PostingsWriter, *, older: bool) -> None:
        """Stage one batch, upsert it, and index the units it added."""
        if not batch.keys:
            return
        conn.execute("TRUNCATE tm_stage")
        with conn.cursor() as cursor, cursor.copy(
                f"COPY tm_stage ({', '.join(_STAGE_COLUMNS)}) FROM STDIN") as copy:
            copy.write(batch.data)
        if older:
            report.older += int(conn.execute(_OLDER).fetchone()[0])
        folded_of = dict(zip(batch.keys, batch.folded, strict=True))
        postings = PostingsBatch(pair)
        for uid, ukey, inserted in conn.execute(_UPSERT, {"origin": origin_id}).fetchall():
            if inserted:
                report.added += 1
                # Only new units get postings: an update keeps the unit's source and id.
                postings.add(int(uid), folded_of[ukey])
            else:
                report.updated += 1
        del folded_of
        writer.add(postings)

    def import_file(self, path: str, *, origin: str | None = None,
                    source_lang: str | None = None, target_lang: str | None = None,
                    on_read: Callable[[int], None] | None = None) -> ImportReport:
        """Import the translated units of a PO or TMX file (see :func:`read_records`) in one
        transaction: a file that fails to read leaves nothing of itself behind."""
        from tarjama.memory.pg_import import read_records, staged_in_worker

        origin = origin or default_origin(path)
        try:
            big = Path(path).stat().st_size >= WORKER_BYTES
        except OSError:
            big = False  # the reader says what is wrong with the file
        if big:
            # A big file: a second process reads and prepares it while this one feeds
            # PostgreSQL (both cores at work).
            with staged_in_worker(path, origin=origin, source_lang=source_lang,
                                  target_lang=target_lang, now=datetime.now(UTC),
                                  batch=IMPORT_BATCH, on_read=on_read) as staged:
                self._check_pair(staged.pair.source_lang, staged.pair.target_lang)
                report = self.write_batches(staged.batches(), origin=origin,
                                            source_lang=staged.pair.source_lang,
                                            target_lang=staged.pair.target_lang)
                report.skipped.extend(staged.pair.skipped)
            return report
        pair, records = read_records(path, source_lang=source_lang, target_lang=target_lang,
                                     on_read=on_read)
        report = self.add_units(records, origin=origin,
                                source_lang=pair.source_lang, target_lang=pair.target_lang)
        report.skipped.extend(pair.skipped)
        return report

    # --- export ----------------------------------------------------------------------------------

    def export(self, output: str | Any, *, source_lang: str | None = None,
               target_lang: str | None = None, origin: str | None = None,
               invalid_chars: InvalidChars = "error", progress: Progress | None = None,
               inline_codes: bool = False) -> ExportStats:
        """Write the units (of one source language; filtered by target language and origin)
        as TMX 1.4b, exactly as ``tarjama export`` writes the same units from catalogs, in
        the order they were added, streaming from a server-side cursor."""
        from tarjama.formats.tmx import write_tmx_stream

        self.require_schema()
        where, params = _export_filter(source_lang, target_lang, origin)
        with self.connection() as conn:
            sources = [str(s) for (s,) in conn.execute(
                f"SELECT DISTINCT u.source_lang FROM tm_unit u JOIN tm_origin o "
                f"ON o.id = u.origin_id WHERE {where} ORDER BY 1", params).fetchall()]
        if not sources:
            raise UsageError("nothing to export: no units "
                             + _filter_words(source_lang, target_lang, origin), path=self.name)
        if len(sources) > 1 and source_lang is None:
            raise UsageError(f"the memory holds units of several source languages "
                             f"({', '.join(sources)}); give --source-lang", path=self.name)
        srclang = source_lang or sources[0]
        with self.connection() as conn, conn.transaction(), conn.cursor(
                name="tarjama_export") as cursor:
            cursor.itersize = 2_000
            cursor.execute(_EXPORT.format(where=where), params)
            return write_tmx_stream(map(_stored_translation, cursor), output,
                                    source_lang=srclang, invalid_chars=invalid_chars,
                                    progress=progress, inline_codes=inline_codes)


_EXPORT = """
SELECT u.target_lang, o.name, u.context, u.source, u.source_plural, u.target, u.target_plurals,
       u.note, u.translator_note, u.refs, u.flags, u.line, u.created_at, u.changed_at
FROM tm_unit u JOIN tm_origin o ON o.id = u.origin_id
WHERE {where}
ORDER BY min(u.id) OVER (PARTITION BY u.context, u.source, u.source_plural), u.id
"""


def _export_filter(source_lang: str | None, target_lang: str | None,
                   origin: str | None) -> tuple[str, list[object]]:
    clauses: list[str] = ["true"]
    params: list[object] = []
    if source_lang:
        clauses.append("u.source_primary = %s")
        params.append(primary_subtag(source_lang))
    if target_lang:
        clauses.append("u.target_primary = %s")
        params.append(primary_subtag(target_lang))
    if origin is not None:
        clauses.append("o.name = %s")
        params.append(origin)
    return " AND ".join(clauses), params


def _filter_words(source_lang: str | None, target_lang: str | None, origin: str | None) -> str:
    words = []
    if source_lang or target_lang:
        words.append(f"in {source_lang or '*'} -> {target_lang or '*'}")
    if origin is not None:
        words.append(f"from origin {origin!r}")
    return " ".join(words) or "in the memory"


def _stored_translation(row: Sequence[Any]) -> StoredTranslation:
    from tarjama.formats.tmx import StoredTranslation
    from tarjama.model import Unit

    (lang, origin, context, source, source_plural, target, plurals, note, translator_note,
     refs, flags, line, created, changed) = row
    unit = Unit(source=source, target=target if plurals is None else "",
                source_plural=source_plural, target_plurals=list(plurals or ()),
                context=context, references=[(ref, "") for ref in refs],
                translator_notes=translator_note, extracted_notes=note, flags=list(flags),
                line=line)
    return StoredTranslation(unit, str(lang), str(origin), created, changed)


def default_origin(path: str) -> str:
    """The origin of a file imported without ``--origin``: its name."""
    from pathlib import Path

    return Path(path).name


@dataclass
class StagedBatch:
    """Units ready for the stage table: their rows as COPY text, and each one's key and
    folded source (repeats of units of earlier batches of the file left out)."""

    data: bytes
    keys: list[bytes]
    folded: list[str]
    read: int  # units read, repeats included


class Stager:
    """Turns the units of one file (or request), batch by batch, into :class:`StagedBatch`:
    the first occurrence of a unit wins, within a batch (the upsert's DISTINCT ON) and
    across batches (:class:`SeenKeys`)."""

    def __init__(self, origin: str, source_lang: str, target_lang: str, now: datetime) -> None:
        self.origin = origin
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.now = now
        self.seen = SeenKeys()

    def stage(self, numbered: Sequence[tuple[int, NewRecord]]) -> StagedBatch:
        # Each row becomes its line of COPY text at once (a row, with its dates and lists,
        # weighs more than its line): a batch is held once, not twice.
        keys: list[bytes] = []
        folded: list[str] = []
        lines: list[str] = []
        for seq, unit in numbered:
            row = _stage_row(seq, unit, self.origin, self.source_lang, self.target_lang,
                             self.now)
            keys.append(cast(bytes, row[1]))
            folded.append(cast(str, row[11]))
            lines.append(_copy_line(row))
        fresh = self.seen.fresh(keys)
        if not all(fresh):
            keys = [key for key, new in zip(keys, fresh, strict=True) if new]
            folded = [text for text, new in zip(folded, fresh, strict=True) if new]
            lines = [line for line, new in zip(lines, fresh, strict=True) if new]
        data = "".join(lines).encode("utf-8")
        del lines
        return StagedBatch(data, keys, folded, len(fresh))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_COPY_SPECIAL = re.compile(r"[\\\n\r\t]")
_NULL = "\\N"


def _copy_text(value: str | None) -> str:
    """A text value in COPY's text format (its escapes; NULL as \\N)."""
    if value is None:
        return _NULL
    return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value


def _copy_int(value: int | None) -> str:
    return _NULL if value is None else str(value)


def _copy_array(values: Sequence[str] | None) -> str:
    """A text[] value: an array literal, its elements quoted, in COPY's text format."""
    if values is None:
        return _NULL
    if not values:
        return "{}"
    return _copy_text("{" + ",".join(
        '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values) + "}")


def _copy_line(row: Sequence[Any]) -> str:
    """A staged row (:data:`_STAGE_COLUMNS`, from :func:`_stage_row`) as a line of COPY text."""
    (seq, ukey, source_lang, target_lang, source_primary, target_primary, context, source,
     source_plural, target, target_plurals, folded, fkey, tkey, note, translator_note, refs,
     flags, line, created_at, changed_at, created_by, changed_by) = row
    text = _copy_text
    return "\t".join((
        str(seq), "\\\\x" + ukey.hex(), text(source_lang), text(target_lang),
        text(source_primary), text(target_primary), text(context), text(source),
        text(source_plural), text(target), _copy_array(target_plurals), text(folded),
        str(fkey), _copy_int(tkey), text(note), text(translator_note), _copy_array(refs),
        _copy_array(flags), _copy_int(line), created_at.isoformat(), changed_at.isoformat(),
        text(created_by), text(changed_by))) + "\n"


def _stage_row(seq: int, unit: NewRecord, origin: str, source_lang: str, target_lang: str,
               now: datetime) -> tuple[object, ...]:
    folded = fold(unit.source)
    changed = unit.changed_at or unit.created_at or now
    created = unit.created_at or changed
    plural = unit.source_plural is not None
    return (
        seq,
        _unit_key(origin, source_lang, target_lang, unit.context, unit.source,
                  unit.source_plural),
        source_lang, target_lang, primary_subtag(source_lang), primary_subtag(target_lang),
        unit.context, unit.source, unit.source_plural,
        unit.target_plurals[0] if plural and unit.target_plurals else unit.target,
        list(unit.target_plurals) if plural else None,
        folded, text_key(folded), template_key(folded), unit.note, unit.translator_note,
        list(unit.refs), list(unit.flags), unit.line, created, changed, unit.created_by,
        unit.changed_by,
    )


def template_key(folded: str) -> int | None:
    """The key of a folded source's template (its placeables as slots), None without
    placeables: units whose templates are equal are placeable matches of each other."""
    # Not through analyse's cache: an import would fill it with a million units it never
    # meets again (its 65,536 analyses held 150 MB).
    template = analyse.__wrapped__(folded).template
    return text_key(template) if template else None


def _backfill_template_keys(conn: Any) -> None:
    """Give the units stored before schema version 2 their template keys."""
    # Only sources with a digit or a mark that starts a placeholder or tag can have one.
    pattern = f"[0-9<%{{$&@:[{ARABIC_INDIC_DIGITS}{EXTENDED_ARABIC_INDIC_DIGITS}]"
    rows = conn.execute("SELECT id, source FROM tm_unit WHERE tkey IS NULL AND source ~ %s",
                        (pattern,)).fetchall()
    keyed = [(key, uid) for uid, source in rows
             if (key := template_key(fold(source))) is not None]
    with conn.cursor() as cursor:
        cursor.executemany("UPDATE tm_unit SET tkey = %s WHERE id = %s", keyed)


def _backfill_postings(conn: Any) -> None:
    """Index the units stored before schema version 3 (in id order, as an import would),
    a batch at a time."""
    writers: dict[str, PostingsWriter] = {}
    with conn.cursor(name="tarjama_backfill") as cursor:
        cursor.itersize = IMPORT_BATCH
        cursor.execute("SELECT id, source_primary, target_primary, folded FROM tm_unit "
                       "ORDER BY id")
        while rows := cursor.fetchmany(IMPORT_BATCH):
            batches: dict[str, PostingsBatch] = {}
            for uid, source_primary, target_primary, folded in rows:
                pair = pair_key(source_primary, target_primary)
                batch = batches.get(pair)
                if batch is None:
                    batch = batches[pair] = PostingsBatch(pair)
                batch.add(int(uid), folded)
            for pair, batch in batches.items():
                writer = writers.get(pair)
                if writer is None:
                    writer = writers[pair] = PostingsWriter(conn, pair)
                writer.add(batch)
    for writer in writers.values():
        writer.finish()


_BACKFILL: dict[str, Callable[[Any], None]] = {
    "template_keys": _backfill_template_keys,
    "postings": _backfill_postings,
}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# Candidates, as a memory file finds them (tarjama.memory.index.count_candidates): units
# identical once folded (by their key), units of the same template (placeables as slots),
# and the units holding the most of the query's rarest terms, from tm_posting. The origin's
# name is looked up apart.
_ROW_COLUMNS = (
    "u.id, u.source, u.target, u.context, u.origin_id, u.line, u.source_plural, u.target_plurals"
)
_SAME_KEY = f"""
SELECT {_ROW_COLUMNS} FROM tm_unit u
WHERE u.fkey = %(key)s AND u.source_primary = %(s)s AND u.target_primary = %(t)s ORDER BY u.id
"""
_SAME_TEMPLATE = f"""
SELECT {_ROW_COLUMNS} FROM tm_unit u
WHERE u.tkey = %(tkey)s AND u.source_primary = %(s)s AND u.target_primary = %(t)s
ORDER BY u.id LIMIT %(n)s
"""
_DF = """
SELECT term, sum(n)::bigint FROM tm_posting WHERE pair = %s AND term = ANY(%s) GROUP BY term
"""
_POSTINGS = "SELECT hi, ids FROM tm_posting WHERE pair = %s AND term = ANY(%s)"
_BY_ID = f"SELECT {_ROW_COLUMNS} FROM tm_unit u WHERE u.id = ANY(%s)"


def _term_bytes(found: Iterable[str]) -> list[bytes]:
    return [term.encode("utf-8") for term in found]


def _frequencies(rows: Iterable[Sequence[Any]]) -> list[tuple[str, int]]:
    """The rows of :data:`_DF` as (term, document frequency)."""
    return [(bytes(term).decode("utf-8"), int(df)) for term, df in rows]


class PostgresIndex:
    """One language pair of a :class:`PostgresStore` as a candidate index for
    :class:`~tarjama.memory.store.Memory`."""

    def __init__(self, store: PostgresStore, source_lang: str, target_lang: str, *,
                 owned: bool = False) -> None:
        self.store = store
        self.owned = owned
        self.path = store.name
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.pair = (primary_subtag(source_lang), primary_subtag(target_lang))
        self.pair_key = pair_key(*self.pair)
        self._size: int | None = None
        # The rows of the last candidate search, so that units() needs no second request.
        self._rows: dict[int, MemoryUnit] = {}
        self._origins: dict[int, str] = {}

    @property
    def size(self) -> int:
        if self._size is None:
            with self.store.connection() as conn:
                self._size = int(conn.execute(
                    "SELECT count(*) FROM tm_unit WHERE source_primary = %s "
                    "AND target_primary = %s", self.pair).fetchone()[0])
        return self._size

    def close(self) -> None:
        self._rows = {}
        if self.owned:
            self.store.close()

    def _origin_name(self, origin_id: int, conn: Any) -> str:
        # Read on the connection the request holds: asking the pool for a second one while
        # holding one deadlocks a server whose requests fill its pool.
        name = self._origins.get(origin_id)
        if name is None:
            self._origins = {int(i): str(n) for i, n in conn.execute(
                "SELECT id, name FROM tm_origin").fetchall()}
            name = self._origins.get(origin_id, "?")
        return name

    def _unit(self, row: Sequence[Any], conn: Any) -> MemoryUnit:
        return _memory_unit(row, self._origin_name(int(row[4]), conn))

    def _remember(self, rows: Iterable[Sequence[Any]], conn: Any) -> list[int]:
        found = [self._unit(row, conn) for row in rows]
        self._rows.update((unit.id, unit) for unit in found)
        return [unit.id for unit in found]

    def same_text(self, folded: str) -> list[int]:
        self._rows = {}
        with self.store.connection() as conn:
            rows = conn.execute(_SAME_KEY, {"key": text_key(folded), "s": self.pair[0],
                                            "t": self.pair[1]}).fetchall()
            ids = self._remember(rows, conn)
        return [uid for uid in ids if self._rows[uid].folded == folded]

    def _df(self, conn: Any, wanted: Iterable[str]) -> list[tuple[str, int]]:
        return _frequencies(conn.execute(_DF, (self.pair_key, _term_bytes(wanted))).fetchall())

    def _postings(self, conn: Any, chosen: Sequence[str]) -> list[Sequence[int]]:
        rows = conn.execute(_POSTINGS, (self.pair_key, _term_bytes(chosen))).fetchall()
        return [_bytes_ids(int(hi), bytes(ids)) for hi, ids in rows]

    def _fetch(self, conn: Any, ids: Iterable[int]) -> None:
        missing = [uid for uid in ids if uid not in self._rows]
        if missing:
            self._remember(conn.execute(_BY_ID, (missing,)).fetchall(), conn)

    def candidates(self, folded: str, limit: int) -> list[int]:
        self._rows = {}
        query_terms = terms(folded)
        params = {"key": text_key(folded), "s": self.pair[0], "t": self.pair[1],
                  "n": limit, "tkey": template_key(folded)}
        with self.store.connection() as conn:
            # One round trip for what the query's text alone decides: the units identical
            # once folded, those of its template, and the document frequency of its terms.
            with conn.pipeline():
                same = conn.execute(_SAME_KEY, params)
                template = (conn.execute(_SAME_TEMPLATE, params)
                            if params["tkey"] is not None else None)
                df = conn.execute(_DF, (self.pair_key, _term_bytes(query_terms)))
            exact = [uid for uid in self._remember(same.fetchall(), conn)
                     if self._rows[uid].folded == folded]
            placeable = (self._remember(template.fetchall(), conn)
                         if template is not None else [])
            frequencies = _frequencies(df.fetchall())
            counts = count_candidates(query_terms, lambda _terms: frequencies,
                                      lambda chosen: self._postings(conn, chosen))
            # The units of deleted origins stay in the posting lists (docs/server.md): they
            # are missing when fetched, and the next best take their place.
            want = limit
            while True:
                best = most_counted(counts, want)
                self._fetch(conn, best)
                live = [uid for uid in best if uid in self._rows]
                if len(live) >= limit or len(best) < want:
                    break
                want *= 2
        seen = set(exact)
        found = exact + [uid for uid in live[:limit] if uid not in seen]
        seen.update(found)
        return found + [uid for uid in placeable if uid not in seen]

    def units(self, ids: Sequence[int]) -> list[MemoryUnit]:
        if any(uid not in self._rows for uid in ids):
            with self.store.connection() as conn:
                self._fetch(conn, ids)
        return [self._rows[uid] for uid in ids if uid in self._rows]

    def containing(self, folded_phrase: str, limit: int) -> list[MemoryUnit]:
        phrase = folded_phrase.strip()
        if not phrase or limit <= 0:
            return []
        hits: list[MemoryUnit] = []
        with self.store.connection() as conn:
            # The units holding the phrase's rarest trigrams, checked against their folded
            # source (folded again, as lookups do), in memory order, as a memory file does.
            ordered = containing_ids(phrase, lambda wanted: self._df(conn, wanted),
                                     lambda chosen: self._postings(conn, chosen))
            for start in range(0, len(ordered), 500):
                part = ordered[start:start + 500]
                rows = conn.execute(_BY_ID + " ORDER BY u.id", (part,)).fetchall()
                for unit in (self._unit(row, conn) for row in rows):
                    if phrase in unit.folded:
                        hits.append(unit)
                        if len(hits) >= limit:
                            return hits
        return hits


def _memory_unit(row: Sequence[Any], origin: str) -> MemoryUnit:
    from tarjama.memory.index import fold_stored

    uid, source, target, context, _origin_id, line, source_plural, plurals = row[:8]
    return MemoryUnit(
        id=int(uid), source=source, target=target, context=context, origin=origin,
        line=line, folded=fold_stored(source), source_plural=source_plural,
        target_plurals=tuple(plurals) if plurals is not None else (),
    )
