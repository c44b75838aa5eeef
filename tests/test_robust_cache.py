"""The memory cache in an unlucky world: a full disk, damaged and stale indexes, memories
through pipes, a FIFO where the cache file should be, many processes on a cold cache (issue
15, items 1, 3, 4 and 5 and the notes on the cache)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import fill_up, run_tarjama
from robust_helpers import numbered, po_text, run, tarjama_env, temporaries, write_po_file
from tarjama.memory import store
from tarjama.memory.store import Pair, cached_index_path, open_index

SmallFs = Callable[[int], Path]
QUERY = "الجملة رقم 7 عن الحكومة"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(folder))
    return folder


def _memory(folder: Path, count: int = 50, translation: str = "Sentence {i}") -> Path:
    return write_po_file(folder / "mem.po", numbered(count, translation))


def _lookup(memory: str | Path, *extra: str) -> tuple[int, str, str]:
    result = run_tarjama("lookup", QUERY, "-m", str(memory), *extra)
    return result.exit_code, result.stdout, result.stderr


# --- a full disk ---------------------------------------------------------------------------------


def test_cache_on_a_full_disk_falls_back_to_memory(tmp_path: Path, small_fs: SmallFs,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _memory(tmp_path, 3000)
    full = small_fs(512)
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(full / "c"))
    fill_up(full, 96 * 1024)  # room to start the index, not to finish it
    code, out, err = _lookup(memory)
    assert code == 0, err
    assert "Sentence 7" in out
    assert "internal error" not in err
    assert "cannot cache the index" in err and "indexing it in memory" in err
    assert temporaries(full) == []


def test_memory_build_output_on_a_full_disk_is_one_line(tmp_path: Path,
                                                        small_fs: SmallFs) -> None:
    memory = _memory(tmp_path, 3000)
    full = small_fs(512)
    fill_up(full, 96 * 1024)
    code, err = run(["memory", "build", str(memory), "-o", str(full / "mem.tjmi")])
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tarjama: error: "), err
    assert "disk is full" in lines[0] or "No space left" in lines[0]
    assert "internal error" not in lines[0]
    assert not (full / "mem.tjmi").exists()
    assert temporaries(full) == []


# --- damaged and stale indexes -------------------------------------------------------------------


def _damage(path: Path, where: str) -> None:
    """Overwrite pages of a SQLite file with garbage (bad sectors): those of its metadata
    (it then fails to open), or those of the lookup indexes (it opens, then fails to
    answer)."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        roots = dict(db.execute("SELECT name, rootpage FROM sqlite_master").fetchall())
        page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    first, last = ((roots["meta"], roots["meta"] + 1) if where == "open"
                   else (roots["units_key"], len(data) // page + 1))
    for number in range(first, last):  # 1-based page numbers
        data[(number - 1) * page:number * page] = os.urandom(page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["open", "query"])
def test_a_damaged_cached_index_is_rebuilt_once(tmp_path: Path, cache: Path,
                                                where: str) -> None:
    memory = _memory(tmp_path, 4000)
    assert _lookup(memory)[0] == 0
    cached = cached_index_path(str(memory))
    _damage(cached, where)
    code, out, err = _lookup(memory)
    assert code == 0, err
    assert "Sentence 7" in out
    assert "rebuilding it" in err
    code, out, err = _lookup(memory)  # the next run: the rebuilt index, silently
    assert (code, err) == (0, "")
    assert "Sentence 7" in out


def test_memory_build_rebuilds_the_cache(tmp_path: Path, cache: Path) -> None:
    memory = _memory(tmp_path)
    assert run_tarjama("memory", "build", str(memory)).exit_code == 0
    cached = cached_index_path(str(memory))
    before = cached.stat().st_ino
    _damage(cached, "query")  # it opens: only a rebuild mends it
    result = run_tarjama("memory", "build", str(memory))
    assert result.exit_code == 0, result.stderr
    assert cached.stat().st_ino != before
    assert str(cached) in result.stdout
    assert _lookup(memory)[0] == 0


@pytest.mark.parametrize("how", ["cp -p", "touch -r"])
def test_a_changed_memory_with_the_same_size_and_mtime_is_indexed_anew(
        tmp_path: Path, cache: Path, how: str) -> None:
    memory = _memory(tmp_path, translation="Sentence {i}")
    assert "Sentence 7" in _lookup(memory)[1]
    changed = tmp_path / "changed.po"
    changed.write_text(po_text(numbered(50, "Phrase   {i}")), encoding="utf-8")
    assert changed.stat().st_size == memory.stat().st_size
    if how == "cp -p":
        os.utime(changed, ns=(memory.stat().st_atime_ns, memory.stat().st_mtime_ns))
        shutil.copy2(changed, memory)
    else:
        stamp = memory.stat()
        memory.write_bytes(changed.read_bytes())
        os.utime(memory, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    code, out, err = _lookup(memory)
    assert code == 0, err
    assert "Phrase   7" in out and "Sentence 7" not in out


# --- memories that are not regular files ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["po", "tmx"])
def test_a_memory_through_process_substitution(tmp_path: Path, cache: Path, kind: str) -> None:
    memory = _memory(tmp_path)
    if kind == "tmx":
        tmx = tmp_path / "mem.tmx"
        assert run_tarjama("export", str(memory), "-o", str(tmx)).exit_code == 0
        memory = tmx
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash for process substitution")
    done = subprocess.run(
        [bash, "-c", f'"$0" -m tarjama lookup "{QUERY}" -m <(cat "$1")', sys.executable,
         str(memory)], env=tarjama_env(TARJAMA_CACHE_DIR=str(cache)), capture_output=True,
        timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert "Sentence 7" in done.stdout.decode()
    assert not cache.exists() or not list(cache.glob("*.tjmi"))  # nothing cached for a pipe


def test_a_fifo_in_place_of_the_cache_file_is_refused(tmp_path: Path, cache: Path) -> None:
    memory = _memory(tmp_path)
    cached = cached_index_path(str(memory))
    cached.parent.mkdir(parents=True)
    os.mkfifo(cached)
    code, err = run(["lookup", QUERY, "-m", str(memory)],
                    env=tarjama_env(TARJAMA_CACHE_DIR=str(cache)))
    assert code == 0, err
    assert "not a regular file" in err
    code, err = run(["memory", "build", str(memory)],
                    env=tarjama_env(TARJAMA_CACHE_DIR=str(cache)))
    assert code == 2 and "not a regular file" in err, err


def test_memory_build_with_an_unwritable_cache_fails(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _memory(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(blocker / "cache"))
    result = run_tarjama("memory", "build", str(memory))
    assert result.exit_code == 2
    assert "cannot cache its index" in result.stderr
    assert f"index {memory}" not in result.stdout
    # Lookups still work, from an index in memory.
    assert _lookup(memory)[0] == 0


def test_units_name_the_memory_as_given_in_this_run(tmp_path: Path, cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _memory(tmp_path)
    assert _lookup(memory.resolve())[0] == 0  # cached under its absolute name
    monkeypatch.chdir(tmp_path)
    code, out, err = _lookup("mem.po")
    assert code == 0, err
    assert " mem.po:" in out and str(tmp_path) not in out
    template = tmp_path / "t.pot"
    # A near match, whose comment names the memory it came from.
    template.write_text(po_text([(QUERY + " الجديدة", "")]), encoding="utf-8")
    result = run_tarjama("pretranslate", "t.pot", "-m", "mem.po")
    assert result.exit_code == 0, result.stderr
    assert "from mem.po:" in result.stdout and str(tmp_path) not in result.stdout


def test_one_process_builds_a_cold_cache_and_the_others_reuse_it(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = _memory(tmp_path, 3000)
    builds: list[str] = []
    real_build = store.build_index

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(threading.current_thread().name)
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "build_index", counted)
    start = threading.Barrier(4)
    sizes: list[int] = []

    def open_one() -> None:
        start.wait()
        index = open_index(str(memory), Pair())
        sizes.append(index.size)
        index.close()

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sizes == [3000] * 4
    assert len(builds) == 1
