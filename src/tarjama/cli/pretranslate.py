"""``tarjama pretranslate``: fill a template or catalog from translation memories."""

from __future__ import annotations

import click

from tarjama.cli.memory import memory_options, reporter
from tarjama.cli.params import ARTICLE_PO, examples, output_option
from tarjama.memory.pretranslate import DEFAULT_THRESHOLD, pretranslate_file
from tarjama.progress import terminal


@click.command("pretranslate", epilog=examples(
    f'tarjama pretranslate noonpost.pot -m {ARTICLE_PO} -o noonpost.en.po',
))
@click.argument("template", metavar="TEMPLATE.pot|PO")
@memory_options
@output_option()
@click.option("--threshold", type=click.FloatRange(0, 100), default=DEFAULT_THRESHOLD,
              show_default=True, help="Lowest score (0-100) of a fuzzy match worth filling in.")
@click.option("--overwrite", is_flag=True,
              help="Replace existing translations when the memory has a match.")
def command(template: str, memories: tuple[str, ...], source_lang: str | None,
            target_lang: str | None, scorer: str, output: str, threshold: float,
            overwrite: bool) -> None:
    """Fill TEMPLATE from the memories: exact matches as translations, matches scoring at
    least --threshold as fuzzy, with the memory's source as previous msgid (#|) and a comment
    giving the score and the memory file. A summary goes to standard error."""
    stats = pretranslate_file(
        template, output, memories, source_lang=source_lang, target_lang=target_lang,
        scorer=scorer, threshold=threshold, overwrite=overwrite, report=reporter,
        progress=terminal,
    )
    reporter(stats.summary())
