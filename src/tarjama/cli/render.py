"""``tarjama render``: the translated document rebuilt from its source and a PO catalog."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE, ARTICLE_PO, LANGUAGE, examples, note, output_option
from tarjama.render import render_file


@click.command("render", epilog=examples(
    f'tarjama render {ARTICLE} {ARTICLE_PO} -o noonpost.en.txt',
))
@click.argument("source", metavar="SOURCE")
@click.argument("po", metavar="PO")
@output_option(help="Write the translated document to FILE ('-' for standard output).")
@click.option("--lang", type=LANGUAGE, default=None,
              help="Language of SOURCE [default: the PO's X-Source-Language].")
@click.option("--no-join", is_flag=True,
              help="Keep paragraphs broken in the middle of a sentence apart (as segment did).")
@click.option("--include-fuzzy", is_flag=True,
              help="Use fuzzy translations instead of keeping the source text.")
def command(
    source: str, po: str, output: str, lang: str | None, no_join: bool, include_fuzzy: bool
) -> None:
    """Rebuild SOURCE in the target language from the translations in PO.

    SOURCE is segmented as `tarjama segment` does; each segment is replaced by its
    translation. Untranslated and fuzzy segments stay in the source language and are counted
    on standard error.
    """
    result = render_file(
        source, po, output, lang=lang, join_broken=not no_join, include_fuzzy=include_fuzzy
    )
    note(f"render: {result.summary()}")
