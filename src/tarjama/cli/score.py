"""``tarjama score``: BLEU, chrF and TER of a translation (PO or text) against references."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE_PO, echo, echo_data, examples, format_option, note
from tarjama.score import TOKENIZERS, ScoreOptions, score_files


@click.command("score", epilog=examples(
    f'tarjama score noonpost.back.po --ref {ARTICLE_PO}',
    f'tarjama score noonpost.back.po --ref {ARTICLE_PO} --per-segment --worst 3',
))
@click.argument("hypothesis", metavar="HYP")
@click.option("--ref", "references", multiple=True, required=True, metavar="REF",
              help="Reference translation, PO or plain text; repeat for several references.")
@click.option("--metrics", default="bleu,chrf,ter", show_default=True, metavar="LIST",
              help="Comma-separated metrics among bleu, chrf, ter.")
@click.option("--tokenize", type=click.Choice(TOKENIZERS), default=None,
              help="BLEU tokenizer (sacrebleu's default: 13a). For Arabic targets: intl.")
@click.option("--lowercase", is_flag=True, help="Case-insensitive BLEU and chrF.")
@click.option("--chrf-word-order", type=click.IntRange(0, 6), default=None, metavar="N",
              help="chrF word n-gram order (2 is chrF++).")
@click.option("--chrf++", "chrf_plus", is_flag=True, help="chrF++ (--chrf-word-order 2).")
@click.option("--ter-case-sensitive", is_flag=True,
              help="Case-sensitive TER (sacrebleu's TER ignores case by default).")
@click.option("--include-fuzzy", is_flag=True, help="Score fuzzy entries too.")
@click.option("--per-segment", is_flag=True, help="List sentence-level scores, worst first.")
@click.option("--worst", type=int, default=None, metavar="N",
              help="Only the N worst segments (implies --per-segment).")
@click.option("--width", type=click.IntRange(0, 10), default=1, show_default=True,
              metavar="N", help="Decimals printed (as sacrebleu's --width).")
@format_option(["text", "json"], "text")
def command(
    hypothesis: str,
    references: tuple[str, ...],
    metrics: str,
    tokenize: str | None,
    lowercase: bool,
    chrf_word_order: int | None,
    chrf_plus: bool,
    ter_case_sensitive: bool,
    include_fuzzy: bool,
    per_segment: bool,
    worst: int | None,
    width: int,
    fmt: str,
) -> None:
    """Score HYP against one or more references with sacrebleu (BLEU, chrF, TER).

    PO entries pair by msgctxt and msgid (plural forms by index); plain-text files pair line
    by line. Score lines and signatures are printed exactly as sacrebleu prints them; what
    was left out is summarised on standard error.
    """
    if chrf_plus and chrf_word_order not in (None, 2):
        raise click.UsageError("--chrf++ means --chrf-word-order 2; give one or the other")
    options = ScoreOptions(
        metrics=tuple(name.strip().lower() for name in metrics.split(",") if name.strip()),
        tokenize=tokenize,
        lowercase=lowercase,
        chrf_word_order=2 if chrf_plus else (chrf_word_order or 0),
        ter_case_sensitive=ter_case_sensitive,
    )
    report = score_files(
        hypothesis,
        references,
        options,
        include_fuzzy=include_fuzzy,
        per_segment=per_segment or worst is not None,
        worst=worst,
        width=width,
    )
    for line in report.summary():
        if line.startswith(" "):
            echo(line, err=True)
        else:
            note(line)
    if fmt == "json":
        echo_data(report.to_json(), nl=False)
    else:
        echo(report.to_text(), nl=False)
