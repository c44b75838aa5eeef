"""The tests' throwaway PostgreSQL clusters do not outlive a killed run: the next cluster
started stops and removes those whose owner is gone, and never one whose owner lives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgcluster import LOCK_NAME, PREFIX, PostgresMissing, find_bindir, sweep_orphans

TESTS = Path(__file__).resolve().parent

# Started in another process, which prints the cluster's folder and waits to be killed.
OWNER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pgcluster import PgCluster
cluster = PgCluster().start()
print(cluster.folder, cluster.port, flush=True)
time.sleep(600)
"""


@pytest.fixture
def root() -> Iterator[Path]:
    """A temporary root the postgres user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="tarjama-sweep-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        sweep_orphans(Path("/nonexistent"), str(folder))
        folder.rmdir()


def _server_alive(folder: Path) -> bool:
    pid_file = folder / "data" / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.postgres
def test_a_killed_runs_cluster_is_stopped_and_removed_by_the_next_start(root: Path) -> None:
    try:
        bindir = find_bindir()
    except PostgresMissing as exc:
        if os.environ.get("TARJAMA_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{exc} and TARJAMA_REQUIRE_POSTGRES=1")
        pytest.skip(str(exc))
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(TESTS)], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "TMPDIR": str(root)})
    assert owner.stdout is not None
    folder = Path(owner.stdout.readline().split()[0])
    try:
        assert _server_alive(folder)
        # While its owner lives, a sweep leaves it alone.
        assert sweep_orphans(bindir, str(root)) == []
        assert _server_alive(folder)
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=30)
        assert _server_alive(folder), "the server should outlive its killed owner"
        assert sweep_orphans(bindir, str(root)) == [folder]
        assert not folder.exists()
        deadline = time.monotonic() + 10
        while _server_alive(folder) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _server_alive(folder)
    finally:
        owner.kill()
        owner.wait(timeout=30)
        owner.stdout.close()


def test_folders_of_live_or_young_owners_are_kept(root: Path) -> None:
    young = root / (PREFIX + "young")  # its owner has not made its lock file yet
    young.mkdir()
    old = root / (PREFIX + "old")  # an old folder with no lock and no server
    old.mkdir()
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    running = root / (PREFIX + "running")  # as old, with no lock, but its server runs
    (running / "data").mkdir(parents=True)
    (running / "data" / "postmaster.pid").write_text(f"{os.getpid()}\n")
    os.utime(running, (time.time() - 3600, time.time() - 3600))
    held = root / (PREFIX + "held")
    held.mkdir()
    (held / LOCK_NAME).touch()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1]); "
         "fcntl.flock(f, fcntl.LOCK_EX); print(flush=True); time.sleep(600)",
         str(held / LOCK_NAME)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    try:
        holder.stdout.readline()
        assert sweep_orphans(Path("/nonexistent"), str(root)) == [old]
        assert young.exists() and held.exists() and running.exists() and not old.exists()
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdout.close()
    # Its owner gone, the lock is free: the next sweep takes it.
    assert sweep_orphans(Path("/nonexistent"), str(root)) == [held]
    young.rmdir()
    (running / "data" / "postmaster.pid").unlink()
    (running / "data").rmdir()
    running.rmdir()
