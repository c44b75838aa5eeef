"""The PostgreSQL memory store against a real PostgreSQL cluster (tests/pgcluster.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")

from tarjama.errors import DatabaseError, DatabaseUnavailable  # noqa: E402
from tarjama.memory.pg_schema import SCHEMA_VERSION  # noqa: E402
from tarjama.memory.postgres import NewRecord, PostgresStore  # noqa: E402


def test_init_creates_the_schema_and_running_it_again_changes_nothing(pg_url: str) -> None:
    with PostgresStore(pg_url) as store:
        assert store.schema_version() == 0
        assert store.init_schema() == (0, SCHEMA_VERSION)
        assert store.init_schema() == (SCHEMA_VERSION, SCHEMA_VERSION)
        with store.connection() as conn:
            rows = conn.execute("SELECT version FROM tarjama_schema").fetchall()
            trgm = conn.execute(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
        assert rows == [(SCHEMA_VERSION,)]
        assert trgm == (1,)


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
