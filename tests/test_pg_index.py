"""The PostgreSQL memory's own inverted index (schema 3, tm_posting) against a real cluster:
imports in batches, compaction of many small imports, units deleted under their postings,
concordance, and the upgrade of a version 2 database."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")

from tarjama.memory import postgres  # noqa: E402
from tarjama.memory.index import terms, text_key  # noqa: E402
from tarjama.memory.match import fold  # noqa: E402
from tarjama.memory.pg_schema import MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE  # noqa: E402
from tarjama.memory.postgres import NewRecord, PostgresStore, pair_key  # noqa: E402
from tarjama.memory.store import open_memory  # noqa: E402
from tarjama.model import Catalog, Unit  # noqa: E402

WORDS = ["الحكومة", "البرلمان", "أعلنت", "خطة", "جديدة", "للتعليم", "في", "بغداد", "مساء",
         "الاثنين", "رفضت", "الميزانية", "السنوية", "التحالف", "الدولي", "المدارس", "وزارة",
         "الصحة", "اللقاح", "المستشفيات", "القاهرة", "الرياض", "تونس", "الجزائر"]


def _sentences(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    found: dict[str, None] = {}
    while len(found) < count:
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 10))]
        found[" ".join(words) + f" {len(found)}"] = None
    return list(found)


def _records(sources: list[str], suffix: str = "") -> list[NewRecord]:
    return [NewRecord(source, f"Sentence {n}{suffix}") for n, source in enumerate(sources)]


def _rows(url: str, where: str = "true", params: tuple[object, ...] = ()) -> int:
    with psycopg.connect(url) as conn:
        return int(conn.execute(f"SELECT count(*) FROM tm_posting WHERE {where}",
                                params).fetchone()[0])


def _df(url: str, wanted: set[str]) -> dict[str, int]:
    """Document frequencies of terms in the database."""
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT term, sum(n) FROM tm_posting WHERE term = ANY(%s) "
                            "GROUP BY term", ([t.encode("utf-8") for t in wanted],)).fetchall()
    return {bytes(term).decode("utf-8"): int(n) for term, n in rows}


def _file_df(sources: list[str], wanted: set[str]) -> dict[str, int]:
    """Document frequencies of terms in a memory file of ``sources``."""
    held = [terms(fold(source)) for source in sources]
    return {term: sum(term in found for found in held) for term in wanted}


def _file_memory(sources: list[str], targets: list[str], path: Path) -> Path:
    from tarjama.formats.po import new_header, write_po

    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"),
                      source_lang="ar", target_lang="en")
    catalog.units = [Unit(source=s, target=t) for s, t in zip(sources, targets, strict=True)]
    write_po(catalog, path)
    return path


def _answers(memory: object, queries: list[str]) -> list[list[tuple[str, str, float]]]:
    return [[(m.unit.source, m.target, m.score)
             for m in memory.lookup(q, limit=5)]  # type: ignore[attr-defined]
            for q in queries]


def _queries(sources: list[str], seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    edited = []
    for source in rng.sample(sources, 40):
        words = source.split()
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        edited.append(" ".join(words))
    return edited + rng.sample(sources, 10)


def test_an_import_larger_than_a_batch_indexes_every_unit_and_keeps_first_repeats(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "IMPORT_BATCH", 37)
    monkeypatch.setattr(postgres, "VACUUM_AFTER", 100)  # vacuumed and analysed after it
    sources = _sentences(300)
    records = _records(sources)
    # Repeats of units of earlier batches, with another translation: the first one wins.
    repeats = [NewRecord(sources[n], "a later repeat") for n in (0, 5, 36, 37, 100)]
    with PostgresStore(pg_url) as store:
        store.init_schema()
        report = store.add_units(records[:150] + repeats + records[150:], origin="big",
                                 source_lang="ar", target_lang="en")
        assert (report.read, report.added, report.updated) == (305, 300, 0)
        assert report.unchanged == 5
        with store.memory("ar", "en") as database:
            assert all(m.target != "a later repeat"
                       for q in sources[:40] for m in database.lookup(q, limit=1))
            # Every unit is indexed: each term's document frequency is the file memory's.
            wanted = set().union(*(terms(fold(source)) for source in sources[::17]))
            assert _df(pg_url, wanted) == _file_df(sources, wanted)
            # And answers as the same units in a file do, batches or not.
            po = _file_memory(sources, [r.target for r in records], tmp_path / "m.po")
            with open_memory([str(po)]) as files:
                queries = _queries(sources)
                assert _answers(database, queries) == _answers(files, queries)
        # Importing again adds nothing and no postings.
        rows = _rows(pg_url)
        again = store.add_units(records, origin="big", source_lang="ar", target_lang="en")
        assert (again.added, again.updated, again.unchanged) == (0, 0, 300)
        assert _rows(pg_url) == rows
        # A changed translation updates the unit and gives it no second posting.
        changed = store.add_units([NewRecord(sources[3], "changed")], origin="big",
                                  source_lang="ar", target_lang="en")
        assert changed.updated == 1 and _rows(pg_url) == rows


def test_many_small_imports_are_compacted_and_still_found(pg_url: str) -> None:
    sources = _sentences(120, seed=6)
    with PostgresStore(pg_url) as store:
        store.init_schema()
        for n, source in enumerate(sources):  # one unit at a time, as POST /api/v1/units
            store.add_units([NewRecord(source, f"Sentence {n}")], origin="web",
                            source_lang="ar", target_lang="en")
        pair = pair_key("ar", "en")
        with psycopg.connect(pg_url) as conn:
            most = conn.execute("SELECT max(c) FROM (SELECT count(*) AS c FROM tm_posting "
                                "WHERE pair = %s GROUP BY term) t", (pair,)).fetchone()[0]
        # A term in every unit has one row per import without compaction (120 here).
        assert most <= postgres.COMPACT_ROWS + 1
        wanted = terms(fold(sources[0]))
        assert _df(pg_url, wanted) == _file_df(sources, wanted)
        with store.memory("ar", "en") as database:
            for n, source in enumerate(sources):
                best = database.lookup(source, limit=1)
                assert best[0].score == 100.0 and best[0].target == f"Sentence {n}"


def test_units_of_a_deleted_origin_are_never_offered_and_others_take_their_place(
        pg_url: str) -> None:
    sources = _sentences(60, seed=7)
    with PostgresStore(pg_url) as store:
        store.init_schema()
        # The same sentences twice: the deleted origin's units are the best candidates.
        store.add_units(_records(sources, " (gone)"), origin="gone", source_lang="ar",
                        target_lang="en")
        store.add_units(_records(sources, " (kept)"), origin="kept", source_lang="ar",
                        target_lang="en")
        rows = _rows(pg_url)
        assert store.delete_origin("gone") == 60
        assert _rows(pg_url) == rows  # postings stay (docs/server.md): harmless
        with store.memory("ar", "en") as database:
            for source in sources[:20]:
                found = database.lookup(source, limit=5)
                assert len(found) == 5
                assert all(m.target.endswith("(kept)") for m in found)
                assert found[0].unit.source == source and found[0].score == 100.0
            hits = database.concordance(sources[0].split()[1], limit=100)
            assert hits and all(unit.target.endswith("(kept)") for unit in hits)


def test_concordance_finds_what_a_file_memory_finds(pg_url: str, tmp_path: Path) -> None:
    sources = _sentences(200, seed=8)
    targets = [f"Sentence {n}" for n in range(200)]
    po = _file_memory(sources, targets, tmp_path / "m.po")
    with PostgresStore(pg_url) as store:
        store.init_schema()
        store.import_file(str(po))
        with store.memory("ar", "en") as database, open_memory([str(po)]) as files:
            for phrase in ["الحكومة", "خطة جديدة", "في بغداد مساء", "وزاره الصحه", "1",
                           "17", "غير موجود أبدا", "ل"]:
                mine = [u.source for u in files.concordance(phrase, limit=30)]
                theirs = [u.source for u in database.concordance(phrase, limit=30)]
                assert mine == theirs, phrase
            assert database.concordance("الحكومة", limit=5)
            assert not database.concordance("غير موجود أبدا")


def test_a_version_2_database_is_upgraded_and_its_units_indexed(pg_url: str,
                                                                  tmp_path: Path) -> None:
    sources = _sentences(150, seed=10)
    targets = [f"Sentence {n}" for n in range(150)]
    with PostgresStore(pg_url) as store:
        with store.connection() as conn, conn.transaction():  # a version 2 database
            conn.execute(VERSION_TABLE)
            for version, sql in MIGRATIONS[:2]:
                conn.execute(sql)
                conn.execute("INSERT INTO tarjama_schema (version, applied_by) "
                             "VALUES (%s, 'old')", (version,))
            conn.execute("INSERT INTO tm_origin (name) VALUES ('old')")
            for n, (source, target) in enumerate(zip(sources, targets, strict=True)):
                folded = fold(source)
                conn.execute(
                    "INSERT INTO tm_unit (ukey, origin_id, source_lang, target_lang, "
                    "source_primary, target_primary, source, target, folded, fkey, "
                    "created_at, changed_at) VALUES (%s, 1, 'ar', 'en', 'ar', 'en', %s, %s, "
                    "%s, %s, now(), now())",
                    (str(n).encode(), source, target, folded, text_key(folded)))
            trgm = conn.execute("SELECT to_regclass('tm_unit_folded_trgm')").fetchone()[0]
            assert trgm is not None
        assert store.init_schema() == (2, SCHEMA_VERSION)
        with store.connection() as conn:
            assert conn.execute("SELECT to_regclass('tm_unit_folded_trgm')").fetchone() == (
                None,)
        wanted = terms(fold(sources[0]))
        assert _df(pg_url, wanted) == _file_df(sources, wanted)
        po = _file_memory(sources, targets, tmp_path / "m.po")
        with store.memory("ar", "en") as database, open_memory([str(po)]) as files:
            queries = _queries(sources)
            assert _answers(database, queries) == _answers(files, queries)


def _tmx(path: Path, sources: list[str], broken_at: int | None = None) -> Path:
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
             '<header srclang="ar" segtype="sentence" o-tmf="x" adminlang="en" '
             'datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n<body>\n']
    for n, source in enumerate(sources):
        if n == broken_at:
            lines.append('<tu><tuv xml:lang="ar"><seg>broken</tuv></tu>\n')
        lines.append(f'<tu><tuv xml:lang="ar"><seg>{escape(source)}</seg></tuv>'
                     f'<tuv xml:lang="en"><seg>Sentence {n}</seg></tuv></tu>\n')
    lines.append("</body>\n</tmx>\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_big_file_read_by_a_second_process_imports_as_a_small_one_does(
        pg_cluster: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tarjama.errors import FormatError

    sources = _sentences(400, seed=12)
    tmx = _tmx(tmp_path / "team.tmx", sources + sources[:50])  # repeats in later batches
    monkeypatch.setattr(postgres, "IMPORT_BATCH", 60)
    contents = []
    for worker_bytes in (0, 1 << 40):  # a second process for every file, then for none
        monkeypatch.setattr(postgres, "WORKER_BYTES", worker_bytes)
        name = f"worker_{worker_bytes}"
        url = pg_cluster.create_database(name)  # type: ignore[attr-defined]
        try:
            with PostgresStore(url) as store:
                store.init_schema()
                read: list[int] = []
                report = store.import_file(str(tmx), on_read=read.append)
                assert (report.read, report.added, report.unchanged) == (450, 400, 50)
                assert sum(read) == tmx.stat().st_size
                with psycopg.connect(url) as conn:
                    contents.append((
                        conn.execute("SELECT id, source, target FROM tm_unit ORDER BY id"
                                     ).fetchall(),
                        conn.execute("SELECT pair, term, sum(n) FROM tm_posting "
                                     "GROUP BY 1, 2 ORDER BY 1, 2").fetchall()))
                # A malformed file: its FILE:LINE error, and nothing of it stays.
                bad = _tmx(tmp_path / "bad.tmx", _sentences(300, seed=13), broken_at=250)
                with pytest.raises(FormatError) as caught:
                    store.import_file(str(bad), origin="bad")
                assert caught.value.path == str(bad) and caught.value.line == 255
                assert store.origins() == ["team.tmx"]
        finally:
            pg_cluster.drop_database(name)  # type: ignore[attr-defined]
    assert contents[0] == contents[1]


def test_staged_text_keeps_every_character_copy_escapes(pg_url: str) -> None:
    from datetime import UTC, datetime

    awkward = 'a\\b\tc\nd\re "q" {x,y} \\N \\x00 NULL'
    record = NewRecord(
        source=f"نص {awkward}", target=f"text {awkward}", context=awkward,
        source_plural=f"نصوص {awkward}", target_plurals=(f"one {awkward}", "", '"', "\\"),
        note=awkward, translator_note=awkward, refs=(awkward, "x.c:1"), flags=(awkward,),
        line=7, created_at=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
        changed_at=datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC), created_by=awkward,
        changed_by=None)
    with PostgresStore(pg_url) as store:
        store.init_schema()
        assert store.add_units([record], origin=awkward, source_lang="ar",
                               target_lang="en").added == 1
        with psycopg.connect(pg_url) as conn:
            row = conn.execute(
                "SELECT source, target, context, source_plural, target_plurals, note, "
                "translator_note, refs, flags, line, created_at, changed_at, created_by, "
                "changed_by FROM tm_unit").fetchone()
        assert row == (record.source, record.target_plurals[0], awkward, record.source_plural,
                       list(record.target_plurals), awkward, awkward, list(record.refs),
                       list(record.flags), 7, record.created_at, record.changed_at, awkward,
                       None)
        assert store.origins() == [awkward]


def test_an_import_killed_while_a_second_process_reads_leaves_nothing_and_no_process(
        pg_url: str, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    sources = [f"{sentence} {'نص إضافي طويل ' * 12}" for sentence in _sentences(20_000, seed=14)]
    tmx = _tmx(tmp_path / "big.tmx", sources)
    assert tmx.stat().st_size >= postgres.WORKER_BYTES  # read by a second process
    with PostgresStore(pg_url) as store:
        store.init_schema()
    command = [sys.executable, "-m", "tarjama", "memory", "import", str(tmx), "--to", pg_url]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    readers: list[str] = []
    deadline = time.monotonic() + 60
    while not readers and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        readers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                 text=True, check=False).stdout.split()
    assert readers, "no reading process seen"
    time.sleep(0.5)  # into the import's transaction
    process.send_signal(signal.SIGKILL)
    process.wait()

    def running(pid: str) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 30
    while any(map(running, readers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, readers))  # it ended with the importing process
    with psycopg.connect(pg_url) as conn:
        units, postings = conn.execute("SELECT (SELECT count(*) FROM tm_unit), "
                                       "(SELECT count(*) FROM tm_posting)").fetchone()
    assert (units, postings > 0) in ((0, False), (20_000, True))  # all of it or none
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT source) FROM tm_unit"
                            ).fetchone() == (20_000, 20_000)
