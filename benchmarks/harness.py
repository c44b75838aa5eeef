"""Side-by-side timing of tarjama against a rival tool, in the same run.

Commands run alternately (ours, rival, ours, rival...) so that the noise of a shared machine
falls on both; we report medians, their ratio, and the peak resident memory of each.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float


@dataclass
class Comparison:
    """Repeated runs of our command and a rival's on the same input."""

    name: str
    ours: list[Run] = field(default_factory=list)
    rival: list[Run] = field(default_factory=list)
    rival_name: str = "rival"

    @property
    def ours_median(self) -> float:
        return statistics.median(run.seconds for run in self.ours)

    @property
    def rival_median(self) -> float:
        return statistics.median(run.seconds for run in self.rival)

    @property
    def ratio(self) -> float:
        """How many times faster we are (rival median / our median)."""
        return self.rival_median / self.ours_median

    def line(self) -> str:
        ours_rss = max(run.peak_rss_mb for run in self.ours)
        rival_rss = max(run.peak_rss_mb for run in self.rival) if self.rival else 0.0
        return (
            f"{self.name}: tarjama {self.ours_median:.3f}s ({ours_rss:.0f} MB) | "
            f"{self.rival_name} {self.rival_median:.3f}s ({rival_rss:.0f} MB) | "
            f"ratio {self.ratio:.1f}x (median of {len(self.ours)}, alternating)"
        )


def tool(name: str) -> str:
    """The path of a console script, preferring the one beside the running interpreter."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"benchmark needs {name!r} on PATH (pip install -e '.[test]')")
    return found


# Runs the measured command from a small, fresh interpreter: a child forked from the
# benchmark process itself would count the benchmark's own memory in its peak RSS.
_LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(code, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_once(command: Sequence[str]) -> Run:
    """Run a command to completion; its wall time and peak RSS (kilobytes from rusage).

    Exit codes 0 and 1 (quality findings) count as success; anything else is an error.
    """
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, *command],
            stdout=subprocess.PIPE,
            stderr=errors,
            check=True,
        )
        code_text, elapsed, peak_kb = done.stdout.decode().split()
        if int(code_text) not in (0, 1):
            errors.seek(0)
            tail = errors.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(command)} exited {code_text}: {tail}")
    return Run(float(elapsed), int(peak_kb) / 1024)


def tree_rss_kb(root: int, *, with_root: bool = True) -> int:
    """The summed resident memory (kB) of ``root`` and every process below it (or only
    those below it), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:  # gone meanwhile
            continue
        pid = int(entry.name)
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(pid)
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
                break
    total, todo = 0, [root] if with_root else list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run_tree(command: Sequence[str], *, env: dict[str, str] | None = None,
             every: float = 0.05) -> tuple[int, Run, str]:
    """Run a command to completion: its exit code, wall time and peak RSS, and its stderr.

    The peak is the larger of the biggest single process (rusage of the reaped children,
    exact) and the sum over the command's whole process tree sampled every ``every`` seconds
    (a command that forks workers holds them all at once).
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, *command], stdout=subprocess.PIPE,
            stderr=errors)
        peak_kb = 0
        while process.poll() is None:
            peak_kb = max(peak_kb, tree_rss_kb(process.pid, with_root=False))
            time.sleep(every)
        elapsed = time.perf_counter() - start
        assert process.stdout is not None
        code_text, _, single_kb = process.stdout.read().decode().split()
        errors.seek(0)
        tail = errors.read()[-4000:].decode("utf-8", "replace")
    return int(code_text), Run(elapsed, max(peak_kb, int(single_kb)) / 1024), tail


def compare(
    name: str,
    ours: Sequence[str],
    rival: Sequence[str] | None,
    *,
    runs: int = 5,
    warmup: int = 1,
    rival_name: str = "rival",
    before_each: Callable[[], None] | None = None,
) -> Comparison:
    """Time ``ours`` and ``rival`` alternately ``runs`` times each, after ``warmup`` rounds."""
    result = Comparison(name, rival_name=rival_name)
    for round_number in range(warmup + runs):
        for which, command in (("ours", ours), ("rival", rival)):
            if command is None:
                continue
            if before_each is not None:
                before_each()
            run = run_once(command)
            if round_number >= warmup:
                (result.ours if which == "ours" else result.rival).append(run)
    if rival is None:
        result.rival = list(result.ours)
    return result


def measure(name: str, command: Sequence[str], *, runs: int = 5, warmup: int = 1) -> Comparison:
    """Time one command alone (no rival): the ratio is then meaningless and shown as 1."""
    return compare(name, command, None, runs=runs, warmup=warmup, rival_name="(none)")


def report(comparisons: Sequence[Comparison]) -> None:
    """Print one line per comparison, with the machine's facts for context."""
    print(f"# python {sys.version.split()[0]}, {os.cpu_count()} cpus, {time.strftime('%Y-%m-%d')}")
    for comparison in comparisons:
        print(comparison.line())
