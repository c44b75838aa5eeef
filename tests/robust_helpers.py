"""Helpers of the tests of an unlucky world (full disks, links, killed runs): catalogs made
to size, and tarjama run as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def po_text(entries: Iterable[tuple[str, str]], *, lang: str = "en", source: str = "ar") -> str:
    """A PO catalog from an Arabic source into ``lang``, one entry per (msgid, msgstr)."""
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {lang}\\n"\n"X-Source-Language: {source}\\n"\n\n')
    return head + "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)


def numbered(count: int, translation: str = "Sentence number {i} about the government",
             ) -> list[tuple[str, str]]:
    """``count`` distinct Arabic sentences with their translations."""
    return [(f"الجملة رقم {i} عن الحكومة", translation.format(i=i) if translation else "")
            for i in range(count)]


def write_po_file(path: Path, entries: Iterable[tuple[str, str]]) -> Path:
    path.write_text(po_text(entries), encoding="utf-8")
    return path


def tarjama_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **extra}
    env.pop("TARJAMA_DEBUG", None)
    return env


def spawn(argv: list[str], *, stdout: int | IO[bytes] = subprocess.DEVNULL,
          env: dict[str, str] | None = None, cwd: Path | None = None,
          ) -> subprocess.Popen[bytes]:
    """``tarjama ARGV`` as a process of its own (standard error piped)."""
    return subprocess.Popen([sys.executable, "-m", "tarjama", *argv], env=env or tarjama_env(),
                            cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout,
                            stderr=subprocess.PIPE)


def run(argv: list[str], **kwargs: object) -> tuple[int, str]:
    """Run ``tarjama ARGV`` to its end: exit code and standard error."""
    process = spawn(argv, **kwargs)  # type: ignore[arg-type]
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode("utf-8", "replace")


def temporaries(folder: Path) -> list[str]:
    """The names of tarjama's temporary files in ``folder`` (and below)."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))
