"""``tarjama segment``: a document's sentence segments as a POT template or as plain text."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE, LANGUAGE, examples, format_option, output_option
from tarjama.segment import FORMATS, segment_file


@click.command("segment", epilog=examples(
    f'tarjama segment {ARTICLE} --format text',
    f'tarjama segment {ARTICLE} -o noonpost.pot',
))
@click.argument("source", metavar="SOURCE")
@click.option("--lang", type=LANGUAGE, default="ar", show_default=True,
              help="Language of the source document.")
@output_option(help="Write the POT (or the text listing) to FILE ('-' for standard output).")
@format_option(list(FORMATS), "pot")
@click.option("--no-join", is_flag=True,
              help="Keep paragraphs broken in the middle of a sentence apart.")
def command(source: str, lang: str, output: str, fmt: str, no_join: bool) -> None:
    """Split SOURCE (plain text, UTF-8; '-' for standard input) into sentence segments.

    --format pot writes a gettext template, one entry per distinct segment, with the source
    line in a reference and the paragraph and sentence number in a note; --format text prints
    one segment per line with a blank line between paragraphs.
    """
    segment_file(source, lang, output, fmt=fmt, join_broken=not no_join)
