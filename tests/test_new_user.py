"""What a new user tripped over, trying tarjama on a fresh clone (issue 10), each pinned.

The help items (a bare ``tarjama``, examples, "did you mean", ``--debug`` exit codes) are in
tests/test_help.py; the one-owner rules in tests/test_one_owner.py and
tests/test_catalog_languages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LOCALES, run_tarjama
from tarjama.formats.po import read_po

ARTICLE = LOCALES / "noonpost-191719.ar.txt"
ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
ARABIC_SENTENCE = "ما مستقبل التحالف الدولي في العراق؟"
ES_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Hello world</seg></tuv>
<tuv xml:lang="es"><seg>Hola mundo</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def en_ar_po(tmp_path: Path) -> Path:
    """The article's memory the other way round (en -> ar), as import makes it."""
    tmx = tmp_path / "article.tmx"
    assert run_tarjama("export", str(ARTICLE_PO), "-o", str(tmx)).exit_code == 0
    po = tmp_path / "en-ar.po"
    made = run_tarjama("import", str(tmx), "-o", str(po), "--source-lang", "en",
                       "--target-lang", "ar")
    assert made.exit_code == 0, made.stderr
    return po


@pytest.fixture
def es_tmx(tmp_path: Path) -> Path:
    path = tmp_path / "es.tmx"
    path.write_text(ES_TMX, encoding="utf-8")
    return path


def _error(result: object) -> str:
    stderr = str(getattr(result, "stderr", ""))
    assert getattr(result, "exit_code", None) == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tarjama: error: "), stderr
    return lines[0]


# --- 1. lookup in a memory of another pair says so, as pretranslate does ----------------------


@pytest.mark.parametrize("memory", ["en_ar_po", "es_tmx"])
def test_lookup_in_a_memory_of_another_pair_is_an_error(memory: str,
                                                         request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(memory)
    line = _error(run_tarjama("lookup", ARABIC_SENTENCE, "-m", str(path)))
    holds = "en -> ar" if memory == "en_ar_po" else "en -> es"
    assert f"{path}: memory in another language pair: it has no units for" in line
    assert f"it holds {holds}" in line


def test_lookup_and_pretranslate_say_the_same(en_ar_po: Path, tmp_path: Path) -> None:
    template = tmp_path / "doc.pot"
    assert run_tarjama("segment", str(ARTICLE), "-o", str(template)).exit_code == 0
    filled = _error(run_tarjama("pretranslate", str(template), "-m", str(en_ar_po), "-o",
                                str(tmp_path / "x.po")))
    looked = _error(run_tarjama("lookup", ARABIC_SENTENCE, "-m", str(en_ar_po),
                                "--source-lang", "ar"))
    assert filled == looked == (f"tarjama: error: {en_ar_po}: memory in another language "
                                "pair: it has no units for ar -> ?; it holds en -> ar")
    assert not (tmp_path / "x.po").exists()


def test_lookup_in_the_right_pair_still_finds(en_ar_po: Path) -> None:
    result = run_tarjama("lookup", "What is the future of the international coalition in Iraq?",
                         "-m", str(en_ar_po))
    assert result.exit_code == 0 and ARABIC_SENTENCE in result.stdout


# --- 8a. pretranslate from a memory of another pair does not advise --target-lang ----------


def test_pretranslate_from_a_memory_without_the_source_language(es_tmx: Path,
                                                                tmp_path: Path) -> None:
    template = tmp_path / "doc.pot"
    assert run_tarjama("segment", str(ARTICLE), "-o", str(template)).exit_code == 0
    line = _error(run_tarjama("pretranslate", str(template), "-m", str(es_tmx), "-o",
                              str(tmp_path / "x.po")))
    assert "--target-lang" not in line
    assert line.endswith("it has no units for ar -> ?; it holds en -> es")


# --- 2. check under languages the scripts contradict ---------------------------------------


def test_check_with_swapped_languages_is_refused() -> None:
    line = _error(run_tarjama("check", str(ARTICLE_PO), "--source-lang", "en",
                              "--target-lang", "ar"))
    assert "msgids are mostly in Arabic script, which en (--source-lang) is not written in" in line


def test_check_with_the_right_languages_still_passes() -> None:
    result = run_tarjama("check", str(ARTICLE_PO), "--source-lang", "ar", "--target-lang", "en")
    assert result.exit_code == 0, result.stderr


# --- 4. the overwrite hint names what the command offers -----------------------------------


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (("segment", "{ar}", "-o", "{ar}"), "write the output to another file"),
        (("render", "{ar}", "{po}", "-o", "{po}"), "write the output to another file"),
        (("export", "{po}", "-o", "{po}"), "write the output to another file"),
        (("pretranslate", "{po}", "-m", "{po}", "-o", "{po}"),
         "write the output to another file"),
        (("update", "{ar}", "{po}", "-o", "{po}"), "use --in-place to rewrite the catalog"),
    ],
    ids=["segment", "render", "export", "pretranslate", "update"],
)
def test_overwrite_hint_names_a_real_option(argv: tuple[str, ...], hint: str,
                                            tmp_path: Path) -> None:
    ar = tmp_path / "doc.ar.txt"
    ar.write_bytes(ARTICLE.read_bytes())
    po = tmp_path / "doc.po"
    po.write_bytes(ARTICLE_PO.read_bytes())
    line = _error(run_tarjama(*(a.format(ar=ar, po=po) for a in argv)))
    assert "overwrite an input" in line and hint in line
    if argv[0] != "update":
        assert "--in-place" not in line


# --- 5. outputs into folders that do not exist yet -----------------------------------------


def test_pretranslate_creates_the_gettext_folders(tmp_path: Path) -> None:
    template = tmp_path / "doc.pot"
    assert run_tarjama("segment", str(ARTICLE), "-o", str(template)).exit_code == 0
    out = tmp_path / "en" / "LC_MESSAGES" / "doc.po"
    result = run_tarjama("pretranslate", str(template), "-m", str(ARTICLE_PO), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert read_po(out).header["Language"] == "en"


def test_a_failed_run_leaves_no_folder_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    result = run_tarjama("export", str(bad), "-o", str(tmp_path / "new" / "dir" / "x.tmx"))
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


# --- 8c. render keeps the source's line ends -----------------------------------------------


def test_render_keeps_crlf(tmp_path: Path) -> None:
    source = tmp_path / "doc.ar.txt"
    source.write_bytes(ARTICLE.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "doc.en.txt"
    result = run_tarjama("render", str(source), str(ARTICLE_PO), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 10
    lf = tmp_path / "lf.en.txt"
    assert run_tarjama("render", str(ARTICLE), str(ARTICLE_PO), "-o", str(lf)).exit_code == 0
    assert b"\r" not in lf.read_bytes() and lf.read_bytes() == data.replace(b"\r\n", b"\n")


# --- 8d. check --help says every severity a check reports ----------------------------------


def test_check_help_severities_come_from_the_registry() -> None:
    import inspect

    from tarjama.checks.base import CHECKS, Severity

    for check in CHECKS.values():
        used = {Severity[name] for name in
                re.findall(r"Severity\.(ERROR|WARNING|INFO)", inspect.getsource(check.function))}
        assert used <= set(check.severities), check.id
    shown = " ".join(run_tarjama("check", "--help").stdout.split())
    assert "brackets (error, or warning):" in shown
    assert "whitespace (warning):" in shown


# --- 8e. exporting a template ---------------------------------------------------------------


def test_export_of_a_template_is_refused_unless_asked(tmp_path: Path) -> None:
    template = tmp_path / "doc.pot"
    assert run_tarjama("segment", str(ARTICLE), "-o", str(template)).exit_code == 0
    out = tmp_path / "doc.tmx"
    line = _error(run_tarjama("export", str(template), "-o", str(out),
                              "--target-lang", "en"))
    assert "nothing to export" in line and "--allow-empty" in line
    assert not out.exists()
    result = run_tarjama("export", str(template), "-o", str(out), "--target-lang", "en",
                         "--allow-empty")
    assert result.exit_code == 0 and "exported 0 units" in result.stderr
    assert "<body>" in out.read_text(encoding="utf-8")


# --- 8f. a PO entry cut short ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 4, "missing 'msgstr' section"),
        ('msgid "a"\n\n#. note\nmsgid "c"\nmsgstr "d"\n', 1, "missing 'msgstr' section"),
        ('msgid "a"\nmsgid_plural "as"\n\nmsgid "c"\nmsgstr "d"\n', 1,
         "missing 'msgstr[]' section"),
    ],
    ids=["truncated", "lost-line", "plural"],
)
def test_an_entry_without_msgstr_is_an_error_at_its_line(text: str, line: int, message: str,
                                                         tmp_path: Path) -> None:
    po = tmp_path / "cut.po"
    po.write_text(text, encoding="utf-8")
    error = _error(run_tarjama("stats", str(po)))
    assert error == f"tarjama: error: {po}:{line}: invalid PO: {message}"


def test_msgfmt_agrees_on_the_line(tmp_path: Path) -> None:
    from conftest import need_tool

    msgfmt = need_tool("msgfmt")
    import subprocess

    po = tmp_path / "cut.po"
    po.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', encoding="utf-8")
    done = subprocess.run([msgfmt, "-o", "/dev/null", str(po)], capture_output=True, text=True,
                          check=False)
    assert done.returncode != 0 and f"{po}:4: missing 'msgstr' section" in done.stderr
