"""Helpers the score and diff tests share: sacrebleu's own command, and reproducibly degraded
translations (test modules never import each other; shared helpers live here)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from conftest import need_tool


def sacrebleu_command() -> str:
    """sacrebleu's console script: the one beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "sacrebleu"
    return str(beside) if beside.exists() else need_tool("sacrebleu")


def sacrebleu_lines(refs: list[Path], hyp: Path, *args: str) -> list[str]:
    """What ``sacrebleu REF... -i HYP ARGS --format text`` prints, one line per metric, with
    the padding it adds to align several metrics on '=' taken away."""
    done = subprocess.run(
        [sacrebleu_command(), *map(str, refs), "-i", str(hyp), "--format", "text", *args],
        capture_output=True, text=True, check=True, encoding="utf-8",
    )
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def sacrebleu_sentence_numbers(refs: list[Path], hyp: Path, metric: str, *args: str) -> list[str]:
    """The number each line of ``sacrebleu --sentence-level -m METRIC`` prints."""
    lines = sacrebleu_lines(refs, hyp, "-sl", "-m", metric, *args)
    return [line.split(" = ", 1)[1].split()[0] for line in lines]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def degrade(text: str, rng: random.Random) -> str:
    """A plausible worse translation: words dropped, swapped, repeated or re-cased."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        roll = rng.random()
        if roll < 0.08:
            pass  # dropped
        elif roll < 0.14 and i + 1 < len(words):
            out += [words[i + 1], words[i]]
            i += 1
        elif roll < 0.18:
            out += [words[i], words[i]]
        elif roll < 0.22:
            out.append(words[i].lower() if words[i][:1].isupper() else words[i].capitalize())
        else:
            out.append(words[i])
        i += 1
    return " ".join(out)
