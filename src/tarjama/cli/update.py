"""``tarjama update``: carry a PO's translations across an edit of its source document."""

from __future__ import annotations

import click

from tarjama.cli.memory import reporter
from tarjama.cli.params import ARTICLE, ARTICLE_PO, LANGUAGE, examples
from tarjama.memory.update import DEFAULT_UPDATE_THRESHOLD, update_file
from tarjama.progress import terminal


@click.command("update", epilog=examples(
    f'tarjama update {ARTICLE} {ARTICLE_PO} -o updated.po',
))
@click.argument("source", metavar="SOURCE")
@click.argument("po", metavar="PO")
@click.option("-o", "--output", default=None, metavar="FILE",
              help="Write the updated catalog to FILE ('-' for standard output, the default).")
@click.option("--in-place", is_flag=True, help="Rewrite PO itself (atomically).")
@click.option("--lang", type=LANGUAGE, default=None,
              help="Language of SOURCE (default: the PO's X-Source-Language, else guessed).")
@click.option("--threshold", type=click.FloatRange(0, 100), default=DEFAULT_UPDATE_THRESHOLD,
              show_default=True,
              help="Lowest score (0-100) for proposing an old translation as fuzzy.")
@click.option("--no-join", is_flag=True,
              help="Do not join paragraphs broken in the middle of a sentence.")
def command(source: str, po: str, output: str | None, in_place: bool, lang: str | None,
            threshold: float, no_join: bool) -> None:
    """Segment SOURCE again and update PO like msgmerge: unchanged segments keep their
    translation, changed ones get the nearest old translation as fuzzy (#| previous msgid),
    removed ones become obsolete (#~), new ones are empty. Nothing is deleted."""
    stats = update_file(source, po, output=output, in_place=in_place, lang=lang,
                        threshold=threshold, join_broken=not no_join, progress=terminal)
    reporter(stats.summary())
