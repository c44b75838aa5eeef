"""A real, throwaway PostgreSQL cluster for the tests and benchmarks (no mock of the database).

:class:`PgCluster` runs ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package
(``/usr/lib/postgresql/NN/bin``) in a temporary folder, on a free port of 127.0.0.1 and a
private socket folder. initdb and the server refuse to run as root: as root they are run as
the ``postgres`` user through ``runuser -u postgres --``, in a folder that user owns. The
cluster and its folder are removed by :meth:`PgCluster.stop`.

A run that is killed cannot stop its cluster. Each cluster's folder therefore holds a lock file
locked for as long as its owner lives; starting a cluster first stops and removes the clusters
whose owner is gone (:func:`sweep_orphans`), so killed runs leave nothing behind for long, and
runs side by side (pytest-xdist workers) never touch each other's clusters.

conftest.py exposes it as the session fixture ``pg_cluster`` and the per-test fixture
``pg_url`` (a fresh database with pg_trgm). Benchmarks use it directly::

    with PgCluster.started() as cluster:
        url = cluster.create_database("bench")
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# Debian installs each major version's programs here; the newest one present is used.
BIN_ROOT = "/usr/lib/postgresql"
SUPERUSER = "postgres"
# Settings for a throwaway cluster: no durability needed, small and quick to start.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "128MB",
    "log_min_messages": "warning",
}


PREFIX = "tarjama-pg-"
LOCK_NAME = "owner.lock"
# A folder without a lock file (made before there was one) is taken as orphaned this old,
# when no server runs in it.
UNLOCKED_AGE = 600.0


class PostgresMissing(RuntimeError):
    """PostgreSQL's server programs are not installed."""


def find_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/NN/bin`` holding initdb and pg_ctl."""
    explicit = os.environ.get("TARJAMA_PG_BINDIR")
    candidates = [Path(explicit)] if explicit else sorted(
        Path(BIN_ROOT).glob("*/bin"), key=lambda p: int(p.parent.name) if
        p.parent.name.isdigit() else 0, reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise PostgresMissing(
        "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin; "
        "apt-get install postgresql postgresql-contrib)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PgCluster:
    """One PostgreSQL cluster in a temporary folder; :meth:`start` then :meth:`stop`."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        # Held until stop() (or the process's end): see sweep_orphans.
        self._owner = (self.folder / LOCK_NAME).open("w")
        fcntl.flock(self._owner, fcntl.LOCK_EX)
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.log = self.folder / "server.log"
        self.port = 0
        self.running = False

    # --- running the server's programs --------------------------------------------------------

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bindir / program), *args]
        return ["runuser", "-u", SUPERUSER, "--", *command] if self.as_root else command

    def _run(self, program: str, *args: str, check: bool = True,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self._command(program, *args), capture_output=True, text=True,
                              timeout=timeout, check=False, cwd=self.folder,
                              env={**os.environ, "LC_ALL": "C.UTF-8"})
        if check and done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}"
                               f"\n{self._log_tail()}")
        return done

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    # --- life cycle ------------------------------------------------------------------------------

    def start(self) -> PgCluster:
        """initdb (UTF-8, C.UTF-8 so that pg_trgm sees Arabic letters as letters) and start
        the server on a free port."""
        sweep_orphans(self.bindir)
        self.sockets.mkdir()
        if self.as_root:
            shutil.chown(self.folder, SUPERUSER, SUPERUSER)
            shutil.chown(self.sockets, SUPERUSER, SUPERUSER)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions")
        self.start_server()
        return self

    def start_server(self) -> None:
        """Start (or restart after :meth:`stop_server`) the server of an initialised cluster."""
        options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
        for _attempt in range(5):
            if not self.port or _attempt:
                self.port = free_port()
            done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                             "-t", "60", "-o",
                             f"-p {self.port} -k {self.sockets} {options}", "start",
                             check=False)
            if done.returncode == 0:
                self.running = True
                return
            time.sleep(0.2)  # the port was taken between finding it and binding it
        raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()}\n{self._log_tail()}")

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server, keeping the cluster (``mode``: smart, fast or immediate)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)
            self.running = False

    def stop(self) -> None:
        """Stop the server and remove the cluster and its folder."""
        try:
            self.stop_server("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._owner.close()

    @classmethod
    @contextlib.contextmanager
    def started(cls) -> Iterator[PgCluster]:
        cluster = cls()
        try:
            yield cluster.start()
        finally:
            cluster.stop()

    # --- databases ------------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql.encode("utf-8"))

    def create_database(self, name: str, *, extensions: tuple[str, ...] = ("pg_trgm",)) -> str:
        """A new empty database (with ``extensions``), and its URL."""
        self.execute(f'CREATE DATABASE "{name}"')
        for extension in extensions:
            self.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _orphaned(folder: Path) -> bool:
    """Whether the cluster in ``folder`` has lost its owner (the lock is free)."""
    try:
        # Never created here: a folder whose owner has not made its lock yet is not touched.
        lock = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        # Made by a version without the lock (or not locked yet): taken only when old and
        # with no server running, so that a long benchmark of an older checkout is kept.
        try:
            old = time.time() - folder.stat().st_mtime > UNLOCKED_AGE
        except OSError:
            return False
        return old and not _server_running(folder / "data")
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(lock)
    return True


def _server_running(data: Path) -> bool:
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_orphans(bindir: Path, root: str | None = None) -> list[Path]:
    """Stop and remove the throwaway clusters whose owning process is gone (a test run or a
    benchmark that was killed); returns the folders removed."""
    removed: list[Path] = []
    for folder in Path(root or tempfile.gettempdir()).glob(PREFIX + "*"):
        if not folder.is_dir() or not _orphaned(folder):
            continue
        data = folder / "data"
        if (data / "postmaster.pid").exists():
            command = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            if os.geteuid() == 0:
                command = ["runuser", "-u", SUPERUSER, "--", *command]
            subprocess.run(command, capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
