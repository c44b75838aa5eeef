"""The shared memory server against the Weblate-style query, on one PostgreSQL database.

On a throwaway PostgreSQL cluster (tests/pgcluster.py), with a generated Arabic -> English
memory (gen_tm.py: real FLORES-200/TICO-19 sentences among sentences of a word-bigram chain
trained on them):

1. import: ``tarjama memory import`` of one TMX of 1M units (wall time, peak RSS);
2. the rival: the same units in a table of raw sources with a GIN ``gin_trgm_ops`` index,
   queried as Weblate's memory does: ``WHERE source % %s ORDER BY similarity(source, %s) DESC
   LIMIT 10``;
3. lookups through HTTP (``tarjama serve --workers 2``, /api/v1/lookup) beside the rival's
   query, alternating, with 1 and with 8 concurrent clients: p50 and p95;
4. match quality of both: one word changed or inserted -> the right unit first; unrelated
   (held-out) sentences -> no match of 75 or more;
5. growth: the same at 1M, 500k and 250k units (the newest units deleted in between), and
   what the slope projects for 10M.

Run ``python benchmarks/bench_server.py`` (full, about 30 minutes on this machine) or
``--sizes 50000,20000 --lookups 200`` for a quick look. Results go to
benchmarks/results/server-*.json and to standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import gen_tm
import harness
from pgcluster import SETTINGS, PgCluster, free_port

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BASELINE_SQL = ("SELECT id, source, target, similarity(source, %(q)s) FROM weblate_memory "
                "WHERE source %% %(q)s ORDER BY similarity(source, %(q)s) DESC LIMIT 10")
# A benchmark cluster may use more memory than the tests' throwaway one.
BENCH_SETTINGS = {"shared_buffers": "1GB", "work_mem": "32MB", "maintenance_work_mem": "512MB",
                  "max_wal_size": "4GB", "max_connections": "100"}


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    place = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[place]


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.seconds.append(value)

    def summary(self) -> dict[str, float]:
        return {"n": len(self.seconds),
                "p50_ms": 1000 * statistics.median(self.seconds) if self.seconds else math.nan,
                "p95_ms": 1000 * percentile(self.seconds, 0.95)}


@dataclass
class Quality:
    """Right unit first for edited queries; no match >= 75 for unrelated ones."""

    edited: int = 0
    edited_first: int = 0
    unrelated: int = 0
    unrelated_clean: int = 0

    def add(self, query: gen_tm.Query, top_source: str | None, top_score: float) -> None:
        if query.kind in ("changed", "inserted"):
            self.edited += 1
            self.edited_first += top_source == query.expected
        elif query.kind == "unrelated":
            self.unrelated += 1
            self.unrelated_clean += top_score < 75

    def summary(self) -> dict[str, float]:
        return {"edited_right_first_pct": 100 * self.edited_first / max(1, self.edited),
                "unrelated_no_75_pct": 100 * self.unrelated_clean / max(1, self.unrelated),
                "edited": self.edited, "unrelated": self.unrelated}


class Ours:
    """tarjama serve, through HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.local = threading.local()

    def client(self) -> httpx.Client:
        client = getattr(self.local, "client", None)
        if client is None:
            client = httpx.Client(base_url=self.base, timeout=60)
            self.local.client = client
        return client

    def lookup(self, text: str) -> tuple[str | None, float]:
        answer = self.client().get("/api/v1/lookup", params={
            "text": text, "source_lang": "ar", "target_lang": "en", "limit": 5,
            "threshold": 0})
        answer.raise_for_status()
        results = answer.json()["results"]
        if not results:
            return None, 0.0
        return str(results[0]["source"]), float(results[0]["score"])


class Baseline:
    """The Weblate-style query, one connection per client thread."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.local = threading.local()

    def lookup(self, text: str) -> tuple[str | None, float]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = psycopg.connect(self.url, autocommit=True)
            self.local.conn = conn
        rows = conn.execute(BASELINE_SQL, {"q": text}).fetchall()
        if not rows:
            return None, 0.0
        return str(rows[0][1]), 100 * float(rows[0][3])


def run_clients(lookup: Callable[[str], tuple[str | None, float]],
                queries: Sequence[gen_tm.Query], clients: int, timings: Timings,
                quality: Quality | None) -> None:
    """``queries`` through ``clients`` threads at once, each timing its own requests."""
    work: queue.SimpleQueue[gen_tm.Query | None] = queue.SimpleQueue()
    for query in queries:
        work.put(query)
    for _ in range(clients):
        work.put(None)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def client() -> None:
        while (query := work.get()) is not None:
            start = time.perf_counter()
            try:
                top, score = lookup(query.text)
            except BaseException as exc:  # reported after the run
                failures.append(exc)
                return
            took = time.perf_counter() - start
            with lock:
                timings.add(took)
                if quality is not None:
                    quality.add(query, top, score)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def compare(ours: Ours, rival: Baseline, queries: Sequence[gen_tm.Query], clients: int,
            rival_share: float, rounds: int = 5) -> dict[str, Any]:
    """Both sides alternately, in ``rounds`` slices of the queries (the rival on the first
    ``rival_share`` of each slice: its lookups take seconds)."""
    mine, theirs = Timings(), Timings()
    my_quality, their_quality = Quality(), Quality()
    size = math.ceil(len(queries) / rounds)
    for start in range(0, len(queries), size):
        part = queries[start:start + size]
        run_clients(ours.lookup, part, clients, mine, my_quality)
        sample = part[:max(clients, int(len(part) * rival_share))]
        run_clients(rival.lookup, sample, clients, theirs, their_quality)
    result: dict[str, Any] = {
              "clients": clients, "tarjama": mine.summary(), "weblate_style": theirs.summary(),
              "tarjama_quality": my_quality.summary(),
              "weblate_style_quality": their_quality.summary()}
    result["p95_ratio"] = result["weblate_style"]["p95_ms"] / result["tarjama"]["p95_ms"]
    result["p50_ratio"] = result["weblate_style"]["p50_ms"] / result["tarjama"]["p50_ms"]
    return result


# --- the database ---------------------------------------------------------------------------------


def tarjama_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tarjama", *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def ensure_tmx(corpus: gen_tm.Corpus, units: int) -> Path:
    path = harness.DATA / f"server-ar-en-0-{units}.tmx"
    if not path.exists():
        harness.DATA.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        gen_tm.write_tmx(path, corpus.units(units))
        print(f"  generated {path.name} in {time.perf_counter() - began:.0f} s", flush=True)
    return path


def timed_import(tmx: Path, url: str, origin: str) -> dict[str, float]:
    """``tarjama memory import`` in a fresh interpreter: wall time and peak RSS."""
    launcher = [sys.executable, "-c", harness._LAUNCHER]  # the harness's RSS-measuring launcher
    done = subprocess.run([*launcher, *tarjama_command(
        "memory", "import", str(tmx), "--to", url, "--origin", origin)],
        capture_output=True, text=True, env=environment(), check=False)
    code, seconds, rss_kb = done.stdout.split()
    if code != "0":
        raise SystemExit(f"tarjama memory import failed:\n{done.stderr}")
    return {"seconds": float(seconds), "peak_rss_mb": int(rss_kb) / 1024}


def load_baseline(url: str) -> None:
    """Copy the units not yet in the rival's table there (its GIN index made once)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS weblate_memory (id bigint PRIMARY KEY, "
                     "source text NOT NULL, target text NOT NULL)")
        conn.execute("INSERT INTO weblate_memory SELECT id, source, target FROM tm_unit "
                     "WHERE id > (SELECT coalesce(max(id), 0) FROM weblate_memory)")
        conn.execute("CREATE INDEX IF NOT EXISTS weblate_memory_source_trgm ON "
                     "weblate_memory USING gin (source gin_trgm_ops)")
        conn.execute("VACUUM ANALYZE weblate_memory")
        conn.execute("VACUUM ANALYZE tm_unit")


class Served:
    """``tarjama serve`` on a free port for the duration of a block."""

    def __init__(self, url: str, workers: int) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(tarjama_command(
            "serve", "--memory", url, "--port", str(self.port), "--workers", str(workers)),
            env=environment(), stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("tarjama serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


def measure(url: str, queries: Sequence[gen_tm.Query], workers: int,
            rival_share: float) -> list[dict[str, Any]]:
    served = Served(url, workers)
    try:
        ours, rival = Ours(served.base), Baseline(url)
        # Warm both (caches, first connections) on a few queries not timed.
        run_clients(ours.lookup, queries[:20], 2, Timings(), None)
        run_clients(rival.lookup, queries[:4], 2, Timings(), None)
        return [compare(ours, rival, queries, clients, rival_share) for clients in (1, 8)]
    finally:
        served.stop()


def project(growth: list[dict[str, Any]], target: int = 10_000_000) -> dict[str, float]:
    """p50/p95 at ``target`` units, from the log-log slope of the two largest sizes."""
    if len(growth) < 2:
        return {}
    small, big = growth[-2], growth[-1]
    found: dict[str, float] = {"units": target}
    for key in ("p50_ms", "p95_ms"):
        a, b = small["one_client"][key], big["one_client"][key]
        slope = math.log(b / a) / math.log(big["units"] / small["units"])
        found[key] = b * (target / big["units"]) ** slope
        found[f"{key}_slope"] = slope
    return found


def shrink(url: str, size: int) -> None:
    """Keep the first ``size`` units (the real sentences come first), in both tables."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT id FROM tm_unit ORDER BY id OFFSET %s LIMIT 1",
                           (size,)).fetchone()
        if row is not None:
            conn.execute("DELETE FROM tm_unit WHERE id >= %s", (row[0],))
            conn.execute("DELETE FROM weblate_memory WHERE id >= %s", (row[0],))
        conn.execute("VACUUM ANALYZE tm_unit")
        conn.execute("VACUUM ANALYZE weblate_memory")


def units_in(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM tm_unit").fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,500000,250000",
                        help="memory sizes measured: the first is imported, the others made "
                             "by deleting the newest units (comma-separated)")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--rival-share", type=float, default=0.2,
                        help="share of the lookups the rival runs (it takes seconds each)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", default=None,
                        help="measure an existing database (imported before) instead of a "
                             "new cluster")
    args = parser.parse_args()
    sizes = sorted((int(size) for size in args.sizes.split(",")), reverse=True)
    corpus = gen_tm.Corpus.load()
    queries = corpus.queries(args.lookups)
    report: dict[str, Any] = {"command": " ".join(["python", "benchmarks/bench_server.py",
                                                   *sys.argv[1:]]),
                              "cores": os.cpu_count(), "growth": []}
    with contextlib.ExitStack() as stack:
        url = args.url
        if url is None:
            SETTINGS.update(BENCH_SETTINGS)
            cluster = stack.enter_context(PgCluster.started())
            url = cluster.create_database("bench")
            subprocess.run(tarjama_command("memory", "init", "--to", url), check=True,
                           env=environment(), capture_output=True)
            tmx = ensure_tmx(corpus, sizes[0])
            report["import"] = {"units": sizes[0], **timed_import(tmx, url, "bench")}
            print(f"import of {sizes[0]} units from one TMX: {report['import']}", flush=True)
        load_baseline(url)
        for size in sizes:
            if units_in(url) > size:
                shrink(url, size)
            print(f"{units_in(url)} units", flush=True)
            one, eight = measure(url, queries, args.workers, args.rival_share)
            report["growth"].insert(0, {"units": size, "one_client": one["tarjama"],
                                        "eight_clients": eight["tarjama"],
                                        "detail": [one, eight]})
            for line in (one, eight):
                print(json.dumps(line), flush=True)
    report["projection"] = project(report["growth"])
    print("projection:", json.dumps(report["projection"]), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"server-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()

