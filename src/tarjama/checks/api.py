"""``tarjama check`` as one library call: read the configuration, the glossary and the
catalogs, run the checks, and render the report in the chosen format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.bulk import collector_paused
from tarjama.checks.base import Severity
from tarjama.checks.config import load_config
from tarjama.checks.report import REPORTERS
from tarjama.checks.runner import Report, run_checks
from tarjama.errors import UsageError
from tarjama.fileio import STDIO, check_not_input
from tarjama.formats.po import refuse_empty
from tarjama.formats.registry import read_bilingual
from tarjama.progress import Progress

if TYPE_CHECKING:
    from tarjama.formats.glossary import Glossary


@dataclass
class CheckRun:
    """A finished run: the report, its rendering and the exit status it calls for."""

    report: Report
    output: str
    exit_code: int
    # The format of ``output``: "text" is for people (the command line shows its control
    # characters escaped), the others are for programs.
    fmt: str = "text"


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
    progress: Progress | None = None,
) -> CheckRun:
    """Check PO files as ``tarjama check`` does; options left ``None`` come from the
    project configuration (``tarjama.toml`` or ``pyproject.toml`` in ``folder``)."""
    # Standard input holds one catalog: '-' twice would check it and then nothing.
    check_not_input(STDIO, paths)
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
    # Reading and checking create hundreds of thousands of objects and no reference cycles.
    with collector_paused():
        catalogs = [refuse_empty(read_bilingual(path), path) for path in paths]
        report = run_checks(
            catalogs,
            select=select,
            ignore=ignore,
            glossary=glossary,
            config=config,
            source_lang=source_lang,
            target_lang=target_lang,
            progress=progress,
        )
    return CheckRun(report, REPORTERS[fmt](report), 1 if report.fails(threshold) else 0, fmt)
