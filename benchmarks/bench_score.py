"""Benchmark of ``tarjama score`` on 50,000-entry catalogs against sacrebleu's own command on
the same segments as plain text, alternating runs; PO parsing is timed on its own."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from degrade_po import degrade
from gen_po import ensure
from harness import DATA, compare, report, tool
from tarjama.formats.po import read_po, write_po
from tarjama.score import pair_catalogs, pair_sides, read_side


def inputs(entries: int) -> tuple[Path, Path, Path, Path]:
    """The reference PO (generated), its degraded copy, and their paired segments as text."""
    ref_po = ensure(entries)
    hyp_po = DATA / f"{ref_po.stem}-degraded.po"
    if not hyp_po.exists():
        write_po(degrade(read_po(ref_po), seed=1, rate=0.15, drop=200, fuzzy=100), hyp_po)
    hyp_txt, ref_txt = DATA / f"{hyp_po.stem}.hyp.txt", DATA / f"{hyp_po.stem}.ref.txt"
    pairing = pair_catalogs(read_po(hyp_po), [read_po(ref_po)])
    hyp_txt.write_text("".join(s.hypothesis + "\n" for s in pairing.segments), encoding="utf-8")
    ref_txt.write_text("".join(s.references[0] + "\n" for s in pairing.segments),
                       encoding="utf-8")
    print(f"# {ref_po.name}: {entries} entries, {len(pairing.segments)} paired segments")
    return hyp_po, ref_po, hyp_txt, ref_txt


def parse_seconds(paths: list[Path], runs: int, *, pair: bool = False) -> tuple[float, float]:
    """Median wall and CPU time of reading the PO files with tarjama's reader (polib),
    in-process; with ``pair``, pairing their segments too."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        sides = [read_side(path) for path in paths]
        if pair:
            pair_sides(sides[0], sides[1:])
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def cpu_seconds(command: list[str]) -> float:
    """User + system CPU time of one run of ``command``: steadier than wall time when other
    jobs share the machine."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return float(usage.ru_utime + usage.ru_stime)


def cpu_compare(ours: list[str], theirs: list[str], runs: int) -> tuple[float, float]:
    """Median CPU seconds of ours and theirs, run alternately."""
    mine, rival = [], []
    for _ in range(runs):
        mine.append(cpu_seconds(ours))
        rival.append(cpu_seconds(theirs))
    return statistics.median(mine), statistics.median(rival)


def score_lines(command: list[str]) -> list[str]:
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    args = parser.parse_args()
    hyp_po, ref_po, hyp_txt, ref_txt = inputs(args.entries)
    tarjama, sacrebleu = tool("tarjama"), tool("sacrebleu")
    metrics = args.metrics.split(",")
    ours_po = [tarjama, "score", str(hyp_po), "--ref", str(ref_po), "--metrics", args.metrics]
    ours_txt = [tarjama, "score", str(hyp_txt), "--ref", str(ref_txt), "--metrics", args.metrics]
    theirs = [sacrebleu, str(ref_txt), "-i", str(hyp_txt), "-m", *metrics, "--format", "text"]
    same = score_lines(ours_po) == score_lines(theirs)
    print(f"# same score lines from tarjama (PO) and sacrebleu (text): {'yes' if same else 'NO'}")
    comparisons = [
        compare(f"score {args.metrics} PO vs sacrebleu text", ours_po, theirs, runs=args.runs,
                rival_name="sacrebleu"),
        compare(f"score {args.metrics} text vs sacrebleu text", ours_txt, theirs,
                runs=args.runs, rival_name="sacrebleu"),
    ]
    report(comparisons)
    parse_wall, parse_cpu = parse_seconds([hyp_po, ref_po], args.runs)
    pair_wall, pair_cpu = parse_seconds([hyp_po, ref_po], args.runs, pair=True)
    po = comparisons[0]
    overhead = po.ours_median - po.rival_median
    print(f"PO parsing of both catalogs (median of {args.runs}): wall {parse_wall:.3f}s, "
          f"CPU {parse_cpu:.3f}s; parsing + pairing: wall {pair_wall:.3f}s, CPU {pair_cpu:.3f}s")
    print(f"wall: tarjama on PO minus sacrebleu on text: {overhead:+.3f}s "
          f"({'within' if overhead <= parse_wall else 'MORE than'} the parsing time)")
    ours_cpu, theirs_cpu = cpu_compare(ours_po, theirs, args.runs)
    cpu_overhead = ours_cpu - theirs_cpu
    print(f"CPU (median of {args.runs}, alternating): tarjama on PO {ours_cpu:.3f}s | "
          f"sacrebleu on text {theirs_cpu:.3f}s | difference {cpu_overhead:+.3f}s "
          f"({'within' if cpu_overhead <= parse_cpu else 'MORE than'} the parsing CPU time)")


if __name__ == "__main__":
    main()
