"""``tarjama export --format xliff`` and ``tarjama import`` against translate-toolkit's
``po2xliff`` and ``xliff2po`` on generated Arabic->English PO, in the same run.

Both importers read the same file (po2xliff's output, which ours reads too). Peak memory of
the export is shown beside ``tarjama stats`` (reading the PO alone), and the reader's peak
over 50,000 and 200,000 entries shows that it streams.
Run: ``python benchmarks/bench_xliff.py [--entries 50000] [--memory 50000 200000] [--runs 5]``
(``--cpu-only``: CPU times alone, steadier on a loaded machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench_export import cpu_seconds
from gen_po import ensure
from harness import Comparison, compare, measure, report, tool

COUNT = ("import sys; from tarjama.formats.xliff import iter_xliff; "
         "print(sum(1 for _ in iter_xliff(sys.argv[1])))")


def cpu_only(sizes: list[int], runs: int) -> None:
    """CPU time of export and import against po2xliff and xliff2po, alternating."""
    with tempfile.TemporaryDirectory() as folder:
        ours_xlf, rival_xlf = str(Path(folder) / "ours.xlf"), str(Path(folder) / "rival.xlf")
        out_po = str(Path(folder) / "out.po")
        for entries in sizes:
            path = str(ensure(entries))
            pairs = {
                "export": ([tool("tarjama"), "export", path, "--format", "xliff", "-o",
                            ours_xlf], [tool("po2xliff"), path, rival_xlf]),
                "import": ([tool("tarjama"), "import", rival_xlf, "-o", out_po],
                           [tool("xliff2po"), rival_xlf, out_po]),
            }
            for task, (ours, rival) in pairs.items():
                mine, theirs = [], []
                for _ in range(runs):
                    mine.append(cpu_seconds(ours))
                    theirs.append(cpu_seconds(rival))
                a, b = statistics.median(mine), statistics.median(theirs)
                rival_name = "po2xliff" if task == "export" else "xliff2po"
                print(f"{task} {entries} entries, CPU time: tarjama {a:.2f}s | {rival_name} "
                      f"{b:.2f}s | ratio {b / a:.1f}x (median of {runs}, alternating)",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[50000])
    parser.add_argument("--memory", type=int, nargs="*", default=[50000, 200000],
                        help="catalog sizes at which to measure peak memory")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-only", action="store_true",
                        help="only CPU times (user + system), alternating, median of --runs: "
                             "steadier than wall time on a loaded machine")
    args = parser.parse_args()
    if args.cpu_only:
        cpu_only(args.entries, args.runs)
        return
    results: list[Comparison] = []

    def done(comparison: Comparison) -> None:
        # Printed as it comes: a run on a loaded machine takes many minutes.
        print(comparison.line(), flush=True)
        results.append(comparison)

    with tempfile.TemporaryDirectory() as folder:
        ours_xlf, rival_xlf = str(Path(folder) / "ours.xlf"), str(Path(folder) / "rival.xlf")
        ours_po, rival_po = str(Path(folder) / "ours.po"), str(Path(folder) / "rival.po")
        for entries in args.entries:
            path = str(ensure(entries))
            done(compare(
                f"export {entries} entries to XLIFF 1.2",
                [tool("tarjama"), "export", path, "--format", "xliff", "-o", ours_xlf],
                [tool("po2xliff"), path, rival_xlf],
                runs=args.runs, rival_name="po2xliff"))
            print(f"# {entries} entries: our XLIFF {Path(ours_xlf).stat().st_size / 2**20:.1f} MB,"
                  f" po2xliff's {Path(rival_xlf).stat().st_size / 2**20:.1f} MB", flush=True)
            done(compare(
                f"import po2xliff's XLIFF of {entries} entries",
                [tool("tarjama"), "import", rival_xlf, "-o", ours_po],
                [tool("xliff2po"), rival_xlf, rival_po],
                runs=args.runs, rival_name="xliff2po"))
            done(measure(
                f"import our XLIFF of {entries} entries",
                [tool("tarjama"), "import", ours_xlf, "-o", ours_po], runs=args.runs))
            done(measure(
                f"export {entries} entries to XLIFF 2.0",
                [tool("tarjama"), "export", path, "--format", "xliff2", "-o", ours_xlf],
                runs=args.runs))
        for entries in args.memory:
            path = str(ensure(entries))
            done(measure(f"stats (read only) {entries} entries",
                                   [tool("tarjama"), "stats", path], runs=1, warmup=0))
            done(measure(f"export {entries} entries to XLIFF 1.2",
                                   [tool("tarjama"), "export", path, "--format", "xliff",
                                    "-o", ours_xlf], runs=1, warmup=0))
            done(measure(f"iter_xliff over the {entries}-entry XLIFF",
                                   [sys.executable, "-c", COUNT, ours_xlf], runs=1, warmup=0))
    print("# summary")
    report(results)


if __name__ == "__main__":
    main()
