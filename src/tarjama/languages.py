"""Language facts tarjama needs: canonical tags, scripts, digits, plural rules, punctuation.

This module knows no file format and no command line; checks, alignment and the memory all
read their language knowledge from here so that Arabic and English are handled the same way
in either direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tarjama.errors import LanguageError

# --- language tags -----------------------------------------------------------------------------


# Tags that langcodes returns unchanged and valid (tests/test_check_speed.py checks each).
_PLAIN_TAGS = frozenset({"ar", "bn", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja",
                         "ko", "ku", "ms", "nl", "ps", "pt", "ru", "sw", "tr", "ur", "zh"})


@lru_cache(maxsize=256)
def normalize_tag(code: str) -> str:
    """Return ``code`` as a canonical BCP 47 tag (``AR`` -> ``ar``, ``en_gb`` -> ``en-GB``).

    Raises :class:`LanguageError` for a code that is not a valid language tag.
    """
    raw = code.strip()
    if not raw:
        raise LanguageError("empty language code")
    if raw in _PLAIN_TAGS:
        return raw
    # Imported here: langcodes takes about 40 ms to load, most of a short command's start-up,
    # and the plain tags of most catalogs do not need it.
    import langcodes

    try:
        tag = langcodes.standardize_tag(raw.replace("_", "-"))
        valid = langcodes.Language.get(tag).is_valid()
    except ValueError as exc:  # langcodes' LanguageTagError is a ValueError
        raise LanguageError(f"invalid language code {code!r}") from exc
    if not valid:
        raise LanguageError(f"unknown language code {code!r}")
    return str(tag)


def primary_subtag(code: str) -> str:
    """The language part of a tag, lower-cased: ``ar-SA`` -> ``ar``."""
    return code.replace("_", "-").split("-", 1)[0].lower()


def same_language(a: str, b: str) -> bool:
    """True when two tags name the same language, ignoring case, region and script."""
    return primary_subtag(a) == primary_subtag(b)


# --- scripts -------------------------------------------------------------------------------------

# The Arabic script's code points, as the insides of regular-expression character classes:
# every module that needs them builds its patterns from these, none spells the ranges again.
ARABIC_BLOCK = "\u0600-\u06FF"  # the Arabic block itself
ARABIC_BLOCKS = ARABIC_BLOCK + "\u0750-\u077F\u08A0-\u08FF"  # with Supplement, Extended-A
# Letters of every Arabic-script language (Persian, Urdu... included).
ARABIC_LETTERS = ("\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF"
                  "\u0750-\u077F\u08A0-\u08FF")
# The letters of Arabic itself, hamza to yeh.
ARABIC_BASE_LETTERS = "\u0621-\u064A"
ARABIC_ALPHABET = "\u0621-\u063A\u0641-\u064A"  # the same without tatweel and U+063B-063F
# Letters beyond the base set that a word of another Arabic-script language may hold.
ARABIC_EXTENDED_LETTERS = "\u0671-\u06D3\u06D5\u06FA-\u06FF"
# Harakat, Quranic annotation signs and superscript alef: marks, not letters.
ARABIC_MARKS = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED"
ARABIC_PRESENTATION_FORMS = "\uFB50-\uFDFF\uFE70-\uFEFF"
# Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo... and the presentation forms.
RTL_CHARACTERS = "\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC"
ARABIC_LETTER_MARK = "\u061c"  # ALM, the Arabic bidi control

ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTERS}]")
ARABIC_PRESENTATION_RE = re.compile(f"[{ARABIC_PRESENTATION_FORMS}]")
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")

# Languages written in Arabic script (primary subtags).
ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ks", "arz", "ary"})
# Scripts without letter case: capitalisation checks never apply to them.
CASELESS_SCRIPT_LANGUAGES = ARABIC_SCRIPT_LANGUAGES | frozenset(
    {"he", "yi", "zh", "ja", "ko", "th", "lo", "km", "my", "hi", "bn", "ta", "te", "ka", "am"}
)
RTL_LANGUAGES = ARABIC_SCRIPT_LANGUAGES | frozenset({"he", "yi", "dv"})


def is_arabic_script(lang: str) -> bool:
    """True when ``lang`` (any tag) is written in Arabic script."""
    return primary_subtag(lang) in ARABIC_SCRIPT_LANGUAGES


def has_case(lang: str) -> bool:
    """True when the language's script distinguishes upper and lower case."""
    return primary_subtag(lang) not in CASELESS_SCRIPT_LANGUAGES


def is_rtl(lang: str) -> bool:
    """True for right-to-left languages."""
    return primary_subtag(lang) in RTL_LANGUAGES


def count_arabic_letters(text: str) -> int:
    """How many Arabic-script letters ``text`` holds."""
    return len(ARABIC_LETTER_RE.findall(text))


def count_latin_letters(text: str) -> int:
    """How many Latin-script letters ``text`` holds."""
    return len(LATIN_LETTER_RE.findall(text))


_PERSIAN_LETTERS_RE = re.compile("[پچژگکی]")


def count_persian_letters(text: str) -> int:
    """How many letters of the Persian alphabet that Arabic does not use ``text`` holds."""
    return len(_PERSIAN_LETTERS_RE.findall(text))


def script_language(text: str, *, min_letters: int = 1) -> str | None:
    """The language a text's script points to: ``fa`` for Arabic script with Persian letters,
    ``ar`` for Arabic script, ``en`` for Latin script; None for a text with fewer than
    ``min_letters`` letters of either script."""
    arabic, latin = count_arabic_letters(text), count_latin_letters(text)
    if arabic + latin < max(min_letters, 1):
        return None
    if arabic > latin:
        return "fa" if count_persian_letters(text) > arabic / 40 else "ar"
    return "en"


def contradicting_script(text: str, lang: str, *, min_letters: int = 20) -> str | None:
    """``"Arabic"`` or ``"Latin"`` when ``text`` is mostly in that script and ``lang`` is not
    written in it (an English file declared ``ar``, or the reverse); None otherwise, and for a
    text with fewer than ``min_letters`` letters of either script."""
    arabic, latin = count_arabic_letters(text), count_latin_letters(text)
    if arabic + latin < min_letters:
        return None
    if is_arabic_script(lang) and arabic < latin:
        return "Latin"
    if not is_arabic_script(lang) and arabic > latin:
        return "Arabic"
    return None


# --- digits and numbers --------------------------------------------------------------------------

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660-0669
EXTENDED_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0-06F9 (Persian, Urdu)
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
ARABIC_PERCENT_SIGN = "\u066a"  # ٪

_DIGIT_TABLE = str.maketrans(
    ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS + ARABIC_DECIMAL_SEPARATOR
    + ARABIC_THOUSANDS_SEPARATOR + ARABIC_PERCENT_SIGN,
    "0123456789" * 2 + ".,%",
)


def _replacing(table: Mapping[int, int | str | None]) -> Callable[[str], str]:
    """``str.translate(table)`` for a table of one-character replacements none of which is
    itself replaced, as one ``str.replace`` per character present: a fast scan each, where
    translate looks every character of the text up in the table (ten times slower on Arabic
    text, and folding runs on every unit a memory imports and every query)."""
    pairs = [(chr(key), value if isinstance(value, str) else chr(value))
             for key, value in table.items() if value is not None]
    if any(new in dict(pairs) for _, new in pairs):
        raise ValueError("a replacement that is itself replaced: use str.translate")

    def replace(text: str) -> str:
        for old, new in pairs:
            if old in text:
                text = text.replace(old, new)
        return text

    return replace


_ascii_digits = _replacing(_DIGIT_TABLE)


def ascii_digits(text: str) -> str:
    """Rewrite Arabic-Indic and Extended Arabic-Indic digits and the Arabic decimal, thousands
    and percent signs as their ASCII forms; everything else is kept."""
    if text.isascii():
        return text  # nothing to rewrite, and a look at the bytes is cheaper than translate
    return _ascii_digits(text)


EASTERN_DIGITS = ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS
DIGITS = "0-9" + EASTERN_DIGITS
# A number in any of the three digit systems, with grouping and a decimal part.
NUMBER_RE = re.compile(
    rf"(?<![{DIGITS}])[{DIGITS}]+(?:[,\u066c\u066b.][{DIGITS}]+)*(?![{DIGITS}])"
)


def numbers(text: str) -> list[str]:
    """Numbers in ``text`` as ASCII strings with grouping removed, in order of appearance.

    ``٣٬٥٠٠`` and ``3,500`` both give ``3500``; ``٣٫٥`` and ``3.5`` give ``3.5``.
    """
    found = []
    for match in NUMBER_RE.finditer(text):
        value = ascii_digits(match.group())
        # A comma followed by exactly three digits groups thousands; anything else is kept.
        if "," in value:  # most numbers have no comma: no substitution to try
            value = re.sub(r",(?=\d{3}(?:\D|$))", "", value)
        found.append(value)
    return found


# --- numbers written in words --------------------------------------------------------------------

# Words that write a number instead of digits, in English and Arabic, as normalize_for_matching()
# folds them (lower case; Arabic without hamza seats, teh marbuta as heh) and without the
# Arabic clitics of ARABIC_CLITIC_PREFIXES: cardinals, ordinals, Roman numerals, and the
# words a translation may use for one and two ("a", "both", "twice", "مرتين").
NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    0: ("zero", "no", "none", "صفر", "لا"),
    1: ("one", "a", "an", "single", "once", "first", "i", "واحد", "واحده", "اول", "اولي",
        "احد", "حادي"),
    2: ("two", "both", "twice", "second", "ii", "اثنان", "اثنين", "اثنتان", "اثنتين", "ثاني",
        "ثانيه", "مرتين", "كلا", "كلتا"),
    3: ("three", "third", "iii", "ثلاث", "ثلاثه", "ثالث", "ثالثه"),
    4: ("four", "fourth", "iv", "اربع", "اربعه", "رابع", "رابعه"),
    5: ("five", "fifth", "v", "خمس", "خمسه", "خامس", "خامسه"),
    6: ("six", "sixth", "vi", "ست", "سته", "سادس", "سادسه"),
    7: ("seven", "seventh", "vii", "سبع", "سبعه", "سابع", "سابعه"),
    8: ("eight", "eighth", "viii", "ثمان", "ثماني", "ثمانيه", "ثامن", "ثامنه"),
    9: ("nine", "ninth", "ix", "تسع", "تسعه", "تاسع", "تاسعه"),
    10: ("ten", "tenth", "x", "عشر", "عشره", "عاشر", "عاشره"),
    11: ("eleven", "xi"),
    12: ("twelve", "dozen", "xii"),
    13: ("thirteen", "xiii"), 14: ("fourteen", "xiv"), 15: ("fifteen", "xv"),
    16: ("sixteen", "xvi"), 17: ("seventeen", "xvii"), 18: ("eighteen", "xviii"),
    19: ("nineteen", "xix"), 20: ("xx",),
    100: ("hundred", "مايه", "ميه", "مائه"),
    1000: ("thousand", "الف"),
    1000000: ("million", "مليون"),
}
# Tens (2 -> twenty...), and the word Arabic puts after the units of 13-19 ("ثلاثة عشر").
TENS_WORDS: dict[int, tuple[str, ...]] = {
    2: ("twenty", "عشرون", "عشرين"), 3: ("thirty", "ثلاثون", "ثلاثين"),
    4: ("forty", "اربعون", "اربعين"), 5: ("fifty", "خمسون", "خمسين"),
    6: ("sixty", "ستون", "ستين"), 7: ("seventy", "سبعون", "سبعين"),
    8: ("eighty", "ثمانون", "ثمانين"), 9: ("ninety", "تسعون", "تسعين"),
}
TEEN_WORDS = ("teen", "عشر", "عشره")
# Words that multiply the number before them: "10 آلاف" is 10,000.
MULTIPLIER_WORDS: dict[str, int] = {
    "الف": 1000, "الاف": 1000, "thousand": 1000, "مليون": 10**6, "ملايين": 10**6,
    "million": 10**6, "مليار": 10**9, "بليون": 10**9, "billion": 10**9,
}
# Clitics written attached to an Arabic word (and, so, with, for, like, the), longest first.
ARABIC_CLITIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


# --- normalisation for matching ------------------------------------------------------------------

TATWEEL = "\u0640"
ARABIC_DIACRITICS_RE = re.compile(f"[{ARABIC_MARKS}]")
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_ALEF_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و",
                             "ئ": "ي"})
_fold_letters = _replacing(_ALEF_TABLE)


def strip_bidi_controls(text: str) -> str:
    """Remove the invisible bidirectional formatting characters."""
    return _BIDI_RE.sub("", text)


def normalize_for_matching(text: str) -> str:
    """A folded form of ``text`` for comparing segments, never for storing them.

    Folds what does not change meaning for a match: Unicode compatibility forms (Arabic
    presentation forms), bidi controls, tatweel, Arabic diacritics, alef/yeh/teh-marbuta
    variants, digit scripts, letter case and runs of white space.
    """
    if text.isascii():
        return " ".join(text.casefold().split())  # every other step leaves ASCII as it is
    text = unicodedata.normalize("NFKC", text)
    text = strip_bidi_controls(text).replace(TATWEEL, "")
    text = ARABIC_DIACRITICS_RE.sub("", text)
    text = ascii_digits(_fold_letters(text))
    return " ".join(text.casefold().split())


# --- punctuation ---------------------------------------------------------------------------------

# Script-specific punctuation and its neutral equivalent: ``؟`` and ``?`` are the same mark.
PUNCTUATION_EQUIVALENTS: dict[str, str] = {
    "؟": "?",
    "،": ",",
    "؛": ";",
    "۔": ".",
    "٪": "%",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "…": "...",
    "⹁": ",",
}
_PUNCT_TABLE = str.maketrans(PUNCTUATION_EQUIVALENTS)


def neutral_punctuation(text: str) -> str:
    """Map script-specific punctuation to neutral ASCII marks (``؟`` -> ``?``, ``،`` -> ``,``)."""
    return text.translate(_PUNCT_TABLE)



# --- plural rules (gettext) ----------------------------------------------------------------------


@dataclass(frozen=True)
class PluralRule:
    """A gettext ``Plural-Forms`` rule."""

    nplurals: int
    plural: str

    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural};"


# The rules the gettext manual and CLDR give for common languages.
PLURAL_RULES: dict[str, PluralRule] = {
    "ar": PluralRule(6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                        "n%100>=11 ? 4 : 5)"),
    "en": PluralRule(2, "(n != 1)"),
    "de": PluralRule(2, "(n != 1)"),
    "es": PluralRule(2, "(n != 1)"),
    "it": PluralRule(2, "(n != 1)"),
    "nl": PluralRule(2, "(n != 1)"),
    "sv": PluralRule(2, "(n != 1)"),
    "he": PluralRule(2, "(n != 1)"),
    "ur": PluralRule(2, "(n != 1)"),
    "fr": PluralRule(2, "(n > 1)"),
    "pt": PluralRule(2, "(n != 1)"),
    "fa": PluralRule(2, "(n > 1)"),
    "tr": PluralRule(2, "(n != 1)"),
    "ru": PluralRule(3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
                        "n%100>=20) ? 1 : 2)"),
    "pl": PluralRule(3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "zh": PluralRule(1, "0"),
    "ja": PluralRule(1, "0"),
    "ko": PluralRule(1, "0"),
    "id": PluralRule(1, "0"),
}


def plural_rule(lang: str) -> PluralRule:
    """The gettext plural rule for ``lang``; two forms like English when we do not know it."""
    return PLURAL_RULES.get(primary_subtag(lang), PluralRule(2, "(n != 1)"))


# The CLDR plural category of each gettext form, in form order, for the rules above whose
# forms follow CLDR's categories one to one (Arabic's six: zero, one, two, few, many, other).
PLURAL_CATEGORIES: dict[str, tuple[str, ...]] = {
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "ru": ("one", "few", "many"),
    "pl": ("one", "few", "many"),
    **dict.fromkeys(("en", "de", "es", "it", "nl", "sv", "he", "ur", "fr", "pt", "fa", "tr"),
                    ("one", "other")),
    **dict.fromkeys(("zh", "ja", "ko", "id"), ("other",)),
}


def plural_categories(lang: str, nplurals: int | None = None) -> list[str]:
    """The CLDR category that labels each plural form of ``lang`` (``msgstr[0]``...), as many
    as ``nplurals`` (the catalog's own count when it gives one); a form we cannot name (a
    catalog whose Plural-Forms differ from the usual rule) is labelled ``form N``."""
    known = PLURAL_CATEGORIES.get(primary_subtag(lang))
    count = nplurals if nplurals is not None else (len(known) if known else 2)
    if known is not None and len(known) == count:
        return list(known)
    return [f"form {index}" for index in range(count)]


_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def nplurals_from_header(plural_forms: str) -> int | None:
    """``nplurals`` from a ``Plural-Forms`` header value, or None when it has none."""
    match = _NPLURALS_RE.search(plural_forms)
    return int(match.group(1)) if match else None
