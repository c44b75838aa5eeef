"""Inline codes: placeholders and tags written as TMX / XLIFF inline elements and read back.

Every code carries its original text, so text -> codes -> text is the identity (a property
test over Arabic, bidi controls, newlines, tabs and placeholders); what other tools write
(OmegaT, Okapi, Angular, Xcode, Trados) reads back into text; the TMX that
``export --inline-codes`` writes is valid against the TMX 1.4 DTD for every shared catalog and
the article, and both our importer and translate-toolkit read the exact strings back.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import (
    CORPUS,
    LOCALES,
    REFS,
    corpus_po_files,
    need_module,
    need_shared,
    need_tool,
    run_tarjama,
)
from omegat_helpers import new_project, translate
from tarjama.exchange import read_tmx
from tarjama.formats.inline import (
    DIALECTS,
    Code,
    Dialect,
    inline_text,
    join_pieces,
    mark_unit,
    original_data,
    original_data_xml,
    split_codes,
)
from tarjama.formats.po import read_po, write_po
from tarjama.formats.tmx import write_tmx

ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"


def codes(text: str) -> list[tuple[str, str, int, bool]]:
    return [(p.role, p.text, p.id, p.paired) for p in split_codes(text) if isinstance(p, Code)]


# --- finding and pairing -------------------------------------------------------------------------


def test_every_placeholder_kind_the_checks_know_becomes_a_code() -> None:
    text = "%s %1$d %(name)s %L1 {0} {count} <br/> [*] 50% off %% {{x}} https://a.org"
    assert [c[1] for c in codes(text)] == ["%s", "%1$d", "%(name)s", "%L1", "{0}", "{count}",
                                           "<br/>", "[*]"]
    # Escapes, a percent sign and a URL stay text: a translator may have to adapt a URL.
    assert all(c[0] == "placeholder" for c in codes(text))


def test_tags_pair_by_name_overlapping_too_and_strays_are_isolated() -> None:
    assert codes("<b>a <i>b</b> c</i> </a> <p>") == [
        ("open", "<b>", 1, True), ("open", "<i>", 2, True), ("close", "</b>", 1, True),
        ("close", "</i>", 2, True), ("close", "</a>", 3, False), ("open", "<p>", 4, False)]
    assert codes("[url=https://x.org]site[/url] [b]x[/b]") == [
        ("open", "[url=https://x.org]", 1, True), ("close", "[/url]", 1, True),
        ("open", "[b]", 2, True), ("close", "[/b]", 2, True)]
    # A void HTML element has no closing tag: it stands alone.
    assert codes('<img src="a.png"> <br>') == [("placeholder", '<img src="a.png">', 1, True),
                                                ("placeholder", "<br>", 2, True)]


def test_a_text_without_codes_is_one_piece() -> None:
    assert split_codes("لا رموز هنا؟ 100% صحيح") == ["لا رموز هنا؟ 100% صحيح"]
    assert split_codes("") == []


# --- writing, then reading back ------------------------------------------------------------------


def _element(fragment: str, dialect: Dialect, data: dict[str, str] | None = None) -> tuple[
        etree._Element, dict[str, str]]:
    """The fragment parsed inside the element it is written in, and the unit's data."""
    if dialect == "tmx":
        return etree.fromstring(f"<seg>{fragment}</seg>"), {}
    if dialect == "xliff12":
        return etree.fromstring(f'<source xmlns="{XLIFF12}">{fragment}</source>'), {}
    unit = etree.fromstring(f'<unit xmlns="{XLIFF2}" id="u">{original_data_xml(data or {})}'
                            f"<segment><source>{fragment}</source></segment></unit>")
    return unit[-1][0], original_data(unit)


def round_trip(text: str, dialect: Dialect) -> list[str]:
    marked = mark_unit(text, [text, text[::-1]], dialect)
    back = []
    for fragment in [marked.source, *marked.targets]:
        element, data = _element(fragment, dialect, marked.data)
        back.append(inline_text(element, data=data))
    return back


SAMPLE = ('Hello %s, <b>bold <i>both</b> italic</i> [url=https://x.org]site[/url] '
          '<a href="x?a=1&b=2">link</a> {name} </span>\r\n\tمرحبا %(n)d')


@pytest.mark.parametrize("dialect", DIALECTS)
def test_written_codes_read_back_into_the_exact_text(dialect: Dialect) -> None:
    assert round_trip(SAMPLE, dialect) == [SAMPLE, SAMPLE, SAMPLE[::-1]]


def test_tmx_codes_carry_their_text_and_match_between_source_and_target() -> None:
    marked = mark_unit("Open <b>%s</b> now", ["افتح <b>%s</b> الآن", "%d <b>"], "tmx")
    assert marked.source == ('Open <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>'
                             '<ph x="2" type="x-printf">%s</ph><ept i="1">&lt;/b&gt;</ept> now')
    assert marked.targets[0] == marked.source.replace("Open", "افتح").replace("now", "الآن")
    # A code the source lacks gets an id of its own; a tag without its partner is isolated.
    assert marked.targets[1] == ('<ph x="3" type="x-printf">%d</ph> '
                                 '<it pos="begin" x="1" type="bold">&lt;b&gt;</it>')


def test_xliff2_uses_pc_for_nested_pairs_sc_ec_for_overlaps_and_original_data() -> None:
    marked = mark_unit("<b>x</b> <i>a<u>b</i>c</u> %s", dialect="xliff2")
    assert marked.source.startswith('<pc id="c1" dataRefStart="d1" dataRefEnd="d2" '
                                    'dispStart="&lt;b&gt;" dispEnd="&lt;/b&gt;" type="fmt" '
                                    'subType="xlf:b">x</pc>')
    assert '<sc id="c2" dataRef="d3"' in marked.source
    assert '<ec startRef="c2" dataRef="d5"' in marked.source
    assert '<ph id="c4" dataRef="d7" disp="%s" type="other" subType="xlf:var"/>' in marked.source
    assert marked.data == {"d1": "<b>", "d2": "</b>", "d3": "<i>", "d4": "<u>", "d5": "</i>",
                           "d6": "</u>", "d7": "%s"}


def _xmllint(args: list[str], document: str, folder: Path, cwd: Path,
             env: dict[str, str] | None = None) -> None:
    xmllint = need_tool("xmllint")
    path = folder / "doc.xml"
    path.write_text(document, encoding="utf-8")
    run = subprocess.run([xmllint, "--noout", "--nonet", *args, str(path)], cwd=cwd, env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]


@pytest.mark.interop
def test_fragments_are_valid_tmx_xliff12_and_xliff2(tmp_path: Path) -> None:
    import os

    refs = need_shared(REFS)
    tmx = mark_unit(SAMPLE, [SAMPLE], "tmx")
    _xmllint(["--dtdvalid", str(refs / "tmx14.dtd")],
             '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
             'segtype="sentence" o-tmf="PO" adminlang="en" srclang="en" datatype="plaintext"/>'
             f'<body><tu><tuv xml:lang="en"><seg>{tmx.source}</seg></tuv>'
             f'<tuv xml:lang="ar"><seg>{tmx.targets[0]}</seg></tuv></tu></body></tmx>',
             tmp_path, tmp_path)
    x12 = mark_unit(SAMPLE, [SAMPLE], "xliff12")
    folder = refs / "xliff"
    env = {**os.environ, "XML_CATALOG_FILES": "catalog.xml"}
    for schema in ("xliff-core-1.2-strict.xsd", "xliff-core-1.2-transitional.xsd"):
        _xmllint(["--schema", schema],
                 f'<xliff version="1.2" xmlns="{XLIFF12}"><file original="a.po" '
                 'source-language="en" target-language="ar" datatype="po"><body>'
                 f'<trans-unit id="1"><source>{x12.source}</source>'
                 f"<target>{x12.targets[0]}</target></trans-unit></body></file></xliff>",
                 tmp_path, folder, env)
    x2 = mark_unit(SAMPLE, [SAMPLE], "xliff2")
    _xmllint(["--schema", "xliff-2.0/xliff_core_2.0.xsd"],
             f'<xliff version="2.0" xmlns="{XLIFF2}" srcLang="en" trgLang="ar">'
             f'<file id="f1"><unit id="u1">{original_data_xml(x2.data)}'
             f"<segment><source>{x2.source}</source><target>{x2.targets[0]}</target>"
             "</segment></unit></file></xliff>",
             tmp_path, folder)


# --- reading what other tools write --------------------------------------------------------------
# Shapes as these tools write them (our own examples, not copies of their files).

OTHER_TOOLS = [
    # OmegaT's TMX: a code with its native content, and one with only its x.
    ("<seg>Press <bpt i='1' x='1'>&lt;b&gt;</bpt>OK<ept i='1'>&lt;/b&gt;</ept><ph x='2'/></seg>",
     None, 'Press <b>OK</b><ph x="2"/>'),
    # Okapi's XLIFF 1.2: <g> wraps text, <x/> with no text, bpt/ept with content.
    (f'<source xmlns="{XLIFF12}">A <g id="1" ctype="bold">bold</g> word<x id="2"/> and '
     '<bpt id="3">&lt;i&gt;</bpt>this<ept id="3">&lt;/i&gt;</ept></source>',
     None, 'A bold word<x id="2"/> and <i>this</i>'),
    # Angular's messages.xlf (1.2): interpolations and tags as <x/> with equiv-text.
    (f'<source xmlns="{XLIFF12}">Hello <x id="INTERPOLATION" equiv-text="{{{{ name }}}}"/>, '
     '<x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&lt;b&gt;"/>welcome'
     '<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&lt;/b&gt;"/></source>',
     None, "Hello {{ name }}, <b>welcome</b>"),
    # Angular's messages.xlf (2.0): <ph> and <pc> with equiv names and disp text.
    (f'<source xmlns="{XLIFF2}">Hello <ph id="0" equiv="INTERPOLATION" disp="{{{{ name }}}}"/>'
     ', <pc id="1" equivStart="START_BOLD_TEXT" equivEnd="CLOSE_BOLD_TEXT" type="fmt" '
     'dispStart="&lt;b&gt;" dispEnd="&lt;/b&gt;">welcome</pc></source>',
     None, "Hello {{ name }}, <b>welcome</b>"),
    # XLIFF 2 with originalData, and a code point XML cannot carry as a character.
    (f'<source xmlns="{XLIFF2}">Tab<ph id="1" dataRef="d1"/>stop<cp hex="0007"/></source>',
     {"d1": "\\t"}, "Tab\\tstop\x07"),
    # Trados: <g> around formatted text, <x/> for a standalone code, <mrk> around a term.
    (f'<target xmlns="{XLIFF12}"><g id="1">النص</g> <mrk mtype="term">المصطلح</mrk>'
     '<x id="2"/></target>', None, 'النص المصطلح<x id="2"/>'),
    # Xcode: plain text, a printf placeholder kept as text.
    (f'<source xmlns="{XLIFF12}">%@ of %lld</source>', None, "%@ of %lld"),
    # TMX <hi> and <sub>: hi is text; sub is part of the code that holds it.
    ('<seg>An <hi type="x">important</hi> <ph x="1">&lt;img alt="<sub>photo</sub>"/&gt;</ph>'
     "</seg>", None, 'An important <img alt="photo"/>'),
]


@pytest.mark.parametrize(("xml", "data", "text"), OTHER_TOOLS,
                         ids=["omegat", "okapi", "angular-1.2", "angular-2.0", "original-data",
                              "trados", "xcode", "hi-sub"])
def test_inline_codes_of_other_tools_read_back_into_text(xml: str, data: dict[str, str] | None,
                                                         text: str) -> None:
    assert inline_text(etree.fromstring(xml), data=data) == text


def test_the_tmx_importer_reads_inline_codes(tmp_path: Path) -> None:
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
        'datatype="plaintext"/><body><tu>'
        '<tuv xml:lang="en"><seg>Delete <ph x="1">%s</ph>? <bpt i="1" x="2">&lt;b&gt;</bpt>'
        'Sure<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="ar"><seg>حذف <ph x="1">%s</ph>؟ <bpt i="1" x="2">&lt;b&gt;</bpt>'
        'متأكد<ept i="1">&lt;/b&gt;</ept></seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    (unit,) = read_tmx(tmx).units
    assert (unit.source, unit.target) == ("Delete %s? <b>Sure</b>", "حذف %s؟ <b>متأكد</b>")


# --- the property: text -> codes -> text ---------------------------------------------------------

PLACEHOLDERS = ["%s", "%d", "%1$s", "%(name)s", "%L1", "{0}", "{name}", "{count, number}",
                "<b>", "</b>", "<i>", "</i>", "<br/>", "<br>", '<a href="x">', "</a>", "[b]",
                "[/b]", "[url=x]", "[/url]", "[*]", "%%", "{{", "}}", "<", ">", "&", "%"]
XML_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
            st.sampled_from(list("اأبتثجحخدذرسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩؟،؛ـ")),
            st.sampled_from(list("\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069")),
            st.sampled_from(list("\n\t\r \"'")),
        ), max_size=8),
        st.sampled_from(PLACEHOLDERS),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=XML_TEXT, other=XML_TEXT)
def test_text_to_codes_to_text_is_the_identity(text: str, other: str) -> None:
    assert join_pieces(split_codes(text)) == text
    for dialect in DIALECTS:
        marked = mark_unit(text, [other], dialect)
        for fragment, expected in ((marked.source, text), (marked.targets[0], other)):
            element, data = _element(fragment, dialect, marked.data)
            assert inline_text(element, data=data) == expected


ENTRY = st.fixed_dictionaries({
    "msgid": XML_TEXT.filter(bool),
    "msgstr": XML_TEXT.filter(bool),
    "plural": st.none() | st.tuples(XML_TEXT.filter(bool),
                                    st.lists(XML_TEXT.filter(bool), min_size=2, max_size=6)),
    "msgctxt": st.none() | XML_TEXT,
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(ENTRY, min_size=1, max_size=6,
                        unique_by=lambda e: (e["msgctxt"], e["msgid"])))
def test_po_to_tmx_with_inline_codes_to_po_is_lossless(entries: list[dict[str, object]]) -> None:
    pofile = polib.POFile()
    pofile.metadata = {"Language": "ar", "X-Source-Language": "en",
                       "Content-Type": "text/plain; charset=UTF-8"}
    for data in entries:
        entry = polib.POEntry(msgid=data["msgid"], msgctxt=data["msgctxt"],
                              flags=["c-format"])
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
        catalog = read_po(po)
        tmx = Path(folder) / "out.tmx"
        write_tmx([catalog], tmx, inline_codes=True)
        write_po(read_tmx(tmx), Path(folder) / "back.po")
        back = read_po(Path(folder) / "back.po")

    def fields(units: object) -> list[tuple[object, ...]]:
        return [(u.context, u.source, u.source_plural, u.targets, u.flags)
                for u in units]  # type: ignore[attr-defined]

    assert fields(back.units) == fields(catalog.units)


# --- every shared catalog and the article --------------------------------------------------------


def _pairs(po: Path) -> list[tuple[str, str, str]]:
    return sorted((e.msgctxt or "", e.msgid, e.msgstr) for e in polib.pofile(str(po))
                  if e.msgstr and not e.obsolete and not e.fuzzy and not e.msgid_plural)


def _catalogs() -> list[Path]:
    return [*corpus_po_files(), ARTICLE_PO] if corpus_po_files() else [
        CORPUS / "po" / "absent.po"]


@pytest.mark.corpus
@pytest.mark.interop
@pytest.mark.parametrize("po", _catalogs(), ids=lambda p: p.name)
def test_inline_tmx_of_every_catalog_is_valid_and_reads_back_exactly(tmp_path: Path, po: Path
                                                                    ) -> None:
    need_shared(po)
    need_module("translate")
    from translate.storage import tmx as tt_tmx

    extra = () if "Language:" in po.read_text(encoding="utf-8")[:3000] else (
        "--target-lang", "ar")
    out = tmp_path / "out.tmx"
    result = run_tarjama("export", str(po), "-o", str(out), "--inline-codes", *extra)
    assert result.exit_code == 0, result.stderr
    _xmllint(["--dtdvalid", str(need_shared(REFS / "tmx14.dtd"))], out.read_text("utf-8"),
             tmp_path, tmp_path)
    back = tmp_path / "back.po"
    assert run_tarjama("import", str(out), "-o", str(back)).exit_code == 0
    assert _pairs(back) == _pairs(po)
    # translate-toolkit, which reads TMX level 1, takes the same strings from our codes.
    store = tt_tmx.tmxfile.parsefile(str(out))  # type: ignore[no-untyped-call]
    singular = {(m, s) for _, m, s in _pairs(po)}
    read = {(u.source, u.target) for u in store.units}
    assert singular <= read
    # Every code of the catalog was written as an inline element (none left as text).
    written = out.read_text("utf-8")
    expected = sum(1 for _, source, target in _pairs(po) for text in (source, target)
                   for piece in split_codes(text) if isinstance(piece, Code))
    found = sum(written.count(f"<{name} ") for name in ("ph", "bpt", "ept", "it"))
    assert found >= expected


# --- OmegaT: why --inline-codes is off by default ------------------------------------------------

CODED_PO = """msgid ""
msgstr ""
"Language: ar\\n"
"X-Source-Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello %s, you have %d new messages"
msgstr "مرحبا %s، لديك %d رسائل جديدة"

msgid "You have <b>new</b> [i]messages[/i]."
msgstr "لديك <b>رسائل</b> [i]جديدة[/i]."

msgid "Click <a href=\\"x\\">here</a> or {name} now."
msgstr "انقر <a href=\\"x\\">هنا</a> أو {name} الآن."

msgid "Plain sentence without codes."
msgstr "جملة بسيطة بلا رموز."
"""
# OmegaT's options "show level 2 tags" and "use XML-compliant tags" of external TMX.
LEVEL2_PREFERENCES = ("<ext_tmx_show_level2>true</ext_tmx_show_level2>"
                      "<ext_tmx_use_slash>true</ext_tmx_use_slash>")


def _omegat_targets(tmp_path: Path, source_kind: str, preferences: str) -> list[str]:
    """OmegaT's translations of CODED_PO's sources, with a TMX exported --inline-codes; the
    source file is plain text or an XLIFF 1.2 whose sources hold the same inline codes."""
    po = tmp_path / "coded.po"
    po.write_text(CODED_PO, encoding="utf-8")
    sources = [e.msgid for e in polib.pofile(str(po))]
    project = new_project(tmp_path / "project", "EN", "AR")
    result = run_tarjama("export", str(po), "-o", str(project / "tm" / "auto" / "ours.tmx"),
                         "--inline-codes")
    assert result.exit_code == 0, result.stderr
    if source_kind == "text":
        (project / "source" / "a.txt").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    else:
        units = "".join(
            f'<trans-unit id="{n}"><source>{m.source}</source><target state="new">'
            f"{m.targets[0]}</target></trans-unit>"
            for n, m in enumerate((mark_unit(s, [s], "xliff12") for s in sources), 1))
        (project / "source" / "a.xlf").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{XLIFF12}">'
            '<file original="a.po" source-language="en" target-language="ar" datatype="po">'
            f"<body>{units}</body></file></xliff>\n", encoding="utf-8")
    translate(project, tmp_path / "config", preferences)
    if source_kind == "text":
        return (project / "target" / "a.txt").read_text(encoding="utf-8").split("\n\n")
    root = etree.parse(str(project / "target" / "a.xlf")).getroot()
    return [inline_text(t) for t in root.iter(f"{{{XLIFF12}}}target")]


@pytest.mark.interop
@pytest.mark.parametrize("source_kind", ["text", "xliff"])
def test_omegat_defaults_ignore_units_with_inline_codes(tmp_path: Path, source_kind: str
                                                        ) -> None:
    got = _omegat_targets(tmp_path, source_kind, "")
    translations = [e.msgstr for e in polib.pofile(CODED_PO)]
    # Only the unit without codes is used: with OmegaT's default options, a TMX with inline
    # codes leaves every segment holding a placeholder or tag untranslated.
    assert [g.strip() for g in got] == [*[e.msgid for e in polib.pofile(CODED_PO)][:3],
                                        translations[3]]


@pytest.mark.interop
def test_omegat_with_level2_options_uses_inline_codes_for_coded_xliff(tmp_path: Path) -> None:
    got = _omegat_targets(tmp_path, "xliff", LEVEL2_PREFERENCES)
    assert got == [e.msgstr for e in polib.pofile(CODED_PO)]


# --- XLIFF exports carry the codes ---------------------------------------------------------------


@pytest.mark.interop
@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_xliff_exports_write_codes_that_read_back_exactly(tmp_path: Path, fmt: str) -> None:
    po = tmp_path / "coded.po"
    po.write_text(CODED_PO, encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = run_tarjama("export", str(po), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = out.read_text("utf-8")
    assert ('<ph id="1" ctype="x-printf">%s</ph>' in written if fmt == "xliff"
            else '<data id="d1">%s</data>' in written)
    back = tmp_path / "back.po"
    assert run_tarjama("import", str(out), "-o", str(back)).exit_code == 0
    assert _pairs(back) == _pairs(po)
    if fmt == "xliff":
        need_module("translate")
        from translate.storage import xliff as tt_xliff

        store = tt_xliff.xlifffile.parsefile(str(out))  # type: ignore[no-untyped-call]
        assert sorted((u.source, u.target) for u in store.units) == sorted(
            (m, s) for _, m, s in _pairs(po))
