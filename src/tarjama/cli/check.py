"""``tarjama check``: run the quality checks on PO catalogs; exit 1 on findings."""

from __future__ import annotations

import click

from tarjama.checks.base import CHECKS, Severity
from tarjama.checks.report import REPORTERS
from tarjama.cli.params import ARTICLE_PO, LANGUAGE, echo, echo_data, examples, warn
from tarjama.progress import terminal


def _epilog() -> str:
    """The checks, read from the registry: id, severity and title."""
    rows = [f"{check.id} ({', or '.join(map(str, check.severities))}): {check.title}"
            for check in CHECKS.values()]
    return "\b\nChecks:\n" + "\n".join(f"  {row}" for row in rows)


@click.command("check", epilog=examples(
    f"tarjama check {ARTICLE_PO} --glossary locales/glossary.ar-en.csv",
    f"tarjama check {ARTICLE_PO} --format json --fail-on warning",
    text=_epilog(),
))
@click.argument("catalogs", nargs=-1, required=True, metavar="PO...")
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)), default=None,
              help="Output format (default: text, or the configuration's).")
@click.option("--select", multiple=True, metavar="IDS",
              help="Run only these checks (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, metavar="IDS",
              help="Do not run these checks (comma-separated, repeatable).")
@click.option("--glossary", metavar="FILE", help="Glossary: CSV (source,target[,note]) or TBX.")
@click.option("--fail-on", type=click.Choice([str(s) for s in reversed(Severity)]),
              default=None,
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--config", "config", metavar="FILE",
              help="Configuration file (default: ./tarjama.toml or ./pyproject.toml).")
@click.option("--source-lang", type=LANGUAGE, help="Source language (default: PO header).")
@click.option("--target-lang", type=LANGUAGE, help="Target language (default: PO header).")
def command(
    catalogs: tuple[str, ...],
    fmt: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    glossary: str | None,
    fail_on: str | None,
    config: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> None:
    """Check translations for what matters in Arabic and English: numbers in any digit
    system, placeholders, punctuation, script, bidi controls, length, consistency, glossary.

    A translator comment "# tarjama: ignore ID, ID" (or "all") silences checks for one
    entry. Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad input.
    """
    from tarjama.checks import check_paths

    run = check_paths(
        catalogs,
        fmt=fmt,
        fail_on=fail_on,
        select=list(select) or None,
        ignore=list(ignore) or None,
        glossary_path=glossary,
        config_path=config,
        source_lang=source_lang,
        target_lang=target_lang,
        progress=terminal,
    )
    for warning in run.report.warnings:
        warn(warning)
    if run.fmt == "text":
        echo(run.output, nl=False)
    else:
        echo_data(run.output, nl=False)
    if run.exit_code:
        click.get_current_context().exit(run.exit_code)
