"""Hostile inputs for segment, render, stats, export, import and align, in one case table.

Every error case must give exit 2 and exactly one ``tarjama: error: FILE[:LINE]: ...`` line,
no traceback, inputs byte for byte as they were and no output or temporary file left behind;
input that is legitimately acceptable (BOMs, CRLF, another declared charset, standard input)
must give the same result as clean input. Broken pipes and signals run in a real subprocess.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unhappy import (  # noqa: F401  # big_po: the fixture the {big} cases ask for
    AR,
    BAD_PO,
    BAD_PO_LINE,
    CLEAN,
    FR_DE,
    HUGE,
    LAUGHS,
    OK,
    PNG,
    PO,
    PO_HEADER,
    TMX,
    TMX_HEAD,
    XXE,
    Case,
    at_line,
    big_po,
    common,
    run_case,
)

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
    "segment-out-under-a-file": Case(("segment", "{ar}", "-o", "{ar}/nope/x.pot"),
                                     error=("{ar}/nope/x.pot:", "is not a folder")),
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
    "stats-stdout-full": Case(("stats", "{po}"), mode="stdout-full",
                              error=("standard output: cannot write: No space",)),
    "export-stdout-full": Case(("export", "{po}"), mode="stdout-full",
                               error=("standard output: cannot write",)),
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

@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_unhappy_path(case: Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    run_case(case, tmp_path, request)
