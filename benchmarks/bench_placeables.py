"""Placeable matches on real sentences, side by side with translate-toolkit, and the speed of
pretranslate before and after them.

Quality: a memory of the FLORES-200 devtest and TICO-19 test pairs (Arabic -> English, plus
the same sentences carrying tags and placeholders), queried with revised memory sentences
(tests/placeable_eval.py: numbers changed in three digit systems, placeholders renumbered,
tags and links changed, placeholder types changed). Both ``tarjama pretranslate`` and
translate-toolkit's ``pretranslate`` fill the same template from the same TMX; we count the
entries that got exactly the right translation, and the substitutions that were wrong or not
allowed.

Speed: ``tarjama pretranslate`` of the 1,000-entry catalog against the 100,000-unit TMX of
benchmarks/bench_memory.py, cold cache, with the code before placeables (``--before``, default
the commit before they came) and now, alternately.

Run ``python benchmarks/bench_placeables.py [--runs 3] [--only quality|speed]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import harness
from placeable_eval import (
    CATALOGS,
    OMEGAT,
    Case,
    Tally,
    decorated_cases,
    family,
    judge,
    number_cases,
    parallel_pairs,
    real_cases,
)
from tarjama.formats.po import new_header, read_po, write_po
from tarjama.model import Catalog, Unit

HERE = Path(__file__).resolve().parent
FAMILIES = ["numbers", "placeholders and tags", "type changed", "not one to one"]


def _cases(rng: random.Random) -> tuple[list[tuple[str, str]], list[Case]]:
    pairs = parallel_pairs()
    decorated, cases = decorated_cases(pairs, 40, rng)
    cases += list(number_cases(pairs, rng))
    return pairs + decorated, cases


def _filled(path: Path) -> dict[str, tuple[str, str]]:
    """What a pretranslated catalog proposes for each msgid: (translation, comment)."""
    return {unit.source: (unit.target, unit.translator_notes) for unit in read_po(path).units}


def quality(folder: Path) -> list[str]:
    memory, cases = _cases(random.Random(14))
    catalog = Catalog(header=new_header(source_lang="ar", target_lang="en"))
    catalog.units = [Unit(source=s, target=t) for s, t in memory]
    write_po(catalog, folder / "memory.po")
    tmx = folder / "memory.tmx"
    subprocess.run([harness.tool("tarjama"), "export", str(folder / "memory.po"), "-o",
                    str(tmx)], check=True)
    template = Catalog(header=new_header(source_lang="ar", template=True))
    queries = sorted({case.query for case in cases})
    template.units = [Unit(source=query) for query in queries]
    write_po(template, folder / "queries.pot")
    os.environ["TARJAMA_CACHE_DIR"] = str(folder / "cache")
    timings = {}
    start = time.perf_counter()
    subprocess.run([harness.tool("tarjama"), "pretranslate", str(folder / "queries.pot"), "-m",
                    str(tmx), "-o", str(folder / "ours.po")], check=True,
                   stderr=subprocess.DEVNULL)
    timings["tarjama"] = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([harness.tool("pretranslate"), "--progress=none", "-t",
                    str(folder / "queries.pot"), "-i", str(folder / "queries.pot"), "--tm",
                    str(tmx), "-o", str(folder / "rival.po")], check=True,
                   stderr=subprocess.DEVNULL)
    timings["translate-toolkit"] = time.perf_counter() - start
    lines = [f"memory: {len(memory)} units (FLORES-200 devtest + TICO-19 test, ar -> en); "
             f"{len(cases)} revised queries ({len(queries)} distinct)"]
    for tool, path in (("tarjama", folder / "ours.po"), ("translate-toolkit",
                                                        folder / "rival.po")):
        filled = _filled(path)
        tallies: dict[str, Tally] = defaultdict(Tally)
        stale = 0  # revised numbers and placeholders proposed with the memory's old ones
        for case in cases:
            target, notes = filled.get(case.query, ("", ""))
            stale += family(case) in FAMILIES[:2] and target == case.target
            substituted = "; substituted " in notes if tool == "tarjama" else (
                bool(target) and target != case.target)
            judge(case, target or None, substituted, tallies[family(case)])
        parts = []
        for name in FAMILIES:
            tally = tallies[name]
            if name in ("type changed", "not one to one"):
                parts.append(f"{name}: {tally.wrong} substituted of {tally.cases}")
            else:
                parts.append(f"{name}: {tally.right}/{tally.cases} exactly right "
                             f"({100 * tally.right / max(tally.cases, 1):.1f}%), "
                             f"{tally.wrong} wrong")
        parts.append(f"memory's translation proposed unchanged for {stale} revised numbers, "
                     "placeholders and tags")
        lines.append(f"{tool} ({timings[tool]:.1f} s): " + "; ".join(parts))
    return lines


def real_catalogs(folder: Path) -> list[str]:
    """The real catalogs and OmegaT TMX of the shared corpus (English -> Arabic) as one
    memory, queried with their own sources revised (tests/placeable_eval.py real_cases)."""
    from tarjama.memory import open_memory

    os.environ["TARJAMA_CACHE_DIR"] = str(folder / "cache-real")
    paths = [str(path) for path in (*CATALOGS, OMEGAT)]
    with open_memory(paths, source_lang="en", target_lang="ar") as memory:
        units = [(unit.source, unit.target) for index in memory.indexes
                 for unit in index.units(list(range(1, index.size + 1))) if not unit.is_plural]
        cases = list(real_cases(units))
        tallies: dict[str, Tally] = defaultdict(Tally)
        for case in cases:
            found = memory.lookup(case.query, limit=1)
            best = found[0] if found else None
            judge(case, best.target if best else None, bool(best and best.adapted),
                  tallies[family(case)])
    parts = [f"{name}: {tallies[name].right}/{tallies[name].cases} exactly right, "
             f"{tallies[name].wrong} wrong" for name in ("numbers", "placeholders and tags")]
    parts.append(f"not one to one: {tallies['not one to one'].wrong} substituted of "
                 f"{tallies['not one to one'].cases}")
    return [f"real catalogs (geany, thunar, django-allauth, gnome-calculator, OmegaT TMX; "
            f"{memory.size} units en -> ar, {len(cases)} revised sources), tarjama lookup: "
            + "; ".join(parts)]


def _source_tree(revision: str, folder: Path) -> Path:
    """The package as it was at ``revision``, unpacked under ``folder``."""
    root = HERE.parent
    target = folder / f"src-{revision[:10]}"
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(root), "archive", revision, "src"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def _before_placeables() -> str:
    found = subprocess.run(
        ["git", "-C", str(HERE.parent), "log", "--format=%H", "-1", "--grep",
         "Memory matches understand placeables"], check=True, capture_output=True, text=True)
    return found.stdout.strip() + "^"


def speed(runs: int, before: str | None) -> list[str]:
    import bench_memory
    import gen_po

    memory_po = gen_po.ensure(100_000, 1)
    tmx = harness.DATA / "memory-100000.tmx"
    if not tmx.exists():
        subprocess.run([harness.tool("tarjama"), "export", str(memory_po), "-o", str(tmx)],
                       check=True, stderr=subprocess.DEVNULL)
    catalog = harness.DATA / "catalog-1000.pot"
    if not catalog.exists():
        bench_memory.make_catalog(memory_po, 1000, catalog)
    revision = before or _before_placeables()
    old_src = _source_tree(subprocess.run(
        ["git", "-C", str(HERE.parent), "rev-parse", revision], check=True,
        capture_output=True, text=True).stdout.strip(),
        # Outside the checkout: a second tarjama package there would trouble mypy.
        Path(tempfile.gettempdir()) / "tarjama-bench-before")
    cache = harness.DATA / "placeables-cache"
    os.environ["TARJAMA_CACHE_DIR"] = str(cache)

    def command(src: Path) -> list[str]:
        return ["env", f"PYTHONPATH={src}", sys.executable, "-m", "tarjama", "pretranslate",
                str(catalog), "-m", str(tmx), "-o", str(harness.DATA / "placeables-out.po")]

    comparison = harness.compare(
        "pretranslate 1000 entries vs 100000-unit TMX (cold cache)",
        command(HERE.parent / "src"), command(old_src), runs=runs, warmup=0,
        rival_name=f"before placeables ({revision})",
        before_each=lambda: shutil.rmtree(cache, ignore_errors=True))
    now, then = comparison.ours_median, comparison.rival_median
    return [comparison.line(),
            f"placeables cost: {now:.2f} s now vs {then:.2f} s before: "
            f"{100 * (now / then - 1):+.1f}% (median of {runs}, alternating; "
            f"runs now {[round(r.seconds, 2) for r in comparison.ours]}, before "
            f"{[round(r.seconds, 2) for r in comparison.rival]})"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["quality", "speed"])
    parser.add_argument("--before", help="the revision to compare speed with "
                                         "(default: the commit before placeables)")
    args = parser.parse_args()
    harness.DATA.mkdir(exist_ok=True)
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}")
    if args.only != "speed":
        folder = harness.DATA / "placeables"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for line in quality(folder) + real_catalogs(folder):
            print(line, flush=True)
    if args.only != "quality":
        for line in speed(args.runs, args.before):
            print(line, flush=True)


if __name__ == "__main__":
    main()
