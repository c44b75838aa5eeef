"""``tarjama export --format xliff`` and ``tarjama import`` against translate-toolkit's
``po2xliff`` and ``xliff2po`` on generated Arabic->English PO, in the same run.

Both importers read the same file (po2xliff's output, which ours reads too). ``--memory``
measures the peak resident memory of ``tarjama export`` and ``tarjama import`` (and of
``tarjama stats``, reading the PO alone, for scale) at each size, and how much it grows from
the smallest size to the largest: both stream, so it should not.
Run: ``python benchmarks/bench_xliff.py [--entries 50000] [--memory 50000 200000] [--runs 5]``
(``--cpu-only``: CPU times alone, steadier on a loaded machine; memory only if ``--memory``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_export import cpu_seconds
from gen_po import ensure
from harness import Comparison, compare, measure, report, run_once, tool


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


def memory(sizes: list[int]) -> None:
    """Peak RSS of export, import and stats at each size (one run each), then the growth."""
    if not sizes:
        return
    peaks: dict[str, list[float]] = {"stats": [], "export": [], "import": []}
    with tempfile.TemporaryDirectory() as folder:
        xlf, po = str(Path(folder) / "ours.xlf"), str(Path(folder) / "back.po")
        for entries in sizes:
            path = str(ensure(entries))
            for task, command in (
                    ("stats", [tool("tarjama"), "stats", path]),
                    ("export", [tool("tarjama"), "export", path, "--format", "xliff", "-o", xlf]),
                    ("import", [tool("tarjama"), "import", xlf, "-o", po])):
                run = run_once(command)
                peaks[task].append(run.peak_rss_mb)
                print(f"peak memory, {task} {entries} entries: {run.peak_rss_mb:.0f} MB "
                      f"({run.seconds:.1f} s wall)", flush=True)
    for task, values in peaks.items():
        print(f"# {task}: peak {values[-1]:.0f} MB at {sizes[-1]} entries = "
              f"{values[-1] / values[0]:.2f}x the {values[0]:.0f} MB at {sizes[0]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[50000])
    parser.add_argument("--memory", type=int, nargs="*", default=None,
                        help="catalog sizes at which to measure the peak memory of export and "
                             "import (default 50000 200000; none with --cpu-only)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-only", action="store_true",
                        help="only CPU times (user + system), alternating, median of --runs: "
                             "steadier than wall time on a loaded machine")
    args = parser.parse_args()
    if args.cpu_only:
        cpu_only(args.entries, args.runs)
        memory(args.memory or [])
        return
    args.memory = [50000, 200000] if args.memory is None else args.memory
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
    print("# summary")
    report(results)
    memory(args.memory)


if __name__ == "__main__":
    main()
