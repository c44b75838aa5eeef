"""Text printed for people cannot drive the terminal (issue 15): escape sequences and carriage
returns in a msgstr, a memory or a file name are shown escaped by check, lookup, diff, score,
stats and memory, in standard output and standard error, and by every command's error line.
JSON keeps every character (its own escaping makes it safe).

The one owner is ``tarjama.display.for_terminal``, called through ``tarjama.cli.params.echo``:
the last tests see to it that no command prints any other way.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import click
import pytest

from conftest import ROOT, Result, run_tarjama
from tarjama.cli import COMMANDS, cli
from tarjama.cli.params import note, warn
from tarjama.display import for_terminal

CLEAR = "\x1b[2J"  # clears the screen
TITLE = "\x1b]0;pwned\x07"  # an OSC sequence: sets the window title
FORGED = "\r0 error(s), 0 warning(s), 0 info in 1 unit(s) of 1 file"  # overwrites a line
HOSTILE = f"Saved{CLEAR}{TITLE}{FORGED}"
RAW = ("\x1b", "\x07", "\r")


def _po_string(text: str) -> str:
    """``text`` as a PO string: the escapes gettext writes (\\r, \\n, quotes), and the other
    control characters as raw bytes (a PO file may hold them)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace(
        "\n", "\\n") + '"'


def _po(path: Path, entries: list[tuple[str, str]], lang: str = "ar") -> Path:
    body = "".join(f"msgid {_po_string(s)}\nmsgstr {_po_string(t)}\n\n" for s, t in entries)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {lang}\\n"\n"X-Source-Language: en\\n"\n\n' + body, encoding="utf-8")
    return path


def _assert_safe(result: Result, *, shown: bool = True) -> None:
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        raw = [char for char in RAW if char in text]
        assert not raw, f"{stream} carries {raw!r}: {text!r}"
    if shown:
        assert "\\x1b[2J" in result.stdout + result.stderr
        assert "\\x1b]0;pwned\\x07" in result.stdout + result.stderr
        assert "\\r0 error(s)" in result.stdout + result.stderr


@pytest.fixture
def hostile_po(tmp_path: Path) -> Path:
    return _po(tmp_path / "hostile.po", [("Saved", HOSTILE), (f"Saved{CLEAR}", "محفوظ"),
                                         ("File", "ملف")])


def test_check_shows_escapes_and_its_summary_cannot_be_forged(hostile_po: Path) -> None:
    result = run_tarjama("check", str(hostile_po))
    _assert_safe(result)
    # The only summary line is tarjama's own, at the start of its line.
    summaries = re.findall(r"^\d+ error\(s\).*$", result.stdout, re.M)
    assert summaries == [result.stdout.splitlines()[-1]]
    assert result.exit_code == 1


def test_check_json_and_github_keep_every_character(hostile_po: Path) -> None:
    result = run_tarjama("check", str(hostile_po), "--format", "json")
    payload = json.loads(result.stdout)  # JSON escapes controls itself
    assert "\x1b" not in result.stdout
    assert f"Saved{CLEAR}" in {finding["msgid"] for finding in payload["findings"]}
    github = run_tarjama("check", str(hostile_po), "--format", "github")
    assert "\r" not in github.stdout  # %0D, as GitHub's annotation format says


def test_check_names_a_hostile_file_safely(tmp_path: Path) -> None:
    name = tmp_path / f"x{CLEAR}{TITLE}.po"
    _po(name, [("Saved", "Saved  twice")], lang="en")
    _assert_safe(run_tarjama("check", str(name)), shown=False)
    missing = run_tarjama("check", str(tmp_path / f"gone{TITLE}{FORGED}.po"))
    assert missing.exit_code == 2
    _assert_safe(missing, shown=False)
    # An error is one line: the carriage return is a space there.
    assert "\\x1b]0;pwned\\x07 0 error(s)" in missing.stderr


def test_lookup_shows_escapes(hostile_po: Path) -> None:
    result = run_tarjama("lookup", "Saved", "-m", str(hostile_po))
    _assert_safe(result)
    concordance = run_tarjama("lookup", "Saved", "--concordance", "-m", str(hostile_po))
    _assert_safe(concordance)
    query = run_tarjama("lookup", f"Saved{CLEAR}", "-m", str(hostile_po), "--format", "json")
    assert json.loads(query.stdout)["query"] == f"Saved{CLEAR}"


def test_lookup_keeps_a_multiline_translation_on_its_line(tmp_path: Path) -> None:
    memory = _po(tmp_path / "m.po", [("Saved", "محفوظ\n2. 100% exact  forged.po:1")])
    result = run_tarjama("lookup", "Saved", "-m", str(memory))
    assert "محفوظ\\n2. 100% exact" in result.stdout
    assert not any(line.startswith("2. ") for line in result.stdout.splitlines())


def test_diff_shows_escapes(tmp_path: Path, hostile_po: Path) -> None:
    old = _po(tmp_path / "old.po", [("Saved", "محفوظ"), ("File", "ملف")])
    result = run_tarjama("diff", str(old), str(hostile_po))
    _assert_safe(result, shown=False)  # diff shows a line break as a space, as sacrebleu
    assert "\\x1b[2J\\x1b]0;pwned\\x07 0 error(s)" in result.stdout


def test_score_per_segment_shows_escapes(tmp_path: Path, hostile_po: Path) -> None:
    reference = _po(tmp_path / "ref.po", [("Saved", "محفوظ"), ("File", "ملف")])
    result = run_tarjama("score", str(hostile_po), "--ref", str(reference), "--per-segment")
    _assert_safe(result, shown=False)  # a segment's line break is a space, as sacrebleu
    assert "\\x1b[2J\\x1b]0;pwned\\x07 0 error(s)" in result.stdout


def test_stats_and_memory_name_hostile_files_safely(tmp_path: Path) -> None:
    name = _po(tmp_path / f"m{CLEAR}{TITLE}.po", [("Saved", "محفوظ")])
    _assert_safe(run_tarjama("stats", str(name)), shown=False)
    index = tmp_path / "m.tjmi"
    built = run_tarjama("memory", "build", str(name), "-o", str(index))
    _assert_safe(built, shown=False)
    assert "\\x1b[2J" in built.stdout + built.stderr
    _assert_safe(run_tarjama("memory", "info", str(index)), shown=False)


def test_warnings_notes_and_errors_show_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    warn(f"guessed {TITLE}{FORGED}")
    note(f"summary {CLEAR}")
    stderr = capsys.readouterr().err
    assert not [char for char in RAW if char in stderr]
    assert "tarjama: warning: guessed \\x1b]0;pwned\\x07 0 error(s)" in stderr
    assert "tarjama: summary \\x1b[2J" in stderr


def test_the_debug_traceback_shows_escapes(tmp_path: Path) -> None:
    result = run_tarjama("--debug", "check", str(tmp_path / f"gone{TITLE}.po"))
    assert "Traceback" in result.stderr
    _assert_safe(result, shown=False)


# --- the function itself ---------------------------------------------------------------------

def test_correct_arabic_is_left_as_it_is() -> None:
    # Marks (RLM, LRM, ALM), ZWNJ, tatweel and paired isolates and embeddings are correct.
    for text in ("اضغط \u200f+1\u200f للمتابعة", "نسخه\u200cها", "\u061cمرحبا",
                 "الإصدار \u2066v2.1\u2069 متاح", "رقم \u202a+1 555\u202c فقط", "مـرحبا",
                 "سطر\nسطر"):
        assert for_terminal(text) == text


def test_what_is_escaped() -> None:
    assert for_terminal("a\x1b[2Jb\rc\x07\x9b\x7f") == "a\\x1b[2Jb\\rc\\x07\\x9b\\x7f"
    assert for_terminal("evil \u202etxt.exe") == "evil \\u202etxt.exe"  # an override
    assert for_terminal("open \u2067left") == "open \\u2067left"  # never closed on its line
    assert for_terminal("\u2069closes nothing") == "\\u2069closes nothing"
    assert for_terminal("a\u2028b") == "a\\u2028b"
    assert for_terminal("one\ntwo", newlines=False) == "one\\ntwo"
    assert for_terminal("tab\tkept") == "tab\tkept"


# --- one owner: every command prints through it -------------------------------------------------

CLI = ROOT / "src" / "tarjama" / "cli"
# Where machine formats are printed, every character kept (echo_data): the format and why.
DATA_PRINTERS = {"check.py", "stats.py", "score.py", "diff.py", "lookup.py", "memory.py"}


def _calls(path: Path) -> list[str]:
    """The printing calls a module makes other than through params.echo: click.echo,
    click.secho, print, sys.stdout/stderr writes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            called = ast.unparse(node.func)
            if called in ("click.echo", "click.secho", "print") or re.fullmatch(
                    r"sys\.std(out|err)(\.buffer)?\.write", called):
                found.append(f"{path.name}:{node.lineno}: {called}")
    return found


def test_commands_print_only_through_the_one_function() -> None:
    found = [call for path in sorted(CLI.glob("*.py")) if path.name != "params.py"
             for call in _calls(path)]
    assert not found, "print through tarjama.cli.params.echo (or echo_data):\n" + "\n".join(found)


def test_machine_output_is_printed_only_where_a_format_asks_for_it() -> None:
    users = {path.name for path in CLI.glob("*.py")
             if "echo_data(" in path.read_text(encoding="utf-8") and path.name != "params.py"}
    assert users <= DATA_PRINTERS, f"new raw printers: {sorted(users - DATA_PRINTERS)}"
    for name in users:
        text = (CLI / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            if "echo_data(" in line:
                before = text[: text.index(line)].splitlines()[-3:]
                assert any('fmt' in b for b in [*before, line]), f"{name}: {line.strip()}"


def _commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found.extend((f"{name} {sub}", command.commands[sub]) for sub in command.commands)
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_shows_a_hostile_argument_escaped(tmp_path: Path, name: str,
                                                        command: click.Command) -> None:
    # Each argument, required option and memory given a path that does not exist, named to
    # drive the terminal: whichever complaint comes first names it, escaped. (A memory too:
    # serve needs one, given on the command line or in the environment, before it starts;
    # so does a database URL for the memory's database commands.)
    hostile = str(tmp_path / f"no{CLEAR}{TITLE}{FORGED}")
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            args.append(hostile)
        elif isinstance(param, click.Option) and (
                param.required or param.name in ("memories", "url")):
            args.extend([param.opts[0], hostile])
    result = run_tarjama(*name.split(), *args)
    assert result.exit_code == 2, result
    _assert_safe(result, shown=False)
    assert "\\x1b" in result.stderr, result.stderr
