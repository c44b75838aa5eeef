"""What ``tarjama serve`` was asked to serve, and how: plain data, importable without the
``server`` extra (the command checks its options before it needs FastAPI)."""

from __future__ import annotations

import hmac
import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from tarjama.errors import InputError, UsageError, warn

# The environment variable that carries the configuration to each worker process.
CONFIG_VARIABLE = "TARJAMA_SERVE_CONFIG"
# The default memory when --memory is not given.
MEMORY_VARIABLE = "TARJAMA_MEMORY_URL"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

# Request limits: a text longer than this is no segment (a whole file pasted by mistake, or
# a client probing), and is refused with 413 before any search.
MAX_TEXT_CHARS = 20_000
# A request body (a JSON list of units, a TMX or PO upload) larger than this (MB, the default
# of --max-upload) is refused with 413 while it arrives; 'tarjama memory import' loads bigger
# files.
MAX_BODY_MB = 64
# Units in one JSON request.
MAX_UNITS = 10_000
# Matches in one answer.
MAX_LIMIT = 100


def is_postgres(spec: str) -> bool:
    """Whether a memory given to --memory is a PostgreSQL URL (else: files)."""
    return spec.lower().startswith(POSTGRES_SCHEMES)


@dataclass(frozen=True)
class Tokens:
    """The bearer tokens that may write, and those that may read (empty: reads are open)."""

    write: tuple[str, ...] = ()
    read: tuple[str, ...] = ()

    @property
    def reads_open(self) -> bool:
        return not self.read

    def may_write(self, token: str | None) -> bool:
        return token is not None and _one_of(token, self.write)

    def may_read(self, token: str | None) -> bool:
        # A token that may write may read too.
        return self.reads_open or (token is not None and _one_of(token, self.read + self.write))


def _one_of(token: str, tokens: tuple[str, ...]) -> bool:
    """Whether ``token`` is one of ``tokens``, compared in constant time (all are compared,
    so that the time taken tells nothing of which one, or how much, matched)."""
    given = token.encode("utf-8")
    found = False
    for known in tokens:
        found |= hmac.compare_digest(given, known.encode("utf-8"))
    return found


def read_tokens(path: str) -> tuple[str, ...]:
    """The tokens of a token file: one a line, blank lines and ``#`` comments ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("no such token file", path=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the token file: {exc}", path=path) from exc
    tokens = []
    for number, line in enumerate(text.splitlines(), 1):
        token = line.strip()
        if not token or token.startswith("#"):
            continue
        if len(token) < 16 or any(char.isspace() for char in token):
            raise InputError("a token is one word of 16 characters or more (try "
                             "'openssl rand -hex 32')", path=path, line=number)
        tokens.append(token)
    if not tokens:
        raise InputError("no token in the token file", path=path)
    return tuple(tokens)


def warn_if_shared(path: str) -> None:
    """Warn of a token file other users of the machine can read."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        warn(f"{path} can be read by other users of this machine (chmod 600 it)")


@dataclass(frozen=True)
class ServeConfig:
    """What to serve: PostgreSQL URL or memory files, who may read and write."""

    memories: tuple[str, ...]
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    max_body_mb: int = MAX_BODY_MB
    # Files of bearer tokens (read by each worker: the tokens never go through the
    # environment or the command line).
    token_file: str | None = None
    read_token_file: str | None = None

    def tokens(self) -> Tokens:
        return Tokens(
            read_tokens(self.token_file) if self.token_file else (),
            read_tokens(self.read_token_file) if self.read_token_file else (),
        )

    @property
    def postgres(self) -> bool:
        return is_postgres(self.memories[0])

    def check(self) -> None:
        """Refuse a mixture of a database and files, or of two databases."""
        if not self.memories:
            raise UsageError(f"no memory given (use --memory URL, or set {MEMORY_VARIABLE})")
        kinds = {is_postgres(spec) for spec in self.memories}
        if len(kinds) > 1 or (self.postgres and len(self.memories) > 1):
            raise UsageError("serve one PostgreSQL memory, or memory files: not both, and not "
                             "two databases")

    def to_environment(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> ServeConfig:
        raw = os.environ.get(CONFIG_VARIABLE)
        if not raw:
            raise UsageError(f"{CONFIG_VARIABLE} is not set: start the server with "
                             "'tarjama serve'")
        data = json.loads(raw)
        return cls(memories=tuple(data.pop("memories")), **data)
