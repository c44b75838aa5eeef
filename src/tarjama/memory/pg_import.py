"""Reading PO and TMX files as records for a memory database, streaming.

The units kept are those a memory file gives (:func:`tarjama.memory.store.memory_units`):
translated PO entries (fuzzy and obsolete ones are not trusted), TMX units with both
languages; with what the database also keeps: notes, references, flags, dates and authors.
"""

from __future__ import annotations

import contextlib
import itertools
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from tarjama.errors import InputError, LanguageError, TarjamaError
from tarjama.languages import normalize_tag, same_language
from tarjama.memory.postgres import NewRecord, StagedBatch, Stager
from tarjama.model import Catalog, Status, Unit


@dataclass
class FilePair:
    """The language pair of a file being read, and what was skipped in it."""

    path: str
    source_lang: str = ""
    target_lang: str = ""
    skipped: list[str] = field(default_factory=list)


def _is_tmx(path: str) -> bool:
    return path.lower().endswith(".tmx")


def _check(pair: FilePair, wanted: str | None, found: str | None, what: str) -> str:
    if wanted and found and not same_language(wanted, found):
        raise LanguageError(f"the file's {what} language is {found}, not {wanted}",
                            path=pair.path)
    chosen = wanted or found
    if not chosen:
        raise LanguageError(
            f"the file does not say its {what} language; give --{what}-lang", path=pair.path)
    return normalize_tag(chosen)


def read_records(path: str, *, source_lang: str | None = None, target_lang: str | None = None,
                 on_read: Callable[[int], None] | None = None,
                 ) -> tuple[FilePair, Iterator[NewRecord]]:
    """The pair of a PO or TMX file and its units as records (a TMX is read as it streams in:
    the pair is known from its first unit)."""
    pair = FilePair(path)
    if _is_tmx(path):
        records = _tmx_records(path, pair, source_lang, target_lang, on_read)
        first = next(records, None)
        if first is None:
            raise InputError("empty memory: no translated units in it", path=path)
        return pair, itertools.chain([first], records)
    return pair, _po_records(path, pair, source_lang, target_lang, on_read)


def _po_records(path: str, pair: FilePair, source_lang: str | None, target_lang: str | None,
                on_read: Callable[[int], None] | None) -> Iterator[NewRecord]:
    from pathlib import Path

    from tarjama.formats.po import read_po, refuse_empty
    from tarjama.formats.tmx import catalog_date
    from tarjama.memory.store import po_languages

    catalog = refuse_empty(read_po(path), path)
    if on_read is not None:
        on_read(Path(path).stat().st_size)
    source, target = po_languages(catalog)
    pair.source_lang = _check(pair, source_lang, source, "source")
    pair.target_lang = _check(pair, target_lang, target, "target")
    if not any(unit.status is Status.TRANSLATED for unit in catalog.units):
        raise InputError("empty memory: no translated units in it", path=path)
    return _catalog_records(catalog, catalog_date(catalog, datetime.now(UTC)))


def _catalog_records(catalog: Catalog, date: datetime) -> Iterator[NewRecord]:
    author = catalog.header.get("Last-Translator", "").strip() or None
    for unit in catalog.units:
        if unit.status is not Status.TRANSLATED:
            continue
        yield NewRecord(
            source=unit.source,
            target=unit.target if not unit.is_plural else (unit.target_plurals or [""])[0],
            context=unit.context,
            source_plural=unit.source_plural,
            target_plurals=tuple(unit.target_plurals) if unit.is_plural else (),
            note=unit.extracted_notes,
            translator_note=unit.translator_notes,
            refs=tuple(f"{path}:{line}" if line else path for path, line in unit.references),
            flags=tuple(flag for flag in unit.flags if flag != "fuzzy"),
            line=unit.line,
            created_at=date,
            changed_at=date,
            created_by=author,
            changed_by=author,
        )


def _tmx_records(path: str, pair: FilePair, source_lang: str | None, target_lang: str | None,
                 on_read: Callable[[int], None] | None) -> Iterator[NewRecord]:
    from tarjama.formats import tmx

    tmx.read_header(path)  # not a TMX at all: say so before anything else
    for unit in tmx.iter_tmx(path, source_lang=source_lang, target_lang=target_lang,
                             on_skip=pair.skipped.append, on_read=on_read):
        if tmx.PROP_PLURAL_FORM in unit.properties:
            pair.skipped.append(f"{path}:{unit.line}: one plural form alone is no "
                                "translation of the singular; unit skipped")
            continue
        if not pair.source_lang:
            pair.source_lang = unit.source_lang or ""
            pair.target_lang = unit.target_lang or ""
        yield _tmx_record(unit, tmx.parse_tmx_date)


def _tmx_record(unit: Unit, parse: Callable[[str | None], datetime | None]) -> NewRecord:
    props = unit.properties
    created = parse(props.get("creationdate"))
    changed = parse(props.get("changedate")) or created
    return NewRecord(
        source=unit.source,
        target=unit.target,
        context=unit.context,
        note=unit.extracted_notes,
        translator_note=unit.translator_notes,
        refs=tuple(f"{p}:{line}" if line else p for p, line in unit.references),
        flags=tuple(flag for flag in unit.flags if flag != "fuzzy"),
        line=unit.line,
        created_at=created,
        changed_at=changed,
        created_by=props.get("creationid"),
        changed_by=props.get("changeid") or props.get("creationid"),
    )


# --- reading in a second process -------------------------------------------------------------
#
# The second process is a fresh interpreter (``python -c``, not multiprocessing: that would run
# the caller's main module again in the child), given its arguments pickled on its standard
# input; it answers with length-prefixed pickled messages on its standard output.

_WORKER = """
import pickle, sys
arguments = pickle.load(sys.stdin.buffer)
sys.path[:0] = arguments.pop("sys_path")
from tarjama.memory.pg_import import stage_worker
stage_worker(sys.stdout.buffer, **arguments)
"""


class _Sender:
    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def send(self, message: tuple[Any, ...]) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.out.write(len(data).to_bytes(8, "little"))
        self.out.write(data)
        self.out.flush()


def stage_worker(out: IO[bytes], *, path: str, origin: str, source_lang: str | None,
                 target_lang: str | None, now: datetime, batch: int) -> None:
    """Read ``path`` and send its units staged, ``batch`` at a time: ("pair", FilePair)
    first, ("rows", StagedBatch, bytes read) for each batch, ("done", skipped, bytes read)
    at the end; or ("error", type, message, path, line) / ("crash", traceback) when reading
    fails."""
    sender = _Sender(out)
    done = 0

    def on_read(size: int) -> None:
        nonlocal done
        done += size

    def read_so_far() -> int:
        nonlocal done
        size, done = done, 0
        return size

    try:
        pair, records = read_records(path, source_lang=source_lang, target_lang=target_lang,
                                     on_read=on_read)
        source, target = normalize_tag(pair.source_lang), normalize_tag(pair.target_lang)
        sender.send(("pair", FilePair(path, source, target)))
        stager = Stager(origin, source, target, now)
        numbered = enumerate(records)
        while part := list(itertools.islice(numbered, batch)):
            staged = stager.stage(part)
            del part
            sender.send(("rows", staged, read_so_far()))
            del staged
        sender.send(("done", pair.skipped, read_so_far()))
    except TarjamaError as exc:
        sender.send(("error", type(exc), exc.message, exc.path, exc.line))
    except (BrokenPipeError, KeyboardInterrupt):  # the importing process went away
        pass
    except BaseException:
        with contextlib.suppress(BrokenPipeError):
            sender.send(("crash", traceback.format_exc()))


class StagedFile:
    """A file read by a second process: its pair, then its staged rows batch by batch."""

    def __init__(self, stream: IO[bytes], path: str,
                 on_read: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.path = path
        self.on_read = on_read
        first = self._next()
        if first[0] != "pair":  # pragma: no cover - the worker says its pair first
            raise InputError(f"the reading process said {first[0]!r} first", path=path)
        self.pair: FilePair = first[1]

    def _next(self) -> tuple[Any, ...]:
        head = self.stream.read(8)
        data = self.stream.read(int.from_bytes(head, "little")) if len(head) == 8 else b""
        if not data:
            raise InputError("the process reading the file ended without a word",
                             path=self.path)
        message: tuple[Any, ...] = pickle.loads(data)
        if message[0] == "error":
            _, kind, text, path, line = message
            raise kind(text, path=path, line=line)
        if message[0] == "crash":
            raise RuntimeError(f"the process reading the file failed:\n{message[1]}")
        return message

    def batches(self) -> Iterator[StagedBatch]:
        while True:
            message = self._next()
            if self.on_read is not None and message[2]:
                self.on_read(message[2])
            if message[0] == "done":
                self.pair.skipped.extend(message[1])
                return
            yield message[1]


@contextlib.contextmanager
def staged_in_worker(path: str, *, origin: str, source_lang: str | None,
                     target_lang: str | None, now: datetime, batch: int,
                     on_read: Callable[[int], None] | None = None) -> Iterator[StagedFile]:
    """Read and stage ``path`` in a second process while the caller writes the batches it
    sends (nothing of this process, its connections or threads, is shared with it)."""
    worker = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    try:
        assert worker.stdin is not None and worker.stdout is not None
        arguments = {"sys_path": list(sys.path), "path": path, "origin": origin,
                     "source_lang": source_lang, "target_lang": target_lang, "now": now,
                     "batch": batch}
        worker.stdin.write(pickle.dumps(arguments))
        worker.stdin.close()
        yield StagedFile(worker.stdout, path, on_read)
    finally:
        if worker.stdout is not None:
            worker.stdout.close()  # a worker still sending gets a broken pipe and stops
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
