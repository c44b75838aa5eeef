"""The PostgreSQL memory answers as the file memory does (one matching module, two stores):
the same lookups give the same matches and scores, pretranslate fills a template alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from pg_helpers import equal_answer_lookups, write_memory
from tarjama.formats.po import read_po, write_po
from tarjama.memory.match import fold
from tarjama.memory.store import Match, open_memory

pytestmark = [pytest.mark.postgres, pytest.mark.corpus]

psycopg = pytest.importorskip("psycopg")

from tarjama.memory.postgres import PostgresStore  # noqa: E402

# Both stores run one candidate retrieval (tarjama.memory.index.count_candidates) over the
# same terms and the same document frequencies: their answers agree at every score, down to
# the weakest look-alike.
MIN_SCORE = 0.0
# What counts as found when checking the lookups found what they should (update's fuzzy
# threshold).
FOUND = 60.0


def _answers(matches: list[Match]) -> list[tuple[object, ...]]:
    return [(m.unit.source, m.unit.target, m.unit.context, m.score, m.kind) for m in matches]


def test_1000_lookups_give_the_same_top_5_on_sqlite_and_postgresql(
        pg_url: str, corpus: Path, tmp_path: Path) -> None:
    memory, lookups = equal_answer_lookups(1000)
    po = write_memory(memory, tmp_path / "memory.po")
    with PostgresStore(pg_url) as store:
        store.init_schema()
        assert store.import_file(str(po)).added == len(memory)
        with open_memory([str(po)]) as files, store.memory("ar", "en") as database:
            differing = []
            other_candidates = []
            kinds: dict[str, int] = {}
            file_index, db_index = files.indexes[0], database.indexes[0]
            for lookup in lookups:
                mine = _answers(files.lookup(lookup.text, limit=5, min_score=MIN_SCORE))
                theirs = _answers(database.lookup(lookup.text, limit=5, min_score=MIN_SCORE))
                if mine != theirs:
                    differing.append((lookup, mine, theirs))
                if mine and float(mine[0][3]) >= FOUND:  # type: ignore[arg-type]
                    kinds[lookup.kind] = kinds.get(lookup.kind, 0) + 1
                # The candidates themselves are the same units in the same order (the
                # database may add units of the query's template after them).
                folded = fold(lookup.text)
                file_candidates = [u.source for u in file_index.units(
                    file_index.candidates(folded, 24))]
                db_candidates = [u.source for u in db_index.units(
                    db_index.candidates(folded, 24))]
                if db_candidates[:len(file_candidates)] != file_candidates:
                    other_candidates.append(lookup)
    assert not differing, differing[:3]
    assert not other_candidates, other_candidates[:3]
    # The lookups found what they should: every exact and nearly every edited sentence.
    assert kinds["exact"] == 300 and kinds["edited"] >= 380
    assert kinds.get("unrelated", 0) <= 15


def test_pretranslate_from_a_database_fills_a_template_as_the_file_does(
        pg_url: str, corpus: Path, tmp_path: Path, tarjama: Callable[..., Result],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A cache of its own: a cached index names the memory as it was named when it was built.
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))
    memory = corpus / "po" / "thunar-ar.po"
    template = read_po(memory)
    for unit in template.units:
        unit.target, unit.target_plurals = "", ["" for _ in unit.target_plurals]
        unit.flags = [flag for flag in unit.flags if flag != "fuzzy"]
        # A few sources edited: fuzzy fills, with their score and origin noted.
        if unit.line and unit.line % 7 == 0 and not unit.is_plural:
            unit.source = unit.source.replace("file", "folder")
    write_po(template, tmp_path / "thunar.pot")
    assert tarjama("memory", "init", "--to", pg_url).exit_code == 0
    # The origin named as the file is named on the command line: the fuzzy notes say it.
    assert tarjama("memory", "import", str(memory), "--to", pg_url,
                   "--origin", str(memory)).exit_code == 0
    from_file = tarjama("pretranslate", str(tmp_path / "thunar.pot"), "-m", str(memory),
                        "-o", str(tmp_path / "file.po"))
    from_db = tarjama("pretranslate", str(tmp_path / "thunar.pot"), "-m", pg_url,
                      "-o", str(tmp_path / "db.po"))
    assert from_file.exit_code == from_db.exit_code == 0, from_db.stderr
    # The same summary (the file's index build may add a note before it on a slow machine).
    assert from_file.stderr.splitlines()[-1] == from_db.stderr.splitlines()[-1]
    filled = (tmp_path / "db.po").read_text(encoding="utf-8")
    assert filled == (tmp_path / "file.po").read_text(encoding="utf-8")
    assert "#, fuzzy" in filled and "#| msgid" in filled
