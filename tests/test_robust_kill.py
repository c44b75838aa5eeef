"""SIGKILL at random moments (issue 15): 30 kills across ``update --in-place``,
``pretranslate -o``, ``export -o`` and ``memory build`` (to a file and to the cache). After
each, every input is intact and every output is the old file or the new one, complete;
after all of them, the next run of each works and leaves no temporary file of ours."""

from __future__ import annotations

import random
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from robust_helpers import numbered, po_text, run, spawn, tarjama_env, temporaries
from tarjama.memory.index import MemoryIndex
from tarjama.memory.store import cached_index_path

KILLS_PER_COMMAND = 6  # five commands: 30 kills
_DATES = re.compile(rb'"PO-Revision-Date: [^"]*"|\d{8}T\d{6}Z|"POT-Creation-Date: [^"]*"')


def _normal(data: bytes) -> bytes:
    return _DATES.sub(b"DATE", data)


@dataclass
class Case:
    name: str
    argv: list[str]
    output: Path
    old: bytes  # what the output holds before each run
    inputs: list[Path]
    check: Callable[[bytes], bool] | None = None  # for outputs compared otherwise than by bytes


def _cases(folder: Path, cache: Path) -> list[Case]:
    memory = folder / "memory.po"
    memory.write_text(po_text(numbered(2000)), encoding="utf-8")
    source = folder / "article.ar.txt"
    source.write_text("".join(f"الجملة رقم {i} عن الحكومة.\n\n" for i in range(0, 1600, 2)),
                      encoding="utf-8")
    catalog = folder / "catalog.po"
    catalog.write_text(po_text(numbered(800, "Old {i}")), encoding="utf-8")
    template = folder / "template.pot"
    template.write_text(po_text(numbered(800, "")), encoding="utf-8")
    small = folder / "small.po"
    small.write_text(po_text(numbered(10)), encoding="utf-8")
    old_index = folder / "old.tjmi"
    code, err = run(["memory", "build", str(small), "-o", str(old_index)])
    assert code == 0, err
    cached_memory = folder / "cached.po"
    cached_memory.write_text(po_text(numbered(1500, "Cached {i}")), encoding="utf-8")

    def index_ok(sizes: tuple[int, ...]) -> Callable[[bytes], bool]:
        def check(data: bytes) -> bool:
            probe = folder / f"probe-{threading.get_ident()}.tjmi"
            probe.write_bytes(data)
            try:
                index = MemoryIndex.open(probe)
            except Exception:
                return False
            try:
                return index.size in sizes
            finally:
                index.close()
                probe.unlink()
        return check

    cached = cached_index_path(str(cached_memory))
    return [
        Case("update", ["update", str(source), str(catalog), "--in-place"], catalog,
             catalog.read_bytes(), [source]),
        Case("pretranslate", ["pretranslate", str(template), "-m", str(memory), "-o",
                              str(folder / "filled.po")], folder / "filled.po", b"old\n",
             [template, memory]),
        Case("export", ["export", str(memory), "-o", str(folder / "memory.tmx")],
             folder / "memory.tmx", b"old\n", [memory]),
        Case("build", ["memory", "build", str(memory), "-o", str(folder / "memory.tjmi")],
             folder / "memory.tjmi", old_index.read_bytes(), [memory],
             check=index_ok((10, 2000))),
        Case("cache", ["memory", "build", str(cached_memory)], cached, b"",
             [cached_memory], check=index_ok((1500,))),
    ]


def _reset(case: Case) -> None:
    if case.name == "cache":
        case.output.unlink(missing_ok=True)
    else:
        case.output.write_bytes(case.old)


def _kill_at_random(case: Case, env: dict[str, str], took: float, seed: int,
                    failures: list[str], new: bytes) -> None:
    rng = random.Random(seed)
    inputs = {path: path.read_bytes() for path in case.inputs}
    for attempt in range(KILLS_PER_COMMAND):
        _reset(case)
        process = spawn(case.argv, env=env)
        time.sleep(rng.uniform(0.0, took))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        where = f"{case.name} kill {attempt}"
        for path, data in inputs.items():
            if path.read_bytes() != data:
                failures.append(f"{where}: input {path.name} changed")
        if not case.output.exists():
            if case.name != "cache":
                failures.append(f"{where}: the output is gone")
            continue
        data = case.output.read_bytes()
        if case.check is not None:
            if data != case.old and not case.check(data):
                failures.append(f"{where}: the output is neither old nor new and complete")
        elif _normal(data) not in (_normal(case.old), _normal(new)):
            failures.append(f"{where}: the output is neither old nor new")


def test_kills_at_random_moments_leave_old_or_new_and_no_temporaries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    cache = tmp_path / "cache"
    env = tarjama_env(TARJAMA_CACHE_DIR=str(cache))
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(cache))
    cases = _cases(folder, cache)
    # One uninterrupted run of each: the new output, and how long a run takes.
    news: dict[str, bytes] = {}
    took: dict[str, float] = {}
    for case in cases:
        _reset(case)
        start = time.monotonic()
        code, err = run(case.argv, env=env)
        took[case.name] = time.monotonic() - start
        assert code == 0, f"{case.name}: {err}"
        news[case.name] = case.output.read_bytes()
    failures: list[str] = []
    threads = [threading.Thread(target=_kill_at_random,
                                args=(case, env, took[case.name], seed, failures,
                                      news[case.name]))
               for seed, case in enumerate(cases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    # The next run of each works, and removes what the killed runs left.
    for case in cases:
        code, err = run(case.argv, env=env)
        assert code == 0, f"{case.name}: {err}"
        assert _normal(case.output.read_bytes()) == _normal(news[case.name]) or case.check
    assert temporaries(folder) == []
    assert temporaries(cache) == []
    shutil.rmtree(folder)
