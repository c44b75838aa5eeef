"""The PostgreSQL memory store against a real PostgreSQL cluster (tests/pgcluster.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import LOCALES, Result

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")

from tarjama.errors import DatabaseError, DatabaseUnavailable  # noqa: E402
from tarjama.formats.po import read_po, write_po  # noqa: E402
from tarjama.memory.pg_schema import SCHEMA_VERSION  # noqa: E402
from tarjama.memory.postgres import NewRecord, PostgresStore  # noqa: E402
from tarjama.model import Catalog, Unit  # noqa: E402


def test_init_creates_the_schema_and_running_it_again_changes_nothing(pg_url: str) -> None:
    with PostgresStore(pg_url) as store:
        assert store.schema_version() == 0
        assert store.init_schema() == (0, SCHEMA_VERSION)
        assert store.init_schema() == (SCHEMA_VERSION, SCHEMA_VERSION)
        with store.connection() as conn:
            rows = conn.execute("SELECT version FROM tarjama_schema").fetchall()
            trgm = conn.execute(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
        assert rows == [(version,) for version in range(1, SCHEMA_VERSION + 1)]
        assert trgm == (1,)


def test_init_upgrades_an_older_schema_and_fills_what_the_new_version_keeps(
        pg_url: str) -> None:
    from tarjama.memory.pg_schema import MIGRATIONS, VERSION_TABLE

    with PostgresStore(pg_url) as store:
        with store.connection() as conn, conn.transaction():  # a version 1 database
            conn.execute(VERSION_TABLE)
            conn.execute(MIGRATIONS[0][1])
            conn.execute("INSERT INTO tarjama_schema (version, applied_by) VALUES (1, 'old')")
            conn.execute("INSERT INTO tm_origin (name) VALUES ('old')")
            conn.execute(
                "INSERT INTO tm_unit (ukey, origin_id, source_lang, target_lang, source_primary, "
                "target_primary, source, target, folded, fkey, created_at, changed_at) VALUES "
                "('k', 1, 'en', 'ar', 'en', 'ar', '16px', '16 بكسل', '16px', 1, now(), now())")
        with pytest.raises(DatabaseError, match="upgrade it with 'tarjama memory init"):
            store.stats()
        assert store.init_schema() == (1, SCHEMA_VERSION)
        with store.memory("en", "ar") as memory:
            found = memory.lookup("512px")
        assert [(m.unit.source, m.target, m.score) for m in found] == [
            ("16px", "512 بكسل", 98.9)]


def test_a_database_without_the_schema_is_refused_with_the_command_to_run(pg_url: str) -> None:
    with PostgresStore(pg_url) as store, pytest.raises(DatabaseError, match="memory init"):
        store.stats()


def test_an_unreachable_database_is_unavailable_not_a_traceback() -> None:
    store = PostgresStore("postgresql://nobody:secret@127.0.0.1:1/none", connect_timeout=1)
    with store, pytest.raises(DatabaseUnavailable) as caught:
        store.ping()
    assert "secret" not in str(caught.value)
    assert "***" in str(caught.value)


def test_units_added_are_found_and_graded_like_a_file_memory(pg_url: str) -> None:
    with PostgresStore(pg_url) as store:
        store.init_schema()
        units = [NewRecord("الحكومة تعلن خطة جديدة للتعليم", "The government announces a new "
                           "education plan"),
                 NewRecord("Open the file", "افتح الملف", context="menu")]
        report = store.add_units(units[:1], origin="news", source_lang="ar",
                                 target_lang="en")
        assert (report.read, report.added) == (1, 1)
        again = store.add_units(units[:1], origin="news", source_lang="ar", target_lang="en")
        assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
        with store.memory("ar", "en") as memory:
            exact = memory.lookup("الحكومة تعلن خطة جديدة للتعليم")
            fuzzy = memory.lookup("الحكومة تعلن خطة جديدة للصحة")
        assert exact[0].score == 100.0
        assert exact[0].unit.origin == "news"
        assert fuzzy and fuzzy[0].unit.source == units[0].source and fuzzy[0].score < 99


# --- the commands --------------------------------------------------------------------------------

ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"


@pytest.fixture
def db(pg_url: str, tarjama: Callable[..., Result]) -> str:
    """A database with the memory schema."""
    done = tarjama("memory", "init", "--to", pg_url)
    assert done.exit_code == 0, done.stderr
    return pg_url


def _count(url: str, where: str = "true", params: tuple[object, ...] = ()) -> int:
    with psycopg.connect(url) as conn:
        return int(conn.execute(f"SELECT count(*) FROM tm_unit WHERE {where}",
                                params).fetchone()[0])


def test_memory_init_twice_says_there_is_nothing_to_do(pg_url: str,
                                                       tarjama: Callable[..., Result]) -> None:
    first = tarjama("memory", "init", "--to", pg_url)
    second = tarjama("memory", "init", "--to", pg_url)
    assert first.exit_code == second.exit_code == 0
    assert f"created (version {SCHEMA_VERSION})" in first.stdout
    assert "nothing to do" in second.stdout


def test_import_twice_adds_nothing_and_stats_counts_per_pair_and_origin(
        db: str, tarjama: Callable[..., Result]) -> None:
    first = tarjama("memory", "import", str(ARTICLE_PO), "--to", db, "--origin", "noonpost")
    assert first.exit_code == 0, first.stderr
    units = _count(db)
    assert units == 25 and "25 added" in first.stderr
    second = tarjama("memory", "import", str(ARTICLE_PO), "--to", db, "--origin", "noonpost")
    assert second.exit_code == 0 and "0 added, 0 updated, 25 already there" in second.stderr
    assert _count(db) == units
    stats = tarjama("memory", "stats", db, "--format", "json")
    payload = json.loads(stats.stdout)
    assert payload["units"] == 25
    assert [(p["source_lang"], p["target_lang"], p["origin"], p["units"])
            for p in payload["pairs"]] == [("ar", "en", "noonpost", 25)]


def test_the_memory_url_comes_from_the_environment(db: str, tarjama: Callable[..., Result],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_MEMORY_URL", db)
    assert tarjama("memory", "import", str(ARTICLE_PO)).exit_code == 0
    found = tarjama("lookup", "ما مستقبل التحالف الدولي في العراق؟", "--format", "json")
    assert found.exit_code == 0, found.stderr
    best = json.loads(found.stdout)["results"][0]
    assert best["score"] == 100.0
    assert best["target"] == "What future for the international coalition in Iraq?"
    assert best["memory"] == ARTICLE_PO.name  # the origin: the file's name by default


def test_a_changed_translation_updates_its_unit_and_change_date(
        db: str, tarjama: Callable[..., Result], tmp_path: Path) -> None:
    catalog = read_po(ARTICLE_PO)
    write_po(catalog, tmp_path / "a.po")
    assert tarjama("memory", "import", str(tmp_path / "a.po"), "--to", db,
                   "--origin", "p").exit_code == 0
    unit = next(u for u in catalog.units if u.source and u.is_translated)
    unit.target = "A new translation"
    catalog.header["PO-Revision-Date"] = "2027-03-04 05:06+0000"
    write_po(catalog, tmp_path / "a.po")
    again = tarjama("memory", "import", str(tmp_path / "a.po"), "--to", db, "--origin", "p")
    assert "1 updated" in again.stderr, again.stderr
    with psycopg.connect(db) as conn:
        rows = conn.execute("SELECT target, changed_at, created_at FROM tm_unit "
                            "WHERE source = %s", (unit.source,)).fetchall()
    assert len(rows) == 1
    target, changed, created = rows[0]
    assert target == "A new translation"
    assert changed.astimezone(UTC) == datetime(2027, 3, 4, 5, 6, tzinfo=UTC)
    assert created < changed
    assert _count(db) == 25


def test_export_writes_the_tmx_tarjama_export_writes(
        db: str, tarjama: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert tarjama("memory", "import", str(ARTICLE_PO), "--to", db).exit_code == 0
    exported = tarjama("export", str(ARTICLE_PO), "-o", str(tmp_path / "file.tmx"))
    from_db = tarjama("memory", "export", "--from", db, "-o", str(tmp_path / "db.tmx"))
    assert exported.exit_code == from_db.exit_code == 0, from_db.stderr
    assert (tmp_path / "db.tmx").read_bytes() == (tmp_path / "file.tmx").read_bytes()
    coded = tarjama("export", str(ARTICLE_PO), "--inline-codes", "-o", str(tmp_path / "c.tmx"))
    coded_db = tarjama("memory", "export", "--from", db, "--inline-codes", "-o",
                       str(tmp_path / "cdb.tmx"))
    assert coded.exit_code == coded_db.exit_code == 0, coded_db.stderr
    assert (tmp_path / "cdb.tmx").read_bytes() == (tmp_path / "c.tmx").read_bytes()


@pytest.mark.corpus
def test_export_of_a_real_catalog_with_plurals_and_contexts_is_byte_identical(
        db: str, tarjama: Callable[..., Result], tmp_path: Path, corpus: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    po = corpus / "po" / "thunar-ar.po"
    assert tarjama("memory", "import", str(po), "--to", db).exit_code == 0
    assert tarjama("export", str(po), "-o", str(tmp_path / "file.tmx")).exit_code == 0
    assert tarjama("memory", "export", "--from", db, "-o",
                   str(tmp_path / "db.tmx")).exit_code == 0
    written = (tmp_path / "db.tmx").read_bytes()
    assert written == (tmp_path / "file.tmx").read_bytes()
    assert b'type="x-plural-form">5<' in written and b'type="x-context"' in written


def test_delete_removes_one_origin_and_nothing_else(
        db: str, tarjama: Callable[..., Result], tmp_path: Path) -> None:
    catalog = read_po(ARTICLE_PO)
    for unit in catalog.units:
        unit.target = unit.target and unit.target + " (revised)"
    write_po(catalog, tmp_path / "other.po")
    assert tarjama("memory", "import", str(ARTICLE_PO), "--to", db, "--origin", "a").exit_code == 0
    assert tarjama("memory", "import", str(tmp_path / "other.po"), "--to", db,
                   "--origin", "b").exit_code == 0
    assert _count(db) == 50
    done = tarjama("memory", "delete", db, "--origin", "b")
    assert done.exit_code == 0 and "deleted 25 units" in done.stdout
    assert _count(db) == 25 and _count(db, "target LIKE %s", ("%(revised)",)) == 0
    missing = tarjama("memory", "delete", db, "--origin", "b")
    assert missing.exit_code == 2 and "no origin 'b'" in missing.stderr


def test_a_malformed_file_commits_nothing_of_itself(
        db: str, tarjama: Callable[..., Result], tmp_path: Path) -> None:
    good = "".join(f'<tu><tuv xml:lang="ar"><seg>جملة رقم {n} في الذاكرة</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>Sentence number {n}</seg></tuv></tu>\n'
                   for n in range(3000))
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                   '<header srclang="ar" segtype="sentence" o-tmf="x" adminlang="en" '
                   'datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n<body>\n'
                   f"{good}<tu><tuv xml:lang=\"ar\"><seg>broken</tuv></tu>\n</body></tmx>\n",
                   encoding="utf-8")
    done = tarjama("memory", "import", str(bad), "--to", db)
    assert done.exit_code == 2
    assert f"{bad}:3005" in done.stderr and "Traceback" not in done.stderr
    assert _count(db) == 0
    with psycopg.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM tm_origin").fetchone() == (0,)


def test_injection_attempts_are_stored_and_found_as_plain_text(
        db: str, tarjama: Callable[..., Result], tmp_path: Path) -> None:
    hostile = "x'); DROP TABLE tm_unit; --"
    catalog = Catalog(header={"Language": "en", "X-Source-Language": "ar",
                              "Content-Type": "text/plain; charset=UTF-8"})
    source = f"نص عربي طويل في الذاكرة المشتركة {hostile} عادي"
    catalog.units = [Unit(source=source, target=f"text {hostile} %s %(q)s",
                          context="'; DELETE FROM tm_origin; --")]
    write_po(catalog, tmp_path / "h.po")
    done = tarjama("memory", "import", str(tmp_path / "h.po"), "--to", db,
                   "--origin", "o'; TRUNCATE tm_unit; --")
    assert done.exit_code == 0, done.stderr
    found = tarjama("lookup", source, "-m", db, "--format", "json",
                    "--context", "'; DELETE FROM tm_origin; --")
    assert found.exit_code == 0, found.stderr
    result = json.loads(found.stdout)["results"][0]
    assert result["score"] == 100.0 and result["target"] == f"text {hostile} %s %(q)s"
    assert result["memory"] == "o'; TRUNCATE tm_unit; --"
    bad_lang = tarjama("lookup", "نص", "-m", db, "--source-lang", "ar'; DROP TABLE x; --")
    assert bad_lang.exit_code == 2
    assert _count(db) == 1
    deleted = tarjama("memory", "delete", db, "--origin", "o'; TRUNCATE tm_unit; --")
    assert "deleted 1 units" in deleted.stdout


def test_a_file_given_where_a_database_is_wanted_is_refused(
        tarjama: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TARJAMA_MEMORY_URL", raising=False)
    done = tarjama("memory", "stats", str(ARTICLE_PO))
    assert done.exit_code == 2 and "database URL" in done.stderr
    none = tarjama("memory", "stats")
    assert none.exit_code == 2 and "TARJAMA_MEMORY_URL" in none.stderr


def test_the_database_examples_of_memory_help_run_as_written(
        pg_url: str, tarjama: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/test_help.py runs every other example; these need a database: the one of the
    examples is this test's."""
    import shlex
    import shutil

    from tarjama.cli.memory import EXAMPLE_URL

    shutil.copytree(LOCALES, tmp_path / "locales")
    monkeypatch.chdir(tmp_path)
    assert tarjama("export", str(ARTICLE_PO), "-o", "noonpost.tmx").exit_code == 0
    ran = 0
    for name in ("init", "import", "export", "stats", "delete"):
        help_text = tarjama("memory", name, "--help").stdout
        for line in help_text.rsplit("Examples:", 1)[1].splitlines():
            if not line.strip():
                continue
            assert EXAMPLE_URL in line
            done = tarjama(*shlex.split(line.strip().replace(EXAMPLE_URL, pg_url))[1:])
            assert done.exit_code == 0, f"{line}\n{done.stderr}"
            ran += 1
    assert ran >= 7
    assert _count(pg_url) == 25  # noonpost deleted, noonpost-tmx left
