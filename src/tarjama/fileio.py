"""Reading text files strictly and writing outputs atomically: the one owner of these rules.

Inputs are decoded strictly (a BOM is honoured, CRLF becomes LF) so that invalid bytes are
reported with their line. An input that is not a regular file (standard input, a pipe, a
process substitution ``<(...)``) is read once and its bytes kept, so that a reader that looks
at a file's start first (to tell its format) and then reads it loses nothing.

Outputs go to a temporary file in the folder of the file they replace and are renamed over it
only when complete, so an interrupted run never leaves a half-written file:

- a symbolic link is written through: the file it points to is replaced, next to itself, and
  the link stays a link (as editors and ``msgmerge --update`` users expect);
- the replaced file keeps its permissions and, where we may set them, its owner and group;
- a file with several hard links is rewritten in place (its links would otherwise be cut),
  once the new content is complete beside it and the disk has room for it;
- a temporary file is named ``.NAME.<16 hex>.tmp`` (NAME shortened so that the name fits in
  255 bytes) and locked while it is written; stale ones of ours (their writer was killed)
  are removed by the next write of the same file. The hex digits carry a check of their own,
  so a file of another program that happens to look alike is never touched;
- standard output is written whole or not at all: a short write (a nearly full disk) or a
  failing flush is an :class:`OutputError`, not a silently truncated result.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import os
import secrets
import shutil
import stat
import sys
import time
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


# Inputs that are not regular files (pipes, ``<(...)``), by their device and inode: a pipe
# can be read once only, so its bytes are kept for the readers that come back to it.
_streams_read: dict[tuple[int, int], bytes] = {}


def is_stream(path: str | Path) -> bool:
    """True for standard input and an existing file that is not a regular file (a pipe, a
    process substitution, a character device): it cannot be read twice, nor seeked."""
    if str(path) == STDIO:
        return True
    try:
        return not stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path`` (``-`` for standard input), or an :class:`InputError`.

    Standard input and other streams (a pipe, ``<(...)``) are read once; reading them again
    gives the same bytes.
    """
    if str(path) == STDIO:
        return _read_stdin()
    with reading(path):
        info = Path(path).stat()
        if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
            return Path(path).read_bytes()
        key = (info.st_dev, info.st_ino)
        if key not in _streams_read:
            _streams_read[key] = Path(path).read_bytes()
        return _streams_read[key]


def head_bytes(path: str | Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path``, to tell its format, without losing them to the
    reader that comes next when ``path`` is a stream."""
    if is_stream(path):
        return read_bytes(path)[:size]
    with reading(path), Path(path).open("rb") as handle:
        return handle.read(size)


def open_input(path: str | Path) -> IO[bytes]:
    """A binary file object reading ``path`` from its start (a stream's kept bytes)."""
    if is_stream(path):
        return io.BytesIO(read_bytes(path))
    with reading(path):
        return Path(path).open("rb")


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
        with _reported(STDOUT_NAME):
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        return
    if _written_directly(path):
        with _reported(path), Path(path).open("wb") as handle:
            yield handle
        return
    with atomic_path(path) as tmp, _reported(path), tmp.open("wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _written_directly(path: str | Path) -> bool:
    """A device, a pipe or a path of the process's own streams (``/dev/stdout``, which may
    be a link to a regular file the shell opened for us): written, never renamed over."""
    _output_target(path)
    given = Path(path)
    if given.exists() and not given.is_file():
        return True
    real = os.path.realpath(given)
    return given.exists() and real.startswith(("/proc/", "/dev/"))


def _output_target(path: str | Path) -> Path:
    """The file an output replaces: ``path``, or the file its symbolic links lead to."""
    if not str(path).strip():
        raise OutputError("the output file name is empty")
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a directory, not a file", path=path)
    if target.is_symlink():
        # Written through, as a shell redirection, an editor or msgmerge --update would: the
        # link stays, the file it leads to gets the new content (created if it is missing).
        target = Path(os.path.realpath(target))
        if target.is_dir():
            raise OutputError(f"is a link to a directory ({target})", path=path)
    return target


# A temporary file of ours: ".NAME.<8 random hex><8 hex of their check>.tmp".
_TMP_SUFFIX = ".tmp"
_NAME_MAX = 255
_TMP_EXTRA = len("..") + 16 + len(_TMP_SUFFIX)
# Where files cannot be locked, a temporary file is taken for stale at this age (seconds).
_TMP_STALE_AGE = 24 * 3600


def _tmp_stem(name: str) -> str:
    """The target's name as temporary names carry it: shortened so that the whole temporary
    name fits in the 255 bytes a file name may have (a 240-byte output name still works)."""
    raw = os.fsencode(name)
    if len(raw) + _TMP_EXTRA <= _NAME_MAX:
        return name
    cut = raw[:_NAME_MAX - _TMP_EXTRA]
    # Never end in the middle of a UTF-8 character.
    while cut and (cut[-1] & 0xC0) == 0x80:
        cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:
        cut = cut[:-1]
    return os.fsdecode(cut)


def _tmp_check(stem: str, token: str) -> str:
    return hashlib.blake2b(f"tarjama\0{stem}\0{token}".encode("utf-8", "surrogateescape"),
                           digest_size=4).hexdigest()


def temporary_name(name: str) -> str:
    """A new temporary name for a file being written as ``name`` (see the module's notes)."""
    stem = _tmp_stem(name)
    token = secrets.token_hex(4)
    return f".{stem}.{token}{_tmp_check(stem, token)}{_TMP_SUFFIX}"


def is_our_temporary(name: str, target_name: str) -> bool:
    """True when ``name`` is a temporary name this module made for ``target_name``."""
    stem = _tmp_stem(target_name)
    prefix = f".{stem}."
    if not (name.startswith(prefix) and name.endswith(_TMP_SUFFIX)):
        return False
    hexes = name[len(prefix):-len(_TMP_SUFFIX)]
    if len(hexes) != 16 or any(c not in "0123456789abcdef" for c in hexes):
        return False
    return _tmp_check(stem, hexes[:8]) == hexes[8:]


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of ours that a killed run left beside ``target`` (a
    writer alive holds a lock on its file: those are left alone), and return them."""
    folder = target.parent
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_our_temporary(entry.name, target.name):
            continue
        with contextlib.suppress(OSError):
            if _stale(Path(entry.path)):
                removed.append(Path(entry.path))
    return removed


def _locked_new_file(tmp: Path) -> int:
    """Make ``tmp`` and lock it (the mark of a writer at work, held until the end); -1 when
    a cleaner took it for a stale one in the instant between (then try another name)."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        return fd  # no locks on this filesystem: the age rule of _stale protects it
    if os.fstat(fd).st_nlink == 0:
        os.close(fd)
        return -1
    return fd


def _stale(tmp: Path) -> bool:
    """Remove ``tmp`` if no one writes it (its lock is free) and say whether it was removed."""
    fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # its writer is at work
        except OSError:
            # No locks here (some network filesystems): only the age tells.
            if time.time() - info.st_mtime < _TMP_STALE_AGE:
                return False
        tmp.unlink()
        return True
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for a writer that needs a file name (SQLite), renamed
    over ``path`` only on success; removed, with ``path`` left as it was, on any exception.

    The temporary file exists and is empty when it is handed over. ``path`` must be a
    regular file or not exist: renaming over a device, a pipe or a folder would replace it.
    A symbolic link is written through (see the module's notes).
    """
    if str(path) == STDIO:
        raise OutputError("this output needs a file name, not standard output ('-')")
    target = _output_target(path)
    if target.exists() and not target.is_file():
        raise OutputError("is not a regular file", path=path)
    folder = target.parent if str(target.parent) else Path()
    made = _make_folders(folder, path)
    remove_stale_temporaries(target)
    # We name the temporary file ourselves (mkstemp would) so that its name is known before it
    # exists: a Ctrl-C or SIGTERM that lands just after it is made still finds it to remove.
    tmp = folder / temporary_name(target.name)
    lock = -1
    clash = False
    try:
        with _reported(path):
            while lock < 0:
                try:
                    lock = _locked_new_file(tmp)
                except FileExistsError:
                    clash = True  # someone else's file (64 random bits): leave it alone
                    raise
                if lock < 0:  # removed as stale between its making and its locking
                    tmp = folder / temporary_name(target.name)
        yield tmp
        with _reported(path):
            _put_in_place(tmp, target, path)
    except BaseException:
        if not clash:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir()
        raise
    finally:
        if lock >= 0:
            os.close(lock)


def _put_in_place(tmp: Path, target: Path, path: str | Path) -> None:
    """Move the complete ``tmp`` to ``target``, keeping the replaced file's mode, owner and
    hard links."""
    try:
        old = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        tmp.replace(target)
        return
    if old.st_nlink > 1:
        _rewrite_in_place(tmp, target, old, path)
        return
    _same_owner(tmp, old)
    # Keep the permissions of the file we replace (after chown, which may clear set-id bits).
    tmp.chmod(stat.S_IMODE(old.st_mode))
    tmp.replace(target)


def _same_owner(tmp: Path, old: os.stat_result) -> None:
    """Give ``tmp`` the owner and group of the file it replaces, as far as we may (root may
    give any; a user may give a group of theirs): root rewriting a user's catalog must not
    hand it to root."""
    mine = tmp.stat()
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.chown(tmp, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, old.st_gid)


def _rewrite_in_place(tmp: Path, target: Path, old: os.stat_result, path: str | Path) -> None:
    """Copy the complete ``tmp`` into ``target``'s own inode (every hard link then shows the
    new content), after reserving the room it needs: a full disk fails before a byte of the
    old content is changed."""
    size = tmp.stat().st_size
    with target.open("r+b") as handle:
        if size > old.st_size:
            try:
                os.posix_fallocate(handle.fileno(), 0, size)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    os.ftruncate(handle.fileno(), old.st_size)
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise
        with tmp.open("rb") as source:
            shutil.copyfileobj(source, handle, 1 << 20)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
    tmp.unlink()


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


# --- standard output ------------------------------------------------------------------------------

# How standard output is named in an error message.
STDOUT_NAME = "standard output"


class _WholeWrites(io.RawIOBase):
    """File descriptor ``fd`` written whole: a short write (what a nearly full disk gives)
    writes the rest, which then fails with the disk's own error. Python's buffered writer
    would drop the rest of a short write without a word and exit 0 with a truncated result.
    After the first failure everything is discarded (the error has been raised once)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        size = len(view)
        while view and not self.failed:
            try:
                view = view[os.write(self.fd, view):]
            except BrokenPipeError:
                self.failed = True
                raise
            except OSError as exc:
                self.failed = True
                raise OutputError(f"cannot write: {exc.strerror or exc}",
                                  path=STDOUT_NAME) from exc
        return size


@contextlib.contextmanager
def checked_stdout() -> Iterator[None]:
    """Standard output, for the time of the block, written whole or raising
    :class:`OutputError` (a short or failing write, a failing flush at the end). The end of
    the block flushes it and closes a copy of it, as ``close_stdout`` of the GNU tools does,
    so that an error the system only reports at close (NFS) is one too.

    Nothing changes when standard output is not a file descriptor (a test's capture).
    """
    old = sys.stdout
    try:
        fd = old.fileno()
        old.flush()
    except (AttributeError, ValueError, OSError):
        yield
        return
    raw = _WholeWrites(fd)
    buffered = io.BufferedWriter(raw)  # type: ignore[type-var]  # a RawIOBase is a raw stream
    stream = io.TextIOWrapper(buffered, encoding=old.encoding, errors=old.errors,
                              line_buffering=bool(old.line_buffering))
    sys.stdout = stream
    try:
        yield
        stream.flush()
        try:
            os.close(os.dup(fd))
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=STDOUT_NAME) from exc
    finally:
        raw.failed = True  # whatever is left unwritten goes nowhere, once the error is out
        sys.stdout = old
        with contextlib.suppress(Exception):
            stream.detach()



def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (``-`` for standard output)."""
    with atomic_open(path) as handle:
        write_all(handle, text.encode(encoding))


def write_all(handle: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` to a file :func:`atomic_open` gave."""
    view = memoryview(data)
    # A pipe whose reader leaves mid-write takes part of a large write and returns its
    # size without an error; only writing the rest meets the broken pipe.
    while view:
        written = handle.write(view)
        if not written:
            raise BrokenPipeError(errno.EPIPE, "nothing more could be written")
        view = view[written:]
