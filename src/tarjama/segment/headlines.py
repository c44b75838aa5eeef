"""What tells a news headline from a sentence that scraping broke across two paragraphs.

Both end without final punctuation and are followed by a new paragraph. The evidence is read
at the break: a word that cannot end a sentence before it, a word that cannot start one
after it, a dateline after it, and the line's own length and shape (see docs/segment.md).
"""

from __future__ import annotations

import re

from tarjama.languages import ARABIC_BASE_LETTERS, ARABIC_DIACRITICS_RE, TATWEEL
from tarjama.segment.rules import CLOSERS, OPENERS, boundaries, protected_spans

# A line without final punctuation of at most this many words may be a headline: news
# headlines run to 10-25 words, sentence fragments broken by scraping are usually longer.
HEADLINE_MAX_WORDS = 25
# ... and up to this many when its shape says headline (English title case, a "Topic:" lead).
HEADLINE_SHAPED_MAX_WORDS = 40

# Arabic words after which a sentence cannot stop: prepositions, conjunctions, relative
# pronouns and particles that need what follows them (the article breaks after "على اعتبار").
_ARABIC_OPEN_ENDINGS = frozenset(
    {"في", "من", "على", "إلى", "الى", "عن", "مع", "بين", "حول", "بشأن", "ضد", "عبر", "نحو",
     "منذ", "خلال", "لدى", "عند", "حتى", "تجاه", "حيال", "وفق", "وفقا", "ضمن", "بحسب", "حسب",
     "مثل", "بسبب", "رغم", "برغم", "أن", "بأن", "وأن", "لأن", "إن", "كأن", "التي", "الذي",
     "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "و", "أو", "ثم", "بل", "لكن", "كي",
     "لكي", "قد", "لم", "لن", "إذ", "إذا", "حيث", "كما", "بما", "باعتبار", "اعتبار", "أي",
     "كل", "بعض", "عدة"}
)
# English words after which a sentence cannot stop (only in lower case: in a title-case
# headline "To" or "For" may well be the last word).
_ENGLISH_OPEN_ENDINGS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into",
     "onto", "about", "between", "among", "amid", "against", "toward", "towards", "during",
     "despite", "via", "per", "and", "or", "but", "nor", "that", "which", "who", "whom",
     "whose", "than", "as", "its", "their", "his", "her", "our", "your", "my", "is", "are",
     "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
     "should", "shall", "may", "might", "must", "including", "such", "very"}
)
# Arabic words that cannot open a sentence: they hang on what came before ("بشأن قرار ...",
# "أن ضبط الأمن ..."). Words with the conjunction و are left out on purpose: و opens a large
# share of Arabic sentences (ولا شك, وقال, ولا يزال), so it is no evidence of a break.
_ARABIC_DEPENDENT_STARTS = frozenset(
    {"بشأن", "أن", "أنه", "أنها", "أنهم", "أنهما", "أنني", "أننا", "بأن", "بأنه", "بأنها",
     "بأنهم", "وأن", "وأنه", "وأنها", "وأنهم", "التي", "الذي", "الذين", "اللذين", "اللتين",
     "اللذان", "اللتان", "اللواتي", "اللاتي", "اللائي", "والتي", "والذي", "والذين"}
)
# A dateline opens a news story: "WASHINGTON (AP) —", "LONDON, Jan 5 (Reuters) -",
# "(CNN) —", "بغداد (رويترز) -", "القاهرة - ". One to three place words, an optional ", date"
# part and an optional agency in brackets, then a dash between spaces.
_PLACE_WORD = "[A-Z" + ARABIC_BASE_LETTERS + "][\\w'’.-]*"
_DATELINE_RE = re.compile(
    rf"(?:\([^()\n]{{1,30}}\)|{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}"
    r"(?:,\s*[^,()\n—–]{1,30}?)?(?:\s*\([^()\n]{1,30}\))?)"
    "\\s*[-–—" + TATWEEL + "]\\s"
)
# "Iraq: ...", "العراق: ...": a topic and a colon in the first words, a headline's shape.
_TOPIC_LEAD_RE = re.compile(r"(?:\S+\s+){0,3}\S+?:\s")
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STRIP = CLOSERS + OPENERS + ",،:;.!?؟\u200f\u200e"


def _bare(word: str) -> str:
    """A word without surrounding punctuation, Arabic diacritics and tatweel."""
    return ARABIC_DIACRITICS_RE.sub("", word.strip(_STRIP)).replace(TATWEEL, "")


def ends_open(text: str) -> bool:
    """True when ``text`` stops on a word a sentence cannot end with (in, the, في, أن)."""
    words = text[-200:].split()
    if not words:
        return False
    last = _bare(words[-1])
    if not last:
        return False
    return last in _ENGLISH_OPEN_ENDINGS or last in _ARABIC_OPEN_ENDINGS


def starts_dependent(text: str) -> bool:
    """True when ``text`` opens with an Arabic word that cannot start a sentence (بشأن, أن)."""
    words = text[:200].split(maxsplit=1)
    return bool(words) and _bare(words[0]) in _ARABIC_DEPENDENT_STARTS


def opens_story(text: str) -> bool:
    """True when ``text`` opens with a news dateline (WASHINGTON (AP) —, بغداد (رويترز) -)."""
    return _DATELINE_RE.match(text.lstrip(OPENERS + " ")) is not None


def title_case(text: str) -> bool:
    """English title case: most words of four letters or more start with a capital."""
    long_words: list[str] = [w for w in _LATIN_WORD_RE.findall(text) if len(w) >= 4]
    if len(long_words) < 3:
        return False
    capitals = sum(word[0].isupper() for word in long_words)
    return capitals >= 0.8 * len(long_words)


def headline_shaped(text: str) -> bool:
    """A line a headline could be: one unfinished sentence, no link, short enough (or a
    little longer in title case or with a "Topic:" lead)."""
    words = len(text.split())
    if words > HEADLINE_SHAPED_MAX_WORDS or protected_spans(text) or boundaries(text):
        return False
    if words <= HEADLINE_MAX_WORDS:
        return True
    return title_case(text) or _TOPIC_LEAD_RE.match(text) is not None
