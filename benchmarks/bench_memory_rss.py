"""Peak memory of indexing a large PO memory: streamed (now) against read whole (before).

``tarjama memory build big.po -o big.tjmi`` reads a PO memory unit by unit as it indexes it,
as it reads a TMX; before, the PO was read whole first (every unit of a million-entry
catalog in memory at once). Both ways run in the same run, alternating, from fresh
interpreters; the peak resident memory and the time of each are reported, with the ratio.

    python benchmarks/bench_memory_rss.py                    # 1,000,000 entries, 1 run each
    python benchmarks/bench_memory_rss.py --entries 200000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_po import sentence
from harness import DATA, ROOT, compare

# The way before: the memory's catalog read whole (read_po), then indexed.
_WHOLE = """
import sys
sys.path.insert(0, {src!r})
from tarjama.formats import po
from tarjama.memory import store

def whole(path, *, sample=300):
    return po.PoStream(po.read_po(path), iter(()))

store.stream_po = whole
from tarjama.cli import main
main(sys.argv[1:])
"""


def memory_po(entries: int, seed: int = 1) -> Path:
    """A PO memory of ``entries`` translated Arabic -> English entries (gen_po's sentences),
    written line by line (generating a million-entry Catalog first would itself need
    gigabytes), under benchmarks/data, made if missing."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"memory-{entries}-s{seed}.po"
    if path.exists():
        return path
    rng = random.Random(seed)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Language: en\\n"\n"X-Source-Language: ar\\n"\n\n')
        for serial in range(entries):
            arabic, english = sentence(rng, serial)
            out.write(f'#: article.txt:{serial + 1}\nmsgid "{arabic}"\nmsgstr "{english}"\n\n')
    partial.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    memory = memory_po(args.entries)
    src = str(ROOT / "src")
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "big.tjmi")
        streamed = [sys.executable, "-c", _WHOLE.replace("store.stream_po = whole", ""
                                                         ).format(src=src),
                    "memory", "build", str(memory), "-o", out]
        whole = [sys.executable, "-c", _WHOLE.format(src=src),
                 "memory", "build", str(memory), "-o", out]
        result = compare(f"memory build, {args.entries:,}-entry PO", streamed, whole,
                         runs=args.runs, warmup=0, rival_name="read whole (before)")
    ours_rss = max(run.peak_rss_mb for run in result.ours)
    rival_rss = max(run.peak_rss_mb for run in result.rival)
    print(f"# {' '.join(sys.argv)}")
    print(f"streamed: {statistics.median(r.seconds for r in result.ours):.1f} s, "
          f"peak {ours_rss:.0f} MB")
    print(f"read whole (before): {statistics.median(r.seconds for r in result.rival):.1f} s, "
          f"peak {rival_rss:.0f} MB")
    print(f"peak memory {rival_rss / ours_rss:.1f}x lower, time ratio {result.ratio:.2f}x")


if __name__ == "__main__":
    main()
