"""What ``tarjama memory init/import/export/stats/delete`` do with a memory database."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path

from tarjama.errors import UsageError
from tarjama.formats.tmx import ExportStats, InvalidChars
from tarjama.memory.postgres import MEMORY_URL_VARIABLE, ImportReport, PostgresStore
from tarjama.memory.store import is_database_url
from tarjama.progress import ByteProgress, Progress, quiet_bytes

Report = Callable[[str], None]


def database_url(url: str | None, option: str) -> str:
    """The database to use: ``url``, else ``$TARJAMA_MEMORY_URL``; refused when it is not a
    ``postgresql://`` URL."""
    chosen = url or os.environ.get(MEMORY_URL_VARIABLE, "").strip()
    if not chosen:
        raise UsageError(f"no memory database given: use {option} postgresql://USER@HOST/DB "
                         f"or set {MEMORY_URL_VARIABLE}")
    if not is_database_url(chosen):
        raise UsageError(f"{option} takes a database URL (postgresql://USER@HOST/DB), not "
                         f"{chosen!r}; a memory file needs no import: pass it as --memory FILE")
    return chosen


def init_command(url: str) -> str:
    """Create or upgrade the schema; the line saying what was done."""
    with PostgresStore(url) as store:
        before, after = store.init_schema()
        name = store.name
    if before == after:
        return f"{name}: memory schema already at version {after}, nothing to do"
    if before == 0:
        return f"{name}: memory schema created (version {after})"
    return f"{name}: memory schema upgraded from version {before} to {after}"


def _total_bytes(paths: Sequence[str]) -> int | None:
    try:
        return sum(Path(path).stat().st_size for path in paths)
    except OSError:
        return None


def import_command(paths: Sequence[str], url: str, *, origin: str | None = None,
                   source_lang: str | None = None, target_lang: str | None = None,
                   report: Report, progress: ByteProgress = quiet_bytes) -> ImportReport:
    """Import PO and TMX files, each in a transaction of its own: a file that fails leaves
    nothing of itself, the files before it stay imported (``report`` hears of each)."""
    total = ImportReport()
    with PostgresStore(url) as store, progress(_total_bytes(paths),
                                               label="Importing") as advance:
        store.require_schema()
        for path in paths:
            done = store.import_file(path, origin=origin, source_lang=source_lang,
                                     target_lang=target_lang, on_read=advance)
            report(f"{path}: {done.read} units, {done.added} added, {done.updated} updated, "
                   f"{done.unchanged} already there"
                   + (f", {done.older} older than the stored translation" if done.older else "")
                   + (f", {len(done.skipped)} skipped" if done.skipped else ""))
            total.merge(done)
            total.seconds += done.seconds
    return total


def export_command(url: str, output: str, *, source_lang: str | None = None,
                   target_lang: str | None = None, origin: str | None = None,
                   invalid_chars: InvalidChars = "error",
                   progress: Progress | None = None, inline_codes: bool = False) -> ExportStats:
    """Export the database's units (filtered) as one TMX 1.4b file."""
    with PostgresStore(url) as store:
        return store.export(output, source_lang=source_lang, target_lang=target_lang,
                            origin=origin, invalid_chars=invalid_chars, progress=progress,
                            inline_codes=inline_codes)


def stats_command(url: str, *, fmt: str = "text") -> str:
    """Units per language pair and origin, as text or JSON."""
    with PostgresStore(url) as store:
        rows = store.stats()
        name = store.name
    if fmt == "json":
        payload = {
            "memory": name,
            "units": sum(row.units for row in rows),
            "pairs": [{"source_lang": row.source_lang, "target_lang": row.target_lang,
                       "origin": row.origin, "units": row.units,
                       "last_change": row.last_change.astimezone(UTC).isoformat()
                       if row.last_change else None}
                      for row in rows],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{name}: {sum(row.units for row in rows)} units"]
    for row in rows:
        when = (row.last_change.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
                if row.last_change else "?")
        lines.append(f"  {row.source_lang} -> {row.target_lang}  {row.units:>9}  "
                     f"{row.origin}  (last change {when} UTC)")
    return "\n".join(lines) + "\n"


def delete_command(url: str, origin: str) -> str:
    """Remove what one origin contributed; the line saying how much."""
    with PostgresStore(url) as store:
        deleted = store.delete_origin(origin)
        name = store.name
    return f"{name}: deleted {deleted} units of origin {origin!r}"
