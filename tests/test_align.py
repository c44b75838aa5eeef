"""Sentence alignment: name skeletons, the banded dynamic program against a naive full one,
link coverage, the scorer, the PO/links/TSV outputs and every bad-input path of the command."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Result, need_tool
from tarjama.align import GALE_CHURCH_MOVES, Link, align, gale_church
from tarjama.align.costs import Features, folded_words, length_cost, lexicon_tokens
from tarjama.align.dp import Model, align_path
from tarjama.align.evaluate import Pair, score
from tarjama.align.lexicon import Lexicon, learn_lexicon, read_lexicon, stem
from tarjama.align.translit import arabic_word_skeletons, latin_skeleton
from tarjama.errors import FormatError
from tarjama.formats.po import read_po

# --- transliteration ---------------------------------------------------------------------------

NAME_CASES = [
    ("patrick", "باتريك", "Patrick"),
    ("ryder", "رايدر", "Ryder"),
    ("pentagon-with-article", "البنتاغون", "Pentagon"),
    ("sudani-with-article", "السوداني", "Sudani"),
    ("dalhousie-zain-for-s", "دالهوزي", "Dalhousie"),
    ("halifax-x", "هاليفاكس", "Halifax"),
    ("gingrich-tsh", "جينجريتش", "Gingrich"),
    ("santorum", "سانتوروم", "Santorum"),
]


@pytest.mark.parametrize(("arabic", "latin"), [c[1:] for c in NAME_CASES],
                         ids=[c[0] for c in NAME_CASES])
def test_name_skeletons_meet(arabic: str, latin: str) -> None:
    assert latin_skeleton(latin) in arabic_word_skeletons(arabic)


@pytest.mark.parametrize(("arabic", "latin"), [("باتريك", "Baghdad"), ("رايدر", "Reuters"),
                                               ("السوداني", "Syria")],
                         ids=["patrick-baghdad", "ryder-reuters", "sudani-syria"])
def test_different_names_do_not_meet(arabic: str, latin: str) -> None:
    assert latin_skeleton(latin) not in arabic_word_skeletons(arabic)


# --- the dynamic program against a naive full one -------------------------------------------


def _naive_cost(src: Sequence[float], tgt: Sequence[float], model: Model) -> float:
    """The cheapest alignment cost over every cell (no band), length model only."""
    n, m = len(src), len(tgt)
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for move in model.moves:
                a, b = move.source, move.target
                if (a, b) == (0, 0) or a > i or b > j:
                    continue
                before = best[i - a][j - b]
                if before == math.inf:
                    continue
                ls, lt = sum(src[i - a:i]), sum(tgt[j - b:j])
                if a and b:
                    step = float(length_cost(ls, _array(lt), model.ratio, model.variance)[0])
                else:
                    step = model.skip_cost
                best[i][j] = min(best[i][j], before + step + move.prior)
    return best[n][m]


def _array(value: float) -> npt.NDArray[np.float64]:
    return np.array([value], dtype=np.float64)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(5, 200), min_size=1, max_size=14),
    st.lists(st.integers(5, 200), min_size=1, max_size=14),
    st.integers(1, 6),
)
def test_banded_path_against_the_full_dynamic_program(
    src: list[int], tgt: list[int], half_width: int
) -> None:
    model = Model((*GALE_CHURCH_MOVES,), ratio=1.1, skip_cost=4.0, lexical_weight=0.0,
                  orphan_cost=0.0)
    feats_src = [Features(float(x), {}) for x in src]
    feats_tgt = [Features(float(x), {}) for x in tgt]
    naive = _naive_cost(src, tgt, model)
    # A band as wide as the target finds exactly the optimum...
    full = align_path(feats_src, feats_tgt, model, half_width=len(tgt) + 1)
    assert sum(step.cost for step in full.steps) == pytest.approx(naive, rel=1e-9, abs=1e-9)
    # ... and a narrow one a complete path, never cheaper than the optimum.
    narrow = align_path(feats_src, feats_tgt, model, half_width=half_width)
    assert narrow.steps[-1].source_end == len(src) and narrow.steps[-1].target_end == len(tgt)
    assert sum(step.cost for step in narrow.steps) >= naive - 1e-9


# --- links ---------------------------------------------------------------------------------------


def _covers_in_order(links: Sequence[Link], n: int, m: int) -> bool:
    src = [i for link in links for i in link.source_indices]
    tgt = [k for link in links for k in link.target_indices]
    return src == list(range(n)) and tgt == list(range(m))


_WORDS = ["قال", "الرئيس", "إن", "الحكومة", "ستعمل", "على", "2024", "بغداد", "واشنطن", "F-16"]
_ENGLISH = ["the", "president", "said", "government", "will", "work", "2024", "Baghdad",
            "Washington", "F-16"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=12), max_size=25),
       st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=12), max_size=25))
def test_links_cover_every_segment_once_in_order(src: list[list[int]],
                                                  tgt: list[list[int]]) -> None:
    source = [" ".join(_WORDS[k] for k in words) + "." for words in src]
    target = [" ".join(_ENGLISH[k] for k in words) + "." for words in tgt]
    links = align(source, target, source_lang="ar", target_lang="en")
    assert _covers_in_order(links, len(source), len(target))
    assert all(0.0 <= link.confidence <= 1.0 for link in links)
    assert _covers_in_order(gale_church(source, target), len(source), len(target))


def test_link_contract_format() -> None:
    links = [Link((0,), (0, 1), 0.9), Link((1, 2), (), 0.3), Link((), (2,), 0.3)]
    assert [link.as_contract() for link in links] == ["[0]:[0,1]", "[1,2]:[]", "[]:[2]"]
    assert [link.kind for link in links] == ["1-2", "2-0", "0-1"]


# --- the scorer (Vecalign's definitions) -------------------------------------------------------

GOLD: list[Pair] = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]


@pytest.mark.parametrize(
    ("test", "strict", "lax"),
    [
        (GOLD, (1.0, 1.0), (1.0, 1.0)),
        # 1-2 found as 1-1 plus 0-1: the 1-1 overlaps the gold (lax), the 0-1 does not.
        ([((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))],
         (3 / 5, 2 / 3), (4 / 5, 1.0)),
        # everything shifted: nothing strict, nothing lax.
        ([((0,), (1,)), ((1,), (3,)), ((2, 3), (0,))], (0.0, 0.0), (0.0, 0.0)),
    ],
    ids=["perfect", "split-and-deletion", "wrong"],
)
def test_scorer_strict_and_lax(test: list[Pair], strict: tuple[float, float],
                               lax: tuple[float, float]) -> None:
    result = score([GOLD], [test])
    assert (result.precision_strict, result.recall_strict) == pytest.approx(strict)
    assert (result.precision_lax, result.recall_lax) == pytest.approx(lax)


# --- lexicons ------------------------------------------------------------------------------------


def test_lexicon_csv_header_phrases_and_words(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("source,target,note\nالحشد الشعبي,PMF,x\nالبنتاغون,Pentagon\n",
                    encoding="utf-8")
    lexicon = read_lexicon(path, "ar", "en")
    assert lexicon.phrases == [("الحشد الشعبي", "pmf")]
    assert len(lexicon.words) == 1
    # The entries match inflected and cliticised forms on both sides.
    src = lexicon_tokens(folded_words("وقال البنتاغون إن والحشد الشعبي"), "ar", lexicon,
                         "source")
    tgt = lexicon_tokens(folded_words("The Pentagon said the PMF"), "en", lexicon, "target",
                         frozenset(t for ts in lexicon.words.values() for t in ts))
    assert set(src) == set(tgt) and len(src) == 2


def test_lexicon_row_with_one_field_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("بغداد,Baghdad\nواشنطن\n", encoding="utf-8")
    with pytest.raises(FormatError, match="two fields") as caught:
        read_lexicon(path, "ar", "en")
    assert caught.value.line == 2


def test_learned_lexicon_pairs_words_that_keep_co_occurring() -> None:
    pairs = [("وصل الوفد إلى بغداد", "The delegation reached Baghdad"),
             ("غادر الوفد بغداد", "The delegation left Baghdad"),
             ("الوفد يصل اليوم", "The delegation arrives today")]
    learned = learn_lexicon(pairs, "ar", "en")
    assert sorted(t for ts in learned.words.values() for t in ts) == ["baghdad", "delegation"]
    assert learned.words[stem("الوفد", "ar")] == {"delegation"}


def test_lexicon_anchor_decides_what_lengths_cannot() -> None:
    # Two equally long candidates: only the glossary says which one translates the source.
    source = ["ذهب الوفد إلى المدينة الكبيرة صباحاً."]
    target = ["The committee met the mayor at noon.", "The envoys went to the big city."]
    lexicon = Lexicon("ar", "en")
    lexicon.add("الوفد", "envoys")
    links = align(source, target, source_lang="ar", target_lang="en", lexicon=lexicon,
                  second_pass=False)
    assert [(link.source_indices, link.target_indices) for link in links] == [
        ((), (0,)), ((0,), (1,))]


# --- the command ---------------------------------------------------------------------------------

ARABIC = [
    "قال المتحدث باسم البنتاغون باتريك رايدر إن القوات ستبقى في العراق.",
    "وأضاف أن عدد الجنود يبلغ 2500 جندي.",
    "هل سيبقى التحالف الدولي؟",
    "لم يرد أي تعليق من بغداد حتى الآن.",
    "وقال رايدر إن طائرات F-16 شاركت في العملية.",
]
ENGLISH = [
    "Pentagon spokesman Patrick Ryder said the troops would remain in Iraq.",
    "He added that there are 2,500 soldiers.",
    "Will the international coalition stay?",
    "Ryder said F-16 aircraft took part in the operation.",
]


def _write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "doc.ar.txt", ARABIC), _write(tmp_path / "doc.en.txt", ENGLISH)


def test_links_format_leaves_the_untranslated_sentence_alone(
    tarjama: Callable[..., Result], pair: tuple[Path, Path]
) -> None:
    result = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                     "--target-lang", "en", "--presegmented", "--format", "links")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[]", "[4]:[3]"]
    assert "4 1-1" in result.stderr and "1 1-0" in result.stderr


def test_po_output_untranslated_entry_references_header(
    tarjama: Callable[..., Result], pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.po"
    result = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                     "--target-lang", "en", "--presegmented", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    catalog = read_po(out)
    assert catalog.header["Language"] == "en"
    assert catalog.header["X-Source-Language"] == "ar"
    assert [unit.source for unit in catalog] == ARABIC
    assert [unit.target for unit in catalog] == [*ENGLISH[:3], "", ENGLISH[3]]
    assert catalog.units[3].status.value == "untranslated"
    assert catalog.units[1].references == [(str(pair[0]), "2")]
    need_tool("msgfmt")
    import subprocess

    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], check=True)


def test_target_sentence_without_source_goes_into_a_comment(
    tarjama: Callable[..., Result], tmp_path: Path
) -> None:
    extra = "This sentence has no counterpart in the Arabic text at all, none whatsoever."
    src = _write(tmp_path / "a.txt", ARABIC[:3])
    tgt = _write(tmp_path / "e.txt", [ENGLISH[0], extra, *ENGLISH[1:3]])
    out = tmp_path / "out.po"
    result = tarjama("align", str(src), str(tgt), "--source-lang", "ar", "--target-lang", "en",
                     "--presegmented", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    catalog = read_po(out)
    assert [unit.target for unit in catalog] == ENGLISH[:3]
    assert extra in catalog.units[0].translator_notes
    assert "1 target sentences without a source" in result.stderr
    assert f"{tgt}:2" in catalog.units[0].translator_notes


def test_low_confidence_links_are_fuzzy_with_their_score(
    tarjama: Callable[..., Result], pair: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.po"
    strict = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                     "--target-lang", "en", "--presegmented", "--min-confidence", "0.9999",
                     "-o", str(out))
    assert strict.exit_code == 0
    catalog = read_po(out)
    fuzzy = [unit for unit in catalog if unit.fuzzy]
    assert fuzzy and all("confidence 0." in unit.translator_notes for unit in fuzzy)
    assert f"{len(fuzzy)} fuzzy" in strict.stderr
    lenient = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                      "--target-lang", "en", "--presegmented", "--min-confidence", "0")
    assert "#, fuzzy" not in lenient.stdout.split("msgid", 2)[2]


def test_tsv_has_source_target_confidence(tarjama: Callable[..., Result],
                                          pair: tuple[Path, Path]) -> None:
    result = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                     "--target-lang", "en", "--presegmented", "--format", "tsv")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][:2] == [ARABIC[0], ENGLISH[0]]
    assert rows[3][:2] == [ARABIC[3], ""]
    assert all(0.0 <= float(row[2]) <= 1.0 for row in rows)


def test_recurring_source_sentence_is_one_entry_with_two_references(
    tarjama: Callable[..., Result], tmp_path: Path
) -> None:
    src = _write(tmp_path / "a.txt", [ARABIC[2], ARABIC[0], ARABIC[2]])
    tgt = _write(tmp_path / "e.txt", [ENGLISH[2], ENGLISH[0], ENGLISH[2]])
    result = tarjama("align", str(src), str(tgt), "--source-lang", "ar", "--target-lang", "en",
                     "--presegmented")
    out = tmp_path / "out.po"
    out.write_text(result.stdout, encoding="utf-8")
    catalog = read_po(out)
    assert [unit.source for unit in catalog] == [ARABIC[2], ARABIC[0]]
    assert catalog.units[0].references == [(str(src), "1"), (str(src), "3")]
    assert catalog.units[0].target == ENGLISH[2] and not catalog.units[0].fuzzy


def test_segmented_documents_keep_positions_in_notes(
    tarjama: Callable[..., Result], tmp_path: Path
) -> None:
    src = tmp_path / "a.txt"
    src.write_text(" ".join(ARABIC[:2]) + "\n\n" + " ".join(ARABIC[2:4]) + "\n", "utf-8")
    tgt = tmp_path / "e.txt"
    tgt.write_text(" ".join(ENGLISH[:2]) + "\n\n" + ENGLISH[2] + " Nothing came from Baghdad "
                   "so far.\n", "utf-8")
    out = tmp_path / "out.po"
    result = tarjama("align", str(src), str(tgt), "--source-lang", "ar", "--target-lang", "en",
                     "-o", str(out))
    assert result.exit_code == 0, result.stderr
    catalog = read_po(out)
    assert [unit.source for unit in catalog] == ARABIC[:4]
    assert [unit.extracted_notes for unit in catalog] == [
        "paragraph 1, sentence 1", "paragraph 1, sentence 2", "paragraph 2, sentence 1",
        "paragraph 2, sentence 2"]
    assert [unit.references for unit in catalog] == [[(str(src), "1")]] * 2 + [
        [(str(src), "3")]] * 2


# --- bad input -----------------------------------------------------------------------------------


def _one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tarjama: error: ")
    return lines[0]


def test_empty_source_is_unusable(tarjama: Callable[..., Result], tmp_path: Path,
                                  pair: tuple[Path, Path]) -> None:
    empty = _write(tmp_path / "empty.txt", [""])
    result = tarjama("align", str(empty), str(pair[1]), "--source-lang", "ar", "--target-lang",
                     "en", "--presegmented")
    assert result.exit_code == 2
    assert "no text to align" in _one_error_line(result)


def test_empty_target_leaves_every_entry_untranslated(
    tarjama: Callable[..., Result], tmp_path: Path, pair: tuple[Path, Path]
) -> None:
    empty = _write(tmp_path / "empty.txt", [""])
    result = tarjama("align", str(pair[0]), str(empty), "--source-lang", "ar", "--target-lang",
                     "en", "--presegmented")
    assert result.exit_code == 0
    assert "target document is empty" in result.stderr
    assert result.stdout.count('msgstr ""') == len(ARABIC) + 1  # and the header


@pytest.mark.parametrize(
    ("swap", "message"),
    [(True, "swapped"), (False, "declared ar but is mostly in Latin script")],
    ids=["files-swapped", "english-declared-arabic"],
)
def test_mismatched_languages_exit_2(tarjama: Callable[..., Result], pair: tuple[Path, Path],
                                     swap: bool, message: str) -> None:
    source, target = (pair[1], pair[0]) if swap else (pair[1], pair[1])
    result = tarjama("align", str(source), str(target), "--source-lang", "ar", "--target-lang",
                     "en", "--presegmented")
    assert result.exit_code == 2
    assert message in _one_error_line(result)


def test_wildly_different_lengths_warn_and_still_align(
    tarjama: Callable[..., Result], tmp_path: Path
) -> None:
    rng = random.Random(3)
    src = _write(tmp_path / "a.txt", [rng.choice(ARABIC) for _ in range(60)])
    tgt = _write(tmp_path / "e.txt", ENGLISH[:2])
    result = tarjama("align", str(src), str(tgt), "--source-lang", "ar", "--target-lang", "en",
                     "--presegmented", "--format", "links")
    assert result.exit_code == 0
    assert "differ widely in length" in result.stderr
    links = result.stdout.splitlines()
    assert sum(1 for line in links if not line.startswith("[]")) >= 58


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--min-confidence", "2"], "min-confidence"), (["--format", "xml"], "format"),
     (["--source-lang", "zz-!!"], "language")],
    ids=["confidence-range", "format", "language"],
)
def test_bad_options_exit_2(tarjama: Callable[..., Result], pair: tuple[Path, Path],
                            args: list[str], message: str) -> None:
    base = {"--source-lang": "ar", "--target-lang": "en"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    flat = [item for key, value in base.items() for item in (key, value)]
    result = tarjama("align", str(pair[0]), str(pair[1]), *flat)
    assert result.exit_code == 2
    assert message in _one_error_line(result).lower()


def test_output_never_overwrites_an_input(tarjama: Callable[..., Result],
                                          pair: tuple[Path, Path]) -> None:
    before = pair[1].read_bytes()
    result = tarjama("align", str(pair[0]), str(pair[1]), "--source-lang", "ar",
                     "--target-lang", "en", "-o", str(pair[1]))
    assert result.exit_code == 2
    assert pair[1].read_bytes() == before


def test_missing_file_exit_2(tarjama: Callable[..., Result], pair: tuple[Path, Path],
                             tmp_path: Path) -> None:
    result = tarjama("align", str(pair[0]), str(tmp_path / "nope.txt"), "--source-lang", "ar",
                     "--target-lang", "en")
    assert result.exit_code == 2
    assert "no such file" in _one_error_line(result)


def test_numbers_anchor_across_digit_systems() -> None:
    # Same lengths, so only the number (written with Arabic-Indic digits) decides.
    source = ["وصل عدد الجنود إلى ٢٥٠٠ جندي في القاعدة."]
    target = ["The base now hosts 1,200 soldiers.", "The base now hosts 2,500 soldiers."]
    links = align(source, target, source_lang="ar", target_lang="en", second_pass=False)
    assert [(link.source_indices, link.target_indices) for link in links] == [
        ((), (0,)), ((0,), (1,))]


def test_library_warns_when_a_document_is_in_the_wrong_script() -> None:
    english = ["This is plainly an English sentence, not an Arabic one."] * 3
    with pytest.warns(UserWarning, match="declared ar but is mostly in Latin script"):
        links = align(english, english, source_lang="ar", target_lang="en")
    assert _covers_in_order(links, 3, 3)


def test_one_empty_side_gives_unmatched_links() -> None:
    links = align(["جملة واحدة."], [], source_lang="ar", target_lang="en")
    assert [(link.kind, link.confidence) for link in links] == [("1-0", 0.0)]
    assert align([], [], source_lang="ar", target_lang="en") == []


def test_leading_target_sentence_without_source_goes_to_the_first_entry(
    tarjama: Callable[..., Result], tmp_path: Path
) -> None:
    extra = "An editor's note that the Arabic original never had, placed before the text."
    src = _write(tmp_path / "a.txt", ARABIC[:3])
    tgt = _write(tmp_path / "e.txt", [extra, *ENGLISH[:3]])
    out = tmp_path / "out.po"
    result = tarjama("align", str(src), str(tgt), "--source-lang", "ar", "--target-lang", "en",
                     "--presegmented", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    catalog = read_po(out)
    assert [unit.target for unit in catalog] == ENGLISH[:3]
    assert extra in catalog.units[0].translator_notes


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=12), st.lists(st.text(max_size=60), max_size=12))
def test_any_text_aligns_without_crashing(source: list[str], target: list[str]) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # random text is in any script
        links = align(source, target, source_lang="ar", target_lang="en")
    assert _covers_in_order(links, len(source), len(target))
