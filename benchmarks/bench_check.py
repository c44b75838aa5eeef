"""``tarjama check`` (every check) against translate-toolkit's ``pofilter`` (its default
checks) on generated Arabic -> English catalogs, side by side, alternating.

Both read the whole PO, run their checks on every unit and write their report (ours as
JSON, pofilter's as a PO of failing units), so this measures a CI run of each.
Run: ``python benchmarks/bench_check.py [--entries 10000 50000] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_po import ensure
from harness import compare, report, tool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for entries in args.entries:
            path = str(ensure(entries))
            results.append(
                compare(
                    f"check {entries} entries",
                    [tool("tarjama"), "check", path, "--format", "json"],
                    [tool("pofilter"), path, "-o", str(Path(folder) / "pofilter.po")],
                    runs=args.runs,
                    rival_name="pofilter",
                )
            )
    report(results)


if __name__ == "__main__":
    main()
