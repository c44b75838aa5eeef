"""The command line contract: versions, exit codes, one-line errors, untouched inputs."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_tarjama
from tarjama import __version__
from tarjama.cli import COMMANDS
from tarjama.errors import OutputError
from tarjama.fileio import atomic_open, check_not_input, write_text

GOOD_PO = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: ar\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#: a.txt:1\nmsgid "مرحبا بالعالم"\nmsgstr "Hello, world"\n\n'
    'msgid "سؤال؟"\nmsgstr ""\n\n'
    '#, fuzzy\nmsgid "كلمة"\nmsgstr "word"\n'
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_matches_package() -> None:
    result = run_tarjama("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "tarjama", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and __version__ in done.stdout


def test_help_lists_every_registered_command() -> None:
    result = run_tarjama("--help")
    assert result.exit_code == 0
    section = result.stdout.split("Commands:")[1].split("Examples:")[0]
    listed = [line.split()[0] for line in section.splitlines() if line.strip()]
    assert listed == list(COMMANDS)


def test_every_registered_command_module_defines_a_command() -> None:
    import importlib

    for name, (module, _help) in COMMANDS.items():
        command = importlib.import_module(module).command
        assert command.name == name, module


def test_stats_counts_by_status(tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(GOOD_PO, encoding="utf-8")
    result = run_tarjama("stats", str(po), "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["files"][0]
    assert figures["segments"] == {"translated": 1, "fuzzy": 1, "untranslated": 1, "total": 3}
    assert figures["words"]["translated"] == 2
    assert figures["percent_translated"] == pytest.approx(50.0)


def test_stats_table_has_a_row_per_file_and_a_total(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    first.write_text(GOOD_PO, encoding="utf-8")
    second.write_text(GOOD_PO, encoding="utf-8")
    lines = run_tarjama("stats", str(first), str(second)).stdout.splitlines()
    assert lines[1].startswith(str(first)) and lines[2].startswith(str(second))
    assert lines[3].startswith("total") and "2 (4w)" in lines[3]


BAD_INPUTS = [
    ("missing", None, r"^tarjama: error: .*missing\.po: no such file$"),
    ("invalid-utf8", b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\xc3\x28"\n',
     r"^tarjama: error: .*invalid-utf8\.po:5: invalid UTF-8"),
    ("malformed", b'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n',
     r"^tarjama: error: .*malformed\.po:4: invalid PO: unterminated string$"),
    ("directory", "dir", r"^tarjama: error: .*directory: is a directory"),
]


@pytest.mark.parametrize(("name", "content", "pattern"), BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_gives_one_line_exit_2_and_leaves_the_file(
    tmp_path: Path, name: str, content: bytes | str | None, pattern: str
) -> None:
    if content == "dir":
        path = tmp_path / name
        path.mkdir()
    else:
        path = tmp_path / f"{name}.po"
        if isinstance(content, bytes):
            path.write_bytes(content)
    before = digest(path) if path.is_file() else None
    result = run_tarjama("stats", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.stderr
    if before is not None:
        assert digest(path) == before


def test_unknown_option_is_a_one_line_error() -> None:
    result = run_tarjama("stats", "--no-such-option", "x.po")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("tarjama: error: ") and "--no-such-option" in result.stderr


def test_unknown_command_is_a_one_line_error() -> None:
    result = run_tarjama("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.startswith("tarjama: error: ") and result.stderr.count("\n") == 1


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tarjama", "--debug", "stats", str(tmp_path / "missing.po")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "InputError" in done.stderr


def test_unknown_language_code_is_rejected_by_the_param_type() -> None:
    import click

    from tarjama.cli.params import LANGUAGE

    assert LANGUAGE.convert("AR", None, None) == "ar"
    assert LANGUAGE.convert("en_gb", None, None) == "en-GB"
    with pytest.raises(click.BadParameter, match="unknown language code 'qq'"):
        LANGUAGE.convert("qq", None, None)


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.po"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.po"]


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.po"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_output_may_not_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "a.po"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="write the output to another file"):
        check_not_input(tmp_path / "." / "a.po", [source])
    check_not_input(tmp_path / "b.po", [source])


def test_missing_folders_of_an_output_are_made_and_removed_on_failure(tmp_path: Path) -> None:
    with atomic_open(tmp_path / "a" / "b" / "x.po") as handle:
        handle.write(b"ok")
    assert (tmp_path / "a" / "b" / "x.po").read_bytes() == b"ok"
    with pytest.raises(RuntimeError), atomic_open(tmp_path / "c" / "d" / "x.po"):
        raise RuntimeError("the writer failed")
    assert not (tmp_path / "c").exists()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a folder"), atomic_open(
        tmp_path / "file" / "x.po"
    ):
        pass


def test_atomic_path_renames_on_success_and_cleans_up_on_failure(tmp_path: Path) -> None:
    from tarjama.fileio import atomic_path

    target = tmp_path / "index.db"
    with atomic_path(target) as tmp:
        assert tmp.exists() and tmp.parent == tmp_path
        tmp.write_bytes(b"complete")
    assert target.read_bytes() == b"complete"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"complete"
    assert [p.name for p in tmp_path.iterdir()] == ["index.db"]


def test_memory_index_is_never_renamed_over_a_pipe(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    memory = tmp_path / "m.po"
    memory.write_text(GOOD_PO, encoding="utf-8")
    result = run_tarjama("memory", "build", str(memory), "-o", str(fifo))
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr and result.stderr.count("\n") == 1
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.po", "pipe"]
