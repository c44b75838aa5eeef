"""``tarjama check`` on the entries issue 15 found quadratic, against ordinary prose of the
same length checked in the same run (the linear baseline), alternating, best of several.

Each catalog holds one entry whose msgstr is the hostile text (the msgid is prose, or the
matching hostile source); the time is CPU time of the library call ``check_paths`` (reading,
every check, the text report), so start-up and machine load do not count.
Run: ``python benchmarks/bench_hostile.py [--length 40000] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tarjama.checks import check_paths

PROSE = ("The minister arrived in Baghdad on 3 May with 1,200 soldiers. ",
         "وصل الوزير إلى بغداد في ٣ مايو مع ١٬٢٠٠ جندي. ")
# name: (msgstr, msgid or None for prose), as functions of the length.
HOSTILE: dict[str, tuple[Callable[[int], str], Callable[[int], str] | None]] = {
    "digits": (lambda n: "1" * n, None),
    "[b= repeated": (lambda n: "[b=" * (n // 3), None),
    "letters then @": (lambda n: "a" * (n - 1) + "@", None),
    "{ then letters": (lambda n: "{" + "a" * (n - 1), None),
    "'. ' against '? '": (lambda n: ". " * (n // 2), lambda n: "? " * (n // 2)),
    "'be ' repeated": (lambda n: "be " * (n // 3), None),
}


def _sized(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


def _write(folder: Path, name: str, source: str, target: str) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    path = folder / f"{abs(hash(name))}.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Language: ar\\n"\n"X-Source-Language: en\\n"\n\n'
                    f"msgid {quoted(source)}\nmsgstr {quoted(target)}\n", encoding="utf-8")
    return str(path)


def _cpu(path: str) -> float:
    start = time.process_time()
    check_paths([path])
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--length", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n = args.length
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prose = _write(folder, "prose", _sized(PROSE[0], n), _sized(PROSE[1], n))
        print(f"| entry of {n:,} characters | tarjama check, CPU | prose of the same length | "
              "ratio |")
        print("|---|---|---|---|")
        for label, (target, source) in HOSTILE.items():
            path = _write(folder, label, source(n) if source else _sized(PROSE[0], n),
                          target(n))
            hostile_times, prose_times = [], []
            for _ in range(args.runs):  # alternating, so that both see the same machine
                hostile_times.append(_cpu(path))
                prose_times.append(_cpu(prose))
            best, base = min(hostile_times), min(prose_times)
            print(f"| {label} | {best:.3f} s | {base:.3f} s | {best / base:.2f}x |")


if __name__ == "__main__":
    main()
