"""Hostile inputs for segment, render, stats, export, import and align, in one case table.

Every error case must give exit 2 and exactly one ``tarjama: error: FILE[:LINE]: ...`` line,
no traceback, inputs byte for byte as they were and no output or temporary file left behind;
input that is legitimately acceptable (BOMs, CRLF, another declared charset, standard input)
must give the same result as clean input. Broken pipes and signals run in a real subprocess.
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


CASES: dict[str, Case] = {}

# Each command, each file position, each common variant.
POSITIONS: list[tuple[str, tuple[str, ...], str]] = [
    ("segment", ("segment", "{bad}", "--format", "text"), "ar"),
    ("render-source", ("render", "{bad}", "{po}"), "ar"),
    ("render-po", ("render", "{ar}", "{bad}"), "po"),
    ("stats", ("stats", "--format", "json", "{po}", "{bad}"), "po"),
    ("export", ("export", "{bad}", "-o", "-"), "po"),
    ("import", ("import", "{bad}", "-o", "-"), "tmx"),
    ("align-source", ("align", "{bad}", "{en}", "--source-lang", "ar", "--target-lang", "en",
                      "--format", "tsv"), "ar"),
    ("align-target", ("align", "{ar}", "{bad}", "--source-lang", "ar", "--target-lang", "en",
                      "--format", "tsv"), "en"),
    ("align-lexicon", ("align", "{ar}", "{en}", "--source-lang", "ar", "--target-lang", "en",
                       "--lexicon", "{bad}", "--format", "tsv"), "csv"),
]
for command, argv, kind in POSITIONS:
    for variant, (content, expected) in common(kind).items():
        if kind == "tmx" and variant in ("bad-utf8", "png", "nul", "utf16-no-bom"):
            # XML: libxml2 reports these in its words (rows of their own below)
            continue
        if expected == OK:
            CASES[f"{command}-{variant}"] = Case(argv, content, kind, same=True)
        else:
            CASES[f"{command}-{variant}"] = Case(argv, content, kind, error=expected)

CASES.update({
    # empty and blank documents
    "segment-empty": Case(("segment", "{bad}"), b"", error=("{bad}: empty document",)),
    "segment-whitespace": Case(("segment", "{bad}"), b" \n\t\n", error=("{bad}: empty",)),
    "align-source-empty": Case(("align", "{bad}", "{en}", "--source-lang", "ar",
                                "--target-lang", "en"), b"", error=("{bad}: ",)),
    "export-empty-po": Case(("export", "{po}", "{bad}", "-o", "{out}"), b"", "po",
                            error=("{bad}: the catalog is empty",)),
    "import-empty": Case(("import", "{bad}"), b"", "tmx", error=("{bad}",)),
    "render-po-empty": Case(("render", "{ar}", "{bad}"), b"", "po",
                            error=("{bad}: the catalog is empty",)),
    "render-po-header-only": Case(("render", "{ar}", "{bad}", "-o", "{out}"),
                                  PO_HEADER.replace("X-Source-Language: ar", "X-Foo: x").encode(),
                                  "po", exit_code=0),
    # lines counted with lone CR line ends
    "segment-lone-cr-bad-utf8": Case(("segment", "{bad}"), at_line(
        CLEAN["ar"], 3, b"\xff").replace(b"\n", b"\r"), error=("{bad}:3:",)),
    # huge lines: accepted, or refused by libxml2's limits with the line
    "segment-huge-line": Case(("segment", "{bad}", "--format", "text", "-o", "{out}"),
                              ("كلمة " * (HUGE // 10)).encode(), exit_code=0),
    "import-huge-line": Case(("import", "{bad}", "-o", "{out}"), TMX.replace(
        "<seg>The report", "<seg>" + "x" * HUGE + " The report").encode(), "tmx",
        exit_code=0),
    "align-lexicon-huge-field": Case(("align", "{ar}", "{en}", "--source-lang", "ar",
                                      "--target-lang", "en", "--lexicon", "{bad}"),
                                     b"source,target\n" + b"a" * 200_000 + b",b\n", "csv",
                                     error=("{bad}:2: invalid CSV",)),
    # PO syntax and charsets
    "render-po-syntax": Case(("render", "{ar}", "{bad}"), BAD_PO, "po",
                             error=(f"{{bad}}:{BAD_PO_LINE}:",)),
    "stats-po-syntax": Case(("stats", "{bad}"), BAD_PO, "po",
                            error=(f"{{bad}}:{BAD_PO_LINE}:",)),
    "export-po-syntax": Case(("export", "{bad}"), BAD_PO, "po",
                             error=(f"{{bad}}:{BAD_PO_LINE}:",)),
    "render-po-iso8859-6": Case(("render", "{ar}", "{bad}"), PO.replace(
        "charset=UTF-8", "charset=ISO-8859-6").encode("iso-8859-6"), "po", same=True),
    "stats-po-charset-unknown": Case(("stats", "{bad}"), CLEAN["po"].replace(
        b"charset=UTF-8", b"charset=KLINGON-8"), "po", error=("{bad}: unknown encoding",)),
    "stats-po-declares-ascii": Case(("stats", "{bad}"), CLEAN["po"].replace(
        b"charset=UTF-8", b"charset=ASCII"), "po", error=("{bad}:", "invalid ASCII")),
    "export-tmx-given-as-po": Case(("export", "{bad}"), CLEAN["tmx"], "po",
                                   error=("{bad}:1:",)),
    # malicious and broken XML
    "import-xxe": Case(("import", "{bad}"), XXE.encode(), "tmx", error=("{bad}:2:",
                                                                         "refused")),
    "import-billion-laughs": Case(("import", "{bad}"), LAUGHS.encode(), "tmx",
                                  error=("{bad}:2:", "refused")),
    "import-internal-subset": Case(("import", "{bad}"), (
        TMX_HEAD + '<!DOCTYPE tmx [\n<!ELEMENT tmx ANY>\n]>\n<tmx version="1.4">'
        '<header srclang="ar"/><body/></tmx>\n').encode(), "tmx",
        error=("{bad}:2:", "refused")),
    "import-truncated": Case(("import", "{bad}"), CLEAN["tmx"][: len(CLEAN["tmx"]) * 2 // 3],
                             "tmx", error=("{bad}:", "malformed XML")),
    "import-wrong-root": Case(("import", "{bad}"), (
        TMX_HEAD + "<html><body><p>hi</p></body></html>\n").encode(), "tmx",
        error=("{bad}:2:", "not a TMX file")),
    "import-no-units": Case(("import", "{bad}"), (
        TMX_HEAD + '<tmx version="1.4">\n<header srclang="ar"/>\n<body/>\n</tmx>\n').encode(),
        "tmx", error=("{bad}:", "no translation units")),
    "import-nul": Case(("import", "{bad}"), at_line(CLEAN["tmx"], 3, b"\x00"), "tmx",
                       error=("{bad}:3:",)),
    "import-bad-utf8": Case(("import", "{bad}"), at_line(CLEAN["tmx"], 3, b"\xff\xfe"), "tmx",
                            error=("{bad}:3:", "Invalid bytes")),
    "import-png": Case(("import", "{bad}"), PNG, "tmx", error=("{bad}:1: malformed XML",)),
    # languages
    "segment-lang-unknown": Case(("segment", "{ar}", "--lang", "xx"), error=("--lang",)),
    "segment-lang-not-a-code": Case(("segment", "{ar}", "--lang", "english"),
                                    error=("--lang",)),
    "segment-english-under-default-ar": Case(("segment", "{bad}"), CLEAN["en"],
                                             error=("{bad}:", "Latin script")),
    "segment-arabic-as-en": Case(("segment", "{ar}", "--lang", "en"),
                                 error=("{ar}:", "Arabic script")),
    "render-wrong-document": Case(("render", "{bad}", "{po}"), CLEAN["en"],
                                  error=("{bad}:", "Latin script")),
    "export-source-lang-english": Case(("export", "{po}", "--source-lang", "english"),
                                       error=("--source-lang",)),
    "export-source-lang-is-target": Case(("export", "{po}", "--source-lang", "en"),
                                         error=("{po}:",)),
    "import-pair-not-in-file": Case(("import", "{bad}", "--source-lang", "ar",
                                     "--target-lang", "en", "-o", "{out}"), FR_DE.encode(),
                                    "tmx", error=("{bad}:", "fr (", "de (")),
    "import-target-not-in-file": Case(("import", "{tmx}", "--target-lang", "de", "-o",
                                       "{out}"), error=("{tmx}:", "ar and de")),
    "import-second-file-other-pair": Case(("import", "{tmx}", "{bad}", "-o", "{out}"),
                                          FR_DE.encode(), "tmx", error=("{bad}:",)),
    "align-swapped-files": Case(("align", "{en}", "{ar}", "--source-lang", "ar",
                                 "--target-lang", "en"), error=("{en}:", "swapped")),
    "align-lang-unknown": Case(("align", "{ar}", "{en}", "--source-lang", "ar",
                                "--target-lang", "xx"), error=("--target-lang",)),
    # outputs
    "segment-out-is-source": Case(("segment", "{ar}", "-o", "{ar}"), error=("{ar}:",)),
    "render-out-is-po": Case(("render", "{ar}", "{po}", "-o", "{po}"), error=("{po}:",)),
    "export-out-is-po": Case(("export", "{po}", "-o", "{po}"), error=("{po}:",)),
    "import-out-is-tmx": Case(("import", "{tmx}", "-o", "{tmx}"), error=("{tmx}:",)),
    "align-out-is-lexicon": Case(("align", "{ar}", "{en}", "--source-lang", "ar",
                                  "--target-lang", "en", "--lexicon", "{csv}", "-o", "{csv}"),
                                 error=("{csv}:", "overwrite")),
    "segment-out-missing-folder": Case(("segment", "{ar}", "-o", "{dir}/nope/x.pot"),
                                       error=("{dir}/nope/x.pot:",)),
    "render-out-read-only-folder": Case(("render", "{ar}", "{po}", "-o", "{readonly}/x.txt"),
                                        error=("{readonly}/x.txt:", "cannot write")),
    "segment-out-directory": Case(("segment", "{ar}", "-o", "{dir}"),
                                  error=("{dir}: is a directory",)),
    "export-out-directory": Case(("export", "{po}", "-o", "{dir}"),
                                 error=("{dir}: is a directory",)),
    "align-out-directory": Case(("align", "{ar}", "{en}", "--source-lang", "ar",
                                 "--target-lang", "en", "-o", "{dir}"),
                                error=("{dir}: is a directory",)),
    "import-out-empty-name": Case(("import", "{tmx}", "-o", ""), error=("file name",)),
    "segment-out-named-pipe": Case(("segment", "{ar}", "-o", "{out}"), mode="fifo",
                                   exit_code=0),
    "export-out-full-device": Case(("export", "{po}", "-o", "{out}"), mode="device",
                                   error=("{out}: cannot write",)),
    # standard input
    "segment-stdin": Case(("segment", "-", "--format", "text"), stdin=CLEAN["ar"],
                          exit_code=0),
    "import-stdin": Case(("import", "-", "-o", "{out}"), stdin=CLEAN["tmx"], exit_code=0),
    "render-stdin-twice": Case(("render", "-", "-"), stdin=CLEAN["ar"],
                               error=("standard input",)),
    "align-stdin-twice": Case(("align", "-", "-", "--source-lang", "ar", "--target-lang",
                               "en"), stdin=CLEAN["ar"], error=("standard input",)),
    "import-stdin-twice": Case(("import", "-", "-"), stdin=CLEAN["tmx"],
                               error=("standard input",)),
    # a real process: the reader of standard output goes away, a full disk, signals
    "export-broken-pipe": Case(("export", "{big}", "-o", "-"), mode="pipe", exit_code=0),
    "segment-broken-pipe": Case(("segment", "{bad}", "--format", "text"), AR.encode() * 2000,
                                mode="pipe", exit_code=0),
    "stats-stdout-full": Case(("stats", "{po}"), mode="stdout-full", error=("No space",)),
    "export-stdout-full": Case(("export", "{po}"), mode="stdout-full",
                               error=("-: cannot write",)),
    "export-sigint": Case(("export", "{big}", "-o", "{out}"), mode="signal-INT",
                          exit_code=130),
    "export-sigterm": Case(("export", "{big}", "-o", "{out}"), mode="signal-TERM",
                           exit_code=143),
    # long work: a progress bar on a terminal, nothing of it when piped
    "export-progress-on-terminal": Case(("export", "{po}", "-o", "{out}"), mode="tty",
                                        stderr_has="Exporting"),
    "import-progress-on-terminal": Case(("import", "{tmx}", "-o", "{out}"), mode="tty",
                                        stderr_has="Importing"),
    "export-quiet-when-piped": Case(("export", "{po}", "-o", "{out}"), mode="pipe-stderr",
                                    stderr_lacks="Exporting"),
    "import-quiet-when-piped": Case(("import", "{tmx}", "-o", "{out}"), mode="pipe-stderr",
                                    stderr_lacks="Importing"),
})

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


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_unhappy_path(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
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
        assert _normalised(result.stdout, str(bad)) == _normalised(clean.stdout, str(bad))
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
