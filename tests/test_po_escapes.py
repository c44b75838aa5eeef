"""Gettext's escapes (``\\101``, ``\\x42``, ``\\a``...) read and written as gettext does, so
that rewriting a catalog never changes what msgfmt compiles (issue 15)."""

from __future__ import annotations

import gettext
import subprocess
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import need_tool, run_tarjama
from tarjama.formats.po import parse_po, po_text, read_po
from tarjama.model import Catalog, Unit

ESCAPED = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: en\n"
"X-Source-Language: ar\n"

msgid "octal \101\102, hex \x43\x44, bell \a, \001 and \033[31m"
msgstr "ثماني \101 و\x42 و\a و\0777"

msgid "\303\251t\303\251 \\101 stays a backslash"
msgstr "\xd8\xb5\xd9\x8a\xd9\x81 \\x42"
'''


def _compiled(po: Path) -> dict[str, str]:
    msgfmt = need_tool("msgfmt")
    mo = po.with_suffix(".mo")
    subprocess.run([msgfmt, "-o", str(mo), str(po)], check=True, capture_output=True)
    with mo.open("rb") as handle:
        catalog: dict[str, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header (polib orders its fields its own way)
    return catalog


def test_escapes_read_as_msgfmt_reads_them(tmp_path: Path) -> None:
    po = tmp_path / "esc.po"
    po.write_text(ESCAPED, encoding="utf-8")
    compiled = _compiled(po)
    ours = {unit.source: unit.target for unit in read_po(po).units}
    assert ours == compiled
    assert "octal AB, hex CD, bell \a, \x01 and \x1b[31m" in ours
    assert ours["été \\101 stays a backslash"] == "صيف \\x42"


def test_update_in_place_keeps_what_msgfmt_compiles(tmp_path: Path) -> None:
    po = tmp_path / "esc.po"
    po.write_text(ESCAPED, encoding="utf-8")
    before = _compiled(po)
    (tmp_path / "source.txt").write_text("ثماني.\n", encoding="utf-8")
    rewritten = tmp_path / "rewritten.po"
    rewritten.write_text(po_text(read_po(po)), encoding="utf-8")
    assert _compiled(rewritten) == before
    assert "\\a" in rewritten.read_text(encoding="utf-8")  # BEL written as gettext does
    assert "\\\\101" in rewritten.read_text(encoding="utf-8")
    result = run_tarjama("update", str(tmp_path / "source.txt"), str(po), "--in-place")
    assert result.exit_code == 0, result.stderr
    after = _compiled(po)
    for key, value in before.items():
        # Entries the update kept (as obsolete or active) compile as before.
        assert key not in after or after[key] == value


# NUL ends a C string and EOT separates msgctxt from msgid in a compiled catalog: msgfmt
# refuses both in any string, written raw or escaped.
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\x04"),
               min_size=1, max_size=20)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6, unique_by=lambda p: p[0]))
def test_what_we_write_msgfmt_and_we_read_back(pairs: list[tuple[str, str]]) -> None:
    # Framed, so that msgfmt's rule of matching leading and trailing newlines holds.
    pairs = [(f"<{source}>", f"<{target}>") for source, target in pairs]
    catalog = Catalog(units=[Unit(source=source, target=target) for source, target in pairs],
                      header={"Content-Type": "text/plain; charset=UTF-8", "Language": "en"})
    text = po_text(catalog)
    assert [(u.source, u.target) for u in parse_po(text).units] == pairs
    with tempfile.TemporaryDirectory() as folder:
        po = Path(folder) / "p.po"
        po.write_text(text, encoding="utf-8")
        compiled = _compiled(po)
    assert compiled == dict(pairs)
