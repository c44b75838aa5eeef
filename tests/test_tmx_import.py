"""`tarjama import`: TMX 1.1-1.4b as CAT tools write it, into PO; and the hardened parser
refusing what could leak files or hang (XXE, billion laughs, internal subsets)."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, REFS, need_shared, run_tarjama
from tarjama.errors import FormatError
from tarjama.exchange import read_tmx
from tarjama.formats import xmlsafe
from tarjama.formats.tmx import iter_tmx

# Unit counts determined outside tarjama: `xmllint --xpath 'count(//tu)' FILE` for the units,
# and for the entries a plain xml.etree script counting distinct source segments (identical
# pairs 43, 0 and 3) plus, for the aligned memory, one source with two different translations.
SHARED_TMX = [
    # (folder, file, extra args, tu elements, PO entries, source, target)
    (CORPUS / "tmx", "omegat-l10n-ar_3.1_aligned.tmx", (), 1194, 1150, "en", "ar"),
    (CORPUS / "tmx", "omegat-l10n-ar_project_save.tmx", (), 22, 22, "en", "ar"),
    (REFS, "lisa-kit-ImportTest1A.tmx", (), 2, 2, "en-US", "fr-CA"),
    (REFS, "lisa-kit-ImportTest1C.tmx", ("--target-lang", "ja-JP"), 3, 3, "en-US", "ja-JP"),
    (REFS, "lisa-kit-ImportTest1L.tmx", ("--target-lang", "fr"), 1, 1, "en-US", "fr"),
    (REFS, "lisa-kit-ImportTest2A.tmx", (), 7, 7, "en-US", "fr-CA"),
    (REFS, "openxliff-tmxvalidator_es.tmx", (), 35, 32, "en", "es"),
]


def entries(po: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(po)) if not entry.obsolete]


def import_ok(tmp_path: Path, *args: str) -> tuple[list[polib.POEntry], str]:
    out = tmp_path / "out.po"
    result = run_tarjama("import", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return entries(out), result.stderr


@pytest.mark.corpus
@pytest.mark.parametrize(("folder", "name", "args", "units", "expected", "source", "target"),
                         SHARED_TMX, ids=[row[1] for row in SHARED_TMX])
def test_shared_memories_import_with_the_counts_we_expect(
        tmp_path: Path, folder: Path, name: str, args: tuple[str, ...], units: int,
        expected: int, source: str, target: str) -> None:
    tmx = need_shared(folder / name)
    got, stderr = import_ok(tmp_path, str(tmx), *args)
    assert len(got) == expected
    assert f"from {units} units" in stderr
    po = polib.pofile(str(tmp_path / "out.po"))
    assert po.metadata["X-Source-Language"] == source
    assert po.metadata["Language"] == target
    assert po.metadata["Plural-Forms"].startswith("nplurals=")
    assert all(entry.msgid and entry.msgstr for entry in got)


@pytest.mark.corpus
def test_utf16_whitespace_is_kept(tmp_path: Path) -> None:
    got, _ = import_ok(tmp_path, str(need_shared(REFS / "lisa-kit-ImportTest1A.tmx")))
    assert [(e.msgid, e.msgstr) for e in got] == [
        ("First segment with [\t\t   ]", "Premier segment avec [\t\t   ]"),
        ("Second segment with [  \t\t]", "Second segment avec [  \t\t]"),
    ]


@pytest.mark.corpus
def test_level2_inline_markup_is_flattened_to_native_codes(tmp_path: Path) -> None:
    got, _ = import_ok(tmp_path, str(need_shared(REFS / "lisa-kit-ImportTest2A.tmx")))
    pairs = {e.msgid: e.msgstr for e in got}
    assert pairs["The big <b>black</b> <u>cat</u> sleeps."] == (
        "Le gros <u>chat</u> <b>noir</b> dors.")
    assert pairs["First <b>sentence."] == "Première <b>phrase."
    assert pairs['Picture: <img src="img.png"/>'] == 'Image: <img src="img.png"/>'
    # Target before source in the file: still read the right way round.
    assert pairs["Some text with a part highlighted."] == "Du texte avec une portion délimitée."
    assert pairs['Test for special characters = <b><</b>=lt, <b>></b>=gt, <b>&</b>=amp, '
                 '<b>"</b>=quot.'].startswith("Test pour caractères spéciaux")


@pytest.mark.corpus
def test_tmx11_lang_attribute_and_multiline_segments(tmp_path: Path) -> None:
    got, _ = import_ok(tmp_path, str(need_shared(CORPUS / "tmx" /
                                                 "omegat-l10n-ar_project_save.tmx")))
    first = got[0]
    assert first.msgid.startswith("--ITokenizer=<classname>\n\t--ITokenizerTarget=")
    assert first.msgstr.endswith("(يلغي إعدادات المشروع).")


@pytest.mark.corpus
def test_multilingual_units_report_what_was_skipped(tmp_path: Path) -> None:
    tmx = need_shared(REFS / "lisa-kit-ImportTest1C.tmx")
    got, stderr = import_ok(tmp_path, str(tmx), "--source-lang", "en-GB", "--target-lang",
                            "fr-CA")
    assert [(e.msgid, e.msgstr) for e in got] == [
        ("First entry in UK English", "First entry in French Canadian"),
        ("Second entry in UK English", "Second entry in French Canadian"),
        ("Third entry in UK English", "Third entry in French Canadian"),
    ]
    assert "en-us (3), ja-jp (3), es-es (3)" in stderr


@pytest.mark.corpus
def test_without_a_target_and_several_languages_the_error_lists_them(tmp_path: Path) -> None:
    tmx = need_shared(REFS / "lisa-kit-ImportTest1C.tmx")
    result = run_tarjama("import", str(tmx), "-o", str(tmp_path / "o.po"))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    for code in ("en-gb", "ja-jp", "fr-ca", "es-es"):
        assert code in result.stderr
    assert "--target-lang" in result.stderr
    assert not (tmp_path / "o.po").exists()


@pytest.mark.corpus
def test_notes_and_props_of_other_tools_become_comments(tmp_path: Path) -> None:
    got, _ = import_ok(tmp_path, str(need_shared(REFS / "lisa-kit-ImportTest1L.tmx")),
                       "--target-lang", "fr")
    (entry,) = got
    assert (entry.msgid, entry.msgstr) == ("Text of the segment.", "Texte du segment.")
    assert entry.comment.splitlines() == [
        "Text of tu note 1", "Text of tu note 2", "myPropeType: Data",
        "Text of tuv en note 1", "Text of tuv en note 1", "myPropeType: Data",
        # The French tuv's own props.
        "myPropeType: Data", "myPropeType: Data"]
    assert entry.tcomment.splitlines() == ["Text of tuv fr note 1", "Text of tuv fr note 1"]


# --- TMX written here, for the cases the shared files do not have -------------------------------

TEMPLATE = """<?xml version="1.0" encoding="{encoding}"?>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
 srclang="{srclang}" datatype="plaintext"/>
<body>
{units}
</body>
</tmx>
"""


def tmx_file(path: Path, units: list[tuple[str, str, str, str]], *, srclang: str = "ar",
             encoding: str = "UTF-8", attrs: str = "", codec: str = "utf-8") -> Path:
    body = "\n".join(
        f'<tu{attrs}><tuv xml:lang="{a}"><seg>{x}</seg></tuv>'
        f'<tuv xml:lang="{b}"><seg>{y}</seg></tuv></tu>'
        for a, x, b, y in units)
    text = TEMPLATE.format(encoding=encoding, srclang=srclang, units=body)
    path.write_bytes(text.encode(codec))
    return path


PAIR = [("ar", "صباح الخير.", "en", "Good morning."), ("ar", "شكرا.", "en", "Thank you.")]


@pytest.mark.parametrize(
    ("codec", "declared", "bom"),
    [("utf-8", "UTF-8", b""), ("utf-8", "UTF-8", codecs.BOM_UTF8),
     ("utf-16-le", "UTF-16", codecs.BOM_UTF16_LE), ("utf-16-be", "UTF-16", codecs.BOM_UTF16_BE),
     ("utf-16-le", "UTF-16", b""), ("utf-16-be", "UTF-16", b"")],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_encodings_with_and_without_bom(tmp_path: Path, codec: str, declared: str, bom: bytes
                                        ) -> None:
    path = tmx_file(tmp_path / "m.tmx", PAIR, encoding=declared, codec=codec)
    path.write_bytes(bom + path.read_bytes())
    got, _ = import_ok(tmp_path, str(path))
    assert [(e.msgid, e.msgstr) for e in got] == [("صباح الخير.", "Good morning."),
                                                  ("شكرا.", "Thank you.")]


@pytest.mark.parametrize(
    ("codes", "args", "warned"),
    [(("AR", "EN"), (), False), (("ar-SA", "en-GB"), ("--source-lang", "ar", "--target-lang",
                                                     "en"), False),
     (("ar_SA", "en_US"), ("--source-lang", "ar", "--target-lang", "en"), True),
     (("Ar-sa", "EN"), ("--source-lang", "AR", "--target-lang", "en"), False)],
    ids=["upper-case", "region-subtags", "underscore-warns", "mixed-case"],
)
def test_language_codes_match_by_case_and_primary_subtag(
        tmp_path: Path, codes: tuple[str, str], args: tuple[str, ...], warned: bool) -> None:
    units = [(codes[0], s, codes[1], t) for _, s, _, t in PAIR]
    path = tmx_file(tmp_path / "m.tmx", units, srclang=codes[0])
    got, stderr = import_ok(tmp_path, str(path), *args)
    assert len(got) == 2
    assert ("warning" in stderr and "'ar_SA'" in stderr) is warned


def test_duplicates_keep_the_first_and_note_alternatives(tmp_path: Path) -> None:
    units = [*PAIR, ("ar", "شكرا.", "en", "Thank you."), ("ar", "شكرا.", "en", "Thanks."),
             ("ar", "جملة.", "en", "")]
    path = tmx_file(tmp_path / "m.tmx", units)
    got, stderr = import_ok(tmp_path, str(path))
    assert [(e.msgid, e.msgstr) for e in got] == [("صباح الخير.", "Good morning."),
                                                  ("شكرا.", "Thank you.")]
    assert "alternative translation" in got[1].tcomment and "Thanks." in got[1].tcomment
    assert "1 duplicate" in stderr and "1 other translations" in stderr
    assert "empty en segment" in stderr


@pytest.mark.parametrize("date", ["20240113", "2024-01-13T09:30:00Z", "yesterday", "",
                                  "20241399T999999Z"],
                         ids=["date-only", "iso-extended", "words", "empty", "out-of-range"])
def test_bad_or_odd_dates_are_tolerated(tmp_path: Path, date: str) -> None:
    path = tmx_file(tmp_path / "m.tmx", PAIR, attrs=f' changedate="{date}" creationdate="{date}"')
    got, _ = import_ok(tmp_path, str(path))
    assert len(got) == 2


def test_iter_tmx_streams_units_with_their_lines(tmp_path: Path) -> None:
    path = tmx_file(tmp_path / "m.tmx", PAIR)
    skipped: list[str] = []
    units = list(iter_tmx(path, source_lang="AR", target_lang="en-US", on_skip=skipped.append))
    assert [(u.source, u.target, u.source_lang, u.target_lang) for u in units] == [
        ("صباح الخير.", "Good morning.", "ar", "en-US"), ("شكرا.", "Thank you.", "ar", "en-US")]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [u.line for u in units] == [i + 1 for i, text in enumerate(lines)
                                       if text.startswith("<tu")]
    assert skipped == []


def test_exported_plurals_context_and_flags_come_back(tmp_path: Path) -> None:
    po = tmp_path / "ar.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"X-Source-Language: en\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && '
        'n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"\n\n'
        '#. the files panel\n#: src/files.c:10\n#, c-format\nmsgctxt "panel"\n'
        'msgid "%d file"\nmsgid_plural "%d files"\n'
        + "".join(f'msgstr[{i}] "form {i}"\n' for i in range(6)), encoding="utf-8")
    tmx = tmp_path / "o.tmx"
    assert run_tarjama("export", str(po), "-o", str(tmx)).exit_code == 0
    catalog = read_tmx(tmx)
    (unit,) = catalog.units
    assert (unit.context, unit.source, unit.source_plural) == ("panel", "%d file", "%d files")
    assert unit.target_plurals == [f"form {i}" for i in range(6)]
    assert unit.references == [("src/files.c", "10")]
    assert unit.flags == ["c-format"] and unit.extracted_notes == "the files panel"


# --- malformed and hostile input ----------------------------------------------------------------


def test_malformed_xml_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    path = tmx_file(tmp_path / "m.tmx", PAIR)
    text = path.read_text(encoding="utf-8").replace("</seg></tuv></tu>\n<tu>",
                                                    "</seg></tuv></tu>\n<tu><oops>", 1)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "o.po"
    result = run_tarjama("import", str(path), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tarjama: error: {path}:")
    assert "malformed XML" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_not_a_tmx(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n')
    result = run_tarjama("import", str(path), "-o", str(tmp_path / "o.po"))
    assert result.exit_code == 2 and "not a TMX" in result.stderr


SECRET = "tarjama-secret-7f3a9c"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<tmx version="1.4"><header srclang="ar"/><body>
<tu><tuv xml:lang="ar"><seg>&g;</seg></tuv><tuv xml:lang="en"><seg>&g;</seg></tuv></tu>
</body></tmx>
"""


def hostile(tmp_path: Path, kind: str) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    tu = '<tu><tuv xml:lang="ar"><seg>{0}</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>'
    body = '<tmx version="1.4"><header srclang="ar"/><body>\n{0}\n</body></tmx>\n'
    decl = '<?xml version="1.0"?>\n'
    uri = secret.as_uri()
    if kind == "xxe":
        text = (decl + f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{uri}">]>\n'
                + body.format(tu.format("&xxe;")))
    elif kind == "xxe-utf16":
        text = (f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{uri}">]>\n'
                + body.format(tu.format("&xxe;")))
    elif kind == "parameter-entity":
        text = (decl + f'<!DOCTYPE tmx [<!ENTITY % p SYSTEM "{uri}"> %p;]>\n'
                + body.format(tu.format("a")))
    elif kind == "billion-laughs":
        text = BILLION_LAUGHS
    elif kind == "internal-subset":
        text = (decl + '<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ATTLIST seg x CDATA "y">]>\n'
                + body.format(tu.format("a")))
    elif kind == "external-dtd-entities":
        (tmp_path / "evil.dtd").write_text(f'<!ENTITY xxe SYSTEM "{uri}">\n')
        text = (decl + '<!DOCTYPE tmx SYSTEM "evil.dtd">\n'
                + body.format(tu.format("before &xxe; after")))
    else:  # pragma: no cover
        raise AssertionError(kind)
    path = tmp_path / f"{kind}.tmx"
    path.write_bytes(text.encode("utf-16") if kind.endswith("utf16") else text.encode())
    return path


HOSTILE = ["xxe", "xxe-utf16", "parameter-entity", "billion-laughs", "internal-subset",
           "external-dtd-entities"]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_input_is_refused_without_leaking_or_hanging(tmp_path: Path, kind: str) -> None:
    path = hostile(tmp_path, kind)
    out = tmp_path / "out.po"
    start = time.monotonic()
    result = run_tarjama("import", str(path), "-o", str(out), "--source-lang", "ar",
                         "--target-lang", "en")
    # A generous bound: the point is that nothing expands, not speed.
    assert time.monotonic() - start < 20
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tarjama: error: {path}:")
    assert "refused" in result.stderr and len(result.stderr.splitlines()) == 1
    assert SECRET not in result.stdout + result.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_shared_parser_refuses_the_same_for_other_readers(tmp_path: Path, kind: str) -> None:
    path = hostile(tmp_path, kind)
    with pytest.raises(FormatError, match="refused"):
        xmlsafe.parse(path)
    with pytest.raises(FormatError, match="refused"):
        for _, element in xmlsafe.iterparse(path, tag="seg"):
            xmlsafe.refuse_entity_references(element, path)


def test_the_shared_parser_accepts_a_plain_doctype(tmp_path: Path) -> None:
    path = tmx_file(tmp_path / "m.tmx", PAIR)
    text = path.read_text(encoding="utf-8").replace(
        "<tmx", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx', 1)
    path.write_text(text, encoding="utf-8")
    tree = xmlsafe.parse(path)
    assert len(tree.getroot().findall("body/tu")) == 2


def test_a_third_language_later_in_the_file_is_an_error_listing_all(tmp_path: Path) -> None:
    units = [*PAIR, ("ar", "وداعا.", "fr", "Au revoir.")]
    path = tmx_file(tmp_path / "m.tmx", units)
    result = run_tarjama("import", str(path), "-o", str(tmp_path / "o.po"))
    assert result.exit_code == 2
    assert "--target-lang" in result.stderr
    assert "en (2 variants)" in result.stderr and "fr (1 variants)" in result.stderr
    assert not (tmp_path / "o.po").exists()
    got, _ = import_ok(tmp_path, str(path), "--target-lang", "fr")
    assert [(e.msgid, e.msgstr) for e in got] == [("وداعا.", "Au revoir.")]


def test_unit_lines_stay_exact_past_line_65535(tmp_path: Path) -> None:
    # libxml2 keeps lines in 16 bits; our exports put a unit every 10 lines or so.
    po = tmp_path / "big.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: ar\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  + "".join(f'#. note {i}\nmsgid "جملة {i}"\nmsgstr "Sentence {i}"\n\n'
                            for i in range(8000)), encoding="utf-8")
    tmx = tmp_path / "big.tmx"
    assert run_tarjama("export", str(po), "-o", str(tmx)).exit_code == 0
    lines = [number for number, text in
             enumerate(tmx.read_text(encoding="utf-8").splitlines(), start=1)
             if text.startswith("<tu ")]
    assert lines[-1] > 70000
    assert [unit.line for unit in iter_tmx(tmx)] == lines
