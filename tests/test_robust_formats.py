"""What we write we read back, and one rule for what is translated (issue 15, "also found":
a segment over 10 MB, and an entry with a msgctxt and an empty msgid)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_tarjama
from robust_helpers import po_text

BIG_ARABIC = "ك"  # two bytes in UTF-8


@pytest.mark.parametrize("suffix", [".tmx", ".xlf"])
def test_a_segment_over_10_mb_is_refused_at_export_by_name(tmp_path: Path, suffix: str) -> None:
    po = tmp_path / "huge.po"
    po.write_text(po_text([("جملة قصيرة", "A short one"), (BIG_ARABIC * 5_000_001, "x")]),
                  encoding="utf-8")
    out = tmp_path / f"huge{suffix}"
    result = run_tarjama("export", str(po), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tarjama: error: {po}:10: ")
    assert "over the 10 MB" in result.stderr
    assert not out.exists()


def test_a_segment_just_under_10_mb_goes_out_and_comes_back(tmp_path: Path) -> None:
    po = tmp_path / "big.po"
    source = BIG_ARABIC * 4_990_000
    po.write_text(po_text([(source, "x")]), encoding="utf-8")
    tmx = tmp_path / "big.tmx"
    assert run_tarjama("export", str(po), "-o", str(tmx)).exit_code == 0
    back = tmp_path / "back.po"
    result = run_tarjama("import", str(tmx), "-o", str(back))
    assert result.exit_code == 0, result.stderr
    assert source in back.read_text(encoding="utf-8")


def test_msgctxt_with_an_empty_msgid_is_untranslated_for_stats_and_export(
        tmp_path: Path) -> None:
    """Unit.is_translated is the one rule: stats and export agree on such an entry."""
    po = tmp_path / "ctx.po"
    text = po_text([("ملف", "File")])
    po.write_text(text + 'msgctxt "menu"\nmsgid ""\nmsgstr "File"\n', encoding="utf-8")
    stats = json.loads(run_tarjama("stats", str(po), "--format", "json").stdout)
    segments = stats["files"][0]["segments"]
    assert (segments["translated"], segments["untranslated"]) == (1, 1)
    result = run_tarjama("export", str(po), "-o", str(tmp_path / "m.tmx"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "m.tmx").read_text(encoding="utf-8").count("<tu ") == segments[
        "translated"]
