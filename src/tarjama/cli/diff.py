"""``tarjama diff``: entries whose translation changed between two PO files, with their TER."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE_PO, echo, echo_data, examples, format_option
from tarjama.score import diff_files


@click.command("diff", epilog=examples(
    f'tarjama diff aligned.po {ARTICLE_PO}',
))
@click.argument("old", metavar="OLD.po")
@click.argument("new", metavar="NEW.po")
@click.option("--width", type=click.IntRange(0, 10), default=1, show_default=True,
              metavar="N", help="Decimals printed (as sacrebleu's --width).")
@format_option(["text", "json"], "text")
def command(old: str, new: str, width: int, fmt: str) -> None:
    """List the entries whose translation changed from OLD.po to NEW.po, largest TER first
    (TER of the old translation against the new one: the post-edit distance), then those
    added and removed, and a summary with the revision's overall TER."""
    report = diff_files(old, new, width=width)
    if fmt == "json":
        echo_data(report.to_json(), nl=False)
    else:
        echo(report.to_text(), nl=False)
