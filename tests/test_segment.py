"""Sentence segmentation case tables: every item of the issue's point 4, Arabic and English,
sentence by sentence and at the document level (headings, lists, broken paragraphs)."""

from __future__ import annotations

import pytest

from tarjama.errors import LanguageError
from tarjama.formats.text import presegmented_catalog, segments_text
from tarjama.segment import Paragraph, segment_document, split_sentences

# (id, language, text, expected sentences)
SENTENCE_CASES: list[tuple[str, str, str, list[str]]] = [
    # terminators and their combinations
    ("ar-full-stop", "ar", "ذهب الولد. عاد الولد.", ["ذهب الولد.", "عاد الولد."]),
    ("en-full-stop", "en", "The boy left. He came back.", ["The boy left.", "He came back."]),
    ("ar-question", "ar", "هل أنت هنا؟ نعم.", ["هل أنت هنا؟", "نعم."]),
    ("en-question", "en", "Are you here? Yes.", ["Are you here?", "Yes."]),
    ("ar-exclamation", "ar", "يا للروعة! شكراً.", ["يا للروعة!", "شكراً."]),
    ("en-exclamation", "en", "How nice! Thanks.", ["How nice!", "Thanks."]),
    ("ar-question-exclamation", "ar", "هل أنت هنا؟! نعم أنا هنا.",
     ["هل أنت هنا؟!", "نعم أنا هنا."]),
    ("en-question-exclamation", "en", "Really?! Yes.", ["Really?!", "Yes."]),
    ("ar-ellipsis-char", "ar", "انتظر… ماذا حدث؟ لا أعلم.", ["انتظر…", "ماذا حدث؟", "لا أعلم."]),
    ("ar-three-dots", "ar", "انتظر... ماذا حدث؟", ["انتظر...", "ماذا حدث؟"]),
    ("en-three-dots", "en", "Wait... What? Fine.", ["Wait...", "What?", "Fine."]),
    ("en-ellipsis-lowercase-goes-on", "en", "The sky... it was blue. Then rain.",
     ["The sky... it was blue.", "Then rain."]),
    ("ar-semicolon-ends", "ar", "الأول؛ الثاني؛ الثالث.", ["الأول؛", "الثاني؛", "الثالث."]),
    ("en-semicolon-does-not", "en", "First; second; third.", ["First; second; third."]),
    ("ar-comma-does-not", "ar", "أولاً، ثانياً، ثالثاً.", ["أولاً، ثانياً، ثالثاً."]),
    ("en-comma-does-not", "en", "First, second, third.", ["First, second, third."]),
    ("ar-no-terminator", "ar", "نص بلا علامة", ["نص بلا علامة"]),
    # closing quotes and brackets after a terminator
    ("en-straight-quote", "en", 'He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("en-curly-quote", "en", "He said “Go.” Then he left.", ["He said “Go.”", "Then he left."]),
    ("en-single-curly-quote", "en", "It is ‘done.’ Next.", ["It is ‘done.’", "Next."]),
    ("ar-guillemets", "ar", "قال «اذهب.» ثم غادر.", ["قال «اذهب.»", "ثم غادر."]),
    ("ar-straight-quote", "ar", 'قال "لماذا؟" ثم صمت.', ['قال "لماذا؟"', "ثم صمت."]),
    ("en-bracket", "en", "(This is it.) Next one.", ["(This is it.)", "Next one."]),
    ("ar-bracket", "ar", "(هذا هو.) التالي.", ["(هذا هو.)", "التالي."]),
    ("en-quoted-question-then-lowercase", "en", "“Where?” he asked. She left.",
     ["“Where?” he asked.", "She left."]),
    # abbreviations and initials
    ("ar-doctor", "ar", "التقى د. أحمد بالوزير. ثم غادر.", ["التقى د. أحمد بالوزير.", "ثم غادر."]),
    ("ar-engineer", "ar", "حضر م. خالد الاجتماع. ثم غادر.", ["حضر م. خالد الاجتماع.", "ثم غادر."]),
    ("ar-po-box", "ar", "العنوان ص.ب. 1234 الرياض. ثم غادر.",
     ["العنوان ص.ب. 1234 الرياض.", "ثم غادر."]),
    ("ar-professor-doctor", "ar", "قال أ.د. سامي ذلك. وافقه الجميع.",
     ["قال أ.د. سامي ذلك.", "وافقه الجميع."]),
    ("ar-hijri-tatweel", "ar", "توفي سنة 240 هـ. ثم دفن.", ["توفي سنة 240 هـ.", "ثم دفن."]),
    ("ar-year-era-ends", "ar", "ولد عام 1950 م. ثم انتقل إلى بغداد.",
     ["ولد عام 1950 م.", "ثم انتقل إلى بغداد."]),
    ("ar-spelled-initials", "ar", "فحص بي. سي. آر. ضروري. ثم النتيجة.",
     ["فحص بي. سي. آر. ضروري.", "ثم النتيجة."]),
    ("ar-spelled-letter-alone-ends", "ar", "على قناة كيو في سي. كما قامت بذلك.",
     ["على قناة كيو في سي.", "كما قامت بذلك."]),
    ("en-titles", "en", "Dr. Smith met Mr. Jones. They talked.",
     ["Dr. Smith met Mr. Jones.", "They talked."]),
    ("en-us-before-name", "en", "The U.S. President spoke. He left.",
     ["The U.S. President spoke.", "He left."]),
    ("en-us-at-end", "en", "He moved to the U.S. The weather was bad.",
     ["He moved to the U.S.", "The weather was bad."]),
    ("en-eg", "en", "Fruit, e.g. Apples, is sweet. I eat it.",
     ["Fruit, e.g. Apples, is sweet.", "I eat it."]),
    ("en-ie", "en", "Fruit, i.e. the sweet kind, is good. I eat it.",
     ["Fruit, i.e. the sweet kind, is good.", "I eat it."]),
    ("en-initials", "en", "J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.",
                                                                    "It sold."]),
    ("en-page-number", "en", "Go to p. 5 now. Then read.", ["Go to p. 5 now.", "Then read."]),
    ("en-no-before-number", "en", "It is No. 7 in the list. Good.",
     ["It is No. 7 in the list.", "Good."]),
    # decimals in both digit systems
    ("en-decimal", "en", "The rate is 3.5 percent. It rose.",
     ["The rate is 3.5 percent.", "It rose."]),
    ("ar-decimal-arabic-indic", "ar", "بلغت النسبة ٣٫٥ بالمئة. ثم ارتفعت.",
     ["بلغت النسبة ٣٫٥ بالمئة.", "ثم ارتفعت."]),
    ("ar-decimal-ascii", "ar", "بلغت النسبة 3.5 بالمئة. ثم ارتفعت.",
     ["بلغت النسبة 3.5 بالمئة.", "ثم ارتفعت."]),
    ("ar-decimal-comma", "ar", "بلغت النسبة 3,5 بالمئة. ثم ارتفعت.",
     ["بلغت النسبة 3,5 بالمئة.", "ثم ارتفعت."]),
    ("ar-decimal-dot-arabic-indic", "ar", "بلغت ٣.٥ بالمئة. ثم ارتفعت.",
     ["بلغت ٣.٥ بالمئة.", "ثم ارتفعت."]),
    ("en-year-ends-sentence", "en", "It ended in 2011. The war went on.",
     ["It ended in 2011.", "The war went on."]),
    # URLs, e-mails, markdown links
    ("en-url", "en", "See https://example.com/a.b?c=d. Then go.",
     ["See https://example.com/a.b?c=d.", "Then go."]),
    ("ar-url", "ar", "انظر https://www.noonpost.com/191719. ثم اذهب.",
     ["انظر https://www.noonpost.com/191719.", "ثم اذهب."]),
    ("en-www", "en", "Visit www.example.org. It is good.",
     ["Visit www.example.org.", "It is good."]),
    ("en-email", "en", "Mail john.doe@example.org. He answers.",
     ["Mail john.doe@example.org.", "He answers."]),
    ("ar-email", "ar", "راسلنا على info@noon.post. سنرد.", ["راسلنا على info@noon.post.", "سنرد."]),
    ("en-markdown-link", "en", "Read [the docs. Really.](https://x.org/a.html) now. Then go.",
     ["Read [the docs. Really.](https://x.org/a.html) now.", "Then go."]),
    ("ar-markdown-link", "ar", "انظر [المقال. هنا](https://x.org/a.html) الآن. ثم اذهب.",
     ["انظر [المقال. هنا](https://x.org/a.html) الآن.", "ثم اذهب."]),
    ("ar-article-link", "ar",
     "رابط المقال : [/https://www.noonpost.com/191719](https://www.noonpost.com/191719)",
     ["رابط المقال : [/https://www.noonpost.com/191719](https://www.noonpost.com/191719)"]),
    # numbered lists at the start of a line
    ("en-list-number", "en", "1. Open the file.", ["1. Open the file."]),
    ("ar-list-number-arabic-indic", "ar", "١. افتح الملف.", ["١. افتح الملف."]),
    ("ar-list-number-ascii", "ar", "2. احفظ الملف.", ["2. احفظ الملف."]),
    # glued sentences (no space after the full stop)
    ("en-glued", "en", "It was days.The next one came.", ["It was days.", "The next one came."]),
    ("ar-glued", "ar", "استمر ذلك لأسابيع.وتم الإعلان عن الخطة.",
     ["استمر ذلك لأسابيع.", "وتم الإعلان عن الخطة."]),
    ("en-glued-after-bracket", "en", "onset after 1 February 2020).Other measures came.",
     ["onset after 1 February 2020).", "Other measures came."]),
    ("en-acronym-not-glued", "en", "Use ASP.NET today. Thanks.", ["Use ASP.NET today.", "Thanks."]),
    ("en-us-then-such", "en", "It was undercounted in the U.S. Such errors happen.",
     ["It was undercounted in the U.S.", "Such errors happen."]),
    ("en-fig-before-zero-width-space", "en", "As seen (Fig. \u200b(Fig.3)). Next.",
     ["As seen (Fig. \u200b(Fig.3)).", "Next."]),
    ("en-domain-not-glued", "en", "Use example.com today. Thanks.",
     ["Use example.com today.", "Thanks."]),
    # white space
    ("en-line-break-is-space", "en", "One line\nwraps here. Next.", ["One line\nwraps here.",
                                                                     "Next."]),
    ("ar-leading-trailing-space", "ar", "  جملة.   أخرى.  ", ["جملة.", "أخرى."]),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [case[1:] for case in SENTENCE_CASES],
    ids=[case[0] for case in SENTENCE_CASES],
)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def _texts(paragraphs: list[Paragraph]) -> list[list[str]]:
    return [[segment.text for segment in paragraph.segments] for paragraph in paragraphs]


def _headings(paragraphs: list[Paragraph]) -> list[bool]:
    return [paragraph.heading for paragraph in paragraphs]


LONG_AR = "وقال المتحدث باسم الوزارة في مؤتمر صحفي عقده مساء الاثنين الماضي إنه لا يعلم بأي إخطار"
LONG_EN = "The spokesman told reporters on Monday evening that he knew of no notice sent to"

# (id, language, document, expected paragraphs of segments, expected heading flags)
DOCUMENT_CASES: list[tuple[str, str, str, list[list[str]], list[bool]]] = [
    ("ar-heading-own-paragraph", "ar", "تساؤلات وحاجات ملحة\n\nهذا نص. وهذا آخر.\n",
     [["تساؤلات وحاجات ملحة"], ["هذا نص.", "وهذا آخر."]], [True, False]),
    ("en-heading-own-paragraph", "en", "Questions and needs\n\nThis is text. More.\n",
     [["Questions and needs"], ["This is text.", "More."]], [True, False]),
    ("ar-byline-heading", "ar", "كتبه فراس إلياس | 13 يناير, 2024\n\nنص المقال.\n",
     [["كتبه فراس إلياس | 13 يناير, 2024"], ["نص المقال."]], [True, False]),
    ("ar-heading-above-text-same-block", "ar", "عنوان القسم\nهذا نص القسم الذي يلي عنوانه.\n",
     [["عنوان القسم"], ["هذا نص القسم الذي يلي عنوانه."]], [True, False]),
    ("en-markdown-heading", "en", "# Title here.\nBody text.\n",
     [["# Title here."], ["Body text."]], [True, False]),
    ("ar-question-title-is-a-sentence", "ar", "ما مستقبل التحالف؟\n\nنص.\n",
     [["ما مستقبل التحالف؟"], ["نص."]], [False, False]),
    ("ar-join-unterminated-long", "ar", f"{LONG_AR}\n\nبشأن قرار سحب القوات.\n",
     [[f"{LONG_AR} بشأن قرار سحب القوات."]], [False]),
    ("ar-join-after-comma", "ar", "بدأت للتو في تطوير قدرات حديثة،\n\nولا يمتلك العراق أسلحة.\n",
     [["بدأت للتو في تطوير قدرات حديثة، ولا يمتلك العراق أسلحة."]], [False]),
    ("en-join-lowercase", "en", "He said that the\n\nman had left. Fine.\n",
     [["He said that the man had left.", "Fine."]], [False]),
    ("en-join-after-comma", "en", "He arrived late,\n\nThen he left.\n",
     [["He arrived late, Then he left."]], [False]),
    ("en-join-unterminated-long", "en", f"{LONG_EN}\n\nBaghdad about the withdrawal.\n",
     [[f"{LONG_EN} Baghdad about the withdrawal."]], [False]),
    ("ar-no-join-after-full-stop", "ar", "انتهت الجملة.\n\nبشأن قرار آخر.\n",
     [["انتهت الجملة."], ["بشأن قرار آخر."]], [False, False]),
    ("ar-no-join-before-heading", "ar", f"{LONG_AR}\n\nعنوان جديد\n",
     [[LONG_AR], ["عنوان جديد"]], [False, True]),
    ("ar-no-join-after-heading", "ar", "عنوان القسم\n\nنص يتبع العنوان.\n",
     [["عنوان القسم"], ["نص يتبع العنوان."]], [True, False]),
    ("en-no-join-after-colon", "en", "He said the following:\n\nThe war is over.\n",
     [["He said the following:"], ["The war is over."]], [False, False]),
    ("ar-no-join-after-link", "ar",
     "رابط المقال : [/https://x.org/1](https://x.org/1)\n\nنص بعد الرابط.\n",
     [["رابط المقال : [/https://x.org/1](https://x.org/1)"], ["نص بعد الرابط."]],
     [False, False]),
    ("en-numbered-list", "en", "Steps:\n1. Open the file.\n2. Save it.\n",
     [["Steps:"], ["1. Open the file."], ["2. Save it."]], [False, False, False]),
    ("ar-numbered-list", "ar", "الخطوات:\n١. افتح الملف.\n٢. احفظه.\n",
     [["الخطوات:"], ["١. افتح الملف."], ["٢. احفظه."]], [False, False, False]),
    ("en-parenthesis-list", "en", "1) Open the file\n2) Save it\n",
     [["1) Open the file"], ["2) Save it"]], [False, False]),
    ("en-bullets", "en", "- first item\n- second item\n",
     [["- first item"], ["- second item"]], [False, False]),
    ("en-hard-wrapped-capital-second-line", "en",
     "In 2020 the World Health Organization declared a pandemic and\nMany closed borders.\n",
     [["In 2020 the World Health Organization declared a pandemic and Many closed borders."]],
     [False]),
    ("en-hard-wrapped", "en", "This paragraph is wrapped\nover two lines. Second sentence.\n",
     [["This paragraph is wrapped over two lines.", "Second sentence."]], [False]),
]


@pytest.mark.parametrize(
    ("lang", "document", "expected", "headings"),
    [case[1:] for case in DOCUMENT_CASES],
    ids=[case[0] for case in DOCUMENT_CASES],
)
def test_segment_document(
    lang: str, document: str, expected: list[list[str]], headings: list[bool]
) -> None:
    paragraphs = segment_document(document, lang)
    assert _texts(paragraphs) == expected
    assert _headings(paragraphs) == headings


@pytest.mark.parametrize(
    ("document", "joined", "apart"),
    [
        (f"{LONG_AR}\n\nبشأن قرار سحب القوات.\n", 1, 2),
        ("قدرات حديثة،\n\nولا يمتلك العراق أسلحة.\n", 1, 2),
        ("He said that the\n\nman had left.\n", 1, 2),
    ],
    ids=["ar-unterminated", "ar-comma", "en-lowercase"],
)
def test_no_join_keeps_broken_paragraphs_apart(document: str, joined: int, apart: int) -> None:
    assert len(segment_document(document, "ar")) == joined
    assert len(segment_document(document, "ar", join_broken=False)) == apart


def test_lines_paragraphs_and_indexes() -> None:
    document = "\n\nعنوان\n\nالأولى. الثانية.\nالثالثة.\n\n" + LONG_AR + "\n\nبشأن القرار. ثم.\n"
    paragraphs = segment_document(document, "ar")
    flat = [(s.text[:7], s.line, s.paragraph, s.index, s.heading)
            for p in paragraphs for s in p.segments]
    assert flat == [
        ("عنوان", 3, 1, 1, True),
        ("الأولى.", 5, 2, 1, False),
        ("الثانية", 5, 2, 2, False),
        ("الثالثة", 6, 2, 3, False),
        (LONG_AR[:7], 8, 3, 1, False),
        ("ثم.", 10, 3, 2, False),
    ]
    assert [p.line for p in paragraphs] == [3, 5, 8]


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="cr"),
        pytest.param(lambda t: "\ufeff" + t.replace("\n", "\r\n"), id="bom-crlf"),
        pytest.param(lambda t: t.replace("\n", "  \n"), id="trailing-spaces"),
    ],
)
def test_bom_and_line_ends_do_not_change_segments(variant: object) -> None:
    document = "عنوان\n\nجملة أولى. جملة ثانية.\n\n" + LONG_AR + "\n\nبشأن القرار.\n"
    assert callable(variant)
    assert segment_document(variant(document), "ar") == segment_document(document, "ar")


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(LanguageError, match="language code"):
        segment_document("نص.", "xx-not-a-language")


def test_empty_document_has_no_paragraphs() -> None:
    assert segment_document("", "ar") == []
    assert segment_document(" \n\n\t\n", "en") == []


def test_text_format_contract() -> None:
    assert segments_text([["a.", "b."], ["c"]]) == "a.\nb.\n\nc\n"
    assert segments_text([]) == ""


def test_presegmented_catalog_keeps_every_line_in_order() -> None:
    catalog = presegmented_catalog("أ.\nب.\n\nأ.\n", lang="ar", path="x.txt")
    assert [(u.source, u.line, u.references) for u in catalog.units] == [
        ("أ.", 1, [("x.txt", "1")]),
        ("ب.", 2, [("x.txt", "2")]),
        ("أ.", 4, [("x.txt", "4")]),
    ]
    merged = presegmented_catalog("أ.\nب.\n\nأ.\n", lang="ar", path="x.txt",
                                  merge_duplicates=True)
    assert [u.references for u in merged.units] == [[("x.txt", "1"), ("x.txt", "4")],
                                                    [("x.txt", "2")]]


# (id, language, document, each paragraph's role, the notes of the segments)
ROLE_CASES: list[tuple[str, str, str, list[str], list[str]]] = [
    ("ar-title-byline-heading-question", "ar",
     "ما مستقبل التحالف؟\n\nكتبه فراس إلياس | 13 يناير, 2024\n\nالأولى. الثانية.\n\n"
     "تساؤلات ملحة\n\nفقرة بعد العنوان.\n\nهل هناك رغبة؟\n\n"
     "فقرة أطول من السؤال بكثير تأتي بعده في النص.\n",
     ["title", "byline", "paragraph", "heading", "paragraph", "heading", "paragraph"],
     ["title", "byline", "paragraph 1, sentence 1", "paragraph 1, sentence 2", "heading",
      "paragraph 2, sentence 1", "heading", "paragraph 3, sentence 1"]),
    ("en-headline-byline", "en",
     "Pentagon says it has no plans to withdraw US troops from Iraq despite Baghdad's calls\n\n"
     "By Lolita C. Baldor\n\nWASHINGTON (AP) — The Pentagon said Monday it had no plans.\n",
     ["title", "byline", "paragraph"], ["title", "byline", "paragraph 1, sentence 1"]),
    ("en-no-title-when-body-starts", "en", "This is text.\n\nMore text.\n",
     ["paragraph", "paragraph"], ["paragraph 1, sentence 1", "paragraph 2, sentence 1"]),
    ("en-rhetorical-question-in-body-stays-body", "en",
     "First paragraph here.\n\nWhy?\n\nBecause.\n",
     ["paragraph", "paragraph", "paragraph"],
     ["paragraph 1, sentence 1", "paragraph 2, sentence 1", "paragraph 3, sentence 1"]),
    ("en-by-later-is-a-heading", "en",
     "Title\n\nBody text.\n\nBy the numbers\n\nMore body text.\n",
     ["title", "paragraph", "heading", "paragraph"],
     ["title", "paragraph 1, sentence 1", "heading", "paragraph 2, sentence 1"]),
]


@pytest.mark.parametrize(("lang", "document", "roles", "notes"),
                         [case[1:] for case in ROLE_CASES], ids=[case[0] for case in ROLE_CASES])
def test_roles_and_notes(lang: str, document: str, roles: list[str], notes: list[str]) -> None:
    paragraphs = segment_document(document, lang)
    assert [p.role for p in paragraphs] == roles
    assert [s.note for p in paragraphs for s in p.segments] == notes
