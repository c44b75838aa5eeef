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


def tree(root: int, *, with_root: bool = True) -> list[int]:
    """``root`` and every process below it (or only those below it), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [root] if with_root else list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _field_kb(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def memory_kb(pids: Sequence[int]) -> tuple[int, int]:
    """The summed resident (RSS) and proportional (PSS: shared pages divided among their
    sharers) memory of ``pids``, in kB."""
    rss = sum(_field_kb(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
    pss = sum(_field_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
    return rss, pss


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU seconds the live processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


@dataclass
class TreeRun:
    """A command run to completion with its process tree watched."""

    code: int
    seconds: float
    peak_rss_mb: float  # the larger of the biggest single process and the sampled tree sum
    peak_pss_mb: float  # sampled, the tree's sum of proportional memory
    processes: int  # the most processes seen at once
    errors: str


def run_tree(command: Sequence[str], *, env: dict[str, str] | None = None,
             every: float = 0.05) -> TreeRun:
    """Run a command to completion: its exit code, wall time, peak memory and stderr.

    The peak RSS is the larger of the biggest single process (rusage of the reaped children,
    exact) and the sum over the command's whole process tree sampled every ``every`` seconds
    (a command that starts helper processes holds them all at once); the sum counts pages the
    processes share once per process, the PSS beside it divides them among their sharers.
    """
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, *command], stdout=subprocess.PIPE,
            stderr=errors, env=env)
        peak_rss = peak_pss = most = 0
        while process.poll() is None:
            pids = tree(process.pid, with_root=False)
            rss, pss = memory_kb(pids)
            peak_rss, peak_pss, most = max(peak_rss, rss), max(peak_pss, pss), max(most, len(pids))
            time.sleep(every)
        assert process.stdout is not None
        code_text, elapsed, single_kb = process.stdout.read().decode().split()
        errors.seek(0)
        tail = errors.read()[-4000:].decode("utf-8", "replace")
    return TreeRun(int(code_text), float(elapsed), max(peak_rss, int(single_kb)) / 1024,
                   peak_pss / 1024, most, tail)


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
