"""The cost of ``tarjama export --inline-codes``: the same export with and without inline codes,
alternating, on a generated Arabic->English catalog where entries hold placeholders and tags,
and translate-toolkit's ``po2tmx`` (which writes them as text) on the same file for scale.
Then ``tarjama import`` of the TMX with codes against the TMX without.

Run: ``python benchmarks/bench_inline.py [--entries 50000] [--runs 5]`` (``--cpu-only``: the
export with and without codes in CPU time alone, alternating, steadier on a loaded machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_export import cpu_seconds
from gen_po import ensure  # puts the checkout's src first on the path
from harness import compare, report, tool
from tarjama.formats.po import read_po, write_po

# What real catalogs wrap their text in (printf, Python, brace, Qt, HTML, BBCode), cycled so
# that about half of the entries hold one or two codes.
WRAPS = [
    ("%d {}", "%d {}"), ("{} <b>%s</b>", "{} <b>%s</b>"), ("{}", "{}"),
    ("{} (%(count)s)", "{} (%(count)s)"), ("<a href=\"/x\">{}</a>", "<a href=\"/x\">{}</a>"),
    ("{}", "{}"), ("{name}: {}", "{name}: {}"), ("[b]{}[/b] %1", "[b]{}[/b] %1"),
]


def coded_catalog(entries: int, folder: Path) -> Path:
    """The generated catalog of ``entries`` with placeholders and tags added to its entries."""
    catalog = read_po(ensure(entries))
    for index, unit in enumerate(catalog.units):
        source_wrap, target_wrap = WRAPS[index % len(WRAPS)]
        if unit.source_plural is None:
            unit.source = source_wrap.replace("{}", unit.source, 1)
            if unit.target:
                unit.target = target_wrap.replace("{}", unit.target, 1)
    path = folder / f"coded-{entries}.po"
    write_po(catalog, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-only", action="store_true",
                        help="CPU times (user + system) of the export with and without codes, "
                             "alternating, median of --runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        po = str(coded_catalog(args.entries, folder))
        plain, coded = str(folder / "plain.tmx"), str(folder / "coded.tmx")
        if args.cpu_only:
            with_codes, without = [], []
            for _ in range(args.runs):
                with_codes.append(cpu_seconds([tool("tarjama"), "export", po, "-o", coded,
                                               "--inline-codes"]))
                without.append(cpu_seconds([tool("tarjama"), "export", po, "-o", plain]))
            a, b = statistics.median(with_codes), statistics.median(without)
            print(f"export {args.entries} entries, CPU time: --inline-codes {a:.2f}s | "
                  f"plain {b:.2f}s | codes cost {a / b:.2f}x (median of {args.runs}, "
                  "alternating)")
            return
        results = [
            compare(f"export --inline-codes, {args.entries} entries",
                    [tool("tarjama"), "export", po, "-o", coded, "--inline-codes"],
                    [tool("tarjama"), "export", po, "-o", plain],
                    runs=args.runs, rival_name="export (codes as text)"),
            compare(f"export --inline-codes, {args.entries} entries, against po2tmx",
                    [tool("tarjama"), "export", po, "-o", coded, "--inline-codes"],
                    [tool("po2tmx"), "-i", po, "-o", str(folder / "rival.tmx"), "-l", "en",
                     "--source-language", "ar"],
                    runs=args.runs, rival_name="po2tmx"),
            compare(f"import of the TMX with codes, {args.entries} entries",
                    [tool("tarjama"), "import", coded, "-o", str(folder / "coded.po")],
                    [tool("tarjama"), "import", plain, "-o", str(folder / "plain.po")],
                    runs=args.runs, rival_name="import (codes as text)"),
        ]
        print(f"# TMX with codes {Path(coded).stat().st_size / 2**20:.1f} MB, "
              f"without {Path(plain).stat().st_size / 2**20:.1f} MB")
    report(results)


if __name__ == "__main__":
    main()
