"""A real ``tarjama serve`` process for the tests: started on a free port, waited for
through /healthz, stopped (and its log shown on failure) at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import tarjama

SRC = str(Path(tarjama.__file__).resolve().parent.parent)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tarjama_env(**extra: str) -> dict[str, str]:
    """The environment of a tarjama subprocess: this checkout's sources first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env.pop(_MEMORY_VARIABLE, None)
    env.update(extra)
    return env


_MEMORY_VARIABLE = "TARJAMA_MEMORY_URL"


class Server:
    """A running ``tarjama serve``: its base URL, process and log."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log

    def client(self, token: str | None = None, timeout: float = 10.0) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_server(args: list[str], tmp: Path, *, env: dict[str, str] | None = None,
                   wait: float = 30.0, healthy: bool = True) -> Iterator[Server]:
    """``tarjama serve ARGS --port FREE`` until the block ends; waits until /healthz answers
    (200 when ``healthy``, any answer otherwise)."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tarjama", "serve", *args, "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env or tarjama_env(),
            cwd=tmp)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_ready(server, wait, healthy)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(server: Server, wait: float, healthy: bool) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"tarjama serve exited {server.process.returncode}:\n"
                                 f"{server.output()}")
        try:
            answer = httpx.get(server.url + "/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        if answer.status_code == 200 or not healthy:
            return
        time.sleep(0.1)
    raise AssertionError(f"tarjama serve did not become ready in {wait} s:\n{server.output()}")


def run_serve(args: list[str], tmp: Path,
              timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """``tarjama serve ARGS`` expected to fail before serving: its exit code and output."""
    return subprocess.run([sys.executable, "-m", "tarjama", "serve", *args],
                          capture_output=True, text=True, env=tarjama_env(), cwd=tmp,
                          timeout=timeout, check=False)


def po_memory(path: Path, pairs: list[tuple[str, str]], source: str, target: str) -> Path:
    """Write ``pairs`` as a translated PO catalog (a memory file)."""
    from tarjama.formats.po import new_header, write_po
    from tarjama.model import Catalog, Unit

    catalog = Catalog(header=new_header(source_lang=source, target_lang=target))
    catalog.units.extend(Unit(source=src, target=tgt) for src, tgt in pairs)
    write_po(catalog, path)
    return path


def raw_request(base: str, method: str, target: str,
                headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """A request httpx would not send, with the standard library's client: a URL over 64 KB,
    or a head announcing a body it never sends. Status, content type and body."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.getheader("content-type") or "", answer.read()
    finally:
        connection.close()
