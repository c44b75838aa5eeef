"""``tarjama stats``: translated, fuzzy and untranslated segments and words per catalog."""

from __future__ import annotations

import json

import click

from tarjama.cli.params import ARTICLE_PO, echo, echo_data, examples, format_option
from tarjama.formats.registry import read_bilingual
from tarjama.stats import catalog_stats, format_table, total


@click.command("stats", epilog=examples(
    f'tarjama stats {ARTICLE_PO}',
    f'tarjama stats {ARTICLE_PO} --format json',
))
@click.argument("catalogs", nargs=-1, required=True, metavar="CATALOG...")
@format_option(["text", "json"], "text")
def command(catalogs: tuple[str, ...], fmt: str) -> None:
    """Count segments and source words translated, fuzzy and untranslated in each catalog
    (PO, XLIFF or TMX)."""
    figures = [catalog_stats(read_bilingual(path), path) for path in catalogs]
    if fmt == "json":
        payload = {"files": [s.as_dict() for s in figures], "total": total(figures).as_dict()}
        echo_data(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        echo(format_table(figures), nl=False)
