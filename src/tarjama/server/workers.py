"""Several uvicorn worker processes on one listening socket that keeps TCP_NODELAY.

With ``--workers N`` uvicorn binds the socket itself (``Config.bind_socket``) with its
protocol left at 0; the connections accepted from it inherit that, and asyncio turns Nagle's
algorithm off (TCP_NODELAY) only on sockets that say IPPROTO_TCP. Every answer (headers, then
body: two writes) then waited for the client's delayed ACK, about 40 ms on Linux, on every
request of a kept-alive connection: measured here, 44 ms for /healthz with two workers
against 1 ms with one (uvicorn issue Kludex/uvicorn#3149, open). :class:`TcpConfig` gives the
socket its protocol; the worker processes receive it as it is.
"""

from __future__ import annotations

import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess


class TcpConfig(uvicorn.Config):
    """uvicorn's configuration, with a TCP listening socket that says it is TCP."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if (sock.family in (socket.AF_INET, socket.AF_INET6)
                and sock.proto != socket.IPPROTO_TCP):
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP,
                                 fileno=sock.detach())
            sock.set_inheritable(True)
        return sock


def run_workers(app: str, **options: Any) -> None:
    """Serve ``app`` (an import string) in ``options["workers"]`` processes until stopped, as
    ``uvicorn.run`` does, on a socket from :class:`TcpConfig`."""
    config = TcpConfig(app, **options)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
