"""``tarjama align``: a document and its translation aligned sentence by sentence into PO."""

from __future__ import annotations

import click

from tarjama.align import DEFAULT_MIN_CONFIDENCE, align_files
from tarjama.align.document import FORMATS
from tarjama.cli.params import ARTICLE, LANGUAGE, examples, format_option, note, output_option, warn


@click.command("align", epilog=examples(
    f'tarjama align {ARTICLE} noonpost.en.txt --source-lang ar --target-lang en -o aligned.po',
))
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@click.option("--source-lang", type=LANGUAGE, required=True, help="Language of SOURCE.")
@click.option("--target-lang", type=LANGUAGE, required=True, help="Language of TARGET.")
@output_option()
@format_option(list(FORMATS), "po")
@click.option("--presegmented", is_flag=True,
              help="Take each non-empty line as one sentence (blank lines end paragraphs).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              default=DEFAULT_MIN_CONFIDENCE, show_default=True,
              help="Links under this confidence are marked fuzzy for review.")
@click.option("--lexicon", "lexicon", metavar="CSV", default=None,
              help="Glossary of source,target pairs that translate each other.")
def command(source: str, target: str, source_lang: str, target_lang: str, output: str,
            fmt: str, presegmented: bool, min_confidence: float, lexicon: str | None) -> None:
    """Align SOURCE with its translation TARGET into a PO catalog (or links, or TSV).

    Links are 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1. A source sentence with no
    translation becomes an untranslated entry; a target sentence with no source goes into a
    translator comment of its neighbour. A summary goes to standard error.
    """
    summary = align_files(source, target, source_lang=source_lang, target_lang=target_lang,
                          output=output, fmt=fmt, presegmented=presegmented,
                          min_confidence=min_confidence, lexicon_path=lexicon)
    for warning in summary.warnings:
        warn(warning)
    note(f"align: {summary.text()}")
