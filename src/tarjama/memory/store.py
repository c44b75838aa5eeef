"""Memories as the commands use them: PO, TMX and index files, indexed once and cached.

A memory file is indexed the first time it is used; the index is cached under the user's cache
folder, named after the file's absolute path. The cache's rules, all here:

- an index is used only for the file as it is now: its fingerprint (device, inode, ctime,
  size, mtime and a hash of sampled blocks of its content) must be the one recorded when the
  index was built, so a copy made with ``cp -p``, ``rsync -t`` or ``touch -r`` (same size and
  mtime) is indexed anew, never served from a stale index;
- a cached index that fails to open or to answer (a damaged page) is rebuilt, once, with a
  warning; ``tarjama memory build`` always rebuilds;
- a cache that cannot be written (read-only, full disk, SQLite's "database or disk is full")
  gives a warning and an index in memory for this run; ``memory build``, whose job is the
  cache, fails with one line instead;
- a cache path that is not a regular file (a FIFO, a link) is refused, never opened;
- one process builds a missing index while the others wait for it (a lock file beside it)
  and then use it;
- a memory that is not a regular file (``<(...)``, a pipe) is indexed in memory, never cached;
- units name the memory as given in this run, not as it was named when the index was built.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.catalog_languages import catalog_languages
from tarjama.errors import InputError, LanguageError, OutputError, UsageError, warn
from tarjama.fileio import head_bytes, is_stream
from tarjama.formats import registry
from tarjama.formats.po import refuse_empty, stream_po
from tarjama.languages import contradicting_script, primary_subtag, same_language
from tarjama.memory.backend import CandidateIndex
from tarjama.memory.index import (
    FORMAT_VERSION,
    SQLITE_MAGIC,
    IndexFileError,
    MemoryIndex,
    MemoryUnit,
    NewUnit,
    Origin,
    index_writer,
    is_index_file,
    memory_writer,
)
from tarjama.memory.match import (
    DEFAULT_SCORER,
    SCORERS,
    Grade,
    MatchKind,
    Scorer,
    fold,
    grade,
)
from tarjama.memory.placeables import Adapted, Substitution
from tarjama.model import Catalog, Status, Unit

Report = Callable[[str], None]
# Told the size of each chunk of a memory file read (a progress bar's update).
OnRead = Callable[[int], None]
# Building an index is worth a note on standard error only when it took this long (seconds).
SLOW_BUILD = 1.0
# A looked-up text with fewer letters than this tells no script ("OK", "3.5").
QUERY_MIN_LETTERS = 4


def quiet(message: str) -> None:
    """Report nothing."""


@dataclass(frozen=True)
class Match:
    """A memory unit found for a query, with its score and why it matched."""

    unit: MemoryUnit
    score: float
    kind: MatchKind
    # A placeable match: the unit's translation with the query's numbers, placeholders and
    # tags substituted, and what was substituted.
    adapted: Adapted | None = None
    # Why the placeables in which the query differs were not substituted.
    note: str | None = None

    @property
    def is_exact(self) -> bool:
        return self.kind is MatchKind.EXACT

    @property
    def target(self) -> str:
        """The translation proposed: the unit's, or for a placeable match its adaptation."""
        return self.adapted.targets[0] if self.adapted else self.unit.target

    @property
    def target_plurals(self) -> tuple[str, ...]:
        """The plural forms proposed (adapted like :attr:`target`)."""
        if self.adapted and self.unit.is_plural:
            return self.adapted.targets
        return self.unit.target_plurals

    @property
    def substitutions(self) -> tuple[Substitution, ...]:
        return self.adapted.substitutions if self.adapted else ()


@dataclass
class Pair:
    """The language pair a memory must be in; None where not known yet."""

    source: str | None = None
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.source or '?'} -> {self.target or '?'}"

    def check(self, path: str, source: str | None, target: str | None) -> None:
        """Adopt what is unknown, refuse what disagrees (naming the file)."""
        for mine, theirs in ((self.source, source), (self.target, target)):
            if mine and theirs and not same_language(mine, theirs):
                raise self.mismatch(path, f"{source or '?'} -> {target or '?'}")
        self.source = self.source or source
        self.target = self.target or target

    def mismatch(self, path: str, holds: str) -> LanguageError:
        """The error for a memory that holds ``holds`` (its pairs or languages), not this
        pair: the same words for every command that reads a memory."""
        return LanguageError(
            f"memory in another language pair: it has no units for {self}; it holds {holds}",
            path=path,
        )

    def refuse_query(self, path: str, text: str) -> None:
        """Refuse to look up ``text`` when its script is not the memory's source language's
        (an Arabic sentence in an en -> ar memory): "no match" would hide the mistake."""
        if self.source is None:
            return
        script = contradicting_script(text, self.source, min_letters=QUERY_MIN_LETTERS)
        if script is not None:
            raise LanguageError(
                f"memory in another language pair: it has no units for a source in {script} "
                f"script (the text looked up); it holds {self} (use a memory of the text's "
                "language, or look up a text in its source language)",
                path=path,
            )


def _is_tmx(path: str) -> bool:
    """Whether a memory file is a TMX (streamed, and read for the pair asked for): the
    format registry decides, by suffix or content."""
    return registry.detect(path).multilingual


# --- reading memory files ------------------------------------------------------------------------


def catalog_units(catalog: Catalog | Iterable[Unit]) -> Iterator[NewUnit]:
    """The translated units of a PO catalog as memory units (fuzzy and obsolete ones are not
    trusted as memory)."""
    for unit in catalog.units if isinstance(catalog, Catalog) else catalog:
        if unit.status is not Status.TRANSLATED:
            continue
        yield NewUnit(
            source=unit.source,
            target=unit.target if not unit.is_plural else (unit.target_plurals or [""])[0],
            context=unit.context,
            line=unit.line,
            source_plural=unit.source_plural,
            target_plurals=tuple(unit.target_plurals) if unit.is_plural else (),
        )


def po_languages(catalog: Catalog) -> tuple[str, str | None]:
    languages = catalog_languages(catalog)
    for warning in languages.warnings:
        warn(warning)
    return languages.source, languages.target


def _tmx_units(path: str, pair: Pair, on_read: OnRead | None = None) -> Iterator[NewUnit]:
    from tarjama.formats import tmx  # imported late: only TMX memories need it

    # The import's own check that this is a TMX at all (root and <header>): iter_tmx skips it
    # when the languages are known, and an HTML page would then pass for a memory in
    # another language pair.
    tmx.read_header(path)
    try:
        yield from _tmx_pair_units(path, pair, tmx.iter_tmx(
            path, source_lang=pair.source, target_lang=pair.target, on_read=on_read))
    except (LanguageError, UsageError) as exc:
        # "cannot tell the target language, give --target-lang" cannot help when the file
        # does not even hold the source language asked for: say which languages it holds.
        if pair.source is not None:
            languages = tmx.tmx_languages(path)
            present = {primary_subtag(code) for code in languages if code}
            if primary_subtag(pair.source) not in present:
                raise pair.mismatch(path, _tmx_pairs(tmx.read_header(path).srclang,
                                                     languages)) from exc
        raise


def _tmx_pairs(srclang: str | None, languages: Counter[str]) -> str:
    """What a TMX holds, for a message: ``en -> es, fr`` (or its languages when it names no
    source language)."""
    codes = sorted(code for code in languages if code)
    if srclang and srclang.lower() in codes:
        others = [code for code in codes if code != srclang.lower()]
        return f"{srclang} -> {', '.join(others) or '?'}"
    return "the languages " + (", ".join(codes) or "none")


def _tmx_pair_units(path: str, pair: Pair, read: Iterable[Unit]) -> Iterator[NewUnit]:
    from tarjama.formats import tmx

    count = 0
    for unit in read:
        if "x-plural-form" in unit.properties or not (unit.source and unit.target):
            continue  # one plural form alone is no translation of the singular
        if count == 0:
            pair.check(path, unit.source_lang, unit.target_lang)
        count += 1
        yield NewUnit(unit.source, unit.target, unit.context, unit.line)
    if count == 0 and pair.source and pair.target:
        languages = tmx.tmx_languages(path)
        present = {primary_subtag(code) for code in languages if code}
        missing = [lang for lang in (pair.source, pair.target)
                   if primary_subtag(lang) not in present]
        if missing:
            raise pair.mismatch(path, _tmx_pairs(tmx.read_header(path).srclang, languages))


def memory_units(path: str, pair: Pair, on_read: OnRead | None = None) -> Iterable[NewUnit]:
    """The units of a memory file in any bilingual format the registry reads (PO, TMX,
    XLIFF), its language pair checked against ``pair`` (which adopts the languages it did
    not know yet); ``on_read`` hears of the bytes read."""
    if _is_tmx(path):
        return _tmx_units(path, pair, on_read)
    if registry.detect(path).name == "po":
        # Read unit by unit as it is indexed (as a TMX is): indexing a memory of a million
        # entries needs no more memory than one of a thousand.
        stream = stream_po(path)
        try:
            refuse_empty(Catalog(units=stream.catalog.units[:1],
                                 header=stream.catalog.header), path)
            source, target = po_languages(stream.catalog)
            pair.check(path, source, target)
        except BaseException:
            stream.close()
            raise
        return _counted(catalog_units(stream.units()), path, on_read)
    catalog = refuse_empty(registry.read_bilingual(path, source_lang=pair.source,
                                                   target_lang=pair.target), path)
    if on_read is not None:
        with contextlib.suppress(OSError):
            on_read(Path(path).stat().st_size)
    source, target = po_languages(catalog)
    pair.check(path, source, target)
    return catalog_units(catalog)


def _counted(units: Iterator[NewUnit], path: str, on_read: OnRead | None) -> Iterator[NewUnit]:
    yield from units
    if on_read is not None:
        with contextlib.suppress(OSError):
            on_read(Path(path).stat().st_size)


# --- the index cache -----------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where cached indexes live: ``$TARJAMA_CACHE_DIR``, else ``$XDG_CACHE_HOME/tarjama``,
    else ``~/.cache/tarjama``."""
    explicit = os.environ.get("TARJAMA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tarjama" / "memory"


def cached_index_path(path: str) -> Path:
    """The cache file of a memory file's index, named after the file's absolute path."""
    key = f"{Path(path).resolve()}\0{FORMAT_VERSION}"
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()
    return cache_dir() / f"{Path(path).name}.{digest}.tjmi"


def _serves(index: MemoryIndex, pair: Pair) -> bool:
    """Whether a cached TMX index was built for the pair asked for now (a TMX may hold many
    languages, and may be read in either direction)."""
    return all(
        not wanted or (built is not None and same_language(wanted, built))
        for wanted, built in ((pair.source, index.source_lang), (pair.target, index.target_lang))
    )


def _origin(path: str, units: int = 0) -> Origin:
    try:
        info = Path(path).stat()
    except FileNotFoundError as exc:
        raise InputError("no such file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    return Origin(path=path, size=info.st_size, mtime_ns=info.st_mtime_ns, units=units)


# The fingerprint hashes a file whole up to this size, else this many blocks spread over it.
_WHOLE_HASH = 1 << 20
_SAMPLES = 32
_SAMPLE_BYTES = 4096


def fingerprint(path: str) -> str:
    """What a cached index must have been built from to serve ``path`` now: the file's
    device, inode, ctime, size and mtime, and a hash of its content (whole up to 1 MiB, else
    32 blocks of 4 KiB spread over it, first and last included): about 1 ms on any size."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with Path(path).open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_size <= _WHOLE_HASH:
                digest.update(handle.read())
            else:
                step = (info.st_size - _SAMPLE_BYTES) // (_SAMPLES - 1)
                for block in range(_SAMPLES):
                    handle.seek(block * step)
                    digest.update(handle.read(_SAMPLE_BYTES))
    except FileNotFoundError as exc:
        raise InputError("no such file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    return (f"{info.st_dev}:{info.st_ino}:{info.st_ctime_ns}:{info.st_size}:"
            f"{info.st_mtime_ns}:{digest.hexdigest()}")


def build_index(
    paths: Sequence[str],
    output: str | Path,
    *,
    pair: Pair | None = None,
    on_read: OnRead | None = None,
    meta: dict[str, str] | None = None,
) -> MemoryIndex:
    """Index one or more memory files into the index file ``output`` and open it
    (``on_read`` hears of the bytes of memory read, for a progress bar; ``meta`` is more
    metadata to record)."""
    pair = pair or Pair()
    with index_writer(output, source_lang=pair.source, target_lang=pair.target) as writer:
        writer.extra_meta.update(meta or {})
        for path in paths:
            origin = _origin(path)
            units = memory_units(path, pair, on_read)
            if writer.add_origin(origin, units) == 0:
                raise InputError("empty memory: no translated units in it", path=path)
            writer.source_lang, writer.target_lang = pair.source, pair.target
    return MemoryIndex.open(output)


def open_index(path: str, pair: Pair, report: Report = quiet,
               on_read: OnRead | None = None, *, rebuild: bool = False) -> MemoryIndex:
    """The index of one memory file: an explicit index as it is, a PO or TMX file through
    its cached index (built or rebuilt when missing, stale or damaged; see the module's
    rules). ``rebuild`` (``memory build``) rebuilds the cached index whatever its state,
    and fails rather than fall back to an index in memory."""
    _origin(path)
    if is_stream(path):
        if head_bytes(path, 16) == SQLITE_MAGIC:
            raise InputError("a memory index must be a file, not a pipe", path=path)
        if rebuild:
            raise UsageError("a pipe has no cached index: write its index with -o INDEX",
                             path=path)
        return in_memory_index(path, pair, on_read)
    if is_index_file(path):
        return _explicit_index(path, pair, report)
    cached = cached_index_path(path)
    try:
        return _cached_index(path, cached, pair, report, on_read, rebuild=rebuild)
    except OutputError as exc:
        reason = exc.message if exc.path is None else str(exc)
        if rebuild:
            raise OutputError(f"cannot cache its index in {cached.parent}: {reason}",
                              path=path) from exc
        # A cache we cannot write (read-only home, full disk): index in memory for this run.
        report(f"warning: cannot cache the index of {path} in {cached.parent} ({reason}); "
               "indexing it in memory for this run")
        return in_memory_index(path, pair)


def _explicit_index(path: str, pair: Pair, report: Report) -> MemoryIndex:
    index = MemoryIndex.open(path)
    pair.check(path, index.source_lang, index.target_lang)
    for built in index.origins.values():
        try:
            now = Path(built.path).stat()
        except OSError:
            continue
        if (now.st_size, now.st_mtime_ns) != (built.size, built.mtime_ns):
            report(f"warning: {path} was built from {built.path}, which has changed since; "
                   "rebuild it with 'tarjama memory build'")
    return index


def _cached_index(path: str, cached: Path, pair: Pair, report: Report,
                  on_read: OnRead | None, *, rebuild: bool) -> MemoryIndex:
    """The cached index of ``path``: used if it serves, else built (under the lock)."""
    now = fingerprint(path)
    index = None if rebuild else _open_cached(path, cached, pair, now, report)
    if index is not None:
        return index
    with _reported_os(cached), _build_lock(cached):
        # Another process may have built it while this one waited for the lock.
        index = None if rebuild else _open_cached(path, cached, pair, now, quiet)
        if index is not None:
            return index
        start = time.perf_counter()
        index = build_index([path], cached, pair=pair, on_read=on_read,
                            meta={"fingerprint": now})
    took = time.perf_counter() - start
    if took >= SLOW_BUILD:
        report(f"indexed {path}: {index.size} units in {took:.1f} s, cached as {cached}")
    return _serving(index, path, cached, pair, report)


@contextlib.contextmanager
def _reported_os(cached: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=cached) from exc


def _open_cached(path: str, cached: Path, pair: Pair, now: str,
                 report: Report) -> MemoryIndex | None:
    """The cached index if it exists, opens and was built from the file as it is now."""
    try:
        info = cached.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO would wait for a writer forever; a link may lead anywhere.
        raise OutputError("is not a regular file: refusing to use it as a cached index",
                          path=cached)
    try:
        index = MemoryIndex.open(cached)
    except IndexFileError as exc:
        report(f"warning: {exc}; rebuilding it")
        return None
    if index.meta.get("fingerprint") != now or (_is_tmx(path) and not _serves(index, pair)):
        index.close()
        return None
    pair.check(path, index.source_lang, index.target_lang)
    return _serving(index, path, cached, pair, report)


def _serving(index: MemoryIndex, path: str, cached: Path, pair: Pair,
             report: Report) -> MemoryIndex:
    """``index`` made ready to serve ``path``: its units name the memory as given now, and
    it rebuilds itself once if it fails to answer."""
    index.origins = {key: dataclasses.replace(origin, path=path)
                     for key, origin in index.origins.items()}

    def rebuild() -> MemoryIndex:
        report(f"warning: {cached}: damaged cached index of {path}; rebuilding it")
        fresh = _cached_index(path, cached, pair, report, None, rebuild=True)
        fresh.rebuild = None
        return fresh

    index.rebuild = rebuild
    return index


@contextlib.contextmanager
def _build_lock(cached: Path) -> Iterator[None]:
    """Held while ``cached`` is built: the others wait, then use what it built."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    lock = cached.with_name(cached.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                 0o644)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OutputError("is not a regular file", path=lock)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def in_memory_index(path: str, pair: Pair, on_read: OnRead | None = None) -> MemoryIndex:
    """Index a memory file without writing anything."""
    origin = _origin(path)
    writer = memory_writer(source_lang=pair.source, target_lang=pair.target)
    units = memory_units(path, pair, on_read)
    if writer.add_origin(origin, units) == 0:
        raise InputError("empty memory: no translated units in it", path=path)
    writer.source_lang, writer.target_lang = pair.source, pair.target
    return MemoryIndex.from_writer(writer, path)


def catalog_index(catalog: Catalog, name: str) -> MemoryIndex:
    """An in-memory index of a catalog's translated units (the old PO in ``update``)."""
    writer = memory_writer(source_lang=catalog.source_lang, target_lang=catalog.target_lang)
    writer.add_origin(Origin(name, 0, 0, 0), catalog_units(catalog))
    return MemoryIndex.from_writer(writer, name)


# --- the memory ----------------------------------------------------------------------------------


class Memory:
    """Several indexed memory files searched as one; earlier files win ties."""

    def __init__(self, indexes: Sequence[CandidateIndex], pair: Pair,
                 scorer: str = DEFAULT_SCORER) -> None:
        self.indexes: list[CandidateIndex] = list(indexes)
        self.pair = pair
        self.scorer: Scorer = SCORERS[scorer]

    @property
    def size(self) -> int:
        return sum(index.size for index in self.indexes)

    def close(self) -> None:
        for index in self.indexes:
            index.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(
        self,
        text: str,
        *,
        context: str | None = None,
        limit: int = 5,
        min_score: float = 0.0,
        plural: bool | None = None,
        exact_first: bool = False,
    ) -> list[Match]:
        """The best ``limit`` matches for ``text`` scoring at least ``min_score``, best first.

        ``plural`` keeps only plural (True) or singular (False) units. Identical pairs of
        source and translation found in several places are shown once. ``exact_first``
        skips the fuzzy search when the memory holds the text itself (pretranslate).
        """
        folded = fold(text)
        pool = max(4 * limit, 24)
        found: list[tuple[float, int, int, int, Match]] = []
        # An exact match (the common case when pretranslating) needs no n-gram search.
        if exact_first:
            identical = [(rank, index, index.same_text(folded))
                         for rank, index in enumerate(self.indexes)]
            searches = [(rank, index, ids) for rank, index, ids in identical if ids]
            if not searches:
                searches = [(rank, index, index.candidates(folded, pool))
                            for rank, index in enumerate(self.indexes)]
        else:
            searches = [(rank, index, index.candidates(folded, pool))
                        for rank, index in enumerate(self.indexes)]
        for rank, index, ids in searches:
            for unit in index.units(ids):
                if plural is not None and unit.is_plural != plural:
                    continue
                graded: Grade | None = _grade(text, folded, context, unit, self.scorer,
                                              min_score)
                if graded is None:
                    continue
                same_context = 0 if unit.context == context else 1
                found.append((-graded.score, same_context, rank, unit.id,
                              Match(unit, graded.score, graded.kind, graded.adapted,
                                    graded.note)))
        found.sort(key=lambda item: item[:4])
        results: list[Match] = []
        seen: set[tuple[object, ...]] = set()
        for *_, match in found:
            unit = match.unit
            identity = (unit.source, unit.target, unit.context, unit.target_plurals)
            if identity in seen:
                continue
            seen.add(identity)
            results.append(match)
            if len(results) >= limit:
                break
        return results

    def concordance(self, phrase: str, *, limit: int = 20) -> list[MemoryUnit]:
        """Units whose source contains ``phrase`` (compared folded), memory by memory."""
        folded = fold(phrase)
        hits: list[MemoryUnit] = []
        for index in self.indexes:
            hits.extend(index.containing(folded, limit - len(hits)))
            if len(hits) >= limit:
                break
        return hits


def _grade(text: str, folded: str, context: str | None, unit: MemoryUnit, scorer: Scorer,
           min_score: float) -> Grade | None:
    return grade(text, folded, context, unit.source, unit.folded, unit.context, scorer,
                 score_cutoff=min_score, targets=unit.target_plurals or (unit.target,),
                 plural=unit.is_plural)


def open_memory(
    paths: Sequence[str],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    scorer: str = DEFAULT_SCORER,
    report: Report = quiet,
) -> Memory:
    """Open PO, TMX and index files and memory databases (``postgresql://`` URLs, see
    :mod:`tarjama.memory.postgres`) as one memory in the pair ``source_lang -> target_lang``
    (languages left None are taken from the first memory that declares them).

    A memory in another language pair, an empty memory or a damaged explicit index raises a
    :class:`~tarjama.errors.TarjamaError` naming the file.
    """
    if not paths:
        raise InputError("no memory given (use --memory FILE)")
    pair = Pair(source_lang, target_lang)
    indexes: list[CandidateIndex] = []
    try:
        for path in paths:
            index = open_database(path, pair) if is_database_url(path) else open_index(
                path, pair, report)
            indexes.append(index)
            # (a database holding no unit of the pair was refused when opened)
            if not is_database_url(path) and index.size == 0:
                raise InputError("empty memory: no translated units in it", path=path)
    except BaseException:
        for index in indexes:
            index.close()
        raise
    return Memory(indexes, pair, scorer)


def is_database_url(spec: str) -> bool:
    """Whether a memory is a database URL (``postgresql://...``) rather than a file."""
    return spec.lower().startswith(("postgresql://", "postgres://"))


def open_database(url: str, pair: Pair) -> CandidateIndex:
    """The units of a memory database in ``pair`` (adopting the languages it holds)."""
    from tarjama.memory.postgres import PostgresStore  # psycopg only when a database is used

    store = PostgresStore(url)
    try:
        source, target = store.resolve_pair(pair.source, pair.target)
        pair.check(store.name, source, target)
        return store.index(source, target, owned=True)
    except BaseException:
        store.close()
        raise
