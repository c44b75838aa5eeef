"""``tarjama segment`` and ``tarjama render`` on the command line: outputs, and every error a
user can cause (one stderr line, exit 2, inputs and existing outputs left untouched)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, run_tarjama
from tarjama.formats.po import read_po, write_po

DOCUMENT = "عنوان القسم\n\nالجملة الأولى. الجملة الثانية؟\n\nفقرة ثانية.\n"


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _one_error_line(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tarjama: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "doc.ar.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def test_segment_text_format(document: Path) -> None:
    result = run_tarjama("segment", str(document), "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "عنوان القسم\n\nالجملة الأولى.\nالجملة الثانية؟\n\nفقرة ثانية.\n"


def test_segment_pot_to_file(document: Path, tmp_path: Path) -> None:
    before = _snapshot(document)
    out = tmp_path / "doc.pot"
    result = run_tarjama("segment", str(document), "--lang", "ar", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    catalog = read_po(out)
    assert [(u.source, u.references[0][1], u.extracted_notes) for u in catalog.units] == [
        ("عنوان القسم", "1", "title"),
        ("الجملة الأولى.", "3", "paragraph 1, sentence 1"),
        ("الجملة الثانية؟", "3", "paragraph 1, sentence 2"),
        ("فقرة ثانية.", "5", "paragraph 2, sentence 1"),
    ]
    assert catalog.header["X-Source-Language"] == "ar"
    assert _snapshot(document) == before


def test_segment_recurring_sentence_is_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Yes. No.\n\nYes.\n", encoding="utf-8")
    result = run_tarjama("segment", str(path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "doc.pot"
    out.write_text(result.stdout, encoding="utf-8")
    units = read_po(out).units
    assert [u.source for u in units] == ["Yes.", "No."]
    assert units[0].references == [(str(path), "1"), (str(path), "3")]
    assert units[0].extracted_notes == "paragraph 1, sentence 1\nparagraph 2, sentence 1"


def test_segment_english_titles(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Dr. Smith came. He left.\n", encoding="utf-8")
    result = run_tarjama("segment", str(path), "--format", "text", "--lang", "en")
    assert result.stdout == "Dr. Smith came.\nHe left.\n"


def test_segment_no_join(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("He said that the\n\nman had left.\n", encoding="utf-8")
    joined = run_tarjama("segment", str(path), "--lang", "en", "--format", "text")
    apart = run_tarjama("segment", str(path), "--lang", "en", "--format", "text", "--no-join")
    assert joined.stdout == "He said that the man had left.\n"
    assert apart.stdout == "He said that the\n\nman had left.\n"


ERRORS: list[tuple[str, Callable[[Path], list[str]], tuple[str, ...]]] = [
    ("missing-file", lambda d: [str(d / "absent.txt")], ("absent.txt", "no such file")),
    ("directory", lambda d: [str(d)], ("is a directory",)),
    ("unknown-language", lambda d: [str(d / "ok.txt"), "--lang", "xx-zz-qq"], ("--lang",)),
    ("unknown-format", lambda d: [str(d / "ok.txt"), "--format", "xml"], ("--format",)),
    ("folder-is-a-file", lambda d: [str(d / "ok.txt"), "-o", str(d / "ok.txt" / "x.pot")],
     ("ok.txt is not a folder",)),
]


@pytest.mark.parametrize(("make_args", "fragments"), [e[1:] for e in ERRORS],
                         ids=[e[0] for e in ERRORS])
def test_segment_errors(
    tmp_path: Path, make_args: Callable[[Path], list[str]], fragments: tuple[str, ...]
) -> None:
    (tmp_path / "ok.txt").write_text("جملة.\n", encoding="utf-8")
    before = _snapshot(tmp_path / "ok.txt")
    result = run_tarjama("segment", *make_args(tmp_path))
    _one_error_line(result, *fragments)
    assert _snapshot(tmp_path / "ok.txt") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.txt"]


def test_segment_invalid_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("سطر أول.\n\nسطر ثالث ".encode() + b"\xff\xfe.\n")
    out = tmp_path / "out.pot"
    out.write_text("keep me\n", encoding="utf-8")
    result = run_tarjama("segment", str(path), "-o", str(out))
    _one_error_line(result, f"{path}:3:", "invalid UTF-8")
    assert out.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf\r\n"],
                         ids=["empty", "blank-lines", "bom-crlf-only"])
def test_segment_empty_document_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result = run_tarjama("segment", str(path))
    _one_error_line(result, f"{path}: empty document")


def test_segment_refuses_to_overwrite_its_input(document: Path) -> None:
    before = _snapshot(document)
    result = run_tarjama("segment", str(document), "-o", str(document))
    _one_error_line(result, "overwrite an input")
    assert _snapshot(document) == before


def test_segment_bom_crlf_same_output(tmp_path: Path, document: Path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_bytes(b"\xef\xbb\xbf" + DOCUMENT.replace("\n", "\r\n").encode("utf-8"))
    clean = run_tarjama("segment", str(document), "--format", "text")
    assert run_tarjama("segment", str(dirty), "--format", "text").stdout == clean.stdout


def test_segment_leaves_no_temporary_file(document: Path, tmp_path: Path) -> None:
    out = tmp_path / "doc.pot"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert run_tarjama("segment", str(document), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Sentence segments of")
    assert out.stat().st_mode & 0o777 == 0o640  # replaced in place, permissions kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.ar.txt", "doc.pot"]


# --- render ------------------------------------------------------------------------------------


def _translated_po(document: Path, tmp_path: Path, *, fuzzy: frozenset[str] = frozenset(),
                   skip: frozenset[str] = frozenset()) -> Path:
    pot = tmp_path / "doc.pot"
    assert run_tarjama("segment", str(document), "-o", str(pot)).exit_code == 0
    catalog = read_po(pot)
    catalog.header["Language"] = "en"
    for number, unit in enumerate(catalog.units, start=1):
        if unit.source in skip:
            continue
        unit.target = f"English {number}."
        unit.fuzzy = unit.source in fuzzy
    po = tmp_path / "doc.en.po"
    write_po(catalog, po)
    return po


def test_render_replaces_segments_and_keeps_paragraphs(document: Path, tmp_path: Path) -> None:
    po = _translated_po(document, tmp_path)
    out = tmp_path / "doc.en.txt"
    result = run_tarjama("render", str(document), str(po), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (
        "English 1.\n\nEnglish 2. English 3.\n\nEnglish 4.\n"
    )
    assert "0 untranslated and 0 fuzzy" in result.stderr


def test_render_counts_untranslated_and_fuzzy(document: Path, tmp_path: Path) -> None:
    po = _translated_po(document, tmp_path, fuzzy=frozenset({"الجملة الأولى."}),
                        skip=frozenset({"فقرة ثانية."}))
    result = run_tarjama("render", str(document), str(po))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "English 1.\n\nالجملة الأولى. English 3.\n\nفقرة ثانية.\n"
    assert "4 segments: 2 translated, 1 untranslated and 1 fuzzy" in result.stderr
    with_fuzzy = run_tarjama("render", str(document), str(po), "--include-fuzzy")
    assert with_fuzzy.stdout == "English 1.\n\nEnglish 2. English 3.\n\nفقرة ثانية.\n"


def test_render_errors(document: Path, tmp_path: Path) -> None:
    po = _translated_po(document, tmp_path)
    before = (_snapshot(document), _snapshot(po))
    _one_error_line(run_tarjama("render", str(document), str(tmp_path / "no.po")), "no such file")
    _one_error_line(run_tarjama("render", str(document), str(po), "-o", str(po)),
                    "overwrite an input")
    _one_error_line(run_tarjama("render", str(document), str(po), "-o", str(document)),
                    "overwrite an input")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    _one_error_line(run_tarjama("render", str(empty), str(po)), f"{empty}: empty document")
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    _one_error_line(run_tarjama("render", str(document), str(broken)), str(broken))
    assert (_snapshot(document), _snapshot(po)) == before
