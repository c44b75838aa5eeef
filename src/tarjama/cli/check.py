"""``tarjama check``: run the quality checks on PO catalogs; exit 1 on findings."""

from __future__ import annotations

import click

from tarjama.checks.base import CHECKS
from tarjama.cli.params import LANGUAGE

_IDS_HELP = "Check ids, comma-separated (repeatable). Known: " + ", ".join(CHECKS) if CHECKS else ""


@click.command("check")
@click.argument("catalogs", nargs=-1, required=True, metavar="PO...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default=None,
              help="Output format (default: text, or the configuration's).")
@click.option("--select", multiple=True, metavar="IDS", help="Run only these checks.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Do not run these checks.")
@click.option("--glossary", metavar="FILE", help="Glossary: CSV (source,target[,note]) or TBX.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
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
    """Check translations for numbers, placeholders, punctuation, script, length and
    consistency problems that matter in Arabic and English.

    A translator comment "# tarjama: ignore ID, ID" silences checks for one entry.
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
    )
    click.echo(run.output, nl=False)
    if run.exit_code:
        click.get_current_context().exit(run.exit_code)
