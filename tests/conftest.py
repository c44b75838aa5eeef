"""Shared fixtures: running the CLI in-process, the shared corpus, and real peer tools."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pgcluster import PgCluster, PostgresMissing
from tarjama.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
REFS = SHARED / "refs"
SEED = SHARED / "seed"
LOCALES = ROOT / "locales"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_tarjama(*args: str, input: str | bytes | None = None) -> Result:
    """Run ``tarjama ARGS`` in-process, as the console script would, and capture everything."""
    runner = CliRunner()
    with runner.isolation(input=input) as streams:
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:  # pragma: no cover - main always exits
            code = 0
        stdout = streams[0].getvalue().decode("utf-8", "replace")
        stderr = streams[1].getvalue().decode("utf-8", "replace")
    return Result(code, stdout, stderr)


@pytest.fixture
def tarjama() -> Callable[..., Result]:
    """The CLI runner as a fixture: ``tarjama("stats", path)``."""
    return run_tarjama


def _required(variable: str) -> bool:
    return os.environ.get(variable) == "1"


def need_shared(path: Path) -> Path:
    """``path`` under ../shared, skipping the test when it is absent (failing when
    ``TARJAMA_REQUIRE_CORPUS=1``)."""
    if not path.exists():
        if _required("TARJAMA_REQUIRE_CORPUS"):
            pytest.fail(f"{path} is missing and TARJAMA_REQUIRE_CORPUS=1")
        pytest.skip(f"{path} is not here (the shared corpus sits beside the checkout)")
    return path


@pytest.fixture
def corpus() -> Path:
    """``../shared/corpus``; skips when absent unless ``TARJAMA_REQUIRE_CORPUS=1``."""
    return need_shared(CORPUS)


@pytest.fixture
def refs() -> Path:
    """``../shared/refs`` (TMX DTD and LISA kit files)."""
    return need_shared(REFS)


@pytest.fixture
def seed() -> Path:
    """``../shared/seed`` (the article, verbatim)."""
    return need_shared(SEED)


def need_tool(name: str) -> str:
    """The path of an external program, skipping without it (failing when
    ``TARJAMA_REQUIRE_INTEROP=1``)."""
    found = shutil.which(name)
    if found is None:
        if _required("TARJAMA_REQUIRE_INTEROP"):
            pytest.fail(f"{name} is not installed and TARJAMA_REQUIRE_INTEROP=1")
        pytest.skip(f"{name} is not installed")
    return found


def need_module(name: str) -> None:
    """Import-check a Python peer (translate-toolkit...), skip or fail like :func:`need_tool`."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        if _required("TARJAMA_REQUIRE_INTEROP"):
            pytest.fail(f"Python module {name} is missing and TARJAMA_REQUIRE_INTEROP=1")
        pytest.skip(f"Python module {name} is not installed")


def corpus_po_files() -> list[Path]:
    """The real catalogs of ../shared/corpus/po (empty when absent: tests then skip)."""
    folder = CORPUS / "po"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


# --- PostgreSQL: one real throwaway cluster per test session (tests/pgcluster.py) ----------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL cluster of its own for the session (initdb/pg_ctl from Debian's package,
    run as ``postgres`` when root), removed at the end. Skips without PostgreSQL or psycopg,
    unless ``TARJAMA_REQUIRE_POSTGRES=1``, which makes that a failure."""
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        if _required("TARJAMA_REQUIRE_POSTGRES"):
            pytest.fail("psycopg is not installed and TARJAMA_REQUIRE_POSTGRES=1 "
                        "(pip install 'tarjama[server]')")
        pytest.skip("psycopg is not installed (pip install 'tarjama[server]')")
    try:
        cluster = PgCluster()
    except PostgresMissing as exc:
        if _required("TARJAMA_REQUIRE_POSTGRES"):
            pytest.fail(f"{exc} and TARJAMA_REQUIRE_POSTGRES=1")
        pytest.skip(str(exc))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


_databases = itertools.count(1)


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a fresh, empty database (with pg_trgm) in the session's cluster, dropped
    after the test."""
    name = f"tarjama_test_{os.getpid()}_{next(_databases)}"
    url = pg_cluster.create_database(name)
    try:
        yield url
    finally:
        if pg_cluster.running:
            pg_cluster.drop_database(name)
def _mount_small_fs(folder: Path, size_kb: int) -> str | None:
    """Mount a tmpfs of ``size_kb`` KiB on ``folder``; the reason it cannot be done, if not."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "mounting a small filesystem needs root"
    mount = shutil.which("mount")
    if mount is None:
        return "no mount command"
    import subprocess

    done = subprocess.run([mount, "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"cannot mount a tmpfs here: {done.stderr.strip()}"
    return None


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """A factory of real small filesystems (tmpfs of N KiB) mounted for the test: a disk that
    fills up. Skips with the reason where it cannot mount (not root), and fails instead when
    ``TARJAMA_REQUIRE_ROOTFS=1`` (CI)."""
    import subprocess

    mounted: list[Path] = []

    def make(size_kb: int) -> Path:
        folder = tmp_path / f"small{len(mounted)}"
        folder.mkdir()
        reason = _mount_small_fs(folder, size_kb)
        if reason is not None:
            if _required("TARJAMA_REQUIRE_ROOTFS"):
                pytest.fail(f"{reason} and TARJAMA_REQUIRE_ROOTFS=1")
            pytest.skip(reason)
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill_up(folder: Path, leave: int) -> None:
    """Fill the filesystem of ``folder`` until about ``leave`` bytes are free."""
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    if free > leave:
        (folder / "filler").write_bytes(b"\0" * (free - leave))
