"""`tarjama export`: TMX 1.4b that the LISA DTD, xmllint and translate-toolkit accept, with
every PO field carried and nothing untranslated, obsolete or silently altered."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import CORPUS, REFS, corpus_po_files, need_module, need_shared, need_tool, run_tarjama
from tarjama.exchange import read_tmx
from tarjama.formats.po import read_po, write_po
from tarjama.formats.tmx import write_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"PO-Revision-Date: {date}\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"
{extra}
"""

AR_PLURAL = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
             ": n%100>=11 ? 4 : 5);")

# An Arabic -> English catalog with one entry of every kind the exporter must tell apart.
AR_EN_BODY = """
#. paragraph 1, sentence 1
# checked against the print edition
#: article.txt:3 article.txt:7
#, python-format
msgctxt "title"
msgid "ما مستقبل التحالف؟"
msgstr "What future for the coalition?"

#: article.txt:5
msgid "قال المتحدث."
msgstr "The spokesman said."

msgid "جملة غير مترجمة."
msgstr ""

#, fuzzy
msgid "جملة تقريبية."
msgstr "A rough sentence."

#~ msgid "جملة قديمة."
#~ msgstr "An old sentence."

msgid "يوم واحد"
msgid_plural "%d أيام"
msgstr[0] "%d day"
msgstr[1] "%d days"
"""


def write_po_text(path: Path, body: str, *, lang: str = "en", source: str | None = "ar",
                  date: str = "2024-01-13 09:30+0300", plural: str = "nplurals=2; plural=(n != 1);"
                  ) -> Path:
    extra = f'"X-Source-Language: {source}\\n"' if source else ""
    path.write_text(HEADER.format(date=date, lang=lang, plural=plural, extra=extra) + body,
                    encoding="utf-8")
    return path


def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(need_shared(REFS / "tmx14.dtd")))


def assert_valid(tmx: Path) -> etree._Element:
    """The TMX is valid against the LISA DTD (lxml) and has no internal subset; its root."""
    tree = etree.parse(str(tmx))
    dtd = tmx_dtd()
    assert dtd.validate(tree), str(dtd.error_log)
    assert tree.docinfo.system_url == "tmx14.dtd"  # type: ignore[union-attr]
    assert "[" not in tmx.read_bytes()[:300].decode("utf-8").split("<tmx", 1)[0]
    return tree.getroot()


def export(tmp_path: Path, *pos: Path, args: tuple[str, ...] = (), name: str = "out.tmx"
           ) -> tuple[etree._Element, str]:
    out = tmp_path / name
    result = run_tarjama("export", *map(str, pos), "-o", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return assert_valid(out), result.stderr


def props(element: etree._Element) -> list[tuple[str, str]]:
    return [(p.get("type", ""), p.text or "") for p in element.findall("prop")]


def segs(tu: etree._Element) -> dict[str, str]:
    return {tuv.get(XML_LANG, ""): tuv.findtext("seg") or "" for tu_ in [tu]
            for tuv in tu_.findall("tuv")}


# --- the header and the units --------------------------------------------------------------------


def test_header_declares_the_arabic_source_and_tarjama(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    root, _ = export(tmp_path, po)
    header = root.find("header")
    assert header is not None
    from tarjama import __version__

    expected = {"creationtool": "tarjama", "creationtoolversion": __version__,
                "segtype": "sentence", "o-tmf": "PO", "adminlang": "en", "srclang": "ar",
                "datatype": "plaintext"}
    assert {k: header.get(k) for k in expected} == expected
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate", ""))
    assert root.get("version") == "1.4"


def test_translated_entries_only_with_their_comments_flags_context_and_dates(
        tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    root, stderr = export(tmp_path, po)
    tus = root.findall("body/tu")
    sources = [segs(tu)["ar"] for tu in tus]
    # Two singular entries and the plural's two forms; untranslated, fuzzy, obsolete left out.
    assert sources == ["ما مستقبل التحالف؟", "قال المتحدث.", "يوم واحد", "%d أيام"]
    assert "1 untranslated" in stderr and "1 fuzzy" in stderr and "1 obsolete" in stderr
    first = tus[0]
    assert props(first) == [("x-context", "title"), ("x-reference", "article.txt:3"),
                            ("x-reference", "article.txt:7"), ("x-flags", "python-format")]
    assert [n.text for n in first.findall("note")] == ["paragraph 1, sentence 1"]
    target = first.findall("tuv")[1]
    assert [n.text for n in target.findall("note")] == ["checked against the print edition"]
    assert segs(first)["en"] == "What future for the coalition?"
    # PO-Revision-Date 2024-01-13 09:30+0300 is 06:30 UTC.
    assert first.get("creationdate") == first.get("changedate") == "20240113T063000Z"
    assert target.get("changedate") == "20240113T063000Z"
    for tu in tus:
        assert tu.findall("tuv")[0].get(XML_LANG) == "ar"


def test_plural_entry_gives_one_unit_per_form_marked_with_a_prop(tmp_path: Path) -> None:
    body = """
msgid "one file"
msgid_plural "%d files"
msgstr[0] "لا ملفات"
msgstr[1] "ملف واحد"
msgstr[2] "ملفان"
msgstr[3] "%d ملفات"
msgstr[4] "%d ملفًا"
msgstr[5] "%d ملف"
"""
    po = write_po_text(tmp_path / "ar.po", body, lang="ar", source="en", plural=AR_PLURAL)
    root, _ = export(tmp_path, po)
    tus = root.findall("body/tu")
    assert [segs(tu) for tu in tus] == [
        {"en": "one file", "ar": "لا ملفات"}, {"en": "%d files", "ar": "ملف واحد"},
        {"en": "%d files", "ar": "ملفان"}, {"en": "%d files", "ar": "%d ملفات"},
        {"en": "%d files", "ar": "%d ملفًا"}, {"en": "%d files", "ar": "%d ملف"},
    ]
    forms = [dict(props(tu))["x-plural-form"] for tu in tus]
    assert forms == ["0", "1", "2", "3", "4", "5"]
    assert len({tu.get("tuid") for tu in tus}) == 6


def test_tuids_are_stable_across_runs_and_unique(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY + '\nmsgctxt "other"\nmsgid "قال المتحدث."'
                       '\nmsgstr "The spokesperson said."\n')
    first, _ = export(tmp_path, po, name="1.tmx")
    second, _ = export(tmp_path, po, name="2.tmx")
    ids = [tu.get("tuid") for tu in first.findall("body/tu")]
    assert ids == [tu.get("tuid") for tu in second.findall("body/tu")]
    assert all(ids) and len(set(ids)) == len(ids)


def test_fuzzy_entries_only_on_request_and_marked(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    root, stderr = export(tmp_path, po, args=("--include-fuzzy",))
    fuzzy = [tu for tu in root.findall("body/tu") if segs(tu)["ar"] == "جملة تقريبية."]
    assert len(fuzzy) == 1
    assert ("x-fuzzy", "true") in props(fuzzy[0].findall("tuv")[1])
    others = [tu for tu in root.findall("body/tu") if tu is not fuzzy[0]]
    assert all(not tuv.findall("prop") for tu in others for tuv in tu.findall("tuv"))
    assert "1 of them fuzzy" in stderr


@pytest.mark.parametrize(
    ("declared", "option", "msgid", "expected"),
    [
        ("ar", (), "جملة.", "ar"),
        ("AR", (), "جملة.", "ar"),
        ("ar", ("--source-lang", "ar-IQ"), "جملة.", "ar-IQ"),
        (None, (), "جملة عربية طويلة.", "ar"),
        (None, (), "An English sentence.", "en"),
        (None, ("--source-lang", "EN_gb"), "A sentence.", "en-GB"),
    ],
    ids=["header", "header-case", "option-overrides", "inferred-arabic", "inferred-english",
         "option-canonical-case"],
)
def test_srclang_comes_from_header_option_or_script(
        tmp_path: Path, declared: str | None, option: tuple[str, ...], msgid: str,
        expected: str) -> None:
    po = write_po_text(tmp_path / "x.po", f'\nmsgid "{msgid}"\nmsgstr "ترجمة"\n', lang="fr",
                       source=declared)
    root, _ = export(tmp_path, po, args=option)
    header = root.find("header")
    assert header is not None and header.get("srclang") == expected
    assert root.findall("body/tu/tuv")[0].get(XML_LANG) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "en"), ("EN", "en"), ("en_GB", "en-GB"), ("en-gb", "en-GB"),
     ("zh_hant", "zh-Hant"), ("pt_BR", "pt-BR")],
    ids=["plain", "upper", "underscore", "lower-region", "script", "pt-BR"],
)
def test_language_codes_are_canonical_bcp47(tmp_path: Path, language: str, expected: str
                                            ) -> None:
    po = write_po_text(tmp_path / "x.po", '\nmsgid "جملة."\nmsgstr "x"\n', lang=language)
    root, _ = export(tmp_path, po)
    assert [tuv.get(XML_LANG) for tuv in root.findall("body/tu/tuv")] == ["ar", expected]


def test_missing_language_is_taken_from_the_gettext_layout_with_a_warning(tmp_path: Path
                                                                          ) -> None:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = write_po_text(folder / "x.po", '\nmsgid "جملة."\nmsgstr "Une phrase."\n', lang="")
    root, stderr = export(tmp_path, po)
    assert root.findall("body/tu/tuv")[1].get(XML_LANG) == "fr"
    assert "warning" in stderr and "'fr'" in stderr


def test_no_language_anywhere_is_an_error(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "messages.po", '\nmsgid "جملة."\nmsgstr "x"\n', lang="")
    result = run_tarjama("export", str(po), "-o", str(tmp_path / "o.tmx"))
    assert result.exit_code == 2
    assert re.fullmatch(r"tarjama: error: .*messages\.po: .*--target-lang.*\n", result.stderr)
    assert not (tmp_path / "o.tmx").exists()


# --- several catalogs ----------------------------------------------------------------------------


def test_catalogs_in_several_languages_make_one_multilingual_tmx(tmp_path: Path) -> None:
    en = write_po_text(tmp_path / "en.po", """
msgid "صباح الخير."
msgstr "Good morning."

msgid "شكرا."
msgstr "Thank you."
""")
    fr = write_po_text(tmp_path / "fr.po", """
msgid "شكرا."
msgstr "Merci."

msgid "صباح الخير."
msgstr "Bonjour."

msgid "وداعا."
msgstr "Au revoir."
""", lang="fr")
    # The same English catalog given twice: its pairs are written once.
    root, stderr = export(tmp_path, en, fr, en)
    tus = root.findall("body/tu")
    assert [segs(tu) for tu in tus] == [
        {"ar": "صباح الخير.", "en": "Good morning.", "fr": "Bonjour."},
        {"ar": "شكرا.", "en": "Thank you.", "fr": "Merci."},
        {"ar": "وداعا.", "fr": "Au revoir."},
    ]
    assert "2 duplicate" in stderr


def test_a_different_translation_in_the_same_language_gets_its_own_unit(tmp_path: Path
                                                                        ) -> None:
    one = write_po_text(tmp_path / "one.po", '\nmsgid "شكرا."\nmsgstr "Thank you."\n')
    two = write_po_text(tmp_path / "two.po", '\nmsgid "شكرا."\nmsgstr "Thanks."\n')
    root, stderr = export(tmp_path, one, two)
    tus = root.findall("body/tu")
    assert [segs(tu) for tu in tus] == [{"ar": "شكرا.", "en": "Thank you."},
                                        {"ar": "شكرا.", "en": "Thanks."}]
    assert len({tu.get("tuid") for tu in tus}) == 2
    assert "1 alternative" in stderr


def test_catalogs_with_different_sources_are_refused(tmp_path: Path) -> None:
    one = write_po_text(tmp_path / "one.po", '\nmsgid "شكرا."\nmsgstr "Thank you."\n')
    two = write_po_text(tmp_path / "two.po", '\nmsgid "Thanks."\nmsgstr "Merci."\n',
                        lang="fr", source="en")
    result = run_tarjama("export", str(one), str(two), "-o", str(tmp_path / "o.tmx"))
    assert result.exit_code == 2
    assert "different source languages" in result.stderr


# --- characters XML cannot carry -----------------------------------------------------------------


FORM_FEED_BODY = '\nmsgid "سطر."\nmsgstr "Line."\n\nmsgid "صفحة\\f"\nmsgstr "Page\\f"\n'


def test_a_character_xml_forbids_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "ff.po", FORM_FEED_BODY)
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "صفحة\\f"') + 1
    out = tmp_path / "o.tmx"
    result = run_tarjama("export", str(po), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tarjama: error: {po}:{line}: ")
    assert "U+000C" in result.stderr and "--invalid-chars" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(("policy", "expected"), [("strip", "Page"), ("replace", "Page\ufffd")],
                         ids=["strip", "replace"])
def test_invalid_characters_policy_is_applied_and_reported(
        tmp_path: Path, policy: str, expected: str) -> None:
    po = write_po_text(tmp_path / "ff.po", FORM_FEED_BODY)
    root, stderr = export(tmp_path, po, args=(f"--invalid-chars={policy}",))
    assert segs(root.findall("body/tu")[1])["en"] == expected
    assert "2 characters XML forbids were changed" in stderr


# --- output handling -----------------------------------------------------------------------------


def test_export_to_standard_output(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    result = run_tarjama("export", str(po), "-o", "-")
    assert result.exit_code == 0
    tree = etree.fromstring(result.stdout.encode("utf-8"))
    assert tmx_dtd().validate(tree)
    assert len(tree.findall("body/tu")) == 4


def test_export_never_overwrites_its_input(tmp_path: Path) -> None:
    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    before = po.read_bytes()
    result = run_tarjama("export", str(po), "-o", str(po))
    assert result.exit_code == 2 and "overwrite" in result.stderr
    assert po.read_bytes() == before


# --- real catalogs and real readers --------------------------------------------------------------


def _translated_pairs(po: Path) -> set[tuple[str | None, str, tuple[str, ...]]]:
    """Translated (context, msgid, msgstrs) of a PO read by polib, not by tarjama."""
    pairs: set[tuple[str | None, str, tuple[str, ...]]] = set()
    for entry in polib.pofile(str(po)):
        if entry.obsolete or entry.fuzzy:
            continue
        targets = ([entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                   if entry.msgid_plural else [entry.msgstr])
        if all(targets) and targets:
            pairs.add((entry.msgctxt, entry.msgid, tuple(targets)))
    return pairs


@pytest.mark.corpus
# Without the corpus, one "absent" case that need_shared skips, or fails under
# TARJAMA_REQUIRE_CORPUS=1 (an empty parameter list would skip silently either way).
@pytest.mark.parametrize("po", corpus_po_files() or [CORPUS / "po" / "absent.po"],
                         ids=lambda p: p.name)
def test_every_corpus_catalog_exports_valid_tmx_and_imports_back(tmp_path: Path, po: Path
                                                                 ) -> None:
    need_shared(po)
    extra = () if "Language:" in po.read_text(encoding="utf-8")[:3000] else (
        "--target-lang", "ar")
    out = tmp_path / "out.tmx"
    result = run_tarjama("export", str(po), "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    assert_valid(out)
    back = tmp_path / "back.po"
    result = run_tarjama("import", str(out), "-o", str(back))
    assert result.exit_code == 0, result.stderr
    assert _translated_pairs(back) == _translated_pairs(po)


@pytest.mark.interop
@pytest.mark.corpus
def test_xmllint_validates_what_we_write(tmp_path: Path) -> None:
    xmllint = need_tool("xmllint")
    dtd = need_shared(REFS / "tmx14.dtd")
    written = [write_po_text(tmp_path / "a.po", AR_EN_BODY)]
    written += corpus_po_files()
    outputs = []
    for index, po in enumerate(written):
        out = tmp_path / f"{index}.tmx"
        result = run_tarjama("export", str(po), "-o", str(out), "--include-fuzzy",
                             "--target-lang", "ar" if index else "en")
        assert result.exit_code == 0, result.stderr
        outputs.append(str(out))
    assert len(outputs) >= 2
    checked = subprocess.run([xmllint, "--noout", "--nonet", "--dtdvalid", str(dtd), *outputs],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr[-3000:]
    assert "validity error" not in checked.stderr


@pytest.mark.interop
def test_translate_toolkit_reads_exactly_our_pairs(tmp_path: Path) -> None:
    need_module("translate")
    from translate.storage import tmx as tt_tmx

    po = write_po_text(tmp_path / "a.po", AR_EN_BODY + """
msgid "سطران\\nفي مقطع."
msgstr "Two lines\\nin one segment."

msgid "رمز <b> & \\"اقتباس\\""
msgstr "Code <b> & \\"quote\\""
""")
    out = tmp_path / "out.tmx"
    assert run_tarjama("export", str(po), "-o", str(out)).exit_code == 0
    store = tt_tmx.tmxfile.parsefile(str(out))  # type: ignore[no-untyped-call]
    got = [(unit.source, unit.target) for unit in store.units]
    assert got == [
        ("ما مستقبل التحالف؟", "What future for the coalition?"),
        ("قال المتحدث.", "The spokesman said."),
        ("يوم واحد", "%d day"),
        ("%d أيام", "%d days"),
        ("سطران\nفي مقطع.", "Two lines\nin one segment."),
        ('رمز <b> & "اقتباس"', 'Code <b> & "quote"'),
    ]


# --- the round trip, as a property ---------------------------------------------------------------

# Text XML 1.0 can carry (no C0 controls but tab, newline and CR; no surrogates, no U+FFFE/F),
# weighted towards Arabic, bidi controls and line breaks.
XML_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
        st.sampled_from(list("اأبتثجحخدذرسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩؟،؛")),
        st.sampled_from(list("\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069")),
        st.sampled_from(list("\n\t\r \"\\<>&'")),
    ),
    min_size=1,
    max_size=40,
)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12)
REFERENCE = st.tuples(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?\.[a-z]{1,3}", fullmatch=True),
                      st.from_regex(r"[1-9][0-9]{0,3}", fullmatch=True) | st.just(""))
COMMENT = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl",
                                                                        "Zp")),
                           min_size=1, max_size=20).map(str.strip).filter(bool),
                   max_size=3).map("\n".join)

ENTRY = st.fixed_dictionaries({
    "msgid": XML_TEXT,
    "msgstr": XML_TEXT,
    "plural": st.none() | st.tuples(XML_TEXT, st.lists(XML_TEXT, min_size=1, max_size=6)),
    "msgctxt": st.none() | XML_TEXT | st.just(""),
    "occurrences": st.lists(REFERENCE, max_size=3),
    "tcomment": COMMENT,
    "comment": COMMENT,
    "flags": st.lists(WORD.filter(lambda w: w != "fuzzy"), max_size=3, unique=True),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(ENTRY, min_size=1, max_size=8,
                        unique_by=lambda e: (e["msgctxt"], e["msgid"])))
def test_po_to_tmx_to_po_keeps_every_exported_field(entries: list[dict[str, object]]) -> None:
    pofile = polib.POFile()
    pofile.metadata = {"Language": "en", "X-Source-Language": "ar",
                       "Content-Type": "text/plain; charset=UTF-8"}
    for data in entries:
        entry = polib.POEntry(msgid=data["msgid"], msgctxt=data["msgctxt"],
                              occurrences=data["occurrences"], tcomment=data["tcomment"],
                              comment=data["comment"], flags=list(data["flags"]))  # type: ignore[call-overload]
        plural = data["plural"]
        if plural is None:
            entry.msgstr = str(data["msgstr"])
        else:
            assert isinstance(plural, tuple)
            entry.msgid_plural = plural[0]
            entry.msgstr_plural = dict(enumerate(plural[1]))
        pofile.append(entry)
    with tempfile.TemporaryDirectory() as folder:
        po = Path(folder) / "in.po"
        pofile.save(str(po))
        # What the PO says once read back (the PO layer's own fidelity is tested elsewhere).
        catalog = read_po(po)
        tmx = Path(folder) / "out.tmx"
        write_tmx([catalog], tmx)
        assert tmx_dtd().validate(etree.parse(str(tmx)))
        # ... and back to a PO file, read again.
        write_po(read_tmx(tmx), Path(folder) / "back.po")
        back = read_po(Path(folder) / "back.po")

    def fields(units: object) -> list[tuple[object, ...]]:
        return [(u.context, u.source, u.source_plural, u.targets, u.references,
                 u.translator_notes, u.extracted_notes, u.flags)
                for u in units]  # type: ignore[attr-defined]

    assert fields(back.units) == fields(catalog.units)
    assert back.source_lang == "ar" and back.target_lang == "en"


def test_the_progress_wrapper_sees_every_segment(tmp_path: Path) -> None:
    from collections.abc import Iterable, Iterator
    from contextlib import contextmanager

    po = write_po_text(tmp_path / "a.po", AR_EN_BODY)
    seen: list[object] = []

    @contextmanager
    def progress(items: Iterable[object], *, length: int, label: str) -> Iterator[
            Iterable[object]]:
        def counted() -> Iterator[object]:
            for item in items:
                seen.append(item)
                yield item
        assert length == 4 and label
        yield counted()

    stats = write_tmx([read_po(po)], tmp_path / "o.tmx", progress=progress)
    assert len(seen) == stats.units == 4
