"""The on-disk memory index: units and an n-gram inverted index in one SQLite file.

Looking a segment up reads the posting lists of its rarest n-grams only, so the cost depends on
the query, not on the size of the memory; candidates are then scored exactly (see match.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tarjama.errors import FormatError, InputError, OutputError
from tarjama.fileio import atomic_path, head_bytes
from tarjama.memory.match import fold

# Bump when the schema or the way terms are made changes: older indexes are then rebuilt
# (cached ones) or refused (explicit ones).
FORMAT_VERSION = 2
_WORD_RE = re.compile(r"\w\w+|\d")  # words of two letters or more, and lone digits
APPLICATION_ID = 0x544A4D49  # "TJMI", written in the SQLite header to recognise our files
SQLITE_MAGIC = b"SQLite format 3\x00"

# Posting lists are flushed every CHUNK_UNITS units so that building a memory of millions of
# units needs bounded memory; a term then has one row per chunk.
CHUNK_UNITS = 250_000
# A lookup reads posting lists from the rarest term up, until it would read more than this
# many ids: the cost of a lookup then depends on the query, not on the size of the memory.
POSTINGS_BUDGET = 8_000
# When even the rarest term of a query is over the budget (a query of frequent words only),
# that one term is still read, unless it is in more units than this (a stop word).
STOP_DF = 150_000


@dataclass(frozen=True)
class MemoryUnit:
    """A translation as the memory keeps it: exact text, and where it came from."""

    id: int
    source: str
    target: str
    context: str | None
    origin: str
    line: int | None
    folded: str
    source_plural: str | None = None
    target_plurals: tuple[str, ...] = ()

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None


@dataclass(frozen=True)
class Origin:
    """A memory file an index was built from, as it was then."""

    path: str
    size: int
    mtime_ns: int
    units: int


@dataclass(frozen=True)
class NewUnit:
    """A unit on its way into an index."""

    source: str
    target: str
    context: str | None = None
    line: int | None = None
    source_plural: str | None = None
    target_plurals: tuple[str, ...] = ()


def terms(folded: str) -> set[str]:
    """The index terms of a folded segment: its character trigrams over the space-padded text
    (three characters each) and its words, marked by a leading NUL (never three characters).

    Whole words are rare and make retrieval cheap; trigrams survive a letter changed, a clitic
    added (``و``/``ال``/``ب``) and words run together.
    """
    padded = f" {folded} "
    found = {padded[i:i + 3] for i in range(len(padded) - 2)}
    found.update(["\0" + word for word in _WORD_RE.findall(folded)])
    return found


def _postings_by_terms(units: Sequence[tuple[int, str]]) -> dict[str, list[int]]:
    lists: defaultdict[str, list[int]] = defaultdict(list)
    for uid, folded in units:
        for term in terms(folded):
            lists[term].append(uid)
    return lists


def bulk_postings(units: Sequence[tuple[int, str]]) -> Iterator[tuple[str, Sequence[int]]]:
    """The posting lists of ``units`` (id, folded source): each term of :func:`terms` with the
    ids of the units holding it, ascending when the units are given in id order.

    The same lists as ``terms()`` unit by unit, at a fraction of its cost for the trigrams
    (computed in numpy over the batch: a code of three code points per position); words are
    gathered in Python. Importing millions of units into a database spends its time here.
    """
    import numpy as np

    if not units:
        return
    if any("\0" in folded for _, folded in units):  # a NUL could make a word's term
        yield from _postings_by_terms(units).items()
        return
    padded = "".join(f" {folded} " for _, folded in units)
    points = np.frombuffer(padded.encode("utf-32-le"), dtype="<u4")
    del padded
    # The batch's alphabet, densely numbered: a trigram is then a number of 30 bits at most,
    # and a trigram with the unit holding it one 64-bit key that a plain sort orders (an
    # argsort or np.unique of the same keys costs 10 to 100 times more).
    present = np.zeros(int(points.max()) + 1, dtype=bool)
    present[points] = True
    alphabet = np.flatnonzero(present)
    del present
    bits = max(1, int(len(alphabet) - 1).bit_length())
    if 3 * bits > 32:  # an alphabet of more than 2**10 characters in one batch
        yield from _postings_by_terms(units).items()
        return
    numbering = np.zeros(int(alphabet[-1]) + 1, dtype=np.uint32)
    numbering[alphabet] = np.arange(len(alphabet), dtype=np.uint32)
    dense = numbering[points]
    del points, numbering
    lengths = np.fromiter((len(folded) + 2 for _, folded in units), dtype=np.int64,
                          count=len(units))
    ends = np.cumsum(lengths)
    # A trigram starts at every position but the last two of each unit.
    valid = np.ones(len(dense), dtype=bool)
    valid[ends - 1] = False
    valid[ends - 2] = False
    owner = np.zeros(len(dense), dtype=np.uint64)  # the unit of each position
    owner[ends[:-1]] = 1
    np.cumsum(owner, out=owner)
    trigram = (dense[:-2] << np.uint32(2 * bits)) | (dense[1:-1] << np.uint32(bits)) | dense[2:]
    del dense
    keep = valid[:-2]
    keys = (trigram[keep].astype(np.uint64) << np.uint64(32)) | owner[:-2][keep]
    del trigram, owner, valid, keep
    keys.sort()
    if len(keys):  # a trigram a unit holds twice counts once
        keep = np.empty(len(keys), dtype=bool)
        keep[0] = True
        np.not_equal(keys[1:], keys[:-1], out=keep[1:])
        keys = keys[keep]
        del keep
    trigram = (keys >> np.uint64(32)).astype(np.uint32)
    ids = np.fromiter((uid for uid, _ in units), dtype=np.int64, count=len(units))[
        (keys & np.uint64(0xFFFFFFFF)).astype(np.intp)]
    del keys
    bounds = np.flatnonzero(np.diff(trigram)) + 1
    firsts = [0, *bounds.tolist()] if len(ids) else []
    lasts = [*bounds.tolist(), len(ids)] if len(ids) else []
    chars = [chr(point) for point in alphabet.tolist()]
    low = (1 << bits) - 1
    for first, end in zip(firsts, lasts, strict=True):
        code = int(trigram[first])
        yield chars[code >> (2 * bits)] + chars[(code >> bits) & low] + chars[code & low], \
            ids[first:end]
    words: defaultdict[str, list[int]] = defaultdict(list)
    for uid, folded in units:
        for word in set(_WORD_RE.findall(folded)):
            words["\0" + word].append(uid)
    yield from words.items()


def text_key(folded: str) -> int:
    """A 64-bit key of a folded segment, indexed for exact and folded-exact lookups."""
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE origins(id INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL,
                     mtime_ns INTEGER NOT NULL, units INTEGER NOT NULL);
CREATE TABLE units(id INTEGER PRIMARY KEY, origin INTEGER NOT NULL, line INTEGER,
                   context TEXT, source TEXT NOT NULL, source_plural TEXT,
                   target TEXT NOT NULL, plurals TEXT, key INTEGER NOT NULL);
CREATE TABLE postings(term TEXT NOT NULL, ids BLOB NOT NULL);
"""
_AFTER_LOAD = """
CREATE INDEX units_key ON units(key);
CREATE INDEX postings_term ON postings(term);
CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO terms SELECT term, sum(length(ids)) / 4 FROM postings GROUP BY term;
"""


# Candidates recur from one lookup to the next (pretranslating a catalog meets the same
# memory units again and again): their folded forms are kept rather than folded anew.
fold_stored = lru_cache(maxsize=1 << 16)(fold)


def _new_postings() -> array[int]:
    return array("I")


def _ids_blob(ids: array[int]) -> bytes:
    if sys.byteorder != "little":  # pragma: no cover - the format is little-endian
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def _blob_ids(blob: bytes) -> array[int]:
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder != "little":  # pragma: no cover
        ids.byteswap()
    return ids


def most_counted(counts: Counter[int], limit: int) -> list[int]:
    """The ``limit`` ids with the highest counts (ties in id order), without sorting them all:
    counts are small integers, so the cut-off count is found from their histogram."""
    if len(counts) <= limit:
        return sorted(counts, key=lambda uid: (-counts[uid], uid))
    histogram = Counter(counts.values())
    kept = 0
    cut = 0
    for value in sorted(histogram, reverse=True):
        kept += histogram[value]
        cut = value
        if kept >= limit:
            break
    chosen = [uid for uid, count in counts.items() if count >= cut]
    chosen.sort(key=lambda uid: (-counts[uid], uid))
    return chosen[:limit]


def choose_terms(df: Iterable[tuple[str, int]]) -> list[str]:
    """The terms whose posting lists a lookup reads: the rarest first (they say the most
    about a unit, an IDF ordering, and their lists are short; ties in term order), until
    reading one more would pass :data:`POSTINGS_BUDGET` ids. When even the rarest is over the
    budget (a query of frequent words only) it is still read, unless it is a stop word
    (in more than :data:`STOP_DF` units)."""
    chosen: list[str] = []
    spent = 0
    for term, count in sorted(df, key=lambda found: (found[1], found[0])):
        if spent + count > POSTINGS_BUDGET and (chosen or count > STOP_DF):
            break
        chosen.append(term)
        spent += count
    return chosen


def count_candidates(
        query_terms: Iterable[str],
        df_of: Callable[[Iterable[str]], Iterable[tuple[str, int]]],
        postings_of: Callable[[Sequence[str]], Iterable[Sequence[int]]],
) -> Counter[int]:
    """How many of the chosen query terms (:func:`choose_terms`) each unit holds: the one
    candidate retrieval of every store, given the store's document frequencies of terms
    (``df_of``) and its posting lists (``postings_of``, every list of the chosen terms).
    :func:`most_counted` then keeps the best; the stores answer alike by construction."""
    counts: Counter[int] = Counter()
    chosen = choose_terms(df_of(query_terms))
    if chosen:
        for ids in postings_of(chosen):
            counts.update(ids)
    return counts


def phrase_terms(phrase: str) -> set[str]:
    """Terms every unit containing the folded ``phrase`` holds: its trigrams (unpadded: the
    phrase may sit inside words), or for a phrase too short for trigrams, itself as a word."""
    needed = {phrase[i:i + 3] for i in range(len(phrase) - 2)}
    if not needed and _WORD_RE.fullmatch(phrase):
        needed = {"\0" + phrase}
    return needed


# Concordance intersects the posting lists of this many of the phrase's rarest terms.
PHRASE_TERMS = 8


def containing_ids(
        phrase: str,
        df_of: Callable[[Iterable[str]], Iterable[tuple[str, int]]],
        postings_of: Callable[[Sequence[str]], Iterable[Sequence[int]]],
) -> list[int]:
    """Ids (ascending) of the units that hold every one of the rarest terms of ``phrase``:
    the units that may contain it, to check against their text (every store's concordance)."""
    needed = phrase_terms(phrase)
    df = dict(df_of(needed))
    if not needed or len(df) < len(needed):
        return []
    found: set[int] | None = None
    for term in sorted(df, key=lambda term: (df[term], term))[:PHRASE_TERMS]:
        ids: set[int] = set()
        for postings in postings_of([term]):
            ids.update(postings)
        found = ids if found is None else found & ids
        if not found:
            return []
    return sorted(found or ())


class IndexWriter:
    """Builds an index into a SQLite connection; :func:`build_index` wraps it for files."""

    def __init__(self, connection: sqlite3.Connection, *, source_lang: str | None,
                 target_lang: str | None) -> None:
        self.db = connection
        self.db.executescript(_SCHEMA)
        self.next_id = 1
        self.origins = 0
        self.source_lang = source_lang
        self.target_lang = target_lang
        self._chunk: defaultdict[str, array[int]] = defaultdict(_new_postings)
        self._chunk_units = 0
        # More metadata to record (the cache's fingerprint of the memory file).
        self.extra_meta: dict[str, str] = {}

    def add_origin(self, origin: Origin, units: Iterable[NewUnit]) -> int:
        """Add the units of one memory file; returns how many were added."""
        self.origins += 1
        origin_id = self.origins
        count = 0
        rows: list[tuple[object, ...]] = []
        for unit in units:
            folded = fold(unit.source)
            uid = self.next_id
            self.next_id += 1
            count += 1
            rows.append((
                uid, origin_id, unit.line, unit.context, unit.source, unit.source_plural,
                unit.target,
                json.dumps(list(unit.target_plurals), ensure_ascii=False)
                if unit.source_plural is not None else None,
                text_key(folded),
            ))
            chunk = self._chunk
            for term in terms(folded):
                chunk[term].append(uid)
            self._chunk_units += 1
            if len(rows) >= 10_000:
                self._insert_units(rows)
                rows = []
            if self._chunk_units >= CHUNK_UNITS:
                self._flush()
        self._insert_units(rows)
        self.db.execute(
            "INSERT INTO origins VALUES (?, ?, ?, ?, ?)",
            (origin_id, origin.path, origin.size, origin.mtime_ns, count),
        )
        return count

    def _insert_units(self, rows: list[tuple[object, ...]]) -> None:
        self.db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _flush(self) -> None:
        self.db.executemany(
            "INSERT INTO postings VALUES (?, ?)",
            ((term, _ids_blob(ids)) for term, ids in self._chunk.items()),
        )
        self._chunk = defaultdict(_new_postings)
        self._chunk_units = 0

    def finish(self) -> None:
        """Write the remaining postings, the term statistics and the metadata."""
        self._flush()
        self.db.executescript(_AFTER_LOAD)
        meta = {
            "format_version": str(FORMAT_VERSION),
            "units": str(self.next_id - 1),
            "source_lang": self.source_lang or "",
            "target_lang": self.target_lang or "",
            "byteorder": "little",
            **self.extra_meta,
            # Written last: an index without it was interrupted while being built.
            "complete": "1",
        }
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        self.db.commit()


@contextlib.contextmanager
def index_writer(path: str | Path, *, source_lang: str | None,
                 target_lang: str | None) -> Iterator[IndexWriter]:
    """Write an index to ``path`` atomically: a temporary file renamed when complete.

    SQLite's failures to write (``database or disk is full``, an I/O error) are the
    operating system's failures seen through SQLite: they raise :class:`OutputError`, as a
    failure to write any other output does.
    """
    with atomic_path(path) as tmp:
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(tmp)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            # SQLite's default page size (4096 bytes): 8192 measured no better (1,000 lookups
            # in a 250,000-unit index: 1.76 s against 1.73 s CPU, build 21.3 s against 21.6 s).
            writer = IndexWriter(db, source_lang=source_lang, target_lang=target_lang)
            yield writer
            writer.finish()
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write the index: {exc}", path=path) from exc
        finally:
            if db is not None:
                db.close()


def memory_writer(*, source_lang: str | None, target_lang: str | None) -> IndexWriter:
    """An index held in memory (for a PO that serves as its own memory in ``update``)."""
    return IndexWriter(sqlite3.connect(":memory:"), source_lang=source_lang,
                       target_lang=target_lang)


class IndexFileError(FormatError):
    """An index file that is not ours, is damaged, or was built by another format version."""


def is_index_file(path: str | Path) -> bool:
    """True when ``path`` starts like a SQLite database (tarjama's or not)."""
    try:
        return head_bytes(path, 16) == SQLITE_MAGIC
    except (OSError, InputError):
        return False


class MemoryIndex:
    """A built index, opened read-only; every query error names the index file."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db = db
        self.path = path
        try:
            self.meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            self.origins = {
                row[0]: Origin(row[1], row[2], row[3], row[4])
                for row in db.execute("SELECT id, path, size, mtime_ns, units FROM origins")
            }
            biggest = db.execute("SELECT max(id) FROM units").fetchone()[0] or 0
        except sqlite3.DatabaseError as exc:
            raise IndexFileError(f"damaged memory index ({exc})", path=path) from exc
        if self.meta.get("complete") != "1" or int(self.meta.get("units", "-1")) != biggest:
            raise IndexFileError("incomplete memory index (its build was interrupted)", path=path)
        self.size = biggest
        self.source_lang = self.meta.get("source_lang") or None
        self.target_lang = self.meta.get("target_lang") or None
        # For a cached index: how to build it anew when it fails to answer (a damaged file).
        self.rebuild: Callable[[], MemoryIndex] | None = None

    @classmethod
    def open(cls, path: str | Path) -> MemoryIndex:
        """Open an index file read-only, checking that it is a complete tarjama index."""
        name = str(path)
        if not is_index_file(path):
            raise IndexFileError("not a tarjama memory index (not a SQLite file)", path=name)
        try:
            db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise IndexFileError(f"damaged memory index ({exc})", path=name) from exc
        if app_id != APPLICATION_ID:
            db.close()
            raise IndexFileError("not a tarjama memory index (another SQLite database)", path=name)
        if version != FORMAT_VERSION:
            db.close()
            raise IndexFileError(
                f"memory index of format {version}, this tarjama reads format {FORMAT_VERSION}: "
                "rebuild it with 'tarjama memory build'",
                path=name,
            )
        return cls(db, name)

    @classmethod
    def from_writer(cls, writer: IndexWriter, name: str) -> MemoryIndex:
        writer.finish()
        return cls(writer.db, name)

    def close(self) -> None:
        self.db.close()

    def _adopt(self, fresh: MemoryIndex) -> None:
        """Answer from ``fresh`` from now on (a rebuilt index of the same memory)."""
        self.db.close()
        self.db, self.path, self.meta = fresh.db, fresh.path, fresh.meta
        self.origins, self.size = fresh.origins, fresh.size
        self.source_lang, self.target_lang = fresh.source_lang, fresh.target_lang

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if self.rebuild is not None:
                # A cached index is a cache: damaged, it is built anew (once) and asked again.
                rebuild, self.rebuild = self.rebuild, None
                self._adopt(rebuild())
                return self._query(sql, params)
            raise IndexFileError(
                f"damaged memory index ({exc}); delete it or rebuild it with "
                "'tarjama memory build'",
                path=self.path,
            ) from exc

    def _df(self, query_terms: Iterable[str]) -> list[tuple[str, int]]:
        wanted = list(query_terms)
        found: list[tuple[str, int]] = []
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            marks = ",".join("?" * len(part))
            found.extend(
                (str(t), int(d))  # type: ignore[call-overload]
                for t, d in self._query(f"SELECT term, df FROM terms WHERE term IN ({marks})", part)
            )
        return found

    def _postings(self, term: str) -> Iterator[array[int]]:
        for (blob,) in self._query("SELECT ids FROM postings WHERE term = ?", (term,)):
            yield _blob_ids(blob)  # type: ignore[arg-type]

    def same_text(self, folded: str) -> list[int]:
        """Ids of the units whose folded source is ``folded`` (checked: keys may collide)."""
        rows = self._query("SELECT id, source FROM units WHERE key = ?", (text_key(folded),))
        return [int(uid) for uid, text in rows  # type: ignore[call-overload]
                if fold(str(text)) == folded]

    def _postings_of(self, chosen: Sequence[str]) -> Iterator[array[int]]:
        for term in chosen:
            yield from self._postings(term)

    def candidates(self, folded: str, limit: int) -> list[int]:
        """Ids of up to ``limit`` units sharing the most (rarest) terms with ``folded``, and
        every unit identical to it once folded."""
        exact = self.same_text(folded)
        counts = count_candidates(terms(folded), self._df, self._postings_of)
        best = most_counted(counts, limit)
        seen = set(exact)
        return exact + [uid for uid in best if uid not in seen]

    def units(self, ids: Sequence[int]) -> list[MemoryUnit]:
        """The units with these ids, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._query(
            "SELECT id, origin, line, context, source, source_plural, target, plurals "
            f"FROM units WHERE id IN ({marks})",
            list(ids),
        )
        by_id = {int(row[0]): self._unit(row) for row in rows}  # type: ignore[call-overload]
        return [by_id[uid] for uid in ids if uid in by_id]

    def _unit(self, row: tuple[object, ...]) -> MemoryUnit:
        uid, origin, line, context, source, source_plural, target, plurals = row
        origin_info = self.origins.get(int(origin))  # type: ignore[call-overload]
        return MemoryUnit(
            id=int(uid),  # type: ignore[call-overload]
            source=str(source),
            target=str(target),
            context=None if context is None else str(context),
            origin=origin_info.path if origin_info else self.path,
            line=None if line is None else int(line),  # type: ignore[call-overload]
            folded=fold_stored(str(source)),
            source_plural=None if source_plural is None else str(source_plural),
            target_plurals=tuple(json.loads(str(plurals))) if plurals is not None else (),
        )

    def containing(self, folded_phrase: str, limit: int) -> list[MemoryUnit]:
        """Units whose folded source contains ``folded_phrase`` (concordance search), in
        memory order."""
        phrase = folded_phrase.strip()
        ordered = containing_ids(phrase, self._df, self._postings_of)
        hits: list[MemoryUnit] = []
        for start in range(0, len(ordered), 500):
            for unit in self.units(ordered[start:start + 500]):
                if phrase in unit.folded:
                    hits.append(unit)
                    if len(hits) >= limit:
                        return hits
        return hits

    def file_size(self) -> int:
        try:
            return Path(self.path).stat().st_size
        except OSError:
            return 0
