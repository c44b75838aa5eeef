"""The shared memory server against the Weblate-style query, on one PostgreSQL database.

On a throwaway PostgreSQL cluster (tests/pgcluster.py, removed at the end), with a generated
Arabic -> English memory (gen_tm.py: real FLORES-200/TICO-19 sentences among sentences of a
word-bigram chain trained on them), built upward one import at a time (by default 250k, then
+250k, then +500k units; never by deleting units, which an append-only index would keep as
dead entries). At each size:

1. import: ``tarjama memory import`` of the new units' TMX (wall time; peak RSS of the
   importer and its children);
2. the rival: the same units in a table of raw sources with a GIN ``gin_trgm_ops`` index, in
   the same database, queried from a separate client as Weblate's memory does: ``WHERE source
   % %s ORDER BY similarity(source, %s) DESC LIMIT 10`` (pg_trgm's default threshold, 0.3);
3. lookups through HTTP (``tarjama serve --workers 2``: /api/v1/lookup, and a sample through
   amaGama's /tmserver/ar/en/unit/...) alternating with the rival's query, with 1 and with 8
   concurrent clients: p50 and p95 of each, and their ratio;
4. match quality of both: one word changed or inserted -> the right unit first; unrelated
   (held-out) sentences -> no match of 75 or more;

and what the sizes project for 10M units (a power law fitted to all sizes, and a straight
line). The rival answers a sample of the lookups (``--rival-share``: its queries take seconds
at 1M units); the output says how many it answered.

``python benchmarks/bench_server.py`` runs it all (about half an hour when our lookups are
fast); ``--sizes 20000,50000 --lookups 200`` is a quick look. Results go to
benchmarks/results/server-*.json (not committed) and to standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import quote

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
DEFAULT_SIZES = "250000,500000,1000000"
PROJECTED = 10_000_000
WARMUP = 16  # lookups on each side before the timed ones (another seed: not timed again)
RIVAL_TABLE = "weblate_memory"
RIVAL_SQL = (f"SELECT id, source, target, similarity(source, %(q)s) FROM {RIVAL_TABLE} "
             "WHERE source %% %(q)s ORDER BY similarity(source, %(q)s) DESC LIMIT 10")
# A benchmark cluster may use more memory than the tests' throwaway one.
BENCH_SETTINGS = {"shared_buffers": "1GB", "work_mem": "32MB", "maintenance_work_mem": "512MB",
                  "max_wal_size": "4GB", "max_connections": "100"}
# Targets of issue 11 (milliseconds, and the p95 ratio to the rival).
TARGET_P95_ONE = 50.0
TARGET_P95_EIGHT = 150.0
TARGET_RATIO = 10.0

Lookup = Callable[[str], tuple[str | None, float]]


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (the value at rank ceil(share * n))."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    place = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[place]


@dataclass
class Timings:
    """Seconds per lookup, failed ones included (a client waited that long for nothing)."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # (seconds, when it started (perf_counter), error or ""), to tell what the slowest met
    events: list[tuple[float, float, str]] = field(default_factory=list)

    def add(self, seconds: float, started: float, error: str | None) -> None:
        self.seconds.append(seconds)
        self.events.append((seconds, started, error or ""))
        if error is not None:
            self.errors.append(error)

    def summary(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "n": len(self.seconds),
            "p50_ms": 1000 * statistics.median(self.seconds) if self.seconds else math.nan,
            "p95_ms": 1000 * percentile(self.seconds, 0.95)}
        if self.errors:
            found["errors"] = len(self.errors)
            found["first_errors"] = sorted(set(self.errors))[:3]
        if self.events:
            first = min(started for _, started, _ in self.events)
            found["slowest"] = [
                {"ms": round(1000 * took, 1), "at_s": round(started - first, 2),
                 **({"error": error[:200]} if error else {})}
                for took, started, error in sorted(self.events, reverse=True)[:5]]
        return found


@dataclass
class Quality:
    """Right unit first for edited (and exact) queries; no match >= 75 for unrelated ones."""

    edited: int = 0
    edited_first: int = 0
    exact: int = 0
    exact_first: int = 0
    unrelated: int = 0
    unrelated_clean: int = 0

    def add(self, query: gen_tm.Query, top_source: str | None, top_score: float) -> None:
        if query.kind in ("changed", "inserted"):
            self.edited += 1
            self.edited_first += top_source == query.expected
        elif query.kind == "exact":
            self.exact += 1
            self.exact_first += top_source == query.expected
        elif query.kind == "unrelated":
            self.unrelated += 1
            self.unrelated_clean += top_score < 75

    def summary(self) -> dict[str, float]:
        return {"edited_right_first_pct": 100 * self.edited_first / max(1, self.edited),
                "unrelated_no_75_pct": 100 * self.unrelated_clean / max(1, self.unrelated),
                "exact_right_first_pct": 100 * self.exact_first / max(1, self.exact),
                "edited": self.edited, "unrelated": self.unrelated, "exact": self.exact}


class LookupFailed(Exception):
    """A lookup answered with an error (timed, and counted, not raised out of the run)."""


class Ours:
    """``tarjama serve`` through HTTP: tarjama's /api/v1/lookup (the default limit and
    threshold a client gets: 5 matches of 50 or more) or amaGama's route (its defaults, as
    Weblate's amaGama machinery asks: 5 suggestions of 70 or more)."""

    def __init__(self, base: str, route: str = "api") -> None:
        self.base = base
        self.route = route
        self.clients: list[httpx.Client] = []

    def session(self) -> Lookup:
        client = httpx.Client(base_url=self.base, timeout=120)
        self.clients.append(client)

        def lookup(text: str) -> tuple[str | None, float]:
            if self.route == "api":
                answer = client.get("/api/v1/lookup", params={
                    "text": text, "source_lang": "ar", "target_lang": "en", "limit": 5})
            else:
                answer = client.get(f"/tmserver/ar/en/unit/{quote(text, safe='')}")
            if answer.status_code != 200:
                raise LookupFailed(f"HTTP {answer.status_code}: {answer.text[:200]}")
            body = answer.json()
            results = body["results"] if self.route == "api" else body
            if not results:
                return None, 0.0
            top = results[0]
            return str(top["source"]), float(top["score" if self.route == "api" else "quality"])

        return lookup

    def close(self) -> None:
        for client in self.clients:
            client.close()


class Rival:
    """The Weblate-style query, one connection per client (from this process: a separate
    client of the same database)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.connections: list[psycopg.Connection[Any]] = []

    def session(self) -> Lookup:
        conn = psycopg.connect(self.url, autocommit=True)
        self.connections.append(conn)

        def lookup(text: str) -> tuple[str | None, float]:
            rows = conn.execute(RIVAL_SQL, {"q": text}).fetchall()
            if not rows:
                return None, 0.0
            return str(rows[0][1]), 100 * float(rows[0][3])

        return lookup

    def close(self) -> None:
        for conn in self.connections:
            conn.close()


def run_clients(sessions: Sequence[Lookup], queries: Sequence[gen_tm.Query],
                timings: Timings, quality: Quality | None) -> None:
    """``queries`` through one thread per session at once, each timing its own requests."""
    work: queue.SimpleQueue[gen_tm.Query | None] = queue.SimpleQueue()
    for query in queries:
        work.put(query)
    for _ in sessions:
        work.put(None)
    lock = threading.Lock()

    def client(lookup: Lookup) -> None:
        while (query := work.get()) is not None:
            start = time.perf_counter()
            error = None
            try:
                top, score = lookup(query.text)
            except (LookupFailed, httpx.HTTPError, psycopg.Error) as exc:
                top, score, error = None, 0.0, f"{type(exc).__name__}: {exc}"
            took = time.perf_counter() - start
            with lock:
                timings.add(took, start, error)
                if quality is not None:
                    quality.add(query, top, score)

    threads = [threading.Thread(target=client, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(timings.errors) > len(timings.seconds) // 2:
        raise SystemExit(f"most lookups failed: {timings.errors[-1]}")


@dataclass(frozen=True)
class Shares:
    """Which part of each slice of the queries each side answers."""

    ours: float = 1.0
    amagama: float = 0.1
    rival: float = 0.2


def _sample(part: Sequence[gen_tm.Query], share: float, clients: int) -> Sequence[gen_tm.Query]:
    return part[:min(len(part), max(clients, round(len(part) * share)))] if share > 0 else []


@dataclass
class Cpu:
    """CPU seconds used while one side answered: by the clients (this process), by the
    server's processes and by PostgreSQL's; and the wall time."""

    processes: dict[str, int]  # what to watch: "server", "postgres" -> the root pid
    used: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def watch(self) -> Iterator[None]:
        before = self._read()
        try:
            yield
        finally:
            after = self._read()
            for key, value in after.items():
                self.used[key] = self.used.get(key, 0.0) + value - before[key]

    def _read(self) -> dict[str, float]:
        found = {"client": time.process_time(), "wall": time.perf_counter()}
        for name, pid in self.processes.items():
            found[name] = harness.cpu_seconds(harness.tree(pid))
        return found

    def per_lookup_ms(self, lookups: int) -> dict[str, float]:
        """Milliseconds of each per lookup, and the cores kept busy on average."""
        found = {f"{key}_cpu_ms": 1000 * value / max(1, lookups)
                 for key, value in self.used.items() if key != "wall"}
        wall = self.used.get("wall", 0.0)
        if wall > 0:
            found["cores_busy"] = sum(value for key, value in self.used.items()
                                      if key != "wall") / wall
        return found


def compare(url: str, base: str, queries: Sequence[gen_tm.Query], clients: int,
            shares: Shares, watched: dict[str, int], rounds: int = 5) -> dict[str, Any]:
    """Ours and the rival alternately, in ``rounds`` slices of the queries, ``clients`` at once
    on each side (each side answers the first ``share`` of each slice); the CPU each side's
    lookups cost the processes in ``watched`` (name -> root pid) and this one."""
    sides: dict[str, Ours | Rival] = {
        "tarjama": Ours(base), "tarjama_amagama": Ours(base, "amagama"),
        "weblate_style": Rival(url)}
    share = {"tarjama": shares.ours, "tarjama_amagama": shares.amagama,
             "weblate_style": shares.rival}
    timings = {name: Timings() for name in sides}
    quality = {name: Quality() for name in sides}
    cpu = {name: Cpu(watched) for name in sides}
    try:
        sessions = {name: [side.session() for _ in range(clients)]
                    for name, side in sides.items() if share[name] > 0}
        size = math.ceil(len(queries) / rounds)
        for start in range(0, len(queries), size):
            part = queries[start:start + size]
            for name in sessions:
                with cpu[name].watch():
                    run_clients(sessions[name], _sample(part, share[name], clients),
                                timings[name], quality[name])
    finally:
        for side in sides.values():
            side.close()
    result: dict[str, Any] = {"clients": clients, "lookups": len(queries)}
    for name in sessions:
        result[name] = {**timings[name].summary(), "quality": quality[name].summary(),
                        "cpu": cpu[name].per_lookup_ms(len(timings[name].seconds))}
    if "weblate_style" in sessions and "tarjama" in sessions:
        for key in ("p50", "p95"):
            result[f"{key}_ratio"] = (result["weblate_style"][f"{key}_ms"]
                                      / result["tarjama"][f"{key}_ms"])
    return result


# --- the database and the server ------------------------------------------------------------


def tarjama_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tarjama", *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TARJAMA_MEMORY_URL", None)
    return env


def ensure_tmx(corpus: gen_tm.Corpus, start: int, count: int) -> Path:
    """The TMX of units ``start`` to ``start + count`` of the generated memory (cached in
    benchmarks/data)."""
    path = harness.DATA / f"server-ar-en-{start}-{count}.tmx"
    if not path.exists():
        harness.DATA.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        gen_tm.write_tmx(path, corpus.units(count, start=start))
        print(f"  generated {path.name} in {time.perf_counter() - began:.0f} s", flush=True)
    return path


def timed_import(tmx: Path, url: str, origin: str) -> dict[str, float]:
    """``tarjama memory import`` in a fresh interpreter: wall time and peak memory of its
    processes."""
    run = harness.run_tree(tarjama_command(
        "memory", "import", str(tmx), "--to", url, "--origin", origin), env=environment())
    if run.code != 0:
        raise SystemExit(f"tarjama memory import failed ({run.code}):\n{run.errors}")
    return {"seconds": run.seconds, "peak_rss_mb": run.peak_rss_mb,
            "peak_pss_mb": run.peak_pss_mb, "processes": run.processes,
            "file_mb": tmx.stat().st_size / 1e6}


def load_rival(url: str, units: Iterator[tuple[str, str]]) -> dict[str, float]:
    """Add ``units`` to the rival's table and build its GIN index anew over the whole table
    (a fresh index: the rival's best case)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {RIVAL_TABLE} (id bigint GENERATED ALWAYS "
                     "AS IDENTITY PRIMARY KEY, source text NOT NULL, target text NOT NULL)")
        conn.execute(f"DROP INDEX IF EXISTS {RIVAL_TABLE}_source_trgm")
        began = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(
                f"COPY {RIVAL_TABLE} (source, target) FROM STDIN") as copy:
            for row in units:
                copy.write_row(row)
        copied = time.perf_counter()
        conn.execute(f"CREATE INDEX {RIVAL_TABLE}_source_trgm ON {RIVAL_TABLE} "
                     "USING gin (source gin_trgm_ops)")
        built = time.perf_counter()
    return {"copy_seconds": copied - began, "index_seconds": built - copied}


def settle(url: str) -> float:
    """VACUUM ANALYZE the database (both sides' tables: what autovacuum does a while after a
    big import); its seconds."""
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - began


def sizes_in(url: str) -> dict[str, float]:
    """Units on each side and the space each takes (MB)."""
    with psycopg.connect(url) as conn:
        def one(sql: str) -> float:
            row = conn.execute(sql).fetchone()
            return float(row[0]) if row and row[0] is not None else math.nan

        rival_bytes = one(f"SELECT pg_total_relation_size('{RIVAL_TABLE}')")
        return {"tarjama_units": one("SELECT count(*) FROM tm_unit"),
                "rival_units": one(f"SELECT count(*) FROM {RIVAL_TABLE}"),
                "rival_mb": rival_bytes / 1e6,
                "tarjama_mb": (one("SELECT pg_database_size(current_database())")
                               - rival_bytes) / 1e6}


class Served:
    """A running ``tarjama serve`` on a free port (its log in a file: an unread pipe would
    stall it once full)."""

    def __init__(self, url: str, workers: int, log: IO[bytes]) -> None:
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(tarjama_command(
            "serve", "--memory", url, "--port", str(self.port), "--workers", str(workers)),
            env=environment(), stdout=log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"tarjama serve did not start:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:].decode("utf-8", "replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def serving(url: str, workers: int) -> Iterator[Served]:
    """``tarjama serve --memory URL`` for the duration of a block."""
    with tempfile.TemporaryFile() as log:
        served = Served(url, workers, log)
        try:
            served.wait_healthy()
            yield served
        finally:
            served.stop()


def http_floor(base: str, requests: int = 200) -> dict[str, Any]:
    """What a request costs that does no search: GET /healthz (HTTP, the app, one pooled
    connection's ``SELECT 1``), one client."""
    timings = Timings()
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(requests):
            start = time.perf_counter()
            client.get("/healthz").raise_for_status()
            timings.add(time.perf_counter() - start, start, None)
    return timings.summary()


def measure(url: str, postmaster: int, queries: Sequence[gen_tm.Query],
            warmup: Sequence[gen_tm.Query], workers: int, shares: Shares) -> dict[str, Any]:
    """Both sides with one client, then with eight, through one server (after ``warmup``
    queries, not timed: first connections, caches)."""
    with serving(url, workers) as served:
        watched = {"server": served.process.pid, "postgres": postmaster}
        compare(url, served.base, warmup, 2, Shares(ours=1.0, amagama=1.0, rival=1.0),
                watched, rounds=1)
        found: dict[str, Any] = {"load_before": os.getloadavg(),
                                 "http_floor": http_floor(served.base)}
        floor = found["http_floor"]
        print(f"  HTTP floor (GET /healthz): p50 {floor['p50_ms']:.1f} ms, p95 "
              f"{floor['p95_ms']:.1f} ms", flush=True)
        for clients, name in ((1, "one_client"), (8, "eight_clients")):
            found[name] = compare(url, served.base, queries, clients, shares, watched)
            print("  " + line(found[name]), flush=True)
        found["load_after"] = os.getloadavg()
        found["server_rss_mb"], found["server_pss_mb"] = (
            value / 1024 for value in harness.memory_kb(harness.tree(served.process.pid)))
        log = served.output().strip()
        if log:
            found["server_log_tail"] = log[-1000:]
        return found


def postmaster_pid(cluster: PgCluster) -> int:
    return int((cluster.data / "postmaster.pid").read_text().split()[0])


# --- the report ---------------------------------------------------------------------------


def fit(points: Sequence[tuple[float, float]], at: float) -> dict[str, float]:
    """What a power law ``p = a n^k`` (least squares on logs) and a straight line
    ``p = b + c n`` (least squares) fitted to ``points`` (units, ms) give at ``at`` units."""
    if len(points) < 2:
        return {}
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(p) for _, p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    k = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
         / sum((x - mx) ** 2 for x in xs))
    power = math.exp(my + k * (math.log(at) - mx))
    nx = statistics.fmean(n for n, _ in points)
    ny = statistics.fmean(p for _, p in points)
    c = (sum((n - nx) * (p - ny) for n, p in points)
         / sum((n - nx) ** 2 for n, _ in points))
    return {"power_law_ms": power, "exponent": k, "linear_ms": ny + c * (at - nx),
            "linear_ms_per_million": c * 1e6}


def project(growth: Sequence[dict[str, Any]], at: int = PROJECTED) -> dict[str, Any]:
    """p50 and p95 of each side at ``at`` units, from every size measured."""
    found: dict[str, Any] = {"units": at, "method": (
        "least-squares fits to every size measured: a power law p = a*n^k on log-log "
        "axes, and a straight line p = b + c*n (the larger of the two is the cautious "
        "figure)")}
    for clients in ("one_client", "eight_clients"):
        for side in ("tarjama", "weblate_style"):
            for key in ("p50_ms", "p95_ms"):
                points = [(float(size["units"]), float(size[clients][side][key]))
                          for size in growth if side in size[clients]]
                if all(p > 0 for _, p in points):
                    found[f"{clients}.{side}.{key}"] = fit(points, at)
    return found


def line(result: dict[str, Any]) -> str:
    """One line of a comparison: p50/p95 of each side, the ratio, the quality."""
    parts = [f"{result['clients']} client(s):"]
    for name in ("tarjama", "tarjama_amagama", "weblate_style"):
        if name in result:
            side = result[name]
            errors = f", {side['errors']} errors" if side.get("errors") else ""
            quality = side["quality"]
            cpu = side.get("cpu", {})
            used = ", ".join(f"{key.removesuffix('_cpu_ms')} {value:.1f}"
                             for key, value in cpu.items() if key.endswith("_cpu_ms"))
            parts.append(f"{name} p50 {side['p50_ms']:.0f} ms p95 {side['p95_ms']:.0f} ms "
                         f"(n={side['n']}{errors}; edited first "
                         f"{quality['edited_right_first_pct']:.1f}%, unrelated clean "
                         f"{quality['unrelated_no_75_pct']:.1f}%; CPU ms a lookup: {used})")
    if "p95_ratio" in result:
        parts.append(f"p95 ratio {result['p95_ratio']:.1f}x, p50 ratio "
                     f"{result['p50_ratio']:.1f}x")
    return " | ".join(parts)


def verdict(growth: Sequence[dict[str, Any]]) -> list[str]:
    """The issue's targets, at the largest size measured."""
    last = growth[-1]
    one, eight = last["one_client"], last["eight_clients"]
    checks = [
        (f"p95 one client < {TARGET_P95_ONE:.0f} ms", one["tarjama"]["p95_ms"],
         one["tarjama"]["p95_ms"] < TARGET_P95_ONE),
        (f"p95 eight clients < {TARGET_P95_EIGHT:.0f} ms", eight["tarjama"]["p95_ms"],
         eight["tarjama"]["p95_ms"] < TARGET_P95_EIGHT)]
    for name, result in (("one client", one), ("eight clients", eight)):
        if "p95_ratio" in result:
            checks.append((f"p95 ratio ({name}) >= {TARGET_RATIO:.0f}x", result["p95_ratio"],
                           result["p95_ratio"] >= TARGET_RATIO))
    quality = one["tarjama"]["quality"]
    checks.append(("edited -> right unit first >= 95%", quality["edited_right_first_pct"],
                   quality["edited_right_first_pct"] >= 95))
    checks.append(("unrelated -> no match >= 75 in >= 95%", quality["unrelated_no_75_pct"],
                   quality["unrelated_no_75_pct"] >= 95))
    found = [f"{'met' if ok else 'MISSED'}: {name} (at {last['units']} units: {value:.1f})"
             for name, value, ok in checks]
    failed = sum(step[clients][side].get("errors", 0) for step in growth
                 for clients in ("one_client", "eight_clients")
                 for side in ("tarjama", "tarjama_amagama") if side in step[clients])
    found.append(f"{'met' if not failed else 'MISSED'}: no lookup of ours failed, at any size "
                 f"({failed} failed)")
    return found


def git_commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def _stop_on_term(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # the cluster is removed on the way out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help="memory sizes measured, in units, comma-separated: each size is "
                             "reached by importing the units it adds to the one before")
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--rival-share", type=float, default=0.2,
                        help="share of the lookups the rival answers (its queries take "
                             "seconds at 1M units)")
    parser.add_argument("--amagama-share", type=float, default=0.1,
                        help="share of the lookups also sent through amaGama's route")
    parser.add_argument("--ours-share", type=float, default=1.0,
                        help="share of the lookups sent to /api/v1/lookup (below 1 only when "
                             "they take seconds)")
    parser.add_argument("--workers", type=int, default=2, help="tarjama serve --workers")
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    shares = Shares(args.ours_share, args.amagama_share, args.rival_share)
    signal.signal(signal.SIGTERM, _stop_on_term)
    corpus = gen_tm.Corpus.load()
    queries = corpus.queries(args.lookups)
    warmup = corpus.queries(WARMUP, seed=gen_tm.SEED + 100)
    command = " ".join(["python", "benchmarks/bench_server.py", *sys.argv[1:]])
    report: dict[str, Any] = {
        "command": command, "commit": git_commit(), "cores": os.cpu_count(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "lookups": args.lookups, "shares": vars(shares), "rival_sql": RIVAL_SQL,
        "growth": []}
    print(f"# {command} (commit {report['commit']}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}); lookups: {args.lookups}, rival answers "
          f"{args.rival_share:.0%} of them, amaGama route {args.amagama_share:.0%}", flush=True)
    SETTINGS.update(BENCH_SETTINGS)
    with PgCluster.started() as cluster:
        url = cluster.create_database("bench")
        subprocess.run(tarjama_command("memory", "init", "--to", url), check=True,
                       env=environment(), capture_output=True)
        previous = 0
        for size in sizes:
            step = grow(url, corpus, previous, size)
            print(f"{size} units: import of {size - previous} more "
                  f"{step['import']['seconds']:.1f} s, peak RSS "
                  f"{step['import']['peak_rss_mb']:.0f} MB (PSS "
                  f"{step['import']['peak_pss_mb']:.0f} MB, {step['import']['processes']} "
                  "processes); rival's copy "
                  f"{step['rival_load']['copy_seconds']:.1f} s, GIN index "
                  f"{step['rival_load']['index_seconds']:.1f} s", flush=True)
            step.update(measure(url, postmaster_pid(cluster), queries, warmup, args.workers,
                                 shares))
            report["growth"].append(step)
            previous = size
            save(report)  # what was measured so far survives a stop
    report["projection"] = project(report["growth"])
    report["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    report["verdict"] = verdict(report["growth"])
    summary(report)
    print(f"written {save(report)}", flush=True)


def grow(url: str, corpus: gen_tm.Corpus, previous: int, size: int) -> dict[str, Any]:
    """Import units ``previous`` to ``size`` on both sides and let the database settle."""
    tmx = ensure_tmx(corpus, previous, size - previous)
    step: dict[str, Any] = {"units": size, "load_before_import": os.getloadavg()}
    step["import"] = {"units": size - previous, **timed_import(tmx, url, "bench")}
    step["rival_load"] = load_rival(url, corpus.units(size - previous, start=previous))
    step["vacuum_analyze_seconds"] = settle(url)
    step["stored"] = sizes_in(url)
    if step["stored"]["tarjama_units"] != size or step["stored"]["rival_units"] != size:
        raise SystemExit(f"expected {size} units on each side: {step['stored']}")
    return step


_STARTED = time.strftime("%Y%m%dT%H%M%S")


def save(report: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"server-{_STARTED}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return out


def summary(report: dict[str, Any]) -> None:
    """The figures as a table, the projection and the verdict."""
    print("\nunits | import s (peak RSS MB) | ours p50/p95 1 client | rival p50/p95 1 client "
          "(n) | p95 ratio | ours p50/p95 8 clients | rival p50/p95 8 clients (n) | "
          "p95 ratio | amaGama route p50/p95 1 / 8 clients")
    for step in report["growth"]:
        cells = [f"{step['units']}",
                 f"{step['import']['seconds']:.0f} ({step['import']['peak_rss_mb']:.0f}, "
                 f"PSS {step['import']['peak_pss_mb']:.0f})"]
        for clients in ("one_client", "eight_clients"):
            result = step[clients]
            for side in ("tarjama", "weblate_style"):
                if side in result:
                    found = result[side]
                    n = f" ({found['n']})" if side != "tarjama" else ""
                    cells.append(f"{found['p50_ms']:.0f}/{found['p95_ms']:.0f} ms{n}")
                else:
                    cells.append("-")
            cells.append(f"{result['p95_ratio']:.1f}x" if "p95_ratio" in result else "-")
        amagama = [step[c]["tarjama_amagama"] for c in ("one_client", "eight_clients")
                   if "tarjama_amagama" in step[c]]
        cells.append(" / ".join(f"{a['p50_ms']:.0f}/{a['p95_ms']:.0f} ms" for a in amagama)
                     or "-")
        print(" | ".join(cells))
    projection = report["projection"]
    print(f"\nprojection for {projection['units']} units ({projection['method']}):")
    for key, found in projection.items():
        if isinstance(found, dict) and found:
            falling = " (falls with size: noise, no projection)" if found["exponent"] <= 0 else ""
            print(f"  {key}: power law {found['power_law_ms']:.0f} ms (exponent "
                  f"{found['exponent']:.2f}), straight line {found['linear_ms']:.0f} ms "
                  f"({found['linear_ms_per_million']:.1f} ms per million units){falling}")
    for verdict_line in report["verdict"]:
        print(verdict_line)


if __name__ == "__main__":
    main()
