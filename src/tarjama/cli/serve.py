"""``tarjama serve``: the shared memory as an HTTP service (tarjama's API and amaGama's)."""

from __future__ import annotations

import click

from tarjama.cli.memory import reporter
from tarjama.cli.params import ARTICLE_PO, examples
from tarjama.server.config import MAX_BODY_MB, MEMORY_VARIABLE, ServeConfig


@click.command("serve", epilog=examples(
    "tarjama serve --memory postgresql://tarjama@localhost/tm --token-file tokens.txt",
    f"tarjama serve --memory {ARTICLE_PO} --port 8081",
))
@click.option("-m", "--memory", "memories", multiple=True, envvar=MEMORY_VARIABLE,
              metavar="URL|FILE",
              help=f"A PostgreSQL memory (postgresql://...; default ${MEMORY_VARIABLE}), or PO, "
                   "TMX and index files served read-only (repeatable).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True,
              help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help="File of bearer tokens (one a line) that may add units; without it the "
                   "server takes no writes.")
@click.option("--read-token-file", type=click.Path(dir_okay=False), default=None,
              help="File of bearer tokens that may read; without it reads are open.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (a PostgreSQL memory: about one per core).")
@click.option("--max-upload", "max_upload", type=click.IntRange(1, 4096), default=MAX_BODY_MB,
              show_default=True, metavar="MB",
              help="Refuse request bodies (JSON units, TMX and PO uploads) over this.")
def command(memories: tuple[str, ...], host: str, port: int, token_file: str | None,
            read_token_file: str | None, workers: int, max_upload: int) -> None:
    """Serve a translation memory over HTTP: tarjama's JSON API (/api/v1), amaGama's
    (/tmserver, for Weblate and Virtaal), /healthz and an OpenAPI document (/docs).

    The server keeps no state: several servers may serve one PostgreSQL database. Needs the
    server extra: pip install 'tarjama[server]'.
    """
    from tarjama.server.run import serve

    serve(ServeConfig(memories=memories, host=host, port=port, workers=workers,
                      max_body_mb=max_upload, token_file=token_file,
                      read_token_file=read_token_file), reporter)
