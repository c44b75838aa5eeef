"""``tarjama review``: a self-contained HTML page to review catalogs in a browser."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE_PO, LANGUAGE, examples, note, output_option, warn
from tarjama.progress import terminal


@click.command("review", epilog=examples(
    f"tarjama review {ARTICLE_PO} -o out/review.html",
    f"tarjama review {ARTICLE_PO} --glossary locales/glossary.ar-en.csv "
    "--title 'Noon Post 191719' -o out/review.html",
))
@click.argument("catalogs", nargs=-1, required=True, metavar="PO...")
@output_option(help="Write the page to FILE ('-' for standard output).")
@click.option("--ref", "references", multiple=True, metavar="REF.po",
              help="Reference translation: per-entry chrF and corpus BLEU/chrF/TER "
                   "(repeatable; with several catalogs, each goes with its language's).")
@click.option("--previous", multiple=True, metavar="OLD.po",
              help="Previous revision: each entry's word-level changes and TER, as "
                   "'tarjama diff' (one per catalog).")
@click.option("--glossary", metavar="FILE", help="Glossary for the glossary check (CSV or TBX).")
@click.option("--memory", "memories", multiple=True, metavar="M",
              help="Translation memory (PO, TMX or index): the best match of each "
                   "untranslated or fuzzy entry (repeatable).")
@click.option("--title", metavar="T", help="Title of the page (default: the file name).")
@click.option("--config", metavar="FILE",
              help="Check configuration (default: ./tarjama.toml or ./pyproject.toml).")
@click.option("--source-lang", type=LANGUAGE, help="Source language (default: PO header).")
@click.option("--target-lang", type=LANGUAGE, help="Target language (default: PO header).")
def command(catalogs: tuple[str, ...], output: str, references: tuple[str, ...],
            previous: tuple[str, ...], glossary: str | None, memories: tuple[str, ...],
            title: str | None, config: str | None, source_lang: str | None,
            target_lang: str | None) -> None:
    """Write one self-contained HTML page to review PO catalogs: each entry's source and
    translation side by side (right-to-left correct), its findings, comments, plural forms,
    fuzzy changes, and optionally scores, revisions and memory matches.

    Several catalogs of one source make one page with a language switch. The page needs no
    network and opens from the file. Exit status: 0 written, 2 bad input.
    """
    from tarjama.review import ReviewOptions, write_review

    options = ReviewOptions(references=references, previous=previous, glossary=glossary,
                            memories=memories, title=title, config=config,
                            source_lang=source_lang, target_lang=target_lang)
    page = write_review(catalogs, output, options, progress=terminal)
    for warning in page.check_warnings:
        warn(warning)
    summary = page.checks_summary
    entries = sum(len(cat.entries) for cat in page.catalogs)
    if output != "-":
        note(f"wrote {output}: {entries} entries, {summary['error']} error(s), "
             f"{summary['warning']} warning(s), {summary['info']} info")
