"""Precision of the checks on real catalogs: every error they raise on ../shared/corpus/po and
on the shipped article was reviewed by eye and is pinned here; the fast reader the check
command uses reads those catalogs exactly as the PO adapter does.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS, LOCALES, corpus_po_files, need_shared, need_tool
from tarjama.checks import Severity, check_paths

pytestmark = pytest.mark.corpus

# Every error-severity finding on the real catalogs, as (file, line, check), each a real
# problem seen by eye. Lines are msgstr lines, as msgfmt -c reports them.
EXPECTED_ERRORS: dict[str, set[tuple[int, str]]] = {
    "django-allauth-ar.po": {
        # msgstr[0] and msgstr[1] read "هناك 6(unused_count)s": the % of %(unused_count)s
        # was typed as 6, so Django raises a formatting error for these counts.
        (1564, "placeholders"),
        (1565, "placeholders"),
    },
    "geany-ar.po": set(),
    "gnome-calculator-ar.po": set(),
    "popularity-contest-ar.po": set(),
    "sphinx-ar.po": set(),
    "sphinx-fa.po": {
        # {default.__name__} replaced by {permitted}: msgfmt -c rejects the file here, and
        # str.format would raise KeyError at run time. Reported twice: one missing, one extra.
        (599, "placeholders"),
        # "class method" left in English in a Persian catalog (not fuzzy): untranslated.
        (3085, "copy-of-source"),
    },
    "thunar-ar.po": set(),
}


def _errors(path: Path) -> set[tuple[int, str]]:
    run = check_paths([str(path)], fmt="json")
    return {
        (finding.line or 0, finding.check)
        for finding in run.report.findings
        if finding.severity is Severity.ERROR
    }


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_every_error_on_real_catalogs_is_a_reviewed_real_problem(name: str) -> None:
    path = need_shared(CORPUS / "po" / name)
    assert _errors(path) == EXPECTED_ERRORS[name]


def test_the_table_covers_every_shared_catalog(corpus: Path) -> None:
    assert {path.name for path in corpus_po_files()} == set(EXPECTED_ERRORS)


def test_missing_placeholder_is_reported_at_the_line_msgfmt_reports(corpus: Path) -> None:
    msgfmt = need_tool("msgfmt")
    path = corpus / "po" / "sphinx-fa.po"
    result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    lines = {int(m) for m in re.findall(rf"{re.escape(str(path))}:(\d+):", result.stderr)}
    assert lines == {599}
    ours = [f for f in check_paths([str(path)]).report.findings
            if f.check == "placeholders" and "{default.__name__}" in f.message]
    assert [f.line for f in ours] == [599]


def test_the_shipped_article_has_no_errors() -> None:
    article = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
    glossary = LOCALES / "glossary.ar-en.csv"
    assert article.exists(), "the article's English PO is part of the repository"
    run = check_paths([str(article)], glossary_path=str(glossary), fmt="text")
    errors = [f for f in run.report.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert run.exit_code == 0
    assert run.report.units > 0


