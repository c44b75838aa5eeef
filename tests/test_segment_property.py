"""Properties of the segmenter on generated text: nothing is lost or added but white space,
no input makes it crash, and a huge single line stays linear."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tarjama.model import Catalog
from tarjama.render import render_document
from tarjama.segment import document_to_catalog, segment_document, split_sentences


def _no_space(text: str) -> str:
    return "".join(text.split())


def _without_bom(text: str) -> str:
    """One leading BOM is the file's encoding mark, not text; any other is kept."""
    return text[1:] if text.startswith("\ufeff") else text


# Pieces that exercise the rules: terminators, closers, abbreviations, numbers, links,
# list markers, Arabic and Latin words, and line breaks of every kind.
PIECES = st.sampled_from([
    "كلمة", "قال", "د.", "ص.ب.", "م.", "بي.", "Dr.", "U.S.", "e.g.", "J.", "word", "The", "he",
    ".", "!", "?", "؟", "؛", "…", "...", "؟!", "،", ",", ";", ":", '"', "”", "»", "«", ")", "(",
    "’", "3.5", "٣٫٥", "1.", "١.", "2)", "- ", "# ", "https://x.org/a.b", "www.x.org",
    "a@b.org", "[t. x](https://y.z/a.b)", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\ufeff",
    "\u2028", "\x85", "\u200f",
])
DOCUMENTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.sampled_from(["ar", "en"]), st.booleans())
def test_segments_reproduce_the_document_modulo_white_space(
    text: str, lang: str, join: bool
) -> None:
    paragraphs = segment_document(text, lang, join_broken=join)
    segments = [s for p in paragraphs for s in p.segments]
    assert _no_space("".join(s.text for s in segments)) == _no_space(_without_bom(text))
    for segment in segments:
        assert segment.text and segment.text == segment.text.strip()
        assert "\n" not in segment.text
        assert segment.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["ar", "en", "fa"]))
def test_arbitrary_unicode_never_crashes(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    assert _no_space("".join(sentences)) == _no_space(text)
    paragraphs = segment_document(text, lang)
    found = "".join(s.text for p in paragraphs for s in p.segments)
    assert _no_space(found) == _no_space(_without_bom(text))


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS)
def test_render_with_no_translation_gives_the_source_back(text: str) -> None:
    result = render_document(text, Catalog(), "ar")
    assert _no_space(result.text) == _no_space(_without_bom(text))
    catalog = document_to_catalog(text, "ar", path="x.txt")
    assert {u.source for u in catalog.units} == {
        s.text for p in segment_document(text, "ar") for s in p.segments
    }


def test_huge_single_line() -> None:
    # 1 MB of Arabic sentences on one line, without a newline: linear, so it takes about a
    # tenth of a second; a quadratic rule would not finish.
    sentence = "ذهب د. أحمد إلى السوق في الساعة 3.5 وقال: هل أنت هنا؟! نعم، هنا؛ ثم عاد… "
    count = 1_000_000 // len(sentence.encode("utf-8")) + 1
    line = sentence * count
    paragraphs = segment_document(line, "ar")
    assert len(paragraphs) == 1
    assert len(paragraphs[0].segments) == 3 * count  # ends: ؟! ؛ …
    assert {s.line for s in paragraphs[0].segments} == {1}


def test_huge_token_without_spaces() -> None:
    # Pathological input: one megabyte-long "word" full of dots, at-signs and brackets.
    token = ("a.b@c" * 50_000) + ("[x.y" * 50_000) + ("http://" * 20_000)
    assert _no_space("".join(split_sentences(token, "en"))) == token
