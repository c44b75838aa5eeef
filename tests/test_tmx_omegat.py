"""OmegaT, in console mode, translates a source file with the TMX `tarjama export` wrote.

OmegaT exits 0 even when it rejects a TMX, so the tests read the translated document it
writes in ``target/``: every sentence must come out in English, exactly as in the PO.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from lxml import etree

from conftest import LOCALES, REFS, need_shared, run_tarjama
from omegat_helpers import new_project, translate

ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"


def omegat_translate(tmp_path: Path, po: Path, sources: list[str]) -> str:
    """Export ``po`` into an OmegaT project's tm/auto, translate a text file made of
    ``sources`` (one per line, blank lines between) and return OmegaT's translation."""
    project = new_project(tmp_path / "project", "AR", "EN")
    (project / "source" / "article.txt").write_text("\n\n".join(sources) + "\n",
                                                    encoding="utf-8")
    tmx = project / "tm" / "auto" / "ours.tmx"
    result = run_tarjama("export", str(po), "-o", str(tmx))
    assert result.exit_code == 0, result.stderr
    dtd = etree.DTD(str(need_shared(REFS / "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(tmx))), str(dtd.error_log)
    translate(project, tmp_path / "config")
    translated = project / "target" / "article.txt"
    assert translated.exists()
    return translated.read_text(encoding="utf-8")


def pairs(po: Path) -> list[tuple[str, str]]:
    return [(e.msgid, e.msgstr) for e in polib.pofile(str(po))
            if e.msgstr and not e.obsolete and not e.fuzzy]


SMALL_PO = """msgid ""
msgstr ""
"Language: en\\n"
"X-Source-Language: ar\\n"
"PO-Revision-Date: 2024-01-13 09:30+0300\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. heading
msgid "ما مستقبل التحالف الدولي في العراق؟"
msgstr "What future for the international coalition in Iraq?"

#: article.txt:9
msgid "قال المتحدث باسم البنتاغون إن ٢٥٠٠ جندي ما زالوا هناك. ولم يحدد موعدًا للانسحاب."
msgstr "The Pentagon spokesman said 2,500 troops were still there. He set no date for a withdrawal."

msgctxt "caption"
msgid "طائرة «إف-16» فوق بغداد، ١٣ يناير."
msgstr "An F-16 over Baghdad, January 13."

msgid "جملة لم تترجم بعد."
msgstr ""
"""


@pytest.mark.interop
def test_omegat_translates_with_our_tmx(tmp_path: Path) -> None:
    po = tmp_path / "small.po"
    po.write_text(SMALL_PO, encoding="utf-8")
    translated = pairs(po)
    untranslated = "جملة لم تترجم بعد."
    text = omegat_translate(tmp_path, po, [s for s, _ in translated] + [untranslated])
    # OmegaT used every unit, and kept the untranslated sentence in Arabic (an empty seg
    # in the TMX would have made it insert an empty translation instead).
    assert text == "\n\n".join([t for _, t in translated] + [untranslated]) + "\n"


@pytest.mark.interop
def test_omegat_translates_the_article_with_its_exported_tmx(tmp_path: Path) -> None:
    translated = pairs(ARTICLE_PO)
    assert len(translated) > 20
    text = omegat_translate(tmp_path, ARTICLE_PO, [s for s, _ in translated])
    assert text == "\n\n".join(t for _, t in translated) + "\n"
