"""``tarjama stats`` against translate-toolkit's ``pocount`` on generated catalogs.

Both parse the whole PO and count segments and words by status: this measures our PO
reading path (polib plus the unit model) against translate-toolkit's PO storage.
Run: ``python benchmarks/bench_stats.py [--entries 50000] [--runs 5]``.
"""

from __future__ import annotations

import argparse

from gen_po import ensure
from harness import compare, report, tool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = []
    for entries in args.entries:
        path = str(ensure(entries))
        results.append(
            compare(
                f"stats {entries} entries",
                [tool("tarjama"), "stats", path],
                [tool("pocount"), path],
                runs=args.runs,
                rival_name="pocount",
            )
        )
    report(results)


if __name__ == "__main__":
    main()
