"""``tarjama serve`` over a real PostgreSQL memory (tests/pgcluster.py), spoken to over HTTP
by httpx: the amaGama request, lookups as ``tarjama lookup --format json`` gives them from the
same database, writes (JSON units, TMX and PO uploads) behind a bearer token, injection
attempts stored and answered as plain text, and the database stopped while the server runs:
503 JSON within 2 s, then answers again by itself when PostgreSQL is back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import LOCALES, run_tarjama
from pgcluster import PgCluster
from server_helpers import Server, running_server, tarjama_env

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")

from tarjama.memory.postgres import PostgresStore  # noqa: E402

ARTICLE = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
QUERY = "ما مستقبل التحالف الدولي في العراق"
TOKEN = "t0ken-" + "k" * 40
HOSTILE = [
    "'; DROP TABLE tm_unit; --",
    "Robert'); DELETE FROM tm_origin WHERE ('1'='1",
    "<script>alert('x')</script> \"quotes\" \\ backslash",
    "%s %(q)s {text} $1 E'\\x27' \x7f",
]
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The printer is out of paper.</seg></tuv>
<tuv xml:lang="ar"><seg>نفد الورق من الطابعة.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Restart the printer and try again.</seg></tuv>
<tuv xml:lang="ar"><seg>أعد تشغيل الطابعة وحاول مجددًا.</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture(scope="module")
def database(pg_cluster: PgCluster) -> Iterator[str]:
    """A tarjama memory database holding the shipped article (ar -> en), for the module (each
    test compares what it changed with what was there before it)."""
    url = pg_cluster.create_database("tarjama_serve_test")
    with PostgresStore(url) as store:
        store.init_schema()
        store.import_file(str(ARTICLE), origin="noonpost")
    try:
        yield url
    finally:
        if pg_cluster.running:
            pg_cluster.drop_database("tarjama_serve_test")


@pytest.fixture(scope="module")
def server(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp_path = tmp_path_factory.mktemp("serve-pg")
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(TOKEN + "\n", encoding="utf-8")
    tokens.chmod(0o600)
    with running_server(["--token-file", str(tokens)], tmp_path,
                        env=tarjama_env(TARJAMA_MEMORY_URL=database)) as running:
        yield running


def _rows(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        rows: list[tuple[Any, ...]] = conn.execute(
            "SELECT u.source, u.target, u.context, u.note, o.name FROM tm_unit u "
            "JOIN tm_origin o ON o.id = u.origin_id ORDER BY u.id").fetchall()
        return rows


def test_amagama_and_lookup_over_postgresql(server: Server, database: str) -> None:
    with server.client() as http:
        amagama = http.get("/tmserver/ar/en/unit/" + QUERY + "؟")
        assert amagama.status_code == 200
        first = amagama.json()[0]
        assert set(first) == {"source", "target", "quality", "rank"}
        assert first["quality"] == 100.0
        assert first["target"] == "What future for the international coalition in Iraq?"
        assert http.get("/tmserver/languages/").json() == {
            "sourceLanguages": ["ar"], "targetLanguages": ["en"]}
        assert http.get("/tmserver/en/ar/unit/hello").status_code == 404
        answer = http.get("/api/v1/lookup", params={"text": QUERY, "source_lang": "ar",
                                                    "target_lang": "en", "limit": 3})
    assert answer.status_code == 200
    cli = run_tarjama("lookup", QUERY, "-m", database, "--source-lang", "ar",
                      "--target-lang", "en", "--limit", "3", "--format", "json")
    assert cli.exit_code == 0, cli.stderr
    assert answer.json() == json.loads(cli.stdout)
    assert answer.json()["results"][0]["memory"] == "noonpost"


def test_writes_need_the_token_and_change_nothing_without_it(server: Server,
                                                            database: str) -> None:
    before = _rows(database)
    units = [{"source": "Save your work.", "target": "احفظ عملك.", "source_lang": "en",
              "target_lang": "ar", "origin": "app"}]
    with server.client() as anonymous:
        for headers in ({}, {"Authorization": "Bearer wrong-token-" + "x" * 30},
                        {"Authorization": TOKEN}):
            answer = anonymous.post("/api/v1/units", json=units, headers=headers)
            assert answer.status_code == 401, answer.text
            assert answer.json()["error"] == "unauthorized"
        upload = anonymous.post("/api/v1/units", files={"file": ("m.tmx", TMX.encode())})
        assert upload.status_code == 401
    assert _rows(database) == before
    with server.client(TOKEN) as writer:
        added = writer.post("/api/v1/units", json=units)
        assert added.status_code == 200, added.text
        assert added.json()["added"] == 1
        again = writer.post("/api/v1/units", json=units)
        assert again.json()["added"] == 0 and again.json()["unchanged"] == 1
        changed = writer.post("/api/v1/units", json=[{**units[0], "target": "احفظ عملك الآن."}])
        assert changed.json()["updated"] == 1
        found = writer.get("/api/v1/lookup", params={"text": "Save your work.",
                                                     "source_lang": "en", "target_lang": "ar"})
        assert found.json()["results"][0]["target"] == "احفظ عملك الآن."
        # A TMX upload (multipart) and a PO sent as the body.
        tmx = writer.post("/api/v1/units", files={"file": ("printer.tmx", TMX.encode())},
                          data={"origin": "printer"})
        assert tmx.status_code == 200, tmx.text
        assert tmx.json()["added"] == 2 and tmx.json()["file"] == "printer.tmx"
        po = writer.post("/api/v1/units", content=ARTICLE.read_bytes(), params={
            "origin": "noonpost", "filename": "article.po"},
            headers={"Content-Type": "text/x-gettext-translation"})
        assert po.status_code == 200, po.text
        assert po.json()["added"] == 0 and po.json()["unchanged"] > 10
        suggestion = writer.get("/tmserver/en/ar/unit/The printer is out of paper")
        assert suggestion.json()[0]["target"] == "نفد الورق من الطابعة."
    assert len(_rows(database)) == len(before) + 3


def test_a_malformed_upload_commits_nothing_of_itself(server: Server, database: str) -> None:
    before = _rows(database)
    broken = TMX.replace("</seg></tuv></tu>\n</body>", "</seg></tuv>\n</body>")
    with server.client(TOKEN) as writer:
        answer = writer.post("/api/v1/units", files={"file": ("broken.tmx", broken.encode())})
    assert answer.status_code == 422, answer.text
    message = answer.json()["message"]
    assert message.startswith("broken.tmx:") and "tarjama-upload" not in message
    assert _rows(database) == before


def test_injection_attempts_are_stored_and_answered_as_plain_text(server: Server,
                                                                 database: str) -> None:
    units = [{"source": text, "target": f"ترجمة {number}: {text}", "source_lang": "en",
              "target_lang": "ar", "context": text, "note": text, "origin": text}
             for number, text in enumerate(HOSTILE)]
    with server.client(TOKEN) as writer:
        answer = writer.post("/api/v1/units", json=units)
        assert answer.status_code == 200, answer.text
        assert answer.json()["added"] == len(HOSTILE)
        for number, text in enumerate(HOSTILE):
            found = writer.get("/api/v1/lookup", params={
                "text": text, "context": text, "source_lang": "en", "target_lang": "ar",
                "limit": 1}).json()["results"][0]
            assert (found["source"], found["target"], found["context"], found["memory"]) == (
                text, f"ترجمة {number}: {text}", text, text)
        bad_language = writer.post("/api/v1/units", json=[{**units[0], "target_lang":
                                                           "ar'); DROP TABLE tm_unit; --"}])
        assert bad_language.status_code == 422
    stored = {row[0]: row for row in _rows(database)}
    for text in HOSTILE:
        assert stored[text][2:] == (text, text, text)
    # The tables are all there, and the article's units with them.
    assert any(row[4] == "noonpost" for row in stored.values())


def test_database_stopped_gives_503_within_2_s_then_recovers(server: Server,
                                                           pg_cluster: PgCluster) -> None:
    params = {"text": QUERY, "source_lang": "ar", "target_lang": "en"}
    with server.client(timeout=10) as http:
        assert http.get("/api/v1/lookup", params=params).status_code == 200
        port = pg_cluster.port
        pg_cluster.stop_server("fast")
        try:
            for path, query in (("/api/v1/lookup", params), ("/healthz", {}),
                                ("/tmserver/ar/en/unit/" + QUERY, {})):
                start = time.monotonic()
                answer = http.get(path, params=query)
                took = time.monotonic() - start
                assert answer.status_code == 503, (path, answer.text)
                assert answer.json()["error"] in ("database_unavailable", "unavailable")
                assert "Traceback" not in answer.text and took < 2.0, (path, took)
                assert answer.headers["retry-after"] == "1"
        finally:
            pg_cluster.start_server()
        assert pg_cluster.port == port, "PostgreSQL came back on another port"
        deadline = time.monotonic() + 30
        while True:
            answer = http.get("/api/v1/lookup", params=params)
            if answer.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"][0]["source"] == QUERY + "؟"
        assert http.get("/healthz").status_code == 200


def test_the_pairs_a_server_checks_requests_against_never_count_units(
        database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker reads the pairs held again every few seconds, under a lock its requests wait
    on: from the skip scan of the pairs' index, not from PostgresStore.pairs() (a count of
    every unit: seconds at millions of units, for every request of the worker)."""
    from tarjama.server.pg import PostgresMemories

    served = PostgresMemories(database)
    try:
        def counted() -> None:
            raise AssertionError("the server counted the units to list the pairs")

        monkeypatch.setattr(served.store, "pairs", counted)
        assert ("ar", "en") in served.pairs()
        with served.memory("ar", "en") as memory:
            assert memory.lookup(QUERY + "؟")[0].score == 100
    finally:
        served.close()


def test_a_request_holds_one_connection_at_a_time(database: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker answers as many requests at once as its pool has connections: a request that
    asked for a second connection while holding one (say, the origins' names in the middle of
    the candidate search) would wait, with every other such request, until the pool gave up
    (1.5 s, then 503). With one connection in the pool, lookups, concordance and the pairs must
    still answer."""
    import tarjama.server.pg as pg

    monkeypatch.setattr(pg, "POOL_SIZE", 1)
    served = pg.PostgresMemories(database)
    try:
        assert served.read_pool.max_size == 1
        for text in (QUERY + "؟", QUERY, "التحالف الدولي"):
            with served.memory("ar", "en") as memory:
                assert memory.lookup(text), text
        with served.memory("ar", "en") as memory:
            assert memory.concordance("العراق", limit=3)
        assert ("ar", "en") in served.pairs()
    finally:
        served.close()
