"""Reading text files strictly and writing outputs atomically.

Inputs are decoded strictly (a BOM is honoured, CRLF becomes LF) so that invalid bytes are
reported with their line; outputs go to a temporary file in the target's folder and are
renamed over it only when complete, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from tarjama.errors import InputError, OutputError, UsageError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

STDIO = "-"


# Standard input as it was read, with the stream it came from: readers that take two passes
# over a file (the TMX reader looks at the header first) get the same bytes the second time.
_stdin_read: tuple[object, bytes] | None = None


def _read_stdin() -> bytes:
    global _stdin_read
    if sys.stdin is None:
        raise InputError("there is no standard input to read", path=STDIO)
    stream = sys.stdin.buffer
    if _stdin_read is None or _stdin_read[0] is not stream:
        _stdin_read = (stream, stream.read())
    return _stdin_read[1]


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path`` (``-`` for standard input), or an :class:`InputError`.

    Standard input is read once; reading ``-`` again gives the same bytes.
    """
    if str(path) == STDIO:
        return _read_stdin()
    with reading(path):
        return Path(path).read_bytes()


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn an operating-system failure to read ``path`` into an :class:`InputError`."""
    try:
        yield
    except FileNotFoundError as exc:
        raise InputError("no such file", path=path) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc


def decode(
    data: bytes, path: str | Path, encoding: str = "utf-8", *, refuse_nul: bool = False
) -> str:
    """Decode ``data`` strictly, honouring a BOM, and turn CRLF and CR into LF.

    Invalid bytes raise an :class:`InputError` naming the line they are on; so do NUL
    characters with ``refuse_nul``, for the formats that never hold one (documents, PO, CSV).
    """
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            encoding = bom_encoding
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        # Lines end at LF, CRLF or a lone CR, as they do once decoded.
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        raise InputError(
            f"invalid {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=line,
        ) from exc
    except LookupError as exc:
        raise InputError(f"unknown encoding {encoding!r}", path=path) from exc
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00") if refuse_nul else -1
    if nul != -1:
        # NUL is what UTF-16 without a BOM or a binary file looks like when decoded as
        # UTF-8, and would otherwise pass as text.
        raise InputError(
            "NUL character: a binary file, or UTF-16 without a byte-order mark?",
            path=path,
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def line_ending(path: str | Path) -> str:
    """The line end a text file uses, CRLF or LF, so that a file made from it (a rendered
    translation) keeps the convention of its source (a lone CR counts as LF)."""
    head = read_bytes(path)[:65536]
    return "\r\n" if b"\r\n" in head or b"\r\x00\n\x00" in head else "\n"


def read_text(path: str | Path, encoding: str = "utf-8", *, refuse_nul: bool = False) -> str:
    """The text of ``path`` decoded strictly (see :func:`decode`)."""
    return decode(read_bytes(path), path, encoding, refuse_nul=refuse_nul)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_not_input(output: str | Path, inputs: Sequence[str | Path], *,
                    hint: str = "write the output to another file") -> None:
    """Refuse to write ``output`` over one of ``inputs``, and standard input named for two
    inputs (it holds one file). ``hint`` says what the command offers instead: a command
    with an in-place mode names it (``use --in-place to change it``)."""
    if sum(1 for given in inputs if str(given) == STDIO) > 1:
        raise UsageError("standard input ('-') can stand for one input file only")
    if str(output) == STDIO:
        return
    out = Path(output)
    for given in inputs:
        if str(given) != STDIO and _same_file(out, Path(given)):
            raise OutputError(
                f"output would overwrite an input file ({hint})", path=output
            )


@contextlib.contextmanager
def _reported(path: str | Path) -> Iterator[None]:
    """Turn an operating-system failure to write ``path`` into an :class:`OutputError`.

    A closed pipe (``tarjama ... | head``) is not an error of the output: it goes up as it is,
    for the command line to end quietly.
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from exc


@contextlib.contextmanager
def atomic_open(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary file to write ``path`` through: renamed into place only on success.

    ``-`` writes to standard output. On any exception the temporary file is removed and
    ``path`` is left as it was. A path that is a device or a named pipe (``/dev/null``,
    ``/dev/stdout``) is written directly: renaming over it would replace the device itself.
    Failures to write raise :class:`OutputError`.
    """
    if str(path) == STDIO:
        with _reported(path):
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        return
    target = _output_target(path)
    if target.exists() and not target.is_file():
        with _reported(path), target.open("wb") as handle:
            yield handle
        return
    with atomic_path(path) as tmp, _reported(path), tmp.open("wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _output_target(path: str | Path) -> Path:
    if not str(path).strip():
        raise OutputError("the output file name is empty")
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a directory, not a file", path=path)
    return target


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for a writer that needs a file name (SQLite), renamed
    over ``path`` only on success; removed, with ``path`` left as it was, on any exception.

    The temporary file exists and is empty when it is handed over. ``path`` must be a
    regular file or not exist: renaming over a device, a pipe or a folder would replace it.
    """
    if str(path) == STDIO:
        raise OutputError("this output needs a file name, not standard output ('-')")
    target = _output_target(path)
    if target.exists() and not target.is_file():
        raise OutputError("is not a regular file", path=path)
    folder = target.parent if str(target.parent) else Path()
    made = _make_folders(folder, path)
    # We name the temporary file ourselves (mkstemp would) so that its name is known before it
    # exists: a Ctrl-C or SIGTERM that lands just after it is made still finds it to remove.
    tmp = folder / f".{target.name}.{secrets.token_hex(8)}.tmp"
    clash = False
    try:
        with _reported(path):
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                clash = True  # someone else's file (64 random bits): leave it alone
                raise
        yield tmp
        with _reported(path):
            if target.exists():
                # Keep the permissions of the file we replace.
                tmp.chmod(target.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                tmp.chmod(0o666 & ~umask)
            tmp.replace(target)
    except BaseException:
        if not clash:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir()
        raise


def _make_folders(folder: Path, path: str | Path) -> list[Path]:
    """Create the missing folders of an output's path, as ``msginit -o`` and ``mkdir -p``
    do, and return them (outermost first) for the caller to remove if the write fails: a
    failed run leaves nothing behind, not even empty folders."""
    missing: list[Path] = []
    here = folder
    while not here.is_dir():
        if here.exists() or here.is_symlink():
            raise OutputError(f"{here} is not a folder", path=path)
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    made: list[Path] = []
    try:
        with _reported(path):
            for created in reversed(missing):
                created.mkdir()
                made.append(created)
    except BaseException:
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir()
        raise
    return made


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (``-`` for standard output)."""
    with atomic_open(path) as handle:
        data = memoryview(text.encode(encoding))
        # A pipe whose reader leaves mid-write takes part of a large write and returns its
        # size without an error; only writing the rest meets the broken pipe.
        while data:
            written = handle.write(data)
            if not written:
                raise BrokenPipeError(errno.EPIPE, "nothing more could be written")
            data = data[written:]
