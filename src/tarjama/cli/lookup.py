"""``tarjama lookup``: the best matches of a segment in translation memories, or a
concordance search for a word or phrase."""

from __future__ import annotations

import click

from tarjama.cli.memory import memory_options, reporter
from tarjama.cli.params import ARTICLE_PO, echo, echo_data, examples, format_option
from tarjama.memory.commands import lookup_command


@click.command("lookup", epilog=examples(
    f'tarjama lookup "ما مستقبل التحالف الدولي في العراق؟" -m {ARTICLE_PO}',
    f'tarjama lookup "التحالف الدولي" --concordance -m {ARTICLE_PO}',
))
@click.argument("text")
@memory_options
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True,
              help="Show at most this many matches.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=50.0, show_default=True,
              help="Leave out matches scoring below this (0-100).")
@click.option("--context", default=None, help="The msgctxt of the segment, if it has one.")
@click.option("--concordance", is_flag=True,
              help="List the memory units whose source contains TEXT (a word or phrase).")
@format_option(["text", "json"], "text")
def command(text: str, memories: tuple[str, ...], source_lang: str | None,
            target_lang: str | None, scorer: str, limit: int, min_score: float,
            context: str | None, concordance: bool, fmt: str) -> None:
    """Look TEXT up in the memories: the best matches with their score (100 exact, 99
    identical once digits, diacritics and spaces are folded, below that fuzzy)."""
    output, found = lookup_command(
        text, memories, limit=limit, min_score=min_score, concordance=concordance,
        context=context, source_lang=source_lang, target_lang=target_lang, scorer=scorer,
        fmt=fmt, report=reporter,
    )
    if fmt == "json":
        echo_data(output, nl=False)
    else:
        echo(output, nl=False)
    if not found:
        reporter("no match" if not concordance else "not found in the memory")
