"""``tarjama export`` against translate-toolkit's ``po2tmx`` on generated Arabic->English PO.

Both read the whole PO and write a TMX; we write more per unit (dates, ids, props, notes).
Peak memory is shown beside ``tarjama stats`` (reading alone) to show the writer streams,
and for ``iter_tmx`` reading the TMX back.
Run: ``python benchmarks/bench_export.py [--entries 50000] [--memory 50000 200000] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gen_po import ensure
from harness import compare, measure, report, tool


def cpu_seconds(command: Sequence[str]) -> float:
    """User plus system time of one run: on a shared, loaded machine the wall time of both
    tools stretches with the load, their CPU time much less."""
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return usage.ru_utime + usage.ru_stime


def cpu_ratio(ours: Sequence[str], rival: Sequence[str], runs: int) -> str:
    """Median CPU time of each command over alternating runs, and their ratio."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(cpu_seconds(ours))
        theirs.append(cpu_seconds(rival))
    a, b = statistics.median(mine), statistics.median(theirs)
    return f"CPU time: tarjama {a:.3f}s | po2tmx {b:.3f}s | ratio {b / a:.1f}x (median of {runs})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[50000])
    parser.add_argument("--memory", type=int, nargs="*", default=[50000, 200000],
                        help="catalog sizes at which to measure peak memory")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        ours_out, rival_out = str(Path(folder) / "ours.tmx"), str(Path(folder) / "rival.tmx")
        for entries in args.entries:
            path = str(ensure(entries))
            results.append(compare(
                f"export {entries} entries",
                [tool("tarjama"), "export", path, "-o", ours_out],
                [tool("po2tmx"), "-i", path, "-o", rival_out, "-l", "en",
                 "--source-language", "ar"],
                runs=args.runs,
                rival_name="po2tmx",
            ))
            size = Path(ours_out).stat().st_size / 2**20
            print(f"# {entries} entries: our TMX {size:.1f} MB, "
                  f"po2tmx's {Path(rival_out).stat().st_size / 2**20:.1f} MB")
            print(f"# export {entries} entries, " + cpu_ratio(
                [tool("tarjama"), "export", path, "-o", ours_out],
                [tool("po2tmx"), "-i", path, "-o", rival_out, "-l", "en",
                 "--source-language", "ar"],
                args.runs))
        for entries in args.memory:
            path = str(ensure(entries))
            # Reading alone (stats) against reading and exporting: the difference is what
            # the writer holds, and it should not grow with the size of the output.
            results.append(measure(f"stats (read only) {entries} entries",
                                   [tool("tarjama"), "stats", path], runs=1, warmup=0))
            results.append(measure(f"export {entries} entries",
                                   [tool("tarjama"), "export", path, "-o", ours_out],
                                   runs=1, warmup=0))
            size = Path(ours_out).stat().st_size / 2**20
            print(f"# {entries} entries: our TMX {size:.1f} MB")
            # Streaming the TMX back with iter_tmx, as the memory builder does: its peak
            # memory should be the same whatever the size of the file.
            count = ("import sys; from tarjama.formats.tmx import iter_tmx; "
                     "print(sum(1 for _ in iter_tmx(sys.argv[1])))")
            results.append(measure(f"iter_tmx over the {entries}-entry TMX",
                                   [sys.executable, "-c", count, ours_out], runs=1, warmup=0))
    report(results)


if __name__ == "__main__":
    main()
