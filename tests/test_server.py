"""``tarjama serve`` over memory files, spoken to over real HTTP (httpx) by a separate process:
the amaGama request Weblate makes, tarjama's API answering as ``tarjama lookup --format
json`` does, tokens, and clean JSON 4xx for oversized, malformed and hostile requests."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from conftest import LOCALES, run_tarjama
from server_helpers import (
    Server,
    po_memory,
    raw_request,
    run_serve,
    running_server,
    tarjama_env,
)

ARTICLE = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
QUERY = "ما مستقبل التحالف الدولي في العراق"
WRITE_TOKEN = "w" * 40
READ_TOKEN = "r" * 40
HOSTILE = [
    "'; DROP TABLE tm_unit; --",
    "Robert'); DELETE FROM tm_origin WHERE ('1'='1",
    "<script>alert('x')</script> and \"quotes\" \\ backslash",
    "%s %(q)s {text} $1 \x7f",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="module")
def english(folder: Path) -> Path:
    """An en-GB -> ar memory whose sources include injection attempts."""
    pairs = [
        ("The window could not be opened.", "تعذّر فتح النافذة."),
        ("Open the file in a new window", "افتح الملف في نافذة جديدة"),
        ("Open the window in a new tab", "افتح النافذة في لسان جديد"),
        ("Save the document before closing it.", "احفظ المستند قبل إغلاقه."),
        *((text, f"نص {number}: {text}") for number, text in enumerate(HOSTILE)),
    ]
    return po_memory(folder / "en-GB.po", pairs, "en-GB", "ar")


@pytest.fixture(scope="module")
def server(folder: Path, english: Path) -> Iterator[Server]:
    tokens = folder / "tokens.txt"
    tokens.write_text(f"# writers\n{WRITE_TOKEN}\n", encoding="utf-8")
    tokens.chmod(0o600)
    env = tarjama_env(TARJAMA_CACHE_DIR=str(folder / "cache"))
    with running_server(["-m", str(ARTICLE), "-m", str(english), "--token-file", str(tokens),
                         "--max-upload", "8"], folder, env=env) as running:
        yield running


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def _error(answer: httpx.Response, status: int) -> str:
    """The answer is the JSON error of ``status``; its message."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    body = answer.json()
    assert set(body) == {"error", "message"}, body
    assert "Traceback" not in body["message"]
    return str(body["message"])


def weblate_url(source: str, target: str, text: str) -> str:
    """The URL Weblate's tmserver machinery asks for: codes lower-cased with ``_``, each part
    quoted with no safe characters, the text cut at 500 characters."""
    parts = [code.replace("-", "_").lower() for code in (source, target)]
    return "/".join(["/tmserver", *(quote(part, safe="") for part in parts), "unit",
                     quote(text[:500].replace("\r", " ").encode(), safe="")])


# --- amaGama ------------------------------------------------------------------------------------


def test_amagama_answers_weblates_request_with_amagamas_shape(http: httpx.Client) -> None:
    answer = http.get(weblate_url("ar", "en", QUERY + "؟"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    results = answer.json()
    assert isinstance(results, list) and results
    first = results[0]
    assert set(first) == {"source", "target", "quality", "rank"}
    assert first["source"] == QUERY + "؟"
    assert first["target"] == "What future for the international coalition in Iraq?"
    assert first["quality"] == 100.0 and isinstance(first["quality"], float)
    qualities = [result["quality"] for result in results]
    assert qualities == sorted(qualities, reverse=True)
    assert all(quality >= 70 for quality in qualities)  # amaGama's default min_similarity


def test_amagama_options_and_language_code_forms(http: httpx.Client) -> None:
    # en_GB, en_gb, en-GB and en all name the memory's en-GB source.
    for source in ("en_GB", "en_gb", "en-GB", "en"):
        found = http.get(f"/tmserver/{source}/ar/unit/{quote('The window could not be opened')}")
        assert found.status_code == 200, (source, found.text)
        assert found.json()[0]["target"] == "تعذّر فتح النافذة."
    # min_similarity keeps weaker matches out; max_candidates bounds the list.
    text = quote("Open the window in a new file")
    loose = http.get(f"/tmserver/en/ar/unit/{text}", params={"min_similarity": "30",
                                                             "max_candidates": "10"}).json()
    strict = http.get(f"/tmserver/en/ar/unit/{text}", params={"min_similarity": "95"}).json()
    one = http.get(f"/tmserver/en/ar/unit/{text}", params={"min_similarity": "30",
                                                           "max_candidates": "1"}).json()
    assert len(loose) >= 2 and strict == [] and len(one) == 1
    assert min(result["quality"] for result in loose) >= 30
    # amaGama reads a value that is no integer as if it were not given; its floor is 30.
    lenient = http.get(f"/tmserver/en/ar/unit/{text}", params={"min_similarity": "x",
                                                               "max_candidates": "y"})
    assert lenient.status_code == 200
    floor = http.get(f"/tmserver/en/ar/unit/{text}", params={"min_similarity": "0",
                                                             "max_candidates": "50"}).json()
    assert all(result["quality"] >= 30 for result in floor)
    # The text as ?source= (amaGama's other form), and a text holding a slash.
    query = http.get("/tmserver/ar/en/unit/", params={"source": QUERY + "؟"})
    assert query.json()[0]["quality"] == 100.0
    slash = http.get(weblate_url("ar", "en", QUERY + "/؟"))
    assert slash.status_code == 200 and slash.json()[0]["quality"] >= 90


def test_amagama_errors_as_amagama(http: httpx.Client) -> None:
    # amaGama answers 404 for a source language it does not hold, for the same language on
    # both sides, and for a request without a text; an unknown target has no suggestions.
    assert "source language fr" in _error(http.get("/tmserver/fr/ar/unit/bonjour"), 404)
    _error(http.get("/tmserver/ar/ar/unit/" + quote(QUERY)), 404)
    _error(http.get("/tmserver/ar/en/unit/"), 404)
    _error(http.get("/tmserver/x!y/en/unit/abc"), 404)
    assert http.get("/tmserver/ar/de/unit/" + quote(QUERY)).json() == []
    languages = http.get("/tmserver/languages/").json()
    assert languages == {"sourceLanguages": ["ar", "en_gb"], "targetLanguages": ["ar", "en"]}


# --- tarjama's API ------------------------------------------------------------------------------


def test_lookup_answers_as_tarjama_lookup_format_json(http: httpx.Client, folder: Path) -> None:
    for text in (QUERY, "التحالف الدولي في سوريا والعراق"):
        answer = http.get("/api/v1/lookup", params={
            "text": text, "source_lang": "ar", "target_lang": "en", "limit": 3,
            "threshold": 40})
        assert answer.status_code == 200, answer.text
        os.environ["TARJAMA_CACHE_DIR"] = str(folder / "cache")
        try:
            cli = run_tarjama("lookup", text, "-m", str(ARTICLE), "--limit", "3",
                              "--min-score", "40", "--format", "json")
        finally:
            del os.environ["TARJAMA_CACHE_DIR"]
        assert cli.exit_code == 0, cli.stderr
        assert answer.json() == json.loads(cli.stdout)
        assert answer.json()["results"]


def test_concordance_answers_as_lookup_concordance(http: httpx.Client) -> None:
    answer = http.get("/api/v1/concordance", params={
        "text": "التحالف الدولي", "source_lang": "ar", "target_lang": "en", "limit": 4})
    assert answer.status_code == 200
    cli = run_tarjama("lookup", "التحالف الدولي", "--concordance", "-m", str(ARTICLE),
                      "--limit", "4", "--format", "json")
    assert answer.json() == json.loads(cli.stdout)
    assert answer.json()["mode"] == "concordance" and len(answer.json()["results"]) == 4


def test_injection_attempts_are_answered_as_plain_text(http: httpx.Client) -> None:
    for number, text in enumerate(HOSTILE):
        answer = http.get("/api/v1/lookup", params={
            "text": text, "source_lang": "en", "target_lang": "ar", "limit": 1})
        assert answer.status_code == 200, answer.text
        found = answer.json()["results"][0]
        assert (found["source"], found["target"], found["score"]) == (
            text, f"نص {number}: {text}", 100.0)
        amagama = http.get(weblate_url("en", "ar", text)).json()
        assert amagama[0]["source"] == text
    for code in ("en'; DROP TABLE tm_unit; --", "<b>en</b>", "en\x00"):
        message = _error(http.get("/api/v1/lookup", params={
            "text": "window", "source_lang": code, "target_lang": "ar"}), 400)
        assert "language code" in message


def test_health_and_openapi(http: httpx.Client) -> None:
    health = http.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    spec = http.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/lookup", "/api/v1/concordance", "/api/v1/units", "/healthz",
                 "/tmserver/{source_lang}/{target_lang}/unit/{text}"):
        assert path in paths, sorted(paths)
    assert "application/json" in paths["/api/v1/units"]["post"]["requestBody"]["content"]


# --- bad requests ---------------------------------------------------------------------------------


def _long_error(server: Server, target: str, status: int) -> str:
    got, kind, body = raw_request(server.url, "GET", target)
    assert (got, kind) == (status, "application/json"), body[:200]
    answer = json.loads(body)
    assert set(answer) == {"error", "message"}
    return str(answer["message"])


def test_oversized_requests_get_clean_json(server: Server, http: httpx.Client) -> None:
    megabyte = "ب" * (1024 * 1024)
    assert "limit" in _long_error(server, "/api/v1/lookup?source_lang=ar&target_lang=en&text="
                                  + quote(megabyte), 414)
    assert "limit" in _long_error(server, "/tmserver/ar/en/unit/" + quote(megabyte), 414)
    long_text = "b" * 25_000
    assert "20000" in _error(http.get("/api/v1/lookup", params={
        "text": long_text, "source_lang": "ar", "target_lang": "en"}), 413)
    body = json.dumps([{"source": megabyte, "target": "x", "source_lang": "ar",
                        "target_lang": "en"}])
    assert "limit" in _error(http.post("/api/v1/units", content=body, headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {WRITE_TOKEN}"}), 413)
    # A body announced as over --max-upload (8 MB here) is refused before it is sent; one
    # that streams past it without saying its length is refused when it gets there.
    status, kind, answer = raw_request(server.url, "POST", "/api/v1/units", {
        "Content-Type": "application/json", "Authorization": f"Bearer {WRITE_TOKEN}",
        "Content-Length": str(9 * 1024 * 1024)})
    assert (status, kind) == (413, "application/json") and b"8 MB" in answer

    def chunks() -> Iterator[bytes]:
        for _ in range(9):
            yield b" " * (1024 * 1024)

    _error(http.post("/api/v1/units", content=chunks(), headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {WRITE_TOKEN}"}), 413)


@pytest.mark.parametrize(("method", "path", "params", "status", "words"), [
    ("GET", "/api/v1/lookup", {"source_lang": "ar", "target_lang": "en"}, 422, "text"),
    ("GET", "/api/v1/lookup", {"text": "x y z", "source_lang": "ar", "target_lang": "en",
                               "limit": "many"}, 422, "limit"),
    ("GET", "/api/v1/lookup", {"text": "x", "source_lang": "ar", "target_lang": "en",
                               "limit": "0"}, 422, "limit"),
    ("GET", "/api/v1/lookup", {"text": "x", "source_lang": "ar", "target_lang": "en",
                               "threshold": "101"}, 422, "threshold"),
    ("GET", "/api/v1/lookup", {"text": "  ", "source_lang": "ar", "target_lang": "en"}, 400,
     "empty"),
    ("GET", "/api/v1/lookup", {"text": "window", "source_lang": "zz-!", "target_lang": "en"},
     400, "language"),
    ("GET", "/api/v1/lookup", {"text": "The window could not be opened", "source_lang": "ar",
                               "target_lang": "en"}, 400, "script"),
    ("GET", "/api/v1/nothing", {}, 404, "Not Found"),
    ("DELETE", "/api/v1/lookup", {}, 405, "Method Not Allowed"),
])
def test_malformed_requests_get_clean_json(http: httpx.Client, method: str, path: str,
                                           params: dict[str, str], status: int,
                                           words: str) -> None:
    assert words in _error(http.request(method, path, params=params), status)


def test_malformed_writes_get_clean_json(http: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    cases = [
        (b"[{", "application/json", 400, "not JSON"),
        (b"{}", "application/json", 422, "list"),
        (b'[{"source": "a"}]', "application/json", 422, "target"),
        (b'[{"source": "a", "target": 3, "source_lang": "en", "target_lang": "ar"}]',
         "application/json", 422, "target is not a string"),
        (b'[{"source": "a", "target": "b", "source_lang": "en", "target_lang": "ar", '
         b'"x": 1}]', "application/json", 422, "unknown field"),
        (b'[{"source": "a", "target": "b", "source_lang": "1=1", "target_lang": "ar"}]',
         "application/json", 422, "language"),
        (b"source,target", "text/csv", 415, "TMX or PO"),
    ]
    for body, kind, status, words in cases:
        answer = http.post("/api/v1/units", content=body,
                           headers={**auth, "Content-Type": kind})
        assert words in _error(answer, status), body


# --- access ---------------------------------------------------------------------------------------


def test_writes_need_the_token_and_files_are_never_changed(http: httpx.Client,
                                                          english: Path) -> None:
    before = _digest(english)
    unit = [{"source": "The window could not be opened.", "target": "مكتوب فوقه",
             "source_lang": "en", "target_lang": "ar"}]
    for headers in ({}, {"Authorization": "Bearer " + "x" * 40},
                    {"Authorization": f"Basic {WRITE_TOKEN}"},
                    {"Authorization": f"Bearer {WRITE_TOKEN[:-1]}"}):
        answer = http.post("/api/v1/units", json=unit, headers=headers)
        _error(answer, 401)
        assert answer.headers["www-authenticate"] == "Bearer"
    # With the token, a memory of files still refuses: the server never changes them.
    answer = http.post("/api/v1/units", json=unit,
                       headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert "PostgreSQL" in _error(answer, 405)
    upload = http.post("/api/v1/units", files={"file": ("more.po", english.read_bytes())},
                       headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    _error(upload, 405)
    assert _digest(english) == before
    found = http.get("/api/v1/lookup", params={"text": "The window could not be opened.",
                                               "source_lang": "en", "target_lang": "ar"})
    assert found.json()["results"][0]["target"] == "تعذّر فتح النافذة."


def test_read_tokens_close_reads(folder: Path) -> None:
    readers = folder / "readers.txt"
    readers.write_text(READ_TOKEN + "\n", encoding="utf-8")
    writers = folder / "writers.txt"
    writers.write_text(WRITE_TOKEN + "\n", encoding="utf-8")
    args = ["-m", str(ARTICLE), "--read-token-file", str(readers), "--token-file",
            str(writers)]
    params = {"text": QUERY, "source_lang": "ar", "target_lang": "en"}
    with running_server(args, folder, env=tarjama_env(
            TARJAMA_CACHE_DIR=str(folder / "cache"))) as server:
        with server.client() as anonymous:
            _error(anonymous.get("/api/v1/lookup", params=params), 401)
            _error(anonymous.get(weblate_url("ar", "en", QUERY)), 401)
            assert anonymous.get("/healthz").status_code == 200
        with server.client(READ_TOKEN) as reader:
            assert reader.get("/api/v1/lookup", params=params).status_code == 200
            _error(reader.post("/api/v1/units", json=[]), 401)
        with server.client(WRITE_TOKEN) as writer:
            assert writer.get(weblate_url("ar", "en", QUERY)).status_code == 200


# --- the command --------------------------------------------------------------------------------


def test_serve_refuses_what_it_cannot_serve(tmp_path: Path) -> None:
    missing = run_serve(["-m", str(tmp_path / "nothing.po")], tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("tarjama: error: ") and "nothing.po" in missing.stderr
    none = run_serve([], tmp_path)
    assert none.returncode == 2 and "TARJAMA_MEMORY_URL" in none.stderr
    short = tmp_path / "short.txt"
    short.write_text("\n# comment\nabc\n", encoding="utf-8")
    bad = run_serve(["-m", str(ARTICLE), "--token-file", str(short)], tmp_path)
    assert bad.returncode == 2 and f"{short}:3:" in bad.stderr
    mixed = run_serve(["-m", str(ARTICLE), "-m", "postgresql://localhost/tm"], tmp_path)
    assert mixed.returncode == 2 and "not both" in mixed.stderr
    assert "Traceback" not in missing.stderr + none.stderr + bad.stderr + mixed.stderr


def test_serve_refuses_a_port_in_use(server: Server, folder: Path) -> None:
    port = server.url.rsplit(":", 1)[1]
    taken = run_serve(["-m", str(ARTICLE), "--port", port], folder)
    assert taken.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in taken.stderr


def test_serve_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    # A module set to None in sys.modules is one Python cannot import (as if not installed).
    script = (
        "import sys\n"
        "sys.modules['fastapi'] = sys.modules['uvicorn'] = None\n"
        "from tarjama.cli import main\n"
        f"main(['serve', '-m', {str(ARTICLE)!r}])\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=tarjama_env(), cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert "pip install 'tarjama[server]'" in done.stderr
    assert "Traceback" not in done.stderr


# --- worker processes -------------------------------------------------------------------------


def test_several_workers_answer_on_one_port(folder: Path) -> None:
    """``--workers 2``: both processes start from the configuration they are sent and answer
    Weblate's request on the one port."""
    env = tarjama_env(TARJAMA_CACHE_DIR=str(folder / "cache"))
    with running_server(["-m", str(ARTICLE), "--workers", "2"], folder, env=env) as running, \
            running.client() as client:
        for _ in range(4):
            answer = client.get(weblate_url("ar", "en", QUERY + "؟"))
            assert answer.status_code == 200, answer.text
            assert answer.json()[0]["quality"] == 100.0
        assert len(_children(running.process.pid)) >= 2


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_worker_connections_get_tcp_nodelay() -> None:
    """The socket several workers share says it is TCP, so asyncio turns Nagle's algorithm off
    on each connection accepted from it; uvicorn's own (protocol 0, Kludex/uvicorn#3149) left it
    on, and every kept-alive request waited ~40 ms for the client's delayed ACK."""
    import asyncio
    import socket

    from tarjama.server.workers import TcpConfig

    config = TcpConfig("tarjama.server.app:app_from_environment", factory=True,
                       host="127.0.0.1", port=0, workers=2, log_level="warning")
    listener = config.bind_socket()

    async def accepted_nodelay() -> int:
        loop = asyncio.get_running_loop()
        found: asyncio.Future[int] = loop.create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                found.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await loop.create_server(Probe, sock=listener)
        try:
            _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
            value = await asyncio.wait_for(found, 10)
            writer.close()
            await writer.wait_closed()
            return value
        finally:
            server.close()
            await server.wait_closed()

    try:
        assert listener.proto == socket.IPPROTO_TCP
        assert asyncio.run(accepted_nodelay()) != 0
    finally:
        listener.close()
