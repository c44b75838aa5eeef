"""``tarjama review``: one self-contained HTML page per delivery, showing every entry of the
catalogs with its findings, figures, scores, changes and memory matches, right-to-left
correct.

:func:`build_review` makes the view model from the library's own reports;
:func:`render_page` renders it; :func:`write_review` does both and writes the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tarjama.fileio import check_not_input, write_text
from tarjama.progress import Progress
from tarjama.progress import quiet as quiet_progress
from tarjama.review.build import ReviewOptions, ReviewPage, build_review
from tarjama.review.page import fold_table, render_page

__all__ = ["ReviewOptions", "ReviewPage", "build_review", "fold_table", "render_page",
           "write_review"]


def write_review(
    paths: Sequence[str],
    output: str | Path,
    options: ReviewOptions | None = None,
    *,
    progress: Progress = quiet_progress,
) -> ReviewPage:
    """Build the review page of ``paths`` and write it to ``output`` (atomically; ``-`` is
    standard output), never over one of the inputs."""
    options = options or ReviewOptions()
    inputs = [*paths, *options.references, *options.previous, *options.memories]
    if options.glossary:
        inputs.append(options.glossary)
    check_not_input(output, inputs)
    page = build_review(paths, options, progress=progress)
    write_text(output, render_page(page))
    return page
