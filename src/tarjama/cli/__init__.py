"""The ``tarjama`` command line: one thin module per command, loaded when it is used.

Errors a user can cause print ``tarjama: error: FILE:LINE: message`` and exit 2; quality
findings exit 1; success exits 0. ``--debug`` shows the traceback too; the exit code stays.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Iterator
from typing import Any

import click

from tarjama import __version__
from tarjama.cli.params import TarjamaGroup, echo, examples, warn
from tarjama.errors import TarjamaError, TarjamaWarning
from tarjama.fileio import checked_stdout

# The one registry of commands: name -> (module, one-line help). Each module defines
# ``command``, a click command that calls one library function.
COMMANDS: dict[str, tuple[str, str]] = {
    "segment": ("tarjama.cli.segment", "Split a document into sentence segments (POT or text)."),
    "render": ("tarjama.cli.render", "Rebuild the translated document from a source and a PO."),
    "stats": ("tarjama.cli.stats", "Count translated, fuzzy and untranslated segments and words."),
    "export": ("tarjama.cli.export", "Export catalogs to a TMX memory or an XLIFF 1.2/2.x file."),
    "import": ("tarjama.cli.import_", "Import TMX or XLIFF files into a PO catalog."),
    "check": ("tarjama.cli.check", "Run quality checks on translations (exit 1 on findings)."),
    "align": ("tarjama.cli.align", "Align a document with its translation into a PO catalog."),
    "score": ("tarjama.cli.score", "Score translations with BLEU, chrF and TER (sacrebleu)."),
    "diff": ("tarjama.cli.diff", "List entries whose translation changed, with their TER."),
    "memory": ("tarjama.cli.memory", "Build or inspect a translation-memory index."),
    "pretranslate": ("tarjama.cli.pretranslate", "Fill a catalog from translation memories."),
    "lookup": ("tarjama.cli.lookup", "Look a segment up in translation memories."),
    "update": ("tarjama.cli.update", "Update a PO after its source document changed."),
    "review": ("tarjama.cli.review", "Write an HTML page to review catalogs in a browser."),
    "serve": ("tarjama.cli.serve", "Serve a translation memory over HTTP (API and amaGama)."),
}


class _Stopped(BaseException):
    """The run was stopped from outside: Ctrl-C, SIGTERM or SIGHUP (``signum``), or the reader
    of standard output went away (``signum`` 0).

    A BaseException of our own, so that click, which answers KeyboardInterrupt with a blank
    line and a closed pipe with exit 1, lets it through to :func:`main`, and no ``except
    Exception`` on the way swallows it; outputs being written are removed on the way up.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


class LazyGroup(TarjamaGroup):
    """The ``tarjama`` group: imports a command's module only when that command is used, and
    lists the commands with their summaries from :data:`COMMANDS` (no import for ``--help``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Stopped(signal.SIGINT) from exc
        except BrokenPipeError as exc:
            raise _Stopped(0) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def summary(self, ctx: click.Context, name: str) -> str:
        return COMMANDS[name][1]


@click.group(cls=LazyGroup, epilog=examples(
    "tarjama check locales/en/LC_MESSAGES/noonpost-191719.po",
    "tarjama check --help",
))
@click.version_option(__version__, "-V", "--version", prog_name="tarjama")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
def cli(debug: bool) -> None:
    """tarjama: a bilingual translation-memory toolkit.

    Segment documents into PO catalogs, align existing translations, check and score them,
    reuse them from a translation memory, and export them to TMX.
    """


def _error(message: str) -> None:
    echo(f"tarjama: error: {' '.join(message.split())}", err=True)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again on a
    pipe whose reader has gone (Python would print "Exception ignored" and exit 120)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _signals_stop() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the run as Ctrl-C does, so that no temporary file is left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    # A signal ignored on purpose (``nohup tarjama ...``) stays ignored.
    previous = {signum: signal.signal(signum, _stop) for signum in caught
                if signal.getsignal(signum) == signal.SIG_DFL}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _warnings_reported() -> Iterator[None]:
    """The library's TarjamaWarnings print as ``tarjama: warning: ...`` lines (not Python's
    two-line ``file:line: UserWarning`` form), once each."""
    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        warn(str(message))

    with warnings.catch_warnings():
        warnings.simplefilter("default", TarjamaWarning)
        warnings.showwarning = show
        yield


def _show_traceback(debug: bool) -> None:
    """With ``--debug``, the traceback of the error being handled, before its usual line:
    the exit code stays the one the error calls for."""
    if debug:
        # Escaped as every line for people: an exception may quote a file name or a msgstr.
        echo(traceback.format_exc(), err=True, nl=False)


def main(args: list[str] | None = None) -> None:
    """Run the command line and exit with its status: 0 success, 1 findings, 2 bad input,
    128 + the signal's number when stopped by a signal."""
    argv = sys.argv[1:] if args is None else args
    debug = "--debug" in argv or bool(os.environ.get("TARJAMA_DEBUG"))
    try:
        # Standard output written whole, or an error (a nearly full disk): never a result
        # cut short with exit 0.
        with checked_stdout(), _signals_stop(), _warnings_reported():
            result: Any = cli.main(args=argv, prog_name="tarjama", standalone_mode=False)
    except TarjamaError as exc:
        _show_traceback(debug)
        _error(str(exc))
        sys.exit(exc.exit_code)
    except _Stopped as exc:
        if not exc.signum:
            # The reader of our output went away (``tarjama ... | head``): not an error.
            _quiet_stdout()
            sys.exit(0)
        what = "interrupted" if exc.signum == signal.SIGINT else "terminated"
        # On a terminal the line goes after the ``^C`` the terminal echoed.
        lead = "\n" if exc.signum == signal.SIGINT and sys.stderr.isatty() else ""
        echo(f"{lead}tarjama: {what}", err=True)
        sys.exit(128 + exc.signum)
    except click.exceptions.Abort:
        echo("tarjama: interrupted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:
        # A group run without a command: its help as --help shows it (on standard error and
        # with exit 2, as click does: nothing was done), never folded into an error line.
        if exc.ctx is not None:
            echo(exc.ctx.get_help(), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        _show_traceback(debug)
        _error(exc.format_message())
        sys.exit(2)
    except KeyboardInterrupt:
        echo("tarjama: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except OSError as exc:
        # An I/O failure no layer below turned into a TarjamaError (standard output on a
        # full disk, say): still one line, never a traceback.
        _show_traceback(debug)
        _error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc))
        sys.exit(2)
    except Exception as exc:
        # A bug of ours. The promise is one line and no traceback; --debug shows it.
        _show_traceback(debug)
        _error(f"internal error ({type(exc).__name__}: {exc}); run again with --debug to see "
               "where, and please report it")
        sys.exit(2)
    sys.exit(result if isinstance(result, int) else 0)
