"""Bilingual word and phrase lists for alignment: a glossary CSV, a small built-in seed, and
a lexicon learned from the confident links of a first alignment pass.

Words are compared in a light-stemmed folded form so that ``والحكومة`` meets ``الحكومة``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tarjama.formats.glossary import for_languages, read_glossary
from tarjama.languages import (
    ARABIC_CLITIC_PREFIXES,
    is_arabic_script,
    normalize_for_matching,
    primary_subtag,
)

_WORD_RE = re.compile(r"\w+")
_ARABIC_SUFFIXES = ("هما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "يه", "ه", "ي")

# Function words carry no alignment evidence; kept short on purpose (frequent words only).
_ENGLISH_STOPWORDS = """
a an the of to in on at by for from with and or but not no is are was were be been being has
have had do does did it its this that these those he she they we you i his her their our your
as which who whom whose what when where while than then there also will would can could may
might should must said says into about after before over under more most some such other all
any only very one two
"""
_ARABIC_STOPWORDS = """
في من على إلى عن مع أن إن كان كانت التي الذي الذين هذا هذه ذلك تلك هو هي هم لا لم لن قد ما أو
ثم كما بعد قبل بين حتى عند كل أي غير أيضا وقد وفي ومن وهو وهي وأن إذ إذا لكن حيث خلال ضد منذ
"""


def _word_set(text: str) -> frozenset[str]:
    return frozenset(normalize_for_matching(word) for word in text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _word_set(_ENGLISH_STOPWORDS),
    "ar": _word_set(_ARABIC_STOPWORDS),
}

# A few words every Arabic-English news text has and whose lengths alone say nothing: months
# (both the Gulf and the Levantine names), weekdays and number words.
SEED_AR_EN: tuple[tuple[str, str], ...] = (
    ("يناير", "january"), ("فبراير", "february"), ("مارس", "march"), ("أبريل", "april"),
    ("مايو", "may"), ("يونيو", "june"), ("يوليو", "july"), ("أغسطس", "august"),
    ("سبتمبر", "september"), ("أكتوبر", "october"), ("نوفمبر", "november"),
    ("ديسمبر", "december"), ("كانون الثاني", "january"), ("شباط", "february"),
    ("آذار", "march"), ("نيسان", "april"), ("أيار", "may"), ("حزيران", "june"),
    ("تموز", "july"), ("آب", "august"), ("أيلول", "september"), ("تشرين الأول", "october"),
    ("تشرين الثاني", "november"), ("كانون الأول", "december"),
    ("الاثنين", "monday"), ("الثلاثاء", "tuesday"), ("الأربعاء", "wednesday"),
    ("الخميس", "thursday"), ("الجمعة", "friday"), ("السبت", "saturday"), ("الأحد", "sunday"),
    ("اثنان", "two"), ("اثنين", "two"), ("ثلاثة", "three"), ("ثلاث", "three"),
    ("أربعة", "four"), ("أربع", "four"), ("خمسة", "five"), ("خمس", "five"), ("ستة", "six"),
    ("سبعة", "seven"), ("ثمانية", "eight"), ("تسعة", "nine"), ("عشرة", "ten"),
    ("مليون", "million"), ("مليار", "billion"), ("بالمئة", "percent"), ("بالمائة", "percent"),
)


@lru_cache(maxsize=131072)
def stem(word: str, lang: str) -> str:
    """A light stem of one folded word (``normalize_for_matching`` already applied)."""
    if is_arabic_script(lang):
        for prefix in ARABIC_CLITIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix):]
                break
        for suffix in _ARABIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_stems(text: str, lang: str) -> list[str]:
    """Light stems of the content words of a segment (no stop words, no digits)."""
    return stems_of_words(_WORD_RE.findall(normalize_for_matching(text)), lang)


def stems_of_words(words: Iterable[str], lang: str) -> list[str]:
    """Light stems of the content words among folded ``words``."""
    stops = STOPWORDS.get(primary_subtag(lang), frozenset())
    return [
        stem(word, lang)
        for word in words
        if len(word) > 1 and word not in stops and not word.isdigit()
    ]


@dataclass
class Lexicon:
    """Pairs of source and target expressions that translate each other.

    Single words are matched by their light stems; multi-word expressions as folded
    substrings. ``words`` maps a source stem to target stems; ``phrases`` holds folded pairs.
    """

    source_lang: str
    target_lang: str
    words: dict[str, set[str]] = field(default_factory=dict)
    phrases: list[tuple[str, str]] = field(default_factory=list)

    def add(self, source: str, target: str) -> None:
        """Add one pair of expressions (either may hold several words)."""
        src = normalize_for_matching(source)
        tgt = normalize_for_matching(target)
        src_words = _WORD_RE.findall(src)
        tgt_words = _WORD_RE.findall(tgt)
        if not src_words or not tgt_words:
            return
        if len(src_words) == 1 and len(tgt_words) == 1:
            self.words.setdefault(stem(src_words[0], self.source_lang), set()).add(
                stem(tgt_words[0], self.target_lang)
            )
        else:
            self.phrases.append((" ".join(src_words), " ".join(tgt_words)))

    def __len__(self) -> int:
        return sum(len(targets) for targets in self.words.values()) + len(self.phrases)

    def merged(self, other: Lexicon) -> Lexicon:
        """A new lexicon holding the pairs of both."""
        result = Lexicon(self.source_lang, self.target_lang)
        for lexicon in (self, other):
            for src, targets in lexicon.words.items():
                result.words.setdefault(src, set()).update(targets)
            result.phrases.extend(lexicon.phrases)
        return result

    def reversed(self) -> Lexicon:
        """The same pairs read in the other direction."""
        result = Lexicon(self.target_lang, self.source_lang)
        for src, targets in self.words.items():
            for tgt in targets:
                result.words.setdefault(tgt, set()).add(src)
        result.phrases = [(tgt, src) for src, tgt in self.phrases]
        return result


def seed_lexicon(source_lang: str, target_lang: str) -> Lexicon:
    """The built-in pairs for this language pair (Arabic and English either way), else empty."""
    pair = (primary_subtag(source_lang), primary_subtag(target_lang))
    lexicon = Lexicon("ar", "en")
    if pair in {("ar", "en"), ("en", "ar")}:
        for arabic, english in SEED_AR_EN:
            lexicon.add(arabic, english)
    if pair == ("ar", "en"):
        return lexicon
    if pair == ("en", "ar"):
        return lexicon.reversed()
    return Lexicon(source_lang, target_lang)


def read_lexicon(path: str | Path, source_lang: str, target_lang: str) -> Lexicon:
    """A lexicon from a glossary file, read as ``tarjama check --glossary`` reads it (CSV
    ``source,target[,note]`` or TBX): each source term paired with each allowed target term.

    A row without a target is an error naming its line; forbidden terms are not anchors.
    """
    glossary = for_languages(read_glossary(path), source_lang, target_lang)
    lexicon = Lexicon(source_lang, target_lang)
    for term in glossary.terms:
        for target in term.targets:
            lexicon.add(term.source, target)
    return lexicon


def learn_lexicon(
    pairs: Iterable[tuple[str, str]],
    source_lang: str,
    target_lang: str,
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
) -> Lexicon:
    """Word pairs that keep co-occurring in aligned segment pairs (Dice association).

    Each source stem keeps its best target stem when they co-occur at least ``min_count``
    times with a Dice coefficient of at least ``min_dice``.
    """
    prepared = [
        (set(content_stems(source, source_lang)), set(content_stems(target, target_lang)))
        for source, target in pairs
    ]
    return learn_from_stems(prepared, source_lang, target_lang, min_count=min_count,
                            min_dice=min_dice)


def learn_from_stems(
    prepared: Sequence[tuple[set[str], set[str]]],
    source_lang: str,
    target_lang: str,
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
) -> Lexicon:
    """:func:`learn_lexicon` on segment pairs already reduced to their content stems."""
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    for src_stems, tgt_stems in prepared:
        src_count.update(src_stems)
        tgt_count.update(tgt_stems)
    joint: Counter[tuple[str, str]] = Counter()
    for src_stems, tgt_stems in prepared:
        # Only words seen min_count times can pass; skipping the rest keeps the pair count
        # from growing with the square of every segment's length.
        src_kept = [s for s in src_stems if src_count[s] >= min_count]
        tgt_kept = [t for t in tgt_stems if tgt_count[t] >= min_count]
        joint.update((s, t) for s in src_kept for t in tgt_kept)
    # Ties are broken by count and then by the words themselves, so that the result never
    # depends on the order sets happen to iterate in (string hashing is randomised).
    best: dict[str, tuple[float, int, str]] = {}
    for (src, tgt), count in joint.items():
        if count < min_count:
            continue
        dice = 2.0 * count / (src_count[src] + tgt_count[tgt])
        if dice >= min_dice and (dice, count, tgt) > best.get(src, (0.0, 0, "")):
            best[src] = (dice, count, tgt)
    lexicon = Lexicon(source_lang, target_lang)
    for src, (_, _, tgt) in sorted(best.items()):
        lexicon.words.setdefault(src, set()).add(tgt)
    return lexicon
