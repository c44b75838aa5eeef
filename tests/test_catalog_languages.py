"""One rule for a catalog's languages: every command gives the same answer for one catalog.

The catalog of these tests declares nothing (no ``Language``, no ``X-Source-Language``, a
file name without a language): its msgids are English and its translations Arabic, so every
command must take it as en -> ar, and say once how the target was guessed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_tarjama
from tarjama.catalog_languages import catalog_languages
from tarjama.errors import LanguageError
from tarjama.formats.po import parse_po, read_po
from tarjama.model import Catalog, Unit

ENTRIES = [
    ("The coalition was formed in 2014.", "تشكّل التحالف في عام 2014."),
    ("The government wants the forces to leave.", "تريد الحكومة أن تغادر القوات."),
    ("Talks began last week.", "بدأت المحادثات الأسبوع الماضي."),
]
HEADER = ('msgid ""\nmsgstr ""\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n')
GUESSED = "the header has no Language; taking 'ar' from the script of the translations"


def _po(entries: list[tuple[str, str]]) -> str:
    return HEADER + "".join(f'\nmsgid "{src}"\nmsgstr "{tgt}"\n' for src, tgt in entries)


@pytest.fixture
def undeclared(tmp_path: Path) -> Path:
    path = tmp_path / "messages.po"
    path.write_text(_po(ENTRIES), encoding="utf-8")
    return path


def test_the_core_rule_on_the_undeclared_catalog(undeclared: Path) -> None:
    found = catalog_languages(read_po(undeclared))
    assert (found.source, found.target) == ("en", "ar")
    assert (found.source_from, found.target_from) == ("msgids", "script of the translations")
    assert len(found.warnings) == 1 and GUESSED in found.warnings[0]


def _stderr_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "warning" in line]


def test_check_takes_the_same_languages(undeclared: Path) -> None:
    result = run_tarjama("check", str(undeclared))
    assert result.exit_code == 0, result.stderr
    assert _stderr_warnings(result.stderr) == [f"tarjama: warning: {undeclared}: {GUESSED} "
                                               "(use --target-lang to say otherwise)"]


def test_export_and_import_take_the_same_languages(undeclared: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "out.tmx"
    result = run_tarjama("export", str(undeclared), "-o", str(tmx))
    assert result.exit_code == 0, result.stderr
    assert "(en -> ar)" in result.stderr
    assert _stderr_warnings(result.stderr) == [f"tarjama: warning: {undeclared}: {GUESSED} "
                                               "(use --target-lang to say otherwise)"]
    assert 'srclang="en"' in tmx.read_text(encoding="utf-8")
    back = run_tarjama("import", str(tmx), "-o", str(tmp_path / "back.po"))
    assert back.exit_code == 0, back.stderr
    assert "(en -> ar)" in back.stderr
    reread = catalog_languages(read_po(tmp_path / "back.po"))
    assert (reread.source, reread.target, reread.target_from) == ("en", "ar", "header")


def test_stats_reports_the_same_languages(undeclared: Path) -> None:
    result = run_tarjama("stats", str(undeclared), "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["files"][0]
    assert (figures["source_lang"], figures["target_lang"]) == ("en", "ar")


def test_memory_lookup_and_pretranslate_take_the_same_languages(
        undeclared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))
    info = run_tarjama("memory", "info", str(undeclared))
    assert info.exit_code == 0, info.stderr
    assert "en -> ar" in info.stdout
    found = run_tarjama("lookup", ENTRIES[0][0], "-m", str(undeclared))
    assert found.exit_code == 0 and ENTRIES[0][1] in found.stdout
    template = tmp_path / "new.pot"
    template.write_text(HEADER + f'\nmsgid "{ENTRIES[1][0]}"\nmsgstr ""\n', encoding="utf-8")
    out = tmp_path / "new.po"
    filled = run_tarjama("pretranslate", str(template), "-m", str(undeclared), "-o", str(out))
    assert filled.exit_code == 0, filled.stderr
    catalog = read_po(out)
    assert (catalog.header["Language"], catalog.header["X-Source-Language"]) == ("ar", "en")


def test_update_and_render_take_the_same_source_language(undeclared: Path,
                                                          tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text(" ".join(src for src, _ in ENTRIES) + "\n", encoding="utf-8")
    out = tmp_path / "updated.po"
    result = run_tarjama("update", str(document), str(undeclared), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert read_po(out).header["X-Source-Language"] == "en"
    rendered = run_tarjama("render", str(document), str(undeclared), "-o",
                           str(tmp_path / "doc.ar.txt"))
    assert rendered.exit_code == 0, rendered.stderr
    assert (tmp_path / "doc.ar.txt").read_text(encoding="utf-8").startswith(ENTRIES[0][1])


def test_score_takes_the_same_target_language(undeclared: Path) -> None:
    result = run_tarjama("score", str(undeclared), "--ref", str(undeclared),
                         "--metrics", "chrf,bleu")
    assert result.exit_code == 0, result.stderr
    assert f"{undeclared} is in ar" in result.stderr


# --- the rule itself ------------------------------------------------------------------------------


def _catalog(path: str, header: dict[str, str], entries: list[tuple[str, str]]) -> Catalog:
    return Catalog(units=[Unit(src, tgt) for src, tgt in entries], header=header, path=path)


@pytest.mark.parametrize(
    ("path", "header", "options", "expected"),
    [
        ("x.po", {"Language": "fr", "X-Source-Language": "ar"}, {}, ("ar", "fr", "header")),
        ("x.po", {"Language": "fr"}, {"target_lang": "ar"}, ("en", "ar", "option")),
        ("ar/LC_MESSAGES/x.po", {}, {}, ("en", "ar", "file name")),
        ("project-ar.po", {}, {}, ("en", "ar", "file name")),
        ("pt_BR.po", {}, {}, ("en", "pt-BR", "file name")),
        ("doc.po", {}, {}, ("en", "ar", "script of the translations")),
        ("old.po", {}, {}, ("en", "ar", "script of the translations")),
    ],
    ids=["header", "option-wins", "lc-messages", "suffix", "region", "doc-is-no-code",
         "old-is-no-code"],
)
def test_where_the_languages_come_from(path: str, header: dict[str, str],
                                       options: dict[str, str],
                                       expected: tuple[str, str, str]) -> None:
    found = catalog_languages(_catalog(path, header, ENTRIES), **options)
    assert (found.source, found.target, found.target_from) == expected


def test_a_template_and_too_few_letters_tell_no_target() -> None:
    assert catalog_languages(_catalog("ar.pot", {}, [("Hello there.", "")])).target is None
    found = catalog_languages(_catalog("messages.po", {}, [("Hello there.", "x")]))
    assert found.target is None
    with pytest.raises(LanguageError, match="use --target-lang"):
        found.require_target("messages.po")


def test_an_invalid_header_code_names_the_file_and_field() -> None:
    catalog = parse_po(HEADER.replace("8bit", "8bit\\n\"\n\"Language: ??!") + "\n", "bad.po")
    with pytest.raises(LanguageError, match=r"header Language: "):
        catalog_languages(catalog)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"source_lang": "ar"}, "msgids are mostly in Latin script, which ar (--source-lang)"),
        ({"target_lang": "en"}, "translations are mostly in Arabic script, which en "
                                "(--target-lang)"),
    ],
    ids=["source", "target"],
)
def test_options_the_scripts_contradict_are_refused(options: dict[str, str],
                                                    message: str) -> None:
    with pytest.raises(LanguageError, match=re.escape(message)):
        catalog_languages(_catalog("x.po", {}, ENTRIES), **options)
