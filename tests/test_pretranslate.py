"""``tarjama pretranslate``: exact matches translated, near ones fuzzy with ``#|`` and a score
comment, nothing overwritten unless asked, a summary, a translation's header."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS, need_shared, need_tool, run_tarjama
from tarjama.formats.po import new_header, read_po, write_po
from tarjama.languages import plural_rule
from tarjama.model import Catalog, Status, Unit

MEMORY = [
    # (context, source, target)
    (None, "أعلنت الحكومة خطة جديدة للتعليم في بغداد.",
     "The government announced a new education plan in Baghdad."),
    (None, "رفض البرلمان مشروع القانون بعد نقاش طويل.",
     "Parliament rejected the draft law after a long debate."),
    ("menu", "فتح", "Open"),
    ("headline", "فتح", "Opening"),
    (None, "قُتل ٣ جنود في الهجوم.", "Three soldiers were killed in the attack."),
]


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARJAMA_CACHE_DIR", str(tmp_path / "cache"))


def write_memory(path: Path, *, target: str = "en") -> Path:
    catalog = Catalog(header=new_header(source_lang="ar", target_lang=target))
    for context, source, translation in MEMORY:
        catalog.units.append(Unit(source=source, target=translation, context=context))
    catalog.units.append(Unit(source="%d ملف", source_plural="%d ملفات",
                              target_plurals=["%d file", "%d files"], flags=["c-format"]))
    catalog.units.append(Unit(source="جملة مترجمة ترجمة غير مؤكدة.", target="Unsure.",
                              flags=["fuzzy"]))
    write_po(catalog, path)
    return path


def write_template(path: Path, units: list[Unit]) -> Path:
    catalog = Catalog(header=new_header(source_lang="ar", template=True), header_flags=["fuzzy"])
    catalog.units = units
    write_po(catalog, path)
    return path


def template_units() -> list[Unit]:
    return [
        Unit(source="أعلنت الحكومة خطة جديدة للتعليم في بغداد."),  # exact
        Unit(source="أعلنت الحكومة خطة جديدة للصحة في بغداد."),  # one word replaced
        Unit(source="قتل 3 جنود في الهجوم."),  # identical once folded
        Unit(source="فتح", context="menu"),
        Unit(source="فتح", context="headline"),
        Unit(source="فتح", context="toolbar"),  # the memory has it in other contexts only
        Unit(source="%d ملف", source_plural="%d ملفات", flags=["c-format"]),
        Unit(source="لا شيء يشبه هذه الجملة على الإطلاق."),  # no match
        Unit(source="جملة مترجمة ترجمة غير مؤكدة."),  # only a fuzzy unit: not memory
    ]


def run(tmp_path: Path, *extra: str) -> tuple[Catalog, str]:
    memory = write_memory(tmp_path / "memory.po")
    template = write_template(tmp_path / "new.pot", template_units())
    out = tmp_path / "out.po"
    result = run_tarjama("pretranslate", str(template), "--memory", str(memory),
                         "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return read_po(out), result.stderr


def test_exact_fuzzy_and_no_match(tmp_path: Path) -> None:
    catalog, stderr = run(tmp_path)
    units = {(u.context, u.source): u for u in catalog.units}
    exact = units[(None, "أعلنت الحكومة خطة جديدة للتعليم في بغداد.")]
    assert exact.status is Status.TRANSLATED and exact.previous_source is None
    assert exact.target == "The government announced a new education plan in Baghdad."

    fuzzy = units[(None, "أعلنت الحكومة خطة جديدة للصحة في بغداد.")]
    assert fuzzy.status is Status.FUZZY
    assert fuzzy.target == "The government announced a new education plan in Baghdad."
    assert fuzzy.previous_source == "أعلنت الحكومة خطة جديدة للتعليم في بغداد."
    score = float(fuzzy.translator_notes.split("% match")[0].split()[-1])
    assert 75 <= score < 99
    assert "memory.po" in fuzzy.translator_notes and "fuzzy" in fuzzy.translator_notes

    folded = units[(None, "قتل 3 جنود في الهجوم.")]
    assert folded.status is Status.FUZZY and "99% match (folded)" in folded.translator_notes

    assert units[("menu", "فتح")].target == "Open"
    assert units[("menu", "فتح")].status is Status.TRANSLATED
    assert units[("headline", "فتح")].target == "Opening"
    toolbar = units[("toolbar", "فتح")]
    assert toolbar.status is Status.FUZZY and toolbar.previous_context in ("menu", "headline")

    plural = units[(None, "%d ملف")]
    assert plural.target_plurals == ["%d file", "%d files"] and plural.status is Status.TRANSLATED

    assert units[(None, "لا شيء يشبه هذه الجملة على الإطلاق.")].status is Status.UNTRANSLATED
    assert units[(None, "جملة مترجمة ترجمة غير مؤكدة.")].status is Status.UNTRANSLATED

    summary = [line for line in stderr.splitlines() if "pretranslate:" in line]
    assert summary == [
        "tarjama: pretranslate: exact 4 (11 words), fuzzy 3 (13 words), "
        "no match 2 (12 words)"
    ]


def test_header_of_a_translation(tmp_path: Path) -> None:
    catalog, _ = run(tmp_path)
    assert catalog.header["Language"] == "en"
    assert catalog.header["Plural-Forms"] == plural_rule("en").header()
    assert catalog.header["X-Source-Language"] == "ar"
    assert "fuzzy" not in catalog.header_flags


def test_msgfmt_accepts_the_output(tmp_path: Path) -> None:
    msgfmt = need_tool("msgfmt")
    run(tmp_path)
    checked = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(tmp_path / "out.po")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_threshold(tmp_path: Path) -> None:
    catalog, stderr = run(tmp_path, "--threshold", "99.5")
    assert [u.status for u in catalog.units].count(Status.FUZZY) == 0
    assert "fuzzy 0 (0 words)" in stderr


def test_existing_translations_kept_unless_overwrite(tmp_path: Path) -> None:
    memory = write_memory(tmp_path / "memory.po")
    units = template_units()
    units[0].target = "My own translation."
    units[1].target = "My own fuzzy translation."
    units[1].fuzzy = True
    po = write_template(tmp_path / "mine.po", units)
    out = tmp_path / "out.po"
    kept = run_tarjama("pretranslate", str(po), "-m", str(memory), "-o", str(out))
    assert kept.exit_code == 0 and "already translated, kept 2" in kept.stderr
    catalog = read_po(out)
    assert catalog.units[0].target == "My own translation."
    assert catalog.units[1].target == "My own fuzzy translation."
    assert read_po(po).units[0].target == "My own translation."  # the input is untouched
    run_tarjama("pretranslate", str(po), "-m", str(memory), "-o", str(out), "--overwrite")
    replaced = read_po(out)
    assert replaced.units[0].target.startswith("The government announced")
    assert replaced.units[0].status is Status.TRANSLATED


def test_rerun_replaces_its_own_comment(tmp_path: Path) -> None:
    memory = write_memory(tmp_path / "memory.po")
    template = write_template(tmp_path / "new.pot", template_units())
    first, second = tmp_path / "first.po", tmp_path / "second.po"
    run_tarjama("pretranslate", str(template), "-m", str(memory), "-o", str(first))
    run_tarjama("pretranslate", str(first), "-m", str(memory), "-o", str(second),
                "--overwrite")
    notes = [u.translator_notes for u in read_po(second).units if u.fuzzy]
    assert notes and all(note.count("tarjama:") == 1 for note in notes)


@pytest.mark.corpus
def test_tmx_memory_fills_an_english_template_in_arabic(tmp_path: Path) -> None:
    tmx = need_shared(CORPUS / "tmx" / "omegat-l10n-ar_3.1_aligned.tmx")
    template = tmp_path / "en.pot"
    catalog = Catalog(header=new_header(source_lang="en", template=True))
    catalog.units = [Unit(source="The text could not be translated"),
                     Unit(source="The text could not be translated today")]
    write_po(catalog, template)
    out = tmp_path / "ar.po"
    result = run_tarjama("pretranslate", str(template), "-m", str(tmx), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    filled = read_po(out)
    assert filled.header["Language"] == "ar"
    assert filled.header["Plural-Forms"] == plural_rule("ar").header()
    assert [u.target for u in filled.units] == ["تعذرت ترجمة النص"] * 2
    assert [u.status for u in filled.units] == [Status.TRANSLATED, Status.FUZZY]


def test_memory_in_another_pair_exit_2_nothing_written(tmp_path: Path) -> None:
    memory = write_memory(tmp_path / "memory.fr.po", target="fr")
    po = write_template(tmp_path / "t.po", template_units())
    catalog = read_po(po)
    catalog.header["Language"] = "en"
    write_po(catalog, po)
    out = tmp_path / "out.po"
    result = run_tarjama("pretranslate", str(po), "-m", str(memory), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("tarjama: error: ") and "memory.fr.po" in result.stderr
    assert "another language pair" in result.stderr
    assert not out.exists()


def test_output_over_the_template_refused(tmp_path: Path) -> None:
    memory = write_memory(tmp_path / "memory.po")
    template = write_template(tmp_path / "new.po", template_units())
    before = template.read_bytes()
    result = run_tarjama("pretranslate", str(template), "-m", str(memory), "-o", str(template))
    assert result.exit_code == 2 and "overwrite an input" in result.stderr
    assert template.read_bytes() == before
