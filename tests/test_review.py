"""``tarjama review`` without a browser: the page's content, its numbers against the command
line's reports (stats, check, score, diff, lookup), escaping of hostile catalogs, the plural
labels, the search folding table, and bad input."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LOCALES, run_tarjama
from review_helpers import HOSTILE, cli_json, expected_counts, finding_counts, hostile_po, page
from tarjama.formats.po import read_po, write_po
from tarjama.languages import plural_categories
from tarjama.memory import fold
from tarjama.review import fold_table
from tarjama.review.text import INVISIBLE_NAMES, spans, word_diff

ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
GLOSSARY = LOCALES / "glossary.ar-en.csv"


def _review(tmp_path: Path, *args: str, name: str = "review.html") -> Path:
    out = tmp_path / name
    result = run_tarjama("review", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"tarjama: wrote {out}")
    return out


def _counts(doc: object, section: int = 0) -> dict[str, int]:
    sections = doc.xpath("//section[@class='cat']")  # type: ignore[attr-defined]
    counts: dict[str, int] = json.loads(sections[section].get("data-counts"))
    return counts


def _edited(source: Path, out: Path, every: int = 3, keep: int | None = None) -> Path:
    """A revision of ``source`` with every ``every``-th translation edited (and only its
    first ``keep`` entries, when given: sacrebleu's TER takes its time over long sentences)."""
    catalog = read_po(source)
    if keep is not None:
        catalog.units = catalog.units[:keep]
    for index, unit in enumerate(u for u in catalog.units if u.source and u.target):
        if index % every == 0:
            words = unit.target.split()
            unit.target = " ".join([*words[: max(1, len(words) // 2)], "indeed", *words[-2:]])
    write_po(catalog, out)
    return out


def test_article_page_has_every_entry_with_its_languages(tmp_path: Path) -> None:
    out = _review(tmp_path, str(ARTICLE_PO), "--glossary", str(GLOSSARY))
    doc = page(out)
    catalog = read_po(ARTICLE_PO)
    active = [unit for unit in catalog.units if not unit.obsolete]
    rows = doc.xpath("//article[contains(@class,'e ')]")
    assert [row.get("id") for row in rows] == [f"entry-{n}" for n in range(1, len(active) + 1)]
    for row, unit in zip(rows, active, strict=True):
        source = row.xpath(".//div[contains(@class,'x so')]")[0]
        target = row.xpath(".//div[contains(@class,'x ta')]")[0]
        assert (source.get("lang"), source.get("dir")) == ("ar", "rtl")
        assert (target.get("lang"), target.get("dir")) == ("en", "ltr")
        assert source.text_content() == unit.source
        assert target.text_content() == unit.target
        assert row.get("data-status") == unit.status.value
    # Self-contained: nothing to fetch, a policy that allows nothing else.
    assert doc.xpath("//@src | //link | //iframe | //object") == []
    assert [h for h in doc.xpath("//@href") if not h.startswith("#entry-")] == []
    assert "url(" not in doc.xpath("//style")[0].text
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert csp.startswith("default-src 'none';")
    # Numbers are isolated in the Arabic cells: 12 in "أمر لواء 12" is a <bdi>.
    assert "12" in [b.text for b in doc.xpath("//div[@dir='rtl']//bdi[@class='nu']")]


def test_filter_counts_and_summary_equal_stats_and_check(tmp_path: Path) -> None:
    out = _review(tmp_path, str(ARTICLE_PO), "--glossary", str(GLOSSARY))
    doc = page(out)
    assert _counts(doc) == expected_counts(ARTICLE_PO, "--glossary", str(GLOSSARY))
    # The findings table: per check and severity as `tarjama check --format json`.
    shown = {}
    for row in doc.xpath("//table[@class='findings']//tr[@data-check]"):
        cells = [cell.text_content() for cell in row.xpath("td")]
        for severity, cell in zip(("error", "warning", "info"), cells[1:], strict=True):
            if cell:
                shown[(cells[0], severity)] = int(cell)
    assert shown == dict(finding_counts(ARTICLE_PO, "--glossary", str(GLOSSARY)))
    # Each finding sits at its entry, with its message.
    findings = cli_json("check", str(ARTICLE_PO), "--format", "json", "--glossary",
                        str(GLOSSARY))["findings"]
    messages = [li.xpath("bdi")[0].text_content() for li in doc.xpath("//ul[@class='fd']/li")]
    assert sorted(messages) == sorted(f["message"] for f in findings)
    stats = cli_json("stats", str(ARTICLE_PO), "--format", "json")["files"][0]
    assert doc.xpath("//strong[@class='pct']")[0].text == f"{stats['percent_translated']:.1f}%"
    bar = doc.xpath("//span[@data-stat='source words:translated']")[0].text
    assert bar == f"{stats['words']['translated']} translated"


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["thunar-ar.po", "sphinx-fa.po"])
def test_real_catalog_counts_equal_the_reports(tmp_path: Path, corpus: Path, name: str) -> None:
    po = corpus / "po" / name
    doc = page(_review(tmp_path, str(po)))
    assert _counts(doc) == expected_counts(po)
    assert len(doc.xpath("//ul[@class='fd']/li")) == sum(finding_counts(po).values())


def test_hostile_entries_are_text(tmp_path: Path) -> None:
    po = hostile_po(tmp_path / "hostile.po")
    out = _review(tmp_path, str(po), "--title", "<script>alert('title')</script>")
    html = out.read_text("utf-8")
    doc = page(out)
    # Only the page's own two scripts and style, no element or attribute from the catalog.
    assert len(doc.xpath("//script")) == 2
    assert doc.xpath("//script")[0].get("type") == "application/json"
    assert len(doc.xpath("//style")) == 1
    assert doc.xpath("//img | //svg[@onload] | //textarea") == []
    assert not [a for a in doc.xpath("//@*") if a.attrname.startswith("on")]
    assert not [h for h in doc.xpath("//@href") if not h.startswith("#")]
    assert "<script>alert" not in html and "<img src=x" not in html
    text = doc.text_content()
    for hostile in HOSTILE:
        assert hostile in text
    assert doc.xpath("//title")[0].text.startswith("<script>alert('title')</script>")
    # The policy allows the page's own style and script only.
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_fuzzy_previous_msgid_shown_as_a_word_diff(tmp_path: Path) -> None:
    doc = page(_review(tmp_path, str(hostile_po(tmp_path / "h.po"))))
    first = doc.xpath("//article[@id='entry-1']")[0]
    diff = first.xpath(".//div[@class='pv']/div[@class='d']")[0]
    assert diff.get("dir") == "rtl"
    assert [d.text for d in diff.xpath("del")][-1].strip() == "قديم"
    assert "نص 1" in "".join(i.text for i in diff.xpath("ins"))


def test_arabic_plural_forms_carry_their_cldr_categories(tmp_path: Path, corpus: Path) -> None:
    po = corpus / "po" / "thunar-ar.po"
    doc = page(_review(tmp_path, str(po)))
    plural = doc.xpath("//article[.//bdi[@class='lb']='plural']")[0]
    labels = [label.text for label in plural.xpath(".//div[@class='tgt']//bdi[@class='lb']")]
    assert labels == ["[0] zero", "[1] one", "[2] two", "[3] few", "[4] many", "[5] other"]
    assert plural_categories("ar") == ["zero", "one", "two", "few", "many", "other"]
    assert plural_categories("fa", 2) == ["one", "other"]
    assert plural_categories("ar", 3) == ["form 0", "form 1", "form 2"]


def test_scores_equal_tarjama_score(tmp_path: Path) -> None:
    hyp = _edited(ARTICLE_PO, tmp_path / "hyp.po", keep=8)
    doc = page(_review(tmp_path, str(hyp), "--ref", str(ARTICLE_PO)))
    report = cli_json("score", str(hyp), "--ref", str(ARTICLE_PO), "--format", "json")
    lines = [code.text for code in doc.xpath("//p[@class='score']/code")]
    assert lines == [score["line"] for score in report["scores"]]
    per_segment = cli_json("score", str(hyp), "--ref", str(ARTICLE_PO), "--format", "json",
                           "--metrics", "chrf", "--per-segment")["per_segment"]["segments"]
    by_line = {seg["hyp_line"]: seg["scores"]["chrf"] for seg in per_segment}
    catalog = read_po(hyp)
    shown = 0
    for row, unit in zip(doc.xpath("//article"), [u for u in catalog.units if not u.obsolete],
                         strict=True):
        figure = row.xpath(".//bdi[@class='sc']")
        assert figure, row.get("id")
        assert figure[0].text == f"chrF {by_line[unit.line]:.1f}"
        shown += 1
    assert shown == report["segments"]


def test_changes_equal_tarjama_diff(tmp_path: Path) -> None:
    old = _edited(ARTICLE_PO, tmp_path / "old.po", every=5)
    doc = page(_review(tmp_path, str(ARTICLE_PO), "--previous", str(old)))
    report = cli_json("diff", str(old), str(ARTICLE_PO), "--format", "json")
    summary = doc.xpath("//p[@class='diffsum']")[0].text_content()
    assert summary.startswith(f"{report['summary']['common']} entries in both: "
                              f"{report['summary']['unchanged']} unchanged, "
                              f"{report['summary']['changed']} changed")
    revision = doc.xpath("//p[@data-metric='revision']/code")[0].text
    assert revision == report["revision_ter"]["line"]
    changed = doc.xpath("//div[@class='ch']")
    assert len(changed) == report["summary"]["changed"]
    ters = sorted(float(div.text.split("TER ")[1]) for div in changed)
    assert ters == sorted(round(c["ter"], 1) for c in report["changes"] if c["kind"] == "changed")
    assert all(div.xpath(".//ins") or div.xpath(".//del") for div in changed)


def test_memory_matches_for_the_template_equal_lookup(tmp_path: Path) -> None:
    pot = LOCALES / "noonpost-191719.pot"
    doc = page(_review(tmp_path, str(pot), "--memory", str(ARTICLE_PO)))
    rows = doc.xpath("//article")
    assert rows and all(row.get("data-status") == "untranslated" for row in rows)
    first = rows[0]
    source = first.xpath(".//div[contains(@class,'x so')]")[0].text_content()
    found = cli_json("lookup", source, "-m", str(ARTICLE_PO), "--format", "json",
                     "--limit", "1")["results"][0]
    match = first.xpath(".//div[@class='tm']")[0]
    assert match.text.split()[:3] == ["memory", found["kind"], f"{found['score']:.1f}"]
    assert match.xpath(".//div[@class='x']")[1].text_content() == found["target"]
    assert len(doc.xpath("//div[@class='tm']")) == len(rows)


@pytest.mark.corpus
def test_two_languages_of_one_source_make_one_page(tmp_path: Path, corpus: Path) -> None:
    ar, fa = corpus / "po" / "sphinx-ar.po", corpus / "po" / "sphinx-fa.po"
    doc = page(_review(tmp_path, str(ar), str(fa)))
    sections = doc.xpath("//section[@class='cat']")
    assert [s.get("data-key") for s in sections] == ["ar", "fa"]
    assert sections[1].get("hidden") is not None
    assert [o.get("value") for o in doc.xpath("//select[@id='lang']/option")] == ["ar", "fa"]
    assert sections[1].xpath(".//article")[0].get("id") == "fa-entry-1"
    for index, po in enumerate((ar, fa)):
        assert _counts(doc, index) == expected_counts(po)
    assert {c.get("lang") for c in sections[1].xpath(".//div[contains(@class,'x ta')]")} == {"fa"}


def test_cli_errors_name_the_file_and_leave_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    missing = run_tarjama("review", str(tmp_path / "nope.po"), "-o", str(out))
    assert missing.exit_code == 2 and missing.stderr.startswith("tarjama: error: ")
    assert "nope.po" in missing.stderr and not out.exists()
    over = run_tarjama("review", str(ARTICLE_PO), "-o", str(ARTICLE_PO))
    assert over.exit_code == 2 and "overwrite an input" in over.stderr
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    broken = run_tarjama("review", str(bad), "-o", str(out))
    assert broken.exit_code == 2 and f"{bad}:" in broken.stderr and not out.exists()
    stdout = run_tarjama("review", str(ARTICLE_PO))
    assert stdout.exit_code == 0 and stdout.stdout.startswith("<!DOCTYPE html>")


@given(st.text(alphabet=st.sampled_from(
    "ab ZAIسلامأإآٱاىيةهؤئـًٌٍَُِّْ٠١٢٣۴۵0123\u200f\u061c\u00a0\u200dﻻﺍ\tß")))
@settings(max_examples=150, deadline=None)
def test_fold_table_gives_the_memory_fold(text: str) -> None:
    """What the page's script does (NFKC, the table or lower case, white space collapsed),
    written out in Python, is the memory's fold; the browser test runs the script itself."""
    table = fold_table()
    folded = "".join(table.get(ch, ch.lower()) for ch in unicodedata.normalize("NFKC", text))
    assert " ".join(folded.split()) == fold(text)


@given(st.text(max_size=80))
@settings(max_examples=60, deadline=None)
def test_spans_give_the_text_back(text: str) -> None:
    assert "".join(piece for _, piece, _ in spans(text)) == text
    old = text[: len(text) // 2]
    assert "".join(p for kind, p, _ in word_diff(old, text) if kind != "-") == text
    assert "".join(p for kind, p, _ in word_diff(old, text) if kind != "+") == old


def test_spans_mark_placeables_numbers_and_invisible_characters() -> None:
    text = "حذف %s من {name} <b>٣٬٥٠٠</b>\u200f ملف\u0640ات"
    kinds = [(kind, piece) for kind, piece, _ in spans(text) if kind != "t"]
    assert kinds == [("p", "%s"), ("p", "{name}"), ("p", "<b>"), ("n", "٣٬٥٠٠"), ("p", "</b>"),
                     ("i", "\u200f"), ("i", "\u0640")]
    assert INVISIBLE_NAMES["\u200f"] == "RLM"
