"""The translation memory on real pairs: edited sentences find their unit, scores fall with
the edits, exact is 100 and only exact; the index cache; lookup and memory build."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, Result, need_shared, run_tarjama
from tarjama.formats.po import new_header, write_po
from tarjama.languages import ARABIC_INDIC_DIGITS
from tarjama.memory import MatchKind, Memory, open_memory
from tarjama.memory.match import SCORERS, fold, grade
from tarjama.model import Catalog, Unit

FLORES = CORPUS / "parallel" / "flores200-devtest-ar-en"
TICO = CORPUS / "parallel" / "tico19-test-ar-en"
TMX = CORPUS / "tmx"


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test indexes into a cache of its own, never the user's."""
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def po_memory(path: Path, pairs: list[tuple[str, str]], source: str, target: str,
              contexts: list[str | None] | None = None) -> Path:
    """Write ``pairs`` as a translated PO catalog: a memory."""
    catalog = Catalog(header=new_header(source_lang=source, target_lang=target))
    for number, (src, tgt) in enumerate(pairs):
        context = contexts[number] if contexts else None
        catalog.units.append(Unit(source=src, target=tgt, context=context))
    write_po(catalog, path)
    return path


def parallel(folder: Path, source_name: str, target_name: str) -> list[tuple[str, str]]:
    need_shared(folder)
    sources = (folder / source_name).read_text(encoding="utf-8").splitlines()
    targets = (folder / target_name).read_text(encoding="utf-8").splitlines()
    assert len(sources) == len(targets)
    seen: set[str] = set()
    pairs = []
    for src, tgt in zip(sources, targets, strict=True):
        if src.strip() and tgt.strip() and src not in seen:
            seen.add(src)
            pairs.append((src.strip(), tgt.strip()))
    return pairs


@pytest.fixture(scope="module")
def flores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Memory,
                                                                      list[tuple[str, str]]]]:
    pairs = parallel(FLORES, "arb_Arab.devtest", "eng_Latn.devtest")
    folder = tmp_path_factory.mktemp("flores")
    memory_po = po_memory(folder / "flores.ar-en.po", pairs, "ar", "en")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TARJAMA_CACHE_DIR", str(folder / "cache"))
        memory = open_memory([str(memory_po)])
    with memory:
        yield memory, pairs


def _edit(words: list[str], rng: random.Random, how: str, fillers: list[str],
          position: int | None = None) -> list[str]:
    """One word inserted, removed or replaced (by a word that differs from it)."""
    words = list(words)
    if position is None:
        position = rng.randrange(1, len(words) - 1)
    if how == "insert":
        words.insert(position, rng.choice(fillers))
    elif how == "remove":
        del words[position]
    else:
        words[position] = rng.choice([f for f in fillers if f != words[position]])
    return words


def _sample(pairs: list[tuple[str, str]], count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    long_enough = [pair for pair in pairs if 14 <= len(pair[0].split()) <= 40]
    return rng.sample(long_enough, count)


@pytest.mark.corpus
@pytest.mark.parametrize("how", ["insert", "remove", "replace"])
def test_edited_arabic_sentences_find_their_unit_and_score_falls(
    flores: tuple[Memory, list[tuple[str, str]]], how: str
) -> None:
    memory, pairs = flores
    rng = random.Random(how)
    fillers = ["جديدة", "أيضا", "المتحدة", "كبير", "الحكومة", "قد"]
    for source, target in _sample(pairs, 25, seed=7):
        words = source.split()
        scores = []
        # Replacements go to three different words, so that each edit is a new one.
        places = sorted(rng.sample(range(1, len(words) - 3), 3), reverse=True)
        for place in places:
            words = _edit(words, rng, how, fillers, place)
            matches = memory.lookup(" ".join(words), limit=3)
            assert matches, f"nothing found for an edit of {source!r}"
            best = matches[0]
            assert (best.unit.source, best.unit.target) == (source, target)
            assert best.kind is MatchKind.FUZZY
            scores.append(best.score)
        assert 60 < scores[2] < scores[1] < scores[0] <= 98, (source, scores)


@pytest.mark.corpus
def test_exact_is_100_and_only_exact(flores: tuple[Memory, list[tuple[str, str]]]) -> None:
    memory, pairs = flores
    for source, target in _sample(pairs, 40, seed=3):
        best = memory.lookup(source, limit=2)
        assert best[0].score == 100 and best[0].kind is MatchKind.EXACT
        assert best[0].unit.target == target
        assert all(match.score < 100 for match in best[1:])
        # One character more is no longer exact, however long the sentence.
        for near in (source + " ", source[:-1], source.replace(" ", "  ", 1), "و" + source):
            found = memory.lookup(near, limit=1)
            assert found and found[0].score < 100


@pytest.mark.corpus
def test_digits_in_the_other_script_are_99(flores: tuple[Memory, list[tuple[str, str]]]) -> None:
    memory, pairs = flores
    with_digits = [pair for pair in pairs if any(ch in "0123456789" for ch in pair[0])][:20]
    assert len(with_digits) == 20
    indic = str.maketrans("0123456789", ARABIC_INDIC_DIGITS)
    for source, target in with_digits:
        matches = memory.lookup(source.translate(indic), limit=1)
        assert matches[0].unit.target == target
        assert (matches[0].score, matches[0].kind) == (99.0, MatchKind.FOLDED)


@pytest.mark.corpus
def test_folding_diacritics_tatweel_alef_and_spaces(
    flores: tuple[Memory, list[tuple[str, str]]]
) -> None:
    memory, pairs = flores
    source, target = next(p for p in pairs if "أ" in p[0] and len(p[0].split()) > 10)
    variants = [
        source.replace("أ", "ا"),  # hamza on alef left out, as people type
        source.replace(" ", "  "),
        source.replace("ل", "ـل", 2),  # tatweel
        source.replace("ب", "بَ", 2),  # a fatha
    ]
    for variant in variants:
        best = memory.lookup(variant, limit=1)[0]
        assert (best.unit.target, best.score, best.kind) == (target, 99.0, MatchKind.FOLDED)
        assert best.unit.source == source  # the stored text is exact, not folded


@pytest.mark.corpus
def test_english_source_memory_from_tico(tmp_path: Path) -> None:
    pairs = parallel(TICO, "tico19-test.en", "tico19-test.ar")
    memory_po = po_memory(tmp_path / "tico.en-ar.po", pairs, "en", "ar")
    rng = random.Random(5)
    with open_memory([str(memory_po)]) as memory:
        for source, target in _sample(pairs, 20, seed=11):
            words = _edit(source.split(), rng, "replace", ["new", "several", "the"])
            best = memory.lookup(" ".join(words), limit=1)[0]
            assert best.unit.target == target and 70 < best.score < 99


@pytest.mark.corpus
def test_tmx_memory_from_omegat_corpus(tmp_path: Path) -> None:
    path = need_shared(TMX / "omegat-l10n-ar_3.1_aligned.tmx")
    with open_memory([str(path)]) as memory:
        assert (memory.pair.source, memory.pair.target) == ("en", "ar")
        assert memory.size > 1000
        best = memory.lookup("The text could not be translated", limit=1)[0]
        assert best.score == 100 and best.unit.target == "تعذرت ترجمة النص"
        near = memory.lookup("The text could not be translated now", limit=1)[0]
        assert near.unit.source == "The text could not be translated" and near.score < 99
        assert memory.concordance("could not be", limit=50)
        assert all("could not be" in unit.source.lower()
                   for unit in memory.concordance("could not be", limit=50))


# --- scoring -----------------------------------------------------------------------------------

GRADES = [
    ("identical", "قال الوزير", "قال الوزير", None, None, 100.0, MatchKind.EXACT),
    ("memory without context", "Open", "Open", "menu", None, 100.0, MatchKind.EXACT),
    ("other context", "Open", "Open", "menu", "button", 99.0, MatchKind.CONTEXT),
    ("digits", "في عام ٢٠٢٤", "في عام 2024", None, None, 99.0, MatchKind.FOLDED),
    ("tatweel", "قـال الوزير", "قال الوزير", None, None, 99.0, MatchKind.FOLDED),
    ("case", "open file", "Open file", None, None, 99.0, MatchKind.FOLDED),
]


@pytest.mark.parametrize(("query", "source", "qctx", "mctx", "score", "kind"),
                         [case[1:] for case in GRADES], ids=[case[0] for case in GRADES])
def test_grade_table(query: str, source: str, qctx: str | None, mctx: str | None,
                     score: float, kind: MatchKind) -> None:
    graded = grade(query, fold(query), qctx, source, fold(source), mctx)
    assert graded is not None and (graded.score, graded.kind) == (score, kind)


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scorers_share_rapidfuzz_signature(name: str) -> None:
    scorer = SCORERS[name]
    a, b = fold("أعلنت الحكومة خطة جديدة"), fold("أعلنت الحكومة خطة قديمة")
    assert scorer(a, a) == 100.0
    assert 0 < scorer(a, b) < 100
    assert scorer(a, b, score_cutoff=99.9) == 0.0
    assert scorer(a, b) == scorer(b, a)


def test_fuzzy_never_reaches_99() -> None:
    graded = grade("ab", "ab", None, "ab.", "ab.", None, SCORERS["char"])
    assert graded is not None and graded.score <= 98 and graded.kind is MatchKind.FUZZY


# --- the index cache and bad input ---------------------------------------------------------------


def small_memory(path: Path, source: str = "ar", target: str = "en") -> Path:
    return po_memory(path, [
        ("أعلنت الحكومة خطة جديدة للتعليم.", "The government announced a new education plan."),
        ("رفض البرلمان مشروع القانون.", "Parliament rejected the draft law."),
        ("فتح", "Open"),
        ("فتح", "Opening"),
    ], source, target, contexts=[None, None, "menu", "headline"])


def _cached(name: str) -> list[Path]:
    return sorted(Path(os.environ["TARJAMA_CACHE_DIR"]).glob(f"{name}.*.tjmi"))


def test_cached_index_is_reused_and_rebuilt_when_the_memory_changes(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    first = run_tarjama("lookup", "رفض البرلمان مشروع القانون.", "-m", str(memory_po))
    assert first.exit_code == 0 and "Parliament rejected the draft law." in first.stdout
    [cached] = _cached("m.po")
    built = cached.stat().st_mtime_ns
    again = run_tarjama("lookup", "رفض البرلمان مشروع القانون.", "-m", str(memory_po))
    assert again.exit_code == 0 and cached.stat().st_mtime_ns == built
    po_memory(memory_po, [("رفض البرلمان مشروع القانون.", "MPs threw out the bill.")], "ar", "en")
    changed = run_tarjama("lookup", "رفض البرلمان مشروع القانون.", "-m", str(memory_po))
    assert "MPs threw out the bill." in changed.stdout
    assert "Parliament" not in changed.stdout
    assert cached.stat().st_mtime_ns != built


def test_damaged_cached_index_is_rebuilt(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    assert run_tarjama("memory", "build", str(memory_po)).exit_code == 0
    [cached] = _cached("m.po")
    cached.write_bytes(cached.read_bytes()[:3000])
    result = run_tarjama("lookup", "رفض البرلمان مشروع القانون.", "-m", str(memory_po))
    assert result.exit_code == 0, result.stderr
    assert "rebuilding" in result.stderr and "Parliament rejected" in result.stdout
    assert run_tarjama("lookup", "فتح", "-m", str(memory_po)).stderr == ""


def _error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("tarjama: error: "), result.stderr
    return lines[0]


def test_explicit_index_build_and_use(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    index = tmp_path / "m.tjmi"
    built = run_tarjama("memory", "build", str(memory_po), "-o", str(index))
    assert built.exit_code == 0 and "4 units" in built.stdout and "ar -> en" in built.stdout
    result = run_tarjama("lookup", "أعلنت الحكومة خطة جديدة للصحة.", "-m", str(index),
                         "--format", "json")
    payload = json.loads(result.stdout)
    best = payload["results"][0]
    assert best["target"] == "The government announced a new education plan."
    assert best["kind"] == "fuzzy" and 60 < best["score"] < 99
    assert best["memory"] == str(memory_po)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other-sqlite"])
def test_corrupt_explicit_index_exit_2_nothing_written(tmp_path: Path, damage: str) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    index = tmp_path / "m.tjmi"
    assert run_tarjama("memory", "build", str(memory_po), "-o", str(index)).exit_code == 0
    if damage == "truncate":
        index.write_bytes(index.read_bytes()[:5000])
    elif damage == "garbage":
        index.write_bytes(b"SQLite format 3\x00" + b"\x17" * 5000)
    else:
        index.unlink()
        sqlite3.connect(index).execute("CREATE TABLE t(x)").connection.commit()
    template = tmp_path / "t.pot"
    template.write_text('msgid ""\nmsgstr ""\n"X-Source-Language: ar\\n"\n\n'
                        'msgid "فتح"\nmsgstr ""\n', encoding="utf-8")
    out = tmp_path / "out.po"
    out.write_text("keep me", encoding="utf-8")
    result = run_tarjama("pretranslate", str(template), "-m", str(index), "-o", str(out))
    line = _error_line(result)
    assert str(index) in line and ("index" in line or "database" in line)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_memory_in_another_language_pair_exit_2(tmp_path: Path) -> None:
    good = small_memory(tmp_path / "ar-en.po")
    bad = small_memory(tmp_path / "ar-fr.po", "ar", "fr")
    result = run_tarjama("lookup", "فتح", "-m", str(good), "-m", str(bad))
    line = _error_line(result)
    assert "ar-fr.po" in line and "another language pair" in line


@pytest.mark.corpus
def test_tmx_without_the_wanted_language_exit_2(tmp_path: Path) -> None:
    tmx = need_shared(TMX / "omegat-l10n-ar_3.1_aligned.tmx")
    result = run_tarjama("lookup", "Open", "-m", str(tmx), "--source-lang", "fr",
                         "--target-lang", "ar")
    line = _error_line(result)
    assert "omegat-l10n-ar_3.1_aligned.tmx" in line


def test_empty_memory_exit_2(tmp_path: Path) -> None:
    empty = po_memory(tmp_path / "empty.po", [("نص", "")], "ar", "en")
    result = run_tarjama("lookup", "نص", "-m", str(empty))
    line = _error_line(result)
    assert "empty.po" in line and "empty memory" in line
    built = run_tarjama("memory", "build", str(empty), "-o", str(tmp_path / "e.tjmi"))
    assert "empty memory" in _error_line(built)
    assert not (tmp_path / "e.tjmi").exists()
    template = small_memory(tmp_path / "t.po")
    out = tmp_path / "out.po"
    out.write_text("keep me", encoding="utf-8")
    filled = run_tarjama("pretranslate", str(template), "-m", str(empty), "-o", str(out))
    assert "empty memory" in _error_line(filled)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_lookup_text_output_shows_score_and_changes(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    result = run_tarjama("lookup", "أعلنت الحكومة خطة قديمة للتعليم.", "-m", str(memory_po))
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("1. ") and "% fuzzy" in first and "m.po" in first
    assert "[-جديدة-] {+قديمة+}" in result.stdout


def test_lookup_context_prefers_its_own_translation(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    for context, expected in (("menu", "Open"), ("headline", "Opening")):
        result = run_tarjama("lookup", "فتح", "-m", str(memory_po), "--context", context,
                             "--format", "json")
        results = json.loads(result.stdout)["results"]
        assert (results[0]["target"], results[0]["score"]) == (expected, 100.0)
        assert results[1]["kind"] == "context" and results[1]["score"] == 99.0


def test_concordance_finds_a_word_inside_units(tmp_path: Path) -> None:
    memory_po = small_memory(tmp_path / "m.po")
    result = run_tarjama("lookup", "مشروع", "--concordance", "-m", str(memory_po),
                         "--format", "json")
    targets = [hit["target"] for hit in json.loads(result.stdout)["results"]]
    assert targets == ["Parliament rejected the draft law."]
    missing = run_tarjama("lookup", "غير موجود", "--concordance", "-m", str(memory_po))
    assert missing.exit_code == 0 and missing.stdout == "" and "not found" in missing.stderr


@pytest.mark.corpus
def test_tmx_read_in_either_direction(tmp_path: Path) -> None:
    tmx = need_shared(TMX / "omegat-l10n-ar_3.1_aligned.tmx")
    forward = run_tarjama("lookup", "The text could not be translated", "-m", str(tmx),
                          "--format", "json")
    assert json.loads(forward.stdout)["results"][0]["target"] == "تعذرت ترجمة النص"
    backward = run_tarjama("lookup", "تعذرت ترجمة النص", "-m", str(tmx), "--source-lang", "ar",
                           "--target-lang", "en", "--format", "json")
    assert backward.exit_code == 0, backward.stderr
    best = json.loads(backward.stdout)["results"][0]
    assert (best["target"], best["score"]) == ("The text could not be translated", 100.0)
    assert len(_cached(tmx.name)) == 1  # one cache entry per file, rebuilt for the new pair


def test_unwritable_cache_indexes_in_memory(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(blocker / "cache"))
    memory_po = small_memory(tmp_path / "m.po")
    result = run_tarjama("lookup", "رفض البرلمان مشروع القانون.", "-m", str(memory_po))
    assert result.exit_code == 0 and "Parliament rejected the draft law." in result.stdout
    assert "indexing it in memory" in result.stderr
