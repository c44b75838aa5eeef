"""``tarjama check`` as one library call: read the configuration, the glossary and the
catalogs, run the checks, and render the report in the chosen format.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.checks.base import Severity
from tarjama.checks.config import load_config
from tarjama.checks.report import REPORTERS
from tarjama.checks.runner import Report, run_checks
from tarjama.errors import UsageError
from tarjama.fileio import decode, read_bytes
from tarjama.formats.glossary import Glossary, read_glossary
from tarjama.formats.po import parse_po
from tarjama.model import Catalog


@dataclass
class CheckRun:
    """A finished run: the report, its rendering and the exit status it calls for."""

    report: Report
    output: str
    exit_code: int


def _charset(data: bytes) -> str:
    start = data.find(b"charset=", 0, 4096)
    if start < 0:
        return "utf-8"
    end = start + 8
    while end < len(data) and (chr(data[end]).isalnum() or data[end] in b"_.:-"):
        end += 1
    name = data[start + 8:end].decode("ascii").lower()
    return "utf-8" if name in ("", "charset") else name


def msgstr_lines(data: bytes, starts: Sequence[int]) -> list[list[int]]:
    """For entries starting at the 1-based lines ``starts`` (ascending), the lines of their
    ``msgstr``/``msgstr[i]`` keywords, as ``msgfmt -c`` locates problems of a translation."""
    found = [number for number, line in enumerate(data.split(b"\n"), 1)
             if line.startswith(b"msgstr")]
    result = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else None
        low = bisect.bisect_left(found, start)
        high = bisect.bisect_left(found, end) if end is not None else len(found)
        result.append(found[low:high])
    return result


def read_catalog(path: str | Path) -> tuple[Catalog, dict[int, list[int]]]:
    """Read a PO file; also the lines of each unit's ``msgstr`` keywords, by ``id(unit)``."""
    data = read_bytes(path)
    catalog = parse_po(decode(data, path, _charset(data)), path)
    starts = [unit.line for unit in catalog.units]
    if not all(isinstance(line, int) for line in starts):
        return catalog, {}
    ordered = [line for line in starts if line is not None]
    if any(a >= b for a, b in itertools.pairwise(ordered)):
        return catalog, {}
    lines = msgstr_lines(data, ordered)
    return catalog, {id(unit): found for unit, found in zip(catalog.units, lines, strict=True)}


def check_paths(
    paths: Sequence[str],
    *,
    fmt: str | None = None,
    fail_on: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    glossary_path: str | None = None,
    config_path: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    folder: str | Path = ".",
) -> CheckRun:
    """Check PO files as ``tarjama check`` does; options left ``None`` come from the
    project configuration (``tarjama.toml`` or ``pyproject.toml`` in ``folder``)."""
    config = load_config(config_path, folder)
    fmt = fmt or config.format or "text"
    if fmt not in REPORTERS:
        raise UsageError(f"unknown format {fmt!r}")
    threshold = Severity.parse(fail_on or config.fail_on or "error")
    glossary: Glossary | None = None
    chosen_glossary = glossary_path or config.glossary
    if chosen_glossary:
        glossary = read_glossary(chosen_glossary)
    catalogs = []
    lines: dict[int, list[int]] = {}
    for path in paths:
        catalog, found = read_catalog(path)
        catalogs.append(catalog)
        lines.update(found)
    report = run_checks(
        catalogs,
        select=select,
        ignore=ignore,
        glossary=glossary,
        config=config,
        source_lang=source_lang,
        target_lang=target_lang,
        msgstr_lines=lines,
    )
    return CheckRun(report, REPORTERS[fmt](report), 1 if report.fails(threshold) else 0)
