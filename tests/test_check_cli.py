"""``tarjama check`` from the command line: output formats, exit codes, selection, inline
suppression, configuration files, glossaries and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_tarjama

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"X-Source-Language: ar\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: doc.txt:1
msgid "قُتل ٤ جنود في الهجوم."
msgstr "5 soldiers were killed in the attack."

#: doc.txt:2
msgid "هل وصل الوزير؟"
msgstr "The minister has arrived."

#: doc.txt:3
msgid "وصل ٣ وزراء إلى بغداد."
msgstr "3 ministers arrived in Baghdad."
"""
# msgstr lines of the three entries (msgfmt -c reports problems of a translation there).
NUMBERS_LINE, END_LINE = 10, 14


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "article.po"
    path.write_text(PO, encoding="utf-8")
    return path


def test_text_output_groups_findings_with_source_target_and_summary(po: Path) -> None:
    result = run_tarjama("check", str(po))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"== {po}"
    first = lines.index(f"{po}:{NUMBERS_LINE}: error [numbers] missing in the translation: 4")
    assert lines[first + 1].strip() == "source:  قُتل ٤ جنود في الهجوم."
    assert lines[first + 2].strip() == "target:  5 soldiers were killed in the attack."
    assert f"{po}:{END_LINE}: warning [end-punctuation] the source ends with ?, the " \
        "translation with a full stop" in lines
    assert lines[-1] == "1 error(s), 2 warning(s), 0 info in 3 unit(s) of 1 file"
    assert result.stderr == ""


def test_json_output_is_the_documented_contract(po: Path) -> None:
    result = run_tarjama("check", str(po), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"findings", "summary"}
    for finding in payload["findings"]:
        assert set(finding) == {"file", "line", "msgctxt", "msgid", "check", "severity",
                                "message", "count"}
    numbers = [f for f in payload["findings"] if f["check"] == "numbers"]
    assert numbers[0] == {
        "file": str(po), "line": NUMBERS_LINE, "msgctxt": None,
        "msgid": "قُتل ٤ جنود في الهجوم.", "check": "numbers", "severity": "error",
        "message": "missing in the translation: 4", "count": 1,
    }
    summary = payload["summary"]
    assert (summary["files"], summary["units"], summary["error"], summary["warning"],
            summary["info"]) == (1, 3, 1, 2, 0)


def test_github_annotations(po: Path) -> None:
    result = run_tarjama("check", str(po), "--format", "github")
    lines = result.stdout.splitlines()
    assert (f"::error file={po},line={NUMBERS_LINE},title=tarjama [numbers]::missing in the "
            "translation: 4") in lines
    assert any(line.startswith(f"::warning file={po},line={END_LINE},") for line in lines)


def test_correct_arabic_digits_and_question_marks_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "clean.po"
    path.write_text(PO.split("#: doc.txt:1")[0] + '#: doc.txt:3\nmsgid "هل وصل ٣ وزراء؟"\n'
                    'msgstr "Have 3 ministers arrived?"\n', encoding="utf-8")
    result = run_tarjama("check", str(path))
    assert result.exit_code == 0
    assert result.stdout == "0 error(s), 0 warning(s), 0 info in 1 unit(s) of 1 file\n"


@pytest.mark.parametrize(
    ("args", "code", "checks"),
    [
        ((), 1, {"numbers", "end-punctuation"}),
        (("--select", "end-punctuation"), 0, {"end-punctuation"}),
        (("--select", "end-punctuation", "--fail-on", "warning"), 1, {"end-punctuation"}),
        (("--ignore", "numbers,end-punctuation"), 0, set()),
        (("--ignore", "numbers", "--ignore", "end-punctuation"), 0, set()),
    ],
    ids=["default", "select", "fail-on-warning", "ignore-list", "ignore-repeated"],
)
def test_select_ignore_and_fail_on(po: Path, args: tuple[str, ...], code: int,
                                   checks: set[str]) -> None:
    result = run_tarjama("check", str(po), "--format", "json", *args)
    assert result.exit_code == code
    assert {f["check"] for f in json.loads(result.stdout)["findings"]} == checks


def test_translator_comment_silences_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "quiet.po"
    path.write_text(PO.replace("#: doc.txt:1\n", "# tarjama: ignore numbers\n#: doc.txt:1\n"),
                    encoding="utf-8")
    result = run_tarjama("check", str(path), "--format", "json")
    assert result.exit_code == 0
    assert {f["check"] for f in json.loads(result.stdout)["findings"]} == {"end-punctuation"}


@pytest.mark.parametrize("where", ["tarjama.toml", "pyproject.toml", "--config"])
def test_project_configuration(po: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               where: str) -> None:
    table = 'ignore = ["end-punctuation"]\nformat = "json"\n[SEV]\nnumbers = "warning"\n'
    if where == "pyproject.toml":
        text = "[tool.tarjama.check]\n" + table.replace("[SEV]", "[tool.tarjama.check.severity]")
    else:
        text = "[check]\n" + table.replace("[SEV]", "[check.severity]")
    folder = tmp_path / "project"
    folder.mkdir()
    name = "elsewhere.toml" if where == "--config" else where
    (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    extra = ["--config", name] if where == "--config" else []
    result = run_tarjama("check", str(po), *extra)
    assert result.exit_code == 0, result.stdout + result.stderr  # numbers is only a warning now
    findings = json.loads(result.stdout)["findings"]
    # "4" missing (an error made a warning by the configuration) and "5" added (a warning).
    assert [(f["check"], f["severity"]) for f in findings] == [("numbers", "warning")] * 2
    # A command-line option overrides the configuration.
    assert run_tarjama("check", str(po), *extra, "--fail-on", "warning").exit_code == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("", ("missing.po",), r"^tarjama: error: missing\.po: no such file$"),
        ("bad", ("{po}",), r"^tarjama: error: .*bad\.po:4: invalid PO"),
        ("", ("{po}", "--select", "nombers"), r"unknown check id 'nombers' in --select"),
        ("", ("{po}", "--glossary", "nowhere.csv"), r"nowhere\.csv: no such file$"),
        ("toml", ("{po}", "--config", "{cfg}"), r"bad\.toml:3: invalid TOML"),
        ("keys", ("{po}", "--config", "{cfg}"), r"bad\.toml: unknown key\(s\) in the check "
         r"configuration: colour$"),
        ("", ("{po}", "--source-lang", "xx-notalang"), r"--source-lang"),
        ("lang", ("{po}", "--config", "{cfg}"), r"bad\.toml: check\.target-lang: .*'zz-qq'"),
        ("bom", ("{po}", "--glossary", "{cfg}"), r"bad\.toml:2: a glossary row has no target"),
    ],
    ids=["missing-file", "malformed-po", "unknown-check", "missing-glossary", "bad-toml",
         "unknown-config-key", "bad-language", "bad-config-language", "bad-glossary-row"],
)
def test_bad_input_exits_2_with_one_line(po: Path, tmp_path: Path, setup: str,
                                         args: tuple[str, ...], message: str) -> None:
    bad_po = tmp_path / "bad.po"
    bad_po.write_text('msgid "a"\nmsgstr "b"\n\nnonsense here\n', encoding="utf-8")
    config = tmp_path / "bad.toml"
    config.write_text({"toml": "[check]\nignore = [\n= 3\n", "keys": "[check]\ncolour = 1\n",
                       "lang": '[check]\ntarget-lang = "zz-qq"\n', "bom": "source,target\nx,\n"}
                      .get(setup, ""), encoding="utf-8")
    chosen = bad_po if setup == "bad" else po
    before = chosen.read_bytes()
    result = run_tarjama("check", *(a.format(po=chosen, cfg=config) for a in args))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("tarjama: error: ")
    assert re.search(message, result.stderr.strip())
    assert chosen.read_bytes() == before


def test_languages_from_options_when_the_header_has_none(tmp_path: Path) -> None:
    path = tmp_path / "bare.po"
    path.write_text('msgid "Open %s"\nmsgstr "افتح"\n', encoding="utf-8")
    result = run_tarjama("check", str(path), "--source-lang", "en", "--target-lang", "ar",
                         "--format", "json")
    assert result.exit_code == 1
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == ["placeholders"]


def test_glossary_csv_and_tbx(po: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "terms.csv"
    csv_path.write_text("source,target,note\nالوزير,minister,\nجنود,troops|soldiers,\n"
                        "بغداد,!Bagdad,English spelling\n", encoding="utf-8")
    result = run_tarjama("check", str(po), "--glossary", str(csv_path), "--format", "json",
                         "--select", "glossary,forbidden-term")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
    wrong = tmp_path / "wrong.po"
    wrong.write_text(PO.replace("3 ministers arrived in Baghdad.", "3 ministers arrived in "
                                "Bagdad."), encoding="utf-8")
    result = run_tarjama("check", str(wrong), "--glossary", str(csv_path), "--format", "json",
                         "--select", "glossary,forbidden-term")
    assert result.exit_code == 1
    assert [(f["check"], f["severity"]) for f in json.loads(result.stdout)["findings"]] == [
        ("forbidden-term", "error")]

    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en"><text><body>'
        '<termEntry><langSet xml:lang="ar"><tig><term>الوزير</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>minister</term></tig>'
        '<tig><term>vizier</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts'
        '</termNote></tig></langSet></termEntry></body></text></martif>\n', encoding="utf-8")
    vizier = tmp_path / "vizier.po"
    vizier.write_text(PO.replace("The minister has arrived.", "Has the vizier arrived?"),
                      encoding="utf-8")
    result = run_tarjama("check", str(vizier), "--glossary", str(tbx), "--format", "json",
                         "--select", "glossary,forbidden-term")
    assert result.exit_code == 1
    found = [(f["check"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("glossary", END_LINE), ("forbidden-term", END_LINE)]


def test_tbx_with_entities_is_refused(po: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "evil.tbx"
    tbx.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x "boom">]>\n'
                   "<martif><text><body/></text></martif>\n", encoding="utf-8")
    result = run_tarjama("check", str(po), "--glossary", str(tbx))
    assert result.exit_code == 2
    assert "evil.tbx:2:" in result.stderr and "refused" in result.stderr
