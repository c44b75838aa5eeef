"""The help a new user meets: readable help for a bare group, real examples at the end of every
command's --help, "did you mean" for a mistyped command, exit codes that --debug keeps.

The tests walk the command registry, so a command added later is held to the same rules.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from conftest import LOCALES, run_tarjama
from tarjama.cli import COMMANDS, cli

# The commands whose examples this test runs (a server's example would not return).
RUNNABLE = ("segment", "render", "stats", "export", "import", "check", "align", "score",
            "diff", "memory", "pretranslate", "lookup", "update", "review")


def _commands() -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand, as ``(path, command)``, in registry order."""
    ctx = click.Context(cli)

    def walk(prefix: str, command: click.Command) -> Iterator[tuple[str, click.Command]]:
        yield prefix, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                yield from walk(f"{prefix} {name}", sub)

    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        yield from walk(name, command)


COMMAND_PATHS = [path for path, _ in _commands()]


def _examples(help_text: str) -> list[str]:
    tail = help_text.rsplit("Examples:", 1)
    assert len(tail) == 2, "no Examples section"
    return [line.strip() for line in tail[1].splitlines() if line.strip()]


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_every_help_ends_with_real_examples(path: str) -> None:
    result = run_tarjama(*path.split(), "--help")
    assert result.exit_code == 0, result.stderr
    examples = _examples(result.stdout)
    assert 1 <= len(examples) <= 3
    assert all(line.startswith(f"tarjama {path.split()[0]}") for line in examples), examples


def test_the_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a copy of the repository's locales/, each example works (in registry order:
    later examples read what earlier ones wrote, as a new user trying them in turn would)."""
    shutil.copytree(LOCALES, tmp_path / "locales")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))
    ran = 0
    for path, command in _commands():
        if path.split()[0] not in RUNNABLE or isinstance(command, click.Group):
            continue
        for example in _examples(run_tarjama(*path.split(), "--help").stdout):
            if "postgresql://" in example:
                continue  # run against a real database by tests/test_pg_memory.py
            result = run_tarjama(*shlex.split(example)[1:])
            assert result.exit_code in (0, 1), f"{example}\n{result.stderr}"
            assert "error" not in result.stderr.split(":")[1:2], f"{example}\n{result.stderr}"
            ran += 1
    assert ran >= len(RUNNABLE)


@pytest.mark.parametrize("group", [(), ("memory",)], ids=["tarjama", "tarjama-memory"])
def test_a_bare_group_prints_its_help_over_several_lines(group: tuple[str, ...]) -> None:
    result = run_tarjama(*group)
    assert result.exit_code == 2
    assert "tarjama: error" not in result.stderr
    assert result.stderr == run_tarjama(*group, "--help").stdout
    assert len(result.stderr.splitlines()) > 10
    assert result.stderr.startswith("Usage: tarjama")


def test_memory_help_shows_each_subcommand_summary_in_full() -> None:
    result = run_tarjama("memory", "--help")
    section = result.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in section
    ctx = click.Context(cli)
    group = cli.get_command(ctx, "memory")
    assert isinstance(group, click.Group)
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        assert sub is not None and sub.help is not None
        summary = " ".join(sub.help.split("\n\n")[0].split())
        assert summary in " ".join(section.split()), name


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [(("chek",), "check"), (("expotr",), "export"), (("memory", "inf"), "info"),
     (("memory", "biuld"), "build")],
    ids=["chek", "expotr", "memory-inf", "memory-biuld"],
)
def test_a_mistyped_command_gets_a_suggestion(argv: tuple[str, ...], suggestion: str) -> None:
    result = run_tarjama(*argv)
    assert result.exit_code == 2
    assert result.stderr.startswith("tarjama: error: no such command")
    assert f"did you mean '{suggestion}'?" in result.stderr


def test_nothing_near_gets_no_suggestion() -> None:
    result = run_tarjama("zzzzzz")
    assert result.exit_code == 2 and "did you mean" not in result.stderr


ARTICLE_PO = str(LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po")


@pytest.mark.parametrize(
    "argv",
    [
        ("stats", "/nonexistent.po"),
        ("check", ARTICLE_PO, "--format", "nope"),
        ("chek",),
        ("check", ARTICLE_PO, "--fail-on", "warning"),
        ("stats", ARTICLE_PO),
    ],
    ids=["missing-file", "bad-choice", "no-such-command", "findings", "success"],
)
def test_exit_codes_do_not_depend_on_debug(argv: tuple[str, ...]) -> None:
    plain = run_tarjama(*argv)
    debug = run_tarjama("--debug", *argv)
    assert plain.exit_code == debug.exit_code
    if plain.exit_code == 2:
        assert "Traceback" in debug.stderr and "Traceback" not in plain.stderr
        assert debug.stderr.rstrip().splitlines()[-1] == plain.stderr.rstrip()
