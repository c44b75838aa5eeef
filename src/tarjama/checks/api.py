"""``tarjama check`` as one library call: read the configuration, the glossary and the
catalogs, run the checks, and render the report in the chosen format.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.checks.base import Severity
from tarjama.checks.config import load_config
from tarjama.checks.fastpo import scan_catalog
from tarjama.checks.report import REPORTERS
from tarjama.checks.runner import Report, run_checks
from tarjama.errors import UsageError
from tarjama.fileio import decode, read_bytes
from tarjama.model import Catalog

if TYPE_CHECKING:
    from tarjama.formats.glossary import Glossary


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


def read_catalog(path: str | Path) -> tuple[Catalog, dict[int, list[int]]]:
    """Read a PO file in its declared charset; also the lines of each unit's ``msgstr``
    keywords, by ``id(unit)``."""
    data = read_bytes(path)
    return scan_catalog(decode(data, path, _charset(data)), str(path))


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
        # Imported here: the TBX reader brings lxml, which a run without glossary never needs.
        from tarjama.formats.glossary import read_glossary

        glossary = read_glossary(chosen_glossary)
    catalogs = []
    lines: dict[int, list[int]] = {}
    # Reading and checking create hundreds of thousands of objects and no reference cycles:
    # the cyclic collector would walk them again and again (a third of the reading time).
    collecting = gc.isenabled()
    gc.disable()
    try:
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
    finally:
        if collecting:
            gc.enable()
    return CheckRun(report, REPORTERS[fmt](report), 1 if report.fails(threshold) else 0)
