"""tarjama score against sacrebleu's own command: same segments, same options, same lines."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, LOCALES, Result, need_shared, run_tarjama
from score_helpers import (
    degrade,
    sacrebleu_lines,
    sacrebleu_sentence_numbers,
    write_lines,
)
from tarjama.formats.po import read_po
from tarjama.score import ScoreOptions, corpus_scores, pair_catalogs, text_lines

ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
FLORES = CORPUS / "parallel" / "flores200-devtest-ar-en"


# --- the real sacrebleu command ------------------------------------------------------------------


def score_lines(result: Result) -> list[str]:
    """The metric lines of ``tarjama score`` text output (before any per-segment list)."""
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.split("\n\n")[0].splitlines() if line]



HANDWRITTEN_REFS = [
    "The cat sat on the mat.",
    "Iraq's prime minister, Mohammed Shia al-Sudani, met the coalition on 13 January 2024.",
    "",
    "  Leading spaces stay; trailing ones go.   ",
    "ما مستقبل التحالف الدولي في العراق؟",
    "He said: \"3.5 million people (٣٫٥ مليون) were displaced\".",
]
HANDWRITTEN_HYPS = [
    "the cat is on the mat .",
    "Iraqi prime minister Mohammed Shia al-Sudani met with the coalition on January 13, 2024.",
    "An extra line where the reference is empty.",
    "Leading spaces stay and trailing ones go.",
    "ما مستقبل التحالف في العراق ؟",
    "He said 3.5 million (٣٫٥ مليون) people were displaced.",
]

# (tarjama options, the same options in sacrebleu's own words)
OPTION_CASES = [
    ([], ["-m", "bleu", "chrf", "ter"]),
    (["--tokenize", "intl"], ["-m", "bleu", "chrf", "ter", "--tokenize", "intl"]),
    (["--tokenize", "char", "--metrics", "bleu"], ["-m", "bleu", "--tokenize", "char"]),
    (["--lowercase"], ["-m", "bleu", "chrf", "ter", "--lowercase", "--chrf-lowercase"]),
    (["--chrf++", "--metrics", "chrf"], ["-m", "chrf", "--chrf-word-order", "2"]),
    (["--chrf-word-order", "1", "--metrics", "chrf"], ["-m", "chrf", "--chrf-word-order", "1"]),
    (["--ter-case-sensitive", "--metrics", "ter"], ["-m", "ter", "--ter-case-sensitive"]),
    (["--width", "3"], ["-m", "bleu", "chrf", "ter", "--width", "3"]),
]
OPTION_IDS = ["defaults", "intl", "char-bleu", "lowercase", "chrf++", "chrf-nw1", "ter-case",
              "width3"]


@pytest.mark.interop
@pytest.mark.parametrize(("ours", "theirs"), OPTION_CASES, ids=OPTION_IDS)
def test_text_scores_equal_sacrebleu_command(
    tmp_path: Path, ours: list[str], theirs: list[str]
) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", HANDWRITTEN_HYPS)
    ref = write_lines(tmp_path / "ref.txt", HANDWRITTEN_REFS)
    expected = sacrebleu_lines([ref], hyp, *theirs)
    metrics = [arg for arg in theirs[1:] if arg in ("bleu", "chrf", "ter")]
    assert len(expected) == len(metrics)
    assert score_lines(run_tarjama("score", str(hyp), "--ref", str(ref), *ours)) == expected


@pytest.mark.interop
@pytest.mark.corpus
@pytest.mark.parametrize(
    ("language", "ours", "theirs"),
    [
        ("eng_Latn", [], []),
        ("arb_Arab", ["--tokenize", "intl"], ["--tokenize", "intl"]),
        ("arb_Arab", ["--chrf++"], ["--chrf-word-order", "2"]),
    ],
    ids=["english-13a", "arabic-intl", "arabic-chrf++"],
)
def test_real_corpus_text_equal_sacrebleu_command(
    tmp_path: Path, language: str, ours: list[str], theirs: list[str]
) -> None:
    source = need_shared(FLORES / f"{language}.devtest")
    refs = source.read_text(encoding="utf-8").splitlines()[:300]
    rng = random.Random(7)
    hyp = write_lines(tmp_path / "hyp.txt", [degrade(line, rng) for line in refs])
    ref = write_lines(tmp_path / "ref.txt", refs)
    expected = sacrebleu_lines([ref], hyp, "-m", "bleu", "chrf", "ter", *theirs)
    assert len(expected) == 3
    assert score_lines(run_tarjama("score", str(hyp), "--ref", str(ref), *ours)) == expected


@pytest.mark.interop
def test_two_references_equal_sacrebleu_command(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", HANDWRITTEN_HYPS)
    ref1 = write_lines(tmp_path / "ref1.txt", HANDWRITTEN_REFS)
    rng = random.Random(3)
    ref2 = write_lines(tmp_path / "ref2.txt", [degrade(line, rng) for line in HANDWRITTEN_HYPS])
    expected = sacrebleu_lines([ref1, ref2], hyp, "-m", "bleu", "chrf", "ter")
    assert "nrefs:2" in expected[0]
    result = run_tarjama("score", str(hyp), "--ref", str(ref1), "--ref", str(ref2))
    assert score_lines(result) == expected


# --- PO input: segments extracted independently with polib ----------------------------------------


def polib_segments(path: Path) -> dict[tuple[str | None, str, int | None], str]:
    """Translated, non-fuzzy, non-obsolete segments of a PO, keyed by context, msgid and plural
    form, read with polib alone; line breaks become spaces (one segment per line for sacrebleu)."""
    segments: dict[tuple[str | None, str, int | None], str] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if forms and all(forms):
                for index, form in enumerate(forms):
                    segments.setdefault((entry.msgctxt, entry.msgid, index), form)
        elif entry.msgstr:
            segments.setdefault((entry.msgctxt, entry.msgid, None), entry.msgstr)
    return {key: " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            for key, text in segments.items()}


def degraded_po(reference: Path, target: Path, seed: int, *, drop: int = 0, fuzzy: int = 0,
                untranslate: int = 0) -> Path:
    """A copy of ``reference`` with degraded translations; the first ``drop`` translated
    entries removed, the next ``fuzzy`` marked fuzzy and ``untranslate`` emptied."""
    po = polib.pofile(str(reference))
    rng = random.Random(seed)
    translated = [e for e in po if not e.obsolete and e.msgid and e.translated()]
    for entry in translated:
        if entry.msgid_plural:
            for index in entry.msgstr_plural:
                entry.msgstr_plural[index] = degrade(entry.msgstr_plural[index], rng)
        else:
            entry.msgstr = degrade(entry.msgstr, rng)
    for entry in translated[:drop]:
        po.remove(entry)
    for entry in translated[drop : drop + fuzzy]:
        entry.flags.append("fuzzy")
    for entry in translated[drop + fuzzy : drop + fuzzy + untranslate]:
        entry.msgstr = ""
        for index in entry.msgstr_plural:
            entry.msgstr_plural[index] = ""
    extra = polib.POEntry(msgid="An entry only the hypothesis has", msgstr="Only here")
    po.append(extra)
    po.save(str(target))
    return target


def paired_texts(tmp_path: Path, hyp: Path, refs: list[Path]) -> tuple[Path, list[Path]]:
    """Hypothesis and reference segments in the hypothesis's order, for keys all files share."""
    hyp_segments = polib_segments(hyp)
    ref_segments = [polib_segments(ref) for ref in refs]
    keys = [key for key in hyp_segments if all(key in segs for segs in ref_segments)]
    hyp_txt = write_lines(tmp_path / "hyp-extracted.txt", [hyp_segments[k] for k in keys])
    ref_txts = [
        write_lines(tmp_path / f"ref{i}-extracted.txt", [segs[k] for k in keys])
        for i, segs in enumerate(ref_segments)
    ]
    return hyp_txt, ref_txts


@pytest.mark.interop
def test_article_po_scores_equal_sacrebleu_command(tmp_path: Path) -> None:
    if not ARTICLE_PO.exists():
        pytest.skip("the article's English PO is not written yet")
    hyp = degraded_po(ARTICLE_PO, tmp_path / "degraded.po", seed=1, drop=1, fuzzy=1)
    hyp_txt, ref_txts = paired_texts(tmp_path, hyp, [ARTICLE_PO])
    expected = sacrebleu_lines(ref_txts, hyp_txt, "-m", "bleu", "chrf", "ter")
    result = run_tarjama("score", str(hyp), "--ref", str(ARTICLE_PO))
    assert score_lines(result) == expected
    assert "left out: 2 only on one side, 1 fuzzy" in result.stderr


@pytest.mark.interop
@pytest.mark.corpus
@pytest.mark.parametrize("name", ["thunar-ar.po", "gnome-calculator-ar.po", "django-allauth-ar.po"])
def test_corpus_po_scores_equal_sacrebleu_command(tmp_path: Path, name: str) -> None:
    """Arabic targets with msgctxt, six plural forms, fuzzy and obsolete entries."""
    ref = need_shared(CORPUS / "po" / name)
    hyp = degraded_po(ref, tmp_path / "hyp.po", seed=2, drop=5, fuzzy=4, untranslate=3)
    hyp_txt, ref_txts = paired_texts(tmp_path, hyp, [ref])
    expected = sacrebleu_lines(ref_txts, hyp_txt, "-m", "bleu", "chrf", "ter", "-tok", "intl")
    result = run_tarjama("score", str(hyp), "--ref", str(ref), "--tokenize", "intl")
    assert score_lines(result) == expected


@pytest.mark.interop
@pytest.mark.corpus
def test_po_with_two_po_references_equal_sacrebleu_command(tmp_path: Path) -> None:
    ref1 = need_shared(CORPUS / "po" / "thunar-ar.po")
    ref2 = degraded_po(ref1, tmp_path / "ref2.po", seed=5, drop=7)
    hyp = degraded_po(ref1, tmp_path / "hyp.po", seed=6, fuzzy=2)
    hyp_txt, ref_txts = paired_texts(tmp_path, hyp, [ref1, ref2])
    expected = sacrebleu_lines(ref_txts, hyp_txt, "-m", "bleu", "chrf", "ter")
    assert "nrefs:2" in expected[0]
    assert score_lines(run_tarjama("score", str(hyp), "--ref", str(ref1), "--ref", str(ref2))) \
        == expected


@pytest.mark.interop
@pytest.mark.corpus
@pytest.mark.parametrize("hyp_is_text", [True, False], ids=["text-vs-po", "po-vs-text"])
def test_text_and_po_mixed_equal_sacrebleu_command(tmp_path: Path, hyp_is_text: bool) -> None:
    """Plain-text lines pair in order with the PO's translated segments."""
    po_path = need_shared(CORPUS / "po" / "thunar-ar.po")
    segments = list(polib_segments(po_path).values())
    rng = random.Random(11)
    other = write_lines(tmp_path / "other.txt", [degrade(text, rng) for text in segments])
    po_txt = write_lines(tmp_path / "po-extracted.txt", segments)
    if hyp_is_text:
        expected = sacrebleu_lines([po_txt], other, "-m", "bleu", "chrf", "ter")
        result = run_tarjama("score", str(other), "--ref", str(po_path))
    else:
        expected = sacrebleu_lines([other], po_txt, "-m", "bleu", "chrf", "ter")
        result = run_tarjama("score", str(po_path), "--ref", str(other))
    assert score_lines(result) == expected


# --- per segment ----------------------------------------------------------------------------------


@pytest.mark.interop
@pytest.mark.parametrize("metric", ["chrf", "ter", "bleu"])
def test_sentence_scores_equal_sacrebleu_sentence_level(tmp_path: Path, metric: str) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", HANDWRITTEN_HYPS)
    ref = write_lines(tmp_path / "ref.txt", HANDWRITTEN_REFS)
    expected = sacrebleu_sentence_numbers([ref], hyp, metric)
    result = run_tarjama("score", str(hyp), "--ref", str(ref), "--per-segment", "--format", "json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["per_segment"]["segments"]
    by_line = {item["hyp_line"]: item["scores"][metric] for item in items}
    assert [f"{by_line[n]:.1f}" for n in range(1, len(HANDWRITTEN_HYPS) + 1)] == expected


def test_per_segment_lists_worst_first_with_source(tmp_path: Path) -> None:
    ref = tmp_path / "ref.po"
    hyp = tmp_path / "hyp.po"
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    rows = [("صباح الخير", "Good morning", "Good morning"),
            ("شكرا جزيلا", "Thank you very much", "Many thanks to you"),
            ("إلى اللقاء", "Goodbye", "Goodbye now")]
    ref.write_text(header + "".join(f'msgid "{s}"\nmsgstr "{r}"\n\n' for s, r, _ in rows),
                   encoding="utf-8")
    hyp.write_text(header + "".join(f'msgid "{s}"\nmsgstr "{h}"\n\n' for s, _, h in rows),
                   encoding="utf-8")
    result = run_tarjama("score", str(hyp), "--ref", str(ref), "--worst", "2")
    assert result.exit_code == 0, result.stderr
    listing = result.stdout.split("\n\n", 1)[1]
    assert "(2 of 3)" in listing
    assert listing.index("شكرا جزيلا") < listing.index("إلى اللقاء")
    assert "صباح الخير" not in listing  # the perfect one is not among the 2 worst
    assert "hypothesis: Many thanks to you" in listing and "reference:  Thank you very much" \
        in listing
    data = json.loads(run_tarjama("score", str(hyp), "--ref", str(ref), "--per-segment",
                                  "--format", "json").stdout)["per_segment"]
    chrf = [item["scores"]["chrf"] for item in data["segments"]]
    assert chrf == sorted(chrf) and data["total"] == 3 and data["sorted_by"] == "chrf"
    assert data["segments"][-1]["source"] == "صباح الخير" and chrf[-1] == 100.0


# --- pairing and what is left out -----------------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def po_file(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_left_out_entries_are_reported_and_fuzzy_can_be_included(tmp_path: Path) -> None:
    ref = po_file(tmp_path / "ref.po", (
        'msgid "one"\nmsgstr "uno"\n\n'
        'msgctxt "menu"\nmsgid "one"\nmsgstr "primero"\n\n'
        '#, fuzzy\nmsgid "two"\nmsgstr "dos"\n\n'
        'msgid "three"\nmsgstr ""\n\n'
        'msgid "only in ref"\nmsgstr "solo"\n\n'
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "archivo"\nmsgstr[1] "archivos"\n\n'
        'msgid "dir"\nmsgid_plural "dirs"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#~ msgid "old"\n#~ msgstr "viejo"\n'
    ))
    hyp = po_file(tmp_path / "hyp.po", (
        'msgctxt "menu"\nmsgid "one"\nmsgstr "primera"\n\n'
        'msgid "one"\nmsgstr "uno"\n\n'
        'msgid "two"\nmsgstr "dos"\n\n'
        'msgid "three"\nmsgstr "tres"\n\n'
        'msgid "only in hyp"\nmsgstr "aqui"\n\n'
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "fichero"\nmsgstr[1] "archivos"\n\n'
        'msgid "dir"\nmsgid_plural "dirs"\nmsgstr[0] "carpeta"\nmsgstr[1] "carpetas"\n\n'
        'msgid "old"\nmsgstr "viejo"\n'
    ))
    result = run_tarjama("score", str(hyp), "--ref", str(ref), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # menu/one, one, file[0], file[1]; "two" is fuzzy in ref, "three" untranslated in ref
    assert data["segments"] == 4
    # Counted per entry: the two untranslated forms of "dir" are one entry left out.
    assert data["left_out"]["counts"] == {"missing": 3, "untranslated": 2, "fuzzy": 1}
    untranslated = {(e["source"], e["form"]) for e in data["left_out"]["entries"]
                    if e["reason"] == "untranslated"}
    assert untranslated == {("three", None), ("dir", None)}
    missing = {(e["source"], e["path"], e["missing_from"]) for e in data["left_out"]["entries"]
               if e["reason"] == "missing"}
    assert missing == {("only in hyp", str(hyp), str(ref)), ("old", str(hyp), str(ref)),
                       ("only in ref", str(ref), str(hyp))}
    assert "left out: 3 only on one side, 2 untranslated, 1 fuzzy" in result.stderr
    assert f"{ref}:" in result.stderr and "not in" in result.stderr
    with_fuzzy = json.loads(run_tarjama("score", str(hyp), "--ref", str(ref), "--include-fuzzy",
                                        "--format", "json").stdout)
    assert with_fuzzy["segments"] == 5 and with_fuzzy["left_out"]["counts"]["fuzzy"] == 0


def test_pairing_joins_by_context_msgid_and_plural_form(tmp_path: Path) -> None:
    ref = read_po(po_file(tmp_path / "ref.po", (
        'msgctxt "a"\nmsgid "x"\nmsgstr "ref a"\n\nmsgctxt "b"\nmsgid "x"\nmsgstr "ref b"\n\n'
        'msgid "f"\nmsgid_plural "fs"\nmsgstr[0] "ref f0"\nmsgstr[1] "ref\\nf1"\n'
    )))
    hyp = read_po(po_file(tmp_path / "hyp.po", (
        'msgid "f"\nmsgid_plural "fs"\nmsgstr[0] "hyp f0"\nmsgstr[1] "hyp f1  "\n\n'
        'msgctxt "b"\nmsgid "x"\nmsgstr "hyp b"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "hyp a"\n'
    )))
    pairing = pair_catalogs(hyp, [ref])
    got = [(s.context, s.form, s.hypothesis, s.references, s.source) for s in pairing.segments]
    assert got == [
        (None, 0, "hyp f0", ("ref f0",), "f"),
        (None, 1, "hyp f1", ("ref f1",), "fs"),
        ("b", None, "hyp b", ("ref b",), "x"),
        ("a", None, "hyp a", ("ref a",), "x"),
    ]


def test_po_detected_by_content_without_extension(tmp_path: Path) -> None:
    ref = po_file(tmp_path / "reference", 'msgid "a"\nmsgstr "b c d"\n')
    hyp = write_lines(tmp_path / "hypothesis", ["b c d"])
    data = json.loads(run_tarjama("score", str(hyp), "--ref", str(ref), "--format", "json").stdout)
    assert data["segments"] == 1 and data["scores"][1]["score"] == 100.0


def test_library_corpus_scores_keep_signature() -> None:
    scores = corpus_scores(["a b c"], [["a b c"]], ScoreOptions(metrics=("ter", "bleu")))
    assert [s.key for s in scores] == ["bleu", "ter"]
    assert scores[1].line() == f"TER|{scores[1].signature} = 0.0"
    assert "tok:13a" in scores[0].signature and "nrefs:1" in scores[0].signature


def test_arabic_target_without_tokenizer_gets_a_hint(tmp_path: Path) -> None:
    body = 'msgid "hello, world"\nmsgstr "مرحبا، يا عالم"\n'
    ref = tmp_path / "ref.po"
    ref.write_text(HEADER.replace('"Plural', '"Language: ar\\n"\n"Plural') + body, encoding="utf-8")
    result = run_tarjama("score", str(ref), "--ref", str(ref))
    assert "--tokenize intl" in result.stderr
    quiet = run_tarjama("score", str(ref), "--ref", str(ref), "--tokenize", "intl")
    assert "--tokenize intl" not in quiet.stderr and "tok:intl" in quiet.stdout


# --- reading plain text as sacrebleu's command reads it -----------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\ufeff")))
def test_text_lines_read_as_sacrebleu_reads_them(tmp_path_factory: pytest.TempPathFactory,
                                                 text: str) -> None:
    from sacrebleu.utils import smart_open

    from tarjama.fileio import read_text

    path = tmp_path_factory.mktemp("lines") / "text.txt"
    path.write_bytes(text.replace("\n", "\r\n" if len(text) % 2 else "\n").encode("utf-8"))
    with smart_open(str(path)) as handle:  # type: ignore[no-untyped-call]
        theirs = [line.rstrip() for line in handle]
    assert text_lines(read_text(path)) == theirs


# --- bad input: one line, exit 2 ------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    three = write_lines(tmp_path / "three.txt", ["a", "b", "c"])
    two = write_lines(tmp_path / "two.txt", ["a", "b"])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = write_lines(tmp_path / "blank.txt", ["", "  "])
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"ok\ncaf\xe9\n")
    untranslated = po_file(tmp_path / "untranslated.po", 'msgid "a"\nmsgstr ""\n\n'
                           '#, fuzzy\nmsgid "b"\nmsgstr "B"\n')
    good_po = po_file(tmp_path / "good.po", 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr "B"\n')
    header_only = tmp_path / "header-only.po"
    header_only.write_text(HEADER, encoding="utf-8")
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "A"\nthis is not PO\n', encoding="utf-8")
    return {
        "line-counts": ([str(three), "--ref", str(two)],
                        "two.txt: has 2 lines but .*three.txt has 3"),
        "text-vs-po-counts": ([str(three), "--ref", str(good_po)],
                              "three.txt: has 3 lines but .*good.po has 2 scorable segments"),
        "missing-ref": ([str(three), "--ref", str(tmp_path / "nope.txt")],
                        "nope.txt: no such file"),
        "missing-hyp": ([str(tmp_path / "nope.po"), "--ref", str(three)], "nope.po: no such file"),
        "empty-file": ([str(empty), "--ref", str(three)], "empty.txt: empty file"),
        "blank-file": ([str(three), "--ref", str(blank)], "blank.txt: empty file"),
        "invalid-utf8": ([str(three), "--ref", str(latin1)], r"latin1.txt:2: invalid UTF-8"),
        "no-translated": ([str(good_po), "--ref", str(untranslated)],
                          r"untranslated.po: no translated entry to score "
                          r"\(1 untranslated, 1 fuzzy"),
        "header-only": ([str(good_po), "--ref", str(header_only)], "header-only.po: empty catalog"),
        "broken-po": ([str(broken), "--ref", str(good_po)], "broken.po:3: invalid PO"),
        "unknown-metric": ([str(three), "--ref", str(three), "--metrics", "bleu,meteor"],
                           "unknown metric meteor"),
        "chrf-conflict": ([str(three), "--ref", str(three), "--chrf++", "--chrf-word-order", "1"],
                          "--chrf\\+\\+ means --chrf-word-order 2"),
        "worst-zero": ([str(three), "--ref", str(three), "--worst", "0"],
                       "--worst needs a positive number"),
        "no-ref": ([str(three)], "--ref"),
    }


BAD_IDS = ["line-counts", "text-vs-po-counts", "missing-ref", "missing-hyp", "empty-file",
           "blank-file", "invalid-utf8", "no-translated", "header-only", "broken-po",
           "unknown-metric", "chrf-conflict", "worst-zero", "no-ref"]


@pytest.mark.parametrize("case", BAD_IDS)
def test_bad_input_one_line_exit_2(tmp_path: Path, case: str) -> None:
    args, pattern = _bad_inputs(tmp_path)[case]
    result = run_tarjama("score", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tarjama: error: ")
    assert re.search(pattern, lines[0]), lines[0]


def test_intl_tokenizer_ignores_arabic_punctuation_spacing(tmp_path: Path) -> None:
    """The README's advice for Arabic targets: a hypothesis that differs from its reference
    only by a space before ، and ؟ loses BLEU with 13a, nothing with intl."""
    refs = ["ما مستقبل التحالف الدولي في العراق؟",
            "تصاعدت التصريحات، وجاء هذا التصعيد بعد الهجمة؛ فهل تنسحب القوات؟"]
    ref = write_lines(tmp_path / "ref.txt", refs)
    hyp = write_lines(tmp_path / "hyp.txt", [re.sub("([،؛؟])", r" \1", line) for line in refs])
    data = {tok: json.loads(run_tarjama("score", str(hyp), "--ref", str(ref), "--tokenize", tok,
                                        "--format", "json").stdout)["scores"]
            for tok in ("13a", "intl")}
    assert data["13a"][0]["score"] < 90.0 and data["intl"][0]["formatted"] == "100.0"
    assert data["13a"][1]["formatted"] == data["intl"][1]["formatted"] == "100.0"  # chrF


@pytest.mark.parametrize("as_po", [False, True], ids=["text", "po"])
def test_hypothesis_from_standard_input(tmp_path: Path, as_po: bool) -> None:
    if as_po:
        ref = po_file(tmp_path / "ref.po", 'msgid "a"\nmsgstr "the same words"\n')
        stdin = ref.read_text(encoding="utf-8")
    else:
        ref = write_lines(tmp_path / "ref.txt", ["the same words"])
        stdin = "the same words\n"
    result = run_tarjama("score", "-", "--ref", str(ref), "--metrics", "chrf", "--format", "json",
                         input=stdin)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["segments"] == 1 and data["scores"][0]["formatted"] == "100.0"
    assert (data["per_segment"], data["hypothesis"]) == (None, "-")
