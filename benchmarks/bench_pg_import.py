"""Import and lookup speed of the PostgreSQL memory, at the library level.

    python benchmarks/bench_pg_import.py [--units 1000000] [--lookups 1000] [--url URL]

1. ``tarjama memory import`` of one Arabic -> English TMX of ``--units`` units (gen_tm.py: real
   FLORES-200/TICO-19 sentences among generated ones) into a fresh database: wall time, peak
   RSS and PSS of the importing processes together (sampled from /proc every 50 ms; RSS counts
   the pages the two processes share twice, PSS once), their CPU time,
   and the CPU time PostgreSQL spent (its server processes, /proc).
2. ``--lookups`` lookups (gen_tm's queries: one word changed or inserted, exact, unrelated)
   through ``PostgresStore.memory().lookup`` in this process: p50/p95 wall time, CPU time, and
   the match quality (the right unit first; unrelated sentences without a match of 75+).

Without ``--url`` it starts a throwaway cluster (tests/pgcluster.py) and removes it after.
The 2-core machine is shared: CPU times and ratios say more than wall times.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import gen_tm  # noqa: E402
import harness  # noqa: E402
from pgcluster import PgCluster  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ensure_tmx(corpus: gen_tm.Corpus, units: int) -> Path:
    path = harness.DATA / f"server-ar-en-0-{units}.tmx"  # the name bench_server.py uses
    if not path.exists():
        harness.DATA.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        gen_tm.write_tmx(path, corpus.units(units))
        print(f"generated {path.name} in {time.perf_counter() - began:.0f} s", flush=True)
    return path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _tree(pid: int) -> list[int]:
    tree = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def _memory_kb(pids: Sequence[int]) -> tuple[int, int]:
    """RSS and PSS (shared pages divided among the processes sharing them) of processes."""
    rss = pss = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return rss, pss


def _cpu_seconds(pids: Sequence[int], *, children: bool = False) -> float:
    """User + system CPU time of processes (and of their reaped children)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            if children:
                total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / CLOCK_TICKS


def server_cpu(cluster_pid: int | None) -> float:
    """CPU time of the PostgreSQL server so far: the postmaster, its live processes, and the
    backends it has reaped."""
    if cluster_pid is None:
        return float("nan")
    return _cpu_seconds(_tree(cluster_pid), children=True)


def timed_import(tmx: Path, url: str, cluster_pid: int | None) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    before_server = server_cpu(cluster_pid)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "tarjama", "memory", "import", str(tmx),
                                "--to", url, "--origin", "bench"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not stop.is_set():
            rss, pss = _memory_kb(_tree(process.pid))
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - began
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"tarjama memory import failed:\n{errors.decode()}")
    print(errors.decode().strip(), flush=True)
    return {
        "wall_s": round(seconds, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_pss_mb": round(peak_pss / 1024, 1),
        "client_cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime
                              - before.ru_stime, 1),
        "server_cpu_s": round(server_cpu(cluster_pid) - before_server, 1),
    }


def lookups(url: str, count: int) -> dict[str, Any]:
    from tarjama.memory.postgres import PostgresStore

    corpus = gen_tm.Corpus.load()
    queries = corpus.queries(count)
    walls: list[float] = []
    cpus: list[float] = []
    right = edits = unrelated_clean = unrelated = 0
    with PostgresStore(url) as store, store.memory("ar", "en") as memory:
        for query in queries[:20]:  # warm the connection and the caches
            memory.lookup(query.text, limit=5)
        for query in queries:
            cpu = time.process_time()
            began = time.perf_counter()
            found = memory.lookup(query.text, limit=5)
            walls.append((time.perf_counter() - began) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            top = found[0] if found else None
            if query.kind in ("changed", "inserted"):
                edits += 1
                right += top is not None and top.unit.source == query.expected
            elif query.kind == "unrelated":
                unrelated += 1
                unrelated_clean += top is None or top.score < 75
    return {
        "lookups": len(walls),
        "p50_ms": round(percentile(walls, 0.5), 1),
        "p95_ms": round(percentile(walls, 0.95), 1),
        "max_ms": round(max(walls), 1),
        "mean_cpu_ms": round(statistics.mean(cpus), 1),
        "edits_right_first": f"{right}/{edits}",
        "unrelated_without_75": f"{unrelated_clean}/{unrelated}",
    }


@contextlib.contextmanager
def database(url: str | None) -> Iterator[tuple[str, int | None]]:
    if url:
        yield url, None
        return
    with PgCluster.started() as cluster:
        pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
        yield cluster.create_database("bench"), pid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--url", help="an empty database to use (default: a throwaway cluster)")
    parser.add_argument("--skip-import", action="store_true",
                        help="time lookups only (the database at --url holds the units)")
    args = parser.parse_args()
    corpus = gen_tm.Corpus.load()
    tmx = ensure_tmx(corpus, args.units)
    report: dict[str, Any] = {"units": args.units, "tmx_mb": round(tmx.stat().st_size / 2**20)}
    with database(args.url) as (url, pid):
        if not args.skip_import:
            subprocess.run([sys.executable, "-m", "tarjama", "memory", "init", "--to", url],
                           check=True, stdout=subprocess.DEVNULL,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
            report["import"] = timed_import(tmx, url, pid)
            print(json.dumps(report["import"]), flush=True)
        report["lookup"] = lookups(url, args.lookups)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
