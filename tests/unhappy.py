"""The machinery of the unhappy-path case tables (tests/test_unhappy_paths*.py): the clean
inputs, their hostile variants, the :class:`Case` record and :func:`run_case`, which runs one
case and checks what every case promises. Test modules import it; they never import each
other.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from conftest import ROOT, Result, run_tarjama

# --- the clean inputs ----------------------------------------------------------------------------

AR = "عنوان التقرير\n\nقالت الحكومة إن الحوار سيستمر. ويرى المراقبون أن القرار صعب.\n\n" \
     "وتبقى الأسئلة كثيرة حول مستقبل التحالف الدولي في العراق.\n"
EN = "The report's title\n\nThe government said the dialogue would continue. Observers " \
     "believe the decision is difficult.\n\nMany questions remain about the future of the " \
     "international coalition in Iraq.\n"
PAIRS = [
    ("عنوان التقرير", "The report's title"),
    ("قالت الحكومة إن الحوار سيستمر.", "The government said the dialogue would continue."),
    ("ويرى المراقبون أن القرار صعب.", "Observers believe the decision is difficult."),
    ("وتبقى الأسئلة كثيرة حول مستقبل التحالف الدولي في العراق.",
     "Many questions remain about the future of the international coalition in Iraq."),
]
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
    '"X-Source-Language: ar\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
PO = PO_HEADER + "".join(f'\nmsgid "{s}"\nmsgstr "{t}"\n' for s, t in PAIRS)
TMX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TMX = TMX_HEAD + (
    '<tmx version="1.4">\n<header creationtool="test" creationtoolversion="1" '
    'segtype="sentence" o-tmf="PO" adminlang="en" srclang="ar" datatype="plaintext"/>\n'
    "<body>\n" + "".join(
        f'<tu>\n  <tuv xml:lang="ar"><seg>{s}</seg></tuv>\n'
        f'  <tuv xml:lang="en"><seg>{t}</seg></tuv>\n</tu>\n' for s, t in PAIRS
    ) + "</body>\n</tmx>\n"
)
CSV = "source,target\nالحكومة,government\nالتحالف,coalition\n"
CLEAN = {"ar": AR.encode(), "en": EN.encode(), "po": PO.encode(), "tmx": TMX.encode(),
         "csv": CSV.encode()}
NAMES = {"ar": "doc.ar.txt", "en": "doc.en.txt", "po": "doc.po", "tmx": "memory.tmx",
         "csv": "lexicon.csv"}

# --- hostile variants ----------------------------------------------------------------------------

MISSING, DIRECTORY = "<missing>", "<directory>"
HUGE = 5 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def at_line(data: bytes, line: int, junk: bytes) -> bytes:
    """``junk`` put at the start of line ``line`` (1-based)."""
    lines = data.split(b"\n")
    lines[line - 1] = junk + lines[line - 1]
    return b"\n".join(lines)


def lines_of(data: bytes) -> int:
    return data.count(b"\n") + 1


BAD_PO_LINE = lines_of(CLEAN["po"]) + 2
BAD_PO = CLEAN["po"] + b'\nmsgid "x"\nmsgstr "unterminated\n'
XXE = TMX_HEAD + '<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n' \
    '<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>&xxe;</seg>' \
    '</tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>\n'
LAUGHS = TMX_HEAD + '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' \
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n' \
    '<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>&lol2;</seg>' \
    '</tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>\n'
FR_DE = TMX.replace('xml:lang="ar"', 'xml:lang="fr"').replace(
    'xml:lang="en"', 'xml:lang="de"').replace('srclang="ar"', 'srclang="fr"')


OK = ("ok",)


def common(kind: str) -> dict[str, tuple[bytes | str, tuple[str, ...]]]:
    """Variants every kind of input gets: content, and what the one error line must hold
    (``OK``: no error, and the result must equal the clean input's)."""
    clean = CLEAN[kind]
    return {
        "missing": (MISSING, ("{bad}: no such file",)),
        "directory": (DIRECTORY, ("{bad}: is a directory",)),
        "bad-utf8": (at_line(clean, 3, b"\xff\xfe"), ("{bad}:3: invalid UTF-8",)),
        "png": (PNG, ("{bad}:1: invalid UTF-8",)),
        "nul": (at_line(clean, 3, b"\x00"), ("{bad}:3: NUL character",)),
        "utf16-no-bom": (clean.decode().encode("utf-16-le"), ("{bad}:1: NUL character",)),
        "utf16-bom": (b"\xff\xfe" + clean.decode().encode("utf-16-le"), OK),
        "utf8-bom": (b"\xef\xbb\xbf" + clean, OK),
        "crlf": (clean.replace(b"\n", b"\r\n"), OK),
        "lone-cr": (clean.replace(b"\n", b"\r"), OK),
    }


@dataclass(frozen=True)
class Case:
    """One run: ``argv`` with ``{ar} {en} {po} {tmx} {csv}`` (clean files), ``{bad}`` (the
    hostile file, ``bad`` its content), ``{out}`` and ``{dir}``; the error fragments (with
    placeholders), or ``same`` for a run that must equal the run with the clean file."""

    argv: tuple[str, ...]
    bad: bytes | str | None = None
    kind: str = "ar"
    error: tuple[str, ...] = ()
    same: bool = False
    stdin: bytes | None = None
    mode: str = "inproc"
    exit_code: int = 0  # when no error is expected (an error is always exit 2)
    stderr_has: str = ""  # ... and the text standard error must (or must not) hold
    stderr_lacks: str = ""


# --- running a case ------------------------------------------------------------------------------

BIG_ENTRIES = 40_000


@pytest.fixture(scope="module")
def big_po(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog large enough that an export takes a noticeable time (and overflows a pipe)."""
    path = tmp_path_factory.mktemp("big") / "big.po"
    body = "".join(
        f'\nmsgid "قالت الحكومة في البيان رقم {i} إن الحوار مع التحالف سيستمر."\n'
        f'msgstr "The government said in statement {i} that the talks would go on."\n'
        for i in range(BIG_ENTRIES)
    )
    path.write_text(PO_HEADER + body, encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not stat.S_ISFIFO(p.stat().st_mode)}


def _readonly_folder(tmp_path: Path) -> str:
    if os.geteuid() != 0:
        folder = tmp_path / "readonly"
        folder.mkdir()
        folder.chmod(0o555)
        return str(folder)
    # root writes anywhere but a read-only or pseudo file system
    if not Path("/sys").is_dir() or _writable("/sys"):
        pytest.skip("no read-only folder for root here")
    return "/sys"


def _writable(folder: str) -> bool:
    probe = Path(folder) / ".tarjama-probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


def _tarjama_process(argv: list[str], stdout: int | IO[bytes]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("TARJAMA_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "tarjama", *argv], env=env,
                            stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE)


def _run_process(case: Case, argv: list[str], out: Path) -> Result:
    if case.mode == "pipe-stderr":
        process = _tarjama_process(argv, subprocess.DEVNULL)
        _, err = process.communicate(timeout=120)
        return Result(process.returncode, "", err.decode())
    if case.mode == "tty":
        leader, follower = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        with subprocess.Popen([sys.executable, "-m", "tarjama", *argv], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=follower) as tty_process:
            os.close(follower)
            seen = b""
            while True:
                try:
                    chunk = os.read(leader, 1 << 16)
                except OSError:  # EIO: the terminal's other side is closed
                    break
                if not chunk:
                    break
                seen += chunk
            tty_process.wait(timeout=120)
        os.close(leader)
        return Result(tty_process.returncode, "", seen.decode("utf-8", "replace"))
    if case.mode == "pipe":
        process = _tarjama_process(argv, subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()  # the reader goes away, as `| head -1` does
        _, err = process.communicate(timeout=120)
        return Result(process.returncode, "", err.decode())
    if case.mode == "stdout-full":
        if not Path("/dev/full").is_char_device():
            pytest.skip("no /dev/full")
        with Path("/dev/full").open("wb") as full:
            process = _tarjama_process(argv, full)
            _, err = process.communicate(timeout=120)
        return Result(process.returncode, "", err.decode())
    # Signals: wait until the export is writing (its temporary file exists), then send.
    signum = getattr(signal, "SIG" + case.mode.split("-")[1])
    process = _tarjama_process(argv, subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in out.parent.iterdir()):
        assert process.poll() is None, "the export ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    return Result(process.returncode, "", err.decode())


def _normalised(text: str, path: str) -> str:
    """Output with the hostile file's path and the run's dates taken out."""
    if path != "-":
        text = text.replace(path, "FILE")
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}|\d{8}T\d{6}Z", "DATE", text)


def run_case(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Run one case and check everything the module's docstring promises."""
    files = {kind: tmp_path / name for kind, name in NAMES.items()}
    for kind, path in files.items():
        path.write_bytes(CLEAN[kind])
    bad = tmp_path / ("bad-" + NAMES[case.kind])
    if case.bad == DIRECTORY:
        bad.mkdir()
    elif isinstance(case.bad, bytes):
        bad.write_bytes(case.bad)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    out = out_folder / "result"
    if case.mode == "fifo":
        os.mkfifo(out)
    elif case.mode == "device":
        try:
            os.mknod(out, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full of our own
        except PermissionError:
            pytest.skip("making a device needs root")
    places = {kind: str(path) for kind, path in files.items()}
    places.update(bad=str(bad), out=str(out), dir=str(tmp_path))
    if "{readonly}" in " ".join((*case.argv, *case.error)):
        places["readonly"] = _readonly_folder(tmp_path)
    if "{big}" in case.argv:
        places["big"] = str(request.getfixturevalue("big_po"))
    argv = [part.format(**places) for part in case.argv]
    before = _snapshot(tmp_path)

    reader = None
    if case.mode == "fifo":
        # A reader that does not block, so that the writer can open the pipe.
        reader = os.open(out, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if case.mode in ("inproc", "fifo", "device"):
            result = run_tarjama(*argv, input=case.stdin)
        else:
            result = _run_process(case, argv, out)
        piped = os.read(reader, 1 << 20) if reader is not None else b""
    finally:
        if reader is not None:
            os.close(reader)

    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    assert result.exit_code == (2 if case.error else case.exit_code), result.stderr
    after = _snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before, "an input changed"
    if case.error:
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("tarjama: error: ")
        for fragment in case.error:
            assert fragment.format(**places) in lines[0]
    if case.error or case.mode.startswith("signal"):
        assert sorted(after) == sorted(before), "an output or temporary file was left"
    if case.mode.startswith("signal"):
        what = "interrupted" if case.exit_code == 130 else "terminated"
        assert result.stderr == f"tarjama: {what}\n"
    if case.mode == "pipe":
        assert result.stderr == ""
    assert case.stderr_has.format(**places) in result.stderr
    assert not case.stderr_lacks or case.stderr_lacks not in result.stderr
    if case.mode == "fifo":
        assert stat.S_ISFIFO(out.stat().st_mode), "the named pipe was replaced"
        assert piped.startswith(b"#")
    if case.mode == "device":
        assert stat.S_ISCHR(out.lstat().st_mode), "the device was replaced"
    if case.same:
        bad.write_bytes(CLEAN[case.kind])
        clean = run_tarjama(*argv)
        assert clean.exit_code == 0, clean.stderr
        shown = result.stdout
        if case.argv[0] == "render":
            # render keeps the source's line ends (tests/test_new_user.py): CRLF in, CRLF out.
            shown = shown.replace("\r\n", "\n")
        assert _normalised(shown, str(bad)) == _normalised(clean.stdout, str(bad))
        assert _normalised(result.stderr, str(bad)) == _normalised(clean.stderr, str(bad))
    if case.stdin is not None and not case.error:
        # Standard input reads as the same bytes in a file would.
        written = out.read_bytes() if out.is_file() else b""
        bad.write_bytes(case.stdin)
        from_file = run_tarjama(*[str(bad) if a == "-" else a for a in argv])
        assert result.exit_code == from_file.exit_code == 0
        assert _normalised(result.stdout, "-") == _normalised(from_file.stdout, str(bad))
        again = out.read_bytes() if out.is_file() else b""
        assert _normalised(written.decode(), "-") == _normalised(again.decode(), str(bad))
