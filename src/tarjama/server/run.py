"""Start the HTTP service: check what can be checked before binding (the extra installed,
the memory there, the token files readable, the port free), then run uvicorn with one or more
worker processes, each configured through the environment."""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import socket
from collections.abc import Callable
from typing import Any

from tarjama.errors import TarjamaError, UsageError
from tarjama.server.config import CONFIG_VARIABLE, ServeConfig, warn_if_shared

# The request head uvicorn accepts (h11's default is 16 KB): big enough for the app itself to
# refuse a text of a million Arabic letters in a URL (6 MB quoted) with a JSON 414, not
# with uvicorn's plain-text 400.
MAX_HEAD_BYTES = 12 * 1024 * 1024
EXTRA = "pip install 'tarjama[server]'"
# The app each worker process makes (uvicorn's factory).
APP = "tarjama.server.app:app_from_environment"


def require_extra(postgres: bool) -> None:
    """Refuse to start without the ``server`` extra, saying how to install it."""
    needed = ["fastapi", "uvicorn", "multipart"] + (["psycopg", "psycopg_pool"] if postgres
                                                    else [])
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"'tarjama serve' needs the server extra ({', '.join(missing)} "
                         f"missing): {EXTRA}")


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = ("the port is in use" if exc.errno == errno.EADDRINUSE
                      else exc.strerror or str(exc))
            raise UsageError(f"cannot listen on {host}:{port}: {reason}") from exc


def check(config: ServeConfig) -> None:
    """Everything that can fail before the server starts, as one-line errors."""
    config.check()
    require_extra(config.postgres)
    for path in (config.token_file, config.read_token_file):
        if path:
            warn_if_shared(path)
    config.tokens()
    from tarjama.server.stores import open_served

    store = open_served(config.memories)
    try:
        store.ping()
        store.pairs()
    finally:
        store.close()
    _check_port(config.host, config.port)


def serve(config: ServeConfig, report: Callable[[str], None]) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM)."""
    check(config)
    import uvicorn

    os.environ[CONFIG_VARIABLE] = config.to_environment()
    access = "reads open" if config.tokens().reads_open else "reads need a token"
    writes = "writes need a token" if config.token_file else "no writes (no --token-file)"
    shown = "[::1]" if config.host == "::1" else config.host
    report(f"serving {', '.join(_shown(spec) for spec in config.memories)} on "
           f"http://{shown}:{config.port} ({access}, {writes}; API at /docs)")
    options: dict[str, Any] = {
        "factory": True, "host": config.host, "port": config.port, "workers": config.workers,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES, "log_level": "warning",
        "access_log": False, "server_header": False}
    with contextlib.suppress(KeyboardInterrupt):
        if config.workers > 1:
            # Not uvicorn.run: its socket for several workers loses TCP_NODELAY (workers.py).
            from tarjama.server.workers import run_workers

            run_workers(APP, **options)
        else:
            uvicorn.run(APP, **options)


def _shown(spec: str) -> str:
    """A memory as a message shows it: a URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(spec)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return spec


__all__ = ["TarjamaError", "check", "require_extra", "serve"]
