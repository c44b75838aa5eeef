"""Nothing lost, nothing doubled: a memory import killed at random moments and run again,
two imports of overlapping files at once (a real PostgreSQL, real processes, SIGKILL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

psycopg = pytest.importorskip("psycopg")

from tarjama.memory.postgres import PostgresStore  # noqa: E402

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
          '<header srclang="ar" segtype="sentence" o-tmf="x" adminlang="en" '
          'datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n<body>\n')
WORDS = ["الحكومة", "البرلمان", "أعلنت", "خطة", "جديدة", "للتعليم", "في", "بغداد", "مساء",
         "الاثنين", "رفضت", "الميزانية", "السنوية", "التحالف", "الدولي"]


def _write_tmx(path: Path, numbers: range) -> Path:
    lines = [HEADER]
    for n in numbers:
        rng = random.Random(n)  # unit n is the same in every file
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        lines.append(f'<tu><tuv xml:lang="ar"><seg>{words} (رقم {n})</seg></tuv>'
                     f'<tuv xml:lang="en"><seg>Sentence number {n}</seg></tuv></tu>\n')
    lines.append("</body>\n</tmx>\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _import(path: Path, url: str, origin: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tarjama", "memory", "import", str(path),
                             "--to", url, "--origin", origin],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(process: subprocess.Popen[bytes]) -> None:
    _, errors = process.communicate(timeout=600)
    assert process.returncode == 0, errors.decode("utf-8", "replace")


def _units(url: str) -> tuple[int, int, int]:
    """(units, distinct sources, sources stored more than once)."""
    with psycopg.connect(url) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT source) FROM tm_unit").fetchone()
        doubled = conn.execute("SELECT count(*) FROM (SELECT source FROM tm_unit "
                               "GROUP BY origin_id, source HAVING count(*) > 1) d").fetchone()[0]
    return int(total), int(distinct), int(doubled)


def test_an_import_killed_at_random_moments_and_run_again_has_each_unit_once(
        pg_url: str, tmp_path: Path) -> None:
    units = 2000
    tmx = _write_tmx(tmp_path / "team.tmx", range(units))
    with PostgresStore(pg_url) as store:
        store.init_schema()
    # How long a whole import takes here, so that the kills fall before, during and after
    # the copy, the upsert and the commit.
    start = time.monotonic()
    _finish(_import(tmx, pg_url, "timing"))
    took = time.monotonic() - start
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DELETE FROM tm_unit")
    rng = random.Random(int(os.environ.get("TARJAMA_KILL_SEED", "20261202")))
    killed = 0
    states = set()
    # At least 10 imports killed while they run: on a loaded machine (the suite runs on every
    # core) an import may end before its kill, so tries go on until ten kills have landed.
    for _ in range(40):
        if killed >= 10:
            break
        process = _import(tmx, pg_url, "team")
        time.sleep(rng.uniform(0.05, 0.95) * took)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.communicate(timeout=600)
        total, _, doubled = _units(pg_url)
        assert doubled == 0
        states.add(total)
        assert total in (0, units)  # a file is in whole or not at all
    assert killed >= 10
    _finish(_import(tmx, pg_url, "team"))
    assert _units(pg_url) == (units, units, 0)


def test_two_imports_of_overlapping_files_at_once_store_each_unit_once(
        pg_url: str, tmp_path: Path) -> None:
    first = _write_tmx(tmp_path / "a.tmx", range(0, 3000))
    second = _write_tmx(tmp_path / "b.tmx", range(1500, 4500))
    with PostgresStore(pg_url) as store:
        store.init_schema()
    running = [_import(first, pg_url, "team"), _import(second, pg_url, "team"),
               _import(first, pg_url, "other"), _import(second, pg_url, "other")]
    for process in running:
        _finish(process)
    # Each origin holds every unit of its files once; a unit both files share is one unit.
    with psycopg.connect(pg_url) as conn:
        counts = dict(conn.execute("SELECT o.name, count(*) FROM tm_unit u JOIN tm_origin o "
                                   "ON o.id = u.origin_id GROUP BY 1").fetchall())
    assert counts == {"team": 4500, "other": 4500}
    assert _units(pg_url) == (9000, 4500, 0)
