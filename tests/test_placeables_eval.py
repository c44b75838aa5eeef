"""Placeable matches measured on real sentences (FLORES-200 and TICO-19, Arabic -> English):
number edits in three digit systems, placeholder and tag edits, type changes never
substituted, no substitution where the placeables are not one to one, and word edits scored
as before. benchmarks/bench_placeables.py gives the full figures and translate-toolkit's."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import need_shared
from placeable_eval import (
    FLORES,
    TICO,
    Case,
    Tally,
    decorated_cases,
    family,
    judge,
    number_cases,
    parallel_pairs,
)
from tarjama.formats.po import new_header, write_po
from tarjama.memory import MatchKind, Memory, open_memory
from tarjama.memory.match import FUZZY_CEILING, blend_similarity, fold
from tarjama.model import Catalog, Unit


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Memory, list[Case],
                                                                          list[tuple[str, str]]]]:
    need_shared(FLORES)
    need_shared(TICO)
    rng = random.Random(14)
    pairs = parallel_pairs()
    decorated, cases = decorated_cases(pairs, 8, rng)
    numbered = list(number_cases(pairs, rng))
    cases += random.Random(3).sample(numbered, 240)
    folder = tmp_path_factory.mktemp("placeables")
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"))
    catalog.units = [Unit(source=s, target=t) for s, t in pairs + decorated]
    write_po(catalog, folder / "memory.po")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TARJAMA_CACHE_DIR", str(folder / "cache"))
        memory = open_memory([str(folder / "memory.po")])
    with memory:
        yield memory, cases, pairs


@pytest.mark.corpus
def test_revised_placeables_give_exactly_the_right_translation(
        evaluation: tuple[Memory, list[Case], list[tuple[str, str]]]) -> None:
    memory, cases, _ = evaluation
    tallies: dict[str, Tally] = defaultdict(Tally)
    wrong = []
    for case in cases:
        found = memory.lookup(case.query, limit=1)
        best = found[0] if found else None
        tally = tallies[family(case)]
        before = tally.wrong
        judge(case, best.target if best else None, bool(best and best.adapted), tally)
        if tally.wrong > before:
            wrong.append((case, best.target if best else None))
    numbers, placeholders = tallies["numbers"], tallies["placeholders and tags"]
    assert numbers.cases >= 150 and numbers.right / numbers.cases >= 0.95, numbers
    assert placeholders.cases >= 40 and placeholders.right / placeholders.cases >= 0.95
    # Never a substitution that is not the right text, nor where none may be made.
    for name in ("numbers", "placeholders and tags", "not one to one", "type changed"):
        assert tallies[name].wrong == 0, (name, tallies[name], wrong)
    assert tallies["type changed"].refused == tallies["type changed"].cases >= 20
    assert tallies["not one to one"].cases >= 10


@pytest.mark.corpus
def test_word_edits_in_sentences_with_numbers_score_as_before(
        evaluation: tuple[Memory, list[Case], list[tuple[str, str]]]) -> None:
    """A word edited next to unchanged numbers: the right unit first, with the very score
    the scorer gave before placeables existed."""
    memory, _, pairs = evaluation
    rng = random.Random(7)
    with_numbers = [p for p in pairs if any(ch.isdigit() for ch in p[0])
                    and 12 <= len(p[0].split()) <= 40]
    for source, target in rng.sample(with_numbers, 40):
        words = source.split()
        places = [i for i, w in enumerate(words) if not any(ch.isdigit() for ch in w)]
        words[rng.choice(places[1:])] = rng.choice(["جديدة", "أيضا", "الحكومة"])
        query = " ".join(words)
        if query == source:
            continue
        best = memory.lookup(query, limit=1)[0]
        assert (best.unit.source, best.unit.target) == (source, target)
        assert best.kind is MatchKind.FUZZY and best.adapted is None
        assert best.score == round(min(FUZZY_CEILING, blend_similarity(fold(query),
                                                                       fold(source))), 1)


def test_evaluation_helpers_need_no_placeable_code() -> None:
    """The gold is made without tarjama.memory.placeables (it must not grade itself)."""
    text = (Path(__file__).parent / "placeable_eval.py").read_text(encoding="utf-8")
    assert "tarjama.memory" not in text
