"""Speed of the translation memory: index build, 1,000 lookups in a big memory, and
pretranslate against translate-toolkit's ``pretranslate`` with the same TMX memory.

Run ``python benchmarks/bench_memory.py`` (full: 1,000,000-unit memory, 50,000-entry catalog
against 100,000 units) or ``--quick`` (a few minutes). Data goes to benchmarks/data.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import gen_po
import harness
from tarjama.formats.po import new_header, write_po
from tarjama.languages import ARABIC_INDIC_DIGITS
from tarjama.memory import open_memory
from tarjama.memory.backend import CandidateIndex
from tarjama.model import Catalog, Unit

FILLERS = ["جديدة", "أيضا", "الكبير", "قد", "العراقية", "الثاني"]
INDIC = str.maketrans("0123456789", ARABIC_INDIC_DIGITS)


def edited(source: str, rng: random.Random) -> str:
    """A memory sentence as a translator meets it again: words replaced, inserted, removed,
    or its digits written in the other script."""
    words = source.split()
    kind = rng.randrange(4)
    if kind == 0:
        words[rng.randrange(len(words))] = rng.choice(FILLERS)
    elif kind == 1:
        words.insert(rng.randrange(len(words)), rng.choice(FILLERS))
    elif kind == 2 and len(words) > 4:
        del words[rng.randrange(len(words))]
    else:
        return source.translate(INDIC)
    return " ".join(words)


def sample_sources(index: CandidateIndex, count: int, rng: random.Random) -> list[str]:
    ids = rng.sample(range(1, index.size + 1), count)
    return [unit.source for unit in index.units(ids) if not unit.is_plural]


def bench_lookups(units: int, lookups: int, runs: int) -> list[str]:
    """Build an index of a generated memory with ``tarjama memory build`` and time lookups."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        memory_po = pool.apply(gen_po.ensure, (units, 1))  # see bench_pretranslate
    index_path = harness.DATA / f"memory-{units}.tjmi"
    index_path.unlink(missing_ok=True)
    build = harness.run_once([harness.tool("tarjama"), "memory", "build", str(memory_po),
                              "-o", str(index_path)])
    size_mb = index_path.stat().st_size / 1e6
    lines = [f"index build: {units} units from {memory_po.name} "
             f"({memory_po.stat().st_size / 1e6:.0f} MB PO) in {build.seconds:.1f} s, "
             f"peak {build.peak_rss_mb:.0f} MB; index {size_mb:.0f} MB"]
    rng = random.Random(7)
    start = time.perf_counter()
    memory = open_memory([str(index_path)])
    opened = time.perf_counter() - start
    index = memory.indexes[0]
    # Three in four queries are edited memory sentences (their unit must come first), one in
    # four is a new sentence from another seed: it finds only its look-alikes.
    sources = sample_sources(index, lookups, rng)
    edited_count = lookups * 3 // 4
    queries: list[tuple[str | None, str]] = [(s, edited(s, rng)) for s in sources[:edited_count]]
    fresh = random.Random(99)
    queries += [(None, gen_po.sentence(fresh, units + n)[0])
                for n in range(lookups - len(queries))]
    timings = []
    found = 0
    for _ in range(runs):
        found = 0
        start = time.perf_counter()
        for expected, query in queries:
            matches = memory.lookup(query, limit=5)
            if expected is not None and matches and matches[0].unit.source == expected:
                found += 1
        timings.append(time.perf_counter() - start)
    memory.close()
    lines.append(
        f"lookups: {len(queries)} in {statistics.median(timings):.2f} s (median of {runs}; "
        f"{1000 * statistics.median(timings) / len(queries):.1f} ms each) after opening the "
        f"index in {opened:.2f} s; right unit first for {found}/{len(queries[:edited_count])} "
        "edited sentences")
    return lines


def make_catalog(memory_po: Path, entries: int, path: Path) -> Path:
    """A template of ``entries`` sentences: a third as in the memory, a third edited, a third
    new."""
    from tarjama.formats.po import read_po

    rng = random.Random(5)
    memory = [u.source for u in read_po(memory_po).translated() if not u.is_plural]
    chosen = rng.sample(memory, entries * 2 // 3)
    sources = chosen[: entries // 3] + [edited(s, rng) for s in chosen[entries // 3:]]
    fresh = random.Random(11)
    sources += [gen_po.sentence(fresh, 10_000_000 + n)[0] for n in range(entries - len(sources))]
    rng.shuffle(sources)
    catalog = Catalog(header=new_header(source_lang="ar", template=True, project="bench"))
    seen: set[str] = set()
    for source in sources:
        if source not in seen:
            seen.add(source)
            catalog.units.append(Unit(source=source))
    write_po(catalog, path)
    return path


def bench_pretranslate(memory_units: int, entries: int, rival_entries: int,
                       runs: int) -> list[str]:
    """tarjama pretranslate against translate-toolkit's, both from the same TMX memory."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        memory_po = pool.apply(gen_po.ensure, (memory_units, 1))
    tmx = harness.DATA / f"memory-{memory_units}.tmx"
    if not tmx.exists():
        subprocess.run([harness.tool("tarjama"), "export", str(memory_po), "-o", str(tmx)],
                       check=True, stderr=subprocess.DEVNULL)
    # Catalogs are made in a child process: a forked child's peak RSS counts its parent's
    # memory, so this process stays small for the timed commands.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        full, subset, quarter = (
            pool.apply(make_catalog, (memory_po, size, harness.DATA / f"catalog-{size}.pot"))
            for size in (entries, rival_entries, rival_entries // 4)
        )
    cache = harness.DATA / "memory-cache"
    os.environ["TARJAMA_CACHE_DIR"] = str(cache)

    def cold_cache() -> None:
        # Every run of ours indexes the TMX from scratch, as translate-toolkit does.
        shutil.rmtree(cache, ignore_errors=True)

    out = harness.DATA / "pretranslated.po"
    rival_out = harness.DATA / "pretranslated-tt.po"

    def ours(catalog: Path) -> list[str]:
        return [harness.tool("tarjama"), "pretranslate", str(catalog), "-m", str(tmx),
                "-o", str(out)]

    def rival(catalog: Path) -> list[str]:
        return [harness.tool("pretranslate"), "--progress=none", "-t", str(catalog),
                "-i", str(catalog), "--tm", str(tmx), "-o", str(rival_out)]

    lines = []
    # translate-toolkit is far too slow for the full catalog: both tools run alternately on
    # two subsets, and its time on the full catalog is extrapolated from the two (a fixed
    # cost to load the memory plus a cost per entry).
    halves = []
    for size, catalog in ((rival_entries // 4, quarter), (rival_entries, subset)):
        comparison = harness.compare(
            f"pretranslate {size} entries vs {memory_units}-unit TMX (cold cache)",
            ours(catalog), rival(catalog), runs=runs, warmup=0,
            rival_name="translate-toolkit", before_each=cold_cache)
        lines.append(comparison.line())
        halves.append((size, comparison.rival_median))
    (n1, t1), (n2, t2) = halves
    per_entry = max((t2 - t1) / (n2 - n1), 0.0)
    fixed = max(t1 - per_entry * n1, 0.0)
    estimate = fixed + per_entry * entries
    timings = []
    for _ in range(runs):
        cold_cache()
        timings.append(harness.run_once(ours(full)))
    cold_cache()
    mine = statistics.median(run.seconds for run in timings)
    peak = max(run.peak_rss_mb for run in timings)
    lines.append(f"tarjama pretranslate {entries} entries vs {memory_units}-unit TMX "
                 f"(cold cache, indexing included): {mine:.1f} s (median of {runs}, "
                 f"peak {peak:.0f} MB)")
    lines.append(
        f"translate-toolkit on {entries} entries, extrapolated from {n1} and {n2}: "
        f"~{estimate:.0f} s ({fixed:.1f} s fixed + {1000 * per_entry:.0f} ms per entry); "
        f"ratio ~{estimate / mine:.0f}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: a 100,000-unit memory, 5,000 entries")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["pretranslate", "lookups"],
                        help="run one of the two benchmarks")
    args = parser.parse_args()
    harness.DATA.mkdir(exist_ok=True)
    if args.quick:
        sizes = {"lookup_units": 100_000, "memory_units": 20_000, "entries": 5_000,
                 "rival_entries": 200}
    else:
        sizes = {"lookup_units": 1_000_000, "memory_units": 100_000, "entries": 50_000,
                 "rival_entries": 1000}
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}")
    if args.only != "lookups":
        for line in bench_pretranslate(sizes["memory_units"], sizes["entries"],
                                       sizes["rival_entries"], args.runs):
            print(line, flush=True)
    if args.only != "pretranslate":
        for line in bench_lookups(sizes["lookup_units"], 1000, args.runs):
            print(line, flush=True)


if __name__ == "__main__":
    main()
